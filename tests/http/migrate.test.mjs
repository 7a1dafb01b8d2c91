// migrate.test.mjs - schema/migrate on a scratch database of the stack's
// MariaDB: it applies every migration not recorded in schema_version, also
// one numbered below the highest applied (a branch's migration merged after
// a later number had run), says it is out of order, and applies nothing
// twice. Three tiny migrations in a folder of their own, beside a copy of
// the script (it finds its migrations next to itself).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ROOT, VAR, sql, useStack } from '../harness/index.mjs';

useStack();

const db = `migtest_${randomBytes(4).toString('hex')}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sme-migrate-'));
fs.copyFileSync(path.join(ROOT, 'schema', 'migrate'), path.join(dir, 'migrate'));

after(() => {
  sql(`DROP DATABASE IF EXISTS ${db}`);
  fs.rmSync(dir, { recursive: true, force: true });
});

function migration(name, table) {
  fs.writeFileSync(path.join(dir, name), `CREATE TABLE ${table} (id INT PRIMARY KEY) ENGINE=InnoDB;\n`);
}

function migrate() {
  const r = spawnSync('bash', [path.join(dir, 'migrate')], {
    encoding: 'utf8',
    env: { ...process.env, SME_DB_SOCKET: path.join(VAR, 'run', 'mariadb.sock'), SME_DB_NAME: db },
  });
  assert.equal(r.status, 0, `migrate: ${r.stderr}`);
  return r.stdout;
}

const recorded = () => sql(`SELECT version FROM ${db}.schema_version ORDER BY version`).split('\n').filter(Boolean);

test('a migration merged below the highest applied one is applied, once, and said to be out of order', () => {
  migration('001_one.sql', 'one');
  migration('003_three.sql', 'three');
  assert.match(migrate(), /applied 001_one\.sql\napplied 003_three\.sql\nschema at version 3 \(2 applied\)/);

  migration('002_two.sql', 'two');
  const out = migrate();
  assert.match(out, /applied 002_two\.sql \(out of order: version 3 was applied before it\)/);
  assert.match(out, /schema at version 3 \(1 applied\)/);
  assert.deepEqual(recorded(), ['1', '2', '3']);
  assert.equal(sql(`SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${db}'
    AND TABLE_NAME IN ('one', 'two', 'three')`).trim(), '3', 'all three tables exist');

  // Nothing is applied twice (a CREATE TABLE run again would fail the run).
  assert.match(migrate(), /schema at version 3 \(0 applied\)/);
});

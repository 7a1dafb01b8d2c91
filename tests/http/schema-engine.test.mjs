// schema-engine.test.mjs - what Galera needs of every table (docs/DEPLOY.md):
// InnoDB (Galera replicates InnoDB only; a MyISAM or Aria table would stay
// on the node that wrote it) and a primary key (rows are certified and
// applied on the other nodes by their key; without one, deletes and updates
// scan and may apply differently). Checked on the migrated schema of the
// running stack, so a new migration that breaks either fails here.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql, useStack } from '../harness/index.mjs';

useStack();

const rows = (s) => s.split('\n').filter((l) => l !== '');

describe('schema: fit for a Galera cluster', () => {
  test('every table of the schema is InnoDB', () => {
    const all = rows(sql(`SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`));
    assert.ok(all.length >= 30, `the schema has its tables (${all.length})`);
    const other = all.filter((l) => l.split('\t')[1] !== 'InnoDB');
    assert.deepEqual(other, [], 'tables of another engine');
  });

  test('every table has a primary key', () => {
    const none = rows(sql(`SELECT t.TABLE_NAME FROM information_schema.TABLES t
      LEFT JOIN information_schema.TABLE_CONSTRAINTS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA
        AND c.TABLE_NAME = t.TABLE_NAME AND c.CONSTRAINT_TYPE = 'PRIMARY KEY'
      WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' AND c.CONSTRAINT_NAME IS NULL
      ORDER BY t.TABLE_NAME`));
    assert.deepEqual(none, [], 'tables without a primary key');
  });
});

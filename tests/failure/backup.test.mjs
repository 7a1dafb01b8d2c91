// backup.test.mjs - tools/backup while enterprises save and upload through
// HTTP, then tools/restore into an empty SME_VAR served by a second stack:
// every write acknowledged before the backup began is there, every file
// byte-identical (through /files/{id} of the restored site), and every
// attachment the restored database names has its bytes.
// Holds the stack exclusively (it loads it); the second stack is stopped
// and removed at the end.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Client, PORT, ROOT, VAR, createEnterprise, loginOk, session, useStack,
} from '../harness/index.mjs';
import { pdf } from '../harness/files.mjs';
import { filingYear, newFiling, postSection, sectionFields } from '../harness/filing.mjs';

useStack({ exclusive: true });
const Y = filingYear();
const sha = (b) => createHash('sha256').update(b).digest('hex');
const RESTORE_VAR = `${VAR}-restore`;
const RESTORE_PORT = PORT + 100;
const BACKUP = path.join(VAR, 'backup', `test-${process.pid}`);

/** Run a tool with env over ours; { code, out }. */
function tool(name, args, env = {}) {
  const r = spawnSync(path.join(ROOT, 'tools', name), args, {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}
const restoreEnv = { SME_VAR: RESTORE_VAR, SME_PORT: String(RESTORE_PORT), SME_DEMO: '0', SME_WORKERS: '2' };

/** sql() against the restored database. */
function restoredSql(statement) {
  const r = spawnSync(path.join(ROOT, 'tools', 'mariadb'), ['client', '-N', '-B', 'sme', '-e', statement], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, SME_VAR: RESTORE_VAR },
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

after(() => {
  tool('down', [], restoreEnv);
  fs.rmSync(RESTORE_VAR, { recursive: true, force: true });
  fs.rmSync(BACKUP, { recursive: true, force: true });
  fs.rmSync(`${BACKUP}.secrets`, { recursive: true, force: true });
});

describe('backup under load, restore into an empty var/', () => {
  test('brings back every acknowledged write and every file byte-identical', async (t) => {
    fs.rmSync(RESTORE_VAR, { recursive: true, force: true });
    // Three enterprises, each saving its filing's 员工人数 and uploading
    // distinct PDFs in a loop; a save is acknowledged by 303, an upload by
    // 201 with its id.
    const writers = await Promise.all(Array.from({ length: 3 }, async (_, k) => {
      const ent = createEnterprise({ inLibrary: false });
      const c = await session(ent.username, ent.password);
      const id = await newFiling(c, { kind: 'entry', class: 'mfg' });
      return { k, ent, c, id, saves: [], uploads: [] };
    }));
    let stop = false;
    let n = 0;
    const work = async (w) => {
      for (let i = 1; !stop && i <= 400; i++) {
        const page = await w.c.get(`/filing/${w.id}/basic`);
        assert.equal(page.status, 200);
        const v = String(1000 + i);
        const r = await postSection(w.c, w.id, 'basic', sectionFields(page, Y, { employees: v }));
        if (r.status === 303) w.saves.push({ v, t: Date.now() });
        if (i % 3 === 0) {
          const bytes = pdf(w.k * 100000 + i + (n++));
          const m = multipartBody(page.csrf, `f${i}.pdf`, bytes);
          const u = await w.c.request('POST', `/upload/${w.id}/other`, {
            body: m.body, headers: { 'content-type': m.type, accept: 'application/json' },
          });
          if (u.status === 201) w.uploads.push({ id: JSON.parse(u.text).id, sha: sha(bytes), bytes, t: Date.now() });
        }
      }
    };
    let backupStart = 0;
    let backup;
    const backer = async () => {
      await sleep(1500);
      backupStart = Date.now();
      backup = await new Promise((resolve) => {
        const p = spawn(path.join(ROOT, 'tools', 'backup'), [BACKUP], { cwd: ROOT, env: process.env });
        let out = '';
        p.stdout.on('data', (d) => { out += d; });
        p.stderr.on('data', (d) => { out += d; });
        p.on('exit', (code) => resolve({ code, out }));
      });
      await sleep(500);
      stop = true;
    };
    await Promise.all([...writers.map(work), backer()]);
    t.diagnostic(backup.out.trim());
    assert.equal(backup.code, 0, backup.out);
    const before = writers.map((w) => ({
      ...w,
      saves: w.saves.filter((s) => s.t < backupStart),
      uploads: w.uploads.filter((u) => u.t < backupStart),
    }));
    t.diagnostic(`acknowledged before the backup: ${before.map((w) => `${w.saves.length} saves, ${w.uploads.length} uploads`).join('; ')}`);
    assert.ok(before.every((w) => w.saves.length > 0 && w.uploads.length > 0), 'writes were acknowledged before the backup');
    assert.ok(writers.some((w) => w.saves.length > before.find((b) => b.k === w.k).saves.length),
      'writes went on while the backup ran');
    assert.ok(!fs.readdirSync(BACKUP).includes('secret') && fs.existsSync(`${BACKUP}.secrets/secret`),
      'the secret is kept apart from the backup');

    const r = tool('restore', [BACKUP], restoreEnv);
    assert.equal(r.code, 0, r.out);
    const up = tool('up', [], restoreEnv);
    assert.equal(up.code, 0, up.out);

    const base = `http://127.0.0.1:${RESTORE_PORT}`;
    for (const w of before) {
      // The save acknowledged last before the backup, or a later one.
      const last = Number(w.saves.at(-1).v);
      const v = Number(restoredSql(`SELECT value FROM filing_value WHERE filing_id = ${w.id} AND name = 'employees'`).trim());
      assert.ok(v >= last, `filing ${w.id}: restored 员工人数 ${v}, acknowledged ${last} before the backup`);
      // Every file through the restored site, as its enterprise downloads it.
      const c = await loginOk(new Client(base), w.ent.username, w.ent.password);
      for (const u of w.uploads) {
        const res = await fetch(`${base}/files/${u.id}`, { headers: { cookie: c.cookieHeader() }, redirect: 'manual' });
        assert.equal(res.status, 200, `file ${u.id} on the restored site`);
        const got = Buffer.from(await res.arrayBuffer());
        assert.equal(sha(got), u.sha, `file ${u.id} is byte-identical`);
      }
    }
    // Every stored file the restored database names is there, whole, when the
    // original store had it whole (other test files insert rows without bytes).
    const names = restoredSql('SELECT sha256 FROM stored_file').trim().split('\n').filter((s) => {
      const o = path.join(VAR, 'storage', s.slice(0, 2), s);
      return s && fs.existsSync(o) && sha(fs.readFileSync(o)) === s;
    });
    for (const s of names) {
      const f = path.join(RESTORE_VAR, 'storage', s.slice(0, 2), s);
      assert.ok(fs.existsSync(f), `stored file ${s} was restored`);
      assert.equal(sha(fs.readFileSync(f)), s);
    }
    t.diagnostic(`${names.length} stored files checked in the restored store`);
  });
});

/** A multipart body with the CSRF token and one file part. */
function multipartBody(csrf, name, bytes) {
  const b = `----smebackup${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`
    + `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`);
  return { body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${b}--\r\n`)]), type: `multipart/form-data; boundary=${b}` };
}

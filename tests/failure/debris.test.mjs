// debris.test.mjs - what an upload that died midway leaves is cleaned:
// a worker killed while it spools a body leaves its spool file, which the
// daily purge (sme-admin purge) removes once it is an hour old, as a new
// master does at start; a full spool answers 503 存储空间不足 and logs it.
// Holds the stack exclusively: it kills workers and mounts over var/spool.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BASE, VAR, adminOk, createEnterprise, session, sql, useStack, waitFor,
} from '../harness/index.mjs';
import { pdf, pdfOfSize } from '../harness/files.mjs';

useStack({ exclusive: true });
const MiB = 1024 * 1024;
const SPOOL = path.join(VAR, 'spool');
const STORAGE = path.join(VAR, 'storage');
const UPLOAD_PIDFILE = path.join(VAR, 'run', 'sme-upload.pid');
const UPLOAD_LOG = path.join(VAR, 'log', 'sme-upload.log');
const spoolFiles = () => fs.readdirSync(SPOOL).filter((n) => n.startsWith('sme-'));

/** A draft filing of the enterprise account username, made in SQL. */
function newFiling(username) {
  return Number(sql(`INSERT INTO filing (enterprise_id, kind, level, year, state, created_at, updated_at)
    SELECT enterprise_id, 'giant-mfg', 'province', YEAR(UTC_DATE()), 'draft', UTC_TIMESTAMP(), UTC_TIMESTAMP()
    FROM account WHERE username = '${username}'; SELECT LAST_INSERT_ID();`).trim());
}

/** A multipart upload body of bytes as name. */
function multipart(csrf, name, bytes) {
  const b = `----smedebris${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`
    + `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
    + 'Content-Type: application/pdf\r\n\r\n');
  return { body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${b}--\r\n`)]), type: `multipart/form-data; boundary=${b}` };
}

/** Pids with an open file whose path starts with one of prefixes (read from /proc). */
function holders(prefixes) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let fds = [];
    try {
      fds = fs.readdirSync(`/proc/${d}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const l = fs.readlinkSync(`/proc/${d}/fd/${fd}`);
        if (prefixes.some((p) => l.startsWith(p))) {
          out.push(Number(d));
          break;
        }
      } catch { /* closed meanwhile */ }
    }
  }
  return out;
}

function age(file, seconds) {
  const t = new Date(Date.now() - seconds * 1000);
  fs.utimesSync(file, t, t);
}

let ent;
let c;
async function enterprise() {
  if (!c) {
    ent = createEnterprise();
    c = await session(ent.username, ent.password);
    await c.get('/home'); // the session's CSRF token
  }
  return c;
}

describe('a worker killed mid-upload', () => {
  test('leaves files that the next purge removes once they are an hour old', async (t) => {
    const cl = await enterprise();
    const id = newFiling(ent.username);
    const debris = () => [
      ...spoolFiles().map((n) => path.join(SPOOL, n)),
      ...(fs.existsSync(STORAGE) ? fs.readdirSync(STORAGE).filter((n) => n.startsWith('.put-')).map((n) => path.join(STORAGE, n)) : []),
    ];
    const before = new Set(debris());
    // A big body: the worker holds its spool file open for a while (nginx
    // has buffered the body and passes it on at once), then moves it into
    // the store as a .put- file to hash it: killed at either step, it
    // leaves one of the two behind.
    const m = multipart(cl.csrf, 'big.pdf', pdfOfSize(40 * MiB));
    const sent = fetch(`${BASE}/upload/${id}/other`, {
      method: 'POST', body: m.body, redirect: 'manual',
      headers: { 'content-type': m.type, cookie: cl.cookieHeader(), 'user-agent': 'sme-tests' },
    }).then((r) => r.status, (e) => e.name);
    const victim = await waitFor(() => holders([`${SPOOL}/sme-`, `${STORAGE}/.put-`])[0], 20_000, 5);
    assert.ok(victim, 'a worker spooled the upload');
    process.kill(victim, 'SIGKILL');
    const status = await sent;
    const left = debris().filter((f) => !before.has(f));
    t.diagnostic(`worker ${victim} killed; the client got ${status}; left: ${left}`);
    assert.equal(left.length, 1, `the killed worker left its file: ${left}`);
    assert.equal(sql(`SELECT COUNT(*) FROM attachment WHERE filing_id = ${id}`).trim(), '0', 'nothing was recorded');

    // A fresh one may be somebody's upload in progress: the purge keeps it.
    adminOk(['purge']);
    assert.ok(fs.existsSync(left[0]), 'a file younger than an hour is kept');
    // Planted: an hour-old file of the other kind, and a fresh .put- file.
    fs.mkdirSync(STORAGE, { recursive: true });
    const other = left[0].startsWith(SPOOL) ? path.join(STORAGE, `.put-test${process.pid}`) : path.join(SPOOL, `sme-test${process.pid}`);
    const putNew = path.join(STORAGE, `.put-new${process.pid}`);
    fs.writeFileSync(other, 'x');
    fs.writeFileSync(putNew, 'x');
    age(left[0], 3700);
    age(other, 3700);
    const out = adminOk(['purge']);
    assert.match(out, /removed 1 spool files and 1 unfinished store files/, out);
    assert.ok(!fs.existsSync(left[0]), 'the purge removed what the killed worker left');
    assert.ok(!fs.existsSync(other), 'and the other old file');
    assert.ok(fs.existsSync(putNew), 'but not the fresh .put- file');
    fs.rmSync(putNew);
  });

  test('a master removes old debris when it starts', async () => {
    const spool = path.join(SPOOL, `sme-test${process.pid}`);
    const put = path.join(STORAGE, `.put-test${process.pid}`);
    fs.mkdirSync(STORAGE, { recursive: true });
    fs.writeFileSync(spool, 'x');
    fs.writeFileSync(put, 'x');
    age(spool, 3700);
    age(put, 3700);
    const master = Number(fs.readFileSync(UPLOAD_PIDFILE, 'utf8'));
    process.kill(master, 'SIGKILL'); // tools/supervise starts another
    const gone = await waitFor(() => !fs.existsSync(spool) && !fs.existsSync(put), 10_000);
    assert.ok(gone, 'the new master removed the old spool and .put- files');
    assert.ok(await waitFor(() => Number(fs.readFileSync(UPLOAD_PIDFILE, 'utf8')) !== master, 5000),
      'a new master runs');
  });
});

describe('a full spool', () => {
  test('answers 503 存储空间不足 and logs it, leaving nothing behind', async (t) => {
    const cl = await enterprise();
    const id = newFiling(ent.username);
    // The running masters keep spool_dir's path: a small file system
    // mounted over it is a full spool for them.
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'sme-test-spool', SPOOL], { encoding: 'utf8' });
    if (m.status !== 0) {
      t.skip(`mount of a small tmpfs over the spool refused (needs root): ${(m.stderr || '').trim()}`);
      return;
    }
    const logBefore = fs.statSync(UPLOAD_LOG).size;
    let r;
    try {
      const body = multipart(cl.csrf, 'full.pdf', pdf(MiB + 7));
      r = await cl.request('POST', `/upload/${id}/other`, { body: body.body, headers: { 'content-type': body.type } });
      assert.deepEqual(fs.readdirSync(SPOOL), [], 'no spool file left on the full spool');
    } finally {
      for (let i = 0; i < 50 && spawnSync('umount', [SPOOL]).status !== 0; i++) await sleep(100);
    }
    assert.ok(!fs.readFileSync('/proc/mounts', 'utf8').includes(` ${SPOOL} `), 'the spool is unmounted again');
    assert.equal(r.status, 503);
    assert.ok(r.mainText.includes('存储空间不足'), r.mainText);
    assert.match(r.headers.get('retry-after') ?? '', /^\d+$/);
    const log = fs.readFileSync(UPLOAD_LOG).subarray(logBefore).toString('utf8');
    assert.match(log, /spool write: No space left on device/, log);
    assert.match(log, /request body not spooled/, log);
    assert.equal(sql(`SELECT COUNT(*) FROM attachment WHERE filing_id = ${id}`).trim(), '0');
    // And an upload goes through once there is room (bytes of its own:
    // http/upload.test.mjs expects pdfOfSize(MiB) never to be stored).
    await cl.get('/home');
    const body = multipart(cl.csrf, 'room.pdf', pdf(MiB + (process.pid % 65536) + 2));
    const ok = await cl.request('POST', `/upload/${id}/other`, { body: body.body, headers: { 'content-type': body.type } });
    assert.equal(ok.status, 303);
  });
});

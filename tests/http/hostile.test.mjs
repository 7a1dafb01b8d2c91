// hostile.test.mjs - files that must not stall or fill anything: the
// looping OLE2 file of issue 12 at 16 KiB, 64 KiB and 8 MiB is refused
// within a second of the sandbox's CPU (sme-upload's log says how much);
// eight at once leave a login under half a second; a slot takes 20 files,
// the 21st is refused with 409 and the quota in words; the 附件 page says
// what is left.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  Client, VAR, createEnterprise, find, session, sql, useStack,
} from '../harness/index.mjs';
import { login } from '../harness/client.mjs';
import { looping, pdf } from '../harness/files.mjs';

useStack();

const LOG = path.join(VAR, 'log', 'sme-upload.log');

function newFiling(username) {
  return Number(sql(`INSERT INTO filing (enterprise_id, kind, level, year, state, created_at, updated_at)
    SELECT enterprise_id, 'giant-mfg', 'province', YEAR(UTC_DATE()), 'draft', UTC_TIMESTAMP(), UTC_TIMESTAMP()
    FROM account WHERE username = '${username}';
    SELECT LAST_INSERT_ID();`).trim());
}

function multipart(csrf, name, bytes) {
  const boundary = `----smehostile${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`
    + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
    + 'Content-Type: application/octet-stream\r\n\r\n');
  return { body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), type: `multipart/form-data; boundary=${boundary}` };
}

async function upload(c, id, slot, name, bytes) {
  const m = multipart(c.csrf, name, bytes);
  return c.request('POST', `/upload/${id}/${slot}`, { body: m.body, headers: { 'content-type': m.type, accept: 'application/json' } });
}

/** The CPU milliseconds of the sandbox lines for size-byte files logged after offset from. */
function sandboxCpu(from, size) {
  const text = fs.readFileSync(LOG).subarray(from).toString('utf8');
  return [...text.matchAll(/sandbox: (\d+) bytes judged in (\d+) ms CPU/g)]
    .filter((m) => Number(m[1]) === size).map((m) => Number(m[2]));
}

describe('hostile attachments', () => {
  const ent = createEnterprise({ region: '320102' });

  test('the looping OLE2 file is refused at 16 KiB, 64 KiB and 8 MiB within a second of CPU', async () => {
    const c = await session(ent.username, ent.password);
    await c.get('/home');
    const id = newFiling(ent.username);
    for (const size of [16 << 10, 64 << 10, 8 << 20]) {
      const from = fs.statSync(LOG).size;
      const t0 = Date.now();
      const r = await upload(c, id, 'other', '申报书.doc', looping(size));
      const ms = Date.now() - t0;
      assert.equal(r.status, 415, `${size} bytes: ${r.status}`);
      assert.match(JSON.parse(r.body).message, /损坏|限定时间/);
      const cpu = sandboxCpu(from, size);
      assert.equal(cpu.length, 1, `one sandbox line for ${size} bytes`);
      assert.ok(cpu[0] < 1000, `${size} bytes: ${cpu[0]} ms of CPU`);
      assert.ok(ms < 5000, `${size} bytes answered in ${ms} ms`);
    }
    assert.equal(Number(sql(`SELECT COUNT(*) FROM attachment WHERE filing_id = ${id}`).trim()), 0);
  });

  test('eight looping files at once leave a login under half a second (or no slower than twice a lone one)', async (t) => {
    const timedLogin = async () => {
      const t0 = performance.now();
      const r = await login(new Client(), ent.username, ent.password);
      assert.equal(r.status, 303);
      return performance.now() - t0;
    };
    const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    const alone = median([await timedLogin(), await timedLogin(), await timedLogin()]);
    const clients = [];
    for (let i = 0; i < 8; i++) {
      const c = await session(ent.username, ent.password);
      await c.get('/home');
      clients.push(c);
    }
    const id = newFiling(ent.username);
    const bytes = looping(8 << 20);
    let done = 0;
    const uploads = clients.map((c) => upload(c, id, 'other', '报表.doc', bytes).then((a) => { done++; return a; }));
    // Log in while they are in flight (a fresh client: the login page, then the POST).
    await new Promise((r) => setTimeout(r, 50));
    const during = [];
    for (let i = 0; i < 3; i++) during.push(await timedLogin());
    const answers = await Promise.all(uploads);
    for (const a of answers) assert.equal(a.status, 415);
    const ms = median(during);
    t.diagnostic(`login: ${ms.toFixed(0)} ms median under eight 8 MiB looping files, ${alone.toFixed(0)} ms alone`);
    // Issue 12 measured 0.1 s alone and 11 s under eight such files. On a
    // shared two-core machine a lone login may itself take longer than
    // 0.5 s, so the bound is 0.5 s or twice the lone login, whichever is more.
    assert.ok(ms < Math.max(500, 2 * alone),
      `login took ${ms.toFixed(0)} ms under eight looping files (alone: ${alone.toFixed(0)} ms; ${done} of 8 answered meanwhile)`);
  });

  test('a slot takes 20 files; the 21st is refused with 409 and the quota in words; the page says what is left', async () => {
    const c = await session(ent.username, ent.password);
    await c.get('/home');
    const id = newFiling(ent.username);
    let page = await c.get(`/filing/${id}/attachments`);
    let slot = find(page.body, { tag: 'li', attrs: { 'data-slot': 'other' } });
    assert.match(slot.text, /该项最多20个文件，还可上传 20 个/);
    assert.match(page.text, /本申报的附件已用 0 B，还可上传 500\.0 MB；贵企业本年度还可上传/);
    let bytes = 0;
    for (let i = 0; i < 20; i++) {
      const b = pdf(2 + i * 10);
      bytes += b.length;
      const r = await upload(c, id, 'other', `附件${i}.pdf`, b);
      assert.equal(r.status, 201, `file ${i + 1}: ${r.text}`);
    }
    const r = await upload(c, id, 'other', '第21个.pdf', pdf(999));
    assert.equal(r.status, 409);
    assert.equal(JSON.parse(r.body).message, '该项最多上传20个文件，已达上限，文件未保存。请先删除不需要的文件。');
    assert.equal(Number(sql(`SELECT COUNT(*) FROM attachment WHERE filing_id = ${id} AND slot = 'other'`).trim()), 20);
    page = await c.get(`/filing/${id}/attachments`);
    slot = find(page.body, { tag: 'li', attrs: { 'data-slot': 'other' } });
    assert.match(slot.text, /还可上传 0 个/);
    assert.match(page.text, new RegExp(`本申报的附件已用 ${(bytes / 1024).toFixed(1)} KB`));
    // Without JavaScript: the page again, the message under the slot.
    const m = multipart(c.csrf, 'x.pdf', pdf(1001));
    const html = await c.request('POST', `/upload/${id}/other`, { body: m.body, headers: { 'content-type': m.type } });
    assert.equal(html.status, 409);
    const err = find(find(html.body, { tag: 'li', attrs: { 'data-slot': 'other' } }).inner, { attrs: { 'data-error-for': 'file' } });
    assert.match(err.text, /最多上传20个文件/);
    // Another slot of the same filing still takes files.
    assert.equal((await upload(c, id, 'audit', 'a.pdf', pdf(1003))).status, 201);
  });

  test('the filing\'s bytes are a quota too: what would pass 500 MiB is refused with 409', async () => {
    const c = await session(ent.username, ent.password);
    await c.get('/home');
    const id = newFiling(ent.username);
    // 499.99 MiB already there (rows as sme-upload writes them; the bytes need not exist for the sum).
    sql(`INSERT INTO stored_file (sha256, size, created_at) VALUES (REPEAT('e', 64), 524280000, UTC_TIMESTAMP())
      ON DUPLICATE KEY UPDATE size = size;
      INSERT INTO attachment (filing_id, enterprise_id, slot, name, size, type, sha256, uploaded_by, created_at)
      SELECT ${id}, enterprise_id, 'audit', 'big.pdf', 524280000, 'pdf', REPEAT('e', 64), id, UTC_TIMESTAMP()
      FROM account WHERE username = '${ent.username}'`);
    const r = await upload(c, id, 'other', 'more.pdf', pdfOfBytes(10000));
    assert.equal(r.status, 409);
    assert.match(JSON.parse(r.body).message, /本申报的附件总大小不能超过500\.0 MB/);
    const page = await c.get(`/filing/${id}/attachments`);
    assert.match(page.text, /还可上传 [0-9.]+ KB；/);
    sql(`DELETE FROM attachment WHERE filing_id = ${id}; DELETE FROM stored_file WHERE sha256 = REPEAT('e', 64)`);
  });
});

function pdfOfBytes(n) {
  return pdf(n);
}

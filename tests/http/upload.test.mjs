// upload.test.mjs - sme-upload over HTTP: the attachments section of a
// filing, each accepted type and each refusal (renamed, truncated, corrupt,
// disguised, polyglot) with nothing stored, odd file names, the 50 MiB limit
// however the body is framed, a client gone halfway and a full disk, who may
// download a file, and deletion only while the filing is editable.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import {
  Client, DEMO_PASSWORD, PORT, VAR, createEnterprise, find, findAll, session, sql, useStack,
} from '../harness/index.mjs';
import { badFiles, goodFiles, jpeg, pdf, pdfOfSize, pngImage } from '../harness/files.mjs';

useStack();

const MiB = 1024 * 1024;
const LIMIT = 50 * MiB;
const STORAGE = path.join(VAR, 'storage');
const sha = (b) => createHash('sha256').update(b).digest('hex');
const stored = (b) => fs.existsSync(path.join(STORAGE, sha(b).slice(0, 2), sha(b)));
const rows = (filingId) => Number(sql(`SELECT COUNT(*) FROM attachment WHERE filing_id = ${filingId}`).trim());
const tempFiles = () => (fs.existsSync(STORAGE) ? fs.readdirSync(STORAGE).filter((n) => n.startsWith('.put-')) : []);

/** A filing of the enterprise account username, made directly in SQL (sme-filing makes them in production). */
function newFiling(username, { kind = 'giant-mfg', state = 'draft' } = {}) {
  const out = sql(`INSERT INTO filing (enterprise_id, kind, level, year, state, created_at, updated_at)
    SELECT enterprise_id, '${kind}', ${kind.startsWith('giant') || kind === 'product' || kind === 'recheck' ? "'province'" : 'NULL'},
      YEAR(UTC_DATE()), '${state}', UTC_TIMESTAMP(), UTC_TIMESTAMP()
    FROM account WHERE username = '${username}';
    SELECT LAST_INSERT_ID();`);
  return Number(out.trim());
}

/** A multipart body with one file part; name goes out as raw UTF-8, as browsers send it. */
function multipart(csrf, name, bytes) {
  const boundary = `----smeupload${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`
    + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="`);
  const fname = Buffer.from(name.replace(/"/g, '%22'));
  const mid = Buffer.from('"\r\nContent-Type: application/octet-stream\r\n\r\n');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, fname, mid, bytes, tail]), type: `multipart/form-data; boundary=${boundary}`, head: Buffer.concat([head, fname, mid]), tail };
}

const fresh = new WeakSet();
/** Upload bytes as name into slot of filing id; the answer. */
async function upload(c, id, slot, name, bytes, { json = false } = {}) {
  if (!fresh.has(c)) {
    await c.get('/home'); // the token of the session, not of the login page
    fresh.add(c);
  }
  const m = multipart(c.csrf, name, bytes);
  const headers = { 'content-type': m.type };
  if (json) headers.accept = 'application/json';
  return c.request('POST', `/upload/${id}/${slot}`, { body: m.body, headers });
}

/** The attachment ids of a filing's slot, from its page. */
async function listed(c, id, slot) {
  const page = await c.get(`/filing/${id}/attachments`);
  assert.equal(page.status, 200);
  const li = find(page.body, { tag: 'li', attrs: { 'data-slot': slot } });
  assert.ok(li, `slot ${slot} is shown`);
  return findAll(li.inner, { tag: 'li', attrs: { 'data-id': true } }).map((e) => ({ id: Number(e.attrs['data-id']), text: e.text }));
}

/**
 * Send a request over a raw socket (to frame the body as no fetch would):
 * head is the request head without the final CRLF, body an array of chunks.
 * Resolves with the status of the answer, or null if the server closed
 * without one.
 */
function raw(head, chunks, { chunked = false, end = true } = {}) {
  return new Promise((resolve, reject) => {
    const s = net.connect(PORT, '127.0.0.1');
    let got = '';
    s.on('data', (d) => {
      got += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m && got.includes('\r\n\r\n')) { s.destroy(); resolve(Number(m[1])); }
    });
    s.on('error', (e) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? null : reject(e)));
    s.on('close', () => resolve(null));
    s.setTimeout(120_000, () => { s.destroy(); reject(new Error('timeout')); });
    s.write(`${head}\r\n\r\n`);
    (async () => {
      for (const c of chunks) {
        let ok = true;
        if (chunked) ok = s.write(`${c.length.toString(16)}\r\n`) & s.write(c) & s.write('\r\n');
        else ok = s.write(c);
        if (!ok) await new Promise((r) => s.once('drain', r));
        if (s.destroyed) return;
      }
      if (chunked) s.write('0\r\n\r\n');
      if (!end) s.destroy();
    })().catch(() => {});
  });
}

function cookieOf(c) { return c.cookieHeader(); }

describe('sme-upload', () => {
  const ent = createEnterprise({ region: '320102' });
  const other = createEnterprise({ region: '320102' });

  test('the attachments section lists the kind\'s slots, * on required ones, a form each that works without JavaScript', async () => {
    const c = await session(ent.username, ent.password);
    const id = newFiling(ent.username, { kind: 'product' });
    const page = await c.get(`/filing/${id}/attachments`);
    assert.equal(page.status, 200);
    assert.match(page.text, /上传附件类型为 jpg,jpeg,png,pdf,doc,docx,xls,xlsx,rar，文件最大为50M/);
    const slots = findAll(page.body, { tag: 'li', attrs: { class: 'slot' } });
    assert.equal(slots.length, 10, 'seed 004 lists ten slots for a product filing');
    const licence = find(page.body, { tag: 'li', attrs: { 'data-slot': 'licence' } });
    assert.match(licence.text, /企业营业执照原件扫描件\s*\*/);
    const supply = find(page.body, { tag: 'li', attrs: { 'data-slot': 'supply' } });
    assert.doesNotMatch(supply.text, /\*/, 'the supply-chain proof is optional');
    const form = find(licence.inner, { tag: 'form', attrs: { class: 'upload' } });
    assert.equal(form.attrs.action, `/upload/${id}/licence`);
    assert.equal(form.attrs.enctype, 'multipart/form-data');
    assert.ok(find(form.inner, { tag: 'input', attrs: { name: 'csrf' } }).attrs.value);
    assert.ok(find(form.inner, { tag: 'input', attrs: { type: 'file', name: 'file' } }));
    assert.ok(find(page.body, { tag: 'a', attrs: { href: `/filing/${id}/basic` } }), 'a link back to the filing');
  });

  test('each type is accepted by its bytes, stored once under its hash, listed and downloadable by its owner', async () => {
    const c = await session(ent.username, ent.password);
    const id = newFiling(ent.username);
    for (const [label, name, bytes, type] of goodFiles()) {
      const r = await upload(c, id, 'other', name, bytes, { json: true });
      assert.equal(r.status, 201, `${label}: ${r.text}`);
      const att = JSON.parse(r.body).id;
      assert.ok(att > 0);
      assert.equal(sql(`SELECT CONCAT(type, ' ', size, ' ', sha256) FROM attachment WHERE id = ${att}`).trim(),
        `${type} ${bytes.length} ${sha(bytes)}`, label);
      assert.ok(stored(bytes), `${label} is stored under its hash`);
      const f = await c.get(`/files/${att}`);
      assert.equal(f.status, 200, label);
      assert.ok(Buffer.from(f.bytes).equals(bytes), `${label}: the same bytes come back`);
      assert.equal(f.headers.get('x-content-type-options'), 'nosniff');
      // PDFs and images are shown in the browser; every other type is downloaded.
      const disp = ['pdf', 'jpg', 'png'].includes(type) ? 'inline' : 'attachment';
      assert.match(f.headers.get('content-disposition'), new RegExp(`^${disp}; filename="[^"]*"; filename\\*=UTF-8''`), label);
      const csp = f.headers.get('content-security-policy') ?? '';
      assert.match(csp, /(^|;)\s*sandbox\s*(;|$)/, `${label}: a sandboxing CSP`);
      assert.match(csp, /default-src 'none'/, label);
    }
    const ids = await listed(c, id, 'other');
    assert.equal(ids.length, goodFiles().length);
  });

  for (const [label, name, bytes, words] of badFiles()) {
    test(`refused with 415 and a message naming the problem: ${label}`, async () => {
      const c = await session(ent.username, ent.password);
      const id = newFiling(ent.username);
      const was = bytes.length > 0 && stored(bytes); // the same bytes may be kept for another test
      const r = await upload(c, id, 'audit', name, bytes);
      assert.equal(r.status, 415, `${label}: got ${r.status}`);
      const li = find(r.body, { tag: 'li', attrs: { 'data-slot': 'audit' } });
      const err = find(li.inner, { attrs: { 'data-error-for': 'file' } });
      assert.ok(err, 'the message is in place under the slot');
      for (const w of words) assert.ok(err.text.includes(w), `${label}: "${err.text}" names ${w}`);
      assert.equal(rows(id), 0, 'no row');
      if (bytes.length > 0) assert.equal(stored(bytes), was, 'no file');
      const j = await upload(c, id, 'audit', name, bytes, { json: true });
      assert.equal(j.status, 415);
      assert.equal(JSON.parse(j.body).field, 'file');
      assert.ok(words.every((w) => JSON.parse(j.body).message.includes(w)));
    });
  }

  test('file names: ../ is cut to the last part, 300 characters shortened keeping .pdf, emoji and Chinese kept; NUL refused', async () => {
    const c = await session(ent.username, ent.password);
    const id = newFiling(ent.username);
    const cases = [
      ['../../../etc/passwd.pdf', 'passwd.pdf'],
      ['..\\..\\windows\\system.ini.pdf', 'system.ini.pdf'],
      [`${'很'.repeat(296)}.pdf`, `${'很'.repeat(196)}.pdf`],
      ['营业执照📄扫描件.pdf', '营业执照📄扫描件.pdf'],
    ];
    for (const [name, shown] of cases) {
      const bytes = pdf(2 + Math.floor(Math.random() * 1000));
      const r = await upload(c, id, 'other', name, bytes, { json: true });
      assert.equal(r.status, 201, name);
      const att = JSON.parse(r.body).id;
      assert.equal(sql(`SELECT name FROM attachment WHERE id = ${att}`).trim(), shown);
      const f = await c.get(`/files/${att}`);
      const cd = f.headers.get('content-disposition');
      const star = /filename\*=UTF-8''(.*)$/.exec(cd)[1];
      assert.equal(decodeURIComponent(star), shown, 'RFC 6266 filename* carries the UTF-8 name');
      assert.doesNotMatch(cd, /[\/\\]/, 'no path in the header');
      const page = await c.get(`/filing/${id}/attachments`);
      assert.ok(find(page.body, { tag: 'a', attrs: { href: `/files/${att}` } }).text.includes(shown));
    }
    const before = rows(id);
    const nul = await upload(c, id, 'other', 'a\u0000b.pdf', pdf(77));
    assert.equal(nul.status, 400, 'a NUL in the name is a malformed request');
    assert.equal(rows(id), before);
    assert.ok(!stored(pdf(77)));
  });

  test('exactly 50 MiB is accepted; 50 MiB + 1 byte is refused with 413 and stores nothing', async () => {
    const c = await session(ent.username, ent.password);
    const id = newFiling(ent.username);
    const exact = pdfOfSize(LIMIT);
    const r = await upload(c, id, 'other', 'big.pdf', exact, { json: true });
    assert.equal(r.status, 201, r.text);
    assert.equal(sql(`SELECT size FROM attachment WHERE id = ${JSON.parse(r.body).id}`).trim(), String(LIMIT));
    const over = pdfOfSize(LIMIT + 1);
    const t = await upload(c, id, 'other', 'big.pdf', over);
    assert.equal(t.status, 413, 'true Content-Length');
    assert.match(t.text, /50M/);
    assert.equal(rows(id), 1);
    assert.ok(!stored(over));
  });

  test('50 MiB + 1 byte is refused with 413 when the Content-Length lies or the body is chunked', async () => {
    const c = await session(ent.username, ent.password);
    const id = newFiling(ent.username);
    await c.get(`/filing/${id}/attachments`);
    const over = pdfOfSize(LIMIT + 1);
    const m = multipart(c.csrf, 'big.pdf', over);
    const head = (extra, type = m.type) => `POST /upload/${id}/other HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookieOf(c)}\r\n`
      + `Content-Type: ${type}\r\n${extra}`;
    const pieces = [];
    for (let o = 0; o < m.body.length; o += 4 * MiB) pieces.push(m.body.subarray(o, o + 4 * MiB));
    // Claims less than it sends: the claimed bytes end before the closing
    // boundary. The file in them is refused, never stored: with 50 MiB + 1
    // byte the parser meets the end of the body while it still holds the
    // last bytes back (it looks for a delimiter across reads of 64 KiB),
    // so the answer is 400 (a broken body); with one read more, 413.
    for (const [extra, want] of [[1, [400, 413]], [64 * 1024 + 1, [413]]]) {
      const lie = multipart(c.csrf, 'big.pdf', pdfOfSize(LIMIT + extra));
      const short = lie.body.length - lie.tail.length;
      const st = await raw(head(`Content-Length: ${short}`, lie.type), [lie.body]);
      assert.ok(want.includes(st), `short Content-Length, 50 MiB + ${extra}: ${st}`);
    }
    // Claims more than the limit: nginx refuses before reading.
    assert.equal(await raw(head(`Content-Length: ${60 * MiB}`), [m.body.subarray(0, MiB)]), 413, 'long Content-Length');
    assert.equal(await raw(head('Transfer-Encoding: chunked'), pieces, { chunked: true }), 413, 'chunked');
    assert.equal(rows(id), 0);
    assert.ok(!stored(over));
    assert.deepEqual(tempFiles(), []);
  });

  test('a client that disconnects halfway leaves no file and no row', async () => {
    const c = await session(ent.username, ent.password);
    const id = newFiling(ent.username);
    await c.get(`/filing/${id}/attachments`);
    const bytes = pdfOfSize(8 * MiB);
    const m = multipart(c.csrf, 'half.pdf', bytes);
    const st = await raw(`POST /upload/${id}/other HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookieOf(c)}\r\n`
      + `Content-Type: ${m.type}\r\nContent-Length: ${m.body.length}`, [m.body.subarray(0, 4 * MiB)], { end: false });
    assert.equal(st, null, 'no answer to a request never finished');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(rows(id), 0);
    assert.ok(!stored(bytes));
    assert.deepEqual(tempFiles(), []);
  });

  test('a full disk leaves no file and no row, and says storage is unavailable (503)', async (t) => {
    const c = await session(ent.username, ent.password);
    const id = newFiling(ent.username);
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0755', 'sme-test-full', STORAGE], { encoding: 'utf8' });
    if (m.status !== 0) {
      t.skip(`mount of a small tmpfs over the store refused (needs root): ${(m.stderr || '').trim()}`);
      return;
    }
    try {
      const bytes = pdfOfSize(MiB);
      const r = await upload(c, id, 'other', 'full.pdf', bytes);
      assert.equal(r.status, 503);
      assert.match(r.text, /存储/);
      assert.equal(rows(id), 0);
      assert.deepEqual(fs.readdirSync(STORAGE), [], 'nothing left on the full disk');
    } finally {
      spawnSync('umount', [STORAGE]);
    }
    assert.ok(!stored(pdfOfSize(MiB)));
  });

  test('a one-file slot takes one file (409 for a second); several files go into other slots', async () => {
    const c = await session(ent.username, ent.password);
    const id = newFiling(ent.username);
    assert.equal((await upload(c, id, 'licence', 'a.png', pngImage(9, 9))).status, 303);
    const second = await upload(c, id, 'licence', 'b.png', pngImage(10, 10));
    assert.equal(second.status, 409);
    assert.match(find(second.body, { attrs: { 'data-error-for': 'file' } }).text, /只能上传一个文件/);
    const page = await c.get(`/filing/${id}/attachments`);
    assert.ok(!find(find(page.body, { tag: 'li', attrs: { 'data-slot': 'licence' } }).inner, { tag: 'form', attrs: { class: 'upload' } }),
      'no upload form on a full one-file slot');
    for (let i = 0; i < 3; i++) assert.equal((await upload(c, id, 'tax', `t${i}.pdf`, pdf(10 + i))).status, 303);
    assert.equal((await listed(c, id, 'tax')).length, 3);
  });

  test('who may download: the owner and reviewers covering its county; anyone else 404', async () => {
    const c = await session(ent.username, ent.password);
    const id = newFiling(ent.username);
    const bytes = pdf(1234);
    const att = JSON.parse((await upload(c, id, 'other', '审计报告.pdf', bytes, { json: true })).body).id;
    const see = { [ent.username]: ent.password, demo_county: DEMO_PASSWORD, demo_city: DEMO_PASSWORD, demo_prov: DEMO_PASSWORD };
    const not = { [other.username]: other.password, demo_county2: DEMO_PASSWORD, demo_city2: DEMO_PASSWORD };
    for (const [u, p] of Object.entries(see)) {
      const s = await session(u, p);
      const f = await s.get(`/files/${att}`);
      assert.equal(f.status, 200, u);
      assert.ok(Buffer.from(f.bytes).equals(bytes), u);
      assert.equal((await s.get(`/filing/${id}/attachments`)).status, 200, `${u} sees the section`);
    }
    for (const [u, p] of Object.entries(not)) {
      const s = await session(u, p);
      assert.equal((await s.get(`/files/${att}`)).status, 404, u);
      assert.equal((await s.get(`/filing/${id}/attachments`)).status, 404, u);
    }
    assert.equal((await new Client().get(`/files/${att}`)).status, 303, 'anonymous: to the login page');
    const o = await session(other.username, other.password);
    assert.equal((await upload(o, id, 'other', 'x.pdf', pdf(55))).status, 404, 'another enterprise cannot upload');
    assert.equal((await c.get(`/files/${att + 100000}`)).status, 404);
    assert.equal((await c.get('/__sme/files/')).status, 404, 'the store is internal');
  });

  test('deleting: only while editable (409 once submitted); the bytes go with the last row referring to them', async () => {
    const c = await session(ent.username, ent.password);
    const id = newFiling(ent.username);
    const bytes = pdf(4321);
    const a = JSON.parse((await upload(c, id, 'tax', 'a.pdf', bytes, { json: true })).body).id;
    const b = JSON.parse((await upload(c, id, 'tax', 'b.pdf', bytes, { json: true })).body).id;
    assert.notEqual(a, b);
    assert.ok(stored(bytes));
    await c.get(`/filing/${id}/attachments`);
    assert.equal((await c.post(`/upload/${a}/delete`)).status, 303);
    assert.ok(stored(bytes), 'still referred to by the other row');
    const o = await session(other.username, other.password);
    await o.get('/home');
    assert.equal((await o.post(`/upload/${b}/delete`)).status, 404, 'not another enterprise\'s to delete');
    sql(`UPDATE filing SET state = 'county' WHERE id = ${id}`);
    assert.equal((await c.post(`/upload/${b}/delete`)).status, 409);
    assert.equal((await upload(c, id, 'tax', 'c.pdf', pdf(99))).status, 409, 'no uploads once submitted');
    sql(`UPDATE filing SET state = 'returned' WHERE id = ${id}`);
    assert.equal((await c.post(`/upload/${b}/delete`)).status, 303);
    assert.equal(rows(id), 0);
    assert.ok(!stored(bytes), 'the bytes are gone with the last row');
    assert.equal((await c.get(`/files/${b}`)).status, 404);
  });

  test('an upload without the CSRF token is refused (403) and stores nothing', async () => {
    const c = await session(ent.username, ent.password);
    const id = newFiling(ent.username);
    const bytes = jpeg();
    const m = multipart('bad-token', 'x.jpg', bytes);
    const r = await c.request('POST', `/upload/${id}/other`, { body: m.body, headers: { 'content-type': m.type } });
    assert.equal(r.status, 403);
    assert.equal(rows(id), 0);
  });

  test('a PDF opens inline with nosniff and a sandbox, a docx downloads', async () => {
    const c = await session(ent.username, ent.password);
    const id = newFiling(ent.username);
    const p = await upload(c, id, 'audit', '审计报告.pdf', pdf(123), { json: true });
    assert.equal(p.status, 201);
    const d = await upload(c, id, 'other', '企业简介.docx', goodFiles().find((g) => g[0] === 'docx')[2], { json: true });
    assert.equal(d.status, 201);
    const fp = await c.get(`/files/${JSON.parse(p.body).id}`);
    assert.equal(fp.status, 200);
    assert.match(fp.contentType, /^application\/pdf/);
    assert.match(fp.headers.get('content-disposition'), /^inline; /);
    assert.equal(fp.headers.get('x-content-type-options'), 'nosniff');
    assert.match(fp.headers.get('content-security-policy'), /sandbox/);
    const fd = await c.get(`/files/${JSON.parse(d.body).id}`);
    assert.equal(fd.status, 200);
    assert.match(fd.headers.get('content-disposition'), /^attachment; /);
    assert.equal(fd.headers.get('x-content-type-options'), 'nosniff');
  });
});

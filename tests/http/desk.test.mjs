// desk.test.mjs - the reviewer's desk over HTTP (issue 17): a registration's
// licence answers inline with nosniff and nginx's sandboxing CSP when its
// stored bytes are a PDF or an image, as a download otherwise, and 404 to
// another county; the registrations page shows each licence (an <img> for
// an image, an embedded PDF); a reviewer's home counts what waits per
// queue, each count the number of rows that queue lists, in 2 queries.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  VAR, createEnterprise, createReviewer, find, findAll, session, sql, useStack,
} from '../harness/index.mjs';
import { docx } from '../harness/files.mjs';
import { SourceClient, licences, pdfLicence, register, registration } from '../harness/register.mjs';
import { enterpriseId, lit, queueIds, submittedFiling } from '../harness/review.mjs';
import { forgetSmsRequests } from '../harness/smscode.mjs';

useStack();

const COUNTY = '320582'; // 苏州市张家港市
const OTHER = '320583'; // 苏州市昆山市
const clients = [];
after(() => { for (const c of clients) forgetSmsRequests(c.localAddress); });

/** Register a company of COUNTY with licence through the pages; its fields. */
async function registered(licence) {
  const c = new SourceClient();
  clients.push(c);
  const f = registration({ city: '320500', county: COUNTY });
  const r = await register(c, f, licence);
  assert.equal(r.status, 303, `${f.username}: ${r.errorFields.join()}`);
  return f;
}

/** The store's path of bytes, as lib/store.c names a file (its SHA-256). */
function storePath(bytes) {
  const conf = fs.readFileSync(path.join(VAR, 'sme.conf'), 'utf8');
  const dir = conf.match(/^storage_dir\s*=\s*(.+)$/m)[1].trim();
  const sha = createHash('sha256').update(bytes).digest('hex');
  return { sha, file: path.join(dir, sha.slice(0, 2), sha) };
}

describe('a registration\'s licence in view', () => {
  test('inline with nosniff and a sandbox for a PDF and an image, a download otherwise, 404 elsewhere', async () => {
    const pdf = await pdfLicence();
    const jpg = licences.jpg();
    const withPdf = await registered(pdf);
    const withJpg = await registered(jpg);
    const pdfId = enterpriseId(withPdf.username);
    const jpgId = enterpriseId(withJpg.username);
    const acct = createReviewer({ role: 'county', region: COUNTY, prefix: 'deskcty' });
    const cty = await session(acct.username, acct.password);

    // The list shows each licence: the PDF embedded, the image as an <img>.
    const list = await cty.get('/review/registrations');
    assert.equal(list.status, 200);
    const rowOf = (id) => find(list.body, { tag: 'tr', attrs: { 'data-id': String(id) } });
    const pdfRow = rowOf(pdfId);
    assert.ok(pdfRow, 'the PDF registration is listed');
    const frame = find(pdfRow.inner, { tag: 'iframe' });
    assert.equal(frame?.attrs.src, `/review/registrations/${pdfId}/licence`, 'the PDF is embedded in its row');
    assert.equal(find(pdfRow.inner, { tag: 'img' }), null, 'a PDF is not an <img>');
    const img = find(rowOf(jpgId).inner, { tag: 'img' });
    assert.equal(img?.attrs.src, `/review/registrations/${jpgId}/licence`, 'the JPEG is shown as an image');
    // Each radio has its own label beside it.
    for (const v of ['approve', 'return']) {
      const radio = find(pdfRow.inner, { tag: 'input', attrs: { name: 'action', value: v } });
      assert.ok(radio?.attrs.id, `${v} radio has an id`);
      const label = find(pdfRow.inner, { tag: 'label', attrs: { for: radio.attrs.id } });
      assert.equal(label?.text, v === 'approve' ? '通过' : '退回');
    }

    // A decision sent wrong comes back in its own row, as typed.
    const bad = await cty.post(`/review/registrations/${pdfId}`, { action: 'return', reason: '不对', version: '1' });
    assert.equal(bad.status, 422);
    const badRow = find(bad.body, { tag: 'tr', attrs: { 'data-id': String(pdfId) } });
    assert.match(find(badRow.inner, { attrs: { 'data-error-for': 'reason' } })?.text ?? '', /至少5个字/);
    assert.equal(find(badRow.inner, { tag: 'input', attrs: { name: 'reason' } }).attrs.value, '不对');
    assert.ok('checked' in find(badRow.inner, { tag: 'input', attrs: { value: 'return' } }).attrs, '退回 stays chosen');
    assert.deepEqual(bad.errorsFor('reason').length, 1, 'the message once, beside the field');
    const okRow = find(bad.body, { tag: 'tr', attrs: { 'data-id': String(jpgId) } });
    assert.equal(find(okRow.inner, { attrs: { 'data-error-for': true } }), null, 'not on the other row');

    // The PDF as the company sent it, inline, nosniff, sandboxed.
    const p = await cty.get(`/review/registrations/${pdfId}/licence`);
    assert.equal(p.status, 200);
    assert.ok(Buffer.from(p.bytes).equals(pdf.bytes), 'the bytes uploaded');
    assert.equal(p.contentType, 'application/pdf');
    assert.match(p.headers.get('content-disposition'), /^inline; filename="licence\.pdf"/);
    assert.equal(p.headers.get('x-content-type-options'), 'nosniff');
    assert.match(p.headers.get('content-security-policy'), /(^|;)\s*sandbox\s*(;|$)/);
    const j = await cty.get(`/review/registrations/${jpgId}/licence`);
    assert.equal(j.contentType, 'image/jpeg');
    assert.match(j.headers.get('content-disposition'), /^inline; /);
    assert.ok(Buffer.from(j.bytes).equals(jpg.bytes));

    // A licence whose stored bytes are no image or PDF (a Word file kept
    // before types were checked) is downloaded, never shown.
    const word = docx();
    const st = storePath(word);
    fs.mkdirSync(path.dirname(st.file), { recursive: true });
    fs.writeFileSync(st.file, word, { mode: 0o644 });
    sql(`UPDATE enterprise SET licence = ${lit(st.sha)} WHERE id = ${jpgId}`);
    const d = await cty.get(`/review/registrations/${jpgId}/licence`);
    assert.equal(d.status, 200);
    assert.match(d.headers.get('content-disposition'), /^attachment; /);
    assert.equal(d.contentType, 'application/octet-stream');
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(Buffer.from(d.bytes).equals(word));
    const again = await cty.get('/review/registrations');
    const wordRow = find(again.body, { tag: 'tr', attrs: { 'data-id': String(jpgId) } });
    assert.equal(find(wordRow.inner, { tag: 'img' }), null, 'no <img> of a Word file');
    assert.equal(find(wordRow.inner, { tag: 'iframe' }), null);
    assert.match(wordRow.text, /无法在页面中显示/);

    // Another county sees neither the licence nor the registration.
    const other = createReviewer({ role: 'county', region: OTHER, prefix: 'deskoth' });
    const oc = await session(other.username, other.password);
    assert.equal((await oc.get(`/review/registrations/${pdfId}/licence`)).status, 404);
    const olist = await oc.get('/review/registrations');
    assert.equal(find(olist.body, { tag: 'tr', attrs: { 'data-id': String(pdfId) } }), null);
    await oc.get('/review/registrations');
    assert.equal((await oc.post(`/review/registrations/${pdfId}`, { action: 'approve', version: '1' })).status, 404);
  });
});

describe('a reviewer\'s home counts what waits', () => {
  test('each queue\'s count is the rows it lists, in 2 queries', async () => {
    const COUNTY2 = '320506'; // 苏州市吴中区: filings of three kinds waiting at the county
    const ents = [0, 1].map(() => createEnterprise({ region: COUNTY2, inLibrary: false, prefix: 'deskent' }));
    submittedFiling(enterpriseId(ents[0].username), { kind: 'entry' });
    submittedFiling(enterpriseId(ents[1].username), { kind: 'entry' });
    submittedFiling(enterpriseId(ents[1].username), { kind: 'update' });
    submittedFiling(enterpriseId(ents[0].username), { kind: 'product', state: 'city' });
    const acct = createReviewer({ role: 'county', region: COUNTY2, prefix: 'deskhome' });
    const c = await session(acct.username, acct.password);
    const home = await c.get('/home', { headers: { 'x-sme-query-count': '1' } });
    assert.equal(home.status, 200);
    const q = Number(home.headers.get('x-sme-queries'));
    assert.ok(q >= 1 && q <= 2, `/home: ${q} queries (at most 2: the session, the counts)`);
    const tiles = findAll(home.body, { tag: 'li', attrs: { 'data-queue': true } });
    assert.ok(tiles.length >= 7, 'registrations and each kind');
    let total = 0;
    for (const t of tiles) {
      const a = find(t.inner, { tag: 'a' });
      const n = Number(find(t.inner, { tag: 'strong', attrs: { class: 'count' } }).text);
      const queue = await c.get(a.attrs.href);
      assert.equal(queue.status, 200, a.attrs.href);
      const rows = t.attrs['data-queue'] === 'registrations'
        ? findAll(queue.body, { tag: 'tr', attrs: { 'data-id': true } }).length
        : queueIds(queue).length;
      assert.equal(n, rows, `${t.attrs['data-queue']}: the home says ${n}, ${a.attrs.href} lists ${rows}`);
      if (t.attrs['data-queue'] !== 'registrations') total += n;
    }
    const count = (k) => Number(find(find(home.body, { tag: 'li', attrs: { 'data-queue': k } }).inner,
      { tag: 'strong' }).text);
    assert.ok(count('entry') >= 2 && count('update') >= 1, 'the filings made here are counted');
    assert.match(home.text, new RegExp(`合计待审核申报 ${total} 件`));
  });
});

// review.test.mjs - sme-review against the running stack: who sees which
// filings (roles x routes x regions: 404 outside the scope), approve and
// return along the county -> city chain with version checks (two reviewers
// at once: one 303, one 409), batch approval, registrations, keyset
// paging, the recommendation summary as .xlsx (read with a real zip
// reader) and .csv, and entries against the cities' targets.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { before, describe, test } from 'node:test';
import {
  createEnterprise, createReviewer, find, findAll, session, sql, useStack,
} from '../harness/index.mjs';
import {
  enterpriseId, enterpriseWithFiling, filingRow, lit, nextAfter, queueIds, resubmit, sampleValues, submittedFiling,
} from '../harness/review.mjs';
import { fillAll, filingYear, newFiling, postSection, sectionFields } from '../harness/filing.mjs';
import { pdf } from '../harness/files.mjs';
import { sheetRows, unzipMember } from '../harness/xlsx.mjs';

useStack();

// A year nobody has filed in (nor in YEAR + 20, YEAR + 40, YEAR + 60, YEAR + 80, YEAR + 100, YEAR + 120, used below), so
// queues and exports filtered by it hold exactly this run's rows.
function freshYear() {
  for (;;) {
    const y = 3000 + randomInt(6000);
    if (sql(`SELECT COUNT(*) FROM filing WHERE year IN (${y}, ${y + 20}, ${y + 40}, ${y + 80}, ${y + 100}, ${y + 120})`).trim() === '0'
      && sql(`SELECT COUNT(*) FROM city_target WHERE year IN (${y + 40}, ${y + 60})`).trim() === '0') return y;
  }
}
let YEAR;
before(() => { YEAR = freshYear(); });
const A = '320111'; // 南京市浦口区
const A2 = '320113'; // 南京市栖霞区: same city, another county
const B = '320211'; // 无锡市滨湖区: another city

async function reviewer(role, region) {
  const acct = createReviewer({ role, region, prefix: `rv${role}` });
  return session(acct.username, acct.password);
}

/** A token of the session for POSTs (the login form's was of the pre-session). */
async function withToken(c) {
  await c.get('/home');
  return c;
}

/** Messages queued for mobile, newest first. */
function smsTo(mobile) {
  return sql(`SELECT kind, text FROM sms_outbox WHERE to_mobile = ${lit(mobile)} ORDER BY id DESC`)
    .split('\n').filter(Boolean).map((l) => { const [kind, text] = l.split('\t'); return { kind, text }; });
}

function auditOf(id) {
  return sql(`SELECT action FROM audit WHERE object_type = 'filing' AND object_id = '${id}' ORDER BY id`)
    .split('\n').filter(Boolean);
}

/** CSV text (RFC 4180) into rows of fields. */
function parseCsv(text) {
  const rows = [];
  let row = [], f = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { f += '"'; i++; } else if (ch === '"') q = false; else f += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(f); f = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(f); rows.push(row); row = []; f = ''; i++; } else f += ch;
  }
  if (f !== '' || row.length) { row.push(f); rows.push(row); }
  return rows;
}

describe('review: who sees what', () => {
  const fx = {};
  test('setup: filings in two counties of one city and one of another city', async () => {
    fx.a = enterpriseWithFiling(A, { year: YEAR, daysAgo: 5, mobile: '13900000011' });
    fx.a2 = enterpriseWithFiling(A2, { year: YEAR, daysAgo: 3, mobile: '13900000012' });
    fx.b = enterpriseWithFiling(B, { year: YEAR, daysAgo: 4, mobile: '13900000013' });
    fx.countyA = await reviewer('county', A);
    fx.countyB = await reviewer('county', B);
    fx.city = await reviewer('city', '320100');
    fx.city2 = await reviewer('city', '320200');
    fx.prov = await reviewer('province', '320000');
  });

  test('enterprise_gets_404_on_every_review_route', async () => {
    const ent = await session(fx.a.ent.username, fx.a.ent.password);
    await withToken(ent);
    const id = fx.a.filing.id;
    for (const p of ['/review', `/review/${id}`, '/review/registrations', '/review/export.xlsx',
      '/review/export.csv', '/review/stats', '/review/stats?year=2021']) {
      const r = await ent.get(p);
      assert.equal(r.status, 404, `GET ${p}`);
    }
    for (const [p, f] of [[`/review/${id}`, { action: 'approve', version: '2' }], ['/review/batch', { pick: `${id}:2` }],
      [`/review/registrations/${fx.a.entId}`, { action: 'approve', version: '1' }],
      ['/review/stats/targets', { year: '2021', target_320100: '1' }]]) {
      const r = await ent.post(p, f);
      assert.equal(r.status, 404, `POST ${p}`);
    }
    assert.equal(filingRow(id).state, 'county');
  });

  test('anonymous_is_sent_to_login', async () => {
    const { Client } = await import('../harness/index.mjs');
    const r = await new Client().get('/review');
    assert.equal(r.status, 303);
    assert.match(r.location, /^\/login/);
  });

  test('county_queue_lists_its_county_only', async () => {
    const q = await fx.countyA.get(`/review?year=${YEAR}`);
    assert.equal(q.status, 200);
    assert.deepEqual(queueIds(q), [fx.a.filing.id]);
    assert.match(q.mainText, new RegExp(fx.a.ent.name));
    assert.doesNotMatch(q.body, new RegExp(fx.b.ent.name));
    const all = await fx.countyA.get(`/review?year=${YEAR}&status=all&county=${B}`);
    assert.deepEqual(queueIds(all), [], 'a county filter outside the scope finds nothing');
  });

  test('county_a_gets_404_for_county_b_filing_and_actions', async () => {
    const id = fx.b.filing.id;
    assert.equal((await fx.countyA.get(`/review/${id}`)).status, 404);
    await withToken(fx.countyA);
    const r = await fx.countyA.post(`/review/${id}`, { action: 'approve', version: '2' });
    assert.equal(r.status, 404);
    const b = await fx.countyA.post('/review/batch', { pick: `${id}:2` });
    assert.equal(b.status, 303);
    assert.match(b.location, /done=0&skipped=1/);
    assert.deepEqual(filingRow(id), { state: 'county', version: 2, return_reason: null, in_library: 0 });
    assert.equal((await fx.countyA.get('/review/999999999')).status, 404);
    assert.equal((await fx.countyA.get('/review/abc')).status, 404);
  });

  test('city_sees_its_counties_not_another_city', async () => {
    const q = await fx.city.get(`/review?year=${YEAR}&status=all`);
    assert.deepEqual(queueIds(q).sort(), [fx.a.filing.id, fx.a2.filing.id].sort());
    assert.equal((await fx.city.get(`/review/${fx.a2.filing.id}`)).status, 200);
    assert.equal((await fx.city.get(`/review/${fx.b.filing.id}`)).status, 404);
    const q2 = await fx.city2.get(`/review?year=${YEAR}&status=all`);
    assert.deepEqual(queueIds(q2), [fx.b.filing.id]);
    assert.equal((await fx.city2.get(`/review/${fx.a.filing.id}`)).status, 404);
    const p = await fx.prov.get(`/review?year=${YEAR}&status=all`);
    assert.deepEqual(queueIds(p), [fx.a.filing.id, fx.b.filing.id, fx.a2.filing.id], 'longest waiting first');
  });

  // The county and city queues read the filing's copy of its enterprise's
  // county (schema/062_filing_region.sql, kept by triggers): a move of the
  // enterprise (the region correction; here in SQL, as a tool would) must
  // take the filing from one county's and city's queue to the other's.
  test('a_filing_follows_its_enterprise_to_another_county_and_city_queue', async () => {
    const Y = YEAR + 120;
    const m = enterpriseWithFiling(A, { year: Y });
    const ids = async (c, q) => queueIds(await c.get(`/review?year=${Y}&${q}`));
    assert.deepEqual(await ids(fx.countyA, 'status=county'), [m.filing.id]);
    assert.deepEqual(await ids(fx.city, `status=all&county=${A}`), [m.filing.id]);
    assert.deepEqual(await ids(fx.prov, 'status=county&cluster=3'), [m.filing.id]);
    assert.deepEqual(await ids(fx.prov, 'status=county&cluster=4'), [], 'another cluster');
    sql(`UPDATE enterprise SET region_code = ${lit(B)} WHERE id = ${m.entId}`);
    assert.deepEqual(await ids(fx.countyA, 'status=county'), []);
    assert.deepEqual(await ids(fx.countyB, 'status=county'), [m.filing.id]);
    assert.deepEqual(await ids(fx.city, 'status=all'), []);
    assert.deepEqual(await ids(fx.city2, 'status=all'), [m.filing.id]);
    assert.deepEqual(await ids(fx.city2, `status=all&county=${B}`), [m.filing.id]);
    assert.equal((await fx.countyA.get(`/review/${m.filing.id}`)).status, 404);
    assert.equal((await fx.countyB.get(`/review/${m.filing.id}`)).status, 200);
  });

  test('queue_row_shows_enterprise_county_kind_submitted_and_waiting_days', async () => {
    const q = await fx.prov.get(`/review?year=${YEAR}&status=all`);
    const row = find(q.body, { tag: 'tr', attrs: { 'data-id': String(fx.a.filing.id) } });
    const cells = findAll(row.inner, { tag: 'td' }).map((t) => t.text);
    assert.match(cells[1], new RegExp(`${fx.a.ent.name}.*${fx.a.ent.uscc}`));
    assert.equal(cells[2], '浦口区');
    assert.match(cells[3], /新增入库/);
    assert.match(cells[6], /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    assert.equal(cells[7], '5');
  });

  test('queue_rows_carry_the_self_check_summary', async () => {
    const year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
    const { ent } = enterpriseWithFiling(A, { year });
    const q = await fx.countyA.get(`/review?q=${ent.uscc}`);
    const cell = find(q.body, { tag: 'td', attrs: { class: 'selfcheck' } });
    const span = find(cell.inner, { tag: 'span', attrs: { 'data-met': true } });
    assert.ok(span, 'the schemes of this year apply to an entry filing');
    const n = ['data-met', 'data-unmet', 'data-evidence'].map((k) => Number(span.attrs[k]));
    assert.ok(n.every((x) => Number.isInteger(x) && x >= 0) && n[0] + n[1] + n[2] > 0, JSON.stringify(n));
    assert.match(span.text, /^满足 \d+ · 未满足 \d+ · 待核 \d+$/);
  });

  test('filters_by_name_credit_code_kind_and_county', async () => {
    const byCode = await fx.prov.get(`/review?year=${YEAR}&status=all&q=${fx.b.ent.uscc}`);
    assert.deepEqual(queueIds(byCode), [fx.b.filing.id]);
    const byName = await fx.prov.get(`/review?year=${YEAR}&status=all&q=${encodeURIComponent(fx.a2.ent.name.slice(4, 10))}`);
    assert.deepEqual(queueIds(byName), [fx.a2.filing.id]);
    const wild = await fx.prov.get(`/review?year=${YEAR}&status=all&q=%25`);
    assert.deepEqual(queueIds(wild), [], 'a % is a character, not a wildcard');
    const byKind = await fx.prov.get(`/review?year=${YEAR}&status=all&kind=update`);
    assert.deepEqual(queueIds(byKind), []);
    const byCounty = await fx.city.get(`/review?year=${YEAR}&status=all&county=${A2}`);
    assert.deepEqual(queueIds(byCounty), [fx.a2.filing.id]);
  });

  test('queue_export_links_follow_its_year_and_kind', async () => {
    const q = await fx.countyA.get(`/review?year=${YEAR}&kind=update`);
    assert.equal(find(q.body, { tag: 'a', attrs: { class: 'export-xlsx' } }).attrs.href, `/review/export.xlsx?year=${YEAR}&kind=update`);
    assert.equal(find(q.body, { tag: 'a', attrs: { class: 'export-csv' } }).attrs.href, `/review/export.csv?year=${YEAR}&kind=update`);
    const csv = await fx.countyA.get(`/review/export.csv?year=${YEAR}&kind=update`);
    assert.equal(parseCsv(csv.body.replace(/^\uFEFF/, '')).length, 1, 'no update filings: the header only');
  });

  test('exports_hold_exactly_what_the_level_approved_in_scope', async () => {
    // Own filings in YEAR + 100: approved, returned and waiting at each level.
    const Y = YEAR + 100;
    const act = async (c, id, action) => {
      const d = await c.get(`/review/${id}`);
      const r = await c.post(`/review/${id}`, { action, reason: '材料不全，请补充后再报。', version: d.inputValue('version') });
      assert.equal(r.status, 303, `${action} ${id}`);
    };
    const countyA2 = await withToken(await reviewer('county', A2));
    for (const c of [fx.countyA, fx.countyB, fx.city]) await withToken(c);
    const e1 = enterpriseWithFiling(A, { year: Y }); // county-approved, waiting at the city
    const e2 = enterpriseWithFiling(A2, { year: Y }); // county- and city-approved: accepted
    const e3 = enterpriseWithFiling(B, { year: Y }); // approved by another city's county
    const e4 = enterpriseWithFiling(A, { year: Y }); // returned by the county
    const e5 = enterpriseWithFiling(A, { year: Y }); // waiting at the county
    const e6 = enterpriseWithFiling(A, { year: Y }); // county-approved, then returned by the city
    await act(fx.countyA, e1.filing.id, 'approve');
    await act(countyA2, e2.filing.id, 'approve');
    await act(fx.city, e2.filing.id, 'approve');
    await act(fx.countyB, e3.filing.id, 'approve');
    await act(fx.countyA, e4.filing.id, 'return');
    await act(fx.countyA, e6.filing.id, 'approve');
    await act(fx.city, e6.filing.id, 'return');
    assert.deepEqual([e1, e2, e3, e4, e5, e6].map((e) => filingRow(e.filing.id).state),
      ['city', 'accepted', 'city', 'returned', 'county', 'returned']);
    const decision = new Map([[e1, '县级审核通过，待市级审核'], [e2, '审核通过'], [e3, '县级审核通过，待市级审核']]);
    for (const [c, want] of [[fx.countyA, [e1]], [countyA2, [e2]], [fx.countyB, [e3]], [fx.city, [e2]], [fx.city2, []], [fx.prov, [e2]]]) {
      const x = await c.get(`/review/export.xlsx?year=${Y}`);
      assert.equal(x.status, 200);
      assert.match(x.contentType, /spreadsheetml/);
      assert.match(x.headers.get('content-disposition'), /attachment; filename="review-entry-\d{4}\.xlsx"/);
      const all = sheetRows(x.bytes);
      assert.match(all[0][0].v, new RegExp(`^\\S+${Y}年度新增入库推荐汇总表$`), 'a title row');
      const rows = all.slice(1);
      assert.equal(rows[0][1].v, '企业名称');
      assert.equal(rows.length - 1, want.length, 'header and one row per filing the level approved');
      assert.deepEqual(rows.slice(1).map((r) => r[2].v).sort(), want.map((w) => w.ent.uscc).sort());
      const sheet = unzipMember(x.bytes, 'xl/worksheets/sheet1.xml');
      assert.match(sheet, /<pane [^>]*ySplit="2"[^>]*state="frozen"/, 'title and header frozen');
      assert.match(sheet, /<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"/, 'landscape A4');
      assert.match(sheet, /<pageSetup [^>]*fitToHeight="0"/, 'as many pages down as needed');
      assert.match(sheet, /<pageSetUpPr fitToPage="1"\/>/, 'fitted to the page width');
      assert.match(sheet, /<mergeCell ref="A1:[A-Z]+1"\/>/, 'the title across the columns');
      assert.match(sheet, /<col min="2" max="2" width="36\.\d+" customWidth="1"\/>/, 'the name column is wide');
      const header = rows[0].map((h) => h.v);
      const assets = header.indexOf('资产总额（万元）');
      const rev = header.indexOf(`${Y - 1}年营业收入（万元）`);
      assert.ok(assets > 0 && rev > 0, header.join(','));
      for (const r of rows.slice(1)) {
        const w = want.find((e) => e.ent.uscc === r[2].v);
        assert.deepEqual(r[assets], { t: 'n', v: 10000 + w.entId + 0.5 }, 'numbers are numbers');
        assert.deepEqual(r[rev], { t: 'n', v: 5000 * 4 + w.entId });
        assert.equal(r[header.indexOf('审核意见')].v, decision.get(w));
      }

      const csv = await c.get(`/review/export.csv?year=${Y}`);
      assert.equal(csv.status, 200);
      assert.match(csv.contentType, /^text\/csv; charset=utf-8/);
      assert.deepEqual([...csv.bytes.slice(0, 3)], [0xEF, 0xBB, 0xBF], 'UTF-8 BOM');
      const crow = parseCsv(csv.body.replace(/^\uFEFF/, ''));
      assert.deepEqual(crow[0], header);
      assert.equal(crow.length - 1, want.length);
      assert.deepEqual(crow.slice(1).map((r) => r[2]).sort(), want.map((w) => w.ent.uscc).sort());
    }
  });

  test('attachments_are_listed_for_the_scope_only', async () => {
    const sha = 'a'.repeat(64);
    sql(`INSERT IGNORE INTO stored_file (sha256, size, created_at) VALUES ('${sha}', 2048, UTC_TIMESTAMP());
      INSERT INTO attachment (filing_id, enterprise_id, slot, name, size, type, sha256, uploaded_by, created_at)
      SELECT ${fx.a.filing.id}, ${fx.a.entId}, 'licence', '营业执照<副本>.pdf', 2048, 'pdf', '${sha}', a.id, UTC_TIMESTAMP()
      FROM account a WHERE a.enterprise_id = ${fx.a.entId} LIMIT 1`);
    const attId = Number(sql(`SELECT MAX(id) FROM attachment WHERE filing_id = ${fx.a.filing.id}`).trim());
    const d = await fx.countyA.get(`/review/${fx.a.filing.id}`);
    const link = find(d.body, { tag: 'a', attrs: { href: `/files/${attId}` } });
    assert.ok(link, 'the attachment links to /files/{id}');
    assert.equal(link.text, '营业执照<副本>.pdf');
    assert.equal((await fx.countyB.get(`/review/${fx.a.filing.id}`)).status, 404);
    // The file itself (sme-upload's /files/{id}): not for another county's reviewer.
    assert.equal((await fx.countyB.get(`/files/${attId}`)).status, 404);
    assert.equal((await fx.city2.get(`/files/${attId}`)).status, 404);
  });

  test('detail_links_the_self_check_and_shows_derived_figures', async () => {
    const d = await fx.countyA.get(`/review/${fx.a.filing.id}`);
    const link = find(d.body, { tag: 'a', attrs: { class: 'assessment' } });
    assert.equal(link.attrs.href, `/filing/${fx.a.filing.id}/assessment`);
    const a = await fx.countyA.get(link.attrs.href);
    assert.equal(a.status, 200, 'a reviewer in scope opens the self-check');
    assert.equal((await fx.countyB.get(link.attrs.href)).status, 404);
    // sampleValues: liabilities / assets = (4000 + id) / (10000.5 + id).
    const id = fx.a.entId;
    const want = (Math.round(((4000 + id) / (10000.5 + id)) * 10000) / 100).toFixed(2);
    assert.equal(find(d.body, { attrs: { 'data-indicator': 'debt_ratio' } }).text, want);
    assert.equal(find(d.body, { tag: 'tr', attrs: { 'data-field': 'assets_total' } }).text.includes(`${10000 + id}.50`), true);
  });
});

describe('review: approve and return along the chain', () => {
  test('county_return_needs_a_reason_of_five_characters', async () => {
    const { filing } = enterpriseWithFiling(A, { year: YEAR });
    const c = await reviewer('county', A);
    await c.get(`/review/${filing.id}`);
    for (const reason of ['', '太短了', '   \n  ']) {
      const r = await c.post(`/review/${filing.id}`, { action: 'return', reason, version: '2' });
      assert.equal(r.status, 422);
      assert.match(r.errorsFor('reason')[0], /至少5个字/);
      assert.equal(find(r.body, { tag: 'textarea', attrs: { name: 'reason' } }).text, reason.trim() === '' ? '' : reason);
    }
    const long = await c.post(`/review/${filing.id}`, { action: 'return', reason: '长'.repeat(301), version: '2' });
    assert.equal(long.status, 422);
    assert.match(long.errorsFor('reason')[0], /不能超过300个字/);
    const none = await c.post(`/review/${filing.id}`, { version: '2' });
    assert.equal(none.status, 422);
    assert.ok(none.errorsFor('action').length === 1);
    assert.equal(filingRow(filing.id).state, 'county');
  });

  test('county_returns_enterprise_resubmits_county_and_city_approve_into_library', async () => {
    const mobile = '13900000021';
    const { filing, entId } = enterpriseWithFiling(A, { year: YEAR, mobile });
    const county = await reviewer('county', A);
    const city = await reviewer('city', '320100');
    const reason = '请补充<2023年>研发费用明细 & 审计报告。\n第二行';
    await county.get(`/review/${filing.id}`);
    let r = await county.post(`/review/${filing.id}`, { action: 'return', reason, version: '2' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/review?msg=returned');
    assert.deepEqual(filingRow(filing.id), { state: 'returned', version: 3, return_reason: reason.replace('\n', '\\n'), in_library: 0 });
    assert.equal(smsTo(mobile)[0].kind, 'filing_returned');
    assert.match(smsTo(mobile)[0].text, /请补充<2023年>研发费用明细/);

    // The enterprise fixes one figure and submits again (what sme-filing does).
    const v2 = { ...JSON.parse(sql(`SELECT snapshot FROM filing_submission WHERE filing_id = ${filing.id}`).trim()), rd_staff: '45' };
    resubmit(filing.id, v2);
    const d = await county.get(`/review/${filing.id}`);
    const hist = find(d.body, { tag: 'li', attrs: { 'data-seq': '2' } });
    const change = find(hist.inner, { tag: 'tr', attrs: { 'data-field': 'rd_staff' } });
    assert.ok(change, 'the history shows what changed since the last submission');
    assert.deepEqual(findAll(change.inner, { tag: 'td' }).map((t) => t.text).slice(1), ['30', '45']);
    const events = findAll(d.body, { tag: 'tr', attrs: { 'data-action': true } }).map((e) => e.attrs['data-action']);
    assert.deepEqual(events, ['submit', 'return']);
    assert.ok(d.body.includes('请补充&lt;2023年&gt;研发费用明细 &amp; 审计报告。'), 'the reason is shown escaped and verbatim');

    // City may not act while it waits for the county.
    await city.get('/review');
    r = await city.post(`/review/${filing.id}`, { action: 'approve', version: '4' });
    assert.equal(r.status, 409);

    r = await county.post(`/review/${filing.id}`, { action: 'approve', version: '4' });
    assert.equal(r.status, 303);
    assert.equal(filingRow(filing.id).state, 'city');
    assert.equal(smsTo(mobile)[0].kind, 'filing_approved');

    const cq = await city.get(`/review?year=${YEAR}`);
    assert.ok(queueIds(cq).includes(filing.id), 'it waits in the city queue');
    r = await city.post(`/review/${filing.id}`, { action: 'approve', version: '5' });
    assert.equal(r.status, 303);
    assert.deepEqual(filingRow(filing.id), { state: 'accepted', version: 6, return_reason: null, in_library: 1 });
    assert.match(smsTo(mobile)[0].text, /已进入培育库/);
    assert.deepEqual(auditOf(filing.id), ['review_return', 'review_approve', 'review_approve']);
    const ev = sql(`SELECT action, from_state, to_state FROM filing_event WHERE filing_id = ${filing.id} AND action <> 'submit' ORDER BY id`);
    assert.equal(ev, 'return\tcounty\treturned\napprove\tcounty\tcity\napprove\tcity\taccepted\n');
    assert.equal(Number(sql(`SELECT in_library FROM enterprise WHERE id = ${entId}`).trim()), 1);
  });

  test('stale_version_answers_409_and_shows_what_happened', async () => {
    const { filing } = enterpriseWithFiling(A, { year: YEAR });
    const c1 = await reviewer('county', A);
    const c2 = await reviewer('county', A);
    await c1.get(`/review/${filing.id}`);
    await c2.get(`/review/${filing.id}`);
    assert.equal((await c1.post(`/review/${filing.id}`, { action: 'return', reason: '材料不全，请补充。', version: '2' })).status, 303);
    const r = await c2.post(`/review/${filing.id}`, { action: 'approve', version: '2' });
    assert.equal(r.status, 409);
    assert.ok(find(r.body, { attrs: { 'data-testid': 'conflict' } }));
    assert.match(r.mainText, /已退回/);
    assert.match(r.mainText, /材料不全，请补充。/);
    assert.equal(filingRow(filing.id).state, 'returned');
  });

  test('two_concurrent_approvals_exactly_one_wins', async () => {
    for (let round = 0; round < 3; round++) {
      const { filing } = enterpriseWithFiling(A, { year: YEAR });
      const c1 = await reviewer('county', A);
      const c2 = await reviewer('county', A);
      await c1.get(`/review/${filing.id}`);
      await c2.get(`/review/${filing.id}`);
      const rs = await Promise.all([c1, c2].map((c) => c.post(`/review/${filing.id}`, { action: 'approve', version: '2' })));
      assert.deepEqual(rs.map((r) => r.status).sort(), [303, 409]);
      assert.deepEqual(filingRow(filing.id), { state: 'city', version: 3, return_reason: null, in_library: 0 });
      assert.equal(auditOf(filing.id).length, 1);
      assert.equal(Number(sql(`SELECT COUNT(*) FROM filing_event WHERE filing_id = ${filing.id} AND action = 'approve'`).trim()), 1);
    }
  });

  test('batch_approve_from_the_queue_skips_what_changed', async () => {
    const f1 = enterpriseWithFiling(A, { year: YEAR }).filing;
    const f2 = enterpriseWithFiling(A, { year: YEAR }).filing;
    const f3 = enterpriseWithFiling(A, { year: YEAR }).filing;
    sql(`UPDATE filing SET version = 7 WHERE id = ${f3.id}`); // someone saved it meanwhile
    const c = await reviewer('county', A);
    const q = await c.get(`/review?year=${YEAR}`);
    const picks = findAll(q.body, { tag: 'input', attrs: { name: 'pick' } }).map((e) => e.attrs.value);
    assert.ok(picks.includes(`${f1.id}:2`), picks.join(' '));
    const r = await c.request('POST', '/review/batch', {
      body: new URLSearchParams([['csrf', c.csrf], ['pick', `${f1.id}:2`], ['pick', `${f2.id}:2`], ['pick', `${f3.id}:2`]]).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/review?msg=batch&done=2&skipped=1');
    assert.equal(filingRow(f1.id).state, 'city');
    assert.equal(filingRow(f2.id).state, 'city');
    assert.equal(filingRow(f3.id).state, 'county');
    const after = await c.get(r.location);
    assert.match(after.noticeText, /通过 2 件，未处理 1 件/);
  });

  test('post_without_csrf_is_403', async () => {
    const { filing } = enterpriseWithFiling(A, { year: YEAR });
    const c = await reviewer('county', A);
    const r = await c.post(`/review/${filing.id}`, { action: 'approve', version: '2', csrf: null });
    assert.equal(r.status, 403);
    assert.equal(filingRow(filing.id).state, 'county');
  });
});

describe('review: queue paging', () => {
  test('keyset_pages_follow_waiting_order_without_gaps_or_repeats', async () => {
    const ent = createEnterprise({ region: A2, inLibrary: false, prefix: 'revpg' });
    const entId = enterpriseId(ent.username);
    const year = YEAR + 20; // a year of its own
    const ids = [];
    for (let i = 0; i < 45; i++) ids.push(submittedFiling(entId, { kind: 'update', year, daysAgo: 60 - i, values: { employees: '1' } }).id);
    const c = await reviewer('county', A2);
    const seen = [];
    let after = null;
    let pages = 0;
    do {
      const q = await c.get(`/review?year=${year}&kind=update${after ? `&after=${after}` : ''}`);
      assert.equal(q.status, 200);
      seen.push(...queueIds(q));
      after = nextAfter(q);
      pages++;
    } while (after && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, ids, 'longest waiting first, every filing once');
    assert.equal((await c.get(`/review?year=${year}&kind=update&after=garbage`)).status, 200);
  });
});

describe('review: registrations', () => {
  test('county_confirms_its_pending_registrations_only', async () => {
    const ent = createEnterprise({ region: A, inLibrary: false, prefix: 'revreg' });
    const other = createEnterprise({ region: B, inLibrary: false, prefix: 'revreg' });
    for (const e of [ent, other]) {
      sql(`UPDATE enterprise SET status = 'pending' WHERE uscc = ${lit(e.uscc)};
        UPDATE account SET status = 'pending', mobile = '13900000031' WHERE username = ${lit(e.username)}`);
    }
    const id = enterpriseId(ent.username);
    const otherId = enterpriseId(other.username);
    const county = await reviewer('county', A);
    const list = await county.get('/review/registrations');
    assert.equal(list.status, 200);
    assert.ok(find(list.body, { tag: 'tr', attrs: { 'data-id': String(id) } }));
    assert.equal(find(list.body, { tag: 'tr', attrs: { 'data-id': String(otherId) } }), null);
    assert.equal((await county.post(`/review/registrations/${otherId}`, { action: 'approve', version: '1' })).status, 404);
    const city = await reviewer('city', '320100');
    assert.equal((await city.get('/review/registrations')).status, 404);
    await city.get('/review');
    assert.equal((await city.post(`/review/registrations/${id}`, { action: 'approve', version: '1' })).status, 404);

    const short = await county.post(`/review/registrations/${id}`, { action: 'return', reason: '不对', version: '1' });
    assert.equal(short.status, 422);
    assert.match(short.errorsFor('reason')[0], /至少5个字/);
    const version = Number(sql(`SELECT version FROM enterprise WHERE id = ${id}`).trim());
    const ok = await county.post(`/review/registrations/${id}`, { action: 'approve', version: String(version) });
    assert.equal(ok.status, 303);
    assert.equal(sql(`SELECT status FROM enterprise WHERE id = ${id}`).trim(), 'confirmed');
    assert.equal(sql(`SELECT status FROM account WHERE username = ${lit(ent.username)}`).trim(), 'active');
    await session(ent.username, ent.password); // may log in now
    const again = await county.post(`/review/registrations/${id}`, { action: 'approve', version: String(version) });
    assert.equal(again.status, 409);
    assert.equal(sql(`SELECT status FROM enterprise WHERE id = ${otherId}`).trim(), 'pending');
  });
});

describe('review: entries against targets', () => {
  test('province_sees_every_city_with_the_2021_targets_and_a_chart', async () => {
    const p = await reviewer('province', '320000');
    const s = await p.get('/review/stats?year=2021');
    assert.equal(s.status, 200);
    const cities = findAll(s.body, { tag: 'tr', attrs: { 'data-region': true } }).filter((r) => /^32\d\d00$/.test(r.attrs['data-region']) && r.attrs['data-region'] !== '320000');
    assert.equal(cities.length, 13);
    const nj = findAll(cities.find((r) => r.attrs['data-region'] === '320100').inner, { tag: 'td' }).map((t) => t.text);
    assert.deepEqual(nj.slice(0, 2), ['南京市', '1000']);
    const sz = findAll(cities.find((r) => r.attrs['data-region'] === '320500').inner, { tag: 'td' }).map((t) => t.text);
    assert.deepEqual(sz.slice(0, 2), ['苏州市', '2500']);
    const svg = find(s.body, { tag: 'svg' });
    assert.equal(findAll(svg.inner, { tag: 'g', attrs: { class: 'bar' } }).length, 13, 'one bar group a city in the SVG');
    assert.ok(svg.attrs.viewbox.startsWith('0 0 640 '));
  });

  test('province_sets_targets_others_get_404', async () => {
    const year = YEAR + 60;
    const p = await reviewer('province', '320000');
    const page = await p.get(`/review/stats?year=${year}`);
    assert.equal(page.inputValue('target_320100'), null, 'no target yet');
    const bad = await p.post('/review/stats/targets', { year: String(year), target_320100: '12a', target_320200: '300' });
    assert.equal(bad.status, 422);
    assert.match(bad.errorsFor('target_320100')[0], /整数/);
    assert.equal(bad.inputValue('target_320100'), '12a', 'what was typed is kept');
    assert.equal(bad.inputValue('target_320200'), '300');
    assert.equal(sql(`SELECT COUNT(*) FROM city_target WHERE year = ${year}`).trim(), '0', 'nothing saved');
    const ok = await p.post('/review/stats/targets', { year: String(year), target_320100: '120', target_320200: '300' });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, `/review/stats?year=${year}&msg=targets`);
    assert.equal(sql(`SELECT city_code, target FROM city_target WHERE year = ${year} ORDER BY city_code`), '320100\t120\n320200\t300\n');
    const after = await p.get(ok.location);
    const nj = find(after.body, { tag: 'tr', attrs: { 'data-region': '320100' } });
    assert.deepEqual(findAll(nj.inner, { tag: 'td' }).map((t) => t.text).slice(0, 2), ['南京市', '120']);
    assert.equal(Number(sql(`SELECT COUNT(*) FROM audit WHERE action = 'target_set' AND object_id LIKE '${year}:%'`).trim()), 2);
    const unset = await p.post('/review/stats/targets', { year: String(year), target_320100: '' });
    assert.equal(unset.status, 303);
    assert.equal(sql(`SELECT city_code FROM city_target WHERE year = ${year}`), '320200\n', 'empty removes; absent keeps');
    for (const [role, region] of [['city', '320100'], ['county', A]]) {
      const c = await reviewer(role, region);
      await c.get('/review/stats');
      assert.equal((await c.post('/review/stats/targets', { year: String(year), target_320100: '1' })).status, 404);
    }
    sql(`DELETE FROM city_target WHERE year = ${year}`);
  });

  test('accepted_entries_count_against_the_target_by_city_and_county', async () => {
    const year = YEAR + 40;
    sql(`INSERT INTO city_target (year, city_code, target, updated_at) VALUES (${year}, '320100', 4, UTC_TIMESTAMP())`);
    const e1 = enterpriseWithFiling(A, { year, state: 'accepted' });
    enterpriseWithFiling(A2, { year, state: 'accepted' });
    enterpriseWithFiling(A2, { year, state: 'city' });
    enterpriseWithFiling(B, { year, state: 'accepted' });
    const city = await reviewer('city', '320100');
    const s = await city.get(`/review/stats?year=${year}`);
    const rows = Object.fromEntries(findAll(s.body, { tag: 'tr', attrs: { 'data-region': true } })
      .map((r) => [r.attrs['data-region'], findAll(r.inner, { tag: 'td' }).map((t) => t.text)]));
    // 设区市 省下达 市自定 目标 新增入库 完成率 差额 数据更新 称号 创新型 审核中
    assert.deepEqual(rows['320100'], ['南京市', '4', '', '4', '2', '50.00', '2', '0', '0', '0', '1']);
    // 县 目标 县级培育库目标 新增入库 完成率 差额 数据更新 称号 创新型 审核中
    assert.deepEqual(rows[A], ['浦口区', '未设定', '', '1', '', '', '0', '0', '0', '0']);
    assert.deepEqual(rows[A2], ['栖霞区', '未设定', '', '1', '', '', '0', '0', '0', '1']);
    assert.equal(rows['320200'], undefined, 'not another city');
    assert.equal(rows[B], undefined);
    const county = await reviewer('county', A);
    const cs = await county.get(`/review/stats?year=${year}`);
    const regions = findAll(cs.body, { tag: 'tr', attrs: { 'data-region': true } }).map((r) => r.attrs['data-region']);
    assert.deepEqual(regions, [A]);
    assert.ok(e1);
    sql(`DELETE FROM city_target WHERE year = ${year}`); // the stats page lists target years
  });
});

describe('review: names, not codes', () => {
  // Slot keys and the reference codes a filing holds: none may stand alone where a person reads.
  const SLOT_KEYS = ['licence', 'audit', 'tax', 'rnd', 'honour', 'other'];
  const SCORE_KEYS = ['ip', 'rd_ratio', 'growth', 'debt', 'field', 'main_share'];

  test('review_page_assessment_and_export_show_names', async () => {
    const year = YEAR + 80;
    const values = { ...sampleValues(year, 7), industry: '3459', cluster: '11', chains: '34,35' };
    const fx = enterpriseWithFiling(A, { year, values });
    const id = fx.filing.id;
    const sha = 'c'.repeat(64);
    sql(`INSERT IGNORE INTO stored_file (sha256, size, created_at) VALUES ('${sha}', 1024, UTC_TIMESTAMP());
      INSERT INTO attachment (filing_id, enterprise_id, slot, name, size, type, sha256, uploaded_by, created_at)
      SELECT ${id}, ${fx.entId}, s.slot, CONCAT(s.slot, '.pdf'), 1024, 'pdf', '${sha}', a.id, UTC_TIMESTAMP()
      FROM account a JOIN (SELECT 'audit' AS slot UNION ALL SELECT 'licence' UNION ALL SELECT 'rnd' UNION ALL SELECT 'tax') s
      WHERE a.enterprise_id = ${fx.entId}`);
    const c = await reviewer('county', A);
    const page = await c.get(`/review/${id}`);
    assert.equal(page.status, 200);
    const cell = (name) => find(find(page.body, { tag: 'tr', attrs: { 'data-field': name } }).inner, { tag: 'td' }).text;
    assert.equal(cell('industry'), '其他传动部件制造（3459）');
    assert.equal(cell('cluster'), '高端装备集群');
    assert.equal(cell('chains'), '工业机器人、高档数控机床');
    const atts = findAll(page.body, { tag: 'li', attrs: { 'data-slot': true } });
    assert.equal(atts.length, 4);
    for (const li of atts) {
      const hint = find(li.inner, { tag: 'span', attrs: { class: 'hint' } }).text;
      assert.doesNotMatch(hint, new RegExp(`^(${SLOT_KEYS.join('|')})\\b`), `slot shown by its title: ${hint}`);
    }
    assert.match(page.mainText, /企业营业执照原件扫描件/);
    assert.match(page.mainText, /完税证明/);
    for (const t of findAll(page.body, { tag: 'td' }).map((e) => e.text.trim())) {
      assert.ok(!['3459', '11', '34,35', ...SLOT_KEYS].includes(t), `a bare code in a cell: ${t}`);
    }

    const as = await c.get(`/filing/${id}/assessment`);
    assert.equal(as.status, 200);
    const scores = findAll(as.body, { tag: 'tr', attrs: { 'data-score': true } });
    assert.ok(scores.length >= 6, 'the Ministry\'s score applies to an entry');
    for (const tr of scores) {
      const first = findAll(tr.inner, { tag: 'td' })[0].text.trim();
      assert.ok(!SCORE_KEYS.includes(first), `score indicator shown by its key: ${first}`);
    }
    assert.match(as.mainText, /研发费用占营业收入比重/);
    assert.doesNotMatch(as.body, /DOMAIN\.md/);

    // The summary holds what the county recommended: approve it first.
    const d = await c.get(`/review/${id}`);
    assert.equal((await c.post(`/review/${id}`, { action: 'approve', version: d.inputValue('version') })).status, 303);
    const csv = await c.get(`/review/export.csv?year=${year}`);
    assert.equal(csv.status, 200);
    const rows = parseCsv(csv.body.replace(/^\uFEFF/, ''));
    assert.ok(rows[0].includes(`${year - 1}年实缴税金（万元）`), rows[0].join(','));
    assert.ok(!rows[0].some((h) => /纳税总额/.test(h)));
    assert.equal(rows.length, 2);
    for (const v of rows[1]) assert.ok(!['3459', '11', '34,35', 'mfg', 'innov', 'county', ...SLOT_KEYS].includes(v), `bare code in the export: ${v}`);
  });
});

/** Upload bytes as name into slot of filing id as the enterprise c (the upload page's multipart). */
async function uploadFile(c, id, slot, name, bytes) {
  await c.get(`/filing/${id}/attachments`);
  const boundary = `----smereview${randomInt(1e9)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${c.csrf}\r\n`
      + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
      + 'Content-Type: application/pdf\r\n\r\n'),
    bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const r = await c.request('POST', `/upload/${id}/${slot}`,
    { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  assert.equal(r.status, 303, `upload ${slot}: ${r.status} ${r.text?.slice(0, 200)}`);
}

describe('review: what changed between submissions', () => {
  test('the_diff_lists_a_changed_field_and_a_replaced_attachment', async () => {
    const year = filingYear();
    const ent = createEnterprise({ region: A, inLibrary: false, prefix: 'diff' });
    const c = await session(ent.username, ent.password);
    const id = await newFiling(c, { kind: 'entry', class: 'mfg' });
    await fillAll(c, id, year);
    await uploadFile(c, id, 'licence', '营业执照.pdf', pdf(0));
    await uploadFile(c, id, 'audit', '审计报告2025.pdf', pdf(40));
    let page = await c.get(`/filing/${id}/basic`);
    let r = await c.post(`/filing/${id}/submit`, { version: page.inputValue('version') });
    assert.equal(r.status, 303, `submit: ${r.status} ${r.text.slice(0, 300)}`);

    const county = await reviewer('county', A);
    let d = await county.get(`/review/${id}`);
    r = await county.post(`/review/${id}`, { action: 'return', reason: '请更换审计报告并核对电话。', version: d.inputValue('version') });
    assert.equal(r.status, 303);

    // The enterprise replaces the audit report and corrects the legal representative's phone.
    const auditId = sql(`SELECT id FROM attachment WHERE filing_id = ${id} AND slot = 'audit'`).trim();
    await c.get(`/filing/${id}/attachments`);
    assert.equal((await c.post(`/upload/${auditId}/delete`)).status, 303);
    await uploadFile(c, id, 'audit', '审计报告2025（更正）.pdf', pdf(80));
    page = await c.get(`/filing/${id}/basic`);
    const old = page.inputValue('legal_rep_phone');
    const phone = old === '025-83456789' ? '025-83456788' : '025-83456789';
    r = await postSection(c, id, 'basic', sectionFields(page, year, { legal_rep_phone: phone }));
    assert.equal(r.status, 303, `save basic: ${r.status} ${r.errorFields}`);
    page = await c.get(`/filing/${id}/basic`);
    r = await c.post(`/filing/${id}/submit`, { version: page.inputValue('version') });
    assert.equal(r.status, 303, `resubmit: ${r.status} ${r.text.slice(0, 300)}`);

    d = await county.get(`/review/${id}`);
    const h2 = find(d.body, { tag: 'li', attrs: { 'data-seq': '2' } });
    assert.ok(h2, 'the second submission is in the history');
    assert.doesNotMatch(h2.text, /无变化/, 'not "unchanged" above a list of changes');
    assert.doesNotMatch(h2.text, /无法比较/, 'both submissions recorded their files');
    const field = find(h2.inner, { tag: 'tr', attrs: { 'data-field': 'legal_rep_phone' } });
    assert.ok(field, 'the changed phone is listed');
    assert.deepEqual(findAll(field.inner, { tag: 'td' }).map((t) => t.text), ['法定代表人电话', old, phone]);
    const file = find(h2.inner, { tag: 'tr', attrs: { 'data-slot': 'audit' } });
    assert.ok(file, 'the replaced audit report is listed');
    assert.equal(file.attrs['data-change'], 'replaced');
    assert.deepEqual(findAll(file.inner, { tag: 'td' }).map((t) => t.text),
      ['上年度财务审计报告或财务报表', '更换', '审计报告2025.pdf', '审计报告2025（更正）.pdf']);
    assert.equal(find(h2.inner, { tag: 'tr', attrs: { 'data-slot': 'licence' } }), null, 'the unchanged licence is not listed');
    assert.ok(find(d.body, { tag: 'li', attrs: { 'data-seq': '1' } }).text.includes('首次提交'));
  });

  test('unchanged_only_when_fields_and_files_are_the_same', async () => {
    const { filing } = enterpriseWithFiling(A, { year: YEAR + 80 });
    const snap = sql(`SELECT snapshot FROM filing_submission WHERE filing_id = ${filing.id}`).trim();
    sql(`UPDATE filing_submission SET attachments = '[{"slot":"licence","name":"a.pdf","sha256":"${'d'.repeat(64)}"}]' WHERE filing_id = ${filing.id}`);
    resubmit(filing.id, JSON.parse(snap));
    const county = await reviewer('county', A);
    let h2 = find((await county.get(`/review/${filing.id}`)).body, { tag: 'li', attrs: { 'data-seq': '2' } });
    assert.doesNotMatch(h2.text, /（与上次提交相比无变化）/, 'the files of submission 2 are not known');
    assert.match(h2.text, /附件变化无法比较/);
    sql(`UPDATE filing_submission SET attachments = '[]' WHERE filing_id = ${filing.id} AND seq = 2`);
    h2 = find((await county.get(`/review/${filing.id}`)).body, { tag: 'li', attrs: { 'data-seq': '2' } });
    assert.equal(find(h2.inner, { tag: 'tr', attrs: { 'data-slot': 'licence' } }).attrs['data-change'], 'removed');
    assert.doesNotMatch(h2.text, /无变化/);
    sql(`UPDATE filing_submission s1 JOIN filing_submission s2 ON s2.filing_id = s1.filing_id AND s2.seq = 2
      SET s2.attachments = s1.attachments WHERE s1.filing_id = ${filing.id} AND s1.seq = 1`);
    h2 = find((await county.get(`/review/${filing.id}`)).body, { tag: 'li', attrs: { 'data-seq': '2' } });
    assert.match(h2.text, /（与上次提交相比无变化）/);
    assert.equal(findAll(h2.inner, { tag: 'tr' }).length, 0, 'no change rows');
  });
});

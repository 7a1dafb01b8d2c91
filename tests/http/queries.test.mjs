// queries.test.mjs - what a page costs the database, counted by the server:
// a request carrying "X-SME-Query-Count: 1" is answered with X-SME-Queries,
// the difference of its worker connection's session status Questions
// before and after (lib/app.c, debug_query_count = 1 in tools/up's
// configuration). Session status belongs to that one connection, so other
// connections (other workers, other tests, the SQL of this file) cannot add
// to it, and a statement sent around lib/db.c is counted all the same.
//
// A section page costs at most 2 (the session, the filing with its values,
// events, section version and stored self-check); a review queue page at
// most 3 (the session, the rows, a count), with the self-check of every
// row stored with the filing rather than evaluated per row. A worker loads
// its reference lists once (lib/refname.c), in its first requests: the
// header X-SME-Worker-Requests tells them apart, and each request after
// them must be within the limit. The stored self-check must equal what the assessment
// page computes live, after a save changes the figures too; the name
// search through the bigram index finds what LIKE would; the statistics
// follow state changes (counts kept by triggers). The home page costs an
// enterprise 2 (the session, its filings, window, notices, contacts,
// removal and county change in one statement: lib/home.c) and a reviewer
// at most 3 (the session, the pending counts of its region), with what it
// shows in the order it showed it when each part was a query of its own.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  createEnterprise, createReviewer, find, findAll, session, sql, useStack,
} from '../harness/index.mjs';
import { enterpriseId, lit, submittedFiling } from '../harness/review.mjs';
import { fillAll, filingYear, newFiling, postSection, sectionFields } from '../harness/filing.mjs';

useStack();

const COUNT = { 'x-sme-query-count': '1' };
const WORKERS = 8; // tools/up: workers = 8 a handler
const ROWS = 4; // filings in the test's queue

/**
 * The queries the server counted for one GET (asserts the header is there
 * and 200), and how many requests its worker had handled with it.
 */
async function queriesOf(c, path) {
  const p = await c.get(path, { headers: COUNT });
  assert.equal(p.status, 200, `${path}: ${p.status}`);
  const n = p.headers.get('x-sme-queries');
  assert.ok(n !== null, `no X-SME-Queries on ${path}: is debug_query_count = 1 in var/sme.conf?`);
  return { n: Number(n), served: Number(p.headers.get('x-sme-worker-requests')), page: p };
}

/** Every worker busy at once, a few times, so that each has loaded its lists. */
async function warm(c, path) {
  for (let round = 0; round < 2; round++) {
    await Promise.all(Array.from({ length: WORKERS * 2 }, () => c.get(path)));
  }
}

/**
 * The most queries of sequential GETs of path, counting only requests on a
 * worker that had served others before (its first ones load the reference
 * lists it keeps: lib/refname.c), until n such were counted; and the last page.
 */
async function most(c, path, n = 10) {
  let max = 0;
  let page;
  for (let i = 0, counted = 0; counted < n; i++) {
    assert.ok(i < n * 5, `${path}: fewer than ${n} of ${i} requests on a worker that served before`);
    const r = await queriesOf(c, path);
    page = r.page;
    if (r.served < 3) continue;
    max = Math.max(max, r.n);
    counted++;
  }
  return { max, page };
}

/** The self-check counts of the assessment page (computed live). */
function liveCounts(page) {
  const n = (k) => Number(find(page.body, { attrs: { [`data-count-${k}`]: true } })?.attrs[`data-count-${k}`]);
  return { met: n('met'), unmet: n('unmet'), evidence: n('evidence'), unknown: n('unknown') };
}

/** The counts of a section page's line 对标自查：已满足 a 项，未满足 b 项，需提供证明 c 项，数据不全 d 项。 */
function storedCounts(page) {
  const t = find(page.body, { tag: 'p', attrs: { class: 'selfcheck' } })?.text ?? '';
  const m = /已满足 (\d+) 项，未满足 (\d+) 项，需提供证明 (\d+) 项，数据不全 (\d+) 项/.exec(t);
  assert.ok(m, `no self-check line on ${page.url}: ${t}`);
  return { met: +m[1], unmet: +m[2], evidence: +m[3], unknown: +m[4] };
}

describe('a section page', () => {
  let c;
  let id;
  let year;
  let ent;
  before(async () => {
    ent = createEnterprise({ region: '320115', inLibrary: false, prefix: 'qry' });
    c = await session(ent.username, ent.password);
    id = await newFiling(c, { kind: 'entry', class: 'mfg' });
    year = filingYear();
    await fillAll(c, id, year);
  });

  test('costs 2 queries at most, on every section, with the stored self-check equal to the live one', async () => {
    const live = liveCounts((await c.get(`/filing/${id}/assessment`)));
    const keys = ['basic', 'operations'];
    await warm(c, `/filing/${id}/basic`);
    for (const k of keys) {
      const { max, page } = await most(c, `/filing/${id}/${k}`);
      assert.ok(max <= 2, `GET /filing/${id}/${k}: ${max} queries (at most 2)`);
      assert.ok(max >= 2, `GET /filing/${id}/${k}: ${max} queries counted, but a session and a filing are read`);
      assert.deepEqual(storedCounts(page), live, `stored self-check on ${k} = the assessment's`);
    }
  });

  // The events come in the filing's one statement as a JSON object by id
  // (lib/filing.c): JSON_ARRAYAGG made MariaDB create an on-disk temporary
  // table for every page, since a reason may be longer than 512 characters.
  test('lists the filing\'s events oldest first, a reason of 800 characters whole', async () => {
    const reason = '请补充研发费用明细与审计报告'.repeat(58).slice(0, 800);
    const who = `(SELECT id FROM account WHERE username = ${lit(ent.username)})`;
    sql(`INSERT INTO filing_event (filing_id, at, actor_id, action, from_state, to_state, reason) VALUES
      (${id}, UTC_TIMESTAMP() - INTERVAL 3 DAY, ${who}, 'submit', 'draft', 'county', NULL),
      (${id}, UTC_TIMESTAMP() - INTERVAL 2 DAY, ${who}, 'return', 'county', 'returned', ${lit(reason)}),
      (${id}, UTC_TIMESTAMP() - INTERVAL 1 DAY, ${who}, 'submit', 'returned', 'county', NULL)`);
    // (filing_event is append-only: they stay; the filing is this file's own.)
    const { max, page } = await most(c, `/filing/${id}/operations`, 4);
    assert.ok(max <= 2, `with events: ${max} queries`);
    const items = findAll(page.body, { tag: 'li', attrs: { 'data-action': true } });
    assert.deepEqual(items.map((e) => e.attrs['data-action']), ['submit', 'return', 'submit']);
    assert.equal(find(items[1].inner, { tag: 'q' })?.text, reason);
  });

  test('a save stores the self-check of the new figures in its transaction', async () => {
    const before = storedCounts((await c.get(`/filing/${id}/operations`)));
    // No revenue for the last full year: its rules become 数据不全 or fail.
    const form = await c.get(`/filing/${id}/operations`);
    const fields = sectionFields(form, year, { [`revenue_${year - 1}`]: '', [`main_revenue_${year - 1}`]: '' });
    const r = await postSection(c, id, 'operations', fields);
    assert.equal(r.status, 303, `save: ${r.status} ${r.text.slice(0, 200)}`);
    const live = liveCounts(await c.get(`/filing/${id}/assessment`));
    const { max, page } = await most(c, `/filing/${id}/operations`, 6);
    assert.ok(max <= 2, `after the save: ${max} queries`);
    const after = storedCounts(page);
    assert.deepEqual(after, live);
    assert.notDeepEqual(after, before, 'removing a year\'s revenue changed the self-check');
    const row = sql(`SELECT met, unmet, evidence, unknown FROM filing_check WHERE filing_id = ${id}`).trim().split('\t').map(Number);
    assert.deepEqual(row, [after.met, after.unmet, after.evidence, after.unknown]);
  });
});

describe('the review queue', () => {
  // A year nobody else files in, so the queue filtered by it holds this file's rows.
  let YEAR;
  let rv;
  const rows = [];
  before(async () => {
    for (;;) {
      YEAR = 2200 + randomInt(700);
      if (sql(`SELECT COUNT(*) FROM filing WHERE year = ${YEAR}`).trim() === '0') break;
    }
    for (let i = 0; i < ROWS; i++) {
      const ent = createEnterprise({ region: '320115', inLibrary: false, prefix: 'qryq', name: `江宁查询${randomInt(1e6)}号${i}精密有限公司` });
      rows.push({ ent, ...submittedFiling(enterpriseId(ent.username), { year: YEAR, daysAgo: 10 - i }) });
    }
    const acct = createReviewer({ role: 'county', region: '320115', prefix: 'qryrv' });
    rv = await session(acct.username, acct.password);
  });

  test('costs 3 queries at most, with each row\'s self-check read from the filing', async () => {
    const path = `/review?status=county&year=${YEAR}`;
    // Made in SQL, the rows have no stored self-check: the first view computes and stores it.
    await rv.get(path);
    assert.equal(sql(`SELECT COUNT(*) FROM filing_check c JOIN filing f ON f.id = c.filing_id WHERE f.year = ${YEAR}`).trim(), String(ROWS));
    await warm(rv, path);
    const { max, page } = await most(rv, path);
    assert.ok(max <= 3, `GET ${path}: ${max} queries (at most 3)`);
    assert.ok(max >= 2, `GET ${path}: ${max} queries counted, but a session and the rows are read`);
    const shown = findAll(page.body, { tag: 'span', attrs: { 'data-met': true } });
    assert.equal(shown.length, ROWS, 'every row shows its self-check');
    const live = liveCounts(await rv.get(`/filing/${rows[0].id}/assessment`));
    const first = shown[0].attrs;
    assert.deepEqual([+first['data-met'], +first['data-unmet'], +first['data-evidence']],
      [live.met, live.unmet, live.evidence + live.unknown]);
  });

  test('a part of a name is found through the gram index, within 3 queries', async () => {
    const name = rows[2].ent.name;
    const part = name.slice(2, 9); // 查询NNNNNN: Chinese and digits
    const path = `/review?status=all&year=${YEAR}&q=${encodeURIComponent(part)}`;
    await warm(rv, path);
    const { max, page } = await most(rv, path, 6);
    assert.ok(max <= 3, `search: ${max} queries`);
    const ids = findAll(page.body, { attrs: { 'data-id': true } }).map((e) => Number(e.attrs['data-id']));
    const want = rows.filter((r) => r.ent.name.includes(part)).map((r) => r.id);
    assert.deepEqual(ids.sort(), want.sort());
    assert.ok(want.includes(rows[2].id));
    // What LIKE would not find, the index does not either (the name is checked).
    const none = await rv.get(`/review?status=all&year=${YEAR}&q=${encodeURIComponent('查询精密')}`);
    assert.equal(findAll(none.body, { attrs: { 'data-id': true } }).length, 0);
    // A renamed enterprise is found by its new name only (trigger on enterprise.name).
    const entId = enterpriseId(rows[ROWS - 1].ent.username);
    sql(`UPDATE enterprise SET name = ${lit('江宁更名测试有限公司' + entId)} WHERE id = ${entId}`);
    const renamed = await rv.get(`/review?status=all&year=${YEAR}&q=${encodeURIComponent('更名测试')}`);
    assert.deepEqual(findAll(renamed.body, { attrs: { 'data-id': true } }).map((e) => Number(e.attrs['data-id'])), [rows[ROWS - 1].id]);
    const old = await rv.get(`/review?status=all&year=${YEAR}&q=${encodeURIComponent(rows[ROWS - 1].ent.name.slice(2, 9))}`);
    assert.equal(findAll(old.body, { attrs: { 'data-id': true } }).length, 0);
  });

  test('the statistics follow each state change (counts kept by triggers)', async () => {
    // Per state: the kept count and a scan of the filings, in one statement.
    const both = () => Object.fromEntries(sql(`SELECT s.state,
        (SELECT COALESCE(SUM(n), 0) FROM filing_stat t WHERE t.year = ${YEAR} AND t.kind = 'entry'
          AND t.region_code = '320115' AND t.state = s.state),
        (SELECT COUNT(*) FROM filing f JOIN enterprise e ON e.id = f.enterprise_id WHERE f.year = ${YEAR}
          AND f.kind = 'entry' AND e.region_code = '320115' AND f.state = s.state)
      FROM (SELECT 'county' AS state UNION SELECT 'city' UNION SELECT 'province'
        UNION SELECT 'accepted' UNION SELECT 'returned') s`).trim().split('\n')
      .map((l) => l.split('\t')).map(([st, kept, scan]) => [st, { kept: +kept, scan: +scan }]));
    assert.equal(both().county.kept, ROWS);
    // Approve one through the page: it leaves county (to city, or accepted).
    const detail = await rv.get(`/review/${rows[0].id}`);
    const form = find(detail.body, { tag: 'form', attrs: { id: 'review-form' } });
    assert.ok(form, 'the decision form');
    const fields = Object.fromEntries(findAll(form.inner, { tag: 'input', attrs: { type: 'hidden' } })
      .map((e) => [e.attrs.name, e.attrs.value ?? '']));
    const r = await rv.post(`/review/${rows[0].id}`, { ...fields, action: 'approve' });
    assert.equal(r.status, 303, `approve: ${r.status} ${r.text.slice(0, 200)}`);
    const now = both();
    for (const [st, { kept, scan }] of Object.entries(now)) assert.equal(kept, scan, `state ${st}`);
    assert.equal(now.county.kept, ROWS - 1);
    const waiting = now.county.kept + now.city.kept + now.province.kept;
    const stats = await queriesOf(rv, `/review/stats?year=${YEAR}`);
    const row = find(stats.page.body, { tag: 'tr', attrs: { 'data-region': '320115' } });
    assert.ok(row, 'a row of 江宁区 on the statistics page');
    const cells = findAll(row.inner, { tag: 'td' }).map((e) => e.text);
    assert.equal(cells[cells.length - 1], String(waiting), `waiting in 江宁区: ${cells.join(' | ')}`);
  });
});

describe('the home page', () => {
  // 溧阳市 (320481), a county no other test uses: its contacts and a notice
  // for its enterprises are this file's own, removed afterwards. Next door
  // in 金坛区 (320413, same city), a registration and a filing wait too: the
  // county of 溧阳市 must not count them.
  const R = '320481';
  const NEXT = '320413';
  const MARK = `qryh${randomInt(1e9)}`;
  let ent;
  let rv;
  let ids;
  let notices;
  let provContacts;
  before(async () => {
    ent = createEnterprise({ region: R, inLibrary: false, prefix: 'qryh' });
    const acct = createReviewer({ role: 'county', region: R, prefix: 'qryhrv' });
    const y = filingYear();
    const today = 'DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR)';
    const filing = (v, year, state, reason) => `INSERT INTO filing (enterprise_id, kind, class, year, state,
        return_reason, created_at, updated_at, submitted_at) VALUES (@e, 'entry', 'mfg', ${year}, ${lit(state)},
        ${reason ? lit(reason) : 'NULL'}, UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP()); SET @${v} = LAST_INSERT_ID();`;
    const notice = (v, title, pub, exp) => `INSERT INTO notice (region_code, title, body, audience, publish_on,
        expires_on, created_by, created_at) VALUES (${lit(R)}, ${lit(`${MARK}${title}`)}, '<p>正文</p>', 'enterprise',
        ${today} - INTERVAL ${pub} DAY, ${exp === null ? 'NULL' : `${today} - INTERVAL ${exp} DAY`}, @by, UTC_TIMESTAMP());
        SET @${v} = LAST_INSERT_ID();`;
    // One client run for all of it: each costs a process.
    const out = sql(`SET @e = (SELECT enterprise_id FROM account WHERE username = ${lit(ent.username)});
      SET @by = (SELECT id FROM account WHERE username = ${lit(acct.username)});
      ${filing('old', y - 1, 'accepted')} ${filing('back', y, 'returned', `${MARK} 请补充研发费用明细`)}
      ${filing('waiting', y, 'county')}
      INSERT INTO enterprise (uscc, name, region_code, created_at, updated_at)
        VALUES (${lit(`91320413${MARK.slice(-9).padStart(9, '0')}X`)}, ${lit(`金坛${MARK}有限公司`)}, ${lit(NEXT)},
        UTC_TIMESTAMP(), UTC_TIMESTAMP());
      SET @e = LAST_INSERT_ID(); ${filing('next', y, 'county')}
      ${notice('older', '较早的通知', 3, null)} ${notice('newer', '较新的通知', 1, null)}
      ${notice('gone', '已过期的通知', 2, 1)} ${notice('later', '明天发布的通知', -1, null)}
      INSERT INTO region_contact (region_code, office, purpose, phone, hours, sort) VALUES
        ('320400', '${MARK}市工信局', '业务咨询', '0519-1', '', 1),
        (${lit(R)}, '${MARK}县工信局二', '业务咨询', '0519-3', '', 2),
        (${lit(R)}, '${MARK}县工信局一', '业务咨询', '0519-2', '', 1);
      SELECT @waiting, @back, @old, @newer, @older,
        (SELECT COUNT(*) FROM region_contact WHERE region_code = '320000');`).trim().split('\n').pop().split('\t').map(Number);
    ids = out.slice(0, 3); // year, then id, newest first
    notices = out.slice(3, 5);
    provContacts = out[5];
    rv = await session(acct.username, acct.password);
  });
  after(() => {
    sql(`DELETE FROM notice WHERE title LIKE '${MARK}%'; DELETE FROM region_contact WHERE office LIKE '${MARK}%'`);
  });

  test('costs an enterprise 2 queries, its filings, notices and contacts in their order', async () => {
    const c = await session(ent.username, ent.password);
    await warm(c, '/home');
    const { max, page } = await most(c, '/home', 6);
    assert.ok(max <= 2, `GET /home as an enterprise: ${max} queries (at most 2)`);
    assert.ok(max >= 2, `GET /home as an enterprise: ${max} queries counted, but a session and the page are read`);
    const shown = findAll(page.body, { tag: 'li', attrs: { 'data-filing': true } });
    assert.deepEqual(shown.map((e) => Number(e.attrs['data-filing'])), ids);
    assert.match(shown[1].text, new RegExp(`退回原因：${MARK} 请补充研发费用明细`));
    const hrefs = findAll(find(page.body, { tag: 'ul', attrs: { class: 'notices' } }).inner, { tag: 'a' })
      .map((e) => e.attrs.href).filter((h) => notices.some((n) => h === `/notices/${n}`));
    assert.deepEqual(hrefs, notices.map((n) => `/notices/${n}`), 'current notices, newest first');
    const contacts = findAll(find(page.body, { tag: 'ul', attrs: { class: 'contacts' } }).inner, { tag: 'li' })
      .map((e) => e.text);
    assert.deepEqual(contacts.slice(0, 3), [`${MARK}县工信局一：0519-2`, `${MARK}县工信局二：0519-3`,
      `${MARK}市工信局：0519-1`], 'its county first, then its city');
    assert.equal(contacts.length, Math.min(8, 3 + provContacts), 'and the province\'s');
  });

  test('costs a county reviewer 3 queries at most, the counts of its own county only', async () => {
    await warm(rv, '/home');
    const { max, page } = await most(rv, '/home', 6);
    assert.ok(max <= 3, `GET /home as a county: ${max} queries (at most 3)`);
    const count = (q) => Number(find(page.body, { tag: 'li', attrs: { 'data-queue': q } })?.inner
      .match(/class="count">(\d+)</)?.[1]);
    // What waits in 溧阳市 (by kind, and registrations), as the database has it now.
    const truth = Object.fromEntries(sql(`SELECT f.kind, COUNT(*) FROM filing f
        JOIN enterprise e ON e.id = f.enterprise_id WHERE f.state = 'county' AND e.region_code = ${lit(R)}
        GROUP BY f.kind UNION ALL SELECT 'registrations', COUNT(*) FROM enterprise
        WHERE status = 'pending' AND region_code = ${lit(R)}`).trim().split('\n')
      .map((l) => l.split('\t')).map(([k, n]) => [k, Number(n)]));
    assert.ok(truth.entry >= 1, 'a filing waits at the county');
    assert.notEqual(sql(`SELECT COUNT(*) FROM filing WHERE region_code = ${lit(NEXT)} AND state = 'county'`).trim(), '0');
    for (const k of ['entry', 'update', 'product', 'registrations']) {
      assert.equal(count(k), truth[k] ?? 0, `pending ${k}`);
    }
  });
});

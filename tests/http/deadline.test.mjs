// deadline.test.mjs - review deadlines (issue 17): the province sets them on
// /review/deadlines (checked, with Chinese messages, nothing half-saved); a
// filing waiting past its level's deadline reads 逾期N天 on the queue and is
// counted in the province's overdue summary on /review/stats; the due day
// itself is still in time (今天截止); sme-admin remind-reviewers run twice on
// one day queues exactly one SMS to the late bureau's reviewer, and a late
// bureau with no reviewer's mobile is not recorded as reminded. Each run
// uses a year nobody filed in and a county not yet reminded today, and
// removes its deadlines at the end.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  adminOk, createReviewer, find, findAll, session, sql, useStack,
} from '../harness/index.mjs';
import { enterpriseWithFiling, lit } from '../harness/review.mjs';

useStack();

/** The Beijing (UTC+8) date of now + days, YYYY-MM-DD. */
function cstDate(days = 0) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

let YEAR, COUNTY, CITY, COUNTY_NAME, prov, county, mobile, filing;

async function setUp() {
  for (;;) {
    YEAR = 3000 + randomInt(6000);
    if (sql(`SELECT COUNT(*) FROM filing WHERE year = ${YEAR}`).trim() === '0'
      && sql(`SELECT COUNT(*) FROM review_deadline WHERE year = ${YEAR}`).trim() === '0') break;
  }
  // A county whose bureau was not reminded today (each run reminds one).
  [COUNTY, CITY, COUNTY_NAME] = sql(`SELECT code, parent_code, name FROM region WHERE level = 'county'
    AND code NOT IN (SELECT region_code FROM review_reminder WHERE day = ${lit(cstDate())})
    ORDER BY RAND() LIMIT 1`).trim().split('\t');
  assert.ok(COUNTY, 'a county not reminded today');
  mobile = `139${String(randomInt(1e8)).padStart(8, '0')}`;
  const acct = createReviewer({ role: 'county', region: COUNTY, prefix: 'dlcounty' });
  sql(`UPDATE account SET mobile = ${lit(mobile)} WHERE username = ${lit(acct.username)}`);
  county = await session(acct.username, acct.password);
  const p = createReviewer({ role: 'province', region: '320000', prefix: 'dlprov' });
  prov = await session(p.username, p.password);
  ({ filing } = enterpriseWithFiling(COUNTY, { year: YEAR, daysAgo: 5 }));
}

async function tearDown() {
  if (!prov) return;
  await prov.get(`/review/deadlines?year=${YEAR}`);
  await prov.post('/review/deadlines', { year: String(YEAR), due_entry_county: '', due_entry_city: '' });
}

/** POST the deadlines form of YEAR (with the page's token) as the province. */
async function setDeadlines(fields) {
  await prov.get(`/review/deadlines?year=${YEAR}`);
  return prov.post('/review/deadlines', { year: String(YEAR), ...fields });
}

/** The queue row of our filing as the county reviewer sees it. */
async function queueRow() {
  const q = await county.get(`/review?year=${YEAR}`);
  assert.equal(q.status, 200);
  const row = find(q.body, { tag: 'tr', attrs: { 'data-id': String(filing.id) } });
  assert.ok(row, 'the filing is on the county queue');
  return row;
}

/** The overdue summary's rows of the province's stats page: { region: { level, total } }. */
async function overdueSummary() {
  const s = await prov.get('/review/stats');
  assert.equal(s.status, 200);
  const table = find(s.body, { tag: 'table', attrs: { class: 'overdue-summary' } });
  assert.ok(table, 'the province sees the overdue summary');
  const out = {};
  for (const tr of findAll(table.inner, { tag: 'tr', attrs: { 'data-overdue-region': true } })) {
    const cells = findAll(tr.inner, { tag: 'td' }).map((t) => t.text);
    out[tr.attrs['data-overdue-region']] = { level: tr.attrs['data-level'], total: Number(cells.at(-4)) };
  }
  return out;
}

describe('review deadlines', () => {
  // In the suite's hooks: the file's own (useStack) run first.
  before(setUp);
  after(tearDown);

  test('province_form_checks_dates_and_saves_nothing_half', async () => {
    const r = await setDeadlines({ due_entry_county: '2026-02-30', due_update_county: '2026-04-10',
      due_update_city: '2026-04-01' });
    assert.equal(r.status, 422);
    assert.match(r.errorsFor('due_entry_county').join(), /有效日期/);
    assert.match(r.errorsFor('due_update_city').join(), /上级审核截止日期不能早于下级/);
    assert.equal(r.inputValue('due_entry_county'), '2026-02-30', 'what was typed comes back');
    assert.equal(sql(`SELECT COUNT(*) FROM review_deadline WHERE year = ${YEAR}`).trim(), '0', 'nothing saved');
    assert.equal((await county.get('/review/deadlines')).status, 404, 'only the province sets deadlines');
  });

  test('overdue_filing_reads_yuqi_on_the_queue_and_counts_in_the_province_summary', async () => {
    const before0 = await overdueSummary();
    const was = (code) => before0[code]?.total ?? 0;
    // The due day itself is in time.
    let r = await setDeadlines({ due_entry_county: cstDate(0) });
    assert.equal(r.status, 303);
    let row = await queueRow();
    assert.equal(row.attrs['data-due'], 'soon');
    assert.match(row.text, /今天截止/);
    assert.doesNotMatch(row.text, /逾期/);
    // Due yesterday: one day overdue.
    r = await setDeadlines({ due_entry_county: cstDate(-1) });
    assert.equal(r.status, 303);
    assert.equal(sql(`SELECT DATE_FORMAT(due_on, '%Y-%m-%d') FROM review_deadline
      WHERE kind = 'entry' AND year = ${YEAR} AND level = 'county'`).trim(), cstDate(-1));
    row = await queueRow();
    assert.equal(row.attrs['data-due'], 'overdue');
    assert.match(row.attrs.class, /due-overdue/);
    const cells = findAll(row.inner, { tag: 'td' }).map((t) => t.text);
    assert.equal(cells[7], '5', 'five Beijing days at the county');
    assert.match(cells[8], new RegExp(`^逾期1天\\s*截止 ${cstDate(-1)}$`));
    const now = await overdueSummary();
    assert.equal(now[COUNTY]?.level, 'county');
    assert.equal(now[COUNTY].total, was(COUNTY) + 1, `${COUNTY_NAME} counts the overdue filing`);
    assert.equal(now[CITY].level, 'city');
    assert.equal(now[CITY].total, was(CITY) + 1, 'and so does its city');
    assert.equal(Object.values(now).filter((v) => v.level === 'city').length, 13, 'every city has a row');
  });

  test('remind_reviewers_twice_a_day_queues_one_sms_per_late_bureau', async () => {
    const r = await setDeadlines({ due_entry_county: cstDate(-1) });
    assert.equal(r.status, 303);
    const first = adminOk(['remind-reviewers']);
    assert.match(first, /\d+ bureaus with late filings, [1-9]\d* reminded now/);
    const second = adminOk(['remind-reviewers']);
    assert.match(second, / 0 reminded now, 0 SMS queued/, 'nothing again the same day');
    const sms = sql(`SELECT kind, text FROM sms_outbox WHERE to_mobile = ${lit(mobile)}`)
      .split('\n').filter(Boolean);
    assert.equal(sms.length, 1, sms.join('\n'));
    assert.match(sms[0], new RegExp(`^review_due\t.*${COUNTY_NAME}：您有1件申报已超过审核截止日期`));
    assert.equal(sql(`SELECT CONCAT(overdue, '/', sms) FROM review_reminder
      WHERE region_code = ${lit(COUNTY)} AND day = ${lit(cstDate())}`).trim(), '1/1');
    assert.equal(sql(`SELECT COUNT(*) FROM audit WHERE action = 'remind_reviewers'
      AND object_id = ${lit(`${COUNTY}/${cstDate()}`)}`).trim(), '1');
  });

  test('remind_reviewers_leaves_a_bureau_without_a_reviewers_mobile_unrecorded_until_one_is_set', async () => {
    const today = lit(cstDate());
    // Another county, not reminded today, none of whose county reviewers has a mobile.
    const [c2, name2] = sql(`SELECT code, name FROM region r WHERE level = 'county' AND code <> ${lit(COUNTY)}
      AND code NOT IN (SELECT region_code FROM review_reminder WHERE day = ${today})
      AND NOT EXISTS (SELECT 1 FROM account a WHERE a.region_code = r.code AND a.role = 'county'
        AND a.status = 'active' AND a.mobile IS NOT NULL AND a.mobile <> '')
      ORDER BY RAND() LIMIT 1`).trim().split('\t');
    assert.ok(c2, 'a county without a reviewer\'s mobile');
    enterpriseWithFiling(c2, { year: YEAR, daysAgo: 5 });
    assert.equal((await setDeadlines({ due_entry_county: cstDate(-1) })).status, 303);
    const out = adminOk(['remind-reviewers']);
    assert.match(out, /[1-9]\d* with no reviewer's mobile/);
    const recorded = () => sql(`SELECT sms FROM review_reminder WHERE region_code = ${lit(c2)} AND day = ${today}`).trim();
    assert.equal(recorded(), '', `${name2}'s day is not used up by nobody being told`);
    // Its reviewer's mobile set, the next run the same day reminds it.
    const m2 = `139${String(randomInt(1e8)).padStart(8, '0')}`;
    const acct = createReviewer({ role: 'county', region: c2, prefix: 'dlcounty' });
    sql(`UPDATE account SET mobile = ${lit(m2)} WHERE username = ${lit(acct.username)}`);
    adminOk(['remind-reviewers']);
    assert.equal(recorded(), '1');
    assert.equal(sql(`SELECT COUNT(*) FROM sms_outbox WHERE to_mobile = ${lit(m2)} AND kind = 'review_due'`).trim(), '1');
  });
});

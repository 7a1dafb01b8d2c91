// many.test.mjs - a bureau's lists longer than a page.
//
// A bureau whose library has more enterprises than its page lists
// (LIBYEAR_LIST_MAX, 2,000 rows). The list was cut at 2,000 in SQL, so the counts on the
// page were the first 2,000's and the one-click reminder (seed 002: 在库企业 must update
// their data every year) never reached the enterprises after them. 2,001 enterprises of
// 东台市 enter the library in SQL; the one whose name sorts last has an account with a
// mobile. The county's page lists 2,000, counts all and says how many it left out, and
// the reminder reaches the last one.
//
// A county with more pending registrations than its page lists (500): the oldest 500 are
// listed and the page says that more wait (it listed 500 and said nothing).
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  createEnterprise, createReviewer, findAll, session, sql, useStack,
} from '../harness/index.mjs';
import { enterpriseId, lit } from '../harness/review.mjs';

// 2,001 library enterprises change every bureau's counts while they exist.
useStack({ exclusive: true });

const COUNTY = '320981'; // 东台市 of 盐城市
const YEAR = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
const RUN = String(randomInt(1e6)).padStart(6, '0');
const BULK = 2000;
const PREFIX = `LIBMANY${RUN}-`; // Latin names sort before the Chinese ones of other tests
const MOBILE = `137${String(randomInt(1e8)).padStart(8, '0')}`;
const fx = {};

/** The counts of the page's hint: { due, overdue, filed, accepted }. */
function counts(body) {
  const out = {};
  for (const b of findAll(body, { tag: 'b', attrs: { 'data-count': true } })) out[b.attrs['data-count']] = Number(b.text);
  return out;
}

describe('a library larger than the page', () => {
  before(async () => {
    sql(`INSERT INTO enterprise (uscc, name, region_code, status, in_library, created_at, updated_at)
         SELECT CONCAT('LM', ${lit(RUN)}, LPAD(seq, 10, '0')), CONCAT(${lit(PREFIX)}, LPAD(seq, 5, '0')),
                ${lit(COUNTY)}, 'confirmed', 1, UTC_TIMESTAMP(), UTC_TIMESTAMP()
         FROM seq_1_to_${BULK}`);
    // The last by name: past the 2,000 the page lists, the only one with a mobile.
    fx.last = createEnterprise({ region: COUNTY, prefix: 'libmany' });
    fx.lastId = enterpriseId(fx.last.username);
    sql(`UPDATE enterprise SET name = ${lit(`${PREFIX}99999`)}, in_library = 1 WHERE id = ${fx.lastId}`);
    sql(`UPDATE account SET mobile = ${lit(MOBILE)} WHERE username = ${lit(fx.last.username)}`);
    const county = createReviewer({ role: 'county', region: COUNTY, prefix: 'libmanyc' });
    fx.county = await session(county.username, county.password);
    await fx.county.get('/home');
  });

  after(() => {
    sql(`DELETE r FROM library_reminder r JOIN enterprise e ON e.id = r.enterprise_id
         WHERE e.name LIKE ${lit(`${PREFIX}%`)}`);
    sql(`DELETE FROM enterprise WHERE name LIKE ${lit(`${PREFIX}%`)} AND id <> ${fx.lastId ?? 0}`);
    if (fx.lastId) sql(`UPDATE enterprise SET in_library = 0 WHERE id = ${fx.lastId}`);
  });

  test('the page lists 2,000, counts every one and says how many it left out', async () => {
    const page = await fx.county.get(`/review/library?year=${YEAR}`);
    assert.equal(page.status, 200);
    const ents = findAll(page.body, { tag: 'tr', attrs: { 'data-ent': true } }).map((tr) => Number(tr.attrs['data-ent']));
    assert.equal(ents.length, 2000, 'the page lists LIBYEAR_LIST_MAX rows');
    assert.ok(!ents.includes(fx.lastId), 'the last by name is past them');
    const n = counts(page.body);
    assert.ok(n.due + n.overdue >= BULK + 1, `every owing enterprise counted (${n.due} + ${n.overdue})`);
    const cut = findAll(page.body, { attrs: { id: 'cut' } })[0]?.text ?? '';
    const left = Number(/另有(\d+)家未列出/.exec(cut)?.[1]);
    assert.equal(2000 + left, n.due + n.overdue, `the note says how many are not listed: ${cut}`);
  });

  test('the reminder reaches the enterprises past the page', async () => {
    const r = await fx.county.post('/review/library/remind', { year: String(YEAR) });
    assert.equal(r.status, 303);
    const notice = (await fx.county.get(r.location)).noticeText;
    const m = /已发送提醒短信(\d+)条；(\d+)家/.exec(notice);
    assert.ok(m, notice);
    assert.ok(Number(m[1]) + Number(m[2]) >= BULK + 1, `sent + skipped cover every owing enterprise: ${notice}`);
    const texts = sql(`SELECT text FROM sms_outbox WHERE to_mobile = ${lit(MOBILE)}
                       AND kind = 'library_update_due'`).split('\n').filter(Boolean);
    assert.equal(texts.length, 1, 'the last enterprise was reminded');
    assert.match(texts[0], new RegExp(`尚未完成${YEAR}年度培育库数据更新`));
  });
});

describe('more registrations waiting than the page lists', () => {
  const REGS = 501;
  const NAMES = `REGMANY${RUN}-`;

  before(async () => {
    sql(`INSERT INTO enterprise (uscc, name, region_code, status, created_at, updated_at)
         SELECT CONCAT('RM', ${lit(RUN)}, LPAD(seq, 10, '0')), CONCAT(${lit(NAMES)}, LPAD(seq, 5, '0')),
                ${lit(COUNTY)}, 'pending', UTC_TIMESTAMP() - INTERVAL (1000 - seq) SECOND, UTC_TIMESTAMP()
         FROM seq_1_to_${REGS}`);
    if (!fx.county) {
      const county = createReviewer({ role: 'county', region: COUNTY, prefix: 'regmanyc' });
      fx.county = await session(county.username, county.password);
    }
  });

  after(() => {
    sql(`DELETE FROM enterprise WHERE name LIKE ${lit(`${NAMES}%`)}`);
  });

  test('the oldest 500 are listed and the page says more wait', async () => {
    const page = await fx.county.get('/review/registrations');
    assert.equal(page.status, 200);
    const names = findAll(page.body, { tag: 'tr', attrs: { 'data-id': true } }).map((tr) => tr.text);
    assert.equal(names.length, 500);
    assert.ok(names.some((t) => t.includes(`${NAMES}00001`)), 'the oldest is listed');
    assert.ok(!names.some((t) => t.includes(`${NAMES}00501`)), 'the newest waits for the next look');
    const more = findAll(page.body, { attrs: { id: 'more' } })[0]?.text ?? '';
    assert.match(more, /本页列出最早提交的500家，还有其他企业的注册信息待审核/);
  });
});

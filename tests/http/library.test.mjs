// library.test.mjs - the library's year (issue 18; seed 002: "对于未及时更新数据的
// 在库企业，将按规则清退出库"; seed 001: "省工信厅每年底公布入库培育企业名单"). One
// library enterprise of 鼓楼区 that entered last year walks the year: listed as not
// updated (待更新, then 逾期未更新 once the update window closed), reminded by SMS
// once a day, proposed for removal by its county, removed by 南京市, refused a
// 小巨人 filing (409 naming the reason), put back by the city's undo; removed again
// and re-entered by an accepted 新增入库. The public library lists it only while in.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  Client, DEMO_PASSWORD, createEnterprise, createReviewer, find, findAll, session, sql, useStack,
} from '../harness/index.mjs';
import { enterpriseId, lit, sampleValues, submittedFiling } from '../harness/review.mjs';

// It closes this year's update window for a while: nobody else may run meanwhile.
useStack({ exclusive: true });

const COUNTY = '320106'; // 鼓楼区 of 南京市
const YEAR = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
const MOBILE = `139${String(randomInt(1e8)).padStart(8, '0')}`;
const REASON = `未按期完成${YEAR}年度数据更新，经催告仍未填报`;
const UNDO = '企业已提供线下报送证明，撤销清退';
// Figures of its accepted entry: the public list must show none of them.
const FIGURES = ['87654.32', '13579.24'];

const fx = {};
let savedWindows = '';

/** The rows of GET /review/library: { ent, status, removal, text, forms }. */
function rows(page) {
  return findAll(page.body, { tag: 'tr', attrs: { 'data-ent': true } }).map((tr) => ({
    ent: Number(tr.attrs['data-ent']),
    status: tr.attrs['data-status'],
    removal: tr.attrs['data-removal'] ?? null,
    text: tr.text,
    forms: findAll(tr.inner, { tag: 'form' }).map((f) => f.attrs.action),
    removalId: find(tr.inner, { tag: 'input', attrs: { name: 'removal' } })?.attrs.value,
    version: find(tr.inner, { tag: 'input', attrs: { name: 'version' } })?.attrs.value,
  }));
}

async function row(c) {
  const p = await c.get(`/review/library?year=${YEAR}&county=${COUNTY}`);
  assert.equal(p.status, 200);
  return rows(p).find((r) => r.ent === fx.entId);
}

/** Messages queued for MOBILE: [{ kind, text }], oldest first. */
function sms() {
  return sql(`SELECT kind, text FROM sms_outbox WHERE to_mobile = ${lit(MOBILE)} ORDER BY id`)
    .split('\n').filter(Boolean).map((l) => { const [kind, text] = l.split('\t'); return { kind, text }; });
}

function audits(action) {
  return Number(sql(`SELECT COUNT(*) FROM audit WHERE action = ${lit(action)}`).trim());
}

function inLibrary() {
  return Number(sql(`SELECT in_library FROM enterprise WHERE id = ${fx.entId}`).trim());
}

/** Whether the public library of YEAR (page and CSV) lists the enterprise, searched by name. */
async function publicListed() {
  const anon = new Client();
  const q = encodeURIComponent(fx.ent.name);
  const page = await anon.get(`/library/public?year=${YEAR}&city=320100&county=${COUNTY}&q=${q}`);
  assert.equal(page.status, 200);
  const csv = await anon.get(`/library/public.csv?year=${YEAR}&county=${COUNTY}&q=${q}`);
  assert.equal(csv.status, 200);
  assert.match(csv.contentType, /^text\/csv; charset=utf-8/);
  const inPage = findAll(page.body, { tag: 'td', attrs: { class: 'name' } }).some((td) => td.text === fx.ent.name);
  assert.equal(csv.body.includes(fx.ent.name), inPage, 'the CSV lists what the page does');
  for (const f of FIGURES) assert.ok(!page.body.includes(f) && !csv.body.includes(f), `no figure ${f}`);
  return { inPage, page, csv };
}

/** Set this year's window of kind to close at closes (SQL time expression). */
function setWindow(kind, closes) {
  sql(`INSERT INTO filing_window (kind, year, opens_at, closes_at)
       VALUES ('${kind}', ${YEAR}, UTC_TIMESTAMP() - INTERVAL 30 DAY, ${closes})
       ON DUPLICATE KEY UPDATE opens_at = VALUES(opens_at), closes_at = VALUES(closes_at)`);
}

async function tokened(c) {
  await c.get('/home');
  return c;
}

describe('the library year: remind, remove, refuse, re-enter, publish', () => {
  before(async () => {
    savedWindows = sql(`SELECT kind, opens_at, closes_at FROM filing_window
      WHERE year = ${YEAR} AND kind IN ('update', 'giant-mfg')`);
    setWindow('update', 'UTC_TIMESTAMP() + INTERVAL 30 DAY');
    setWindow('giant-mfg', 'UTC_TIMESTAMP() + INTERVAL 30 DAY');
    fx.ent = createEnterprise({ region: COUNTY, prefix: 'lib' });
    fx.entId = enterpriseId(fx.ent.username);
    sql(`UPDATE account SET mobile = ${lit(MOBILE)} WHERE username = ${lit(fx.ent.username)}`);
    // It entered last year: an accepted 新增入库 of YEAR - 1, industry 3911 (大类 39).
    submittedFiling(fx.entId, {
      kind: 'entry', year: YEAR - 1, state: 'accepted',
      values: { ...sampleValues(YEAR - 1), industry: '3911', revenue_2020: FIGURES[0], assets_total: FIGURES[1] },
    });
    const county = createReviewer({ role: 'county', region: COUNTY, prefix: 'libcty' });
    fx.county = await tokened(await session(county.username, county.password));
    fx.city = await tokened(await session('demo_city', DEMO_PASSWORD));
    fx.otherCounty = await tokened(await session('demo_county2', DEMO_PASSWORD));
    fx.otherCity = await tokened(await session('demo_city2', DEMO_PASSWORD));
    fx.prov = await tokened(await session('demo_prov', DEMO_PASSWORD));
    fx.me = await tokened(await session(fx.ent.username, fx.ent.password));
  });

  after(() => {
    sql(`DELETE FROM filing_window WHERE year = ${YEAR} AND kind IN ('update', 'giant-mfg')`);
    for (const l of savedWindows.split('\n').filter(Boolean)) {
      const [kind, opens, closes] = l.split('\t');
      sql(`INSERT INTO filing_window (kind, year, opens_at, closes_at)
           VALUES (${lit(kind)}, ${YEAR}, ${lit(opens)}, ${lit(closes)})`);
    }
  });

  test('not updated: due while the window is open, overdue after; others of the region only', async () => {
    let r = await row(fx.county);
    assert.equal(r?.status, 'due', 'listed as 待更新');
    assert.match(r.text, /待更新/);
    assert.ok(!r.forms.includes('/review/library/propose'), 'no removal before the deadline');
    assert.equal(rows(await fx.otherCounty.get(`/review/library?year=${YEAR}`)).find((x) => x.ent === fx.entId),
      undefined, '秦淮区 does not see it');
    assert.equal((await fx.me.get('/review/library')).status, 404, 'not an enterprise page');

    setWindow('update', 'UTC_TIMESTAMP() - INTERVAL 1 DAY');
    r = await row(fx.county);
    assert.equal(r.status, 'overdue');
    assert.match(r.text, /逾期未更新/);
    assert.ok(r.forms.includes('/review/library/propose'));
    assert.equal((await row(fx.city)).status, 'overdue', '南京市 sees it too');
    const cityPage = await fx.city.get(`/review/library?year=${YEAR}&county=${COUNTY}`);
    const opt = find(cityPage.body, { tag: 'option', attrs: { value: COUNTY } });
    assert.equal(opt?.text, '鼓楼区', 'the city narrows its list by county');
    assert.equal(opt.attrs.selected, 'selected');
  });

  test('reminded by SMS in one action, at most once a day, audited', async () => {
    const before = audits('library_remind');
    let r = await fx.county.post('/review/library/remind', { year: String(YEAR) });
    assert.equal(r.status, 303);
    const page = await fx.county.get(r.location);
    assert.match(page.noticeText, /已发送提醒短信\d+条/);
    let mine = sms().filter((m) => m.kind === 'library_update_due');
    assert.equal(mine.length, 1);
    assert.match(mine[0].text, new RegExp(`尚未完成${YEAR}年度培育库数据更新`));
    assert.ok(audits('library_remind') > before);
    assert.match((await row(fx.county)).text, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, 'the reminder time shows');

    r = await fx.county.post('/review/library/remind', { year: String(YEAR) });
    assert.equal(r.status, 303);
    assert.match((await fx.county.get(r.location)).noticeText, /已发送提醒短信0条/);
    mine = sms().filter((m) => m.kind === 'library_update_due');
    assert.equal(mine.length, 1, 'not twice the same day');
    assert.equal((await fx.county.post('/review/library/remind', { year: String(YEAR), csrf: 'x' })).status, 403);
  });

  test('the province publishes the year; the public library lists it with no figures', async () => {
    assert.equal((await fx.county.post('/review/library/publish', { year: String(YEAR) })).status, 404);
    const r = await fx.prov.post('/review/library/publish', { year: String(YEAR) });
    assert.equal(r.status, 303);
    const { inPage, page, csv } = await publicListed();
    assert.ok(inPage, 'listed while in the library');
    const tr = findAll(page.body, { tag: 'tr' }).find((t) => t.text.includes(fx.ent.name));
    assert.match(tr.text, /南京市/);
    assert.match(tr.text, /鼓楼区/);
    assert.match(tr.text, /39 计算机、通信和其他电子设备制造业/);
    assert.match(tr.text, new RegExp(String(YEAR - 1)));
    assert.deepEqual([...csv.bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
    assert.equal(csv.body.split('\r\n')[0], '序号,企业名称,设区市,县（市、区）,所属行业,入库年份');
    const other = await new Client().get(`/library/public?year=${YEAR}&county=320104&q=${encodeURIComponent(fx.ent.name)}`);
    assert.equal(find(other.body, { attrs: { id: 'library-total' } }).text, '0', 'the county filter keeps it out of 秦淮区');
    const mfg = await new Client().get(`/library/public?year=${YEAR}&industry=C&q=${encodeURIComponent(fx.ent.name)}`);
    assert.equal(find(mfg.body, { attrs: { id: 'library-total' } }).text, '1', '门类 C 制造业 holds 大类 39');
    const farm = await new Client().get(`/library/public?year=${YEAR}&industry=A&q=${encodeURIComponent(fx.ent.name)}`);
    assert.equal(find(farm.body, { attrs: { id: 'library-total' } }).text, '0');
  });

  test('the county proposes removal with a reason; the city confirms; told by SMS', async () => {
    let r = await fx.county.post('/review/library/propose', { year: String(YEAR), ent: String(fx.entId), reason: '' });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorsFor('reason'), ['请填写原因（至少5个字）']);
    r = await fx.otherCounty.post('/review/library/propose', { year: String(YEAR), ent: String(fx.entId), reason: REASON });
    assert.equal(r.status, 404, 'another county');
    r = await fx.city.post('/review/library/propose', { year: String(YEAR), ent: String(fx.entId), reason: REASON });
    assert.equal(r.status, 404, 'the county proposes, not the city');
    r = await fx.county.post('/review/library/propose', { year: String(YEAR), ent: String(fx.entId), reason: REASON });
    assert.equal(r.status, 303);
    r = await fx.county.post('/review/library/propose', { year: String(YEAR), ent: String(fx.entId), reason: REASON });
    assert.equal(r.status, 409, 'one open proposal');
    assert.equal(inLibrary(), 1, 'still in until the city confirms');

    const c = await row(fx.city);
    assert.equal(c.removal, 'proposed');
    assert.ok(c.forms.includes('/review/library/confirm'));
    r = await fx.otherCity.post('/review/library/confirm', { year: String(YEAR), removal: c.removalId, version: c.version });
    assert.equal(r.status, 404, '无锡市 may not');
    r = await fx.city.post('/review/library/confirm', { year: String(YEAR), removal: c.removalId, version: c.version });
    assert.equal(r.status, 303);
    r = await fx.city.post('/review/library/confirm', { year: String(YEAR), removal: c.removalId, version: c.version });
    assert.equal(r.status, 409, 'stale');
    assert.equal(inLibrary(), 0);
    const told = sms().filter((m) => m.kind === 'library_removed');
    assert.equal(told.length, 1);
    assert.ok(told[0].text.includes(REASON), told[0].text);
    assert.equal(Number(sql(`SELECT COUNT(*) FROM audit WHERE action = 'library_remove_confirm'
      AND object_id = ${lit(c.removalId)}`).trim()), 1);
    assert.ok(!(await publicListed()).inPage, 'off the public library once removed');
  });

  test('removed: a 小巨人 filing is refused with the reason; the home page says why', async () => {
    const list = await fx.me.get('/filing');
    const r = await fx.me.post('/filing/new', { kind: 'giant-mfg', level: 'province', csrf: list.csrf });
    assert.equal(r.status, 409);
    assert.match(r.text, /清退出培育库/);
    assert.ok(r.text.includes(REASON), 'names the reason');
    const home = await fx.me.get('/home');
    const why = find(home.body, { attrs: { id: 'library-removed' } });
    assert.ok(why?.text.includes(REASON), 'home shows the reason');
  });

  test('the city undoes it with a reason: back in, listed, may file', async () => {
    const c = await row(fx.city);
    assert.equal(c.removal, 'confirmed');
    let r = await fx.city.post('/review/library/undo', { year: String(YEAR), ent: String(fx.entId), removal: c.removalId, version: c.version, reason: '' });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorsFor('reason'), ['请填写原因（至少5个字）']);
    r = await fx.city.post('/review/library/undo', { year: String(YEAR), ent: String(fx.entId), removal: c.removalId, version: c.version, reason: UNDO });
    assert.equal(r.status, 303);
    assert.equal(inLibrary(), 1);
    assert.ok(sms().some((m) => m.kind === 'library_restored' && m.text.includes(UNDO)));
    assert.ok((await publicListed()).inPage, 'listed again');
    const home = await fx.me.get('/home');
    assert.equal(find(home.body, { attrs: { id: 'library-removed' } }), null);
    const list = await fx.me.get('/filing');
    r = await fx.me.post('/filing/new', { kind: 'giant-mfg', level: 'province', csrf: list.csrf });
    assert.equal(r.status, 303, 'a 小巨人 filing may start again');
  });

  test('removed again, re-entered by an accepted 新增入库', async () => {
    let r = await fx.county.post('/review/library/propose', { year: String(YEAR), ent: String(fx.entId), reason: REASON });
    assert.equal(r.status, 303);
    const c = await row(fx.city);
    r = await fx.city.post('/review/library/confirm', { year: String(YEAR), removal: c.removalId, version: c.version });
    assert.equal(r.status, 303);
    assert.equal(inLibrary(), 0);
    assert.ok(!(await publicListed()).inPage);

    const entry = submittedFiling(fx.entId, { kind: 'entry', year: YEAR, values: { ...sampleValues(YEAR), industry: '3911' } });
    r = await fx.county.post(`/review/${entry.id}`, { action: 'approve', version: String(entry.version) });
    assert.equal(r.status, 303);
    r = await fx.city.post(`/review/${entry.id}`, { action: 'approve', version: String(entry.version + 1) });
    assert.equal(r.status, 303);
    assert.equal(inLibrary(), 1, 'the accepted entry puts it back');
    const { inPage, page } = await publicListed();
    assert.ok(inPage, 'listed again while in');
    const tr = findAll(page.body, { tag: 'tr' }).find((t) => t.text.includes(fx.ent.name));
    assert.match(tr.text, new RegExp(`${YEAR}$`), 'entered this year now');
    const status = (await row(fx.county));
    assert.equal(status?.status, 'none', 'an enterprise that entered this year owes no update this year');
  });
});

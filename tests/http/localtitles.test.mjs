// localtitles.test.mjs - 市县 titles and local libraries (seed 004 认定级别 "市县";
// seed 003: 金湖县's own criteria and 培育库): a certification filing at level
// local is reviewed by its county and decided, published for public notice and
// granted by its city, never by the province; where the city delegates, its
// county does all of it. A city or county keeps its own library beside the
// province's.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { before, describe, test } from 'node:test';
import {
  Client, createEnterprise, createReviewer, DEMO_PASSWORD, find, findAll, session, sql, useStack,
} from '../harness/index.mjs';
import { enterpriseId, filingRow, lit, submittedFiling } from '../harness/review.mjs';

useStack();

const YEAR = 2040 + randomInt(50);

function dayCst(days = 0) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

/** A 市县 product filing of ent submitted to its county: its id. */
function localFiling(ent, product) {
  const { id } = submittedFiling(enterpriseId(ent.username), { kind: 'product', year: YEAR });
  sql(`UPDATE filing SET level = 'local', subject = ${lit(product)} WHERE id = ${id}`);
  return id;
}

async function reviewer(role, region) {
  const rv = createReviewer({ role, region });
  return session(rv.username, rv.password);
}

/** Approve filing id as c at its current version; the response. */
async function approve(c, id) {
  const page = await c.get(`/review/${id}`);
  assert.equal(page.status, 200);
  return c.post(`/review/${id}`, { action: 'approve', version: String(filingRow(id).version) });
}

/** The publication rows on a publish page: { id, state, title, grant }. */
function lists(page) {
  return findAll(page.body, { tag: 'tr', attrs: { 'data-publication': true } }).map((tr) => ({
    id: tr.attrs['data-publication'],
    state: tr.attrs['data-state'],
    title: find(tr.inner, { tag: 'a' })?.text,
    grant: find(tr.inner, { tag: 'form' })?.attrs.action ?? null,
  }));
}

const candidates = (page) => findAll(page.body, { tag: 'tr', attrs: { 'data-filing': true } })
  .map((tr) => Number(tr.attrs['data-filing']));

/** Publish the city's/county's accepted 市县 product filings of YEAR as c; the new list's id. */
async function publishLocal(c, opened, closes) {
  assert.equal((await c.get(`/titles/publish?year=${YEAR}&kind=product`)).status, 200);
  const r = await c.post('/titles/publish', { year: YEAR, kind: 'product', level: 'local', opened, closes });
  assert.equal(r.status, 303, r.errorText ?? '');
  const after = await c.get(r.location);
  return lists(after)[0].id;
}

describe('市县 titles', () => {
  let ent; let id; let county; let city; let prov; let jinhu;

  before(async () => {
    ent = createEnterprise({ region: '320102', inLibrary: true, prefix: 'loc' });
    id = localFiling(ent, `市县精密轴承${YEAR}`);
    county = await session('demo_county', DEMO_PASSWORD);
    city = await session('demo_city', DEMO_PASSWORD);
    prov = await session('demo_prov', DEMO_PASSWORD);
    jinhu = await reviewer('county', '320831');
  });

  test('a_local_product_title_is_decided_and_granted_by_nanjing_without_the_province', async () => {
    // The county approves to the city; the city's approval completes the chain.
    assert.equal((await approve(county, id)).status, 303);
    assert.equal(filingRow(id).state, 'city');
    assert.equal((await approve(city, id)).status, 303);
    assert.equal(filingRow(id).state, 'accepted', 'no province step');
    assert.equal(sql(`SELECT COUNT(*) FROM filing_event WHERE filing_id = ${id} AND to_state = 'province'`).trim(), '0');

    // The province neither sees it to publish nor may publish 市县 lists.
    const pp = await prov.get(`/titles/publish?year=${YEAR}&kind=product&level=local`);
    assert.ok(!candidates(pp).includes(id));
    assert.equal((await prov.post('/titles/publish', {
      year: YEAR, kind: 'product', level: 'local', opened: dayCst(0), closes: dayCst(4),
    })).status, 403);
    // Another city does not see it.
    const wuxi = await session('demo_city2', DEMO_PASSWORD);
    assert.ok(!candidates(await wuxi.get(`/titles/publish?year=${YEAR}&kind=product`)).includes(id));

    // 南京市 publishes it for public notice under its name.
    const cp = await city.get(`/titles/publish?year=${YEAR}&kind=product`);
    assert.deepEqual(candidates(cp), [id]);
    const listId = await publishLocal(city, dayCst(0), dayCst(4));
    assert.equal(sql(`SELECT region_code FROM publication WHERE id = ${listId}`).trim(), '320100');
    const pub = await new Client().get(`/titles/public/${listId}`);
    assert.equal(find(pub.body, { tag: 'h1' }).text, `南京市${YEAR}年度市县专精特新产品认定名单公示`);
    assert.ok(pub.text.includes(ent.name));
    // Not before the notice is over; never by the province or another city.
    assert.equal((await city.post(`/titles/grant/${listId}`)).status, 409);
    sql(`UPDATE publication SET opened = '${dayCst(-6)}', closes = '${dayCst(-1)}' WHERE id = ${listId}`);
    assert.equal((await prov.post(`/titles/grant/${listId}`)).status, 404);
    assert.equal((await wuxi.post(`/titles/grant/${listId}`)).status, 404);
    const g = await city.post(`/titles/grant/${listId}`);
    assert.equal(g.status, 303);
    assert.equal(sql(`SELECT CONCAT(kind, ' ', level, ' ', product) FROM title WHERE filing_id = ${id}`).trim(),
      `product local 市县精密轴承${YEAR}`);
    const mine = await (await session(ent.username, ent.password)).get('/titles/mine');
    assert.ok(mine.text.includes('市县'));
  });

  test('where_huaian_delegates_jinhu_decides_and_grants_alone', async () => {
    const huaian = await reviewer('city', '320800');
    // A filing already with the city when it delegates stays the city's to decide.
    const e2 = createEnterprise({ region: '320831', inLibrary: true, prefix: 'jh' });
    const early = localFiling(e2, `金湖泵体${YEAR}`);
    assert.equal((await approve(jinhu, early)).status, 303);
    assert.equal(filingRow(early).state, 'city');
    await huaian.get('/titles/publish');
    assert.equal((await huaian.post('/titles/delegate', { csrf: null, county_decides: '1' })).status, 403);
    const d = await huaian.post('/titles/delegate', { county_decides: '1' });
    assert.equal(d.status, 303);
    try {
      assert.equal(sql(`SELECT action FROM audit WHERE object_type = 'region' AND object_id = '320800' ORDER BY id DESC LIMIT 1`).trim(),
        'local_title_setting');
      assert.equal((await approve(huaian, early)).status, 303);
      assert.equal(filingRow(early).state, 'accepted');
      const f2 = localFiling(e2, `金湖阀门${YEAR}`);
      assert.equal((await approve(jinhu, f2)).status, 303);
      assert.equal(filingRow(f2).state, 'accepted', 'the county decides');
      // The city now only says who decides; it may not publish.
      const hp = await huaian.get(`/titles/publish?year=${YEAR}&kind=product`);
      assert.match(find(hp.body, { attrs: { id: 'decider-hint' } }).text, /委托各县/);
      assert.equal((await huaian.post('/titles/publish', {
        year: YEAR, kind: 'product', level: 'local', opened: dayCst(0), closes: dayCst(4),
      })).status, 403);
      const listId = await publishLocal(jinhu, dayCst(-6), dayCst(-1));
      assert.equal((await jinhu.post(`/titles/grant/${listId}`)).status, 303);
      assert.equal(sql(`SELECT COUNT(*) FROM title WHERE filing_id = ${f2} AND level = 'local'`).trim(), '1');
    } finally {
      await huaian.post('/titles/delegate', { county_decides: '0' });
    }
  });

  test('a_county_keeps_its_own_library_beside_the_provinces', async () => {
    const mine = createEnterprise({ region: '320831', inLibrary: false, prefix: 'jl' });
    const other = createEnterprise({ region: '320102', inLibrary: false, prefix: 'jo' });
    await jinhu.get('/titles/library');
    let r = await jinhu.post('/titles/library', { uscc: other.uscc, year: String(YEAR), note: '' });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorsFor('uscc'), ['本地区没有该统一社会信用代码的已注册企业']);
    assert.equal(r.inputValue('uscc'), other.uscc);
    r = await jinhu.post('/titles/library', { uscc: mine.uscc, year: String(YEAR), note: '金政发〔2022〕33号' });
    assert.equal(r.status, 303);
    const page = await jinhu.get('/titles/library');
    const row = findAll(page.body, { tag: 'tr', attrs: { 'data-enterprise': true } })
      .find((tr) => find(tr.inner, { attrs: { class: 'uscc' } })?.text === mine.uscc);
    assert.ok(row, 'listed');
    assert.equal(find(row.inner, { attrs: { class: 'province' } }).text, '未入省库');
    assert.equal((await jinhu.post('/titles/library', { uscc: mine.uscc, year: String(YEAR) })).status, 422);
    // Another county's list does not have it; it cannot remove it.
    const xuanwu = await session('demo_county', DEMO_PASSWORD);
    const xp = await xuanwu.get('/titles/library');
    assert.ok(!xp.text.includes(mine.uscc));
    const entId = row.attrs['data-enterprise'];
    assert.equal((await xuanwu.post('/titles/library/remove', { id: entId })).status, 404);
    assert.equal((await jinhu.post('/titles/library/remove', { id: entId })).status, 303);
    assert.ok(!(await jinhu.get('/titles/library')).text.includes(mine.uscc));
    assert.equal(sql(`SELECT COUNT(*) FROM audit WHERE action IN ('local_library_add', 'local_library_remove') AND object_id = '${entId}'`).trim(), '2');
  });
});

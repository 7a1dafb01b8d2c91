// evaluation.test.mjs - sme-eval: a county reviewer runs the innovative-SME
// evaluation (the Ministry's 2022 score, DOMAIN.md) over its library
// enterprises, reads the ranked list with each indicator's points (checked
// against the scheme by hand) and proposes it to its city (seed 002: 县…设区市
// 工信部门…审核确认…公示…4月15日前报省工信厅); the city returns it or confirms it
// with a public notice (公示) whose dates the public page shows, then publishes
// it, and the province sees which cities reported by the deadline. Anyone reads
// a list on notice or published (names, totals, verdicts; never a figure). Other regions get 404,
// enterprises 403, and nothing outside the library or the county is scored.
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { before, describe, test } from 'node:test';
import {
  Client, createEnterprise, createReviewer, find, findAll, session, sql, useStack,
} from '../harness/index.mjs';

useStack();

// 赣榆区 and 海州区 of 连云港市: counties no other test files enterprises in.
const COUNTY = '320707';
const OTHER_COUNTY = '320706';
const CITY = '320700';
// An evaluation year of its own; filings are of that year, figures of the year before.
const YEAR = 2040 + randomInt(50);
const Y1 = YEAR - 1;
const Y2 = YEAR - 2;
// Names of this run's enterprises end with it, so earlier runs' rows are told apart.
const TAG = `${YEAR}${randomBytes(3).toString('hex')}有限公司`;

// What the direct qualifications (awards, 高新, R&D institution, financing) read:
// none of them, so only the points decide (unless high_tech is 1).
const NO_DIRECT = { high_tech: '0', sci_award_3y: '0', rd_institution: 'none', equity_financing_3y: '0' };

/*
 * 甲: R&D 987.65 / 13579.20 = 7.27% (5%以上: 20); main revenue growth
 * 12468.24 / 10101.01 - 1 = 23.4% (15%以上: 20); debt 9753.18 / 24680.42 =
 * 39.5% (55%以下: 10); main share 12468.24 / 13579.20 = 91.8% (70%以上: 20);
 * Ⅰ类知识产权 3 (10; 20 with evidence); field 5 (10 with evidence).
 * Total 85, areas 30/30/25 → 符合.
 */
const A = {
  ...NO_DIRECT, [`revenue_${Y1}`]: '13579.20', [`rd_expense_${Y1}`]: '987.65',
  [`main_revenue_${Y2}`]: '10101.01', [`main_revenue_${Y1}`]: '12468.24',
  assets_total: '24680.42', liabilities_total: '9753.18', ip_class1: '3', ip_class2: '0',
};
const A_POINTS = { ip: '10', rd_ratio: '20', growth: '20', debt: '10', field: '5', main_share: '20' };
/*
 * 乙: R&D 44.44 / 11111.50 = 0.40% (1%以下: 0); growth 5555.50 / 7777.70 - 1
 * = -28.6% (0%以下: 0); debt 25252.50 / 30303.30 = 83.3% (75%以上: 0); main
 * share 5555.50 / 11111.50 = 49.998% (50%以下: 0); no IP (0); field 5.
 * Total 5; even with every evidence band 30 < 60 → 不符合.
 */
const B = {
  ...NO_DIRECT, [`revenue_${Y1}`]: '11111.50', [`rd_expense_${Y1}`]: '44.44',
  [`main_revenue_${Y2}`]: '7777.70', [`main_revenue_${Y1}`]: '5555.50',
  assets_total: '30303.30', liabilities_total: '25252.50', ip_class1: '0', ip_class2: '0',
};
const B_POINTS = { ip: '0', rd_ratio: '0', growth: '0', debt: '0', field: '5', main_share: '0' };
/*
 * 丙 and 丁: R&D 303.03 / 12121.20 = 2.5% (2%-3%: 10); growth 10700.43 /
 * 10000.40 - 1 = 7.0% (5%-10%: 10); debt 12121.20 / 20202.00 = 60% (55%-75%:
 * 5); main share 10700.43 / 12121.20 = 88.3% (20); Ⅱ类 2 (5); field 5.
 * Total 55. 丙 is a 高新技术企业: qualifies directly → 符合. 丁 is not: 创新
 * 15 < 20, but with evidence (IP 20, field 10) 75 → 需佐证.
 */
const C = {
  ...NO_DIRECT, [`revenue_${Y1}`]: '12121.20', [`rd_expense_${Y1}`]: '303.03',
  [`main_revenue_${Y2}`]: '10000.40', [`main_revenue_${Y1}`]: '10700.43',
  assets_total: '20202.00', liabilities_total: '12121.20', ip_class1: '0', ip_class2: '2',
  high_tech: '1',
};
const D = { ...C, high_tech: '0' };
const FIGURES = ['13579.20', '987.65', '12468.24', '24680.42', '9753.18', '10101.01',
  '11111.50', '25252.50', '30303.30', '12121.20', '10700.43'];

/** Today plus days in China Standard Time, YYYY-MM-DD. */
function dayCst(days = 0) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

/** A filing of ent with values; its id. */
function filing(ent, state, values, { year = YEAR } = {}) {
  sql(`INSERT INTO filing (enterprise_id, kind, class, year, state, created_at, updated_at)
       SELECT id, 'entry', 'mfg', ${year}, '${state}', UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM enterprise WHERE uscc = '${ent.uscc}'`);
  const id = Number(sql(`SELECT MAX(f.id) FROM filing f JOIN enterprise e ON e.id = f.enterprise_id
       WHERE e.uscc = '${ent.uscc}'`).trim());
  const rows = Object.entries(values).map(([k, v]) => `(${id}, '${k}', '${v}')`).join(', ');
  sql(`INSERT INTO filing_value (filing_id, name, value) VALUES ${rows}`);
  return id;
}

/** The ranked list of a run page: [{ id, name, place, total, result, points: { indicator: points } }]. */
function ranking(page) {
  return findAll(page.body, { tag: 'tr', attrs: { 'data-enterprise': true } }).map((tr) => ({
    id: tr.attrs['data-enterprise'],
    name: find(tr.inner, { tag: 'span' })?.text,
    place: find(tr.inner, { tag: 'td', attrs: { class: 'place' } })?.text,
    total: find(tr.inner, { attrs: { 'data-score': 'total' } })?.text,
    result: tr.attrs['data-result'],
    verdict: find(tr.inner, { attrs: { class: 'verdict' } })?.text,
    points: Object.fromEntries(findAll(tr.inner, { tag: 'td', attrs: { 'data-points': true } })
      .filter((td) => td.attrs['data-score'] !== 'total')
      .map((td) => [td.attrs['data-score'], td.attrs['data-points']])),
  }));
}

describe('innovative-SME evaluation', () => {
  let county; let entA; let entB; let entC; let entD; let entOut; let entOther; let entDraft;
  let runId; let runPath;

  before(async () => {
    entA = createEnterprise({ name: `评价甲精密${TAG}`, region: COUNTY });
    entB = createEnterprise({ name: `评价乙<b>机械</b>${TAG}`, region: COUNTY });
    entC = createEnterprise({ name: `评价丙高新${TAG}`, region: COUNTY });
    entD = createEnterprise({ name: `评价丁传感${TAG}`, region: COUNTY });
    entOut = createEnterprise({ name: `评价库外${TAG}`, region: COUNTY, inLibrary: false });
    entOther = createEnterprise({ name: `评价邻县${TAG}`, region: OTHER_COUNTY });
    entDraft = createEnterprise({ name: `评价草稿${TAG}`, region: COUNTY });
    // 甲: the accepted filing counts, not the later one still in review (乙's figures).
    filing(entA, 'accepted', A);
    filing(entA, 'county', B);
    filing(entB, 'accepted', B);
    // 丙: an older accepted filing is replaced by the newer accepted one.
    filing(entC, 'accepted', B, { year: YEAR - 1 });
    filing(entC, 'accepted', C);
    // 丁: nothing accepted yet, so its filing in review counts; a draft never does.
    filing(entD, 'city', D);
    filing(entD, 'draft', A);
    filing(entDraft, 'draft', A);
    filing(entOut, 'accepted', A);
    filing(entOther, 'accepted', A);
    // A filing of a later year is not used for this year's evaluation.
    filing(entB, 'accepted', A, { year: YEAR + 1 });
    const rv = createReviewer({ role: 'county', region: COUNTY });
    county = await session(rv.username, rv.password);
  });

  test('evaluation_page_offers_a_run_for_the_county', async () => {
    const p = await county.get('/evaluation');
    assert.equal(p.status, 200);
    assert.match(find(p.body, { attrs: { id: 'scope' } })?.text ?? '', /赣榆区/);
    assert.ok(p.inputValue('year'), 'a year is proposed');
  });

  test('run_refuses_a_bad_year_with_the_input_kept', async () => {
    await county.get('/evaluation');
    const r = await county.post('/evaluation', { year: '19x' });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorsFor('year'), ['请填写评价年度（2000—2099年）']);
    assert.equal(r.inputValue('year'), '19x');
    // Before the Ministry's 2022 scheme there is nothing to score with.
    const early = await county.post('/evaluation', { year: '2021' });
    assert.equal(early.status, 422);
    assert.deepEqual(early.errorsFor('year'), ['该年度没有适用的创新型中小企业评价标准']);
  });

  test('run_over_a_region_without_library_filings_is_422', async () => {
    // 兴化市: no test files enterprises there.
    const rv = createReviewer({ role: 'county', region: '321281' });
    const c = await session(rv.username, rv.password);
    await c.get('/evaluation');
    const r = await c.post('/evaluation', { year: YEAR });
    assert.equal(r.status, 422);
    assert.equal(r.errorsFor('year').length, 1);
    assert.match(r.errorsFor('year')[0], /没有可评价的入库企业/);
    assert.equal(r.inputValue('year'), String(YEAR));
  });

  test('run_without_csrf_is_403', async () => {
    const r = await county.post('/evaluation', { csrf: null, year: YEAR });
    assert.equal(r.status, 403);
  });

  test('run_scores_and_ranks_the_library_of_the_county', async () => {
    await county.get('/evaluation');
    const r = await county.post('/evaluation', { year: YEAR });
    assert.equal(r.status, 303);
    const m = /^\/evaluation\/(\d+)\?msg=run$/.exec(r.location);
    assert.ok(m, r.location);
    runId = m[1];
    runPath = `/evaluation/${runId}`;
    const p = await county.get(r.location);
    assert.equal(p.status, 200);
    assert.equal(p.noticeText, '评价已完成，请审阅排名名单。');
    assert.match(find(p.body, { attrs: { id: 'scheme' } }).text, /创新型中小企业评价标准/);
    const rows = ranking(p);
    const mine = rows.filter((x) => x.name?.endsWith(`${TAG}`));
    const names = mine.map((x) => x.name);
    // Only library enterprises of the county with a submitted filing are scored.
    assert.deepEqual(names, [entA.name, entC.name, entD.name, entB.name], 'met 85, met 55, evidence 55, unmet 5');
    assert.ok(!rows.some((x) => [entOut.name, entOther.name, entDraft.name].includes(x.name)));
    const [a, c, d, b] = mine;
    assert.equal(a.total, '85');
    assert.equal(a.result, 'met');
    assert.equal(a.verdict, '符合');
    assert.deepEqual(a.points, A_POINTS);
    assert.equal(b.total, '5');
    assert.equal(b.result, 'unmet');
    assert.equal(b.verdict, '不符合');
    assert.deepEqual(b.points, B_POINTS);
    assert.equal(c.total, '55');
    assert.equal(c.result, 'met', '高新技术企业 qualifies directly');
    assert.equal(d.total, '55');
    assert.equal(d.result, 'evidence');
    assert.equal(d.verdict, '需佐证');
    // Places follow the order; the county's list has every row once.
    const places = rows.map((x) => Number(x.place));
    assert.deepEqual([...places].sort((x, y) => x - y), places);
    assert.equal(rows.length, Number(find(p.body, { attrs: { id: 'enterprises' } }).text));
    assert.ok(!p.body.includes('<b>机械</b>'), 'names are escaped');
    // Stored in one go, audited, and a draft until published.
    assert.equal(sql(`SELECT state FROM evaluation_run WHERE id = ${runId}`).trim(), 'draft');
    assert.equal(sql(`SELECT COUNT(*) FROM audit WHERE action = 'evaluation_run' AND object_id = '${runId}'`).trim(), '1');
    const list = await county.get('/evaluation');
    const tr = find(list.body, { tag: 'tr', attrs: { 'data-run': runId } });
    assert.ok(tr, 'the run is listed');
    assert.equal(tr.attrs['data-state'], 'draft');
  });

  test('a_city_run_covers_its_counties_and_stays_the_citys', async () => {
    const city = createReviewer({ role: 'city', region: CITY });
    const cc = await session(city.username, city.password);
    await cc.get('/evaluation');
    const r = await cc.post('/evaluation', { year: YEAR });
    assert.equal(r.status, 303);
    const p = await cc.get(r.location);
    const names = ranking(p).map((x) => x.name).filter((n) => n?.endsWith(TAG));
    assert.deepEqual(names.sort(), [entA.name, entB.name, entC.name, entD.name, entOther.name].sort());
    const path = r.location.replace(/\?.*$/, '');
    assert.equal((await county.get(path)).status, 404, 'a county does not see the city\'s run');
  });

  test('home_links_reviewers_to_the_evaluation', async () => {
    const home = await county.get('/home');
    assert.ok(find(home.body, { tag: 'a', attrs: { href: '/evaluation' } }));
    const ent = await session(entA.username, entA.password);
    const eh = await ent.get('/home');
    assert.equal(find(eh.body, { tag: 'a', attrs: { href: '/evaluation' } }), null);
  });

  test('a_draft_is_not_public', async () => {
    assert.equal((await new Client().get(`/evaluation/public/${runId}`)).status, 404);
  });

  test('another_region_gets_404', async () => {
    const other = createReviewer({ role: 'county', region: OTHER_COUNTY });
    const oc = await session(other.username, other.password);
    assert.equal((await oc.get(runPath)).status, 404);
    await oc.get('/evaluation');
    assert.equal((await oc.post(`${runPath}/publish`, { version: '1' })).status, 404);
    const list = await oc.get('/evaluation');
    assert.equal(find(list.body, { tag: 'tr', attrs: { 'data-run': runId } }), null);
    // The city's own scope is the city's runs, not a county's.
    const city = createReviewer({ role: 'city', region: CITY });
    const cc = await session(city.username, city.password);
    assert.equal((await cc.get(runPath)).status, 404);
    assert.equal(sql(`SELECT state FROM evaluation_run WHERE id = ${runId}`).trim(), 'draft');
  });

  test('an_enterprise_may_use_no_evaluation_route_but_the_public_one', async () => {
    const ent = await session(entA.username, entA.password);
    for (const path of ['/evaluation', runPath]) {
      const r = await ent.get(path);
      assert.ok([403, 404].includes(r.status), `GET ${path}: ${r.status}`);
    }
    await ent.get('/home');
    for (const path of ['/evaluation', `${runPath}/publish`]) {
      const r = await ent.post(path, { year: YEAR, version: '1' });
      assert.ok([403, 404].includes(r.status), `POST ${path}: ${r.status}`);
    }
    assert.equal(sql(`SELECT state FROM evaluation_run WHERE id = ${runId}`).trim(), 'draft');
  });

  test('a_step_with_a_stale_version_is_409', async () => {
    await county.get(runPath);
    const r = await county.post(`${runPath}/propose`, { version: '999' });
    assert.equal(r.status, 409);
    assert.ok(r.errorText);
    assert.equal(sql(`SELECT state FROM evaluation_run WHERE id = ${runId}`).trim(), 'draft');
  });

  test('county_proposes_city_returns_or_confirms_a_notice_then_publishes', async () => {
    const state = () => sql(`SELECT state FROM evaluation_run WHERE id = ${runId}`).trim();
    // The version a reviewer's page carries (a page without a form: the stored one).
    const version = async () => sql(`SELECT version FROM evaluation_run WHERE id = ${runId}`).trim();
    // A county does not publish alone: no publish form, and the step is refused.
    let page = await county.get(runPath);
    assert.equal(find(page.body, { tag: 'form', attrs: { action: `${runPath}/publish` } }), null);
    assert.equal((await county.post(`${runPath}/publish`, { version: page.inputValue('version') })).status, 409);
    let r = await county.post(`${runPath}/propose`, { version: page.inputValue('version') });
    assert.equal(r.status, 303);
    assert.equal(r.location, `${runPath}?msg=propose`);
    assert.equal(state(), 'proposed');
    assert.equal(sql(`SELECT COUNT(*) FROM audit WHERE action = 'evaluation_propose' AND object_id = '${runId}'`).trim(), '1');

    // The city sees the proposed list among its runs, with confirm and return.
    const cityRv = createReviewer({ role: 'city', region: CITY });
    const city = await session(cityRv.username, cityRv.password);
    const list = await city.get('/evaluation');
    assert.equal(find(list.body, { tag: 'tr', attrs: { 'data-run': runId } })?.attrs['data-state'], 'proposed');
    page = await city.get(runPath);
    assert.equal(page.status, 200);
    assert.equal(find(page.body, { attrs: { id: 'state' } }).text, '待设区市确认');
    assert.ok(find(page.body, { tag: 'form', attrs: { action: `${runPath}/return` } }));
    // Return needs a reason; the county sees it and proposes again.
    r = await city.post(`${runPath}/return`, { version: page.inputValue('version'), reason: '  ' });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorsFor('reason'), ['请填写退回原因']);
    r = await city.post(`${runPath}/return`, { version: page.inputValue('version'), reason: '请核实丁企业的研发费用' });
    assert.equal(r.status, 303);
    assert.equal(state(), 'returned');
    page = await county.get(runPath);
    assert.equal(find(page.body, { attrs: { id: 'return-reason' } })?.text, '请核实丁企业的研发费用');
    assert.equal((await county.post(`${runPath}/propose`, { version: page.inputValue('version') })).status, 303);

    // Confirm: the notice's dates are checked, what was typed comes back.
    r = await city.post(`${runPath}/confirm`, {
      version: await version(), notice_opens: dayCst(0), notice_closes: dayCst(-2),
    });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorsFor('notice_closes'), ['公示截止日期不能早于开始日期']);
    assert.equal(r.inputValue('notice_closes'), dayCst(-2));
    assert.equal(state(), 'proposed');
    assert.equal((await county.post(`${runPath}/confirm`, {
      version: await version(), notice_opens: dayCst(0), notice_closes: dayCst(4),
    })).status, 409, 'a county does not confirm its own list');
    r = await city.post(`${runPath}/confirm`, {
      version: await version(), notice_opens: dayCst(0), notice_closes: dayCst(4),
    });
    assert.equal(r.status, 303);
    assert.equal(state(), 'notice');

    // On notice: the public page shows the list and the dates; publishing waits.
    const anon = new Client();
    let pub = await anon.get(`/evaluation/public/${runId}`);
    assert.equal(pub.status, 200);
    assert.equal(find(pub.body, { attrs: { id: 'notice-opens' } }).text, dayCst(0));
    assert.equal(find(pub.body, { attrs: { id: 'notice-closes' } }).text, dayCst(4));
    assert.equal(find(pub.body, { attrs: { id: 'state' } }).text, '公示中');
    const index = await anon.get('/evaluation/public');
    const item = findAll(index.body, { tag: 'tr' }).find((tr) => find(tr.inner, { tag: 'a', attrs: { href: `/evaluation/public/${runId}` } }));
    assert.equal(find(item.inner, { attrs: { class: 'period' } }).text, `${dayCst(0)} 至 ${dayCst(4)}`);
    r = await city.post(`${runPath}/publish`, { version: await version() });
    assert.equal(r.status, 409);
    assert.equal(r.errorText, `公示期至${dayCst(4)}结束，期满后方可发布。`);

    // The notice is over (its dates moved back): the city publishes.
    sql(`UPDATE evaluation_run SET notice_opens = '${dayCst(-6)}', notice_closes = '${dayCst(-1)}' WHERE id = ${runId}`);
    const v = await version();
    r = await city.post(`${runPath}/publish`, { version: v });
    assert.equal(r.status, 303);
    assert.equal(r.location, `${runPath}?msg=published`);
    const after = await county.get(r.location);
    assert.equal(after.noticeText, '名单已发布。');
    assert.equal(find(after.body, { attrs: { id: 'state' } }).attrs['data-state'], 'published');
    assert.equal(find(after.body, { tag: 'form', attrs: { action: `${runPath}/publish` } }), null, 'no publish button');
    for (const step of ['propose', 'confirm', 'return', 'publish'])
      assert.equal(sql(`SELECT COUNT(*) FROM audit WHERE action = 'evaluation_${step}' AND object_id = '${runId}'`).trim(),
        step === 'propose' ? '2' : '1', step);
    assert.equal((await city.post(`${runPath}/publish`, { version: String(Number(v) + 1) })).status, 409);
    pub = await anon.get(`/evaluation/public/${runId}`);
    assert.equal(find(pub.body, { attrs: { id: 'notice-opens' } }).text, dayCst(-6));
    assert.equal(find(pub.body, { attrs: { id: 'notice-closes' } }).text, dayCst(-1));
    assert.equal(find(pub.body, { attrs: { id: 'published-on' } }).text, dayCst(0));

    // The province sees that 连云港市 reported this year's list, by the deadline.
    const provRv = createReviewer({ role: 'province', region: '320000' });
    const prov = await session(provRv.username, provRv.password);
    const rep = await prov.get(`/evaluation/reports?year=${YEAR}`);
    assert.equal(rep.status, 200);
    assert.equal(find(rep.body, { attrs: { id: 'deadline' } }).text, `${YEAR}-04-15`);
    const row = find(rep.body, { tag: 'tr', attrs: { 'data-city': CITY } });
    assert.equal(row.attrs['data-status'], 'on_time');
    assert.equal(find(row.inner, { attrs: { class: 'first' } }).text, dayCst(0));
    // Earlier runs' enterprises of the county are scored too: the run's own count.
    assert.equal(find(row.inner, { attrs: { class: 'qualified' } }).text,
      sql(`SELECT qualified FROM evaluation_run WHERE id = ${runId}`).trim());
    assert.equal(find(rep.body, { tag: 'tr', attrs: { 'data-city': '320100' } }).attrs['data-status'], 'missing');
    assert.equal((await county.get('/evaluation/reports')).status, 403);
  });

  test('the_published_list_names_the_qualified_without_figures', async () => {
    const anon = new Client();
    const pub = await anon.get(`/evaluation/public/${runId}`);
    assert.equal(pub.status, 200);
    assert.match(find(pub.body, { tag: 'h1' }).text, new RegExp(`赣榆区${YEAR}年度创新型中小企业评价结果`));
    const rows = findAll(pub.body, { tag: 'tr', attrs: { class: 'entry' } }).map((tr) => ({
      name: find(tr.inner, { attrs: { class: 'name' } }).text,
      total: find(tr.inner, { attrs: { class: 'total' } }).text,
      verdict: find(tr.inner, { attrs: { class: 'verdict' } }).text,
    }));
    const mine = rows.filter((x) => x.name.endsWith(`${TAG}`));
    // Only those that qualify are published: the others are not named in public.
    assert.deepEqual(mine, [
      { name: entA.name, total: '85', verdict: '符合' },
      { name: entC.name, total: '55', verdict: '符合' },
    ]);
    for (const f of FIGURES) assert.ok(!pub.body.includes(f), `figure ${f} is not shown`);
    assert.equal(findAll(pub.body, { attrs: { 'data-score': true } }).length, 0, 'no indicator points');
    assert.ok(!pub.text.includes('研发费用占比'), 'no indicator columns');
    assert.ok(!pub.body.includes(entA.uscc), 'no credit code');
    assert.ok(!pub.body.includes('<b>机械</b>'));
    const index = await anon.get('/evaluation/public');
    assert.equal(index.status, 200);
    assert.ok(find(index.body, { tag: 'a', attrs: { href: `/evaluation/public/${runId}` } }));
    // The enterprise, too, reads the public page.
    const ent = await session(entB.username, entB.password);
    assert.equal((await ent.get(`/evaluation/public/${runId}`)).status, 200);
  });

  test('public_page_of_no_list_is_404', async () => {
    const anon = new Client();
    for (const id of ['999999999', 'abc', '0'])
      assert.equal((await anon.get(`/evaluation/public/${id}`)).status, 404);
    const a = await anon.get('/evaluation');
    assert.equal(a.status, 303);
    assert.match(a.location, /^\/login/);
  });
});

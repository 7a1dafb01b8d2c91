// targets.test.mjs - the province's numbers (issue 17): targets at three
// levels (the province total and each city's figure of seed 000 附件2, a
// city raising its own but never below the province's, a county's set by
// its city), the four counts by region (新增入库 and 数据更新 accepted,
// titles granted, innovative SMEs a published evaluation qualifies) on the
// stats page, the province drilling into a city, and the 通报 workbook.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createReviewer, find, findAll, session, sql, useStack } from '../harness/index.mjs';
import { enterpriseWithFiling, lit, submittedFiling } from '../harness/review.mjs';
import { sheetGrid, unzipMember } from '../harness/xlsx.mjs';

useStack();

const A = '320111'; // 南京市浦口区
const A2 = '320113'; // 南京市栖霞区
const B = '320211'; // 无锡市滨湖区

// A year no filing, target, title or evaluation names, so counts are this run's.
function freshYear() {
  for (;;) {
    const y = 3000 + randomInt(6000);
    if (sql(`SELECT (SELECT COUNT(*) FROM filing WHERE year = ${y}) + (SELECT COUNT(*) FROM city_target WHERE year = ${y})
      + (SELECT COUNT(*) FROM region_target WHERE year = ${y}) + (SELECT COUNT(*) FROM evaluation_run WHERE year = ${y})
      + (SELECT COUNT(*) FROM title WHERE YEAR(granted_on) = ${y})`).trim() === '0') return y;
  }
}

async function reviewer(role, region) {
  const acct = createReviewer({ role, region, prefix: `tg${role}` });
  const c = await session(acct.username, acct.password);
  c.accountId = Number(sql(`SELECT id FROM account WHERE username = ${lit(acct.username)}`).trim());
  return c;
}

/** The rows of the table of class cls: { data-region: [cell texts] }. */
function rowsOf(page, cls) {
  const table = find(page.body, { tag: 'table', attrs: { class: cls } });
  assert.ok(table, `a table ${cls}`);
  return Object.fromEntries(findAll(table.inner, { tag: 'tr', attrs: { 'data-region': true } })
    .map((r) => [r.attrs['data-region'], findAll(r.inner, { tag: 'td' }).map((t) => t.text)]));
}

let Y;
const fx = {};
before(async () => {
  Y = freshYear();
  // The seed's figures for this year: 附件2 per city and 全省 1万家 (schema/008, 045).
  sql(`INSERT INTO city_target (year, city_code, target, updated_at)
    SELECT ${Y}, city_code, target, UTC_TIMESTAMP() FROM city_target WHERE year = 2021;
    INSERT INTO region_target (year, region_code, target, updated_at)
    SELECT ${Y}, region_code, target, UTC_TIMESTAMP() FROM region_target WHERE year = 2021 AND region_code = '320000'`);
  fx.prov = await reviewer('province', '320000');
  fx.city = await reviewer('city', '320100');
  // 新增入库: accepted in 浦口区 and 栖霞区, one still with the city; 数据更新:
  // accepted in 浦口区, returned in 栖霞区 (not counted).
  const e1 = enterpriseWithFiling(A, { year: Y, state: 'accepted' });
  submittedFiling(e1.entId, { year: Y, kind: 'update', state: 'accepted' });
  const e2 = enterpriseWithFiling(A2, { year: Y, state: 'accepted' });
  submittedFiling(e2.entId, { year: Y, kind: 'update', state: 'returned' });
  enterpriseWithFiling(A2, { year: Y, state: 'city' });
  // A 小巨人 title granted that year in 浦口区 and one the year before (not counted).
  sql(`INSERT INTO title (enterprise_id, kind, level, granted_on, valid_until, source, created_at) VALUES
    (${e1.entId}, 'giant-mfg', 'province', '${Y}-06-30', '${Y + 3}-06-29', 'imported', UTC_TIMESTAMP()),
    (${e1.entId}, 'product', 'province', '${Y - 1}-12-31', '${Y + 2}-12-30', 'imported', UTC_TIMESTAMP())`);
  // 创新型中小企业: a published run qualifies one in 滨湖区 (also on a second run:
  // counted once), not one of 栖霞区; a draft run's verdicts do not count.
  const b1 = enterpriseWithFiling(B, { year: Y, state: 'accepted' });
  const run = (region, state, results) => sql(`
    INSERT INTO evaluation_run (region_code, year, scheme_family, scheme_year, scheme_title, total_min,
      enterprises, qualified, state, run_by, run_at)
    VALUES ('${region}', ${Y}, 'cn-innov-sme', 2022, '评价', 60, ${results.length}, 1, '${state}', ${fx.prov.accountId}, UTC_TIMESTAMP());
    SET @r = LAST_INSERT_ID();
    INSERT INTO evaluation_result (run_id, enterprise_id, ent_name, region_code, filing_id, filing_year,
      filing_state, place, total, verdict, direct) VALUES
    ${results.map(([e, v], i) => `(@r, ${e.entId}, 'x', '${B}', ${e.filing.id}, ${Y}, 'accepted', ${i + 1}, 70, '${v}', 'unmet')`).join(', ')}`);
  run('320000', 'published', [[b1, 'met'], [e2, 'unmet']]);
  run('320200', 'published', [[b1, 'met']]);
  run('320100', 'draft', [[e2, 'met']]);
});

// The stats page lists the years with targets: this run's go.
after(() => sql(`DELETE FROM city_target WHERE year = ${Y}; DELETE FROM region_target WHERE year = ${Y}`));

describe('targets and progress: the province', () => {
  test('province_stats_lists_13_cities_with_four_counts_against_targets', async () => {
    const s = await fx.prov.get(`/review/stats?year=${Y}`);
    assert.equal(s.status, 200);
    const cities = rowsOf(s, 'cities');
    assert.deepEqual(Object.keys(cities).filter((k) => k !== '320000').length, 13, 'the 13 cities and the province\'s row');
    // 设区市 省下达 市自定 入库目标 新增入库 完成率 差额 数据更新 认定称号 创新型中小企业 审核中
    assert.deepEqual(cities['320100'], ['南京市', '1000', '', '1000', '2', '0.20', '998', '1', '1', '0', '1']);
    assert.deepEqual(cities['320200'], ['无锡市', '1500', '', '1500', '1', '0.07', '1499', '0', '0', '1', '0']);
    assert.deepEqual(cities['320500'].slice(0, 5), ['苏州市', '2500', '', '2500', '0']);
    assert.equal(find(s.body, { tag: 'table', attrs: { class: 'counties' } }), null, 'counties by drilling in');
    const total = find(find(s.body, { tag: 'tfoot' }).inner, { tag: 'tr' });
    assert.equal(find(total.inner, { tag: 'th' }).text, '全省');
    assert.deepEqual(findAll(total.inner, { tag: 'td' }).map((t) => t.text),
      ['', '', '10000', '3', '0.03', '9997', '1', '1', '1', '1']);
    assert.match(s.text.replace(/<[^>]+>/g, ''), /全省入库目标 10000 家；各设区市目标合计 11400 家/, 'the total beside the sum of the cities');
    // A chart a count, each with its title; the first draws targets.
    const svgs = findAll(s.body, { tag: 'svg' });
    assert.equal(svgs.length, 4);
    const titles = svgs.map((g) => find(g.inner, { tag: 'title' }));
    assert.deepEqual(titles.map((t) => t.text.replace(/（.*$/, '')),
      ['各设区市新增入库', '各设区市数据更新', '各设区市认定称号', '各设区市创新型中小企业']);
    assert.equal(svgs[0].attrs['aria-labelledby'], titles[0].attrs.id);
    assert.equal(findAll(svgs[0].inner, { tag: 'g', attrs: { class: 'bar' } }).length, 13);
    assert.equal(findAll(svgs[0].inner, { tag: 'rect', attrs: { class: 'target' } }).length, 13);
    assert.equal(findAll(svgs[1].inner, { tag: 'rect', attrs: { class: 'target' } }).length, 0);
  });

  test('province_sets_the_total_and_drills_into_a_city', async () => {
    const p = fx.prov;
    await p.get(`/review/stats?year=${Y}`);
    const bad = await p.post('/review/stats/targets', { year: String(Y), target_total: '1万' });
    assert.equal(bad.status, 422);
    assert.match(bad.errorsFor('target_total')[0], /整数/);
    assert.equal(bad.inputValue('target_total'), '1万', 'what was typed is kept');
    const ok = await p.post('/review/stats/targets', { year: String(Y), target_total: '10500' });
    assert.equal(ok.status, 303);
    assert.equal(sql(`SELECT target FROM region_target WHERE year = ${Y} AND region_code = '320000'`).trim(), '10500');
    const again = await p.post('/review/stats/targets', { year: String(Y), target_total: '10000' });
    assert.equal(again.status, 303);

    const d = await p.get(`/review/stats?year=${Y}&city=320100`);
    assert.equal(d.status, 200);
    const counties = rowsOf(d, 'counties');
    assert.equal(Object.keys(counties).length, 11, '南京市 has 11 districts');
    assert.deepEqual(counties[A], ['浦口区', '未设定', '', '1', '', '', '1', '1', '0', '0']);
    assert.deepEqual(Object.keys(rowsOf(d, 'cities')), ['320100'], 'the city alone, no province row');
    assert.equal(find(d.body, { tag: 'form', attrs: { id: 'local-targets-form' } }), null, 'counties are the city\'s to set');
    assert.equal(find(d.body, { tag: 'form', attrs: { id: 'targets-form' } }), null);
    for (const q of ['320111', '320000', '999999']) assert.equal((await p.get(`/review/stats?year=${Y}&city=${q}`)).status, 404, q);
  });
});

describe('targets and progress: a city', () => {
  test('city_raises_its_target_never_below_the_provinces_and_sets_its_counties', async () => {
    const c = fx.city;
    const page = await c.get(`/review/stats?year=${Y}`);
    assert.equal(page.status, 200);
    assert.equal(page.inputValue('own'), null, 'not raised yet');
    const low = await c.post('/review/stats/local', { year: String(Y), own: '900', [`target_${A}`]: '50' });
    assert.equal(low.status, 422);
    assert.match(low.errorsFor('own')[0], /不得低于省下达的目标数（1000家）/);
    assert.equal(low.inputValue('own'), '900', 'what was typed is kept');
    assert.equal(low.inputValue(`target_${A}`), '50');
    assert.equal(sql(`SELECT COUNT(*) FROM region_target WHERE year = ${Y} AND region_code LIKE '3201%'`).trim(), '0', 'nothing saved');
    const noCsrf = await c.post('/review/stats/local', { csrf: null, year: String(Y), own: '1200' });
    assert.equal(noCsrf.status, 403);

    await c.get(`/review/stats?year=${Y}`);
    const ok = await c.post('/review/stats/local', {
      year: String(Y), own: '1200', [`target_${A}`]: '500', [`target_${A2}`]: '300', [`target_${B}`]: '9',
    });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, `/review/stats?year=${Y}&msg=targets`);
    assert.equal(sql(`SELECT region_code, target FROM region_target WHERE year = ${Y} AND region_code <> '320000' ORDER BY region_code`),
      `320100\t1200\n${A}\t500\n${A2}\t300\n`, 'another city\'s county is not this city\'s to set');
    assert.equal(sql(`SELECT COUNT(*) FROM audit WHERE action = 'target_set' AND object_type = 'region_target' AND object_id LIKE '${Y}:3201%'`).trim(), '3');

    const after = await c.get(ok.location);
    assert.deepEqual(rowsOf(after, 'cities')['320100'], ['南京市', '1000', '1200', '1200', '2', '0.17', '1198', '1', '1', '0', '1']);
    const counties = rowsOf(after, 'counties');
    assert.deepEqual(counties[A], ['浦口区', '500', '', '1', '0.20', '499', '1', '1', '0', '0']);
    assert.deepEqual(counties[A2].slice(0, 6), ['栖霞区', '300', '', '1', '0.33', '299']);
    assert.match(after.text.replace(/<[^>]+>/g, ''), /各县（市、区）目标合计 800 家/);
    assert.equal(after.inputValue('own'), '1200');
    // The raised figure wins on the province's page too.
    const prov = rowsOf(await fx.prov.get(`/review/stats?year=${Y}`), 'cities');
    assert.deepEqual(prov['320100'].slice(0, 4), ['南京市', '1000', '1200', '1200']);

    // Others may not: 404 for the province and a county, and for another city's page.
    assert.equal((await fx.prov.post('/review/stats/local', { year: String(Y), own: '1300' })).status, 404);
    const county = await reviewer('county', A);
    const own = await county.get(`/review/stats?year=${Y}`);
    assert.deepEqual(Object.keys(rowsOf(own, 'counties')), [A], 'a county sees its own row');
    assert.equal((await county.post('/review/stats/local', { year: String(Y), [`target_${A}`]: '1' })).status, 404);
    assert.equal((await c.get(`/review/stats?year=${Y}&city=320200`)).status, 404);

    // Cleared, the province's figure counts again.
    await c.get(`/review/stats?year=${Y}`);
    assert.equal((await c.post('/review/stats/local', { year: String(Y), own: '' })).status, 303);
    assert.deepEqual(rowsOf(await c.get(`/review/stats?year=${Y}`), 'cities')['320100'].slice(1, 4), ['1000', '', '1000']);
  });
});

describe('targets and progress: the 通报', () => {
  test('tongbao_xlsx_has_a_title_row_and_13_city_rows', async () => {
    const x = await fx.prov.get(`/review/stats/report.xlsx?year=${Y}`);
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-type'), /spreadsheetml\.sheet/);
    assert.match(x.headers.get('content-disposition'), new RegExp(`attachment; filename="report-${Y}\\.xlsx"`));
    const all = sheetGrid(x.bytes);
    assert.match(all[0][0].v, new RegExp(`^${Y}年度各设区市.*通报$`), 'a title row');
    const header = all[1].map((h) => h.v);
    assert.deepEqual(header, ['序号', '设区市', '省下达目标', '市自定目标', '入库目标', '新增入库', '完成率（%）', '差额',
      '数据更新', '认定称号', '创新型中小企业', '入库审核中']);
    const cities = all.slice(2, -1);
    assert.equal(cities.length, 13);
    assert.deepEqual(cities.map((r) => r[1].v).slice(0, 3), ['南京市', '无锡市', '徐州市']);
    const col = (r, h) => r[header.indexOf(h)];
    const nj = cities[0];
    assert.deepEqual([col(nj, '入库目标'), col(nj, '新增入库'), col(nj, '完成率（%）'), col(nj, '数据更新'), col(nj, '认定称号')],
      [{ t: 'n', v: 1000 }, { t: 'n', v: 2 }, { t: 'n', v: 0.2 }, { t: 'n', v: 1 }, { t: 'n', v: 1 }]);
    assert.deepEqual(col(cities[1], '创新型中小企业'), { t: 'n', v: 1 });
    const last = all[all.length - 1];
    assert.equal(last[0], undefined, 'the province is not numbered');
    assert.equal(col(last, '设区市').v, '全省');
    assert.deepEqual([col(last, '省下达目标'), col(last, '入库目标'), col(last, '新增入库')],
      [{ t: 'n', v: 11400 }, { t: 'n', v: 10000 }, { t: 'n', v: 3 }], 'the province total beside the sum of the cities\' figures');
    assert.equal(col(nj, '市自定目标'), undefined, 'not raised: empty');
    const sheet = unzipMember(x.bytes, 'xl/worksheets/sheet1.xml');
    assert.match(sheet, /<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"/, 'landscape A4');
    assert.match(sheet, /<pane [^>]*ySplit="2"[^>]*state="frozen"/, 'title and header frozen');
    assert.equal((await fx.city.get(`/review/stats/report.xlsx?year=${Y}`)).status, 404);
  });
});

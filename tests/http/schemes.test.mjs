// schemes.test.mjs - criteria schemes as data: a bureau imports its own
// scheme with sme-admin scheme-import (no rebuild), and the assessment of a
// filing (GET /filing/{id}/assessment) uses it at once: each rule's result,
// the gap in words, any-of groups, unknown data, the region it applies to;
// the seeded schemes and the Ministry's innovative-SME score are there too.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ROOT, admin, adminOk, createEnterprise, find, findAll, session, sql, useStack } from '../harness/index.mjs';
import { filingYear, newFiling } from '../harness/filing.mjs';

useStack();
const Y = filingYear();
const fam = `t-${Date.now().toString(36)}-${process.pid}`;
const dir = mkdtempSync(path.join(tmpdir(), 'schemes-'));

after(() => {
  sql(`DELETE FROM scheme WHERE family = '${fam}'`);
  rmSync(dir, { recursive: true, force: true });
});

/** A bureau's scheme file for entry filings of Nanjing (320100) in year Y. */
function bureauFile(minRevenue) {
  const f = path.join(dir, `${minRevenue}.txt`);
  writeFileSync(f, [
    '# 南京市 test scheme',
    `scheme | ${fam} | ${Y} | city | mfg | entry,update | 320100 | pass | 南京市工业和信息化局 | 南京市测试入库条件 | 测试文件`,
    `rule | 1 | - | main_revenue | ge | ${minRevenue} | 万元 | - | 年度主营业务收入${minRevenue}万元以上`,
    'rule | 2 | - | debt_ratio | le | 70 | % | - | 资产负债率不高于70%',
    'rule | 3a | g3 | patents_invention | ge | 2 | 件 | ip | 拥有2项以上发明专利',
    'rule | 3b | g3 | rd_staff_ratio | ge | 20 | % | - | 或研发人员占比不低于20%',
    'rule | 4 | - | segment_years | ge | 3 | 年 | - | 从事细分领域3年以上',
    'rule | 5 | - | - | - | - | - | credit | 信誉良好',
    '',
  ].join('\n'));
  return f;
}

/** Set the filing's field values directly (the sections' own tests cover the forms). */
function setValues(id, values) {
  const rows = Object.entries(values).map(([k, v]) => `(${id}, '${k}', '${v}')`).join(',');
  sql(`REPLACE INTO filing_value (filing_id, name, value) VALUES ${rows}`);
}

function rule(page, id) {
  const el = find(page.body, { attrs: { 'data-rule': id } });
  assert.ok(el, `rule ${id} on the page`);
  return { result: el.attrs['data-result'], text: el.text };
}

async function entryFiling(region = '320102') {
  const ent = createEnterprise({ inLibrary: false, region });
  const c = await session(ent.username, ent.password);
  const id = await newFiling(c, { kind: 'entry', class: 'mfg' });
  return { ent, c, id };
}

describe('criteria schemes', () => {
  test('the migration loaded every scheme of schema/data/schemes.txt, rule by rule', () => {
    // The unit tests drive the file through lib/scheme.c; this checks the
    // migration's own reading of it (010_schemes.sh) gave the same rows.
    const want = new Map();
    let cur = null;
    for (const line of readFileSync(path.join(ROOT, 'schema/data/schemes.txt'), 'utf8').split('\n')) {
      const f = line.split('|').map((x) => x.trim());
      if (f[0] === 'scheme') want.set(cur = `${f[1]}/${f[2]}`, { rules: 0, bands: 0 });
      else if (f[0] === 'rule') want.get(cur).rules++;
      else if (f[0] === 'band') want.get(cur).bands++;
    }
    assert.ok(want.size >= 19);
    const got = sql('SELECT CONCAT(s.family, \'/\', s.year), (SELECT COUNT(*) FROM scheme_rule r WHERE r.scheme_id = s.id),'
      + ' (SELECT COUNT(*) FROM scheme_band b WHERE b.scheme_id = s.id) FROM scheme s');
    const have = new Map(got.trim().split('\n').map((l) => l.split('\t')).map(([k, r, b]) => [k, { rules: Number(r), bands: Number(b) }]));
    for (const [k, v] of want) assert.deepEqual(have.get(k), v, k);
    const rd = sql("SELECT r.op, r.threshold, r.unit FROM scheme_rule r JOIN scheme s ON s.id = r.scheme_id WHERE s.family = 'js-giant-mfg' AND s.year = 2022 AND r.code = '6'");
    assert.equal(rd.trim(), 'ge\t3.0000\t%');
  });

  test('scheme-import refuses a malformed file and names the line', () => {
    const f = path.join(dir, 'bad.txt');
    writeFileSync(f, `scheme | ${fam}-bad | ${Y} | city | mfg | entry | - | pass | 局 | 名 | 出处\nrule | 1 | - | revnue | ge | 1 | 万元 | - | 文字\n`);
    const r = admin(['scheme-import', f]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /第2行：未知的指标 revnue/);
    assert.doesNotMatch(adminOk(['scheme-list']), new RegExp(`${fam}-bad`));
  });

  test('an imported scheme is used by the next assessment, with gaps in words', async () => {
    assert.match(adminOk(['scheme-import', bureauFile(5000)]), new RegExp(`scheme ${fam}/${Y}: 6 rules`));
    assert.match(adminOk(['scheme-list']), new RegExp(`${fam}\\s+${Y} city`));
    const { c, id } = await entryFiling();
    setValues(id, {
      [`revenue_${Y - 1}`]: '6000', [`main_revenue_${Y - 1}`]: '4200.50',
      assets_total: '1000', liabilities_total: '700',
      patents_invention: '1', employees: '100', rd_staff: '19',
    });
    const page = await c.get(`/filing/${id}/assessment`);
    assert.equal(page.status, 200);
    const sec = find(page.body, { tag: 'section', attrs: { 'data-scheme': fam } });
    assert.ok(sec, 'the imported scheme is assessed');
    assert.equal(sec.attrs['data-verdict'], 'unmet');
    let r = rule(page, `${fam}/1`);
    assert.equal(r.result, 'unmet');
    assert.match(r.text, /上年度主营业务收入 4200\.50万元，要求不低于5000万元，差 799\.50 万元/);
    r = rule(page, `${fam}/2`);
    assert.equal(r.result, 'met', '70% is 不高于70%');
    assert.match(r.text, /资产负债率 70\.00%/);
    assert.equal(rule(page, `${fam}/3a`).result, 'unmet');
    assert.equal(rule(page, `${fam}/3b`).result, 'unmet');
    assert.match(rule(page, `${fam}/3b`).text, /差 1\.00 个百分点/);
    assert.equal(rule(page, `${fam}/4`).result, 'unknown', 'no segment_years: unknown, not unmet');
    assert.match(rule(page, `${fam}/4`).text, /无数据/);
    assert.equal(rule(page, `${fam}/5`).result, 'evidence');

    // One member of the any-of group suffices; the revenue gap closes.
    setValues(id, { rd_staff: '20', [`main_revenue_${Y - 1}`]: '5000', segment_years: '3' });
    const again = await c.get(`/filing/${id}/assessment`);
    assert.equal(rule(again, `${fam}/3b`).result, 'met');
    assert.equal(rule(again, `${fam}/1`).result, 'met');
    assert.equal(rule(again, `${fam}/4`).result, 'met');
    assert.equal(find(again.body, { tag: 'section', attrs: { 'data-scheme': fam } }).attrs['data-verdict'], 'evidence');

    // The bureau raises its threshold: the same family and year is replaced, no rebuild.
    assert.match(adminOk(['scheme-import', bureauFile(8000)]), /\(replaced\)/);
    const third = await c.get(`/filing/${id}/assessment`);
    assert.equal(rule(third, `${fam}/1`).result, 'unmet');
    assert.match(rule(third, `${fam}/1`).text, /要求不低于8000万元，差 3000\.00 万元/);
  });

  test('a city scheme does not apply to another city, and a stranger gets 404', async () => {
    const { c, id } = await entryFiling('320205');
    const page = await c.get(`/filing/${id}/assessment`);
    assert.equal(page.status, 200);
    assert.equal(find(page.body, { attrs: { 'data-scheme': fam } }), null);
    // The province's entry scheme (latest year not after the filing's) applies everywhere.
    const js = find(page.body, { tag: 'section', attrs: { 'data-scheme': 'js-entry-mfg' } });
    assert.ok(js);
    assert.equal(js.attrs['data-year'], '2021');
    const other = await entryFiling();
    const r = await other.c.get(`/filing/${id}/assessment`);
    assert.equal(r.status, 404);
  });

  test('the innovative-SME score shows each indicator\'s points and the total', async () => {
    const { c, id } = await entryFiling();
    setValues(id, {
      [`revenue_${Y - 2}`]: '1000', [`main_revenue_${Y - 2}`]: '800',
      [`revenue_${Y - 1}`]: '1000', [`main_revenue_${Y - 1}`]: '920',
      [`rd_expense_${Y - 1}`]: '30', assets_total: '1000', liabilities_total: '550',
      ip_class1: '1', ip_class2: '0', sci_award_3y: '0', high_tech: '0',
      rd_institution: 'city', equity_financing_3y: '0',
    });
    const page = await c.get(`/filing/${id}/assessment`);
    const sec = find(page.body, { tag: 'section', attrs: { 'data-scheme': 'cn-innov-sme' } });
    assert.ok(sec, 'the Ministry score applies to library filings');
    const points = Object.fromEntries(findAll(sec.inner, { attrs: { 'data-score': true } })
      .map((e) => [e.attrs['data-score'], e.attrs['data-points']]));
    // R&D 3% -> 15; growth 15% -> 20; debt 55% -> 10; main share 92% -> 20; Ⅰ类 -> 10; field -> 5.
    assert.deepEqual(points, { ip: '10', rd_ratio: '15', growth: '20', debt: '10', field: '5', main_share: '20' });
    assert.equal(find(sec.inner, { attrs: { 'data-total': true } }).attrs['data-total'], '80');
    assert.equal(sec.attrs['data-verdict'], 'met');
  });
});

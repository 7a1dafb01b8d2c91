// certification.test.mjs - the certification journey in Chromium (issue 7,
// "Done when"): an enterprise in the library starts a 小巨人企业认定（制造类）
// filing from the form on /filing, fills every section with figures that
// miss some of the provincial thresholds, reads its assessment (each rule's
// result and the gap in words), fixes the figures and sees the gaps close,
// uploads the required attachments through the page and submits; the
// county, the city and the province approve it on their review pages; the
// province publishes the list for public notice (公示) and grants the title;
// the enterprise sees its title on /titles/mine, and a second 制造类 or a
// 创新类 application is then refused with the rule named (409).
// Screenshots in var/screenshots/certification-*.png.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE, adminOk, createEnterprise, createReviewer, sql, useStack } from '../harness/index.mjs';
import { closePage, fillSection, launch, loginAs, openPage, saveSection, screenshot } from '../harness/browser.mjs';
import { filingRow, filingYear } from '../harness/filing.mjs';
import { docx, jpeg, pdf, xlsx } from '../harness/files.mjs';

useStack();
const Y = filingYear();
const COUNTY = '320111'; // 南京市浦口区
// The year the province publishes under, one of this run's own (see step 7);
// tests/http/titles.test.mjs takes its years from 2040-2089.
const LIST_YEAR = 2090 + randomInt(10);
let browser;
before(async () => {
  browser = await launch();
  // The application windows of this year, as tools/demo opens them, so the
  // test does not depend on demo data (the 创新类 refusal needs its window
  // open too: a closed window is refused before the combination rules).
  for (const kind of ['giant-mfg', 'giant-innov'])
    adminOk(['window-set', '--kind', kind, '--year', String(Y), '--opens', `${Y}-01-01`, '--closes', `${Y}-12-31`]);
});
after(async () => { await browser?.close(); });

/** YYYY-MM-DD of today + days in China Standard Time (the pages' day). */
function dayCst(days = 0) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

/** Same day n years later, as MariaDB's + INTERVAL n YEAR gives it (Feb 29 -> Feb 28). */
function plusYears(d, n) {
  const [y, m, day] = d.split('-').map(Number);
  const last = new Date(Date.UTC(y + n, m, 0)).getUTCDate();
  return `${y + n}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** Five yearly values (Y-4 .. Y, the last one 预计) of a figure row, as field overrides. */
function series(name, values) {
  return Object.fromEntries(values.map((v, i) => [`${name}_${Y - 4 + i}`, String(v)]));
}

// Figures that miss the provincial 2022 scheme (金政发〔2022〕33号 附件4):
// 主营业务收入 4400 < 5000 and 利润总额 360 < 400 (group 1 unmet), 研发费用占比
// 均值 2.24% < 3%, no 研发机构. Revenue grows 13.80% a year (2a met).
const WEAK = {
  ...series('revenue', [3800, 4300, 4900, 5600, 6200]),
  ...series('main_revenue', [3500, 3900, 4200, 4400, 5000]),
  ...series('profit', [300, 320, 340, 360, 380]),
  ...series('net_profit', [250, 270, 290, 300, 320]),
  ...series('tax', [200, 210, 220, 230, 240]),
  ...series('rd_invest', [150, 160, 170, 180, 190]),
  ...series('rd_expense', [90, 100, 110, 120, 130]),
  rd_institution: 'none',
};

/**
 * The rules of the provincial 制造类 scheme on the assessment page, in page
 * order: a Map code -> { rule, result, label, words }.
 */
async function provincialRules(page) {
  const scheme = page.locator('section.scheme[data-scheme="js-giant-mfg"]');
  assert.equal(await scheme.count(), 1, 'the provincial 小巨人（制造类） scheme applies');
  const rows = await scheme.locator('tr[data-rule]').evaluateAll((trs) => trs.map((tr) => ({
    rule: tr.dataset.rule, result: tr.dataset.result,
    label: tr.querySelector('.result').innerText, words: tr.querySelector('.words').innerText,
  })));
  return new Map(rows.map((r) => [r.rule.replace(/^js-giant-mfg\//, ''), r]));
}

/** Choose approve on the review page of filing id and send it (as the reviewer of page). */
async function approve(page, id) {
  await page.goto(`${BASE}/review/${id}`);
  await page.check('input[name="action"][value="approve"]');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '提交审核意见' }).click()]);
  assert.equal(page.url(), `${BASE}/review?msg=approved`);
}

/** Start a filing from the form on /filing; the response of the POST (a 303's target, or the 409 page). */
async function startFiling(page, kind) {
  await page.goto(`${BASE}/filing`);
  await page.selectOption('#kind', kind);
  await page.check('input[name="level"][value="province"]');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/filing/new'),
    page.waitForNavigation(),
    page.getByRole('button', { name: '新建' }).click(),
  ]);
  return res;
}

const ruleMessage = (code) => sql(`SELECT message FROM combination_rule WHERE code = '${code}'`).trim();

describe('certification journey in Chromium', () => {
  test('小巨人（制造类）: assessment with gaps, fill, submit, county-city-province, publish, grant, refusals', async () => {
    const ent = createEnterprise({ region: COUNTY, prefix: 'certjy', name: `认定精密装备${randomInt(1e6)}有限公司` });
    const county = createReviewer({ role: 'county', region: COUNTY, name: '浦口区工信局（认定测试）' });
    const city = createReviewer({ role: 'city', region: '320100', name: '南京市工信局（认定测试）' });
    const prov = createReviewer({ role: 'province', region: '320000', name: '江苏省工信厅（认定测试）' });

    // 1. The enterprise starts a 省级 小巨人企业认定（制造类） filing.
    const ep = await openPage(browser);
    await loginAs(ep, ent);
    await Promise.all([ep.waitForNavigation(), ep.getByRole('link', { name: '我的申报' }).click()]);
    const created = await startFiling(ep, 'giant-mfg');
    assert.equal(created.status(), 303);
    const id = Number(/\/filing\/(\d+)\/basic$/.exec(ep.url())?.[1]);
    assert.ok(id > 0, ep.url());

    // 2. Every section, through its tabs, with figures that miss some thresholds.
    const tabs = await ep.$$eval('nav.tabs a[data-section]', (as) => as.map((a) => a.dataset.section));
    // Seed 004 §2.2.2: the 制造类 form ends with 本次认定申报服务满意度评价 (survey).
    assert.deepEqual(tabs.filter((k) => k !== 'attachments'), ['basic', 'products', 'operations', 'rnd', 'titles', 'management', 'survey']);
    for (const key of tabs.filter((k) => k !== 'attachments')) {
      await ep.goto(`${BASE}/filing/${id}/${key}`);
      await fillSection(ep, Y, WEAK);
      await saveSection(ep);
    }

    // 3. The assessment against the provincial scheme: what is met, what is
    // not and by how much, what needs evidence.
    await ep.goto(`${BASE}/filing/${id}/basic`);
    await Promise.all([ep.waitForNavigation(), ep.locator('nav.tabs a.assess').click()]);
    assert.equal(ep.url(), `${BASE}/filing/${id}/assessment`);
    let rules = await provincialRules(ep);
    assert.deepEqual([...rules.keys()], ['1a', '1b', '2a', '2b', '3a', '3b', '4', '5', '6']);
    assert.equal(await ep.locator('section.scheme[data-scheme="js-giant-mfg"]').getAttribute('data-verdict'), 'unmet');
    assert.deepEqual([rules.get('1a').result, rules.get('1a').label], ['unmet', '不符合']);
    assert.equal(rules.get('1a').words, '上年度主营业务收入 4400.00万元，要求不低于5000万元，差 600.00 万元');
    assert.equal(rules.get('1b').result, 'unmet');
    assert.equal(rules.get('1b').words, '上年度利润总额 360.00万元，要求不低于400万元，差 40.00 万元');
    assert.equal(rules.get('2a').result, 'met');
    assert.equal(rules.get('2a').words, '近3年营业收入平均增长率 13.80%，要求不低于8%，已满足');
    assert.equal(rules.get('5').result, 'unmet');
    assert.equal(rules.get('5').words, '企业研发机构级别 无，要求市级或以上，差 2 级');
    assert.equal(rules.get('6').result, 'unmet');
    assert.equal(rules.get('6').words, '近3年研发费用占营业收入比重均值 2.24%，要求不低于3%，差 0.76 个百分点');
    assert.deepEqual([rules.get('4').result, rules.get('4').label], ['evidence', '需佐证']);
    await screenshot(ep, 'certification-assessment-gaps');

    // 4. The enterprise closes the gaps it can: 主营业务收入, 研发费用, a 市级 研发机构.
    await ep.goto(`${BASE}/filing/${id}/operations`);
    await ep.fill(`[name="main_revenue_${Y - 1}"]`, '5200');
    for (const [y, v] of [[Y - 3, '180'], [Y - 2, '200'], [Y - 1, '230']]) await ep.fill(`[name="rd_expense_${y}"]`, v);
    await saveSection(ep);
    await ep.goto(`${BASE}/filing/${id}/rnd`);
    await ep.selectOption('[name="rd_institution"]', 'city');
    await saveSection(ep);
    await ep.goto(`${BASE}/filing/${id}/assessment`);
    rules = await provincialRules(ep);
    assert.equal(rules.get('1a').result, 'met');
    assert.equal(rules.get('1a').words, '上年度主营业务收入 5200.00万元，要求不低于5000万元，已满足');
    assert.equal(rules.get('1b').result, 'unmet', 'still short, but one of its group suffices');
    assert.equal(rules.get('5').words, '企业研发机构级别 市级，要求市级或以上，已满足');
    assert.equal(rules.get('6').words, '近3年研发费用占营业收入比重均值 4.12%，要求不低于3%，已满足');
    const scheme = ep.locator('section.scheme[data-scheme="js-giant-mfg"]');
    assert.equal(await scheme.getAttribute('data-verdict'), 'evidence', 'every computable condition met; the rest needs evidence');
    assert.equal(await scheme.locator('.verdict strong').innerText(), '需佐证');

    // 5. The required attachments through the page's own upload forms, then submit.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sme-cert-'));
    const fileFor = (slot) => {
      const [name, bytes] = { licence: ['营业执照.jpg', jpeg()], intro: ['企业简介.docx', docx()], audit: ['审计报告.xlsx', xlsx()] }[slot]
        ?? [`${slot}-证明材料.pdf`, pdf()];
      const f = path.join(dir, name);
      fs.writeFileSync(f, bytes);
      return f;
    };
    await ep.goto(`${BASE}/filing/${id}/attachments`);
    const slots = await ep.$$eval('li.slot', (ls) => ls.filter((l) => l.querySelector('.req')).map((l) => l.dataset.slot));
    assert.ok(slots.includes('licence') && slots.length >= 5, `required slots: ${slots}`);
    for (const s of slots) {
      await ep.setInputFiles(`li.slot[data-slot="${s}"] input[type=file]`, fileFor(s));
      // The page uploads by script, then reloads to list the stored file.
      await Promise.all([ep.waitForNavigation(), ep.locator(`li.slot[data-slot="${s}"] form.upload button[type=submit]`).click()]);
      await ep.locator(`li.slot[data-slot="${s}"] li[data-id]`).first().waitFor({ timeout: 5000 })
        .catch(async () => { throw new Error(`${ep.url()}: ${await ep.locator(`li.slot[data-slot="${s}"]`).innerText()}`); });
    }
    fs.rmSync(dir, { recursive: true, force: true });
    await ep.goto(`${BASE}/filing/${id}/basic`);
    await Promise.all([ep.waitForNavigation(), ep.locator('button.submit').click()]);
    assert.equal(ep.url(), `${BASE}/filing?msg=submitted`);
    assert.equal(await ep.locator(`tr[data-filing="${id}"]`).getAttribute('data-state'), 'county');
    assert.match(await ep.locator(`tr[data-filing="${id}"]`).innerText(), /小巨人企业认定（制造类）[\s\S]*待县级审核/);

    // 6. Up the chain: county, city, province, each on its review page; the
    // county also reads the same assessment from there.
    const cp = await openPage(browser);
    await loginAs(cp, county);
    await cp.goto(`${BASE}/review/${id}`);
    await Promise.all([cp.waitForNavigation(), cp.locator('a.assessment').click()]);
    assert.equal(await cp.locator('tr[data-rule="js-giant-mfg/1a"]').getAttribute('data-result'), 'met');
    await approve(cp, id);
    assert.equal(filingRow(id).state, 'city');
    const yp = await openPage(browser);
    await loginAs(yp, city);
    await approve(yp, id);
    assert.equal(filingRow(id).state, 'province');
    const pp = await openPage(browser);
    await loginAs(pp, prov);
    await approve(pp, id);
    assert.equal(filingRow(id).state, 'accepted');
    await ep.goto(`${BASE}/filing`);
    assert.equal(await ep.locator(`tr[data-filing="${id}"]`).getAttribute('data-state'), 'accepted');
    await pp.goto(`${BASE}/review/${id}`);
    assert.deepEqual(await pp.$$eval('table.events tbody tr', (trs) => trs.map((t) => t.dataset.action)),
      ['submit', 'approve', 'approve', 'approve']);
    await screenshot(pp, 'certification-accepted');

    // 7. Publication. A list takes every accepted filing of its year, kind
    // and level not yet listed; so that this run's list holds this filing
    // only (and never sweeps up other tests' or earlier runs' filings of
    // this year), the accepted filing is moved to a year of its own by SQL.
    sql(`UPDATE filing SET year = ${LIST_YEAR} WHERE id = ${id}`);
    await pp.goto(`${BASE}/titles/publish`);
    await pp.fill('#f-year', String(LIST_YEAR));
    await pp.selectOption('#f-kind', 'giant-mfg');
    await pp.selectOption('#f-level', 'province');
    await Promise.all([pp.waitForNavigation(), pp.getByRole('button', { name: '查询' }).click()]);
    const heading = `${LIST_YEAR}年度省级专精特新小巨人企业（制造类）认定名单公示`;
    assert.equal(await pp.locator('h2', { hasText: '待公示的申报' }).innerText(), `待公示的申报：${heading}`);
    assert.deepEqual(await pp.$$eval('tr[data-filing]', (trs) => trs.map((t) => [t.dataset.filing, t.cells[1].innerText])),
      [[String(id), ent.name]]);
    // A notice period that has already run (the form takes past dates), so
    // the title can be granted now; the refusal during the notice period is
    // tests/http/titles.test.mjs's.
    await pp.fill('#opened', dayCst(-7));
    await pp.fill('#closes', dayCst(-1));
    await Promise.all([pp.waitForNavigation(), pp.getByRole('button', { name: '发布公示' }).click()]);
    assert.equal(await pp.locator('.notice').innerText(), '名单已发布公示。');
    // The newest list comes first (an earlier run may have drawn the same year and heading).
    const listId = await pp.locator('tr[data-publication]').first().getAttribute('data-publication');
    assert.equal(sql(`SELECT publication_id FROM publication_filing WHERE filing_id = ${id}`).trim(), listId);
    const list = pp.locator(`tr[data-publication="${listId}"]`);
    assert.equal(await list.locator('a').innerText(), heading);
    assert.match(await list.innerText(), new RegExp(`${dayCst(-7)} 至 ${dayCst(-1)}[\\s\\S]*1[\\s\\S]*公示期满，待认定`));

    // Anyone reads the list: the name, and none of the figures.
    const anon = await openPage(browser);
    await anon.goto(`${BASE}/titles/public/${listId}`);
    assert.equal(await anon.locator('h1').innerText(), heading);
    assert.deepEqual(await anon.locator('td.name').allInnerTexts(), [ent.name]);
    const shown = (await anon.locator('body').innerText()).replace(ent.name, '');
    for (const figure of ['5200', '5600', '6200']) assert.ok(!shown.includes(figure), `figure ${figure} is not on the public page`);
    assert.ok(!shown.includes(ent.uscc), 'nor the credit code');

    // 8. The province grants.
    await Promise.all([pp.waitForNavigation(), list.getByRole('button', { name: '认定' }).click()]);
    assert.equal(pp.url(), `${BASE}/titles/publish?msg=granted`);
    assert.equal(await pp.locator('.notice').innerText(), '已完成认定，称号有效期3年。');
    assert.equal(await list.getAttribute('data-state'), 'granted');
    assert.match(await list.innerText(), /已认定/);
    await screenshot(pp, 'certification-granted');

    // 9. The enterprise sees its title, valid three years.
    await ep.goto(`${BASE}/home`);
    await Promise.all([ep.waitForNavigation(), ep.locator('a[href="/titles/mine"]').first().click()]);
    const titles = ep.locator('tr[data-kind]');
    assert.equal(await titles.count(), 1);
    assert.equal(await titles.getAttribute('data-kind'), 'giant-mfg');
    assert.equal(await titles.getAttribute('data-validity'), 'valid');
    assert.match(await titles.innerText(), /专精特新小巨人企业（制造类）[\s\S]*省级[\s\S]*有效/);
    assert.equal(await titles.locator('.granted').innerText(), dayCst(0));
    assert.equal(await titles.locator('.valid-until').innerText(), plusYears(dayCst(0), 3));
    await screenshot(ep, 'certification-title');

    // 10. A second 制造类 application, and a 创新类 one, are refused with the rule named.
    const again = await startFiling(ep, 'giant-mfg');
    assert.equal(again.status(), 409);
    const faq8 = ruleMessage('FAQ8-a');
    assert.match(faq8, /热点问题答疑第8条/);
    assert.equal(await ep.locator('.refusal').innerText(), faq8);
    const innov = await startFiling(ep, 'giant-innov');
    assert.equal(innov.status(), 409);
    const faq10 = ruleMessage('FAQ10-4b');
    assert.match(faq10, /热点问题答疑第10条/);
    assert.equal(await ep.locator('.refusal').innerText(), faq10);
    await screenshot(ep, 'certification-refused');
    assert.equal(sql(`SELECT COUNT(*) FROM filing f JOIN enterprise e ON e.id = f.enterprise_id WHERE e.uscc = '${ent.uscc}'`).trim(), '1',
      'no second filing was made');

    for (const p of [ep, cp, yp, pp, anon]) await closePage(p);
  });
});

// prefill.test.mjs - issue 16 "Done when", in Chromium at 1366x768: an
// enterprise whose library filing was accepted opens a 小巨人企业认定（制造类）
// filing from /filing and finds 基本情况 and 经营情况 already filled (seed 002
// "系统自动获取当前企业的已有信息"), marked as copied; on a 专精特新产品 filing
// it adds three patents with "增加一行" and removes one with "删除" (seed 004
// §2.1.1 产品附证), the typed rows kept. Screenshot var/screenshots/prefill-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, adminOk, createEnterprise, sql, useStack } from '../harness/index.mjs';
import { closePage, launch, loginAs, openPage, screenshot } from '../harness/browser.mjs';
import { filingYear } from '../harness/filing.mjs';

useStack();
const Y = filingYear();
let browser;
before(async () => {
  browser = await launch();
  for (const kind of ['giant-mfg', 'product'])
    adminOk(['window-set', '--kind', kind, '--year', String(Y), '--opens', `${Y}-01-01`, '--closes', `${Y}-12-31`]);
});
after(async () => { await browser?.close(); });

/** An accepted entry filing of year Y holding seed 004's example figures. */
function acceptedEntry(username) {
  const id = Number(sql(`INSERT INTO filing (enterprise_id, kind, class, year, state, created_at, updated_at)
    SELECT enterprise_id, 'entry', 'mfg', ${Y}, 'accepted', UTC_TIMESTAMP(), UTC_TIMESTAMP()
    FROM account WHERE username = '${username}'; SELECT LAST_INSERT_ID();`).trim());
  const v = {
    address: '南京市江宁区秣陵街道', postcode: '210001', legal_rep: '闫国伦', contact: '承女士',
    founded: '2020-09-04', assets_total: '202012.00', liabilities_total: '20201.00', employees: '188', rd_staff: '150',
  };
  [['revenue', 11], ['main_revenue', 21], ['profit', 30], ['tax', 40], ['rd_invest', 50]].forEach(([row, base]) => {
    for (let i = 0; i < 5; i++) v[`${row}_${Y - 4 + i}`] = String(base + i);
  });
  sql(`INSERT INTO filing_value (filing_id, name, value) VALUES ${Object.entries(v).map(([k, x]) => `(${id}, '${k}', '${x}')`).join(',')}`);
}

/** Start a filing from the form on /filing. */
async function startFiling(page, kind, subject) {
  await page.goto(`${BASE}/filing`);
  await page.selectOption('#kind', kind);
  await page.check('input[name="level"][value="province"]');
  if (subject) await page.fill('#subject', subject);
  await Promise.all([page.waitForURL(/\/filing\/\d+\/basic$/), page.locator('form.new-filing button[type="submit"]').click()]);
  return Number(/\/filing\/(\d+)\//.exec(page.url())[1]);
}

test('a 小巨人 filing opens filled from the accepted library filing; three patents added, one removed', async () => {
  const ent = createEnterprise();
  acceptedEntry(ent.username);
  const page = await openPage(browser, { viewport: { width: 1366, height: 768 } });
  await loginAs(page, ent);

  const id = await startFiling(page, 'giant-mfg');
  assert.equal(await page.inputValue('form.section-form [name="assets_total"]'), '202012.00');
  assert.equal(await page.inputValue('form.section-form [name="employees"]'), '188');
  assert.equal(await page.inputValue('form.section-form [name="legal_rep"]'), '闫国伦');
  assert.match(await page.locator('.prefilled').innerText(), /已从\d{4}年新增入库申报（审核通过）带入，请核对后保存/);
  await screenshot(page, 'prefill-basic');
  await page.goto(`${BASE}/filing/${id}/operations`);
  assert.equal(await page.inputValue(`form.section-form [name="revenue_${Y - 1}"]`), '14');
  assert.equal(await page.inputValue(`form.section-form [name="main_revenue_${Y - 4}"]`), '21');
  assert.equal(await page.inputValue(`form.section-form [name="rd_invest_${Y - 2}"]`), '52');
  assert.equal(await page.inputValue(`form.section-form [name="revenue_${Y}"]`), '', 'the forecast is typed anew');

  await startFiling(page, 'product', '五轴联动数控机床');
  await page.locator('nav.tabs a[data-section="product"]').click();
  const patents = page.locator('.rowset[data-rowset="patent"]');
  assert.match(await patents.innerText(), /暂无记录/);
  const names = ['一种数控机床主轴热变形补偿方法', '主轴冷却装置', '刀库换刀机构'];
  for (let k = 1; k <= 3; k++) {
    await Promise.all([page.waitForURL(new RegExp(`#row-patent-${k}$`)),
      patents.getByRole('button', { name: '增加一行' }).click()]);
    await page.fill(`[name="patent${k}_name"]`, names[k - 1]);
    await page.fill(`[name="patent${k}_number"]`, `ZL20201012345${k}.0`);
    await page.selectOption(`[name="patent${k}_type"]`, k === 1 ? 'invention' : 'utility');
    await page.fill(`[name="patent${k}_date"]`, `${Y - 3}-0${k}-15`);
  }
  // Row 3's values were typed after the third 增加一行: 保存 keeps them.
  await Promise.all([page.waitForURL(/msg=saved/), page.locator('form.section-form button.save').click()]);
  assert.equal(await patents.locator('tbody tr[id^="row-patent-"]').count(), 3);
  await Promise.all([page.waitForURL(/msg=row_deleted/), page.getByRole('button', { name: '删除第2行' }).click()]);
  const rows = patents.locator('tbody tr[id^="row-patent-"]');
  assert.equal(await rows.count(), 2);
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.id)), ['row-patent-1', 'row-patent-3']);
  assert.equal(await page.inputValue('[name="patent1_name"]'), names[0]);
  assert.equal(await page.inputValue('[name="patent3_name"]'), names[2]);
  assert.equal(await page.locator('[name="patent2_name"]').count(), 0);
  await screenshot(page, 'prefill-patents');
  await closePage(page);
});

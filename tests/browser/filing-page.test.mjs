// filing-page.test.mjs - the filing pages in Chromium at a phone's and a
// laptop's size (issue 14): "3,000" and "３０００" typed, a bad field
// refused with the summary focused, the section left through another tab
// (the leave warning fires though the page was re-rendered) and opened
// again with the typing still there, saved as 3000.00; the tabs' states
// following the saves; 保存并提交 with unsaved typing saving it; a
// submitted filing read-only, withdrawn (撤回) and editable again. One
// enterprise and one login per size.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE, createEnterprise, sql, useStack } from '../harness/index.mjs';
import { closePage, fillSection, launch, loginAs, openPage, saveSection, screenshot } from '../harness/browser.mjs';
import { filingRow, filingYear, savedValue } from '../harness/filing.mjs';
import { enterpriseId, submittedFiling } from '../harness/review.mjs';

useStack();
const Y = filingYear();
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const state = (page, key) => page.locator(`nav.tabs a[data-section="${key}"]`).getAttribute('data-section-state');

for (const [w, h] of [[390, 844], [1366, 768]]) {
  describe(`the filing pages at ${w}x${h}`, () => {
    test('typing survives a refused save and the tabs; amounts stored as 3000.00; 保存并提交 saves; a submitted filing is read-only until withdrawn', async () => {
      const ent = createEnterprise({ inLibrary: false });
      const page = await openPage(browser, { viewport: { width: w, height: h } });
      const leaves = [];
      page.on('dialog', (d) => { leaves.push(d.type()); d.accept(); });
      await loginAs(page, ent);
      await page.goto(`${BASE}/filing`);
      await page.selectOption('#kind', 'entry');
      await page.check('input[name="class"][value="mfg"]');
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '新建' }).click()]);
      const id = Number(/\/filing\/(\d+)\/basic$/.exec(page.url())[1]);
      assert.equal(await state(page, 'basic'), 'empty');

      // A bad postcode among good fields, amounts with separators and full-width digits.
      await fillSection(page, Y, { assets_total: '3,000', liabilities_total: '３０００', postcode: '21' });
      await Promise.all([page.waitForNavigation(), page.locator('form.section-form button.save').click()]);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary', 'focus on the summary');
      assert.match(await page.locator('#error-summary').innerText(), /有 1 处需要修改[\s\S]*邮政编码/);
      assert.equal(await page.locator('#postcode').getAttribute('aria-invalid'), 'true');
      assert.equal(savedValue(id, 'assets_total'), null, 'nothing saved');
      assert.equal(await page.inputValue('[name="assets_total"]'), '3000.00', 'the amounts come back as the server read them');
      assert.equal(await page.inputValue('[name="liabilities_total"]'), '3000.00');
      await screenshot(page, `filing-errors-${w}`);

      // Leave through another tab: the warning fires (the page differs from what is saved).
      await Promise.all([page.waitForURL(`${BASE}/filing/${id}/products`), page.locator('nav.tabs a[data-section="products"]').click()]);
      assert.deepEqual(leaves, ['beforeunload'], 'leaving with unsaved typing asked first');
      await Promise.all([page.waitForURL(`${BASE}/filing/${id}/basic`), page.locator('nav.tabs a[data-section="basic"]').click()]);
      assert.equal(await page.inputValue('[name="postcode"]'), '21', 'the typing is back');
      assert.equal(await page.inputValue('[name="assets_total"]'), '3000.00');
      assert.equal(await page.inputValue('[name="address"]'), `测试address`);
      assert.match(await page.locator('.draft-offer').innerText(), /已恢复.*尚未保存/);

      await page.fill('[name="postcode"]', '210000');
      await saveSection(page);
      assert.equal(savedValue(id, 'assets_total'), '3000.00');
      assert.equal(savedValue(id, 'liabilities_total'), '3000.00');
      assert.equal(await page.inputValue('[name="assets_total"]'), '3000.00');
      assert.equal(await state(page, 'basic'), 'done', 'the tab follows the save');
      assert.match(await page.locator('.save-bar .saved-at').innerText(), /本部分已于 \d\d:\d\d 保存/);
      assert.equal(await page.locator('.draft-offer').count(), 0);
      assert.equal(await page.locator('.save-bar').evaluate((e) => getComputedStyle(e).position), 'sticky');

      // 保存并提交 with unsaved typing: saved first, then the missing list, honestly.
      await page.fill('[name="address"]', '南京市玄武区未保存路8号');
      await Promise.all([page.waitForNavigation(), page.locator('form.section-form button.submit').click()]);
      assert.match(await page.locator('.notice').first().innerText(), /本页填写的内容已保存/);
      assert.match(await page.locator('p.error').first().innerText(), /申报尚未提交/);
      assert.equal(savedValue(id, 'address'), '南京市玄武区未保存路8号', 'the typing was saved');
      assert.equal(filingRow(id).state, 'draft');
      await page.goto(`${BASE}/filing/${id}/products`);
      assert.equal(await state(page, 'basic'), 'done');
      assert.equal(await state(page, 'products'), 'empty');

      // Another filing of the enterprise, submitted and waiting at the county:
      // read-only, and withdrawn (撤回) before its reviewer opens it.
      const filing = submittedFiling(enterpriseId(ent.username), { kind: 'update', year: Y });
      await page.goto(`${BASE}/filing/${filing.id}/basic`);
      assert.ok(await page.locator('[name="address"]').isDisabled(), 'inputs disabled');
      assert.ok(await page.locator('[name="listed"]').first().isDisabled());
      assert.equal(await page.locator('button.save').count(), 0);
      assert.equal(await page.getByText('未保存的内容会暂存').count(), 0);
      await screenshot(page, `filing-submitted-${w}`);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '撤回申报' }).click()]);
      assert.match(await page.locator('.notice').first().innerText(), /已撤回/);
      assert.equal(filingRow(filing.id).state, 'draft');
      assert.ok(await page.locator('[name="address"]').isEditable(), 'editable again');
      assert.equal(sql(`SELECT COUNT(*) FROM filing_event WHERE filing_id = ${filing.id} AND action = 'withdraw'`).trim(), '1');
      await closePage(page);
    });
  });
}

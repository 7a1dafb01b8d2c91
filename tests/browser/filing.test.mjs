// filing.test.mjs - an enterprise in Chromium fills every section of an
// entry filing, watches the derived figures follow its typing, saves,
// leaves and comes back to the same values, gets unsaved typing offered
// back after a reload, uploads the required attachments through the page,
// submits; then a returned filing shows its reason and is resubmitted.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE, createEnterprise, sql, useStack } from '../harness/index.mjs';
import { closePage, fillSection, launch, loginAs, openPage, saveSection, screenshot } from '../harness/browser.mjs';
import { filingRow, filingYear, savedValue } from '../harness/filing.mjs';
import { pdf } from '../harness/files.mjs';

useStack();
const Y = filingYear();
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ind = (page, name) => page.locator(`[data-indicator="${name}"]`).first().innerText();

describe('an enterprise fills an entry filing in the browser', () => {
  test('fill, figures live, save, leave, come back, restore, upload, submit, return, resubmit', async () => {
    const ent = createEnterprise({ inLibrary: false });
    const page = await openPage(browser);
    await loginAs(page, ent);
    await page.getByRole('link', { name: '我的申报' }).click();
    await page.selectOption('#kind', 'entry');
    await page.check('input[name="class"][value="mfg"]');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '新建' }).click()]);
    const id = Number(/\/filing\/(\d+)\/basic$/.exec(page.url())[1]);

    // 基本情况: the ratios follow the typing before anything is saved.
    await fillSection(page, Y);
    await page.fill('[name="assets_total"]', '202012');
    await page.fill('[name="liabilities_total"]', '20201');
    assert.equal(await ind(page, 'debt_ratio'), '10.00');
    await page.fill('[name="employees"]', '0');
    assert.equal(await ind(page, 'rd_staff_ratio'), '—');
    await page.fill('[name="employees"]', '188');
    assert.equal(await ind(page, 'rd_staff_ratio'), '79.79');
    await saveSection(page);

    // Every other section, through its tab.
    const tabs = await page.$$eval('nav.tabs a[data-section]', (as) => as.map((a) => a.dataset.section));
    for (const key of tabs.filter((k) => k !== 'basic' && k !== 'attachments')) {
      await page.goto(`${BASE}/filing/${id}/${key}`);
      await fillSection(page, Y);
      if (key === 'operations') {
        for (const [i, v] of ['11', '12', '13', '14'].entries()) await page.fill(`[name="revenue_${Y - 4 + i}"]`, v);
        assert.equal(await ind(page, 'revenue_cagr'), '8.37', 'CAGR recomputed as typed');
        assert.equal(await ind(page, 'profit_avg_growth'), '3.23');
      }
      await saveSection(page);
    }
    await screenshot(page, 'filing-operations');

    // Leave and come back: the same values.
    await page.goto(`${BASE}/filing`);
    await page.goto(`${BASE}/filing/${id}/basic`);
    assert.equal(await page.inputValue('[name="assets_total"]'), '202012');
    await page.goto(`${BASE}/filing/${id}/operations`);
    assert.equal(await page.inputValue(`[name="revenue_${Y - 1}"]`), '14');

    // Typed but not saved: a reload puts it back (issue 14: it used to wait
    // for a click on an offer, and a section opened again looked empty).
    await page.goto(`${BASE}/filing/${id}/basic`);
    await page.fill('[name="address"]', '南京市玄武区未保存路8号');
    await page.waitForTimeout(500);
    page.once('dialog', (d) => d.accept());
    await page.reload();
    assert.notEqual(savedValue(id, 'address'), '南京市玄武区未保存路8号', 'the server has the saved value');
    assert.equal(await page.inputValue('[name="address"]'), '南京市玄武区未保存路8号', 'the typing is back');
    assert.match(await page.locator('.draft-offer').innerText(), /已恢复/);
    await saveSection(page);
    assert.equal(await page.inputValue('[name="address"]'), '南京市玄武区未保存路8号');
    assert.equal(await page.locator('.draft-offer').count(), 0, 'nothing left to offer after the save');

    // Attachments: the required slots, through the page's own forms.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sme-att-'));
    const file = path.join(dir, '证明材料.pdf');
    fs.writeFileSync(file, pdf());
    await page.goto(`${BASE}/filing/${id}/attachments`);
    const slots = await page.$$eval('li.slot', (ls) => ls.filter((l) => l.querySelector('.req')).map((l) => l.dataset.slot));
    assert.ok(slots.length > 0);
    for (const s of slots) {
      await page.setInputFiles(`li.slot[data-slot="${s}"] input[type=file]`, file);
      // The page uploads by script, then reloads to list the stored file.
      await Promise.all([page.waitForNavigation(),
        page.locator(`li.slot[data-slot="${s}"] form.upload button[type=submit]`).click()]);
      await page.locator(`li.slot[data-slot="${s}"] li[data-id]`).first().waitFor({ timeout: 5000 })
        .catch(async (e) => { throw new Error(`${page.url()}: ${await page.locator(`li.slot[data-slot="${s}"]`).innerText()}`); });
    }

    // Submit, and see it as submitted.
    await page.goto(`${BASE}/filing/${id}/basic`);
    await Promise.all([page.waitForNavigation(), page.locator('button.submit').click()]);
    assert.equal(page.url(), `${BASE}/filing?msg=submitted`);
    const row = page.locator(`tr[data-filing="${id}"]`);
    assert.equal(await row.getAttribute('data-state'), 'county');
    assert.match(await row.innerText(), /待县级审核/);
    await page.goto(`${BASE}/filing/${id}/basic`);
    assert.equal(await page.locator('button.save').count(), 0, 'read-only after submission');

    // Returned (as the review handler does it): the reason, edit, resubmit.
    sql(`UPDATE filing SET state = 'returned', return_reason = '请补充研发人员社保证明。', version = version + 1 WHERE id = ${id}`);
    await page.goto(`${BASE}/filing`);
    assert.match(await page.locator(`tr[data-filing="${id}"] .reason`).innerText(), /请补充研发人员社保证明/);
    await page.goto(`${BASE}/filing/${id}/basic`);
    assert.equal(await page.locator('.return-reason').innerText(), '请补充研发人员社保证明。');
    await page.fill('[name="rd_staff"]', '151');
    await saveSection(page);
    await screenshot(page, 'filing-returned');
    await Promise.all([page.waitForNavigation(), page.locator('button.submit').click()]);
    const r = filingRow(id);
    assert.equal(r.state, 'county');
    assert.equal(r.submissions, 2, 'every submission is kept');
    await closePage(page);
  });
});

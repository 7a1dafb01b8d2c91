// upload.test.mjs - an enterprise's attachments in Chromium: two files
// chosen at once go up side by side with progress bars (upload.js) and are
// listed after; a PNG renamed .pdf gets the server's message in place under
// its slot without leaving the page; and without JavaScript the same form
// posts one file and the page comes back with the file or the message.
// Screenshots go to var/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE, createEnterprise, sql, useStack } from '../harness/index.mjs';
import { closePage, launch, openPage, screenshot } from '../harness/browser.mjs';
import { pdf, pngImage } from '../harness/files.mjs';

useStack();

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ent = createEnterprise({ region: '320102' });

function newFiling() {
  return Number(sql(`INSERT INTO filing (enterprise_id, kind, level, year, state, created_at, updated_at)
    SELECT enterprise_id, 'giant-mfg', 'province', YEAR(UTC_DATE()), 'draft', UTC_TIMESTAMP(), UTC_TIMESTAMP()
    FROM account WHERE username = '${ent.username}'; SELECT LAST_INSERT_ID();`).trim());
}

async function signIn(page) {
  await page.goto(`${BASE}/login`);
  await page.fill('#username', ent.username);
  await page.fill('#password', ent.password);
  await Promise.all([page.waitForURL(`${BASE}/home`), page.getByRole('button', { name: '登录' }).click()]);
}

const file = (name, bytes, mimeType = 'application/octet-stream') => ({ name, mimeType, buffer: bytes });

describe('attachments in the browser', () => {
  test('two files at once upload with progress and are listed; a renamed PNG is refused in place', async () => {
    const page = await openPage(browser);
    await signIn(page);
    const id = newFiling();
    await page.goto(`${BASE}/filing/${id}/attachments`);
    assert.match(await page.title(), /^附件 - /);
    const tax = page.locator('li.slot[data-slot="tax"]');
    assert.ok(await tax.locator('input[type=file]').evaluate((i) => i.multiple), 'upload.js allows several files where the slot takes several');
    await tax.locator('input[type=file]').setInputFiles([file('完税证明2023.pdf', pdf(101)), file('完税证明2024.pdf', pdf(202))]);
    await Promise.all([
      page.waitForURL(new RegExp(`/filing/${id}/attachments\\?msg=uploaded#slot-tax$`)),
      tax.getByRole('button', { name: '上传' }).click(),
    ]);
    const names = await page.locator('li.slot[data-slot="tax"] ul.files a').allInnerTexts();
    assert.deepEqual(names.sort(), ['完税证明2023.pdf', '完税证明2024.pdf']);
    await screenshot(page, 'upload-two-files');

    const audit = page.locator('li.slot[data-slot="audit"]');
    await audit.locator('input[type=file]').setInputFiles([file('审计报告.pdf', pngImage(12, 12))]);
    await audit.getByRole('button', { name: '上传' }).click();
    const err = audit.locator('[data-error-for="file"]');
    await err.waitFor();
    assert.match(await err.innerText(), /文件内容是PNG图片，与扩展名“\.pdf”不符/);
    assert.equal(new URL(page.url()).search, '?msg=uploaded', 'still the same page');
    await screenshot(page, 'upload-refused-in-place');
    // The refusal itself is the expected 415 of the script's request.
    page.problems = page.problems.filter((p) => !/^415 .*\/upload\//.test(p));
    await closePage(page);
  });

  test('without JavaScript the form posts one file; a refusal comes back as the page with the message', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false });
    await signIn(page);
    const id = newFiling();
    await page.goto(`${BASE}/filing/${id}/attachments`);
    const licence = page.locator('li.slot[data-slot="licence"]');
    await licence.locator('input[type=file]').setInputFiles([file('营业执照.png', pngImage(20, 20), 'image/png')]);
    await Promise.all([page.waitForNavigation(), licence.getByRole('button', { name: '上传' }).click()]);
    assert.equal(await page.locator('li.slot[data-slot="licence"] ul.files a').innerText(), '营业执照.png');
    assert.equal(await page.locator('li.slot[data-slot="licence"] form.upload').count(), 0, 'one file only: no form any more');
    const intro = page.locator('li.slot[data-slot="intro"]');
    await intro.locator('input[type=file]').setInputFiles([file('企业简介.doc', Buffer.from('<html><body>简介</body></html>'), 'application/msword')]);
    const [res] = await Promise.all([page.waitForNavigation(), intro.getByRole('button', { name: '上传' }).click()]);
    assert.equal(res.status(), 415);
    assert.match(await page.locator('li.slot[data-slot="intro"] [data-error-for="file"]').innerText(), /不是Word文档（doc）/);
    await screenshot(page, 'upload-no-js-refused');
    await closePage(page);
  });
});

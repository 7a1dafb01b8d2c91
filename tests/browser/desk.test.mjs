// desk.test.mjs - the reviewer's desk in Chromium (issue 17): a county
// reviewer sees each registration's licence (the image drawn, the PDF in
// Chromium's viewer inside the page) and decides with the radio's own label,
// on a laptop (1366x768) and a phone (390x844); the home page's count of
// each queue is the number of rows that queue lists; the decision panel
// stays in view while the filing is read to its end at 1366 px, and comes
// after the content on a phone. One browser; screenshots in var/screenshots/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import {
  BASE, createEnterprise, createReviewer, useStack, waitFor,
} from '../harness/index.mjs';
import { closePage, launch, loginAs, openPage, screenshot } from '../harness/browser.mjs';
import {
  SourceClient, pdfLicence, pngImage, register, registration,
} from '../harness/register.mjs';
import { enterpriseId, filingRow, submittedFiling } from '../harness/review.mjs';
import { forgetSmsRequests } from '../harness/smscode.mjs';

useStack();

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const COUNTY = '320412'; // 常州市武进区
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const clients = [];
let browser;
let reviewer;
let laptop; // the reviewer logged in once on each screen
let phone;
const regs = {};
let filing;

/** Register a company of COUNTY with licence through the pages; its fields. */
async function registered(licence) {
  const c = new SourceClient();
  clients.push(c);
  const f = registration({ city: '320400', county: COUNTY });
  const r = await register(c, f, licence);
  assert.equal(r.status, 303, `${f.username}: ${r.errorFields.join()}`);
  return f;
}

before(async () => {
  browser = await launch();
  regs.png = await registered({ name: '营业执照.png', type: 'image/png', bytes: pngImage(480, 320) });
  regs.pdf = await registered(await pdfLicence());
  const ents = [0, 1].map(() => createEnterprise({ region: COUNTY, inLibrary: false, prefix: 'deskb' }));
  filing = submittedFiling(enterpriseId(ents[0].username), { kind: 'entry' });
  submittedFiling(enterpriseId(ents[1].username), { kind: 'update' });
  reviewer = createReviewer({ role: 'county', region: COUNTY, prefix: 'deskbc', name: '武进区工信局（测试）' });
  laptop = await openPage(browser, { viewport: LAPTOP });
  await loginAs(laptop, reviewer);
  phone = await openPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
  await loginAs(phone, reviewer);
});
after(async () => {
  for (const p of [laptop, phone]) if (p) await closePage(p);
  await browser?.close();
  for (const c of clients) forgetSmsRequests(c.localAddress);
});

/** The row of registration f on the registrations page. */
const rowOf = (page, f) => page.locator(`tr[data-id="${enterpriseId(f.username)}"]`);

/** Assert box a (a radio) and box b (its label) sit on one line, the label to the right. */
function beside(radio, label, what) {
  const mid = label.y + label.height / 2;
  assert.ok(mid >= radio.y - 2 && mid <= radio.y + radio.height + 2, `${what}: the label is on the radio's line`);
  assert.ok(label.x >= radio.x + radio.width - 1, `${what}: the label is right of its radio`);
}

/** Choose 通过 by its label in row and send; the row is gone from the list after. */
async function approveBy(page, row, f) {
  for (const [v, text] of [['approve', '通过'], ['return', '退回']]) {
    const radio = row.locator(`input[name="action"][value="${v}"]`);
    beside(await radio.boundingBox(), await row.locator(`label[for="${await radio.getAttribute('id')}"]`).boundingBox(), text);
  }
  // The label is its radio's (label.control), so choosing it checks the radio;
  // activated in the page, since Chromium's PDF viewer may take the focus
  // and scroll the page under a click at coordinates.
  const label = row.locator('label', { hasText: /^通过$/ });
  assert.ok(await label.evaluate((l) => l.control?.value === 'approve'), '通过 labels the approve radio');
  await label.evaluate((l) => l.click());
  assert.ok(await row.locator('input[value="approve"]').isChecked(), 'the label checks its radio');
  await Promise.all([page.waitForNavigation(), row.getByRole('button', { name: '提交' }).click()]);
  assert.equal(page.url(), `${BASE}/review/registrations?msg=reg_approved`);
  assert.equal(await rowOf(page, f).count(), 0, 'confirmed: no longer waiting');
}

describe('the reviewer\'s desk', () => {
  test('the home page counts each queue as many as the queue lists', async () => {
    const page = laptop;
    await page.goto(`${BASE}/home`);
    const tiles = page.locator('ul.pending li[data-queue]');
    const n = await tiles.count();
    assert.ok(n >= 7, 'the registrations and each kind of filing');
    const counts = [];
    for (let i = 0; i < n; i++) {
      const t = tiles.nth(i);
      counts.push([await t.getAttribute('data-queue'), Number(await t.locator('.count').innerText()),
        await t.locator('a').getAttribute('href')]);
    }
    for (const [queue, count, href] of counts) {
      await page.goto(`${BASE}${href}`);
      const rows = await page.locator('table.queue tbody tr[data-id]').count();
      assert.equal(rows, count, `${queue}: home says ${count}, the queue lists ${rows}`);
    }
    const c = Object.fromEntries(counts.map(([q, k]) => [q, k]));
    assert.ok(c.registrations >= 2 && c.entry >= 1 && c.update >= 1, `what this test made waits: ${JSON.stringify(c)}`);
  });

  test('a county reviewer sees the licence image before confirming, at 1366x768', async () => {
    const page = laptop;
    await page.goto(`${BASE}/review/registrations`);
    const row = rowOf(page, regs.png);
    const img = row.locator('img.licence-thumb');
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
    assert.equal(await img.evaluate((el) => el.naturalWidth), 480, 'the licence uploaded is drawn');
    const box = await img.boundingBox();
    assert.ok(box.width >= 200 && box.y + box.height <= LAPTOP.height + (await page.evaluate(() => scrollY)),
      `the licence is shown large enough to read (${box.width}px)`);
    const form = await row.locator('form.decision').boundingBox();
    assert.ok(form.x > box.x, 'the decision beside the licence');
    await screenshot(page, 'desk-registrations-1366');
    await approveBy(page, row, regs.png);
  });

  test('a county reviewer sees the PDF licence in the page before confirming, at 390 px', async () => {
    const page = phone;
    const id = enterpriseId(regs.pdf.username);
    const shown = page.waitForResponse((r) => r.url() === `${BASE}/review/registrations/${id}/licence`);
    await page.goto(`${BASE}/review/registrations`);
    const res = await shown;
    assert.equal(res.headers()['content-type'], 'application/pdf');
    assert.match(res.headers()['content-disposition'], /^inline/);
    const row = rowOf(page, regs.pdf);
    const frame = row.locator('iframe.licence-pdf');
    await frame.scrollIntoViewIfNeeded();
    const box = await frame.boundingBox();
    assert.ok(box.width >= 300 && box.x >= 0 && box.x + box.width <= PHONE.width, `the PDF fills the phone's width (${box.width}px)`);
    // Chromium's PDF viewer runs inside the licence's frame: shown, not downloaded.
    const pdfFrame = await (await frame.elementHandle()).contentFrame();
    assert.equal(await pdfFrame.evaluate(() => document.contentType), 'application/pdf');
    const viewer = await waitFor(() => pdfFrame.childFrames().find((f) => f.url().startsWith('chrome-extension://')), 10_000);
    assert.ok(viewer, 'Chromium\'s PDF viewer shows the licence in the page');
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(sw <= PHONE.width, `no sideways scroll (${sw}px)`);
    await page.evaluate(AXE);
    const axe = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
      .violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    assert.deepEqual(axe, [], 'axe-core finds nothing on the registrations page');
    await screenshot(page, 'desk-registrations-390');
    await approveBy(page, row, regs.pdf);
  });

  test('the decision panel stays in view while the filing is read at 1366 px, after it on a phone', async () => {
    const page = laptop;
    await page.goto(`${BASE}/review/${filing.id}`);
    const panel = page.locator('#decide');
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height > LAPTOP.height * 2, `the filing is long enough to scroll (${height}px)`);
    await page.locator('ol.history').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => scrollY > 0);
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction(() => Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight - 1);
    const inView = await panel.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, h: innerHeight };
    });
    assert.ok(inView.top >= 0 && inView.bottom <= inView.h, `the panel is in view at the end: ${JSON.stringify(inView)}`);
    const main = await page.locator('.desk-main').boundingBox();
    const pbox = await panel.boundingBox();
    assert.ok(pbox.x >= main.x + main.width, 'the panel is beside the content');
    await screenshot(page, 'desk-filing-1366');
    // Decided from there, without scrolling back.
    await panel.locator('label[for="action-approve"]').click();
    await Promise.all([page.waitForNavigation(), panel.getByRole('button', { name: '提交审核意见' }).click()]);
    assert.equal(page.url(), `${BASE}/review?msg=approved`);
    assert.equal(filingRow(filing.id).state, 'city');

    // On a phone the decision follows what was read.
    const other = await phone.goto(`${BASE}/review?status=county&kind=update`);
    assert.equal(other.status(), 200);
    await Promise.all([phone.waitForNavigation(), phone.locator('table.queue tbody tr[data-id] a').first().click()]);
    const last = await phone.locator('ol.history').boundingBox();
    const p = await phone.locator('#decide').boundingBox();
    assert.ok(p.y >= last.y + last.height, 'the decision comes after the content');
    assert.ok(p.width <= PHONE.width && p.x >= 0, 'within the screen');
    const sw = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(sw <= PHONE.width, `no sideways scroll (${sw}px)`);
    await screenshot(phone, 'desk-filing-390');
  });
});

// deadline.test.mjs - review deadlines in Chromium at 1366 px (issue 17,
// "an overdue filing is marked"): with the county's deadline of a year set
// to yesterday (sme-admin deadline-set), the county reviewer's queue
// then shows the waiting filing's row marked 逾期1天 (words, not colour
// alone), on screen without scrolling sideways. The deadline is removed
// at the end. Screenshot in var/screenshots/.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { BASE, adminOk, createReviewer, sql, useStack } from '../harness/index.mjs';
import { closePage, launch, loginAs, openPage, screenshot } from '../harness/browser.mjs';
import { enterpriseWithFiling } from '../harness/review.mjs';

useStack();
const COUNTY = '320412'; // 常州市武进区
const VIEWPORT = { width: 1366, height: 768 };

/** The Beijing (UTC+8) date of now + days, YYYY-MM-DD. */
function cstDate(days = 0) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

let browser, YEAR;

describe('review deadlines in Chromium', () => {
  before(async () => {
    browser = await launch();
    do YEAR = 3000 + randomInt(6000);
    while (sql(`SELECT COUNT(*) FROM filing WHERE year = ${YEAR}`).trim() !== '0'
      || sql(`SELECT COUNT(*) FROM review_deadline WHERE year = ${YEAR}`).trim() !== '0');
  });
  after(async () => {
    if (YEAR) adminOk(['deadline-set', '--kind', 'entry', '--year', String(YEAR), '--level', 'county', '--due', '']);
    await browser?.close();
  });

  test('an overdue filing is marked on the county queue at 1366 px', async () => {
    const { ent, filing } = enterpriseWithFiling(COUNTY, { year: YEAR, daysAgo: 3 });
    const county = createReviewer({ role: 'county', region: COUNTY, prefix: 'dlbcounty' });
    // The province's form is tests/http/deadline.test.mjs's; here the operator's command.
    adminOk(['deadline-set', '--kind', 'entry', '--year', String(YEAR), '--level', 'county', '--due', cstDate(-1)]);

    const cp = await openPage(browser, { viewport: VIEWPORT });
    await loginAs(cp, county);
    await cp.goto(`${BASE}/review?year=${YEAR}`);
    const row = cp.locator(`tr[data-id="${filing.id}"]`);
    await row.getByText(ent.name).waitFor();
    const mark = row.getByText('逾期1天');
    assert.ok(await mark.isVisible(), 'the row says 逾期1天');
    assert.match(await row.getAttribute('class'), /due-overdue/);
    const box = await mark.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= VIEWPORT.width, `the mark is on screen: ${JSON.stringify(box)}`);
    const sideways = await cp.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(sideways <= 0, `no sideways scrolling at 1366 px (${sideways} px over)`);
    assert.match(await row.locator('td').nth(7).innerText(), /^3$/, 'three days at the county');
    await screenshot(cp, 'review-queue-overdue');
    await closePage(cp);
  });
});

// review.test.mjs - the review journey in Chromium (issue 6, "Done when"):
// an enterprise submits its entry filing; the county reviewer returns it
// with a reason; the enterprise sees the reason, fixes a figure and
// submits again; the county sees what changed and approves; the city
// approves; the filing is accepted and the enterprise in the library; the
// review page shows all five steps; the SMS log has the three messages.
// The filing's sections and attachments are filled over HTTP first (their
// own journey is browser/filing.test.mjs). Screenshots in var/screenshots/.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  BASE, createEnterprise, createReviewer, findAll, session, sql, useStack,
} from '../harness/index.mjs';
import { closePage, launch, loginAs, openPage, screenshot } from '../harness/browser.mjs';
import { fillAll, filingYear, newFiling } from '../harness/filing.mjs';
import { pdf } from '../harness/files.mjs';
import { filingRow, lit } from '../harness/review.mjs';
import { messagesTo } from '../harness/smscode.mjs';

useStack();
const Y = filingYear();
const COUNTY = '320111'; // 南京市浦口区
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Upload a PDF into every required attachment slot of filing id, over HTTP as the page's script does. */
async function uploadRequired(c, id) {
  const att = await c.get(`/filing/${id}/attachments`);
  assert.equal(att.status, 200);
  const slots = findAll(att.body, { tag: 'li', attrs: { class: 'slot' } })
    .filter((li) => li.inner.includes('class="req"')).map((li) => li.attrs['data-slot']);
  assert.ok(slots.length > 0, 'an entry filing has required attachments');
  for (const slot of slots) {
    const boundary = `----smereview${randomInt(1e9)}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${c.csrf}\r\n`
        + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="证明材料.pdf"\r\n`
        + 'Content-Type: application/pdf\r\n\r\n'),
      pdf(), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const r = await c.request('POST', `/upload/${id}/${slot}`, {
      body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(r.status, 303, `upload into ${slot}: ${r.status}`);
  }
}

/** Choose the decision on the review page and send it; the page after the 303. */
async function decide(page, action, reason) {
  await page.check(`input[name="action"][value="${action}"]`);
  if (reason !== undefined) await page.fill('#reason', reason);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '提交审核意见' }).click()]);
}

describe('review journey in Chromium', () => {
  test('submit, county returns, resubmit, county and city approve, in the library', async () => {
    const mobile = `139${String(randomInt(1e8)).padStart(8, '0')}`;
    const ent = createEnterprise({ region: COUNTY, inLibrary: false, prefix: 'revjy' });
    sql(`UPDATE account SET mobile = ${lit(mobile)} WHERE username = ${lit(ent.username)}`);
    const c = await session(ent.username, ent.password);
    const id = await newFiling(c, { kind: 'entry', class: 'mfg' });
    await fillAll(c, id, Y);
    await uploadRequired(c, id);
    const county = createReviewer({ role: 'county', region: COUNTY, name: '浦口区工信局（测试）' });
    const city = createReviewer({ role: 'city', region: '320100', name: '南京市工信局（测试）' });

    // 1. The enterprise submits.
    const ep = await openPage(browser);
    await loginAs(ep, ent);
    await ep.goto(`${BASE}/filing/${id}/basic`);
    await Promise.all([ep.waitForNavigation(), ep.locator('button.submit').click()]);
    assert.equal(ep.url(), `${BASE}/filing?msg=submitted`);
    assert.equal(filingRow(id).state, 'county');

    // 2. The county finds it in its queue (by credit code) and returns it.
    const cp = await openPage(browser);
    await loginAs(cp, county);
    await cp.click('a[href="/review"]');
    await cp.fill('input[name="q"]', ent.uscc);
    await Promise.all([cp.waitForNavigation(), cp.getByRole('button', { name: '筛选' }).click()]);
    const row = cp.locator(`tr[data-id="${id}"]`);
    assert.match(await row.innerText(), /浦口区[\s\S]*新增入库[\s\S]*待县级审核/);
    await Promise.all([cp.waitForNavigation(), row.getByRole('link', { name: ent.name }).click()]);
    assert.equal(cp.url(), `${BASE}/review/${id}`);
    await screenshot(cp, 'review-detail');
    await decide(cp, 'return', '太短');
    assert.match(await cp.locator('[data-error-for="reason"]').innerText(), /至少5个字/);
    assert.equal(await cp.inputValue('#reason'), '太短', 'what the reviewer typed is kept');
    const reason = '研发人员人数与社保缴纳名单不符，请核对后重新填写。';
    await decide(cp, 'return', reason);
    assert.equal(cp.url(), `${BASE}/review?msg=returned`);

    // 3. The enterprise sees the reason, fixes the figure, submits again.
    await ep.goto(`${BASE}/filing`);
    assert.match(await ep.locator(`tr[data-filing="${id}"]`).innerText(), /研发人员人数与社保缴纳名单不符/);
    await ep.goto(`${BASE}/filing/${id}/basic`);
    assert.equal(await ep.locator('.return-reason').innerText(), reason);
    await ep.fill('[name="rd_staff"]', '151');
    await Promise.all([ep.waitForNavigation(), ep.locator('button.save').click()]);
    await Promise.all([ep.waitForNavigation(), ep.locator('button.submit').click()]);
    assert.equal(ep.url(), `${BASE}/filing?msg=submitted`);

    // 4. The county sees what changed since the first submission and approves.
    await cp.goto(`${BASE}/review/${id}`);
    const change = cp.locator('li[data-seq="2"] tr[data-field="rd_staff"] td');
    assert.equal(await change.nth(2).innerText(), '151');
    await screenshot(cp, 'review-resubmitted');
    await decide(cp, 'approve');
    assert.equal(cp.url(), `${BASE}/review?msg=approved`);
    assert.equal(filingRow(id).state, 'city');

    // 5. The city approves from its queue.
    const yp = await openPage(browser);
    await loginAs(yp, city);
    await yp.goto(`${BASE}/review?q=${ent.uscc}`);
    await Promise.all([yp.waitForNavigation(), yp.locator(`tr[data-id="${id}"] a`).first().click()]);
    await decide(yp, 'approve');
    assert.equal(yp.url(), `${BASE}/review?msg=approved`);

    // Accepted, in the library, every step on the review page.
    assert.deepEqual(filingRow(id), { state: 'accepted', version: filingRow(id).version, return_reason: null, in_library: 1 });
    await ep.goto(`${BASE}/filing`);
    assert.equal(await ep.locator(`tr[data-filing="${id}"]`).getAttribute('data-state'), 'accepted');
    await yp.goto(`${BASE}/review/${id}`);
    const steps = await yp.$$eval('table.events tbody tr', (trs) => trs.map((t) => t.dataset.action));
    assert.deepEqual(steps, ['submit', 'return', 'submit', 'approve', 'approve']);
    const events = await yp.locator('table.events').innerText();
    assert.match(events, /浦口区工信局（测试）[\s\S]*退回[\s\S]*研发人员人数与社保缴纳名单不符/);
    assert.match(events, /南京市工信局（测试）[\s\S]*审核通过[\s\S]*审核通过/);
    await screenshot(yp, 'review-accepted');
    const audit = sql(`SELECT action FROM audit WHERE object_type = 'filing' AND object_id = '${id}' AND action LIKE 'review_%' ORDER BY id`);
    assert.equal(audit, 'review_return\nreview_approve\nreview_approve\n');

    // The enterprise's phone: returned with the reason, then two approvals.
    const sms = await messagesTo(mobile, 3);
    assert.match(sms[0], /已被县（市、区）工信部门退回，原因：研发人员人数与社保缴纳名单不符/);
    assert.match(sms[1], /已通过县（市、区）工信部门审核，已报送上一级工信部门审核/);
    assert.match(sms[2], /已通过设区市工信部门审核，已进入培育库/);
    for (const p of [ep, cp, yp]) await closePage(p);
  });
});

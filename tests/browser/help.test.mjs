// help.test.mjs - 在线咨询 in Chromium (issue 19, "Done when"): demo_ent asks
// from the header's 在线咨询 with a screenshot attached; demo_county answers
// from its queue; the enterprise opens the link of the SMS (login first,
// then straight to the thread), reads the answer and marks it solved.
// Screenshots in var/screenshots/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BASE, DEMO_PASSWORD, useStack } from '../harness/index.mjs';
import { closePage, launch, loginAs, openPage, screenshot } from '../harness/browser.mjs';
import { pngImage } from '../harness/files.mjs';
import { messagesTo } from '../harness/smscode.mjs';

useStack();
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const MOBILE = '13800000001'; // demo_ent (tools/demo)

test('ask, answer, read the answer from the SMS link, mark solved', async () => {
  const subject = `经营情况中研发投入怎么填？${Date.now().toString(36)}`;
  const shot = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sme-help-')), '截图.png');
  fs.writeFileSync(shot, pngImage());

  const ent = await openPage(browser);
  await loginAs(ent, { username: 'demo_ent', password: DEMO_PASSWORD });
  await Promise.all([ent.waitForNavigation(), ent.locator('header').getByRole('link', { name: '在线咨询' }).click()]);
  await ent.selectOption('#topic', 'filing');
  await ent.fill('#subject', subject);
  await ent.fill('#body', '研发和技术改造投入总额是否包括购买设备的支出？');
  await ent.selectOption('#filing', { index: 1 }); // its demo entry filing
  await ent.selectOption('#section', 'operations');
  await ent.setInputFiles('#file', shot);
  await Promise.all([ent.waitForNavigation(), ent.getByRole('button', { name: '提交问题' }).click()]);
  const threadUrl = ent.url();
  assert.match(threadUrl, /\/consult\/\d+\?msg=asked$/);
  assert.equal(await ent.locator('#thread-state').innerText(), '待回复');
  assert.equal(await ent.locator('ol.messages a').innerText(), '截图.png', 'the screenshot is attached');
  await screenshot(ent, 'consult-asked');
  const before = (await messagesTo(MOBILE, 0)).length;

  const county = await openPage(browser);
  await loginAs(county, { username: 'demo_county', password: DEMO_PASSWORD });
  await county.goto(`${BASE}/consult`);
  const row = county.locator('tr', { hasText: subject });
  assert.match(await row.innerText(), /待回复/);
  await Promise.all([county.waitForNavigation(), row.getByRole('link', { name: subject }).click()]);
  const img = await county.request.get(await county.locator('ol.messages a').getAttribute('href', { timeout: 5000 })
    .then((h) => new URL(h, BASE).toString()));
  assert.equal(img.status(), 200);
  assert.equal(img.headers()['content-type'], 'image/png');
  await county.fill('#answer', '包括。研发和技术改造投入总额含购置研发设备的支出。');
  await Promise.all([county.waitForNavigation(), county.getByRole('button', { name: '发送回复' }).click()]);
  assert.match(await county.locator('.notice').innerText(), /回复已发送/);
  await screenshot(county, 'consult-answered');
  await closePage(county);

  // The SMS names the thread; a browser without the session logs in and lands there.
  const sms = (await messagesTo(MOBILE, before + 1)).slice(before).find((s) => /\/consult\/\d+/.test(s));
  assert.ok(sms, 'an SMS with a link');
  const link = /(https?:\/\/\S+\/consult\/\d+)/.exec(sms)[1];
  assert.equal(new URL(link).pathname, new URL(threadUrl).pathname);
  await ent.context().clearCookies();
  await ent.goto(link);
  assert.equal(new URL(ent.url()).pathname, '/login');
  await ent.fill('#username', 'demo_ent');
  await ent.fill('#password', DEMO_PASSWORD);
  await Promise.all([ent.waitForNavigation(), ent.getByRole('button', { name: '登录' }).click()]);
  assert.equal(new URL(ent.url()).pathname, new URL(threadUrl).pathname);
  assert.equal(await ent.locator('#thread-state').innerText(), '已回复');
  assert.match(await ent.locator('ol.messages').innerText(), /含购置研发设备的支出/);

  await Promise.all([ent.waitForNavigation(), ent.getByRole('button', { name: '问题已解决' }).click()]);
  assert.equal(await ent.locator('#thread-state').innerText(), '已解决');
  assert.equal(await ent.locator('form.followup').count(), 0, 'a solved thread takes no more messages');
  await screenshot(ent, 'consult-solved');
  await closePage(ent);
});

// register.test.mjs - an enterprise in Chromium: registers (the county list
// follows the city, the code comes by SMS and is read from var/sms.log,
// the licence is previewed), sees that its county must confirm, forgets its
// username and gets it by SMS, resets its password with an SMS code and
// logs in with the new one while its old session ends; and the form without
// JavaScript. Screenshots go to var/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE, sql, useStack } from '../harness/index.mjs';
import { cjkFontMissing, closePage, launch, openPage, screenshot } from '../harness/browser.mjs';
import { pngImage, registration } from '../harness/register.mjs';
import {
  ageSmsRequests, codeIn, forgetSmsRequests, messagesTo, usernameIn,
} from '../harness/smscode.mjs';

useStack();

let browser;
before(async () => {
  const why = cjkFontMissing();
  if (why) console.warn(`warning: ${why}`);
  browser = await launch();
  forgetSmsRequests('127.0.0.1');	// Chromium comes from 127.0.0.1
});
after(async () => {
  await browser?.close();
  forgetSmsRequests('127.0.0.1');
});

const text = (page, sel) => page.locator(sel).first().innerText();

/** Click the button named name and wait for the page it leads to. */
async function submit(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

const acct = registration();

describe('an enterprise registers and recovers its account', () => {
  test('registers_with_an_sms_code_and_a_previewed_licence_then_waits_for_its_county', async () => {
    const page = await openPage(browser);
    assert.equal((await page.goto(`${BASE}/register`)).status(), 200);
    assert.match(await page.title(), /^企业注册 - /);
    await page.fill('#name', acct.name);
    await page.fill('#uscc', acct.uscc);
    await page.selectOption('#city', acct.city);
    // The county list follows the city (register.js).
    const groups = await page.locator('#county optgroup').evaluateAll((gs) => gs.map((g) => g.label));
    assert.deepEqual(groups, ['南京市']);
    await page.selectOption('#county', acct.county);
    await page.fill('#username', acct.username);
    await page.fill('#password', acct.password);
    await page.fill('#password2', acct.password2);
    await page.fill('#mobile', acct.mobile);

    // The code: fetch() and a countdown, no page load.
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.locator('.sms-status', { hasText: '验证码已发送' }).waitFor();
    assert.match(await page.locator('button.sms-send').innerText(), /^\d+秒后重新获取$/);
    assert.ok(await page.locator('button.sms-send').isDisabled());
    const code = codeIn((await messagesTo(acct.mobile, 1))[0]);
    assert.match(code, /^\d{6}$/);
    await page.fill('#sms_code', code);

    // Not an image: said at once, no preview.
    await page.setInputFiles('#licence', { name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('不是图片') });
    assert.match(await text(page, '.licence-check'), /请上传图片格式的营业执照/);
    assert.ok(await page.locator('#licence-preview').isHidden());
    // An image: previewed from an object URL (the CSP allows blob: images).
    await page.setInputFiles('#licence', { name: '营业执照.png', mimeType: 'image/png', buffer: pngImage(480, 300) });
    await page.locator('#licence-preview').waitFor({ state: 'visible' });
    assert.match(await page.getAttribute('#licence-preview', 'src'), /^blob:/);
    await page.waitForFunction(() => document.getElementById('licence-preview').naturalWidth === 480);
    assert.equal(await text(page, '.licence-check'), '');
    await screenshot(page, 'register-filled');

    await submit(page, '注册');
    assert.equal(page.url(), `${BASE}/register/done`);
    assert.match(await text(page, 'main'), /注册信息待所在县（市、区）工信部门审核确认，审核通过后即可登录/);
    await screenshot(page, 'register-done');

    // Logging in now says why not yet.
    await page.goto(`${BASE}/login`);
    await page.fill('#username', acct.username);
    await page.fill('#password', acct.password);
    await submit(page, '登录');
    assert.match(await text(page, 'p.error'), /注册信息待所在县（市、区）工信部门审核确认/);
    await screenshot(page, 'register-pending-login');
    await closePage(page);
  });

  test('forgets_the_username_and_receives_it_by_sms', async () => {
    ageSmsRequests(acct.mobile, 61);	// a minute after the registration code
    const page = await openPage(browser);
    await page.goto(`${BASE}/login`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: '忘记用户名' }).click()]);
    assert.equal(page.url(), `${BASE}/recover/username`);
    await page.fill('#uscc', acct.uscc.toLowerCase());
    await page.fill('#mobile', acct.mobile);
    await submit(page, '发送用户名到手机');
    assert.match(await text(page, '.notice'), /用户名已通过短信发送至该手机/);
    await screenshot(page, 'recover-username');
    const sms = await messagesTo(acct.mobile, 2);
    assert.equal(usernameIn(sms[1]), acct.username);
    await closePage(page);
  });

  test('resets_the_password_by_sms_code_logs_in_and_the_old_session_is_gone', async () => {
    // The county's confirmation (another issue's review queue), done here in SQL.
    sql(`UPDATE enterprise SET status = 'confirmed' WHERE uscc = '${acct.uscc}'`);
    sql(`UPDATE account SET status = 'active' WHERE username = '${acct.username}'`);
    const old = await openPage(browser);
    await old.goto(`${BASE}/login`);
    await old.fill('#username', acct.username);
    await old.fill('#password', acct.password);
    await submit(old, '登录');
    assert.equal(old.url(), `${BASE}/home`);
    assert.equal(await text(old, 'main h1'), `您好，${acct.name}`);

    ageSmsRequests(acct.mobile, 61);
    const page = await openPage(browser);
    await page.goto(`${BASE}/recover/password`);
    await page.fill('#username', acct.username);
    await page.fill('#mobile', acct.mobile);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.locator('.sms-status', { hasText: '验证码已发送至该手机' }).waitFor();
    const code = codeIn((await messagesTo(acct.mobile, 3))[2]);
    assert.match(code, /^\d{6}$/);
    const pw = `New-${acct.password}`;
    await page.fill('#sms_code', code);
    await page.fill('#password', pw);
    await page.fill('#password2', pw);
    await screenshot(page, 'recover-password-filled');
    await submit(page, '重置密码');
    assert.equal(page.url(), `${BASE}/login?msg=password_reset`);
    assert.match(await text(page, '.notice'), /密码已重置，请使用新密码登录/);
    await screenshot(page, 'recover-password-done');
    assert.match((await messagesTo(acct.mobile, 4))[3], /密码已于.*重置/);

    await page.fill('#username', acct.username);
    await page.fill('#password', pw);
    await submit(page, '登录');
    assert.equal(page.url(), `${BASE}/home`);
    await screenshot(page, 'recover-password-login');

    await old.goto(`${BASE}/home`);
    assert.equal(old.url(), `${BASE}/login`, 'the session from before the reset is gone');
    await closePage(old);
    await closePage(page);
  });
});

describe('field errors', () => {
  test('a_wrong_check_character_is_shown_beside_its_field_with_the_input_kept', async () => {
    const f = registration();
    const page = await openPage(browser);
    await page.goto(`${BASE}/register`);
    const bad = f.uscc.slice(0, 17) + (f.uscc[17] === '0' ? '1' : '0');
    await page.fill('#name', f.name);
    await page.fill('#uscc', bad);
    await page.selectOption('#city', f.city);
    await page.selectOption('#county', f.county);
    await page.fill('#username', f.username);
    await page.fill('#password', f.password);
    await page.fill('#password2', f.password);
    await page.fill('#mobile', f.mobile);
    await page.setInputFiles('#licence', { name: 'licence.pdf.png', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.4\n') });
    await submit(page, '注册');
    assert.match(await text(page, '[data-error-for=uscc]'), /校验位不正确/);
    assert.match(await text(page, '[data-error-for=sms_code]'), /请填写短信验证码/);
    // The licence's bytes are judged only once every other field and the
    // SMS code are right: no stranger makes a worker read a crafted file.
    assert.equal(await page.locator('[data-error-for=licence]').count(), 0, 'the licence is not judged yet');
    assert.equal(await page.inputValue('#uscc'), bad);
    assert.equal(await page.inputValue('#name'), f.name);
    assert.equal(await page.inputValue('#county'), f.county);
    assert.equal(await page.inputValue('#password'), '');
    await screenshot(page, 'register-errors');
    await closePage(page);
  });
});

describe('without JavaScript', () => {
  test('the_form_shows_every_county_and_the_code_button_posts_the_form', async () => {
    forgetSmsRequests('127.0.0.1');
    const f = registration();
    const page = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${BASE}/register`);
    assert.equal(await page.locator('#county optgroup').count(), 13, 'every county, grouped by city');
    await page.fill('#name', f.name);
    await page.fill('#uscc', f.uscc);
    await page.selectOption('#city', f.city);
    await page.selectOption('#county', f.county);
    await page.fill('#username', f.username);
    await page.fill('#mobile', f.mobile);
    await submit(page, '获取验证码');
    assert.equal(page.url(), `${BASE}/register/sms`);
    assert.match(await text(page, '.sms-status'), /验证码已发送至手机/);
    assert.equal(await page.inputValue('#name'), f.name, 'what was typed comes back');
    assert.equal(await page.inputValue('#county'), f.county);
    await screenshot(page, 'register-nojs-code-sent');
    const code = codeIn((await messagesTo(f.mobile, 1))[0]);
    await page.fill('#sms_code', code);
    await page.fill('#password', f.password);
    await page.fill('#password2', f.password);
    await page.setInputFiles('#licence', { name: 'licence.png', mimeType: 'image/png', buffer: pngImage(64, 40) });
    await submit(page, '注册');
    assert.equal(page.url(), `${BASE}/register/done`);
    await closePage(page);
  });
});

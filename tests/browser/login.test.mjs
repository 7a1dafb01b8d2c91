// login.test.mjs - a user in Chromium: opens /login, signs in, sees who
// they are on /home, signs out; the delay after five wrong passwords and
// the login code by SMS that gets the owner in at once.
// Screenshots go to var/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE, DEMO_PASSWORD, ROLE_NAMES, createEnterprise, createReviewer, resetLoginFailures, sql, useStack,
} from '../harness/index.mjs';
import { cjkFontMissing, closePage, launch, openPage, screenshot } from '../harness/browser.mjs';
import { enterpriseWithMobile } from '../harness/register.mjs';
import { nthCode } from '../harness/smscode.mjs';

useStack();

let browser;
before(async () => {
  const why = cjkFontMissing();
  if (why) console.warn(`warning: ${why}`);
  browser = await launch();
});
after(async () => { await browser?.close(); });

async function submitLogin(page, username, password) {
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: '登录' }).click(),
  ]);
}

const text = (page, sel) => page.locator(sel).first().innerText();

/** Log in through the form, check /home shows the account, screenshot, log out. */
async function roundTrip(page, acct, expect, shot) {
  const res = await page.goto(`${BASE}/login`);
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.title(), /^登录 - 江苏省专精特新企业培育服务平台$/);
  assert.equal(await text(page, 'h1'), '用户登录');
  await submitLogin(page, acct.username, acct.password);

  assert.equal(page.url(), `${BASE}/home`);
  assert.match(await page.title(), /^首页 - /);
  assert.equal(await text(page, 'main h1'), `您好，${expect.name}`);
  assert.equal(await text(page, '.who'), `${expect.name}（${ROLE_NAMES[expect.role]}，${expect.region}）`);
  const dd = await page.locator('dl.facts dd').allInnerTexts();
  assert.deepEqual(dd, [acct.username, ROLE_NAMES[expect.role], expect.region]);
  // The stylesheet applies (nginx serves it and the CSP allows it).
  const bg = await page.locator('header.top').evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.equal(bg, 'rgb(11, 79, 156)');
  await screenshot(page, shot);

  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '退出' }).click()]);
  assert.equal(page.url(), `${BASE}/login?msg=logged_out`);
  assert.match(await text(page, '.notice'), /您已安全退出/);
  assert.equal(await page.locator('.who').count(), 0, 'no user menu after logout');
  // The session is over: /home sends the browser back to the login page.
  await page.goto(`${BASE}/home`);
  assert.equal(page.url(), `${BASE}/login`);
}

describe('login page', () => {
  test('login_page_renders_and_is_screenshotted', async () => {
    const page = await openPage(browser);
    await page.goto(`${BASE}/login`);
    assert.ok(await page.locator('#username').isVisible());
    assert.equal(await page.locator('#password').getAttribute('type'), 'password');
    assert.equal(await page.locator('input[name=csrf]').getAttribute('type'), 'hidden');
    const cookies = await page.context().cookies();
    const pre = cookies.find((c) => c.name === 'sme_pre');
    assert.ok(pre?.httpOnly, 'sme_pre is HttpOnly');
    assert.equal(pre.sameSite, 'Lax');
    assert.equal(await page.evaluate(() => document.cookie), '', 'scripts cannot read the cookies');
    await screenshot(page, 'login');
    await closePage(page);
  });

  test('empty_form_shows_both_field_errors', async () => {
    const page = await openPage(browser);
    await page.goto(`${BASE}/login`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '登录' }).click()]);
    assert.equal(await text(page, '[data-error-for=username]'), '请填写用户名');
    assert.equal(await text(page, '[data-error-for=password]'), '请填写密码');
    await screenshot(page, 'login-empty');
    await closePage(page);
  });

  test('wrong_password_shows_the_message_and_keeps_the_username', async () => {
    resetLoginFailures();
    const acct = createEnterprise();
    const page = await openPage(browser);
    await page.goto(`${BASE}/login`);
    await submitLogin(page, acct.username, 'Wrong-pass-1');
    assert.match(await text(page, 'p.error'), /用户名或密码错误/);
    assert.equal(await page.inputValue('#username'), acct.username);
    assert.equal(await page.inputValue('#password'), '');
    await screenshot(page, 'login-wrong-password');
    // The user corrects the password on the same form and gets in.
    await page.fill('#password', acct.password);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '登录' }).click()]);
    assert.equal(page.url(), `${BASE}/home`);
    await closePage(page);
  });
});

describe('each role logs in and out', () => {
  const roles = [
    {
      role: 'enterprise',
      make: () => createEnterprise({ region: '320102', name: '南京玄武浏览器测试有限公司' }),
      name: '南京玄武浏览器测试有限公司', region: '南京市玄武区',
    },
    {
      role: 'county',
      make: () => createReviewer({ role: 'county', region: '320104', name: '秦淮区工信局' }),
      name: '秦淮区工信局', region: '南京市秦淮区',
    },
    {
      role: 'city',
      make: () => createReviewer({ role: 'city', region: '320200', name: '无锡市工信局' }),
      name: '无锡市工信局', region: '无锡市',
    },
    {
      role: 'province',
      make: () => createReviewer({ role: 'province', region: '320000', name: '江苏省工信厅' }),
      name: '江苏省工信厅', region: '江苏省',
    },
  ];
  for (const r of roles) {
    test(`${r.role}_logs_in_sees_its_home_and_logs_out`, async () => {
      const acct = r.make();
      const page = await openPage(browser);
      await roundTrip(page, acct, r, `home-${r.role}`);
      await closePage(page);
    });
  }

  test('demo_accounts_log_in_and_out', async () => {
    const demos = [
      { username: 'demo_ent', role: 'enterprise', name: '南京玄武示范科技有限公司', region: '南京市玄武区' },
      { username: 'demo_county', role: 'county', name: '玄武区工信局', region: '南京市玄武区' },
    ];
    for (const d of demos) {
      const page = await openPage(browser);
      await roundTrip(page, { username: d.username, password: DEMO_PASSWORD }, d, `home-${d.username}`);
      await closePage(page);
    }
  });
});

describe('failed logins in the browser', () => {
  test('wrong_passwords_bring_a_delay_and_a_login_code_gets_the_owner_in_at_once', async () => {
    resetLoginFailures();
    const acct = enterpriseWithMobile();
    const page = await openPage(browser);
    await page.goto(`${BASE}/login`);
    assert.equal(await page.locator('#sms_code').count(), 0, 'no code field before failures');
    for (let i = 1; i <= 5; i++) {
      await submitLogin(page, acct.username, `Wrong-pass-${i}x`);
      assert.match(await text(page, 'p.error'), /用户名或密码错误/, `attempt ${i}`);
    }
    // Three more wrong guesses from elsewhere just now: the delay is 16 s
    // (2 s from the fifth failure, doubling), so a slow machine's next
    // submit still meets it (the fifth's 2 s alone could pass meanwhile).
    sql(`INSERT INTO login_failure (ip, username, at) VALUES
      ('192.0.2.7', '${acct.username}', UTC_TIMESTAMP(3)), ('192.0.2.7', '${acct.username}', UTC_TIMESTAMP(3)),
      ('192.0.2.7', '${acct.username}', UTC_TIMESTAMP(3))`);
    await submitLogin(page, acct.username, acct.password);
    assert.equal(page.url(), `${BASE}/login`, 'the right password waits its delay');
    assert.match(await text(page, 'p.error'), /登录失败次数较多，请\d+秒后再试，或获取短信验证码后登录/);
    assert.doesNotMatch(await text(page, 'p.error'), /锁定/, 'never a lock');
    assert.ok(await page.locator('#sms_code').isVisible(), 'the login code field is offered');
    await screenshot(page, 'login-delayed');

    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: '获取短信验证码' }).click(),
    ]);
    assert.match(await text(page, 'p.notice'), /登录验证码已发送/);
    assert.equal(await page.inputValue('#username'), acct.username, 'the username is kept');
    const code = await nthCode(acct.mobile, 1);
    await page.fill('#sms_code', code);
    await submitLogin(page, acct.username, acct.password);
    assert.equal(page.url(), `${BASE}/home`, 'in at once with the code');
    await closePage(page);
  });
});

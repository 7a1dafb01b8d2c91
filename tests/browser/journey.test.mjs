// journey.test.mjs - every page of the enterprise's journey in Chromium on
// a phone (390x844) and a laptop (1366x768), one browser for both: register
// with a PDF e-licence (an error first: typed fields and the licence kept,
// errors clear as they are fixed), the red error of seed 002 FAQ 1.5, the
// recovery pages, home, the new-filing form (only the chosen kind's
// options), every section, attachments, password change. On each page: no
// sideways scrolling of the page, axe-core (npm) finds no violation, and a
// screenshot goes to var/screenshots/journey-<page>-<w>x<h>.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BASE, SCREENSHOTS, createEnterprise, useStack } from '../harness/index.mjs';
import { closePage, launch, loginAs, openPage } from '../harness/browser.mjs';
import { pdfLicence, registration } from '../harness/register.mjs';
import { codeIn, messagesTo } from '../harness/smscode.mjs';

useStack();
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };
const shots = [];
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** axe-core's violations on the page, printed when there are any. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const v = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .map((x) => ({ id: x.id, impact: x.impact, help: x.help, nodes: x.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) })));
  return v;
}

/**
 * Check the page as it is: no sideways scroll, a screenshot, and on the
 * phone axe-core clean (its rules do not depend on the width, and running
 * it twice a page would double this file's time).
 */
async function check(page, name) {
  const t0 = Date.now();
  const vp = page.viewportSize();
  const { sw, iw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: window.innerWidth }));
  assert.ok(sw <= iw, `${name} at ${vp.width}px scrolls sideways: scrollWidth ${sw} > ${iw}`);
  if (vp.width === PHONE.width) {
    const v = await axeViolations(page);
    assert.deepEqual(v, [], `${name} at ${vp.width}px: axe violations\n${JSON.stringify(v, null, 2)}`);
  }
  if (process.env.SME_TIMES) console.log(`checked ${name}: ${Date.now() - t0} ms`);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `journey-${name}-${vp.width}x${vp.height}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
}

async function go(page, url, name) {
  const t = Date.now();
  const r = await page.goto(`${BASE}${url}`);
  if (process.env.SME_TIMES) console.log(`goto ${url}: ${Date.now() - t} ms`);
  assert.ok(r.status() < 400, `${url}: ${r.status()}`);
  await check(page, name);
}

const submit = (page, name) => Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);

describe('the enterprise journey on a phone and a laptop', () => {
  test('register with a PDF licence after an error; FAQ 1.5 red error when no code can be sent', async () => {
    const page = await openPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
    const acct = registration();
    await go(page, '/register', 'register');
    // FAQ 1.5: a code that cannot be sent is told in red beside the field.
    await page.fill('#mobile', '1234');
    await page.getByRole('button', { name: '获取验证码' }).click();
    const status = page.locator('.sms-status', { hasText: '11位手机号码' });
    await status.waitFor();
    const color = await status.evaluate((e) => getComputedStyle(e).color);
    const [r, g, b] = color.match(/\d+/g).map(Number);
    assert.ok(r > 150 && g < 100 && b < 100, `the message is red: ${color}`);
    assert.ok(await status.isVisible());
    // That 422 was the answer asked for, not a fault of the page.
    page.problems = page.problems.filter((p) => p !== `422 ${BASE}/register/sms`);

    await page.fill('#name', acct.name);
    await page.fill('#uscc', acct.uscc);
    await page.selectOption('#city', acct.city);
    await page.selectOption('#county', acct.county);
    await page.fill('#username', acct.username);
    await page.fill('#password', acct.password);
    await page.fill('#password2', `${acct.password}x`);
    await page.fill('#mobile', acct.mobile);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.locator('.sms-status', { hasText: '验证码已发送' }).waitFor();
    await page.fill('#sms_code', codeIn((await messagesTo(acct.mobile, 1))[0]));
    const pdf = await pdfLicence();
    await page.setInputFiles('#licence', { name: pdf.name, mimeType: pdf.type, buffer: pdf.bytes });
    assert.match(await page.locator('.licence-name').innerText(), /已选择电子营业执照/);
    assert.equal(await page.locator('.licence-check').innerText(), '');
    await submit(page, '注册');
    assert.equal(await page.locator('#password2').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#err-password2').innerText(), /两次输入的密码不一致/);
    for (const [sel, v] of [['#name', acct.name], ['#uscc', acct.uscc], ['#username', acct.username], ['#mobile', acct.mobile]])
      assert.equal(await page.inputValue(sel), v, `${sel} kept`);
    assert.equal(await page.inputValue('#password'), '', 'passwords are not sent back');
    assert.match(await page.locator('#licence-kept').innerText(), /无需重新选择/);
    await check(page, 'register-error');
    // Fixing a field clears its error as it is typed.
    await page.fill('#password', acct.password);
    await page.fill('#password2', acct.password);
    assert.equal(await page.locator('#err-password2').count(), 0, 'the error went once fixed');
    assert.equal(await page.locator('#password2').getAttribute('aria-invalid'), null);
    await submit(page, '注册');
    assert.equal(page.url(), `${BASE}/register/done`);
    await check(page, 'register-done');
    await closePage(page);
  });

  for (const [label, viewport] of [['phone', PHONE], ['laptop', LAPTOP]]) {
    test(`every page at ${viewport.width}x${viewport.height} (${label})`, async () => {
      const page = await openPage(browser, label === 'phone' ? { viewport, isMobile: true, hasTouch: true } : { viewport });
      for (const [url, name] of [['/login', 'login'], ['/recover/username', 'recover-username'], ['/recover/password', 'recover-password']])
        await go(page, url, name);
      if (label === 'laptop') await go(page, '/register', 'register');
      // Login errors are tied to their fields.
      await page.goto(`${BASE}/login`);
      await submit(page, '登录');
      assert.equal(await page.locator('#username').getAttribute('aria-describedby'), 'err-username');
      await check(page, 'login-error');

      const ent = createEnterprise({ inLibrary: false, prefix: 'jny' });
      await loginAs(page, ent);
      await check(page, 'home');
      // The header: nothing clipped, 修改密码 on one line.
      const link = page.locator('header a[href="/account/password"]');
      const box = await link.boundingBox();
      const lineHeight = await link.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
      assert.ok(box.height < lineHeight * 1.5, `修改密码 on one line (${box.height}px)`);
      assert.ok(box.x + box.width <= viewport.width, '修改密码 inside the screen');

      // The new-filing form shows only the chosen kind's options.
      await go(page, '/filing', 'filing-list');
      await page.selectOption('#kind', 'entry');
      assert.ok(await page.locator('input[name="class"][value="mfg"]').isVisible());
      assert.ok(await page.locator('input[name="level"][value="province"]').isHidden());
      assert.ok(await page.locator('#subject').isHidden());
      await page.selectOption('#kind', 'product');
      assert.ok(await page.locator('input[name="class"][value="mfg"]').isHidden());
      assert.ok(await page.locator('#subject').isVisible());
      await page.selectOption('#kind', 'entry');
      await page.check('input[name="class"][value="mfg"]');
      await submit(page, '新建');
      const id = Number(/\/filing\/(\d+)\/basic$/.exec(page.url())[1]);
      assert.ok(id > 0, page.url());
      const sections = await page.$$eval('nav.tabs a', (as) => as.map((a) => new URL(a.href).pathname));
      assert.ok(sections.length >= 4, sections.join());
      for (const s of sections) await go(page, s, `section-${s.split('/').pop()}`);
      // 经营情况: the wide table scrolls in its own box, its first column fixed.
      await page.goto(`${BASE}/filing/${id}/operations`);
      const ops = await page.$eval('table.ops', (t) => ({
        pos: getComputedStyle(t.querySelector('tbody td, tbody th')).position, ox: getComputedStyle(t).overflowX,
      }));
      assert.equal(ops.pos, 'sticky');
      assert.equal(ops.ox, 'auto');
      await go(page, `/filing/${id}/attachments`, 'attachments');
      if (label === 'phone') {
        // The narrowest phones (360 px): still no sideways scrolling.
        await page.setViewportSize({ width: 360, height: 740 });
        for (const url of ['/home', '/filing', `/filing/${id}/basic`, `/filing/${id}/operations`, '/account/password']) {
          await page.goto(`${BASE}${url}`);
          const { sw, iw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: window.innerWidth }));
          assert.ok(sw <= iw, `${url} at 360px scrolls sideways: ${sw} > ${iw}`);
        }
        await page.setViewportSize(viewport);
      }
      await go(page, '/home', 'home-with-filing');
      await go(page, '/account/password', 'password');
      await page.fill('#current', 'wrong-password-1');
      await submit(page, '保存');
      await check(page, 'password-error');
      await closePage(page);
    });
  }

  test('the screenshots are written', () => {
    for (const f of shots) assert.ok(fs.statSync(f).size > 1000, f);
    for (const w of ['390x844', '1366x768'])
      assert.ok(shots.some((f) => f.endsWith(`journey-home-${w}.png`)), w);
  });
});


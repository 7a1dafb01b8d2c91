// browser.mjs - Debian's Chromium driven by playwright-core (never a
// downloaded browser), and screenshots into var/screenshots/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BASE, SCREENSHOTS } from './env.mjs';
import { validValue } from './filing.mjs';

export const CHROMIUM = process.env.SME_CHROMIUM || '/usr/bin/chromium';

export const LAUNCH_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function launch() {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}

/** A fresh context (its own cookies) sized like a laptop, in Chinese. */
export function newContext(browser, opts = {}) {
  return browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 }, ...opts });
}

/**
 * A new page in its own context that records what would go wrong in the
 * browser: script errors, CSP refusals, resources answering 4xx/5xx (a
 * document's own 401/422 is expected; /favicon.ico is the browser's guess).
 */
export async function openPage(browser, opts = {}) {
  const page = await (await newContext(browser, opts)).newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    const doc = r.request().resourceType() === 'document';
    if (r.status() >= (doc ? 500 : 400) && !r.url().endsWith('/favicon.ico'))
      page.problems.push(`${r.status()} ${r.url()}`);
  });
  return page;
}

/** Assert the page saw no errors, and close its context. */
export async function closePage(page) {
  assert.deepEqual(page.problems, [], 'no errors in the browser');
  await page.context().close();
}

/** Save a full-page screenshot as var/screenshots/<name>.png; its path. */
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Why screenshots may show boxes instead of Chinese: no CJK font on this
 * machine (Debian: fonts-noto-cjk). A message, or null when there is one.
 */
export function cjkFontMissing() {
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim() !== '') return null;
  return 'no CJK font installed (apt-get install fonts-noto-cjk): screenshots will show boxes for Chinese';
}

/** Log in through the form as acct ({ username, password }); lands on /home. */
export async function loginAs(page, acct) {
  await page.goto(`${BASE}/login`);
  await page.fill('#username', acct.username);
  await page.fill('#password', acct.password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '登录' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/home');
}

/** The controls of a filing section's form: [{ name, tag, type, value, mode, options }]. */
export function readControls(page) {
  return page.$$eval('form.section-form [name]', (els) => els
    .filter((e) => e.type !== 'hidden' && e.tagName !== 'BUTTON' && e.type !== 'file')
    .map((e) => ({
      name: e.name, tag: e.tagName.toLowerCase(), type: e.type === 'select-one' || e.tagName === 'TEXTAREA' ? '' : e.type,
      value: e.value, mode: e.getAttribute('inputmode') ?? undefined,
      options: e.tagName === 'SELECT' ? [...e.options].map((o) => o.value).filter((v) => v) : [],
    })));
}

/**
 * Type a value into every control of the section as a user would:
 * over[name], else a valid one for a filing of year (filing.mjs validValue).
 */
export async function fillSection(page, year, over = {}) {
  const seen = new Set();
  for (const ctl of await readControls(page)) {
    if (seen.has(ctl.name)) continue;
    seen.add(ctl.name);
    const v = over[ctl.name] ?? validValue(ctl, year);
    const sel = `form.section-form [name="${ctl.name}"]`;
    if (/^industry(_l[123])?$/.test(ctl.name)) {
      // Each level's options come when the level above is chosen (industry.js).
      await page.waitForFunction((s) => [...document.querySelector(s).options].some((o) => o.value), sel);
      await page.selectOption(sel, v);
    } else if (ctl.tag === 'select') await page.selectOption(sel, v);
    else if (ctl.type === 'radio' || ctl.type === 'checkbox') await page.check(`${sel}[value="${v}"]`);
    else await page.fill(sel, v);
  }
}

/** Press the section's 保存 and see it saved. */
export async function saveSection(page) {
  await Promise.all([page.waitForNavigation(), page.locator('form.section-form button.save').click()]);
  assert.match(await page.locator('.notice').first().innerText(), /已保存/);
}

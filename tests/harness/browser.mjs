// browser.mjs - Debian's Chromium driven by playwright-core (never a
// downloaded browser), and screenshots into var/screenshots/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { SCREENSHOTS } from './env.mjs';

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

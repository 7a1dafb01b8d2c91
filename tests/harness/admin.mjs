// admin.mjs - accounts for the tests, made through the operator's command
// line (build/sme-admin) exactly as an operator would. Every test makes its
// own accounts with uniqueName(); the demo accounts are never locked and
// their passwords never changed.
import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { ADMIN_BIN, MARIADB_TOOL, ROOT, SME_CONFIG } from './env.mjs';

/** Run build/sme-admin with args, stdin as its standard input: { code, stdout, stderr }. */
export function admin(args, stdin = '') {
  const r = spawnSync(ADMIN_BIN, args, {
    cwd: ROOT,
    input: stdin,
    encoding: 'utf8',
    env: { ...process.env, SME_CONFIG },
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** admin() that must exit 0; its stdout. */
export function adminOk(args, stdin = '') {
  const r = admin(args, stdin);
  if (r.code !== 0)
    throw new Error(`sme-admin ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

let seq = 0;
/**
 * A username no other test (nor an earlier run) has: prefix, time and a
 * random part, within the username rules (a letter first, [A-Za-z0-9_], at
 * most 32 characters).
 */
export function uniqueName(prefix = 't') {
  const p = prefix.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z]/, 't').slice(0, 12);
  const s = `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(3).toString('hex')}`;
  return `${p}_${s}`.slice(0, 32);
}

/** A password that meets the policy (letters and digits, 10-64, not common): 14 characters, random. */
export function newPassword() {
  return `Pw-${randomBytes(6).toString('base64url')}-7x`;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** A fresh valid 统一社会信用代码 (GB 32100-2015 check character) of region. */
export function uscc(region = '320102') {
  let s = `91${region}`;
  while (s.length < 17) s += USCC_CHARS[randomInt(USCC_CHARS.length)];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(s[i]) * (3 ** i % 31);
  return s + USCC_CHARS[(31 - (sum % 31)) % 31];
}

/**
 * Create an enterprise with its account. Returns { username, password,
 * name, uscc, region }.
 */
export function createEnterprise({ name, region = '320102', inLibrary = true, prefix = 'ent', password } = {}) {
  const username = uniqueName(prefix);
  const pw = password ?? newPassword();
  const code = uscc(region);
  const n = name ?? `测试企业${username.slice(-6)}有限公司`;
  const args = ['enterprise-add', '--uscc', code, '--name', n, '--region', region, '--username', username];
  if (inLibrary) args.push('--in-library');
  adminOk(args, `${pw}\n`);
  return { username, password: pw, name: n, uscc: code, region, role: 'enterprise' };
}

/** Create a reviewer (county, city or province). Returns { username, password, name, role, region }. */
export function createReviewer({ role, region, name, prefix = role, password } = {}) {
  const username = uniqueName(prefix);
  const pw = password ?? newPassword();
  const args = ['account-add', '--role', role, '--region', region, '--username', username];
  if (name) args.push('--name', name);
  adminOk(args, `${pw}\n`);
  return { username, password: pw, name, role, region };
}

/** Run SQL on the private database as its administrator (tools/mariadb client). */
export function sql(statement) {
  const r = spawnSync(MARIADB_TOOL, ['client', 'sme', '-N', '-B', '-e', statement], {
    cwd: ROOT, encoding: 'utf8', timeout: 30_000,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`tools/mariadb client: ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * Forget the failed logins per address, so that the limit of 20 failures an
 * address in 15 minutes (which every test here shares: 127.0.0.1) starts
 * from zero.
 */
export function resetLoginFailures() {
  sql('DELETE FROM login_failure');
}

// smscode.mjs - the SMS of registration and recovery as the tests read them:
// var/sms.log (sme-smsd's file adapter, one JSON object a line) while a
// dispatcher runs, else the outbox table; the codes and usernames in them;
// and the tables behind the SMS limits (sms_request, sms_code).
import { createDecipheriv, createHmac, randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from './admin.mjs';
import { VAR } from './env.mjs';
import { stackSecret } from './smsd.mjs';
import { alive, waitFor } from './stack.mjs';

export const SMS_LOG = path.join(VAR, 'sms.log');
const SMSD_PIDFILE = path.join(VAR, 'run', 'sme-smsd.pid');

/** A mobile number of these tests: 177 and 8 random digits. */
export function testMobile() {
  return `177${String(randomInt(1e8)).padStart(8, '0')}`;
}

/** Whether tools/up's dispatcher (sme-smsd) runs, so that sms.log fills. */
export function dispatcherRunning() {
  try {
    return alive(Number(fs.readFileSync(SMSD_PIDFILE, 'utf8').trim()));
  } catch {
    return false;
  }
}

/** A value checked to be digits only, for the SQL the tests write. */
function digits(s) {
  if (!/^\d+$/.test(String(s))) throw new Error(`not digits: ${s}`);
  return String(s);
}

/** The texts of the outbox rows to mobile, oldest first. */
export function outboxTo(mobile) {
  const out = sql(`SELECT REPLACE(text, '\\n', ' ') FROM sms_outbox WHERE to_mobile = '${digits(mobile)}' ORDER BY id`);
  return out.split('\n').filter((l) => l !== '');
}

/**
 * Open an outbox row's text_sealed (lib/sms.c sms_seal: 12-byte nonce,
 * AES-256-GCM ciphertext, 16-byte tag; key HMAC-SHA256(secret,
 * "sms-outbox-seal"), the mobile authenticated).
 */
export function unsealText(mobile, sealed, secret = stackSecret()) {
  const key = createHmac('sha256', secret).update('sms-outbox-seal').digest();
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  d.setAAD(Buffer.from(mobile));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]).toString('utf8');
}

/**
 * The whole texts of the outbox rows to mobile, oldest first: a code
 * message's sealed text opened while it is there (before it is sent).
 */
export function outboxTextsTo(mobile) {
  const out = sql(`SELECT REPLACE(text, '\\n', ' '), IFNULL(HEX(text_sealed), '') FROM sms_outbox
    WHERE to_mobile = '${digits(mobile)}' ORDER BY id`);
  return out.split('\n').filter((l) => l !== '').map((l) => {
    const [text, hex] = l.split('\t');
    return hex ? unsealText(mobile, Buffer.from(hex, 'hex')) : text;
  });
}

/** The texts sms.log holds for mobile, oldest first. */
export function smsLogTo(mobile) {
  let lines = [];
  try {
    lines = fs.readFileSync(SMS_LOG, 'utf8').split('\n');
  } catch {
    return [];
  }
  const out = [];
  for (const l of lines) {
    if (!l.trim()) continue;
    try {
      const m = JSON.parse(l);
      if (m.to === mobile) out.push(m.text);
    } catch {
      // a line being written right now
    }
  }
  return out;
}

/**
 * The messages to mobile once there are at least n: from sms.log when a
 * dispatcher runs (what a phone would get), else from the outbox (codes
 * opened from the sealed text). Throws
 * after ms without them.
 */
export async function messagesTo(mobile, n = 1, ms = 15_000) {
  const read = () => (dispatcherRunning() ? smsLogTo(mobile) : outboxTextsTo(mobile));
  const got = await waitFor(() => {
    const m = read();
    return m.length >= n ? m : null;
  }, ms, 100);
  if (!got) throw new Error(`no ${n} SMS to ${mobile} within ${ms} ms (have ${read().length})`);
  return got;
}

/** The six-digit code of a code message, or null. */
export function codeIn(text) {
  return /验证码为(\d{6})/.exec(text)?.[1] ?? null;
}

/** The code of the n-th message (1-based) to mobile. */
export async function nthCode(mobile, n = 1) {
  const m = await messagesTo(mobile, n);
  const code = codeIn(m[n - 1]);
  if (!code) throw new Error(`message ${n} to ${mobile} carries no code: ${m[n - 1]}`);
  return code;
}

/** The username of a username message, or null. */
export function usernameIn(text) {
  return /用户名为([A-Za-z][A-Za-z0-9_]*)。/.exec(text)?.[1] ?? null;
}

/**
 * Move the recorded SMS requests of mobile s seconds into the past, so that
 * the one-a-minute rule lets the next one through while the daily count
 * stays (the tests' stand-in for waiting).
 */
export function ageSmsRequests(mobile, s = 61) {
  sql(`UPDATE sms_request SET at = at - INTERVAL ${digits(s)} SECOND WHERE mobile = '${digits(mobile)}'`);
}

/** Forget the SMS requests from address ip (a test's own 127.x.y.z). */
export function forgetSmsRequests(ip) {
  if (!/^[0-9.]+$/.test(ip)) throw new Error(`bad address ${ip}`);
  sql(`DELETE FROM sms_request WHERE ip = '${ip}'`);
}

/** The number of SMS requests recorded for mobile. */
export function smsRequestCount(mobile) {
  return Number(sql(`SELECT COUNT(*) FROM sms_request WHERE mobile = '${digits(mobile)}'`).trim());
}

/** Make every live code of mobile expire now. */
export function expireCodes(mobile) {
  sql(`UPDATE sms_code SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE mobile = '${digits(mobile)}'`);
}

/** The latest code row of mobile: { tries, used, hashLength, hashHex }. */
export function latestCode(mobile) {
  const row = sql(`SELECT tries, used_at IS NOT NULL, LENGTH(code_hash), HEX(code_hash) FROM sms_code
    WHERE mobile = '${digits(mobile)}' ORDER BY id DESC LIMIT 1`).trim();
  if (!row) return null;
  const [tries, used, len, hex] = row.split('\t');
  return { tries: Number(tries), used: used === '1', hashLength: Number(len), hashHex: hex };
}

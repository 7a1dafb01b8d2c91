// smsd.mjs - the SMS dispatcher in tests: messages put in the outbox as a
// handler's sms_send() would, their rows read back, private sme-smsd
// processes with their own gateway settings, and the stack's own
// dispatcher (tools/up's, file adapter) paused meanwhile so that it takes
// none of the tests' messages.
import { spawn } from 'node:child_process';
import { createHmac, randomInt } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from './admin.mjs';
import { BUILD, ROOT, SME_CONFIG, VAR } from './env.mjs';
import { alive, waitFor } from './stack.mjs';

// The stack's dispatcher is tools/up's; SME_SMSD_BIN runs another build
// (build-asan/sme-smsd) as the tests' private dispatchers.
export const STACK_SMSD_BIN = path.join(BUILD, 'sme-smsd');
export const SMSD_BIN = process.env.SME_SMSD_BIN || STACK_SMSD_BIN;
export const SMSD_PIDFILE = path.join(VAR, 'run', 'sme-smsd.pid');
export const SMSD_LOG = path.join(VAR, 'log', 'sme-smsd.log');
export const SMS_TEST_DIR = path.join(VAR, 'sms-test');

/** A string as a SQL literal (for the tests' own values only). */
export function sqlStr(s) {
  return `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A mobile number no other test uses: 199 and 8 random digits. */
export function uniqueMobile() {
  return `199${String(randomInt(1e8)).padStart(8, '0')}`;
}

/**
 * The registration-code message as lib/sms.c renders it with its default
 * signature and template (kind register_code).
 */
export function registrationText(code, minutes = 10) {
  return `【江苏省专精特新企业培育服务平台】您的注册验证码为${code}，${minutes}分钟内有效。如非本人操作，请忽略本短信。`;
}

/**
 * Queue text to mobile in sms_outbox exactly as lib/sms.c's sms_enqueue
 * does (due now, given up after giveUpS). Returns the row's id.
 */
export function queueSms(mobile, text, { kind = 'test', giveUpS = 3600, dueInS = 0 } = {}) {
  const out = sql(`INSERT INTO sms_outbox (to_mobile, kind, text, status, created_at, due_at, give_up_at)
    VALUES (${sqlStr(mobile)}, ${sqlStr(kind)}, ${sqlStr(text)}, 'queued', UTC_TIMESTAMP(3),
    UTC_TIMESTAMP(3) + INTERVAL ${Number(dueInS)} SECOND, UTC_TIMESTAMP(3) + INTERVAL ${Number(giveUpS)} SECOND);
    SELECT LAST_INSERT_ID();`);
  return Number(out.trim());
}

const ROW_COLS = ['id', 'to_mobile', 'status', 'attempts', 'gateway', 'gateway_id', 'last_error',
  'dlr_status', 'claimed_by', 'sent_at', 'dlr_at', 'due_in_ms'];

/** The outbox rows of ids as objects (NULL becomes null), in id order. */
export function smsRows(ids) {
  if (ids.length === 0) return [];
  const out = sql(`SELECT id, to_mobile, status, attempts, gateway, gateway_id, last_error,
    dlr_status, claimed_by, sent_at, dlr_at,
    TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3), due_at) DIV 1000
    FROM sms_outbox WHERE id IN (${ids.map(Number).join(',')}) ORDER BY id`);
  return out.split('\n').filter((l) => l !== '').map((l) => {
    const cells = l.split('\t');
    const row = {};
    ROW_COLS.forEach((c, i) => { row[c] = cells[i] === 'NULL' ? null : cells[i]; });
    row.id = Number(row.id);
    row.attempts = Number(row.attempts);
    row.due_in_ms = Number(row.due_in_ms);
    return row;
  });
}

/** The outbox row of id. */
export function smsRow(id) {
  return smsRows([id])[0];
}

/** Delete the tests' rows, so that no dispatcher sends them later. */
export function deleteSms(ids) {
  if (ids.length > 0) sql(`DELETE FROM sms_outbox WHERE id IN (${ids.map(Number).join(',')})`);
}

/** The stack's secret (var/sme.conf), as bytes. */
export function stackSecret() {
  const m = /^secret\s*=\s*([0-9a-fA-F]+)\s*$/m.exec(fs.readFileSync(SME_CONFIG, 'utf8'));
  if (!m) throw new Error(`no secret in ${SME_CONFIG}`);
  return Buffer.from(m[1], 'hex');
}

/**
 * The token of /sms/dlr/{token} and /sms/report/{token} for outbox id
 * (lib/dlr.c dlr_token): one per message.
 */
export function dlrToken(id, secret = stackSecret()) {
  return `${id}.${createHmac('sha256', secret).update(`sms-dlr:${id}`).digest('base64url')}`;
}

/** The static report token sme-smsd used to print (now refused). */
export function oldReportToken(secret = stackSecret()) {
  return createHmac('sha256', secret).update('sms-report').digest('base64url');
}

/** A TCP port free on 127.0.0.1 right now. */
/** Resolve with port if it can be bound on 127.0.0.1 now, else with 0. */
function tryPort(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', () => resolve(0));
    srv.listen(port, '127.0.0.1', () => {
      const got = srv.address().port;
      srv.close(() => resolve(got));
    });
  });
}

/**
 * A port free now on 127.0.0.1 for a server the test starts next. Taken
 * below Linux's ephemeral range (32768-60999): a port from that range can
 * be given to some outgoing connection before the server binds it (a
 * smsbox once died of "Failed to open HTTP socket" so).
 */
export async function freePort() {
  for (let i = 0; i < 50; i++) {
    const port = await tryPort(20000 + Math.floor(Math.random() * 12000));
    if (port) return port;
  }
  return tryPort(0);
}

/**
 * A fresh private folder var/sms-test/<name>-<pid>-<n>. The first call
 * of a process removes the folders of ended test processes that are
 * older than an hour (younger ones may explain a failure just seen).
 */
let dirs = 0;
export function privateDir(name) {
  if (dirs === 0 && fs.existsSync(SMS_TEST_DIR)) {
    for (const d of fs.readdirSync(SMS_TEST_DIR)) {
      const p = path.join(SMS_TEST_DIR, d);
      const pid = Number(/-(\d+)-\d+$/.exec(d)?.[1]);
      if (pid && pid !== process.pid && !alive(pid) && Date.now() - fs.statSync(p).mtimeMs > 3600_000)
        fs.rmSync(p, { recursive: true, force: true });
    }
  }
  const dir = path.join(SMS_TEST_DIR, `${name}-${process.pid}-${dirs++}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Wait until pid has exited (polled), at most ms; whether it did. */
async function exited(pid, ms) {
  return waitFor(() => !alive(pid), ms, 50);
}

/**
 * Take tools/up's lock (var/run/up.lock), so that no tools/up restarts
 * the stack's dispatcher meanwhile. flock(1) holds it while its cat reads
 * our pipe: closing the pipe, or our exit, releases it. Returns release().
 */
async function holdUpLock() {
  const lock = path.join(VAR, 'run', 'up.lock');
  const p = spawn('flock', ['-o', lock, '-c', 'echo locked; exec cat >/dev/null'],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    p.stdout.once('data', resolve);
    p.once('error', reject);
    p.once('exit', (c) => reject(new Error(`flock ${lock} exited ${c}`)));
  });
  p.removeAllListeners('exit');
  return () => new Promise((resolve) => {
    p.once('exit', resolve);
    p.stdin.end();
  });
}

/**
 * Stop the stack's dispatcher (tools/up's) for the duration of a test
 * file, holding tools/up's lock meanwhile. Returns a function that starts
 * it again as tools/up does (same configuration, log and pidfile) and
 * releases the lock.
 */
export async function pauseStackDispatcher() {
  const release = await holdUpLock();
  let pid = 0;
  try {
    pid = Number(fs.readFileSync(SMSD_PIDFILE, 'utf8').trim());
  } catch {
    pid = 0;
  }
  const wasRunning = pid > 0 && alive(pid);
  if (wasRunning) {
    process.kill(pid, 'SIGTERM');
    if (!(await exited(pid, 30_000))) {
      await release();
      throw new Error(`the stack's sme-smsd ${pid} did not stop`);
    }
  }
  return async () => {
    if (wasRunning) {
      const log = fs.openSync(SMSD_LOG, 'a');
      const p = spawn(STACK_SMSD_BIN, ['-c', SME_CONFIG], { detached: true, stdio: ['ignore', log, log] });
      fs.closeSync(log);
      p.unref();
      fs.writeFileSync(SMSD_PIDFILE, `${p.pid}\n`);
    }
    await release();
  };
}

/**
 * Start a private sme-smsd in its own folder with the stack's database
 * and secret, and settings (an object) for the gateway and timing.
 * Returns { pid, dir, log(), lines(), stop(signal), exitCode() }.
 */
export async function startDispatcher(name, settings, { dir = privateDir(name) } = {}) {
  const base = fs.readFileSync(SME_CONFIG, 'utf8');
  const conf = path.join(dir, 'sme.conf');
  const defaults = {
    sms_poll_ms: 100, sms_retry_min_s: 1, sms_retry_max_s: 2, sms_timeout_s: 3, sms_batch: 10,
  };
  const lines = Object.entries({ ...defaults, ...settings }).map(([k, v]) => `${k} = ${v}`);
  // Later lines win (lib/config.c): the private settings over the stack's.
  fs.writeFileSync(conf, `${base}\n# ${name}\n${lines.join('\n')}\n`, { mode: 0o600 });
  const logfile = path.join(dir, 'sme-smsd.log');
  const fd = fs.openSync(logfile, 'a');
  const proc = spawn(SMSD_BIN, ['-c', conf], { stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  let code = null;
  const done = new Promise((resolve) => proc.on('exit', (c, sig) => { code = c ?? sig; resolve(code); }));
  const log = () => fs.readFileSync(logfile, 'utf8');
  const started = await waitFor(() => code !== null || log().includes('dispatching as'), 10_000);
  if (!started || code !== null) throw new Error(`sme-smsd ${name} did not start:\n${log()}`);
  return {
    pid: proc.pid,
    dir,
    conf,
    log,
    exitCode: () => code,
    exited: done,
    /** Send signal (SIGTERM) and wait for the exit; the exit code. */
    async stop(signal = 'SIGTERM') {
      if (code === null) proc.kill(signal);
      const t = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      await done;
      clearTimeout(t);
      return code;
    },
  };
}

/** Wait until every row of ids satisfies pred (polled); the rows. */
export async function waitRows(ids, pred, ms = 15_000) {
  let rows = [];
  await waitFor(() => {
    rows = smsRows(ids);
    return rows.length === ids.length && rows.every(pred);
  }, ms, 100);
  return rows;
}

export { sleep };

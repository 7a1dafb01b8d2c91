// kannel.mjs - a private Kannel for the kannel adapter's tests: Debian's
// bearerbox and smsbox (package kannel) with a fake SMSC on loopback, and
// fakesmsc (package kannel-extras) at its other end printing every
// message it gets. Everything lives in a folder of its own under var/.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, privateDir } from './smsd.mjs';
import { waitFor } from './stack.mjs';

export const BEARERBOX = '/usr/sbin/bearerbox';
export const SMSBOX = '/usr/sbin/smsbox';
export const FAKESMSC = '/usr/lib/kannel/test/fakesmsc';

/** Why Kannel can't run here, or null. */
export function kannelMissing() {
  for (const f of [BEARERBOX, SMSBOX, FAKESMSC])
    if (!fs.existsSync(f)) return `${f} is missing: apt-get install kannel kannel-extras`;
  return null;
}

/**
 * Install Debian's kannel and kannel-extras if they are missing and we
 * are root (tools/test installs them too); throws if they can't be had.
 */
export function ensureKannel() {
  if (kannelMissing() === null) return;
  if (process.getuid?.() !== 0) throw new Error(kannelMissing());
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'kannel', 'kannel-extras'],
    { env, encoding: 'utf8', timeout: 300_000 });
  let r = install();
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { env, encoding: 'utf8', timeout: 300_000 });
    r = install();
  }
  if (kannelMissing() !== null) throw new Error(`apt-get install kannel kannel-extras failed: ${r.stderr}`);
}

/** Resolve once something listens on 127.0.0.1:port, or throw after ms. */
async function listening(port, ms) {
  const ok = await waitFor(() => new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  }), ms, 100);
  if (!ok) throw new Error(`nothing listens on 127.0.0.1:${port}`);
}

/**
 * Decode what fakesmsc prints for a message Kannel passed on: lines
 * "Got message N: <from to [udh UDH] type data>", type text (plain) or
 * data/ucs-2 (urlencoded octets; with coding=2 they are UCS-2 big-endian).
 * Returns { from, to, type, udh (Buffer or null), octets (Buffer) }.
 */
export function parseFakesmscLine(line) {
  const m = /Got message \d+: <(.*)>\s*$/.exec(line);
  if (!m) return null;
  const f = m[1].split(' ');
  // urlencoded octets: %XX to bytes, without reading them as UTF-8.
  const octets = (s = '') => {
    const out = [];
    for (let i = 0; i < s.length; i++) {
      if (s[i] === '%') {
        out.push(parseInt(s.slice(i + 1, i + 3), 16));
        i += 2;
      } else out.push(s[i] === '+' ? 32 : s.charCodeAt(i));
    }
    return Buffer.from(out);
  };
  let i = 2;
  let udh = null;
  if (f[i] === 'udh') {
    udh = octets(f[i + 1]);
    i += 2;
  }
  const type = f[i];
  if (type === 'text') return { from: f[0], to: f[1], type, udh, octets: Buffer.from(f.slice(i + 1).join(' '), 'latin1') };
  if (type === 'data' || type === 'ucs2' || type === 'ucs-2') return { from: f[0], to: f[1], type, udh, octets: octets(f[i + 1]) };
  return null;
}

/** UCS-2 (UTF-16) big-endian octets as a string. */
export function ucs2(octets) {
  const b = Buffer.from(octets);
  b.swap16();
  return b.toString('utf16le');
}

/**
 * Start bearerbox, fakesmsc and smsbox with a private kannel.conf.
 * Returns { sendsmsUrl, username, password, messages(), stop() }:
 * messages() are the parsed lines fakesmsc printed so far.
 */
export async function startKannel(name = 'kannel') {
  const dir = privateDir(name);
  const [adminPort, boxPort, smscPort, sendsmsPort] =
    [await freePort(), await freePort(), await freePort(), await freePort()];
  const username = 'sme';
  const password = 'kannel-test-pw';
  const conf = path.join(dir, 'kannel.conf');
  fs.writeFileSync(conf, `# ${dir}/kannel.conf - written by tests/harness/kannel.mjs
group = core
admin-port = ${adminPort}
admin-interface = 127.0.0.1
admin-password = ${password}
smsbox-port = ${boxPort}
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
log-file = "${dir}/bearerbox.log"
log-level = 0
access-log = "${dir}/bearerbox-access.log"
dlr-storage = internal
sms-resend-freq = 1

group = smsc
smsc = fake
smsc-id = fake
port = ${smscPort}
our-host = 127.0.0.1
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${boxPort}
sendsms-port = ${sendsmsPort}
sendsms-interface = 127.0.0.1
global-sender = 10690000
log-file = "${dir}/smsbox.log"
log-level = 0
access-log = "${dir}/smsbox-access.log"

group = sendsms-user
username = ${username}
password = ${password}
max-messages = 10
concatenation = true

group = sms-service
keyword = default
text = "ok"
`);
  const procs = [];
  const run = (bin, args, out) => {
    const fd = fs.openSync(path.join(dir, out), 'a');
    const p = spawn(bin, args, { stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    procs.push(p);
    return p;
  };
  const fakelog = path.join(dir, 'fakesmsc.out');
  const stop = async () => {
    for (const p of procs.reverse()) {
      if (p.exitCode !== null || p.signalCode !== null) continue;
      const gone = new Promise((resolve) => p.on('exit', resolve));
      p.kill('SIGTERM');
      const t = setTimeout(() => p.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
    }
  };
  try {
    run(BEARERBOX, ['-v', '0', conf], 'bearerbox.out');
    // Not the fake SMSC's port: it takes any connection for fakesmsc's.
    await listening(adminPort, 15_000);
    // -r port; -m 0: send nothing, print what comes (a message is required).
    run(FAKESMSC, ['-H', '127.0.0.1', '-r', String(smscPort), '-m', '0', '1 2 text x'], 'fakesmsc.out');
    run(SMSBOX, ['-v', '0', conf], 'smsbox.out');
    await listening(sendsmsPort, 15_000);
    // The fake SMSC is up once bearerbox says a client is connected.
    const up = await waitFor(() => fs.readFileSync(path.join(dir, 'bearerbox.log'), 'utf8')
      .includes('Fakesmsc client connected'), 10_000, 100);
    if (!up) throw new Error('fakesmsc did not connect to bearerbox');
  } catch (e) {
    await stop();
    throw new Error(`${e.message}; see ${dir}`);
  }
  return {
    dir,
    username,
    password,
    sendsmsUrl: `http://127.0.0.1:${sendsmsPort}/cgi-bin/sendsms`,
    messages: () => fs.readFileSync(fakelog, 'utf8').split('\n').map(parseFakesmscLine).filter(Boolean),
    stop,
    /** bearerbox's status page (for a failure's diagnostics). */
    status: () => spawnSync('curl', ['-s', `http://127.0.0.1:${adminPort}/status.txt?password=${password}`],
      { encoding: 'utf8' }).stdout,
  };
}

export { sleep };

// pools.test.mjs - the POSTs that hash a password (scrypt) have sme-account workers of their
// own (handlers/sme-account.c, nginx's $sme_account_pool). In one pool with the rest, a
// burst of logins held every worker and the login page and /home waited behind them
// (bench/season, 16 enterprises at once: GET /login p50 465 ms). Here the slow pool's
// workers are stopped (SIGSTOP), as if each were hashing: the login page, /home and a
// password page still answer, a login waits, and once they go on the login succeeds.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  Client, DEMO_PASSWORD, MASTER_PIDFILE, VAR, session, useStack,
} from '../harness/index.mjs';

// It stops workers every test's logins need.
useStack({ exclusive: true });

const SLOW_SOCK = path.join(VAR, 'run', 'sme-account-slow.sock');

/** The inode of the listening socket bound as `${sock}.<pid>` (renamed to sock). */
function listenInode(sock) {
  for (const line of fs.readFileSync('/proc/net/unix', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 8 && f[7].startsWith(`${sock}.`) && (parseInt(f[3], 16) & 0x10000)) return f[6];
  }
  return null;
}

/** Processes other than the master holding socket inode ino: the pool's workers. */
function holders(ino) {
  const master = fs.readFileSync(MASTER_PIDFILE, 'utf8').trim();
  const out = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d) && d !== master)) {
    let fds = [];
    try { fds = fs.readdirSync(`/proc/${pid}/fd`); } catch { continue; }
    if (fds.some((fd) => { try { return fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${ino}]`; } catch { return false; } })) {
      out.push(Number(pid));
    }
  }
  return out;
}

/** Resolves to 'pending' if p has not settled after ms. */
function within(p, ms) {
  let timer;
  const late = new Promise((r) => { timer = setTimeout(() => r('pending'), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

describe('password hashing has workers of its own', () => {
  const fx = { stopped: [] };

  before(async () => {
    fx.ent = await session('demo_ent', DEMO_PASSWORD);
    const ino = listenInode(SLOW_SOCK);
    assert.ok(ino, `sme-account listens on ${SLOW_SOCK}`);
    fx.slow = holders(ino);
    assert.equal(fx.slow.length, 4, `the slow pool's workers: ${fx.slow}`);
  });

  after(() => {
    for (const pid of fx.stopped) { try { process.kill(pid, 'SIGCONT'); } catch { /* gone */ } }
  });

  test('with every hashing worker busy, pages answer and a login waits for them', async () => {
    for (const pid of fx.slow) { process.kill(pid, 'SIGSTOP'); fx.stopped.push(pid); }
    const anon = new Client();
    const form = await within(anon.get('/login'), 5000);
    assert.notEqual(form, 'pending', 'GET /login does not wait for the hashing workers');
    assert.equal(form.status, 200);
    const home = await within(fx.ent.get('/home'), 5000);
    assert.notEqual(home, 'pending', 'GET /home does not wait either');
    assert.equal(home.status, 200);
    const pw = await within(fx.ent.get('/account/password'), 5000);
    assert.notEqual(pw, 'pending');
    assert.equal(pw.status, 200, 'the password form is an ordinary page');

    const posting = anon.post('/login', { username: 'demo_ent', password: DEMO_PASSWORD, csrf: form.csrf });
    assert.equal(await within(posting, 1500), 'pending', 'POST /login is served by the hashing pool');
    for (const pid of fx.slow) process.kill(pid, 'SIGCONT');
    fx.stopped = [];
    const r = await within(posting, 15000);
    assert.notEqual(r, 'pending', 'the login goes on once a hashing worker is free');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/home');
  });
});

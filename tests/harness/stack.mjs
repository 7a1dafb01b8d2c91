// stack.mjs - the running stack as the tests see it: is it up, its
// processes, MariaDB on and off, and a lock between test files.
//
// node --test runs test files in parallel on machines with more than two
// cores. Most files only need the stack up ("shared"); a few take it down in
// part or spoil the address 127.0.0.1 for everyone (failure, rate limit):
// those hold it "exclusive", so nothing else runs meanwhile.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { resetLoginFailures } from './admin.mjs';
import { BASE, MARIADB_TOOL, MASTER_PIDFILE, ROOT, VAR } from './env.mjs';

/** Throw a clear message if the site does not answer. */
export async function requireStack() {
  try {
    const r = await fetch(`${BASE}/login`, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
    if (r.status === 200) return;
    throw new Error(`GET /login answered ${r.status}`);
  } catch (e) {
    throw new Error(`the stack does not answer at ${BASE}/login (${e.message}): run tools/up first`);
  }
}

/** The pid of the sme-account master (var/run/sme-account.pid). */
export function masterPid() {
  return Number(fs.readFileSync(MASTER_PIDFILE, 'utf8').trim());
}

export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Pids of the live (not zombie) children of pid, from /proc. */
export function childrenOf(pid) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(ppid) === pid && state !== 'Z') out.push(Number(d));
  }
  return out.sort((a, b) => a - b);
}

/** The worker pids of the sme-account master. */
export function workerPids() {
  return childrenOf(masterPid());
}

/** tools/mariadb start|stop|status; throws if it fails (status excepted). */
export function mariadb(cmd) {
  const r = spawnSync(MARIADB_TOOL, [cmd], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  if (r.status !== 0 && cmd !== 'status')
    throw new Error(`tools/mariadb ${cmd} exited ${r.status}: ${r.stderr.trim()}`);
  return r.status;
}

/** Wait until fn() is truthy (polled every step ms) or ms pass; fn()'s last value. */
export async function waitFor(fn, ms = 5000, step = 50) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > until) return v;
    await sleep(step);
  }
}

// ---- the lock between test files ------------------------------------------
const LOCKS = path.join(VAR, 'test-locks');
const SHARED = path.join(LOCKS, 'shared');
const EXCL = path.join(LOCKS, 'exclusive');
let held = null;

function exclusiveOwner() {
  try {
    return Number(fs.readFileSync(path.join(EXCL, 'owner'), 'utf8'));
  } catch {
    return fs.existsSync(EXCL) ? -1 : 0; // -1: being taken right now
  }
}

function exclusiveTakenByOther() {
  const o = exclusiveOwner();
  if (o === 0 || o === process.pid) return false;
  if (o === -1) {
    // Made but no owner written yet; stale if old.
    try {
      if (Date.now() - fs.statSync(EXCL).mtimeMs < 5000) return true;
    } catch {
      return false;
    }
  } else if (alive(o)) return true;
  fs.rmSync(EXCL, { recursive: true, force: true });
  return false;
}

function otherSharers() {
  let names = [];
  try {
    names = fs.readdirSync(SHARED);
  } catch {
    return 0;
  }
  let n = 0;
  for (const f of names) {
    const pid = Number(f);
    if (pid === process.pid) continue;
    if (alive(pid)) n++;
    else fs.rmSync(path.join(SHARED, f), { force: true });
  }
  return n;
}

function releaseSync() {
  if (held === 'shared') fs.rmSync(path.join(SHARED, String(process.pid)), { force: true });
  if (held === 'exclusive' && exclusiveOwner() === process.pid) fs.rmSync(EXCL, { recursive: true, force: true });
  held = null;
}
process.on('exit', releaseSync);

async function acquire(mode) {
  fs.mkdirSync(SHARED, { recursive: true });
  if (mode === 'shared') {
    for (;;) {
      if (!exclusiveTakenByOther()) {
        fs.writeFileSync(path.join(SHARED, String(process.pid)), '');
        if (!exclusiveTakenByOther()) break;
        fs.rmSync(path.join(SHARED, String(process.pid)), { force: true });
      }
      await sleep(200);
    }
  } else {
    for (;;) {
      try {
        fs.mkdirSync(EXCL);
        fs.writeFileSync(path.join(EXCL, 'owner'), String(process.pid));
        break;
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
        exclusiveTakenByOther(); // clears a stale one
        await sleep(200);
      }
    }
    while (otherSharers() > 0) await sleep(200);
  }
  held = mode;
}

/**
 * Hooks of a test file against the running stack: check it is up, take
 * the lock (exclusive: no other test file runs meanwhile), and start and
 * end with no recorded login failures of this address.
 */
export function useStack({ exclusive = false } = {}) {
  before(async () => {
    await requireStack();
    await acquire(exclusive ? 'exclusive' : 'shared');
    resetLoginFailures();
  });
  after(() => {
    try {
      resetLoginFailures(); // leave 127.0.0.1 unspoiled for whoever comes next
    } finally {
      releaseSync();
    }
  });
}

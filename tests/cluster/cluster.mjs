// cluster.mjs - what the cluster layer's tests share: tools/cluster
// (started by tools/test with SME_CLUSTER=1), SQL on one Galera node, the
// pids to kill, and the SMS files of both app hosts. The harness's own
// helpers see app host a as "the stack" (SME_VAR=var/cluster/app-a,
// SME_PORT = the front nginx), so sme-admin goes through HAProxy.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../harness/env.mjs';

export const CVAR = path.resolve(process.env.SME_CLUSTER_VAR || path.join(ROOT, 'var', 'cluster'));
export const HOSTS = ['a', 'b'];

/** Run tools/cluster with args: { code, out }. */
export function cluster(args, { timeout = 150_000 } = {}) {
  const r = spawnSync(path.join(ROOT, 'tools', 'cluster'), args, {
    cwd: ROOT, encoding: 'utf8', env: process.env, timeout,
  });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** The output of statement on Galera node n (1..3), tab-separated rows. */
export function nodeSql(n, statement) {
  const r = spawnSync(path.join(ROOT, 'tools', 'cluster'), ['sql', String(n), '-N', '-B', 'sme', '-e', statement], {
    cwd: ROOT, encoding: 'utf8', env: process.env, timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(`node ${n}: ${r.stderr}`);
  return r.stdout;
}

/** The node HAProxy sends writes to (1..3), or 0 if none is up. */
export function writer() {
  const m = /^n(\d)$/.exec(cluster(['writer']).out.trim());
  return m ? Number(m[1]) : 0;
}

/** SQL on the writer node. */
export function sql(statement) {
  const n = writer();
  if (!n) throw new Error('no Galera node takes writes');
  return nodeSql(n, statement);
}

/** The pid of node n's mariadbd, or 0. */
export function nodePid(n) {
  return Number(cluster(['node-pid', String(n)]).out.trim()) || 0;
}

/** Node n's wsrep_local_state (4: Synced), or 0 when it does not answer. */
export function nodeState(n) {
  return Number(cluster(['node-state', String(n)]).out.trim()) || 0;
}

/** The log of Galera node n. */
export function nodeLog(n) {
  return fs.readFileSync(path.join(CVAR, 'db', 'log', `n${n}.log`), 'utf8');
}

/** Every pid of app host h: its supervisor, masters, workers and sme-smsd. */
export function hostPids(h) {
  return cluster(['host-pids', h]).out.split('\n').map(Number).filter((p) => p > 0);
}

/** Whether pid runs (a zombie does not). */
export function alive(pid) {
  try {
    process.kill(pid, 0);
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return st.slice(st.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The messages app host h's sme-smsd wrote to its file gateway: [{ to, text }]. */
export function smsSent(h) {
  let lines = [];
  try {
    lines = fs.readFileSync(path.join(CVAR, `app-${h}`, 'sms.log'), 'utf8').split('\n');
  } catch {
    return [];
  }
  const out = [];
  for (const l of lines) {
    if (!l.trim()) continue;
    try {
      out.push(JSON.parse(l));
    } catch {
      // a line being written right now
    }
  }
  return out;
}

/**
 * Whether app host h's sme-smsd is dispatching: it never waited for the
 * database, or the database came back after its last wait (one started
 * before HAProxy had a writer waits with a growing pause).
 */
export function smsdReady(h) {
  let log = '';
  try {
    log = fs.readFileSync(path.join(CVAR, `app-${h}`, 'log', 'sme-smsd.log'), 'utf8');
  } catch {
    return false;
  }
  return log.includes('dispatching as')
    && log.lastIndexOf('the database is back') >= log.lastIndexOf('waiting for the database');
}

/** The code of the newest code SMS to mobile that either host sent, or null. */
export function smsCode(mobile) {
  const texts = HOSTS.flatMap(smsSent).filter((m) => m.to === mobile).map((m) => m.text);
  for (const t of texts.reverse()) {
    const m = /验证码为(\d{6})/.exec(t);
    if (m) return m[1];
  }
  return null;
}

/** Poll fn every step ms until it returns a truthy value (returned), or null after ms. */
export async function until(fn, ms, step = 100) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() >= end) return null;
    await new Promise((r) => { setTimeout(r, step); });
  }
}

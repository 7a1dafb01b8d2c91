// b-failover.test.mjs - the cluster under a mixed load spread over both app
// hosts (registrations, section saves, uploads, submits and review
// decisions through the front nginx):
//   1. kill -9 the Galera node taking writes: writes resume within 15 s and
//      clients see nothing but 503 meanwhile; the node is started again and
//      rejoins by IST;
//   2. kill -9 app host b (its supervisor, masters, workers, sme-smsd):
//      requests started after the kill are served by host a;
// then every acknowledged write (each 303 or 201) is on all three nodes,
// and every acknowledged upload's bytes are in the shared store.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEMO_PASSWORD, ROOT, createEnterprise, session } from '../harness/index.mjs';
import { pdf } from '../harness/files.mjs';
import { fillAll, filingYear, newFiling, onceOf, postSection, sectionFields } from '../harness/filing.mjs';
import { SourceClient, licences, registration } from '../harness/register.mjs';
import { find } from '../harness/html.mjs';
import {
  CVAR, alive, hostPids, nodeLog, nodePid, nodeSql, smsCode, until, writer,
} from './cluster.mjs';

const Y = filingYear();
const sha = (b) => createHash('sha256').update(b).digest('hex');
const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

/** Every answer the clients got: { kind, method, start, end, status }. */
const calls = [];
/** Acknowledged writes: once tokens (saves, submits, decisions), uploads, registrations. */
const acked = { once: [], uploads: [], users: [], times: [] };
let stop = false;
const regWaits = [];
const KINDS = ['save', 'upload', 'submit', 'decide', 'register'];

/** Run request fn (a Page promise) and record its answer. */
async function call(kind, method, fn) {
  const start = Date.now();
  let r;
  try {
    r = await fn();
  } catch (e) {
    calls.push({ kind, method, start, end: Date.now(), status: 0, error: String(e) });
    return null;
  }
  calls.push({ kind, method, start, end: Date.now(), status: r.status });
  return r;
}
function ack(kind, what) {
  acked.times.push({ kind, t: Date.now() });
  if (kind === 'upload') acked.uploads.push(what);
  else if (kind === 'register') acked.users.push(what);
  else acked.once.push(what);
}
/** A pause after an unavailable answer, so a client does not spin on 503s. */
const backoff = (r) => (r && r.status < 500 ? null : sleep(200));

function multipart(csrf, name, type, bytes) {
  const b = `----smecluster${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`
    + `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`);
  return { body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${b}--\r\n`)]), type: `multipart/form-data; boundary=${b}` };
}
function upload(c, id, slot, csrf, name, type, bytes) {
  const m = multipart(csrf, name, type, bytes);
  return c.request('POST', `/upload/${id}/${slot}`, {
    body: m.body, headers: { 'content-type': m.type, accept: 'application/json' },
  });
}

/** An enterprise saving 员工人数 of its filing and uploading PDFs, in a loop. */
async function saver(w) {
  for (let i = 1; !stop; i++) {
    const page = await call('save', 'GET', () => w.c.get(`/filing/${w.id}/basic`));
    if (!page || page.status !== 200) { await backoff(page); continue; }
    const f = sectionFields(page, Y, { employees: String(100 + i) });
    const once = f.get('once');
    const r = await call('save', 'POST', () => postSection(w.c, w.id, 'basic', f));
    if (r?.status === 303) ack('save', once);
    else await backoff(r);
    if (i % 3 === 0) {
      const bytes = pdf(w.k * 1e6 + i);
      const u = await call('upload', 'POST', () => upload(w.c, w.id, 'other', page.csrf, `f${i}.pdf`, 'application/pdf', bytes));
      if (u?.status === 201) ack('upload', { id: JSON.parse(u.text).id, sha: sha(bytes) });
      else await backoff(u);
    }
  }
}

/** An enterprise submitting its complete filing, the county returning it, again and again. */
async function cycler(w, county) {
  while (!stop) {
    // 提交 sits on the 附件 page; its button only while the filing is editable.
    const page = await call('submit', 'GET', () => w.c.get(`/filing/${w.id}/attachments`));
    if (!page || page.status !== 200) { await backoff(page); continue; }
    const sf = find(page.body, { tag: 'form', attrs: { class: 'submit-form' } });
    const once = sf && find(sf.inner, { tag: 'button' }) ? onceOf(page, 'submit-form') : null;
    if (once) {
      const r = await call('submit', 'POST', () => w.c.post(`/filing/${w.id}/submit`, { version: page.inputValue('version'), once }));
      if (r?.status === 303) ack('submit', once);
      else await backoff(r);
      continue;
    }
    const rev = await call('decide', 'GET', () => county.get(`/review/${w.id}`));
    if (!rev || rev.status !== 200) { await backoff(rev); continue; }
    const form = find(rev.body, { tag: 'form', attrs: { id: 'review-form' } });
    if (!form) { await sleep(50); continue; }
    const o = find(form.inner, { tag: 'input', attrs: { name: 'once' } }).attrs.value;
    const v = find(form.inner, { tag: 'input', attrs: { name: 'version' } }).attrs.value;
    const r = await call('decide', 'POST', () => county.post(`/review/${w.id}`, {
      once: o, version: v, action: 'return', reason: '请补充近三年研发投入明细后再次提交。',
    }));
    if (r?.status === 303) ack('decide', o);
    else await backoff(r);
  }
}

/** New enterprises registering, each from an address of its own. */
async function registrar() {
  while (!stop) {
    const c = new SourceClient();
    const f = registration();
    const form = await call('register', 'GET', () => c.get('/register'));
    if (!form || form.status !== 200) { await backoff(form); continue; }
    const s = await call('register', 'POST', () => c.post('/register/sms', { mobile: f.mobile }, { headers: { accept: 'application/json' } }));
    if (!s || s.status !== 200) { await backoff(s); continue; }
    const tc = Date.now();
    f.sms_code = await until(() => smsCode(f.mobile), 20_000, 100);
    regWaits.push(f.sms_code ? Date.now() - tc : -1);
    if (!f.sms_code) continue;
    const r = await call('register', 'POST', () => c.postMultipart('/register', f, { licence: licences.png() }));
    if (r?.status === 303) ack('register', f.username);
    else await backoff(r);
  }
}

/** Run tools/cluster args in the background: a promise of { code, out }. */
function clusterAsync(args) {
  return new Promise((resolve) => {
    const p = spawn(path.join(ROOT, 'tools', 'cluster'), args, { cwd: ROOT, env: process.env });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('exit', (code) => resolve({ code, out }));
  });
}

/** How the registrations went: each wait for an SMS code, each answer (method's initial, status). */
const registrations = () => `registrations: SMS code waited for ${regWaits.map((w) => (w < 0 ? 'in vain' : `${w} ms`)).join(', ')}; `
  + `answers ${calls.filter((c) => c.kind === 'register').map((c) => `${c.method[0]}${c.status}`).join(' ')}`;

const inList = (xs, f) => xs.map(f).join(',') || 'NULL';

test('a Galera node and an app host killed under load: nothing acknowledged is lost', async (t) => {
  const t0 = Date.now();
  for (const h of ['a', 'b']) assert.ok(hostPids(h).length > 8, `app host ${h} runs (tools/cluster up)`);
  // Enterprises of 玄武区 (demo_county's region): three saving, two cycling.
  const county = await session('demo_county', DEMO_PASSWORD);
  const ents = await Promise.all(Array.from({ length: 5 }, async (_, k) => {
    const ent = createEnterprise({ inLibrary: false, region: '320102', prefix: 'cl' });
    const c = await session(ent.username, ent.password);
    const id = await newFiling(c, { kind: 'entry', class: 'mfg' });
    return { k, c, id };
  }));
  const savers = ents.slice(0, 3);
  const cyclers = ents.slice(3);
  await Promise.all(cyclers.map(async (w) => {
    await fillAll(w.c, w.id, Y);
    const page = await w.c.get(`/filing/${w.id}/attachments`);
    const l = licences.png();
    assert.equal((await upload(w.c, w.id, 'licence', page.csrf, l.name, l.type, l.bytes)).status, 201, 'licence uploaded');
    assert.equal((await upload(w.c, w.id, 'audit', page.csrf, 'audit.pdf', 'application/pdf', pdf(w.k))).status, 201, 'audit uploaded');
  }));

  const tSetup = Date.now();
  const load = [...savers.map(saver), ...cyclers.map((w) => cycler(w, county)), registrar()];
  const ackedSince = (t0) => acked.times.filter((a) => a.t > t0).length;
  assert.ok(await until(() => ackedSince(0) >= 10, 20_000), 'the load writes');

  // 1. The writer node, killed.
  const w = writer();
  assert.ok(w > 0, 'HAProxy has a writer');
  const pid = nodePid(w);
  const logBefore = nodeLog(w).length;
  const lastBefore = Math.max(...acked.times.map((a) => a.t));
  const killDb = Date.now();
  process.kill(pid, 'SIGKILL');
  const resumed = await until(() => calls.find((c) => c.start > killDb && c.method === 'POST' && [201, 303].includes(c.status)), 30_000, 50);
  assert.ok(resumed, 'writes resumed');
  const gap = (resumed.end - killDb) / 1000;
  t.diagnostic(`node n${w} (pid ${pid}) killed; first write acknowledged ${gap.toFixed(1)} s later; `
    + `no write acknowledged for ${((resumed.end - lastBefore) / 1000).toFixed(1)} s`);
  assert.ok(gap <= 15, `writes resumed within 15 s (${gap} s)`);
  const rejoin = clusterAsync(['node-start', String(w)]);
  await until(() => ackedSince(resumed.end) >= 10, 20_000);

  // 2. App host b, killed with its supervisor: it stays down.
  const pids = hostPids('b');
  assert.ok(pids.length > 8, `app host b runs (${pids.length} processes)`);
  const killApp = Date.now();
  for (const p of pids) try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
  assert.ok(await until(() => pids.every((p) => !alive(p)), 5000), 'app host b is down');
  assert.ok(await until(() => ackedSince(killApp + 500) >= 15, 30_000), 'writes go on through app host a');
  // ...every kind of them, a registration too (its SMS code sent by host a's
  // sme-smsd), however slow the machine: the load goes on until then.
  const kindsSince = (t1) => new Set(acked.times.filter((a) => a.t > t1).map((a) => a.kind));
  assert.ok(await until(() => KINDS.every((k) => kindsSince(killApp + 500).has(k)), 90_000),
    `every kind of write acknowledged through app host a (got: ${[...kindsSince(killApp + 500)]}; ${registrations()})`);
  stop = true;
  await Promise.all(load);
  const tLoad = Date.now();
  const r = await rejoin;
  assert.equal(r.code, 0, `node n${w} rejoined: ${r.out}`);
  t.diagnostic(`setup ${((tSetup - t0) / 1000).toFixed(0)} s, load ${((tLoad - tSetup) / 1000).toFixed(0)} s, `
    + `node n${w} synced again ${((Date.now() - killDb) / 1000).toFixed(0)} s after its kill`);

  // What the clients saw: nothing but success and 503 (the database failing
  // over); a 502 only for a request that was in flight on app host b.
  const bad = calls.filter((c) => ![200, 201, 303, 503].includes(c.status)
    && !(c.status === 502 && c.start <= killApp));
  const n503 = calls.filter((c) => c.status === 503).length;
  const n502 = calls.filter((c) => c.status === 502).length;
  const kinds = {};
  for (const a of acked.times) (kinds[a.kind] ??= []).push(a);
  t.diagnostic(`${calls.length} requests: ${n503} answered 503, ${n502} answered 502 (in flight on the killed host); acknowledged: `
    + Object.entries(kinds).map(([k, v]) => `${v.length} ${k}`).join(', '));
  t.diagnostic(registrations());
  assert.deepEqual(bad, [], 'no other answers');
  // A code claimed by host b's sme-smsd as it was killed waits out its claim
  // (sms_claim_s = 15); none waits longer, whatever else failed over.
  assert.ok(!regWaits.includes(-1), 'every SMS code arrived within 20 s');
  for (const k of KINDS)
    assert.ok(kinds[k]?.length > 0, `some ${k} acknowledged`);

  // The node came back by IST (incremental), not a full copy.
  const rejoinLog = nodeLog(w).slice(logBefore);
  assert.match(rejoinLog, /IST received/, 'the rejoining node received an IST');
  assert.doesNotMatch(rejoinLog, /rsync SST completed on joiner/, 'no full state transfer');

  // Every acknowledged write on each of the three nodes.
  const onceHex = inList(acked.once, (o) => `UNHEX('${sha(o)}')`);
  for (const n of [1, 2, 3]) {
    await until(() => nodeSql(n, "SHOW GLOBAL STATUS LIKE 'wsrep_local_recv_queue'").trim().endsWith('\t0'), 10_000);
    const got = nodeSql(n, `SELECT
      (SELECT COUNT(*) FROM request_once WHERE token_hash IN (${onceHex})),
      (SELECT COUNT(*) FROM attachment WHERE id IN (${inList(acked.uploads, (u) => Number(u.id))})),
      (SELECT COUNT(*) FROM account WHERE username IN (${inList(acked.users, (u) => `'${u}'`)}))`).trim().split('\t').map(Number);
    assert.deepEqual(got, [acked.once.length, acked.uploads.length, acked.users.length],
      `node n${n} holds every acknowledged save, submit and decision, upload and registration`);
  }
  // And every acknowledged upload's bytes in the store both hosts share.
  for (const u of acked.uploads) {
    const f = path.join(CVAR, 'storage', u.sha.slice(0, 2), u.sha);
    assert.ok(fs.existsSync(f), `stored file ${u.sha}`);
    assert.equal(sha(fs.readFileSync(f)), u.sha);
  }
  t.diagnostic(`writes lost: 0 of ${acked.times.length}; ${acked.uploads.length} files checked in the shared store`);
});

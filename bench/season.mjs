#!/usr/bin/env node
/*
 * season.mjs - a filing season on the running stack (bench/season): N
 * enterprises (SEASON_N, 2000) each register through the pages (a code by
 * SMS read from var/sms.log, which the file adapter of sme-smsd writes; a
 * licence image), are confirmed by their county reviewer, log in, start an
 * entry filing, save every section, upload their attachments (small PDFs)
 * and submit; meanwhile the county reviewers approve the filings of their
 * counties and the city reviewers theirs (this season's: found by a name
 * search of the queue), all in parallel. SEASON_CONCURRENCY
 * (16) enterprises go through at once, each from a loopback address of its
 * own (127.x.y.z), so the per-address limits of nginx and lib/reglimit.c
 * meet one enterprise each, as in the real season: no limit is lifted.
 *
 * Prints the wall time, per step the count and the throughput, per request
 * kind the count, p50 and p99 in ms, the errors (any unexpected answer:
 * must be 0), the database's share of the CPU (mariadbd's user+system time
 * over the wall time of the machine's cores, and over all the CPU the
 * machine used), and then checks in the database that every acknowledged
 * registration, save, upload, submission and decision is there. Exits 1 on
 * an error or anything lost. Reviewer accounts season_county_<code> and
 * season_city_<code> are made with sme-admin the first time.
 * Environment: SME_PORT, SME_VAR, SME_BUILD as for tools/up; SEASON_N,
 * SEASON_CONCURRENCY, SEASON_COUNTIES (8, spread over the cities).
 */
import { createHash, randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { admin, sql } from '../tests/harness/admin.mjs';
import { login } from '../tests/harness/client.mjs';
import { VAR } from '../tests/harness/env.mjs';
import { pdf } from '../tests/harness/files.mjs';
import { find, findAll } from '../tests/harness/html.mjs';
import { SourceClient, licences } from '../tests/harness/register.mjs';
import { sectionFields, sectionKeys } from '../tests/harness/filing.mjs';

const N = Math.max(1, Number(process.env.SEASON_N) || 2000);
const CONC = Math.max(1, Number(process.env.SEASON_CONCURRENCY) || 16);
const NCOUNTIES = Math.max(1, Number(process.env.SEASON_COUNTIES) || 8);
const PASSWORD = 'SeasonBench2026';
const RUN = Date.now().toString(36).slice(-5);
const SMS_LOG = path.join(VAR, 'sms.log');
const say = (m) => process.stderr.write(`${m}\n`);

/* ---- measurements ---------------------------------------------------- */

const times = new Map(); // kind -> [ms]
const steps = new Map(); // step -> { n, first, last }
const errors = [];
const acked = { registrations: [], saves: [], uploads: [], submits: [], decisions: [] };

function record(kind, ms) {
  if (!times.has(kind)) times.set(kind, []);
  times.get(kind).push(ms);
}

function stepDone(step, t0) {
  const s = steps.get(step) ?? { n: 0, first: t0, last: 0 };
  s.n++;
  s.first = Math.min(s.first, t0);
  s.last = Math.max(s.last, performance.now());
  steps.set(step, s);
}

/* A request timed under kind; an answer other than want is an error (thrown). */
async function timed(kind, want, fn) {
  const t0 = performance.now();
  let r;
  try {
    r = await fn();
  } catch (e) {
    errors.push(`${kind}: ${e.message}`);
    throw e;
  }
  record(kind, performance.now() - t0);
  if (!want.includes(r.status)) {
    const msg = `${kind}: ${r.status} ${r.url} ${(r.errorFields ?? []).join(',')} ${r.mainText?.slice(0, 160) ?? ''}`;
    errors.push(msg);
    throw new Error(msg);
  }
  return r;
}

const pct = (a, p) => {
  if (a.length === 0) return 0;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/* CPU ticks of process pid (user + system) and of the whole machine. */
function cpuOf(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const v = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return Number(v[11]) + Number(v[12]);
  } catch {
    return NaN;
  }
}
function cpuAll() {
  const v = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { busy: v[0] + v[1] + v[2] + v[5] + v[6] + v[7], total: v.reduce((a, b) => a + b, 0) };
}

/* ---- SMS codes: var/sms.log read as it grows ------------------------- */

const waiting = new Map(); // mobile -> resolve
const codes = new Map(); // mobile -> code
let smsOffset = 0;
function pollSms() {
  let fd;
  try {
    fd = fs.openSync(SMS_LOG, 'r');
  } catch {
    return;
  }
  const size = fs.fstatSync(fd).size;
  if (size > smsOffset) {
    const buf = Buffer.alloc(size - smsOffset);
    fs.readSync(fd, buf, 0, buf.length, smsOffset);
    const text = buf.toString('utf8');
    const end = text.lastIndexOf('\n');
    if (end >= 0) {
      smsOffset += Buffer.byteLength(text.slice(0, end + 1));
      for (const l of text.slice(0, end).split('\n')) {
        try {
          const m = JSON.parse(l);
          const code = /验证码为(\d{6})/.exec(m.text ?? '')?.[1];
          if (code && m.to) {
            codes.set(m.to, code);
            waiting.get(m.to)?.(code);
          }
        } catch { /* a partial line */ }
      }
    }
  }
  fs.closeSync(fd);
}
function codeFor(mobile, ms = 60_000) {
  if (codes.has(mobile)) return Promise.resolve(codes.get(mobile));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { waiting.delete(mobile); reject(new Error(`no SMS code to ${mobile} in ${ms} ms`)); }, ms);
    waiting.set(mobile, (c) => { clearTimeout(t); waiting.delete(mobile); resolve(c); });
  });
}

/* ---- regions and reviewers ------------------------------------------- */

/* A valid 统一社会信用代码 of county (GB 32100 check character), unique to this run. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function usccOf(county, i) {
  const body = `91${county}${RUN.toUpperCase().replace(/[^0-9A-HJ-NP-RTUWXY]/g, '0').padEnd(5, '0').slice(0, 5)}${String(i).padStart(4, '0')}`;
  let s = 0;
  for (let k = 0; k < 17; k++) s += USCC_CHARS.indexOf(body[k]) * USCC_W[k];
  return body + USCC_CHARS[(31 - (s % 31)) % 31];
}

const regions = sql("SELECT code, parent_code FROM region WHERE level = 'county' ORDER BY code")
  .trim().split('\n').map((l) => l.split('\t'));
const counties = [];
for (let i = 0; i < NCOUNTIES; i++) counties.push(regions[Math.floor((i * regions.length) / NCOUNTIES)]);
const cities = [...new Set(counties.map(([, city]) => city))];

/* A reviewer's session, from an address of its own (logins are limited per address). */
async function reviewer(username, role, region) {
  let c = new SourceClient();
  let r = await login(c, username, PASSWORD);
  if (r.status === 303) return c;
  const made = admin(['account-add', '--role', role, '--region', region, '--username', username], `${PASSWORD}\n`);
  if (made.code !== 0) throw new Error(`sme-admin account-add ${username}: ${made.stderr}`);
  c = new SourceClient();
  r = await login(c, username, PASSWORD);
  if (r.status !== 303) throw new Error(`login as ${username}: ${r.status}`);
  return c;
}

/* ---- an enterprise's season ------------------------------------------ */

const confirmed = new Map(); // uscc -> resolve (the county confirmed the registration)
let submitted = 0;
let decided = 0;
let entDone = 0;
const YEAR = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();

async function enterprise(i) {
  const [county, city] = counties[i % counties.length];
  const c = new SourceClient();
  const mobile = `176${String(randomInt(1e8)).padStart(8, '0')}`;
  const uscc = usccOf(county, i);
  const username = `s${RUN}_${i}`;
  const fields = {
    name: `季测${RUN}${i}号精密科技有限公司`, uscc, city, county, username,
    password: PASSWORD, password2: PASSWORD, mobile,
  };
  let t0 = performance.now();
  await timed('GET /register', [200], () => c.get('/register'));
  await timed('POST /register/sms', [200], () => c.post('/register/sms', { mobile }, { headers: { accept: 'application/json' } }));
  fields.sms_code = await codeFor(mobile);
  const isConfirmed = new Promise((resolve) => confirmed.set(uscc, resolve));
  await timed('POST /register', [303], () => c.postMultipart('/register', fields, { licence: licences.png() }));
  acked.registrations.push(uscc);
  stepDone('register (SMS code, licence)', t0);
  await isConfirmed;

  t0 = performance.now();
  const f = await timed('GET /login', [200], () => c.get('/login'));
  await timed('POST /login', [303], () => c.post('/login', { username, password: PASSWORD, csrf: f.csrf }));
  stepDone('log in', t0);

  t0 = performance.now();
  await timed('GET /filing', [200], () => c.get('/filing'));
  const made = await timed('POST /filing/new', [303], () => c.post('/filing/new', { kind: 'entry', class: 'mfg' }));
  const id = Number(/\/filing\/(\d+)\//.exec(made.location)[1]);
  let page = await timed('GET section', [200], () => c.get(`/filing/${id}/basic`));
  for (const key of sectionKeys(page)) {
    if (key !== 'basic') page = await timed('GET section', [200], () => c.get(`/filing/${id}/${key}`));
    const body = sectionFields(page, YEAR);
    const r = await timed('POST section save', [303], () => c.request('POST', `/filing/${id}/${key}`, {
      body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }));
    acked.saves.push({ id, fields: Object.fromEntries([...body].filter(([k]) => !['csrf', 'version', 'section_version', 'once'].includes(k))) });
    page = await timed('GET section', [200], () => c.get(r.location));
  }
  stepDone('file every section', t0);

  t0 = performance.now();
  await timed('GET attachments', [200], () => c.get(`/filing/${id}/attachments`));
  for (const [k, slot] of ['licence', 'audit', 'tax'].entries()) {
    const bytes = pdf(200 + i * 3 + k); // unique bytes: a file of its own
    const boundary = `----season${randomInt(1e12)}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${c.csrf}\r\n`
        + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${slot}.pdf"\r\n`
        + 'Content-Type: application/pdf\r\n\r\n'),
      bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    await timed('POST upload', [303], () => c.request('POST', `/upload/${id}/${slot}`, {
      body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    }));
    acked.uploads.push({ id, slot, sha: createHash('sha256').update(bytes).digest('hex') });
  }
  stepDone('upload 3 attachments', t0);

  t0 = performance.now();
  // 提交 sits on the 附件 page (the sections have 保存并提交).
  page = await timed('GET attachments', [200], () => c.get(`/filing/${id}/attachments`));
  const subForm = findAll(page.body, { tag: 'form' }).find((fm) => fm.attrs.action === `/filing/${id}/submit`);
  const hidden = Object.fromEntries(findAll(subForm?.inner ?? '', { tag: 'input', attrs: { type: 'hidden' } })
    .map((e) => [e.attrs.name, e.attrs.value ?? '']));
  await timed('POST submit', [303], () => c.post(`/filing/${id}/submit`, hidden));
  acked.submits.push(id);
  submitted++;
  stepDone('submit', t0);
  entDone++;
  if (entDone % 100 === 0) say(`${entDone} enterprises submitted, ${decided} decisions`);
}

/* ---- reviewers: registrations, then the queue ------------------------- */

let finished = false;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/* Approve what the queue of c lists at its level; returns how many. */
async function reviewQueue(c, level) {
  // This season's filings only (a name search through the gram index), not
  // whatever else waits in the database (bench/review's 100,000, tests').
  const q = await timed('GET /review (queue)', [200], () => c.get(`/review?status=${level}&q=${encodeURIComponent(`季测${RUN}`)}`));
  const ids = findAll(q.body, { tag: 'tr', attrs: { 'data-id': true } }).map((e) => e.attrs['data-id']);
  let n = 0;
  for (const id of ids) {
    const t0 = performance.now();
    const d = await timed('GET /review/{id}', [200], () => c.get(`/review/${id}`));
    const form = find(d.body, { tag: 'form', attrs: { id: 'review-form' } });
    if (!form) continue; // decided by someone else meanwhile
    const hidden = Object.fromEntries(findAll(form.inner, { tag: 'input', attrs: { type: 'hidden' } })
      .map((e) => [e.attrs.name, e.attrs.value ?? '']));
    const r = await timed('POST /review/{id} approve', [303, 409], () => c.post(`/review/${id}`, { ...hidden, action: 'approve' }));
    if (r.status === 303) {
      acked.decisions.push({ id: Number(id), from: level });
      decided++;
      n++;
      stepDone(`${level} approve`, t0);
    }
  }
  return n;
}

async function countyLoop(c) {
  for (;;) {
    let n = 0;
    const regs = await timed('GET /review/registrations', [200], () => c.get('/review/registrations'));
    for (const row of findAll(regs.body, { tag: 'tr', attrs: { 'data-id': true } })) {
      const id = row.attrs['data-id'];
      const form = find(row.inner, { tag: 'form' });
      const version = find(form.inner, { tag: 'input', attrs: { name: 'version' } })?.attrs.value;
      const uscc = /\b9[0-9A-Z]{17}\b/.exec(row.text)?.[0];
      const t0 = performance.now();
      await timed('POST /review/registrations/{id}', [303], () => c.post(`/review/registrations/${id}`,
        { version, action: 'approve', reason: '' }));
      stepDone('county confirms registration', t0);
      confirmed.get(uscc)?.();
      n++;
    }
    n += await reviewQueue(c, 'county');
    if (finished && n === 0) return;
    if (n === 0) await pause(300);
  }
}

async function cityLoop(c) {
  for (;;) {
    const n = await reviewQueue(c, 'city');
    if (finished && n === 0) return;
    if (n === 0) await pause(300);
  }
}

/* ---- the season ------------------------------------------------------ */

const dbPid = Number(fs.readFileSync(path.join(VAR, 'run', 'mariadb.pid'), 'utf8').trim());
say(`season: ${N} enterprises, ${CONC} at once, counties ${counties.map(([c]) => c).join(' ')}; cities ${cities.join(' ')}`);
const countyClients = [];
for (const [code] of counties) countyClients.push(await reviewer(`season_county_${code}`, 'county', code));
const cityClients = [];
for (const code of cities) cityClients.push(await reviewer(`season_city_${code}`, 'city', code));
try { smsOffset = fs.statSync(SMS_LOG).size; } catch { smsOffset = 0; }
const smsTimer = setInterval(pollSms, 100);

const tStart = performance.now();
const db0 = cpuOf(dbPid);
const all0 = cpuAll();
const load0 = os.loadavg()[0];
const loops = [...countyClients.map((c) => countyLoop(c).catch((e) => errors.push(`county loop: ${e.message}`))),
  ...cityClients.map((c) => cityLoop(c).catch((e) => errors.push(`city loop: ${e.message}`)))];
let next = 0;
await Promise.all(Array.from({ length: CONC }, async () => {
  while (next < N) {
    const i = next++;
    try {
      await enterprise(i);
    } catch (e) {
      say(`enterprise ${i}: ${e.message}`);
    }
  }
}));
// Until every submitted filing is decided at both levels (or nothing moves for a minute).
let last = -1;
let still = 0;
while (acked.decisions.length < 2 * submitted && still < 600) {
  still = acked.decisions.length === last ? still + 1 : 0;
  last = acked.decisions.length;
  await pause(100);
}
finished = true;
await Promise.all(loops);
clearInterval(smsTimer);
const wall = (performance.now() - tStart) / 1000;
const db1 = cpuOf(dbPid);
const all1 = cpuAll();
const hz = 100; // USER_HZ on Linux
const dbCpu = (db1 - db0) / hz;
const machineCpu = (all1.busy - all0.busy) / hz;

/* ---- the report --------------------------------------------------------- */

const out = [];
const p = (s) => out.push(s);
p(`season: ${N} enterprises (${CONC} at once), ${counties.length} counties, ${cities.length} cities; `
  + `wall ${wall.toFixed(1)} s; load average ${load0.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end`);
p('');
p(`${'step'.padEnd(34)} ${'done'.padStart(7)} ${'per s'.padStart(8)}`);
for (const [step, s] of steps) p(`${step.padEnd(34)} ${String(s.n).padStart(7)} ${(s.n / Math.max(0.001, (s.last - s.first) / 1000)).toFixed(1).padStart(8)}`);
p('');
p(`${'request'.padEnd(34)} ${'count'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
for (const [k, a] of [...times].sort()) p(`${k.padEnd(34)} ${String(a.length).padStart(7)} ${pct(a, 50).toFixed(1).padStart(8)} ${pct(a, 99).toFixed(1).padStart(8)}`);
p('');
p(`database CPU: ${dbCpu.toFixed(1)} s = ${((100 * dbCpu) / (wall * os.cpus().length)).toFixed(1)}% of ${os.cpus().length} cores over the wall time, `
  + `${((100 * dbCpu) / Math.max(0.01, machineCpu)).toFixed(1)}% of the CPU the machine used (${machineCpu.toFixed(1)} s)`);

/* ---- nothing lost --------------------------------------------------------- */

const lost = [];
const inList = (a) => a.map((x) => `'${x}'`).join(',');
const chunks = (a, n = 500) => Array.from({ length: Math.ceil(a.length / n) }, (_, k) => a.slice(k * n, (k + 1) * n));
let have = 0;
for (const part of chunks(acked.registrations)) have += Number(sql(`SELECT COUNT(*) FROM enterprise WHERE uscc IN (${inList(part)})`).trim());
if (have !== acked.registrations.length) lost.push(`registrations: ${have} of ${acked.registrations.length} in the database`);
// Saves: every field of every acknowledged save holds what was posted (each section saved once).
const byFiling = new Map();
for (const s of acked.saves) byFiling.set(s.id, { ...(byFiling.get(s.id) ?? {}), ...s.fields });
let fieldsChecked = 0;
for (const part of chunks([...byFiling.keys()], 200)) {
  const rows = sql(`SELECT filing_id, name, value FROM filing_value WHERE filing_id IN (${part.join(',')})`).split('\n');
  const db = new Map();
  for (const l of rows) {
    if (!l) continue;
    const [fid, name, value] = l.split('\t');
    db.set(`${fid}\t${name}`, value);
  }
  for (const fid of part) {
    for (const [name, value] of Object.entries(byFiling.get(fid))) {
      if (value === '' || /^industry_l\d$/.test(name)) continue; // the industry picker's levels: only industry is kept
      fieldsChecked++;
      const got = db.get(`${fid}\t${name}`);
      if (got !== value.replace(/\r\n/g, '\n').trim() && got !== value) lost.push(`save: filing ${fid} ${name} = ${got}, posted ${value}`);
    }
  }
}
let ups = 0;
for (const part of chunks(acked.uploads, 300)) {
  ups += Number(sql(`SELECT COUNT(*) FROM attachment a WHERE (a.filing_id, a.slot, a.sha256) IN (${part.map((u) => `(${u.id}, '${u.slot}', '${u.sha}')`).join(',')})`).trim());
}
if (ups !== acked.uploads.length) lost.push(`uploads: ${ups} of ${acked.uploads.length} in the database`);
let subs = 0;
for (const part of chunks(acked.submits)) subs += Number(sql(`SELECT COUNT(DISTINCT filing_id) FROM filing_submission WHERE filing_id IN (${part.join(',')})`).trim());
if (subs !== acked.submits.length) lost.push(`submissions: ${subs} of ${acked.submits.length} in the database`);
let decs = 0;
for (const part of chunks(acked.decisions)) {
  decs += Number(sql(`SELECT COUNT(*) FROM filing_event WHERE action = 'approve' AND (filing_id, from_state) IN (${part.map((d) => `(${d.id}, '${d.from}')`).join(',')})`).trim());
}
if (decs !== acked.decisions.length) lost.push(`decisions: ${decs} of ${acked.decisions.length} in the database`);
const accepted = acked.submits.length === 0 ? 0 : Number(sql(`SELECT COUNT(*) FROM filing WHERE state = 'accepted' AND id IN (${acked.submits.join(',')})`).trim());

p('');
p(`acknowledged: ${acked.registrations.length} registrations, ${acked.saves.length} saves (${fieldsChecked} fields), `
  + `${acked.uploads.length} uploads, ${acked.submits.length} submissions, ${acked.decisions.length} decisions; `
  + `${accepted} filings accepted`);
p(`errors: ${errors.length}${errors.length ? `\n  ${errors.slice(0, 20).join('\n  ')}` : ''}`);
p(`lost: ${lost.length}${lost.length ? `\n  ${lost.slice(0, 20).join('\n  ')}` : ' (every acknowledged registration, save, upload, submission and decision is in the database)'}`);
console.log(out.join('\n'));
fs.mkdirSync(path.join(VAR, 'bench'), { recursive: true });
fs.writeFileSync(path.join(VAR, 'bench', 'season.txt'), `${out.join('\n')}\n`);
process.exit(errors.length || lost.length || acked.submits.length < N ? 1 : 0);

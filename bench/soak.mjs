// soak.mjs - the long tail under a mixed load: SOAK_CLIENTS (8) busy
// clients, each an enterprise with its own entry filing, for SOAK_SECONDS
// (300), each one request after another: its home page, the filing list
// and a section page, a section save (and the 303's page, as a browser
// follows it), the login form, and one login (scrypt) in SOAK_LOGIN_EVERY
// (200) requests: a session does many pages for its one login. Prints
// the requests per second and the p50, p99 and max latency in ms, overall
// and per kind; exits 1 if any answer was unexpected. Node only, no packages.
// Environment: SME_PORT, SME_BUILD, SME_VAR as for tools/up.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILD = path.resolve(process.env.SME_BUILD || path.join(ROOT, 'build'));
const VAR = path.resolve(process.env.SME_VAR || path.join(ROOT, 'var'));
const BASE = `http://127.0.0.1:${process.env.SME_PORT || 8080}`;
const SECONDS = Number(process.env.SOAK_SECONDS || 300);
const CLIENTS = Number(process.env.SOAK_CLIENTS || 8);
const LOGIN_EVERY = Number(process.env.SOAK_LOGIN_EVERY || 200);
const PASSWORD = 'BenchSoak2026';
const YEAR = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();

function admin(args, input = '') {
  return spawnSync(path.join(BUILD, 'sme-admin'), args, {
    input, encoding: 'utf8', env: { ...process.env, SME_CONFIG: path.join(VAR, 'sme.conf') },
  });
}

const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function uscc(i) {
  let s = `91320102MB${String(i).padStart(7, "0")}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += USCC.indexOf(s[k]) * (3 ** k % 31);
  return s + USCC[(31 - (sum % 31)) % 31];
}

class Client {
  constructor() { this.jar = new Map(); this.csrf = ''; }
  async req(method, p, body) {
    const headers = { 'user-agent': 'sme-soak' };
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(`${BASE}${p}`, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv.indexOf('=');
      this.jar.set(kv.slice(0, i), kv.slice(i + 1));
    }
    const m = /name="csrf" value="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1];
    return { status: res.status, text, location: res.headers.get('location') };
  }
}

async function login(c, username) {
  await c.req('GET', '/login');
  return c.req('POST', '/login', new URLSearchParams({ csrf: c.csrf, username, password: PASSWORD }).toString());
}

/** The section form's fields with valid values (as tests/harness/filing.mjs fills them). */
function fields(c, html, n) {
  const f = new URLSearchParams();
  f.set('csrf', c.csrf);
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    if (m[1] !== 'csrf') f.set(m[1], m[2]);
  const form = html.slice(html.indexOf('section-form'));
  for (const m of form.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
    const name = /name="([^"]+)"/.exec(m[2])?.[1];
    const type = /type="([^"]+)"/.exec(m[2])?.[1] ?? '';
    if (!name || type === 'hidden' || f.has(name)) continue;
    f.set(name, value(name, m[1], type, m[2], form.slice(m.index), n));
  }
  return f;
}

function value(name, tag, type, attrs, rest, n) {
  const fixed = {
    postcode: '210000', legal_rep_phone: '025-84561234', contact_phone: '025-84561235',
    contact_mobile: '13912345678', email: 'office@example.com', founded: '2015-06-01',
    reg_capital: '5000', employees: String(100 + (n % 500)), rd_staff: '50', segment_years: '8',
    industry_l1: 'C', industry_l2: '39', industry_l3: '391', industry: '3911',
  };
  if (name in fixed) return fixed[name];
  if (tag === 'select') return /<option value="([^"]+)"/.exec(rest)?.[1] ?? '';
  if (type === 'radio') return '1';
  if (type === 'checkbox') return /value="([^"]*)"/.exec(attrs)?.[1] ?? '1';
  if (tag === 'textarea') return '企业专注于细分领域的研发与制造。';
  if (/_date$/.test(name)) return `${YEAR - 2}-03-15`;
  if (/inputmode="decimal"/.test(attrs)) return '1200';
  if (/inputmode="numeric"/.test(attrs)) return '12';
  return `测试${name}`;
}

async function setup(i) {
  const username = `bench_soak_${i}`;
  const a = admin(['enterprise-add', '--uscc', uscc(i), '--name', `压测企业${i}有限公司`, '--region', '320102',
    '--username', username], `${PASSWORD}\n`);
  if (a.status !== 0 && !/exists|已存在|duplicate/i.test(a.stderr)) process.stderr.write(a.stderr);
  const c = new Client();
  const r = await login(c, username);
  if (r.status !== 303) throw new Error(`login of ${username}: ${r.status} (an old account with another password?)`);
  const list = await c.req('GET', '/filing');
  let id = /data-filing="(\d+)"/.exec(list.text)?.[1];
  if (!id) {
    const n = await c.req('POST', '/filing/new', new URLSearchParams({ csrf: c.csrf, kind: 'entry', class: 'mfg' }).toString());
    id = /\/filing\/(\d+)\//.exec(n.location ?? '')?.[1];
    if (!id) throw new Error(`no filing for ${username}: ${n.status}`);
  }
  return { c, username, id };
}

const lat = new Map(); // kind -> [ms]
const bad = new Map(); // kind status -> count
async function timed(kind, fn, ok) {
  const t0 = performance.now();
  let r;
  try {
    r = await fn();
  } catch (e) {
    r = { status: e.cause?.code ?? e.name };
  }
  const ms = performance.now() - t0;
  if (!lat.has(kind)) lat.set(kind, []);
  lat.get(kind).push(ms);
  if (!ok.includes(r.status)) bad.set(`${kind} ${r.status}`, (bad.get(`${kind} ${r.status}`) ?? 0) + 1);
  return r;
}

async function client(s, until) {
  const { c, id } = s;
  for (let n = 0; Date.now() < until; n++) {
    const pick = n % 20;
    if (n % LOGIN_EVERY === LOGIN_EVERY - 1) {
      const k = new Client();
      await timed('POST /login', () => login(k, s.username), [303]);
    } else if (pick < 7) await timed('GET /home', () => c.req('GET', '/home'), [200]);
    else if (pick < 10) await timed('GET /filing', () => c.req('GET', '/filing'), [200]);
    else if (pick < 14) await timed('GET section', () => c.req('GET', `/filing/${id}/basic`), [200]);
    else if (pick < 16) {
      const page = await timed('GET section', () => c.req('GET', `/filing/${id}/basic`), [200]);
      const r = await timed('POST save', () => c.req('POST', `/filing/${id}/basic`, fields(c, page.text, n).toString()), [303]);
      if (r.location) await timed('GET section', () => c.req('GET', r.location), [200]);
    } else await timed('GET /login', () => new Client().req('GET', '/login'), [200]);
  }
}

const pct = (a, p) => a[Math.min(a.length - 1, Math.floor(a.length * p))];
function row(name, a) {
  a.sort((x, y) => x - y);
  return `${name.padEnd(14)} ${String(a.length).padStart(8)} ${pct(a, 0.5).toFixed(1).padStart(8)} ${pct(a, 0.99).toFixed(1).padStart(8)} ${a.at(-1).toFixed(1).padStart(8)}`;
}

const sessions = [];
for (let i = 1; i <= CLIENTS; i++) sessions.push(await setup(i));
const t0 = Date.now();
await Promise.all(sessions.map((s) => client(s, t0 + SECONDS * 1000)));
const secs = (Date.now() - t0) / 1000;
const all = [...lat.values()].flat();
console.log(`soak: ${CLIENTS} clients, ${secs.toFixed(0)} s, ${all.length} requests, ${(all.length / secs).toFixed(0)} req/s`);
console.log(`${'kind'.padEnd(14)} ${'requests'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
for (const [k, a] of lat) console.log(row(k, a));
console.log(row('all', all));
if (bad.size) {
  console.log(`unexpected answers: ${JSON.stringify(Object.fromEntries(bad))}`);
  process.exit(1);
}

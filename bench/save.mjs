#!/usr/bin/env node
/*
 * save.mjs - how fast the running stack saves a filing section when several
 * enterprises save at once: each of BENCH_SAVE_ENTERPRISES enterprises
 * (bench_save_1 ...; made with sme-admin on first use) holds one entry
 * filing and saves its 经营情况 section (POST /filing/{id}/operations, every
 * field of the form, figures changed each time, csrf and version) in a
 * loop, following each 303 with the GET a browser makes, which also gives
 * the next version. Prints key=value lines on stdout for bench/run: saves/s,
 * p50 and p99 of the POST in ms, failures, and a filing and session for
 * bench/run's GET row. Progress and problems go to stderr.
 * Environment: SME_PORT, SME_VAR, SME_BUILD as for tools/up;
 * BENCH_DURATION (10s), BENCH_WARMUP (2s), BENCH_SAVE_ENTERPRISES (8).
 */
import { performance } from 'node:perf_hooks';
import { admin, uscc } from '../tests/harness/admin.mjs';
import { Client, login } from '../tests/harness/client.mjs';
import { BASE } from '../tests/harness/env.mjs';
import { decode, find, findAll } from '../tests/harness/html.mjs';

const PASSWORD = 'BenchSave2026';
const REGION = '320102';
const ROWS = /^(revenue|main_revenue|profit|net_profit|tax|rd_invest|rd_expense)_(\d{4})$/;

/* "10s", "2m", "500ms" or a bare number of seconds, in seconds. */
const seconds = (s, dflt) => {
	const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(String(s ?? '').trim());
	if (!m)
		return dflt;
	const n = Number(m[1]);
	return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : n;
};

const duration = seconds(process.env.BENCH_DURATION, 10);
const warmup = seconds(process.env.BENCH_WARMUP, 2);
const enterprises = Math.max(1, Number(process.env.BENCH_SAVE_ENTERPRISES) || 8);

const say = (msg) => process.stderr.write(`${msg}\n`);
const die = (msg) => {
	say(`save.mjs: ${msg}`);
	process.exit(1);
};

/* A session for bench_save_N, making the enterprise the first time. */
async function enterprise(n) {
	const username = `bench_save_${n}`;
	let client = new Client();
	let r = await login(client, username, PASSWORD);
	if (r.status === 303)
		return client;
	const made = admin(['enterprise-add', '--uscc', uscc(REGION), '--name',
		`压测企业${n}号有限公司`, '--region', REGION, '--username', username], `${PASSWORD}\n`);
	if (made.code !== 0)
		die(`sme-admin enterprise-add ${username}: ${made.stderr.trim()} (login answered ${r.status})`);
	client = new Client();
	r = await login(client, username, PASSWORD);
	if (r.status !== 303)
		die(`login as ${username} answered ${r.status}`);
	return client;
}

/* The id of the enterprise's entry filing: its first on /filing, or a new one. */
async function filingOf(client, n) {
	const list = await client.get('/filing');
	if (list.status !== 200)
		die(`GET /filing answered ${list.status} (is sme-filing running?)`);
	for (const a of findAll(list.body, { tag: 'a' })) {
		const m = /^\/filing\/(\d+)\//.exec(a.attrs.href ?? '');
		if (m)
			return m[1];
	}
	const r = await client.post('/filing/new', { kind: 'entry', class: 'mfg' });
	const m = /\/filing\/(\d+)\//.exec(r.location ?? '');
	if (r.status !== 303 || !m)
		die(`POST /filing/new for bench_save_${n} answered ${r.status} ${r.location ?? ''}: ${r.mainText.slice(0, 200)}`);
	return m[1];
}

/*
 * The fields the section's form would post: every named input (checked
 * boxes only), select and textarea of the form that carries `version`.
 */
function formFields(html) {
	const form = findAll(html, { tag: 'form' }).find((f) =>
		find(f.inner, { tag: 'input', attrs: { name: 'version' } }));
	if (!form)
		return null;
	const fields = [];
	for (const el of findAll(form.inner, { tag: 'input' })) {
		const { name, type = 'text', value = '' } = el.attrs;
		if (!name || ['submit', 'button', 'file', 'reset', 'image'].includes(type))
			continue;
		if ((type === 'checkbox' || type === 'radio') && el.attrs.checked === undefined)
			continue;
		fields.push([name, value]);
	}
	for (const el of findAll(form.inner, { tag: 'textarea' }))
		if (el.attrs.name)
			fields.push([el.attrs.name, decode(el.inner)]);
	for (const el of findAll(form.inner, { tag: 'select' })) {
		if (!el.attrs.name)
			continue;
		const opts = findAll(el.inner, { tag: 'option' });
		const sel = opts.find((o) => o.attrs.selected !== undefined) ?? opts[0];
		fields.push([el.attrs.name, sel ? sel.attrs.value ?? sel.text : '']);
	}
	return fields;
}

/* The values of the version inputs (a cheap look, once a save): { version, section_version }. */
const hiddenOf = (html, name) => {
	const tag = new RegExp(`<input\\b[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
	return tag ? /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? null : null;
};
/* With the section form's one-time token (the first "once" of the page): each save needs a fresh one. */
const versionOf = (html) => ({ version: hiddenOf(html, 'version'), section_version: hiddenOf(html, 'section_version'),
	once: hiddenOf(html, 'once') });

/* The body of save number i: the form's fields, amounts set from i. */
function body(fields, version, i) {
	const b = new URLSearchParams();
	for (const [name, value] of fields) {
		const m = ROWS.exec(name);
		if (name === 'version' || name === 'section_version' || name === 'once')
			b.append(name, version[name] ?? value);
		else if (m)
			b.append(name, `${1000 + (Number(m[2]) % 10) * 100 + (i % 97)}.${String(i % 100).padStart(2, '0')}`);
		else
			b.append(name, value);
	}
	return b.toString();
}

/* One enterprise's state for the loop: its cookie, page, fields, version. */
async function prepare(n) {
	const client = await enterprise(n);
	const id = await filingOf(client, n);
	const path = `/filing/${id}/operations`;
	const page = await client.get(path);
	if (page.status !== 200)
		die(`GET ${path} as bench_save_${n} answered ${page.status}`);
	const fields = formFields(page.body);
	if (!fields)
		die(`${path} has no form with a version input`);
	if (!fields.some(([name]) => ROWS.test(name)))
		die(`${path} has no revenue_YYYY (or other 经营指标) inputs`);
	const first = await client.post(path, Object.fromEntries(new URLSearchParams(body(fields, versionOf(page.body), 0))));
	if (first.status !== 303)
		die(`the first save of ${path} answered ${first.status}: fields with errors: ${first.errorFields.join(', ')}`);
	const again = await client.get(path);
	return { n, id, path, cookie: client.cookieHeader(), fields, version: versionOf(again.body) };
}

const get = (url, cookie) => fetch(url, { headers: { cookie }, redirect: 'manual' });

/* Save in a loop until end; record the POSTs that start after from. */
async function loop(s, from, end, stats) {
	const url = `${BASE}${s.path}`;
	for (let i = 1; performance.now() < end; i++) {
		const t0 = performance.now();
		const res = await fetch(url, {
			method: 'POST', redirect: 'manual', body: body(s.fields, s.version, i),
			headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
		});
		await res.arrayBuffer();
		const t1 = performance.now();
		const measured = t0 >= from && t1 <= end;
		if (res.status !== 303) {
			if (measured)
				stats.failed[res.status] = (stats.failed[res.status] ?? 0) + 1;
		} else if (measured) {
			stats.post.push(t1 - t0);
		}
		/* The GET a browser makes after the 303 (or to reload after a 409). */
		const page = await get(`${BASE}${res.headers.get('location') ?? s.path}`, s.cookie);
		const html = await page.text();
		s.version = versionOf(html).version !== null ? versionOf(html) : s.version;
		if (measured && res.status === 303)
			stats.round.push(performance.now() - t0);
	}
}

const pct = (xs, p) => {
	if (xs.length === 0)
		return 0;
	const sorted = [...xs].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/* Without sme-filing nginx answers 404 where it would send us to /login. */
const probe = await fetch(`${BASE}/filing`, { redirect: 'manual' }).catch((e) => die(`${BASE}: ${e.message}`));
if (probe.status === 404) {
	say('save.mjs: GET /filing answers 404: sme-filing is not running');
	process.exit(2);
}
say(`preparing ${enterprises} enterprises with an entry filing each...`);
const states = [];
for (let n = 1; n <= enterprises; n++)
	states.push(await prepare(n));
say(`saving ${states[0].path} and the like for ${warmup}s + ${duration}s, ${enterprises} at once...`);
const stats = { post: [], round: [], failed: {} };
const start = performance.now();
const from = start + warmup * 1000;
const end = from + duration * 1000;
await Promise.all(states.map((s) => loop(s, from, end, stats)));

const failed = Object.values(stats.failed).reduce((a, b) => a + b, 0);
const session = /(?:^|; )sme_s=([^;]*)/.exec(states[0].cookie)?.[1] ?? '';
const out = {
	enterprises,
	seconds: duration,
	saves: stats.post.length,
	saves_per_s: (stats.post.length / duration).toFixed(1),
	p50_ms: pct(stats.post, 50).toFixed(2),
	p99_ms: pct(stats.post, 99).toFixed(2),
	round_p50_ms: pct(stats.round, 50).toFixed(2),
	failed,
	failed_by_status: Object.entries(stats.failed).map(([k, v]) => `${k}:${v}`).join(',') || '-',
	filing: states[0].id,
	session,
};
for (const [k, v] of Object.entries(out))
	process.stdout.write(`${k}=${v}\n`);
process.exit(failed === 0 && stats.post.length > 0 ? 0 : 1);

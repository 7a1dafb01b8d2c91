#!/usr/bin/env node
/*
 * mixed.mjs - a simple mixed load against the running site, to compare the
 * single host (tools/up) with the cluster (tools/cluster): BENCH_WRITERS
 * enterprises (4) each save the 基本情况 section of their own entry filing
 * in a loop (GET the page, POST every field with its once token, 303), and
 * BENCH_READERS clients (4) read /home of demo_ent in a loop, for
 * BENCH_DURATION seconds (20) after a 3 s warm-up. Prints saves/s, pages/s,
 * p50/p99 of the save POST, the answers other than 200/303, and the load
 * average before and after (other work on the machine skews the figures).
 * Environment: SME_PORT and SME_VAR as for the tests (the cluster:
 * SME_VAR=var/cluster/app-a SME_PORT=9180).
 */
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import { DEMO_PASSWORD, createEnterprise, session } from '../tests/harness/index.mjs';
import { filingYear, newFiling, postSection, sectionFields } from '../tests/harness/filing.mjs';

const DURATION = Number(process.env.BENCH_DURATION || 20) * 1000;
const WARMUP = 3000;
const WRITERS = Number(process.env.BENCH_WRITERS || 4);
const READERS = Number(process.env.BENCH_READERS || 4);
const Y = filingYear();
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const saves = [];
const pages = [];
const other = {};
let measuring = false;
let stop = false;
const note = (s) => { if (measuring) other[s] = (other[s] ?? 0) + 1; };

async function writer(k) {
  const ent = createEnterprise({ inLibrary: false, region: '320102', prefix: 'bm' });
  const c = await session(ent.username, ent.password);
  const id = await newFiling(c, { kind: 'entry', class: 'mfg' });
  for (let i = 0; !stop; i++) {
    const page = await c.get(`/filing/${id}/basic`);
    if (page.status !== 200) { note(page.status); continue; }
    const t0 = performance.now();
    const r = await postSection(c, id, 'basic', sectionFields(page, Y, { employees: String(100 + k * 1000 + i) }));
    if (r.status === 303) { if (measuring) saves.push(performance.now() - t0); } else note(r.status);
  }
}

async function reader() {
  const c = await session('demo_ent', DEMO_PASSWORD);
  while (!stop) {
    const r = await c.get('/home');
    if (r.status === 200) { if (measuring) pages.push(1); } else note(r.status);
  }
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : 0;
};
const before = loadavg();
const all = [...Array.from({ length: WRITERS }, (_, k) => writer(k)), ...Array.from({ length: READERS }, reader)];
await new Promise((r) => { setTimeout(r, WARMUP); });
measuring = true;
await new Promise((r) => { setTimeout(r, DURATION); });
measuring = false;
stop = true;
await Promise.all(all);
const s = DURATION / 1000;
console.log(`saves_per_s=${(saves.length / s).toFixed(1)}`);
console.log(`pages_per_s=${(pages.length / s).toFixed(1)}`);
console.log(`save_p50_ms=${pct(saves, 0.5).toFixed(0)} save_p99_ms=${pct(saves, 0.99).toFixed(0)}`);
console.log(`other_answers=${JSON.stringify(other)}`);
console.log(`loadavg_before=${before} loadavg_after=${loadavg()}`);

// failure.test.mjs - what users see when part of the stack fails: a handler
// worker killed under load, MariaDB stopped and started again, a handler
// down (nginx's 502, the platform's page).
// Holds the stack exclusively: no other test file runs meanwhile.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BASE, Client, ROOT, VAR, alive, createEnterprise, find, login, mariadb, masterPid, session, useStack,
  waitFor, workerPids,
} from '../harness/index.mjs';

useStack({ exclusive: true });

/** GET path n times from `loops` concurrent loops; the statuses (or errors) in order of completion. */
async function burst(path, loops, n) {
  const out = [];
  await Promise.all(Array.from({ length: loops }, async () => {
    while (out.length < n) {
      try {
        const r = await fetch(`${BASE}${path}`, { redirect: 'manual' });
        await r.arrayBuffer();
        out.push(r.status);
      } catch (e) {
        out.push(e.cause?.code ?? e.message);
      }
    }
  }));
  return out;
}

describe('a handler worker is killed', () => {
  test('killing_a_worker_under_load_loses_at_most_its_request_in_flight_and_it_is_replaced', async (t) => {
    const master = masterPid();
    const before = workerPids();
    assert.ok(before.length >= 2, `the master ${master} has workers: ${before}`);

    const results = []; // { t, status }
    const t0 = Date.now();
    const stopAt = t0 + 3000;
    let victim = 0;
    let killedAt = 0;
    const loop = async () => {
      while (Date.now() < stopAt) {
        let status;
        try {
          const r = await fetch(`${BASE}/login`, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
          await r.arrayBuffer();
          status = r.status;
        } catch (e) {
          status = `error ${e.cause?.code ?? e.name}`;
        }
        results.push({ t: Date.now(), status });
      }
    };
    const killer = async () => {
      await sleep(1000);
      victim = before[Math.floor(before.length / 2)];
      process.kill(victim, 'SIGKILL');
      killedAt = Date.now();
    };
    await Promise.all([...Array.from({ length: 8 }, loop), killer()]);

    const tally = {};
    for (const r of results) tally[r.status] = (tally[r.status] ?? 0) + 1;
    const msg = `victim ${victim}; answers: ${JSON.stringify(tally)}`;
    t.diagnostic(msg);
    const bad = results.filter((r) => r.status !== 200);
    // Counts, not rates: a busy machine serves fewer, and a timed test would be flaky.
    assert.ok(results.length > 100, `a steady stream of requests was served (${msg})`);
    assert.ok(bad.every((r) => r.status === 502), `nginx kept answering; the only failures are 502 (${msg})`);
    assert.ok(bad.length <= 3, `at most a few requests lost (${msg})`);
    assert.ok(results.filter((r) => r.t > killedAt + 200 && r.status === 200).length > 50,
      `requests after the kill succeed (${msg})`);

    // The master replaces the worker within a few seconds.
    const replaced = await waitFor(() => {
      const now = workerPids();
      return now.length === before.length && !now.includes(victim) ? now : null;
    }, 5000);
    assert.ok(replaced, `the worker count is back to ${before.length} without ${victim}: ${workerPids()}`);
    assert.equal(replaced.filter((p) => !before.includes(p)).length, 1, 'exactly one new worker');
    assert.equal(masterPid(), master, 'the master itself was not restarted');
    assert.ok(!alive(victim) || !workerPids().includes(victim));

    const after = await burst('/login', 8, 200);
    assert.deepEqual([...new Set(after)], [200], 'every request succeeds again');
  });
});

describe('MariaDB is stopped', () => {
  test('database_down_is_503_with_a_message_and_the_site_recovers_without_restart', async () => {
    const acct = createEnterprise();
    const c = await session(acct.username, acct.password);
    assert.equal((await c.get('/home')).status, 200);
    const master = masterPid();
    const workers = workerPids();

    mariadb('stop');
    try {
      const home = await c.get('/home');
      assert.equal(home.status, 503);
      assert.match(home.body, /<html lang="zh-CN">/);
      assert.ok(home.mainText.includes('数据库暂时无法连接'), home.mainText);
      assert.match(home.headers.get('retry-after') ?? '', /^\d+$/, 'Retry-After says when to come back');
      assert.match(home.headers.get('cache-control') ?? '', /no-store/);

      const form = await new Client().get('/login');
      assert.equal(form.status, 200, 'the login form needs no database');
      assert.ok(form.csrf);

      const posted = await login(new Client(), acct.username, acct.password);
      assert.equal(posted.status, 503, 'logging in needs the database: 503, not 500');
      assert.ok(posted.mainText.includes('数据库暂时无法连接'), posted.mainText);

      assert.equal((await new Client().get('/static/sme.css')).status, 200, 'nginx serves static files');
    } finally {
      mariadb('start');
    }

    const home = await c.get('/home');
    assert.equal(home.status, 200, 'the same session works again at once');
    assert.equal(home.facts['用户名'], acct.username);
    // Every worker reconnects by itself: concurrent requests reach them all.
    for (let round = 0; round < 3; round++) {
      const clones = Array.from({ length: 8 }, () => c.clone());
      const pages = await Promise.all(clones.map((k) => k.get('/home')));
      assert.deepEqual(pages.map((p) => p.status), Array(8).fill(200), `round ${round}`);
    }
    assert.equal((await login(new Client(), acct.username, acct.password)).status, 303);
    assert.equal(masterPid(), master, 'the handlers were not restarted');
    assert.ok(alive(master));
    assert.deepEqual(workerPids(), workers, 'no worker died of the lost connection');
    assert.ok(find(home.body, { tag: 'h1' }));
  });
});

describe('a handler is down', () => {
  test('nginx_answers_502_with_the_platform_zh_cn_page_and_its_headers', async () => {
    // sme-sms (delivery reports) is stopped; nginx cannot reach it.
    const pidfile = path.join(VAR, 'run', 'sme-sms.pid');
    const pid = Number(fs.readFileSync(pidfile, 'utf8').trim());
    process.kill(pid, 'SIGTERM');
    try {
      assert.ok(await waitFor(() => !alive(pid), 20_000), 'sme-sms stopped');
      const r = await new Client().get('/sms/dlr/x');
      assert.ok([502, 503, 504].includes(r.status), `a gateway error: ${r.status}`);
      assert.match(r.contentType, /^text\/html;\s*charset=utf-8$/i);
      assert.match(r.body, /<html lang="zh-CN">/);
      assert.equal(find(r.body, { tag: 'h1' })?.text, '服务暂不可用');
      assert.doesNotMatch(r.body, /<center>nginx/);
      assert.equal(r.headers.get('x-frame-options'), 'DENY');
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      assert.match(r.headers.get('cache-control') ?? '', /no-store/);
    } finally {
      // tools/up starts what is missing again (and replaces the rest gracefully).
      const up = spawnSync(path.join(ROOT, 'tools', 'up'), [], { env: process.env, encoding: 'utf8', timeout: 300_000 });
      assert.equal(up.status, 0, `tools/up: ${up.stderr}`);
    }
  });
});

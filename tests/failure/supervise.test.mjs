// supervise.test.mjs - nothing stays dead: MariaDB, a handler's master and
// sme-smsd killed with SIGKILL are started again by tools/supervise within
// 5 s without anyone acting, and no acknowledged write is lost; after
// MariaDB's restart sme-smsd sends the next messages at once.
// Holds the stack exclusively: no other test file runs meanwhile.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BASE, VAR, alive, childrenOf, createEnterprise, session, useStack, waitFor,
} from '../harness/index.mjs';
import { filingYear, newFiling, postSection, savedValue, sectionFields } from '../harness/filing.mjs';
import {
  deleteSms, queueSms, registrationText, smsRows, uniqueMobile, waitRows,
} from '../harness/smsd.mjs';

useStack({ exclusive: true });
const Y = filingYear();
const RUN = path.join(VAR, 'run');
const pidOf = (name) => {
  try {
    return Number(fs.readFileSync(path.join(RUN, `${name}.pid`), 'utf8').trim());
  } catch {
    return 0;
  }
};

/** GET path without a session: its status, or the error's code. */
async function status(p) {
  try {
    const r = await fetch(`${BASE}${p}`, { redirect: 'manual', signal: AbortSignal.timeout(3000) });
    await r.arrayBuffer();
    return r.status;
  } catch (e) {
    return e.cause?.code ?? e.name;
  }
}

test('the supervisor runs', () => {
  assert.ok(alive(pidOf('supervise')), 'tools/up started tools/supervise (var/run/supervise.pid)');
});

describe('MariaDB killed with SIGKILL', () => {
  test('is back within 5 s without anyone acting, and every acknowledged save is kept', async (t) => {
    // Four enterprises save the 员工人数 of their filing over and over,
    // each save a new number; a save is acknowledged by its 303.
    const writers = await Promise.all(Array.from({ length: 4 }, async () => {
      const ent = createEnterprise({ inLibrary: false });
      const c = await session(ent.username, ent.password);
      const id = await newFiling(c, { kind: 'entry', class: 'mfg' });
      return { c, id, acked: 0, tried: 0, fails: {} };
    }));
    const victim = pidOf('mariadb');
    assert.ok(alive(victim), 'MariaDB runs');
    let stop = false;
    let killedAt = 0;
    let downAt = 0; // the first failure after the kill
    let backAt = 0; // the first acknowledged save begun after that
    const write = async (w) => {
      for (let n = 1; !stop; n++) {
        const begun = Date.now();
        try {
          const page = await w.c.get(`/filing/${w.id}/basic`, { signal: AbortSignal.timeout(5000) });
          if (page.status !== 200) throw new Error(String(page.status));
          w.tried = 1000 + n;
          const r = await postSection(w.c, w.id, 'basic', sectionFields(page, Y, { employees: String(1000 + n) }));
          if (r.status !== 303) throw new Error(String(r.status));
          w.acked = 1000 + n;
          if (downAt && begun > downAt && !backAt) backAt = Date.now();
        } catch (e) {
          if (killedAt && !downAt) downAt = Date.now();
          w.fails[e.message] = (w.fails[e.message] ?? 0) + 1;
          await sleep(50);
        }
      }
    };
    const killer = async () => {
      await sleep(1500);
      process.kill(victim, 'SIGKILL');
      killedAt = Date.now();
      await waitFor(() => backAt, 15_000, 50);
      await sleep(1000);
      stop = true;
    };
    await Promise.all([...writers.map(write), killer()]);
    const took = backAt ? backAt - killedAt : Infinity;
    t.diagnostic(`saves answered again ${took} ms after the kill; acknowledged: ${writers.map((w) => w.acked - 1000)}; failures: ${JSON.stringify(writers.map((w) => w.fails))}`);
    assert.ok(alive(pidOf('mariadb')) && pidOf('mariadb') !== victim, 'a new MariaDB runs');
    assert.ok(took <= 5000, `saves succeed again within 5 s of the kill (${took} ms)`);
    for (const w of writers) {
      assert.ok(w.acked > 1000, 'every writer had saves acknowledged');
      // The last acknowledged number, or the one after it if that save
      // committed but its answer was lost with the connection.
      const v = Number(savedValue(w.id, 'employees'));
      assert.ok(v === w.acked || (v === w.tried && w.tried === w.acked + 1),
        `filing ${w.id} holds ${v}: the last acknowledged save was ${w.acked}`);
    }
  });

  test('then sme-smsd sends at once: messages queued after it are sent on their first attempt within 5 s', async () => {
    // Every lane of the stack's sme-smsd still holds a connection to the
    // killed server: each finds it dead on its next message and must not
    // leave that message for its claim to run out (sms_claim_s).
    const ids = Array.from({ length: 8 }, () => queueSms(uniqueMobile(), registrationText('246810')));
    try {
      const rows = await waitRows(ids, (r) => r.status === 'sent', 5000);
      assert.deepEqual(rows.map((r) => [r.status, r.attempts]), ids.map(() => ['sent', 1]),
        `each sent within 5 s on its first attempt: ${JSON.stringify(smsRows(ids).map((r) => [r.status, r.attempts, r.last_error]))}`);
    } finally {
      deleteSms(ids);
    }
  });
});

describe('a handler master killed with SIGKILL', () => {
  test('its route answers again within 5 s, from a new master, and its workers are gone', async (t) => {
    const master = pidOf('sme-account');
    const workers = childrenOf(master);
    assert.ok(workers.length >= 2, `the master ${master} has workers: ${workers}`);
    assert.equal(await status('/login'), 200);
    process.kill(master, 'SIGKILL');
    const killedAt = Date.now();
    const seen = {};
    const back = await waitFor(async () => {
      const s = await status('/login');
      seen[s] = (seen[s] ?? 0) + 1;
      return s === 200 && pidOf('sme-account') !== master ? Date.now() : 0;
    }, 10_000, 50);
    t.diagnostic(`answers meanwhile: ${JSON.stringify(seen)}; back after ${back - killedAt} ms`);
    assert.ok(back && back - killedAt <= 5000, `GET /login is 200 from a new master within 5 s (${back - killedAt} ms)`);
    const now = pidOf('sme-account');
    assert.ok(alive(now));
    assert.ok(await waitFor(() => workers.every((p) => !alive(p)), 5000), `the dead master's workers ended: ${workers.filter(alive)}`);
    assert.ok(childrenOf(now).length >= 2, 'the new master has its workers');
    const after = await Promise.all(Array.from({ length: 16 }, () => status('/login')));
    assert.deepEqual([...new Set(after)], [200]);
  });

  test('workers a dead master left behind are ended by the next master', async (t) => {
    // Stopped workers cannot act on the SIGTERM their master's death sends:
    // they stand for workers that will not drain.
    const master = pidOf('sme-account');
    const workers = childrenOf(master);
    for (const p of workers) process.kill(p, 'SIGSTOP');
    process.kill(master, 'SIGKILL');
    const gone = await waitFor(() => workers.every((p) => !alive(p)), 10_000);
    t.diagnostic(`left: ${workers.filter(alive)}`);
    if (!gone) for (const p of workers.filter(alive)) process.kill(p, 'SIGKILL');
    assert.ok(gone, 'the new master ended the orphans');
    assert.ok(await waitFor(async () => (await status('/login')) === 200, 5000));
    assert.notEqual(pidOf('sme-account'), master);
  });
});

describe('sme-smsd killed with SIGKILL', () => {
  test('is started again within 5 s', async () => {
    const d = pidOf('sme-smsd');
    assert.ok(alive(d), 'sme-smsd runs');
    process.kill(d, 'SIGKILL');
    const t0 = Date.now();
    const next = await waitFor(() => (pidOf('sme-smsd') !== d && alive(pidOf('sme-smsd')) ? pidOf('sme-smsd') : 0), 5000);
    assert.ok(next, `a new sme-smsd within 5 s (${Date.now() - t0} ms)`);
  });
});

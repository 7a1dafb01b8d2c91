// a-sms.test.mjs - both app hosts' sme-smsd at once over the Galera
// cluster: 500 queued messages, each sent exactly once (one line in one
// host's file gateway), and both dispatchers took part. A claim is a
// committed transaction (lib/outbox.c); one that conflicts is run again.
// Runs before the failover file, while both hosts are up.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  CVAR, HOSTS, alive, smsSent, smsdReady, sql, until,
} from './cluster.mjs';
import fs from 'node:fs';
import path from 'node:path';

const N = 500;

test('two sme-smsd send each of 500 queued messages exactly once', async (t) => {
  for (const h of HOSTS) {
    const pid = Number(fs.readFileSync(path.join(CVAR, `app-${h}`, 'run', 'sme-smsd.pid'), 'utf8'));
    assert.ok(alive(pid), `app host ${h}'s sme-smsd runs`);
  }
  assert.ok(await until(() => HOSTS.every(smsdReady), 30_000), 'both sme-smsd have the database');
  const tag = randomBytes(4).toString('hex');
  const rows = Array.from({ length: N }, (_, i) =>
    `('1770${String(i).padStart(7, '0')}', 'test', '集群测试${tag}第${i}条', 'queued', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) + INTERVAL 1 HOUR)`);
  const t0 = Date.now();
  sql(`INSERT INTO sms_outbox (to_mobile, kind, text, status, created_at, due_at, give_up_at) VALUES ${rows.join(',')}`);
  const like = `'集群测试${tag}%'`;
  const done = await until(() => Number(sql(`SELECT COUNT(*) FROM sms_outbox WHERE text LIKE ${like} AND status = 'sent'`).trim()) === N, 60_000, 250);
  t.diagnostic(`${N} messages sent in ${Date.now() - t0} ms`);
  assert.ok(done, `every message is marked sent: ${sql(`SELECT status, COUNT(*) FROM sms_outbox WHERE text LIKE ${like} GROUP BY status`)}`);
  const per = {};
  const seen = new Map();
  for (const h of HOSTS) {
    const mine = smsSent(h).filter((m) => m.text.startsWith(`集群测试${tag}`));
    per[h] = mine.length;
    for (const m of mine) seen.set(m.text, (seen.get(m.text) ?? 0) + 1);
  }
  t.diagnostic(`sent by app host a: ${per.a}, by b: ${per.b}`);
  const twice = [...seen].filter(([, k]) => k > 1);
  assert.deepEqual(twice, [], 'no message went out twice');
  assert.equal(seen.size, N, 'every message went out');
  assert.ok(per.a > 0 && per.b > 0, 'both dispatchers sent messages');
  const attempts = sql(`SELECT MAX(attempts) FROM sms_outbox WHERE text LIKE ${like}`).trim();
  assert.equal(attempts, '1', 'each message was claimed once');
});

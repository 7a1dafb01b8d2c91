// down.test.mjs - the gateway is down: messages wait in the outbox
// (queued, attempts counted, due again after a backoff) and go out once
// each when it returns, also with two dispatchers on one database; a
// message past its give_up_at is failed with the reason; SIGTERM lets the
// message being sent finish and gives the rest of the batch back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { useStack, waitFor } from '../harness/index.mjs';
import { startGateway } from '../harness/gateway.mjs';
import {
  deleteSms, freePort, pauseStackDispatcher, queueSms, registrationText, smsRows, startDispatcher,
  uniqueMobile, waitRows,
} from '../harness/smsd.mjs';

useStack({ exclusive: true });

let resume;
const ids = [];

before(async () => {
  resume = await pauseStackDispatcher();
});

after(async () => {
  deleteSms(ids);
  await resume?.();
});

/** Settings of a JSON gateway on port. */
function jsonGateway(port, more = {}) {
  return {
    sms_gateway: 'http',
    sms_http_url: `http://127.0.0.1:${port}/send`,
    sms_http_sign_fields: '',
    sms_http_param_ref: 'ref',
    sms_http_reply: 'json',
    sms_http_status_path: 'code',
    sms_http_id_path: 'id',
    ...more,
  };
}

const accept = (r) => ({ type: 'application/json', body: JSON.stringify({ code: 0, id: `G${r.fields.ref}` }) });

describe('the gateway is down, then back', () => {
  test('messages_wait_with_backoff_and_go_out_exactly_once_with_two_dispatchers', async (t) => {
    const port = await freePort();
    const a = await startDispatcher('down-a', jsonGateway(port, { sms_batch: 3 }));
    const b = await startDispatcher('down-b', jsonGateway(port, { sms_batch: 3 }));
    let gw;
    try {
      const batch = Array.from({ length: 24 }, (_, i) => {
        const mobile = uniqueMobile();
        return { mobile, text: registrationText(String(200000 + i)), id: 0 };
      });
      for (const m of batch) m.id = queueSms(m.mobile, m.text);
      const batchIds = batch.map((m) => m.id);
      ids.push(...batchIds);

      // Down: every message tried, failed, queued again for later.
      const waiting = await waitRows(batchIds,
        (r) => r.status === 'queued' && r.attempts >= 1 && r.last_error !== null, 15_000);
      assert.ok(waiting.every((r) => r.status === 'queued' && r.attempts >= 1),
        JSON.stringify(smsRows(batchIds).slice(0, 3)));
      assert.ok(waiting.every((r) => /connect|refused/i.test(r.last_error)), waiting[0].last_error);
      assert.ok(waiting.some((r) => r.due_in_ms > 0), 'due again later');
      assert.ok(waiting.every((r) => r.claimed_by === null), 'no claim held while waiting');
      const before = Math.max(...smsRows(batchIds).map((r) => r.attempts));

      // Back: everything goes out.
      gw = await startGateway({ port, reply: accept });
      const rows = await waitRows(batchIds, (r) => r.status === 'sent', 30_000);
      assert.ok(rows.every((r) => r.status === 'sent'), JSON.stringify(smsRows(batchIds)));
      await new Promise((resolve) => setTimeout(resolve, 500)); // anything late would show now

      const count = new Map();
      for (const r of gw.requests) {
        const k = `${r.fields.mobile}\t${r.fields.content}`;
        count.set(k, (count.get(k) ?? 0) + 1);
      }
      const mine = batch.map((m) => count.get(`${m.mobile}\t${m.text}`) ?? 0);
      t.diagnostic(`requests ${gw.requests.length}; attempts before the return up to ${before}`);
      assert.deepEqual(mine, batch.map(() => 1), 'each message received exactly once');
      rows.forEach((r) => assert.equal(r.gateway_id, `G${r.id}`));
      // Both dispatchers took part.
      const senders = [a, b].filter((d) => /sent via http/.test(d.log()));
      assert.equal(senders.length, 2, 'both dispatchers sent some');
    } finally {
      assert.equal(await a.stop(), 0);
      assert.equal(await b.stop(), 0);
      await gw?.stop();
    }
  });

  test('a_message_past_its_give_up_time_is_failed_with_the_reason', async () => {
    const port = await freePort();
    const mobile = uniqueMobile();
    const id = queueSms(mobile, '【测试】过期', { giveUpS: 2 });
    ids.push(id);
    const d = await startDispatcher('giveup', jsonGateway(port));
    try {
      const [row] = await waitRows([id], (r) => r.status === 'failed', 15_000);
      assert.equal(row.status, 'failed', JSON.stringify(row));
      assert.match(row.last_error, /^gave up after \d+ attempts: /);
      assert.ok(row.attempts >= 1);
    } finally {
      assert.equal(await d.stop(), 0);
    }
  });
});

describe('SIGTERM', () => {
  test('the_message_being_sent_finishes_and_the_rest_of_the_batch_goes_back', async () => {
    const gw = await startGateway({ reply: (r) => ({ ...accept(r), delayMs: 1500 }) });
    // One lane: one message in flight, the rest claimed or not yet.
    const d = await startDispatcher('term', jsonGateway(gw.port, { sms_batch: 5, sms_threads: 1 }));
    try {
      const batch = Array.from({ length: 3 }, () => queueSms(uniqueMobile(), '【测试】停止'));
      ids.push(...batch);
      const inFlight = await waitFor(() => gw.requests.length > 0, 10_000, 20);
      assert.ok(inFlight, 'a request reached the gateway');
      const code = await d.stop('SIGTERM');
      assert.equal(code, 0);
      const rows = smsRows(batch);
      const sent = rows.filter((r) => r.status === 'sent');
      assert.equal(sent.length, 1, `the one in flight was finished: ${JSON.stringify(rows)}`);
      assert.equal(sent[0].gateway_id, `G${sent[0].id}`);
      for (const r of rows.filter((x) => x.status !== 'sent')) {
        assert.equal(r.status, 'queued', 'given back');
        assert.equal(r.attempts, 0, 'the attempt it never had is not counted');
        assert.equal(r.claimed_by, null);
      }
      assert.equal(gw.requests.length, 1);
    } finally {
      await d.stop();
      await gw.stop();
    }
  });
});

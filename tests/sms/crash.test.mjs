// crash.test.mjs - sme-smsd killed with SIGKILL in the middle of a batch
// and started again (as a supervisor does): every message reaches the
// gateway exactly once where the gateway drops a repeated reference, at
// most twice (one resend of a message that was in flight) where it does
// not, within 15 s; a message in doubt that the gateway has reported is
// not sent again. A gateway that accepts connections and never answers
// holds each message only sms_timeout_s, several at once, and the queue
// drains once it answers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { useStack, waitFor } from '../harness/index.mjs';
import { sql } from '../harness/admin.mjs';
import { startGateway } from '../harness/gateway.mjs';
import {
  deleteSms, pauseStackDispatcher, queueSms, registrationText, smsRow, smsRows, startDispatcher,
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

/** Settings of a JSON operator on port that gets our reference as ref. */
function operator(port, more = {}) {
  return {
    sms_gateway: 'http',
    sms_http_url: `http://127.0.0.1:${port}/send`,
    sms_http_sign_fields: '',
    sms_http_param_ref: 'ref',
    sms_http_reply: 'json',
    sms_http_status_path: 'code',
    sms_http_id_path: 'id',
    sms_threads: 4,
    ...more,
  };
}

/**
 * An operator that takes a message per reference once when dedup is on
 * (a repeat is answered as the first was, not delivered again), or every
 * time. It answers after delayMs. delivered: reference -> times handed on.
 */
function operatorGateway({ dedup, delayMs }) {
  const delivered = new Map();
  const reply = (r) => {
    const ref = r.fields.ref;
    if (!dedup || !delivered.has(ref)) delivered.set(ref, (delivered.get(ref) ?? 0) + 1);
    return { type: 'application/json', body: JSON.stringify({ code: 0, id: `G${ref}` }), delayMs };
  };
  return { delivered, reply };
}

/**
 * Queue n code messages, start a dispatcher, SIGKILL it once `killAfter`
 * requests reached the gateway, start another at once; the outcome.
 */
async function killMidBatch(t, name, { dedup, n = 24, killAfter = 6 }) {
  const op = operatorGateway({ dedup, delayMs: 300 });
  const gw = await startGateway({ reply: op.reply });
  const settings = operator(gw.port, dedup ? { sms_gateway_dedup: 1 } : {});
  const msgs = Array.from({ length: n }, (_, i) => {
    const mobile = uniqueMobile();
    return { mobile, text: registrationText(String(300000 + i)) };
  });
  const batch = msgs.map((m) => queueSms(m.mobile, m.text, { kind: 'register_code' }));
  ids.push(...batch);
  const a = await startDispatcher(`${name}-a`, settings);
  let b;
  try {
    const reached = await waitFor(() => gw.requests.length >= killAfter, 10_000, 5);
    assert.ok(reached, `requests reached the gateway; see ${a.dir}`);
    await a.stop('SIGKILL');
    const killedAt = Date.now();
    const before = gw.requests.length;
    // The messages the killed dispatcher was handing over: in doubt.
    const inDoubt = Number(sql(`SELECT COUNT(*) FROM sms_outbox WHERE status = 'sending'
      AND handed_at IS NOT NULL AND id IN (${batch.join(',')})`).trim());
    b = await startDispatcher(`${name}-b`, settings);
    const rows = await waitRows(batch, (r) => r.status === 'sent', 15_000);
    const took = Date.now() - killedAt;
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a late duplicate would show now
    t.diagnostic(`${before} requests before the kill, ${inDoubt} rows sending at the kill;`
      + ` ${gw.requests.length} requests in all; all sent ${took} ms after the kill`);
    assert.ok(rows.every((r) => r.status === 'sent'), JSON.stringify(smsRows(batch).filter((r) => r.status !== 'sent')));
    assert.ok(took <= 15_000, `all sent within 15 s of the kill (${took} ms)`);
    const requests = new Map();
    for (const r of gw.requests) requests.set(r.fields.ref, (requests.get(r.fields.ref) ?? 0) + 1);
    rows.forEach((r) => assert.equal(r.gateway_id, `G${r.id}`));
    return { batch, msgs, gw, op, requests, inDoubt };
  } finally {
    await a.stop();
    if (b) assert.equal(await b.stop(), 0);
    await gw.stop();
  }
}

describe('sme-smsd killed mid-batch', () => {
  test('a_gateway_that_drops_repeated_references_gets_every_message_exactly_once', async (t) => {
    const { batch, op, requests, inDoubt } = await killMidBatch(t, 'kill-dedup', { dedup: true });
    assert.deepEqual(batch.map((id) => op.delivered.get(String(id)) ?? 0), batch.map(() => 1),
      'each message handed on exactly once');
    const repeated = batch.filter((id) => requests.get(String(id)) > 1);
    assert.ok(repeated.length <= inDoubt, `only messages in flight at the kill were sent again: ${repeated}`);
    assert.ok(batch.every((id) => requests.get(String(id)) <= 2), 'none more than twice');
  });

  test('a_gateway_that_does_not_gets_each_message_once_or_in_doubt_twice_at_most', async (t) => {
    const { batch, requests, inDoubt } = await killMidBatch(t, 'kill-plain', { dedup: false });
    const counts = batch.map((id) => requests.get(String(id)) ?? 0);
    assert.ok(counts.every((c) => c === 1 || c === 2), `each message reached the gateway: ${counts}`);
    const twice = batch.filter((id) => requests.get(String(id)) === 2);
    assert.ok(twice.length <= inDoubt, `only messages in flight at the kill went twice (${twice.length} of ${inDoubt})`);
    assert.ok(inDoubt <= 4, 'no more in flight than sms_threads');
    const resends = sql(`SELECT COUNT(*) FROM sms_outbox WHERE resends = 1 AND id IN (${batch.join(',')})`).trim();
    // Each message in doubt was resent once (some had not reached it before the kill).
    assert.equal(Number(resends), inDoubt, 'one counted resend for each message in doubt');
    assert.ok(twice.length <= Number(resends));
  });

  test('a_message_in_doubt_is_not_resent_when_the_gateway_reported_it_nor_a_third_time', async () => {
    const gw = await startGateway({ reply: operatorGateway({ dedup: false, delayMs: 0 }).reply });
    // Rows a dead dispatcher (another host) left handing over, claims run out.
    const reported = queueSms(uniqueMobile(), '【测试】已回执');
    const twice = queueSms(uniqueMobile(), '【测试】两次不明');
    const once = queueSms(uniqueMobile(), '【测试】一次不明');
    ids.push(reported, twice, once);
    sql(`UPDATE sms_outbox SET status = 'sending', claimed_by = 'elsewhere:1:1', attempts = 1,
      claimed_until = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND, handed_at = UTC_TIMESTAMP(3) - INTERVAL 20 SECOND
      WHERE id IN (${reported}, ${twice}, ${once})`);
    sql(`UPDATE sms_outbox SET dlr_status = '8', dlr_at = UTC_TIMESTAMP(3) WHERE id = ${reported}`);
    sql(`UPDATE sms_outbox SET resends = 1 WHERE id = ${twice}`);
    const d = await startDispatcher('doubt', operator(gw.port));
    try {
      const rows = await waitRows([reported, twice, once], (r) => r.claimed_by === null && r.status !== 'sending');
      const [r1, r2, r3] = rows;
      assert.equal(r1.status, 'sent', JSON.stringify(r1));
      assert.match(r1.last_error, /report shows the gateway has it/);
      assert.equal(r2.status, 'failed', JSON.stringify(r2));
      assert.match(r2.last_error, /in doubt again after its one resend/);
      assert.equal(r3.status, 'sent', 'resent once');
      assert.equal(smsRow(once).gateway_id, `G${once}`);
      const refs = gw.requests.map((r) => r.fields.ref);
      assert.deepEqual(refs, [String(once)], 'only the one never reported nor resent went to the gateway');
    } finally {
      assert.equal(await d.stop(), 0);
      await gw.stop();
    }
  });
});

describe('a gateway that accepts connections and never answers', () => {
  test('holds_each_message_at_most_the_timeout_several_at_once_and_the_queue_drains_after', async (t) => {
    let silent = true;
    const gw = await startGateway({
      reply: (r) => (silent ? { body: '', delayMs: 60_000 }
        : { type: 'application/json', body: JSON.stringify({ code: 0, id: `G${r.fields.ref}` }) }),
    });
    const batch = Array.from({ length: 8 }, (_, i) => queueSms(uniqueMobile(), registrationText(String(400000 + i))));
    ids.push(...batch);
    const d = await startDispatcher('silent', operator(gw.port, { sms_timeout_s: 2, sms_threads: 4 }));
    try {
      const started = Date.now();
      // Four lanes: four requests wait on the silent gateway at once.
      assert.ok(await waitFor(() => gw.requests.length >= 4, 3000, 10), `4 in flight; got ${gw.requests.length}`);
      const firstFour = gw.requests.slice(0, 4).map((r) => r.at);
      assert.ok(Math.max(...firstFour) - Math.min(...firstFour) < 1000, 'sent together, not one per timeout');
      // Each attempt ends after sms_timeout_s (2 s): all eight tried within two rounds.
      const tried = await waitRows(batch, (r) => r.attempts >= 1 && r.last_error !== null, 8000);
      const elapsed = Date.now() - started;
      assert.ok(tried.every((r) => /time/i.test(r.last_error)), tried[0].last_error);
      assert.ok(elapsed < 8000, `eight messages tried in ${elapsed} ms`);
      // It answers again: everything goes out.
      silent = false;
      const back = Date.now();
      const rows = await waitRows(batch, (r) => r.status === 'sent', 10_000);
      assert.ok(rows.every((r) => r.status === 'sent'), JSON.stringify(smsRows(batch)));
      t.diagnostic(`tried in ${elapsed} ms while silent; drained ${Date.now() - back} ms after it answered`);
    } finally {
      assert.equal(await d.stop(), 0);
      await gw.stop();
    }
  });
});

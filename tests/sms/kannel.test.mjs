// kannel.test.mjs - the kannel adapter against a real Kannel (Debian's
// bearerbox and smsbox, fakesmsc as the SMSC) on loopback: Chinese text
// arrives intact as UCS-2, a long one in concatenated parts, and the
// delivery report comes back through nginx to /sms/dlr and is recorded;
// a dispatcher killed mid-batch and started again sends every message to
// the SMSC exactly once (a message in doubt is resent only when no report
// shows that Kannel has it).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE, sql, useStack, waitFor } from '../harness/index.mjs';
import { ensureKannel, startKannel, ucs2 } from '../harness/kannel.mjs';
import {
  deleteSms, pauseStackDispatcher, queueSms, registrationText, smsRows, startDispatcher,
  uniqueMobile, waitRows,
} from '../harness/smsd.mjs';

// It pauses the stack's dispatcher: nothing else may run meanwhile.
useStack({ exclusive: true });

let kannel;
let smsd;
let resume;
const ids = [];

before(async () => {
  ensureKannel();
  resume = await pauseStackDispatcher();
  kannel = await startKannel();
  smsd = await startDispatcher('kannel', {
    sms_gateway: 'kannel',
    sms_kannel_url: kannel.sendsmsUrl,
    sms_kannel_username: kannel.username,
    sms_kannel_password: kannel.password,
    sms_kannel_dlr_mask: 31,
    sms_from: '10690000',
    sms_dlr_base: BASE,
  });
});

after(async () => {
  const code = await smsd?.stop();
  await kannel?.stop();
  deleteSms(ids);
  await resume?.();
  assert.equal(code, 0, 'sme-smsd exits 0 on SIGTERM');
});

/** What fakesmsc got for mobile: the messages, reassembled by UDH reference. */
function receivedBy(mobile) {
  const msgs = kannel.messages().filter((m) => m.to === mobile);
  const whole = [];
  const parts = new Map();
  for (const m of msgs) {
    if (!m.udh) {
      whole.push(ucs2(m.octets));
      continue;
    }
    // UDH 05 00 03 ref total seq (3GPP TS 23.040 §9.2.3.24.1).
    assert.equal(m.udh.length, 6, `a 6-byte UDH: ${m.udh.toString('hex')}`);
    assert.deepEqual([...m.udh.subarray(0, 3)], [5, 0, 3]);
    const [ref, total, seq] = m.udh.subarray(3);
    if (!parts.has(ref)) parts.set(ref, { total, got: new Map() });
    parts.get(ref).got.set(seq, m.octets);
  }
  for (const { total, got } of parts.values()) {
    if (got.size !== total) continue;
    const octets = Buffer.concat([...Array(total).keys()].map((i) => got.get(i + 1)));
    whole.push(ucs2(octets));
  }
  return { msgs, whole };
}

describe('kannel adapter', () => {
  test('a_chinese_registration_code_arrives_intact_at_the_smsc_and_its_report_is_recorded', async (t) => {
    const mobile = uniqueMobile();
    const text = registrationText('305617');
    const id = queueSms(mobile, text, { kind: 'register_code' });
    ids.push(id);
    const got = await waitFor(() => receivedBy(mobile).whole.length > 0, 15_000);
    assert.ok(got, `fakesmsc got the message; see ${kannel.dir} and ${smsd.dir}`);
    const { msgs, whole } = receivedBy(mobile);
    assert.equal(msgs.length, 1, 'one short message, not split');
    assert.equal(msgs[0].from, '10690000');
    assert.equal(msgs[0].udh, null);
    assert.equal(whole[0], text, 'the UCS-2 octets decode to the same Chinese text');
    // fakesmsc's SMSC reports delivery; smsbox calls our dlr-url.
    const [row] = await waitRows([id], (r) => r.status === 'delivered', 15_000);
    t.diagnostic(JSON.stringify(row));
    assert.equal(row.status, 'delivered', `row ${JSON.stringify(row)}`);
    assert.equal(row.dlr_status, '1');
    assert.equal(row.gateway, 'kannel');
    assert.ok(row.sent_at);
    assert.ok(row.dlr_at);
  });

  test('a_long_message_goes_in_concatenated_parts_that_reassemble', async () => {
    const mobile = uniqueMobile();
    const text = `${registrationText('771204')}另：您的企业入库申报已提交，请留意审核进度。😀`;
    const id = queueSms(mobile, text);
    ids.push(id);
    const ok = await waitFor(() => receivedBy(mobile).whole.length > 0, 15_000);
    assert.ok(ok, `fakesmsc got every part; see ${kannel.dir}`);
    const { msgs, whole } = receivedBy(mobile);
    assert.equal(msgs.length, 2, 'two parts');
    assert.ok(msgs.every((m) => m.udh), 'each part has a UDH');
    assert.equal(whole[0], text);
    await waitRows([id], (r) => r.status === 'delivered', 15_000);
  });

  test('every_message_of_a_burst_arrives_once', async () => {
    const mobiles = Array.from({ length: 8 }, uniqueMobile);
    const batch = mobiles.map((m, i) => queueSms(m, registrationText(String(100000 + i))));
    ids.push(...batch);
    const rows = await waitRows(batch, (r) => r.status === 'delivered', 20_000);
    assert.ok(rows.every((r) => r.status === 'delivered'), JSON.stringify(smsRows(batch)));
    mobiles.forEach((m, i) => {
      const { whole } = receivedBy(m);
      assert.deepEqual(whole, [registrationText(String(100000 + i))], `mobile ${m}`);
    });
  });

  test('killed_mid_batch_and_started_again_every_message_reaches_the_smsc_exactly_once', async (t) => {
    // The file's dispatcher stops: the one killed must be the one sending.
    assert.equal(await smsd.stop(), 0);
    const settings = {
      sms_gateway: 'kannel',
      sms_kannel_url: kannel.sendsmsUrl,
      sms_kannel_username: kannel.username,
      sms_kannel_password: kannel.password,
      sms_kannel_dlr_mask: 31,
      sms_from: '10690000',
      sms_dlr_base: BASE,
      sms_threads: 4,
    };
    const mobiles = Array.from({ length: 40 }, uniqueMobile);
    const texts = mobiles.map((m, i) => registrationText(String(500000 + i)));
    const batch = mobiles.map((m, i) => queueSms(m, texts[i], { kind: 'register_code' }));
    ids.push(...batch);
    const a = await startDispatcher('kannel-kill-a', settings);
    let b;
    try {
      const sent = () => (a.log().match(/sent via kannel/g) ?? []).length;
      assert.ok(await waitFor(() => sent() >= 6, 15_000, 2), `a sent some; see ${a.dir}`);
      await a.stop('SIGKILL');
      const killedAt = Date.now();
      const inDoubt = Number(sql(`SELECT COUNT(*) FROM sms_outbox WHERE status = 'sending'
        AND handed_at IS NOT NULL AND id IN (${batch.join(',')})`).trim());
      b = await startDispatcher('kannel-kill-b', settings);
      const arrived = await waitFor(() => mobiles.every((m) => receivedBy(m).whole.length >= 1), 15_000);
      const took = Date.now() - killedAt;
      assert.ok(arrived, `every message reached the SMSC within 15 s of the kill; see ${kannel.dir}`);
      // Everything settled, and anything late would show by now.
      await waitRows(batch, (r) => ['sent', 'delivered'].includes(r.status), 15_000);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      t.diagnostic(`${inDoubt} messages in doubt at the kill; all at the SMSC ${took} ms after it`);
      mobiles.forEach((m, i) => assert.deepEqual(receivedBy(m).whole, [texts[i]], `mobile ${m}: exactly once`));
      const rows = smsRows(batch);
      assert.ok(rows.every((r) => ['sent', 'delivered'].includes(r.status)), JSON.stringify(rows.filter((r) => !['sent', 'delivered'].includes(r.status))));
    } finally {
      await a.stop();
      if (b) assert.equal(await b.stop(), 0);
    }
  });
});

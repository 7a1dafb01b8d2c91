// smpp.test.mjs - the smpp adapter against an SMSC played by the npm
// package smpp in server mode on loopback: bind_transceiver, submit_sm in
// UCS-2, long text in parts with concatenation UDHs, enquire_link both
// ways, a delivery receipt recorded, a throttled submit retried, unbind
// on SIGTERM; killed mid-batch against an SMSC that drops a repeated
// user_message_reference, every message is taken exactly once.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { useStack, waitFor } from '../harness/index.mjs';
import { sql } from '../harness/admin.mjs';
import {
  deleteSms, pauseStackDispatcher, queueSms, registrationText, smsRow, smsRows, startDispatcher,
  uniqueMobile, waitRows,
} from '../harness/smsd.mjs';

const smpp = createRequire(import.meta.url)('smpp');

useStack({ exclusive: true });

const SYSTEM_ID = 'smetest';
const PASSWORD = 'pw123456';

/** The SMSC: what it saw, and the sessions bound to it. */
const smsc = {
  binds: [],		// bind_transceiver PDUs
  submits: [],		// submit_sm PDUs, in order
  enquires: 0,		// enquire_link from the dispatcher
  unbinds: 0,
  sessions: new Set(),
  throttle: new Set(),	// destination numbers to answer ESME_RTHROTTLED once
  nextId: 1,
  dedup: null,		// Map user_message_reference -> message_id, when on
  taken: new Map(),	// destination -> submits taken (not dropped as repeats)
  delayMs: 0,		// before each submit_sm_resp
};
let server;
let port;
let smsd;
let resume;
const ids = [];

before(async () => {
  resume = await pauseStackDispatcher();
  server = smpp.createServer((session) => {
    session.on('bind_transceiver', (pdu) => {
      smsc.binds.push(pdu);
      if (pdu.system_id !== SYSTEM_ID || pdu.password !== PASSWORD) {
        session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
        session.close();
        return;
      }
      smsc.sessions.add(session);
      session.send(pdu.response({ system_id: 'FAKESMSC' }));
    });
    session.on('submit_sm', (pdu) => {
      smsc.submits.push(pdu);
      if (smsc.throttle.delete(pdu.destination_addr)) {
        session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
        return;
      }
      const ref = pdu.user_message_reference;
      let id = smsc.dedup?.get(ref);
      if (!id) {
        id = `SM${smsc.nextId++}`;
        smsc.dedup?.set(ref, id);
        smsc.taken.set(pdu.destination_addr, (smsc.taken.get(pdu.destination_addr) ?? 0) + 1);
      }
      const answer = () => session.send(pdu.response({ message_id: id }));
      if (smsc.delayMs) setTimeout(answer, smsc.delayMs);
      else answer();
    });
    session.on('enquire_link', (pdu) => {
      smsc.enquires++;
      session.send(pdu.response());
    });
    session.on('unbind', (pdu) => {
      smsc.unbinds++;
      session.send(pdu.response());
      session.close();
    });
    session.on('close', () => smsc.sessions.delete(session));
    session.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;
  smsd = await startDispatcher('smpp', {
    sms_gateway: 'smpp',
    sms_smpp_host: '127.0.0.1',
    sms_smpp_port: port,
    sms_smpp_system_id: SYSTEM_ID,
    sms_smpp_password: PASSWORD,
    sms_smpp_enquire_s: 1,
    sms_from: '10690000',
  });
});

after(async () => {
  await smsd?.stop();
  for (const s of smsc.sessions) s.destroy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  deleteSms(ids);
  await resume?.();
});

/** The submit_sm PDUs for mobile, in order. */
function submitsTo(mobile) {
  return smsc.submits.filter((p) => p.destination_addr === mobile);
}

/** The one bound session (the dispatcher's). */
function session() {
  assert.equal(smsc.sessions.size, 1, 'one bound session');
  return [...smsc.sessions][0];
}

describe('smpp adapter', () => {
  test('it_binds_as_a_transceiver_with_its_credentials', async () => {
    const bound = await waitFor(() => smsc.sessions.size === 1, 10_000);
    assert.ok(bound, `bound; see ${smsd.dir}`);
    assert.equal(smsc.binds.length, 1);
    assert.equal(smsc.binds[0].command, 'bind_transceiver');
    assert.equal(smsc.binds[0].interface_version, 0x34);
  });

  test('a_chinese_message_goes_as_ucs2_and_decodes_to_the_same_text', async () => {
    const mobile = uniqueMobile();
    const text = registrationText('650391');
    const id = queueSms(mobile, text, { kind: 'register_code' });
    ids.push(id);
    const [row] = await waitRows([id], (r) => r.status === 'sent');
    assert.equal(row.status, 'sent', JSON.stringify(row));
    const [pdu] = submitsTo(mobile);
    assert.equal(submitsTo(mobile).length, 1);
    assert.equal(pdu.data_coding, 8, 'data_coding 8: UCS-2');
    assert.equal(pdu.esm_class & 0x40, 0, 'no UDH for a short message');
    assert.equal(pdu.source_addr, '10690000');
    assert.equal(pdu.registered_delivery, 1, 'a receipt is asked for');
    assert.equal(pdu.short_message.message, text);
    assert.equal(pdu.user_message_reference, id & 0xffff, 'our reference, the outbox id');
    assert.equal(row.gateway, 'smpp');
    assert.match(row.gateway_id, /^SM\d+$/);
  });

  test('a_long_message_arrives_in_parts_with_concatenation_headers_that_reassemble', async () => {
    const mobile = uniqueMobile();
    // 95 characters, one outside the BMP: two parts of at most 67 units.
    const text = `${registrationText('118830')}您的企业入库申报已提交，请留意审核进度😀完`;
    const id = queueSms(mobile, text);
    ids.push(id);
    await waitRows([id], (r) => r.status === 'sent');
    const parts = submitsTo(mobile);
    assert.equal(parts.length, 2);
    const udhs = parts.map((p) => {
      assert.equal(p.esm_class & 0x40, 0x40, 'UDHI set');
      assert.equal(p.data_coding, 8);
      assert.equal(p.short_message.udh.length, 1);
      return [...p.short_message.udh[0]];
    });
    // IEI 00, length 3, reference, total, sequence.
    assert.deepEqual(udhs[0].slice(0, 2), [0, 3]);
    assert.equal(udhs[0][2], udhs[1][2], 'one reference');
    assert.deepEqual(udhs.map((u) => u.slice(3)), [[2, 1], [2, 2]]);
    assert.ok(parts.every((p) => Buffer.byteLength(p.short_message.message, 'utf16le') <= 134));
    assert.equal(parts.map((p) => p.short_message.message).join(''), text);
    // The first part's id stands for the message.
    const first = Number(smsRow(id).gateway_id.slice(2));
    assert.ok(first > 0);
  });

  test('enquire_link_is_sent_when_idle_and_answered_when_the_smsc_asks', async () => {
    const before = smsc.enquires;
    const sent = await waitFor(() => smsc.enquires > before, 5000);
    assert.ok(sent, 'the dispatcher sent enquire_link within its 1 s interval');
    const resp = await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no enquire_link_resp')), 5000);
      session().enquire_link({}, (pdu) => { clearTimeout(t); resolve(pdu); });
    });
    assert.equal(resp.command, 'enquire_link_resp');
    assert.equal(resp.command_status, 0);
  });

  test('a_delivery_receipt_from_the_smsc_is_recorded', async () => {
    const mobile = uniqueMobile();
    const id = queueSms(mobile, registrationText('440022'));
    ids.push(id);
    const [row] = await waitRows([id], (r) => r.status === 'sent');
    // Receipt text only, as SMPP 3.4 Appendix B, in the GSM default alphabet.
    const resp = await new Promise((resolve) => session().deliver_sm({
      source_addr: mobile,
      destination_addr: '10690000',
      esm_class: 4,
      short_message: `id:${row.gateway_id} sub:001 dlvrd:001 submit date:2611220442 done date:2611220443 stat:DELIVRD err:000 text:`,
    }, resolve));
    assert.equal(resp.command_status, 0, 'deliver_sm_resp OK');
    const [done] = await waitRows([id], (r) => r.status === 'delivered');
    assert.equal(done.status, 'delivered');
    assert.equal(done.dlr_status, 'DELIVRD');
    assert.ok(done.dlr_at);
  });

  test('a_receipt_with_tlvs_marks_an_undelivered_message', async () => {
    const mobile = uniqueMobile();
    const id = queueSms(mobile, '【测试】TLV');
    ids.push(id);
    const [row] = await waitRows([id], (r) => r.status === 'sent');
    await new Promise((resolve) => session().deliver_sm({
      source_addr: mobile, destination_addr: '10690000', esm_class: 4,
      short_message: 'stat:UNKNOWN', receipted_message_id: row.gateway_id, message_state: 5,
    }, resolve));
    const [done] = await waitRows([id], (r) => r.status === 'undelivered');
    assert.equal(done.dlr_status, 'UNDELIV');
  });

  test('a_throttled_submit_is_tried_again_and_sent_once', async () => {
    const mobile = uniqueMobile();
    smsc.throttle.add(mobile);
    const id = queueSms(mobile, '【测试】限流后重发');
    ids.push(id);
    const [row] = await waitRows([id], (r) => r.status === 'sent', 15_000);
    assert.equal(row.status, 'sent', JSON.stringify(smsRows([id])));
    assert.equal(row.attempts, 2);
    assert.equal(submitsTo(mobile).length, 2, 'refused once, then accepted');
  });

  test('sigterm_unbinds_and_exits_cleanly', async () => {
    const before = smsc.unbinds;
    const code = await smsd.stop();
    assert.equal(code, 0);
    assert.equal(smsc.unbinds, before + 1, 'unbind received');
    assert.match(smsd.log(), /smpp: unbound/);
  });

  test('killed_mid_batch_an_smsc_that_drops_repeated_references_takes_each_message_once', async (t) => {
    const settings = {
      sms_gateway: 'smpp',
      sms_smpp_host: '127.0.0.1',
      sms_smpp_port: port,
      sms_smpp_system_id: SYSTEM_ID,
      sms_smpp_password: PASSWORD,
      sms_from: '10690000',
      sms_gateway_dedup: 1,
    };
    smsc.dedup = new Map();
    smsc.delayMs = 150;
    const mobiles = Array.from({ length: 12 }, uniqueMobile);
    const batch = mobiles.map((m, i) => queueSms(m, registrationText(String(600000 + i))));
    ids.push(...batch);
    const a = await startDispatcher('smpp-kill-a', settings);
    let b;
    try {
      const before = smsc.submits.length;
      assert.ok(await waitFor(() => smsc.submits.length >= before + 3, 10_000, 5), `submits; see ${a.dir}`);
      await a.stop('SIGKILL');
      const killedAt = Date.now();
      const inDoubt = Number(sql(`SELECT COUNT(*) FROM sms_outbox WHERE status = 'sending'
        AND handed_at IS NOT NULL AND id IN (${batch.join(',')})`).trim());
      b = await startDispatcher('smpp-kill-b', settings);
      const rows = await waitRows(batch, (r) => r.status === 'sent', 15_000);
      const took = Date.now() - killedAt;
      await new Promise((resolve) => setTimeout(resolve, 500));
      t.diagnostic(`${inDoubt} in doubt at the kill; all sent ${took} ms after it`);
      assert.ok(rows.every((r) => r.status === 'sent'), JSON.stringify(smsRows(batch)));
      assert.ok(took <= 15_000);
      assert.deepEqual(mobiles.map((m) => smsc.taken.get(m) ?? 0), mobiles.map(() => 1), 'each taken once');
      assert.ok(mobiles.every((m) => submitsTo(m).length <= 2));
    } finally {
      smsc.dedup = null;
      smsc.delayMs = 0;
      await a.stop();
      if (b) assert.equal(await b.stop(), 0);
    }
  });
});

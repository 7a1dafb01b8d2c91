// file.test.mjs - the stack's own dispatcher (tools/up: file adapter,
// var/sms.log) and the delivery-report routes of sme-sms behind nginx:
// GET /sms/dlr/{token} (Kannel) and POST /sms/report/{token} (operators).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { BASE, VAR, useStack } from '../harness/index.mjs';
import {
  deleteSms, dlrToken, queueSms, registrationText, reportToken, smsRow, sqlStr, uniqueMobile,
  waitRows,
} from '../harness/smsd.mjs';
import { sql } from '../harness/admin.mjs';

useStack();

const SMS_LOG = path.join(VAR, 'sms.log');
const ids = [];
after(() => deleteSms(ids));

/** The lines of var/sms.log for mobile, parsed. */
function logged(mobile) {
  if (!fs.existsSync(SMS_LOG)) return [];
  return fs.readFileSync(SMS_LOG, 'utf8').split('\n').filter((l) => l.includes(mobile))
    .map((l) => JSON.parse(l));
}

describe('the file adapter of tools/up', () => {
  test('a_queued_message_is_written_to_var_sms_log_as_one_json_line_with_to_text_at', async () => {
    const mobile = uniqueMobile();
    const text = registrationText('482913');
    const id = queueSms(mobile, text);
    ids.push(id);
    const [row] = await waitRows([id], (r) => r.status === 'sent', 10_000);
    assert.equal(row.status, 'sent', `row ${JSON.stringify(row)}`);
    assert.equal(row.gateway, 'file');
    assert.equal(row.attempts, 1);
    assert.equal(row.claimed_by, null);
    const lines = logged(mobile);
    assert.equal(lines.length, 1, 'exactly one line');
    assert.deepEqual(Object.keys(lines[0]), ['to', 'text', 'at']);
    assert.equal(lines[0].to, mobile);
    assert.equal(lines[0].text, text);
    assert.ok(Math.abs(Date.parse(lines[0].at) - Date.now()) < 60_000, `at ${lines[0].at} is now`);
  });

  test('quotes_backslashes_newlines_and_emoji_survive_the_json_line', async () => {
    const mobile = uniqueMobile();
    const text = '【测试】"引号" \\反斜杠\\ 换行\n制表\t😀𠮷';
    const id = queueSms(mobile, text);
    ids.push(id);
    await waitRows([id], (r) => r.status === 'sent', 10_000);
    const lines = logged(mobile);
    assert.equal(lines.length, 1);
    assert.equal(lines[0].text, text);
  });
});

describe('delivery reports through nginx to sme-sms', () => {
  /** A row that looks sent, to report on. */
  function sentRow(gateway = 'kannel', gatewayId = null) {
    const id = queueSms(uniqueMobile(), '报告测试', { dueInS: 3600 });
    ids.push(id);
    sql(`UPDATE sms_outbox SET status = 'sent', gateway = ${sqlStr(gateway)},
      gateway_id = ${gatewayId ? sqlStr(gatewayId) : 'NULL'}, sent_at = UTC_TIMESTAMP(3) WHERE id = ${id}`);
    return id;
  }

  test('a_kannel_report_with_the_right_token_is_recorded', async () => {
    const id = sentRow();
    let r = await fetch(`${BASE}/sms/dlr/${dlrToken(id)}?status=8`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), 'ok\n');
    assert.equal(smsRow(id).status, 'sent', 'an SMSC acceptance (8) changes no state');
    assert.equal(smsRow(id).dlr_status, '8');
    r = await fetch(`${BASE}/sms/dlr/${dlrToken(id)}?status=1`);
    assert.equal(r.status, 200);
    const row = smsRow(id);
    assert.equal(row.status, 'delivered');
    assert.equal(row.dlr_status, '1');
    assert.ok(row.dlr_at);
    // A late pending report does not undo the final one.
    await fetch(`${BASE}/sms/dlr/${dlrToken(id)}?status=8`);
    assert.equal(smsRow(id).dlr_status, '1');
  });

  test('an_undelivered_report_marks_the_message_undelivered', async () => {
    const id = sentRow();
    const r = await fetch(`${BASE}/sms/dlr/${dlrToken(id)}?status=16`);
    assert.equal(r.status, 200);
    assert.equal(smsRow(id).status, 'undelivered');
  });

  test('forged_or_altered_tokens_are_refused_with_404_and_change_nothing', async () => {
    const id = sentRow();
    const good = dlrToken(id);
    const other = dlrToken(id + 1);
    const forged = [
      `${id}.${other.split('.')[1]}`, // another message's MAC
      `${id}.${'A'.repeat(43)}`,
      `${id}`,
      `0${good}`,
      good.slice(0, -1),
      dlrToken(id, Buffer.from('not the secret')),
    ];
    for (const tok of forged) {
      const r = await fetch(`${BASE}/sms/dlr/${encodeURIComponent(tok)}?status=1`);
      assert.equal(r.status, 404, `token ${tok}`);
    }
    assert.equal(smsRow(id).status, 'sent');
    assert.equal(smsRow(id).dlr_status, null);
  });

  test('a_missing_or_malformed_status_is_a_400', async () => {
    const id = sentRow();
    for (const q of ['', '?status=', '?status=1%202', `?status=${'9'.repeat(40)}`]) {
      const r = await fetch(`${BASE}/sms/dlr/${dlrToken(id)}${q}`);
      assert.equal(r.status, 400, `query "${q}"`);
    }
    assert.equal(smsRow(id).dlr_status, null);
  });

  test('an_operator_posts_a_report_without_csrf_token_but_with_the_report_token', async () => {
    const gwid = `HT${Date.now()}`;
    const id = sentRow('http', gwid);
    const post = (tok, fields) => fetch(`${BASE}/sms/report/${tok}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    let r = await post('A'.repeat(43), { msgid: gwid, status: 'DELIVRD' });
    assert.equal(r.status, 404);
    assert.equal(smsRow(id).status, 'sent');
    r = await post(reportToken(), { msgid: gwid });
    assert.equal(r.status, 400);
    r = await post(reportToken(), { msgid: gwid, status: 'DELIVRD' });
    assert.equal(r.status, 200);
    assert.equal(smsRow(id).status, 'delivered');
    assert.equal(smsRow(id).dlr_status, 'DELIVRD');
  });

  test('the_report_routes_take_only_their_methods', async () => {
    const id = sentRow();
    let r = await fetch(`${BASE}/sms/dlr/${dlrToken(id)}?status=1`, { method: 'POST' });
    assert.equal(r.status, 405);
    r = await fetch(`${BASE}/sms/report/${reportToken()}`);
    assert.equal(r.status, 405);
  });
});

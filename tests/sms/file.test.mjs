// file.test.mjs - the stack's own dispatcher (tools/up: file adapter,
// var/sms.log) and the delivery-report routes of sme-sms behind nginx:
// GET /sms/dlr/{token} (Kannel) and POST /sms/report/{token} (operators),
// a token per message; a report changes a message once per state, never
// after a final one, never a queued retry, and not after its life.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { BASE, VAR, useStack } from '../harness/index.mjs';
import {
  deleteSms, dlrToken, oldReportToken, queueSms, registrationText, smsRow, sqlStr, uniqueMobile,
  waitRows,
} from '../harness/smsd.mjs';
import { adminOk, sql } from '../harness/admin.mjs';
import { SourceClient, requestRegisterCode } from '../harness/register.mjs';
import { codeIn, forgetSmsRequests, messagesTo, testMobile } from '../harness/smscode.mjs';

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

describe('codes in the outbox', () => {
  /** The outbox rows to mobile: text, whether sealed, status. */
  const rowsTo = (mobile) => sql(`SELECT id, text, text_sealed IS NOT NULL, status FROM sms_outbox
    WHERE to_mobile = ${sqlStr(mobile)} ORDER BY id`).split('\n').filter(Boolean).map((l) => {
    const [id, text, sealed, status] = l.split('\t');
    return { id: Number(id), text, sealed: sealed === '1', status };
  });

  test('after_a_registration_code_is_sent_the_outbox_row_no_longer_contains_it', async (t) => {
    const mobile = testMobile();
    const c = new SourceClient();
    t.after(() => forgetSmsRequests(c.localAddress));
    await c.get('/register');
    const r = await requestRegisterCode(c, mobile);
    assert.equal(r.status, 200, r.body);
    const [text] = await messagesTo(mobile, 1);
    const code = codeIn(text);
    assert.match(code ?? '', /^\d{6}$/, 'the phone got the code');
    let rows = rowsTo(mobile);
    ids.push(...rows.map((x) => x.id));
    const [row] = await waitRows(rows.map((x) => x.id), (x) => x.status === 'sent', 10_000);
    assert.equal(row.status, 'sent');
    rows = rowsTo(mobile);
    assert.equal(rows.length, 1);
    assert.ok(!rows[0].text.includes(code), `the row holds no code: ${rows[0].text}`);
    assert.equal(rows[0].text, text.replace(code, '******'), 'the text with the code masked');
    assert.equal(rows[0].sealed, false, 'the sealed copy is dropped once sent');
    const hex = Buffer.from(code).toString('hex').toUpperCase();
    const anywhere = sql(`SELECT COUNT(*) FROM sms_outbox WHERE to_mobile = ${sqlStr(mobile)}
      AND (INSTR(CONCAT_WS('|', text, last_error, gateway_id, dlr_status), '${code}') > 0
      OR INSTR(HEX(IFNULL(text_sealed, '')), '${hex}') > 0)`).trim();
    assert.equal(anywhere, '0');
  });

  test('the_purge_drops_sealed_texts_never_sent_and_old_settled_messages', async () => {
    const stale = queueSms(uniqueMobile(), '【测试】验证码为******', { giveUpS: -2 * 86400 });
    const old = queueSms(uniqueMobile(), '【测试】旧短信');
    const fresh = queueSms(uniqueMobile(), '【测试】新短信', { dueInS: 3600 });
    ids.push(stale, old, fresh);
    sql(`UPDATE sms_outbox SET status = 'failed', text_sealed = UNHEX('00112233') WHERE id = ${stale}`);
    sql(`UPDATE sms_outbox SET status = 'delivered', created_at = created_at - INTERVAL 400 DAY WHERE id = ${old}`);
    const out = adminOk(['purge']);
    assert.match(out, /sealed SMS texts/);
    assert.equal(sql(`SELECT text_sealed IS NULL FROM sms_outbox WHERE id = ${stale}`).trim(), '1');
    assert.equal(sql(`SELECT COUNT(*) FROM sms_outbox WHERE id = ${old}`).trim(), '0', 'a settled message of last year is gone');
    assert.equal(sql(`SELECT status FROM sms_outbox WHERE id = ${fresh}`).trim(), 'queued');
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

  /** POST fields to /sms/report/{tok}. */
  const post = (tok, fields) => fetch(`${BASE}/sms/report/${tok}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

  test('an_operator_posts_a_report_to_the_message_url_without_csrf_token', async () => {
    const gwid = `HT${Date.now()}`;
    const id = sentRow('http', gwid);
    let r = await post('A'.repeat(43), { msgid: gwid, status: 'DELIVRD' });
    assert.equal(r.status, 404);
    r = await post(oldReportToken(), { msgid: gwid, status: 'DELIVRD' });
    assert.equal(r.status, 404, 'the one static token of all messages is gone');
    r = await post(dlrToken(id + 1), { msgid: gwid, status: 'DELIVRD' });
    assert.equal(r.status, 404, "another message's URL with this message's id");
    assert.equal(smsRow(id).status, 'sent');
    r = await post(dlrToken(id), { msgid: gwid });
    assert.equal(r.status, 400);
    r = await post(dlrToken(id), { msgid: gwid, status: 'DELIVRD' });
    assert.equal(r.status, 200);
    assert.equal(await r.text(), 'ok\n');
    assert.equal(smsRow(id).status, 'delivered');
    assert.equal(smsRow(id).dlr_status, 'DELIVRD');
  });

  test('a_replayed_delivery_report_changes_nothing', async () => {
    const id = sentRow();
    const url = (s) => `${BASE}/sms/dlr/${dlrToken(id)}?status=${s}`;
    let r = await fetch(url(2));
    assert.equal(await r.text(), 'ok\n');
    const first = smsRow(id);
    assert.equal(first.status, 'undelivered');
    // The same URL again, then the other final state, four times over.
    for (const s of [2, 1, 2, 1, 8]) {
      r = await fetch(url(s));
      assert.equal(r.status, 200);
      assert.equal(await r.text(), 'ignored\n', `status=${s}`);
    }
    const { due_in_ms: _a, ...was } = first;
    const { due_in_ms: _b, ...now } = smsRow(id);
    assert.deepEqual(now, was);
    // An operator's report on its URL: once, then ignored.
    const gwid = `HR${Date.now()}`;
    const hid = sentRow('http', gwid);
    r = await post(dlrToken(hid), { msgid: gwid, status: 'DELIVRD' });
    assert.equal(await r.text(), 'ok\n');
    const done = smsRow(hid);
    for (const status of ['DELIVRD', 'UNDELIV', 'ENROUTE']) {
      r = await post(dlrToken(hid), { msgid: gwid, status });
      assert.equal(await r.text(), 'ignored\n');
    }
    assert.equal(smsRow(hid).status, 'delivered');
    assert.equal(smsRow(hid).dlr_at, done.dlr_at);
  });

  test('a_pending_report_is_noted_once_and_a_final_one_still_counts_after_it', async () => {
    const id = sentRow();
    let r = await fetch(`${BASE}/sms/dlr/${dlrToken(id)}?status=8`);
    assert.equal(await r.text(), 'ok\n');
    r = await fetch(`${BASE}/sms/dlr/${dlrToken(id)}?status=4`);
    assert.equal(await r.text(), 'ignored\n');
    assert.equal(smsRow(id).dlr_status, '8');
    r = await fetch(`${BASE}/sms/dlr/${dlrToken(id)}?status=1`);
    assert.equal(await r.text(), 'ok\n');
    assert.equal(smsRow(id).status, 'delivered');
  });

  test('a_final_report_does_not_overwrite_a_queued_retry', async () => {
    const id = queueSms(uniqueMobile(), '重试测试', { dueInS: 3600 });
    ids.push(id);
    sql(`UPDATE sms_outbox SET attempts = 1, last_error = 'http: HTTP 503: busy' WHERE id = ${id}`);
    const r = await fetch(`${BASE}/sms/dlr/${dlrToken(id)}?status=2`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), 'ignored\n');
    const row = smsRow(id);
    assert.equal(row.status, 'queued', 'the retry stays queued');
    assert.equal(row.dlr_status, null);
  });

  test('a_report_after_the_message_life_is_refused_with_410', async () => {
    const id = sentRow();
    sql(`UPDATE sms_outbox SET created_at = created_at - INTERVAL 4 DAY WHERE id = ${id}`);
    const r = await fetch(`${BASE}/sms/dlr/${dlrToken(id)}?status=1`);
    assert.equal(r.status, 410);
    assert.equal(smsRow(id).status, 'sent');
    assert.equal(smsRow(id).dlr_status, null);
  });

  test('the_access_log_with_the_report_urls_is_not_world_readable', async () => {
    const id = sentRow();
    await fetch(`${BASE}/sms/dlr/${dlrToken(id)}?status=8`);
    for (const f of ['nginx-access.log', 'nginx-error.log']) {
      const mode = fs.statSync(path.join(VAR, 'log', f)).mode & 0o777;
      assert.equal(mode.toString(8), '640', f);
    }
  });

  test('the_report_routes_take_only_their_methods', async () => {
    const id = sentRow();
    let r = await fetch(`${BASE}/sms/dlr/${dlrToken(id)}?status=1`, { method: 'POST' });
    assert.equal(r.status, 405);
    r = await fetch(`${BASE}/sms/report/${dlrToken(id)}`);
    assert.equal(r.status, 405);
  });
});

// http.test.mjs - the http adapter against an operator API played by a
// node server on loopback: the request carries the configured parameters
// and a signature the server checks; an XML reply (POST) and a JSON reply
// (GET) give the status and the message id that is recorded; a refusal
// or an unreadable reply is retried; each message carries its own report
// URL, which takes the operator's report once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE, useStack } from '../harness/index.mjs';
import { hmacHex, startGateway } from '../harness/gateway.mjs';
import {
  deleteSms, pauseStackDispatcher, queueSms, registrationText, smsRows, startDispatcher,
  uniqueMobile, waitRows,
} from '../harness/smsd.mjs';

useStack({ exclusive: true });

const KEY = '签名密钥-key-1';
let gw;
let resume;
const ids = [];

before(async () => {
  resume = await pauseStackDispatcher();
  gw = await startGateway();
});

after(async () => {
  await gw?.stop();
  deleteSms(ids);
  await resume?.();
});

/** The requests the gateway got for mobile. */
function requestsFor(mobile, field = 'mobile') {
  return gw.requests.filter((r) => r.fields[field] === mobile);
}

/** yyyyMMddHHmmss of now in Beijing time (UTC+8). */
function beijingNow() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().replace(/[-T:]/g, '').slice(0, 14);
}

describe('an XML operator, POST, signed account|mobile|text|timestamp', () => {
  let smsd;
  before(async () => {
    smsd = await startDispatcher('http-xml', {
      sms_gateway: 'http',
      sms_http_url: `http://127.0.0.1:${gw.port}/api/send`,
      sms_http_method: 'POST',
      sms_http_account: 'sme-js',
      sms_http_key: KEY,
      sms_http_sign_fields: 'account,mobile,text,timestamp',
      sms_http_sign_join: '|',
      sms_http_reply: 'xml',
      sms_http_status_path: '/response/code',
      sms_http_id_path: '/response/msgid',
      sms_http_success: '0',
    });
  });
  after(async () => assert.equal(await smsd.stop(), 0));

  /** The operator: checks the signature, answers code 0 or 401. */
  const operator = (code = '0') => (r) => {
    const f = r.fields;
    const sig = hmacHex(KEY, [f.account, f.mobile, f.content, f.timestamp], '|');
    const ok = f.sign === sig && r.contentType.startsWith('application/x-www-form-urlencoded');
    return {
      type: 'application/xml; charset=utf-8',
      body: `<?xml version="1.0" encoding="UTF-8"?><response><code>${ok ? code : 401}</code>`
        + `<message>${ok ? '提交成功' : '签名错误'}</message><msgid>X${r.at}</msgid></response>`,
    };
  };

  test('a_signed_request_is_accepted_and_the_message_id_recorded', async () => {
    gw.setReply(operator());
    const mobile = uniqueMobile();
    const text = registrationText('903321');
    const id = queueSms(mobile, text);
    ids.push(id);
    const [row] = await waitRows([id], (r) => r.status === 'sent');
    assert.equal(row.status, 'sent', JSON.stringify(row));
    const [req] = requestsFor(mobile);
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/api/send');
    assert.deepEqual(Object.keys(req.fields).sort(), ['account', 'content', 'mobile', 'sign', 'timestamp']);
    assert.equal(req.fields.account, 'sme-js');
    assert.equal(req.fields.content, text);
    assert.equal(req.fields.sign, hmacHex(KEY, [req.fields.account, mobile, text, req.fields.timestamp], '|'));
    assert.match(req.fields.timestamp, /^\d{14}$/);
    assert.ok(Math.abs(Number(req.fields.timestamp) - Number(beijingNow())) <= 100, 'Beijing time, now');
    assert.equal(row.gateway, 'http');
    assert.equal(row.gateway_id, `X${req.at}`);
  });

  test('a_refusal_code_is_recorded_and_the_message_tried_again', async () => {
    let refuse = true;
    gw.setReply((r) => {
      const a = operator(refuse ? '103' : '0')(r);
      refuse = false;
      return a;
    });
    const mobile = uniqueMobile();
    const id = queueSms(mobile, '【测试】余额不足后重试');
    ids.push(id);
    const [failed] = await waitRows([id], (r) => r.attempts >= 1 && r.status === 'queued' && r.last_error);
    assert.match(failed.last_error, /status 103/);
    assert.ok(failed.due_in_ms > 0, 'due again later (backoff)');
    const [row] = await waitRows([id], (r) => r.status === 'sent');
    assert.equal(row.attempts, 2);
    assert.equal(row.last_error, null);
    assert.equal(requestsFor(mobile).length, 2);
  });
});

describe('a JSON operator, GET, own parameter names, signed mobile,text,ref', () => {
  let smsd;
  before(async () => {
    smsd = await startDispatcher('http-json', {
      sms_gateway: 'http',
      sms_http_url: `http://127.0.0.1:${gw.port}/sms?ver=2`,
      sms_http_method: 'GET',
      sms_http_account: 'acct9',
      sms_http_key: KEY,
      sms_http_param_account: 'uid',
      sms_http_param_mobile: 'phones',
      sms_http_param_text: 'msg',
      sms_http_param_timestamp: 'ts',
      sms_http_param_ref: 'extno',
      sms_http_param_signature: 'signature',
      sms_http_sign_fields: 'mobile,text,ref',
      sms_http_timestamp: 'unix_ms',
      sms_http_reply: 'json',
      sms_http_status_path: 'result.code',
      sms_http_id_path: 'data.0.msgid',
      sms_http_success: 'OK',
    });
  });
  after(async () => assert.equal(await smsd.stop(), 0));

  const operator = (r) => {
    const f = r.fields;
    const ok = f.signature === hmacHex(KEY, [f.phones, f.msg, f.extno]);
    return {
      type: 'application/json',
      body: JSON.stringify({ result: { code: ok ? 'OK' : 'BADSIGN' }, data: [{ msgid: `J-${f.extno}` }] }),
    };
  };

  test('the_configured_names_carry_the_message_and_the_json_reply_is_read', async () => {
    gw.setReply(operator);
    const mobile = uniqueMobile();
    const text = '【江苏省专精特新企业培育服务平台】您的用户名为demo_ent。&=?#%';
    const id = queueSms(mobile, text);
    ids.push(id);
    const [row] = await waitRows([id], (r) => r.status === 'sent');
    assert.equal(row.status, 'sent', JSON.stringify(row));
    const [req] = requestsFor(mobile, 'phones');
    assert.equal(req.method, 'GET');
    assert.equal(req.fields.ver, '2', 'the URL\'s own query is kept');
    assert.equal(req.fields.uid, 'acct9');
    assert.equal(req.fields.msg, text);
    assert.equal(req.fields.extno, String(id), 'our reference is the outbox id');
    assert.ok(Math.abs(Number(req.fields.ts) - Date.now()) < 10_000);
    assert.equal(row.gateway_id, `J-${id}`);
  });

  test('an_unreadable_reply_is_a_failure_that_is_tried_again', async () => {
    let broken = true;
    gw.setReply((r) => {
      if (broken) {
        broken = false;
        return { type: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' };
      }
      return operator(r);
    });
    const mobile = uniqueMobile();
    const id = queueSms(mobile, '【测试】坏回复');
    ids.push(id);
    const [row] = await waitRows([id], (r) => r.status === 'sent');
    assert.equal(row.attempts, 2, JSON.stringify(smsRows([id])));
    assert.equal(requestsFor(mobile, 'phones').length, 2);
  });

  test('an_http_error_status_is_a_failure_that_is_tried_again', async () => {
    let n = 0;
    gw.setReply((r) => (n++ === 0 ? { status: 503, body: 'busy' } : operator(r)));
    const mobile = uniqueMobile();
    const id = queueSms(mobile, '【测试】503');
    ids.push(id);
    const [row] = await waitRows([id], (r) => r.status === 'sent');
    assert.equal(row.attempts, 2);
  });
});

describe('an operator that reports to the URL each message carries', () => {
  let smsd;
  before(async () => {
    smsd = await startDispatcher('http-report', {
      sms_gateway: 'http',
      sms_http_url: `http://127.0.0.1:${gw.port}/send`,
      sms_http_sign_fields: 'mobile,text,report',
      sms_http_key: KEY,
      sms_http_param_ref: 'cid',
      sms_http_param_report: 'notify_url',
      sms_http_reply: 'json',
      sms_http_status_path: 'code',
      sms_http_id_path: 'id',
      sms_dlr_base: BASE,
    });
  });
  after(async () => assert.equal(await smsd.stop(), 0));

  test('the_report_posted_to_the_message_url_is_recorded_once', async () => {
    gw.setReply((r) => ({ type: 'application/json', body: JSON.stringify({ code: 0, id: `R${r.fields.cid}` }) }));
    const mobile = uniqueMobile();
    const id = queueSms(mobile, '【测试】回执地址');
    ids.push(id);
    await waitRows([id], (r) => r.status === 'sent');
    const [req] = requestsFor(mobile);
    assert.match(req.fields.notify_url, new RegExp(`^${BASE}/sms/report/${id}\\.[A-Za-z0-9_-]{43}$`));
    assert.equal(req.fields.sign, hmacHex(KEY, [mobile, req.fields.content, req.fields.notify_url]));
    const report = (status) => fetch(req.fields.notify_url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ msgid: `R${id}`, status }).toString(),
    }).then((r) => r.text());
    assert.equal(await report('DELIVRD'), 'ok\n');
    const row = smsRows([id])[0];
    assert.equal(row.status, 'delivered');
    assert.equal(await report('DELIVRD'), 'ignored\n', 'a replay');
    assert.equal(await report('UNDELIV'), 'ignored\n', 'a final state stays');
    assert.deepEqual(smsRows([id])[0].dlr_at, row.dlr_at);
  });
});

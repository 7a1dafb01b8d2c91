// recover.test.mjs - sme-recover (HTTP.md): forgotten username and password
// by SMS. The answers are the same bytes (apart from the CSRF token and
// what the user typed) and take about the same time whether or not an
// account matches; the SMS goes only to the matching mobile; a reset needs
// the code (five wrong tries at most), revokes every session, clears the
// lock and says so by SMS; the limits per mobile, address and account hold.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  adminOk, find, login, loginOk, newPassword, sql, uniqueName, uscc, useStack,
} from '../harness/index.mjs';
import { SourceClient, enterpriseWithMobile } from '../harness/register.mjs';
import {
  forgetSmsRequests, latestCode, messagesTo, nthCode, outboxTo,
  testMobile, usernameIn,
} from '../harness/smscode.mjs';

useStack();

const clients = [];
function client() {
  const c = new SourceClient();
  clients.push(c);
  return c;
}
after(() => { for (const c of clients) forgetSmsRequests(c.localAddress); });

/**
 * The page with the CSRF token and each typed value replaced by a
 * placeholder: what must be the same whether or not the account exists.
 */
function normalised(page, typed) {
  let s = page.body.replaceAll(page.csrf, '{csrf}');
  for (const [k, v] of Object.entries(typed)) s = s.replaceAll(`value="${v}"`, `value="{${k}}"`);
  return s;
}

async function recoverUsername(c, fields) {
  await c.get('/recover/username');
  return c.post('/recover/username', fields);
}

async function passwordCode(c, fields, opts) {
  await c.get('/recover/password');
  return c.post('/recover/password/sms', fields, opts);
}

describe('GET /recover/*', () => {
  test('pages_render_with_their_forms', async () => {
    const c = client();
    const u = await c.get('/recover/username');
    assert.equal(u.status, 200);
    assert.ok(find(u.body, { tag: 'form', attrs: { action: '/recover/username' } }));
    for (const n of ['csrf', 'uscc', 'mobile']) assert.ok(find(u.body, { tag: 'input', attrs: { name: n } }), n);
    const p = await c.get('/recover/password');
    assert.equal(p.status, 200);
    for (const n of ['csrf', 'username', 'mobile', 'sms_code', 'password', 'password2'])
      assert.ok(find(p.body, { tag: 'input', attrs: { name: n } }), n);
    assert.ok(find(p.body, { tag: 'button', attrs: { formaction: '/recover/password/sms' } }));
  });
});

describe('POST /recover/username', () => {
  test('same_answer_whether_or_not_the_account_exists_and_the_username_by_sms', async () => {
    const acct = enterpriseWithMobile();
    const wrongMobile = testMobile();
    const cases = [
      { uscc: acct.uscc, mobile: acct.mobile },	// matches
      { uscc: uscc('320102'), mobile: testMobile() },	// no such enterprise
      { uscc: acct.uscc, mobile: wrongMobile },	// not its mobile
    ];
    const pages = [];
    for (const f of cases) {
      const r = await recoverUsername(client(), f);
      assert.equal(r.status, 200);
      assert.match(r.noticeText, /如填写的信息与平台记录一致，用户名已通过短信发送至该手机/);
      pages.push(normalised(r, f));
    }
    assert.equal(pages[1], pages[0], 'unknown enterprise: the same bytes');
    assert.equal(pages[2], pages[0], 'wrong mobile: the same bytes');
    const sms = await messagesTo(acct.mobile, 1);
    assert.equal(usernameIn(sms[0]), acct.username);
    assert.equal(outboxTo(wrongMobile).length, 0, 'nothing to a mobile that does not match');
    assert.equal(outboxTo(cases[1].mobile).length, 0);
  });

  test('malformed_fields_are_422_on_the_field', async () => {
    const c = client();
    const r = await recoverUsername(c, { uscc: '91320102MA1MCK6Y2X', mobile: '123' });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorFields.sort(), ['mobile', 'uscc']);
    assert.match(r.errorsFor('uscc')[0], /校验位不正确/);
    assert.equal(r.inputValue('uscc'), '91320102MA1MCK6Y2X');
  });

  test('one_credit_code_is_asked_about_ten_times_a_day_at_most', async () => {
    const acct = enterpriseWithMobile();
    const c = client();
    for (let i = 1; i <= 10; i++)
      assert.equal((await recoverUsername(c, { uscc: acct.uscc, mobile: testMobile() })).status, 200, `request ${i}`);
    const r = await recoverUsername(client(), { uscc: acct.uscc, mobile: acct.mobile });
    assert.equal(r.status, 429);
    assert.match(r.headers.get('retry-after'), /^\d+$/);
    assert.match(r.errorText, /该账号今日获取短信的次数已达上限/);
    assert.equal(outboxTo(acct.mobile).length, 0);
  });
});

describe('POST /recover/password/sms', () => {
  test('same_answer_whether_or_not_the_account_exists_and_the_code_by_sms', async () => {
    const acct = enterpriseWithMobile();
    const cases = [
      { username: acct.username, mobile: acct.mobile },
      { username: uniqueName('nobody'), mobile: testMobile() },
      { username: acct.username, mobile: testMobile() },
    ];
    const pages = [];
    for (const f of cases) {
      const r = await passwordCode(client(), f);
      assert.equal(r.status, 200);
      pages.push(normalised(r, f));
    }
    assert.equal(pages[1], pages[0], 'unknown user: the same bytes');
    assert.equal(pages[2], pages[0], 'wrong mobile: the same bytes');
    const text = (await messagesTo(acct.mobile, 1))[0];
    assert.match(text, /您正在找回密码，验证码为\d{6}/);
    for (const f of cases.slice(1)) assert.equal(outboxTo(f.mobile).length, 0);
    // A code row is kept for every well-formed pair: the same work on both paths.
    for (const f of cases) assert.equal(latestCode(f.mobile)?.hashLength, 32, f.mobile);

    const json = [];
    for (const f of [{ username: acct.username, mobile: testMobile() }, { username: uniqueName('nobody'), mobile: testMobile() }]) {
      const r = await passwordCode(client(), f, { headers: { accept: 'application/json' } });
      assert.equal(r.status, 200);
      json.push(r.body);
    }
    assert.equal(json[1], json[0], 'sms.js gets the same JSON too');
  });

  test('answers_take_about_the_same_time_whether_or_not_the_account_exists', async (t) => {
    const accts = Array.from({ length: 4 }, () => enterpriseWithMobile());
    const time = async (f) => {
      const c = client();
      await c.get('/recover/password');
      const t0 = process.hrtime.bigint();
      const r = await c.post('/recover/password/sms', f);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.equal(r.status, 200);
      return ms;
    };
    const known = [];
    const unknown = [];
    for (const a of accts) {
      known.push(await time({ username: a.username, mobile: a.mobile }));
      unknown.push(await time({ username: uniqueName('nobody'), mobile: testMobile() }));
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const d = Math.abs(median(known) - median(unknown));
    t.diagnostic(`median ${median(known).toFixed(1)} ms with an account, ${median(unknown).toFixed(1)} ms without`);
    assert.ok(d < 50, `medians ${median(known).toFixed(1)} and ${median(unknown).toFixed(1)} ms differ by ${d.toFixed(1)} ms`);
  });

  test('malformed_fields_are_422_and_a_repeat_within_the_minute_answers_the_same_but_sends_nothing', async () => {
    const c = client();
    const bad = await passwordCode(c, { username: '1bad', mobile: '1390000' });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.errorFields.sort(), ['mobile', 'username']);
    const badJson = await c.post('/recover/password/sms', { username: 'good_name', mobile: '1' }, { headers: { accept: 'application/json' } });
    assert.equal(badJson.status, 422);
    assert.equal(JSON.parse(badJson.body).field, 'mobile');
    // A real pair twice within the minute, and a made-up pair twice: the
    // same 200 and countdown all four times (no oracle), one SMS in all.
    const acct = enterpriseWithMobile();
    const ghost = { username: uniqueName('nobody'), mobile: testMobile() };
    const json = { headers: { accept: 'application/json' } };
    const bodies = [];
    for (const f of [{ username: acct.username, mobile: acct.mobile }, ghost]) {
      const k = client();
      await k.get('/recover/password');
      for (let i = 0; i < 2; i++) {
        const r = await k.post('/recover/password/sms', f, json);
        assert.equal(r.status, 200, `${f.username} request ${i + 1}`);
        bodies.push(r.body);
      }
    }
    assert.ok(bodies.every((b) => b === bodies[0]), `the same answer every time: ${bodies.join(' | ')}`);
    assert.equal(JSON.parse(bodies[0]).wait, "60", "the countdown of the button");
    await messagesTo(acct.mobile, 1);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(outboxTo(acct.mobile).length, 1, 'the repeat within the minute is not sent');
    assert.equal(outboxTo(ghost.mobile).length, 0);
  });

  test('ten_requests_with_made_up_usernames_leave_the_owner_able_to_get_a_code_at_once', async () => {
    const acct = enterpriseWithMobile();
    const attacker = client();
    for (let i = 1; i <= 10; i++) {
      const r = await passwordCode(attacker, { username: uniqueName('nobody'), mobile: acct.mobile });
      assert.equal(r.status, 200, `probe ${i}`);
    }
    for (let i = 1; i <= 3; i++) {
      const r = await recoverUsername(attacker, { uscc: uscc('320102'), mobile: acct.mobile });
      assert.equal(r.status, 200, `username probe ${i}`);
    }
    assert.equal(outboxTo(acct.mobile).length, 0, 'nothing went to the mobile');
    const owner = client();
    const r = await passwordCode(owner, { username: acct.username, mobile: acct.mobile });
    assert.equal(r.status, 200);
    const text = (await messagesTo(acct.mobile, 1))[0];
    assert.match(text, /您正在找回密码，验证码为\d{6}/, 'the owner gets a code at once');
    const named = await recoverUsername(client(), { uscc: acct.uscc, mobile: acct.mobile });
    assert.equal(named.status, 200);
    assert.equal(usernameIn((await messagesTo(acct.mobile, 2))[1]), acct.username, 'and the username');
  });

  test('one_address_may_ask_twenty_times_an_hour_whatever_it_names', async () => {
    const c = client();
    for (let i = 1; i <= 20; i++)
      assert.equal((await passwordCode(c, { username: uniqueName('nobody'), mobile: testMobile() })).status, 200, `request ${i}`);
    const r = await passwordCode(c, { username: uniqueName('nobody'), mobile: testMobile() });
    assert.equal(r.status, 429);
    assert.match(r.errorText, /您所在的网络获取短信过于频繁/);
  });
});

describe('nginx, the first line', () => {
  test('a_burst_of_posts_from_one_address_is_shed_with_a_chinese_429', async () => {
    const c = client();
    const statuses = [];
    for (let i = 0; i < 60; i++) statuses.push((await c.post('/recover/username', { uscc: 'x', csrf: 'x' })).status);
    const first = statuses.indexOf(429);
    assert.ok(first >= 40, `the burst of 40 passes (first 429 at ${first})`);
    assert.ok(statuses.slice(0, first).every((s) => s === 403), 'those reach the handler (no CSRF token: 403)');
    const r = await c.post('/recover/username', { csrf: 'x' });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '60');
    assert.match(r.body, /<html lang="zh-CN">/);
    assert.match(r.text, /请求过于频繁/);
    assert.equal((await c.get('/recover/username')).status, 200, 'pages are still shown');
  });
});

describe('POST /recover/password', () => {
  test('wrong_or_missing_code_is_422_on_sms_code_the_same_for_unknown_users', async () => {
    const acct = enterpriseWithMobile();
    const ghost = { username: uniqueName('nobody'), mobile: testMobile() };
    const pw = newPassword();
    const pages = {};
    for (const [who, f] of [['known', { username: acct.username, mobile: acct.mobile }], ['unknown', ghost]]) {
      const c = client();
      // No code asked for yet.
      await c.get('/recover/password');
      const none = await c.post('/recover/password', { ...f, sms_code: '123456', password: pw, password2: pw });
      assert.equal(none.status, 422, who);
      assert.deepEqual(none.errorFields, ['sms_code'], who);
      assert.match(none.errorsFor('sms_code')[0], /请先获取验证码/, who); // was 验证码已失效: none was ever sent (issue 14)
      // A code asked for, a wrong one typed.
      await c.post('/recover/password/sms', f);
      const wrong = await c.post('/recover/password', { ...f, sms_code: '000000', password: pw, password2: pw });
      assert.equal(wrong.status, 422, who);
      assert.deepEqual(wrong.errorFields, ['sms_code'], who);
      assert.match(wrong.errorsFor('sms_code')[0], /验证码不正确/, who);
      assert.ok(!wrong.body.includes(pw), 'no password sent back');
      pages[who] = [normalised(none, f), normalised(wrong, f)];
    }
    assert.deepEqual(pages.unknown, pages.known, 'the same bytes for an unknown user');
    // The password did not change.
    await loginOk(client(), acct.username, acct.password);
  });

  test('the_sixth_try_is_refused_even_with_the_right_code', async () => {
    const acct = enterpriseWithMobile();
    const c = client();
    const f = { username: acct.username, mobile: acct.mobile };
    assert.equal((await passwordCode(c, f)).status, 200);
    const code = await nthCode(acct.mobile, 1);
    const wrong = code === '999999' ? '888888' : '999999';
    const pw = newPassword();
    for (let i = 1; i <= 5; i++) {
      const r = await c.post('/recover/password', { ...f, sms_code: wrong, password: pw, password2: pw });
      assert.equal(r.status, 422, `try ${i}`);
      assert.match(r.errorsFor('sms_code')[0], /验证码不正确/);
    }
    const sixth = await c.post('/recover/password', { ...f, sms_code: code, password: pw, password2: pw });
    assert.equal(sixth.status, 422);
    assert.deepEqual(sixth.errorFields, ['sms_code']);
    assert.match(sixth.errorsFor('sms_code')[0], /错误次数过多/);
    assert.equal((await login(client(), acct.username, pw)).status, 401, 'not reset');
  });

  test('field_errors_do_not_spend_the_code', async () => {
    const acct = enterpriseWithMobile();
    const c = client();
    const f = { username: acct.username, mobile: acct.mobile };
    await passwordCode(c, f);
    const code = await nthCode(acct.mobile, 1);
    const r = await c.post('/recover/password', { ...f, sms_code: code, password: 'short', password2: 'other' });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorFields.sort(), ['password', 'password2']);
    assert.equal(r.inputValue('sms_code'), code, 'the code is kept');
    assert.equal(latestCode(acct.mobile).used, false);
    const pw = newPassword();
    const ok = await c.post('/recover/password', { ...f, sms_code: code, password: pw, password2: pw });
    assert.equal(ok.status, 303);
    // Used once.
    const again = await c.post('/recover/password', { ...f, sms_code: code, password: pw, password2: pw });
    assert.equal(again.status, 422);
    assert.match(again.errorsFor('sms_code')[0], /验证码已失效/);
  });

  test('reset_revokes_sessions_clears_the_lock_audits_and_tells_the_mobile', async () => {
    const acct = enterpriseWithMobile();
    const old1 = await loginOk(client(), acct.username, acct.password);
    const old2 = await loginOk(client(), acct.username, acct.password);
    assert.equal((await old1.get('/home')).status, 200);
    // Six wrong passwords: the next attempt waits a delay.
    const guesser = client();
    for (let i = 0; i < 6; i++) await login(guesser, acct.username, 'Wrong-pass-1');
    assert.equal((await login(client(), acct.username, acct.password)).status, 429);

    const c = client();
    const f = { username: acct.username.toUpperCase(), mobile: acct.mobile };
    assert.equal((await passwordCode(c, f)).status, 200);
    const code = await nthCode(acct.mobile, 1);
    const pw = newPassword();
    const r = await c.post('/recover/password', { ...f, sms_code: code, password: pw, password2: pw });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/login?msg=password_reset');
    const page = await c.get(r.location);
    assert.match(page.noticeText, /密码已重置，请使用新密码登录/);

    for (const old of [old1, old2]) {
      const h = await old.get('/home');
      assert.equal(h.status, 303, 'every old session is gone');
      assert.equal(h.location, '/login');
    }
    assert.equal((await login(client(), acct.username, acct.password)).status, 401, 'the old password is refused');
    await loginOk(client(), acct.username, pw);	// and the delay is cleared
    const audit = sql(`SELECT COUNT(*) FROM audit WHERE action = 'password_reset_sms' AND object_type = 'account'
      AND object_id = (SELECT id FROM account WHERE username = '${acct.username}')`).trim();
    assert.equal(audit, '1');
    const notice = (await messagesTo(acct.mobile, 2))[1];
    assert.match(notice, new RegExp(`您的平台账号${acct.username}的密码已于\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d重置`));
  });

  test('reviewers_do_not_recover_by_sms', async () => {
    const mobile = testMobile();
    const username = uniqueName('county');
    const pw = newPassword();
    adminOk(['account-add', '--role', 'county', '--region', '320102', '--username', username, '--mobile', mobile], `${pw}\n`);
    const c = client();
    assert.equal((await passwordCode(c, { username, mobile })).status, 200);
    assert.equal(outboxTo(mobile).length, 0, 'the operator resets reviewers (sme-admin password-reset)');
  });
});

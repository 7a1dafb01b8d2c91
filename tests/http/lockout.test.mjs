// lockout.test.mjs - failed logins slow the guesser, never lock the owner
// out: after five failures of a username (twenty of an address) each next
// attempt waits a delay that doubles, answered 429 the same way for known
// and unknown usernames; a login code by SMS lets the owner in at once;
// the owner is told by SMS when failures pile up. An operator's lock and
// password reset end the account's sessions.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  DEMO_PASSWORD, adminOk, admin, createEnterprise, createReviewer, login, newPassword,
  session, sql, uniqueName, useStack, Client,
} from '../harness/index.mjs';
import { SourceClient, enterpriseWithMobile } from '../harness/register.mjs';
import { forgetSmsRequests, messagesTo, nthCode, outboxTo } from '../harness/smscode.mjs';

useStack();

const WRONG = '用户名或密码错误';
const SLOWED = '登录失败次数较多';
const OPERATOR_LOCKED = '账号已被锁定';

const clients = [];
function from() {
  const c = new SourceClient();
  clients.push(c);
  return c;
}
after(() => { for (const c of clients) forgetSmsRequests(c.localAddress); });

/** The answer with its CSRF token, the username typed and the seconds told made neutral. */
function normalised(page, username) {
  return page.body.replaceAll(page.csrf, '{csrf}').replaceAll(`value="${username}"`, 'value="{u}"')
    .replace(/请\d+秒后再试/g, '请{n}秒后再试');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Forget the failures of username (the demo accounts are shared by every test). */
function forgetFailures(username) {
  if (!/^[A-Za-z0-9_]+$/.test(username)) throw new Error(`bad username ${username}`);
  sql(`DELETE FROM login_failure WHERE username = '${username}'`);
}

describe('wrong passwords slow the name down', () => {
  test('five_failures_then_a_delay_with_the_same_answers_for_known_and_unknown_names', async () => {
    const acct = createEnterprise();
    const ghost = uniqueName('nobody');
    const pages = {};
    for (const [who, name] of [['known', acct.username], ['unknown', ghost]]) {
      const c = from();
      const seen = [];
      for (let i = 1; i <= 5; i++) {
        const r = await login(c, name, `Wrong-pass-${i}x`);
        assert.equal(r.status, 401, `${who} attempt ${i}`);
        assert.ok(r.errorText.includes(WRONG), `${who} attempt ${i}: ${r.errorText}`);
        assert.ok(!r.errorText.includes('锁定'), 'never a lock');
        seen.push(normalised(r, name));
      }
      const sixth = await login(c, name, 'Wrong-pass-6x');
      assert.equal(sixth.status, 429, `${who}: the sixth attempt waits`);
      assert.match(sixth.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
      assert.ok(sixth.errorText.includes(SLOWED), sixth.errorText);
      assert.equal(sixth.inputValue('username'), name);
      seen.push(normalised(sixth, name));
      pages[who] = seen;
    }
    assert.deepEqual(pages.unknown, pages.known, 'the same bytes whether or not the name exists');
  });

  test('hundred_wrong_passwords_for_demo_ent_leave_it_able_to_log_in_from_elsewhere', async (t) => {
    forgetFailures('demo_ent');
    const ghost = uniqueName('nobody');
    const answers = {};
    for (const [who, name] of [['demo_ent', 'demo_ent'], ['unknown', ghost]]) {
      const c = from();
      const kinds = new Set();
      for (let i = 1; i <= 100; i++) {
        const r = await login(c, name, `Guess-${i}-pass`);
        assert.ok(r.status === 401 || r.status === 429, `${who} attempt ${i}: ${r.status}`);
        assert.equal(r.cookie('sme_s'), undefined);
        kinds.add(`${r.status} ${r.errorText.replace(/\d+/g, 'N')}`);
      }
      answers[who] = [...kinds].sort();
    }
    assert.deepEqual(answers.unknown, answers.demo_ent, 'the same kinds of answer for a known and an unknown name');
    const counted = Number(sql("SELECT COUNT(*) FROM login_failure WHERE username = 'demo_ent' AND cleared = 0").trim());
    t.diagnostic(`${counted} of 100 attempts were checked; the others waited`);
    assert.ok(counted < 20, `attempts within the delay are not checked (${counted})`);

    // The owner, elsewhere, with the right password: at most a delay, then in.
    const owner = from();
    let r = await login(owner, 'demo_ent', DEMO_PASSWORD);
    if (r.status === 429) {
      const wait = Number(r.headers.get('retry-after'));
      assert.ok(wait > 0 && wait <= 60, `a delay of seconds, not a lock (${wait} s)`);
      await sleep(wait * 1000 + 200);
      r = await login(owner, 'demo_ent', DEMO_PASSWORD);
    }
    assert.equal(r.status, 303, `demo_ent logs in: ${r.errorText}`);
    assert.equal(r.location, '/home');
    const left = Number(sql("SELECT COUNT(*) FROM login_failure WHERE username = 'demo_ent' AND cleared = 0").trim());
    assert.equal(left, 0, 'a login clears the name\'s failures');
  });

  test('a_login_code_by_sms_lets_the_owner_in_at_once_and_the_owner_is_told', async () => {
    const acct = enterpriseWithMobile();
    // Nine failures some time ago (a stand-in for waiting out their delays).
    for (let i = 0; i < 9; i++)
      sql(`INSERT INTO login_failure (ip, username, at) VALUES ('192.0.2.${i + 1}', '${acct.username}', UTC_TIMESTAMP(3) - INTERVAL ${600 - i} SECOND)`);
    const attacker = from();
    const tenth = await login(attacker, acct.username, 'Wrong-pass-10');
    assert.equal(tenth.status, 401);
    const alert = (await messagesTo(acct.mobile, 1))[0];
    assert.match(alert, new RegExp(`您的平台账号${acct.username}于\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d前后多次输错密码`));
    assert.equal((await login(attacker, acct.username, 'Wrong-pass-11')).status, 429);

    const owner = from();
    const slowed = await login(owner, acct.username, acct.password);
    assert.equal(slowed.status, 429, 'the right password alone waits too');
    assert.ok(find(slowed, 'sms_code'), 'the form offers a login code');
    // A login code: asked for by name, sent to the account's mobile.
    const asked = await owner.post('/login/sms', { username: acct.username });
    assert.equal(asked.status, 200);
    assert.match(asked.noticeText, /登录验证码已发送/);
    const code = await nthCode(acct.mobile, 2);
    const r = await owner.post('/login', { username: acct.username, password: acct.password, sms_code: code });
    assert.equal(r.status, 303, r.errorText ?? r.errorsFor('sms_code').join());
    assert.equal(r.location, '/home');
    // The code is used once.
    const again = await from().post('/login', { username: acct.username, password: acct.password, sms_code: code });
    assert.notEqual(again.status, 303);
  });

  test('login_codes_answer_the_same_for_unknown_names_and_reach_only_the_owner', async () => {
    const acct = enterpriseWithMobile();
    const ghost = uniqueName('nobody');
    const pages = [];
    for (const name of [acct.username, ghost]) {
      const c = from();
      await c.get('/login');
      const r = await c.post('/login/sms', { username: name });
      assert.equal(r.status, 200);
      pages.push(normalised(r, name));
      // A wrong code: the same answer too.
      const wrong = await c.post('/login', { username: name, password: 'Whatever-123', sms_code: '000000' });
      assert.equal(wrong.status, 401);
      pages.push(normalised(wrong, name));
    }
    assert.equal(pages[2], pages[0]);
    assert.equal(pages[3], pages[1]);
    assert.equal((await messagesTo(acct.mobile, 1)).length, 1);
  });

  test('guesses_sent_in_parallel_do_not_share_one_delay', async () => {
    const acct = createEnterprise();
    const addr = from().localAddress;
    const clients = Array.from({ length: 20 }, () => new SourceClient(addr));
    for (const c of clients) await c.get('/login');
    const t0 = Date.now();
    const answers = await Promise.all(clients.map((c, i) =>
      c.post('/login', { username: acct.username, password: `Parallel-${i}-x` })));
    const elapsed = (Date.now() - t0) / 1000;
    // Five free, then one more each time a delay (2 s, 4 s...) has passed.
    let allowed = 5;
    for (let t = 0, d = 2; t + d <= elapsed; t += d, d *= 2) allowed++;
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual([...new Set(statuses)], [401, 429], statuses.join());
    const checked = statuses.filter((s) => s === 401).length;
    assert.ok(checked >= 5 && checked <= allowed,
      `${checked} checked in ${elapsed.toFixed(1)} s (at most ${allowed}), the rest wait: ${statuses.join()}`);
  });

  test('a_successful_login_resets_the_count', async () => {
    const acct = createEnterprise();
    const c = from();
    for (let i = 1; i <= 4; i++) assert.equal((await login(c, acct.username, `Nope-${i}x-pass`)).status, 401);
    assert.equal((await login(from(), acct.username, acct.password)).status, 303);
    for (let i = 1; i <= 5; i++) {
      const r = await login(c, acct.username, `Again-${i}x-pass`);
      assert.equal(r.status, 401);
      assert.ok(r.errorText.includes(WRONG), `no delay after ${i} new failures: ${r.errorText}`);
    }
  });

  test('failures_of_one_account_do_not_slow_another', async () => {
    const a = createEnterprise();
    const b = createEnterprise();
    const c = from();
    for (let i = 1; i <= 6; i++) await login(c, a.username, `Bad-${i}-pass`);
    assert.equal((await login(from(), b.username, b.password)).status, 303);
  });
});

/** Whether the page has an input named name. */
function find(page, name) {
  return page.body.includes(`name="${name}"`);
}

describe('operator lock (sme-admin lock)', () => {
  test('locked_account_is_refused_and_its_sessions_end', async () => {
    const acct = createReviewer({ role: 'county', region: '320102' });
    const s1 = await session(acct.username, acct.password);
    const s2 = await session(acct.username, acct.password);
    assert.equal((await s1.get('/home')).status, 200);
    assert.match(adminOk(['lock', '--username', acct.username]), /locked/);

    for (const s of [s1, s2]) {
      const home = await s.get('/home');
      assert.equal(home.status, 303, 'the session no longer opens /home');
      assert.equal(home.location, '/login');
    }
    const r = await login(new Client(), acct.username, acct.password);
    assert.equal(r.status, 401);
    assert.ok(r.errorText.includes(OPERATOR_LOCKED), r.errorText);
    assert.equal(r.cookie('sme_s'), undefined);

    adminOk(['unlock', '--username', acct.username]);
    const back = await login(new Client(), acct.username, acct.password);
    assert.equal(back.status, 303, 'unlock lets the account in again');
    const old = await s1.get('/home');
    assert.equal(old.status, 303, 'a session ended by the lock stays ended after unlock');
  });

  test('lock_of_unknown_account_fails', () => {
    const r = admin(['lock', '--username', 'no_such_account_zz']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no account/);
  });
});

describe('operator password reset (sme-admin password-reset)', () => {
  test('reset_ends_sessions_clears_the_delay_and_only_the_new_password_works', async () => {
    const acct = createEnterprise();
    const s1 = await session(acct.username, acct.password);
    assert.equal((await s1.get('/home')).status, 200);
    const c = from();
    for (let i = 1; i <= 6; i++) await login(c, acct.username, `Bad-${i}-pass`);
    const pw = newPassword();
    assert.match(adminOk(['password-reset', '--username', acct.username], `${pw}\n`), /sessions ended/);
    const home = await s1.get('/home');
    assert.equal(home.status, 303);
    assert.equal(home.location, '/login');
    const old = await login(from(), acct.username, acct.password);
    assert.equal(old.status, 401, 'the old password no longer works');
    assert.equal((await login(from(), acct.username, pw)).status, 303);
  });

  test('reset_refuses_a_password_against_the_policy', async () => {
    const acct = createEnterprise();
    const r = admin(['password-reset', '--username', acct.username], 'onlyletters\n');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /密码须同时包含字母和数字/);
    assert.equal((await login(new Client(), acct.username, acct.password)).status, 303, 'the password is unchanged');
  });
});

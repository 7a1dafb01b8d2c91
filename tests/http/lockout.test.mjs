// lockout.test.mjs - wrong passwords lock an account for 15 minutes; an
// operator's lock and password reset end the account's sessions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Client, admin, adminOk, createEnterprise, createReviewer, login, newPassword, resetLoginFailures,
  session, useStack,
} from '../harness/index.mjs';

useStack();

const LOCKED = '密码连续输错5次，账号已锁定';
const WRONG = '用户名或密码错误';
const OPERATOR_LOCKED = '账号已被锁定';

describe('five wrong passwords in a row', () => {
  test('fifth_wrong_password_locks_and_then_even_the_right_one_is_refused', async () => {
    resetLoginFailures();
    const acct = createEnterprise();
    const c = new Client();
    for (let i = 1; i <= 4; i++) {
      const r = await login(c, acct.username, `Wrong-pass-${i}`);
      assert.equal(r.status, 401, `attempt ${i}`);
      assert.ok(r.errorText.includes(WRONG), `attempt ${i}: ${r.errorText}`);
      assert.ok(!r.errorText.includes('锁定'), `attempt ${i} does not lock yet`);
    }
    const fifth = await login(c, acct.username, 'Wrong-pass-5');
    assert.equal(fifth.status, 401);
    assert.ok(fifth.errorText.includes(LOCKED), fifth.errorText);
    assert.ok(fifth.errorText.includes('15分钟'), `says how long: ${fifth.errorText}`);
    assert.equal(fifth.inputValue('username'), acct.username);

    const right = await login(c, acct.username, acct.password);
    assert.equal(right.status, 401, 'the right password is refused while locked');
    assert.ok(right.errorText.includes(LOCKED), right.errorText);
    assert.equal(right.cookie('sme_s'), undefined, 'no session while locked');
    const fresh = await login(new Client(), acct.username, acct.password);
    assert.equal(fresh.status, 401, 'from another browser too');
    assert.ok(fresh.errorText.includes(LOCKED));
  });

  test('a_successful_login_resets_the_count', async () => {
    resetLoginFailures();
    const acct = createEnterprise();
    const c = new Client();
    for (let i = 1; i <= 4; i++) assert.equal((await login(c, acct.username, `Nope-${i}x`)).status, 401);
    assert.equal((await login(new Client(), acct.username, acct.password)).status, 303);
    for (let i = 1; i <= 4; i++) {
      const r = await login(c, acct.username, `Again-${i}x`);
      assert.equal(r.status, 401);
      assert.ok(r.errorText.includes(WRONG), `not locked after ${i} new failures: ${r.errorText}`);
    }
    assert.equal((await login(new Client(), acct.username, acct.password)).status, 303,
      'four failures after a success do not lock');
  });

  test('failures_of_one_account_do_not_lock_another', async () => {
    resetLoginFailures();
    const a = createEnterprise();
    const b = createEnterprise();
    for (let i = 1; i <= 5; i++) await login(new Client(), a.username, `Bad-${i}-pass`);
    assert.equal((await login(new Client(), b.username, b.password)).status, 303);
  });

  test('password_reset_by_operator_lifts_the_lock', async () => {
    resetLoginFailures();
    const acct = createEnterprise();
    for (let i = 1; i <= 5; i++) await login(new Client(), acct.username, `Bad-${i}-pass`);
    assert.ok((await login(new Client(), acct.username, acct.password)).errorText.includes(LOCKED));
    const pw = newPassword();
    adminOk(['password-reset', '--username', acct.username], `${pw}\n`);
    assert.equal((await login(new Client(), acct.username, pw)).status, 303);
  });
});

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
  test('reset_ends_sessions_and_only_the_new_password_works', async () => {
    resetLoginFailures();
    const acct = createEnterprise();
    const s1 = await session(acct.username, acct.password);
    assert.equal((await s1.get('/home')).status, 200);
    const pw = newPassword();
    assert.match(adminOk(['password-reset', '--username', acct.username], `${pw}\n`), /sessions ended/);
    const home = await s1.get('/home');
    assert.equal(home.status, 303);
    assert.equal(home.location, '/login');
    const old = await login(new Client(), acct.username, acct.password);
    assert.equal(old.status, 401, 'the old password no longer works');
    assert.equal((await login(new Client(), acct.username, pw)).status, 303);
  });

  test('reset_refuses_a_password_against_the_policy', async () => {
    const acct = createEnterprise();
    const r = admin(['password-reset', '--username', acct.username], 'onlyletters\n');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /密码须同时包含字母和数字/);
    assert.equal((await login(new Client(), acct.username, acct.password)).status, 303, 'the password is unchanged');
  });
});

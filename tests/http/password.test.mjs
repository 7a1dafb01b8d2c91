// password.test.mjs - GET/POST /account/password: field errors (422),
// success (303), what a changed password does to sessions, and wrong
// current passwords slowed as wrong logins are.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Client, createEnterprise, find, login, newPassword, resetLoginFailures, session, useStack,
} from '../harness/index.mjs';

useStack();

async function form(c) {
  const page = await c.get('/account/password');
  assert.equal(page.status, 200);
  return page;
}

describe('/account/password', () => {
  test('anonymous_get_redirects_to_login_and_post_is_refused', async () => {
    const c = new Client();
    const get = await c.get('/account/password');
    assert.equal(get.status, 303);
    assert.equal(get.location, '/login?next=/account/password', 'back to the page after login');
    await c.get('/login');
    const post = await c.post('/account/password', { current: 'x', password: 'Abcdefg12-x', password2: 'Abcdefg12-x' });
    assert.equal(post.status, 401);
  });

  test('form_has_three_password_fields_and_csrf', async () => {
    const acct = createEnterprise();
    const c = await session(acct.username, acct.password);
    const page = await form(c);
    const f = find(page.body, { tag: 'form', attrs: { action: '/account/password' } });
    assert.ok(f);
    for (const n of ['current', 'password', 'password2'])
      assert.equal(find(f.inner, { tag: 'input', attrs: { name: n } })?.attrs.type, 'password', n);
    assert.ok(find(f.inner, { tag: 'input', attrs: { name: 'csrf' } })?.attrs.value);
    assert.deepEqual(page.errorFields, []);
  });

  test('field_errors_are_422_on_the_right_field', async () => {
    const acct = createEnterprise();
    const c = await session(acct.username, acct.password);
    await form(c);
    const good = newPassword();
    const cases = [
      { f: { current: 'Not-the-one-1', password: good, password2: good }, field: 'current', msg: '当前密码不正确' },
      { f: { current: acct.password, password: 'short1', password2: 'short1' }, field: 'password', msg: '10至64个字符' },
      { f: { current: acct.password, password: 'Abcdefg12', password2: 'Abcdefg12' }, field: 'password', msg: '10至64个字符' },
      // The weak passwords the issue found, at the length they would need now.
      { f: { current: acct.password, password: 'password12', password2: 'password12' }, field: 'password', msg: '密码过于常见或容易被猜到' },
      { f: { current: acct.password, password: '12345678ab', password2: '12345678ab' }, field: 'password', msg: '密码过于常见或容易被猜到' },
      { f: { current: acct.password, password: 'qwerty1234', password2: 'qwerty1234' }, field: 'password', msg: '密码过于常见或容易被猜到' },
      { f: { current: acct.password, password: `X9-${acct.username}`, password2: `X9-${acct.username}` }, field: 'password', msg: '密码不能包含用户名' },
      { f: { current: acct.password, password: 'lettersonly', password2: 'lettersonly' }, field: 'password', msg: '须同时包含字母和数字' },
      { f: { current: acct.password, password: '1234567890', password2: '1234567890' }, field: 'password', msg: '须同时包含字母和数字' },
      { f: { current: acct.password, password: acct.password, password2: acct.password }, field: 'password', msg: '不能与当前密码相同' },
      { f: { current: acct.password, password: good, password2: `${good}x` }, field: 'password2', msg: '两次输入的新密码不一致' },
    ];
    for (const k of cases) {
      const r = await c.post('/account/password', k.f);
      assert.equal(r.status, 422, `${k.field}: ${k.msg}`);
      assert.deepEqual(r.errorFields, [k.field], `only ${k.field} is marked (${k.msg})`);
      assert.ok(r.errorsFor(k.field)[0].includes(k.msg), r.errorsFor(k.field)[0]);
      for (const v of Object.values(k.f))
        assert.ok(!r.body.includes(v), 'no password typed is sent back in the page');
    }
    const all = await c.post('/account/password', { current: '', password: '', password2: 'x' });
    assert.equal(all.status, 422);
    assert.deepEqual(all.errorFields.sort(), ['current', 'password', 'password2']);
    // Nothing changed: the password is still the old one.
    assert.equal((await login(new Client(), acct.username, acct.password)).status, 303);
  });

  test('wrong_current_passwords_are_slowed_as_wrong_logins_are', async () => {
    // A stolen session must not guess the password faster than /login could.
    resetLoginFailures();
    const acct = createEnterprise();
    const c = await session(acct.username, acct.password);
    await form(c);
    const good = newPassword();
    for (let i = 1; i <= 5; i++) {
      const r = await c.post('/account/password', { current: `Guess-${i}-pass`, password: good, password2: good });
      assert.equal(r.status, 422);
      assert.ok(r.errorsFor('current')[0].includes('当前密码不正确'), `guess ${i}: ${r.errorsFor('current')}`);
    }
    const r = await c.post('/account/password', { current: acct.password, password: good, password2: good });
    assert.equal(r.status, 422, 'even the right one waits its delay');
    assert.match(r.errorsFor('current')[0], /密码错误次数较多，请\d+秒后再试/);
    resetLoginFailures();
    assert.equal((await login(new Client(), acct.username, acct.password)).status, 303, 'the password is unchanged');
  });

  test('post_without_csrf_is_403_and_changes_nothing', async () => {
    const acct = createEnterprise();
    const c = await session(acct.username, acct.password);
    await form(c);
    const pw = newPassword();
    const r = await c.post('/account/password', { current: acct.password, password: pw, password2: pw, csrf: undefined });
    assert.equal(r.status, 403);
    assert.equal((await login(new Client(), acct.username, acct.password)).status, 303);
  });

  test('change_succeeds_keeps_this_session_and_ends_the_others', async () => {
    resetLoginFailures();
    const acct = createEnterprise();
    const here = await session(acct.username, acct.password);
    const there = await session(acct.username, acct.password);
    assert.equal((await there.get('/home')).status, 200);
    await form(here);
    const pw = newPassword();
    const r = await here.post('/account/password', { current: acct.password, password: pw, password2: pw });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/home?msg=password_changed');

    const home = await here.get(r.location);
    assert.equal(home.status, 200, 'the session that changed it stays');
    assert.ok(home.noticeText.includes('密码已修改'), home.noticeText);
    const other = await there.get('/home');
    assert.equal(other.status, 303, 'other sessions of the account end');
    assert.equal(other.location, '/login');

    const old = await login(new Client(), acct.username, acct.password);
    assert.equal(old.status, 401, 'the old password no longer works');
    assert.ok(old.errorText.includes('用户名或密码错误'));
    assert.equal((await login(new Client(), acct.username, pw)).status, 303, 'the new one does');
  });
});

// login.test.mjs - the login page, CSRF, logging in and out (sme-account).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Client, createEnterprise, find, login, loginOk, logout, newPassword, resetLoginFailures, useStack,
} from '../harness/index.mjs';

useStack();

describe('GET /login', () => {
  test('login_page_is_a_zh_cn_utf8_form_with_csrf_and_pre_session_cookie', async () => {
    const c = new Client();
    const r = await c.get('/login');
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^text\/html;\s*charset=utf-8$/i);
    assert.match(r.body, /^<!DOCTYPE html>\s*<html lang="zh-CN">/i);
    assert.match(r.body, /<meta (charset="utf-8"|http-equiv="Content-Type" content="text\/html; charset=utf-8")>/i,
      'the page declares UTF-8');
    assert.ok(r.body.includes('用户登录'), 'Chinese text is sent as UTF-8, not as character references');
    assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(r.bytes), 'the body is valid UTF-8');
    assert.ok(r.mainText.includes('用户登录'), r.mainText);
    const form = find(r.body, { tag: 'form', attrs: { action: '/login' } });
    assert.ok(form, 'a form posting to /login');
    assert.equal(form.attrs.method, 'post');
    const csrf = find(form.inner, { tag: 'input', attrs: { name: 'csrf' } });
    assert.equal(csrf?.attrs.type, 'hidden');
    assert.match(csrf.attrs.value, /^[A-Za-z0-9_-]{20,}$/);
    assert.ok(find(form.inner, { tag: 'input', attrs: { name: 'username' } }));
    assert.equal(find(form.inner, { tag: 'input', attrs: { name: 'password' } })?.attrs.type, 'password');
    const pre = r.cookie('sme_pre');
    assert.ok(pre, 'sme_pre is set on the first visit');
    assert.match(pre.value, /^[A-Za-z0-9_-]{20,}$/);
    assert.equal(pre.attrs.httponly, true);
    assert.equal(pre.attrs.samesite, 'Lax');
    assert.equal(pre.attrs.path, '/');
  });

  test('second_visit_keeps_the_pre_session_cookie', async () => {
    const c = new Client();
    await c.get('/login');
    const again = await c.get('/login');
    assert.equal(again.status, 200);
    assert.equal(again.cookie('sme_pre'), undefined, 'no new sme_pre when the browser has one');
  });

  test('static_css_is_served_by_nginx', async () => {
    const r = await new Client().get('/static/sme.css');
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^text\/css/);
    assert.ok(r.body.includes('.card'), 'the stylesheet of the platform');
    const page = await new Client().get('/login');
    assert.ok(find(page.body, { tag: 'link', attrs: { rel: 'stylesheet', href: '/static/sme.css' } }),
      'pages link the stylesheet');
  });

  test('root_redirects_home_and_anonymous_home_redirects_to_login', async () => {
    const c = new Client();
    const root = await c.get('/');
    assert.equal(root.status, 303);
    assert.equal(root.location, '/home');
    const home = await c.get('/home');
    assert.equal(home.status, 303);
    assert.equal(home.location, '/login');
    assert.equal(home.cookie('sme_s'), undefined);
  });

  test('forged_session_cookie_is_anonymous', async () => {
    const c = new Client();
    c.setCookie('sme_s', 'A'.repeat(43));
    const home = await c.get('/home');
    assert.equal(home.status, 303);
    assert.equal(home.location, '/login');
  });
});

describe('POST /login and CSRF', () => {
  test('login_without_csrf_is_403', async () => {
    const ent = createEnterprise();
    const c = new Client();
    await c.get('/login');
    const r = await c.post('/login', { username: ent.username, password: ent.password, csrf: undefined });
    assert.equal(r.status, 403);
    assert.equal(r.cookie('sme_s'), undefined, 'no session without the token');
    assert.ok(r.mainText.includes('无权操作'), r.mainText);
  });

  test('login_with_wrong_csrf_is_403', async () => {
    const ent = createEnterprise();
    const c = new Client();
    const page = await c.get('/login');
    const bad = page.csrf.slice(0, -2) + (page.csrf.endsWith('AA') ? 'BB' : 'AA');
    const r = await c.post('/login', { username: ent.username, password: ent.password, csrf: bad });
    assert.equal(r.status, 403);
    assert.equal(r.cookie('sme_s'), undefined);
  });

  test('csrf_token_of_another_browser_is_403', async () => {
    const ent = createEnterprise();
    const other = new Client();
    const theirs = (await other.get('/login')).csrf;
    const c = new Client();
    await c.get('/login');
    const r = await c.post('/login', { username: ent.username, password: ent.password, csrf: theirs });
    assert.equal(r.status, 403, 'a token is bound to its own browser (cookie)');
  });

  test('right_credentials_303_home_with_httponly_lax_session_cookie', async () => {
    const ent = createEnterprise();
    const c = new Client();
    const r = await login(c, ent.username, ent.password);
    assert.equal(r.status, 303);
    assert.equal(r.location, '/home');
    const s = r.cookie('sme_s');
    assert.ok(s, 'session cookie set');
    assert.match(s.value, /^[A-Za-z0-9_-]{20,}$/);
    assert.equal(s.attrs.httponly, true);
    assert.equal(s.attrs.samesite, 'Lax');
    assert.equal(s.attrs.path, '/');
    assert.equal(s.attrs.secure, undefined, 'not Secure over plain http on loopback');
    const home = await c.get('/home');
    assert.equal(home.status, 200);
    assert.equal(home.facts['用户名'], ent.username);
  });

  test('wrong_password_401_keeps_username_never_password', async () => {
    resetLoginFailures();
    const ent = createEnterprise();
    const wrong = newPassword();
    const c = new Client();
    const r = await login(c, ent.username, wrong);
    assert.equal(r.status, 401);
    assert.ok(r.errorText.includes('用户名或密码错误'), r.errorText);
    assert.equal(r.inputValue('username'), ent.username);
    assert.equal(r.inputValue('password'), null, 'the password input has no value');
    assert.ok(!r.body.includes(wrong) && !r.text.includes(wrong), 'the typed password is nowhere in the page');
    assert.equal(r.cookie('sme_s'), undefined);
    assert.ok(r.csrf, 'the form can be sent again');
    const again = await c.post('/login', { username: ent.username, password: ent.password });
    assert.equal(again.status, 303, 'the re-rendered form works with its token');
  });

  test('unknown_user_gets_the_same_401_message', async () => {
    resetLoginFailures();
    const c = new Client();
    const r = await login(c, 'nobody_here_x9', newPassword());
    assert.equal(r.status, 401);
    assert.ok(r.errorText.includes('用户名或密码错误'), r.errorText);
    assert.equal(r.inputValue('username'), 'nobody_here_x9');
  });

  test('typed_username_is_escaped_when_kept_in_the_form', async () => {
    resetLoginFailures();
    const typed = 'x"><script>alert(1)</script>';
    const r = await login(new Client(), typed, 'Whatever-123');
    assert.equal(r.status, 401);
    assert.equal(r.inputValue('username'), typed, 'kept exactly as typed');
    assert.ok(!r.body.includes('<script>'), 'no raw <script> in the page');
  });

  test('empty_fields_422_with_data_error_for', async () => {
    const c = new Client();
    await c.get('/login');
    const both = await c.post('/login', { username: '', password: '' });
    assert.equal(both.status, 422);
    assert.deepEqual(both.errorFields.sort(), ['password', 'username']);
    assert.ok(both.errorsFor('username')[0].includes('请填写用户名'));
    assert.ok(both.errorsFor('password')[0].includes('请填写密码'));
    assert.equal(both.cookie('sme_s'), undefined);

    const nopw = await c.post('/login', { username: 'someone_x' });
    assert.equal(nopw.status, 422);
    assert.deepEqual(nopw.errorFields, ['password']);
    assert.equal(nopw.inputValue('username'), 'someone_x', 'what the user typed is kept');

    const nouser = await c.post('/login', { password: 'Secret-123' });
    assert.equal(nouser.status, 422);
    assert.deepEqual(nouser.errorFields, ['username']);
    assert.ok(!nouser.body.includes('Secret-123'));
  });

  test('login_page_without_errors_has_no_error_elements', async () => {
    const r = await new Client().get('/login');
    assert.deepEqual(r.errorFields, []);
    assert.equal(r.errorText, null);
  });
});

describe('POST /logout', () => {
  test('logout_revokes_the_session_server_side', async () => {
    const ent = createEnterprise();
    const c = await loginOk(new Client(), ent.username, ent.password);
    const replay = c.clone(); // someone who copied the cookie
    assert.equal((await replay.get('/home')).status, 200);
    const home = await c.get('/home');
    assert.equal(home.status, 200);
    const out = await logout(c);
    assert.equal(out.status, 303);
    assert.equal(out.location, '/login?msg=logged_out');
    const cleared = out.cookie('sme_s');
    assert.ok(cleared && (cleared.value === '' || cleared.attrs['max-age'] === '0'), 'the cookie is cleared');
    const bye = await c.get(out.location);
    assert.equal(bye.status, 200);
    assert.ok(bye.noticeText.includes('您已安全退出'), bye.noticeText);
    const again = await replay.get('/home');
    assert.equal(again.status, 303, 'the old cookie no longer opens /home');
    assert.equal(again.location, '/login');
  });

  test('logout_without_csrf_is_403_and_keeps_the_session', async () => {
    const ent = createEnterprise();
    const c = await loginOk(new Client(), ent.username, ent.password);
    await c.get('/home');
    const r = await c.post('/logout', { csrf: undefined });
    assert.equal(r.status, 403);
    assert.equal((await c.get('/home')).status, 200, 'still logged in');
  });

  test('csrf_of_pre_session_does_not_work_after_login', async () => {
    const ent = createEnterprise();
    const c = new Client();
    const pre = (await c.get('/login')).csrf;
    await c.post('/login', { username: ent.username, password: ent.password });
    const r = await c.post('/logout', { csrf: pre });
    assert.equal(r.status, 403, 'the token is bound to the session cookie once logged in');
    assert.equal((await c.get('/home')).status, 200);
  });

  test('notice_on_login_is_chosen_by_key_not_reflected', async () => {
    const r = await new Client().get('/login?msg=%3Cb%3Ehi%3C%2Fb%3E');
    assert.equal(r.status, 200);
    assert.equal(r.noticeText, null, 'an unknown msg shows nothing');
    assert.ok(!r.body.includes('<b>') && !r.text.includes('<b>hi</b>'), 'the query is not reflected');
  });
});

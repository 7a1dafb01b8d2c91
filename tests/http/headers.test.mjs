// headers.test.mjs - security headers on dynamic pages, and error pages
// (404, 405) that are zh-CN pages of the platform.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Client, createEnterprise, find, login, session, useStack } from '../harness/index.mjs';

useStack();

function assertSecurityHeaders(r) {
  const h = r.headers;
  assert.equal(h.get('x-frame-options'), 'DENY', `${r}: X-Frame-Options`);
  assert.equal(h.get('x-content-type-options'), 'nosniff', `${r}: X-Content-Type-Options`);
  const csp = h.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'self'/, `${r}: CSP default-src`);
  assert.match(csp, /frame-ancestors 'none'/, `${r}: CSP frame-ancestors`);
  assert.match(h.get('cache-control') ?? '', /no-store/, `${r}: Cache-Control no-store`);
}

function assertZhPage(r) {
  assert.match(r.contentType, /^text\/html;\s*charset=utf-8$/i, `${r}: content type`);
  assert.match(r.body, /<html lang="zh-CN">/, `${r}: a zh-CN page`);
  assert.ok(find(r.body, { tag: 'link', attrs: { href: '/static/sme.css' } }), `${r}: in the platform's layout`);
}

describe('security headers', () => {
  test('dynamic_pages_carry_security_headers_and_no_store', async () => {
    const acct = createEnterprise();
    const c = new Client();
    assertSecurityHeaders(await c.get('/login'));
    const posted = await login(c, acct.username, acct.password);
    assert.equal(posted.status, 303);
    assertSecurityHeaders(posted);
    assertSecurityHeaders(await c.get('/home'));
    assertSecurityHeaders(await c.get('/account/password'));
    assertSecurityHeaders(await new Client().get('/home')); // the redirect to /login
    const bad = await new Client().post('/login', { username: 'a', password: 'b' });
    assert.equal(bad.status, 403);
    assertSecurityHeaders(bad);
  });

  test('static_files_are_cacheable_and_nosniff', async () => {
    const r = await new Client().get('/static/sme.css');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.doesNotMatch(r.headers.get('cache-control') ?? '', /no-store/);
  });

  test('server_does_not_announce_its_version', async () => {
    const r = await new Client().get('/login');
    assert.doesNotMatch(r.headers.get('server') ?? '', /\d/);
  });
});

describe('error pages', () => {
  test('unknown_route_of_the_handler_is_a_zh_cn_404_page', async () => {
    const acct = createEnterprise();
    for (const c of [new Client(), await session(acct.username, acct.password)]) {
      const r = await c.get('/account/no-such-page');
      assert.equal(r.status, 404);
      assertZhPage(r);
      assertSecurityHeaders(r);
      assert.equal(find(r.body, { tag: 'h1' })?.text, '页面不存在');
      assert.ok(r.mainText.includes('您访问的页面不存在'), r.mainText);
    }
  });

  test('unknown_url_outside_the_handlers_is_a_zh_cn_404_page', async () => {
    const r = await new Client().get('/no-such-page');
    assert.equal(r.status, 404);
    assertZhPage(r);
  });

  test('wrong_method_is_a_zh_cn_405_page', async () => {
    const r = await new Client().get('/logout');
    assert.equal(r.status, 405);
    assertZhPage(r);
    assert.equal(find(r.body, { tag: 'h1' })?.text, '请求方式不支持');
    assert.equal(r.headers.get('allow'), 'POST');
  });

  test('csrf_failure_is_a_zh_cn_403_page', async () => {
    const r = await new Client().post('/login', { username: 'a', password: 'b' });
    assert.equal(r.status, 403);
    assertZhPage(r);
    assert.equal(find(r.body, { tag: 'h1' })?.text, '无权操作');
  });

  test('malformed_form_body_is_400', async () => {
    const c = new Client();
    await c.get('/login');
    const r = await c.request('POST', '/login', {
      body: `csrf=${c.csrf}&username=%ZZ&password=x`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(r.status, 400);
    assertZhPage(r);
  });
});

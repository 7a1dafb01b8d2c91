// headers.test.mjs - security headers on dynamic pages, and error pages
// (404, 405) that are zh-CN pages of the platform, the handlers' and
// nginx's own (static files missing or forbidden, a method a static file
// does not take, a body too large for /register, a limit, a handler down:
// failure.test.mjs), with the same headers; FastCGI sockets not 0666.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import {
  BASE, Client, ROOT, VAR, createEnterprise, find, login, session, useStack,
} from '../harness/index.mjs';
import { SourceClient } from '../harness/register.mjs';

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

describe("nginx's own error answers", () => {
  const cases = [
    { what: 'a static file that does not exist', method: 'GET', path: '/static/no-such-file.css', status: 404, h1: '页面不存在' },
    { what: 'the static directory itself', method: 'GET', path: '/static/', status: 403, h1: '无权访问' },
    { what: 'a POST to a static file', method: 'POST', path: '/static/sme.css', status: 405, h1: '请求方式不支持' },
  ];
  for (const k of cases) {
    test(`${k.status}_of_${k.what.replaceAll(' ', '_')}_is_a_zh_cn_page_with_security_headers`, async () => {
      const r = await new Client().request(k.method, k.path);
      assert.equal(r.status, k.status, k.what);
      assertZhPage(r);
      assertSecurityHeaders(r);
      assert.equal(find(r.body, { tag: 'h1' })?.text, k.h1);
      assert.doesNotMatch(r.body, /<center>nginx/, 'not nginx\'s default page');
    });
  }

  test('413_of_a_registration_body_over_the_limit_is_a_zh_cn_page_with_security_headers', async () => {
    const res = await fetch(`${BASE}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(12 * 1024 * 1024),
    });
    const r = { status: res.status, headers: res.headers, body: await res.text(), get contentType() { return res.headers.get('content-type') ?? ''; }, toString: () => 'POST /register (12 MiB)' };
    assert.equal(r.status, 413);
    assertZhPage(r);
    assertSecurityHeaders(r);
    assert.equal(find(r.body, { tag: 'h1' })?.text, '提交的内容过大');
    assert.match(r.body, /营业执照图片不能超过10M/);
  });

  test('429_of_nginx_limit_carries_the_security_headers_too', async () => {
    const c = new SourceClient();	// an address of its own: 127.0.0.1 stays unlimited
    let r;
    for (let i = 0; i < 80; i++) {
      r = await c.post('/recover/username', { csrf: 'x' });
      if (r.status === 429) break;
    }
    assert.equal(r.status, 429);
    assertZhPage(r);
    assertSecurityHeaders(r);
    assert.equal(r.headers.get('retry-after'), '60');
  });
});

describe('FastCGI sockets', () => {
  test('sockets_are_not_open_to_every_local_user', () => {
    const socks = fs.readdirSync(path.join(VAR, 'run')).filter((f) => /^sme-[a-z]+\.sock$/.test(f));
    assert.ok(socks.length >= 8, `the handlers' sockets: ${socks}`);
    for (const s of socks) {
      const mode = fs.statSync(path.join(VAR, 'run', s)).mode & 0o777;
      assert.equal(mode & 0o007, 0, `${s} is ${mode.toString(8)}: others may not connect`);
    }
  });
});

describe('TLS (nginx/sme-tls.conf)', () => {
  test('the_tls_snippet_sends_hsts_on_handler_static_and_error_answers_and_cookies_are_secure', async (t) => {
    const openssl = spawnSync('openssl', ['version']);
    const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
    if (openssl.status !== 0 || !nginx) {
      t.skip('openssl or nginx missing');
      return;
    }
    const dir = fs.mkdtempSync(path.join(VAR, 'tls-test-'));
    const port = await new Promise((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    });
    const run = (cmd, args) => {
      const r = spawnSync(cmd, args, { encoding: 'utf8' });
      assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
    };
    run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
    // The shipped snippet, with this test's certificate.
    fs.writeFileSync(path.join(dir, 'sme-tls.conf'), fs.readFileSync(path.join(ROOT, 'nginx', 'sme-tls.conf'), 'utf8')
      .replace('/etc/ssl/sme/fullchain.pem', path.join(dir, 'cert.pem'))
      .replace('/etc/ssl/sme/privkey.pem', path.join(dir, 'key.pem')));
    const n = path.join(VAR, 'nginx');
    fs.writeFileSync(path.join(dir, 'nginx.conf'), `
${process.getuid() === 0 ? 'user root root;' : ''}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	charset utf-8;
	access_log off;
	client_body_temp_path ${dir}/body;
	fastcgi_temp_path ${dir}/fastcgi;
	proxy_temp_path ${dir}/proxy;
	uwsgi_temp_path ${dir}/uwsgi;
	scgi_temp_path ${dir}/scgi;
	server_tokens off;
	include ${n}/sme-upstream.conf;
	server {
		listen 127.0.0.1:${port} ssl;
		include ${dir}/sme-tls.conf;
		include ${n}/sme.conf;
		location / {
			include ${n}/sme_fastcgi_params;
			fastcgi_pass sme_account;
		}
	}
}
`);
    run(nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', `error_log ${dir}/error.log;`]);
    try {
      const get = (p, method = 'GET') => new Promise((resolve, reject) => {
        const req = https.request({ host: '127.0.0.1', port, path: p, method, rejectUnauthorized: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res));
        });
        req.on('error', reject);
        req.end();
      });
      const hsts = /^max-age=31536000; includeSubDomains$/;
      for (const [p, status] of [['/login', 200], ['/static/sme.css', 200], ['/static/no-such.css', 404], ['/no-such-page', 404]]) {
        const r = await get(p);
        assert.equal(r.statusCode, status, p);
        assert.match(r.headers['strict-transport-security'] ?? '', hsts, `HSTS on ${p}`);
      }
      const login = await get('/login');
      const cookies = login.headers['set-cookie'] ?? [];
      assert.ok(cookies.length > 0 && cookies.every((c) => /;\s*Secure/.test(c)), `Secure cookies over TLS: ${cookies}`);
      // The plain-HTTP stack sends no HSTS.
      const plain = await new Client().get('/static/no-such.css');
      assert.equal(plain.headers.get('strict-transport-security'), null);
    } finally {
      const pid = Number(fs.readFileSync(path.join(dir, 'nginx.pid'), 'utf8').trim());
      process.kill(pid, 'SIGQUIT');
      await new Promise((r) => setTimeout(r, 300));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

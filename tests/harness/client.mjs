// client.mjs - a browser-like HTTP client over fetch for the tests: a tiny
// cookie jar, redirects not followed (redirect: 'manual', so 303 and its
// Location are seen), urlencoded forms, and the CSRF token of the last page.
import assert from 'node:assert/strict';
import { BASE } from './env.mjs';
import { find, findAll, textOf } from './html.mjs';

/** Parse one Set-Cookie header: { name, value, attrs: { lowercased: value | true } }. */
export function parseSetCookie(header) {
  const [pair, ...rest] = header.split(';');
  const eq = pair.indexOf('=');
  const attrs = {};
  for (const a of rest) {
    const i = a.indexOf('=');
    const k = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
    if (k) attrs[k] = i < 0 ? true : a.slice(i + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs };
}

/** The value of the hidden input csrf in html, or null. */
export function csrfOf(html) {
  const el = find(html, { tag: 'input', attrs: { name: 'csrf' } });
  return el ? el.attrs.value ?? null : null;
}

/** One answer: status, headers, body and what the tests read off it. */
export class Page {
  constructor(res, bytes, url) {
    this.url = url;
    this.status = res.status;
    this.headers = res.headers;
    this.bytes = bytes;
    this.body = new TextDecoder('utf-8').decode(bytes);
    this.setCookies = res.headers.getSetCookie().map(parseSetCookie);
  }
  get location() { return this.headers.get('location'); }
  get contentType() { return this.headers.get('content-type') ?? ''; }
  /** Everything a reader sees of the page, as one line of text. */
  get text() { return textOf(this.body); }
  /** The text inside <main> (without the header and footer). */
  get mainText() { return find(this.body, { tag: 'main' })?.text ?? ''; }
  get csrf() { return csrfOf(this.body); }
  /** The Set-Cookie of name, parsed, or undefined. */
  cookie(name) { return this.setCookies.find((c) => c.name === name); }
  /** value attribute of the input named name (null if the attribute is absent). */
  inputValue(name) {
    const el = find(this.body, { tag: 'input', attrs: { name } });
    assert.ok(el, `no <input name="${name}"> on ${this.url}`);
    return el.attrs.value ?? null;
  }
  /** Texts of the elements data-error-for="field". */
  errorsFor(field) {
    return findAll(this.body, { attrs: { 'data-error-for': field } }).map((e) => e.text);
  }
  /** Fields that carry an error message on this page. */
  get errorFields() {
    return findAll(this.body, { attrs: { 'data-error-for': true } }).map((e) => e.attrs['data-error-for']);
  }
  /** The text of the first <p class="error"> (login messages, error pages), or null. */
  get errorText() { return find(this.body, { tag: 'p', attrs: { class: 'error' } })?.text ?? null; }
  get noticeText() { return find(this.body, { attrs: { class: 'notice' } })?.text ?? null; }
  /** The <dl class="facts"> of /home as { 用户名: ..., 身份: ..., 所属地区: ... }. */
  get facts() {
    const dl = find(this.body, { tag: 'dl', attrs: { class: 'facts' } });
    if (!dl) return null;
    const dts = findAll(dl.inner, { tag: 'dt' }).map((e) => e.text);
    const dds = findAll(dl.inner, { tag: 'dd' });
    return Object.fromEntries(dts.map((k, i) => [k, dds[i]?.text]));
  }
  toString() { return `${this.status} ${this.url}`; }
}

export class Client {
  constructor(base = BASE) {
    this.base = base;
    this.jar = new Map(); // name -> value
    this.csrf = null; // of the last page that had a form
    this.userAgent = 'sme-tests';
  }

  /** The Cookie header this client would send. */
  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  setCookie(name, value) {
    if (value == null) this.jar.delete(name);
    else this.jar.set(name, value);
  }

  /** Another client with a copy of this one's cookies (another tab, or a replay). */
  clone() {
    const c = new Client(this.base);
    c.jar = new Map(this.jar);
    c.csrf = this.csrf;
    return c;
  }

  store(c) {
    const maxAge = c.attrs['max-age'];
    if (c.value === '' || (maxAge !== undefined && Number(maxAge) <= 0)) this.jar.delete(c.name);
    else this.jar.set(c.name, c.value);
  }

  async request(method, path, { body, headers = {}, signal } = {}) {
    const url = new URL(path, this.base).toString();
    const h = { 'user-agent': this.userAgent, ...headers };
    const cookie = this.cookieHeader();
    if (cookie) h.cookie = cookie;
    const res = await fetch(url, { method, headers: h, body, redirect: 'manual', signal });
    const page = new Page(res, new Uint8Array(await res.arrayBuffer()), `${method} ${path}`);
    for (const c of page.setCookies) this.store(c);
    const token = page.csrf;
    if (token) this.csrf = token;
    return page;
  }

  get(path, opts) { return this.request('GET', path, opts); }

  /**
   * POST fields urlencoded. The CSRF token of the last page is added unless
   * fields has its own csrf key (undefined or null there: no token sent).
   */
  post(path, fields = {}, opts = {}) {
    const f = { ...fields };
    if (!('csrf' in f)) f.csrf = this.csrf;
    if (f.csrf == null) delete f.csrf;
    return this.request('POST', path, {
      ...opts,
      body: new URLSearchParams(f).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(opts.headers || {}) },
    });
  }
}

/** Open /login (for its token) and post the credentials; the answer to the POST. */
export async function login(client, username, password) {
  const form = await client.get('/login');
  assert.equal(form.status, 200, 'GET /login');
  assert.ok(form.csrf, 'the login form has a csrf token');
  return client.post('/login', { username, password, csrf: form.csrf });
}

/** login() that must succeed: 303 to /home with a session cookie. Returns the client. */
export async function loginOk(client, username, password) {
  const r = await login(client, username, password);
  assert.equal(r.status, 303, `login of ${username} should succeed, got ${r.status}: ${r.errorText ?? ''}`);
  assert.equal(r.location, '/home');
  assert.ok(client.jar.get('sme_s'), 'a session cookie was set');
  return client;
}

/** A new client logged in as username. */
export async function session(username, password) {
  return loginOk(new Client(), username, password);
}

/** POST /logout with the token of the client's last page. */
export async function logout(client) {
  if (!client.csrf) await client.get('/home');
  return client.post('/logout');
}

// register.test.mjs - GET/POST /register and POST /register/sms (HTTP.md,
// sme-account): the form, field errors on the right field with the input
// kept, duplicates, the licence judged by its bytes, the SMS code (hashed,
// single use, five wrong tries, five minutes), the limits against flooding
// held in the database, and a registration that waits for its county.
// Each test connects from its own 127.x.y.z, so the limits per address are
// its own.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  VAR, createEnterprise, find, findAll, login, sql, uscc, useStack,
} from '../harness/index.mjs';
import {
  SourceClient, licences, pngImage, register, registration, requestRegisterCode,
} from '../harness/register.mjs';
import {
  ageSmsRequests, codeIn, dispatcherRunning, expireCodes, forgetSmsRequests, latestCode,
  messagesTo, nthCode, outboxTo, smsLogTo, smsRequestCount, testMobile,
} from '../harness/smscode.mjs';
import { waitFor } from '../harness/stack.mjs';

useStack();

const clients = [];
/** A client from an address of its own; its SMS requests are forgotten after the file. */
function client() {
  const c = new SourceClient();
  clients.push(c);
  return c;
}
after(() => { for (const c of clients) forgetSmsRequests(c.localAddress); });

const KEPT = ['name', 'uscc', 'username', 'mobile', 'sms_code'];

/** Assert the 422 page marks exactly fields, keeps what was typed and no password. */
function assertFieldErrors(r, fields, typed, what) {
  assert.equal(r.status, 422, `${what}: status`);
  assert.deepEqual([...new Set(r.errorFields)].sort(), [...fields].sort(), `${what}: fields marked`);
  for (const k of KEPT)
    if (typed[k] !== undefined) assert.equal(r.inputValue(k), typed[k], `${what}: ${k} kept`);
  assert.equal(r.inputValue('password'), null, `${what}: no password sent back`);
  assert.equal(r.inputValue('password2'), null, `${what}: no password2 sent back`);
  assert.ok(!r.body.includes(typed.password), `${what}: the password appears nowhere`);
  for (const c of ['city', 'county']) {
    const sel = find(r.body, { tag: 'select', attrs: { name: c } });
    const chosen = findAll(sel.inner, { tag: 'option', attrs: { selected: true } }).map((o) => o.attrs.value);
    assert.deepEqual(chosen, typed[c] ? [typed[c]] : [], `${what}: ${c} kept selected`);
  }
}

/** A client on the form with a valid code for fields.mobile (not used up by failures). */
async function withCode(fields) {
  const c = client();
  await c.get('/register');
  const r = await requestRegisterCode(c, fields.mobile);
  assert.equal(r.status, 200, r.body);
  fields.sms_code = await nthCode(fields.mobile, 1);
  return c;
}

describe('GET /register', () => {
  test('form_has_every_field_of_the_contract_and_the_policy', async () => {
    const c = client();
    const r = await c.get('/register');
    assert.equal(r.status, 200);
    const form = find(r.body, { tag: 'form', attrs: { action: '/register' } });
    assert.equal(form.attrs.enctype, 'multipart/form-data');
    for (const n of ['csrf', 'name', 'uscc', 'username', 'password', 'password2', 'mobile', 'sms_code', 'licence'])
      assert.ok(find(form.inner, { tag: 'input', attrs: { name: n } }), `input ${n}`);
    assert.equal(find(form.inner, { tag: 'input', attrs: { name: 'licence' } }).attrs.type, 'file');
    assert.match(find(form.inner, { tag: 'input', attrs: { name: 'licence' } }).attrs.accept, /\.png/);
    assert.ok(r.text.includes('10至64个字符，须同时包含字母和数字，不能是常见密码'), 'the password policy is shown');
    assert.ok(r.text.includes('请上传图片格式的营业执照'), 'the licence rule is shown');
    const sms = find(form.inner, { tag: 'button', attrs: { formaction: '/register/sms' } });
    assert.ok(sms, 'a 获取验证码 button that works without JavaScript');
    assert.equal(sms.text, '获取验证码');
    assert.ok(r.body.includes('/static/register.js') && r.body.includes('/static/sms.js'));
  });

  test('cities_are_the_thirteen_and_counties_come_grouped_by_city', async () => {
    const r = await client().get('/register');
    const city = find(r.body, { tag: 'select', attrs: { name: 'city' } });
    const cities = findAll(city.inner, { tag: 'option' }).filter((o) => o.attrs.value);
    assert.equal(cities.length, 13);
    assert.deepEqual(cities.slice(0, 2).map((o) => [o.attrs.value, o.text]), [['320100', '南京市'], ['320200', '无锡市']]);
    const county = find(r.body, { tag: 'select', attrs: { name: 'county' } });
    const groups = findAll(county.inner, { tag: 'optgroup' });
    assert.equal(groups.length, 13, 'one group a city (works without JavaScript)');
    assert.equal(groups[0].attrs.label, '南京市');
    assert.equal(groups[0].attrs['data-city'], '320100');
    const nanjing = findAll(groups[0].inner, { tag: 'option' }).map((o) => o.attrs.value);
    assert.ok(nanjing.includes('320102') && nanjing.every((v) => v.startsWith('3201')), nanjing.join());
    const wanted = Number(sql("SELECT COUNT(*) FROM region WHERE level = 'county'").trim());
    assert.equal(findAll(county.inner, { tag: 'option' }).filter((o) => o.attrs.value).length, wanted);
  });
});

describe('POST /register field errors', () => {
  test('wrong_check_character_is_422_on_uscc_saying_so_with_input_kept', async () => {
    const f = registration();
    const c = await withCode(f);
    const last = f.uscc[17];
    f.uscc = f.uscc.slice(0, 17) + (last === '0' ? '1' : '0');
    const r = await c.postMultipart('/register', f, { licence: licences.png() });
    assertFieldErrors(r, ['uscc'], f, 'check character');
    assert.match(r.errorsFor('uscc')[0], /校验位不正确/);
    // Other rules of GB 32100 name themselves too.
    for (const [bad, msg] of [['91320102MA1MCK6Y2', /应为18位/], ['91320102MA1MCK6YIX', /不含I、O、S、V、Z/]]) {
      const r2 = await c.postMultipart('/register', { ...f, uscc: bad }, { licence: licences.png() });
      assert.equal(r2.status, 422);
      assert.match(r2.errorsFor('uscc')[0], msg, bad);
    }
    // Lower case is taken as upper case (the check character is right).
    const ok = registration();
    const c2 = await withCode(ok);
    const r3 = await c2.postMultipart('/register', { ...ok, uscc: ok.uscc.toLowerCase() }, { licence: licences.png() });
    assert.equal(r3.status, 303, r3.errorFields.join());
  });

  test('duplicate_credit_code_is_422_on_uscc_linking_to_recover_username', async () => {
    const taken = createEnterprise({ region: '320104' });
    const f = registration({ uscc: taken.uscc });
    const c = await withCode(f);
    const r = await c.postMultipart('/register', f, { licence: licences.png() });
    assertFieldErrors(r, ['uscc'], f, 'duplicate uscc');
    const el = find(r.body, { attrs: { 'data-error-for': 'uscc' } });
    assert.ok(el.text.includes('该企业已存在'), el.text);
    assert.ok(find(el.inner, { tag: 'a', attrs: { href: '/recover/username' } }), 'a link to 忘记用户名');
  });

  test('duplicate_username_is_422_on_username_whatever_the_case', async () => {
    const taken = createEnterprise();
    for (const name of [taken.username, taken.username.toUpperCase()]) {
      const f = registration({ username: name });
      const c = await withCode(f);
      const r = await c.postMultipart('/register', f, { licence: licences.png() });
      assertFieldErrors(r, ['username'], f, `duplicate username ${name}`);
      assert.equal(r.errorsFor('username')[0], '用户名已存在');
    }
  });

  test('taken_names_are_told_only_with_a_right_sms_code_and_the_licence_judged_last', async () => {
    const taken = createEnterprise({ region: '320104' });
    const f = registration({ uscc: taken.uscc, username: taken.username });
    const c = await withCode(f);
    const right = f.sms_code;
    // No code, a malformed one, a wrong one: nothing said about the names,
    // and the licence's bytes (a PDF named .png) not looked at yet.
    for (const code of ['', '12', right === '000000' ? '111111' : '000000']) {
      const r = await c.postMultipart('/register', { ...f, sms_code: code }, { licence: licences.pdfAsPng() });
      assertFieldErrors(r, ['sms_code'], { ...f, sms_code: code }, `code "${code}"`);
      assert.ok(!r.text.includes('已存在'), `code "${code}": no availability answer`);
    }
    // The right code: now the names are answered (the licence still waits).
    const r = await c.postMultipart('/register', f, { licence: licences.pdfAsPng() });
    assertFieldErrors(r, ['uscc', 'username'], f, 'right code');
    assert.equal(r.errorsFor('username')[0], '用户名已存在');
    assert.match(r.errorsFor('uscc')[0], /该企业已存在/);
  });

  test('registrations_checked_from_one_address_are_limited_in_the_database', async () => {
    const taken = createEnterprise();
    const f = registration({ username: taken.username });
    const c = await withCode(f);
    for (let i = 1; i <= 20; i++) {
      const r = await c.postMultipart('/register', f, { licence: licences.png() });
      assert.equal(r.status, 422, `attempt ${i}`);
    }
    const r = await c.postMultipart('/register', f, { licence: licences.png() });
    assert.equal(r.status, 429);
    assert.match(r.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    assert.match(r.text, /提交注册过于频繁/);
    assert.ok(!r.text.includes('已存在'), 'no availability answer when limited');
    sql(`DELETE FROM register_attempt WHERE ip = '${c.localAddress}'`);
  });

  test('nginx_sheds_a_burst_of_registrations_from_one_address', async () => {
    const c = client();
    await c.get('/register');
    const statuses = [];
    for (let i = 0; i < 45; i++) statuses.push((await c.post('/register', { csrf: 'x' })).status);
    const first = statuses.indexOf(429);
    assert.ok(first >= 20, `a burst passes (first 429 at ${first})`);
    assert.ok(statuses.slice(0, first).every((s) => s === 403), 'those reach the handler (bad token: 403)');
    const r = await c.post('/register', { csrf: 'x' });
    assert.equal(r.status, 429);
    assert.match(r.text, /请求过于频繁/);
    assert.equal((await c.get('/register')).status, 200, 'the form is still shown');
  });

  test('licence_is_judged_by_its_bytes_and_its_extension_must_agree', async () => {
    const cases = [
      { what: 'a PDF renamed .png', file: licences.pdfAsPng(), msg: /请上传图片格式的营业执照/ },
      { what: 'a text file named .jpg', file: licences.text(), msg: /请上传图片格式的营业执照/ },
      { what: 'a PNG named .jpg', file: licences.pngAsJpg(), msg: /扩展名与图片的实际格式不符/ },
      { what: 'no file', file: null, msg: /请上传营业执照图片/ },
      { what: 'an empty file', file: { name: 'a.png', type: 'image/png', bytes: Buffer.alloc(0) }, msg: /请上传营业执照图片/ },
      { what: 'over 10M', file: { name: 'big.png', type: 'image/png', bytes: Buffer.concat([pngImage(4, 4), Buffer.alloc(10 * 1024 * 1024)]) }, msg: /不能超过10M/ },
    ];
    const f = registration();
    const c = await withCode(f);
    for (const k of cases) {
      const r = await c.postMultipart('/register', f, { licence: k.file });
      assertFieldErrors(r, ['licence'], f, k.what);
      assert.match(r.errorsFor('licence')[0], k.msg, k.what);
    }
    // A JPEG with the .JPEG extension is an image: registered.
    const r = await c.postMultipart('/register', f, { licence: licences.jpg() });
    assert.equal(r.status, 303, `${r.errorFields.join()} ${r.errorsFor('licence')}`);
  });

  test('every_field_is_checked_at_once_in_chinese', async () => {
    const c = client();
    await c.get('/register');
    const typed = { name: '', uscc: 'ABC', city: '320200', county: '320102', username: '1x',
      password: 'short', password2: 'other', mobile: '1234', sms_code: '12' };
    const r = await c.postMultipart('/register', typed, {});
    assertFieldErrors(r, ['name', 'uscc', 'county', 'username', 'password', 'password2', 'mobile', 'sms_code', 'licence'], typed, 'all');
    assert.match(r.errorsFor('county')[0], /不属于所选设区市/);
    assert.match(r.errorsFor('name')[0], /请填写企业名称/);
    assert.match(r.errorsFor('mobile')[0], /11位手机号码/);
    assert.match(r.errorsFor('sms_code')[0], /6位数字/);
    const none = await c.postMultipart('/register', { city: '999999' }, {});
    assert.equal(none.status, 422);
    assert.match(none.errorsFor('city')[0], /请选择所在设区市/);
    assert.match(none.errorsFor('county')[0], /请选择所在县/);
  });

  test('post_without_csrf_is_403', async () => {
    const f = registration();
    const c = client();
    await c.get('/register');
    const r = await c.postMultipart('/register', { ...f, csrf: undefined }, { licence: licences.png() });
    assert.equal(r.status, 403);
    const s = await c.post('/register/sms', { mobile: f.mobile, csrf: 'x' });
    assert.equal(s.status, 403);
    assert.equal(outboxTo(f.mobile).length, 0);
  });
});

describe('POST /register/sms', () => {
  test('a_code_goes_out_hashed_and_the_second_within_a_minute_is_429', async () => {
    const c = client();
    await c.get('/register');
    const mobile = testMobile();
    const r = await requestRegisterCode(c, mobile);
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^application\/json/);
    const js = JSON.parse(r.body);
    assert.match(js.message, /验证码已发送/);
    assert.equal(js.wait, '60');
    const text = (await messagesTo(mobile, 1))[0];
    assert.match(text, /^【江苏省专精特新企业培育服务平台】您的注册验证码为\d{6}，5分钟内有效。/);
    const row = latestCode(mobile);
    assert.equal(row.hashLength, 32, 'a 32-byte hash is kept');
    assert.ok(!row.hashHex.includes(Buffer.from(codeIn(text)).toString('hex').toUpperCase()), 'not the code');

    const again = await requestRegisterCode(c, mobile);
    assert.equal(again.status, 429);
    const retry = Number(again.headers.get('retry-after'));
    assert.ok(retry > 0 && retry <= 60, `Retry-After ${retry}`);
    assert.match(JSON.parse(again.body).message, /每分钟最多获取一次/);
    assert.equal(outboxTo(mobile).length, 1, 'one message queued');
  });

  test('without_javascript_the_form_comes_back_with_the_notice_and_input_kept', async () => {
    const c = client();
    await c.get('/register');
    const f = registration();
    const r = await c.post('/register/sms', { ...f, send: '' });
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^text\/html/);
    assert.match(r.text, new RegExp(`验证码已发送至手机${f.mobile.slice(0, 3)}\\*\\*\\*\\*${f.mobile.slice(7)}`));
    for (const k of ['name', 'uscc', 'username', 'mobile']) assert.equal(r.inputValue(k), f[k], k);
    assert.equal(r.inputValue('password'), null);
    assert.ok(!r.body.includes(f.password));
    const again = await c.post('/register/sms', f);
    assert.equal(again.status, 429);
    assert.match(again.headers.get('retry-after'), /^\d+$/);
    assert.match(again.errorText, /每分钟最多获取一次/);
    assert.equal(again.inputValue('name'), f.name, 'the page keeps the input');
    const bad = await c.post('/register/sms', { ...f, mobile: '2345' });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.errorFields, ['mobile']);
    const badJson = await requestRegisterCode(c, '12345678901');
    assert.equal(badJson.status, 422);
    assert.equal(JSON.parse(badJson.body).field, 'mobile');
  });

  test('flooding_one_mobile_queues_no_more_than_ten_a_day', async () => {
    const c = client();
    await c.get('/register');
    const mobile = testMobile();
    const answers = [];
    for (let i = 1; i <= 13; i++) {
      const r = await requestRegisterCode(c, mobile);
      answers.push(r.status);
      if (r.status === 429 && i > 10) {
        assert.match(JSON.parse(r.body).message, /今日获取短信的次数已达上限/);
        const retry = Number(r.headers.get('retry-after'));
        assert.ok(retry > 3600 && retry <= 86400, `Retry-After ${retry}: until the oldest leaves the day`);
      }
      // One more before the minute is out is refused; then a minute "passes".
      if (i <= 10) assert.equal((await requestRegisterCode(c, mobile)).status, 429, `gap after ${i}`);
      ageSmsRequests(mobile, 61);
    }
    assert.deepEqual(answers, [...Array(10).fill(200), 429, 429, 429]);
    assert.equal(smsRequestCount(mobile), 10, 'refused requests are not recorded');
    assert.equal(outboxTo(mobile).length, 10, 'ten rows in the outbox');
    if (dispatcherRunning()) {
      const lines = await waitFor(() => smsLogTo(mobile).length >= 10 && smsLogTo(mobile), 15_000);
      assert.equal(lines.length, 10, 'ten lines in sms.log');
    }
  });

  test('concurrent_requests_for_one_mobile_queue_one_message', async () => {
    const mobile = testMobile();
    const cs = [];
    for (let i = 0; i < 8; i++) {
      const c = client();
      await c.get('/register');
      cs.push(c);
    }
    const rs = await Promise.all(cs.map((c) => requestRegisterCode(c, mobile)));
    assert.deepEqual(rs.map((r) => r.status).sort(), [200, ...Array(7).fill(429)]);
    assert.equal(outboxTo(mobile).length, 1, 'the limit holds across workers (a lock row in the database)');
  });

  test('one_address_gets_twenty_an_hour_whatever_the_mobiles', async () => {
    const c = client();
    await c.get('/register');
    for (let i = 1; i <= 20; i++)
      assert.equal((await requestRegisterCode(c, testMobile())).status, 200, `request ${i}`);
    const m = testMobile();
    const r = await requestRegisterCode(c, m);
    assert.equal(r.status, 429);
    assert.match(JSON.parse(r.body).message, /您所在的网络获取短信过于频繁/);
    assert.equal(outboxTo(m).length, 0);
    // Another address is not affected.
    const other = client();
    await other.get('/register');
    assert.equal((await requestRegisterCode(other, m)).status, 200);
  });
});

describe('the SMS code of a registration', () => {
  test('the_sixth_try_is_refused_even_with_the_right_code', async () => {
    const f = registration();
    const c = await withCode(f);
    const right = f.sms_code;
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 5; i++) {
      const r = await c.postMultipart('/register', { ...f, sms_code: wrong }, { licence: licences.png() });
      assertFieldErrors(r, ['sms_code'], { ...f, sms_code: wrong }, `wrong try ${i}`);
      assert.match(r.errorsFor('sms_code')[0], /验证码不正确/);
    }
    assert.equal(latestCode(f.mobile).tries, 5);
    const sixth = await c.postMultipart('/register', f, { licence: licences.png() });
    assertFieldErrors(sixth, ['sms_code'], f, 'sixth try');
    assert.match(sixth.errorsFor('sms_code')[0], /错误次数过多，请重新获取/);
    // A new code works.
    ageSmsRequests(f.mobile, 61);
    assert.equal((await requestRegisterCode(c, f.mobile)).status, 200);
    f.sms_code = await nthCode(f.mobile, 2);
    assert.equal((await c.postMultipart('/register', f, { licence: licences.png() })).status, 303);
  });

  test('a_code_expires_after_five_minutes_and_serves_one_registration', async () => {
    const f = registration();
    const c = await withCode(f);
    expireCodes(f.mobile);
    const r = await c.postMultipart('/register', f, { licence: licences.png() });
    assertFieldErrors(r, ['sms_code'], f, 'expired');
    assert.match(r.errorsFor('sms_code')[0], /验证码已失效/);
    // The code of one mobile does not serve another.
    const g = registration();
    const d = await withCode(g);
    const other = await d.postMultipart('/register', { ...g, mobile: f.mobile }, { licence: licences.png() });
    assert.equal(other.status, 422);
    assert.ok(other.errorFields.includes('sms_code'));
    // Used once, then gone.
    assert.equal((await d.postMultipart('/register', g, { licence: licences.png() })).status, 303);
    const h = registration({ mobile: g.mobile, sms_code: g.sms_code });
    const again = await d.postMultipart('/register', h, { licence: licences.png() });
    assertFieldErrors(again, ['sms_code'], h, 'used code');
    assert.match(again.errorsFor('sms_code')[0], /验证码已失效/);
  });
});

describe('a registration', () => {
  test('creates_a_pending_enterprise_and_account_with_the_licence_stored_by_hash', async () => {
    const f = registration({ city: '320200', county: '320205' });
    const c = client();
    const png = licences.png();
    const r = await register(c, f, png);
    assert.equal(r.status, 303, `${r.errorFields.join()}: ${r.errorsFor('licence')} ${r.errorsFor('sms_code')}`);
    assert.equal(r.location, '/register/done');
    const done = await c.get(r.location);
    assert.equal(done.status, 200);
    assert.match(done.text, /注册信息待所在县（市、区）工信部门审核确认，审核通过后即可登录/);

    const sha = createHash('sha256').update(png.bytes).digest('hex');
    const ent = sql(`SELECT e.status, e.region_code, e.name, e.licence, e.in_library, a.status, a.role,
      a.mobile, a.region_code, a.display_name, a.username
      FROM enterprise e JOIN account a ON a.enterprise_id = e.id WHERE e.uscc = '${f.uscc}'`).trim().split('\t');
    assert.deepEqual(ent, ['pending', '320205', f.name, sha, '0', 'pending', 'enterprise', f.mobile, '320205', f.name, f.username]);
    const file = path.join(VAR, 'storage', sha.slice(0, 2), sha);
    assert.ok(fs.readFileSync(file).equals(png.bytes), 'the licence is stored under its SHA-256, outside the web root');
    assert.equal(latestCode(f.mobile).used, true, 'the code is used up');
    const audit = sql(`SELECT action, object_type, actor_ip FROM audit WHERE object_type = 'enterprise'
      AND object_id = (SELECT id FROM enterprise WHERE uscc = '${f.uscc}')`).trim();
    assert.equal(audit, `register\tenterprise\t${c.localAddress}`);

    // The login page tells a pending user why.
    const li = await login(new SourceClient(c.localAddress), f.username, f.password);
    assert.equal(li.status, 401);
    assert.match(li.errorText, /待所在县（市、区）工信部门审核确认/);

    // The same form again: the code is gone, and without a right code
    // nothing is said about whether the names are taken.
    const again = await c.postMultipart('/register', f, { licence: png });
    assert.equal(again.status, 422);
    assert.deepEqual(again.errorFields.sort(), ['sms_code']);
  });
});

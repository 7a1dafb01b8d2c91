// start.test.mjs - the enterprise's first steps (issue 14): registration
// keeps what was typed (never the passwords) and the licence by a sealed
// token, accepts an electronic licence (a PDF written by pdf-lib), says
// "请先获取验证码" when no code was sent, and the red error of seed 002
// FAQ 1.5 when a code cannot be sent; /home leads with the filings, a
// returned one's reason and its next step, and the open windows.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  adminOk, createEnterprise, createReviewer, find, findAll, session, sql, useStack,
} from '../harness/index.mjs';
import {
  SourceClient, licences, pdfLicence, registration, requestRegisterCode,
} from '../harness/register.mjs';
import { enterpriseId, submittedFiling } from '../harness/review.mjs';
import { filingYear } from '../harness/filing.mjs';
import { forgetSmsRequests, nthCode } from '../harness/smscode.mjs';

useStack();

const clients = [];
function client() {
  const c = new SourceClient();
  clients.push(c);
  return c;
}
after(() => { for (const c of clients) forgetSmsRequests(c.localAddress); });

/** A client on the form with a code for f.mobile (f.sms_code set). */
async function withCode(f) {
  const c = client();
  await c.get('/register');
  assert.equal((await requestRegisterCode(c, f.mobile)).status, 200);
  f.sms_code = await nthCode(f.mobile, 1);
  return c;
}

/** The hidden licence_kept of a page, or null. */
const keptOf = (page) => find(page.body, { tag: 'input', attrs: { name: 'licence_kept' } })?.attrs.value ?? null;

describe('registration keeps what was typed', () => {
  test('after_an_error_every_field_but_the_passwords_comes_back_and_the_licence_is_kept_by_token', async () => {
    const f = registration();
    const c = await withCode(f);
    // A wrong username (too short): one error, everything else typed comes back.
    const bad = { ...f, username: 'ab' };
    const r = await c.postMultipart('/register', bad, { licence: licences.png() });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorFields, ['username']);
    for (const k of ['name', 'uscc', 'username', 'mobile', 'sms_code']) assert.equal(r.inputValue(k), bad[k], k);
    assert.equal(r.inputValue('password'), null);
    assert.equal(r.inputValue('password2'), null);
    assert.ok(!r.body.includes(f.password), 'the password appears nowhere');
    // The field is tied to its message for screen readers.
    const input = find(r.body, { tag: 'input', attrs: { name: 'username' } });
    assert.equal(input.attrs['aria-invalid'], 'true');
    assert.equal(find(r.body, { attrs: { id: input.attrs['aria-describedby'] } })?.attrs['data-error-for'], 'username');
    assert.equal(find(r.body, { tag: 'input', attrs: { name: 'name' } }).attrs['aria-invalid'], undefined);
    // The licence was kept: the page says so, and it is not asked for again.
    const kept = keptOf(r);
    assert.match(kept ?? '', /^[0-9a-f]{64}\.[A-Za-z0-9_-]{43}$/);
    assert.match(r.text, /无需重新选择/);
    const done = await c.postMultipart('/register', { ...f, licence_kept: kept }, {});
    assert.equal(done.status, 303, `${done.errorFields} ${done.errorsFor('licence')}`);
    const stored = sql(`SELECT licence FROM enterprise WHERE uscc = '${f.uscc}'`).trim();
    assert.equal(stored, kept.slice(0, 64), 'the kept file is the enterprise\'s licence');
  });

  test('a_kept_licence_token_serves_only_its_own_form_and_without_a_right_code_the_page_says_choose_again', async () => {
    const f = registration();
    const c = await withCode(f);
    const r = await c.postMultipart('/register', { ...f, password2: 'different-1' }, { licence: licences.png() });
    assert.equal(r.status, 422);
    const kept = keptOf(r);
    assert.ok(kept);
    // Another browser (another form token) cannot use it, nor a forged name.
    const other = client();
    await other.get('/register');
    const stolen = await other.postMultipart('/register', { ...f, licence_kept: kept }, {});
    assert.equal(stolen.status, 422);
    assert.ok(stolen.errorFields.includes('licence'));
    const forged = await c.postMultipart('/register', { ...f, licence_kept: `${'0'.repeat(64)}${kept.slice(64)}` }, {});
    assert.ok(forged.errorFields.includes('licence'));
    // A wrong code: nothing kept, and the page says plainly to choose the file again.
    const g = registration();
    const d = client();
    await d.get('/register');
    const w = await d.postMultipart('/register', { ...g, sms_code: '123456' }, { licence: licences.png() });
    assert.equal(w.status, 422);
    assert.equal(keptOf(w), null);
    assert.match(w.text, /请重新选择营业执照/);
  });

  test('an_electronic_licence_pdf_is_accepted_and_a_pdf_named_png_is_refused_in_words', async () => {
    const pdf = await pdfLicence();
    const f = registration();
    const c = await withCode(f);
    const renamed = await c.postMultipart('/register', f, { licence: { ...pdf, name: '营业执照.png', type: 'image/png' } });
    assert.equal(renamed.status, 422);
    assert.match(renamed.errorsFor('licence')[0], /扩展名与文件的实际格式不符/);
    const r = await c.postMultipart('/register', f, { licence: pdf });
    assert.equal(r.status, 303, `${r.errorFields} ${r.errorsFor('licence')}`);
    assert.equal(r.location, '/register/done');
    // The county opens it as a PDF, the bytes as sent.
    const cty = createReviewer({ role: 'county', region: f.county, prefix: 'pdfcty' });
    const c2 = await session(cty.username, cty.password);
    const lic = await c2.get(`/review/registrations/${enterpriseId(f.username)}/licence`);
    assert.equal(lic.status, 200);
    assert.match(lic.contentType, /^application\/pdf/);
    assert.ok(Buffer.from(lic.bytes).equals(pdf.bytes), 'the licence as uploaded');
  });

  test('a_code_never_asked_for_says_ask_for_one_first', async () => {
    const f = registration();
    const c = client();
    await c.get('/register');
    const r = await c.postMultipart('/register', { ...f, sms_code: '123456' }, { licence: licences.png() });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorFields, ['sms_code']);
    assert.equal(r.errorsFor('sms_code')[0], '请先获取验证码');
  });

  // Seed 002 FAQ 1.5: "请检查页面中有无红色文字错误提示,若有...则无法收到验证码".
  test('faq_1_5_a_code_that_cannot_be_sent_is_told_in_red_beside_the_field', async () => {
    const c = client();
    await c.get('/register');
    // With JavaScript (sms.js): JSON naming the field and the message.
    const j = await requestRegisterCode(c, '1234');
    assert.equal(j.status, 422);
    const body = JSON.parse(j.body);
    assert.equal(body.field, 'mobile');
    assert.match(body.message, /11位手机号码/);
    // Without: the page comes back with the message in a .field-error beside the mobile.
    const p = await requestRegisterCode(c, '1234', { json: false });
    assert.equal(p.status, 422);
    const err = find(p.body, { attrs: { 'data-error-for': 'mobile' } });
    assert.match(err.attrs.class, /field-error/);
    assert.match(err.text, /11位手机号码/);
  });
});

describe('errors tied to their fields', () => {
  test('login_errors_set_aria_invalid_and_point_aria_describedby_at_the_message', async () => {
    const c = client();
    await c.get('/login');
    const r = await c.post('/login', { username: '', password: '' });
    assert.equal(r.status, 422);
    for (const k of ['username', 'password']) {
      const input = find(r.body, { tag: 'input', attrs: { name: k } });
      assert.equal(input.attrs['aria-invalid'], 'true', k);
      const msg = find(r.body, { attrs: { id: input.attrs['aria-describedby'] } });
      assert.equal(msg?.attrs['data-error-for'], k);
      assert.match(msg.text, /请填写/);
    }
    // A page without errors marks nothing invalid.
    const ok = await c.get('/login');
    assert.equal(find(ok.body, { tag: 'input', attrs: { name: 'username' } }).attrs['aria-invalid'], undefined);
  });
});

describe('/home leads the enterprise', () => {
  test('a_returned_filing_shows_its_reason_and_the_next_step_and_open_windows_are_buttons', async () => {
    const Y = filingYear();
    for (const kind of ['entry', 'update'])
      adminOk(['window-set', '--kind', kind, '--year', String(Y), '--opens', `${Y}-01-01`, '--closes', `${Y}-12-31`]);
    const ent = createEnterprise({ inLibrary: false, prefix: 'home' });
    const entId = enterpriseId(ent.username);
    const { id } = submittedFiling(entId, { state: 'returned' });
    sql(`UPDATE filing SET return_reason = '营业收入与财务报表不一致，请核对后重新提交' WHERE id = ${id}`);
    const c = await session(ent.username, ent.password);
    const home = await c.get('/home');
    assert.equal(home.status, 200);
    const li = find(home.body, { tag: 'li', attrs: { 'data-filing': String(id) } });
    assert.ok(li, 'the filing is on the home page');
    assert.equal(li.attrs['data-state'], 'returned');
    assert.match(li.text, /已退回/);
    assert.match(li.text, /退回原因：营业收入与财务报表不一致，请核对后重新提交/);
    const next = find(li.inner, { tag: 'a', attrs: { class: 'next-step' } });
    assert.equal(next.attrs.href, `/filing/${id}/basic`);
    assert.equal(next.text, '按退回原因修改');
    // The entry window is open: a button to it with its dates.
    const buttons = findAll(home.body, { tag: 'a', attrs: { class: 'new-kind' } });
    const entry = buttons.find((b) => b.text === '新增入库');
    assert.ok(entry, buttons.map((b) => b.text).join());
    assert.equal(entry.attrs.href, '/filing?new=entry#new-entry');
    assert.match(home.text, new RegExp(`申报时间：${Y}-01-01 至 ${Y}-12-31`));
    assert.ok(!buttons.some((b) => b.text === '数据更新'), 'not in the library: no 数据更新');
    // It leads to the form with 新增入库 chosen.
    const list = await c.get(entry.attrs.href);
    const chosen = findAll(find(list.body, { tag: 'select', attrs: { name: 'kind' } }).inner, { tag: 'option', attrs: { selected: true } });
    assert.deepEqual(chosen.map((o) => o.attrs.value), ['entry']);
    // The footer leads to help.
    assert.ok(find(home.body, { tag: 'a', attrs: { href: '/help' } }));
  });
});

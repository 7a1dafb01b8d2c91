// correction.test.mjs - corrections after registration (issue 18; seed 002
// FAQ 1.7 and 1.1): an enterprise asks to change its county and the county
// it leaves (or its city) decides, its open filing moving from 玄武区's queue
// to 秦淮区's; a logged-in enterprise changes its mobile with a code sent to
// the new number and its password; one that lost both asks its county, which
// sees the licence on file. The old mobile is told each time, and recovery
// works with the new one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DEMO_PASSWORD, createEnterprise, find, findAll, loginOk, newPassword, session, sql, uscc, useStack,
} from '../harness/index.mjs';
import {
  enterpriseId, filingRow, lit, queueIds, submittedFiling,
} from '../harness/review.mjs';
import { SourceClient, enterpriseWithMobile, pngImage, register, registration } from '../harness/register.mjs';
import {
  forgetSmsRequests, messagesTo, nthCode, outboxTo, testMobile, usernameIn,
} from '../harness/smscode.mjs';

useStack();

const XUANWU = '320102';
const QINHUAI = '320104';
const NANJING = '320100';
const WUXI = '320200';
const YEAR = 2300 + Math.floor(Math.random() * 600);

const clients = [];
function client() {
  const c = new SourceClient();
  clients.push(c);
  return c;
}
after(() => { for (const c of clients) forgetSmsRequests(c.localAddress); });

// The demo reviewers (HTTP.md, Local runs): 玄武区, 秦淮区, 南京市, 无锡市.
let xw;
let qh;
let nj;
let wx;
before(async () => {
  [xw, qh, nj, wx] = await Promise.all(['demo_county', 'demo_county2', 'demo_city', 'demo_city2']
    .map(async (u) => {
      const c = await session(u, DEMO_PASSWORD);
      await c.get('/home');
      return c;
    }));
});

/** The row of table data-id id on page, or undefined. */
function row(page, id) {
  return find(page.body, { tag: 'tr', attrs: { 'data-id': String(id) } });
}

const JSON_ACCEPT = { headers: { accept: 'application/json' } };

// The three walks are independent (their own enterprises and mobiles) and
// mostly wait (SMS through the dispatcher, password hashing): run together.
describe('corrections after registration', { concurrency: true }, () => {
  describe('a change of county', () => {
    test('an_open_filing_moves_from_xuanwu_queue_to_qinhuai_and_both_counties_see_each_step', async () => {
      const ent = createEnterprise({ region: XUANWU, inLibrary: false, prefix: 'mv' });
      const entId = enterpriseId(ent.username);
      const mobile = testMobile();
      sql(`UPDATE account SET mobile = ${lit(mobile)} WHERE username = ${lit(ent.username)}`);
      const queued = submittedFiling(entId, { year: YEAR });	// waits at the county
      const atCity = submittedFiling(entId, { year: YEAR, kind: 'update', state: 'city' });
      const e = await session(ent.username, ent.password);

      // 基本情况 shows the credit code and 注册地区, read-only.
      const basic = await e.get(`/filing/${queued.id}/basic`);
      assert.equal(basic.status, 200);
      assert.equal(find(basic.body, { attrs: { class: 'ent-uscc' } })?.text, ent.uscc);
      assert.match(find(basic.body, { attrs: { class: 'ent-region' } })?.text ?? '', /南京市\s*玄武区/);
      assert.ok(!find(basic.body, { tag: 'input', attrs: { name: 'uscc' } }), 'no field for the code');
      assert.ok(find(basic.body, { tag: 'a', attrs: { href: '/account/region' } }), 'the way to change it');

      // The form: validated, with Chinese messages and what was typed.
      const form = await e.get('/account/region');
      assert.equal(form.status, 200);
      assert.match(find(form.body, { attrs: { class: 'region-now' } }).text, /玄武区/);
      const opts = findAll(form.body, { tag: 'option' }).map((o) => o.attrs.value).filter(Boolean);
      assert.ok(opts.includes(QINHUAI) && opts.includes('320211') && opts.length > 90, 'Jiangsu\'s counties');
      assert.ok(!opts.includes(NANJING), 'a city is not a county');
      let r = await e.post('/account/region', { county: '', reason: '短' });
      assert.equal(r.status, 422);
      assert.deepEqual(r.errorFields.sort(), ['county', 'reason']);
      assert.match(r.errorsFor('reason')[0], /至少5个字/);
      r = await e.post('/account/region', { county: XUANWU, reason: '营业执照住所在秦淮区' });
      assert.equal(r.status, 422);
      assert.match(r.errorsFor('county')[0], /与当前注册地区相同/);
      assert.equal(find(r.body, { tag: 'textarea', attrs: { name: 'reason' } }).text, '营业执照住所在秦淮区');
      r = await e.post('/account/region', { county: '110101', reason: '营业执照住所在秦淮区' });
      assert.equal(r.status, 422, 'a county outside Jiangsu');
      r = await e.post('/account/region', { county: QINHUAI, reason: '营业执照住所在秦淮区中山南路' }, { headers: {} });
      assert.equal(r.status, 303);
      assert.equal(r.location, '/home?msg=region_requested');
      const home = await e.get('/home');
      assert.match(find(home.body, { attrs: { class: 'move-state' } }).text, /待审核/);
      assert.match(home.text, /玄武区\s*→\s*秦淮区/);
      await e.get('/account/region');
      r = await e.post('/account/region', { county: '320105', reason: '再次申请变更地区' });
      assert.equal(r.status, 409, 'one pending request at a time');
      const moveId = Number(sql(`SELECT id FROM region_move WHERE enterprise_id = ${entId}`).trim());

      // Before: 玄武区 has the filing and the request to decide; 秦淮区 knows of it only.
      const xq = await xw.get(`/review?year=${YEAR}`);
      assert.ok(queueIds(xq).includes(queued.id));
      assert.ok(!queueIds(await qh.get(`/review?year=${YEAR}`)).includes(queued.id));
      assert.equal((await qh.get(`/review/${queued.id}`)).status, 404);
      const xm = row(await xw.get('/review/moves'), moveId);
      assert.ok(xm, '玄武区 sees the request');
      assert.ok(find(xm.inner, { tag: 'form', attrs: { action: `/review/moves/${moveId}` } }), 'and decides it');
      const qm = row(await qh.get('/review/moves'), moveId);
      assert.ok(qm, '秦淮区 sees it coming');
      assert.match(qm.text, /迁入本地区/);
      assert.ok(!find(qm.inner, { tag: 'form' }), 'but does not decide it');
      assert.ok(!row(await wx.get('/review/moves'), moveId), '无锡市 does not see it');
      assert.equal((await wx.post(`/review/moves/${moveId}`, { action: 'confirm' })).status, 404);
      assert.equal((await qh.post(`/review/moves/${moveId}`, { action: 'confirm' })).status, 404);
      assert.ok(row(await nj.get('/review/moves'), moveId), '南京市 sees it too');

      // A refusal needs a reason.
      r = await xw.post(`/review/moves/${moveId}`, { action: 'refuse', reason: '' });
      assert.equal(r.status, 422);
      assert.match(r.errorsFor('reason')[0], /不同意的原因/);

      // 玄武区 confirms: the enterprise, its accounts and its filings move.
      await xw.get('/review/moves');
      r = await xw.post(`/review/moves/${moveId}`, { action: 'confirm' });
      assert.equal(r.status, 303);
      assert.equal(r.location, '/review/moves?msg=move_confirmed');
      assert.ok(queueIds(await qh.get(`/review?year=${YEAR}`)).includes(queued.id), 'in 秦淮区\'s queue');
      assert.ok(!queueIds(await xw.get(`/review?year=${YEAR}`)).includes(queued.id), 'gone from 玄武区\'s');
      assert.equal((await xw.get(`/review/${queued.id}`)).status, 404);
      assert.equal((await qh.get(`/review/${queued.id}`)).status, 200);
      assert.equal(filingRow(queued.id).state, 'county');
      const back = filingRow(atCity.id);
      assert.equal(back.state, 'returned', 'past the county: submitted again to the new one');
      assert.match(back.return_reason, /注册地区已由.*玄武区变更为.*秦淮区/);
      assert.equal(sql(`SELECT GROUP_CONCAT(DISTINCT region_code) FROM account WHERE enterprise_id = ${entId}`).trim(), QINHUAI);
      assert.match(find((await e.get(`/filing/${queued.id}/basic`)).body, { attrs: { class: 'ent-region' } }).text, /秦淮区/);
      assert.match(find((await e.get('/home')).body, { attrs: { class: 'move-state' } }).text, /已确认/);
      const after = row(await xw.get('/review/moves'), moveId);
      assert.match(after.text, /已确认/);
      assert.match(after.text, /转入新地区 1 件，退回 1 件/);
      assert.equal((await xw.post(`/review/moves/${moveId}`, { action: 'confirm' })).status, 409, 'decided once');
      assert.deepEqual(sql(`SELECT action FROM audit WHERE object_type = 'region_move' AND object_id = '${moveId}' ORDER BY id`)
        .trim().split('\n'), ['region_move_request', 'region_move_confirm']);
      const audited = JSON.parse(sql(`SELECT after_json FROM audit WHERE object_type = 'region_move'
        AND object_id = '${moveId}' AND action = 'region_move_confirm'`).trim());
      assert.deepEqual(audited, { region: QINHUAI, filings_moved: '1', filings_returned: '1',
        moved_ids: String(queued.id), returned_ids: String(atCity.id) });
      const sms = await messagesTo(mobile, 1);
      assert.match(sms.at(-1), /注册地区变更申请已确认，注册地区现为南京市 秦淮区/);

      // It may ask again; now 秦淮区 or 南京市 decides, and 南京市 refuses: nothing moves.
      await e.get('/account/region');
      assert.equal((await e.post('/account/region', { county: '320105', reason: '再次申请变更到建邺区' })).status, 303);
      const again = Number(sql(`SELECT MAX(id) FROM region_move WHERE enterprise_id = ${entId}`).trim());
      assert.equal((await xw.post(`/review/moves/${again}`, { action: 'refuse', reason: '不属于本区的企业' })).status, 404);
      await nj.get('/review/moves');
      r = await nj.post(`/review/moves/${again}`, { action: 'refuse', reason: '营业执照住所仍在秦淮区' });
      assert.equal(r.status, 303);
      assert.equal(sql(`SELECT region_code FROM enterprise WHERE id = ${entId}`).trim(), QINHUAI);
      assert.equal(filingRow(queued.id).state, 'county');
      const page = await e.get('/account/region');
      assert.match(find(page.body, { attrs: { class: 'move-state' } }).text, /未同意/);
      assert.match(page.text, /营业执照住所仍在秦淮区/);
      assert.ok(find(page.body, { tag: 'form', attrs: { action: '/account/region' } }), 'it may ask again');
    });
  });

  describe('a change of mobile', { concurrency: true }, () => {
    test('by_code_to_the_new_number_and_password_then_recovery_goes_to_the_new_number', async () => {
      const acct = enterpriseWithMobile();
      const fresh = testMobile();
      const e = await loginOk(client(), acct.username, acct.password);
      const page = await e.get('/account/mobile');
      assert.equal(page.status, 200);
      assert.equal(find(page.body, { attrs: { class: 'mobile-now' } }).text, `${acct.mobile.slice(0, 3)}****${acct.mobile.slice(7)}`);
      let r = await e.post('/account/mobile/sms', { mobile: acct.mobile }, JSON_ACCEPT);
      assert.equal(r.status, 422, 'the same number');
      r = await e.post('/account/mobile/sms', { mobile: fresh }, JSON_ACCEPT);
      assert.equal(r.status, 200, r.body);
      const code = await nthCode(fresh, 1);
      r = await e.post('/account/mobile', { mobile: fresh, sms_code: code, current: 'Wrong-pass-2026' });
      assert.equal(r.status, 422);
      assert.deepEqual(r.errorFields, ['current']);
      assert.equal(r.inputValue('mobile'), fresh);
      r = await e.post('/account/mobile', { mobile: fresh, sms_code: code, current: acct.password });
      assert.equal(r.status, 303, r.errorFields.join());
      assert.equal(r.location, '/home?msg=mobile_changed');
      assert.equal(sql(`SELECT mobile FROM account WHERE username = ${lit(acct.username)}`).trim(), fresh);
      const notice = await messagesTo(acct.mobile, 1);
      assert.match(notice[0], new RegExp(`${acct.username}的手机号已于.*变更为${fresh.slice(0, 3)}\\*\\*\\*\\*${fresh.slice(7)}`));
      r = await e.post('/account/mobile', { mobile: testMobile(), sms_code: code, current: acct.password });
      assert.equal(r.status, 422, 'a code is for its number only');

      // Recovery: the new number gets the code, the old one nothing more.
      const rc = client();
      await rc.get('/recover/password');
      assert.equal((await rc.post('/recover/password/sms', { username: acct.username, mobile: acct.mobile })).status, 200);
      assert.equal((await rc.post('/recover/password/sms', { username: acct.username, mobile: fresh })).status, 200);
      const reset = await nthCode(fresh, 2);
      const pw = newPassword();
      r = await rc.post('/recover/password', { username: acct.username, mobile: fresh, sms_code: reset, password: pw, password2: pw });
      assert.equal(r.status, 303);
      assert.equal(r.location, '/login?msg=password_reset');
      await loginOk(client(), acct.username, pw);
      assert.equal(outboxTo(acct.mobile).length, 1, 'the old number got the notice only');
    });

    test('through_the_county_with_the_licence_and_the_same_answer_for_an_unknown_code', async () => {
      const county = XUANWU;
      const cty = xw;
      const licence = { name: '营业执照.png', type: 'image/png', bytes: pngImage(96, 60) };
      const f = registration({ county });
      const reg = await register(client(), f, licence);
      assert.equal(reg.status, 303, reg.errorFields.join());
      const entId = enterpriseId(f.username);
      const version = sql(`SELECT version FROM enterprise WHERE id = ${entId}`).trim();
      await cty.get('/review/registrations');
      assert.equal((await cty.post(`/review/registrations/${entId}`, { action: 'approve', version })).status, 303);

      const ask = async (code, mobile) => {
        const c = client();
        assert.equal((await c.get('/recover/mobile')).status, 200);
        const s = await c.post('/recover/mobile/sms', { uscc: code, mobile }, JSON_ACCEPT);
        assert.equal(s.status, 200, s.body);
        const sms = await nthCode(mobile, 1);
        const fields = { uscc: code, contact: '王经办', mobile, sms_code: sms, reason: '原手机号已停用，密码也忘记了' };
        const r = await c.post('/recover/mobile', fields);
        return { r, c, fields };
      };
      const fresh = testMobile();
      const [real, stranger] = await Promise.all([ask(f.uscc, fresh), ask(uscc(county), testMobile())]);
      assert.equal(real.r.status, 200);
      assert.match(real.r.noticeText, /申请已提交/);
      assert.equal(real.r.body.replaceAll(real.r.csrf, ''), stranger.r.body.replaceAll(stranger.r.csrf, ''),
        'the same bytes whether or not the credit code is on the platform');
      const bad = await real.c.post('/recover/mobile', { ...real.fields, sms_code: '000000', contact: '' });
      assert.equal(bad.status, 422);
      assert.deepEqual(bad.errorFields.sort(), ['contact', 'sms_code']);

      // The county sees the request with the registration's licence; others 404.
      const list = await cty.get('/review/mobiles');
      const reqId = Number(sql(`SELECT id FROM mobile_request WHERE enterprise_id = ${entId}`).trim());
      const tr = row(list, reqId);
      assert.ok(tr, 'listed');
      assert.match(tr.text, new RegExp(fresh));
      assert.match(tr.text, /王经办/);
      const link = find(tr.inner, { tag: 'a', attrs: { class: 'licence' } }).attrs.href;
      assert.equal(link, `/review/registrations/${entId}/licence`);
      const img = await cty.get(link);
      assert.equal(img.status, 200);
      assert.deepEqual(Buffer.from(img.bytes), Buffer.from(licence.bytes), 'the licence uploaded at registration');
      assert.ok(!row(await qh.get('/review/mobiles'), reqId), '秦淮区 does not see it');
      assert.equal((await qh.post(`/review/mobiles/${reqId}`, { action: 'confirm' })).status, 404);
      assert.equal((await nj.get('/review/mobiles')).status, 404, 'the county decides');

      const r = await cty.post(`/review/mobiles/${reqId}`, { action: 'confirm' });
      assert.equal(r.status, 303);
      assert.equal(sql(`SELECT mobile FROM account WHERE username = ${lit(f.username)}`).trim(), fresh);
      const old = await messagesTo(f.mobile, 3);	// the registration's code and approval, then the notice
      assert.match(old[2], new RegExp(`${f.username}的手机号已于.*变更为${fresh.slice(0, 3)}\\*\\*\\*\\*`));
      const told = await messagesTo(fresh, 2);
      assert.match(told[1], /已由县（市、区）工信部门变更为本号码/);

      // Recovery works with the new number.
      const rc = client();
      await rc.get('/recover/username');
      assert.equal((await rc.post('/recover/username', { uscc: f.uscc, mobile: fresh })).status, 200);
      assert.equal(usernameIn((await messagesTo(fresh, 3))[2]), f.username);
    });
  });
});

// claim.test.mjs - credit codes (统一社会信用代码) that strangers cannot
// squat: only a registration the county confirmed holds a code; a second
// registration of a pending code is a dispute the county decides with both
// licences before it; username recovery for a disputed code goes to
// neither and the county is told; a squatted code that was confirmed is
// released by the county (or the operator, sme-admin uscc-release) and the
// real company registers.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  adminOk, createReviewer, find, findAll, login, session, sql, uscc, useStack,
} from '../harness/index.mjs';
import { SourceClient, licences, pngImage, register, registration } from '../harness/register.mjs';
import { enterpriseId, lit } from '../harness/review.mjs';
import { forgetSmsRequests, outboxTo } from '../harness/smscode.mjs';

useStack();

const clients = [];
function client() {
  const c = new SourceClient();
  clients.push(c);
  return c;
}
after(() => { for (const c of clients) forgetSmsRequests(c.localAddress); });

/** A county reviewer of 玄武区 (320102), logged in, with a token for POSTs. */
async function county() {
  const acct = createReviewer({ role: 'county', region: '320102', prefix: 'claimcty' });
  const c = await session(acct.username, acct.password);
  await c.get('/review/registrations');
  return c;
}

const status = (username) => sql(`SELECT e.status, a.status FROM enterprise e JOIN account a ON a.enterprise_id = e.id
  WHERE a.username = ${lit(username)}`).trim();

/** Register f (a squatter or the real company) with a licence of its own; must succeed. */
async function registered(f, w = 64) {
  const r = await register(client(), f, { name: '营业执照.png', type: 'image/png', bytes: pngImage(w, 40) });
  assert.equal(r.status, 303, `${f.username}: ${r.errorFields.join()} ${r.errorsFor('uscc')}`);
  return f;
}

describe('a pending registration does not hold the code', () => {
  test('a_second_registration_is_a_dispute_with_both_licences_and_recovery_goes_to_neither', async () => {
    const code = uscc('320102');
    const squatter = await registered(registration({ uscc: code, name: '冒用测试科技有限公司' }), 64);
    const real = await registered(registration({ uscc: code, name: '真实测试科技有限公司' }), 80);
    assert.equal(status(squatter.username), 'pending\tpending');
    assert.equal(status(real.username), 'pending\tpending', 'the real company is not blocked');

    // Username recovery for the code: neither mobile gets it.
    const before = outboxTo(squatter.mobile).length;
    const c = client();
    await c.get('/recover/username');
    const r = await c.post('/recover/username', { uscc: code, mobile: squatter.mobile });
    assert.equal(r.status, 200, 'the usual answer');
    assert.match(r.noticeText, /如填写的信息与平台记录一致/);
    await new Promise((ok) => setTimeout(ok, 500));
    assert.equal(outboxTo(squatter.mobile).length, before, 'no username to the squatter');

    // The county sees the dispute on both rows, with both licences.
    const cty = await county();
    const page = await cty.get('/review/registrations');
    assert.equal(page.status, 200);
    for (const [who, other] of [[real, squatter], [squatter, real]]) {
      const row = find(page.body, { tag: 'tr', attrs: { 'data-id': String(enterpriseId(who.username)) } });
      assert.ok(row, `${who.name} is listed`);
      assert.match(row.text, /争议/);
      assert.ok(row.text.includes(other.name), `${who.name}'s row names ${other.name}`);
      assert.match(row.text, /已暂停向任何一方发送找回用户名短信/, 'the county is told of the withheld recovery');
      const links = findAll(row.inner, { tag: 'a' }).map((a) => a.attrs.href).filter((h) => h.endsWith('/licence'));
      assert.deepEqual(links.sort(), [`/review/registrations/${enterpriseId(who.username)}/licence`,
        `/review/registrations/${enterpriseId(other.username)}/licence`].sort());
    }
    // Each licence is the image that company uploaded.
    for (const [who, w] of [[squatter, 64], [real, 80]]) {
      const img = await cty.get(`/review/registrations/${enterpriseId(who.username)}/licence`);
      assert.equal(img.status, 200);
      assert.match(img.contentType, /^image\/png/);
      assert.ok(Buffer.from(img.bytes).equals(pngImage(w, 40)), `${who.name}'s own licence`);
    }
    // Another county sees neither licence.
    const elsewhere = createReviewer({ role: 'county', region: '320104', prefix: 'claimcty' });
    const e = await session(elsewhere.username, elsewhere.password);
    assert.equal((await e.get(`/review/registrations/${enterpriseId(real.username)}/licence`)).status, 404);

    // The county approves the real company; the squatter's cannot be approved too.
    const ok = await cty.post(`/review/registrations/${enterpriseId(real.username)}`, { action: 'approve', version: '1' });
    assert.equal(ok.status, 303);
    const clash = await cty.post(`/review/registrations/${enterpriseId(squatter.username)}`, { action: 'approve', version: '1' });
    assert.equal(clash.status, 409);
    assert.match(clash.noticeText, /已有审核通过的注册/);
    const back = await cty.post(`/review/registrations/${enterpriseId(squatter.username)}`,
      { action: 'return', reason: '营业执照与统一社会信用代码不符', version: '1' });
    assert.equal(back.status, 303);
    assert.equal(status(real.username), 'confirmed\tactive');
    assert.equal(status(squatter.username), 'returned\tpending');
  });

  test('a_returned_registration_does_not_hold_the_code', async () => {
    const code = uscc('320102');
    const first = await registered(registration({ uscc: code }));
    sql(`UPDATE enterprise SET status = 'returned', return_reason = '测试退回原因' WHERE id = ${enterpriseId(first.username)}`);
    await registered(registration({ uscc: code }));
  });
});

describe('a squatted code that was confirmed', () => {
  test('is_released_by_the_county_and_the_real_company_registers', async () => {
    const code = uscc('320102');
    const squatter = await registered(registration({ uscc: code, name: '冒用释放测试有限公司' }));
    const cty = await county();
    assert.equal((await cty.post(`/review/registrations/${enterpriseId(squatter.username)}`, { action: 'approve', version: '1' })).status, 303);
    const s = await session(squatter.username, squatter.password);

    // The real company is blocked: the code is held.
    const real = registration({ uscc: code, name: '真实释放测试有限公司' });
    const c = client();
    const blocked = await register(c, real);
    assert.equal(blocked.status, 422);
    assert.match(blocked.errorsFor('uscc')[0], /该企业已存在/);

    // The county releases it, with a reason.
    const bad = await cty.post('/review/registrations/release', { uscc: code, reason: '冒用' });
    assert.equal(bad.status, 422);
    assert.match(bad.errorsFor('release_reason')[0], /至少5个字/);
    const none = await cty.post('/review/registrations/release', { uscc: uscc('320102'), reason: '经核实属冒用他人代码' });
    assert.equal(none.status, 422);
    assert.match(none.errorsFor('uscc')[0], /没有该统一社会信用代码审核通过的注册/);
    const rel = await cty.post('/review/registrations/release', { uscc: code, reason: '经核实营业执照，该注册冒用他人统一社会信用代码' });
    assert.equal(rel.status, 303);
    assert.equal(rel.location, '/review/registrations?msg=released');
    assert.equal(status(squatter.username), 'returned\tlocked');
    assert.equal((await s.get('/home')).status, 303, "the squatter's session has ended");
    assert.equal((await login(client(), squatter.username, squatter.password)).status, 401);
    const audit = sql(`SELECT action FROM audit WHERE object_type = 'enterprise' AND object_id = '${enterpriseId(squatter.username)}' ORDER BY id DESC LIMIT 1`).trim();
    assert.equal(audit, 'uscc_release');

    // The real company registers with the code it already has.
    const ok = await c.postMultipart('/register', real, { licence: licences.png() });
    assert.equal(ok.status, 303, `${ok.errorFields.join()} ${ok.errorsFor('uscc')}`);
    assert.equal(status(real.username), 'pending\tpending');
  });

  test('is_released_by_the_operator_and_the_real_company_registers', async () => {
    const code = uscc('320102');
    const squatter = await registered(registration({ uscc: code }));
    sql(`UPDATE enterprise SET status = 'confirmed' WHERE id = ${enterpriseId(squatter.username)}`);
    assert.match(adminOk(['uscc-release', '--username', squatter.username]), /released/);
    assert.equal(status(squatter.username), 'returned\tlocked');
    await registered(registration({ uscc: code }));
  });
});

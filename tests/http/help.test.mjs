// help.test.mjs - sme-help: /help and 常见问题 without login; 在线咨询 from
// demo_ent's question about its 经营情况 to demo_county's answer, the SMS
// with the link, 404 for another county and another enterprise, handing a
// question to the province, publishing to the FAQ without the enterprise's
// name; 通知公告 stored without script or event attributes, an expired
// notice off the home page but in the archive.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { before, describe, test } from 'node:test';
import {
  Client, DEMO_PASSWORD, find, findAll, session, sql, useStack,
} from '../harness/index.mjs';
import { pdf } from '../harness/files.mjs';
import { messagesTo } from '../harness/smscode.mjs';

/** POST fields and one file (name, bytes) as multipart/form-data with c's token. */
function postMultipart(c, url, fields, file) {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ csrf: c.csrf, ...fields })) fd.append(k, v);
  if (file) fd.append('file', new Blob([file.bytes]), file.name);
  return c.request('POST', url, { body: fd });
}

useStack();

// One session per demo account for the whole file (a login costs a scrypt).
const S = {};
before(async () => {
  const users = ['demo_ent', 'demo_ent2', 'demo_county', 'demo_county2', 'demo_prov', 'demo_support'];
  const clients = await Promise.all(users.map((u) => session(u, DEMO_PASSWORD)));
  users.forEach((u, i) => { S[u.slice(5)] = clients[i]; });
});

const RUN = `${Date.now().toString(36)}${randomInt(1000)}`;
const DEMO_ENT_NAME = '南京玄武示范科技有限公司'; // tools/demo
const DEMO_ENT_MOBILE = '13800000001';

/** YYYY-MM-DD of today + days in China Standard Time. */
function dayCst(days = 0) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

/** The thread id of a 303 to /consult/{id}. */
function threadOf(r) {
  assert.equal(r.status, 303, `${r}: ${r.errorFields}`);
  const m = /^\/consult\/(\d+)\?msg=asked$/.exec(r.location);
  assert.ok(m, `Location ${r.location}`);
  return Number(m[1]);
}

/** demo_ent's entry filing of the demo data (HTTP.md, Local runs). */
function demoFiling() {
  return Number(sql(`SELECT f.id FROM filing f JOIN account a ON a.enterprise_id = f.enterprise_id
    WHERE a.username = 'demo_ent' ORDER BY f.id LIMIT 1`).trim());
}

/** Ask as client c (on /consult); the thread id. */
async function ask(c, fields) {
  await c.get('/consult');
  return threadOf(await c.post('/consult', { topic: 'filing', ...fields }));
}

/** The queue rows of /consult as { id, text, mine }. */
async function queue(c) {
  const p = await c.get('/consult');
  assert.equal(p.status, 200);
  return findAll(p.body, { tag: 'tr', attrs: { 'data-thread': true } }).map((tr) => ({
    id: Number(tr.attrs['data-thread']), state: tr.attrs['data-state'], text: tr.text,
    mine: tr.text.includes('待我处理'),
  }));
}

describe('public help pages', () => {
  test('/help gives the dates, the seeds\' phone numbers and the changed-mobile section without login', async () => {
    const p = await new Client().get('/help');
    assert.equal(p.status, 200);
    const t = p.mainText;
    assert.match(t, /025-52686656/); // 技术支持, seeds 002 and 004
    assert.match(t, /省中小企业发展中心\s*业务咨询\s*025-83780780/);
    assert.ok(find(p.body, { attrs: { id: 'mobile-changed' } }), 'a #mobile-changed section for the recovery pages');
    assert.match(t, /手机号已变更.*联系所在县（市、区）工信部门/);
    assert.match(t, new RegExp(`${dayCst().slice(0, 4)}\\s*新增入库\\s*\\d{4}-\\d\\d-\\d\\d\\s*\\d{4}-\\d\\d-\\d\\d\\s*正在受理`));
  });

  test('常见问题 is grouped by topic and searchable, carrying the seeds\' questions', async () => {
    const c = new Client();
    const all = await c.get('/faq');
    assert.equal(all.status, 200);
    const groups = findAll(all.body, { tag: 'section', attrs: { 'data-topic': true } }).map((g) => g.attrs['data-topic']);
    assert.deepEqual(groups.slice(0, 4), ['account', 'filing', 'upload', 'criteria']);
    assert.match(all.mainText, /填写金额后无法保存怎么办？/); // seed 002 FAQ 1.6
    assert.match(all.mainText, /专精特新产品复核时，可以换一个产品吗？\s*不可以/); // seed 004 FAQ 9
    const hit = await c.get(`/faq?q=${encodeURIComponent('验证码')}`);
    const qs = findAll(hit.body, { tag: 'dt' }).map((e) => e.text);
    assert.ok(qs.includes('注册时收不到短信验证码怎么办？'), qs.join(' | '));
    assert.ok(!qs.includes('填写金额后无法保存怎么办？'), 'a search keeps only matching entries');
    const none = await c.get(`/faq?q=${encodeURIComponent('100%_不存在')}`);
    assert.match(none.mainText, /没有找到相关问题/);
  });
});

describe('在线咨询', () => {
  let ent, county, county2, ent2, prov;
  before(() => ({ ent, county, county2, ent2, prov } = S));

  test('demo_ent asks about its 经营情况; demo_county answers; the SMS links the thread; others get 404', async () => {
    const subject = `经营情况里的营业收入填哪一年？${RUN}`;
    const filing = demoFiling();
    const id = await ask(ent, { subject, body: '经营情况一节要填近三年数据，2023年的营业收入是否必填？', filing: String(filing), section: 'operations' });

    const mine = await ent.get(`/consult/${id}`);
    assert.equal(find(mine.body, { attrs: { id: 'thread-state' } }).text, '待回复');
    assert.equal(find(mine.body, { tag: 'a', attrs: { href: `/filing/${filing}/operations` } })?.text,
      `申报编号 ${filing} · 经营情况`, 'the filing and section stay linked');

    const row = (await queue(county)).find((q) => q.id === id);
    assert.ok(row, 'the question is in demo_county\'s queue');
    assert.ok(row.mine && row.state === 'waiting' && /0小时/.test(row.text), row.text);

    const before = (await messagesTo(DEMO_ENT_MOBILE, 0)).length;
    const page = await county.get(`/consult/${id}`);
    assert.match(page.mainText, new RegExp(DEMO_ENT_NAME), 'the bureau sees who asks');
    const r = await county.post(`/consult/${id}`, { action: 'answer', answer: '近三年每年都要填写，2023年营业收入必填。' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/consult/${id}?msg=answered`);

    const sms = (await messagesTo(DEMO_ENT_MOBILE, before + 1)).slice(before);
    const text = sms.find((s) => s.includes(`/consult/${id}`));
    assert.ok(text, `an SMS with the link: ${sms.join(' | ')}`);
    assert.match(text, /咨询“经营情况里的营业收入填哪一年？.*”已有回复/);

    const after = await ent.get(`/consult/${id}`);
    assert.equal(find(after.body, { attrs: { id: 'thread-state' } }).text, '已回复');
    assert.match(after.mainText, /2023年营业收入必填/);

    for (const [who, c] of [['demo_county2', county2], ['demo_ent2', ent2]]) {
      assert.equal((await c.get(`/consult/${id}`)).status, 404, `${who} GET`);
      await c.get('/consult');
      assert.equal((await c.post(`/consult/${id}`, { action: 'answer', answer: 'x' })).status, 404, `${who} POST`);
      assert.ok(!(await queue(c)).some((q) => q.id === id), `not in ${who}'s list`);
    }
    assert.equal((await new Client().get(`/consult/${id}`)).status, 303, 'anonymous: to the login');
  });

  test('an answer saved as a reusable reply answers the next question', async () => {
    const a = await ask(ent, { subject: `数据更新截止时间？${RUN}`, body: '今年什么时候截止？' });
    const text = `以通知公告中的截止时间为准，工信部门审核截止时间为3月底。${RUN}`;
    await county.get(`/consult/${a}`);
    const r = await county.post(`/consult/${a}`, { action: 'answer', answer: text, save_reply: '1', reply_title: `截止时间${RUN}` });
    assert.equal(r.status, 303);
    const b = await ask(ent, { subject: `更新数据最晚哪天？${RUN}`, body: '请问截止日期。' });
    const form = await county.get(`/consult/${b}`);
    const opt = findAll(form.body, { tag: 'option', attrs: { value: true } }).find((o) => o.text === `截止时间${RUN}`);
    assert.ok(opt, 'the saved reply is offered');
    assert.equal((await county.post(`/consult/${b}`, { action: 'answer', answer: '', reply: opt.attrs.value })).status, 303);
    assert.ok((await ent.get(`/consult/${b}`)).mainText.includes(text), 'the saved text is the answer');
  });

  test('a county hands a question up to the province, which then holds it', async () => {
    const id = await ask(ent, { subject: `省级认定条件问题${RUN}`, body: '研发机构资质是否必须是市级以上？' });
    await county.get(`/consult/${id}`);
    const r = await county.post(`/consult/${id}`, { action: 'handover', to: 'province', note: '涉及省级认定条件' });
    assert.equal(r.status, 303);
    const row = (await queue(prov)).find((q) => q.id === id);
    assert.ok(row?.mine, 'in the province\'s queue as its own');
    const t = await prov.get(`/consult/${id}`);
    assert.equal(find(t.body, { attrs: { id: 'thread-handler' } }).text, '省工信厅');
    assert.match(t.mainText, /转交省工信厅：涉及省级认定条件/);
    assert.equal((await county.post(`/consult/${id}`, { action: 'answer', answer: '县里回答' })).status, 404,
      'the county no longer answers it');
    assert.ok(!(await queue(county)).find((q) => q.id === id)?.mine);
    await prov.get(`/consult/${id}`);
    assert.equal((await prov.post(`/consult/${id}`, { action: 'handover', to: 'city' })).status, 422,
      'nobody hands down');
  });

  test('an answered question published to the FAQ hides the enterprise\'s name', async () => {
    const id = await ask(ent, { subject: `${DEMO_ENT_NAME}的完税证明要几年的？${RUN}`, body: '我们是第一次申报。' });
    await county.get(`/consult/${id}`);
    await county.post(`/consult/${id}`, { action: 'answer', answer: `${DEMO_ENT_NAME}请提供上一年度的完税证明。` });
    const form = await county.get(`/consult/${id}`);
    assert.ok(find(form.body, { tag: 'form', attrs: { action: `/consult/${id}/faq` } }), 'the publish form');
    const refused = await county.post(`/consult/${id}/faq`, {
      topic: 'upload', question: form.inputValue('question'), faq_answer: `${DEMO_ENT_NAME}请提供上一年度的完税证明。`,
    });
    assert.equal(refused.status, 422);
    assert.match(refused.errorsFor('question').join(), /不能包含企业名称/);
    const question = `完税证明需要提供几年的？${RUN}`;
    const ok = await county.post(`/consult/${id}/faq`, { topic: 'upload', question, faq_answer: '请提供上一年度的完税证明。' });
    assert.equal(ok.status, 303);
    const faq = await new Client().get(`/faq?q=${encodeURIComponent(RUN)}`);
    assert.deepEqual(findAll(faq.body, { tag: 'dt' }).map((e) => e.text), [question]);
    assert.ok(!faq.body.includes(DEMO_ENT_NAME) && !faq.body.includes('示范科技'), 'no name on the public page');
    assert.equal((await county.post(`/consult/${id}/faq`, { topic: 'upload', question: 'x', faq_answer: 'y' })).status, 409,
      'published once');
  });

  test('a 技术问题 goes to technical support; fields are checked in Chinese with the input kept; CSRF holds', async () => {
    const { support } = S;
    const id = await ask(ent, { topic: 'tech', subject: `上传营业执照一直失败${RUN}`, body: '选择文件后没有反应。' });
    assert.ok((await queue(support)).find((q) => q.id === id)?.mine, 'support holds it');
    assert.ok(!(await queue(county)).find((q) => q.id === id)?.mine, 'the county does not');

    await ent.get('/consult');
    const bad = await ent.post('/consult', { topic: 'filing', subject: '   ', body: '保留这段文字' });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.errorFields, ['subject']);
    assert.match(bad.errorsFor('subject')[0], /请用一句话写明问题/);
    assert.equal(find(bad.body, { tag: 'textarea', attrs: { name: 'body' } }).text, '保留这段文字');
    assert.equal((await ent.post('/consult', { csrf: 'x', topic: 'filing', subject: 'a', body: 'b' })).status, 403);
  });
});

describe('通知公告', () => {
  let prov, county, ent, ent2;
  before(() => ({ prov, county, ent, ent2 } = S));

  /** Publish as c; the notice id. */
  async function publish(c, fields) {
    await c.get('/notices/publish');
    const r = await c.post('/notices/publish', { audience: 'public', publish_on: dayCst(), ...fields });
    assert.equal(r.status, 303, `${r}: ${r.errorFields}`);
    return Number(/^\/notices\/(\d+)/.exec(r.location)[1]);
  }

  test('a body with <script> and onerror= is stored and shown without them', async () => {
    const id = await publish(prov, {
      title: `关于开展优质中小企业入库培育工作的通知${RUN}`,
      body: '<p>省培育平台企业填报工作于2月20日开始。</p><script>alert(1)</script>'
        + '<img src="x" onerror="alert(2)"><p onclick="alert(3)"><strong>技术支持：025-52686656</strong></p>',
    });
    const stored = sql(`SELECT body FROM notice WHERE id = ${id}`);
    assert.ok(!/<script|alert|onerror|onclick|<img/i.test(stored), stored);
    assert.match(stored, /<p>省培育平台企业填报工作于2月20日开始。<\/p>/);
    assert.match(stored, /<strong>技术支持：025-52686656<\/strong>/);
    const p = await new Client().get(`/notices/${id}`);
    assert.equal(p.status, 200);
    const body = find(p.body, { tag: 'div', attrs: { class: 'notice-body' } }).inner;
    assert.ok(!/script|onerror|onclick/i.test(body), body);
    assert.match(body, /<strong>技术支持：025-52686656<\/strong>/);
  });

  test('an expired notice leaves the home page and stays in the archive; audiences hold', async () => {
    const old = `2025年度入库培育工作通知${RUN}`;
    const oldId = await publish(prov, { title: old, body: '<p>已截止。</p>', publish_on: dayCst(-30), expires_on: dayCst(-1) });
    const local = `玄武区企业请于本月底前完成数据更新${RUN}`;
    const localId = await publish(county, { title: local, body: '<p>请及时更新。</p>', audience: 'enterprise', expires_on: dayCst(30) });

    const home = (await ent.get('/home')).mainText;
    assert.ok(home.includes(local), 'a current notice of its county is on demo_ent\'s home');
    assert.ok(!home.includes(old), 'the expired one is not');
    const list = await ent.get('/notices');
    const row = find(list.body, { tag: 'li', attrs: { 'data-notice': String(oldId) } });
    assert.match(row?.text ?? '', /已过期/, 'the archive keeps it, marked');
    assert.equal((await new Client().get(`/notices/${oldId}`)).status, 200);

    assert.ok(!(await ent2.get('/home')).mainText.includes(local), 'not for 秦淮区\'s enterprise');
    assert.equal((await ent2.get(`/notices/${localId}`)).status, 404);
    assert.equal((await new Client().get(`/notices/${localId}`)).status, 404, 'not public');
    assert.ok(!(await new Client().get('/notices')).body.includes(local));
  });

  test('a notice carries a file judged by its bytes; a renamed one is refused', async () => {
    await prov.get('/notices/publish');
    const fields = { title: `申报指南${RUN}`, body: '<p>见附件。</p>', audience: 'public', publish_on: dayCst() };
    const bad = await postMultipart(prov, '/notices/publish', fields, { name: '指南.pdf', bytes: Buffer.from('<html><script>x</script></html>') });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.errorFields, ['file']);
    const ok = await postMultipart(prov, '/notices/publish', fields, { name: '申报指南.pdf', bytes: pdf() });
    assert.equal(ok.status, 303);
    const page = await new Client().get(ok.location.replace(/\?.*/, ''));
    const a = findAll(page.body, { tag: 'a', attrs: { href: true } }).find((e) => e.attrs.href.includes('/files/'));
    assert.equal(a?.text, '申报指南.pdf');
    const f = await new Client().get(a.attrs.href);
    assert.equal(f.status, 200);
    assert.equal(f.contentType, 'application/pdf');
    assert.equal(Buffer.from(f.bytes).subarray(0, 5).toString(), '%PDF-');
  });

  test('the publish form checks its fields in Chinese and keeps them; enterprises cannot publish', async () => {
    await prov.get('/notices/publish');
    const r = await prov.post('/notices/publish', {
      title: '', body: '<p>保留</p>', audience: 'public', publish_on: dayCst(), expires_on: dayCst(-1),
    });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorFields.sort(), ['expires_on', 'title']);
    assert.match(r.errorsFor('expires_on')[0], /截止日期不能早于发布日期/);
    assert.equal(find(r.body, { tag: 'textarea', attrs: { name: 'body' } }).text, '<p>保留</p>');
    assert.equal((await ent.get('/notices/publish')).status, 404);
  });
});

describe('contacts', () => {
  test('a county edits its contacts; its enterprise sees them first, on /home and /help', async () => {
    const { county, county2, ent, ent2 } = S;
    const office = `玄武区工信局中小企业科${RUN}`;
    await county.get('/contacts');
    const bad = await county.post('/contacts', { action: 'save', office, phone: '请打电话', hours: '工作日' });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.errorFields, ['phone']);
    assert.equal(bad.inputValue('office'), office);
    const ok = await county.post('/contacts', { action: 'save', office, purpose: '入库申报咨询', phone: '025-84000000', hours: '工作日 9:00-17:00' });
    assert.equal(ok.status, 303);
    const row = find((await county.get('/contacts')).body, { tag: 'tr', attrs: { 'data-contact': true } });
    const id = row.attrs['data-contact'];

    const items = findAll((await ent.get('/home')).body, { tag: 'ul', attrs: { class: 'contacts' } })[0].inner;
    assert.ok(items.indexOf(office) >= 0 && items.indexOf(office) < items.indexOf('025-83780780'), 'own county first');
    assert.ok(!(await ent2.get('/home')).body.includes(office), 'another county\'s enterprise starts with its own');
    const help = await ent.get('/help');
    const first = find(help.body, { tag: 'tr', attrs: { 'data-contact': true } });
    assert.equal(first.attrs['data-contact'], id, '/help lists the reader\'s county first');

    await county2.get('/contacts');
    assert.equal((await county2.post('/contacts', { action: 'delete', id })).status, 404, 'not its region');
    assert.equal((await county.post('/contacts', { action: 'delete', id })).status, 303);
    assert.ok(!(await new Client().get('/help')).body.includes(office));
  });
});

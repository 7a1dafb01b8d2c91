// filing.test.mjs - sme-filing over HTTP: new filings, section saves with
// server-side validation (input kept, nothing half-saved), stale versions,
// derived figures (seed 004's example), submission with the missing list,
// windows, returns and resubmission, update filings from last year's data.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Client, adminOk, createEnterprise, createReviewer, find, findAll, login, session, sql, useStack,
} from '../harness/index.mjs';
import {
  fillAll, filingRow, filingYear, indicator, missing, newFiling, postSection, savedValue,
  sectionFields,
} from '../harness/filing.mjs';

useStack();
const Y = filingYear();

async function entry(opts = {}) {
  const ent = createEnterprise({ inLibrary: false, ...opts });
  const c = await session(ent.username, ent.password);
  const id = await newFiling(c, { kind: 'entry', class: 'mfg' });
  return { ent, c, id };
}

describe('sme-filing', () => {
  test('a new entry filing is a draft in the status list', async () => {
    const { c, id } = await entry();
    const list = await c.get('/filing');
    assert.equal(list.status, 200);
    const row = find(list.body, { tag: 'tr', attrs: { 'data-filing': String(id) } });
    assert.ok(row, 'the filing is listed');
    assert.equal(row.attrs['data-state'], 'draft');
    assert.match(row.text, new RegExp(`${Y}.*新增入库.*制造类.*草稿`));
    const basic = await c.get(`/filing/${id}/basic`);
    assert.equal(basic.status, 200);
    for (const n of ['assets_total', 'liabilities_total', 'employees', 'rd_staff'])
      assert.ok(find(basic.body, { attrs: { name: n } }), `field ${n}`);
  });

  // Issue 14: "1,000" is now read as 1000 (seed 002 FAQ 1.6); a separator out
  // of place ("1,00") is still refused, and so are three decimals.
  test('"1,00" and "12.345" are refused with messages, the input kept, nothing saved', async () => {
    const { c, id } = await entry();
    const page = await c.get(`/filing/${id}/basic`);
    const r = await postSection(c, id, 'basic', sectionFields(page, Y, { assets_total: '1,00', liabilities_total: '12.345' }));
    assert.equal(r.status, 422);
    assert.match(r.errorsFor('assets_total')[0], /千位分隔符/);
    assert.match(r.errorsFor('liabilities_total')[0], /两位小数/);
    assert.deepEqual(r.errorFields.sort(), ['assets_total', 'liabilities_total']);
    assert.equal(r.inputValue('assets_total'), '1,00');
    assert.equal(r.inputValue('liabilities_total'), '12.345');
    assert.equal(r.inputValue('postcode'), '210000', 'the valid fields come back too');
    assert.equal(savedValue(id, 'postcode'), null, 'nothing of the section was saved');
    assert.equal(filingRow(id).version, 1);
  });

  test('other bad values get their own Chinese messages', async () => {
    const { c, id } = await entry();
    const page = await c.get(`/filing/${id}/basic`);
    const bad = { postcode: '21000', founded: '2021-02-30', email: 'a@b', contact_mobile: '1234', employees: '-3', industry: '9999', intro: '字'.repeat(3001) };
    const r = await postSection(c, id, 'basic', sectionFields(page, Y, bad));
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorFields.sort(), Object.keys(bad).sort());
    for (const k of Object.keys(bad)) assert.match(r.errorsFor(k)[0], /[\u4e00-\u9fff]/, k);
    assert.equal(r.inputValue('founded'), '2021-02-30');
  });

  test('a save keeps the values; the derived figures match seed 004', async () => {
    const { c, id } = await entry();
    let page = await c.get(`/filing/${id}/basic`);
    let r = await postSection(c, id, 'basic', sectionFields(page, Y));
    assert.equal(r.status, 303);
    assert.equal(r.location, `/filing/${id}/basic?msg=saved`);
    page = await c.get(r.location);
    assert.equal(page.inputValue('assets_total'), '202012.00');
    assert.equal(indicator(page, 'debt_ratio'), '10.00');
    assert.equal(indicator(page, 'rd_staff_ratio'), '79.79');
    page = await c.get(`/filing/${id}/operations`);
    r = await postSection(c, id, 'operations', sectionFields(page, Y));
    assert.equal(r.status, 303);
    page = await c.get(`/filing/${id}/operations`);
    assert.equal(page.inputValue(`revenue_${Y - 4}`), '11');
    assert.equal(indicator(page, 'revenue_cagr'), '8.37');
    assert.equal(indicator(page, 'profit_avg_growth'), '3.23');
    assert.equal(indicator(page, 'profit_avg_growth'), indicator(page, 'profit_avg_growth'));
  });

  test('industry: four levels, one at a time without JavaScript, the tree as JSON', async () => {
    const { c, id } = await entry();
    const page = await c.get(`/filing/${id}/basic`);
    const r = await postSection(c, id, 'basic', sectionFields(page, Y, { industry_l1: 'C', industry_l2: '', industry_l3: '', industry: '' }));
    assert.equal(r.status, 422);
    assert.match(r.errorsFor('industry')[0], /直至小类/);
    const l2 = find(r.body, { tag: 'select', attrs: { name: 'industry_l2' } });
    const opts = findAll(l2.inner, { tag: 'option' }).map((o) => o.attrs.value).filter(Boolean);
    assert.ok(opts.includes('39') && opts.includes('13') && !opts.includes('01'), 'the 大类 of 制造业');
    const ok = await postSection(c, id, 'basic', sectionFields(page, Y));
    assert.equal(ok.status, 303);
    const saved = await c.get(`/filing/${id}/basic`);
    assert.match(find(saved.body, { attrs: { class: 'industry-path' } }).text, /制造业 > 计算机、通信和其他电子设备制造业 > 计算机制造 > 计算机整机制造/);
    const tree = await new Client().get('/filing/industries');
    assert.equal(tree.status, 200);
    const rows = JSON.parse(tree.body);
    assert.equal(rows.length, 1971);
    assert.deepEqual(rows.find((x) => x[0] === '3911'), ['3911', '计算机整机制造', '391']);
  });

  test('the self-check counts on the page; evidence rules point to their attachment slot', async () => {
    const { c, id } = await entry();
    await fillAll(c, id, Y);
    const page = await c.get(`/filing/${id}/basic`);
    assert.match(find(page.body, { tag: 'p', attrs: { class: 'selfcheck' } }).text, /对标自查：已满足 \d+ 项，未满足 \d+ 项，需提供证明 \d+ 项/);
    const a = await c.get(`/filing/${id}/assessment`);
    assert.equal(a.status, 200);
    const rule = find(a.body, { tag: 'tr', attrs: { 'data-result': 'evidence', 'data-slot': 'licence' } });
    assert.ok(rule, 'the registration-and-standing rule needs the licence as evidence');
    const link = find(rule.inner, { tag: 'a' });
    assert.equal(link.attrs.href, `/filing/${id}/attachments#slot-licence`);
    assert.equal(link.text, '企业营业执照原件扫描件');
  });

  test('zero denominators show a dash, never NaN', async () => {
    const { c, id } = await entry();
    const page = await c.get(`/filing/${id}/basic`);
    await postSection(c, id, 'basic', sectionFields(page, Y, { assets_total: '0', employees: '0' }));
    const again = await c.get(`/filing/${id}/basic`);
    assert.equal(indicator(again, 'debt_ratio'), '—');
    assert.equal(indicator(again, 'rd_staff_ratio'), '—');
    assert.doesNotMatch(again.body, /NaN|Infinity/);
  });

  test('a stale version gets 409, the typed values kept, nothing lost', async () => {
    const { c, id } = await entry();
    const page = await c.get(`/filing/${id}/basic`);
    const first = await postSection(c, id, 'basic', sectionFields(page, Y, { contact: '张三' }));
    assert.equal(first.status, 303);
    const stale = await postSection(c, id, 'basic', sectionFields(page, Y, { contact: '李四' }));
    assert.equal(stale.status, 409);
    assert.equal(stale.inputValue('contact'), '李四', 'what the user typed is on the page');
    assert.match(stale.text, /已在其他页面或由他人修改过/);
    assert.equal(savedValue(id, 'contact'), '张三', 'the first save stands');
    const ver = find(stale.body, { tag: 'input', attrs: { name: 'version' } }).attrs.value;
    assert.equal(Number(ver), filingRow(id).version, 'the page carries the current version to save again');
  });

  test('two sections open at once both save; the same section twice does not', async () => {
    const { c, id } = await entry();
    const basic = await c.get(`/filing/${id}/basic`);
    const ops = await c.get(`/filing/${id}/operations`);
    assert.equal((await postSection(c, id, 'basic', sectionFields(basic, Y))).status, 303);
    assert.equal((await postSection(c, id, 'operations', sectionFields(ops, Y))).status, 303, 'another tab, another section');
    assert.equal(savedValue(id, `revenue_${Y - 4}`), '11');
    const again = await postSection(c, id, 'basic', sectionFields(basic, Y, { contact: '王五' }));
    assert.equal(again.status, 409, 'the same section from the old page');
    assert.equal(again.inputValue('contact'), '王五');
    const retry = await postSection(c, id, 'basic', sectionFields(again, Y, { contact: '王五' }));
    assert.equal(retry.status, 303, 'saving again from the 409 page takes');
    assert.equal(savedValue(id, 'contact'), '王五');
  });

  test('submit of an incomplete filing lists exactly what is missing', async () => {
    const { c, id } = await entry();
    await fillAll(c, id, Y, { address: true, [`tax_${Y - 2}`]: true });
    const page = await c.get(`/filing/${id}/basic`);
    const r = await c.post(`/filing/${id}/submit`, { version: page.inputValue('version') });
    assert.equal(r.status, 422);
    const m = missing(r);
    const fields = m.filter((n) => !n.startsWith('attachment:'));
    assert.deepEqual(fields.sort(), ['address', `tax_${Y - 2}`].sort());
    const att = await c.get(`/filing/${id}/attachments`);
    assert.equal(att.status, 200);
    {
      const required = findAll(att.body, { tag: 'li', attrs: { class: 'slot' } })
        .filter((li) => li.inner.includes('class="req"'))
        .map((li) => find(li.inner, { tag: 'h2' }).text.replace(/\s*\*$/, ''));
      assert.ok(required.length > 0, 'an entry filing has required attachments');
      assert.deepEqual(m.filter((n) => n.startsWith('attachment:')).map((n) => n.slice(11)).sort(), required.sort());
    }
    assert.equal(filingRow(id).state, 'draft');
  });

  test('anonymous pages go to login and come back', async () => {
    const { id } = await entry();
    const c = new Client();
    const r = await c.get(`/filing/${id}/basic`);
    assert.equal(r.status, 303);
    assert.equal(r.location, `/login?next=/filing/${id}/basic`);
    const post = await c.request('POST', `/filing/${id}/basic`, { body: 'version=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(post.status, 403, 'no CSRF token');
  });

  test('a lost session: 401 offers to log in again and return to the form', async () => {
    const { ent, c, id } = await entry();
    const page = await c.get(`/filing/${id}/basic`);
    sql(`UPDATE session SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE account_id = (SELECT id FROM account WHERE username = '${ent.username}')`);
    const r = await postSection(c, id, 'basic', sectionFields(page, Y));
    assert.equal(r.status, 401);
    const a = find(r.body, { tag: 'a', attrs: { class: 'relogin' } });
    assert.equal(a.attrs.href, `/login?next=/filing/${id}/basic`);
    const form = await c.get(a.attrs.href);
    assert.equal(find(form.body, { tag: 'input', attrs: { name: 'next' } }).attrs.value, `/filing/${id}/basic`);
    const back = await c.post('/login', { username: ent.username, password: ent.password, next: `/filing/${id}/basic` });
    assert.equal(back.status, 303);
    assert.equal(back.location, `/filing/${id}/basic`);
    const evil = await login(new Client(), ent.username, ent.password);
    assert.equal(evil.location, '/home');
  });

  test('another enterprise gets 404, a reviewer may not edit', async () => {
    const { id } = await entry();
    const other = createEnterprise();
    const c2 = await session(other.username, other.password);
    for (const p of [`/filing/${id}/basic`, `/filing/${id}/operations`, `/filing/${id}`])
      assert.equal((await c2.get(p)).status, 404, p);
    const page = await c2.get('/filing');
    const r = await c2.post(`/filing/${id}/basic`, { version: '1', address: 'x' });
    assert.equal(r.status, 404);
    assert.ok(page.status === 200);
    const rev = createReviewer({ role: 'county', region: '320102' });
    const cr = await session(rev.username, rev.password);
    assert.equal((await cr.get(`/filing/${id}/basic`)).status, 403);
  });

  test('windows: closed refuses new filings and submission with the dates; drafts stay', async () => {
    const { c, id } = await entry();
    await fillAll(c, id, Y);
    const saved = savedValue(id, 'address');
    adminOk(['window-set', '--kind', 'entry', '--year', String(Y), '--opens', `${Y}-01-01`, '--closes', `${Y}-01-02`]);
    try {
      const ent2 = createEnterprise({ inLibrary: false });
      const c2 = await session(ent2.username, ent2.password);
      await c2.get('/filing');
      const r = await c2.post('/filing/new', { kind: 'entry', class: 'mfg' });
      assert.equal(r.status, 409);
      assert.equal(find(r.body, { tag: 'input', attrs: { name: 'class', value: 'mfg' } }).attrs.checked, 'checked', 'the choice comes back');
      assert.match(r.text, new RegExp(`${Y}-01-01 至 ${Y}-01-02`));
      const page = await c.get(`/filing/${id}/basic`);
      const s = await c.post(`/filing/${id}/submit`, { version: page.inputValue('version') });
      assert.equal(s.status, 409);
      assert.match(s.text, /不在申报时间内/);
      assert.equal(savedValue(id, 'address'), saved, 'the draft stays');
      assert.equal(filingRow(id).state, 'draft');
    } finally {
      adminOk(['window-set', '--kind', 'entry', '--year', String(Y), '--opens', `${Y}-01-01`, '--closes', `${Y}-12-31`]);
    }
  });

  test('returned: the reason shows, the filing is editable and can be submitted again', async () => {
    const { c, id } = await entry();
    sql(`UPDATE filing SET state = 'returned', return_reason = '营业收入与审计报告不一致，请核对。', submissions = 1, version = version + 1 WHERE id = ${id}`);
    const page = await c.get(`/filing/${id}/basic`);
    assert.equal(find(page.body, { attrs: { class: 'return-reason' } }).text, '营业收入与审计报告不一致，请核对。');
    const list = await c.get('/filing');
    assert.match(find(list.body, { tag: 'tr', attrs: { 'data-filing': String(id) } }).text, /营业收入与审计报告不一致/);
    const r = await postSection(c, id, 'basic', sectionFields(page, Y));
    assert.equal(r.status, 303, 'editable again');
  });

  test('an update filing starts from last year\'s accepted data', async () => {
    const ent = createEnterprise({ inLibrary: true });
    const eid = sql(`SELECT id FROM enterprise WHERE uscc = '${ent.uscc}'`).trim();
    const old = sql(`INSERT INTO filing (enterprise_id, kind, class, year, state, created_at, updated_at) VALUES (${eid}, 'entry', 'mfg', ${Y - 1}, 'accepted', UTC_TIMESTAMP(), UTC_TIMESTAMP()); SELECT LAST_INSERT_ID()`).trim();
    const vals = { address: '南京市玄武区中山路1号', employees: '120', [`revenue_${Y - 5}`]: '900', [`revenue_${Y - 2}`]: '1000', [`revenue_${Y - 1}`]: '1300' };
    for (const [k, v] of Object.entries(vals)) sql(`INSERT INTO filing_value VALUES (${old}, '${k}', '${v}')`);
    const c = await session(ent.username, ent.password);
    const id = await newFiling(c, { kind: 'update', class: 'mfg' });
    assert.equal(savedValue(id, 'address'), '南京市玄武区中山路1号');
    assert.equal(savedValue(id, 'employees'), '120');
    assert.equal(savedValue(id, `revenue_${Y - 2}`), '1000', 'last year\'s figures in place');
    assert.equal(savedValue(id, `revenue_${Y - 1}`), null, 'last year\'s forecast is not a figure');
    assert.equal(savedValue(id, `revenue_${Y - 5}`), null, 'years before the table are dropped');
    const page = await c.get(`/filing/${id}/operations`);
    assert.equal(page.inputValue(`revenue_${Y - 2}`), '1000');
  });
});

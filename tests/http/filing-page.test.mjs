// filing-page.test.mjs - the server side of the filing pages (issue 14):
// amounts as people type them (seed 002 FAQ 1.6), the credit code and the
// region on 基本情况 (FAQ 1.7), 保存并提交 after a return (FAQ 1.8), the
// error summary tied to its inputs, what a save left missing, the tabs'
// progress, the frame of 附件 with the registration licence offered, a
// submitted filing read-only, and 撤回 until a reviewer opens the filing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { createEnterprise, createReviewer, find, findAll, session, sql, useStack } from '../harness/index.mjs';
import {
  fillAll, filingRow, filingYear, missing, newFiling, postSection, savedValue, sectionFields,
} from '../harness/filing.mjs';
import { pdf } from '../harness/files.mjs';
import { enterpriseWithFiling } from '../harness/review.mjs';

useStack();
const Y = filingYear();

async function entry(opts = {}) {
  const ent = createEnterprise({ inLibrary: false, ...opts });
  const c = await session(ent.username, ent.password);
  const id = await newFiling(c, { kind: 'entry', class: 'mfg' });
  return { ent, c, id };
}

/** A multipart body with the CSRF token and one file. */
function multipart(csrf, name, bytes) {
  const b = `----smepage${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`
      + `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
      + 'Content-Type: application/pdf\r\n\r\n'),
    bytes, Buffer.from(`\r\n--${b}--\r\n`)]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

/** Upload a PDF into every required slot of filing id through its page. */
async function uploadRequired(c, id) {
  const page = await c.get(`/filing/${id}/attachments`);
  const slots = findAll(page.body, { tag: 'li', attrs: { class: 'slot' } })
    .filter((li) => li.inner.includes('class="req"')).map((li) => li.attrs['data-slot']);
  for (const [i, s] of slots.entries()) {
    const r = await c.request('POST', `/upload/${id}/${s}`, multipart(page.csrf, `证明${i}.pdf`, pdf(i + 2)));
    assert.equal(r.status, 303, `upload ${s}`);
  }
}

const tabStates = (page) => Object.fromEntries(findAll(page.body, { tag: 'a', attrs: { 'data-section': true } })
  .map((a) => [a.attrs['data-section'], a.attrs['data-section-state']]));
const beijingHHMM = (d) => new Date(d.getTime() + 8 * 3600e3).toISOString().slice(11, 16);

describe('the filing pages', () => {
  test('FAQ 1.6: "3,000", "３０００", "3，000" and "35.5%" are read as numbers and stored as 3000.00', async () => {
    const { c, id } = await entry();
    let page = await c.get(`/filing/${id}/basic`);
    let r = await postSection(c, id, 'basic', sectionFields(page, Y, {
      assets_total: '3,000', liabilities_total: '３０００', reg_capital: '3，000', employees: '1,200',
    }));
    assert.equal(r.status, 303, `saved: ${r.errorFields}`);
    assert.equal(savedValue(id, 'assets_total'), '3000.00');
    assert.equal(savedValue(id, 'liabilities_total'), '3000.00');
    assert.equal(savedValue(id, 'reg_capital'), '3000.00');
    assert.equal(savedValue(id, 'employees'), '1200');
    page = await c.get(`/filing/${id}/basic`);
    assert.equal(page.inputValue('assets_total'), '3000.00', 'the page shows what was stored');
    const hint = find(page.body, { attrs: { id: 'f-assets_total' } }).text;
    assert.match(hint, /千位分隔符和全角数字会自动转换/, 'the note beside the field says so');
    page = await c.get(`/filing/${id}/products`);
    r = await postSection(c, id, 'products', sectionFields(page, Y, { product1_share: '35.5%', product1_market_share: '１２．５％' }));
    assert.equal(r.status, 303, `saved: ${r.errorFields}`);
    assert.equal(savedValue(id, 'product1_share'), '35.5');
    assert.equal(savedValue(id, 'product1_market_share'), '12.5');
  });

  test('FAQ 1.7: 基本情况 shows the credit code and the registered region, read-only', async () => {
    const { ent, c, id } = await entry({ region: '320104' });
    const page = await c.get(`/filing/${id}/basic`);
    assert.equal(find(page.body, { attrs: { class: 'ent-uscc' } })?.text, ent.uscc);
    assert.match(find(page.body, { attrs: { class: 'ent-region' } })?.text ?? '', /南京市\s*秦淮区/);
    assert.equal(find(page.body, { tag: 'input', attrs: { name: 'uscc' } }), null, 'not a field of the form');
    assert.match(find(page.body, { attrs: { class: 'draft-hint' } }).text, /提交申报.*才进入工信部门审核/);
  });

  test('FAQ 1.8: after a return, 保存并提交 saves the change and submits it', async () => {
    const { c, id } = await entry();
    await fillAll(c, id, Y);
    await uploadRequired(c, id);
    sql(`UPDATE filing SET state = 'returned', return_reason = '请核对研发人员人数。', submissions = 1, version = version + 1 WHERE id = ${id}`);
    const page = await c.get(`/filing/${id}/basic`);
    const action = find(page.body, { tag: 'button', attrs: { class: 'submit' } }).attrs.formaction;
    assert.equal(action, `/filing/${id}/basic?then=submit`);
    const r = await postSection(c, id, 'basic?then=submit', sectionFields(page, Y, { rd_staff: '151' }));
    assert.equal(r.status, 303);
    assert.equal(r.location, '/filing?msg=submitted');
    assert.equal(savedValue(id, 'rd_staff'), '151', 'the change was saved');
    const row = filingRow(id);
    assert.equal(row.state, 'county');
    assert.equal(row.submissions, 2);
    const snap = JSON.parse(sql(`SELECT snapshot FROM filing_submission WHERE filing_id = ${id} AND seq = 2`).trim());
    assert.equal(snap.rd_staff, '151', 'the reviewer gets the changed value');
  });

  test('保存并提交 with fields missing: saved, not submitted, and the page says which', async () => {
    const { c, id } = await entry();
    const page = await c.get(`/filing/${id}/basic`);
    const r = await postSection(c, id, 'basic?then=submit', sectionFields(page, Y));
    assert.equal(r.status, 422);
    assert.match(find(r.body, { attrs: { class: 'notice' } }).text, /本页填写的内容已保存/);
    assert.doesNotMatch(r.text, /已填写的内容均已保存/);
    assert.ok(missing(r).includes(`revenue_${Y - 4}`));
    assert.equal(savedValue(id, 'postcode'), '210000');
    assert.equal(filingRow(id).state, 'draft');
    // A bad field: nothing saved and nothing submitted, and it says both.
    const bad = await postSection(c, id, 'basic?then=submit', sectionFields(await c.get(`/filing/${id}/basic`), Y, { postcode: '21' }));
    assert.equal(bad.status, 422);
    assert.match(find(bad.body, { attrs: { id: 'error-summary' } }).text, /尚未保存，申报也未提交/);
  });

  test('a refused save: the summary counts and links each field, which carries aria-invalid and its message', async () => {
    const { c, id } = await entry();
    const page = await c.get(`/filing/${id}/basic`);
    const r = await postSection(c, id, 'basic', sectionFields(page, Y, { assets_total: '12.345', listed: '7' }));
    assert.equal(r.status, 422);
    const sum = find(r.body, { attrs: { id: 'error-summary' } });
    assert.ok(sum, 'a summary at the top');
    assert.equal(sum.attrs['data-count'], '2');
    assert.equal(sum.attrs.tabindex, '-1');
    const links = findAll(sum.inner, { tag: 'a' }).map((a) => a.attrs.href);
    assert.deepEqual(links.sort(), ['#assets_total', '#f-listed']);
    const input = find(r.body, { tag: 'input', attrs: { name: 'assets_total' } });
    assert.equal(input.attrs['aria-invalid'], 'true');
    assert.equal(input.attrs['aria-describedby'], 'err-assets_total');
    assert.match(find(r.body, { attrs: { id: 'err-assets_total' } }).text, /两位小数/);
    assert.equal(find(r.body, { tag: 'form', attrs: { class: 'section-form' } }).attrs['data-unsaved'], '1',
      'the script is told the page shows unsaved typing');
    assert.equal(find(r.body, { tag: 'input', attrs: { name: 'postcode' } }).attrs['aria-invalid'], undefined);
  });

  test('a save names the required fields it left empty, with the time it was saved (Beijing)', async () => {
    const { c, id } = await entry();
    const page = await c.get(`/filing/${id}/basic`);
    const before = new Date();
    const r = await postSection(c, id, 'basic', sectionFields(page, Y, { address: '', legal_rep: '' }));
    assert.equal(r.status, 303, 'the rest is saved');
    const after = await c.get(r.location);
    const box = find(after.body, { attrs: { class: 'sec-missing' } });
    assert.equal(box.attrs['data-count'], '2');
    assert.deepEqual(findAll(box.inner, { tag: 'li' }).map((li) => li.attrs['data-missing']).sort(), ['address', 'legal_rep']);
    const when = find(after.body, { attrs: { class: 'notice' } }).text;
    const now = new Date();
    assert.ok([beijingHHMM(before), beijingHHMM(now)].some((t) => when.includes(`已保存（${t}）`)), when);
    assert.match(find(after.body, { tag: 'span', attrs: { class: 'saved-at' } }).text, /本部分已于 \d\d:\d\d 保存/);
  });

  test('the tabs carry each section\'s state and what it lacks; 已完成 k/n', async () => {
    const { c, id } = await entry();
    let page = await c.get(`/filing/${id}/basic`);
    const st = tabStates(page);
    assert.deepEqual(Object.keys(st), ['basic', 'products', 'operations', 'rnd', 'titles', 'attachments']);
    assert.ok(Object.values(st).every((s) => s === 'empty'), JSON.stringify(st));
    await postSection(c, id, 'basic', sectionFields(page, Y));
    page = await c.get(`/filing/${id}/products`);
    await postSection(c, id, 'products', sectionFields(page, Y, { product1_market: '', segment_years: '' }));
    page = await c.get(`/filing/${id}/titles`);
    await postSection(c, id, 'titles', sectionFields(page, Y, Object.fromEntries(
      ['high_tech_cert_date', 'tech_sme_cert_date', 'giant_province_date', 'giant_national_date', 'product_cert_date', 'titles_other'].map((k) => [k, '']))));
    page = await c.get(`/filing/${id}/rnd`);
    const now = tabStates(page);
    assert.equal(now.basic, 'done');
    assert.equal(now.products, 'partial');
    assert.equal(now.titles, 'done', 'saved with nothing required: done');
    assert.equal(now.rnd, 'empty');
    const tab = find(page.body, { tag: 'a', attrs: { 'data-section': 'products' } });
    assert.match(tab.text, /缺2项/);
    const count = find(page.body, { attrs: { class: 'progress-count' } });
    assert.equal(count.attrs['data-done'], '2');
    assert.equal(count.attrs['data-total'], '6');
    assert.match(count.text, /已完成 2\/6/);
  });

  test('附件 is a section in the same frame; the licence from registration is offered and reused', async () => {
    const { ent, c, id } = await entry();
    // The bytes of a licence in the store, as registration leaves them:
    // uploaded once, named as the enterprise's licence, the upload deleted.
    const bytes = pdf(7);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const first = await c.get(`/filing/${id}/attachments`);
    assert.equal((await c.request('POST', `/upload/${id}/licence`, multipart(first.csrf, '执照.pdf', bytes))).status, 303);
    sql(`UPDATE enterprise SET licence = '${sha}' WHERE uscc = '${ent.uscc}'`);
    const attId = sql(`SELECT id FROM attachment WHERE filing_id = ${id} AND slot = 'licence'`).trim();
    assert.equal((await c.post(`/upload/${attId}/delete`, {})).status, 303);
    const page = await c.get(`/filing/${id}/attachments`);
    assert.equal(page.status, 200);
    assert.deepEqual(Object.keys(tabStates(page)), ['basic', 'products', 'operations', 'rnd', 'titles', 'attachments']);
    assert.equal(find(page.body, { tag: 'a', attrs: { 'aria-current': 'page' } }).attrs['data-section'], 'attachments');
    assert.ok(find(page.body, { tag: 'form', attrs: { class: 'submit-form' } }), '提交 on the attachments page');
    const slot = find(page.body, { tag: 'li', attrs: { 'data-slot': 'licence' } });
    const offer = find(slot.inner, { tag: 'form', attrs: { class: 'reuse-licence' } });
    assert.ok(offer, 'the registration licence is offered');
    const r = await c.post(offer.attrs.action, {});
    assert.equal(r.status, 303);
    const att = sql(`SELECT sha256, type FROM attachment WHERE filing_id = ${id} AND slot = 'licence'`).trim().split('\t');
    assert.deepEqual(att, [sha, 'pdf'], 'the same stored bytes, no second upload');
    const again = await c.post(offer.attrs.action, {});
    assert.equal(again.status, 409, 'a one-file slot is full now');
  });

  test('a submitted filing renders read-only; 撤回 until its reviewer opens it (303, then 409)', async () => {
    const { ent, filing } = enterpriseWithFiling('320102');
    const c = await session(ent.username, ent.password);
    const page = await c.get(`/filing/${filing.id}/basic`);
    assert.equal(page.status, 200);
    assert.equal(find(page.body, { tag: 'fieldset', attrs: { class: 'fields' } }).attrs.disabled, 'disabled', 'inputs disabled');
    assert.equal(find(page.body, { tag: 'button', attrs: { class: 'save' } }), null);
    assert.doesNotMatch(page.text, /保存前请勿离开本页|未保存的内容会暂存/);
    const form = find(page.body, { tag: 'form', attrs: { class: 'withdraw-form' } });
    assert.ok(form, '撤回 is offered');
    const w = await c.post(form.attrs.action, { version: find(form.inner, { tag: 'input', attrs: { name: 'version' } }).attrs.value });
    assert.equal(w.status, 303);
    assert.equal(w.location, `/filing/${filing.id}/basic?msg=withdrawn`);
    assert.equal(filingRow(filing.id).state, 'draft');
    assert.equal(sql(`SELECT action, from_state, to_state FROM filing_event WHERE filing_id = ${filing.id} ORDER BY id DESC LIMIT 1`).trim(), 'withdraw\tcounty\tdraft');
    const back = await c.get(w.location);
    assert.ok(find(back.body, { tag: 'button', attrs: { class: 'save' } }), 'editable again');
    assert.match(back.text, /已撤回/);

    // Another, opened by its county reviewer first: no more withdrawal.
    const two = enterpriseWithFiling('320102');
    const rev = createReviewer({ role: 'county', region: '320102' });
    const cr = await session(rev.username, rev.password);
    assert.equal((await cr.get(`/review/${two.filing.id}`)).status, 200);
    const c2 = await session(two.ent.username, two.ent.password);
    const p2 = await c2.get(`/filing/${two.filing.id}/basic`);
    assert.equal(find(p2.body, { tag: 'form', attrs: { class: 'withdraw-form' } }), null, 'not offered once opened');
    const late = await c2.post(`/filing/${two.filing.id}/withdraw`, { version: String(two.filing.version) });
    assert.equal(late.status, 409);
    assert.match(late.text, /已开始审核该申报，不能撤回/);
    assert.equal(filingRow(two.filing.id).state, 'county');
    const noCsrf = await c2.post(`/filing/${two.filing.id}/withdraw`, { csrf: null, version: '2' });
    assert.equal(noCsrf.status, 403, 'CSRF on the state change');
  });

  test('field help opens in place: the 企业简介 outline and a character count', async () => {
    const { c, id } = await entry();
    const page = await c.get(`/filing/${id}/basic`);
    const intro = find(page.body, { attrs: { id: 'f-intro' } });
    const help = find(intro.inner, { tag: 'details', attrs: { class: 'help' } });
    assert.ok(help, 'a <details> beside 企业简介');
    for (const w of ['经营管理', '主营产品', '研发创新', '制度建设']) assert.match(help.text, new RegExp(w));
    assert.match(find(intro.inner, { attrs: { class: 'counter' } }).text, /^0 \/ 3000 字$/);
    const ops = await c.get(`/filing/${id}/operations`);
    const row = find(ops.body, { tag: 'tr', attrs: { 'data-row': 'revenue' } });
    assert.match(find(row.inner, { tag: 'details' }).text, /成立不满4年/);
    const rnd = await c.get(`/filing/${id}/rnd`);
    assert.match(find(find(rnd.body, { attrs: { id: 'f-ip_class1' } }).inner, { tag: 'details' }).text, /发明专利/);
  });
});

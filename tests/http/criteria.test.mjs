// criteria.test.mjs - the criteria read the figures the seeds name (issue 16),
// through the pages: a 产品 filing's own 产品销售收入 against its 主营业务收入
// (seed 003 附件4 "产品的销售收入占企业主营业务收入的60%以上"), shown on its
// assessment page (GET /filing/{id}/assessment).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { admin, adminOk, createEnterprise, find, findAll, session, sql, useStack } from '../harness/index.mjs';
import { controls, filingRow, filingYear, missing, newFiling, postSection, sectionFields, sectionKeys } from '../harness/filing.mjs';
import { pdf } from '../harness/files.mjs';

useStack();
const Y = filingYear();

/** A draft filing of kind for the enterprise account username (sme-filing's own tests cover /filing/new). */
function draft(username, kind) {
  const out = sql(`INSERT INTO filing (enterprise_id, kind, level, year, state, created_at, updated_at)
    SELECT enterprise_id, '${kind}', 'province', ${Y}, 'draft', UTC_TIMESTAMP(), UTC_TIMESTAMP()
    FROM account WHERE username = '${username}';
    SELECT LAST_INSERT_ID();`);
  return Number(out.trim());
}

/** Save section of filing id through its page, every field valid, then overrides. */
async function save(c, id, section, overrides) {
  const page = await c.get(`/filing/${id}/${section}`);
  assert.equal(page.status, 200);
  const r = await postSection(c, id, section, sectionFields(page, Y, overrides));
  assert.equal(r.status, 303, `save ${section}: ${r.status} ${r.errorFields ?? r.text.slice(0, 300)}`);
}

function rule(page, id) {
  const el = find(page.body, { attrs: { 'data-rule': id } });
  assert.ok(el, `rule ${id} on the page`);
  return { result: el.attrs['data-result'], text: el.text };
}

/** Save every section of filing id through its pages; blank names left empty, set overrides. */
async function saveAll(c, id, blank, set) {
  const first = await c.get(`/filing/${id}/basic`);
  for (const key of sectionKeys(first)) {
    const page = await c.get(`/filing/${id}/${key}`);
    const names = new Set(controls(page).map((x) => x.name));
    const over = {};
    for (const n of blank) if (names.has(n)) over[n] = '';
    for (const [n, v] of Object.entries(set)) if (names.has(n)) over[n] = v;
    const r = await postSection(c, id, key, sectionFields(page, Y, over));
    assert.equal(r.status, 303, `save ${key}: ${r.status} ${r.errorFields ?? ''}`);
  }
}

/** Upload a PDF into every required attachment slot of filing id. */
async function attachRequired(c, id) {
  const page = await c.get(`/filing/${id}/attachments`);
  const slots = findAll(page.body, { tag: 'li', attrs: { class: 'slot' } })
    .filter((li) => li.inner.includes('class="req"')).map((li) => li.attrs['data-slot']);
  assert.ok(slots.length > 0);
  for (const slot of slots) {
    const boundary = `----crit${Math.random().toString(16).slice(2)}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${c.csrf}\r\n`
        + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${slot}.pdf"\r\n`
        + 'Content-Type: application/pdf\r\n\r\n'),
      pdf(), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const r = await c.request('POST', `/upload/${id}/${slot}`, { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    assert.ok(r.status === 303 || r.status === 200, `upload ${slot}: ${r.status}`);
  }
}

const PATENT = ['patent1_name', 'patent1_number', 'patent1_type', 'patent1_date'];

describe('criteria read the seeds\' figures', () => {
  test('a product filing with 产品销售收入 9000 of 主营业务收入 12000 meets "60%以上"', async () => {
    const ent = createEnterprise();
    const c = await session(ent.username, ent.password);
    const id = draft(ent.username, 'product');
    await save(c, id, 'product', { product_revenue: '9000', product_market_rank: '8', report1_valid_until: `${Y + 1}-12-31` });
    await save(c, id, 'operations', { [`main_revenue_${Y - 1}`]: '12000', [`revenue_${Y - 1}`]: '15000' });
    const page = await c.get(`/filing/${id}/assessment`);
    assert.equal(page.status, 200);
    const r = rule(page, 'js-product/1');
    assert.equal(r.result, 'met', r.text);
    assert.match(r.text, /60%以上/);
    assert.match(r.text, /产品销售收入占主营业务收入比重 75\.00%，要求不低于60%，已满足/);
    assert.equal(rule(page, 'js-product/3a').result, 'met', '第8名 is within 前10位');

    // 7198.80 of 12000 is 59.99%: short by 0.01 of a point.
    await save(c, id, 'product', { product_revenue: '7198.80', product_market_rank: '11', report1_valid_until: `${Y + 1}-12-31` });
    const under = await c.get(`/filing/${id}/assessment`);
    assert.equal(rule(under, 'js-product/1').result, 'unmet');
    assert.match(rule(under, 'js-product/1').text, /59\.99%，要求不低于60%，差 0\.01 个百分点/);
    assert.equal(rule(under, 'js-product/3a').result, 'unmet');
  });

  // Seed 003 附件4: "拥有2项发明（或实用新型）专利或具有专有技术".
  test('a product with 专有技术 and no patent submits; with neither, both are listed missing', async () => {
    const ent = createEnterprise();
    const c = await session(ent.username, ent.password);
    const id = draft(ent.username, 'product');
    const valid = { report1_valid_until: `${Y + 1}-12-31` };
    await saveAll(c, id, [...PATENT, 'proprietary_tech'], valid);
    let page = await c.get(`/filing/${id}/basic`);
    let r = await c.post(`/filing/${id}/submit`, { version: page.inputValue('version') });
    assert.equal(r.status, 422);
    // No patent row (the table starts empty, seed 004 "暂无记录") and no 专有技术: both named.
    assert.deepEqual(missing(r).filter((n) => !n.startsWith('attachment:')).sort(), ['patent_rows', 'proprietary_tech']);

    await saveAll(c, id, PATENT, { ...valid, proprietary_tech: '主轴热变形补偿工艺（技术秘密，签订保密协议）' });
    await attachRequired(c, id);
    page = await c.get(`/filing/${id}/basic`);
    r = await c.post(`/filing/${id}/submit`, { version: page.inputValue('version') });
    assert.equal(r.status, 303, `submit: ${r.status} ${missing(r)}`);
    assert.notEqual(filingRow(id).state, 'draft');
  });

  test('patent types on the product form are 发明专利 and 实用新型专利 only (seed 004)', async () => {
    const ent = createEnterprise();
    const c = await session(ent.username, ent.password);
    const id = draft(ent.username, 'product');
    // A patent row is added first (seed 004 "增加"); the table starts empty.
    let page = await c.get(`/filing/${id}/product`);
    const added = await postSection(c, id, 'product', sectionFields(page, Y, { row_add: 'patent' }));
    assert.equal(added.status, 303);
    page = await c.get(`/filing/${id}/product`);
    const type = controls(page).find((x) => x.name === 'patent1_type');
    assert.deepEqual(type.options, ['invention', 'utility']);
    assert.match(page.text, /专有技术/);
    const r = await postSection(c, id, 'product', sectionFields(page, Y, { patent1_type: 'design', report1_valid_until: `${Y + 1}-12-31` }));
    assert.equal(r.status, 422);
  });

  // Seed 000 附件1 "以16个先进制造业集群为重点": a focus shown, not a condition.
  test('outside the clusters an entry filing is not refused for it: the rule is marked as a focus', async () => {
    const ent = createEnterprise({ inLibrary: false });
    const c = await session(ent.username, ent.password);
    const id = await newFiling(c, { kind: 'entry', class: 'mfg' });
    const page = await c.get(`/filing/${id}/assessment`);
    assert.equal(page.status, 200);
    const el = find(page.body, { attrs: { 'data-rule': 'js-entry-mfg/1' } });
    assert.ok(el);
    assert.match(el.text, /以16个先进制造业集群为重点/);
    assert.match(el.text, /重点方向，供参考，不影响是否符合/);
    assert.match(find(page.body, { attrs: { 'data-rule': 'js-entry-mfg/3' } }).text, /拥有2项以上有效专利/);
  });

  // A rule no section of its kind provides would be 数据不全 for ever: refused at import.
  test('scheme-import refuses a rule whose fact the filing kind\'s form cannot provide', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crit-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const fam = `t-prod-${Date.now().toString(36)}`;
    const f = path.join(dir, 'product.txt');
    writeFileSync(f, `scheme | ${fam} | ${Y} | city | - | product | - | pass | 局 | 名 | 出处\n`
      + 'rule | 1 | - | product1_market_rank | le | 10 | 名 | - | 主导产品排名前10\n');
    const r = admin(['scheme-import', f]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /第2行：指标 product1_market_rank 在申报类型 product 的表单中无从计算（缺少 product1_market_rank）/);
    assert.doesNotMatch(adminOk(['scheme-list']), new RegExp(fam));
  });
});

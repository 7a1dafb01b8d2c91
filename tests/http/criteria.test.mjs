// criteria.test.mjs - the criteria read the figures the seeds name (issue 16),
// through the pages: a 产品 filing's own 产品销售收入 against its 主营业务收入
// (seed 003 附件4 "产品的销售收入占企业主营业务收入的60%以上"), shown on its
// assessment page (GET /filing/{id}/assessment).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEnterprise, find, session, sql, useStack } from '../harness/index.mjs';
import { filingYear, postSection, sectionFields } from '../harness/filing.mjs';

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
});

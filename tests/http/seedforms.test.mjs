// seedforms.test.mjs - the forms as seed 004 has them (issue 16): the 产品附证
// tables (patents, 产品附证资料, 其它附证资料) whose rows are added and removed
// by posting ("增加一行", "删除"), each row with its scan; certification
// filings that start from the enterprise's accepted library data; 传真 and
// 法定代表人手机; the 满意度评价 of the 小巨人 forms; 产业链 of the chosen 产业集群.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { adminOk, createEnterprise, find, findAll, session, sql, useStack } from '../harness/index.mjs';
import { controls, missing, newFiling, postSection, savedValue, sectionFields, sectionKeys, filingYear } from '../harness/filing.mjs';
import { pdf } from '../harness/files.mjs';

useStack();
const Y = filingYear();

/** A draft filing of kind for the enterprise account username. */
function draft(username, kind) {
  return Number(sql(`INSERT INTO filing (enterprise_id, kind, level, year, state, created_at, updated_at)
    SELECT enterprise_id, '${kind}', 'province', ${Y}, 'draft', UTC_TIMESTAMP(), UTC_TIMESTAMP()
    FROM account WHERE username = '${username}'; SELECT LAST_INSERT_ID();`).trim());
}

/** POST the product section from its page with overrides (row_add / row_del among them). */
async function postProduct(c, id, over = {}) {
  const page = await c.get(`/filing/${id}/product`);
  assert.equal(page.status, 200);
  // What the page shows stays as it is (the harness would type its own values);
  // empty dates of the rows get one (the harness knows *_date names only).
  const keep = Object.fromEntries(controls(page).filter((x) => x.tag !== 'select' && x.tag !== 'textarea' && x.value !== '')
    .map((x) => [x.name, x.value]));
  const dates = Object.fromEntries(controls(page).filter((x) => /_(issued|valid_until)$/.test(x.name) && !x.value)
    .map((x) => [x.name, `${Y - 2}-05-20`]));
  return postSection(c, id, 'product', sectionFields(page, Y, { ...keep, ...dates, ...over }));
}

/** The row keys of table set as the page shows them (tr id="row-<set>-<key>"). */
function rowKeys(page, set) {
  return findAll(page.body, { tag: 'tr' }).map((t) => t.attrs.id ?? '')
    .filter((x) => x.startsWith(`row-${set}-`)).map((x) => Number(x.slice(set.length + 5)));
}

/** Upload a small PDF as the scan of slot; returns the response. */
function upload(c, id, slot, csrf) {
  const b = `----seed${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`
      + `--${b}\r\nContent-Disposition: form-data; name="file"; filename="专利证书.pdf"\r\n`
      + 'Content-Type: application/pdf\r\n\r\n'),
    pdf(), Buffer.from(`\r\n--${b}--\r\n`)]);
  return c.request('POST', `/upload/${id}/${slot}`, { body, headers: { 'content-type': `multipart/form-data; boundary=${b}` } });
}

/** The saved values of names of filing id in one query: { name: value | null }. */
function saved(id, names) {
  const out = Object.fromEntries(names.map((n) => [n, null]));
  const rows = sql(`SELECT name, value FROM filing_value WHERE filing_id = ${id} AND name IN (${names.map((n) => `'${n}'`).join(',')})`);
  for (const line of rows.split('\n').filter(Boolean)) {
    const [k, v] = line.split('\t');
    out[k] = v;
  }
  return out;
}

// One enterprise for the form tests (each on its own filing): accounts cost seconds.
let ent;
let c;
before(async () => {
  ent = createEnterprise();
  c = await session(ent.username, ent.password);
});

describe('产品附证: rows added and removed by posting, a scan per row (seed 004 §2.1.1)', () => {
  test('three patents added, one removed with its scan; typed values come back on a refused add', async () => {
    const id = draft(ent.username, 'product');
    let page = await c.get(`/filing/${id}/product`);
    // The three tables start empty, as seed 004 shows them ("暂无记录").
    assert.equal(findAll(page.body, { attrs: { class: 'empty' } }).filter((e) => e.text === '暂无记录').length, 3);
    assert.match(page.text, /产品采用相关授权专利技术情况（发明专利或实用新型专利）/);
    assert.match(page.text, /报告\(证书\)提供单位/);
    assert.match(page.text, /发放时间.*有效期/);

    for (let k = 1; k <= 3; k++) {
      const r = await postProduct(c, id, { row_add: 'patent' });
      assert.equal(r.status, 303, r.errorFields);
      assert.equal(new URL(r.location, 'http://x').hash, `#row-patent-${k}`);
    }
    page = await c.get(`/filing/${id}/product`);
    assert.deepEqual(rowKeys(page, 'patent'), [1, 2, 3]);
    assert.equal(savedValue(id, 'patent_rows'), '1,2,3');
    // More than three: the table is not fixed at 3 any more.
    const patents = {
      patent1_name: '一种数控机床主轴热变形补偿方法', patent1_number: 'ZL201910123456.7', patent1_type: 'invention', patent1_date: '2021-03-15',
      patent2_name: '主轴冷却装置', patent2_number: 'ZL202020654321.0', patent2_type: 'utility', patent2_date: '2020-11-20',
      patent3_name: '刀库换刀机构', patent3_number: 'ZL202120111222.3', patent3_type: 'utility', patent3_date: '2021-08-02',
    };
    let r = await postProduct(c, id, { ...patents, product_revenue: '9000' });
    assert.equal(r.status, 303, r.errorFields);

    // 增加一行 with a field wrong ("12,00": separators only every three digits): nothing saved, everything typed comes back, the new row too.
    r = await postProduct(c, id, { ...patents, patent1_name: '改过的名称', product_revenue: '12,00', row_add: 'patent' });
    assert.equal(r.status, 422);
    assert.equal(r.inputValue('product_revenue'), '12,00');
    assert.equal(r.inputValue('patent1_name'), '改过的名称');
    assert.deepEqual(rowKeys(r, 'patent'), [1, 2, 3, 4]);
    assert.deepEqual(saved(id, ['patent_rows', 'patent1_name']), { patent_rows: '1,2,3', patent1_name: patents.patent1_name });

    // A scan for row 2 and row 3, through sme-upload's checks.
    page = await c.get(`/filing/${id}/product`);
    r = await upload(c, id, 'patent-2', page.csrf);
    assert.equal(r.status, 303);
    assert.match(r.location, new RegExp(`^/filing/${id}/product\\?scan=uploaded#row-patent-2$`));
    assert.equal((await upload(c, id, 'patent-3', page.csrf)).status, 303);
    // A second file for the same row is refused (one scan a row).
    r = await upload(c, id, 'patent-2', page.csrf);
    assert.match(r.location, /scanerr=full/);
    // No such row, or a table the kind does not have: 404.
    assert.equal((await upload(c, id, 'patent-9', page.csrf)).status, 404);
    assert.equal((await upload(c, id, 'bogus-1', page.csrf)).status, 404);
    page = await c.get(`/filing/${id}/product`);
    const row2 = find(page.body, { tag: 'tr', attrs: { id: 'row-patent-2' } });
    assert.match(row2.inner, /href="\/files\/\d+"/);
    assert.match(row2.text, /专利证书\.pdf/);

    // 删除 row 2: its values and its scan go; rows 1 and 3 stay as typed.
    r = await postProduct(c, id, { row_del: 'patent:2' });
    assert.equal(r.status, 303);
    assert.deepEqual(saved(id, ['patent_rows', 'patent2_name', 'patent2_number']), { patent_rows: '1,3', patent2_name: null, patent2_number: null });
    assert.equal(sql(`SELECT GROUP_CONCAT(slot ORDER BY slot) FROM attachment WHERE filing_id = ${id}`).trim(), 'patent-3');
    page = await c.get(`/filing/${id}/product`);
    assert.deepEqual(rowKeys(page, 'patent'), [1, 3]);
    assert.equal(page.inputValue('patent3_name'), patents.patent3_name);
    assert.equal((await upload(c, id, 'patent-2', page.csrf)).status, 404, 'a removed row takes no scan');
  });

  test('产品附证资料 rows hold 提供单位 and 提供时间; 其它附证资料 名称/发放时间/有效期; each cell checked', async () => {
    const id = draft(ent.username, 'product');
    assert.equal((await postProduct(c, id, { row_add: 'report' })).status, 303);
    assert.equal((await postProduct(c, id, { row_add: 'cert' })).status, 303);
    let r = await postProduct(c, id, {
      report1_name: '产品检测报告', report1_issuer: '国家机床质量监督检验中心', report1_issued: '2021-13-01',
      cert1_name: 'ISO9001质量管理体系认证证书', cert1_issued: '2020-09-04', cert1_valid_until: '2023-09-03',
    });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorsFor('report1_issued'), ['不是有效的日期']);
    assert.equal(r.inputValue('report1_issuer'), '国家机床质量监督检验中心');
    r = await postProduct(c, id, {
      report1_name: '产品检测报告', report1_issuer: '国家机床质量监督检验中心', report1_issued: '2021-12-01',
      cert1_name: 'ISO9001质量管理体系认证证书', cert1_issued: '2020-09-04', cert1_valid_until: '2023-09-03',
    });
    assert.equal(r.status, 303, r.errorFields);
    assert.deepEqual(saved(id, ['report1_issuer', 'cert1_valid_until']), { report1_issuer: '国家机床质量监督检验中心', cert1_valid_until: '2023-09-03' });
    const page = await c.get(`/filing/${id}/product`);
    assert.equal((await upload(c, id, 'report-1', page.csrf)).status, 303);
    assert.equal((await upload(c, id, 'cert-1', page.csrf)).status, 303);
    // A patent row left without its 授权号 is named at submission.
    assert.equal((await postProduct(c, id, { row_add: 'patent' })).status, 303);
    await postProduct(c, id, { patent1_name: '主轴冷却装置', patent1_number: '' });
    const p2 = await c.get(`/filing/${id}/basic`);
    r = await c.post(`/filing/${id}/submit`, { version: p2.inputValue('version') });
    assert.equal(r.status, 422);
    assert.ok(missing(r).includes('patent1_number'), missing(r).join(','));
    assert.ok(!missing(r).includes('patent_rows'));
  });
});

describe('certification filings start from the accepted library data (seed 002 "系统自动获取当前企业的已有信息")', () => {
  /** An accepted entry filing of year Y with seed 004's own figures. */
  function acceptedEntry(username) {
    const id = Number(sql(`INSERT INTO filing (enterprise_id, kind, class, year, state, created_at, updated_at)
      SELECT enterprise_id, 'entry', 'mfg', ${Y}, 'accepted', UTC_TIMESTAMP(), UTC_TIMESTAMP()
      FROM account WHERE username = '${username}'; SELECT LAST_INSERT_ID();`).trim());
    const v = {
      address: '南京市江宁区秣陵街道', postcode: '210001', legal_rep: '闫国伦', legal_rep_phone: '025-88888888',
      contact: '承女士', contact_mobile: '13812345678', founded: '2020-09-04', ent_type: 'state',
      assets_total: '202012.00', liabilities_total: '20201.00', employees: '188', rd_staff: '150',
      cluster: '15', chains: '44', rd_institution: 'city', patents_invention: '3', patents_utility: '5',
      giant_province_date: `${Y - 2}-12-01`, segment_years: '8',
    };
    // 经营指标 as seed 004's example: 11..15, 21..25, 30..34, 40..44, 50..54 (the last 预计).
    [['revenue', 11], ['main_revenue', 21], ['profit', 30], ['tax', 40], ['rd_invest', 50]].forEach(([row, base]) => {
      for (let i = 0; i < 5; i++) v[`${row}_${Y - 4 + i}`] = String(base + i);
    });
    sql(`INSERT INTO filing_value (filing_id, name, value) VALUES ${Object.entries(v).map(([k, x]) => `(${id}, '${k}', '${x}')`).join(',')}`);
    return id;
  }

  test('a 小巨人 filing shows 基本情况, 经营情况 (years it asks), 研发 and titles filled and marked until saved', async () => {
    adminOk(['window-set', '--kind', 'giant-mfg', '--year', String(Y), '--opens', `${Y}-01-01`, '--closes', `${Y}-12-31`]);
    const ent = createEnterprise();
    acceptedEntry(ent.username);
    const c = await session(ent.username, ent.password);
    const id = await newFiling(c, { kind: 'giant-mfg', level: 'province' });
    let basic = await c.get(`/filing/${id}/basic`);
    assert.equal(basic.inputValue('assets_total'), '202012.00');
    assert.equal(basic.inputValue('employees'), '188');
    assert.equal(basic.inputValue('founded'), '2020-09-04');
    const mark = find(basic.body, { attrs: { class: 'prefilled' } });
    assert.ok(mark, 'the copied section is marked');
    assert.match(mark.text, new RegExp(`已从${Y}年新增入库申报（审核通过）带入，请核对后保存`));
    const ops = await c.get(`/filing/${id}/operations`);
    assert.equal(ops.inputValue(`revenue_${Y - 1}`), '14');
    assert.equal(ops.inputValue(`main_revenue_${Y - 4}`), '21');
    // The source's forecast year is this filing's own forecast: left to type.
    assert.equal(ops.inputValue(`revenue_${Y}`), null);
    assert.ok(find(ops.body, { attrs: { class: 'prefilled' } }));
    assert.equal((await c.get(`/filing/${id}/rnd`)).body.includes('value="3"'), true);
    const titles = await c.get(`/filing/${id}/titles`);
    assert.equal(titles.inputValue('giant_province_date'), `${Y - 2}-12-01`);
    // Saving 基本情况 confirms it: its mark goes, the others' stay.
    const r = await postSection(c, id, 'basic', sectionFields(basic, Y, { assets_total: '202012.00' }));
    assert.equal(r.status, 303, r.errorFields);
    basic = await c.get(`/filing/${id}/basic`);
    assert.equal(find(basic.body, { attrs: { class: 'prefilled' } }), null);
    assert.ok(find((await c.get(`/filing/${id}/operations`)).body, { attrs: { class: 'prefilled' } }));
  });

  test('a 专精特新产品 filing takes 基本情况 and 经营情况 but not the 产品信息 of the library', async () => {
    adminOk(['window-set', '--kind', 'product', '--year', String(Y), '--opens', `${Y}-01-01`, '--closes', `${Y}-12-31`]);
    const ent = createEnterprise();
    acceptedEntry(ent.username);
    const c = await session(ent.username, ent.password);
    const id = await newFiling(c, { kind: 'product', level: 'province', subject: '五轴联动数控机床' });
    assert.equal((await c.get(`/filing/${id}/basic`)).inputValue('liabilities_total'), '20201.00');
    assert.equal((await c.get(`/filing/${id}/operations`)).inputValue(`tax_${Y - 2}`), '42');
    assert.equal(savedValue(id, 'segment_years'), null, 'the product form has no 从事细分领域时间');
    // An enterprise with nothing accepted starts blank, unmarked.
    const other = createEnterprise();
    const c2 = await session(other.username, other.password);
    const id2 = await newFiling(c2, { kind: 'product', level: 'province', subject: '五轴联动数控机床' });
    const b2 = await c2.get(`/filing/${id2}/basic`);
    assert.equal(b2.inputValue('assets_total'), null);
    assert.equal(find(b2.body, { attrs: { class: 'prefilled' } }), null);
  });
});

describe('fields seed 004 has', () => {
  test('基本情况 has 传真 and 法定代表人手机, checked', async () => {
    const id = draft(ent.username, 'giant-innov');
    const page = await c.get(`/filing/${id}/basic`);
    assert.match(page.text, /传真/);
    assert.match(page.text, /法定代表人手机/);
    let r = await postSection(c, id, 'basic', sectionFields(page, Y, { legal_rep_mobile: '1865', fax: '025-传真' }));
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorFields.sort(), ['fax', 'legal_rep_mobile']);
    assert.equal(r.inputValue('legal_rep_mobile'), '1865');
    const again = await c.get(`/filing/${id}/basic`);
    r = await postSection(c, id, 'basic', sectionFields(again, Y, { legal_rep_mobile: '18651234567', fax: '025-84561236' }));
    assert.equal(r.status, 303);
    assert.equal(savedValue(id, 'fax'), '025-84561236');
  });

  test('the 制造类 and 创新类 forms end with 本次认定申报服务满意度评价; the product form does not', async () => {
    for (const kind of ['giant-mfg', 'giant-innov']) {
      const id = draft(ent.username, kind);
      const keys = sectionKeys(await c.get(`/filing/${id}/basic`));
      assert.equal(keys.at(-1), 'survey', kind);
      const page = await c.get(`/filing/${id}/survey`);
      assert.match(page.text, /本次认定申报服务满意度评价/);
      const sel = controls(page).find((x) => x.name === 'satisfaction');
      assert.deepEqual(sel.options, ['very', 'good', 'fair', 'poor']);
      assert.equal((await postSection(c, id, 'survey', sectionFields(page, Y, { satisfaction: 'excellent' }))).status, 422);
      assert.equal((await postSection(c, id, 'survey', sectionFields(page, Y, { satisfaction: 'good' }))).status, 303);
    }
    const pid = draft(ent.username, 'product');
    assert.ok(!sectionKeys(await c.get(`/filing/${pid}/basic`)).includes('survey'));
  });

  test('产业链 offered for the chosen 产业集群 (核心软件 -> 信息技术应用创新, 工业软件); another cluster\'s chain refused', async () => {
    const id = draft(ent.username, 'giant-mfg');
    let page = await c.get(`/filing/${id}/basic`);
    // 特高压设备 (1) is of 新型电力和新能源装备; with 核心软件 (15) it is refused.
    let r = await postSection(c, id, 'basic', sectionFields(page, Y, { cluster: '15', chains: '1' }));
    assert.equal(r.status, 422);
    assert.match(r.errorsFor('chains')[0], /不属于所选的重点产业集群/);
    page = await c.get(`/filing/${id}/basic`);
    const f = sectionFields(page, Y, { cluster: '15', chains: '44' });
    f.append('chains', '45');
    r = await postSection(c, id, 'basic', f);
    assert.equal(r.status, 303, r.errorFields);
    assert.equal(savedValue(id, 'chains'), '44,45');
    page = await c.get(`/filing/${id}/basic`);
    // Without JavaScript the saved cluster's chains are the ones shown.
    const shown = findAll(page.body, { tag: 'label', attrs: { 'data-cluster': true } })
      .filter((l) => !('hidden' in l.attrs)).map((l) => l.text);
    assert.deepEqual(shown, ['信息技术应用创新', '工业软件']);
  });
});

describe('复核 and 金湖 as the seeds have them', () => {
  /** An imported title of the enterprise account username. */
  function title(username, kind, granted, product) {
    sql(`INSERT INTO title (enterprise_id, kind, level, product, granted_on, valid_until, source, created_at)
      SELECT enterprise_id, '${kind}', 'province', ${product ? `'${product}'` : 'NULL'}, '${granted}',
      '${granted}' + INTERVAL 3 YEAR, 'imported', UTC_TIMESTAMP() FROM account WHERE username = '${username}'`);
  }

  // Seed 004 §3 "复核认定操作流程，参照新认定申报"; FAQ 7 "申报复核一个即可".
  test('a recheck fills its title\'s form; with both titles expired the other may be rechecked too, the same one not twice', async () => {
    adminOk(['window-set', '--kind', 'recheck', '--year', String(Y), '--opens', `${Y}-01-01`, '--closes', `${Y}-12-31`]);
    const e = createEnterprise();
    title(e.username, 'giant-innov', '2015-11-20');
    title(e.username, 'product', '2016-05-01', '旧款伺服驱动器');
    const ce = await session(e.username, e.password);
    const giant = await newFiling(ce, { kind: 'recheck', level: 'province' });
    const keys = sectionKeys(await ce.get(`/filing/${giant}/basic`));
    assert.deepEqual(keys, ['basic', 'products', 'operations', 'rnd', 'financing', 'survey'], 'the 创新类 form');
    const att = await ce.get(`/filing/${giant}/attachments`);
    assert.match(att.text, /核心团队情况证明材料/);
    assert.doesNotMatch(att.text, /企业主营产品市场占有率证明材料/, '创新类 has no 市场占有率 slot');
    // FAQ 7: the product title may be rechecked as well; the 小巨人 title not twice a year.
    const product = await newFiling(ce, { kind: 'recheck', level: 'province', subject: '旧款伺服驱动器' });
    assert.deepEqual(sectionKeys(await ce.get(`/filing/${product}/basic`)), ['basic', 'product', 'operations', 'rnd']);
    const assess = await ce.get(`/filing/${product}/assessment`);
    assert.ok(find(assess.body, { tag: 'section', attrs: { 'data-scheme': 'js-product' } }), 'assessed as a product');
    assert.equal(find(assess.body, { tag: 'section', attrs: { 'data-scheme': 'js-giant-mfg' } }), null);
    await ce.get('/filing');
    const again = await ce.post('/filing/new', { kind: 'recheck', level: 'province' });
    assert.equal(again.status, 409);
    assert.match(again.text, /本年度已有一份同类申报/);
  });

  // Seed 003 附件2: "拥有申报或授权的发明专利".
  test('金湖: one invention patent applied for meets "拥有申报或授权的发明专利"', async () => {
    const e = createEnterprise({ region: '320831' });
    const ce = await session(e.username, e.password);
    const id = Number(sql(`INSERT INTO filing (enterprise_id, kind, class, year, state, created_at, updated_at)
      SELECT enterprise_id, 'entry', 'mfg', ${Y}, 'draft', UTC_TIMESTAMP(), UTC_TIMESTAMP()
      FROM account WHERE username = '${e.username}'; SELECT LAST_INSERT_ID();`).trim());
    const rnd = await ce.get(`/filing/${id}/rnd`);
    assert.match(rnd.text, /已申请尚未授权的发明专利/);
    let r = await postSection(ce, id, 'rnd', sectionFields(rnd, Y, { patents_invention: '0', patents_invention_applied: '1' }));
    assert.equal(r.status, 303);
    const rule = () => ce.get(`/filing/${id}/assessment`).then((p) => find(p.body, { attrs: { 'data-rule': 'jinhu-entry-mfg/3c' } }));
    assert.equal((await rule()).attrs['data-result'], 'met');
    r = await postSection(ce, id, 'rnd', sectionFields(await ce.get(`/filing/${id}/rnd`), Y, { patents_invention: '0', patents_invention_applied: '0' }));
    assert.equal(r.status, 303);
    assert.equal((await rule()).attrs['data-result'], 'unmet');
  });
});

// titles.test.mjs - sme-title: the province publishes accepted certification
// filings for public notice (公示), anyone reads the list (names and
// products, never figures), titles are granted only after the notice period,
// valid three years, and the enterprise sees them; other roles get 403/404.
// Then the combination rules of seed 004 FAQ 10 through POST /filing/new.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { before, describe, test } from 'node:test';
import {
  BASE, Client, DEMO_PASSWORD, createEnterprise, createReviewer, find, findAll, session, sql, useStack,
  uscc,
} from '../harness/index.mjs';

useStack();

// A filing year of its own, so lists from other tests or runs stay apart.
const YEAR = 2040 + randomInt(50);
// Figures the seeded filings carry: the public page must show none of them.
const FIGURES = ['87654.32', '13579.24', '24680.13'];

/** YYYY-MM-DD of today + days in China Standard Time (the pages' day). */
function dayCst(days = 0) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

/** Same day three years later (FAQ 8), as MariaDB's + INTERVAL 3 YEAR gives it. */
function plusYears(d, n) {
  const [y, m, day] = d.split('-').map(Number);
  const last = new Date(Date.UTC(y + n, m, 0)).getUTCDate(); // Feb 29 -> Feb 28
  return `${y + n}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** An accepted certification filing of ent, with figures in its values; its id. */
function acceptedFiling(ent, kind, { level = 'province', subject = null } = {}) {
  const subj = subject == null ? 'NULL' : `'${subject}'`;
  sql(`INSERT INTO filing (enterprise_id, kind, level, year, subject, state, created_at, updated_at)
       SELECT id, '${kind}', '${level}', ${YEAR}, ${subj}, 'accepted', UTC_TIMESTAMP(), UTC_TIMESTAMP()
       FROM enterprise WHERE uscc = '${ent.uscc}'`);
  const id = Number(sql(`SELECT MAX(f.id) FROM filing f JOIN enterprise e ON e.id = f.enterprise_id
       WHERE e.uscc = '${ent.uscc}'`).trim());
  sql(`INSERT INTO filing_value (filing_id, name, value) VALUES
       (${id}, 'revenue_${YEAR - 1}', '${FIGURES[0]}'), (${id}, 'profit_${YEAR - 1}', '${FIGURES[1]}'),
       (${id}, 'assets_total', '${FIGURES[2]}')`);
  return id;
}

function ruleMessage(code) {
  return sql(`SELECT message FROM combination_rule WHERE code = '${code}'`).trim();
}

/** The published lists on /titles/publish: [{ id, state, title, href, grant }]. */
function lists(page) {
  return findAll(page.body, { tag: 'tr', attrs: { 'data-publication': true } }).map((tr) => ({
    id: tr.attrs['data-publication'],
    state: tr.attrs['data-state'],
    title: find(tr.inner, { tag: 'a' })?.text,
    href: find(tr.inner, { tag: 'a' })?.attrs.href,
    grant: find(tr.inner, { tag: 'form' })?.attrs.action ?? null,
  }));
}

describe('public notice and grant of titles', () => {
  let prov; let entA; let entB; let entC; let listId; let productListId;
  const heading = `${YEAR}年度省级专精特新小巨人企业（制造类）认定名单公示`;

  before(async () => {
    entA = createEnterprise({ name: `公示甲精密机械${YEAR}有限公司` });
    entB = createEnterprise({ name: `公示乙<b>智能</b>装备${YEAR}有限公司`, region: '320104' });
    entC = createEnterprise({ name: `公示丙传感${YEAR}有限公司` });
    acceptedFiling(entA, 'giant-mfg');
    acceptedFiling(entB, 'giant-mfg');
    acceptedFiling(entC, 'product', { subject: '高精度压力传感器' });
    // A filing still in review is not a candidate.
    sql(`INSERT INTO filing (enterprise_id, kind, level, year, state, created_at, updated_at)
         SELECT id, 'giant-mfg', 'province', ${YEAR}, 'province', UTC_TIMESTAMP(), UTC_TIMESTAMP()
         FROM enterprise WHERE uscc = '${entC.uscc}'`);
    prov = await session('demo_prov', DEMO_PASSWORD);
  });

  test('publish_page_lists_accepted_filings_not_yet_published', async () => {
    const p = await prov.get(`/titles/publish?year=${YEAR}&kind=giant-mfg&level=province`);
    assert.equal(p.status, 200);
    const names = findAll(p.body, { tag: 'tr', attrs: { 'data-filing': true } })
      .map((tr) => findAll(tr.inner, { tag: 'td' })[1].text);
    assert.deepEqual(names.sort(), [entA.name, entB.name].sort());
    assert.ok(!p.body.includes('<b>智能</b>'), 'names are escaped');
  });

  test('publish_refuses_a_period_that_ends_before_it_starts', async () => {
    await prov.get(`/titles/publish?year=${YEAR}&kind=giant-mfg&level=province`);
    const r = await prov.post('/titles/publish', {
      year: YEAR, kind: 'giant-mfg', level: 'province', opened: dayCst(0), closes: dayCst(-3),
    });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorsFor('closes'), ['公示截止日期不能早于开始日期']);
    assert.equal(r.inputValue('closes'), dayCst(-3), 'input kept');
    const bad = await prov.post('/titles/publish', {
      year: YEAR, kind: 'giant-mfg', level: 'province', opened: '2026-02-30', closes: dayCst(4),
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.errorsFor('opened').length, 1);
  });

  test('publish_without_csrf_is_403', async () => {
    const r = await prov.post('/titles/publish', {
      csrf: null, year: YEAR, kind: 'giant-mfg', level: 'province', opened: dayCst(0), closes: dayCst(4),
    });
    assert.equal(r.status, 403);
  });

  test('publish_makes_a_list_and_audits_it', async () => {
    await prov.get(`/titles/publish?year=${YEAR}&kind=giant-mfg&level=province`);
    const r = await prov.post('/titles/publish', {
      year: YEAR, kind: 'giant-mfg', level: 'province', opened: dayCst(0), closes: dayCst(4),
    });
    assert.equal(r.status, 303);
    assert.match(r.location, /^\/titles\/publish\?msg=published/);
    const p = await prov.get(r.location);
    assert.equal(p.noticeText, '名单已发布公示。');
    const mine = lists(p).find((l) => l.title === heading);
    assert.ok(mine, `a list "${heading}" on ${lists(p).map((l) => l.title).join(' / ')}`);
    assert.equal(mine.state, 'notice');
    listId = mine.id;
    assert.equal(mine.href, `/titles/public/${listId}`);
    assert.equal(findAll(p.body, { tag: 'tr', attrs: { 'data-filing': true } }).length, 0, 'no candidates left');
    assert.equal(sql(`SELECT COUNT(*) FROM audit WHERE action = 'title_publish' AND object_id = '${listId}'`).trim(), '1');
    // Nothing left to publish: 422 on filings.
    const again = await prov.post('/titles/publish', {
      year: YEAR, kind: 'giant-mfg', level: 'province', opened: dayCst(0), closes: dayCst(4),
    });
    assert.equal(again.status, 422);
    assert.equal(again.errorsFor('filings').length, 1);
  });

  test('public_page_shows_names_without_login_and_never_figures', async () => {
    const anon = new Client();
    const p = await anon.get(`/titles/public/${listId}`);
    assert.equal(p.status, 200);
    assert.equal(find(p.body, { tag: 'h1' })?.text, heading);
    const names = findAll(p.body, { tag: 'td', attrs: { class: 'name' } }).map((e) => e.text);
    assert.deepEqual(names.sort(), [entA.name, entB.name].sort());
    assert.ok(!names.includes(entC.name), 'a filing in review is not on the list');
    assert.equal(find(p.body, { attrs: { id: 'opened' } })?.text, dayCst(0));
    assert.equal(find(p.body, { attrs: { id: 'closes' } })?.text, dayCst(4));
    for (const f of FIGURES) assert.ok(!p.body.includes(f), `figure ${f} is not shown`);
    assert.ok(!p.body.includes(entA.uscc), 'no credit code either');
    assert.ok(!p.body.includes('<b>智能</b>'));
    const index = await anon.get('/titles/public');
    assert.equal(index.status, 200);
    assert.ok(find(index.body, { tag: 'a', attrs: { href: `/titles/public/${listId}` } }));
  });

  test('product_list_shows_the_product', async () => {
    await prov.get(`/titles/publish?year=${YEAR}&kind=product&level=province`);
    const r = await prov.post('/titles/publish', {
      year: YEAR, kind: 'product', level: 'province', opened: dayCst(-10), closes: dayCst(-1),
    });
    assert.equal(r.status, 303);
    const p = await prov.get(r.location);
    productListId = lists(p).find((l) => l.title === `${YEAR}年度省级专精特新产品认定名单公示`)?.id;
    assert.ok(productListId);
    const pub = await new Client().get(`/titles/public/${productListId}`);
    assert.deepEqual(findAll(pub.body, { tag: 'tr', attrs: { class: 'entry' } })
      .map((tr) => [find(tr.inner, { attrs: { class: 'name' } }).text, find(tr.inner, { attrs: { class: 'product' } }).text]),
    [[entC.name, '高精度压力传感器']]);
  });

  test('public_page_of_no_list_is_404', async () => {
    const anon = new Client();
    assert.equal((await anon.get('/titles/public/999999999')).status, 404);
    assert.equal((await anon.get('/titles/public/abc')).status, 404);
    assert.equal((await anon.get('/titles/public/0')).status, 404);
  });

  test('grant_is_refused_during_the_notice_period', async () => {
    await prov.get('/titles/publish');
    const r = await prov.post(`/titles/grant/${listId}`);
    assert.equal(r.status, 409);
    assert.equal(r.errorText, `公示期至${dayCst(4)}结束，公示期满后方可认定。`);
    assert.equal(sql(`SELECT COUNT(*) FROM title WHERE publication_id = ${listId}`).trim(), '0');
  });

  test('other_roles_may_not_publish_or_grant', async () => {
    const ent = await session(entA.username, entA.password);
    assert.equal((await ent.get('/titles/publish')).status, 403);
    assert.equal((await ent.post(`/titles/grant/${listId}`)).status, 403);
    assert.equal((await ent.post('/titles/publish', {
      year: YEAR, kind: 'giant-mfg', level: 'province', opened: dayCst(0), closes: dayCst(4),
    })).status, 403);
    // A county reviewer whose city decides 市县 titles may read the page, not publish.
    const county = await session('demo_county', DEMO_PASSWORD);
    const cp = await county.get('/titles/publish');
    assert.equal(cp.status, 200);
    assert.equal(find(cp.body, { tag: 'form', attrs: { action: '/titles/publish', method: 'post' } }), null);
    assert.equal((await county.post('/titles/publish', {
      year: YEAR, kind: 'giant-mfg', level: 'local', opened: dayCst(0), closes: dayCst(4),
    })).status, 403);
    assert.equal((await county.get('/titles/mine')).status, 403);
    const city = createReviewer({ role: 'city', region: '320100' });
    const cc = await session(city.username, city.password);
    // The province's list is not a city's to grant, nor a 省级 list its to publish.
    await cc.get('/titles/publish');
    assert.equal((await cc.post(`/titles/grant/${listId}`)).status, 404);
    assert.equal((await cc.post('/titles/publish', {
      year: YEAR, kind: 'giant-mfg', level: 'province', opened: dayCst(0), closes: dayCst(4),
    })).status, 403);
    const anon = new Client();
    const a = await anon.get('/titles/publish');
    assert.equal(a.status, 303);
    assert.match(a.location, /^\/login/);
    assert.equal(sql(`SELECT state FROM publication WHERE id = ${listId}`).trim(), 'notice');
  });

  test('grant_after_the_notice_period_records_titles_valid_three_years', async () => {
    // The notice period has run: it ended yesterday.
    sql(`UPDATE publication SET opened = '${dayCst(-6)}', closes = '${dayCst(-1)}' WHERE id = ${listId}`);
    await prov.get('/titles/publish');
    const r = await prov.post(`/titles/grant/${listId}`);
    assert.equal(r.status, 303);
    assert.equal(r.location, '/titles/publish?msg=granted');
    const p = await prov.get(r.location);
    assert.equal(lists(p).find((l) => l.id === listId)?.state, 'granted');
    assert.equal(lists(p).find((l) => l.id === listId)?.grant, null, 'no second grant offered');
    const again = await prov.post(`/titles/grant/${listId}`);
    assert.equal(again.status, 409);
    assert.equal(sql(`SELECT COUNT(*) FROM title WHERE publication_id = ${listId}`).trim(), '2');
    assert.equal(sql(`SELECT COUNT(*) FROM audit WHERE action = 'title_grant' AND object_id = '${listId}'`).trim(), '1');
    const pub = await new Client().get(`/titles/public/${listId}`);
    assert.equal(find(pub.body, { attrs: { id: 'state' } })?.text, '公示期满，已完成认定');
  });

  test('enterprise_sees_its_titles_and_validity', async () => {
    const ent = await session(entA.username, entA.password);
    const p = await ent.get('/titles/mine');
    assert.equal(p.status, 200);
    const rows = findAll(p.body, { tag: 'tr', attrs: { 'data-kind': true } });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].attrs['data-kind'], 'giant-mfg');
    assert.equal(rows[0].attrs['data-validity'], 'valid');
    const cell = (cls) => find(rows[0].inner, { attrs: { class: cls } })?.text;
    assert.equal(cell('granted'), dayCst(0));
    assert.equal(cell('valid-until'), plusYears(dayCst(0), 3));
    assert.match(rows[0].text, /专精特新小巨人企业（制造类）.*省级.*有效/);
    assert.ok(!p.body.includes(entB.name), 'only its own titles');
    // An enterprise without titles (its product list is still to be granted).
    const c = await session(entC.username, entC.password);
    const pc = await c.get('/titles/mine');
    assert.equal(findAll(pc.body, { tag: 'tr', attrs: { 'data-kind': true } }).length, 0);
    assert.ok(pc.text.includes('暂无认定称号'));
    assert.ok(find(pc.body, { tag: 'a', attrs: { href: `/titles/public/${productListId}` } }), 'its list in notice is linked');
    // An expired title says so.
    sql(`UPDATE title SET granted_on = '2019-01-10', valid_until = '2022-01-10'
         WHERE enterprise_id = (SELECT id FROM enterprise WHERE uscc = '${entB.uscc}')`);
    const b = await session(entB.username, entB.password);
    const pb = await b.get('/titles/mine');
    const rb = findAll(pb.body, { tag: 'tr', attrs: { 'data-kind': true } });
    assert.equal(rb[0].attrs['data-validity'], 'expired');
    assert.ok(rb[0].text.includes('已过期'));
  });

  test('province_home_links_to_publication', async () => {
    const home = await prov.get('/home');
    assert.ok(find(home.body, { tag: 'a', attrs: { href: '/titles/publish' } }));
    const ent = await session(entA.username, entA.password);
    const eh = await ent.get('/home');
    assert.ok(find(eh.body, { tag: 'a', attrs: { href: '/titles/mine' } }));
    assert.ok(!find(eh.body, { tag: 'a', attrs: { href: '/titles/publish' } }));
  });

  // The combination rules through the lead's POST /filing/new (sme-filing).
  describe('combination rules at POST /filing/new', () => {
    let filingUp = false;
    before(async () => {
      const r = await fetch(`${BASE}/filing`, { redirect: 'manual' }).catch(() => null);
      filingUp = r != null && r.status !== 404 && r.status < 500;
    });

    async function newFiling(acct, fields) {
      const c = await session(acct.username, acct.password);
      await c.get('/filing');
      return c.post('/filing/new', fields);
    }

    test('valid_giant_mfg_refuses_giant_innov_naming_faq10', async (t) => {
      if (!filingUp) return t.skip('sme-filing is not running');
      const r = await newFiling(entA, { kind: 'giant-innov', level: 'province' });
      assert.equal(r.status, 409);
      assert.ok(r.text.includes(ruleMessage('FAQ10-4b')), r.text);
    });

    test('valid_giant_mfg_refuses_a_second_giant_mfg_naming_faq8', async (t) => {
      if (!filingUp) return t.skip('sme-filing is not running');
      const r = await newFiling(entA, { kind: 'giant-mfg', level: 'province' });
      assert.equal(r.status, 409);
      assert.ok(r.text.includes(ruleMessage('FAQ8-a')), r.text);
    });

    test('valid_giant_allows_a_product_application_faq10', async (t) => {
      if (!filingUp) return t.skip('sme-filing is not running');
      const r = await newFiling(entA, { kind: 'product', level: 'province', subject: '数控磨床主轴' });
      assert.equal(r.status, 303, r.text);
      assert.match(r.location, /^\/filing\/\d+\//);
    });

    test('expired_giant_mfg_no_longer_refuses_giant_innov', async (t) => {
      if (!filingUp) return t.skip('sme-filing is not running');
      const r = await newFiling(entB, { kind: 'giant-innov', level: 'province' });
      assert.equal(r.status, 303, r.text);
    });

    test('enterprise_outside_the_library_may_not_apply', async (t) => {
      if (!filingUp) return t.skip('sme-filing is not running');
      const out = createEnterprise({ inLibrary: false });
      const r = await newFiling(out, { kind: 'giant-mfg', level: 'province' });
      assert.equal(r.status, 409);
      assert.ok(r.text.includes('仅已进入培育库并经县（市、区）工信部门审核确认的企业可以申报认定'), r.text);
    });
  });
});

// Titles granted before the platform, imported by the province: 2012-2016 and
// 2018 小巨人 may apply for 复核 (seed 004, 复核认定); FAQ 7 allows one.
describe('import of earlier titles and 复核', () => {
  let prov; let entD; let entE;
  before(async () => {
    entD = createEnterprise({ name: `历史小巨人${YEAR}有限公司` });
    entE = createEnterprise({ name: `历史产品${YEAR}有限公司` });
    prov = await session('demo_prov', DEMO_PASSWORD);
  });

  test('import_with_a_wrong_line_writes_nothing_and_names_the_lines', async () => {
    await prov.get('/titles/import');
    const rows = [
      `${entD.uscc},小巨人企业（制造类）,省级,2015-11-20`,
      `${entE.uscc},小巨人企业,省级,2016-05-01`,
      `${uscc('320102')},专精特新产品,省级,2016-05-01,某产品`,
      `${entE.uscc}，专精特新产品，省级，2016-02-30，某产品`,
    ].join('\n');
    const r = await prov.post('/titles/import', { rows });
    assert.equal(r.status, 422);
    assert.deepEqual(r.errorsFor('rows'), [
      '第2行：称号应为专精特新产品、小巨人企业（制造类）或小巨人企业（创新类）',
      '第3行：平台上没有该统一社会信用代码的企业',
      '第4行：认定日期应为YYYY-MM-DD格式的有效日期',
    ]);
    assert.equal(find(r.body, { tag: 'textarea', attrs: { name: 'rows' } })?.inner, rows.replace(/\n/g, '\n'));
    assert.equal(sql(`SELECT COUNT(*) FROM title t JOIN enterprise e ON e.id = t.enterprise_id
      WHERE e.uscc IN ('${entD.uscc}', '${entE.uscc}')`).trim(), '0');
  });

  test('import_writes_titles_once_with_three_years_validity', async () => {
    await prov.get('/titles/import');
    const rows = `${entD.uscc},小巨人企业（制造类）,省级,2015-11-20\n\n${entE.uscc.toLowerCase()}\t专精特新产品\t省级\t2016-05-01\t旧款伺服驱动器\n`;
    const r = await prov.post('/titles/import', { rows });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, '/titles/import?msg=imported');
    const again = await prov.post('/titles/import', { rows });
    assert.equal(again.status, 303);
    assert.equal(sql(`SELECT COUNT(*) FROM title t JOIN enterprise e ON e.id = t.enterprise_id
      WHERE e.uscc IN ('${entD.uscc}', '${entE.uscc}')`).trim(), '2', 'the same title is imported once');
    const d = await session(entD.username, entD.password);
    const page = await d.get('/titles/mine');
    const rowsD = findAll(page.body, { tag: 'tr', attrs: { 'data-kind': true } });
    assert.equal(rowsD.length, 1);
    assert.equal(rowsD[0].attrs['data-validity'], 'expired');
    assert.equal(find(rowsD[0].inner, { attrs: { class: 'valid-until' } })?.text, '2018-11-20');
    assert.ok(rowsD[0].text.includes('历史认定（导入）'));
    const e = await session(entE.username, entE.password);
    const pe = await e.get('/titles/mine');
    assert.ok(pe.text.includes('旧款伺服驱动器'));
  });

  test('only_the_province_imports', async () => {
    const county = await session('demo_county', DEMO_PASSWORD);
    assert.equal((await county.get('/titles/import')).status, 403);
    const d = await session(entD.username, entD.password);
    assert.equal((await d.post('/titles/import', { rows: `${entD.uscc},小巨人企业（创新类）,省级,2015-01-01` })).status, 403);
  });

  describe('复核 at POST /filing/new', () => {
    let filingUp = false;
    before(async () => {
      const r = await fetch(`${BASE}/filing`, { redirect: 'manual' }).catch(() => null);
      filingUp = r != null && r.status !== 404 && r.status < 500;
    });
    async function newFiling(acct, fields) {
      const c = await session(acct.username, acct.password);
      await c.get('/filing');
      return c.post('/filing/new', fields);
    }

    test('recheck_of_a_2015_giant_is_allowed_once_faq7', async (t) => {
      if (!filingUp) return t.skip('sme-filing is not running');
      const r = await newFiling(entD, { kind: 'recheck', level: 'province' });
      assert.equal(r.status, 303, r.text);
      // FAQ 7 "申报复核一个即可" permits, not forbids (migration 032); the same
      // title's second recheck in a year is refused as any second filing is.
      const second = await newFiling(entD, { kind: 'recheck', level: 'province' });
      assert.equal(second.status, 409);
      assert.match(second.text, /本年度已有一份同类申报/);
    });

    test('recheck_without_an_eligible_title_is_refused', async (t) => {
      if (!filingUp) return t.skip('sme-filing is not running');
      const none = createEnterprise();
      const r = await newFiling(none, { kind: 'recheck', level: 'province' });
      assert.equal(r.status, 409);
      assert.ok(r.text.includes(ruleMessage('RECHECK')), r.text);
    });
  });
});

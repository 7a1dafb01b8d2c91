// ministry.test.mjs - the Ministry's yearly update of national 小巨人
// enterprises (seed 002: "国家专精特新'小巨人'企业需于3月1日-4月30日同步在工信部
// 优质中小企业梯度培育平台上进行年度信息更新"): sme-admin remind-ministry texts
// them on 3月1日 and 4月15日 only, once a year each, through the outbox; the
// province's workbook has one row per such enterprise with its year's data
// under the annual form's groups (基本信息, 经营情况, 创新能力).
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { before, describe, test } from 'node:test';
import {
  adminOk, createEnterprise, DEMO_PASSWORD, session, sql, useStack,
} from '../harness/index.mjs';
import { enterpriseId, lit, submittedFiling } from '../harness/review.mjs';
import { sheetGrid as sheetRows } from '../harness/xlsx.mjs';

useStack();

// A year of its own: titles valid in it are this run's only.
const YEAR = 2040 + randomInt(50);
const Y1 = YEAR - 1;

/** A title of ent: kind, level, granted on, valid three years. */
function title(ent, kind, level, granted) {
  sql(`INSERT INTO title (enterprise_id, kind, level, granted_on, valid_until, source, created_at)
       VALUES (${enterpriseId(ent.username)}, '${kind}', '${level}', '${granted}',
       DATE_ADD('${granted}', INTERVAL 3 YEAR), 'imported', UTC_TIMESTAMP())`);
}

function mobileOf(ent, mobile) {
  sql(`UPDATE account SET mobile = ${lit(mobile)} WHERE username = ${lit(ent.username)}`);
}

/** Outbox texts of kind ministry_update to mobile. */
function reminders(mobile) {
  return sql(`SELECT text FROM sms_outbox WHERE kind = 'ministry_update' AND to_mobile = ${lit(mobile)} ORDER BY id`)
    .split('\n').filter(Boolean);
}

describe('the Ministry\'s update', () => {
  let a; let b; let prov; let expired;
  const mob = () => `139${String(randomInt(1e8)).padStart(8, '0')}`;
  const mA = mob(); const mB = mob(); const mP = mob(); const mE = mob();

  before(async () => {
    a = createEnterprise({ region: '320102', prefix: 'mia' });
    b = createEnterprise({ region: '320583', prefix: 'mib' });
    prov = createEnterprise({ region: '320102', prefix: 'mip' });
    expired = createEnterprise({ region: '320102', prefix: 'mie' });
    for (const [e, m] of [[a, mA], [b, mB], [prov, mP], [expired, mE]]) mobileOf(e, m);
    title(a, 'giant-mfg', 'national', `${Y1}-07-01`);
    title(b, 'giant-innov', 'national', `${YEAR}-01-10`);
    title(prov, 'giant-mfg', 'province', `${Y1}-07-01`);
    title(expired, 'giant-mfg', 'national', `${YEAR - 5}-01-10`);
    // 甲's figures of the year before, from its accepted update filing of the year.
    const values = {
      legal_rep: '王五', contact: '赵六', contact_mobile: mA, address: '南京市玄武区珠江路88号',
      [`revenue_${Y1}`]: '23456.78', [`main_revenue_${Y1}`]: '21000.5', [`profit_${Y1}`]: '1234.5',
      [`net_profit_${Y1}`]: '987.25', [`tax_${Y1}`]: '456', assets_total: '34567.8',
      liabilities_total: '12345.6', employees: '321', [`rd_invest_${Y1}`]: '1500',
      [`rd_expense_${Y1}`]: '1400.4', rd_staff: '65', ip_class1: '7', ip_class2: '12',
    };
    const f = submittedFiling(enterpriseId(a.username), { kind: 'update', year: YEAR, values });
    sql(`UPDATE filing SET state = 'accepted' WHERE id = ${f.id}`);
  });

  test('reminders_go_on_march_1_and_april_15_only_once_a_year_each', () => {
    assert.match(adminOk(['remind-ministry', '--on', `${YEAR}-03-02`]), /no reminder day/);
    assert.deepEqual(reminders(mA), []);
    const out = adminOk(['remind-ministry', '--on', `${YEAR}-03-01`]);
    assert.match(out, /reminders queued/);
    assert.equal(reminders(mA).length, 1);
    assert.match(reminders(mA)[0], new RegExp(`${a.name}.*3月1日至4月30日.*工信部优质中小企业梯度培育平台.*${YEAR}年度信息更新`));
    assert.equal(reminders(mB).length, 1);
    assert.deepEqual(reminders(mP), [], 'a province 小巨人 is not the Ministry\'s');
    assert.deepEqual(reminders(mE), [], 'an expired title');
    // The daily timer runs again that day: nobody twice.
    adminOk(['remind-ministry', '--on', `${YEAR}-03-01`]);
    assert.equal(reminders(mA).length, 1);
    adminOk(['remind-ministry', '--on', `${YEAR}-04-15`]);
    assert.equal(reminders(mA).length, 2);
    assert.equal(reminders(mB).length, 2);
    assert.equal(sql(`SELECT COUNT(*) FROM ministry_reminder WHERE year = ${YEAR}
      AND enterprise_id = ${enterpriseId(a.username)} AND sms_id IS NOT NULL`).trim(), '2');
  });

  test('the_province_exports_one_row_per_national_giant_as_the_ministrys_form', async () => {
    const county = await session('demo_county', DEMO_PASSWORD);
    assert.equal((await county.get(`/titles/ministry.xlsx?year=${YEAR}`)).status, 403);
    const pc = await session('demo_prov', DEMO_PASSWORD);
    const page = await pc.get('/titles/publish');
    assert.ok(page.body.includes('/titles/ministry.xlsx'));
    const x = await pc.get(`/titles/ministry.xlsx?year=${YEAR}`);
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-type'), /spreadsheetml/);
    const rows = sheetRows(x.bytes);
    assert.equal(rows[0][0].v, `${YEAR}年度国家专精特新“小巨人”企业年度信息更新表`);
    const groups = rows[1].filter((c) => c?.t === 's').map((c) => c.v);
    assert.deepEqual(groups, ['基本信息', '经营情况（上年度）', '创新能力']);
    const head = rows[2].map((c) => c?.v);
    const col = (h) => { const i = head.indexOf(h); assert.ok(i >= 0, h); return i; };
    const data = rows.slice(3);
    const names = data.map((r) => r[col('企业名称')]?.v);
    // Every enterprise with a national 小巨人 title valid in the year, once.
    const holders = Number(sql(`SELECT COUNT(DISTINCT enterprise_id) FROM title WHERE level = 'national'
      AND kind IN ('giant-mfg', 'giant-innov') AND valid_until >= '${YEAR}-01-01' AND granted_on <= '${YEAR}-12-31'`).trim());
    assert.equal(data.length, holders);
    assert.equal(names.filter((n) => n === a.name).length, 1);
    assert.equal(names.filter((n) => n === b.name).length, 1);
    assert.ok(!names.includes(prov.name) && !names.includes(expired.name));
    const ra = data[names.indexOf(a.name)];
    assert.equal(ra[col('统一社会信用代码')].v, a.uscc);
    assert.equal(ra[col('设区市')].v, '南京市');
    assert.equal(ra[col('县（市、区）')].v, '玄武区');
    assert.equal(ra[col('小巨人类别')].v, '制造类');
    assert.equal(ra[col('法定代表人')].v, '王五');
    assert.deepEqual(ra[col('营业收入（万元）')], { t: 'n', v: 23456.78 });
    assert.deepEqual(ra[col('净利润（万元）')], { t: 'n', v: 987.25 });
    assert.deepEqual(ra[col('从业人员（人）')], { t: 'n', v: 321 });
    assert.deepEqual(ra[col('研发费用（万元）')], { t: 'n', v: 1400.4 });
    assert.deepEqual(ra[col('Ⅰ类知识产权（件）')], { t: 'n', v: 7 });
    assert.equal(ra[col('数据来源')].v, '申报（已通过）');
    const rb = data[names.indexOf(b.name)];
    assert.equal(rb[col('县（市、区）')].v, '昆山市');
    assert.equal(rb[col('小巨人类别')].v, '创新类');
    assert.equal(rb[col('营业收入（万元）')], undefined, 'no figures without a filing');
    assert.equal(rb[col('数据来源')].v, '无申报数据');
  });
});

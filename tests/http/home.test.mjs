// home.test.mjs - /home tells each role who it is (name, role, region) and
// what it may do; names from the database are shown escaped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ROLE_NAMES, createEnterprise, createReviewer, find, findAll, session, useStack,
} from '../harness/index.mjs';

useStack();

/** The caller as the page header shows it: "名称（角色，地区）". */
function who(page) {
  return find(page.body, { tag: 'span', attrs: { class: 'who' } })?.text;
}

function can(page) {
  return findAll(page.body, { tag: 'li' }).map((e) => e.text);
}

const CASES = [
  {
    role: 'enterprise',
    make: () => createEnterprise({ region: '320505', name: '苏州虎丘精密测试有限公司' }),
    name: '苏州虎丘精密测试有限公司',
    region: '苏州市虎丘区',
    may: '填报入库申请（新增入库）',
  },
  {
    role: 'county',
    make: () => createReviewer({ role: 'county', region: '320211', name: '滨湖区工信局（测试）' }),
    name: '滨湖区工信局（测试）',
    region: '无锡市滨湖区',
    may: '审核本县（市、区）企业的注册信息',
  },
  {
    role: 'city',
    make: () => createReviewer({ role: 'city', region: '320500' }), // no --name: the region's name
    name: '苏州市',
    region: '苏州市',
    may: '汇总并导出推荐汇总表',
  },
  {
    role: 'province',
    make: () => createReviewer({ role: 'province', region: '320000', name: '江苏省工信厅（测试）' }),
    name: '江苏省工信厅（测试）',
    region: '江苏省',
    may: '管理各级工信部门审核账号',
  },
];

describe('/home of each role', () => {
  for (const k of CASES) {
    test(`home_shows_${k.role}_name_role_and_region`, async () => {
      const acct = k.make();
      const c = await session(acct.username, acct.password);
      const home = await c.get('/home');
      assert.equal(home.status, 200);
      assert.equal(find(home.body, { tag: 'h1' })?.text, `您好，${k.name}`);
      assert.deepEqual(home.facts, { 用户名: acct.username, 身份: ROLE_NAMES[k.role], 所属地区: k.region });
      assert.equal(find(home.body, { tag: 'dd', attrs: { 'data-role': true } })?.attrs['data-role'], k.role);
      assert.equal(who(home), `${k.name}（${ROLE_NAMES[k.role]}，${k.region}）`);
      const items = can(home);
      assert.ok(items.includes(k.may), `${k.role} may: ${items.join(' / ')}`);
      for (const other of CASES.filter((o) => o.role !== k.role))
        assert.ok(!items.includes(other.may), `${k.role} is not offered "${other.may}"`);
      // The header offers the account's own actions.
      assert.ok(find(home.body, { tag: 'a', attrs: { href: '/account/password' } }));
      assert.ok(find(home.body, { tag: 'form', attrs: { action: '/logout' } }));
    });
  }
});

describe('escaping', () => {
  test('enterprise_name_with_markup_is_shown_escaped', async () => {
    const name = '恶意<script>alert(1)</script>"引号\'&amp;有限公司';
    const acct = createEnterprise({ name, region: '320102' });
    const c = await session(acct.username, acct.password);
    const home = await c.get('/home');
    assert.equal(home.status, 200);
    assert.ok(!home.body.includes('<script>'), 'no raw <script> in the page');
    assert.ok(!/<script\b/i.test(home.body), 'no script element at all');
    assert.ok(home.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the markup is escaped as text');
    assert.ok(home.body.includes('&amp;amp;'), 'an ampersand in the name is escaped too');
    // What the reader sees is the name exactly as registered.
    assert.equal(find(home.body, { tag: 'h1' })?.text, `您好，${name}`);
    assert.equal(who(home), `${name}（企业用户，南京市玄武区）`);
  });
});

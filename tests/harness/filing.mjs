// filing.mjs - filings through the pages as an enterprise fills them: open
// one, read a section's inputs, post a section with valid values for every
// field (or the given ones), and read derived figures and missing lists.
import assert from 'node:assert/strict';
import { find, findAll } from './html.mjs';
import { sql } from './admin.mjs';

/** The filing year (Beijing calendar), as the handler computes it. */
export function filingYear() {
  return new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
}

/** POST /filing/new; returns the new filing's id (asserts the 303). */
export async function newFiling(c, fields) {
  await c.get('/filing');
  const r = await c.post('/filing/new', fields);
  assert.equal(r.status, 303, `new filing ${JSON.stringify(fields)}: ${r.status} ${r.text.slice(0, 300)}`);
  const m = /^\/filing\/(\d+)\/basic$/.exec(r.location);
  assert.ok(m, r.location);
  return Number(m[1]);
}

/** The form controls of a section page: [{ name, tag, type, value, options }]. */
export function controls(page) {
  const form = find(page.body, { tag: 'form', attrs: { class: 'section-form' } });
  assert.ok(form, `no section form on ${page.url}`);
  const out = [];
  for (const el of findAll(form.inner, { attrs: { name: true } })) {
    const { name } = el.attrs;
    if (el.attrs.type === 'hidden') continue;
    // Buttons (增加一行, 删除) act on rows; a row's file input belongs to its scan form.
    if (el.name === 'button' || el.attrs.form || el.attrs.type === 'file') continue;
    const options = el.name === 'select'
      ? findAll(el.inner, { tag: 'option' }).map((o) => o.attrs.value).filter((v) => v) : [];
    out.push({ name, tag: el.name, type: el.attrs.type ?? '', value: el.attrs.value ?? '', mode: el.attrs.inputmode, options });
  }
  return out;
}

/** A valid value for a control, by its name and kind. */
export function validValue(ctl, year) {
  const n = ctl.name;
  const y = /_(\d{4})$/.exec(n);
  const fixed = {
    postcode: '210000', legal_rep_phone: '025-84561234', contact_phone: '025-84561235',
    contact_mobile: '13912345678', email: 'office@example.com', founded: '2015-06-01',
    legal_rep_mobile: '18651234567', fax: '025-84561236',
    reg_capital: '5000', assets_total: '202012.00', liabilities_total: '20201.00',
    employees: '188', rd_staff: '150', segment_years: '8', recheck_title_year: String(year - 3),
    // 制造业 > 计算机、通信和其他电子设备制造业 > 计算机制造 > 计算机整机制造
    industry_l1: 'C', industry_l2: '39', industry_l3: '391', industry: '3911',
  };
  if (n in fixed) return fixed[n];
  if (y) {
    const base = { revenue: 11, main_revenue: 21, profit: 30, net_profit: 25, tax: 40, rd_invest: 50, rd_expense: 1 }[n.slice(0, -5)];
    return String(base + (Number(y[1]) - (year - 4)));
  }
  if (ctl.tag === 'select') return ctl.options[0];
  if (ctl.type === 'radio') return '1';
  if (ctl.type === 'checkbox') return ctl.value;
  if (ctl.tag === 'textarea') return '企业专注于细分领域的研发与制造。';
  if (/_date$/.test(n)) return `${year - 2}-03-15`;
  if (ctl.mode === 'decimal') return /share/.test(n) ? '35.5' : '1200';
  if (ctl.mode === 'numeric') return /rank/.test(n) ? '3' : '12';
  return `测试${n}`;
}

/** Form fields for posting section: every control valid, then overrides. */
export function sectionFields(page, year, overrides = {}) {
  const f = new URLSearchParams();
  f.set('csrf', page.csrf);
  f.set('version', find(page.body, { tag: 'input', attrs: { name: 'version' } }).attrs.value);
  const sv = find(page.body, { tag: 'input', attrs: { name: 'section_version' } });
  if (sv) f.set('section_version', sv.attrs.value);
  const once = onceOf(page, 'section-form');
  if (once) f.set('once', once);
  const seen = new Set();
  for (const ctl of controls(page)) {
    if (seen.has(ctl.name)) continue;
    seen.add(ctl.name);
    if (ctl.name in overrides) continue;
    f.append(ctl.name, validValue(ctl, year));
  }
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) f.set(k, v);
  return f;
}

/** The one-time token (hidden field once) of the form of class cls on page, or null. */
export function onceOf(page, cls) {
  const form = find(page.body, { tag: 'form', attrs: { class: cls } });
  const el = form && find(form.inner, { tag: 'input', attrs: { name: 'once' } });
  return el ? el.attrs.value ?? null : null;
}

/** POST a section with a URLSearchParams body. */
export function postSection(c, id, section, body) {
  return c.request('POST', `/filing/${id}/${section}`, {
    body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** The section keys a filing's page links to (its tabs), without attachments. */
export function sectionKeys(page) {
  return findAll(page.body, { tag: 'a', attrs: { 'data-section': true } })
    .map((a) => a.attrs['data-section']).filter((k) => k !== 'attachments');
}

/** Fill every form section of filing id with valid values; omit = { name: true } leaves fields empty. */
export async function fillAll(c, id, year, omit = {}) {
  const first = await c.get(`/filing/${id}/basic`);
  assert.equal(first.status, 200);
  for (const key of sectionKeys(first)) {
    const page = await c.get(`/filing/${id}/${key}`);
    const over = Object.fromEntries(Object.keys(omit).map((k) => [k, '']));
    const r = await postSection(c, id, key, sectionFields(page, year, over));
    assert.equal(r.status, 303, `save ${key}: ${r.status} ${r.errorFields}`);
  }
}

/** The text of the element data-indicator=name. */
export function indicator(page, name) {
  const el = find(page.body, { attrs: { 'data-indicator': name } });
  assert.ok(el, `no data-indicator=${name}`);
  return el.text;
}

/** The names listed as missing (data-missing) on a submit page. */
export function missing(page) {
  return findAll(page.body, { attrs: { 'data-missing': true } }).map((e) => e.attrs['data-missing']);
}

/** A filing's row as the database holds it. */
export function filingRow(id) {
  const [state, version, submissions, reason] = sql(
    `SELECT state, version, submissions, COALESCE(return_reason, '') FROM filing WHERE id = ${Number(id)}`).trim().split('\t');
  return { state, version: Number(version), submissions: Number(submissions), reason };
}

/** The saved value of a field, or null. */
export function savedValue(id, name) {
  const out = sql(`SELECT value FROM filing_value WHERE filing_id = ${Number(id)} AND name = '${name.replace(/'/g, "''")}'`);
  return out === '' ? null : out.replace(/\n$/, '');
}

// review.mjs - fixtures of the review tests: enterprises with filings that
// were submitted and wait in a queue, made with SQL (as sme-filing's submit
// leaves them: filing in state county, submitted_at, submissions = 1, a
// filing_submission snapshot and the filing_value rows), and readers of
// the review pages.
import { createEnterprise, sql } from './admin.mjs';
import { find, findAll } from './html.mjs';

/** SQL string literal of s (utf8mb4 text; backslashes and quotes escaped). */
export function lit(s) {
  if (s === null || s === undefined) return 'NULL';
  return `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The enterprise id of an enterprise account. */
export function enterpriseId(username) {
  return Number(sql(`SELECT enterprise_id FROM account WHERE username = ${lit(username)}`).trim());
}

/** Figures of a complete-looking entry filing of year (the four years before it, and the forecast). */
export function sampleValues(year, seed = 1) {
  const v = {
    address: '南京市玄武区测试路1号', legal_rep: '张三', contact: '李四', contact_mobile: '13800000009',
    assets_total: `${10000 + seed}.50`, liabilities_total: `${4000 + seed}`, employees: `${120 + seed}`,
    rd_staff: '30', cluster: '3', intro: '专注于测试领域的精密部件。',
  };
  for (let y = year - 4; y <= year; y++) {
    const k = y - (year - 4) + 1;
    v[`revenue_${y}`] = `${5000 * k + seed}`;
    v[`main_revenue_${y}`] = `${4500 * k}`;
    v[`profit_${y}`] = `${400 * k}.25`;
    v[`net_profit_${y}`] = `${300 * k}`;
    v[`tax_${y}`] = `${150 * k}`;
    v[`rd_invest_${y}`] = `${250 * k}`;
    v[`rd_expense_${y}`] = `${200 * k}`;
  }
  return v;
}

/**
 * Insert a filing of enterprise entId submitted and waiting at state
 * (county by default), submitted daysAgo days ago. Returns { id, version }.
 */
export function submittedFiling(entId, {
  kind = 'entry', cls = 'mfg', year = new Date().getFullYear(), state = 'county',
  values, daysAgo = 1, seq = 1,
} = {}) {
  const vals = values ?? sampleValues(year, entId);
  const snap = JSON.stringify(vals);
  const rows = Object.entries(vals).map(([k, v]) => `(@f, ${lit(k)}, ${lit(v)})`).join(', ');
  const out = sql(`
    INSERT INTO filing (enterprise_id, kind, class, year, state, version, submissions,
      created_at, updated_at, submitted_at)
    VALUES (${entId}, ${lit(kind)}, ${lit(kind === 'entry' || kind === 'update' ? cls : null)}, ${year},
      ${lit(state)}, 2, ${seq}, UTC_TIMESTAMP() - INTERVAL ${daysAgo + 1} DAY,
      UTC_TIMESTAMP() - INTERVAL ${daysAgo} DAY, UTC_TIMESTAMP() - INTERVAL ${daysAgo} DAY);
    SET @f = LAST_INSERT_ID();
    INSERT INTO filing_value (filing_id, name, value) VALUES ${rows};
    INSERT INTO filing_submission (filing_id, seq, submitted_at, submitted_by, snapshot)
      SELECT @f, ${seq}, UTC_TIMESTAMP() - INTERVAL ${daysAgo} DAY, a.id, ${lit(snap)}
      FROM account a WHERE a.enterprise_id = ${entId} ORDER BY a.id LIMIT 1;
    INSERT INTO filing_event (filing_id, at, actor_id, action, from_state, to_state)
      SELECT @f, UTC_TIMESTAMP() - INTERVAL ${daysAgo} DAY, a.id, 'submit', 'draft', 'county'
      FROM account a WHERE a.enterprise_id = ${entId} ORDER BY a.id LIMIT 1;
    SELECT @f;`);
  return { id: Number(out.trim().split('\n').pop()), version: 2 };
}

/** Add a later submission (resubmission after a return) of filing id with values. */
export function resubmit(id, values, seq = 2) {
  sql(`INSERT INTO filing_submission (filing_id, seq, submitted_at, submitted_by, snapshot)
    SELECT f.id, ${seq}, UTC_TIMESTAMP(), a.id, ${lit(JSON.stringify(values))}
    FROM filing f JOIN account a ON a.enterprise_id = f.enterprise_id WHERE f.id = ${id} LIMIT 1;
    UPDATE filing SET state = 'county', submissions = ${seq}, version = version + 1,
      return_reason = NULL, submitted_at = UTC_TIMESTAMP() WHERE id = ${id}`);
}

/** An enterprise (with mobile) of region and one submitted filing: { ent, entId, filing }. */
export function enterpriseWithFiling(region, opts = {}) {
  const ent = createEnterprise({ region, inLibrary: false, prefix: 'rev' });
  const entId = enterpriseId(ent.username);
  sql(`UPDATE account SET mobile = ${lit(opts.mobile ?? '13912345678')} WHERE username = ${lit(ent.username)}`);
  const filing = submittedFiling(entId, opts);
  return { ent, entId, filing };
}

/** The filing ids listed in a queue page, in order. */
export function queueIds(page) {
  return findAll(page.body, { tag: 'tr', attrs: { 'data-id': true } }).map((r) => Number(r.attrs['data-id']));
}

/** The filing row of the database: { state, version, return_reason, in_library }. */
export function filingRow(id) {
  const [state, version, reason, inLib] = sql(
    `SELECT f.state, f.version, COALESCE(f.return_reason, ''), e.in_library
     FROM filing f JOIN enterprise e ON e.id = f.enterprise_id WHERE f.id = ${id}`,
  ).replace(/\n$/, '').split('\t');
  return { state, version: Number(version), return_reason: reason === '' ? null : reason, in_library: Number(inLib) };
}

/** The "after" cursor of the next-page form, or null. */
export function nextAfter(page) {
  const el = find(page.body, { tag: 'input', attrs: { name: 'after' } });
  return el ? el.attrs.value : null;
}

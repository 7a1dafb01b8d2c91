// replay.test.mjs - a change posted again after it committed (the answer was
// lost: a dropped connection, a second click): a section save, a submit and
// a review decision carry a one-time token, and the repeat answers the same
// 303 as the first copy without changing anything twice. A stale page (the
// same token with other values, or another page's old version) still gets
// 409.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { createEnterprise, createReviewer, find, findAll, session, sql, useStack } from '../harness/index.mjs';
import {
  fillAll, filingYear, newFiling, onceOf, postSection, savedValue, sectionFields,
} from '../harness/filing.mjs';
import { enterpriseWithFiling, filingRow, lit } from '../harness/review.mjs';

useStack();
const Y = filingYear();

function count(statement) {
  return Number(sql(statement).trim());
}

async function entry() {
  const ent = createEnterprise({ inLibrary: false, prefix: 'rp' });
  const c = await session(ent.username, ent.password);
  const id = await newFiling(c, { kind: 'entry', class: 'mfg' });
  return { ent, c, id };
}

/** Attachments of every required slot of filing id, as rows (the bytes are not read on submit). */
async function attachRequired(c, id) {
  const page = await c.get(`/filing/${id}/attachments`);
  assert.equal(page.status, 200);
  const slots = findAll(page.body, { tag: 'li', attrs: { class: 'slot' } })
    .filter((li) => li.inner.includes('class="req"')).map((li) => li.attrs['data-slot']);
  assert.ok(slots.length > 0);
  const sha = 'ab'.repeat(32);
  sql(`INSERT IGNORE INTO stored_file (sha256, size, created_at) VALUES ('${sha}', 4, UTC_TIMESTAMP())`);
  for (const s of slots)
    sql(`INSERT INTO attachment (filing_id, enterprise_id, slot, name, size, type, sha256, uploaded_by, created_at)
      SELECT f.id, f.enterprise_id, ${lit(s)}, 'x.pdf', 4, 'pdf', '${sha}', a.id, UTC_TIMESTAMP()
      FROM filing f JOIN account a ON a.enterprise_id = f.enterprise_id WHERE f.id = ${id} LIMIT 1`);
}

function post(c, path, fields) {
  return c.request('POST', path, {
    body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

describe('repeated posts', () => {
  test('a section save posted again answers the same 303 and saves once', async () => {
    const { c, id } = await entry();
    const page = await c.get(`/filing/${id}/basic`);
    assert.ok(onceOf(page, 'section-form'), 'the save form carries a token');
    const body = sectionFields(page, Y, { contact: '张三' });
    const first = await postSection(c, id, 'basic', body);
    assert.equal(first.status, 303);
    const v = filingRow(id).version;
    const again = await postSection(c, id, 'basic', body);
    assert.equal(again.status, 303, `the repeat: ${again.status} ${again.text.slice(0, 200)}`);
    assert.equal(again.location, first.location);
    assert.equal(filingRow(id).version, v, 'nothing changed twice');
    assert.equal(sql(`SELECT version FROM filing_section WHERE filing_id = ${id} AND section = 'basic'`).trim(), '1');
    // Both copies at once: one saves, the other waits for it and answers as it did.
    const p2 = await c.get(`/filing/${id}/basic`);
    const b2 = sectionFields(p2, Y, { contact: '李四' });
    const both = await Promise.all([postSection(c, id, 'basic', b2), postSection(c, id, 'basic', b2)]);
    assert.deepEqual(both.map((r) => r.status), [303, 303]);
    assert.equal(filingRow(id).version, v + 1);
    assert.equal(savedValue(id, 'contact'), '李四');
  });

  test('the same token with other values is a stale page: 409, the typing kept', async () => {
    const { c, id } = await entry();
    const page = await c.get(`/filing/${id}/basic`);
    assert.equal((await postSection(c, id, 'basic', sectionFields(page, Y, { contact: '张三' }))).status, 303);
    const other = await postSection(c, id, 'basic', sectionFields(page, Y, { contact: '王五' }));
    assert.equal(other.status, 409);
    assert.equal(other.inputValue('contact'), '王五');
    assert.equal(savedValue(id, 'contact'), '张三');
    // A token of another account answers nothing of it.
    const ent2 = createEnterprise({ inLibrary: false, prefix: 'rp' });
    const c2 = await session(ent2.username, ent2.password);
    const id2 = await newFiling(c2, { kind: 'entry', class: 'mfg' });
    const p2 = await c2.get(`/filing/${id2}/basic`);
    const stolen = sectionFields(p2, Y, { contact: '赵六' });
    stolen.set('once', onceOf(page, 'section-form'));
    const r = await postSection(c2, id2, 'basic', stolen);
    assert.equal(r.status, 409, 'a used token of someone else is no replay');
    assert.equal(savedValue(id2, 'contact'), null);
  });

  test('a submit posted again answers the same 303 and submits once', async () => {
    const { c, id } = await entry();
    await fillAll(c, id, Y);
    await attachRequired(c, id);
    // 提交 alone sits on the 附件 page (the sections have 保存并提交, a save first).
    const page = await c.get(`/filing/${id}/attachments`);
    const once = onceOf(page, 'submit-form');
    assert.ok(once, 'the submit form carries a token');
    const basic = await c.get(`/filing/${id}/basic`);
    assert.notEqual(once, onceOf(basic, 'section-form'), 'each form its own token');
    const fields = { csrf: page.csrf, version: page.inputValue('version'), once };
    const first = await post(c, `/filing/${id}/submit`, fields);
    assert.equal(first.status, 303, `${first.status} ${first.text.slice(0, 300)}`);
    const row = filingRow(id);
    const again = await post(c, `/filing/${id}/submit`, fields);
    assert.equal(again.status, 303, `the repeat: ${again.status} ${again.text.slice(0, 200)}`);
    assert.equal(again.location, first.location);
    assert.deepEqual(filingRow(id), row, 'nothing changed twice');
    assert.equal(count(`SELECT COUNT(*) FROM filing_submission WHERE filing_id = ${id}`), 1);
    assert.equal(count(`SELECT COUNT(*) FROM filing_event WHERE filing_id = ${id}`), 1);
    // Without the token (an old page) the same post is refused as before.
    const old = await post(c, `/filing/${id}/submit`, { csrf: page.csrf, version: page.inputValue('version') });
    assert.equal(old.status, 409);
  });

  test('a review decision posted again answers the same 303 and decides once', async () => {
    const { filing } = enterpriseWithFiling('320111');
    const acct = createReviewer({ role: 'county', region: '320111', prefix: 'rpcounty' });
    const c = await session(acct.username, acct.password);
    const page = await c.get(`/review/${filing.id}`);
    assert.equal(page.status, 200);
    const form = find(page.body, { tag: 'form', attrs: { id: 'review-form' } });
    const once = find(form.inner, { tag: 'input', attrs: { name: 'once' } })?.attrs.value;
    assert.ok(once, 'the decision form carries a token');
    const fields = { csrf: page.csrf, action: 'return', reason: '材料不全，请补充。', version: '2', once };
    const first = await post(c, `/review/${filing.id}`, fields);
    assert.equal(first.status, 303);
    assert.equal(first.location, '/review?msg=returned');
    const sms = count(`SELECT COUNT(*) FROM sms_outbox WHERE to_mobile = '13912345678' AND kind = 'filing_returned'`);
    const again = await post(c, `/review/${filing.id}`, fields);
    assert.equal(again.status, 303, `the repeat: ${again.status}`);
    assert.equal(again.location, first.location);
    assert.deepEqual(filingRow(filing.id), { state: 'returned', version: 3, return_reason: '材料不全，请补充。', in_library: 0 });
    assert.equal(count(`SELECT COUNT(*) FROM filing_event WHERE filing_id = ${filing.id} AND action = 'return'`), 1);
    assert.equal(count(`SELECT COUNT(*) FROM audit WHERE object_type = 'filing' AND object_id = '${filing.id}'`), 1);
    assert.equal(count(`SELECT COUNT(*) FROM sms_outbox WHERE to_mobile = '13912345678' AND kind = 'filing_returned'`), sms, 'no second SMS');
    // Another reviewer's stale page is still a 409.
    const acct2 = createReviewer({ role: 'county', region: '320111', prefix: 'rpcounty' });
    const c2 = await session(acct2.username, acct2.password);
    await c2.get(`/review/${filing.id}`);
    const stale = await c2.post(`/review/${filing.id}`, { action: 'approve', version: '2' });
    assert.equal(stale.status, 409);
  });

  test('used tokens are stored hashed with their account and answer', async () => {
    const { ent, c, id } = await entry();
    const page = await c.get(`/filing/${id}/basic`);
    const once = onceOf(page, 'section-form');
    assert.equal((await postSection(c, id, 'basic', sectionFields(page, Y))).status, 303);
    const hash = createHash('sha256').update(once).digest('hex').toUpperCase();
    const row = sql(`SELECT a.username, o.target FROM request_once o JOIN account a ON a.id = o.account_id
      WHERE o.token_hash = UNHEX('${hash}')`).trim().split('\t');
    assert.deepEqual(row, [ent.username, `/filing/${id}/basic?msg=saved`]);
  });
});

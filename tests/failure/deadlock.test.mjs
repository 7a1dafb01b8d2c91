// deadlock.test.mjs - writes that meet at peak: the first saves of new
// filings' sections all at once (each first save used to take a gap lock on
// rows that did not exist yet, and half of them deadlocked into 500), and
// parallel POST /filing/new of one enterprise (check and insert used to be
// apart, and two entry filings of one year were made).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEnterprise, session, sql, useStack } from '../harness/index.mjs';
import { filingYear, postSection, sectionFields } from '../harness/filing.mjs';
import { enterpriseId, lit } from '../harness/review.mjs';

useStack();
const Y = filingYear();
const ENTERPRISES = 8;
const FILINGS = 10; // new filings an enterprise, each saved for the first time at once

/** Insert a fresh draft entry filing of enterprise entId for year; its id. */
function draftFiling(entId, year) {
  const out = sql(`INSERT INTO filing (enterprise_id, kind, class, year, created_at, updated_at)
    VALUES (${entId}, 'entry', 'mfg', ${year}, UTC_TIMESTAMP(), UTC_TIMESTAMP()); SELECT LAST_INSERT_ID();`);
  return Number(out.trim().split('\n').pop());
}

describe('concurrent writes', () => {
  test(`${ENTERPRISES} enterprises x ${FILINGS} first saves of new filings at once: every one 303, every value stored`, async () => {
    const work = [];
    for (let e = 0; e < ENTERPRISES; e++) {
      const ent = createEnterprise({ inLibrary: false, prefix: 'dl' });
      const entId = enterpriseId(ent.username);
      const c = await session(ent.username, ent.password);
      for (let k = 0; k < FILINGS; k++) {
        // Made one after the other: their rows sit side by side in every index.
        const id = draftFiling(entId, Y - k);
        const page = await c.get(`/filing/${id}/basic`);
        assert.equal(page.status, 200);
        const contact = `联系人${e}-${k}`;
        work.push({ c, id, contact, body: sectionFields(page, Y - k, { contact }) });
      }
    }
    const answers = await Promise.all(work.map((w) => postSection(w.c, w.id, 'basic', w.body)));
    const statuses = {};
    for (const r of answers) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    assert.deepEqual(statuses, { 303: ENTERPRISES * FILINGS }, 'every first save answered 303');
    // One query for all (spawnSync blocks the event loop; 240 of them outlast nginx's keep-alive).
    const ids = work.map((w) => w.id).join(',');
    const rows = sql(`SELECT v.filing_id, v.name, v.value, s.version FROM filing_value v
      JOIN filing_section s ON s.filing_id = v.filing_id AND s.section = 'basic'
      WHERE v.filing_id IN (${ids}) AND v.name IN ('contact', 'postcode')`);
    const got = new Map();
    for (const line of rows.split('\n').filter(Boolean)) {
      const [id, name, value, version] = line.split('\t');
      got.set(`${id}:${name}`, `${value}@${version}`);
    }
    for (const w of work) {
      assert.equal(got.get(`${w.id}:contact`), `${w.contact}@1`, `filing ${w.id}: the value, section version 1`);
      assert.equal(got.get(`${w.id}:postcode`), '210000@1');
    }
  });

  test('8 parallel POST /filing/new of one enterprise make exactly one entry filing', async () => {
    for (let round = 0; round < 3; round++) {
      const ent = createEnterprise({ inLibrary: false, prefix: 'nw' });
      const entId = enterpriseId(ent.username);
      const clients = [];
      for (let i = 0; i < 8; i++) {
        const c = await session(ent.username, ent.password);
        await c.get('/filing');
        clients.push(c);
      }
      const rs = await Promise.all(clients.map((c) => c.post('/filing/new', { kind: 'entry', class: 'mfg' })));
      const ok = rs.filter((r) => r.status === 303);
      const refused = rs.filter((r) => r.status === 409);
      assert.equal(ok.length, 1, `one 303: ${rs.map((r) => r.status)}`);
      assert.equal(refused.length, 7, `the others are refused: ${rs.map((r) => r.status)}`);
      for (const r of refused) assert.match(r.text, /本年度已有一份新增入库申报/);
      const rows = sql(`SELECT id FROM filing WHERE enterprise_id = ${entId} AND kind = 'entry' AND year = ${Y}`)
        .split('\n').filter(Boolean);
      assert.equal(rows.length, 1, 'one entry filing of the year');
      assert.equal(ok[0].location, `/filing/${rows[0]}/basic`);
      assert.equal(Number(sql(`SELECT COUNT(*) FROM audit WHERE action = 'filing_create' AND object_id = ${lit(rows[0])}`).trim()), 1);
    }
  });
});

// corpus.test.mjs - the attachment corpus of tests/corpus/make.sh, made by
// real writers (LibreOffice with embedded objects, Chromium print-to-PDF,
// Ghostscript, qpdf, img2pdf, ImageMagick, ExifTool, SheetJS, exceljs,
// docx, pdf-lib) and hostile files built from them: every ok_<type>_ file
// is accepted as that type by sme-sniff (the sandboxed judge), every
// no_<verdict>_ file refused with that verdict; a few go through HTTP.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { before, describe, test } from 'node:test';
import {
  BUILD, ROOT, VAR, createEnterprise, session, sql, useStack,
} from '../harness/index.mjs';

useStack();

const DIR = path.join(VAR, 'corpus');
const STAMP = path.join(DIR, '.made');
const SCRIPTS = ['make.sh', 'gen.mjs', 'odf.py'].map((f) => path.join(ROOT, 'tests', 'corpus', f));
// lib/sniff.h and lib/filetype.h, in order.
const VERDICTS = ['ok', 'ext', 'empty', 'unknown', 'mismatch', 'corrupt', 'polyglot', 'encrypted', 'bomb', 'costly'];
const TYPES = ['unknown', 'jpg', 'png', 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'rar'];

/** Make the corpus unless it is newer than its scripts. */
function make() {
  const made = fs.existsSync(STAMP) ? fs.statSync(STAMP).mtimeMs : 0;
  if (SCRIPTS.every((s) => fs.statSync(s).mtimeMs < made)) return;
  fs.rmSync(DIR, { recursive: true, force: true });
  const t0 = Date.now();
  const r = spawnSync(path.join(ROOT, 'tests', 'corpus', 'make.sh'), [DIR], {
    encoding: 'utf8', timeout: 240_000, env: { ...process.env, SME_LO_PROFILE: path.join(VAR, 'lo-profile') },
  });
  assert.equal(r.status, 0, `make.sh failed: ${r.stderr}`);
  fs.writeFileSync(STAMP, `${Date.now() - t0} ms\n`);
}

function sniff(file) {
  // The file itself on standard input, as lib/sandbox.c gives it.
  const fd = fs.openSync(file, 'r');
  const r = spawnSync(path.join(BUILD, 'sme-sniff'), [], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
  fs.closeSync(fd);
  assert.equal(r.status, 0, `sme-sniff on ${file}: ${r.stderr}`);
  const [v, t] = r.stdout.trim().split(' ').map(Number);
  return { verdict: VERDICTS[v], type: TYPES[t] };
}

function multipart(csrf, name, bytes) {
  const boundary = `----smecorpus${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`
    + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n`
    + 'Content-Type: application/octet-stream\r\n\r\n');
  return { body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), type: `multipart/form-data; boundary=${boundary}` };
}

describe('the corpus of real writers', () => {
  before(make, { timeout: 300_000 });

  test('every file is judged as its name says', () => {
    const files = fs.readdirSync(DIR).filter((f) => /^(ok|no)_/.test(f));
    const oks = files.filter((f) => f.startsWith('ok_'));
    assert.ok(oks.length >= 20 && files.length - oks.length >= 12, `${files.length} files`);
    for (const want of ['pdf', 'jpg', 'png', 'doc', 'docx', 'xls', 'xlsx']) {
      assert.ok(oks.some((f) => f.startsWith(`ok_${want}_`)), `an accepted ${want}`);
    }
    const wrong = [];
    for (const f of files) {
      const [kind, what] = f.split('_');
      const got = sniff(path.join(DIR, f));
      if (kind === 'ok' && (got.verdict !== 'ok' || got.type !== what)) wrong.push(`${f}: ${got.verdict} ${got.type}`);
      if (kind === 'no' && got.verdict !== what) wrong.push(`${f}: ${got.verdict}, not ${what}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('through HTTP: Office files with embedded objects, SheetJS\'s workbook and a padded scan are stored; a locked, a bomb and a PDF hiding a zip are refused', async () => {
    const ent = createEnterprise({ region: '320102' });
    const c = await session(ent.username, ent.password);
    await c.get('/home');
    const id = Number(sql(`INSERT INTO filing (enterprise_id, kind, level, year, state, created_at, updated_at)
      SELECT enterprise_id, 'giant-mfg', 'province', YEAR(UTC_DATE()), 'draft', UTC_TIMESTAMP(), UTC_TIMESTAMP()
      FROM account WHERE username = '${ent.username}'; SELECT LAST_INSERT_ID();`).trim());
    const send = (file, name) => {
      const m = multipart(c.csrf, name, fs.readFileSync(path.join(DIR, file)));
      return c.request('POST', `/upload/${id}/other`, { body: m.body, headers: { 'content-type': m.type, accept: 'application/json' } });
    };
    for (const [file, name] of [
      ['ok_doc_libreoffice-embedded-workbook.doc', '申报书（含表格）.doc'],
      ['ok_xls_libreoffice-embedded-document.xls', '财务报表.xls'],
      ['ok_xls_sheetjs-biff8.xls', '导出Excel.xls'],
      ['ok_pdf_img2pdf-padded.pdf', '扫描件.pdf'],
      ['ok_pdf_chromium.pdf', '打印.pdf'],
    ]) {
      const r = await send(file, name);
      assert.equal(r.status, 201, `${file}: ${r.text}`);
    }
    for (const [file, name, words] of [
      ['no_encrypted_docx_docx.docx', '加密.docx', '文件已加密，请去除密码后上传'],
      ['no_bomb_docx-declares-1GiB.docx', '炸弹.docx', '压缩炸弹'],
      ['no_polyglot_pdf-lib-raw-zip-stream.pdf', '夹带.pdf', '夹带了其他格式'],
      ['no_corrupt_issue12-looping-64k.doc', '循环.doc', '损坏'],
    ]) {
      const r = await send(file, name);
      assert.equal(r.status, 415, file);
      assert.ok(JSON.parse(r.body).message.includes(words), `${file}: ${r.body}`);
    }
    assert.equal(Number(sql(`SELECT COUNT(*) FROM attachment WHERE filing_id = ${id}`).trim()), 5);
  });
});

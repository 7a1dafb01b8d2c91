// gen.mjs OUTDIR | --hostile OUTDIR - the npm writers' part of the corpus
// (make.sh runs it): SheetJS (xls BIFF8 and BIFF5, xlsx), exceljs, docx and
// pdf-lib files as their users get them; with --hostile, files edited from
// what is in OUTDIR: a docx declaring 1 GiB for its document part, a
// SheetJS workbook whose directory chain loops, a PDF with a zip in a
// plain stream, issue 12's looping OLE2 file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { looping } from '../harness/files.mjs';

const require = createRequire(import.meta.url);
const XLSX = require('xlsx');
const ExcelJS = require('exceljs');
const docx = require('docx');
const { PDFDocument, PDFName, StandardFonts } = require('pdf-lib');
const CFB = require('cfb');

const args = process.argv.slice(2);
const hostile = args[0] === '--hostile';
const out = args[hostile ? 1 : 0];
if (!out) throw new Error('usage: gen.mjs [--hostile] OUTDIR');
const put = (name, bytes) => fs.writeFileSync(path.join(out, name), bytes);
const get = (name) => fs.readFileSync(path.join(out, name));
const rows = [['年份', '营业收入（万元）', '研发投入（万元）'], [2024, 10234.5, 812.3], [2025, 12345.67, 990.1]];

async function writers() {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '财务数据');
  put('ok_xls_sheetjs-biff8.xls', XLSX.write(wb, { type: 'buffer', bookType: 'xls' }));
  put('ok_xls_sheetjs-biff5.xls', XLSX.write(wb, { type: 'buffer', bookType: 'biff5' }));
  put('ok_xlsx_sheetjs.xlsx', XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));

  const ej = new ExcelJS.Workbook();
  const ws = ej.addWorksheet('财务数据');
  for (const r of rows) ws.addRow(r);
  put('ok_xlsx_exceljs.xlsx', Buffer.from(await ej.xlsx.writeBuffer()));

  const d = new docx.Document({
    sections: [{
      children: [
        new docx.Paragraph({ heading: docx.HeadingLevel.HEADING_1, children: [new docx.TextRun('企业简介')] }),
        new docx.Paragraph({ children: [new docx.TextRun('南京示例科技有限公司，专注工业传感器研发。')] }),
        new docx.Table({
          rows: rows.map((r) => new docx.TableRow({
            children: r.map((c) => new docx.TableCell({ children: [new docx.Paragraph(String(c))] })),
          })),
        }),
      ],
    }],
  });
  put('ok_docx_docx.docx', await docx.Packer.toBuffer(d));

  for (const [name, useObjectStreams] of [['ok_pdf_pdf-lib-objstm.pdf', true], ['ok_pdf_pdf-lib-classic.pdf', false]]) {
    const p = await PDFDocument.create();
    const font = await p.embedFont(StandardFonts.Helvetica);
    p.addPage([595, 842]).drawText('Application 2026: revenue 12,345.67', { x: 50, y: 780, size: 14, font });
    p.setTitle('SME filing');
    put(name, Buffer.from(await p.save({ useObjectStreams })));
  }
}

/** The central directory entry and local header of name in zip b: set the declared uncompressed size. */
function declare(b, name, usize) {
  const eocd = b.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
  let off = b.readUInt32LE(eocd + 16);
  for (let k = 0; k < b.readUInt16LE(eocd + 10); k++) {
    const nl = b.readUInt16LE(off + 28);
    if (b.toString('utf8', off + 46, off + 46 + nl) === name) {
      b.writeUInt32LE(usize, off + 24);
      b.writeUInt32LE(usize, b.readUInt32LE(off + 42) + 22);
      return b;
    }
    off += 46 + nl + b.readUInt16LE(off + 30) + b.readUInt16LE(off + 32);
  }
  throw new Error(`${name} not in the zip`);
}

/**
 * pkg encrypted with password as Office does ([MS-OFFCRYPTO] 2.3.4.10,
 * agile: AES-256-CBC, SHA-512, 100,000 spins): an OLE2 file with
 * EncryptionInfo and EncryptedPackage streams, written by SheetJS's cfb.
 */
function encrypt(pkg, password) {
  const sha = (...b) => crypto.createHash('sha512').update(Buffer.concat(b)).digest();
  const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; };
  const aes = (key, iv, data) => {
    const c = crypto.createCipheriv('aes-256-cbc', key, iv.subarray(0, 16));
    c.setAutoPadding(false);
    const pad = Buffer.alloc((16 - (data.length % 16)) % 16);
    return Buffer.concat([c.update(Buffer.concat([data, pad])), c.final()]);
  };
  const keySalt = crypto.randomBytes(16), pwSalt = crypto.randomBytes(16), secret = crypto.randomBytes(32);
  let h = sha(pwSalt, Buffer.from(password, 'utf16le'));
  for (let i = 0; i < 100000; i++) h = sha(u32(i), h);
  const pwKey = (block) => sha(h, Buffer.from(block, 'hex')).subarray(0, 32);
  const verifier = crypto.randomBytes(16);
  const segments = [];
  for (let i = 0; i * 4096 < pkg.length; i++) segments.push(aes(secret, sha(keySalt, u32(i)), pkg.subarray(i * 4096, (i + 1) * 4096)));
  const size = Buffer.alloc(8);
  size.writeUInt32LE(pkg.length);
  const encPkg = Buffer.concat([size, ...segments]);
  const hmacKey = crypto.randomBytes(64);
  const hmac = crypto.createHmac('sha512', hmacKey).update(encPkg).digest();
  const b64 = (b) => b.toString('base64');
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    + '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
    + `<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="${b64(keySalt)}"/>`
    + `<dataIntegrity encryptedHmacKey="${b64(aes(secret, sha(keySalt, Buffer.from('5fb2ad010cb9e1f6', 'hex')), hmacKey))}"`
    + ` encryptedHmacValue="${b64(aes(secret, sha(keySalt, Buffer.from('a0677f02b22c8433', 'hex')), hmac))}"/>`
    + '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
    + `<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="${b64(pwSalt)}"`
    + ` encryptedVerifierHashInput="${b64(aes(pwKey('fea7d2763b4b9e79'), pwSalt, verifier))}"`
    + ` encryptedVerifierHashValue="${b64(aes(pwKey('d7aa0f6d3061344e'), pwSalt, sha(verifier)))}"`
    + ` encryptedKeyValue="${b64(aes(pwKey('146e0be7abacd0d6'), pwSalt, secret))}"/>`
    + '</keyEncryptor></keyEncryptors></encryption>';
  const info = Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), Buffer.from(xml)]);
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, '/EncryptionInfo', info);
  CFB.utils.cfb_add(cfb, '/EncryptedPackage', encPkg);
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }));
}

async function hostiles() {
  put('no_encrypted_docx_docx.docx', encrypt(get('ok_docx_docx.docx'), 'Mima-2026'));
  put('no_encrypted_xlsx_exceljs.xlsx', encrypt(get('ok_xlsx_exceljs.xlsx'), 'Mima-2026'));
  put('no_bomb_docx-declares-1GiB.docx', declare(Buffer.from(get('ok_docx_docx.docx')), 'word/document.xml', 1 << 30));
  put('no_bomb_xlsx-declares-1GiB.xlsx', declare(Buffer.from(get('ok_xlsx_exceljs.xlsx')), 'xl/worksheets/sheet1.xml', 1 << 30));

  // SheetJS's workbook with its directory sector pointing at itself in the FAT.
  const x = Buffer.from(get('ok_xls_sheetjs-biff8.xls'));
  const ss = 1 << x.readUInt16LE(0x1e), dir = x.readUInt32LE(0x30), fat0 = x.readUInt32LE(0x4c);
  x.writeUInt32LE(dir, (fat0 + 1) * ss + 4 * dir);
  put('no_corrupt_sheetjs-directory-loops.xls', x);

  put('no_corrupt_issue12-looping-64k.doc', looping(64 << 10));
  put('no_corrupt_issue12-looping-8m.xls', looping(8 << 20));

  // A zip (an xlsx is one) stored raw in a stream without /Filter: unzip opens the PDF.
  const p = await PDFDocument.create();
  p.addPage([595, 842]);
  const ref = p.context.register(p.context.stream(get('ok_xlsx_exceljs.xlsx')));
  p.catalog.set(PDFName.of('SmeData'), ref);
  put('no_polyglot_pdf-lib-raw-zip-stream.pdf', Buffer.from(await p.save({ useObjectStreams: false })));
}

await (hostile ? hostiles() : writers());

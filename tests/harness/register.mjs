// register.mjs - what the registration and recovery tests need: a client
// that connects from an address of its own (127.x.y.z, so that the SMS
// limits per address, nginx's and the database's, are the test's own),
// multipart posts, licence files (real PNG bytes, JPEG, PDF, text), a full
// valid registration and the steps of one.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { adminOk, newPassword, uniqueName, uscc } from './admin.mjs';
import { Client, Page } from './client.mjs';
import { nthCode, testMobile } from './smscode.mjs';

/** A loopback address other than 127.0.0.1 (Linux answers all of 127/8). */
export function sourceAddress() {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/**
 * A Client whose requests leave from localAddress (node:http, since fetch
 * cannot bind one). Bodies may be strings, Buffers or FormData.
 */
export class SourceClient extends Client {
  constructor(localAddress = sourceAddress()) {
    super();
    this.localAddress = localAddress;
  }

  async request(method, path, { body, headers = {} } = {}) {
    const url = new URL(path, this.base);
    const h = { 'user-agent': this.userAgent, ...headers };
    const cookie = this.cookieHeader();
    if (cookie) h.cookie = cookie;
    let payload = null;
    if (body instanceof FormData) {
      const r = new Response(body);
      payload = Buffer.from(await r.arrayBuffer());
      h['content-type'] = r.headers.get('content-type');
    } else if (body != null) payload = Buffer.from(body);
    if (payload) h['content-length'] = String(payload.length);
    const res = await new Promise((resolve, reject) => {
      const req = http.request({
        host: url.hostname, port: url.port, path: url.pathname + url.search,
        method, headers: h, localAddress: this.localAddress,
      }, resolve);
      req.on('error', reject);
      req.end(payload ?? undefined);
    });
    const chunks = [];
    for await (const c of res) chunks.push(c);
    const hdrs = new Headers();
    for (let i = 0; i < res.rawHeaders.length; i += 2) hdrs.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
    const page = new Page({ status: res.statusCode, headers: hdrs }, new Uint8Array(Buffer.concat(chunks)), `${method} ${path}`);
    for (const c of page.setCookies) this.store(c);
    if (page.csrf) this.csrf = page.csrf;
    return page;
  }

  /** POST fields (and files: { field: { name, type, bytes } }) as multipart/form-data. */
  postMultipart(path, fields = {}, files = {}) {
    const fd = new FormData();
    const f = { ...fields };
    if (!('csrf' in f)) f.csrf = this.csrf;
    for (const [k, v] of Object.entries(f)) if (v != null) fd.append(k, v);
    for (const [k, file] of Object.entries(files))
      if (file) fd.append(k, new Blob([file.bytes], { type: file.type ?? '' }), file.name);
    return this.request('POST', path, { body: fd });
  }
}

/** A valid PNG of w x h pixels, a blue-and-white pattern. */
export function pngImage(w = 320, h = 200) {
  const crc = (buf) => {
    let c = ~0;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      const band = ((x >> 4) + (y >> 4)) % 2 === 0;
      raw.set(band ? [11, 79, 156] : [245, 247, 250], o);
    }
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** An 8x8 grey baseline JPEG: one block, DC 0, EOB (ITU T.81, minimal Huffman tables). */
export function jpegBytes() {
  const seg = (m, body) => Buffer.concat([Buffer.from([0xff, m]), Buffer.from([(body.length + 2) >> 8, (body.length + 2) & 255]), body]);
  const dht = (cls) => Buffer.concat([Buffer.from([cls]), Buffer.from([1, ...Array(15).fill(0)]), Buffer.from([0])]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from('4a46494600010100000100010000', 'hex')),
    seg(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    seg(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])),
    seg(0xc4, dht(0x00)),
    seg(0xc4, dht(0x10)),
    seg(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
    Buffer.from([0x3f]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A small PDF. */
export function pdfBytes() {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
}

export const licences = {
  png: () => ({ name: '营业执照.png', type: 'image/png', bytes: pngImage(64, 40) }),
  jpg: () => ({ name: 'licence.JPEG', type: 'image/jpeg', bytes: jpegBytes() }),
  pdfAsPng: () => ({ name: '营业执照.png', type: 'image/png', bytes: pdfBytes() }),
  text: () => ({ name: 'licence.jpg', type: 'image/jpeg', bytes: Buffer.from('这是营业执照的文字说明，不是图片。\n') }),
  pngAsJpg: () => ({ name: 'licence.jpg', type: 'image/jpeg', bytes: pngImage(8, 8) }),
};

/**
 * An electronic business licence as pdf-lib (a real writer) makes it: a
 * page with the licence's text and its image.
 */
export async function pdfLicence() {
  const doc = await PDFDocument.create();
  doc.setTitle('营业执照（电子）');
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Business Licence (electronic)', { x: 50, y: 780, size: 14, font });
  const png = await doc.embedPng(pngImage(120, 80));
  page.drawImage(png, { x: 50, y: 500, width: 360, height: 240 });
  return { name: '电子营业执照.pdf', type: 'application/pdf', bytes: Buffer.from(await doc.save()) };
}

/** A full valid registration of county (a county of Nanjing by default). */
export function registration({ city = '320100', county = '320102', ...over } = {}) {
  const password = newPassword();
  const username = uniqueName('reg');
  return {
    name: `注册测试${username.slice(-6)}科技有限公司`,
    uscc: uscc(county),
    city,
    county,
    username,
    password,
    password2: password,
    mobile: testMobile(),
    ...over,
  };
}

/** POST /register/sms as sms.js does (JSON) unless json is false. */
export function requestRegisterCode(client, mobile, { json = true } = {}) {
  return client.post('/register/sms', { mobile }, json ? { headers: { accept: 'application/json' } } : {});
}

/**
 * Register fields with licence through the pages: the form (for its
 * token), a code by SMS (read from sms.log), the multipart post. The
 * answer to the post; fields.sms_code is set.
 */
export async function register(client, fields, licence = licences.png()) {
  const form = await client.get('/register');
  assert.equal(form.status, 200, 'GET /register');
  const sent = await requestRegisterCode(client, fields.mobile);
  assert.equal(sent.status, 200, `code for ${fields.mobile}: ${sent.body}`);
  fields.sms_code = await nthCode(fields.mobile, 1);
  return client.postMultipart('/register', fields, { licence });
}

/**
 * An enterprise and its active account with a contact mobile, made by the
 * operator's command line: { username, password, uscc, mobile, region }.
 */
export function enterpriseWithMobile({ region = '320102', mobile = testMobile() } = {}) {
  const username = uniqueName('rec');
  const password = newPassword();
  const code = uscc(region);
  adminOk(['enterprise-add', '--uscc', code, '--name', `找回测试${username.slice(-6)}有限公司`,
    '--region', region, '--username', username, '--mobile', mobile], `${password}\n`);
  return { username, password, uscc: code, mobile, region };
}

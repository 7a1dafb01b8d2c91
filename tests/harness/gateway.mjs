// gateway.mjs - an operator's HTTP SMS API played by a small node server
// on loopback, for the http adapter's tests: it records each request
// (form fields from the query or the urlencoded body), checks nothing by
// itself and answers what the test's reply function says.
import { createHmac } from 'node:crypto';
import http from 'node:http';

/** Lowercase hex HMAC-SHA256 under key of vals joined by join (gw_http_sign). */
export function hmacHex(key, vals, join = '') {
  return createHmac('sha256', key).update(vals.join(join)).digest('hex');
}

/**
 * Start the server on 127.0.0.1:port (0: any). reply(req) returns
 * { status = 200, type, body, delayMs } for each request; req is
 * { method, path, fields }. Returns { port, requests, setReply, stop }.
 */
export async function startGateway({ port = 0, reply } = {}) {
  const requests = [];
  let answer = reply ?? (() => ({ body: '' }));
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', async () => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const params = req.method === 'POST' ? new URLSearchParams(body) : url.searchParams;
      const r = { method: req.method, path: url.pathname, contentType: req.headers['content-type'] ?? '',
        fields: Object.fromEntries(params), at: Date.now() };
      requests.push(r);
      const a = await answer(r);
      if (a.delayMs) await new Promise((resolve) => setTimeout(resolve, a.delayMs));
      res.writeHead(a.status ?? 200, { 'content-type': a.type ?? 'text/plain; charset=utf-8' });
      res.end(a.body ?? '');
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    requests,
    setReply(fn) { answer = fn; },
    stop() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

#!/usr/bin/env node
'use strict';
// Transparent loopback HTTP tap in front of Prism: forwards every request
// unchanged and records every validation problem Prism reports, so none can be
// missed. A problem is
//   - an application/problem+json answer made by Prism (VIOLATIONS 500,
//     UNAUTHORIZED 401, UNPROCESSABLE_ENTITY 422, NO_PATH_MATCHED_ERROR 404,
//     upstream FetchError for unparsable JSON, …), with its `validation` list;
//   - an `sl-violations` header (violations Prism passes through, e.g. warnings
//     such as an undeclared status code).
// Each is appended as one JSON line to VIOLATIONS and echoed to stderr with the
// prefix PRISM-VIOLATION. Requests carrying `x-helpline-expect-violation: 1`
// (negative tests that provoke Prism on purpose) are recorded with
// "expected": true and left out of the count the test hooks report.
//
// usage: tap.js LISTEN_PORT PRISM_PORT VIOLATIONS   (prints TAP_PORT=… when listening)

const http = require('http');
const fs = require('fs');
const [listenPort, prismPort, vioPath] = process.argv.slice(2);
if (!vioPath) { console.error('usage: tap.js LISTEN_PORT PRISM_PORT VIOLATIONS'); process.exit(2); }
if (!fs.existsSync(vioPath)) fs.writeFileSync(vioPath, '');
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function record(req, status, problem) {
  const rec = { at: new Date().toISOString(), request: `${req.method} ${req.url}`, status, ...problem };
  if (req.headers['x-helpline-expect-violation']) rec.expected = true;
  fs.appendFileSync(vioPath, JSON.stringify(rec) + '\n');
  process.stderr.write(`PRISM-VIOLATION${rec.expected ? ' (expected)' : ''} ${rec.request} → ${status}: ${JSON.stringify(problem)}\n`);
}

http.createServer((req, res) => {
  // Buffer the request body and forward it with Content-Length: Prism 5.14.2 forwards a chunked
  // request with a conflicting Content-Length, which the upstream's HTTP parser rejects (400).
  const body = [];
  req.on('data', (c) => body.push(c));
  req.on('end', () => forward(req, res, Buffer.concat(body)));
}).listen(Number(listenPort), '127.0.0.1', function () { process.stdout.write(`TAP_PORT=${this.address().port}\n`); });

function forward(req, res, reqBody, retried = false) {
  const headers = { ...req.headers };
  delete headers['x-helpline-expect-violation'];
  delete headers['transfer-encoding'];
  if (reqBody.length || !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(req.method)) headers['content-length'] = String(reqBody.length);
  const up = http.request({ host: '127.0.0.1', port: prismPort, method: req.method, path: req.url, headers, agent }, (pres) => {
    const ct = String(pres.headers['content-type'] || '');
    const slv = pres.headers['sl-violations'];
    if (slv) { let v = slv; try { v = JSON.parse(slv); } catch { /* keep the text */ } record(req, pres.statusCode, { title: 'sl-violations', validation: v }); }
    if (ct.includes('problem+json')) {
      const chunks = [];
      pres.on('data', (c) => chunks.push(c));
      pres.on('end', () => {
        const body = Buffer.concat(chunks);
        let p; try { p = JSON.parse(body.toString('utf8')); } catch { p = { raw: body.toString('utf8') }; }
        record(req, pres.statusCode, { type: p.type, title: p.title, detail: p.detail, validation: p.validation });
        res.writeHead(pres.statusCode, pres.headers);
        res.end(body);
      });
      return;
    }
    res.writeHead(pres.statusCode, pres.headers);
    pres.pipe(res);
  });
  up.on('error', (e) => {
    // A kept-alive socket that Prism closed just as it was reused (Node's keepAliveTimeout race,
    // more likely on a loaded machine): the request never reached Prism, so send it once more.
    if (up.reusedSocket && e.code === 'ECONNRESET' && !retried) return forward(req, res, reqBody, true);
    record(req, 502, { title: 'tap: Prism unreachable', detail: String(e) }); res.writeHead(502); res.end();
  });
  up.end(reqBody);
}

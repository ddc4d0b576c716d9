#!/usr/bin/env node
// The "customer": a third-party WebRTC SIP client (JsSIP 3.13 in headless Chromium).
//
//   node tests/peers/customer/customer.js [--name NAME] [--tone HZ | --audio-file WAV]
//                                         [--chromium PATH] [--log-dir DIR] [--debug]
//
// Reads JSON commands from stdin, one a line, and writes JSON events to stdout, one a line.
// Commands ({"cmd": ...}):
//   register {uri, password, ws_url, display_name, username?, expires?, auto_answer?}, unregister,
//   auto_answer {enabled}, ice {servers: [{urls, username, credential}], policy: "all"|"relay"},
//   call {target}, answer, reject {status}, hangup, hold, unhold, mute, unmute,
//   dtmf {tones, method: "INFO"|"RFC2833", duration?, gap?}, refer {target, replaces_call?}, stats,
//   quit. hangup, hold, unhold and refer act on the current call, or on {call: N} (the "call" of
//   the events); refer with replaces_call is an attended transfer (Replaces naming that call).
// Events ({"event": ..., "t": ms since this process started}):
//   ready, ws_connected, registered, unregistered, registration_failed {status, cause},
//   incoming {from, display_name, to}, progress {status}, accepted, confirmed,
//   ended {originator, cause}, failed {originator, cause, status}, hold/unhold {originator},
//   dtmf {tone, method: "INFO"} (received), dtmf_sent {tone}, info {content_type, body},
//   refer {target} (received, and followed with a new call), refer_accepted, refer_notify {status},
//   replaces {call, replaces} (an INVITE with Replaces for this call: accepted, the new call is
//   answered at once and reported as incoming {…, replaces}),
//   ice {state}, audio {received_packets, bytes, audio_level, dominant_frequency_hz, ...} every
//   500 ms while a call is up, first_audio {ms_since_invite, selected_pair, local_candidate_type,
//   remote_candidate_type, dtls_role, codec}, ice_config {servers, policy},
//   timing {invite_sent_ms | accepted_ms | confirmed_ms | first_audio_ms, since},
//   error {message, cmd}, exit {code}.
// invite_sent_ms counts from the call command (media + ICE gathering); the other timings count
// from the INVITE sent (caller) or received (callee).
//
// The page is served from a 127.0.0.1 HTTP server (Chromium's Local Network Access checks
// block ws://127.0.0.1 from a page that did not come from loopback). Nothing listens elsewhere.
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const readline = require('readline');

const started = Date.now();

function parseArgs(argv) {
  const o = { name: 'customer', tone: 800, audioFile: null, chromium: process.env.HL_CHROMIUM || '/usr/bin/chromium', logDir: null, debug: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--name') o.name = next();
    else if (a === '--tone') o.tone = Number(next());
    else if (a === '--audio-file') o.audioFile = next();
    else if (a === '--chromium') o.chromium = next();
    else if (a === '--log-dir') o.logDir = next();
    else if (a === '--debug') o.debug = true;
    else if (a === '-h' || a === '--help') {
      // The header comment: every line after the shebang up to the first that is not a comment.
      const lines = fs.readFileSync(__filename, 'utf8').split('\n').slice(1);
      const end = lines.findIndex((l) => !l.startsWith('//'));
      process.stdout.write(lines.slice(0, end < 0 ? lines.length : end).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!(o.tone > 20 && o.tone < 20000)) throw new Error('--tone must be a frequency in Hz');
  return o;
}

function out(obj) {
  process.stdout.write(JSON.stringify(Object.assign({ t: Date.now() - started }, obj)) + '\n');
}

// A 16-bit mono PCM WAV of a sine tone; Chromium loops it as the fake microphone.
function writeToneWav(file, hz, seconds = 4, rate = 48000, amplitude = 0.5) {
  // a whole number of periods, so that the loop has no click
  const periods = Math.max(1, Math.round(hz * seconds));
  const n = Math.round(periods * rate / hz);
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    const v = Math.round(Math.sin(2 * Math.PI * hz * i / rate) * amplitude * 32767);
    data.writeInt16LE(v, i * 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);        // PCM
  h.writeUInt16LE(1, 22);        // mono
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  fs.writeFileSync(file, Buffer.concat([h, data]));
}

async function bundlePage() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, 'page.js')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

function serve(bundle) {
  const html = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Helpline test customer</title></head>' +
    '<body><script src="/customer.js"></script></body></html>';
  const server = http.createServer((req, res) => {
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
    } else if (req.url === '/customer.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(Buffer.from(bundle));
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `hl-${opts.name}-`));
  let audioFile = opts.audioFile;
  if (!audioFile) {
    audioFile = path.join(tmp, `tone-${opts.tone}.wav`);
    writeToneWav(audioFile, opts.tone);
  }
  const { chromium } = require('playwright-core');

  const [bundle] = await Promise.all([bundlePage()]);
  const server = await serve(bundle);
  const url = `http://127.0.0.1:${server.address().port}/`;

  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--allow-loopback-in-peer-connection',
    '--disable-features=WebRtcHideLocalIpsWithMdns',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${audioFile}`,
    '--autoplay-policy=no-user-gesture-required',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-domain-reliability',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--no-pings',
    '--metrics-recording-only',
    '--disable-breakpad',
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    '--password-store=basic',
    '--use-mock-keychain',
  ];
  const browser = await chromium.launch({
    executablePath: opts.chromium,
    headless: true,
    args,
    ignoreDefaultArgs: ['--mute-audio'],
    env: Object.assign({}, process.env, { HOME: tmp, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_CACHE_HOME: path.join(tmp, 'cache') }),
  });
  const context = await browser.newContext({ permissions: ['microphone'] });
  const page = await context.newPage();

  let logStream = null;
  if (opts.logDir) {
    fs.mkdirSync(opts.logDir, { recursive: true });
    logStream = fs.createWriteStream(path.join(opts.logDir, `${opts.name}-console.log`));
  }
  page.on('console', (m) => {
    const line = `[${Date.now() - started}] ${m.type()}: ${m.text()}\n`;
    if (logStream) logStream.write(line);
    if (opts.debug) process.stderr.write(`${opts.name} ${line}`);
  });
  page.on('pageerror', (err) => out({ event: 'error', message: 'page: ' + err.message }));
  page.on('crash', () => out({ event: 'error', message: 'page crashed' }));

  await page.exposeBinding('hlEmit', (_source, json) => {
    try {
      out(JSON.parse(json));
    } catch (err) {
      out({ event: 'error', message: 'bad event from page' });
    }
  });
  if (opts.debug) {
    await page.addInitScript(() => { localStorage.setItem('debug', 'JsSIP:*'); });
  }
  await page.goto(url);
  await page.waitForFunction(() => window.hlReady === true);
  out({ event: 'ready', name: opts.name, tone_hz: opts.audioFile ? null : opts.tone, audio_file: audioFile, page: url });

  let closing = false;
  const shutdown = async (code) => {
    if (closing) return;
    closing = true;
    try {
      await Promise.race([
        page.evaluate(() => window.hlCommand(JSON.stringify({ cmd: 'quit' }))),
        new Promise((r) => setTimeout(r, 1000)),
      ]);
      // let the BYE / un-REGISTER leave before the browser goes
      await new Promise((r) => setTimeout(r, 300));
    } catch (err) { /* the page may be gone */ }
    try { await browser.close(); } catch (err) { /* ignore */ }
    server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    out({ event: 'exit', code });
    process.exit(code);
  };

  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', async (line) => {
    line = line.trim();
    if (!line) return;
    let cmd;
    try {
      cmd = JSON.parse(line);
    } catch (err) {
      out({ event: 'error', message: 'bad JSON on stdin: ' + err.message });
      return;
    }
    if (cmd.cmd === 'quit') {
      await shutdown(0);
      return;
    }
    try {
      await page.evaluate((json) => window.hlCommand(json), JSON.stringify(cmd));
    } catch (err) {
      out({ event: 'error', message: String(err.message || err), cmd: cmd.cmd });
    }
  });
  rl.on('close', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  process.on('SIGINT', () => shutdown(130));
  browser.on('disconnected', () => {
    if (!closing) {
      out({ event: 'error', message: 'browser disconnected' });
      process.exit(1);
    }
  });
}

main().catch((err) => {
  out({ event: 'error', message: 'startup: ' + (err && err.stack ? err.stack : err) });
  process.exit(1);
});

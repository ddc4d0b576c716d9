#!/usr/bin/env node
// sipp against Helpline, run by test-sipp.sh (through test-softphone.sh's setup: a loopback-only
// network namespace, Xvfb, a D-Bus session, Kamailio). sipp speaks UDP to Kamailio, which relays
// to Helpline over WebSocket; requests marked X-Hl-Stateless take Kamailio's stateless path, so
// sipp's retransmissions reach Helpline as they would through a stateless proxy. sipp does no
// ICE or DTLS: these scenarios test signalling. Each asserts sipp's exit status and what Helpline
// did: its debug log, its state over D-Bus, the call record in the workspace database. The last
// scenario is a REFER from the JsSIP customer, with audio checked on the new call.
//   node sipp-test.js --helpline BIN --ws-url ws://127.0.0.1:PORT/ws --udp-port PORT
//                     [--domain 127.0.0.1] [--log-dir DIR] [--work DIR]
// Prints PASS/FAIL per scenario and "N passed, N failed"; exit 0 = all pass.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { Customer } = require('./customer/driver');
const { App, run, sleep, testArgs } = require('./helpline-driver');

const { helpline, wsUrl, udpPort, domain, logDir, work } = testArgs('sipp-test.js');
if (!udpPort) {
  console.error('sipp-test.js: --udp-port is required');
  process.exit(2);
}
const db = path.join(process.env.XDG_DATA_HOME || '', 'helpline', 'local.db');
const scenarios = path.join(__dirname, 'sipp');
const SIPP_IP = '127.0.0.2';  // not 127.0.0.1: Kamailio takes every port of its domain 127.0.0.1 as itself
const SIPP_PORT = 5072;     // sipp's own UDP port: the namespace has nothing else listening
const APP_TONE = 600;       // HELPLINE_AUDIO_SRC, set by test-softphone.sh
const TOLERANCE_HZ = 25;
const AGENT = `sip:agent1@${domain}`;
const startedAt = Date.now();

// --- sipp -----------------------------------------------------------------------------------

let sippRuns = 0;

const sippProcs = new Set();

// Runs one sipp scenario (a file in sipp/, or an absolute path) to its end; resolves
// { code, name } (code 0 = the call succeeded). Its traces go to the log dir under `name`.
function sipp(scenario, extra = [], timeoutS = 15) {
  const name = `sipp-${++sippRuns}-${path.basename(scenario).replace(/\.xml$/, '')}`;
  const argv = ['-sf', path.resolve(scenarios, scenario), '-i', SIPP_IP, '-p', String(SIPP_PORT), '-m', '1',
    '-timeout', `${timeoutS}s`, '-timeout_error', '-nostdin', '-trace_err', '-error_file', path.join(logDir, `${name}-errors.log`),
    '-trace_msg', '-trace_logs', '-log_file', path.join(logDir, `${name}-actions.log`), '-message_file', path.join(logDir, `${name}-messages.log`), ...extra];
  return new Promise((resolve) => {
    const proc = spawn('sipp', argv, { cwd: logDir, stdio: ['ignore', 'pipe', 'pipe'] });
    sippProcs.add(proc);
    let out = '';
    proc.stdout.on('data', (d) => { out += d; });
    proc.stderr.on('data', (d) => { out += d; });
    proc.on('exit', (code, signal) => {
      sippProcs.delete(proc);
      fs.writeFileSync(path.join(logDir, `${name}.out`), out);
      resolve({ code: signal ? signal : code, name });
    });
  });
}

// A sipp left waiting by a failed scenario would hold the port: stop it.
async function stopSipp() {
  for (const proc of sippProcs) {
    const gone = new Promise((resolve) => proc.on('exit', resolve));
    proc.kill('SIGTERM');
    await Promise.race([gone, sleep(2000)]);
  }
}

// uas-failure.xml with a literal status (sipp checks status codes when it loads a scenario).
function failureScenario(status, reason, extra) {
  const file = path.join(work, `uas-failure-${status}.xml`);
  const text = fs.readFileSync(path.join(scenarios, 'uas-failure.xml'), 'utf8');
  fs.writeFileSync(file, text.replace(/SIP\/2\.0 @STATUS@ @REASON@/g, `SIP/2.0 ${status} ${reason}`).replace(/^(\s*)@EXTRA@$/mg, `$1${extra}`));
  return file;
}

function sippFailed(r) {
  let detail = '';
  try {
    detail = fs.readFileSync(path.join(logDir, `${r.name}-errors.log`), 'utf8').split('\n').filter((l) => l.trim()).slice(-3).join(' | ');
  } catch (err) { /* no error file: nothing went wrong in sipp's view */ }
  return new Error(`sipp ${r.name} exit ${r.code}${detail ? ': ' + detail : ''} (see ${logDir}/${r.name}-messages.log)`);
}

// sipp as a UAC toward the agent (Kamailio's UDP port).
const sippCalls = (scenario, extra = []) => sipp(scenario, [`127.0.0.1:${udpPort}`, '-s', 'agent1', '-nr', ...extra]);

// sipp's address registered for `user`; the binding stays for `expires` seconds (0 removes it).
async function register(user, expires = 120) {
  const r = await sipp('register.xml', [`127.0.0.1:${udpPort}`, '-s', user, '-au', user, '-ap', `${user}-secret`, '-key', 'expires', String(expires)]);
  if (r.code !== 0) throw sippFailed(r);
}

// --- Helpline -------------------------------------------------------------------------------

const CALL_STATE = (to) => new RegExp(`HlCall-DEBUG.*Call \\S+: state \\d+ → ${to}\\b`);
const ACTIVE = 3;
const INCOMING = /HlCallManager-DEBUG.*Incoming call (\S+) from (\S+)/;
const ENDED = /HlCall-DEBUG.*Call (\S+) ended: (.*)$/;

function linesSince(app, from, re) {
  return app.lines.slice(from).map((l) => l.text.match(re)).filter(Boolean);
}

function noWarnings(app, from) {
  const bad = app.lines.slice(from).filter((l) => /-CRITICAL \*\*|-WARNING \*\*/.test(l.text));
  if (bad.length) throw new Error(`the app warned: ${bad[0].text}`);
}

async function sql(query) {
  const r = await run('sqlite3', ['-cmd', '.timeout 3000', db, query], 10000);
  if (r.code !== 0) throw new Error(`sqlite3 ${db}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

// The call records written since id `after`: [{ result, direction, remote }].
async function callsSince(after, want, timeoutMs = 4000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = (await sql(`SELECT result, direction, remote_uri FROM calls WHERE id > ${after} ORDER BY id`).catch(() => ''))
      .split('\n').filter(Boolean).map((r) => { const [result, direction, remote] = r.split('|'); return { result, direction, remote }; });
    if (rows.length >= want || Date.now() > until) return rows;
    await sleep(200);
  }
}

// The screen (Xvfb) as a PNG in the log dir: imagemagick's import, else GStreamer's ximagesrc;
// null when neither works.
async function screenshot(name) {
  const file = path.join(logDir, `${name}.png`);
  let r = await run('import', ['-window', 'root', file], 15000);
  if (r.code !== 0) {
    r = await run('gst-launch-1.0', ['-q', 'ximagesrc', 'num-buffers=1', '!', 'videoconvert', '!', 'pngenc', '!',
      'filesink', `location=${file}`], 15000);
  }
  return r.code === 0 && fs.existsSync(file) ? file : null;
}

const lastCallId = async () => Number(await sql('SELECT coalesce(max(id), 0) FROM calls').catch(() => '0')) || 0;

// --- scenarios ------------------------------------------------------------------------------

let passed = 0;
let failed = 0;
const app = new App(helpline, { logDir, work });

async function scenario(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    passed++;
    console.log(`PASS ${name}${detail ? '  ' + detail : ''}  (${Date.now() - t0} ms)`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}  ${err.message}`);
    await stopSipp();
    await app.action('hangup').catch(() => {});
  }
}

async function main() {
  let c1 = null;
  let c2 = null;

  try {
    // The JsSIP customers start now (Chromium takes seconds) and register after the sipp part,
    // which uses customer1 and customer2 for its own bindings.
    c1 = new Customer('customer1', 800, { logDir, domain, wsUrl });
    c2 = new Customer('customer2', 1000, { logDir, domain, wsUrl });
    const customersReady = Promise.all([c1.wait('ready', () => true, 30000, 0), c2.wait('ready', () => true, 30000, 0)]);

    await app.provision('agent1', { 'websocket-url': wsUrl, uri: AGENT, password: 'agent1-secret', 'display-name': 'Ana Ruiz' });
    app.start();
    await app.waitLine(/HlSipAccount-DEBUG.*: state \d+ → 3 /, 15000, 0);

    await scenario('in-dialog: session timers, INFO digits both ways, refresh, BYE retransmitted', async () => {
      const from = app.mark();
      const db0 = await lastCallId();
      const done = sippCalls('uac-in-dialog.xml');
      await app.waitLine(INCOMING, 5000, from);
      await app.action('answer');
      await app.waitLine(CALL_STATE(ACTIVE), 5000, from);
      await sleep(300);
      await app.action('dtmf', '"3"');
      await app.waitLine(/DTMF 7 received by INFO/, 5000, from);
      await sleep(300);
      const shot = await screenshot('dtmf-received');
      const r = await done;
      if (r.code !== 0) throw sippFailed(r);
      const ended = await app.waitLine(ENDED, 3000, from);
      const digits = linesSince(app, from, /DTMF (\S) received by INFO/).map((m) => m[1]).join('');
      if (digits !== '57') throw new Error(`the app received the digits "${digits}" by INFO, not "57"`);
      const refreshes = linesSince(app, from, /session refresh by (\S+)/).map((m) => m[1]).join(', ');
      if (refreshes !== 'INVITE, UPDATE, INVITE') throw new Error(`session refreshes seen: ${refreshes || 'none'}`);
      if (!linesSince(app, from, /BYE retransmitted, 200 sent again/).length) throw new Error('no 200 for the retransmitted BYE');
      if (!linesSince(app, from, /INVITE retransmitted, 200 sent again/).length) throw new Error('no 200 for the INVITE sent again');
      if (linesSince(app, from, INCOMING).length !== 1) throw new Error('more than one call');
      if (linesSince(app, from, /state \d+ → /).length !== 2) throw new Error('the call changed state during the refresh');
      noWarnings(app, from);
      const calls = await callsSince(db0, 1);
      if (calls.length !== 1 || calls[0].result !== 'answered') throw new Error(`call records ${JSON.stringify(calls)}`);
      return `sipp exit 0 (the INVITE sent again got the 200 again; it got the digit 3 by INFO); the app got "${digits}" by INFO${shot ? ' (call card: ' + path.basename(shot) + ')' : ''}; refreshes (${refreshes}: same SDP, none, offerless) answered 200 without touching the media; ` +
        `BYE twice -> 200 twice; ended "${ended[2]}"; one call record (${calls[0].result})`;
    });

    await scenario('invite-retransmitted: one call, the 180 sent again for each copy', async () => {
      const from = app.mark();
      const r = await sippCalls('uac-invite-retransmitted.xml');
      if (r.code !== 0) throw sippFailed(r);
      const ended = await app.waitLine(ENDED, 3000, from);
      const calls = linesSince(app, from, INCOMING).length;
      const again = linesSince(app, from, /INVITE retransmitted, 180 sent again/).length;
      if (calls !== 1) throw new Error(`${calls} incoming calls for one INVITE sent three times`);
      if (again !== 2) throw new Error(`the 180 was sent again ${again} times, not 2`);
      if (ended[2] !== 'The caller hung up') throw new Error(`ended "${ended[2]}"`);
      noWarnings(app, from);
      return `sipp exit 0 (3 x 180 for 3 x INVITE, then CANCEL -> 200, 487); one incoming call; ended "${ended[2]}"`;
    });

    await scenario('odd-headers: compact forms, whitespace, quoted name; rings and is cancelled', async () => {
      const from = app.mark();
      const r = await sippCalls('uac-odd-headers.xml');
      if (r.code !== 0) throw sippFailed(r);
      const inc = await app.waitLine(INCOMING, 1000, from);
      const ended = await app.waitLine(ENDED, 3000, from);
      if (inc[2] !== 'sip:joe@example.invalid;x-unknown-uri-param=1') throw new Error(`the caller is ${inc[2]}`);
      if (!inc.line.includes('(Joe "the caller" O\\Brien)')) throw new Error(`the caller's name: ${inc.line}`);
      if (ended[2] !== 'The caller hung up') throw new Error(`ended "${ended[2]}"`);
      noWarnings(app, from);
      return `sipp exit 0 (180, then CANCEL -> 200, 487); the app rang for ${inc[2]} named 'Joe "the caller" O\\Brien'; ended "${ended[2]}"`;
    });

    await scenario('plain-rtp: an offer without ICE/DTLS gets 488, the app stays up', async () => {
      const from = app.mark();
      const r = await sippCalls('uac-plain-rtp.xml');
      if (r.code !== 0) throw sippFailed(r);
      const ended = await app.waitLine(ENDED, 3000, from);
      if (!/no ICE or DTLS/.test(ended[2])) throw new Error(`ended "${ended[2]}"`);
      if (linesSince(app, from, INCOMING).length) throw new Error('the app rang for it');
      noWarnings(app, from);
      const state = await app.action('hangup').then(() => 'alive');
      return `sipp exit 0 (488 Not Acceptable Here, no ringing); the call ended "${ended[2]}"; the app answers D-Bus (${state})`;
    });

    // sipp as the called party: registered as customer1 and customer2, then one UAS run per case.
    await register('customer1');
    await register('customer2');
    const sippAnswers = (scenario, extra = []) => sipp(scenario, ['-nr', '-key', 'domain', domain, ...extra]);
    const call = async (target) => {
      await sleep(200); // sipp is listening
      await app.action('call', `"sip:${target}@${domain}"`);
    };

    await scenario('answer-retransmitted: each 200 OK gets an ACK, one call', async () => {
      const from = app.mark();
      const db0 = await lastCallId();
      const done = sippAnswers('uas-answer-retransmitted.xml');
      await call('customer2');
      await app.waitLine(/2xx retransmitted, ACK sent again/, 8000, from);
      await app.action('hangup');
      const r = await done;
      if (r.code !== 0) throw sippFailed(r);
      const ended = await app.waitLine(ENDED, 3000, from);
      noWarnings(app, from);
      const calls = await callsSince(db0, 1);
      if (calls.length !== 1 || calls[0].result !== 'answered' || calls[0].direction !== 'outgoing') throw new Error(`call records ${JSON.stringify(calls)}`);
      return `sipp exit 0 (200, ACK, the same 200 again, ACK again, BYE); one call record (${calls[0].direction}/${calls[0].result}); ended "${ended[2]}"`;
    });

    const failures = [
      [503, 'Service Unavailable', 'Retry-After: 120', 'failed', 'The phone service is unavailable; try again in 120 seconds'],
      [500, 'Server Internal Error', 'X-Nothing: 1', 'failed', 'The phone service failed (500 Server Internal Error)'],
      [480, 'Temporarily Unavailable', 'X-Nothing: 1', 'missed', 'The person you called is not available right now'],
      [486, 'Busy Here', 'X-Nothing: 1', 'busy', 'The line is busy'],
      [603, 'Decline', 'X-Nothing: 1', 'rejected', 'The call was declined'],
    ];
    await scenario('failures: 503 with Retry-After, 500, 480, 486, 603 end with clear reasons', async () => {
      const seen = [];
      let shot = null;
      for (const [status, reason, extra, result, text] of failures) {
        const from = app.mark();
        const db0 = await lastCallId();
        const done = sippAnswers(failureScenario(status, reason, extra));
        await call('customer2');
        const r = await done;
        if (r.code !== 0) throw sippFailed(r);
        const ended = await app.waitLine(ENDED, 3000, from);
        if (ended[2] !== text) throw new Error(`${status}: ended "${ended[2]}", not "${text}"`);
        const calls = await callsSince(db0, 1);
        if (calls.length !== 1 || calls[0].result !== result) throw new Error(`${status}: call records ${JSON.stringify(calls)}`);
        // The reason goes to the window as a toast (HlPhone::call-failed).
        await app.waitLine(new RegExp(`HlPhone-DEBUG.*Call to sip:customer2@\\S+ failed: ${text.replace(/[()]/g, '\\$&')}$`), 2000, from);
        if (status === 503) shot = await screenshot('call-failed-503');
        noWarnings(app, from);
        seen.push(`${status} -> "${ended[2]}" (${calls[0].result})`);
      }
      return `${seen.join('; ')}; each reported as call-failed${shot ? ' (toast: ' + path.basename(shot) + ')' : ''}`;
    });

    await scenario('redirect: 302 followed to its Contact, then a redirect loop refused', async () => {
      const from = app.mark();
      const done = sippAnswers('uas-redirect-loop.xml');
      await call('customer1');
      const r = await done;
      if (r.code !== 0) throw sippFailed(r);
      const ended = await app.waitLine(ENDED, 3000, from);
      const followed = linesSince(app, from, /redirected by 302 to (\S+)/).map((m) => m[1]);
      if (followed.join() !== `sip:customer2@${domain}`) throw new Error(`followed: ${followed.join(', ') || 'nothing'}`);
      if (ended[2] !== 'The number redirects the call in a loop') throw new Error(`ended "${ended[2]}"`);
      noWarnings(app, from);
      return `sipp exit 0; INVITE customer1 -> 302 -> INVITE ${followed[0]} -> 302 back to customer1 -> ended "${ended[2]}"`;
    });

    await scenario('redirect-limit: three redirects followed, the fourth refused', async () => {
      const from = app.mark();
      const done = sippAnswers('uas-redirect-limit.xml');
      await call('customer2');
      const r = await done;
      if (r.code !== 0) throw sippFailed(r);
      const ended = await app.waitLine(ENDED, 3000, from);
      const followed = linesSince(app, from, /redirected by 302 to (\S+)/).map((m) => m[1]);
      if (followed.length !== 3) throw new Error(`followed ${followed.length} redirects: ${followed.join(', ')}`);
      if (ended[2] !== 'The number redirected the call too many times') throw new Error(`ended "${ended[2]}"`);
      noWarnings(app, from);
      return `sipp exit 0 (4 INVITEs, 4 x 302); followed ${followed.join(', ')}; ended "${ended[2]}"`;
    });

    await scenario('session-timer-422: INVITE again with the Min-SE the far end asked for', async () => {
      const from = app.mark();
      const done = sippAnswers('uas-422.xml');
      await call('customer2');
      const r = await done;
      if (r.code !== 0) throw sippFailed(r);
      const ended = await app.waitLine(ENDED, 3000, from);
      if (!linesSince(app, from, /422, INVITE again with Session-Expires 1800/).length) throw new Error('no retry after the 422');
      noWarnings(app, from);
      return `sipp exit 0 (422 Min-SE 1800 -> INVITE with Session-Expires 1800 and Min-SE 1800 -> 486); ended "${ended[2]}"`;
    });
    await register('customer1', 0);
    await register('customer2', 0);

    // The JsSIP customer calls and keys digits both ways (RFC 4733 in the audio, SIP INFO); the
    // call stays up for the transfer scenario after it.
    let customerCall = false;
    await scenario('customer-digits: the JsSIP customer\'s RFC 4733 and INFO digits reach the call', async () => {
      await customersReady;
      let from1 = c1.mark();
      const from2 = c2.mark();
      c1.register('customer1-secret');
      c2.register('customer2-secret');
      await c1.waitNot('registered', () => true, ['registration_failed'], 8000, from1);
      await c2.waitNot('registered', () => true, ['registration_failed'], 8000, from2);
      c2.send({ cmd: 'auto_answer', enabled: true });

      const appMark = app.mark();
      from1 = c1.mark();
      c1.send({ cmd: 'call', target: AGENT });
      await app.waitLine(INCOMING, 8000, appMark);
      await app.action('answer');
      await c1.waitNot('confirmed', () => true, ['failed', 'ended'], 8000, from1);
      customerCall = true;
      await c1.wait('first_audio', () => true, 6000, from1);
      c1.send({ cmd: 'dtmf', tones: '4', method: 'RFC2833' });
      const inAudio = await app.waitLine(/DTMF (\S) received in the audio/, 5000, appMark);
      c1.send({ cmd: 'dtmf', tones: '9', method: 'INFO' });
      const byInfo = await app.waitLine(/DTMF (\S) received by INFO/, 5000, appMark);
      if (inAudio[1] !== '4' || byInfo[1] !== '9') throw new Error(`the app got ${inAudio[1]} in the audio and ${byInfo[1]} by INFO`);
      await sleep(300);
      const shot = await screenshot('customer-digits');
      return `the app got 4 as RFC 4733 events and 9 by SIP INFO${shot ? ' (call card: ' + path.basename(shot) + ')' : ''}`;
    });

    // RFC 3515 + RFC 5589 with a real client: customer1 (JsSIP), in the call above, transfers the
    // agent to customer2 with REFER. Helpline accepts (202), calls customer2, reports 100 and 200
    // in NOTIFYs, and, since JsSIP does not hang up by itself, ends the first call with BYE.
    await scenario('refer-received: the JsSIP customer transfers the agent to customer2, audio flows', async () => {
      if (!customerCall) throw new Error('no call with the customer (the scenario before failed)');
      const appMark = app.mark();
      const referMark = c1.mark();
      const c2Mark = c2.mark();
      c1.send({ cmd: 'refer', target: `sip:customer2@${domain}` });
      await c1.waitNot('refer_accepted', () => true, ['refer_failed'], 5000, referMark);
      const inc = await c2.wait('incoming', () => true, 8000, c2Mark);
      if (!inc.from.includes('agent1')) throw new Error(`customer2's call comes from ${inc.from}`);
      await c2.waitNot('confirmed', () => true, ['failed', 'ended'], 8000, c2Mark);
      const final = await c1.wait('refer_notify', (e) => e.final, 8000, referMark);
      if (final.status !== 200) throw new Error(`the final NOTIFY says ${final.status}`);
      const notified = c1.events.slice(referMark).filter((e) => e.event === 'refer_notify').map((e) => e.status);
      const heard = await c2.wait('audio', (e) => e.received_packets >= 25 && Math.abs(e.dominant_frequency_hz - APP_TONE) <= TOLERANCE_HZ, 8000, c2Mark);
      const bye = await c1.wait('ended', () => true, 6000, referMark);
      if (bye.originator !== 'remote') throw new Error(`customer1's call ended by ${bye.originator}`);
      const progress = linesSince(app, appMark, /transfer progress (\d+)/).map((m) => m[1]);
      const to = c2.mark();
      c2.send({ cmd: 'hangup' });
      await c2.wait('ended', () => true, 5000, to);
      noWarnings(app, appMark);
      return `REFER -> 202; NOTIFY ${notified.join(', ')} at customer1 (app: ${progress.join(', ')}); customer2 answered the app's call ` +
        `and hears ${heard.dominant_frequency_hz} Hz (${heard.received_packets} pkts); the app hung up the first call (BYE, customer1 ended: ${bye.cause})`;
    });
  } catch (err) {
    failed++;
    console.log(`FAIL sipp-test  ${err.message}`);
  } finally {
    const waits = [app.quit()];
    if (c1) waits.push(c1.quit());
    if (c2) waits.push(c2.quit());
    const [appExit] = await Promise.all(waits);
    if (appExit && !/exit code 0/.test(appExit)) {
      failed++;
      console.log(`FAIL helpline-exit  ${appExit}`);
    }
  }

  console.log(`sipp-test.js: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();

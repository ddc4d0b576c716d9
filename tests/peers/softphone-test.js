#!/usr/bin/env node
// The softphone's integration test against real peers, run by test-softphone.sh (which makes the
// loopback-only network namespace, the X server, the D-Bus session with an unlocked gnome-keyring
// and Kamailio). It drives the app only through its contracts: `helpline --provision=FILE`, the
// D-Bus actions (org.gtk.Actions on /io/helpline/Helpline), the debug log on stderr and the
// workspace database; the far end is the JsSIP customer in headless Chromium (customer/customer.js).
//   node softphone-test.js --helpline BIN --ws-url ws://127.0.0.1:PORT/ws [--domain 127.0.0.1]
//                          [--log-dir DIR] [--work DIR]
//                          [--turn-uri turn:127.0.0.1:PORT?transport=udp --turn-user U --turn-password P
//                           --turn-log FILE]
// Scenarios: registration (and a wrong password), the customer calls and app.answer answers (600 Hz
// heard, call logged), hold/unhold, DTMF, the agent calls (app.call/app.hangup), CANCEL (missed),
// busy (486), auto-answer after re-provisioning and a restart, and a call whose media can only go
// through the TURN relay (the customer relay-only; the app's TURN server from provisioning), and
// switching the interface language during a call.
// Prints PASS/FAIL per scenario, the timing figures, and "N passed, N failed"; exit 0 = all pass.
'use strict';

const fs = require('fs');
const path = require('path');
const { Customer } = require('./customer/driver');
const { App, run, testArgs } = require('./helpline-driver');

const { helpline, wsUrl, domain, logDir, work, turn } = testArgs('softphone-test.js');
const dataHome = process.env.XDG_DATA_HOME;
const db = path.join(dataHome || '', 'helpline', 'local.db');

const APP_TONE = 600;      // HELPLINE_AUDIO_SRC, set by test-softphone.sh
const CUSTOMER_TONE = 800;
const TOLERANCE_HZ = 25;
const AUTO_ANSWER_CALLS = 3;
const AGENT = `sip:agent1@${domain}`;
const CUSTOMER = `sip:customer1@${domain}`;
const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- helpers --------------------------------------------------------------------------------

const results = [];
const figures = [];
let passed = 0;
let failed = 0;

async function scenario(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    passed++;
    results.push({ name, ok: true });
    console.log(`PASS ${name}${detail ? '  ' + detail : ''}  (${Date.now() - t0} ms)`);
    return true;
  } catch (err) {
    failed++;
    results.push({ name, ok: false });
    console.log(`FAIL ${name}  ${err.message}`);
    return false;
  }
}

function hzOk(hz, want) {
  return typeof hz === 'number' && Math.abs(hz - want) <= TOLERANCE_HZ;
}

async function hearsApp(c, from = c.mark(), minPackets = 25, timeoutMs = 6000) {
  const e = await c.wait('audio', (ev) => ev.received_packets >= minPackets && hzOk(ev.dominant_frequency_hz, APP_TONE), timeoutMs, from);
  return `customer hears ${e.dominant_frequency_hz} Hz (${e.received_packets} pkts, level ${e.audio_level})`;
}

async function screenshot(name) {
  const file = path.join(logDir, `${name}.png`);
  const r = await run('import', ['-window', 'root', file], 15000);
  if (r.code !== 0) {
    console.log(`  screenshot ${name}: ${r.code === 'ENOENT' ? 'skipped, imagemagick\'s import is not installed' : 'failed (' + (r.stderr.trim() || r.code) + ')'}`);
    return null;
  }
  console.log(`  screenshot: ${file}`);
  return file;
}

async function sql(query) {
  const r = await run('sqlite3', ['-cmd', '.timeout 3000', db, query], 10000);
  if (r.code !== 0) throw new Error(`sqlite3 ${db}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

// Polls the last call record until it is one newer than `afterId`.
async function lastCall(afterId, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await sql('SELECT id, result, direction, remote_uri, coalesce(conversation_id, \'\'), ' +
      'coalesce(answered_at, \'\'), coalesce(ended_at, \'\') FROM calls ORDER BY id DESC LIMIT 1').catch(() => '');
    if (row) {
      const [id, result, direction, remote, conversation, answered, ended] = row.split('|');
      if (Number(id) > afterId) return { id: Number(id), result, direction, remote, conversation, answered, ended };
    }
    if (Date.now() > until) throw new Error(`no new call record in ${db} within ${timeoutMs} ms (last: ${row || 'none'})`);
    await sleep(200);
  }
}

async function lastCallId() {
  const v = await sql('SELECT coalesce(max(id), 0) FROM calls').catch(() => '0');
  return Number(v) || 0;
}

// Call state lines of HlCall: "Call ID: state A → B".
const CALL_STATE = (to) => new RegExp(`HlCall-DEBUG.*Call \\S+: state \\d+ → ${to}\\b`);
const ENDED = 5;
const HELD = 4;
const ACTIVE = 3;

// customer1 calls agent1; returns the mark of the customer's events from the call on.
async function customerCalls(c) {
  const from = c.mark();
  c.send({ cmd: 'call', target: AGENT });
  return from;
}

async function waitEnded(app, from, timeoutMs = 6000) {
  return app.waitLine(CALL_STATE(ENDED), timeoutMs, from);
}

// Ends whatever call is up, on both sides, so that the next scenario starts clean.
async function cleanup(app, c) {
  if (c.inCall()) {
    const from = c.mark();
    c.send({ cmd: 'hangup' });
    await c.wait('*', (e) => e.event === 'ended' || e.event === 'failed', 4000, from).catch(() => {});
  }
  if (app.proc) await app.action('hangup').catch(() => {});
  await sleep(300);
}

// The dominant one of `candidates` (Hz) in the last `seconds` of a raw S16LE mono file (the app's
// HELPLINE_AUDIO_SINK in the TURN scenario), by the Goertzel algorithm, with the RMS in dBFS.
function toneInRaw(file, rate, candidates, seconds = 1.5) {
  const buf = fs.readFileSync(file);
  const n = Math.floor(buf.length / 2);
  const count = Math.min(n, Math.round(rate * seconds));
  if (count < rate / 4) throw new Error(`the app received only ${n} samples (${file})`);
  const x = new Float64Array(count);
  let sq = 0;
  for (let i = 0; i < count; i++) {
    x[i] = buf.readInt16LE((n - count + i) * 2) / 32768;
    sq += x[i] * x[i];
  }
  const power = (hz) => {
    const k = 2 * Math.cos(2 * Math.PI * hz / rate);
    let s1 = 0, s2 = 0;
    for (let i = 0; i < count; i++) {
      const s0 = x[i] + k * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    return (s1 * s1 + s2 * s2 - k * s1 * s2) / count;
  };
  const powers = candidates.map((hz) => ({ hz, p: power(hz) })).sort((a, b) => b.p - a.p);
  return { hz: powers[0].hz, ratio: powers[0].p / Math.max(powers[1].p, 1e-12), rmsDb: 10 * Math.log10(sq / count + 1e-12) };
}

function timingFigure(label, c, from, extra = {}) {
  const f = Object.assign({
    case: label,
    invite_to_200_ms: c.timing('accepted_ms', from),
    invite_to_confirmed_ms: c.timing('confirmed_ms', from),
    invite_to_first_audio_ms: c.timing('first_audio_ms', from),
  }, extra);
  figures.push(f);
  return f;
}

// --- the scenarios ----------------------------------------------------------------------------

async function main() {
  const app = new App(helpline, { logDir, work });
  const c = new Customer('customer1', CUSTOMER_TONE, { logDir, domain, wsUrl });
  const phone = {
    'websocket-url': wsUrl,
    uri: AGENT,
    password: 'agent1-secret',
    'display-name': 'Ana Ruiz',
  };

  try {
    // Chromium starts while the app is provisioned and registers.
    const customerReady = c.wait('ready', () => true, 30000, 0);

    const registered = await scenario('1-registration', async () => {
      const out = await app.provision('agent1', phone);
      const from = app.mark();
      const t0 = Date.now();
      app.start();
      const m = await app.waitLine(/HlSipAccount-DEBUG.*: state \d+ → 3 /, 15000, from);
      const states = app.lines.slice(from).map((l) => l.text.match(/HlSipAccount-DEBUG.*: state (\d+) → (\d+)/)).filter(Boolean).map((x) => x[2]);
      return `"${out}"; registered ${m.rx - t0} ms after the start (states ${states.join(' → ')})`;
    });

    const customerUp = await scenario('customer-ready', async () => {
      const r = await customerReady;
      const from = c.mark();
      c.send({ cmd: 'register', uri: CUSTOMER, password: 'customer1-secret', ws_url: wsUrl, display_name: 'Carmen López' });
      await c.waitNot('registered', () => true, ['registration_failed'], 8000, from);
      return `Chromium + JsSIP up in ${r.t} ms, customer1 registered`;
    });
    if (!registered || !customerUp) throw new Error('the app or the customer did not register: the call scenarios cannot run');

    // 2. customer -> agent, answered with app.answer; 4. hold; 5. DTMF in the same call.
    const db0 = await lastCallId();
    const callUp = await scenario('2-incoming-manual-answer', async () => {
      const callFrom = await customerCalls(c);
      await c.waitNot('progress', () => true, ['failed', 'ended', 'error'], 8000, callFrom);
      // The app rings (the 180 came from it): let the call card show up.
      await sleep(700);
      await screenshot('1-ringing');
      const tAnswer = await app.action('answer');
      await c.waitNot('confirmed', () => true, ['failed', 'ended'], 8000, callFrom);
      await c.wait('first_audio', () => true, 6000, callFrom);
      const heard = await hearsApp(c, callFrom);
      const accepted = c.events.slice(callFrom).find((e) => e.event === 'accepted');
      const f = timingFigure('customer->agent, app.answer over D-Bus', c, callFrom, {
        answer_action_to_200_ms: accepted ? accepted.rx - tAnswer : null,
      });
      await screenshot('2-in-call');
      return `confirmed; ${heard}; INVITE->200 ${f.invite_to_200_ms} ms (app.answer->200 at the customer ${f.answer_action_to_200_ms} ms), ` +
        `INVITE->first audio ${f.invite_to_first_audio_ms} ms (INVITE->200 includes the test's pause for the ringing screenshot)`;
    });

    await scenario('4-hold-unhold', async () => {
      if (!callUp) throw new Error('no call (scenario 2 failed)');
      let from = c.mark();
      const appMark = app.mark();
      await app.action('hold', 'true');
      const h = await c.wait('hold', () => true, 5000, from);
      if (h.originator !== 'remote') throw new Error(`hold originator ${h.originator}`);
      await app.waitLine(CALL_STATE(HELD), 3000, appMark);
      await screenshot('3-on-hold');
      // While held the app sends nothing: the customer's packet count stands still.
      from = c.mark();
      const a = await c.wait('audio', () => true, 3000, from);
      const b = await c.wait('audio', (e) => e.t >= a.t + 1400, 3000, from);
      const heldDelta = b.received_packets - a.received_packets;
      if (heldDelta > 5) throw new Error(`the customer still received ${heldDelta} packets in ${b.t - a.t} ms on hold`);
      from = c.mark();
      const appMark2 = app.mark();
      await app.action('hold', 'false');
      const u = await c.wait('unhold', () => true, 5000, from);
      if (u.originator !== 'remote') throw new Error(`unhold originator ${u.originator}`);
      await app.waitLine(CALL_STATE(ACTIVE), 3000, appMark2);
      const heard = await hearsApp(c, from, b.received_packets + 25);
      return `customer got hold/unhold (remote); on hold it received ${heldDelta} packets in ${b.t - a.t} ms; after unhold ${heard}`;
    });

    // The app sends digits as RFC 4733 events in the audio when telephone-event was negotiated
    // (Chromium offers it), as SIP INFO otherwise. JsSIP reports only INFO digits; RFC 4733 events
    // are played out by Chromium's NetEq as the DTMF tone pair, so the customer's analyser shows the
    // digit's high-group frequency while a run of the same digit plays.
    await scenario('5-dtmf', async () => {
      if (!callUp) throw new Error('no call (scenario 2 failed)');
      const from = c.mark();
      await app.action('dtmf', '"12#"');
      const info = [];
      try {
        for (let i = 0; i < 3; i++) {
          const start = i === 0 ? from : c.events.indexOf(info[i - 1]) + 1;
          info.push(await c.wait('dtmf', () => true, i === 0 ? 1500 : 1000, start));
        }
      } catch (err) {
        if (info.length) throw new Error(`the customer received only "${info.map((e) => e.tone).join('')}" by INFO`);
      }
      if (info.length === 3) {
        const tones = info.map((e) => e.tone).join('');
        if (tones !== '12#') throw new Error(`the customer received "${tones}" by INFO`);
        return `the customer received "${tones}" by SIP INFO`;
      }
      // No INFO: the digits went in the audio. Runs of 8 x 160 ms of each digit, heard one by one.
      const HIGH = { 1: 1209, 2: 1336, '#': 1477 };
      const heard = [];
      for (const digit of ['1', '2', '#']) {
        const mark = c.mark();
        await app.action('dtmf', `"${digit.repeat(8)}"`);
        const e = await c.wait('audio', (ev) => hzOk(ev.dominant_frequency_hz, HIGH[digit]), 3000, mark).catch(() => {
          const seen = c.events.slice(mark).filter((ev) => ev.event === 'audio').map((ev) => ev.dominant_frequency_hz).join(', ');
          throw new Error(`no SIP INFO digits, and the customer did not hear digit ${digit} (${HIGH[digit]} Hz) in the audio (heard ${seen || 'nothing'} Hz)`);
        });
        heard.push(`${digit}: ${e.dominant_frequency_hz} Hz`);
      }
      const back = await hearsApp(c, c.mark(), 0, 4000);
      return `no SIP INFO (telephone-event negotiated): RFC 4733 digits, the customer heard ${heard.join(', ')}; then ${back}`;
    });

    await scenario('2b-customer-hangs-up-call-logged', async () => {
      if (!callUp) throw new Error('no call (scenario 2 failed)');
      const from = c.mark();
      const appMark = app.mark();
      c.send({ cmd: 'hangup' });
      const e = await c.wait('ended', () => true, 5000, from);
      if (e.originator !== 'local') throw new Error(`customer ended, originator ${e.originator}`);
      await waitEnded(app, appMark);
      const call = await lastCall(db0);
      if (call.result !== 'answered' || call.direction !== 'incoming') throw new Error(`call record ${JSON.stringify(call)}`);
      if (!call.remote.includes('customer1')) throw new Error(`call record remote_uri ${call.remote}`);
      const conv = await sql("SELECT count(*) FROM conversations WHERE channel = 'phone'");
      if (Number(conv) < 1) throw new Error('no phone conversation in the workspace');
      const linked = call.conversation ? await sql(`SELECT channel FROM conversations WHERE id = ${Number(call.conversation)}`) : '';
      return `BYE from the customer; app's call ended; calls: ${call.result}/${call.direction} ${call.remote}, ` +
        `${conv} phone conversation(s)${linked ? `, the call is in conversation ${call.conversation} (${linked})` : ', the call names no conversation'}`;
    });
    await cleanup(app, c);

    // 3. agent -> customer with app.call; the customer answers at once; app.hangup.
    await scenario('3-outgoing-call-app-hangup', async () => {
      const db1 = await lastCallId();
      c.send({ cmd: 'auto_answer', enabled: true });
      const from = c.mark();
      const appMark = app.mark();
      const tCall = await app.action('call', `"${CUSTOMER}"`);
      const inc = await c.wait('incoming', () => true, 8000, from);
      if (!inc.from.includes('agent1')) throw new Error(`incoming from ${inc.from}`);
      await c.waitNot('confirmed', () => true, ['failed', 'ended'], 8000, from);
      await app.waitLine(CALL_STATE(ACTIVE), 5000, appMark);
      const heard = await hearsApp(c, from);
      const fa = c.events.slice(from).find((e) => e.event === 'first_audio');
      const to = c.mark();
      await app.action('hangup');
      const e = await c.wait('*', (ev) => ev.event === 'ended' || ev.event === 'failed', 5000, to);
      if (e.event !== 'ended' || e.originator !== 'remote') throw new Error(`customer: ${JSON.stringify(e)}`);
      await waitEnded(app, appMark);
      const call = await lastCall(db1);
      if (call.result !== 'answered' || call.direction !== 'outgoing') throw new Error(`call record ${JSON.stringify(call)}`);
      c.send({ cmd: 'auto_answer', enabled: false });
      figures.push({ case: 'agent->customer (app.call), customer auto-answers', action_to_incoming_ms: inc.rx - tCall,
        invite_received_to_first_audio_at_customer_ms: fa ? fa.ms_since_invite : null });
      return `app.call -> customer's INVITE ${inc.rx - tCall} ms; confirmed; ${heard}; app.hangup -> customer ended (originator remote, ${e.cause}); ` +
        `calls: ${call.result}/${call.direction}`;
    });
    await cleanup(app, c);
    c.send({ cmd: 'auto_answer', enabled: false });

    // 6. the customer gives up before the app answers: CANCEL.
    await scenario('6-cancel-missed', async () => {
      const db1 = await lastCallId();
      const appMark = app.mark();
      const from = await customerCalls(c);
      await c.waitNot('progress', () => true, ['failed', 'ended', 'error'], 8000, from);
      await sleep(500);
      const to = c.mark();
      c.send({ cmd: 'hangup' });
      const e = await c.wait('*', (ev) => ev.event === 'failed' || ev.event === 'ended', 5000, to);
      if (e.event !== 'failed' || e.originator !== 'local') throw new Error(`customer: ${JSON.stringify(e)}`);
      await waitEnded(app, appMark);
      const call = await lastCall(db1);
      if (call.result !== 'missed' || call.direction !== 'incoming') throw new Error(`call record ${JSON.stringify(call)}`);
      return `customer's CANCEL (${e.cause}); app's call ended; calls: ${call.result}/${call.direction}`;
    });
    await cleanup(app, c);

    // 7. busy: 486 at once, no ringing.
    await scenario('7-busy-486', async () => {
      await app.action('set-availability', '"busy"');
      await sleep(300);
      const appMark = app.mark();
      const from = c.mark();
      const t0 = c.send({ cmd: 'call', target: AGENT });
      const e = await c.waitNot('failed', () => true, ['confirmed', 'progress'], 5000, from);
      if (e.status !== 486) throw new Error(`customer failed ${JSON.stringify(e)}`);
      await app.waitLine(/HlCallManager-DEBUG.*Busy or offline: refusing/, 2000, appMark);
      await app.action('set-availability', '"online"');
      return `customer failed status=${e.status} cause="${e.cause}" ${e.rx - t0} ms after the call command; the app logged "Busy or offline: refusing an incoming call"`;
    });
    await app.action('set-availability', '"online"').catch(() => {});
    await cleanup(app, c);
    await screenshot('4-recent-calls');

    // 8. auto-answer: re-provision with auto-answer=true and restart the app.
    await scenario('8-auto-answer', async () => {
      const q = await app.quit();
      await app.provision('agent1-auto-answer', Object.assign({}, phone, { 'auto-answer': 'true' }));
      const appMark = app.mark();
      app.start();
      await app.waitLine(/HlSipAccount-DEBUG.*: state \d+ → 3 /, 15000, appMark);
      // Three calls: the first after the start, two more for the figures.
      const runs = [];
      let heard = '';
      for (let i = 0; i < AUTO_ANSWER_CALLS; i++) {
        const from = await customerCalls(c);
        await c.waitNot('confirmed', () => true, ['failed', 'ended'], 8000, from);
        await c.wait('first_audio', () => true, 6000, from);
        const h = await hearsApp(c, from);
        if (i === 0) heard = h;
        runs.push(timingFigure(`customer->agent, auto-answer #${i + 1}`, c, from));
        const to = c.mark();
        const appMark2 = app.mark();
        c.send({ cmd: 'hangup' });
        await c.wait('ended', () => true, 5000, to);
        await waitEnded(app, appMark2);
      }
      return `the old instance quit (${q}); ${runs.length} calls confirmed without app.answer; first call: ${heard}; ` +
        `INVITE->200 ${runs.map((f) => f.invite_to_200_ms).join(' / ')} ms, INVITE->first audio ${runs.map((f) => f.invite_to_first_audio_ms).join(' / ')} ms`;
    });
    await cleanup(app, c);

    // 1b. a new provisioning file with a wrong password, imported while the app runs.
    await scenario('1b-registration-wrong-password', async () => {
      if (!app.proc) throw new Error('the app is not running');
      const from = app.mark();
      await app.provision('agent1-wrong', Object.assign({}, phone, { password: 'not-the-password' }));
      const m = await app.waitLine(/HlSipAccount-DEBUG.*: state \d+ → 4 \(([^)]*)\)/, 10000, from);
      if (m[1] !== 'Wrong user name or password') throw new Error(`failed with "${m[1]}"`);
      return `state → 4 (${m[1]})`;
    });

    // 9. NAT: the customer may only use relay candidates, so every byte of the call goes through
    // coturn; the app gets the TURN server from provisioning (password in the keyring).
    if (turn) {
      await scenario('9-turn-relay', async () => {
        await app.quit();
        // A second TURN server that never answers (nothing listens on the discard port in this
        // namespace): the answer must not wait for it once the first one gave a relay candidate.
        await app.provision('agent1-turn', Object.assign({}, phone, {
          'auto-answer': 'true', 'ice-servers': `${turn.uri};turn:127.0.0.1:9?transport=udp`,
          'turn-username': turn.user, 'turn-password': turn.password,
        }));
        const raw = path.join(work, 'turn-received.raw');
        fs.rmSync(raw, { force: true });
        const appMark = app.mark();
        app.start({ HELPLINE_AUDIO_SINK: `audioconvert ! audioresample ! audio/x-raw,format=S16LE,channels=1,rate=16000 ! filesink location=${raw}` });
        await app.waitLine(/HlSipAccount-DEBUG.*: state \d+ → 3 /, 15000, appMark);
        await app.waitLine(/HlMedia-DEBUG.*Call elements loaded/, 5000, appMark); // the start-up warm-up
        let from = c.mark();
        c.send({ cmd: 'ice', servers: [{ urls: turn.uri, username: turn.user, credential: turn.password }], policy: 'relay' });
        await c.wait('ice_config', () => true, 3000, from);
        from = await customerCalls(c);
        await c.waitNot('confirmed', () => true, ['failed', 'ended'], 10000, from);
        const fa = await c.wait('first_audio', () => true, 8000, from);
        if (fa.local_candidate_type !== 'relay') throw new Error(`the customer's selected pair is ${fa.selected_pair} (local ${fa.local_candidate_type}), not through the relay`);
        const heard = await hearsApp(c, from);
        const added = await app.waitLine(/HlMedia-DEBUG.*TURN server (\S+) added \(user “([^”]*)”\)/, 1000, appMark);
        if (added[2] !== turn.user) throw new Error(`the app gave webrtcbin the TURN user "${added[2]}"`);
        const cands = await app.waitLine(/HlMedia-DEBUG.*Local candidates: (\d+) host, (\d+) srflx, (\d+) relay/, 1000, appMark);
        if (Number(cands[3]) < 1) throw new Error(`the app's answer has no relay candidate (${cands[0]}): its TURN allocation failed`);
        const ready = await app.waitLine(/HlMedia-DEBUG.*Answer ready ([\d.]+) ms after the offer came in/, 1000, appMark);
        if (Number(ready[1]) > 1000) throw new Error(`the answer took ${ready[1]} ms: it waited for the TURN server that does not answer`);
        await sleep(1500); // more of the customer's tone at the app
        const to = c.mark();
        const appMark2 = app.mark();
        c.send({ cmd: 'hangup' });
        await c.wait('ended', () => true, 5000, to);
        await waitEnded(app, appMark2);
        const got = toneInRaw(raw, 16000, [CUSTOMER_TONE, APP_TONE, 400, 1000, 1200]);
        if (got.hz !== CUSTOMER_TONE || got.ratio < 10 || got.rmsDb < -40) {
          throw new Error(`the app's received audio: strongest ${got.hz} Hz (${got.ratio.toFixed(1)}× the next), ${got.rmsDb.toFixed(1)} dBFS; want ${CUSTOMER_TONE} Hz`);
        }
        // coturn logs each allocation with its user; both sides allocated
        await sleep(300);
        const log = fs.readFileSync(turn.log, 'utf8');
        const allocations = (log.match(new RegExp(`new, realm=<[^>]*>, username=<${turn.user}>`, 'g')) || []).length;
        if (allocations < 2) throw new Error(`coturn logged ${allocations} allocation(s) for ${turn.user}, want 2 (the customer's and the app's)`);
        from = c.mark();
        c.send({ cmd: 'ice', servers: [], policy: 'all' });
        await c.wait('ice_config', () => true, 3000, from);
        return `customer pair ${fa.selected_pair} (local ${fa.local_candidate_type}, remote ${fa.remote_candidate_type}); ${heard}; ` +
          `the app used TURN ${added[1]}, answered in ${ready[1]} ms (a second, silent TURN server not waited for) with ` +
          `${cands[1]} host + ${cands[3]} relay candidates and received ${got.hz} Hz ` +
          `(${got.rmsDb.toFixed(1)} dBFS); coturn logged ${allocations} allocations`;
      });
      await cleanup(app, c);
    } else {
      console.log('SKIP 9-turn-relay  no --turn-uri');
    }

    // 10. Issue 6: the interface language switches during a call (app.set-language over D-Bus, to
    // German and back): the window is rebuilt, the call and its media go on untouched. The app is
    // restarted with the language logs on and the right password (1b left a wrong one).
    await scenario('10-language-switch-in-call', async () => {
      await app.quit();
      await app.provision('agent1-language', phone);
      let appMark = app.mark();
      app.start({ G_MESSAGES_DEBUG: 'HlSipAccount,HlCall,HlCallManager,HlPhone,HlMedia,HlSipDialog,HlLanguage,HlApplication' });
      await app.waitLine(/HlSipAccount-DEBUG.*: state \d+ → 3 /, 15000, appMark);
      const from = await customerCalls(c);
      await c.waitNot('progress', () => true, ['failed', 'ended', 'error'], 8000, from);
      await app.action('answer');
      await c.waitNot('confirmed', () => true, ['failed', 'ended'], 8000, from);
      await hearsApp(c, from);
      appMark = app.mark();
      const heard = [];
      for (const lang of ['de', '']) {
        const mark = c.mark();
        const lineMark = app.mark();
        await app.action('set-language', JSON.stringify(lang));
        await app.waitLine(/HlApplication-DEBUG.*Rebuilt the window in the interface language/, 5000, lineMark);
        if (lang) await screenshot('10-in-call-de');
        // Audio still flows after the rebuild: packets counted from the switch on.
        heard.push(`${lang || 'system'}: ${await hearsApp(c, mark)}`);
      }
      if (!c.inCall()) throw new Error('the customer\'s call ended');
      const ended = app.lines.slice(appMark).find((l) => CALL_STATE(ENDED).test(l.text));
      if (ended) throw new Error(`the app's call ended during the switch: ${ended.text}`);
      return `the window was rebuilt twice during the call, which stayed up; ${heard.join('; ')}`;
    });
    await cleanup(app, c);
  } catch (err) {
    failed++;
    console.log(`FAIL softphone-test  ${err.message}`);
  } finally {
    await cleanup(app, c).catch(() => {});
    const [code, appExit] = await Promise.all([c.quit(), app.quit()]);
    if (code !== 0) {
      failed++;
      console.log(`FAIL customer-exit  exit code ${code}`);
    }
    const crit = app.lines.filter((l) => /-CRITICAL \*\*|-WARNING \*\*/.test(l.text)).map((l) => l.text);
    if (crit.length) {
      console.log(`  the app logged ${crit.length} warning(s)/critical(s), e.g.:`);
      for (const l of crit.slice(0, 5)) console.log(`    ${l}`);
    }
    if (appExit && !/exit code 0/.test(appExit)) console.log(`  helpline: ${appExit}`);
  }

  console.log('');
  console.log('Timing (the customer\'s figures: JsSIP in headless Chromium -> Kamailio -> Helpline, loopback only):');
  for (const f of figures) {
    console.log('  ' + f.case.padEnd(48) + ' ' + Object.entries(f).filter(([k]) => k !== 'case').map(([k, v]) => `${k} ${v}`).join(', '));
  }
  const auto = figures.filter((f) => f.case.includes('auto-answer #'));
  if (auto.length) {
    const median = (v) => { v = v.filter((x) => typeof x === 'number').sort((a, b) => a - b); return v.length ? v[Math.floor((v.length - 1) / 2)] : null; };
    console.log(`  median of the ${auto.length} auto-answered calls: INVITE->200 OK ${median(auto.map((f) => f.invite_to_200_ms))} ms, ` +
      `INVITE->first audio ${median(auto.map((f) => f.invite_to_first_audio_ms))} ms`);
  }
  fs.writeFileSync(path.join(logDir, 'timings.json'), JSON.stringify(figures, null, 2) + '\n');
  console.log(`softphone-test.js: ${elapsed()}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();

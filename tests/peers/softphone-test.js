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
// heard, call logged), hold/unhold, DTMF, the agent calls (app.call/app.hangup), CANCEL (missed;
// the ringing call shows the matching contact's name),
// busy (486), blind and attended transfer to agent2 (a second JsSIP instance), call waiting with
// customer2 (the same second instance, registered again), the app as the target of agent2's
// attended transfer (INVITE with Replaces), auto-answer after re-provisioning and a restart, and a
// call whose media can only go through the TURN relay (the customer relay-only; the app's TURN
// server from provisioning), and switching the interface language during a
// call through every language in po/LINGUAS (the windows' strings, direction, conversation and draft
// read through the app's UI probe).
// Prints PASS/FAIL per scenario, the timing figures, and "N passed, N failed"; exit 0 = all pass.
'use strict';

const fs = require('fs');
const path = require('path');
const { Customer } = require('./customer/driver');
const { App, run, sleep, testArgs } = require('./helpline-driver');
const { shippedLanguages, describe, checkLanguage, checkEnglish } = require('./ui-language');

const { helpline, wsUrl, domain, logDir, work, turn } = testArgs('softphone-test.js');
const dataHome = process.env.XDG_DATA_HOME;
const db = path.join(dataHome || '', 'helpline', 'local.db');

const APP_TONE = 600;      // HELPLINE_AUDIO_SRC, set by test-softphone.sh
const CUSTOMER_TONE = 800;
const PEER2_TONE = 1000;   // the second JsSIP instance: agent2, then customer2
const TOLERANCE_HZ = 25;
const AUTO_ANSWER_CALLS = 3;
const AGENT = `sip:agent1@${domain}`;
const CUSTOMER = `sip:customer1@${domain}`;
const AGENT2 = `sip:agent2@${domain}`;
const CUSTOMER2 = `sip:customer2@${domain}`;
const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;

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
  return hears(c, APP_TONE, from, minPackets, timeoutMs);
}

// The JsSIP instance `c` hears the tone `hz` (in its current call, or in call number `call`).
async function hears(c, hz, from = c.mark(), minPackets = 25, timeoutMs = 6000, call = null) {
  const e = await c.wait('audio', (ev) => ev.received_packets >= minPackets && hzOk(ev.dominant_frequency_hz, hz) &&
    (call === null || ev.call === call), timeoutMs, from);
  return `${c.name} hears ${e.dominant_frequency_hz} Hz (${e.received_packets} pkts, level ${e.audio_level})`;
}

// While the app holds `c`'s call, `c` receives (almost) nothing: its packet count stands still.
async function hearsNothing(c) {
  const from = c.mark();
  const a = await c.wait('audio', () => true, 3000, from);
  const b = await c.wait('audio', (e) => e.t >= a.t + 1400, 3000, from);
  const delta = b.received_packets - a.received_packets;
  if (delta > 5) throw new Error(`${c.name} still received ${delta} packets in ${b.t - a.t} ms on hold`);
  return { delta, ms: b.t - a.t, packets: b.received_packets };
}

// The amplitude of `freq` in `samples` (Goertzel with a Hann window; a full-scale sine gives 1).
function toneAmplitude(samples, freq, rate) {
  const n = samples.length;
  const coeff = 2 * Math.cos(2 * Math.PI * freq / rate);
  let s1 = 0, s2 = 0;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
    const s0 = samples[i] * w + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return n ? 2 * Math.sqrt(Math.max(power, 0)) / (n * 0.5) : 0;
}

// A call recording (Ogg/Opus, two channels) decoded by GStreamer: per channel, the amplitude of
// the app's and the customer's tones over its last two seconds.
async function recordingTones(file) {
  const raw = `${file}.raw`;
  const r = await run('gst-launch-1.0', ['-q', 'filesrc', `location=${file}`, '!', 'oggdemux', '!', 'opusdec', '!',
    'audioconvert', '!', 'audioresample', '!', 'audio/x-raw,format=S16LE,channels=2,rate=48000', '!',
    'filesink', `location=${raw}`], 20000);
  if (r.code !== 0) throw new Error(`the recording ${file} does not decode: ${r.stderr.trim()}`);
  const data = fs.readFileSync(raw);
  fs.unlinkSync(raw);
  const frames = Math.floor(data.length / 4);
  const take = Math.min(frames, 2 * 48000);
  const left = new Float64Array(take), right = new Float64Array(take);
  for (let i = 0; i < take; i++) {
    const at = (frames - take + i) * 4;
    left[i] = data.readInt16LE(at) / 32768;
    right[i] = data.readInt16LE(at + 2) / 32768;
  }
  const t = (ch, hz) => toneAmplitude(ch, hz, 48000);
  return { seconds: frames / 48000, left: { app: t(left, APP_TONE), customer: t(left, CUSTOMER_TONE) },
    right: { app: t(right, APP_TONE), customer: t(right, CUSTOMER_TONE) } };
}

// The whole X screen as a PNG: imagemagick's import, else GStreamer's ximagesrc.
async function screenshot(name) {
  const file = path.join(logDir, `${name}.png`);
  let r = await run('import', ['-window', 'root', file], 15000);
  if (r.code === 'ENOENT') {
    r = await run('gst-launch-1.0', ['-q', 'ximagesrc', 'use-damage=false', 'show-pointer=false', 'num-buffers=1', '!', 'videoconvert', '!',
      'pngenc', '!', 'filesink', `location=${file}`], 15000);
    if (r.code === 'ENOENT') {
      console.log(`  screenshot ${name}: skipped, neither imagemagick's import nor gst-launch-1.0 is installed`);
      return null;
    }
  }
  if (r.code !== 0) {
    console.log(`  screenshot ${name}: failed (${r.stderr.trim() || r.code})`);
    return null;
  }
  console.log(`  screenshot: ${file}`);
  return file;
}

// Polls `fn` until it returns something truthy, which it returns.
async function until(fn, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what} within ${timeoutMs} ms`);
    await sleep(200);
  }
}

// The app's windows once `ready(d)` holds and the lists have loaded: the main window holds as many
// strings as 300 ms before.
async function settled(ready, what, timeoutMs = 15000) {
  let before = -1;
  return until(async () => {
    const d = await describe();
    const n = d.main ? d.main.strings.length : -1;
    const done = ready(d) && n === before;
    before = n;
    if (!done) await sleep(300);
    return done ? d : null;
  }, timeoutMs, what);
}

// As settled(), with the keyboard shortcuts window (GTK's) open over the main window too: it is
// built with the window, so each rebuild closes it.
async function withShortcuts(ready, what) {
  const d = await settled(ready, what);
  const r = await run('gdbus', ['call', '--session', '--dest', 'io.helpline.Helpline', '--object-path',
    `/io/helpline/Helpline/window/${d.main.id}`, '--method', 'org.gtk.Actions.Activate', 'show-help-overlay', '[]', '{}'], 10000);
  if (r.code !== 0) throw new Error(`win.show-help-overlay over D-Bus: ${r.stderr.trim() || r.code}`);
  return settled((x) => ready(x) && x.windows.some((w) => w.type === 'GtkShortcutsWindow' && w.visible),
    `${what} (keyboard shortcuts)`);
}

async function sql(query, file = db) {
  const r = await run('sqlite3', ['-cmd', '.timeout 3000', file, query], 10000);
  if (r.code !== 0) throw new Error(`sqlite3 ${file}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

// Polls the last call record until it is one newer than `afterId`.
async function lastCall(afterId, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await sql('SELECT id, result, direction, remote_uri, coalesce(conversation_id, \'\'), ' +
      'coalesce(answered_at, \'\'), coalesce(ended_at, \'\'), coalesce(disposition, \'\') FROM calls ORDER BY id DESC LIMIT 1').catch(() => '');
    if (row) {
      const [id, result, direction, remote, conversation, answered, ended, disposition] = row.split('|');
      if (Number(id) > afterId) return { id: Number(id), result, direction, remote, conversation, answered, ended, disposition };
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
async function cleanup(app, ...customers) {
  for (const c of customers) {
    if (!c || !c.inCall()) continue;
    const from = c.mark();
    c.send({ cmd: 'hangup' });
    await c.wait('*', (e) => e.event === 'ended' || e.event === 'failed', 4000, from).catch(() => {});
  }
  if (app.proc) {
    await app.action('hangup').catch(() => {});
    await app.action('hangup').catch(() => {});
  }
  await sleep(300);
}

// customer1 calls, app.answer answers, the customer hears the app.
async function answeredCall(app, c) {
  const from = await customerCalls(c);
  await c.waitNot('progress', () => true, ['failed', 'ended', 'error'], 8000, from);
  await app.action('answer');
  const confirmed = await c.waitNot('confirmed', () => true, ['failed', 'ended'], 8000, from);
  await hearsApp(c, from);
  return confirmed.call;
}

// The number of calls logged as transferred.
async function transferredCalls() {
  return Number(await sql("SELECT count(*) FROM calls WHERE disposition = 'transferred'").catch(() => '0')) || 0;
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
  // agent2 for the transfers, then customer2 for call waiting
  const peer2 = new Customer('peer2', PEER2_TONE, { logDir, domain, wsUrl });
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

    const peer2Ready = peer2.wait('ready', () => true, 30000, 0);
    const customerUp = await scenario('customer-ready', async () => {
      const r = await customerReady;
      const from = c.mark();
      c.send({ cmd: 'register', uri: CUSTOMER, password: 'customer1-secret', ws_url: wsUrl, display_name: 'Carmen López' });
      await c.waitNot('registered', () => true, ['registration_failed'], 8000, from);
      return `Chromium + JsSIP up in ${r.t} ms, customer1 registered`;
    });
    if (!registered || !customerUp) throw new Error('the app or the customer did not register: the call scenarios cannot run');
    await screenshot('0-idle');

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
      // The agent records the call from the call card's toggle (app.record)
      const recMark = app.mark();
      await app.action('record', 'true');
      await app.waitLine(/HlMedia-DEBUG.*Recording to /, 3000, recMark);
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
      // The recording started in scenario 2 ran until the BYE: linked from the call record, private,
      // the agent's tone on the left and the customer's on the right
      const file = await sql(`SELECT coalesce(recording_path, '') FROM calls WHERE id = ${call.id}`);
      if (!file) throw new Error('the recorded call\'s record has no recording_path');
      const mode = (fs.statSync(file).mode & 0o777).toString(8);
      const dirMode = (fs.statSync(path.dirname(file)).mode & 0o777).toString(8);
      if (mode !== '600' || dirMode !== '700') throw new Error(`recording mode ${mode}, folder ${dirMode}`);
      const tones = await recordingTones(file);
      const f3 = (x) => x.toFixed(3);
      const toneText = `left ${APP_TONE} Hz ${f3(tones.left.app)} / ${CUSTOMER_TONE} Hz ${f3(tones.left.customer)}, ` +
        `right ${APP_TONE} Hz ${f3(tones.right.app)} / ${CUSTOMER_TONE} Hz ${f3(tones.right.customer)}`;
      if (!(tones.left.app > 0.05 && tones.left.customer < tones.left.app / 10 &&
            tones.right.customer > 0.02 && tones.right.app < tones.right.customer / 4)) {
        throw new Error(`the recording's channels are not agent left, customer right: ${toneText}`);
      }
      return `BYE from the customer; app's call ended; calls: ${call.result}/${call.direction} ${call.remote}, ` +
        `${conv} phone conversation(s)${linked ? `, the call is in conversation ${call.conversation} (${linked})` : ', the call names no conversation'}; ` +
        `recording ${path.basename(file)} (${tones.seconds.toFixed(1)} s, mode ${mode}): ${toneText}`;
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
    // Caller-id while it rings: customer1's contact record (the call log of scenario 2b made it,
    // named after the display name) now has another name, which the ringing card shows.
    await scenario('6-cancel-missed', async () => {
      const db1 = await lastCallId();
      await sql("UPDATE contacts SET name = 'Carmen López Ortega', rev = rev + 1 WHERE phone = 'customer1'; " +
        "INSERT INTO contacts (name, phone, created_at, updated_at) SELECT 'Carmen López Ortega', 'customer1', " +
        "strftime('%s'), strftime('%s') WHERE changes() = 0");
      const appMark = app.mark();
      const from = await customerCalls(c);
      await c.waitNot('progress', () => true, ['failed', 'ended', 'error'], 8000, from);
      const incoming = await app.waitLine(/HlCallManager-DEBUG.*Incoming call \S+ from sip:customer1@/, 3000, appMark);
      const known = await app.waitLine(/HlPhone-DEBUG.*Caller-id: sip:customer1@\S+ is contact \d+, “Carmen López Ortega”/, 3000, appMark);
      await sleep(500);
      await screenshot('1b-ringing-known-caller');
      const to = c.mark();
      c.send({ cmd: 'hangup' });
      const e = await c.wait('*', (ev) => ev.event === 'failed' || ev.event === 'ended', 5000, to);
      if (e.event !== 'failed' || e.originator !== 'local') throw new Error(`customer: ${JSON.stringify(e)}`);
      await waitEnded(app, appMark);
      const call = await lastCall(db1);
      if (call.result !== 'missed' || call.direction !== 'incoming') throw new Error(`call record ${JSON.stringify(call)}`);
      const logged = await sql(`SELECT ct.name FROM calls k JOIN contacts ct ON ct.id = k.contact_id WHERE k.id = ${call.id}`);
      if (logged !== 'Carmen López Ortega') throw new Error(`the missed call is logged under "${logged}"`);
      return `caller-id matched ${known.rx - incoming.rx} ms after the INVITE; customer's CANCEL (${e.cause}); app's call ended; calls: ${call.result}/${call.direction}, ` +
        `contact "${logged}"`;
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

    const agent2Up = await scenario('agent2-ready', async () => {
      const r = await peer2Ready;
      const from = peer2.mark();
      peer2.send({ cmd: 'register', uri: AGENT2, password: 'agent2-secret', ws_url: wsUrl, display_name: 'Bruno Díaz', auto_answer: true });
      await peer2.waitNot('registered', () => true, ['registration_failed'], 8000, from);
      return `second Chromium + JsSIP up in ${r.t} ms, registered as agent2 (auto-answer)`;
    });

    // 9. blind transfer: app.transfer sends REFER; the customer calls agent2; NOTIFY 200 ends our leg.
    await scenario('9-blind-transfer', async () => {
      if (!agent2Up) throw new Error('agent2 did not register');
      const logged0 = await transferredCalls();
      const db1 = await lastCallId();
      const first = await answeredCall(app, c);
      // A target that doesn't exist: the customer's call to it fails (404), its NOTIFY says so,
      // the app tells the agent and the call goes on.
      let appMark = app.mark();
      let from = c.mark();
      await app.action('transfer', '"nobody"');
      await c.wait('refer', () => true, 5000, from);
      await c.wait('failed', (e) => e.status === 404, 8000, from);
      const told = await app.waitLine(/Phone: (The transfer did not go through[^"]*)/, 5000, appMark);
      const still = await hears(c, APP_TONE, c.mark(), 0, 4000, first);
      from = c.mark();
      const from2 = peer2.mark();
      appMark = app.mark();
      await app.action('transfer', '"agent2"');
      const refer = await c.wait('refer', () => true, 5000, from);
      const inc = await peer2.waitNot('incoming', () => true, ['failed'], 8000, from2);
      if (!inc.from.includes('customer1')) throw new Error(`agent2's call comes from ${inc.from}`);
      const conf = await c.waitNot('confirmed', (e) => e.call !== refer.call, ['failed'], 8000, from);
      await waitEnded(app, appMark, 8000);
      const heard = await hears(c, PEER2_TONE, from, 25, 6000, conf.call);
      const heard2 = await hears(peer2, CUSTOMER_TONE, from2);
      const call = await lastCall(db1);
      if (call.disposition !== 'transferred' || call.result !== 'answered') throw new Error(`call record ${JSON.stringify(call)}`);
      if (await transferredCalls() !== logged0 + 1) throw new Error('the transfer was not logged once');
      await cleanup(app, c, peer2);
      return `to nobody: 404, the app said "${told[1]}", ${still}; REFER to ${refer.target}; customer1 -> agent2 confirmed; ${heard}; ${heard2}; the app's call ended; ` +
        `calls: ${call.result}/${call.direction}, disposition ${call.disposition}`;
    });
    await cleanup(app, c, peer2);

    // 10. attended transfer: consult agent2 (customer1 on hold), then REFER with Replaces.
    await scenario('10-attended-transfer', async () => {
      if (!agent2Up) throw new Error('agent2 did not register');
      const logged0 = await transferredCalls();
      await answeredCall(app, c);
      let from = c.mark();
      let from2 = peer2.mark();
      let appMark = app.mark();
      await app.action('transfer-attended', '"agent2"');
      const h = await c.wait('hold', () => true, 5000, from);
      if (h.originator !== 'remote') throw new Error(`customer hold originator ${h.originator}`);
      const inc = await peer2.waitNot('confirmed', () => true, ['failed'], 8000, from2);
      const consult = await hears(peer2, APP_TONE, from2, 25, 6000, inc.call);
      const held = await hearsNothing(c);
      await sleep(300);
      await screenshot('5-consulting');
      from = c.mark();
      from2 = peer2.mark();
      appMark = app.mark();
      await app.action('transfer-complete');
      const refer = await c.wait('refer', () => true, 5000, from);
      if (!/\?Replaces=/i.test(refer.target)) throw new Error(`Refer-To without Replaces: ${refer.target}`);
      const rep = await peer2.wait('replaces', () => true, 8000, from2);
      const newCall = await peer2.waitNot('confirmed', () => true, ['failed'], 8000, from2);
      const conf = await c.waitNot('confirmed', (e) => e.call !== refer.call, ['failed'], 8000, from);
      const first = await waitEnded(app, appMark, 8000);
      await waitEnded(app, app.lines.findIndex((l, i) => i >= appMark && l.text === first.line) + 1, 8000);
      const heard = await hears(c, PEER2_TONE, from, 25, 6000, conf.call);
      const heard2 = await hears(peer2, CUSTOMER_TONE, from2, 25, 6000, newCall.call);
      if (await transferredCalls() !== logged0 + 1) throw new Error('the transfer was not logged once');
      await cleanup(app, c, peer2);
      return `customer1 held (${held.delta} pkts in ${held.ms} ms) while ${consult.replace('hears', 'heard the agent:')}; ` +
        `REFER to ${refer.target}; agent2 got Replaces ${rep.replaces}; ${heard}; ${heard2}; both of the app's calls ended`;
    });
    await cleanup(app, c, peer2);

    // 11. call waiting: customer2 calls while customer1 talks; hold & answer, switch, hang up both.
    await scenario('11-call-waiting', async () => {
      const from0 = peer2.mark();
      peer2.send({ cmd: 'register', uri: CUSTOMER2, password: 'customer2-secret', ws_url: wsUrl, display_name: 'Diego Ferrer', auto_answer: false });
      await peer2.waitNot('registered', () => true, ['registration_failed'], 8000, from0);
      await answeredCall(app, c);
      let appMark = app.mark();
      let from = c.mark();
      let from2 = peer2.mark();
      peer2.send({ cmd: 'call', target: AGENT });
      await peer2.waitNot('progress', () => true, ['failed', 'ended'], 8000, from2);
      await app.waitLine(/HlRinger-DEBUG.*Call-waiting tone/, 3000, appMark);
      await sleep(500);
      await screenshot('6-call-waiting');
      await app.action('answer');
      const h = await c.wait('hold', () => true, 5000, from);
      if (h.originator !== 'remote') throw new Error(`customer1 hold originator ${h.originator}`);
      await peer2.waitNot('confirmed', () => true, ['failed', 'ended'], 8000, from2);
      const heard2 = await hears(peer2, APP_TONE, from2);
      const held1 = await hearsNothing(c);
      await screenshot('7-two-calls');
      from = c.mark();
      from2 = peer2.mark();
      await app.action('swap');
      await c.wait('unhold', () => true, 5000, from);
      await peer2.wait('hold', () => true, 5000, from2);
      const back1 = await hears(c, APP_TONE, from, held1.packets + 25);
      const held2 = await hearsNothing(peer2);
      appMark = app.mark();
      from = c.mark();
      from2 = peer2.mark();
      await app.action('hangup');
      await c.wait('ended', () => true, 5000, from);
      await app.action('hangup');
      await peer2.wait('ended', () => true, 5000, from2);
      return `call-waiting tone, not the ring; hold & answer: ${heard2}, customer1 on hold (${held1.delta} pkts in ${held1.ms} ms); ` +
        `switch: ${back1}, customer2 on hold (${held2.delta} pkts in ${held2.ms} ms); both hung up`;
    });
    await cleanup(app, c, peer2);

    // 12. the app as the target of an attended transfer: agent2 (JsSIP) talks to customer1,
    // consults agent1, and refers customer1 with Replaces; the app swaps calls without ringing.
    await scenario('12-receive-attended-transfer', async () => {
      let from2 = peer2.mark();
      peer2.send({ cmd: 'register', uri: AGENT2, password: 'agent2-secret', ws_url: wsUrl, display_name: 'Bruno Díaz', auto_answer: true });
      await peer2.waitNot('registered', () => true, ['registration_failed'], 8000, from2);
      let from = c.mark();
      from2 = peer2.mark();
      c.send({ cmd: 'call', target: AGENT2 });
      const x = await c.waitNot('confirmed', () => true, ['failed'], 8000, from);
      const px = await peer2.waitNot('confirmed', () => true, ['failed'], 8000, from2);
      peer2.send({ cmd: 'hold', call: px.call });
      from2 = peer2.mark();
      peer2.send({ cmd: 'call', target: AGENT });
      await peer2.waitNot('progress', () => true, ['failed'], 8000, from2);
      await app.action('answer');
      const py = await peer2.waitNot('confirmed', () => true, ['failed'], 8000, from2);
      await hears(peer2, APP_TONE, from2, 25, 6000, py.call);
      from = c.mark();
      from2 = peer2.mark();
      const appMark = app.mark();
      peer2.send({ cmd: 'refer', call: px.call, target: AGENT, replaces_call: py.call });
      const refer = await c.wait('refer', () => true, 5000, from);
      const replaced = await app.waitLine(/HlCallManager-DEBUG.*Call \S+ replaces call (\S+)/, 8000, appMark);
      const conf = await c.waitNot('confirmed', (e) => e.call !== x.call, ['failed'], 8000, from);
      const heard = await hears(c, APP_TONE, from, 25, 6000, conf.call);
      await peer2.wait('ended', (e) => e.call === py.call, 5000, from2);
      const rang = app.lines.slice(appMark).find((l) => /HlRinger-DEBUG.*(Ringing|Call-waiting tone)/.test(l.text));
      if (rang) throw new Error(`the app rang for the replacing call: ${rang.text}`);
      from = c.mark();
      peer2.send({ cmd: 'hangup', call: px.call });
      await c.wait('ended', (e) => e.call === x.call, 5000, from);
      const appEnd = app.mark();
      c.send({ cmd: 'hangup', call: conf.call });
      await c.wait('ended', (e) => e.call === conf.call, 5000, from);
      await waitEnded(app, appEnd);
      return `agent2 referred customer1 to ${refer.target.replace(/\?.*/, '')}?Replaces=…; the app replaced call ${replaced[1]} ` +
        `without ringing; ${heard}; agent2's consultation call ended by the app's BYE`;
    });
    await cleanup(app, c, peer2);
    await screenshot('4-recent-calls');

    // 8. auto-answer: re-provision with auto-answer=true and restart the app.
    await scenario('8-auto-answer', async () => {
      const q = await app.quit();
      // The app un-REGISTERed at quit: Kamailio no longer knows where agent1 is and refuses the
      // customer's call at once (404/480) instead of sending it to a closed connection.
      const gone = c.mark();
      c.send({ cmd: 'call', target: AGENT });
      const refused = await c.wait('failed', () => true, 5000, gone);
      if (![404, 480].includes(Number(refused.status))) throw new Error(`after quit the call to agent1 got ${refused.status} ${refused.cause}`);
      await app.provision('agent1-auto-answer', Object.assign({}, phone, { 'auto-answer': 'true' }));
      const appMark = app.mark();
      app.start();
      await app.waitLine(/HlSipAccount-DEBUG.*: state \d+ → 3 /, 15000, appMark);
      // Three calls: the first after the start, two more for the figures.
      const runs = [];
      let heard = '';
      let popped = '';
      for (let i = 0; i < AUTO_ANSWER_CALLS; i++) {
        const from = await customerCalls(c);
        await c.waitNot('confirmed', () => true, ['failed', 'ended'], 8000, from);
        await c.wait('first_audio', () => true, 6000, from);
        const h = await hearsApp(c, from);
        if (i === 0) heard = h;
        // Screen pop: customer1 has a record (scenario 2b made it), so answering opens it.
        if (i === 0) popped = (await app.waitLine(/Screen pop: contact (\d+)/, 5000, appMark))[1];
        runs.push(timingFigure(`customer->agent, auto-answer #${i + 1}`, c, from));
        const to = c.mark();
        const appMark2 = app.mark();
        c.send({ cmd: 'hangup' });
        await c.wait('ended', () => true, 5000, to);
        await waitEnded(app, appMark2);
      }
      return `the old instance quit (${q}) and un-REGISTERed (a call to it got ${refused.status}); ${runs.length} calls confirmed without app.answer; first call: ${heard}, customer record ${popped} opened; ` +
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

    // 13. NAT: the customer may only use relay candidates, so every byte of the call goes through
    // coturn; the app gets the TURN server from provisioning (password in the keyring).
    if (turn) {
      await scenario('13-turn-relay', async () => {
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
      console.log('SKIP 13-turn-relay  no --turn-uri');
    }

    // 14. Issue 6: the interface language switches during a call, through every language in
    // po/LINGUAS (read now, so new translations are covered) and back to the system's, with
    // app.set-language over D-Bus. The app is restarted with the language logs on, the UI probe
    // exported and the right password (1b left a wrong one), in the demo workspace with a
    // conversation open, a half-typed reply in its composer and Preferences open. After each
    // switch: the windows' strings are the catalogues' (the app's, GTK's, libadwaita's), the text
    // direction is the language's, the conversation and the draft are unchanged, and the call is up
    // with the app's tone still reaching the customer.
    await scenario('14-language-switch-in-call', async () => {
      const languages = shippedLanguages();
      const localedir = process.env.HL_LOCALEDIR || path.join(path.dirname(helpline), '..', 'po');
      const draft = 'Thanks for waiting, Sarah. I have found both payments and I am';
      await app.quit();
      await app.provision('agent1-language', phone);
      let appMark = app.mark();
      app.start({ G_MESSAGES_DEBUG: 'HlSipAccount,HlCall,HlCallManager,HlPhone,HlMedia,HlSipDialog,HlLanguage,HlApplication',
        HELPLINE_UI_PROBE: '1' });
      await app.waitLine(/HlSipAccount-DEBUG.*: state \d+ → 3 /, 15000, appMark);
      await app.action('open-workspace', '"demo"');
      await until(async () => (await describe()).main?.ready, 15000, 'the demo workspace did not open');
      await sql(`INSERT OR REPLACE INTO drafts (conversation_id, mode, body, updated_at) VALUES (1, 'reply', '${draft}', 0)`,
        path.join(dataHome || '', 'helpline', 'demo.db'));
      await app.action('show-conversation', 'int64 1');
      await app.action('preferences');
      await settled((d) => d.main?.composer === draft && d.prefs, 'the conversation with its draft, or Preferences, did not open');

      const from = await customerCalls(c);
      await c.waitNot('progress', () => true, ['failed', 'ended', 'error'], 8000, from);
      await app.action('answer');
      await c.waitNot('confirmed', () => true, ['failed', 'ended'], 8000, from);
      await hearsApp(c, from);
      // What the windows show in English during the call: what each language is compared with.
      const english = await withShortcuts((d) => d.main?.composer === draft && d.prefs, 'the windows did not settle');
      fs.writeFileSync(path.join(logDir, '14-windows-en.json'), JSON.stringify(english, null, 1));
      appMark = app.mark();
      const checked = [];
      const switchMs = [];
      for (const lang of [...languages, '']) {
        const mark = c.mark();
        const lineMark = app.mark();
        const t0 = await app.action('set-language', JSON.stringify(lang));
        const rebuilt = await app.waitLine(/HlApplication-DEBUG.*Rebuilt the window in the interface language/, 5000, lineMark);
        switchMs.push(`${lang || 'system'} ${rebuilt.rx - t0}`);
        // Preferences is reopened after the window: wait for both.
        const d = await withShortcuts((x) => x.language === lang && x.main?.ready && x.prefs,
          `the windows were not rebuilt in "${lang}"`);
        const name = lang || 'system';
        fs.writeFileSync(path.join(logDir, `14-windows-${name}.json`), JSON.stringify(d, null, 1));
        await screenshot(`14-in-call-${name}`);
        if (d.main.page !== english.main.page || d.main.conversation !== 1) {
          throw new Error(`${name}: the window shows page ${d.main.page}, conversation ${d.main.conversation}`);
        }
        if (d.main.composer !== draft) throw new Error(`${name}: the composer holds "${d.main.composer}", not the draft`);
        if (!d.main.strings.includes('Carmen López')) throw new Error(`${name}: the phone pane does not show the call`);
        checked.push(`${name}: ${lang ? checkLanguage(lang, english, d, localedir) : checkEnglish(d, localedir)}`);
        // Audio still flows after the rebuild: packets counted from the switch on.
        await hearsApp(c, mark);
        if (!c.inCall()) throw new Error(`the customer's call ended at the switch to ${name}`);
      }
      const ended = app.lines.slice(appMark).find((l) => CALL_STATE(ENDED).test(l.text));
      if (ended) throw new Error(`the app's call ended during the switches: ${ended.text}`);
      figures.push({ case: '14 language switch (action → window rebuilt)', ms: switchMs.join(', ') });
      console.log(`  ${checked.join('\n  ')}`);
      return `${languages.length} languages and back during one call, which stayed up with the app's tone heard after every ` +
        `switch; conversation 1 and its draft kept; switch ms: ${switchMs.join(', ')}`;
    });
    await cleanup(app, c);
  } catch (err) {
    failed++;
    console.log(`FAIL softphone-test  ${err.message}`);
  } finally {
    await cleanup(app, c, peer2).catch(() => {});
    const [code, code2, appExit] = await Promise.all([c.quit(), peer2.quit(), app.quit()]);
    if (code !== 0 || code2 !== 0) {
      failed++;
      console.log(`FAIL customer-exit  exit codes ${code}, ${code2}`);
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

#!/usr/bin/env node
// Browser-to-browser self-test of the test peers, run by selftest.sh (which starts Kamailio in a
// loopback-only network namespace): two JsSIP customers in headless Chromium call each other
// through Kamailio. Prints PASS/FAIL per scenario and the timing figures; exit code 0 = all pass.
//   node selftest.js --ws-url ws://127.0.0.1:PORT/ws [--domain 127.0.0.1] [--log-dir DIR]
//                    [--passed N --failed N]   (results of earlier steps, for the closing line)
'use strict';

const fs = require('fs');
const path = require('path');
const { Customer } = require('./customer/driver');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const wsUrl = args['ws-url'];
const domain = args.domain || '127.0.0.1';
const logDir = args['log-dir'] || fs.mkdtempSync('/tmp/hl-selftest-');
if (!wsUrl) {
  console.error('selftest.js: --ws-url is required');
  process.exit(2);
}
fs.mkdirSync(logDir, { recursive: true });

const TONE = { customer1: 600, customer2: 800, agent2: 1000 };
const REPEATS = Number(args.repeats || 4);
const TOLERANCE_HZ = 25;
const startedAt = Date.now();
const peerOptions = { logDir, domain, wsUrl };


const results = [];
const figures = [];
let passed = Number(args.passed || 0);
let failed = Number(args.failed || 0);

async function scenario(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    passed++;
    results.push(name);
    console.log(`PASS ${name}${detail ? '  ' + detail : ''}  (${Date.now() - t0} ms)`);
    return true;
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}  ${err.message}`);
    return false;
  }
}

function hzOk(hz, want) {
  return typeof hz === 'number' && Math.abs(hz - want) <= TOLERANCE_HZ;
}

// Both sides hear the other's tone: an audio report with packets flowing and the dominant
// frequency of the received audio at the other side's tone.
async function bothHear(a, b, label, minPackets = 25) {
  const from = [a.mark(), b.mark()];
  const [ea, eb] = await Promise.all([
    a.wait('audio', (e) => e.received_packets >= minPackets && hzOk(e.dominant_frequency_hz, b.tone), 6000, from[0]),
    b.wait('audio', (e) => e.received_packets >= minPackets && hzOk(e.dominant_frequency_hz, a.tone), 6000, from[1]),
  ]);
  return `${label}${a.name} hears ${ea.dominant_frequency_hz} Hz (${ea.received_packets} pkts, ${ea.bytes} B, level ${ea.audio_level}), ` +
    `${b.name} hears ${eb.dominant_frequency_hz} Hz (${eb.received_packets} pkts, ${eb.bytes} B, level ${eb.audio_level})`;
}

// A call from a to b, answered: returns the timing figures of the caller and the callee.
async function establish(a, b, autoAnswered = false) {
  const fa = a.mark(), fb = b.mark();
  a.send({ cmd: 'call', target: `sip:${b.name}@${domain}` });
  const inc = await b.waitNot('incoming', () => true, ['error'], 8000, fb);
  if (!inc.from.includes(a.name)) throw new Error(`incoming from ${inc.from}`);
  if (!autoAnswered) b.send({ cmd: 'answer' });
  await Promise.all([
    a.waitNot('confirmed', () => true, ['failed', 'ended', 'error'], 8000, fa),
    b.waitNot('confirmed', () => true, ['failed', 'ended', 'error'], 8000, fb),
  ]);
  const [fA, fB] = await Promise.all([
    a.wait('first_audio', () => true, 6000, fa),
    b.wait('first_audio', () => true, 6000, fb),
  ]);
  const timing = (p, key, from) => {
    const ev = p.events.slice(from).find((e) => e.event === 'timing' && key in e);
    return ev ? ev[key] : null;
  };
  return {
    direction: `${a.name}->${b.name}`,
    call_to_invite_ms: timing(a, 'invite_sent_ms', fa),
    invite_to_200_ms: timing(a, 'accepted_ms', fa),
    invite_to_first_audio_caller_ms: timing(a, 'first_audio_ms', fa),
    invite_received_to_first_audio_callee_ms: timing(b, 'first_audio_ms', fb),
    caller_pair: fA.selected_pair,
    callee_pair: fB.selected_pair,
    codec: fA.codec,
    dtls_role_caller: fA.dtls_role,
  };
}

async function hangup(a, b) {
  const fa = a.mark(), fb = b.mark();
  a.send({ cmd: 'hangup' });
  const [ea, eb] = await Promise.all([
    a.wait('ended', () => true, 5000, fa),
    b.wait('ended', () => true, 5000, fb),
  ]);
  if (ea.originator !== 'local' || eb.originator !== 'remote') throw new Error(`ended originators ${ea.originator}/${eb.originator}`);
  return `${a.name} ended (local), ${b.name} ended (remote, cause ${eb.cause})`;
}

function pairsLoopback(f) {
  return [f.caller_pair, f.callee_pair].every((p) => typeof p === 'string' && /^127\.0\.0\.1:\d+\/\w+ <-> 127\.0\.0\.1:\d+\/\w+$/.test(p));
}

function median(xs) {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!v.length) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : Math.round((v[v.length / 2 - 1] + v[v.length / 2]) / 2);
}

async function runScenarios(c1, c2, c3) {
  let callUp = false;
  try {
    const ready = await scenario('start-customers', async () => {
      const r = await Promise.all([c1, c2, c3].map((c) => c.wait('ready', () => true, 30000, 0)));
      return `3 x Chromium + JsSIP up in ${r.map((e) => e.t).join(' / ')} ms (tones ${c1.tone} / ${c2.tone} / ${c3.tone} Hz)`;
    });
    if (!ready) return;

    await scenario('register-wrong-password-401', async () => {
      c1.register('not-the-password');
      const e = await c1.waitNot('registration_failed', () => true, ['registered'], 6000);
      if (e.status !== 401) throw new Error(`status ${e.status}, cause ${e.cause}`);
      return `registration_failed status=${e.status} cause="${e.cause}"`;
    });

    const registered = await scenario('register-digest', async () => {
      for (const c of [c1, c2, c3]) c.register(`${c.name}-secret`);
      await Promise.all([c1, c2, c3].map((c) => c.waitNot('registered', () => true, ['registration_failed'], 6000)));
      return 'customer1, customer2 and agent2 registered (REGISTER -> 401 -> REGISTER with Authorization -> 200)';
    });
    if (!registered) return;

    callUp = await scenario('call-answer', async () => {
      const f = await establish(c1, c2);
      figures.push(f);
      if (!pairsLoopback(f)) throw new Error(`ICE pair not loopback: ${f.caller_pair} / ${f.callee_pair}`);
      return `INVITE->200 ${f.invite_to_200_ms} ms, INVITE->first audio ${f.invite_to_first_audio_caller_ms} ms, pair ${f.caller_pair}, ${f.codec}`;
    });
    if (!callUp) return;

    await scenario('audio-both-ways', () => bothHear(c1, c2, ''));

    await scenario('hold-unhold', async () => {
      let f1 = c1.mark(), f2 = c2.mark();
      c1.send({ cmd: 'hold' });
      const [h1, h2] = await Promise.all([c1.wait('hold', () => true, 5000, f1), c2.wait('hold', () => true, 5000, f2)]);
      if (h1.originator !== 'local' || h2.originator !== 'remote') throw new Error(`hold originators ${h1.originator}/${h2.originator}`);
      // On hold (sendonly/recvonly), customer1 stops receiving: its packet count stands still.
      const from = c1.mark();
      const a = await c1.wait('audio', () => true, 3000, from);
      const b = await c1.wait('audio', (e) => e.t >= a.t + 900, 3000, from);
      const heldDelta = b.received_packets - a.received_packets;
      if (heldDelta > 5) throw new Error(`customer1 still received ${heldDelta} packets in ${b.t - a.t} ms on hold`);
      f1 = c1.mark(); f2 = c2.mark();
      c1.send({ cmd: 'unhold' });
      const [u1, u2] = await Promise.all([c1.wait('unhold', () => true, 5000, f1), c2.wait('unhold', () => true, 5000, f2)]);
      if (u1.originator !== 'local' || u2.originator !== 'remote') throw new Error(`unhold originators ${u1.originator}/${u2.originator}`);
      const after = await bothHear(c1, c2, 'after unhold: ', b.received_packets + 10);
      return `on hold customer1 got ${heldDelta} packets in ${b.t - a.t} ms; ${after}`;
    });

    await scenario('dtmf-info', async () => {
      const f2 = c2.mark();
      c1.send({ cmd: 'dtmf', tones: '12#9', method: 'INFO' });
      const got = [];
      for (let i = 0; i < 4; i++) {
        const from = i === 0 ? f2 : c2.events.indexOf(got[i - 1]) + 1;
        got.push(await c2.wait('dtmf', () => true, 4000, from));
      }
      const tones = got.map((e) => e.tone).join('');
      if (tones !== '12#9') throw new Error(`customer2 received "${tones}"`);
      return `customer2 received INFO DTMF "${tones}"`;
    });

    await scenario('dtmf-rfc2833-sent', async () => {
      const f1 = c1.mark();
      c1.send({ cmd: 'dtmf', tones: '34', method: 'RFC2833' });
      const rtp = (e) => e.method === 'RFC2833';
      const a = await c1.waitNot('dtmf_sent', rtp, ['error'], 4000, f1);
      const b = await c1.waitNot('dtmf_sent', rtp, ['error'], 4000, c1.events.indexOf(a) + 1);
      if (a.tone + b.tone !== '34') throw new Error(`sent ${a.tone}${b.tone}`);
      return 'customer1 played "34" as RTP telephone-events (JsSIP cannot detect them on receipt; the agent tests check the receiving side)';
    });

    await scenario('bye', async () => {
      const r = await hangup(c1, c2);
      callUp = false;
      return r;
    });

    await scenario('reverse-call-and-bye', async () => {
      const f = await establish(c2, c1);
      callUp = true;
      figures.push(f);
      if (!pairsLoopback(f)) throw new Error(`ICE pair not loopback: ${f.caller_pair} / ${f.callee_pair}`);
      const heard = await bothHear(c2, c1, '');
      const r = await hangup(c1, c2); // the callee hangs up this time
      callUp = false;
      return `INVITE->200 ${f.invite_to_200_ms} ms; ${heard}; ${r}`;
    });

    await scenario('refer-transfer', async () => {
      // customer2 transfers customer1 to agent2 (blind transfer by REFER); customer1 follows.
      await establish(c1, c2);
      callUp = true;
      const f1 = c1.mark(), f2 = c2.mark(), f3 = c3.mark();
      c2.send({ cmd: 'refer', target: `sip:agent2@${domain}` });
      const r = await c1.wait('refer', () => true, 5000, f1);
      await c3.wait('incoming', (e) => e.from.includes('customer1'), 8000, f3);
      c3.send({ cmd: 'answer' });
      await Promise.all([
        c1.waitNot('confirmed', (e) => e.call > r.call, ['failed', 'error'], 8000, f1),
        c3.waitNot('confirmed', () => true, ['failed', 'ended', 'error'], 8000, f3),
      ]);
      const n = await c2.wait('refer_notify', (e) => e.final, 6000, f2);
      if (n.status !== 200) throw new Error(`final NOTIFY status ${n.status}`);
      c2.send({ cmd: 'hangup' });
      await c1.wait('ended', (e) => e.call === r.call && e.originator === 'remote', 5000, f1);
      const heard = await bothHear(c1, c3, '');
      const bye = await hangup(c1, c3);
      callUp = false;
      return `customer1 got REFER to ${r.target}, called agent2; customer2 got NOTIFY 200; ${heard}; ${bye}`;
    });

    await scenario(`timing-repeats-x${REPEATS}`, async () => {
      // customer2 answers at once in the page (as an auto-answering agent would), so INVITE->200
      // has no round trip through this script in it.
      const runs = [];
      c2.send({ cmd: 'auto_answer', enabled: true });
      for (let i = 0; i < REPEATS; i++) {
        const f = await establish(c1, c2, true);
        callUp = true;
        runs.push(f);
        figures.push(Object.assign({ repeat: i + 1, auto_answer: true }, f));
        if (!pairsLoopback(f)) throw new Error(`ICE pair not loopback: ${f.caller_pair} / ${f.callee_pair}`);
        await hangup(c1, c2);
        callUp = false;
      }
      c2.send({ cmd: 'auto_answer', enabled: false });
      return `customer2 auto-answering: median INVITE->200 ${median(runs.map((f) => f.invite_to_200_ms))} ms, ` +
        `median INVITE->first audio ${median(runs.map((f) => f.invite_to_first_audio_caller_ms))} ms`;
    });

    await scenario('reject-486', async () => {
      const f1 = c1.mark(), f2 = c2.mark();
      c1.send({ cmd: 'call', target: `sip:customer2@${domain}` });
      await c2.wait('incoming', () => true, 8000, f2);
      c2.send({ cmd: 'reject', status: 486 });
      const e = await c1.waitNot('failed', () => true, ['confirmed'], 5000, f1);
      if (e.status !== 486 || e.cause !== 'Busy') throw new Error(`failed ${JSON.stringify(e)}`);
      return `customer1 failed status=${e.status} cause="${e.cause}"`;
    });

    await scenario('unknown-user-404', async () => {
      const f1 = c1.mark();
      c1.send({ cmd: 'call', target: `sip:nobody@${domain}` });
      const e = await c1.waitNot('failed', () => true, ['confirmed'], 8000, f1);
      if (e.status !== 404) throw new Error(`failed ${JSON.stringify(e)}`);
      return `customer1 failed status=${e.status} cause="${e.cause}"`;
    });

    await scenario('unregister', async () => {
      c2.send({ cmd: 'unregister' });
      const e = await c2.wait('unregistered', () => true, 5000);
      return `customer2 unregistered (status ${e.status})`;
    });
  } catch (err) {
    failed++;
    console.log(`FAIL selftest  ${err.message}`);
  } finally {
    if (callUp) c1.send({ cmd: 'hangup' });
  }
}

async function main() {
  const c1 = new Customer('customer1', TONE.customer1, peerOptions);
  const c2 = new Customer('customer2', TONE.customer2, peerOptions);
  const c3 = new Customer('agent2', TONE.agent2, peerOptions);
  try {
    await runScenarios(c1, c2, c3);
  } finally {
    const codes = await Promise.all([c1.quit(), c2.quit(), c3.quit()]);
    if (codes.some((c) => c !== 0)) {
      failed++;
      console.log(`FAIL customers-exit  exit codes ${codes.join(', ')}`);
    }
  }

  console.log('');
  console.log('Timing (headless Chromium 156 + JsSIP, both ends, through Kamailio, loopback only):');
  for (const f of figures) {
    console.log(`  ${(f.direction + (f.repeat ? ' #' + f.repeat : '')).padEnd(25)} call->INVITE sent ${f.call_to_invite_ms} ms | INVITE->200 OK ${f.invite_to_200_ms} ms (includes the 407 round) | ` +
      `INVITE->first audio at caller ${f.invite_to_first_audio_caller_ms} ms | INVITE received->first audio at callee ${f.invite_received_to_first_audio_callee_ms} ms`);
  }
  const keys = ['call_to_invite_ms', 'invite_to_200_ms', 'invite_to_first_audio_caller_ms', 'invite_received_to_first_audio_callee_ms'];
  const auto = figures.filter((f) => f.repeat);
  if (auto.length) {
    console.log(`  median of the ${auto.length} auto-answered calls: ` + keys.map((k) => `${k} ${median(auto.map((f) => f[k]))}`).join(', '));
  }
  fs.writeFileSync(path.join(logDir, 'timings.json'), JSON.stringify(figures, null, 2) + '\n');
  console.log(`selftest.js: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();

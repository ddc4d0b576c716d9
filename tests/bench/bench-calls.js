#!/usr/bin/env node
// The call benchmark: Helpline against the browser-to-browser baseline, through the same Kamailio
// in the same run, all on loopback. Run by bench-calls.sh (through tests/peers/test-softphone.sh
// --script, which makes the loopback-only network namespace, the X server, the D-Bus session with
// an unlocked keyring, Kamailio and coturn, and passes the same arguments as to softphone-test.js).
//
//  (a) customer1 (JsSIP in headless Chromium) calls agent1 (Helpline, auto-answer), N times;
//  (b) customer1 calls customer2 (JsSIP, auto-answer), N times;
//  (c) during one call of each kind: CPU time and memory of Helpline and of the Chromium process
//      trees (RSS summed over the tree, and PSS from /proc/PID/smaps_rollup when it is readable).
// Timings: at the caller (JsSIP both times) INVITE sent -> 200 OK received (includes Kamailio's
// 407 round) and INVITE sent -> first RTP; at the callee INVITE received -> 200 OK sent, -> first
// RTP packet from the far end and (Helpline only) -> first decoded audio, after the jitter buffer
// (Helpline: its debug log's "INVITE received", "state → 3", "First RTP packet ..." and "First
// audio ... decoded" with their timestamps; JsSIP: the customer's timing events). Prints a table; writes DIR/bench-calls.json. HL_BENCH_CALLS sets N (default 10).
'use strict';

const fs = require('fs');
const path = require('path');
const { Customer } = require('../peers/customer/driver');
const { App, testArgs } = require('../peers/helpline-driver');

const { helpline, wsUrl, domain, logDir, work } = testArgs('bench-calls.js');
const CALLS = Number(process.env.HL_BENCH_CALLS || 10);
const LOAD_WINDOW_MS = 10000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CLK_TCK = 100; // Linux USER_HZ

// --- /proc --------------------------------------------------------------------------------------

function procStat(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields after the name start at 3 (state); ppid is 4, utime 14, stime 15, rss 24 (pages)
    return { ppid: Number(rest[1]), cpuTicks: Number(rest[11]) + Number(rest[12]) };
  } catch (err) {
    return null;
  }
}

function memory(pid) {
  const out = { rssKb: 0, pssKb: null };
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    out.rssKb = Number((status.match(/^VmRSS:\s+(\d+)/m) || [0, 0])[1]);
  } catch (err) { /* gone */ }
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const m = rollup.match(/^Pss:\s+(\d+)/m);
    if (m) out.pssKb = Number(m[1]);
  } catch (err) { /* not readable */ }
  return out;
}

// pid and all its descendants
function tree(root) {
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(name);
    if (!st) continue;
    if (!children.has(st.ppid)) children.set(st.ppid, []);
    children.get(st.ppid).push(Number(name));
  }
  const all = [];
  const walk = (pid) => {
    all.push(pid);
    for (const c of children.get(pid) || []) walk(c);
  };
  walk(root);
  return all;
}

function snapshot(pids) {
  let cpu = 0, rss = 0, pss = 0, pssOk = true;
  const seen = new Map();
  for (const pid of pids) {
    const st = procStat(pid);
    if (!st) continue;
    const m = memory(pid);
    seen.set(pid, st.cpuTicks);
    cpu += st.cpuTicks;
    rss += m.rssKb;
    if (m.pssKb === null) pssOk = false;
    else pss += m.pssKb;
  }
  return { ticks: seen, cpu, rssKb: rss, pssKb: pssOk ? pss : null, processes: seen.size };
}

// CPU % of one core over the window (processes present at both ends), memory at the end
async function measureLoad(label, rootPid, excludePids = []) {
  const pids = tree(rootPid).filter((p) => !excludePids.includes(p));
  const a = snapshot(pids);
  const t0 = Date.now();
  await sleep(LOAD_WINDOW_MS);
  const b = snapshot(pids);
  const seconds = (Date.now() - t0) / 1000;
  let ticks = 0;
  for (const [pid, t] of b.ticks) if (a.ticks.has(pid)) ticks += t - a.ticks.get(pid);
  return { label, processes: b.processes, cpu_percent: Math.round((ticks / CLK_TCK / seconds) * 1000) / 10,
    rss_mb: Math.round(b.rssKb / 102.4) / 10, pss_mb: b.pssKb === null ? null : Math.round(b.pssKb / 102.4) / 10 };
}

// --- figures ------------------------------------------------------------------------------------

function percentile(values, p) {
  const v = values.filter((x) => typeof x === 'number').sort((x, y) => x - y);
  if (!v.length) return null;
  const i = Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1));
  return v[i];
}

function summary(values) {
  return { median: percentile(values, 50), p95: percentile(values, 95), n: values.filter((x) => typeof x === 'number').length };
}

// "(helpline:123): HlCall-DEBUG: 17:35:51.821: ..." -> ms of the day
function logTime(line) {
  const m = line.match(/DEBUG: (\d\d):(\d\d):(\d\d)\.(\d\d\d):/);
  return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]) : null;
}

// --- one call -----------------------------------------------------------------------------------

// caller calls target; returns its timings and the callee's. `callee` is a Customer or the App.
async function oneCall(caller, target, callee, hold = null) {
  const from = caller.mark();
  const calleeFrom = callee.mark();
  caller.send({ cmd: 'call', target });
  await caller.waitNot('confirmed', () => true, ['failed', 'ended'], 10000, from);
  await caller.wait('first_audio', () => true, 8000, from);
  const f = {
    caller_invite_to_200_ms: caller.timing('accepted_ms', from),
    caller_invite_to_first_audio_ms: caller.timing('first_audio_ms', from),
  };
  if (callee instanceof App) {
    const invite = await callee.waitLine(/HlCall-DEBUG.*Call (\S+): INVITE received/, 3000, calleeFrom);
    const answered = await callee.waitLine(new RegExp(`HlCall-DEBUG.*Call ${invite[1]}: state \\d+ → 3\\b`), 3000, calleeFrom);
    const packet = await callee.waitLine(/HlMedia-DEBUG.*First RTP packet from the other side received/, 5000, calleeFrom);
    const audio = await callee.waitLine(/HlMedia-DEBUG.*First audio from the other side decoded/, 5000, calleeFrom);
    f.callee_invite_to_200_ms = logTime(answered.line) - logTime(invite.line);
    f.callee_invite_to_first_rtp_ms = logTime(packet.line) - logTime(invite.line);
    f.callee_invite_to_first_audio_ms = logTime(audio.line) - logTime(invite.line);
  } else {
    await callee.wait('first_audio', () => true, 8000, calleeFrom);
    f.callee_invite_to_200_ms = callee.timing('accepted_ms', calleeFrom);
    // the customer's first_audio is the first RTP packet (the receiver knows its SSRC); Chromium
    // tells nothing about the first decoded frame
    f.callee_invite_to_first_rtp_ms = callee.timing('first_audio_ms', calleeFrom);
    f.callee_invite_to_first_audio_ms = null;
  }
  if (hold) f.load = await hold();
  const to = caller.mark();
  caller.send({ cmd: 'hangup' });
  await caller.wait('ended', () => true, 5000, to);
  if (callee instanceof App) await callee.waitLine(/HlCall-DEBUG.*state \d+ → 5\b/, 5000, calleeFrom);
  else await callee.wait('*', (e) => e.event === 'ended' || e.event === 'failed', 5000, calleeFrom);
  await sleep(400);
  return f;
}

async function series(label, caller, target, callee, loadDuring) {
  const runs = [];
  for (let i = 0; i < CALLS; i++) {
    const hold = i === Math.floor(CALLS / 2) ? loadDuring : null;
    const f = await oneCall(caller, target, callee, hold);
    runs.push(f);
    process.stdout.write(`  ${label} #${i + 1}: ` + Object.entries(f).filter(([k]) => k !== 'load')
      .map(([k, v]) => `${k} ${v}`).join(', ') + '\n');
  }
  const keys = ['caller_invite_to_200_ms', 'caller_invite_to_first_audio_ms', 'callee_invite_to_200_ms', 'callee_invite_to_first_rtp_ms',
    'callee_invite_to_first_audio_ms'];
  const out = { label, calls: runs.length, runs };
  for (const k of keys) out[k] = summary(runs.map((r) => r[k]));
  out.load = runs.map((r) => r.load).filter(Boolean)[0];
  return out;
}

// --- main ---------------------------------------------------------------------------------------

async function main() {
  const app = new App(helpline, { logDir, work });
  const c1 = new Customer('customer1', 800, { logDir, domain, wsUrl });
  const c2 = new Customer('customer2', 600, { logDir, domain, wsUrl });
  let rc = 0;
  try {
    await app.provision('agent1-bench', {
      'websocket-url': wsUrl, uri: `sip:agent1@${domain}`, password: 'agent1-secret', 'auto-answer': 'true',
    });
    const appMark = app.mark();
    app.start();
    await app.waitLine(/HlSipAccount-DEBUG.*: state \d+ → 3 /, 15000, appMark);
    await Promise.all([c1.wait('ready', () => true, 30000, 0), c2.wait('ready', () => true, 30000, 0)]);
    let m1 = c1.mark();
    let m2 = c2.mark();
    c1.register('customer1-secret');
    c2.register('customer2-secret');
    await c1.waitNot('registered', () => true, ['registration_failed'], 8000, m1);
    await c2.waitNot('registered', () => true, ['registration_failed'], 8000, m2);
    c2.send({ cmd: 'auto_answer', enabled: true });
    // an agent's phone is registered long before its first call: let the start-up work finish
    await sleep(2000);

    const appPid = app.proc.pid;
    const a = await series('JsSIP -> Helpline', c1, `sip:agent1@${domain}`, app, async () => Promise.all([
      measureLoad('Helpline (callee), whole process', appPid),
      measureLoad('Chromium + JsSIP (caller), process tree', c1.proc.pid),
    ]));
    const b = await series('JsSIP -> JsSIP', c1, `sip:customer2@${domain}`, c2, async () => Promise.all([
      measureLoad('Chromium + JsSIP (callee), process tree', c2.proc.pid),
      measureLoad('Chromium + JsSIP (caller), process tree', c1.proc.pid),
    ]));

    console.log('');
    console.log(`Calls: ${CALLS} each, loopback, Kamailio in between; milliseconds, median / p95`);
    console.log('| what | JsSIP -> Helpline (auto-answer) | JsSIP -> JsSIP (auto-answer) |');
    console.log('|---|---|---|');
    for (const [k, name] of [
      ['caller_invite_to_200_ms', 'caller: INVITE sent -> 200 OK received (incl. 407 round)'],
      ['callee_invite_to_200_ms', 'callee: INVITE received -> 200 OK sent'],
      ['callee_invite_to_first_rtp_ms', 'callee: INVITE received -> first RTP packet from the caller'],
      ['callee_invite_to_first_audio_ms', 'callee: INVITE received -> first decoded audio (after the jitter buffer)'],
      ['caller_invite_to_first_audio_ms', 'caller: INVITE sent -> first RTP packet from the callee'],
    ]) {
      const cell = (x) => (x.n ? `${x.median} / ${x.p95}` : 'not measurable');
      console.log(`| ${name} | ${cell(a[k])} | ${cell(b[k])} |`);
    }
    console.log('');
    console.log(`Load during a call (${LOAD_WINDOW_MS / 1000} s window; CPU in % of one core; RSS summed over the processes; PSS from smaps_rollup):`);
    for (const l of [...(a.load || []), ...(b.load || [])].filter(Boolean)) {
      console.log(`  ${l.label.padEnd(44)} ${String(l.processes).padStart(2)} process(es)  CPU ${String(l.cpu_percent).padStart(5)} %  RSS ${l.rss_mb} MB  PSS ${l.pss_mb === null ? 'n/a' : l.pss_mb + ' MB'}`);
    }
    if (a.load && a.load[0] && a.load[1]) {
      const [h, c] = a.load;
      console.log(`  Helpline / Chromium tree: RSS ${(h.rss_mb / c.rss_mb).toFixed(2)}, PSS ${h.pss_mb && c.pss_mb ? (h.pss_mb / c.pss_mb).toFixed(2) : 'n/a'}, CPU ${(h.cpu_percent / c.cpu_percent).toFixed(2)}`);
    }
    const verdict = (name, ok) => console.log(`  target: ${name}: ${ok ? 'met' : 'MISSED'}`);
    verdict('answer faster than browser-to-browser (callee INVITE -> 200 OK, median)', a.callee_invite_to_200_ms.median < b.callee_invite_to_200_ms.median);
    if (a.load && a.load[0] && a.load[1]) verdict('RSS during a call under a third of Chromium\'s', a.load[0].rss_mb < a.load[1].rss_mb / 3);
    fs.writeFileSync(path.join(logDir, 'bench-calls.json'), JSON.stringify({ calls: CALLS, helpline: a, browser: b }, null, 2) + '\n');
  } catch (err) {
    rc = 1;
    console.log(`FAIL bench-calls  ${err.message}`);
  } finally {
    await Promise.all([c1.quit(), c2.quit(), app.quit()]);
  }
  process.exit(rc);
}

main();

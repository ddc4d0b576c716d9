'use strict';
// Drives one JsSIP customer (customer.js) from a test: JSON-lines commands in, events out, and
// promises that wait for an event. Shared by selftest.js and softphone-test.js.

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const readline = require('readline');

class Customer {
  // options: { logDir, domain, wsUrl }
  constructor(name, tone, options) {
    this.name = name;
    this.tone = tone;
    this.domain = options.domain;
    this.wsUrl = options.wsUrl;
    this.events = [];
    this.waiters = [];
    this.since = 0;
    this.log = fs.createWriteStream(path.join(options.logDir, `${name}.jsonl`));
    this.proc = spawn(process.execPath, [path.join(__dirname, 'customer.js'), '--name', name, '--tone', String(tone), '--log-dir', options.logDir], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stderr.on('data', (d) => this.log.write(`# stderr: ${d}`));
    readline.createInterface({ input: this.proc.stdout }).on('line', (line) => {
      this.log.write(line + '\n');
      let ev;
      try { ev = JSON.parse(line); } catch (err) { return; }
      ev.rx = Date.now(); // when the test got it, to compare with what the test did
      this.events.push(ev);
      if (ev.event === 'error') console.log(`  ${this.name}: error ${ev.message}${ev.cmd ? ' (' + ev.cmd + ')' : ''}`);
      this.check();
    });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => { this.exitCode = code; resolve(code); this.check(); }));
  }

  // Sends a command; returns when it was sent.
  send(cmd) {
    this.since = this.events.length;
    this.log.write(`# > ${JSON.stringify(cmd)}\n`);
    this.proc.stdin.write(JSON.stringify(cmd) + '\n');
    return Date.now();
  }

  mark() { return this.events.length; }

  check() {
    for (const w of this.waiters.slice()) {
      for (let i = w.from; i < this.events.length; i++) {
        if (w.pred(this.events[i])) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          clearTimeout(w.timer);
          w.resolve(this.events[i]);
          break;
        }
      }
    }
  }

  // The first event since `from` (default: the last command) named `name` (or any: '*') matching pred.
  wait(name, pred = () => true, timeoutMs = 8000, from = this.since) {
    return new Promise((resolve, reject) => {
      const w = { from, pred: (ev) => (name === '*' || ev.event === name) && pred(ev), resolve };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        const last = this.events.slice(from).filter((e) => e.event !== 'audio').slice(-4).map((e) => JSON.stringify(e)).join(' ');
        reject(new Error(`${this.name}: no "${name}" within ${timeoutMs} ms (last events: ${last || 'none'})`));
      }, timeoutMs);
      this.waiters.push(w);
      this.check();
    });
  }

  // Like wait(), but fails at once on one of the `bad` events instead of waiting for the timeout.
  waitNot(name, pred, bad, timeoutMs, from = this.since) {
    return this.wait('*', (ev) => (ev.event === name && pred(ev)) || bad.includes(ev.event), timeoutMs, from).then((ev) => {
      if (ev.event !== name) throw new Error(`${this.name}: ${JSON.stringify(ev)} while waiting for "${name}"`);
      return ev;
    });
  }

  register(password) {
    this.send({ cmd: 'register', uri: `sip:${this.name}@${this.domain}`, password, ws_url: this.wsUrl, display_name: `Test ${this.name}` });
  }

  timing(key, from) {
    const ev = this.events.slice(from).find((e) => e.event === 'timing' && key in e);
    return ev ? ev[key] : null;
  }

  // True while a call of this customer is up (confirmed and not ended since).
  inCall() {
    let up = false;
    for (const e of this.events) {
      if (e.event === 'confirmed' || e.event === 'incoming' || e.event === 'progress') up = true;
      if (e.event === 'ended' || e.event === 'failed') up = false;
    }
    return up;
  }

  async quit() {
    if (this.exitCode !== undefined) return this.exitCode;
    this.send({ cmd: 'quit' });
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    const code = await this.exited;
    clearTimeout(t);
    return code;
  }
}

module.exports = { Customer };

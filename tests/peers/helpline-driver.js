'use strict';
// Drives Helpline from a test: `helpline --provision=FILE`, the running app with its debug log on
// stderr (waitLine), and its D-Bus actions (org.gtk.Actions on /io/helpline/Helpline). Shared by
// softphone-test.js, sipp-test.js and tests/bench/bench-calls.js.

const { spawn, execFile } = require('child_process');
const fs = require('fs');
const path = require('path');
const readline = require('readline');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(cmd, argv, timeoutMs = 20000, env = process.env) {
  return new Promise((resolve) => {
    execFile(cmd, argv, { timeout: timeoutMs, env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : err.signal || err.code || 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

class App {
  // options: { logDir (the app's logs), work (provisioning files) }
  constructor(bin, options) {
    this.bin = bin;
    this.logDir = options.logDir;
    this.work = options.work || options.logDir;
    this.lines = [];
    this.waiters = [];
    this.runs = 0;
    this.proc = null;
  }

  async provision(name, phone) {
    const file = path.join(this.work, `${name}.ini`);
    const keys = Object.entries(phone).map(([k, v]) => `${k}=${v}`).join('\n');
    fs.writeFileSync(file, `[Phone]\n${keys}\n`);
    const r = await run(this.bin, [`--provision=${file}`], 20000);
    fs.appendFileSync(path.join(this.logDir, 'provision.log'), `# ${name}: exit ${r.code}\n${r.stdout}${r.stderr}\n`);
    if (r.code !== 0) throw new Error(`helpline --provision=${name}.ini: exit ${r.code}: ${(r.stdout + r.stderr).trim()}`);
    return r.stdout.trim();
  }

  start(env = {}) {
    this.runs++;
    const logFile = path.join(this.logDir, `helpline-${this.runs}.log`);
    const log = fs.createWriteStream(logFile);
    this.logFile = logFile;
    this.proc = spawn(this.bin, [], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: Object.assign({}, process.env, { G_MESSAGES_DEBUG: 'HlSipAccount,HlCall,HlCallManager,HlPhone,HlMedia,HlSipDialog,HlRinger,HlApplication' }, env),
    });
    const proc = this.proc;
    this.exitInfo = null;
    const onLine = (line) => {
      log.write(line + '\n');
      this.lines.push({ text: line, rx: Date.now() });
      this.check();
    };
    readline.createInterface({ input: proc.stdout }).on('line', onLine);
    readline.createInterface({ input: proc.stderr }).on('line', onLine);
    this.exited = new Promise((resolve) => proc.on('exit', (code, signal) => {
      const info = signal ? `signal ${signal}` : `exit code ${code}`;
      if (this.proc === proc) {
        this.exitInfo = info;
        this.proc = null;
        for (const w of this.waiters.splice(0)) {
          clearTimeout(w.timer);
          w.reject(new Error(`helpline ended (${info}) while waiting for /${w.re.source}/; log: ${logFile}`));
        }
      }
      log.end();
      resolve(info);
    }));
  }

  mark() { return this.lines.length; }

  check() {
    for (const w of this.waiters.slice()) {
      for (let i = w.from; i < this.lines.length; i++) {
        const m = this.lines[i].text.match(w.re);
        if (m) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          clearTimeout(w.timer);
          w.resolve(Object.assign(m, { rx: this.lines[i].rx, line: this.lines[i].text }));
          break;
        }
      }
    }
  }

  // The first log line since `from` matching re.
  waitLine(re, timeoutMs = 8000, from = 0) {
    return new Promise((resolve, reject) => {
      if (!this.proc) {
        reject(new Error(`helpline is not running (${this.exitInfo || 'not started'})`));
        return;
      }
      const w = { re, from, resolve, reject };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        const last = this.lines.slice(from).map((l) => l.text).filter((t) => /HlSipAccount|HlCall/.test(t)).slice(-3).join(' | ');
        reject(new Error(`helpline: no line matching /${re.source}/ within ${timeoutMs} ms (last: ${last || 'none'})`));
      }, timeoutMs);
      this.waiters.push(w);
      this.check();
    });
  }

  // app.NAME through org.gtk.Actions.Activate; param is GVariant text ('true', '"12#"') or null.
  async action(name, param = null) {
    const t = Date.now();
    const r = await run('gdbus', ['call', '--session', '--dest', 'io.helpline.Helpline', '--object-path', '/io/helpline/Helpline',
      '--method', 'org.gtk.Actions.Activate', name, param === null ? '[]' : `[<${param}>]`, '{}'], 10000);
    if (r.code !== 0) throw new Error(`app.${name}(${param ?? ''}) over D-Bus: ${r.stderr.trim() || r.code}`);
    return t;
  }

  async quit() {
    if (!this.proc) return this.exitInfo;
    const proc = this.proc;
    this.proc = null; // an exit from now on is expected
    await run('gdbus', ['call', '--session', '--dest', 'io.helpline.Helpline', '--object-path', '/io/helpline/Helpline',
      '--method', 'org.gtk.Actions.Activate', 'quit', '[]', '{}'], 5000);
    const t = setTimeout(() => proc.kill('SIGTERM'), 5000);
    const t2 = setTimeout(() => proc.kill('SIGKILL'), 8000);
    const info = await this.exited;
    clearTimeout(t);
    clearTimeout(t2);
    return info;
  }
}

// The arguments test-softphone.sh passes to its script: --helpline BIN --ws-url URL [--udp-port P]
// [--domain D] [--log-dir DIR] [--work DIR] [--turn-uri U --turn-user N --turn-password P
// --turn-log FILE].
function testArgs(script) {
  const a = {};
  for (let i = 2; i < process.argv.length; i += 2) a[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  if (!a.helpline || !a['ws-url']) {
    console.error(`${script}: --helpline and --ws-url are required`);
    process.exit(2);
  }
  const logDir = a['log-dir'] || fs.mkdtempSync('/tmp/hl-softphone-');
  fs.mkdirSync(logDir, { recursive: true });
  return {
    helpline: a.helpline,
    wsUrl: a['ws-url'],
    udpPort: a['udp-port'] ? Number(a['udp-port']) : null,   // Kamailio's UDP port (sipp-test.js)
    domain: a.domain || '127.0.0.1',
    logDir,
    work: a.work || logDir,
    turn: a['turn-uri'] ? { uri: a['turn-uri'], user: a['turn-user'], password: a['turn-password'], log: a['turn-log'] } : null,
  };
}

module.exports = { App, run, sleep, testArgs };

// What the language scenario of softphone-test.js checks in the windows: the strings they hold
// (from the app's io.helpline.Helpline.UiProbe, exported when HELPLINE_UI_PROBE=1) against the
// compiled catalogues, the app's and GTK's/libadwaita's.
'use strict';

const fs = require('fs');
const path = require('path');
const { run } = require('./helpline-driver');

const RTL = ['ar', 'fa', 'he', 'ur'];
const SYSTEM_LOCALEDIR = '/usr/share/locale';
const LIBRARY_DOMAINS = ['gtk40', 'libadwaita'];

// The languages Helpline ships, from po/LINGUAS as it is now.
function shippedLanguages() {
  const file = path.join(__dirname, '..', '..', 'po', 'LINGUAS');
  return fs.readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim())
    .flatMap((l) => l.split(/\s+/)).filter(Boolean);
}

// A compiled catalogue (.mo) as a Map msgid → msgstr; entries with a context or plural forms are
// left out (they can't be matched to a shown string by their msgid alone), but their msgids are in
// `map.ids` with all the others. Empty when missing.
function readMo(file) {
  const map = new Map();
  map.ids = new Set();
  if (!fs.existsSync(file)) return map;
  const b = fs.readFileSync(file);
  const le = b.readUInt32LE(0) === 0x950412de;
  const u32 = (o) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const n = u32(8), ids = u32(12), strs = u32(16);
  for (let i = 0; i < n; i++) {
    const id = b.toString('utf8', u32(ids + i * 8 + 4), u32(ids + i * 8 + 4) + u32(ids + i * 8));
    const str = b.toString('utf8', u32(strs + i * 8 + 4), u32(strs + i * 8 + 4) + u32(strs + i * 8));
    const bare = id.replace(/^[^\x04]*\x04/, '').split('\0')[0];
    if (id) map.ids.add(bare).add(bare.replace(/_/g, ''));   // as a label shows a mnemonic
    if (id && !id.includes('\0') && !id.includes('\x04') && str) map.set(id, str);
  }
  return map;
}

function catalogue(localedir, lang, domain) {
  return readMo(path.join(localedir, lang, 'LC_MESSAGES', `${domain}.mo`));
}

// A GVariant text string, as gdbus prints it ('…' or "…" with backslash escapes), decoded.
function gvariantString(text) {
  const quote = text[0];
  const body = text.slice(1, text.lastIndexOf(quote));
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e) => {
    if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    return { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', b: '\b', a: '\x07' }[e] ?? e;
  });
}

// The app's windows, as UiProbe.Describe returns them: { language, windows: [{ type, direction,
// visible, strings, ready?, page?, conversation?, composer? }] }, plus `main` (the HlWindow) and
// `prefs` (the Preferences window, if open).
async function describe() {
  const r = await run('gdbus', ['call', '--session', '--dest', 'io.helpline.Helpline', '--object-path', '/io/helpline/Helpline',
    '--method', 'io.helpline.Helpline.UiProbe.Describe'], 10000);
  if (r.code !== 0) throw new Error(`UiProbe.Describe over D-Bus: ${r.stderr.trim() || r.code}`);
  const m = r.stdout.trim().match(/^\((.*),\)$/s);
  if (!m) throw new Error(`UiProbe.Describe: unexpected reply ${r.stdout.slice(0, 80)}`);
  const d = JSON.parse(gvariantString(m[1]));
  d.main = d.windows.find((w) => w.type === 'HlWindow');
  d.prefs = d.windows.find((w) => w.type === 'HlPreferencesWindow');
  return d;
}

function shownIn(d, type) {
  return new Set(d.windows.filter((w) => w.type === type).flatMap((w) => w.strings));
}

// The library strings of `english` that `lang` has in every library catalogue knowing them:
// [{ type, en, trs }] (a string such as "Search" can come from GTK or libadwaita).
function libraryStrings(english, appCat, lang) {
  const libs = LIBRARY_DOMAINS.map((domain) => ({ cat: catalogue(SYSTEM_LOCALEDIR, lang, domain),
    known: new Set([...shippedLanguages(), 'de'].flatMap((l) => [...catalogue(SYSTEM_LOCALEDIR, l, domain).ids])) }));
  const out = [];
  for (const w of english.windows) {
    for (const en of new Set(w.strings)) {
      if (appCat.ids.has(en)) continue;
      const owners = libs.filter((l) => l.known.has(en));
      if (!owners.length || owners.some((l) => !l.cat.has(en))) continue;
      const trs = owners.map((l) => l.cat.get(en)).filter((tr) => tr !== en);
      if (trs.length) out.push({ type: w.type, en, trs });
    }
  }
  return out;
}

// Checks the windows `d` after switching to `lang` against the English ones `english`. The layout
// may differ (longer strings, the window rebuilt), so this looks for English left over rather than
// for every English string's translation: no string the app's catalogue translates is shown in
// English (demo data may spell one or two of them), many are shown translated, the page titles
// are; GTK's and libadwaita's strings that their catalogues translate are shown translated (at
// least one of them, none in English); the direction is the language's. Returns a short summary;
// throws naming what is wrong.
function checkLanguage(lang, english, d, localedir) {
  if (d.language !== lang) throw new Error(`the app reports language "${d.language}", not "${lang}"`);
  if (!d.main || !d.main.ready) throw new Error('no ready main window');
  const wantDir = RTL.includes(lang.split('_')[0]) ? 'rtl' : 'ltr';
  for (const w of [d.main, d.prefs].filter(Boolean)) {
    if (w.direction !== wantDir) throw new Error(`${w.type} is ${w.direction}, not ${wantDir}`);
  }

  // The app's own strings, in the main window and Preferences.
  const appCat = catalogue(localedir, lang, 'helpline');
  if (appCat.size === 0) throw new Error(`no catalogue ${path.join(localedir, lang, 'LC_MESSAGES', 'helpline.mo')}`);
  const types = ['HlWindow', 'HlPreferencesWindow'];
  const shown = d.windows.filter((w) => types.includes(w.type)).flatMap((w) => w.strings);
  const translations = new Set(appCat.values());
  const inEnglish = new Set(shown.filter((x) => appCat.has(x) && appCat.get(x) !== x && !translations.has(x)));
  const translated = new Set(shown.filter((x) => translations.has(x) && !appCat.has(x)));
  if (inEnglish.size > 2) {
    throw new Error(`${inEnglish.size} strings still in English in ${lang}: ${[...inEnglish].slice(0, 6).map((x) => `"${x}"`).join(', ')}`);
  }
  if (translated.size < 30) throw new Error(`only ${translated.size} strings of the ${lang} catalogue are shown`);
  for (const title of ['Inbox', 'Knowledge', 'Customers', 'Wallboard']) {
    const want = appCat.get(title) || title;
    if (!shownIn(d, 'HlWindow').has(want)) throw new Error(`the page title "${title}" is not shown as "${want}"`);
  }

  // GTK's and libadwaita's.
  const builtin = libraryStrings(english, appCat, lang);
  const all = new Set(d.windows.flatMap((w) => w.strings));
  const leftover = builtin.filter((x) => all.has(x.en) && !x.trs.some((tr) => all.has(tr)));
  const builtinShown = builtin.filter((x) => x.trs.some((tr) => shownIn(d, x.type).has(tr)));
  if (leftover.length) {
    throw new Error(`GTK/libadwaita strings still in English in ${lang}: ` +
      leftover.slice(0, 5).map((x) => `"${x.en}" (${x.type}, want "${x.trs[0]}")`).join(', '));
  }
  // Debian's GTK and libadwaita catalogues don't translate every language (Hindi's gtk40 lacks the
  // strings these windows show): then there is nothing of theirs to see translated.
  if (builtin.length && !builtinShown.length) throw new Error(`no GTK/libadwaita string is shown in ${lang}`);
  const library = builtinShown.length
    ? `${builtinShown.length} GTK/libadwaita strings (e.g. "${builtinShown[0].en}" → "${builtinShown[0].trs[0]}")`
    : `no string shown that GTK/libadwaita translate into ${lang}`;

  return `${translated.size} app strings shown in ${lang}, ${inEnglish.size} in English${[...inEnglish].map((x) => ` "${x}"`).join(',')}; ` +
    `${library}; ${wantDir}`;
}

// Back in the system's language (English here): no string of a shipped catalogue's translations
// is left, the page titles are English, left to right.
function checkEnglish(d, localedir) {
  if (d.language !== '') throw new Error(`the app reports language "${d.language}", not the system's`);
  if (d.main.direction !== 'ltr') throw new Error('back in English, the window is right to left');
  const shown = d.windows.flatMap((w) => w.strings);
  const left = new Set();
  for (const lang of shippedLanguages()) {
    const cat = catalogue(localedir, lang, 'helpline');
    const translations = new Set([...cat].filter(([en, tr]) => en !== tr).map(([, tr]) => tr));
    for (const x of shown) if (translations.has(x) && !cat.has(x)) left.add(`"${x}" (${lang})`);
  }
  if (left.size) throw new Error(`back in English, still translated: ${[...left].slice(0, 5).join(', ')}`);
  for (const title of ['Inbox', 'Knowledge', 'Customers', 'Wallboard']) {
    if (!shownIn(d, 'HlWindow').has(title)) throw new Error(`back in English, no page title "${title}"`);
  }
  return `no translated string left, ltr`;
}

module.exports = { shippedLanguages, describe, checkLanguage, checkEnglish, RTL };

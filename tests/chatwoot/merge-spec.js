#!/usr/bin/env node
'use strict';
// Merge Chatwoot's vendor OpenAPI document (never modified) with Helpline's
// supplement (tests/chatwoot/supplement.json) into one document for Prism.
//
// usage: merge-spec.js OUTPUT.json [VENDOR_SWAGGER.json]
// VENDOR defaults to $CHATWOOT_SWAGGER, else shared/specs/chatwoot/swagger.json beside the
// repository (where the project's shared folder lives, on developer machines and in CI).
// Exit status 77 when that default is missing and none was given (the tests skip).
//
// Rules (also in supplement.json's info.description):
// - a path or method the vendor lacks is added;
// - an object given for something the vendor has is merged into it key by key
//   (objects recurse; arrays and scalars replace) — this is how fixes are made;
// - components.* likewise (new schemas added, existing ones patched);
// - x-every-operation.responses are added to every operation lacking that status.
// Every supplement operation and top-level schema must cite API.md in its
// description; the script refuses to merge otherwise.

const fs = require('fs');
const path = require('path');

const out = process.argv[2];
if (!out) { console.error('usage: merge-spec.js OUTPUT.json [VENDOR.json]'); process.exit(2); }
const here = __dirname;
// The one given (argument, else $CHATWOOT_SWAGGER) must exist; without one, the default place may
// be empty in a clone elsewhere: exit 77 (skip) with one line saying what is missing and how to
// point at it. A document that is there but does not merge or validate fails (exit 1).
const given = process.argv[3] || process.env.CHATWOOT_SWAGGER;
const fallback = path.resolve(here, '..', '..', '..', 'shared', 'specs', 'chatwoot', 'swagger.json');
const vendorPath = given || fallback;
if (!fs.existsSync(vendorPath)) {
  if (given) { console.error(`merge-spec: ${given} (CHATWOOT_SWAGGER) does not exist`); process.exit(1); }
  console.error(`Chatwoot's swagger.json is missing: put it at ${fallback} or set CHATWOOT_SWAGGER=/path/to/swagger.json`);
  process.exit(77);
}

const vendor = JSON.parse(fs.readFileSync(vendorPath, 'utf8'));
const supp = JSON.parse(fs.readFileSync(path.join(here, 'supplement.json'), 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const CITE = /API\.md §\d/;
const problems = [];
const report = { added_paths: [], added_operations: [], patched_operations: [], added_components: [], patched_components: [] };

for (const [p, item] of Object.entries(supp.paths || {})) {
  for (const m of METHODS) {
    if (!item[m]) continue;
    if (!CITE.test(item[m].description || '')) problems.push(`${m.toUpperCase()} ${p}: description must cite API.md §…`);
  }
}
for (const [kind, group] of Object.entries(supp.components || {})) {
  for (const [name, def] of Object.entries(group)) {
    if (!CITE.test(def.description || '')) problems.push(`components.${kind}.${name}: description must cite API.md §…`);
  }
}
if (supp['x-every-operation'] && !CITE.test(supp['x-every-operation'].description || '')) problems.push('x-every-operation: description must cite API.md §…');
if (problems.length) { console.error('merge-spec: supplement rejected:\n  ' + problems.join('\n  ')); process.exit(1); }

function merge(target, patch) {
  for (const [k, v] of Object.entries(patch)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && target[k] && typeof target[k] === 'object' && !Array.isArray(target[k])) merge(target[k], v);
    else target[k] = structuredClone(v);
  }
  return target;
}

const doc = structuredClone(vendor);
for (const [p, item] of Object.entries(supp.paths || {})) {
  if (!doc.paths[p]) { doc.paths[p] = structuredClone(item); report.added_paths.push(p); continue; }
  for (const [k, v] of Object.entries(item)) {
    if (METHODS.includes(k)) {
      if (doc.paths[p][k]) { merge(doc.paths[p][k], v); report.patched_operations.push(`${k.toUpperCase()} ${p}`); } else { doc.paths[p][k] = structuredClone(v); report.added_operations.push(`${k.toUpperCase()} ${p}`); }
    } else if (k === 'parameters' && doc.paths[p].parameters) {
      // vendor path already declares its path parameters
    } else doc.paths[p][k] = structuredClone(v);
  }
}
for (const [kind, group] of Object.entries(supp.components || {})) {
  doc.components[kind] = doc.components[kind] || {};
  for (const [name, def] of Object.entries(group)) {
    if (doc.components[kind][name]) { merge(doc.components[kind][name], def); report.patched_components.push(`${kind}.${name}`); } else { doc.components[kind][name] = structuredClone(def); report.added_components.push(`${kind}.${name}`); }
  }
}
const every = (supp['x-every-operation'] || {}).responses || {};
let added = 0;
for (const item of Object.values(doc.paths)) {
  for (const m of METHODS) {
    const op = item[m]; if (!op) continue;
    op.responses = op.responses || {};
    for (const [code, resp] of Object.entries(every)) if (!op.responses[code]) { op.responses[code] = structuredClone(resp); added++; }
  }
}
doc.info = { ...doc.info, title: `${doc.info.title} + Helpline supplement`, 'x-vendor-source': vendorPath };
fs.writeFileSync(out, JSON.stringify(doc, null, 1));
const ops = Object.values(doc.paths).reduce((n, it) => n + METHODS.filter((m) => it[m]).length, 0);
console.error(`merge-spec: ${vendorPath} + supplement.json → ${out}: ${Object.keys(doc.paths).length} paths, ${ops} operations; `
  + `${report.added_paths.length} paths and ${report.added_operations.length} methods added, ${report.patched_operations.length} operations and `
  + `${report.patched_components.length} components patched, ${report.added_components.length} components added, ${added} common responses added`);
if (process.env.MERGE_SPEC_VERBOSE) console.error(JSON.stringify(report, null, 1));

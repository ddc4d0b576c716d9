#!/usr/bin/env node
'use strict';
// Tiny ActionCable client used by smoke.sh to check /cable as API.md §11
// describes it: welcome, confirm_subscription, presence.update, ping every
// 3 s, update_presence, an injected customer message, the echo_id round trip
// of a REST send, typing events (typer excluded), a silently ignored bad
// subscription, and the disconnect frame of the close hook.
//
// usage: cable-client.js CABLE_URL PRISM_URL TEST_URL

const path = require('path');
const http = require('http');
const WebSocket = require(path.join(__dirname, 'node_modules', 'ws'));
const [cableUrl, prismUrl, testUrl] = process.argv.slice(2);
const ANA = { id: 1, token: 'tok-ana-1000' };

function fetchJson(base, method, p, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(p, base);
    const data = body === undefined ? null : JSON.stringify(body);
    const req = http.request(u, { method, headers: { ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}), ...headers } }, (res) => {
      const chunks = []; res.on('data', (c) => chunks.push(c));
      res.on('end', () => { const t = Buffer.concat(chunks).toString(); let j = null; try { j = JSON.parse(t); } catch { /* empty */ } resolve({ status: res.statusCode, body: j, text: t }); });
    });
    req.on('error', reject); if (data) req.write(data); req.end();
  });
}

class Client {
  constructor(url) {
    this.frames = []; this.waiters = [];
    this.ws = new WebSocket(url, ['actioncable-v1-json', 'actioncable-unsupported']);
    this.ws.on('message', (raw) => {
      const f = JSON.parse(String(raw)); f._at = Date.now(); this.frames.push(f);
      this.waiters = this.waiters.filter((w) => { if (w.pred(f)) { clearTimeout(w.timer); w.resolve(f); return false; } return true; });
    });
    this.closed = new Promise((r) => this.ws.on('close', r));
  }
  wait(desc, pred, ms = 5000) {
    const hit = this.frames.find(pred);
    if (hit) { this.frames.splice(this.frames.indexOf(hit), 1); return Promise.resolve(hit); }
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: (f) => { this.frames.splice(this.frames.indexOf(f), 1); resolve(f); } };
      w.timer = setTimeout(() => { this.waiters = this.waiters.filter((x) => x !== w); reject(new Error(`timeout waiting for ${desc}`)); }, ms);
      this.waiters.push(w);
    });
  }
  send(o) { this.ws.send(JSON.stringify(o)); }
}
const event = (name, extra = () => true) => (f) => f.message && f.message.event === name && extra(f.message.data);
const step = (s) => console.log(`✓ ${s}`);

async function main() {
  const profile = (await fetchJson(prismUrl, 'GET', '/api/v1/profile', undefined, { api_access_token: ANA.token })).body;
  const identifier = JSON.stringify({ channel: 'RoomChannel', pubsub_token: profile.pubsub_token, account_id: 1, user_id: profile.id });

  const c = new Client(cableUrl);
  await c.wait('welcome', (f) => f.type === 'welcome'); step('welcome');
  if (c.ws.protocol !== 'actioncable-v1-json') throw new Error(`subprotocol ${c.ws.protocol}`);
  c.send({ command: 'subscribe', identifier });
  await c.wait('confirm_subscription', (f) => f.type === 'confirm_subscription' && f.identifier === identifier); step('confirm_subscription');
  const p0 = await c.wait('presence.update after subscribe', event('presence.update'));
  if (p0.identifier !== identifier || p0.message.data.account_id !== 1) throw new Error('bad presence envelope');
  step(`presence.update on subscribe: ${JSON.stringify(p0.message.data.users)}`);

  const t0 = Date.now();
  const ping1 = await c.wait('ping', (f) => f.type === 'ping', 4500);
  const ping2 = await c.wait('second ping', (f) => f.type === 'ping', 4500);
  const gap = ping2._at - ping1._at;
  if (gap < 2500 || gap > 3500 || typeof ping1.message !== 'number') throw new Error(`ping gap ${gap} ms`);
  step(`pings every ${gap} ms (first after ${ping1._at - t0} ms)`);

  c.send({ command: 'message', identifier, data: JSON.stringify({ action: 'update_presence' }) });
  const p1 = await c.wait('presence.update after update_presence', event('presence.update', (d) => d.users['1']));
  step(`update_presence → presence.update users[1]=${p1.message.data.users['1']}`);

  // a bad subscription gets no answer at all (API.md §11.2)
  const bad = new Client(cableUrl);
  await bad.wait('welcome (bad)', (f) => f.type === 'welcome');
  const badId = JSON.stringify({ channel: 'RoomChannel', pubsub_token: 'wrong', account_id: 1, user_id: 1 });
  bad.send({ command: 'subscribe', identifier: badId });
  await new Promise((r) => setTimeout(r, 1500));
  if (bad.frames.some((f) => f.identifier === badId)) throw new Error('bad subscription got an answer');
  bad.ws.close(); step('wrong pubsub_token: no confirm, no reject');

  // a customer message arriving
  const inj = await fetchJson(testUrl, 'POST', '/__test/inject/message', { conversation_id: 7, content: 'Are you there? 🙂' });
  const mc = await c.wait('message.created (injected)', event('message.created', (d) => d.id === inj.body.message.id));
  const d = mc.message.data;
  if (d.message_type !== 0 || d.sender.type !== 'contact' || d.conversation_id !== 7 || d.account_id !== 1 || !d.conversation || typeof d.created_at !== 'number')
    throw new Error(`bad message.created ${JSON.stringify(d)}`);
  step(`injected message.created {id ${d.id}, conversation ${d.conversation_id}, unread ${d.conversation.unread_count}}`);

  // echo_id round trip of a REST send through Prism
  const sent = await fetchJson(prismUrl, 'POST', '/api/v1/accounts/1/conversations/7/messages',
    { content: 'Yes, I am here.', message_type: 'outgoing', private: false, echo_id: 'cable-echo-42' }, { api_access_token: ANA.token });
  if (sent.status !== 200 || sent.body.echo_id !== 'cable-echo-42') throw new Error(`send ${sent.status} ${sent.text}`);
  const echo = await c.wait('message.created with echo_id', event('message.created', (x) => x.echo_id === 'cable-echo-42'));
  if (echo.message.data.id !== sent.body.id || !echo.message.data.performer) throw new Error('echo mismatch');
  step('REST send → message.created with the same echo_id and id, with performer');

  // status change, assignment, contact update
  await fetchJson(prismUrl, 'POST', '/api/v1/accounts/1/conversations/7/toggle_status', { status: 'pending' }, { api_access_token: ANA.token });
  const sc = await c.wait('conversation.status_changed', event('conversation.status_changed', (x) => x.id === 7 && x.status === 'pending'));
  if (sc.message.data.status !== 'pending' || !sc.message.data.contact_inbox) throw new Error('bad status_changed');
  step('conversation.status_changed (push shape with contact_inbox)');
  await fetchJson(prismUrl, 'POST', '/api/v1/accounts/1/conversations/7/assignments', { assignee_id: 3 }, { api_access_token: ANA.token });
  const ac = await c.wait('assignee.changed', event('assignee.changed', (x) => x.id === 7));
  if (ac.message.data.meta.assignee.id !== 3) throw new Error('bad assignee.changed');
  step('assignee.changed');
  await fetchJson(prismUrl, 'PATCH', '/api/v1/accounts/1/conversations/7', { priority: 'low' }, { api_access_token: ANA.token });
  await c.wait('conversation.updated', event('conversation.updated', (x) => x.id === 7 && x.priority === 'low'));
  step('conversation.updated');
  await fetchJson(prismUrl, 'PUT', '/api/v1/accounts/1/contacts/9', { custom_attributes: { vip: true } }, { api_access_token: ANA.token });
  await c.wait('contact.updated', event('contact.updated', (x) => x.id === 9 && x.custom_attributes.vip === true));
  step('contact.updated on the account stream');

  // typing: another agent types → Ana sees it; Ana types → Ana does not
  await fetchJson(prismUrl, 'POST', '/api/v1/accounts/1/conversations/7/toggle_typing_status', { typing_status: 'on' }, { api_access_token: 'tok-dev-1003' });
  const ty = await c.wait('conversation.typing_on', event('conversation.typing_on'));
  if (ty.message.data.user.id !== 4 || ty.message.data.conversation.id !== 7) throw new Error('bad typing_on');
  await fetchJson(prismUrl, 'POST', '/api/v1/accounts/1/conversations/7/toggle_typing_status', { typing_status: 'off' }, { api_access_token: ANA.token });
  await new Promise((r) => setTimeout(r, 300));
  if (c.frames.some(event('conversation.typing_off'))) throw new Error('typer got its own typing event');
  await fetchJson(testUrl, 'POST', '/__test/inject/typing', { conversation_id: 7, on: false });
  await c.wait('conversation.typing_off (contact)', event('conversation.typing_off', (x) => x.user.type === 'contact'));
  step('conversation.typing_on/off, typer excluded');

  // presence of another agent
  await fetchJson(testUrl, 'POST', '/__test/presence', { user_id: 2, present: true, availability: 'busy' });
  await c.wait('presence.update with agent 2', event('presence.update', (x) => x.users['2'] === 'busy'));
  step('presence.update for another agent (test hook)');

  // the close hook
  await fetchJson(testUrl, 'POST', '/__test/cable/close', { reason: 'server_restart', reconnect: true });
  const dc = await c.wait('disconnect', (f) => f.type === 'disconnect');
  if (dc.reason !== 'server_restart' || dc.reconnect !== true) throw new Error('bad disconnect');
  await c.closed;
  step('disconnect frame and close (test hook)');
}

main().then(() => process.exit(0), (e) => { console.error(`✗ ${e.message}`); process.exit(1); });

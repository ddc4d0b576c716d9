#!/usr/bin/env node
'use strict';
// Helpline's stateful Chatwoot test server (loopback only).
//
// Implements, with the payload shapes of shared/specs/chatwoot/API.md (Chatwoot
// v4.16.2), the REST endpoints and the ActionCable RoomChannel a desktop agent
// client uses. Runs behind Stoplight Prism (tests/chatwoot/start.sh), which
// validates every request and response against the vendor swagger.json plus
// tests/chatwoot/supplement.json. /cable is served here directly.
//
// A second port serves test hooks under /__test/ (NOT Chatwoot API, never
// proxied through Prism): fault injection, realtime injection, MFA, token
// expiry, request log, Prism violations.
//
// Usage: server.js [--port N] [--test-port N] [--conversations N] [--messages-per N]
//                  [--contacts N] [--seed N] [--ping-ms N] [--presence-s N]
//                  [--violations-file PATH] [--quiet]
// Prints SERVER_PORT=… and TEST_PORT=… on stdout once listening.

const http = require('http');
const crypto = require('crypto');
const path = require('path');
const fs = require('fs');
const { WebSocketServer } = require(path.join(__dirname, '..', 'node_modules', 'ws'));
const { seed, iso } = require('./seed');

// ---------------------------------------------------------------- options
const opts = { port: 0, testPort: 0, conversations: 200, messagesPer: 6, contacts: 50, seed: 42, pingMs: 3000,
  presenceS: 20, violationsFile: null, quiet: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const v = () => process.argv[++i];
  switch (a) {
    case '--port': opts.port = +v(); break;
    case '--test-port': opts.testPort = +v(); break;
    case '--conversations': opts.conversations = +v(); break;
    case '--messages-per': opts.messagesPer = +v(); break;
    case '--contacts': opts.contacts = +v(); break;
    case '--seed': opts.seed = +v(); break;
    case '--ping-ms': opts.pingMs = +v(); break;
    case '--presence-s': opts.presenceS = +v(); break;
    case '--violations-file': opts.violationsFile = v(); break;
    case '--quiet': opts.quiet = true; break;
    default: console.error(`unknown option ${a}`); process.exit(2);
  }
}
const log = (...a) => { if (!opts.quiet) console.error('[chatwoot-test]', ...a); };

// ---------------------------------------------------------------- state
let S;
let received = []; // every API request, for exactly-once assertions
let cableLog = []; // every frame the server sent on /cable (except pings)
let faults = []; // queued forced responses
let mfaTokens = new Map(); // mfa_token -> user id
let presence = new Map(); // user id -> epoch ms of last update_presence
let pingsEnabled = true;
let noteSeq = 100;
// Chatwoot keeps no echo_id with a stored message (API.md §3.3: not a column; only the create answer
// and the message.created event carry it). Off by default for the older tests; the outbox's
// crash test turns it on so that listed messages come without it, as from Chatwoot.
let echoUnstored = false;
let blobs = new Map(); // attachment key -> { name, content_type, bytes } (uploaded with a message, API.md §3.2)
let nextAttachmentId = 1;
function reset() {
  S = seed({ conversations: opts.conversations, messagesPer: opts.messagesPer, contacts: opts.contacts, seed: opts.seed });
  S.convIndex = new Map(S.conversations.map((c) => [c.id, c]));
  received = []; cableLog = []; faults = []; mfaTokens = new Map(); presence = new Map(); pingsEnabled = true; noteSeq = 100; echoUnstored = false;
  blobs = new Map(); nextAttachmentId = 1;
}
reset();

const now = () => Math.floor(Date.now() / 1000);
const userById = (id) => S.users.find((u) => u.id === id);
const contactById = (id) => S.contacts.find((c) => c.id === id);
const inboxById = (id) => S.inboxes.find((i) => i.id === id);
const convById = (id) => S.convIndex.get(id);
const teamById = (id) => S.teams.find((t) => t.id === id);

// ---------------------------------------------------------------- serializers (API.md §1.3, §2.3, §3.3, §5.1, §6, §7)
function isPresent(u) { const t = presence.get(u.id); return t !== undefined && Date.now() - t < opts.presenceS * 1000; }
function effectiveStatus(u) { // API.md §1.4
  if (!u.auto_offline) return u.availability;
  return isPresent(u) ? u.availability : 'offline';
}
function userPush(u) {
  return { id: u.id, name: u.name, available_name: u.display_name || u.name, avatar_url: '', type: 'user',
    availability_status: effectiveStatus(u), thumbnail: '' };
}
function agentView(u) { // API.md §6 agent object
  return { id: u.id, account_id: 1, availability_status: effectiveStatus(u), auto_offline: u.auto_offline, confirmed: u.confirmed,
    email: u.email, provider: 'email', available_name: u.display_name || u.name, name: u.name, role: u.role, thumbnail: '' };
}
function profileView(u) { // API.md §1.3
  return {
    id: u.id, access_token: u.access_token, account_id: u.account_id, available_name: u.display_name || u.name,
    avatar_url: '', confirmed: u.confirmed, display_name: u.display_name, message_signature: u.message_signature,
    email: u.email, inviter_id: u.id === 1 ? null : 1, name: u.name, provider: 'email', pubsub_token: u.pubsub_token,
    role: u.role, ui_settings: u.ui_settings, uid: u.email, type: 'User',
    accounts: [{ id: 1, name: S.account.name, status: 'active', onboarding_step: 'completed', active_at: iso(S.baseTime),
      role: u.role, permissions: [u.role], availability: u.availability, availability_status: effectiveStatus(u),
      auto_offline: u.auto_offline, api_and_webhooks: true }],
  };
}
function contactPush(c) {
  return { additional_attributes: c.additional_attributes, custom_attributes: c.custom_attributes, email: c.email, id: c.id,
    identifier: c.identifier, name: c.name, phone_number: c.phone_number, thumbnail: c.thumbnail, blocked: c.blocked, type: 'contact' };
}
function inboxSlim(i) { return { id: i.id, avatar_url: '', channel_id: i.channel_id, name: i.name, channel_type: i.channel_type, provider: null }; }
function sourceId(c, inboxId) { return `${inboxId === 2 ? c.email || 'contact' + c.id : 'src'}-${c.id}-${inboxId}`; }
function contactView(c, withInboxes = true) { // API.md §5.1
  const v = { id: c.id, name: c.name, email: c.email, phone_number: c.phone_number, identifier: c.identifier,
    additional_attributes: c.additional_attributes, custom_attributes: c.custom_attributes, availability_status: c.availability_status,
    blocked: c.blocked, thumbnail: c.thumbnail, last_activity_at: c.last_activity_at, created_at: c.created_at };
  if (v.last_activity_at === null) delete v.last_activity_at; // epoch, omitted when null (API.md §5.1)
  if (withInboxes) v.contact_inboxes = c.inboxes.map((id) => ({ source_id: sourceId(c, id), inbox: inboxSlim(inboxById(id)) }));
  return v;
}
function senderOf(m) {
  if (m.sender_type === 'Contact') return { ...contactPush(contactById(m.sender_id)) };
  if (m.sender_type === 'User') return userPush(userById(m.sender_id));
  return undefined;
}
function messageModel(m) { // API.md §3.3 (a)
  const v = { id: m.id, content: m.content, inbox_id: m.inbox_id, conversation_id: m.conversation_id, message_type: m.message_type,
    content_type: m.content_type, status: m.status, content_attributes: m.content_attributes, created_at: m.created_at,
    private: m.private, source_id: m.source_id };
  if (m.echo_id) v.echo_id = m.echo_id;
  const s = senderOf(m); if (s) v.sender = s;
  if (m.attachments && m.attachments.length) v.attachments = m.attachments; // absent if none (API.md §3.3)
  return v;
}
function unreadCount(conv) {
  const msgs = S.messages.get(conv.id) || [];
  let n = 0;
  for (const m of msgs) if (m.message_type === 0 && m.created_at > conv.agent_last_seen_at) n++;
  return Math.min(n, 10);
}
function messagePush(m) { // API.md §3.3 (b)
  const conv = convById(m.conversation_id);
  const contact = contactById(conv.contact_id);
  const v = { id: m.id, content: m.content, account_id: 1, inbox_id: m.inbox_id, conversation_id: m.conversation_id,
    message_type: m.message_type, created_at: m.created_at, updated_at: iso(m.updated_at), private: m.private, status: m.status,
    source_id: m.source_id, content_type: m.content_type, content_attributes: m.content_attributes, sender_type: m.sender_type,
    sender_id: m.sender_id, external_source_ids: m.external_source_ids, additional_attributes: m.additional_attributes,
    processed_message_content: m.content, sentiment: m.sentiment,
    conversation: { assignee_id: conv.assignee_id, unread_count: unreadCount(conv), last_activity_at: conv.last_activity_at,
      contact_inbox: { source_id: sourceId(contact, conv.inbox_id) } } };
  if (m.echo_id) v.echo_id = m.echo_id;
  const s = senderOf(m); if (s) v.sender = s;
  if (m.attachments && m.attachments.length) v.attachments = m.attachments;
  return v;
}
function lastMessage(conv, nonActivity) {
  const msgs = S.messages.get(conv.id) || [];
  for (let i = msgs.length - 1; i >= 0; i--) if (!nonActivity || msgs[i].message_type !== 2) return msgs[i];
  return null;
}
function teamPush(t) { return { id: t.id, name: t.name, icon: t.icon, icon_color: t.icon_color }; }
function teamView(t, user) {
  return { id: t.id, name: t.name, description: t.description, allow_auto_assign: t.allow_auto_assign, icon: t.icon,
    icon_color: t.icon_color, account_id: 1, is_member: user ? t.members.includes(user.id) : false };
}
function convMeta(conv, push) {
  // REST: sender = contact model view (§5.1, no contact_inboxes), assignee = agent object (§6);
  // push data (§11.5): sender = contact push shape, assignee = user push shape
  const contact = contactById(conv.contact_id);
  const meta = { sender: push ? contactPush(contact) : contactView(contact, false), channel: inboxById(conv.inbox_id).channel_type, hmac_verified: false };
  if (conv.assignee_id) { const u = userById(conv.assignee_id); meta.assignee = push ? userPush(u) : agentView(u); meta.assignee_type = 'User'; }
  if (conv.team_id) meta.team = teamPush(teamById(conv.team_id));
  return meta;
}
function conversationView(conv) { // API.md §2.3
  const last = lastMessage(conv, false); const lastNA = lastMessage(conv, true);
  return {
    id: conv.id, uuid: conv.uuid, account_id: 1, inbox_id: conv.inbox_id, status: conv.status, priority: conv.priority,
    snoozed_until: conv.snoozed_until ? iso(conv.snoozed_until) : null, labels: conv.labels, custom_attributes: conv.custom_attributes,
    additional_attributes: conv.additional_attributes, unread_count: unreadCount(conv), muted: conv.muted, can_reply: true,
    agent_last_seen_at: conv.agent_last_seen_at, assignee_last_seen_at: conv.assignee_last_seen_at,
    contact_last_seen_at: conv.contact_last_seen_at, created_at: conv.created_at, timestamp: conv.last_activity_at,
    last_activity_at: conv.last_activity_at, first_reply_created_at: conv.first_reply_created_at, waiting_since: conv.waiting_since,
    updated_at: conv.updated_at + 0.123, messages: last ? [messagePush(last)] : [],
    last_non_activity_message: lastNA ? messagePush(lastNA) : null, sla_policy_id: conv.sla_policy_id, meta: convMeta(conv),
  };
}
function conversationPush(conv) { // API.md §11.5 conversation push data
  const contact = contactById(conv.contact_id);
  const lastChat = lastMessage(conv, true);
  const meta = convMeta(conv, true);
  if (!conv.assignee_id) { meta.assignee = null; meta.assignee_type = null; }
  if (!conv.team_id) meta.team = null;
  return {
    additional_attributes: conv.additional_attributes, can_reply: true, channel: inboxById(conv.inbox_id).channel_type,
    contact_inbox: { id: conv.contact_id * 10 + conv.inbox_id, contact_id: contact.id, inbox_id: conv.inbox_id,
      source_id: sourceId(contact, conv.inbox_id), created_at: iso(contact.created_at), updated_at: iso(contact.created_at), hmac_verified: false,
      pubsub_token: `contact-pubsub-${contact.id}` },
    id: conv.id, inbox_id: conv.inbox_id, messages: lastChat ? [messagePush(lastChat)] : [], labels: conv.labels, meta,
    status: conv.status, custom_attributes: conv.custom_attributes, snoozed_until: conv.snoozed_until ? iso(conv.snoozed_until) : null,
    unread_count: unreadCount(conv), first_reply_created_at: conv.first_reply_created_at, priority: conv.priority,
    waiting_since: conv.waiting_since, agent_last_seen_at: conv.agent_last_seen_at, contact_last_seen_at: conv.contact_last_seen_at,
    last_activity_at: conv.last_activity_at, timestamp: conv.last_activity_at, created_at: conv.created_at, updated_at: conv.updated_at + 0.123,
  };
}
function inboxView(i) { // API.md §4
  const v = { id: i.id, avatar_url: '', channel_id: i.channel_id, name: i.name, channel_type: i.channel_type, greeting_enabled: false,
    greeting_message: null, working_hours_enabled: i.id === 3, enable_email_collect: true, csat_survey_enabled: false, csat_config: {},
    enable_auto_assignment: true, auto_assignment_config: {}, out_of_office_message: null,
    working_hours: [0, 1, 2, 3, 4, 5, 6].map((d) => ({ day_of_week: d, closed_all_day: d === 0 || d === 6,
      open_hour: d === 0 || d === 6 ? null : 9, open_minutes: d === 0 || d === 6 ? null : 0,
      close_hour: d === 0 || d === 6 ? null : 17, close_minutes: d === 0 || d === 6 ? null : 30, open_all_day: false })),
    timezone: 'Europe/Madrid', callback_webhook_url: null, allow_messages_after_resolved: true, lock_to_single_conversation: false,
    sender_name_type: 'friendly', business_name: null, provider: null };
  if (i.channel_type === 'Channel::WebWidget') Object.assign(v, { website_url: 'https://helpline.test', widget_color: '#1F93FF',
    website_token: 'widget-token-1', welcome_title: 'Hi there!', welcome_tagline: 'We reply within minutes', reply_time: 'in_a_few_minutes',
    help_center: { name: 'Customer handbook', slug: 'handbook' } });
  if (i.channel_type === 'Channel::Email') Object.assign(v, { email: 'support@helpline.test', forwarding_enabled: true });
  if (i.channel_type === 'Channel::Api') Object.assign(v, { webhook_url: '', inbox_identifier: 'api-inbox-identifier-3' });
  return v;
}

// ---------------------------------------------------------------- help center views (API.md §7.2)
function portalView(p, locale) {
  const cats = S.categories.filter((c) => c.portal_id === p.id);
  const arts = S.articles.filter((a) => a.portal_id === p.id);
  const inLocale = (a) => S.categories.find((c) => c.id === a.category_id).locale === (locale || p.default_locale);
  const v = { id: p.id, color: p.color, custom_domain: p.custom_domain, header_text: p.header_text, homepage_link: p.homepage_link,
    name: p.name, page_title: p.page_title, slug: p.slug, archived: p.archived, account_id: 1,
    config: { allowed_locales: p.allowed_locales.map((code) => ({ code,
      articles_count: arts.filter((a) => S.categories.find((c) => c.id === a.category_id).locale === code).length,
      categories_count: cats.filter((c) => c.locale === code).length, draft: false })), default_locale: p.default_locale },
    meta: { all_articles_count: arts.filter(inLocale).length, archived_articles_count: arts.filter((a) => inLocale(a) && a.status === 'archived').length,
      published_count: arts.filter((a) => inLocale(a) && a.status === 'published').length,
      draft_articles_count: arts.filter((a) => inLocale(a) && a.status === 'draft').length, mine_articles_count: 0,
      categories_count: cats.filter((c) => c.locale === (locale || p.default_locale)).length, default_locale: p.default_locale },
    ssl_settings: {} };
  if (p.inbox_id) v.inbox = inboxView(inboxById(p.inbox_id));
  return v;
}
function categoryView(c) {
  const group = S.categories.filter((o) => o.id !== c.id && (o.root_id || o.id) === (c.root_id || c.id));
  const slim = (o) => ({ id: o.id, name: o.name, slug: o.slug, locale: o.locale });
  return { id: c.id, name: c.name, slug: c.slug, locale: c.locale, description: c.description, position: c.position, account_id: 1,
    icon: c.icon, icon_color: c.icon_color, related_categories: group.map(slim), parent_category: null,
    root_category: c.root_id ? slim(S.categories.find((o) => o.id === c.root_id)) : null,
    meta: { articles_count: S.articles.filter((a) => a.category_id === c.id).length } };
}
function articleView(a) {
  const cat = S.categories.find((c) => c.id === a.category_id);
  const portal = S.portals.find((p) => p.id === a.portal_id);
  const group = S.articles.filter((o) => o.id !== a.id && (o.root_id || o.id) === (a.root_id || a.id));
  return { id: a.id, slug: a.slug, title: a.title, content: a.content, description: a.description, status: a.status,
    draft_title: null, draft_content: null, position: a.position, account_id: 1, updated_at: a.updated_at, meta: a.meta,
    category: { id: cat.id, name: cat.name, slug: cat.slug, locale: cat.locale, icon: cat.icon, icon_color: cat.icon_color },
    views: a.views, author: agentView(userById(a.author_id)),
    associated_articles: group.map((o) => ({ id: o.id, category_id: o.category_id, title: o.title, content: o.content,
      description: o.description, status: o.status, account_id: 1, portal: { id: portal.id, name: portal.name, slug: portal.slug },
      views: o.views, author: agentView(userById(o.author_id)) })) };
}

// ---------------------------------------------------------------- cable (API.md §11)
const sockets = new Set();
function sendFrame(ws, obj) {
  if (ws.readyState !== 1) return;
  const text = JSON.stringify(obj);
  if (obj.type !== 'ping') cableLog.push({ at: Date.now(), conn: ws.connId, frame: obj });
  ws.send(text);
}
// deliver `event` to the user streams of `userIds` (null = account stream)
function broadcast(event, data, { users = null, exclude = null, performer = null } = {}) {
  const payload = { ...data, account_id: 1 };
  if (performer) payload.performer = userPush(performer);
  let n = 0;
  for (const ws of sockets) {
    for (const sub of ws.subs.values()) {
      if (!sub.ok) continue;
      const wanted = users === null ? sub.account_id === 1 : users.includes(sub.user.id);
      if (!wanted || (exclude && sub.user.id === exclude)) continue;
      sendFrame(ws, { identifier: sub.identifier, message: { event, data: payload } });
      n++;
    }
  }
  return n;
}
const inboxRecipients = () => S.users.map((u) => u.id); // every agent is a member of every seeded inbox
function presenceData() {
  const users = {};
  for (const u of S.users) if (isPresent(u) || !u.auto_offline) users[String(u.id)] = u.availability;
  return { account_id: 1, users, contacts: {} };
}
function sendPresence(user) { broadcast('presence.update', presenceData(), { users: [user.id] }); }

const wss = new WebSocketServer({ noServer: true,
  handleProtocols: (protocols) => (protocols.has('actioncable-v1-json') ? 'actioncable-v1-json' : false) });
let connSeq = 0;
wss.on('connection', (ws) => {
  ws.connId = ++connSeq; ws.subs = new Map(); sockets.add(ws);
  sendFrame(ws, { type: 'welcome' });
  ws.pinger = setInterval(() => { if (pingsEnabled) sendFrame(ws, { type: 'ping', message: now() }); }, opts.pingMs);
  ws.on('close', () => { clearInterval(ws.pinger); sockets.delete(ws); });
  ws.on('message', (raw) => {
    let msg; try { msg = JSON.parse(String(raw)); } catch { log('cable: unparsable frame'); return; }
    if (msg.command === 'subscribe') {
      if (ws.subs.has(msg.identifier)) return; // already registered (even if it failed): ignored, API.md §11.2
      const sub = { identifier: msg.identifier, ok: false };
      ws.subs.set(msg.identifier, sub);
      let id; try { id = JSON.parse(msg.identifier); } catch { log('cable: bad identifier'); return; }
      const user = id && id.channel === 'RoomChannel' && S.users.find((u) => u.pubsub_token === id.pubsub_token && u.id === Number(id.user_id));
      if (!user || Number(id.account_id) !== 1) { log('cable: subscription rejected silently'); return; } // no reject frame
      Object.assign(sub, { ok: true, user, account_id: Number(id.account_id) });
      sendFrame(ws, { identifier: msg.identifier, type: 'confirm_subscription' });
      sendPresence(user);
    } else if (msg.command === 'unsubscribe') {
      ws.subs.delete(msg.identifier);
    } else if (msg.command === 'message') {
      const sub = ws.subs.get(msg.identifier);
      if (!sub || !sub.ok) return;
      let data; try { data = JSON.parse(msg.data); } catch { return; }
      if (data.action === 'update_presence') { presence.set(sub.user.id, Date.now()); sendPresence(sub.user); }
    }
  });
});

// ---------------------------------------------------------------- HTTP helpers
function send(res, status, body, headers = {}) {
  if (body === undefined) { res.writeHead(status, headers); return res.end(); }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}
const err = (res, status, message) => send(res, status, { error: message });
// multipart/form-data (messages with attachments[], API.md §3.2): the fields as strings; the files
// as {filename, content_type, file_size, sha256} for the request log, their bytes in the hidden __files.
async function readForm(buffer, ct) {
  const form = await new Response(buffer, { headers: { 'content-type': ct } }).formData();
  const body = {}; const files = [];
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') { body[key] = value; continue; }
    const bytes = Buffer.from(await value.arrayBuffer());
    files.push({ field: key, filename: value.name, content_type: value.type || 'application/octet-stream', bytes });
    (body[key] = body[key] || []).push({ filename: value.name, content_type: value.type, file_size: bytes.length,
      sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
  }
  Object.defineProperty(body, '__files', { value: files, enumerable: false });
  return body;
}
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const ct = req.headers['content-type'] || '';
      if (ct.includes('multipart/form-data')) {
        return readForm(Buffer.concat(chunks), ct).then(resolve, () => resolve({ __invalid: 'multipart' }));
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      if (!raw) return resolve({});
      if (ct.includes('application/json')) { try { return resolve(JSON.parse(raw)); } catch { return resolve({ __invalid: raw }); } }
      if (ct.includes('application/x-www-form-urlencoded')) return resolve(Object.fromEntries(new URLSearchParams(raw)));
      resolve({ __raw: raw });
    });
  });
}
const truthy = (v) => v === true || v === 'true' || v === '1';

// ---------------------------------------------------------------- routes
const routes = [];
const R = (method, pattern, handler, { auth = true } = {}) => {
  const keys = [];
  const re = new RegExp('^' + pattern.replace(/:(\w+)/g, (_, k) => { keys.push(k); return '([^/]+)'; }) + '/?$');
  routes.push({ method, re, keys, handler, auth });
};
const ACC = '/api/v1/accounts/:acc';

// §1.2 sign in (+ MFA step)
R('POST', '/auth/sign_in', (ctx) => {
  const b = ctx.body;
  if (b.mfa_token) {
    const uid = mfaTokens.get(b.mfa_token);
    const u = uid && userById(uid);
    if (!u) return err(ctx.res, 401, 'Invalid or expired MFA token');
    if (!((b.otp_code && b.otp_code === u.otp_code) || (b.backup_code && b.backup_code === u.backup_code)))
      return err(ctx.res, 401, 'Invalid verification code');
    mfaTokens.delete(b.mfa_token);
    return signedIn(ctx, u);
  }
  const u = S.users.find((x) => x.email === String(b.email || '').toLowerCase() && x.password === b.password);
  if (!u) return send(ctx.res, 401, { success: false, errors: ['Invalid login credentials. Please try again.'] });
  if (u.mfa) {
    const token = crypto.randomBytes(16).toString('hex');
    mfaTokens.set(token, u.id);
    return send(ctx.res, 206, { mfa_required: true, mfa_token: token });
  }
  return signedIn(ctx, u);
}, { auth: false });
function signedIn(ctx, u) {
  send(ctx.res, 200, { data: profileView(u) }, { 'access-token': crypto.randomBytes(8).toString('hex'), 'token-type': 'Bearer',
    client: 'helpline-test', expiry: String(now() + 14 * 86400), uid: u.email });
}

// §1.3 / §1.4 profile
R('GET', '/api/v1/profile', (ctx) => send(ctx.res, 200, profileView(ctx.user)));
R('PUT', '/api/v1/profile', (ctx) => {
  const p = ctx.body.profile || {};
  for (const k of ['name', 'display_name', 'email', 'message_signature']) if (k in p) ctx.user[k] = p[k];
  if (p.ui_settings && typeof p.ui_settings === 'object') ctx.user.ui_settings = { ...ctx.user.ui_settings, ...p.ui_settings };
  send(ctx.res, 200, profileView(ctx.user));
});
R('POST', '/api/v1/profile/availability', (ctx) => {
  const p = ctx.body.profile || {};
  if (!['online', 'busy', 'offline'].includes(p.availability)) return err(ctx.res, 422, `'${p.availability}' is not a valid availability`);
  ctx.user.availability = p.availability;
  send(ctx.res, 200, profileView(ctx.user));
});
R('POST', '/api/v1/profile/auto_offline', (ctx) => {
  const p = ctx.body.profile || {};
  ctx.user.auto_offline = truthy(p.auto_offline);
  send(ctx.res, 200, profileView(ctx.user));
});
R('PUT', '/api/v1/profile/set_active_account', (ctx) => {
  const p = ctx.body.profile || {};
  if (Number(p.account_id) !== 1) return err(ctx.res, 404, 'Resource could not be found');
  ctx.user.account_id = 1;
  send(ctx.res, 200);
});

// account, inboxes, agents, teams, labels, canned responses, custom attributes
R('GET', ACC, (ctx) => send(ctx.res, 200, { ...S.account }));
R('GET', ACC + '/inboxes', (ctx) => send(ctx.res, 200, { payload: [...S.inboxes].sort((a, b) => a.name.localeCompare(b.name)).map(inboxView) }));
R('GET', ACC + '/inboxes/:id', (ctx) => {
  const i = inboxById(Number(ctx.p.id)); if (!i) return err(ctx.res, 404, 'Resource could not be found');
  send(ctx.res, 200, inboxView(i));
});
R('GET', ACC + '/agents', (ctx) => send(ctx.res, 200, S.users.map(agentView)));
R('GET', ACC + '/teams', (ctx) => send(ctx.res, 200, S.teams.map((t) => teamView(t, ctx.user))));
R('GET', ACC + '/teams/:team_id/team_members', (ctx) => {
  const t = teamById(Number(ctx.p.team_id)); if (!t) return err(ctx.res, 404, 'Resource could not be found');
  send(ctx.res, 200, t.members.map((id) => agentView(userById(id))));
});
R('GET', ACC + '/labels', (ctx) => send(ctx.res, 200, { payload: S.labels }));
R('GET', ACC + '/canned_responses', (ctx) => {
  const q = (ctx.q.get('search') || '').toLowerCase();
  let list = S.canned;
  if (q) {
    list = list.filter((c) => c.short_code.toLowerCase().includes(q) || c.content.toLowerCase().includes(q));
    list.sort((a, b) => Number(b.short_code.toLowerCase().includes(q)) - Number(a.short_code.toLowerCase().includes(q)));
  }
  send(ctx.res, 200, list);
});
R('GET', ACC + '/custom_attribute_definitions', (ctx) => {
  const m = ctx.q.get('attribute_model');
  const map = { 0: 'conversation_attribute', 1: 'contact_attribute', 2: 'company_attribute' };
  const model = map[m] || m;
  send(ctx.res, 200, S.attrDefs.filter((d) => !model || d.attribute_model === model));
});

// §2.1 / §2.2 conversation lists
function filterConversations(ctx, { ignoreAssignee = false } = {}) {
  const q = ctx.q;
  let list = S.conversations;
  const text = q.get('q');
  const status = q.get('status') || 'open';
  if (text) {
    const t = text.toLowerCase();
    list = list.filter((c) => (S.messages.get(c.id) || []).some((m) => m.message_type < 2 && (m.content || '').toLowerCase().includes(t)));
  } else if (status !== 'all') list = list.filter((c) => c.status === status);
  if (q.get('inbox_id')) list = list.filter((c) => c.inbox_id === Number(q.get('inbox_id')));
  if (q.get('team_id')) list = list.filter((c) => c.team_id === Number(q.get('team_id')));
  const labels = [...q.getAll('labels[]'), ...q.getAll('labels')];
  if (labels.length) list = list.filter((c) => c.labels.some((l) => labels.includes(l)));
  const within = q.get('updated_within');
  if (within) { const since = now() - Number(within); list = list.filter((c) => c.updated_at >= since); }
  const counts = { mine_count: list.filter((c) => c.assignee_id === ctx.user.id).length,
    assigned_count: list.filter((c) => c.assignee_id).length, unassigned_count: list.filter((c) => !c.assignee_id).length,
    all_count: list.length };
  if (!ignoreAssignee) {
    const at = q.get('assignee_type');
    if (at === 'me') list = list.filter((c) => c.assignee_id === ctx.user.id);
    else if (at === 'unassigned') list = list.filter((c) => !c.assignee_id);
    else if (at === 'assigned') list = list.filter((c) => c.assignee_id);
  }
  return { list, counts };
}
const PRIO = { null: 0, low: 1, medium: 2, high: 3, urgent: 4 };
function sortConversations(list, sortBy) {
  const by = {
    last_activity_at_asc: (a, b) => a.last_activity_at - b.last_activity_at || a.id - b.id,
    created_at_asc: (a, b) => a.created_at - b.created_at, created_at_desc: (a, b) => b.created_at - a.created_at,
    priority_desc: (a, b) => PRIO[b.priority] - PRIO[a.priority] || b.last_activity_at - a.last_activity_at,
    priority_asc: (a, b) => PRIO[a.priority] - PRIO[b.priority] || b.last_activity_at - a.last_activity_at,
    waiting_since_asc: (a, b) => (a.waiting_since || Infinity) - (b.waiting_since || Infinity),
    waiting_since_desc: (a, b) => b.waiting_since - a.waiting_since,
  }[sortBy] || ((a, b) => b.last_activity_at - a.last_activity_at || b.id - a.id);
  return [...list].sort(by);
}
R('GET', ACC + '/conversations', (ctx) => {
  const { list, counts } = filterConversations(ctx);
  let items = sortConversations(list, ctx.q.get('sort_by'));
  if (!ctx.q.get('updated_within')) { // updated_within: all matches, unpaginated (API.md §2.1)
    const page = Math.max(1, Number(ctx.q.get('page') || 1));
    items = items.slice((page - 1) * 25, page * 25);
  }
  send(ctx.res, 200, { data: { meta: counts, payload: items.map(conversationView) } });
});
R('GET', ACC + '/conversations/meta', (ctx) => send(ctx.res, 200, { meta: filterConversations(ctx, { ignoreAssignee: true }).counts }));
R('GET', ACC + '/conversations/search', (ctx) => { // §2.5 slim search shape
  const t = (ctx.q.get('q') || '').toLowerCase();
  const page = Math.max(1, Number(ctx.q.get('page') || 1));
  const hits = sortConversations(S.conversations.filter((c) => t && (S.messages.get(c.id) || [])
    .some((m) => m.message_type < 2 && (m.content || '').toLowerCase().includes(t))));
  const items = hits.slice((page - 1) * 15, page * 15).map((c) => {
    const contact = contactById(c.contact_id); const inbox = inboxById(c.inbox_id);
    return { id: c.id, uuid: c.uuid, created_at: c.created_at, contact: { id: contact.id, name: contact.name },
      inbox: { id: inbox.id, name: inbox.name, channel_type: inbox.channel_type },
      messages: (S.messages.get(c.id) || []).filter((m) => m.message_type < 2 && (m.content || '').toLowerCase().includes(t))
        .map((m) => ({ content: m.content, id: m.id, sender_name: (senderOf(m) || {}).name || null, message_type: m.message_type, created_at: m.created_at })),
      account_id: 1 };
  });
  send(ctx.res, 200, { meta: { mine_count: hits.filter((c) => c.assignee_id === ctx.user.id).length,
    unassigned_count: hits.filter((c) => !c.assignee_id).length, all_count: hits.length }, payload: items });
});

// create (swagger: POST …/conversations; response = the conversation object, API.md §2.3)
R('POST', ACC + '/conversations', (ctx) => {
  const b = ctx.body;
  const inbox = inboxById(Number(b.inbox_id));
  if (!inbox) return err(ctx.res, 422, 'Inbox must exist');
  let contact = b.contact_id !== undefined ? contactById(Number(b.contact_id)) : null;
  if (!contact && b.source_id) contact = S.contacts.find((c) => c.inboxes.some((i) => sourceId(c, i) === b.source_id));
  if (!contact) return err(ctx.res, 422, 'Contact must exist');
  if (!contact.inboxes.includes(inbox.id)) contact.inboxes.push(inbox.id);
  const t = now();
  const id = S.conversations.length ? Math.max(...S.convIndex.keys()) + 1 : 1;
  const status = ['open', 'resolved', 'pending', 'snoozed'].includes(b.status) ? b.status : 'open';
  const conv = { id, uuid: crypto.randomUUID(), account_id: 1, inbox_id: inbox.id, contact_id: contact.id, status, priority: null,
    snoozed_until: status === 'snoozed' && b.snoozed_until ? Math.floor(Date.parse(b.snoozed_until) / 1000) : null, labels: [],
    custom_attributes: b.custom_attributes || {}, additional_attributes: b.additional_attributes || {}, muted: false,
    assignee_id: b.assignee_id && userById(Number(b.assignee_id)) ? Number(b.assignee_id) : null,
    team_id: b.team_id && teamById(Number(b.team_id)) ? Number(b.team_id) : null, agent_last_seen_at: t, assignee_last_seen_at: 0,
    contact_last_seen_at: 0, created_at: t, first_reply_created_at: 0, waiting_since: 0, last_activity_at: t, updated_at: t, sla_policy_id: null };
  S.conversations.push(conv); S.convIndex.set(id, conv); S.messages.set(id, []);
  broadcast('conversation.created', conversationPush(conv), { users: inboxRecipients(), performer: ctx.user });
  if (b.message && b.message.content) {
    const m = { id: S.nextMessageId++, content: String(b.message.content), account_id: 1, inbox_id: inbox.id, conversation_id: id,
      message_type: 1, created_at: t, updated_at: t, private: false, status: 'sent', source_id: null, content_type: 'text',
      content_attributes: {}, sender_type: 'User', sender_id: ctx.user.id, external_source_ids: {}, additional_attributes: {},
      processed_message_content: null, sentiment: {}, echo_id: null };
    S.messages.get(id).push(m); afterNewMessage(conv, m);
    broadcast('message.created', messagePush(m), { users: inboxRecipients(), performer: ctx.user });
  }
  send(ctx.res, 200, conversationView(conv));
});

// §2.4 one conversation
function withConv(handler) {
  return (ctx) => {
    const conv = convById(Number(ctx.p.conv));
    if (!conv || !/^\d+$/.test(ctx.p.conv)) return err(ctx.res, 404, 'Resource could not be found');
    ctx.conv = conv; return handler(ctx);
  };
}
const CONV = ACC + '/conversations/:conv';
function touch(conv) { conv.updated_at = Math.max(now(), conv.updated_at + 1); }
function addActivity(conv, content) {
  const t = now();
  const m = { id: S.nextMessageId++, content, account_id: 1, inbox_id: conv.inbox_id, conversation_id: conv.id, message_type: 2,
    created_at: t, updated_at: t, private: false, status: 'sent', source_id: null, content_type: 'text', content_attributes: {},
    sender_type: null, sender_id: null, external_source_ids: {}, additional_attributes: {}, processed_message_content: null,
    sentiment: {}, echo_id: null };
  S.messages.get(conv.id).push(m);
  broadcast('message.created', messagePush(m), { users: inboxRecipients() });
}
R('GET', CONV, withConv((ctx) => send(ctx.res, 200, conversationView(ctx.conv))));
R('PATCH', CONV, withConv((ctx) => {
  if ('priority' in ctx.body) {
    const p = ctx.body.priority;
    if (p !== null && !(p in PRIO)) return err(ctx.res, 422, `'${p}' is not a valid priority`);
    ctx.conv.priority = p; touch(ctx.conv);
    broadcast('conversation.updated', conversationPush(ctx.conv), { users: inboxRecipients(), performer: ctx.user });
  }
  send(ctx.res, 200, conversationView(ctx.conv));
}));
R('POST', CONV + '/toggle_status', withConv((ctx) => {
  const c = ctx.conv; const b = ctx.body;
  let status = b.status;
  if (!status) status = c.status === 'open' ? 'resolved' : 'open';
  if (!['open', 'resolved', 'pending', 'snoozed'].includes(status)) return err(ctx.res, 422, `'${status}' is not a valid status`);
  c.status = status;
  c.snoozed_until = status === 'snoozed' && b.snoozed_until ? Math.floor(Number(b.snoozed_until)) : null;
  touch(c);
  addActivity(c, { resolved: `Conversation was marked resolved by ${ctx.user.name}`, open: `Conversation was reopened by ${ctx.user.name}`,
    pending: `Conversation was marked as pending by ${ctx.user.name}`, snoozed: `${ctx.user.name} has snoozed this conversation` }[status]);
  broadcast('conversation.status_changed', conversationPush(c), { users: inboxRecipients(), performer: ctx.user });
  send(ctx.res, 200, { meta: {}, payload: { success: true, conversation_id: c.id, current_status: c.status,
    snoozed_until: c.snoozed_until ? iso(c.snoozed_until) : null } });
}));
R('POST', CONV + '/toggle_priority', withConv((ctx) => {
  const p = ctx.body.priority ?? null;
  if (p !== null && !(p in PRIO)) return err(ctx.res, 422, `'${p}' is not a valid priority`);
  ctx.conv.priority = p; touch(ctx.conv);
  broadcast('conversation.updated', conversationPush(ctx.conv), { users: inboxRecipients(), performer: ctx.user });
  send(ctx.res, 200);
}));
R('POST', CONV + '/assignments', withConv((ctx) => {
  const c = ctx.conv; const b = ctx.body;
  if ('assignee_id' in b) {
    const u = b.assignee_id === null ? null : userById(Number(b.assignee_id));
    c.assignee_id = u ? u.id : null; c.assignee_last_seen_at = 0; touch(c);
    broadcast('assignee.changed', conversationPush(c), { users: inboxRecipients(), performer: ctx.user });
    return send(ctx.res, 200, u ? agentView(u) : null);
  }
  if ('team_id' in b) {
    const t = b.team_id === null ? null : teamById(Number(b.team_id));
    c.team_id = t ? t.id : null; touch(c);
    broadcast('team.changed', conversationPush(c), { users: inboxRecipients(), performer: ctx.user });
    return send(ctx.res, 200, t ? { id: t.id, name: t.name, description: t.description, allow_auto_assign: t.allow_auto_assign,
      account_id: 1, created_at: iso(S.baseTime - 90 * 86400), updated_at: iso(S.baseTime - 90 * 86400) } : null);
  }
  send(ctx.res, 200, null);
}));
R('GET', CONV + '/labels', withConv((ctx) => send(ctx.res, 200, { payload: ctx.conv.labels })));
R('POST', CONV + '/labels', withConv((ctx) => {
  ctx.conv.labels = [...new Set((ctx.body.labels || []).map(String))]; touch(ctx.conv);
  broadcast('conversation.updated', conversationPush(ctx.conv), { users: inboxRecipients(), performer: ctx.user });
  send(ctx.res, 200, { payload: ctx.conv.labels });
}));
R('POST', CONV + '/custom_attributes', withConv((ctx) => {
  ctx.conv.custom_attributes = ctx.body.custom_attributes || {}; touch(ctx.conv);
  broadcast('conversation.updated', conversationPush(ctx.conv), { users: inboxRecipients(), performer: ctx.user });
  send(ctx.res, 200, { custom_attributes: ctx.conv.custom_attributes });
}));
R('POST', CONV + '/update_last_seen', withConv((ctx) => {
  const c = ctx.conv; const t = now();
  c.agent_last_seen_at = t; if (c.assignee_id === ctx.user.id) c.assignee_last_seen_at = t;
  broadcast('conversation.read', conversationPush(c), { users: inboxRecipients() });
  send(ctx.res, 200, conversationView(c));
}));
R('POST', CONV + '/unread', withConv((ctx) => {
  const c = ctx.conv;
  const lastIn = [...S.messages.get(c.id)].reverse().find((m) => m.message_type === 0);
  c.agent_last_seen_at = lastIn ? lastIn.created_at - 1 : 0;
  if (c.assignee_id === ctx.user.id) c.assignee_last_seen_at = c.agent_last_seen_at;
  send(ctx.res, 200, conversationView(c));
}));
R('POST', CONV + '/toggle_typing_status', withConv((ctx) => {
  const on = ctx.body.typing_status === 'on';
  broadcast(on ? 'conversation.typing_on' : 'conversation.typing_off',
    { conversation: conversationPush(ctx.conv), user: userPush(ctx.user), is_private: truthy(ctx.body.is_private) },
    { users: inboxRecipients(), exclude: ctx.user.id });
  send(ctx.res, 200);
}));

// §3 messages
R('GET', CONV + '/messages', withConv((ctx) => {
  const c = ctx.conv; const q = ctx.q;
  let msgs = S.messages.get(c.id);
  if (truthy(q.get('filter_internal_messages'))) msgs = msgs.filter((m) => !m.private && m.message_type !== 2);
  const before = q.get('before') ? Number(q.get('before')) : null;
  const after = q.get('after') ? Number(q.get('after')) : null;
  let out;
  if (before !== null && after !== null) out = msgs.filter((m) => m.id >= after && m.id < before).slice(-1000);
  else if (before !== null) out = msgs.filter((m) => m.id < before).slice(-20);
  else if (after !== null) out = msgs.filter((m) => m.id > after).slice(0, 100);
  else out = msgs.slice(-20);
  const contact = contactById(c.contact_id);
  const meta = { labels: c.labels, additional_attributes: c.additional_attributes, contact: contactPush(contact),
    agent_last_seen_at: c.agent_last_seen_at ? iso(c.agent_last_seen_at) : null,
    assignee_last_seen_at: c.assignee_last_seen_at ? iso(c.assignee_last_seen_at) : null };
  if (c.assignee_id) meta.assignee = userPush(userById(c.assignee_id));
  send(ctx.res, 200, { meta, payload: out.map((m) => (echoUnstored ? messageModel({ ...m, echo_id: null }) : messageModel(m))) });
}));
R('POST', CONV + '/messages', withConv((ctx) => {
  const c = ctx.conv; const b = ctx.body; const inbox = inboxById(c.inbox_id);
  if (b.__invalid) return err(ctx.res, 422, 'Invalid JSON');
  const type = b.message_type || 'outgoing';
  if (!['outgoing', 'incoming'].includes(type)) return err(ctx.res, 422, `'${type}' is not a valid message_type`);
  if (type === 'incoming' && inbox.channel_type !== 'Channel::Api') return err(ctx.res, 422, 'Incoming messages are only allowed in Api inboxes');
  let attrs = b.content_attributes || {};
  if (typeof attrs === 'string') { try { attrs = JSON.parse(attrs); } catch { attrs = {}; } }
  const t = now();
  const incoming = type === 'incoming';
  const m = { id: S.nextMessageId++, content: b.content ?? null, account_id: 1, inbox_id: c.inbox_id, conversation_id: c.id,
    message_type: incoming ? 0 : 1, created_at: t, updated_at: t, private: truthy(b.private), status: 'sent', source_id: b.source_id || null,
    content_type: b.content_type || 'text', content_attributes: attrs, sender_type: incoming ? 'Contact' : 'User',
    sender_id: incoming ? c.contact_id : ctx.user.id, external_source_ids: {}, additional_attributes: {}, processed_message_content: null,
    sentiment: {}, echo_id: b.echo_id ? String(b.echo_id) : null };
  const files = (b.__files || []).filter((f) => f.field === 'attachments[]');
  // Chatwoot's attachment validation (its default MAXIMUM_FILE_UPLOAD_SIZE, 40 MB) fails the create: 422 (API.md §3.2)
  if (files.some((f) => f.bytes.length > MAX_UPLOAD)) return err(ctx.res, 422, 'Validation failed: File size is too big');
  m.attachments = files.map((f) => storeAttachment(m, f));
  S.messages.get(c.id).push(m);
  afterNewMessage(c, m);
  broadcast('message.created', messagePush(m), { users: inboxRecipients(), performer: incoming ? null : ctx.user });
  send(ctx.res, 200, messageModel(m));
}));
const MAX_UPLOAD = 40 * 1024 * 1024;
function fileType(ct) { const top = (ct || '').split('/')[0]; return ['image', 'audio', 'video'].includes(top) ? top : 'file'; }
// An uploaded file as Attachment#push_event_data (API.md §3.3); data_url is a Rails storage redirect
// URL on this server (302 to the blob), so a client must follow redirects to download it.
function storeAttachment(m, f) {
  const key = crypto.randomBytes(12).toString('hex');
  blobs.set(key, { name: f.filename, content_type: f.content_type, bytes: f.bytes });
  const base = `http://127.0.0.1:${api.address().port}`;
  const name = encodeURIComponent(f.filename);
  const ext = path.extname(f.filename).replace(/^\./, '');
  const image = fileType(f.content_type) === 'image';
  return { id: nextAttachmentId++, message_id: m.id, file_type: fileType(f.content_type), account_id: 1, extension: ext || null,
    content_type: f.content_type, data_url: `${base}/rails/active_storage/blobs/redirect/${key}/${name}`,
    thumb_url: image ? `${base}/rails/active_storage/blobs/redirect/${key}/${name}` : '', file_size: f.bytes.length,
    width: null, height: null };
}
R('GET', '/rails/active_storage/blobs/redirect/:key/:name', (ctx) => {
  if (!blobs.has(ctx.p.key)) return err(ctx.res, 404, 'Resource could not be found');
  ctx.res.writeHead(302, { location: `/rails/active_storage/disk/${ctx.p.key}/${encodeURIComponent(ctx.p.name)}` });
  return ctx.res.end();
}, { auth: false });
R('GET', '/rails/active_storage/disk/:key/:name', (ctx) => {
  const blob = blobs.get(ctx.p.key);
  if (!blob) return err(ctx.res, 404, 'Resource could not be found');
  ctx.res.writeHead(200, { 'content-type': blob.content_type, 'content-length': blob.bytes.length });
  return ctx.res.end(blob.bytes);
}, { auth: false });
function afterNewMessage(c, m) {
  c.last_activity_at = m.created_at; touch(c);
  if (m.message_type === 0) {
    if (!c.waiting_since) c.waiting_since = m.created_at;
    if (c.status === 'snoozed' || c.status === 'resolved') { // an incoming message reopens (API.md §2.3/swagger toggle_status)
      c.status = 'open'; c.snoozed_until = null;
      broadcast('conversation.status_changed', conversationPush(c), { users: inboxRecipients() });
    }
  } else if (m.message_type === 1 && !m.private) {
    c.waiting_since = 0; if (!c.first_reply_created_at) c.first_reply_created_at = m.created_at;
  }
}
R('PATCH', CONV + '/messages/:msg', withConv((ctx) => { // §3.2: API-channel inboxes only
  const m = S.messages.get(ctx.conv.id).find((x) => x.id === Number(ctx.p.msg));
  if (!m) return err(ctx.res, 404, 'Resource could not be found');
  if (inboxById(ctx.conv.inbox_id).channel_type !== 'Channel::Api') return err(ctx.res, 403, 'Message status update is only allowed for API inboxes');
  const prev = {};
  if (ctx.body.status) {
    if (!['sent', 'delivered', 'read', 'failed'].includes(ctx.body.status)) return err(ctx.res, 422, 'Invalid status');
    prev.status = [m.status, ctx.body.status]; m.status = ctx.body.status;
  }
  if (ctx.body.external_error) m.content_attributes = { ...m.content_attributes, external_error: ctx.body.external_error };
  m.updated_at = now();
  broadcast('message.updated', { ...messagePush(m), previous_changes: prev }, { users: inboxRecipients() });
  send(ctx.res, 200, messageModel(m));
}));
R('POST', CONV + '/messages/:msg/retry', withConv((ctx) => {
  const m = S.messages.get(ctx.conv.id).find((x) => x.id === Number(ctx.p.msg));
  if (!m) return err(ctx.res, 404, 'Resource could not be found');
  if (m.status === 'failed') { m.status = 'sent'; m.content_attributes = { ...m.content_attributes }; delete m.content_attributes.external_error; }
  m.updated_at = now();
  broadcast('message.updated', { ...messagePush(m), previous_changes: { status: ['failed', m.status] } }, { users: inboxRecipients() });
  send(ctx.res, 200, messageModel(m));
}));
R('DELETE', CONV + '/messages/:msg', withConv((ctx) => {
  const m = S.messages.get(ctx.conv.id).find((x) => x.id === Number(ctx.p.msg));
  if (!m) return err(ctx.res, 404, 'Resource could not be found');
  m.content = 'This message was deleted'; m.content_attributes = { ...m.content_attributes, deleted: true }; m.updated_at = now();
  broadcast('message.updated', { ...messagePush(m), previous_changes: { content: [null, m.content] } }, { users: inboxRecipients() });
  send(ctx.res, 200, messageModel(m));
}));

// §5 contacts
function sortContacts(list, sort) {
  if (!sort) return list;
  const desc = sort.startsWith('-'); const key = desc ? sort.slice(1) : sort;
  const val = (c) => (['company_name', 'city', 'country'].includes(key) ? c.additional_attributes[key] : c[key]);
  return [...list].sort((a, b) => {
    const x = val(a); const y = val(b);
    if (x === y) return a.id - b.id;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : 1) * (desc ? -1 : 1);
  });
}
R('GET', ACC + '/contacts', (ctx) => {
  let list = S.contacts;
  const labels = [...ctx.q.getAll('labels[]'), ...ctx.q.getAll('labels')];
  if (labels.length) list = list.filter((c) => c.labels.some((l) => labels.includes(l)));
  list = sortContacts(list, ctx.q.get('sort'));
  const page = Math.max(1, Number(ctx.q.get('page') || 1));
  send(ctx.res, 200, { meta: { count: list.length, current_page: page },
    payload: list.slice((page - 1) * 15, page * 15).map((c) => contactView(c, ctx.q.get('include_contact_inboxes') !== 'false')) });
});
// create (swagger: POST …/contacts; Chatwoot answers contacts/create.json.jbuilder:
// {"payload":{"contact":…,"contact_inbox":{"inbox":…,"source_id":…}}}, supplement cites API.md §5.1)
R('POST', ACC + '/contacts', (ctx) => {
  const b = ctx.body;
  const inbox = b.inbox_id !== undefined ? inboxById(Number(b.inbox_id)) : null;
  if (!inbox) return send(ctx.res, 422, { message: 'Inbox must exist', attributes: ['inbox_id'] });
  if (b.phone_number && !/^\+[1-9]\d{1,14}$/.test(b.phone_number))
    return send(ctx.res, 422, { message: 'Phone number should be in e164 format', attributes: ['phone_number'] });
  if (b.identifier && S.contacts.some((o) => o.identifier === b.identifier))
    return send(ctx.res, 422, { message: 'Identifier has already been taken', attributes: ['identifier'] });
  const t = now();
  const c = { id: Math.max(0, ...S.contacts.map((o) => o.id)) + 1, name: b.name || '', email: b.email ? String(b.email).toLowerCase() : null,
    phone_number: b.phone_number || null, identifier: b.identifier || null, additional_attributes: b.additional_attributes || {},
    custom_attributes: b.custom_attributes || {}, blocked: false, thumbnail: '', availability_status: 'offline',
    created_at: t, last_activity_at: null, inboxes: [inbox.id], labels: [] };
  S.contacts.push(c);
  broadcast('contact.created', contactPush(c), { performer: ctx.user });
  send(ctx.res, 200, { payload: { contact: contactView(c), contact_inbox: { inbox: inboxSlim(inbox), source_id: sourceId(c, inbox.id) } } });
});
R('GET', ACC + '/contacts/search', (ctx) => {
  const q = ctx.q.get('q');
  if (!q) return err(ctx.res, 422, 'Specify search string with parameter q');
  const t = q.toLowerCase();
  let list = S.contacts.filter((c) => [c.name, c.email, c.phone_number, c.identifier].some((v) => v && v.toLowerCase().includes(t)));
  list = sortContacts(list, ctx.q.get('sort'));
  const page = Math.max(1, Number(ctx.q.get('page') || 1));
  send(ctx.res, 200, { meta: { count: list.length, current_page: page, has_more: list.length > page * 15 },
    payload: list.slice((page - 1) * 15, page * 15).map((c) => contactView(c)) });
});
function withContact(handler) {
  return (ctx) => {
    const c = /^\d+$/.test(ctx.p.id) && contactById(Number(ctx.p.id));
    if (!c) return err(ctx.res, 404, 'Resource could not be found');
    ctx.contact = c; return handler(ctx);
  };
}
R('GET', ACC + '/contacts/:id', withContact((ctx) => send(ctx.res, 200, { payload: contactView(ctx.contact) })));
const updateContact = withContact((ctx) => {
  const c = ctx.contact; const b = ctx.body.contact && typeof ctx.body.contact === 'object' ? ctx.body.contact : ctx.body;
  if ('email' in b && b.email) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(b.email)) return send(ctx.res, 422, { message: 'Email Invalid email', attributes: ['email'] });
    if (S.contacts.some((o) => o.id !== c.id && o.email === b.email.toLowerCase()))
      return send(ctx.res, 422, { message: 'Email has already been taken', attributes: ['email'] });
  }
  if ('phone_number' in b && b.phone_number && !/^\+[1-9]\d{1,14}$/.test(b.phone_number))
    return send(ctx.res, 422, { message: 'Phone number should be in e164 format', attributes: ['phone_number'] });
  for (const k of ['name', 'phone_number', 'identifier']) if (k in b) c[k] = b[k] === '' ? null : b[k];
  if ('email' in b) c.email = b.email ? b.email.toLowerCase() : null;
  if ('blocked' in b) c.blocked = truthy(b.blocked);
  if (b.additional_attributes && typeof b.additional_attributes === 'object')
    c.additional_attributes = { ...c.additional_attributes, ...b.additional_attributes }; // merged key by key (API.md §5.2)
  if (b.custom_attributes && typeof b.custom_attributes === 'object')
    c.custom_attributes = { ...c.custom_attributes, ...b.custom_attributes };
  broadcast('contact.updated', contactPush(c), { performer: ctx.user });
  send(ctx.res, 200, { payload: contactView(c) });
});
R('PUT', ACC + '/contacts/:id', updateContact);
R('PATCH', ACC + '/contacts/:id', updateContact);
R('GET', ACC + '/contacts/:id/conversations', withContact((ctx) => {
  const list = S.conversations.filter((c) => c.contact_id === ctx.contact.id).sort((a, b) => b.created_at - a.created_at || b.id - a.id);
  send(ctx.res, 200, { payload: list.slice(0, 20).map(conversationView) });
}));
R('GET', ACC + '/contacts/:id/labels', withContact((ctx) => send(ctx.res, 200, { payload: ctx.contact.labels })));
R('POST', ACC + '/contacts/:id/labels', withContact((ctx) => {
  ctx.contact.labels = [...new Set((ctx.body.labels || []).map(String))];
  send(ctx.res, 200, { payload: ctx.contact.labels });
}));
function noteView(n) {
  return { id: n.id, content: n.content, user: agentView(userById(n.user_id)), created_at: n.created_at, updated_at: n.updated_at };
}
R('GET', ACC + '/contacts/:id/notes', withContact((ctx) => send(ctx.res, 200,
  S.notes.filter((n) => n.contact_id === ctx.contact.id).sort((a, b) => b.created_at - a.created_at || b.id - a.id).map(noteView))));
R('POST', ACC + '/contacts/:id/notes', withContact((ctx) => {
  const content = (ctx.body.note || {}).content;
  if (!content) return send(ctx.res, 422, { message: "Content can't be blank", attributes: ['content'] });
  const t = now();
  const n = { id: ++noteSeq, contact_id: ctx.contact.id, content, user_id: ctx.user.id, created_at: t, updated_at: t };
  S.notes.push(n);
  send(ctx.res, 200, noteView(n));
}));
R('PATCH', ACC + '/contacts/:id/notes/:note', withContact((ctx) => {
  const n = S.notes.find((x) => x.id === Number(ctx.p.note) && x.contact_id === ctx.contact.id);
  if (!n) return err(ctx.res, 404, 'Resource could not be found');
  const content = (ctx.body.note || {}).content;
  if (!content) return send(ctx.res, 422, { message: "Content can't be blank", attributes: ['content'] });
  n.content = content; n.updated_at = now();
  send(ctx.res, 200, noteView(n));
}));
R('DELETE', ACC + '/contacts/:id/notes/:note', withContact((ctx) => {
  const i = S.notes.findIndex((x) => x.id === Number(ctx.p.note) && x.contact_id === ctx.contact.id);
  if (i < 0) return err(ctx.res, 404, 'Resource could not be found');
  S.notes.splice(i, 1);
  send(ctx.res, 200);
}));

// §7.2 help center (account API)
function withPortal(handler) {
  return (ctx) => {
    const p = S.portals.find((x) => x.slug === ctx.p.slug);
    if (!p) return err(ctx.res, 404, 'Resource could not be found');
    ctx.portal = p; return handler(ctx);
  };
}
R('GET', ACC + '/portals', (ctx) => send(ctx.res, 200, { payload: S.portals.map((p) => portalView(p)),
  meta: { current_page: 1, portals_count: S.portals.length } }));
R('GET', ACC + '/portals/:slug', withPortal((ctx) => send(ctx.res, 200, portalView(ctx.portal, ctx.q.get('locale')))));
R('GET', ACC + '/portals/:slug/categories', withPortal((ctx) => {
  const locale = ctx.q.get('locale');
  const list = S.categories.filter((c) => c.portal_id === ctx.portal.id && (!locale || c.locale === locale)).sort((a, b) => a.position - b.position);
  send(ctx.res, 200, { payload: list.map(categoryView), meta: { current_page: 1, categories_count: list.length } });
}));
R('GET', ACC + '/portals/:slug/articles', withPortal((ctx) => {
  const q = ctx.q; const locale = q.get('locale') || ctx.portal.default_locale;
  const catOf = (a) => S.categories.find((c) => c.id === a.category_id);
  let list = S.articles.filter((a) => a.portal_id === ctx.portal.id && catOf(a).locale === locale);
  const base = list;
  if (q.get('category_slug')) list = list.filter((a) => catOf(a).slug === q.get('category_slug'));
  if (q.get('author_id')) list = list.filter((a) => a.author_id === Number(q.get('author_id')));
  if (q.get('query')) {
    const words = q.get('query').toLowerCase().split(/\s+/).filter(Boolean);
    list = list.filter((a) => words.every((w) => `${a.title} ${a.description} ${a.content}`.toLowerCase().split(/[^\p{L}\p{N}]+/u).some((t) => t.startsWith(w))));
  }
  const statusFiltered = q.get('status') ? list.filter((a) => a.status === q.get('status')) : list;
  const sorted = q.get('category_slug') ? [...statusFiltered].sort((a, b) => a.position - b.position)
    : [...statusFiltered].sort((a, b) => b.updated_at - a.updated_at || b.id - a.id);
  const page = Math.max(1, Number(q.get('page') || 1));
  send(ctx.res, 200, { payload: sorted.slice((page - 1) * 25, page * 25).map(articleView), meta: {
    all_articles_count: list.length, articles_count: statusFiltered.length,
    archived_articles_count: list.filter((a) => a.status === 'archived').length,
    draft_articles_count: list.filter((a) => a.status === 'draft').length,
    published_count: list.filter((a) => a.status === 'published').length,
    mine_articles_count: base.filter((a) => a.author_id === ctx.user.id).length, current_page: page } });
}));
R('GET', ACC + '/portals/:slug/articles/:id', withPortal((ctx) => {
  const a = S.articles.find((x) => x.portal_id === ctx.portal.id && String(x.id) === ctx.p.id);
  if (!a) return err(ctx.res, 404, 'Resource could not be found');
  send(ctx.res, 200, { payload: articleView(a) });
}));

// §8 live reports (administrators only)
const V2 = '/api/v2/accounts/:acc';
function adminOnly(handler) {
  return (ctx) => (ctx.user.role === 'administrator' ? handler(ctx) : err(ctx.res, 401, 'You are not authorized to do this action'));
}
function liveCounts(list) {
  const open = list.filter((c) => c.status === 'open');
  return { open: open.length, unattended: open.filter((c) => !c.first_reply_created_at || c.waiting_since).length,
    unassigned: open.filter((c) => !c.assignee_id).length };
}
R('GET', V2 + '/live_reports/conversation_metrics', adminOnly((ctx) => {
  let list = S.conversations;
  if (ctx.q.get('team_id')) list = list.filter((c) => c.team_id === Number(ctx.q.get('team_id')));
  send(ctx.res, 200, { ...liveCounts(list), pending: list.filter((c) => c.status === 'pending').length });
}));
R('GET', V2 + '/live_reports/grouped_conversation_metrics', adminOnly((ctx) => {
  const g = ctx.q.get('group_by');
  if (g !== 'assignee_id' && g !== 'team_id') return err(ctx.res, 422, 'invalid group_by');
  let list = S.conversations;
  if (ctx.q.get('team_id')) list = list.filter((c) => c.team_id === Number(ctx.q.get('team_id')));
  const keys = [...new Set(list.map((c) => c[g]).filter((k) => k !== null))].sort((a, b) => a - b);
  send(ctx.res, 200, keys.map((k) => ({ ...liveCounts(list.filter((c) => c[g] === k)), [g]: k })));
}));

// ---------------------------------------------------------------- request dispatch
async function handleApi(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const body = await readBody(req);
  const entry = { at: Date.now(), method: req.method, path: url.pathname, query: url.search, body,
    token: req.headers.api_access_token ? 'set' : 'none' };
  received.push(entry);
  // forced faults (queued through the test port)
  let fi = faults.findIndex((f) => (!f.method || f.method === req.method) && (!f.path || new RegExp(f.path).test(url.pathname)));
  if (fi >= 0 && faults[fi].skip > 0) { faults[fi].skip--; fi = -1; } // {"skip":n}: the first n matching requests pass
  if (fi >= 0) {
    const f = faults[fi];
    if (--f.count <= 0) faults.splice(fi, 1);
    entry.fault = f.kind;
    if (f.delay_ms) await new Promise((r) => setTimeout(r, f.delay_ms));
    if (f.kind === 'status') {
      const h = { 'content-type': f.content_type || (f.status === 429 ? 'text/plain' : 'application/json; charset=utf-8') };
      if (f.retry_after !== undefined) h['retry-after'] = String(f.retry_after);
      res.writeHead(f.status, h);
      return res.end(f.body !== undefined ? f.body : f.status === 429 ? 'Retry later\n' : JSON.stringify({ error: 'Internal Server Error' }));
    }
    if (f.kind === 'malformed') { res.writeHead(200, { 'content-type': 'application/json' }); return res.end('{"data": {"meta": {"mine_count": 1,'); }
    if (f.kind === 'reset') { req.socket.destroy(); return undefined; }
    // kind 'hold': the request is applied at once, its answer held back for hold_ms (a client killed
    // meanwhile has been heard but never learns it: the exactly-once test)
    if (f.kind === 'hold') {
      const end = res.end.bind(res);
      res.end = (...a) => { setTimeout(() => { try { end(...a); } catch (e) { log('held answer', e); } }, f.hold_ms || 5000); return res; };
    }
    // kinds 'delay' and 'hold' fall through to the normal response
  }
  for (const r of routes) {
    if (r.method !== req.method) continue;
    const m = r.re.exec(url.pathname);
    if (!m) continue;
    const p = {}; r.keys.forEach((k, i) => { p[k] = decodeURIComponent(m[i + 1]); });
    const ctx = { req, res, q: url.searchParams, body, p };
    if (r.auth) {
      const token = req.headers.api_access_token;
      const user = token && S.users.find((u) => u.access_token === token);
      if (!user) return err(res, 401, 'Invalid Access Token');
      ctx.user = user; entry.user_id = user.id;
      if (p.acc !== undefined) {
        if (!/^\d+$/.test(p.acc)) return err(res, 404, 'Resource could not be found');
        if (Number(p.acc) !== 1) return err(res, 401, 'You are not authorized to do this action');
      }
    }
    try { return await r.handler(ctx); } catch (e) { log('handler error', e); return err(res, 500, 'Internal Server Error'); }
  }
  return err(res, 404, 'Resource could not be found');
}

const api = http.createServer((req, res) => { handleApi(req, res).catch((e) => { log(e); try { err(res, 500, 'Internal Server Error'); } catch {} }); });
api.on('upgrade', (req, socket, head) => {
  if (new URL(req.url, 'http://x').pathname !== '/cable') { socket.destroy(); return; }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});

// ---------------------------------------------------------------- test hooks (second port, never proxied)
function readViolations() {
  if (!opts.violationsFile || !fs.existsSync(opts.violationsFile)) return [];
  return fs.readFileSync(opts.violationsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}
const hooks = {
  'GET /__test/health': () => [200, { ok: true, conversations: S.conversations.length, cable_connections: sockets.size }],
  'POST /__test/reset': () => { reset(); return [200, { ok: true }]; },
  // {"kind":"status","status":429,"retry_after":3,"count":1,"path":"regex","method":"GET","body":"…","content_type":"…"}
  // {"kind":"malformed"} | {"kind":"reset"} (drop the TCP connection) | {"kind":"delay","delay_ms":2000}
  // | {"kind":"hold","hold_ms":5000} (applied now, answered later); any fault: "skip":n lets n matches pass first
  'POST /__test/fault': (b) => { faults.push({ kind: 'status', count: 1, ...b }); return [200, { queued: faults.length }]; },
  'DELETE /__test/fault': () => { faults = []; return [200, { ok: true }]; },
  'GET /__test/requests': (b, q) => [200, received.filter((r) => (!q.get('path') || new RegExp(q.get('path')).test(r.path))
    && (!q.get('method') || r.method === q.get('method')))],
  'GET /__test/messages': (b, q) => { // exactly-once checks on echo_id
    const out = [];
    for (const msgs of S.messages.values()) for (const m of msgs) if (!q.get('echo_id') || m.echo_id === q.get('echo_id')) if (m.echo_id) out.push(messageModel(m));
    return [200, out];
  },
  'GET /__test/cable/log': () => [200, cableLog],
  // {"stored":false}: listed messages carry no echo_id, as Chatwoot's (API.md §3.3); reset turns it back on
  'POST /__test/echo_ids': (b) => { echoUnstored = b.stored === false; return [200, { stored: !echoUnstored }]; },
  // a customer message arriving: {"conversation_id":5,"content":"…"} → message.created (+status change if it reopens);
  // "message_type":1 + "user_id" + "echo_id" stands for an agent's reply sent from another client;
  // "attachments":[{"filename","content_type","content"}] adds files
  'POST /__test/inject/message': (b) => {
    const c = convById(Number(b.conversation_id)); if (!c) return [404, { error: 'no such conversation' }];
    const t = now();
    const m = { id: S.nextMessageId++, content: b.content ?? 'Hello?', account_id: 1, inbox_id: c.inbox_id, conversation_id: c.id,
      message_type: b.message_type ?? 0, created_at: t, updated_at: t, private: !!b.private, status: 'sent', source_id: b.source_id || null,
      content_type: 'text', content_attributes: {}, sender_type: (b.message_type ?? 0) === 0 ? 'Contact' : 'User',
      sender_id: (b.message_type ?? 0) === 0 ? c.contact_id : (b.user_id || 1), external_source_ids: {}, additional_attributes: {},
      processed_message_content: null, sentiment: {}, echo_id: b.echo_id ? String(b.echo_id) : null };
    // "attachments":[{"filename","content_type","content"}]: files sent with it (API.md §3.3 attachments)
    m.attachments = (b.attachments || []).map((a) => storeAttachment(m, { filename: a.filename || 'file.txt',
      content_type: a.content_type || 'text/plain', bytes: Buffer.from(a.content || '') }));
    S.messages.get(c.id).push(m); afterNewMessage(c, m);
    const n = broadcast('message.created', messagePush(m), { users: inboxRecipients() });
    return [200, { message: messageModel(m), delivered: n }];
  },
  // an article edited in Chatwoot: {"id":3,"status":"draft"|"archived"|"published"} or {"id":3,"deleted":true}
  'POST /__test/article': (b) => {
    const i = S.articles.findIndex((a) => a.id === Number(b.id)); if (i < 0) return [404, { error: 'no such article' }];
    if (b.deleted) S.articles.splice(i, 1); else Object.assign(S.articles[i], { status: b.status, updated_at: now() });
    return [200, { ok: true }];
  },
  // raw event: {"event":"contact.updated","data":{…},"user_ids":[1]} (omit user_ids = account stream)
  'POST /__test/inject/event': (b) => [200, { delivered: broadcast(b.event, b.data || {}, { users: b.user_ids || null }) }],
  'POST /__test/inject/typing': (b) => {
    const c = convById(Number(b.conversation_id)); if (!c) return [404, { error: 'no such conversation' }];
    const contact = contactById(c.contact_id);
    return [200, { delivered: broadcast(b.on === false ? 'conversation.typing_off' : 'conversation.typing_on',
      { conversation: conversationPush(c), user: contactPush(contact), is_private: false }, { users: inboxRecipients() }) }];
  },
  'POST /__test/inject/contact_update': (b) => {
    const c = contactById(Number(b.contact_id)); if (!c) return [404, { error: 'no such contact' }];
    Object.assign(c, b.changes || {});
    return [200, { delivered: broadcast('contact.updated', contactPush(c)) }];
  },
  // {"reason":"server_restart","reconnect":true} sends a disconnect frame first; {"drop":true} just closes
  'POST /__test/cable/close': (b) => {
    const n = sockets.size;
    for (const ws of [...sockets]) {
      if (!b.drop) sendFrame(ws, { type: 'disconnect', reason: b.reason || 'server_restart', reconnect: b.reconnect !== false });
      if (b.drop) ws.terminate(); else ws.close();
    }
    return [200, { closed: n }];
  },
  'POST /__test/cable/pings': (b) => { pingsEnabled = b.enabled !== false; return [200, { pings: pingsEnabled }]; },
  'POST /__test/presence': (b) => {
    const u = userById(Number(b.user_id)); if (!u) return [404, { error: 'no such user' }];
    if (b.availability) u.availability = b.availability;
    if (b.present === true) presence.set(u.id, Date.now()); else if (b.present === false) presence.delete(u.id);
    for (const x of S.users) sendPresence(x);
    return [200, agentView(u)];
  },
  'POST /__test/mfa': (b) => { const u = userById(Number(b.user_id)); if (!u) return [404, { error: 'no such user' }];
    u.mfa = b.required !== false; if (b.otp_code) u.otp_code = String(b.otp_code); return [200, { user_id: u.id, mfa: u.mfa, otp_code: u.otp_code }]; },
  'POST /__test/expire_token': (b) => { const u = userById(Number(b.user_id)); if (!u) return [404, { error: 'no such user' }];
    const old = u.access_token; u.access_token = `tok-renewed-${crypto.randomBytes(6).toString('hex')}`;
    return [200, { user_id: u.id, old_token: old, new_token: u.access_token }]; },
  'GET /__test/users': () => [200, S.users.map((u) => ({ id: u.id, name: u.name, email: u.email, password: u.password, role: u.role,
    access_token: u.access_token, pubsub_token: u.pubsub_token, mfa: u.mfa, otp_code: u.otp_code, backup_code: u.backup_code }))],
  // Prism validation problems recorded by tap.js; `count` leaves out the ones a test provoked on purpose
  'GET /__test/violations': () => { const v = readViolations(); return [200, { count: v.filter((x) => !x.expected).length,
    expected: v.filter((x) => x.expected).length, violations: v }]; },
  'DELETE /__test/violations': () => { if (opts.violationsFile) fs.writeFileSync(opts.violationsFile, ''); return [200, { ok: true }]; },
};
const testSrv = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const h = hooks[`${req.method} ${url.pathname}`];
  const body = await readBody(req);
  if (!h) return send(res, 404, { error: `no test hook ${req.method} ${url.pathname}` });
  try { const [status, out] = h(body, url.searchParams); send(res, status, out); } catch (e) { send(res, 500, { error: String(e) }); }
});

api.listen(opts.port, '127.0.0.1', () => {
  testSrv.listen(opts.testPort, '127.0.0.1', () => {
    process.stdout.write(`SERVER_PORT=${api.address().port}\nTEST_PORT=${testSrv.address().port}\n`);
    log(`seeded ${S.conversations.length} conversations, ${S.nextMessageId - 1} messages, ${S.contacts.length} contacts`);
  });
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { for (const ws of sockets) ws.terminate(); process.exit(0); });

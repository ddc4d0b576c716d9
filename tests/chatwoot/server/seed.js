'use strict';
// Deterministic seed data for Helpline's Chatwoot test server.
// Shapes follow shared/specs/chatwoot/API.md (Chatwoot v4.16.2); the same
// options always give the same data (own PRNG, fixed base time).

const BASE_TIME = 1785312000; // 2026-07-29T08:00:00Z, fixed so runs are reproducible

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['María', 'Jonas', 'Aiko', 'Liam', 'Fatima', 'Noah', 'Sofía', 'Lukas', 'Amara', 'Mateo',
  'Chloé', 'Omar', 'Elena', 'Kwame', 'Ingrid', 'Ravi', 'Zeynep', 'Tomás', 'Hana', 'Pierre'];
const LAST = ['García', 'Müller', 'Tanaka', 'Smith', 'Haddad', 'Johnson', 'López', 'Schmidt', 'Okafor',
  'Fernández', 'Dubois', 'Farouk', 'Rossi', 'Mensah', 'Larsen', 'Patel', 'Yılmaz', 'Silva', 'Kim', 'Martin'];
const CITIES = [['Madrid', 'Spain', 'ES'], ['Berlin', 'Germany', 'DE'], ['Osaka', 'Japan', 'JP'],
  ['Leeds', 'United Kingdom', 'GB'], ['Beirut', 'Lebanon', 'LB'], ['Austin', 'United States', 'US'],
  ['Sevilla', 'Spain', 'ES'], ['Hamburg', 'Germany', 'DE'], ['Lagos', 'Nigeria', 'NG'], ['Lima', 'Peru', 'PE']];
const COMPANIES = ['Acme GmbH', 'Globex S.A.', 'Initech Ltd', 'Umbrella KK', 'Hooli Inc', 'Vandelay Industries'];
const INCOMING = [
  'Hi, my order has not arrived yet.', 'Can I change the delivery address?', 'The invoice shows the wrong VAT number.',
  'Hola, ¿pueden ayudarme con mi factura?', 'Guten Tag, mein Passwort funktioniert nicht mehr.',
  'I was charged twice this month.', 'How do I export my data?', 'The app crashes when I open settings.',
  'Is there a discount for annual plans?', 'Thanks, that worked!'];
const OUTGOING = [
  'Thanks for reaching out! Let me check that for you.', 'I have updated the address on your order.',
  'Could you send me the order number, please?', 'I have refunded the duplicate charge.',
  'You can export your data from Settings → Account → Export.', 'Claro, le ayudo enseguida.',
  'Ich habe Ihnen einen Link zum Zurücksetzen geschickt.', 'Is there anything else I can help with?'];
const NOTES = ['Customer is a VIP, handle with care.', 'Escalated to billing.', 'Called back, no answer.'];

function iso(epoch) { return new Date(epoch * 1000).toISOString(); }

function seed(opts = {}) {
  const nConv = opts.conversations ?? 200;
  const nMsg = opts.messagesPer ?? 6;
  const nContacts = opts.contacts ?? 50;
  const rnd = prng(opts.seed ?? 42);
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const s = { baseTime: BASE_TIME };

  s.account = {
    id: 1, name: 'Helpline Test Co', locale: 'en', domain: 'helpline.test', support_email: 'support@helpline.test',
    status: 'active', created_at: iso(BASE_TIME - 400 * 86400), cache_keys: { label: BASE_TIME, inbox: BASE_TIME, team: BASE_TIME },
    features: { api_and_webhooks: true, help_center: true, conversation_unread_counts: false },
    settings: { auto_resolve_ignore_waiting: false }, custom_attributes: { industry: 'Retail', timezone: 'Europe/Madrid' },
    latest_chatwoot_version: '4.16.2', subscribed_features: [],
  };

  const agentNames = [['Ana Ruiz', 'administrator'], ['Ben Okoro', 'agent'], ['Clara Weiß', 'agent'],
    ['Dev Sharma', 'agent'], ['Emi Sato', 'administrator']];
  s.users = agentNames.map(([name, role], i) => ({
    id: i + 1, name, display_name: i === 2 ? 'Clara' : null, email: `${name.split(' ')[0].toLowerCase()}@helpline.test`,
    password: 'Password1!', access_token: `tok-${name.split(' ')[0].toLowerCase()}-${1000 + i}`,
    pubsub_token: `pubsub-${(0x5eed + i * 7919).toString(16)}-${i + 1}`, role,
    availability: i === 3 ? 'busy' : 'online', auto_offline: i !== 1, confirmed: true,
    message_signature: i === 0 ? '— Ana, Helpline Test Co' : null, ui_settings: i === 2 ? { locale: 'de' } : {},
    mfa: i === 4, otp_code: '123456', backup_code: 'backup-1111', account_id: 1, created_at: BASE_TIME - 300 * 86400,
  }));

  s.inboxes = [
    { id: 1, name: 'Website chat', channel_type: 'Channel::WebWidget', channel_id: 1 },
    { id: 2, name: 'Support email', channel_type: 'Channel::Email', channel_id: 1 },
    { id: 3, name: 'Phone calls', channel_type: 'Channel::Api', channel_id: 1 },
  ];
  s.teams = [
    { id: 1, name: 'billing', description: 'Invoices, refunds and payments', allow_auto_assign: true, icon: 'receipt', icon_color: '#1F93FF', members: [1, 2, 3] },
    { id: 2, name: 'technical', description: null, allow_auto_assign: false, icon: 'wrench', icon_color: '#FF6B00', members: [3, 4, 5] },
  ];
  s.labels = ['billing', 'bug', 'vip', 'refund', 'delivery', 'callback'].map((title, i) => ({
    id: i + 1, title, description: `Conversations about ${title}`, color: ['#1F93FF', '#FF4040', '#F5A623', '#7ED321', '#9013FE', '#50E3C2'][i],
    show_on_sidebar: i < 4,
  }));
  s.canned = [
    ['greet', 'Hello {{contact.name}}, thanks for contacting Helpline Test Co!'],
    ['refund', 'I have issued a refund; it will appear on your statement within 5 business days.'],
    ['address', 'Could you confirm your delivery address, please?'],
    ['bye', 'Thanks for your patience. Have a great day!'],
    ['hola', 'Hola {{contact.name}}, gracias por escribirnos.'],
  ].map(([short_code, content], i) => ({ id: i + 1, account_id: 1, short_code, content,
    created_at: iso(BASE_TIME - 200 * 86400 + i), updated_at: iso(BASE_TIME - 100 * 86400 + i) }));
  s.attrDefs = [
    [1, 'Customer tier', 'list', 'Support tier', 'tier', 'contact_attribute', null, null, ['bronze', 'silver', 'gold']],
    [2, 'Customer since', 'date', 'First purchase', 'customer_since', 'contact_attribute', null, null, []],
    [3, 'VIP', 'checkbox', 'Priority handling', 'vip', 'contact_attribute', null, null, []],
    [4, 'Order id', 'text', 'Order number', 'order_id', 'conversation_attribute', '^ORD-[0-9]+$', 'ORD- followed by digits', []],
    [5, 'Account manager', 'link', 'CRM link', 'crm_url', 'contact_attribute', null, null, []],
  ].map(([id, name, type, desc, key, model, re, cue, values]) => ({
    id, attribute_display_name: name, attribute_display_type: type, attribute_description: desc, attribute_key: key,
    regex_pattern: re, regex_cue: cue, attribute_values: values, attribute_model: model, default_value: null,
    created_at: iso(BASE_TIME - 150 * 86400 + id), updated_at: iso(BASE_TIME - 150 * 86400 + id),
  }));

  s.contacts = [];
  for (let i = 1; i <= nContacts; i++) {
    const first = FIRST[(i - 1) % FIRST.length]; const last = LAST[Math.floor((i - 1) / FIRST.length + i) % LAST.length];
    const city = CITIES[i % CITIES.length];
    const c = {
      id: i, name: `${first} ${last}`, email: i % 7 === 0 ? null : `${first.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${i}@example.com`,
      phone_number: i % 5 === 0 ? null : `+34600${String(100000 + i).slice(-6)}`, identifier: i % 3 === 0 ? `crm-${5000 + i}` : null,
      additional_attributes: { city: city[0], country: city[1], country_code: city[2], company_name: COMPANIES[i % COMPANIES.length] },
      custom_attributes: i % 4 === 0 ? { tier: pick(['bronze', 'silver', 'gold']), vip: i % 8 === 0 } : {},
      blocked: i === 13, thumbnail: '', availability_status: 'offline',
      created_at: BASE_TIME - (400 - i) * 86400, last_activity_at: null, inboxes: [], labels: i % 6 === 0 ? ['vip'] : [],
    };
    s.contacts.push(c);
  }

  s.conversations = [];
  s.messages = new Map(); // display_id -> [message]
  s.nextMessageId = 1;
  const statuses = ['open', 'open', 'open', 'open', 'open', 'pending', 'resolved', 'resolved', 'snoozed', 'open'];
  for (let d = 1; d <= nConv; d++) {
    const inbox = s.inboxes[(d - 1) % 3];
    const contact = s.contacts[(d * 7) % s.contacts.length];
    if (!contact.inboxes.includes(inbox.id)) contact.inboxes.push(inbox.id);
    const created = BASE_TIME - (nConv - d) * 1800 - 3600;
    const status = statuses[d % statuses.length];
    const assignee = d % 4 === 0 ? null : s.users[d % 5].id;
    const conv = {
      id: d, uuid: uuidFor(d), account_id: 1, inbox_id: inbox.id, contact_id: contact.id, status,
      priority: [null, null, 'low', 'medium', 'high', 'urgent'][d % 6], snoozed_until: status === 'snoozed' ? created + 7 * 86400 : null,
      labels: d % 3 === 0 ? [s.labels[Math.floor(d / 3) % 6].title] : [], custom_attributes: d % 10 === 0 ? { order_id: `ORD-${70000 + d}` } : {},
      additional_attributes: inbox.channel_type === 'Channel::Email' ? { mail_subject: `Order #${70000 + d}` }
        : inbox.channel_type === 'Channel::Api' ? { call_status: 'completed', call_direction: d % 2 ? 'inbound' : 'outbound' } : {},
      muted: false, assignee_id: assignee, team_id: d % 5 === 0 ? 1 + (d % 2) : null,
      agent_last_seen_at: 0, assignee_last_seen_at: 0, contact_last_seen_at: 0, created_at: created,
      first_reply_created_at: 0, waiting_since: 0, last_activity_at: created, updated_at: created, sla_policy_id: null,
    };
    const msgs = [];
    let t = created;
    for (let k = 0; k < nMsg; k++) {
      t += 60 + Math.floor(rnd() * 600);
      const incoming = k % 2 === 0;
      const m = {
        id: s.nextMessageId++, content: incoming ? pick(INCOMING) : pick(OUTGOING), account_id: 1, inbox_id: inbox.id,
        conversation_id: d, message_type: incoming ? 0 : 1, created_at: t, updated_at: t, private: false,
        status: incoming ? 'sent' : 'delivered', source_id: null, content_type: 'text', content_attributes: {},
        sender_type: incoming ? 'Contact' : 'User', sender_id: incoming ? contact.id : (assignee || 1),
        external_source_ids: {}, additional_attributes: {}, processed_message_content: null, sentiment: {}, echo_id: null,
      };
      if (!incoming && k === 3) { m.private = true; m.content = pick(NOTES); }
      if (k === 1 && !conv.first_reply_created_at) conv.first_reply_created_at = t;
      msgs.push(m);
    }
    if (status === 'resolved') {
      t += 30;
      msgs.push({ id: s.nextMessageId++, content: 'Conversation was marked resolved by Ana Ruiz', account_id: 1, inbox_id: inbox.id,
        conversation_id: d, message_type: 2, created_at: t, updated_at: t, private: false, status: 'sent', source_id: null,
        content_type: 'text', content_attributes: {}, sender_type: null, sender_id: null, external_source_ids: {},
        additional_attributes: {}, processed_message_content: null, sentiment: {}, echo_id: null });
    }
    if (msgs.length) {
      conv.last_activity_at = t; conv.updated_at = t;
      const lastIn = [...msgs].reverse().find((m) => m.message_type === 0);
      const lastOut = [...msgs].reverse().find((m) => m.message_type === 1 && !m.private);
      if (lastIn && (!lastOut || lastOut.id < lastIn.id)) conv.waiting_since = lastIn.created_at;
      // agents have read all but the newest incoming message in every third conversation
      conv.agent_last_seen_at = d % 3 === 0 && lastIn ? lastIn.created_at - 1 : t;
      conv.assignee_last_seen_at = assignee ? conv.agent_last_seen_at : 0;
      conv.contact_last_seen_at = t;
      if (contact.last_activity_at === null || contact.last_activity_at < t) contact.last_activity_at = t;
    }
    s.messages.set(d, msgs);
    s.conversations.push(conv);
  }
  for (const c of s.contacts) if (!c.inboxes.length) c.inboxes.push(1);

  s.notes = [
    { id: 1, contact_id: 1, content: 'Prefers phone calls in the morning.', user_id: 1, created_at: BASE_TIME - 5000, updated_at: BASE_TIME - 5000 },
    { id: 2, contact_id: 1, content: 'Asked about the annual plan.', user_id: 2, created_at: BASE_TIME - 4000, updated_at: BASE_TIME - 4000 },
  ];

  seedHelpCenter(s);
  return s;
}

function uuidFor(n) {
  const h = (n * 2654435761 >>> 0).toString(16).padStart(8, '0');
  return `${h}-${String(n).padStart(4, '0')}-4${h.slice(0, 3)}-8${h.slice(3, 6)}-${String(n).padStart(12, '0')}`;
}

function seedHelpCenter(s) {
  s.portals = [
    { id: 1, slug: 'handbook', name: 'Customer handbook', color: '#1F93FF', custom_domain: 'help.helpline.test',
      header_text: 'How can we help?', homepage_link: 'https://helpline.test', page_title: 'Helpline Test Co Help',
      archived: false, allowed_locales: ['en', 'es', 'de'], default_locale: 'en', inbox_id: 1 },
    // a portal whose optional texts were never filled in: the API sends null (API.md §13)
    { id: 2, slug: 'internal-kb', name: 'Internal KB', color: '#FF6B00', custom_domain: null, header_text: null,
      homepage_link: null, page_title: null, archived: false, allowed_locales: ['en'], default_locale: 'en', inbox_id: null },
  ];
  const cats = [
    // [id, portal, locale, slug, name, root]
    [1, 1, 'en', 'billing', 'Billing', null], [2, 1, 'es', 'facturacion', 'Facturación', 1], [3, 1, 'de', 'abrechnung', 'Abrechnung', 1],
    [4, 1, 'en', 'shipping', 'Shipping', null], [5, 1, 'es', 'envios', 'Envíos', 4], [6, 1, 'de', 'versand', 'Versand', 4],
    [7, 2, 'en', 'phone-scripts', 'Phone scripts', null],
  ];
  s.categories = cats.map(([id, portal_id, locale, slug, name, root], i) => ({
    id, portal_id, locale, slug, name, root_id: root, description: `${name} articles`, position: (i % 3) + 1, icon: '', icon_color: null,
  }));
  const arts = [
    // [id, category, title, content, status, root]
    [1, 1, 'How do I get a refund?', 'Refunds are issued to the original payment method within **5 business days**.', 'published', null],
    [2, 2, '¿Cómo obtengo un reembolso?', 'Los reembolsos se abonan en el método de pago original en **5 días hábiles**.', 'published', 1],
    [3, 3, 'Wie erhalte ich eine Rückerstattung?', 'Rückerstattungen erfolgen innerhalb von **5 Werktagen** auf das ursprüngliche Zahlungsmittel.', 'published', 1],
    [4, 1, 'Changing the VAT number on an invoice', 'Open **Billing → Invoices**, choose the invoice and click *Edit VAT number*.', 'published', null],
    [5, 3, 'USt-IdNr. auf einer Rechnung ändern', 'Öffnen Sie **Abrechnung → Rechnungen** und wählen Sie *USt-IdNr. bearbeiten*.', 'draft', 4],
    [6, 4, 'Where is my parcel?', 'Use the tracking link in your confirmation email. Parcels usually arrive in 2–4 days.', 'published', null],
    [7, 5, '¿Dónde está mi paquete?', 'Use el enlace de seguimiento del correo de confirmación. Los paquetes llegan en 2–4 días.', 'published', 6],
    [8, 6, 'Wo ist mein Paket?', 'Nutzen Sie den Sendungsverfolgungslink aus Ihrer Bestätigungs-E-Mail.', 'published', 6],
    [9, 4, 'Changing the delivery address', 'Addresses can be changed until the parcel is handed to the carrier.', 'archived', null],
    [10, 7, 'Greeting script for inbound calls', 'Thank you for calling Helpline Test Co, my name is … how can I help?', 'published', null],
  ];
  s.articles = arts.map(([id, category_id, title, content, status, root], i) => ({
    id, category_id, portal_id: s.categories.find((c) => c.id === category_id).portal_id, title, content,
    description: content.replace(/[*_]/g, '').slice(0, 80), status, root_id: root, slug: `${id}-${title.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
    position: i + 1, views: 10 * (11 - id), author_id: 1 + (id % 2), updated_at: BASE_TIME - id * 3600,
    meta: { title, description: content.slice(0, 40), tags: [] },
  }));
}

module.exports = { seed, iso, BASE_TIME };

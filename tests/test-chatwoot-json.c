/* test-chatwoot-json.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hl-backend-error.h"
#include "hl-chatwoot-json.h"
#include "hl-store-schema.h"

static JsonNode *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "chatwoot", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

static gint64
iso (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

static HlChatwootContext *
make_context (void)
{
  g_autoptr(JsonNode) inboxes = load_fixture ("inboxes.json");
  g_autoptr(GError) error = NULL;
  HlChatwootContext *ctx = hl_chatwoot_context_new (7, 7);

  g_assert_true (hl_chatwoot_context_add_inboxes (ctx, inboxes, &error));
  g_assert_no_error (error);
  return ctx;
}

static void
test_profile (void)
{
  g_autoptr(JsonNode) root = load_fixture ("profile.json");
  g_autoptr(JsonNode) wrapped = load_fixture ("sign-in.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlChatwootProfile) profile = NULL;
  g_autoptr(HlChatwootProfile) signed_in = NULL;
  HlChatwootAccount *account;

  profile = hl_chatwoot_json_profile (root, &error);
  g_assert_no_error (error);
  g_assert_cmpint (profile->id, ==, 7);
  g_assert_cmpstr (profile->name, ==, "Ana Ruiz");
  g_assert_null (profile->display_name);
  g_assert_cmpstr (profile->access_token, ==, "tok-ana-5f2c");
  g_assert_cmpstr (profile->pubsub_token, ==, "pst-ana-91ab");
  g_assert_cmpstr (profile->role, ==, "administrator");
  g_assert_cmpstr (profile->locale, ==, "de");
  g_assert_cmpint (profile->account_id, ==, 1);
  g_assert_cmpuint (profile->accounts->len, ==, 2);
  account = g_ptr_array_index (profile->accounts, 0);
  g_assert_cmpint (account->id, ==, 1);
  g_assert_cmpstr (account->name, ==, "Acme Support");
  g_assert_cmpint (account->availability, ==, HL_AVAILABILITY_ONLINE);
  g_assert_cmpint (account->availability_status, ==, HL_AVAILABILITY_OFFLINE);
  g_assert_true (account->auto_offline);
  account = g_ptr_array_index (profile->accounts, 1);
  g_assert_cmpint (account->availability, ==, HL_AVAILABILITY_BUSY);
  g_assert_false (account->auto_offline);

  signed_in = hl_chatwoot_json_profile (wrapped, &error);
  g_assert_no_error (error);
  g_assert_cmpint (signed_in->id, ==, 7);
  g_assert_cmpstr (signed_in->access_token, ==, "tok-ana-5f2c");
  g_assert_null (signed_in->locale);
}

static void
test_conversation_page (void)
{
  g_autoptr(HlChatwootContext) ctx = make_context ();
  g_autoptr(JsonNode) root = load_fixture ("conversations.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlChatwootPage) page = NULL;
  HlChatwootConversation *conv;

  page = hl_chatwoot_json_conversation_page (root, ctx, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 3);
  g_assert_cmpint (page->mine_count, ==, 1);
  g_assert_cmpint (page->assigned_count, ==, 2);
  g_assert_cmpint (page->unassigned_count, ==, 1);
  g_assert_cmpint (page->all_count, ==, 3);

  /* an email conversation, assigned, with a team, labels and its last message */
  conv = g_ptr_array_index (page->items, 0);
  g_assert_cmpstr (conv->data.remote_id, ==, "101");
  g_assert_cmpint (conv->id, ==, 101);
  g_assert_cmpint (conv->data.channel, ==, HL_CHANNEL_EMAIL);
  g_assert_cmpstr (conv->channel_type, ==, "Channel::Email");
  g_assert_cmpstr (conv->data.inbox, ==, "Support Email");
  g_assert_cmpstr (conv->data.subject, ==, "Rechnung März");
  g_assert_cmpint (conv->data.status, ==, HL_CONVERSATION_STATUS_OPEN);
  g_assert_cmpint (conv->data.priority, ==, HL_PRIORITY_HIGH);
  g_assert_cmpint (conv->data.unread, ==, 2);
  g_assert_cmpint (conv->data.created_at, ==, 1782896400);
  g_assert_cmpint (conv->data.snoozed_until, ==, 0);
  g_assert_cmpint (conv->data.assignee_id, ==, 0);  /* local ids are the sync engine's business */
  g_assert_cmpint (conv->data.contact_id, ==, 0);
  g_assert_cmpstr (conv->data.team, ==, "Billing");
  g_assert_cmpint (conv->team_id, ==, 4);
  g_assert_cmpint (conv->assignee_user_id, ==, 7);
  g_assert_cmpint (conv->contact_remote_id, ==, 31);
  g_assert_cmpint (conv->last_activity_at, ==, 1782903600);
  g_assert_cmpint (conv->waiting_since, ==, 1782896400);
  g_assert_cmpint (conv->updated_at, ==, 1782903600);
  g_assert_nonnull (conv->data.labels);
  g_assert_cmpstr (conv->data.labels[0], ==, "billing");
  g_assert_cmpstr (conv->data.labels[1], ==, "vip");
  g_assert_null (conv->data.labels[2]);
  g_assert_nonnull (conv->contact);
  g_assert_cmpstr (conv->contact->data.name, ==, "Jürgen Müller");
  g_assert_cmpstr (conv->contact->data.company, ==, "Müller GmbH");
  g_assert_cmpstr (conv->contact->data.city, ==, "Berlin");
  g_assert_cmpstr (conv->contact->data.attributes, ==, "{\"plan\":\"pro\"}");
  g_assert_nonnull (conv->last_message);
  g_assert_cmpint (conv->last_message->data.kind, ==, HL_MESSAGE_KIND_INCOMING);
  g_assert_cmpint (conv->last_message->sender_contact_id, ==, 31);
  g_assert_cmpstr (conv->last_message->data.sender_name, ==, "Jürgen Müller");

  /* snoozed: an ISO time, no priority, web widget */
  conv = g_ptr_array_index (page->items, 1);
  g_assert_cmpstr (conv->data.remote_id, ==, "102");
  g_assert_cmpint (conv->data.status, ==, HL_CONVERSATION_STATUS_SNOOZED);
  g_assert_cmpint (conv->data.snoozed_until, ==, iso ("2026-07-02T08:00:00Z"));
  g_assert_cmpint (conv->data.priority, ==, HL_PRIORITY_NONE);
  g_assert_cmpint (conv->data.channel, ==, HL_CHANNEL_CHAT);
  g_assert_cmpstr (conv->data.inbox, ==, "Website");
  g_assert_null (conv->data.subject);
  g_assert_nonnull (conv->data.labels);
  g_assert_null (conv->data.labels[0]);
  g_assert_null (conv->last_message);
  g_assert_cmpint (conv->assignee_user_id, ==, 0);
  g_assert_null (conv->data.team);
  g_assert_cmpstr (conv->contact->data.name, ==, "سارة");
  g_assert_cmpstr (conv->contact->identifier, ==, "crm-8812");

  /* the API-channel inbox that receives call logs is the phone; a bot assignee is no agent */
  conv = g_ptr_array_index (page->items, 2);
  g_assert_cmpint (conv->data.channel, ==, HL_CHANNEL_PHONE);
  g_assert_cmpstr (conv->data.inbox, ==, "Phone");
  g_assert_cmpint (conv->data.status, ==, HL_CONVERSATION_STATUS_PENDING);
  g_assert_cmpint (conv->data.priority, ==, HL_PRIORITY_URGENT);
  g_assert_cmpint (conv->assignee_user_id, ==, 0);
}

static void
test_conversation_without_context (void)
{
  g_autoptr(JsonNode) root = load_fixture ("conversations.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlChatwootPage) page = NULL;
  HlChatwootConversation *conv;

  page = hl_chatwoot_json_conversation_page (root, NULL, &error);
  g_assert_no_error (error);
  conv = g_ptr_array_index (page->items, 0);
  g_assert_cmpint (conv->data.channel, ==, HL_CHANNEL_EMAIL);
  g_assert_null (conv->data.inbox);
  conv = g_ptr_array_index (page->items, 2);
  g_assert_cmpint (conv->data.channel, ==, HL_CHANNEL_CHAT);
}

static void
test_message_page (void)
{
  g_autoptr(JsonNode) root = load_fixture ("messages.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlChatwootPage) page = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  HlChatwootMessage *msg;
  JsonObject *attachment;

  page = hl_chatwoot_json_message_page (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 5);

  /* an incoming email with addresses and an attachment */
  msg = g_ptr_array_index (page->items, 0);
  g_assert_cmpstr (msg->data.remote_id, ==, "4990");
  g_assert_cmpint (msg->conversation_remote_id, ==, 101);
  g_assert_cmpint (msg->data.kind, ==, HL_MESSAGE_KIND_INCOMING);
  g_assert_cmpstr (msg->data.body, ==, "Guten Tag, meine Rechnung ist falsch.");
  g_assert_cmpstr (msg->data.email_from, ==, "kunde@example.de");
  g_assert_cmpstr (msg->data.email_to, ==, "support@acme.example");
  g_assert_cmpstr (msg->data.email_cc, ==, "buchhaltung@example.de, chef@example.de");
  g_assert_cmpstr (msg->email_subject, ==, "Rechnung März");
  g_assert_cmpstr (msg->content_type, ==, "incoming_email");
  g_assert_cmpint (msg->data.delivery, ==, HL_DELIVERY_SENT);
  g_assert_cmpint (msg->data.created_at, ==, 1782896400);
  g_assert_cmpint (msg->sender_contact_id, ==, 31);
  g_assert_cmpint (msg->sender_user_id, ==, 0);
  g_assert_nonnull (msg->data.attachments);
  json_parser_load_from_data (parser, msg->data.attachments, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  attachment = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpint (json_object_get_int_member (attachment, "id"), ==, 77);
  g_assert_cmpstr (json_object_get_string_member (attachment, "file_type"), ==, "file");
  g_assert_cmpint (json_object_get_int_member (attachment, "file_size"), ==, 48211);
  g_assert_false (json_object_has_member (attachment, "account_id"));

  msg = g_ptr_array_index (page->items, 1);
  g_assert_cmpint (msg->data.kind, ==, HL_MESSAGE_KIND_ACTIVITY);
  g_assert_null (msg->data.sender_name);
  g_assert_null (msg->data.attachments);

  /* a private note by an agent: the available name, the user id */
  msg = g_ptr_array_index (page->items, 2);
  g_assert_cmpint (msg->data.kind, ==, HL_MESSAGE_KIND_NOTE);
  g_assert_cmpstr (msg->data.sender_name, ==, "Ana R.");
  g_assert_cmpint (msg->sender_user_id, ==, 7);

  msg = g_ptr_array_index (page->items, 3);
  g_assert_cmpint (msg->data.kind, ==, HL_MESSAGE_KIND_OUTGOING);
  g_assert_cmpstr (msg->data.echo_id, ==, "hl-outbox-42");
  g_assert_cmpint (msg->data.delivery, ==, HL_DELIVERY_DELIVERED);

  /* a template that failed: null content, the provider's error */
  msg = g_ptr_array_index (page->items, 4);
  g_assert_cmpint (msg->data.kind, ==, HL_MESSAGE_KIND_OUTGOING);
  g_assert_cmpstr (msg->data.body, ==, "");
  g_assert_cmpint (msg->data.delivery, ==, HL_DELIVERY_FAILED);
  g_assert_cmpstr (msg->error, ==, "Template not approved");
}

static void
test_message_type_names (void)
{
  const char *cases[][2] = {
    { "{\"id\":1,\"conversation_id\":2,\"message_type\":\"incoming\",\"created_at\":1}", "incoming" },
    { "{\"id\":1,\"conversation_id\":2,\"message_type\":\"outgoing\",\"created_at\":1}", "outgoing" },
    { "{\"id\":1,\"conversation_id\":2,\"message_type\":\"activity\",\"created_at\":1}", "activity" },
    { "{\"id\":1,\"conversation_id\":2,\"message_type\":\"template\",\"created_at\":1}", "outgoing" },
    { "{\"id\":1,\"conversation_id\":2,\"message_type\":\"outgoing\",\"private\":true,\"created_at\":1}", "note" },
    { "{\"id\":1,\"conversation_id\":2,\"message_type\":2,\"private\":true,\"created_at\":1}", "activity" },
  };
  const char *nicks[] = { "incoming", "outgoing", "note", "activity" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i][0], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(HlChatwootMessage) msg = hl_chatwoot_json_message (node, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (nicks[msg->data.kind], ==, cases[i][1]);
    }
}

static void
test_contact (void)
{
  g_autoptr(JsonNode) root = load_fixture ("contact.json");
  g_autoptr(JsonNode) list = load_fixture ("contacts.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlChatwootContact) contact = NULL;
  g_autoptr(HlChatwootPage) page = NULL;
  g_autoptr(JsonNode) attributes = NULL;
  JsonObject *object;
  HlChatwootContact *second;

  contact = hl_chatwoot_json_contact (root, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contact->data.remote_id, ==, "31");
  g_assert_cmpstr (contact->data.name, ==, "Jürgen Müller");
  g_assert_cmpstr (contact->data.email, ==, "kunde@example.de");
  g_assert_cmpstr (contact->data.phone, ==, "+49 30 1234567");
  g_assert_cmpstr (contact->data.company, ==, "Müller GmbH");
  g_assert_cmpstr (contact->data.city, ==, "Berlin");
  g_assert_cmpstr (contact->data.country, ==, "Germany");
  g_assert_cmpstr (contact->data.notes, ==, "Prefers email. Calls after 16:00.");
  g_assert_cmpstr (contact->identifier, ==, "crm-4711");
  g_assert_cmpint (contact->data.created_at, ==, 1760000000);
  g_assert_cmpint (contact->last_activity_at, ==, 1782903600);
  attributes = json_from_string (contact->data.attributes, &error);
  g_assert_no_error (error);
  object = json_node_get_object (attributes);
  g_assert_cmpstr (json_object_get_string_member (object, "plan"), ==, "pro");
  g_assert_cmpint (json_object_get_int_member (object, "seats"), ==, 12);
  g_assert_false (json_object_get_boolean_member (object, "churn_risk"));

  page = hl_chatwoot_json_contact_page (list, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->count, ==, 2);
  g_assert_false (page->has_more);
  g_assert_cmpuint (page->items->len, ==, 2);
  second = g_ptr_array_index (page->items, 1);
  g_assert_cmpstr (second->data.name, ==, "");
  g_assert_null (second->data.city);
  g_assert_cmpstr (second->data.attributes, ==, "{}");
}

static void
test_agents (void)
{
  g_autoptr(JsonNode) root = load_fixture ("agents.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlChatwootPage) page = NULL;
  HlChatwootAgent *agent;

  page = hl_chatwoot_json_agent_list (root, 8, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 3);

  agent = g_ptr_array_index (page->items, 0);
  g_assert_cmpstr (agent->data.remote_id, ==, "7");
  g_assert_cmpstr (agent->data.name, ==, "Ana R.");
  g_assert_cmpint (agent->data.role, ==, HL_AGENT_ROLE_LEAD);
  g_assert_cmpint (agent->data.availability, ==, HL_AVAILABILITY_ONLINE);
  g_assert_false (agent->data.is_me);

  agent = g_ptr_array_index (page->items, 1);
  g_assert_cmpstr (agent->data.name, ==, "Li Wei");
  g_assert_cmpint (agent->data.role, ==, HL_AGENT_ROLE_AGENT);
  g_assert_cmpint (agent->data.availability, ==, HL_AVAILABILITY_BUSY);
  g_assert_true (agent->data.is_me);
  g_assert_false (agent->auto_offline);

  agent = g_ptr_array_index (page->items, 2);
  g_assert_cmpstr (agent->data.name, ==, "Omar Haddad");
  g_assert_cmpint (agent->data.availability, ==, HL_AVAILABILITY_OFFLINE);
}

static void
test_articles (void)
{
  g_autoptr(JsonNode) root = load_fixture ("article-de.json");
  g_autoptr(JsonNode) list = load_fixture ("articles.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(HlChatwootArticle) article = NULL;
  g_autoptr(HlChatwootArticle) requested = NULL;
  g_autoptr(HlChatwootPage) page = NULL;
  HlChatwootArticle *draft;

  article = hl_chatwoot_json_article (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (article->data.remote_id, ==, "412");
  g_assert_cmpstr (article->data.locale, ==, "de");
  g_assert_cmpstr (article->data.title, ==, "Rechnung korrigieren");
  g_assert_true (g_str_has_prefix (article->data.body, "# Rechnung korrigieren\n\nÖffnen"));
  g_assert_cmpstr (article->data.category, ==, "Abrechnung");
  g_assert_cmpint (article->data.updated_at, ==, 1782800000);
  g_assert_cmpstr (article->status, ==, "published");
  g_assert_cmpint (article->category_id, ==, 21);
  g_assert_cmpuint (article->associated_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (article->associated_ids, gint64, 0), ==, 410);

  /* the request's locale wins: the account API has none on articles */
  requested = hl_chatwoot_json_article (root, "de_AT", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (requested->data.locale, ==, "de_AT");

  page = hl_chatwoot_json_article_page (list, "de", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 2);
  draft = g_ptr_array_index (page->items, 1);
  g_assert_cmpstr (draft->data.category, ==, "");
  g_assert_cmpstr (draft->data.body, ==, "");
  g_assert_cmpstr (draft->data.locale, ==, "de");
  g_assert_cmpstr (draft->status, ==, "draft");
}

static void
test_status_result (void)
{
  g_autoptr(JsonNode) root = load_fixture ("toggle-status.json");
  g_autoptr(JsonNode) failed = json_from_string ("{\"payload\":{\"success\":false,\"current_status\":\"open\"}}", NULL);
  g_autoptr(GError) error = NULL;
  HlConversationStatus status;
  gint64 until;

  g_assert_true (hl_chatwoot_json_status_result (root, &status, &until, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, HL_CONVERSATION_STATUS_SNOOZED);
  g_assert_cmpint (until, ==, iso ("2026-07-02T08:00:00Z"));

  g_assert_false (hl_chatwoot_json_status_result (failed, &status, &until, &error));
  g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_CONFLICT);
}

static void
test_times (void)
{
  struct { const char *json; gboolean ok; gint64 value; } cases[] = {
    { "null", TRUE, 0 },
    { "0", TRUE, 0 },
    { "1782896400", TRUE, 1782896400 },
    { "1782903600.123456", TRUE, 1782903600 },
    { "\"2026-07-01T10:00:00.000Z\"", TRUE, 1782900000 },
    { "\"2026-07-01T12:00:00+02:00\"", TRUE, 1782900000 },
    { "\"1782896400\"", TRUE, 1782896400 },
    { "\"\"", TRUE, 0 },
    { "-5", FALSE, 0 },
    { "1e300", FALSE, 0 },
    { "99999999999999", FALSE, 0 },
    { "\"2026-13-01T00:00:00Z\"", FALSE, 0 },
    { "\"yesterday\"", FALSE, 0 },
    { "true", FALSE, 0 },
    { "{}", FALSE, 0 },
    { "[1]", FALSE, 0 },
  };

  g_assert_cmpint (iso ("2026-07-01T10:00:00Z"), ==, 1782900000);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      gint64 value = -1;

      g_assert_nonnull (node);
      g_assert_cmpint (hl_chatwoot_json_parse_time (node, &value), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (value, ==, cases[i].value);
    }
}

static void
test_contact_changes (void)
{
  HlContactData before = {
    .remote_id = "31", .name = "Jürgen Müller", .email = "kunde@example.de", .phone = "+49 30 1234567",
    .company = "Müller GmbH", .city = "Berlin", .country = "Germany",
    .attributes = "{\"plan\":\"pro\",\"seats\":12,\"old\":1}",
  };
  HlContactData after = before;
  g_autoptr(JsonNode) none = NULL;
  g_autoptr(JsonNode) changes = NULL;
  g_autofree char *text = NULL;

  none = hl_chatwoot_json_contact_changes (&before, &after);
  g_assert_null (none);

  after.phone = "+49 30 7654321";
  after.city = NULL;
  after.attributes = "{\"seats\":14,\"plan\":\"pro\",\"new\":\"x\"}";
  changes = hl_chatwoot_json_contact_changes (&before, &after);
  g_assert_nonnull (changes);
  text = json_to_string (changes, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"phone_number\":\"+49 30 7654321\","
                   "\"additional_attributes\":{\"city\":null},"
                   "\"custom_attributes\":{\"seats\":14,\"new\":\"x\",\"old\":null}}");
}

/* Every malformed variant gives MALFORMED naming the field, never a crash or a half row. */
static void
test_malformed (void)
{
  struct { const char *file; const char *kind; const char *path; } cases[] = {
    { "bad-id-string.json", "conversations", "data.payload[0].id: expected an integer" },
    { "bad-status-null.json", "conversations", "data.payload[0].status: missing" },
    { "bad-sender-id.json", "conversations", "data.payload[0].meta.sender.id: missing" },
    { "bad-huge-time.json", "messages", "payload[0].created_at: expected a time" },
    { "bad-message-type.json", "messages", "payload[1].message_type: unknown message type" },
    { "bad-label.json", "conversations", "data.payload[0].labels[1]: expected a string" },
    { "bad-snoozed-until.json", "conversations", "data.payload[0].snoozed_until: expected a time" },
    { "bad-custom-attributes.json", "contact", "payload.custom_attributes: expected an object" },
    { "bad-article-title.json", "articles", "payload[0].title: missing" },
    { "conversations.json", "messages", "payload: missing" },
    { "agents.json", "contacts", "(top): expected an object" },
    { "messages.json", "agents", "(top): expected an array" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = load_fixture (cases[i].file);
      g_autoptr(GError) error = NULL;
      g_autoptr(HlChatwootPage) page = NULL;
      g_autoptr(HlChatwootContact) contact = NULL;

      if (g_str_equal (cases[i].kind, "conversations"))
        page = hl_chatwoot_json_conversation_page (root, NULL, &error);
      else if (g_str_equal (cases[i].kind, "messages"))
        page = hl_chatwoot_json_message_page (root, &error);
      else if (g_str_equal (cases[i].kind, "contacts"))
        page = hl_chatwoot_json_contact_page (root, &error);
      else if (g_str_equal (cases[i].kind, "agents"))
        page = hl_chatwoot_json_agent_list (root, 0, &error);
      else if (g_str_equal (cases[i].kind, "articles"))
        page = hl_chatwoot_json_article_page (root, NULL, &error);
      else
        contact = hl_chatwoot_json_contact (root, &error);

      g_test_message ("%s: %s", cases[i].file, error ? error->message : "(no error)");
      g_assert_null (page);
      g_assert_null (contact);
      g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, cases[i].path));
    }
}

/* Truncated JSON and numbers beyond 64 bits never reach the mapping as values. */
static void
test_unparsable (void)
{
  const char *files[] = { "bad-truncated.json", "bad-huge-number.json" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "chatwoot", files[i], NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (json_parser_load_from_file (parser, path, &error))
        {
          g_autoptr(HlChatwootPage) page = hl_chatwoot_json_message_page (json_parser_get_root (parser), &error);

          g_assert_null (page);
          g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MALFORMED);
        }
      else
        g_assert_nonnull (error);

      g_test_message ("%s: %s", files[i], error->message);
    }
}

/* The mapped rows go into the store as they are. */
static void
test_store_insert (void)
{
  g_autoptr(HlChatwootContext) ctx = make_context ();
  g_autoptr(JsonNode) conversations = load_fixture ("conversations.json");
  g_autoptr(JsonNode) messages = load_fixture ("messages.json");
  g_autoptr(JsonNode) agents = load_fixture ("agents.json");
  g_autoptr(JsonNode) article = load_fixture ("article-de.json");
  g_autoptr(HlChatwootPage) conv_page = NULL;
  g_autoptr(HlChatwootPage) msg_page = NULL;
  g_autoptr(HlChatwootPage) agent_page = NULL;
  g_autoptr(HlChatwootArticle) art = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  HlChatwootConversation *conv;
  gint64 conv_id, contact_id;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_true (hl_store_schema_migrate (db, -1, &error));
  g_assert_no_error (error);

  conv_page = hl_chatwoot_json_conversation_page (conversations, ctx, &error);
  msg_page = hl_chatwoot_json_message_page (messages, &error);
  agent_page = hl_chatwoot_json_agent_list (agents, 7, &error);
  art = hl_chatwoot_json_article (article, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < agent_page->items->len; i++)
    {
      HlChatwootAgent *agent = g_ptr_array_index (agent_page->items, i);

      g_assert_cmpint (hl_db_insert_agent (db, &agent->data, &error), >, 0);
      g_assert_no_error (error);
    }

  conv = g_ptr_array_index (conv_page->items, 0);
  contact_id = hl_db_insert_contact (db, &conv->contact->data, &error);
  g_assert_no_error (error);
  conv->data.contact_id = contact_id;
  conv_id = hl_db_insert_conversation (db, &conv->data, &error);
  g_assert_no_error (error);
  g_assert_cmpint (conv_id, >, 0);

  for (guint i = 0; i < msg_page->items->len; i++)
    {
      HlChatwootMessage *msg = g_ptr_array_index (msg_page->items, i);

      msg->data.conversation_id = conv_id;
      g_assert_cmpint (hl_db_insert_message (db, &msg->data, &error), >, 0);
      g_assert_no_error (error);
    }

  g_assert_cmpint (hl_db_insert_article (db, &art->data, &error), >, 0);
  g_assert_no_error (error);

  g_assert_cmpint (hl_db_query_int64 (db, "SELECT count(*) FROM messages WHERE kind = 'note'", &error), ==, 1);
  g_assert_cmpint (hl_db_query_int64 (db, "SELECT count(*) FROM conversation_labels", &error), ==, 2);
  g_assert_cmpint (hl_db_query_int64 (db, "SELECT message_count FROM conversations", &error), ==, 4);
  g_assert_cmpint (hl_db_query_int64 (db, "SELECT count(*) FROM articles WHERE locale = 'de'", &error), ==, 1);
  g_assert_no_error (error);

  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chatwoot-json/profile", test_profile);
  g_test_add_func ("/chatwoot-json/conversation-page", test_conversation_page);
  g_test_add_func ("/chatwoot-json/conversation-without-context", test_conversation_without_context);
  g_test_add_func ("/chatwoot-json/message-page", test_message_page);
  g_test_add_func ("/chatwoot-json/message-type-names", test_message_type_names);
  g_test_add_func ("/chatwoot-json/contact", test_contact);
  g_test_add_func ("/chatwoot-json/agents", test_agents);
  g_test_add_func ("/chatwoot-json/articles", test_articles);
  g_test_add_func ("/chatwoot-json/status-result", test_status_result);
  g_test_add_func ("/chatwoot-json/times", test_times);
  g_test_add_func ("/chatwoot-json/contact-changes", test_contact_changes);
  g_test_add_func ("/chatwoot-json/malformed", test_malformed);
  g_test_add_func ("/chatwoot-json/unparsable", test_unparsable);
  g_test_add_func ("/chatwoot-json/store-insert", test_store_insert);

  return g_test_run ();
}

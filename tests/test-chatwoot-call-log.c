/* test-chatwoot-call-log.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "hl-chatwoot-call-log.h"
#include "hl-chatwoot-outbox.h"
#include "hl-store-edits.h"
#include "hl-store-wrap-up.h"
#include "hl-test-gtk-utils.h"
#include "hl-test-utils.h"

/* Calls logged in Chatwoot by the outbox (hl-chatwoot-call-log.c), against the contract-test
 * harness (tests/chatwoot, started by with-harness.sh: PRISM_URL, TEST_URL). The cases share one
 * store and the server's state, and run in order: a first call creates the contact, the
 * conversation, the summary and the note; a second call from the same number (written another
 * way) reuses them; a call logged offline goes once the server is there; an outbox stopped between
 * steps, with the server's answers held back, resumes without doubles; then Prism's verdict. */

#define TOKEN       "tok-ana-1000"   /* Ana Ruiz, administrator */
#define PHONE_INBOX 3                /* "Phone calls", Channel::Api */
#define TIMEOUT     30000

static struct
{
  const char       *prism_url;
  const char       *test_url;
  SoupSession      *http;
  HlStore          *store;
  HlChatwootClient *client;
  HlChatwootOutbox *outbox;
} t;

/* HTTP helpers */

static JsonNode *
http (const char *base,
      const char *method,
      const char *path,
      const char *body)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode *node;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "api_access_token", TOKEN);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  answer = soup_session_send_and_read (t.http, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), <, 300);
  /* the body is not NUL-terminated */
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  node = json_from_string (text != NULL && *text ? text : "null", NULL);
  return node ? node : json_node_new (JSON_NODE_NULL);
}

static JsonNode *
hook (const char *method,
      const char *path,
      const char *body)
{
  return http (t.test_url, method, path, body);
}

G_GNUC_PRINTF (1, 2)
static JsonArray *
api_payload (const char *format,
             ...)
{
  g_autofree char *rest = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) node = NULL;
  va_list args;

  va_start (args, format);
  rest = g_strdup_vprintf (format, args);
  va_end (args);
  path = g_strconcat ("/api/v1/accounts/1", rest, NULL);
  node = http (t.prism_url, "GET", path, NULL);

  return json_array_ref (json_object_get_array_member (json_node_get_object (node), "payload"));
}

/* How many requests the server received: @method on paths matching @path_regex. */
static guint
requests (const char *method,
          const char *path_regex)
{
  g_autofree char *escaped = g_uri_escape_string (path_regex, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/__test/requests?method=%s&path=%s", method, escaped);
  g_autoptr(JsonNode) node = hook ("GET", path, NULL);

  return json_array_get_length (json_node_get_array (node));
}

/* The contacts whose phone number is @phone (or identifier @identifier). */
static JsonArray *
find_contacts (const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);

  return api_payload ("/contacts/search?q=%s", escaped);
}

/* The conversation's messages, in order. */
static JsonArray *
messages_of (gint64 conversation)
{
  return api_payload ("/conversations/%" G_GINT64_FORMAT "/messages", conversation);
}

static guint
count_content (JsonArray  *messages,
               const char *needle,
               gboolean    is_private)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      const char *content = json_object_get_string_member_with_default (m, "content", "");

      if (strstr (content, needle) != NULL && json_object_get_boolean_member_with_default (m, "private", FALSE) == is_private)
        n++;
    }

  return n;
}

/* The store and the outbox */

static gint64
log_call (const HlCallLog *log)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  hl_store_log_call_async (t.store, log, NULL, hl_test_store_result, &result);
  id = hl_store_log_call_finish (t.store, hl_test_wait_result (&result, TIMEOUT), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
pending_entries (void)
{
  return hl_test_store_int64 (t.store, "SELECT count (*) FROM outbox WHERE operation = 'call.log'");
}

static gboolean
outbox_empty (gpointer data)
{
  return pending_entries () == 0;
}

G_GNUC_PRINTF (1, 2)
static gint64
store_int (const char *format,
           ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return hl_test_store_int64 (t.store, sql);
}

static HlChatwootOutbox *
new_outbox (HlChatwootClient *client)
{
  HlChatwootOutbox *outbox = hl_chatwoot_outbox_new (t.store, client);

  hl_chatwoot_outbox_set_backoff (outbox, 100, 400);
  hl_chatwoot_outbox_set_phone_inbox_id (outbox, PHONE_INBOX);
  return outbox;
}

static gboolean
only_ours (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}

/* Once the store jobs it started (counts) are back, the outbox goes. */
static void
release (HlChatwootOutbox **outbox)
{
  hl_chatwoot_outbox_stop (*outbox);
  hl_test_wait_until (only_ours, *outbox, TIMEOUT);
  g_assert_finalize_object (g_steal_pointer (outbox));
}

static void
drain (void)
{
  hl_chatwoot_outbox_start (t.outbox);
  hl_test_wait_until (outbox_empty, NULL, TIMEOUT);
  hl_chatwoot_outbox_stop (t.outbox);
  hl_test_drain ();
}

/* Numbers --------------------------------------------------------------------------------------- */

static void
test_same_number (void)
{
  g_assert_true (hl_chatwoot_call_log_same_number ("+44 20 7946 0123", "+442079460123"));
  g_assert_true (hl_chatwoot_call_log_same_number ("0044 20 7946 0123", "+44 (20) 7946-0123"));
  g_assert_true (hl_chatwoot_call_log_same_number ("020 7946 0123", "+442079460123"));
  g_assert_false (hl_chatwoot_call_log_same_number ("+442079460124", "+442079460123"));
  g_assert_false (hl_chatwoot_call_log_same_number ("0123", "+442079460123"));
  g_assert_false (hl_chatwoot_call_log_same_number ("alice", "alice"));
  g_assert_false (hl_chatwoot_call_log_same_number (NULL, "+442079460123"));
}

/* A first call: contact, conversation, summary, note ------------------------------------------- */

static gint64 first_conversation;

static void
test_first_call (void)
{
  HlCallLog log = {
    .direction = HL_CALL_DIRECTION_INCOMING,
    .result = HL_CALL_RESULT_ANSWERED,
    .remote_uri = "sip:+44 20 7946 0123@pbx.example;user=phone",
    .remote_name = "Grace Hopper",
    .started_at = 1767000000,
    .answered_at = 1767000010,
    .ended_at = 1767000215,
    .disposition = "Sale",
    .wrap_up_note = "Wants a callback on Friday about the invoice",
    .mos = -1,
  };
  g_autoptr(JsonArray) contacts = NULL;
  g_autoptr(JsonArray) conversations = NULL;
  g_autoptr(JsonArray) messages = NULL;
  JsonObject *contact, *conv;
  gint64 call, contact_id;
  guint contacts_before = requests ("POST", "/contacts$");

  t.outbox = new_outbox (t.client);
  call = log_call (&log);
  g_assert_cmpint (pending_entries (), ==, 1);
  drain ();

  /* The contact, new, named after the caller, with the number in E.164 */
  g_assert_cmpuint (requests ("POST", "/contacts$"), ==, contacts_before + 1);
  contacts = find_contacts ("2079460123");
  g_assert_cmpuint (json_array_get_length (contacts), ==, 1);
  contact = json_array_get_object_element (contacts, 0);
  g_assert_cmpstr (json_object_get_string_member (contact, "name"), ==, "Grace Hopper");
  g_assert_cmpstr (json_object_get_string_member (contact, "phone_number"), ==, "+442079460123");
  contact_id = json_object_get_int_member (contact, "id");

  /* One open conversation in the phone inbox */
  conversations = api_payload ("/contacts/%" G_GINT64_FORMAT "/conversations", contact_id);
  g_assert_cmpuint (json_array_get_length (conversations), ==, 1);
  conv = json_array_get_object_element (conversations, 0);
  g_assert_cmpint (json_object_get_int_member (conv, "inbox_id"), ==, PHONE_INBOX);
  g_assert_cmpstr (json_object_get_string_member (conv, "status"), ==, "open");
  first_conversation = json_object_get_int_member (conv, "id");

  /* The summary (the test runs in C: English) and the note */
  messages = messages_of (first_conversation);
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpuint (count_content (messages, "Incoming call from Grace Hopper (+44 20 7946 0123)\n"
                                             "Result: answered\nDuration: 3:25\nDisposition: Sale", FALSE), ==, 1);
  g_assert_cmpuint (count_content (messages, "Wants a callback on Friday about the invoice", TRUE), ==, 1);

  /* The local rows carry the server's ids */
  g_assert_cmpint (store_int ("SELECT c.remote_id FROM calls k JOIN conversations c ON c.id = k.conversation_id"
                              " WHERE k.id = %" G_GINT64_FORMAT, call), ==, first_conversation);
  g_assert_cmpint (store_int ("SELECT c.remote_id FROM calls k JOIN contacts c ON c.id = k.contact_id"
                              " WHERE k.id = %" G_GINT64_FORMAT, call), ==, contact_id);
  g_assert_cmpint (store_int ("SELECT count (*) FROM calls WHERE id = %" G_GINT64_FORMAT " AND remote_id IS NOT NULL",
                              call), ==, 1);
  g_assert_cmpint (store_int ("SELECT count (*) FROM messages m JOIN calls k ON k.conversation_id = m.conversation_id"
                              " WHERE k.id = %" G_GINT64_FORMAT " AND m.kind = 'activity' AND m.remote_id IS NOT NULL",
                              call), ==, 1);
  release (&t.outbox);
}

/* A second call from the same number, written another way: the same contact and conversation */

static void
test_second_call (void)
{
  HlCallLog log = {
    .direction = HL_CALL_DIRECTION_INCOMING,
    .result = HL_CALL_RESULT_MISSED,
    .remote_uri = "sip:020 7946 0123@pbx.example",
    .started_at = 1767003600,
    .ended_at = 1767003620,
    .mos = -1,
  };
  g_autoptr(JsonArray) contacts = NULL;
  g_autoptr(JsonArray) messages = NULL;
  guint contacts_before = requests ("POST", "/contacts$");
  guint conversations_before = requests ("POST", "/conversations$");
  gint64 call;

  t.outbox = new_outbox (t.client);
  call = log_call (&log);
  drain ();

  g_assert_cmpuint (requests ("POST", "/contacts$"), ==, contacts_before);
  g_assert_cmpuint (requests ("POST", "/conversations$"), ==, conversations_before);
  contacts = find_contacts ("2079460123");
  g_assert_cmpuint (json_array_get_length (contacts), ==, 1);

  messages = messages_of (first_conversation);
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  g_assert_cmpuint (count_content (messages, "Incoming call from 020 7946 0123\nResult: missed", FALSE), ==, 1);

  /* Locally the call joined the first call's contact and conversation; its own rows are gone. */
  g_assert_cmpint (store_int ("SELECT count (DISTINCT conversation_id) FROM calls"), ==, 1);
  g_assert_cmpint (store_int ("SELECT count (DISTINCT contact_id) FROM calls"), ==, 1);
  g_assert_cmpint (store_int ("SELECT count (*) FROM conversations"), ==, 1);
  g_assert_cmpint (store_int ("SELECT count (*) FROM contacts"), ==, 1);
  g_assert_cmpint (store_int ("SELECT count (*) FROM messages WHERE kind = 'activity' AND remote_id IS NOT NULL"), ==, 2);
  g_assert_cmpint (store_int ("SELECT c.remote_id FROM calls k JOIN conversations c ON c.id = k.conversation_id"
                              " WHERE k.id = %" G_GINT64_FORMAT, call), ==, first_conversation);
  release (&t.outbox);
}

/* The wrap-up: the log waits for it, then carries it; a later one follows as a note ------------ */

static gboolean
outbox_drained (gpointer data)
{
  return hl_test_store_int64 (t.store, "SELECT count (*) FROM outbox") == 0;
}

static void
wrap_up (gint64      call,
         const char *disposition,
         const char *note)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hl_store_wrap_up_call_async (t.store, call, disposition, note, NULL, hl_test_store_result, &result);
  hl_store_wrap_up_call_finish (t.store, hl_test_wait_result (&result, TIMEOUT), &error);
  g_assert_no_error (error);
}

static void
test_wrap_up (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  HlCallLog log = {
    .direction = HL_CALL_DIRECTION_INCOMING,
    .result = HL_CALL_RESULT_ANSWERED,
    .remote_uri = "sip:+442079460123@pbx.example",
    .started_at = now - 100,
    .answered_at = now - 90,
    .ended_at = now,
    .wrap_up = TRUE,
    .mos = -1,
  };
  g_autoptr(JsonArray) before = messages_of (first_conversation);
  g_autoptr(JsonArray) after = NULL;
  g_autoptr(JsonArray) corrected = NULL;
  guint posted = requests ("POST", "/messages$");
  guint n = json_array_get_length (before);
  gint64 call;

  t.outbox = new_outbox (t.client);
  call = log_call (&log);

  /* Held while the agent wraps up: the outbox runs, and nothing goes. */
  hl_chatwoot_outbox_start (t.outbox);
  hl_test_wait_ms (300);
  g_assert_cmpint (pending_entries (), ==, 1);
  g_assert_cmpuint (requests ("POST", "/messages$"), ==, posted);

  /* The wrap-up lets it go, with the disposition in the summary and the note as a private note. */
  wrap_up (call, "callback", "  Send the form again  ");
  hl_test_wait_until (outbox_drained, NULL, TIMEOUT);
  hl_chatwoot_outbox_stop (t.outbox);
  hl_test_drain ();

  after = messages_of (first_conversation);
  g_assert_cmpuint (json_array_get_length (after), ==, n + 2);
  g_assert_cmpuint (count_content (after, "Result: answered\nDuration: 1:30\nDisposition: Callback requested", FALSE), ==, 1);
  g_assert_cmpuint (count_content (after, "Send the form again", TRUE), ==, 1);
  g_assert_cmpint (store_int ("SELECT count (*) FROM calls WHERE id = %" G_GINT64_FORMAT " AND disposition = 'callback'"
                              " AND wrap_up_note = 'Send the form again'", call), ==, 1);

  /* A wrap-up changed after the log went: a private note after it, once */
  wrap_up (call, "resolved", "Called back, solved.");
  hl_chatwoot_outbox_start (t.outbox);
  hl_test_wait_until (outbox_drained, NULL, TIMEOUT);
  hl_chatwoot_outbox_stop (t.outbox);
  hl_test_drain ();

  corrected = messages_of (first_conversation);
  g_assert_cmpuint (json_array_get_length (corrected), ==, n + 3);
  g_assert_cmpuint (count_content (corrected, "Disposition: Resolved\nCalled back, solved.", TRUE), ==, 1);
  g_assert_cmpint (store_int ("SELECT count (*) FROM calls WHERE id = %" G_GINT64_FORMAT " AND disposition = 'resolved'",
                              call), ==, 1);
  release (&t.outbox);
}

/* Offline: the log waits, then goes ------------------------------------------------------------ */

static guint
dead_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

static gboolean
offline_with_one (gpointer data)
{
  return !hl_chatwoot_outbox_get_online (data) && hl_chatwoot_outbox_get_pending_count (data) == 1;
}

static void
test_offline (void)
{
  g_autofree char *dead_url = g_strdup_printf ("http://127.0.0.1:%u", dead_port ());
  g_autoptr(HlChatwootClient) dead = hl_chatwoot_client_new (dead_url, 1, NULL);
  HlChatwootOutbox *offline = NULL;
  g_autoptr(JsonArray) contacts = NULL;
  g_autoptr(JsonArray) conversations = NULL;
  g_autoptr(JsonArray) messages = NULL;
  JsonObject *contact;
  HlCallLog log = {
    .direction = HL_CALL_DIRECTION_OUTGOING,
    .result = HL_CALL_RESULT_FAILED,
    .remote_uri = "sip:alice@pbx.example",
    .remote_name = "Alice Liddell",
    .started_at = 1767007200,
    .ended_at = 1767007203,
    .mos = -1,
  };

  hl_chatwoot_client_set_access_token (dead, TOKEN);
  offline = new_outbox (dead);
  hl_chatwoot_outbox_start (offline);
  log_call (&log);
  hl_test_wait_until (offline_with_one, offline, TIMEOUT);
  g_assert_cmpint (pending_entries (), ==, 1);
  release (&offline);

  t.outbox = new_outbox (t.client);
  drain ();

  /* A SIP user, not a number: the contact is known by its identifier. */
  contacts = find_contacts ("sip:alice");
  g_assert_cmpuint (json_array_get_length (contacts), ==, 1);
  contact = json_array_get_object_element (contacts, 0);
  g_assert_cmpstr (json_object_get_string_member (contact, "identifier"), ==, "sip:alice");
  g_assert_cmpstr (json_object_get_string_member (contact, "name"), ==, "Alice Liddell");
  conversations = api_payload ("/contacts/%" G_GINT64_FORMAT "/conversations", json_object_get_int_member (contact, "id"));
  g_assert_cmpuint (json_array_get_length (conversations), ==, 1);
  messages = messages_of (json_object_get_int_member (json_array_get_object_element (conversations, 0), "id"));
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_cmpuint (count_content (messages, "Outgoing call to Alice Liddell (alice)\nResult: failed", FALSE), ==, 1);
  release (&t.outbox);
}

/* Stopped between steps, answers lost: resumed without doubles --------------------------------- */

static guint requests_target;
static const char *requests_path;

static gboolean
request_seen (gpointer data)
{
  g_usleep (20 * 1000);
  return requests ("POST", requests_path) >= requests_target;
}

/* Starts the outbox until the server has applied a POST to @path whose answer it holds back,
 * then stops it: the outbox never learns that the step happened. */
static void
lose_answer (const char *path)
{
  g_autofree char *fault = g_strdup_printf ("{\"kind\":\"hold\",\"hold_ms\":3000,\"method\":\"POST\",\"path\":\"%s\",\"count\":1}", path);
  g_autoptr(JsonNode) set = hook ("POST", "/__test/fault", fault);

  requests_path = path;
  requests_target = requests ("POST", path) + 1;
  t.outbox = new_outbox (t.client);
  hl_chatwoot_outbox_start (t.outbox);
  hl_test_wait_until (request_seen, NULL, TIMEOUT);
  hl_chatwoot_outbox_stop (t.outbox);
  hl_test_drain ();
  release (&t.outbox);
  g_assert_cmpint (pending_entries (), ==, 1);
}

static void
test_resume (void)
{
  HlCallLog log = {
    .direction = HL_CALL_DIRECTION_INCOMING,
    .result = HL_CALL_RESULT_ANSWERED,
    .remote_uri = "sip:+14155550100@pbx.example",
    .remote_name = "Ada Lovelace",
    .started_at = 1767010800,
    .answered_at = 1767010805,
    .ended_at = 1767010865,
    .wrap_up_note = "Asked for the engine manual",
    .mos = -1,
  };
  g_autoptr(JsonNode) unstored = hook ("POST", "/__test/echo_ids", "{\"stored\":false}");
  g_autoptr(JsonNode) cleared = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonArray) contacts = NULL;
  g_autoptr(JsonArray) conversations = NULL;
  g_autoptr(JsonArray) messages = NULL;
  guint contacts_before = requests ("POST", "/contacts$");

  log_call (&log);

  /* The contact is made, the answer lost; then the summary is posted, the answer lost. Listed
   * messages carry no echo_id (as Chatwoot's): the summary is recognised by its text. */
  lose_answer ("/contacts$");
  lose_answer ("/messages$");
  cleared = hook ("DELETE", "/__test/fault", NULL);

  t.outbox = new_outbox (t.client);
  drain ();
  stored = hook ("POST", "/__test/echo_ids", "{\"stored\":true}");

  g_assert_cmpuint (requests ("POST", "/contacts$"), ==, contacts_before + 1);
  contacts = find_contacts ("4155550100");
  g_assert_cmpuint (json_array_get_length (contacts), ==, 1);
  conversations = api_payload ("/contacts/%" G_GINT64_FORMAT "/conversations",
                               json_object_get_int_member (json_array_get_object_element (contacts, 0), "id"));
  g_assert_cmpuint (json_array_get_length (conversations), ==, 1);
  messages = messages_of (json_object_get_int_member (json_array_get_object_element (conversations, 0), "id"));
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpuint (count_content (messages, "Incoming call from Ada Lovelace (+14155550100)\n"
                                             "Result: answered\nDuration: 1:00", FALSE), ==, 1);
  g_assert_cmpuint (count_content (messages, "Asked for the engine manual", TRUE), ==, 1);
  release (&t.outbox);
}

/* Prism's verdict ------------------------------------------------------------------------------- */

static void
test_no_violations (void)
{
  g_autoptr(JsonNode) node = hook ("GET", "/__test/violations", NULL);

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "count"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int result;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/chatwoot-call-log/same-number", test_same_number);

  t.prism_url = g_getenv ("PRISM_URL");
  t.test_url = g_getenv ("TEST_URL");
  if (t.prism_url == NULL || t.test_url == NULL)
    return g_test_run ();

  t.http = soup_session_new ();
  dir = g_dir_make_tmp ("helpline-call-log-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "call-log.db", NULL);
  t.store = hl_test_open_store (path);
  hl_store_set_backend (t.store, "chatwoot");
  t.client = hl_chatwoot_client_new (t.prism_url, 1, &error);
  g_assert_no_error (error);
  hl_chatwoot_client_set_access_token (t.client, TOKEN);

  g_test_add_func ("/chatwoot-call-log/first-call", test_first_call);
  g_test_add_func ("/chatwoot-call-log/second-call", test_second_call);
  g_test_add_func ("/chatwoot-call-log/wrap-up", test_wrap_up);
  g_test_add_func ("/chatwoot-call-log/offline", test_offline);
  g_test_add_func ("/chatwoot-call-log/resume", test_resume);
  g_test_add_func ("/chatwoot-call-log/no-violations", test_no_violations);

  result = g_test_run ();

  g_clear_object (&t.client);
  hl_store_close (t.store);
  g_clear_object (&t.store);
  g_clear_object (&t.http);
  g_unlink (path);
  g_rmdir (dir);
  return result;
}

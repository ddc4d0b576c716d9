/* test-outbox.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hl-chatwoot-outbox.h"
#include "hl-failed-changes-dialog.h"
#include "hl-store-db.h"
#include "hl-store-edits.h"
#include "hl-store-outbox.h"
#include "hl-test-utils.h"

/* The outbox without a server: what each edit writes (row + entry, one transaction), the order in
 * which the sender takes entries, what it records, and how a message in doubt is recognised on the
 * server. tests/test-chatwoot-outbox.c sends them to the Chatwoot test server. */

typedef struct
{
  char    *path;
  HlStore *store;
  gint64   conversation;
  gint64   other_conversation;
  gint64   contact;
  gint64   agents[2];
} Fixture;

static gpointer
insert_rows (sqlite3        *db,
             gpointer        data,
             HlStoreTables  *changed,
             GError        **error)
{
  Fixture *f = data;
  HlAgentData ana = { .remote_id = "1", .name = "Ana Ruiz" };
  HlAgentData ben = { .remote_id = "2", .name = "Ben Okoro" };
  HlContactData contact = { .remote_id = "9", .name = "Jürgen Krause", .email = "jk@example.com",
                            .attributes = "{\"plan\":\"basic\",\"seats\":3}", .created_at = 1 };

  f->agents[0] = hl_db_insert_agent (db, &ana, error);
  f->agents[1] = hl_db_insert_agent (db, &ben, error);
  f->contact = hl_db_insert_contact (db, &contact, error);
  {
    HlConversationData conv = { .remote_id = "7", .channel = HL_CHANNEL_CHAT, .status = HL_CONVERSATION_STATUS_OPEN,
                                .assignee_id = f->agents[0], .contact_id = f->contact, .created_at = 1 };
    HlConversationData other = { .remote_id = "8", .channel = HL_CHANNEL_EMAIL, .status = HL_CONVERSATION_STATUS_PENDING,
                                 .created_at = 1 };

    f->conversation = hl_db_insert_conversation (db, &conv, error);
    f->other_conversation = hl_db_insert_conversation (db, &other, error);
  }

  return GINT_TO_POINTER (TRUE);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("outbox-%u.db", n++);

  f->path = hl_test_temp_path (name);
  f->store = hl_test_open_store (f->path);
  g_assert_true (hl_store_run_sync (f->store, insert_rows, f, NULL));
  hl_store_set_backend (f->store, "chatwoot");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  hl_store_close (f->store);
  g_assert_finalize_object (f->store);
  g_free (f->path);
}

/* Waiting for one async call */

#define WAIT_EDIT(store, call) G_STMT_START { \
    g_autoptr(GAsyncResult) _r = NULL; \
    g_autoptr(GError) _e = NULL; \
    call; \
    g_assert_true (hl_store_edit_finish (store, hl_test_wait_result (&_r, 20000), &_e)); \
    g_assert_no_error (_e); \
  } G_STMT_END

static HlOutboxEntry *
take (Fixture *f,
      gint64  *next_due)
{
  static const char * const ops[] = { "message.send", "conversation.status", "conversation.assign", "contact.update", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HlOutboxEntry *entry;

  hl_store_outbox_take_async (f->store, "chatwoot", ops, NULL, hl_test_store_result, &result);
  entry = hl_store_outbox_take_finish (f->store, hl_test_wait_result (&result, 20000), next_due, &error);
  g_assert_no_error (error);
  return entry;
}

#define WAIT_OUTBOX(store, call) G_STMT_START { \
    g_autoptr(GAsyncResult) _r = NULL; \
    g_autoptr(GError) _e = NULL; \
    call; \
    g_assert_true (hl_store_outbox_finish (store, hl_test_wait_result (&_r, 20000), &_e)); \
    g_assert_no_error (_e); \
  } G_STMT_END

static void
test_edits (Fixture       *f,
            gconstpointer  data)
{
  const char *labels[] = { "billing", "vip", NULL };
  HlContactData contact = { .name = "Jürgen Krause", .email = "jk@example.com", .city = "Köln",
                            .attributes = "{\"plan\":\"pro\",\"seats\":3}" };
  g_autofree char *echo = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  gint64 message;

  /* A reply shows at once, pending, with a fresh echo_id; its entry points at the row. */
  message = hl_test_send_message (f->store, f->conversation, "Wir kümmern uns darum.", FALSE);
  echo = hl_test_query (f->store, "SELECT echo_id FROM messages WHERE id = %" G_GINT64_FORMAT, message);
  g_assert_cmpuint (strlen (echo), ==, 36);
  g_assert_true (g_uuid_string_is_valid (echo));
  text = hl_test_query (f->store, "SELECT delivery || ' ' || kind FROM messages WHERE id = %" G_GINT64_FORMAT, message);
  g_assert_cmpstr (text, ==, "pending outgoing");
  g_clear_pointer (&text, g_free);
  text = hl_test_query (f->store, "SELECT operation || ' ' || queue || ' ' || target_id FROM outbox ORDER BY id DESC LIMIT 1");
  expected = g_strdup_printf ("message.send conversation:%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, f->conversation, message);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);

  /* Status and assignee keep what the agent saw. */
  WAIT_EDIT (f->store, hl_store_set_conversation_status_async (f->store, f->conversation, HL_CONVERSATION_STATUS_SNOOZED,
                                                                1900000000, NULL, hl_test_store_result, &_r));
  text = hl_test_query (f->store, "SELECT payload FROM outbox ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (text, ==, "{\"status\":\"snoozed\",\"snoozed_until\":1900000000,\"seen_status\":\"open\"}");
  g_clear_pointer (&text, g_free);

  WAIT_EDIT (f->store, hl_store_assign_conversation_async (f->store, f->conversation, f->agents[1], NULL, hl_test_store_result, &_r));
  text = hl_test_query (f->store, "SELECT payload FROM outbox ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (text, ==, "{\"seen_assignee\":\"1\",\"assignee\":\"2\"}");
  g_clear_pointer (&text, g_free);
  text = hl_test_query (f->store, "SELECT assignee_id FROM conversations WHERE id = %" G_GINT64_FORMAT, f->conversation);
  g_assert_cmpint (g_ascii_strtoll (text, NULL, 10), ==, f->agents[1]);
  g_clear_pointer (&text, g_free);

  WAIT_EDIT (f->store, hl_store_set_conversation_labels_async (f->store, f->conversation, labels, NULL, hl_test_store_result, &_r));
  text = hl_test_query (f->store, "SELECT group_concat (label) FROM conversation_labels WHERE conversation_id = %" G_GINT64_FORMAT,
                f->conversation);
  g_assert_cmpstr (text, ==, "billing,vip");
  g_clear_pointer (&text, g_free);

  WAIT_EDIT (f->store, hl_store_set_conversation_priority_async (f->store, f->conversation, HL_PRIORITY_URGENT,
                                                                  NULL, hl_test_store_result, &_r));
  WAIT_EDIT (f->store, hl_store_assign_team_async (f->store, f->conversation, 2, "Billing", NULL, hl_test_store_result, &_r));
  text = hl_test_query (f->store, "SELECT priority || ' ' || team FROM conversations WHERE id = %" G_GINT64_FORMAT, f->conversation);
  g_assert_cmpstr (text, ==, "4 Billing");
  g_clear_pointer (&text, g_free);

  /* A contact edit keeps both versions; the row has the new one. */
  WAIT_EDIT (f->store, hl_store_update_contact_async (f->store, f->contact, &contact, NULL, hl_test_store_result, &_r));
  text = hl_test_query (f->store, "SELECT city || ' ' || attributes FROM contacts WHERE id = %" G_GINT64_FORMAT, f->contact);
  g_assert_cmpstr (text, ==, "Köln {\"plan\":\"pro\",\"seats\":3}");
  g_clear_pointer (&text, g_free);
  text = hl_test_query (f->store, "SELECT json_extract (payload, '$.before.attributes') || ' ' || json_extract (payload, '$.after.city')"
                   " FROM outbox WHERE operation = 'contact.update'");
  g_assert_cmpstr (text, ==, "{\"plan\":\"basic\",\"seats\":3} Köln");
  g_clear_pointer (&text, g_free);

  text = hl_test_query (f->store, "SELECT group_concat (operation, ' ') FROM (SELECT operation FROM outbox ORDER BY id)");
  g_assert_cmpstr (text, ==, "message.send conversation.status conversation.assign conversation.labels"
                             " conversation.priority conversation.team contact.update");
}

static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HlOutboxEntry) first = NULL;
  g_autoptr(HlOutboxEntry) again = NULL;
  g_autoptr(HlOutboxEntry) other = NULL;
  g_autoptr(HlOutboxEntry) entry = NULL;
  g_autofree char *text = NULL;
  gint64 message, second, next_due = -1;
  g_autoptr(GAsyncResult) counted = NULL;
  guint pending = 0, failed = 0;

  message = hl_test_send_message (f->store, f->conversation, "Eins", FALSE);
  WAIT_EDIT (f->store, hl_store_set_conversation_status_async (f->store, f->conversation, HL_CONVERSATION_STATUS_RESOLVED,
                                                                0, NULL, hl_test_store_result, &_r));
  second = hl_test_send_message (f->store, f->other_conversation, "Nota interna", TRUE);
  /* Call logging has its own sender: not taken here, and in a queue of its own. */
  WAIT_EDIT (f->store, hl_store_mark_conversation_read_async (f->store, f->other_conversation, TRUE, NULL, hl_test_store_result, &_r));

  first = take (f, NULL);
  g_assert_nonnull (first);
  g_assert_cmpstr (first->operation, ==, "message.send");
  g_assert_cmpint (first->target_id, ==, message);
  g_assert_cmpint (first->attempts, ==, 0);
  g_assert_cmpstr (first->target_remote_id, ==, "7");
  g_assert_cmpstr (first->body, ==, "Eins");
  g_assert_false (first->is_note);
  g_assert_null (first->claimed_remote_ids);

  /* Taken again without an outcome (the app died): the same entry, now in doubt. */
  again = take (f, NULL);
  g_assert_cmpint (again->id, ==, first->id);
  g_assert_cmpint (again->attempts, ==, 1);
  g_assert_cmpint (again->attempted_at, ==, first->attempted_at);
  g_assert_nonnull (again->claimed_remote_ids);

  /* Refused: it holds back its conversation's status change, not the other conversation. */
  WAIT_OUTBOX (f->store, hl_store_outbox_fail_async (f->store, first->id, "Message is too long", NULL, hl_test_store_result, &_r));
  text = hl_test_query (f->store, "SELECT delivery || ': ' || error FROM messages WHERE id = %" G_GINT64_FORMAT, message);
  g_assert_cmpstr (text, ==, "failed: Message is too long");
  g_clear_pointer (&text, g_free);

  other = take (f, NULL);
  g_assert_cmpint (other->target_id, ==, second);
  g_assert_true (other->is_note);
  g_assert_cmpstr (other->target_remote_id, ==, "8");
  WAIT_OUTBOX (f->store, hl_store_outbox_done_async (f->store, other->id, "9001", NULL, hl_test_store_result, &_r));
  text = hl_test_query (f->store, "SELECT delivery || ' ' || remote_id FROM messages WHERE id = %" G_GINT64_FORMAT, second);
  g_assert_cmpstr (text, ==, "sent 9001");
  g_clear_pointer (&text, g_free);

  entry = take (f, &next_due);
  g_assert_null (entry);
  g_assert_cmpint (next_due, ==, 0);

  hl_store_outbox_count_async (f->store, "chatwoot", NULL, hl_test_store_result, &counted);
  g_assert_true (hl_store_outbox_count_finish (f->store, hl_test_wait_result (&counted, 20000), &pending, &failed, NULL));
  g_assert_cmpuint (pending, ==, 2);   /* the status change and the read receipt */
  g_assert_cmpuint (failed, ==, 1);

  /* Retry (by the message, as its bubble does): pending again, first in its queue again. */
  WAIT_OUTBOX (f->store, hl_store_outbox_retry_message_async (f->store, message, NULL, hl_test_store_result, &_r));
  text = hl_test_query (f->store, "SELECT delivery || ' ' || ifnull (error, '-') FROM messages WHERE id = %" G_GINT64_FORMAT, message);
  g_assert_cmpstr (text, ==, "pending -");
  g_clear_pointer (&text, g_free);
  entry = take (f, NULL);
  g_assert_cmpint (entry->id, ==, first->id);
  WAIT_OUTBOX (f->store, hl_store_outbox_done_async (f->store, entry->id, "9002", NULL, hl_test_store_result, &_r));
  g_clear_pointer (&entry, hl_outbox_entry_free);

  /* Then the status change: refused, retried by its entry id (a change without a message). */
  entry = take (f, NULL);
  g_assert_cmpstr (entry->operation, ==, "conversation.status");
  WAIT_OUTBOX (f->store, hl_store_outbox_fail_async (f->store, entry->id, "Conflict: test", NULL, hl_test_store_result, &_r));
  WAIT_OUTBOX (f->store, hl_store_outbox_retry_async (f->store, entry->id, NULL, hl_test_store_result, &_r));
  g_clear_pointer (&entry, hl_outbox_entry_free);

  /* Postponed, it tells when it is due. */
  entry = take (f, NULL);
  g_assert_cmpstr (entry->operation, ==, "conversation.status");
  WAIT_OUTBOX (f->store, hl_store_outbox_reschedule_async (f->store, entry->id, 4000000000, "Server error", NULL,
                                                           hl_test_store_result, &_r));
  g_clear_pointer (&entry, hl_outbox_entry_free);
  entry = take (f, &next_due);
  g_assert_null (entry);
  g_assert_cmpint (next_due, ==, 4000000000);

  /* The network is back: due at once. */
  WAIT_OUTBOX (f->store, hl_store_outbox_wake_async (f->store, "chatwoot", NULL, hl_test_store_result, &_r));
  entry = take (f, NULL);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->operation, ==, "conversation.status");
  g_assert_cmpuint (entry->attempts, ==, 2);
}

static gpointer
echo_arrived_first (sqlite3        *db,
                    gpointer        data,
                    HlStoreTables  *changed,
                    GError        **error)
{
  gint64 *ids = data;
  g_autofree char *sql = g_strdup_printf ("UPDATE messages SET remote_id = '777', delivery = 'delivered' WHERE id = %" G_GINT64_FORMAT ";"
                                          "INSERT INTO messages (remote_id, conversation_id, kind, body, created_at)"
                                          "  VALUES ('888', %" G_GINT64_FORMAT ", 'outgoing', 'Zwei', 1);",
                                          ids[0], ids[2]);

  return GINT_TO_POINTER (hl_db_exec (db, sql, error));
}

/* The contract with the sync engine: the reply and the realtime echo set remote_id on the one row
 * with the echo_id, whoever comes first; the later one changes nothing. */
static void
test_done_contract (Fixture       *f,
                    gconstpointer  data)
{
  gint64 ids[3];
  g_autoptr(HlOutboxEntry) entry = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  ids[0] = hl_test_send_message (f->store, f->conversation, "Eins", FALSE);
  ids[1] = hl_test_send_message (f->store, f->conversation, "Zwei", FALSE);
  ids[2] = f->conversation;
  g_assert_true (hl_store_run_sync (f->store, echo_arrived_first, ids, NULL));

  /* The sender sees that the row already has its id. */
  entry = take (f, NULL);
  g_assert_cmpstr (entry->message_remote_id, ==, "777");
  before = hl_test_query (f->store, "SELECT remote_id || ' ' || delivery || ' ' || rev FROM messages WHERE id = %" G_GINT64_FORMAT, ids[0]);
  WAIT_OUTBOX (f->store, hl_store_outbox_done_async (f->store, entry->id, "777", NULL, hl_test_store_result, &_r));
  after = hl_test_query (f->store, "SELECT remote_id || ' ' || delivery || ' ' || rev FROM messages WHERE id = %" G_GINT64_FORMAT, ids[0]);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&entry, hl_outbox_entry_free);

  /* A copy stored without the echo_id is the same message: after a lost attempt it may be the
   * one to find on the server (only the other sent message's id is ruled out)… */
  entry = take (f, NULL);
  hl_outbox_entry_free (entry);
  entry = take (f, NULL);
  g_assert_cmpint (entry->target_id, ==, ids[1]);
  g_assert_cmpint (entry->attempts, ==, 1);
  g_assert_cmpuint (g_strv_length (entry->claimed_remote_ids), ==, 1);
  g_assert_cmpstr (entry->claimed_remote_ids[0], ==, "777");
  /* …and when it is, one row remains, ours. */
  WAIT_OUTBOX (f->store, hl_store_outbox_done_async (f->store, entry->id, "888", NULL, hl_test_store_result, &_r));
  text = hl_test_query (f->store, "SELECT group_concat (id || ':' || remote_id) FROM messages WHERE remote_id = '888'");
  expected = g_strdup_printf ("%" G_GINT64_FORMAT ":888", ids[1]);
  g_assert_cmpstr (text, ==, expected);
}

static HlChatwootPage *
parse_page (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  HlChatwootPage *page;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  page = hl_chatwoot_json_message_page (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  return page;
}

#define MSG(id, type, private, content, created, extra) \
  "{\"id\":" #id ",\"content\":\"" content "\",\"conversation_id\":7,\"message_type\":" #type "," \
  "\"content_type\":\"text\",\"status\":\"sent\",\"private\":" #private ",\"created_at\":" #created extra "}"

static void
test_find_sent (void)
{
  char *claimed[] = { (char *) "102", NULL };
  HlOutboxEntry entry = {
    .echo_id = (char *) "e-1", .body = (char *) "Thanks!", .attempted_at = 1000, .claimed_remote_ids = claimed,
  };
  g_autoptr(HlChatwootPage) by_echo = NULL;
  g_autoptr(HlChatwootPage) by_text = NULL;
  g_autoptr(HlChatwootPage) none = NULL;

  /* Our echo_id wins; someone else's echo_id never matches by text. */
  by_echo = parse_page ("{\"meta\":{},\"payload\":["
                        MSG (100, 1, false, "Thanks!", 1001, ",\"echo_id\":\"other\"") ","
                        MSG (101, 1, false, "Thanks!", 1002, ",\"echo_id\":\"e-1\"") "]}");
  g_assert_cmpint (hl_chatwoot_outbox_find_sent (by_echo, &entry), ==, 101);

  /* Without echo_ids (as Chatwoot lists stored messages): same text, same kind, after the first
   * attempt less the clock skew, not already another row's. */
  by_text = parse_page ("{\"meta\":{},\"payload\":["
                        MSG (99, 1, false, "Thanks!", 800, "") ","      /* too early */
                        MSG (100, 0, false, "Thanks!", 1001, "") ","    /* the customer's */
                        MSG (101, 1, true, "Thanks!", 1001, "") ","     /* a note */
                        MSG (102, 1, false, "Thanks!", 1001, "") ","    /* another row has it */
                        MSG (103, 1, false, "Thanks!", 995, "") "]}");
  g_assert_cmpint (hl_chatwoot_outbox_find_sent (by_text, &entry), ==, 103);
  entry.is_note = TRUE;
  g_assert_cmpint (hl_chatwoot_outbox_find_sent (by_text, &entry), ==, 101);

  entry.is_note = FALSE;
  none = parse_page ("{\"meta\":{},\"payload\":[" MSG (104, 1, false, "Thanks !", 1001, "") "]}");
  g_assert_cmpint (hl_chatwoot_outbox_find_sent (none, &entry), ==, 0);
}

/* The agent's review of refused changes: listed in words with names (replies and notes are not:
 * they have their bubble), and discarded with the row the sync must fetch again. */

static gint64
entry_of (Fixture    *f,
          const char *operation)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM outbox WHERE operation = '%s'", operation);

  return hl_test_store_int64 (f->store, sql);
}

static GPtrArray *
list_failed (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *changes;

  hl_store_outbox_list_failed_async (f->store, "chatwoot", NULL, hl_test_store_result, &result);
  changes = hl_store_outbox_list_failed_finish (f->store, hl_test_wait_result (&result, 20000), &error);
  g_assert_no_error (error);
  return changes;
}

static gboolean
discard (Fixture        *f,
         gint64          entry,
         HlStoreTables  *table,
         char          **remote_id,
         GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hl_store_outbox_discard_async (f->store, entry, NULL, hl_test_store_result, &result);
  return hl_store_outbox_discard_finish (f->store, hl_test_wait_result (&result, 20000), table, remote_id, error);
}

static void
test_review (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *what = NULL;
  HlContactData contact = { .name = "Jürgen Krause", .email = "jk@example.org",
                            .attributes = "{\"plan\":\"basic\",\"seats\":3}" };
  HlStoreTables table = 0;
  HlFailedChange *change;
  gint64 message;
  g_autofree char *assignee = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *marks = NULL;
  g_autofree char *contact_was = NULL;
  g_autofree char *contact_shown = NULL;

  assignee = hl_test_query (f->store, "SELECT coalesce (assignee_id, 'none') FROM conversations WHERE id = %" G_GINT64_FORMAT,
                            f->conversation);
  contact_was = hl_test_query (f->store, "SELECT name || '/' || coalesce (email, '-') || '/' || attributes FROM contacts"
                                         " WHERE id = %" G_GINT64_FORMAT, f->contact);
  message = hl_test_send_message (f->store, f->conversation, "Hallo", FALSE);
  WAIT_EDIT (f->store, hl_store_assign_conversation_async (f->store, f->conversation, f->agents[1], NULL, hl_test_store_result, &_r));
  WAIT_EDIT (f->store, hl_store_update_contact_async (f->store, f->contact, &contact, NULL, hl_test_store_result, &_r));
  WAIT_EDIT (f->store, hl_store_set_conversation_status_async (f->store, f->other_conversation, HL_CONVERSATION_STATUS_RESOLVED,
                                                                0, NULL, hl_test_store_result, &_r));
  WAIT_OUTBOX (f->store, hl_store_outbox_fail_async (f->store, entry_of (f, "message.send"), "Too long", NULL, hl_test_store_result, &_r));
  WAIT_OUTBOX (f->store, hl_store_outbox_fail_async (f->store, entry_of (f, "conversation.assign"),
                                                     "Conflict: someone else reassigned the conversation in the meantime.",
                                                     NULL, hl_test_store_result, &_r));
  WAIT_OUTBOX (f->store, hl_store_outbox_fail_async (f->store, entry_of (f, "contact.update"), "Email has already been taken",
                                                     NULL, hl_test_store_result, &_r));

  /* The reply is not listed, nor the pending status change. */
  changes = list_failed (f);
  g_assert_cmpuint (changes->len, ==, 2);
  change = g_ptr_array_index (changes, 0);
  g_assert_cmpstr (change->operation, ==, "conversation.assign");
  g_assert_cmpstr (change->target_name, ==, "Jürgen Krause");
  g_assert_cmpstr (change->assignee_name, ==, "Ben Okoro");
  g_assert_true (hl_failed_change_is_conflict (change));
  what = hl_failed_change_describe (change);
  g_assert_cmpstr (what, ==, "Assign the conversation with Jürgen Krause to Ben Okoro");
  g_clear_pointer (&what, g_free);

  change = g_ptr_array_index (changes, 1);
  g_assert_cmpstr (change->reason, ==, "Email has already been taken");
  g_assert_false (hl_failed_change_is_conflict (change));
  what = hl_failed_change_describe (change);
  g_assert_cmpstr (what, ==, "Edit the contact Jürgen Krause");
  g_clear_pointer (&what, g_free);
  {
    /* A contact without a name gets a label where the name goes, not a phrase */
    HlFailedChange unnamed = *change;

    unnamed.target_name = NULL;
    what = hl_failed_change_describe (&unnamed);
    g_assert_cmpstr (what, ==, "Edit the contact Unknown Customer");
  }

  /* Discarded: the entry goes, and the caller learns which row to fetch again. */
  g_assert_true (discard (f, entry_of (f, "conversation.assign"), &table, &remote_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (table, ==, HL_STORE_TABLE_CONVERSATIONS);
  g_assert_cmpstr (remote_id, ==, "7");
  g_clear_pointer (&remote_id, g_free);

  g_assert_true (discard (f, entry_of (f, "contact.update"), &table, &remote_id, &error));
  g_assert_cmpint (table, ==, HL_STORE_TABLE_CONTACTS);
  g_assert_cmpstr (remote_id, ==, "9");

  /* The refused assignment and contact edit are gone from the cache at once (the assignee and the
   * fields as they were when the agent made them), and both rows wait, marked in the store, for a sync to fetch them
   * (the next session's, after a restart too). */
  shown = hl_test_query (f->store, "SELECT coalesce (assignee_id, 'none') FROM conversations WHERE id = %" G_GINT64_FORMAT,
                         f->conversation);
  g_assert_cmpstr (shown, ==, assignee);
  contact_shown = hl_test_query (f->store, "SELECT name || '/' || coalesce (email, '-') || '/' || attributes FROM contacts"
                                           " WHERE id = %" G_GINT64_FORMAT, f->contact);
  g_assert_cmpstr (contact_shown, ==, contact_was);
  g_assert_cmpstr (contact_shown, !=, "Jürgen Krause/jk@example.org/{\"plan\":\"basic\",\"seats\":3}");
  marks = hl_test_query (f->store, "SELECT group_concat (key, ' ') FROM (SELECT key FROM sync_state"
                                   " WHERE backend = 'chatwoot' AND key LIKE 'refetch:%%' ORDER BY key)");
  g_assert_cmpstr (marks, ==, "refetch:contact:9 refetch:conversation:7");

  /* A reply is retried from its bubble, never discarded here. */
  g_assert_false (discard (f, entry_of (f, "message.send"), NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpint (entry_of (f, "message.send"), >, 0);
  g_assert_cmpint (hl_test_store_int64 (f->store, "SELECT count(*) FROM outbox"), ==, 2);
  g_assert_cmpint (message, >, 0);

  left = list_failed (f);
  g_assert_cmpuint (left->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/outbox/edits", Fixture, NULL, fixture_setup, test_edits, fixture_teardown);
  g_test_add ("/outbox/order", Fixture, NULL, fixture_setup, test_order, fixture_teardown);
  g_test_add ("/outbox/done-contract", Fixture, NULL, fixture_setup, test_done_contract, fixture_teardown);
  g_test_add_func ("/outbox/find-sent", test_find_sent);
  g_test_add ("/outbox/review", Fixture, NULL, fixture_setup, test_review, fixture_teardown);

  return g_test_run ();
}

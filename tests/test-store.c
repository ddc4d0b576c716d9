/* test-store.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "hl-article.h"
#include "hl-conversation.h"
#include "hl-enums.h"
#include "hl-message.h"
#include "hl-store-caller.h"
#include "hl-store-db.h"
#include "hl-store-edits.h"
#include "hl-store-schema.h"
#include "hl-store-search.h"
#include "hl-test-utils.h"

typedef struct
{
  char    *path;
  HlStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("store-%u.db", n++);

  f->path = hl_test_temp_path (name);
  f->store = hl_test_open_store (f->path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  hl_store_close (f->store);
  g_assert_finalize_object (f->store);
  g_free (f->path);
}

/* Worker-side helpers used through hl_store_run_sync() */

static gpointer
read_pragmas (sqlite3        *db,
              gpointer        data,
              HlStoreTables  *changed,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = hl_db_prepare (db, "PRAGMA journal_mode", error);
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_string_append_printf (out, "%s", sqlite3_column_text (stmt, 0));
  g_string_append_printf (out, " fk=%" G_GINT64_FORMAT, hl_db_query_int64 (db, "PRAGMA foreign_keys", NULL));
  g_string_append_printf (out, " sync=%" G_GINT64_FORMAT, hl_db_query_int64 (db, "PRAGMA synchronous", NULL));
  g_string_append_printf (out, " version=%d", hl_store_schema_version (db, NULL));

  return g_string_free (out, FALSE);
}

static void
test_store_open (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *pragmas = NULL;
  g_autofree char *expected = g_strdup_printf ("wal fk=1 sync=2 version=%d", hl_store_schema_latest ());
  GStatBuf st;

  pragmas = hl_store_run_sync (f->store, read_pragmas, NULL, NULL);
  g_assert_cmpstr (pragmas, ==, expected);

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (hl_store_get_is_open (f->store));
}

typedef struct
{
  gint64 contact;
  gint64 agent;
  gint64 conversation;
  gint64 message;
  gint64 article;
} Ids;

static gpointer
insert_sample (sqlite3        *db,
               gpointer        data,
               HlStoreTables  *changed,
               GError        **error)
{
  Ids *ids = g_new0 (Ids, 1);
  const char *labels[] = { "billing", "refund", NULL };
  HlAgentData agent = { .name = "Ana Ruiz", .role = HL_AGENT_ROLE_AGENT, .availability = HL_AVAILABILITY_ONLINE, .is_me = TRUE };
  HlContactData contact = { .name = "Carmen López", .phone = "+34 612 34 56 78", .email = "carmen@example.com",
                            .attributes = "{\"plan\":\"Fibra 600\"}", .created_at = 1000 };
  HlConversationData conv = { .channel = HL_CHANNEL_CHAT, .inbox = "Website chat", .status = HL_CONVERSATION_STATUS_OPEN,
                              .priority = HL_PRIORITY_HIGH, .labels = labels, .unread = 1, .created_at = 2000 };
  HlMessageData msg = { .kind = HL_MESSAGE_KIND_INCOMING, .body = "Hola,\n  me han cobrado   dos veces la facturación.",
                        .delivery = HL_DELIVERY_DELIVERED, .created_at = 2100 };
  HlArticleData article = { .locale = "es", .category = "Billing", .title = "Facturación duplicada",
                            .body = "Cómo devolver un cobro doble.", .updated_at = 10 };

  if (!hl_db_begin (db, error))
    return NULL;

  ids->agent = hl_db_insert_agent (db, &agent, error);
  ids->contact = hl_db_insert_contact (db, &contact, error);
  conv.contact_id = ids->contact;
  conv.assignee_id = ids->agent;
  ids->conversation = hl_db_insert_conversation (db, &conv, error);
  msg.conversation_id = ids->conversation;
  ids->message = hl_db_insert_message (db, &msg, error);
  ids->article = hl_db_insert_article (db, &article, error);

  g_assert_no_error (error ? *error : NULL);
  hl_db_commit (db, error);

  *changed |= HL_STORE_TABLE_ALL;
  return ids;
}

static gpointer
load_conversation (sqlite3        *db,
                   gpointer        data,
                   HlStoreTables  *changed,
                   GError        **error)
{
  return hl_record_load (HL_TYPE_CONVERSATION, db, *(gint64 *) data, error);
}

static void
test_store_insert_and_load (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree Ids *ids = hl_store_run_sync (f->store, insert_sample, NULL, NULL);
  g_autoptr(HlConversation) conv = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *labels;
  gint64 missing = 4242;

  g_assert_nonnull (ids);
  conv = hl_store_run_sync (f->store, load_conversation, &ids->conversation, &error);
  g_assert_no_error (error);

  g_assert_true (hl_record_get_loaded (HL_RECORD (conv)));
  g_assert_cmpint (hl_record_get_id (HL_RECORD (conv)), ==, ids->conversation);
  g_assert_cmpint (hl_conversation_get_channel (conv), ==, HL_CHANNEL_CHAT);
  g_assert_cmpint (hl_conversation_get_priority (conv), ==, HL_PRIORITY_HIGH);
  g_assert_cmpstr (hl_conversation_get_contact_name (conv), ==, "Carmen López");
  g_assert_cmpstr (hl_conversation_get_assignee_name (conv), ==, "Ana Ruiz");
  g_assert_true (hl_conversation_get_assigned_to_me (conv));
  /* The preview is the last message on one line with its white space folded. */
  g_assert_cmpstr (hl_conversation_get_preview (conv), ==, "Hola, me han cobrado dos veces la facturación.");
  g_assert_cmpint (hl_conversation_get_waiting_since (conv), ==, 2100);
  g_assert_cmpint (hl_conversation_get_message_count (conv), ==, 1);
  labels = hl_conversation_get_labels (conv);
  g_assert_cmpuint (g_strv_length ((char **) labels), ==, 2);
  g_assert_cmpstr (labels[0], ==, "billing");
  g_assert_cmpstr (labels[1], ==, "refund");

  g_assert_null (hl_store_run_sync (f->store, load_conversation, &missing, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND);
}

static gpointer
read_recording_path (sqlite3        *db,
                     gpointer        data,
                     HlStoreTables  *changed,
                     GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = hl_db_prepare (db, "SELECT recording_path FROM calls WHERE id = ?", error);

  sqlite3_bind_int64 (stmt, 1, *(gint64 *) data);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* A recorded call's record links its recording */
static void
test_store_call_recording (Fixture       *f,
                           gconstpointer  data)
{
  HlCallLog log = {
    .direction = HL_CALL_DIRECTION_INCOMING,
    .result = HL_CALL_RESULT_ANSWERED,
    .remote_uri = "sip:customer@example.com",
    .started_at = 1000,
    .answered_at = 1005,
    .ended_at = 1065,
    .recording_path = "/recordings/call-20261204-101500-0123abcd.ogg",
    .mos = -1,
  };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 id;

  hl_store_log_call_async (f->store, &log, NULL, hl_test_store_result, &result);
  id = hl_store_log_call_finish (f->store, hl_test_wait_result (&result, 10000), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  path = hl_store_run_sync (f->store, read_recording_path, &id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, log.recording_path);
}

static gpointer
bad_insert (sqlite3        *db,
            gpointer        data,
            HlStoreTables  *changed,
            GError        **error)
{
  HlConversationData conv = { .channel = HL_CHANNEL_EMAIL, .created_at = 1, .contact_id = 999999 };

  /* The contact doesn't exist: foreign keys refuse it. */
  return GINT_TO_POINTER (hl_db_insert_conversation (db, &conv, error) != 0);
}

static void
test_store_foreign_keys (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (hl_store_run_sync (f->store, bad_insert, NULL, &error));
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_INVALID);
}

typedef struct
{
  gboolean done;
  GError  *error;
} EditState;

static void
on_edit_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  EditState *state = user_data;

  hl_store_edit_finish (HL_STORE (object), result, &state->error);
  state->done = TRUE;
}

static gboolean
edit_done (gpointer data)
{
  return ((EditState *) data)->done;
}

static gpointer
count_outbox (sqlite3        *db,
              gpointer        data,
              HlStoreTables  *changed,
              GError        **error)
{
  gint64 n = hl_db_query_int64 (db, "SELECT count (*) FROM outbox", error);
  return GINT_TO_POINTER ((int) n + 1);
}

static void
test_store_edit_transaction (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree Ids *ids = hl_store_run_sync (f->store, insert_sample, NULL, NULL);
  g_autoptr(HlConversation) conv = NULL;
  EditState state = { 0 };

  /* The local workspace writes no outbox entries. */
  hl_store_set_conversation_status_async (f->store, ids->conversation, HL_CONVERSATION_STATUS_RESOLVED, 0,
                                          NULL, on_edit_done, &state);
  hl_test_wait_until (edit_done, &state, 5000);
  g_assert_no_error (state.error);
  g_assert_cmpint (GPOINTER_TO_INT (hl_store_run_sync (f->store, count_outbox, NULL, NULL)) - 1, ==, 0);

  conv = hl_store_run_sync (f->store, load_conversation, &ids->conversation, NULL);
  g_assert_cmpint (hl_conversation_get_status (conv), ==, HL_CONVERSATION_STATUS_RESOLVED);
  g_assert_cmpint (hl_conversation_get_unread (conv), ==, 0);

  /* With a server backend, the edit and its outbox entry land together… */
  hl_store_set_backend (f->store, "chatwoot");
  state = (EditState) { 0 };
  hl_store_set_conversation_status_async (f->store, ids->conversation, HL_CONVERSATION_STATUS_SNOOZED, 99999,
                                          NULL, on_edit_done, &state);
  hl_test_wait_until (edit_done, &state, 5000);
  g_assert_no_error (state.error);
  g_assert_cmpint (GPOINTER_TO_INT (hl_store_run_sync (f->store, count_outbox, NULL, NULL)) - 1, ==, 1);

  /* …and an edit that fails leaves neither. */
  state = (EditState) { 0 };
  hl_store_set_conversation_status_async (f->store, 987654, HL_CONVERSATION_STATUS_OPEN, 0,
                                          NULL, on_edit_done, &state);
  hl_test_wait_until (edit_done, &state, 5000);
  g_assert_error (state.error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&state.error);
  g_assert_cmpint (GPOINTER_TO_INT (hl_store_run_sync (f->store, count_outbox, NULL, NULL)) - 1, ==, 1);
}

static gpointer
search_articles (sqlite3        *db,
                 gpointer        data,
                 HlStoreTables  *changed,
                 GError        **error)
{
  g_autofree char *query = hl_fts_build_query (data);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 n = 0;
  int rc;

  if (query == NULL)
    return GINT_TO_POINTER (1);

  stmt = hl_db_prepare (db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1", error);
  hl_db_bind_text (stmt, 1, query);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    n++;
  g_assert_cmpint (rc, ==, SQLITE_DONE);

  return GINT_TO_POINTER ((int) n + 1);
}

static int
count_hits (HlStore    *store,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  gpointer hits = hl_store_run_sync (store, search_articles, (gpointer) text, &error);

  g_assert_no_error (error);
  return GPOINTER_TO_INT (hits) - 1;
}

static void
test_store_fts (Fixture       *f,
                gconstpointer  data)
{
  g_autofree Ids *ids = hl_store_run_sync (f->store, insert_sample, NULL, NULL);

  g_assert_cmpint (count_hits (f->store, "facturación"), ==, 1);
  /* Diacritics are folded both ways, and the last word is a prefix. */
  g_assert_cmpint (count_hits (f->store, "facturacion"), ==, 1);
  g_assert_cmpint (count_hits (f->store, "FACTURAC"), ==, 1);
  g_assert_cmpint (count_hits (f->store, "cobro doble"), ==, 1);
  g_assert_cmpint (count_hits (f->store, "cobro triple"), ==, 0);
  /* FTS5 syntax in the input is searched for, never parsed. */
  g_assert_cmpint (count_hits (f->store, "\"unbalanced"), ==, 0);
  g_assert_cmpint (count_hits (f->store, "title:foo AND OR NOT ( * ^"), ==, 0);
  g_assert_cmpint (count_hits (f->store, "   "), ==, 0);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} OpenResult;

static void
on_open_result (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  OpenResult *r = user_data;

  r->ok = hl_store_open_finish (HL_STORE (object), result, &r->error);
  r->done = TRUE;
}

static gboolean
open_result_done (gpointer data)
{
  return ((OpenResult *) data)->done;
}

static GError *
open_error (const char *path)
{
  g_autoptr(HlStore) store = hl_store_new (path);
  OpenResult r = { 0 };

  hl_store_open_async (store, NULL, on_open_result, &r);
  hl_test_wait_until (open_result_done, &r, 5000);
  g_assert_false (r.ok);
  hl_store_close (store);

  return r.error;
}

typedef struct
{
  guint  done;
  gint64 ids[4];
} LogState;

static void
on_call_logged (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LogState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->ids[state->done++] = hl_store_log_call_finish (HL_STORE (object), result, &error);
  g_assert_no_error (error);
}

static gpointer
read_call_disposition (sqlite3        *db,
                       gpointer        data,
                       HlStoreTables  *changed,
                       GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = hl_db_prepare (db, "SELECT disposition FROM calls WHERE id = ?1", error);

  sqlite3_bind_int64 (stmt, 1, GPOINTER_TO_SIZE (data));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gpointer
call_contacts (sqlite3        *db,
               gpointer        data,
               HlStoreTables  *changed,
               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = hl_db_prepare (db, "SELECT group_concat (c.name, ',') FROM"
                                                    " (SELECT contact_id FROM calls ORDER BY id) k"
                                                    " JOIN contacts c ON c.id = k.contact_id", error);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* The name of the contact hl_store_find_caller_async() finds for @uri, or NULL; kept until the
 * next call. */
static const char *
find_caller_name (HlStore    *store,
                  const char *uri)
{
  static HlContact *contact;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&contact);
  hl_store_find_caller_async (store, uri, NULL, hl_test_store_result, &result);
  contact = hl_store_find_caller_finish (store, hl_test_wait_result (&result, 10000), &error);
  g_assert_no_error (error);

  return contact ? hl_contact_get_name (contact) : NULL;
}

/* Caller-id of logged calls: numbers match by their digits, SIP user names only by themselves
 * ("customer2" is not "agent2" although both end in 2); a transferred call keeps its disposition. */
static void
test_store_log_call_caller_id (Fixture       *f,
                               gconstpointer  data)
{
  const HlCallLog calls[] = {
    { .remote_uri = "sip:agent2@pbx.invalid", .remote_name = "Bruno", .started_at = 100, .mos = -1 },
    { .remote_uri = "sip:customer2@pbx.invalid", .remote_name = "Diego", .started_at = 200, .mos = -1,
      .result = HL_CALL_RESULT_ANSWERED, .answered_at = 201, .ended_at = 260,
      .disposition = HL_CALL_DISPOSITION_TRANSFERRED },
    { .remote_uri = "sip:+34611482907@pbx.invalid", .remote_name = "Carmen", .started_at = 300, .mos = -1 },
    { .remote_uri = "tel:+34-611-482-907", .started_at = 400, .mos = -1 },
  };
  LogState state = { 0 };
  g_autofree char *names = NULL;
  g_autofree char *disposition = NULL;

  /* One at a time: each call may create the contact the next one matches. */
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      hl_store_log_call_async (f->store, &calls[i], NULL, on_call_logged, &state);
      while (state.done <= i)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (state.done, ==, 4);

  names = hl_store_run_sync (f->store, call_contacts, NULL, NULL);
  g_assert_cmpstr (names, ==, "Bruno,Diego,Carmen,Carmen");

  disposition = hl_store_run_sync (f->store, read_call_disposition, GSIZE_TO_POINTER (state.ids[1]), NULL);
  g_assert_cmpstr (disposition, ==, "transferred");

  /* A live call's caller-id (the call card) follows the same rule */
  g_assert_cmpstr (find_caller_name (f->store, "sip:+34611482907@other.invalid;user=phone"), ==, "Carmen");
  g_assert_cmpstr (find_caller_name (f->store, "tel:+34 611 48 29 07"), ==, "Carmen");
  g_assert_cmpstr (find_caller_name (f->store, "sip:customer2@pbx.invalid"), ==, "Diego");
  g_assert_null (find_caller_name (f->store, "sip:customer3@pbx.invalid"));
  g_assert_null (find_caller_name (f->store, "sip:+34600000000@pbx.invalid"));
  g_assert_null (find_caller_name (f->store, "sip:pbx.invalid"));
}

static void
test_store_open_errors (void)
{
  g_autofree char *garbage_path = hl_test_temp_path ("garbage.db");
  g_autofree char *file_as_dir = hl_test_temp_path ("plain-file");
  g_autofree char *under_file = g_build_filename (file_as_dir, "sub", "x.db", NULL);
  g_autofree char *newer_path = hl_test_temp_path ("newer.db");
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  char block[4096];

  /* Not a database */
  memset (block, 'x', sizeof block);
  g_assert_true (g_file_set_contents (garbage_path, block, sizeof block, NULL));
  error = open_error (garbage_path);
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  /* A folder that can't be created (a file stands in its way) */
  g_assert_true (g_file_set_contents (file_as_dir, "x", 1, NULL));
  error = open_error (under_file);
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_UNWRITABLE);
  g_assert_true (strstr (error->message, file_as_dir) != NULL);
  g_clear_error (&error);

  /* A schema from the future */
  g_assert_cmpint (sqlite3_open (newer_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  error = open_error (newer_path);
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_TOO_NEW);
}

static void
test_store_corrupt (void)
{
  g_autofree char *path = hl_test_temp_path ("corrupt.db");
  g_autofree char *moved = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(HlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char garbage[] = "This is not an SQLite database, just a file with text in it. It is long enough.";
  gsize len;

  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));

  error = open_error (path);
  g_assert_error (error, HL_STORE_ERROR, HL_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  /* Moving it aside keeps every byte, under a new name, and frees the path. */
  g_assert_true (hl_store_move_aside (path, &moved, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_str_has_prefix (moved, path));
  g_assert_nonnull (strstr (moved, ".corrupt-"));
  g_assert_true (g_file_get_contents (moved, &contents, &len, NULL));
  g_assert_cmpstr (contents, ==, garbage);

  /* And a fresh workspace opens there. */
  store = hl_test_open_store (path);
  hl_store_close (store);
}

static void
test_fts_query_builder (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "", NULL },
    { "   \t\n", NULL },
    { "router", "\"router\"*" },
    { "  router   lights ", "\"router\" \"lights\"*" },
    { "say \"hi\"", "\"say\" \"\"\"hi\"\"\"*" },
    { "a:b OR c*", "\"a:b\" \"OR\" \"c*\"*" },
    { "Kündigung", "\"Kündigung\"*" },
    { "فاتورة", "\"فاتورة\"*" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = hl_fts_build_query (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }

  g_assert_null (hl_fts_build_query ("\xff\xfe invalid"));
  g_assert_null (hl_fts_build_query (NULL));
}

static void
test_like_pattern (void)
{
  g_autofree char *a = hl_like_pattern ("50%_off\\");
  g_autofree char *b = hl_like_pattern ("");

  g_assert_cmpstr (a, ==, "%50\\%\\_off\\\\%");
  g_assert_cmpstr (b, ==, "%%");
}

static void
test_normalize_phone (void)
{
  g_autofree char *a = hl_normalize_phone ("+34 612 34-56 (78)");
  g_autofree char *b = hl_normalize_phone ("0049 151 2345");
  g_autofree char *c = hl_normalize_phone ("no digits");

  g_assert_cmpstr (a, ==, "+34612345678");
  g_assert_cmpstr (b, ==, "00491512345");
  g_assert_null (c);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/store/open", Fixture, NULL, fixture_setup, test_store_open, fixture_teardown);
  g_test_add ("/store/insert-and-load", Fixture, NULL, fixture_setup, test_store_insert_and_load, fixture_teardown);
  g_test_add ("/store/foreign-keys", Fixture, NULL, fixture_setup, test_store_foreign_keys, fixture_teardown);
  g_test_add ("/store/edit-transaction", Fixture, NULL, fixture_setup, test_store_edit_transaction, fixture_teardown);
  g_test_add ("/store/fts", Fixture, NULL, fixture_setup, test_store_fts, fixture_teardown);
  g_test_add ("/store/log-call-caller-id", Fixture, NULL, fixture_setup, test_store_log_call_caller_id, fixture_teardown);
  g_test_add ("/store/call-recording", Fixture, NULL, fixture_setup, test_store_call_recording, fixture_teardown);
  g_test_add_func ("/store/corrupt", test_store_corrupt);
  g_test_add_func ("/store/open-errors", test_store_open_errors);
  g_test_add_func ("/store/fts-query-builder", test_fts_query_builder);
  g_test_add_func ("/store/like-pattern", test_like_pattern);
  g_test_add_func ("/store/normalize-phone", test_normalize_phone);

  return g_test_run ();
}

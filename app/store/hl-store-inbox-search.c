/* hl-store-inbox-search.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hl-store-inbox-search.h"
#include "hl-store-private.h"
#include "hl-store-search.h"

/* Which conversations the inbox search matches: every word somewhere in its messages (the last
 * word as a prefix), or the whole text inside its contact's name, email or phone, or inside its
 * subject.
 *
 * The list and the counts of the three views ask the same question, right after each other, so the
 * answer is an SQL function, hl_inbox_search (conversation_id, contact_id, text), over a set that is
 * computed once per text and kept on the connection until the database changes. Computing it reads
 * only indexes: conversation_words (schema v7) holds each conversation's words once, so a word in
 * every message yields one entry per conversation, not one per message; the trigram indexes find
 * substrings of contacts and subjects. Text shorter than three characters has no trigram, and is
 * looked for with LIKE as before.
 *
 * conversation_words keeps no positions, so it can't answer phrases: the text is cut into words by
 * the index's own tokenizer, and each word is looked for on its own ("2026-11" finds "2026" and
 * "11"), which never makes a query FTS5 refuses. */

typedef struct
{
  /* The tokenizer of conversation_words, for the words of the text. */
  fts5_tokenizer  tokenizer;
  Fts5Tokenizer  *words;

  char         *text;
  sqlite3_int64 changes;        /* sqlite3_total_changes64 () when computed */
  unsigned int  data_version;   /* the file's, for writes from other connections */
  GArray       *conversations;  /* sorted gint64 */
  GArray       *conversation_bits; /* guint8, bit i set for conversation i; NULL for far ids */
  GArray       *contacts;       /* sorted gint64 */
} Matches;

static void
matches_clear (Matches *matches)
{
  g_clear_pointer (&matches->text, g_free);
  g_clear_pointer (&matches->conversations, g_array_unref);
  g_clear_pointer (&matches->conversation_bits, g_array_unref);
  g_clear_pointer (&matches->contacts, g_array_unref);
}

static void
matches_free (gpointer data)
{
  Matches *matches = data;

  matches_clear (matches);
  if (matches->words != NULL)
    matches->tokenizer.xDelete (matches->words);
  g_free (matches);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Appends the ids (column 0) that @sql finds for @param to @ids, which stays sorted and unique. */
static gboolean
collect_ids (sqlite3     *db,
             const char  *sql,
             const char  *param,
             GArray      *ids,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean sorted = TRUE;
  int rc;

  if (!(stmt = hl_db_prepare (db, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 last = ids->len > 0 ? g_array_index (ids, gint64, ids->len - 1) : G_MININT64;

      /* Message words come in conversation order, a conversation's messages together. */
      if (id == last)
        continue;
      if (id < last)
        sorted = FALSE;
      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    return hl_store_set_error (error, db, rc);

  if (!sorted)
    {
      guint kept = 0;

      g_array_sort (ids, compare_ids);
      for (guint i = 0; i < ids->len; i++)
        if (kept == 0 || g_array_index (ids, gint64, i) != g_array_index (ids, gint64, kept - 1))
          g_array_index (ids, gint64, kept++) = g_array_index (ids, gint64, i);
      g_array_set_size (ids, kept);
    }

  return TRUE;
}

/* An FTS5 string for the trigram tables: the whole text as one phrase, which matches where it
 * appears as a substring. */
static char *
phrase_query (const char *text)
{
  g_autoptr(GString) query = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, *p);
    }
  g_string_append_c (query, '"');

  return g_string_free (g_steal_pointer (&query), FALSE);
}

static int
add_word (void       *data,
          int         flags,
          const char *token,
          int         n_token,
          int         start,
          int         end)
{
  GString *query = data;

  /* A word's other forms (COLOCATED) don't come from unicode61; skip them if they ever do. */
  if (flags & FTS5_TOKEN_COLOCATED)
    return SQLITE_OK;

  if (query->len > 0)
    g_string_append_c (query, ' ');
  g_string_append_c (query, '"');
  for (int i = 0; i < n_token; i++)
    {
      if (token[i] == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, token[i]);
    }
  g_string_append_c (query, '"');

  return SQLITE_OK;
}

/* The FTS5 query for conversation_words: each word of @text, the last one as a prefix (it may be
 * the one being typed); NULL when @text has no word. */
static char *
word_query (Matches     *matches,
            const char  *text,
            GError     **error)
{
  g_autoptr(GString) query = g_string_new (NULL);
  int rc;

  rc = matches->tokenizer.xTokenize (matches->words, query, FTS5_TOKENIZE_QUERY,
                                     text, (int) strlen (text), add_word);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_FAILED,
                   "Could not cut the search text into words (%s)", sqlite3_errstr (rc));
      return NULL;
    }

  if (query->len == 0)
    return g_strdup ("");

  g_string_append_c (query, '*');
  return g_string_free (g_steal_pointer (&query), FALSE);
}

static gboolean
compute (sqlite3     *db,
         Matches     *matches,
         const char  *text,
         GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  gboolean short_text = g_utf8_strlen (stripped, -1) < 3;
  g_autofree char *pattern = short_text ? hl_like_pattern (stripped) : phrase_query (stripped);
  g_autofree char *words = NULL;

  matches->conversations = g_array_new (FALSE, FALSE, sizeof (gint64));
  matches->contacts = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* Nothing but spaces: nothing to look for. */
  if (*stripped == '\0')
    return TRUE;

  if (!(words = word_query (matches, stripped, error)))
    return FALSE;

  /* Rowids are conversation ids, in order. Text without a word (only punctuation) can still be
   * part of a contact or a subject. */
  if (*words != '\0' &&
      !collect_ids (db, "SELECT rowid FROM conversation_words WHERE conversation_words MATCH ?1",
                    words, matches->conversations, error))
    return FALSE;

  if (short_text)
    return collect_ids (db, "SELECT id FROM conversations WHERE subject IS NOT NULL AND subject LIKE ?1 ESCAPE '\\'",
                        pattern, matches->conversations, error) &&
           collect_ids (db,
                        "SELECT id FROM contacts WHERE name LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\'"
                        " OR phone LIKE ?1 ESCAPE '\\'",
                        pattern, matches->contacts, error);

  return collect_ids (db, "SELECT rowid FROM subjects_search WHERE subjects_search MATCH ?1",
                      pattern, matches->conversations, error) &&
         collect_ids (db, "SELECT rowid FROM contacts_search WHERE contacts_search MATCH ?1",
                      pattern, matches->contacts, error);
}

static gboolean
contains (GArray *ids,
          gint64  id)
{
  return ids->len > 0 && bsearch (&id, ids->data, ids->len, sizeof (gint64), compare_ids) != NULL;
}

/* The list and the counts test every conversation of the view: with a word in every message, a
 * bit per conversation id answers faster than a binary search among 100,000. Ids are rowids, small
 * unless a writer chose them; past 64 million the search stays binary. */
#define MAX_BITS_ID (G_GINT64_CONSTANT (1) << 26)

static void
set_conversation_bits (Matches *matches)
{
  GArray *ids = matches->conversations;
  gint64 last;

  if (ids->len == 0 || g_array_index (ids, gint64, 0) < 0 ||
      (last = g_array_index (ids, gint64, ids->len - 1)) >= MAX_BITS_ID)
    return;

  matches->conversation_bits = g_array_sized_new (FALSE, TRUE, 1, (guint) (last / 8 + 1));
  g_array_set_size (matches->conversation_bits, (guint) (last / 8 + 1));
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      matches->conversation_bits->data[id / 8] |= (guint8) (1u << (id % 8));
    }
}

static gboolean
contains_conversation (Matches *matches,
                       gint64   id)
{
  GArray *bits = matches->conversation_bits;

  if (bits == NULL)
    return contains (matches->conversations, id);

  return id >= 0 && id / 8 < bits->len && (bits->data[id / 8] & (1u << (id % 8))) != 0;
}

/* The set for @text, computed again when the text or the database changed. Checked once per
 * statement: the text's auxiliary data says the set is current for the rest of it. */
static Matches *
current_matches (sqlite3_context  *context,
                 const char       *text,
                 GError          **error)
{
  Matches *matches = sqlite3_user_data (context);
  sqlite3 *db = sqlite3_context_db_handle (context);
  sqlite3_int64 changes;
  unsigned int data_version = 0;

  if (sqlite3_get_auxdata (context, 2) != NULL)
    return matches;

  changes = sqlite3_total_changes64 (db);
  sqlite3_file_control (db, "main", SQLITE_FCNTL_DATA_VERSION, &data_version);

  if (matches->text == NULL || strcmp (matches->text, text) != 0 ||
      matches->changes != changes || matches->data_version != data_version)
    {
      matches_clear (matches);
      if (!compute (db, matches, text, error))
        {
          matches_clear (matches);
          return NULL;
        }
      set_conversation_bits (matches);
      matches->text = g_strdup (text);
      matches->changes = changes;
      matches->data_version = data_version;
    }

  sqlite3_set_auxdata (context, 2, matches, NULL);
  return matches;
}

static void
search_func (sqlite3_context  *context,
             int               argc,
             sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[2]);
  g_autoptr(GError) error = NULL;
  Matches *matches;

  if (text == NULL)
    {
      sqlite3_result_int (context, 0);
      return;
    }

  if (!(matches = current_matches (context, text, &error)))
    {
      sqlite3_result_error (context, error->message, -1);
      return;
    }

  sqlite3_result_int (context,
                      contains_conversation (matches, sqlite3_value_int64 (argv[0])) ||
                      (sqlite3_value_type (argv[1]) != SQLITE_NULL &&
                       contains (matches->contacts, sqlite3_value_int64 (argv[1]))));
}

/* FTS5's API, which the connection hands out through "SELECT fts5 (?)" with a pointer bound. */
static fts5_api *
get_fts5 (sqlite3  *db,
          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  fts5_api *api = NULL;
  int rc;

  if (!(stmt = hl_db_prepare (db, "SELECT fts5 (?1)", error)))
    return NULL;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW || api == NULL)
    {
      hl_store_set_error (error, db, rc == SQLITE_ROW ? SQLITE_ERROR : rc);
      return NULL;
    }

  return api;
}

gboolean
hl_inbox_search_register (sqlite3  *db,
                          GError  **error)
{
  /* As conversation_words is declared (app/store/hl-store-schema.c, v7). */
  const char *options[] = { "remove_diacritics", "2" };
  Matches *matches;
  fts5_api *api;
  void *user_data = NULL;
  int rc;

  if (!(api = get_fts5 (db, error)))
    return FALSE;

  matches = g_new0 (Matches, 1);
  if ((rc = api->xFindTokenizer (api, "unicode61", &user_data, &matches->tokenizer)) != SQLITE_OK ||
      (rc = matches->tokenizer.xCreate (user_data, options, G_N_ELEMENTS (options), &matches->words)) != SQLITE_OK)
    {
      matches_free (matches);
      return hl_store_set_error (error, db, rc);
    }

  /* On failure, SQLite frees the user data itself. */
  rc = sqlite3_create_function_v2 (db, "hl_inbox_search", 3, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                   matches, search_func, NULL, NULL, matches_free);
  if (rc != SQLITE_OK)
    return hl_store_set_error (error, db, rc);

  return TRUE;
}

/* fuzz-fts-query.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "hl-store-search.h"

/* libFuzzer target: whatever the agent types into a search entry, the FTS5 query built from it
 * must parse (no "fts5: syntax error"). Runs it against a tiny in-memory index. */
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *stmt;

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *query = hl_fts_build_query (text);
  int rc;

  if (db == NULL)
    {
      sqlite3_open (":memory:", &db);
      sqlite3_exec (db,
                    "CREATE VIRTUAL TABLE t USING fts5 (body, tokenize='unicode61 remove_diacritics 2');"
                    "INSERT INTO t VALUES ('Der Router blinkt rot'), ('facturación doble');",
                    NULL, NULL, NULL);
      sqlite3_prepare_v2 (db, "SELECT rowid FROM t WHERE t MATCH ?1", -1, &stmt, NULL);
    }

  if (query == NULL)
    return 0;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;

  if (rc != SQLITE_DONE)
    g_error ("query %s from input failed: %s", query, sqlite3_errmsg (db));

  return 0;
}

/* hl-store-caller.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include <string.h>

#include "hl-store-caller.h"

/**
 * hl_caller_number_from_uri:
 * @remote_uri: the other side of a call: sip:+34612345678@pbx;user=phone, tel:+34612345678
 *
 * The part of the address that names the caller: the user part of a SIP URI ("+34612345678",
 * "customer2"), or a tel: number.
 *
 * Returns: (transfer full): the text
 */
char *
hl_caller_number_from_uri (const char *remote_uri)
{
  const char *user;
  const char *end;

  g_return_val_if_fail (remote_uri != NULL, NULL);

  user = strchr (remote_uri, ':');
  user = user ? user + 1 : remote_uri;
  end = strchr (user, '@');

  return end ? g_strndup (user, end - user) : g_strdup (user);
}

/**
 * hl_db_find_caller:
 * @number: what hl_caller_number_from_uri() gives
 *
 * On the store worker: the customer whose phone number matches @number by its digits (so
 * "+34 612 34 56 78" is "+34612345678"). A SIP user name ("customer2", "alice") is no number: its
 * digits alone would match another name's ("agent2"), so it only matches a contact whose phone is
 * that same name.
 *
 * Returns: the contact's id, 0 for none, -1 with @error set
 */
gint64
hl_db_find_caller (sqlite3     *db,
                   const char  *number,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autofree char *key = hl_normalize_phone (number);
  gboolean is_name = FALSE;
  const char *match;
  int rc;

  for (const char *p = number; p && *p && !is_name; p++)
    is_name = g_ascii_isalpha (*p);
  match = is_name ? number : key;
  if (match == NULL)
    return 0;

  if (!(find = hl_db_prepare (db, is_name ? "SELECT id FROM contacts WHERE phone = ?1 ORDER BY id LIMIT 1"
                                          : "SELECT id FROM contacts WHERE phone_key = ?1 ORDER BY id LIMIT 1",
                              error)))
    return -1;
  hl_db_bind_text (find, 1, match);

  rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (find, 0);
  if (rc == SQLITE_DONE)
    return 0;

  hl_store_set_error (error, db, rc);
  return -1;
}

static gpointer
find_caller (sqlite3        *db,
             gpointer        data,
             HlStoreTables  *changed,
             GError        **error)
{
  gint64 id = hl_db_find_caller (db, data, error);

  if (id <= 0)
    return NULL;

  return hl_record_load (HL_TYPE_CONTACT, db, id, error);
}

/**
 * hl_store_find_caller_async:
 * @remote_uri: the other side of a call
 *
 * Looks up the customer a call is with, on the store's worker, by the rule of
 * hl_db_find_caller(); the call log matches its calls the same way.
 */
void
hl_store_find_caller_async (HlStore             *self,
                            const char          *remote_uri,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HL_IS_STORE (self));
  g_return_if_fail (remote_uri != NULL);

  hl_store_run_async (self, find_caller, hl_caller_number_from_uri (remote_uri), g_free, g_object_unref,
                      cancellable, callback, user_data);
}

/* The contact, or %NULL for a caller no contact matches (no error) or with @error set. */
HlContact *
hl_store_find_caller_finish (HlStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return hl_store_run_finish (self, result, error);
}

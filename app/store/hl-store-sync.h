/* hl-store-sync.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-store-db.h"

G_BEGIN_DECLS

/* Writers for data that comes from a team server: each one inserts the row or, when a row with
 * the same remote id is already there, updates it in place (its local id, which other rows refer
 * to, stays). They run on the store worker inside the caller's transaction, like hl-store-db.h's
 * writers, and return the local id (0 with @error set on failure).
 *
 * Messages follow the outbox contract: a message the agent wrote exists locally with its echo_id
 * and no remote id until the server has it. A server message is matched first by remote id, then
 * by echo_id, and updates that row (remote id, delivery, body, time); it never adds a second one.
 * Server data wins for messages. */

typedef enum
{
  HL_REFERENCE_INBOX,
  HL_REFERENCE_TEAM,
  HL_REFERENCE_LABEL,
  HL_REFERENCE_CANNED_RESPONSE,
  HL_REFERENCE_CONTACT_ATTRIBUTE,
  HL_REFERENCE_CONVERSATION_ATTRIBUTE,
  HL_N_REFERENCE_KINDS
} HlReferenceKind;

/* One entry of a reference list (table reference_items, schema 3). */
typedef struct
{
  const char *remote_id;
  const char *key;      /* what other rows use: a label's title, a short code, an attribute key */
  const char *name;     /* what people read */
  const char *value;    /* the payload: a response's text, a channel type, an attribute type */
  const char *details;  /* everything else, a JSON object (NULL: "{}") */
} HlReferenceData;

const char *hl_reference_kind_to_string      (HlReferenceKind          kind);
gboolean    hl_store_sync_find               (sqlite3                 *db,
                                              HlStoreTables            table,
                                              const char              *remote_id,
                                              gint64                  *id,
                                              GError                 **error);
gint64      hl_store_sync_agent              (sqlite3                 *db,
                                              const HlAgentData       *data,
                                              GError                 **error);
gboolean    hl_store_sync_presence           (sqlite3                 *db,
                                              GHashTable              *availability,
                                              gint64                   now,
                                              GError                 **error);
gint64      hl_store_sync_contact            (sqlite3                 *db,
                                              const HlContactData     *data,
                                              gint64                   now,
                                              GError                 **error);
gboolean    hl_store_sync_delete_contact     (sqlite3                 *db,
                                              const char              *remote_id,
                                              GError                 **error);
gint64      hl_store_sync_conversation       (sqlite3                 *db,
                                              const HlConversationData *data,
                                              gint64                   last_activity_at,
                                              gint64                   waiting_since,
                                              GError                 **error);
gboolean    hl_store_sync_unread             (sqlite3                 *db,
                                              const char              *conversation_remote_id,
                                              int                      unread,
                                              GError                 **error);
gint64      hl_store_sync_message            (sqlite3                 *db,
                                              const HlMessageData     *data,
                                              const char              *error_text,
                                              GError                 **error);
/* Rows to fetch from the server again (after the agent discarded a refused change): marks kept in
 * sync_state ("refetch:conversation:ID", "refetch:contact:ID" with the server's ids), so that the
 * next session's sync fetches them even after a restart; it forgets them once fetched. */
char       *hl_store_sync_refetch_mark       (HlStoreTables            table,
                                              const char              *remote_id);
gboolean    hl_store_sync_add_refetch        (sqlite3                 *db,
                                              const char              *backend,
                                              const char              *mark,
                                              GError                 **error);
char      **hl_store_sync_list_refetches     (sqlite3                 *db,
                                              const char              *backend,
                                              GError                 **error);
gboolean    hl_store_sync_forget_refetches   (sqlite3                 *db,
                                              const char              *backend,
                                              const char * const      *marks,
                                              GError                 **error);
gboolean    hl_store_sync_keep_articles      (sqlite3                 *db,
                                              const char * const      *remote_ids,
                                              HlStoreTables           *changed,
                                              GError                 **error);
gint64      hl_store_sync_article            (sqlite3                 *db,
                                              const HlArticleData     *data,
                                              GError                 **error);
gboolean    hl_store_sync_references         (sqlite3                 *db,
                                              HlReferenceKind          kind,
                                              const HlReferenceData   *items,
                                              guint                    n_items,
                                              GError                 **error);
gint64      hl_store_sync_newest_message     (sqlite3                 *db,
                                              gint64                   conversation_id,
                                              GError                 **error);

G_END_DECLS

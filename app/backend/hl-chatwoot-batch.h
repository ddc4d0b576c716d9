/* hl-chatwoot-batch.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "hl-chatwoot-json.h"
#include "hl-store-sync.h"

G_BEGIN_DECLS

/* One batch of Chatwoot data for the store: what one REST page or one cable event brought, mapped
 * (hl-chatwoot-json.h) on the main thread and written on the store worker in one transaction by
 * hl_chatwoot_batch_apply (), an HlStoreFunc. Mapping happens before anything is written, so
 * malformed JSON never leaves half a page in the cache.
 *
 * Chatwoot ids are resolved to local rows while applying: contacts first, then conversations
 * (their meta.sender contact and last message come with them), then messages. A message of a
 * conversation the store doesn't have is skipped and counted in missing_conversations, so that
 * the caller can fetch the conversation. Batches are reference counted: the store job holds one
 * reference and the caller another, to read the results after the job. */

typedef struct
{
  GPtrArray   *agents;              /* HlChatwootAgent */
  GHashTable  *presence;            /* agent remote id → HlAvailability, or NULL: no presence */
  GPtrArray   *contacts;            /* HlChatwootContact */
  GPtrArray   *deleted_contacts;    /* remote ids */
  GPtrArray   *conversations;       /* HlChatwootConversation */
  GPtrArray   *messages;            /* HlChatwootMessage */
  GHashTable  *unread;              /* conversation display id (gint64*) → unread count, after the messages */
  GPtrArray   *articles;            /* HlChatwootArticle */
  GPtrArray   *kept_articles;       /* remote ids: every other article goes (a whole help-center
                                     * refresh saw only these published), or NULL: none goes */
  GArray      *references[HL_N_REFERENCE_KINDS];  /* HlReferenceData, or NULL: kind not in batch */
  GHashTable  *sync_values;         /* sync_state key → value, written last */
  GPtrArray   *refetched;           /* refetch marks to forget (hl_store_sync_refetch_mark ()), or NULL */
  gboolean     want_cursors;        /* fill cursors before writing the conversations */

  /* results, valid after the job */
  GHashTable  *cursors;             /* conversation display id (gint64*) → newest known message id */
  GHashTable  *local_ids;           /* conversation display id (gint64*) → local id */
  guint        missing_conversations;

  /*< private >*/
  GStringChunk *strings;
} HlChatwootBatch;

HlChatwootBatch *hl_chatwoot_batch_new             (void);
HlChatwootBatch *hl_chatwoot_batch_ref             (HlChatwootBatch  *batch);
void             hl_chatwoot_batch_unref           (HlChatwootBatch  *batch);
gboolean         hl_chatwoot_batch_add_references  (HlChatwootBatch  *batch,
                                                    HlReferenceKind   kind,
                                                    JsonNode         *root,
                                                    GError          **error);
gboolean         hl_chatwoot_batch_add_presence    (HlChatwootBatch  *batch,
                                                    JsonObject       *data,
                                                    GError          **error);
void             hl_chatwoot_batch_set_sync_value  (HlChatwootBatch  *batch,
                                                    const char       *key,
                                                    const char       *value);
gboolean         hl_chatwoot_batch_is_empty        (HlChatwootBatch  *batch);
gpointer         hl_chatwoot_batch_apply           (sqlite3          *db,
                                                    gpointer          data,
                                                    HlStoreTables    *changed,
                                                    GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlChatwootBatch, hl_chatwoot_batch_unref)

G_END_DECLS

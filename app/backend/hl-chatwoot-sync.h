/* hl-chatwoot-sync.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-actioncable.h"
#include "hl-chatwoot-client.h"
#include "hl-store.h"

G_BEGIN_DECLS

/* HlChatwootSync keeps the store's copy of a Chatwoot account up to date (API.md §2–§7, §11).
 *
 * Lifecycle: hl_chatwoot_sync_new () with an open HlStore, a client that has its access token and
 * account id, and optionally the account's HlActionCable (started by its owner); set_phone_inbox_id ()
 * names the inbox whose conversations are calls (the `phone-inbox-id` setting). start () runs
 * the initial sync when the store has never been synced with this account, else a delta sync;
 * then a delta sync every `interval` seconds, and on the cable's ::resync-needed (after every
 * (re)subscription, since ActionCable replays nothing). stop () cancels what runs and stops
 * listening. sync_now () asks for a delta sync at once (an initial one if none completed yet);
 * while a sync runs, the request is kept and runs after it. refetch () does the same and has that
 * sync also fetch one conversation or contact by id (after the agent discarded a refused change).
 *
 * Initial sync: profile, inboxes, agents (with availability), teams, labels, canned responses,
 * custom attribute definitions, open/pending/snoozed conversations of every page with their
 * contacts and the last message each carries in the list (API.md §2.3), and the published
 * articles of every portal in every locale. A conversation's thread is fetched when it is opened:
 * hl_chatwoot_sync_fetch_thread_async () (one request per conversation up front made the initial
 * sync of 8,000 conversations take minutes).
 * Delta sync: agents, conversations updated since the last sync (`updated_within`, all statuses,
 * unpaginated) and the messages after the newest one the store knows for each; every ten minutes
 * (set_help_center_interval ()) and when the account's cache is invalidated, the help center
 * again, and articles no longer published (draft, archived or deleted) leave the store. It never calls
 * conversations/meta (30/min, API.md §12).
 *
 * Each REST page (and each cable event) is written in one store transaction, which makes the store
 * emit one ::changed. Up to four requests are in flight. A 429 holds back every request (threads
 * included) for its Retry-After; other transient failures (no network, 5xx)
 * are retried after a randomised exponential back-off; after the last attempt, or on any other
 * error, the sync stops with `state` ERROR and `last-error` a sentence for the UI. Malformed JSON
 * is refused before anything of its page is written, so the cache stays as it was.
 *
 * Realtime events (API.md §11.5) go to the store as they come: messages created/updated (with
 * the conversation's unread count they carry),
 * conversations created/updated/status changed/read/assignee or team changed, contacts
 * created/updated/merged/deleted, presence. Typing is not stored: it is the ::typing signal.
 * Events about a conversation the store doesn't have, `conversation.unread_count_changed` and
 * `account.cache_invalidated` start a delta sync instead.
 *
 * Properties (all read-only, notified on change): `state` (HlChatwootSyncState), `phase`
 * (translated text of what runs, "" when idle), `fraction` (0–1 progress of the running sync;
 * 1 once done), `last-error` (NULL unless state is ERROR), `last-synced-at` (Unix seconds of the
 * start of the last complete sync, 0: never).
 *
 * Signals:
 *   ::typing (gint64 conversation, gboolean on, const char *who) — a contact or agent started or
 *     stopped typing in the conversation with that local id.
 *   ::synced (gboolean initial) — a sync run completed without error. */

typedef enum
{
  HL_CHATWOOT_SYNC_IDLE,
  HL_CHATWOOT_SYNC_SYNCING,
  HL_CHATWOOT_SYNC_ERROR,
} HlChatwootSyncState;

#define HL_TYPE_CHATWOOT_SYNC_STATE (hl_chatwoot_sync_state_get_type ())
#define HL_TYPE_CHATWOOT_SYNC (hl_chatwoot_sync_get_type ())

G_DECLARE_FINAL_TYPE (HlChatwootSync, hl_chatwoot_sync, HL, CHATWOOT_SYNC, GObject)

GType                hl_chatwoot_sync_state_get_type     (void) G_GNUC_CONST;

HlChatwootSync      *hl_chatwoot_sync_new                (HlStore           *store,
                                                          HlChatwootClient  *client,
                                                          HlActionCable     *cable);
void                 hl_chatwoot_sync_start              (HlChatwootSync    *self);
void                 hl_chatwoot_sync_stop               (HlChatwootSync    *self);
void                 hl_chatwoot_sync_sync_now           (HlChatwootSync    *self);
void                 hl_chatwoot_sync_refetch            (HlChatwootSync    *self,
                                                          HlStoreTables      table,
                                                          const char        *remote_id);
HlChatwootSyncState  hl_chatwoot_sync_get_state          (HlChatwootSync    *self);
const char          *hl_chatwoot_sync_get_phase          (HlChatwootSync    *self);
double               hl_chatwoot_sync_get_fraction       (HlChatwootSync    *self);
const char          *hl_chatwoot_sync_get_last_error     (HlChatwootSync    *self);
gint64               hl_chatwoot_sync_get_last_synced_at (HlChatwootSync    *self);
void                 hl_chatwoot_sync_set_interval       (HlChatwootSync    *self,
                                                          guint              seconds);
void                 hl_chatwoot_sync_set_help_center_interval (HlChatwootSync *self,
                                                                guint           seconds);
void                 hl_chatwoot_sync_set_phone_inbox_id (HlChatwootSync    *self,
                                                          gint64             inbox_id);

void                 hl_chatwoot_sync_fetch_thread_async (HlChatwootSync    *self,
                                                          gint64             conversation,
                                                          gint64             before,
                                                          GCancellable      *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer           user_data);
gssize               hl_chatwoot_sync_fetch_thread_finish (HlChatwootSync   *self,
                                                          GAsyncResult      *result,
                                                          GError           **error);

/* For tests: the retry back-off, in milliseconds, and how many attempts a request gets. */
void                 hl_chatwoot_sync_set_retry          (HlChatwootSync    *self,
                                                          guint              min_backoff_ms,
                                                          guint              max_backoff_ms,
                                                          guint              attempts);

G_END_DECLS

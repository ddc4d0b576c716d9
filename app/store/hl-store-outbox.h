/* hl-store-outbox.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-store.h"

G_BEGIN_DECLS

/* The sender's side of the outbox: the edits (hl-store-edits.h) put entries in, a backend's sender
 * takes them out one at a time, in order, and records how each went. Every call is one transaction
 * on the store's worker; those that change an entry emit ::changed with HL_STORE_TABLE_OUTBOX (and
 * the tables of the rows they update). */

typedef struct
{
  gint64   id;
  char    *operation;          /* "message.send", "conversation.status", … */
  gint64   target_id;          /* the local row: a message for message.send, else the conversation, contact or agent */
  char    *payload;            /* a JSON object */
  guint    attempts;           /* before this one: > 0 means an earlier attempt may have reached the server */
  gint64   attempted_at;       /* the first attempt, Unix seconds (this one's when attempts is 0) */
  char    *target_remote_id;   /* the server's id of the conversation (for messages too), contact or agent; NULL if unknown */
  /* message.send only */
  gint64   conversation_id;
  char    *echo_id;
  char    *body;
  gboolean is_note;
  char    *attachments;        /* the row's attachments column: files here are uploaded with it */
  char    *message_remote_id;  /* already known (the realtime echo came first), or NULL */
  char   **claimed_remote_ids; /* after an earlier attempt: the remote ids of the conversation's other messages sent from here */
} HlOutboxEntry;

void           hl_outbox_entry_free             (HlOutboxEntry        *entry);

/* Takes the next entry of @backend that is due: the oldest pending entry whose queue has nothing
 * older in it (a failed entry holds its queue back until it is retried or discarded) and whose
 * operation is in @operations. Counting it as an attempt is committed before it is returned.
 * Finishes with NULL when none is due; @next_due then tells when the next one is (0: none). */
void           hl_store_outbox_take_async       (HlStore              *self,
                                                 const char           *backend,
                                                 const char * const   *operations,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
HlOutboxEntry *hl_store_outbox_take_finish      (HlStore              *self,
                                                 GAsyncResult         *result,
                                                 gint64               *next_due,
                                                 GError              **error);
/* The server has it: removes the entry. For message.send, @remote_id is the server's id of the
 * message, set on the row unless the row already has it (the realtime echo may have come first). */
void           hl_store_outbox_done_async       (HlStore              *self,
                                                 gint64                entry_id,
                                                 const char           *remote_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
void           hl_store_outbox_done_with_attachments_async (HlStore              *self,
                                                            gint64                entry_id,
                                                            const char           *remote_id,
                                                            const char           *attachments,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
/* Try again at @next_attempt_at (Unix seconds); @reason is kept for display. */
void           hl_store_outbox_reschedule_async (HlStore              *self,
                                                 gint64                entry_id,
                                                 gint64                next_attempt_at,
                                                 const char           *reason,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
/* The server refused it (or a conflict): the entry stays, failed, with @reason, and holds back its
 * queue; a message shows delivery "failed" with @reason. */
void           hl_store_outbox_fail_async       (HlStore              *self,
                                                 gint64                entry_id,
                                                 const char           *reason,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
/* The agent's Retry: a failed entry is pending again, due at once. */
void           hl_store_outbox_retry_async      (HlStore              *self,
                                                 gint64                entry_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
/* The same, for the entry that sends the reply or note @message_id (what its bubble knows). */
void           hl_store_outbox_retry_message_async (HlStore              *self,
                                                    gint64                message_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/* The network is back: every pending entry of @backend is due now, whatever its back-off said. */
void           hl_store_outbox_wake_async       (HlStore              *self,
                                                 const char           *backend,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean       hl_store_outbox_finish           (HlStore              *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* How many entries of @backend wait (pending) and how many were refused (failed). */
void           hl_store_outbox_count_async      (HlStore              *self,
                                                 const char           *backend,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean       hl_store_outbox_count_finish     (HlStore              *self,
                                                 GAsyncResult         *result,
                                                 guint                *pending,
                                                 guint                *failed,
                                                 GError              **error);

/* Reviewing refused changes (the agent's "Review" list). Replies and notes are not in it: their
 * bubbles have their own Retry. */
typedef struct
{
  gint64  id;
  char   *operation;
  char   *payload;
  char   *reason;          /* the server's words, or "Conflict: …" */
  char   *target_name;     /* the conversation's contact, the contact, the agent, or the call's number; NULL if gone */
  char   *assignee_name;   /* conversation.assign: the agent it was to go to; NULL: unassign (or unknown) */
} HlFailedChange;

void           hl_failed_change_free            (HlFailedChange       *change);

/* Every failed entry of @backend but message.send, oldest first: a GPtrArray of HlFailedChange. */
void           hl_store_outbox_list_failed_async  (HlStore              *self,
                                                   const char           *backend,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray     *hl_store_outbox_list_failed_finish (HlStore              *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
/* The agent's Discard of a failed change (not of a message): removes the entry, which frees its
 * queue. The cached row still shows the refused change, so the caller asks the sync for a fresh
 * copy: @table (HL_STORE_TABLE_CONVERSATIONS, _CONTACTS or _AGENTS; 0 for a call log, whose row is
 * only ours) and @remote_id (the server's id of the row, NULL if it has none) say which
 * (hl_chatwoot_sync_refetch ()). */
void           hl_store_outbox_discard_async    (HlStore              *self,
                                                 gint64                entry_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean       hl_store_outbox_discard_finish   (HlStore              *self,
                                                 GAsyncResult         *result,
                                                 HlStoreTables        *table,
                                                 char                **remote_id,
                                                 GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlOutboxEntry, hl_outbox_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlFailedChange, hl_failed_change_free)

G_END_DECLS

/* hl-store-edits.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-store-db.h"

G_BEGIN_DECLS

/* The agent's edits. Each writes the change and, when the workspace has a server, the outbox entry
 * that will carry it there, in one transaction: either both are on disk or neither is. */

void     hl_store_set_conversation_status_async  (HlStore               *self,
                                                  gint64                 conversation_id,
                                                  HlConversationStatus   status,
                                                  gint64                 snoozed_until,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
void     hl_store_mark_conversation_read_async   (HlStore               *self,
                                                  gint64                 conversation_id,
                                                  gboolean               read,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
void     hl_store_set_agent_availability_async   (HlStore               *self,
                                                  gint64                 agent_id,
                                                  HlAvailability         availability,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
void     hl_store_set_conversation_priority_async (HlStore               *self,
                                                   gint64                 conversation_id,
                                                   HlPriority             priority,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
void     hl_store_assign_conversation_async      (HlStore               *self,
                                                  gint64                 conversation_id,
                                                  gint64                 agent_id,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
void     hl_store_assign_team_async              (HlStore               *self,
                                                  gint64                 conversation_id,
                                                  gint64                 team_remote_id,
                                                  const char            *team_name,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
void     hl_store_set_conversation_labels_async  (HlStore               *self,
                                                  gint64                 conversation_id,
                                                  const char * const    *labels,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
void     hl_store_update_contact_async           (HlStore               *self,
                                                  gint64                 contact_id,
                                                  const HlContactData   *contact,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
void     hl_store_send_message_async             (HlStore               *self,
                                                  gint64                 conversation_id,
                                                  const char            *body,
                                                  gboolean               is_note,
                                                  gint64                 sender_agent_id,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
void     hl_store_send_message_full_async        (HlStore               *self,
                                                  gint64                 conversation_id,
                                                  const char            *body,
                                                  const char            *attachments,
                                                  gboolean               is_note,
                                                  gint64                 sender_agent_id,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
gint64   hl_store_send_message_finish            (HlStore               *self,
                                                  GAsyncResult          *result,
                                                  GError               **error);
/* How long a call's log waits for the agent's wrap-up before it goes to the server without it */
#define HL_WRAP_UP_HOLD_SECONDS (10 * 60)

/* A finished call, for the call log and the inbox. Strings are copied. */
typedef struct
{
  HlCallDirection  direction;
  HlCallResult     result;
  const char      *remote_uri;
  const char      *remote_name;
  gint64           started_at;
  gint64           answered_at;
  gint64           ended_at;
  gint64           agent_id;
  const char      *recording_path;
  const char      *disposition;    /* the agent's wrap-up code (e.g. HL_CALL_DISPOSITION_TRANSFERRED) or NULL */
  const char      *wrap_up_note;   /* the agent's wrap-up note, or NULL */
  gboolean         wrap_up;        /* the agent wraps the call up next: the server's log waits for that
                                    * (hl_store_wrap_up_call_async ()), HL_WRAP_UP_HOLD_SECONDS at most */
  double           mos;            /* < 0: not measured */
  double           jitter_ms;
  double           loss_pct;
  double           rtt_ms;
} HlCallLog;

void     hl_store_log_call_async                 (HlStore               *self,
                                                  const HlCallLog       *log,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
gint64   hl_store_log_call_finish                (HlStore               *self,
                                                  GAsyncResult          *result,
                                                  GError               **error);
gboolean hl_store_edit_finish                    (HlStore               *self,
                                                  GAsyncResult          *result,
                                                  GError               **error);

G_END_DECLS

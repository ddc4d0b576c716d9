/* hl-store-db.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-store-private.h"

G_BEGIN_DECLS

/* Row writers. They run on the store worker (inside an HlStoreFunc) and, where a row feeds another
 * table's display (a message → its conversation's preview), keep both in step. They don't open a
 * transaction of their own: the caller groups what belongs together. */

typedef struct
{
  const char          *remote_id;
  const char          *name;
  const char          *email;
  HlAgentRole          role;
  HlAvailability       availability;
  gint64               availability_since;
  gboolean             is_me;
  const char * const  *teams;
} HlAgentData;

typedef struct
{
  const char *remote_id;
  const char *name;
  const char *email;
  const char *phone;
  const char *company;
  const char *city;
  const char *country;
  const char *locale;
  const char *notes;
  const char *attributes;      /* a JSON object */
  gint64      created_at;
} HlContactData;

typedef struct
{
  const char          *remote_id;
  HlChannel            channel;
  const char          *inbox;
  const char          *subject;
  HlConversationStatus status;
  HlPriority           priority;
  gint64               assignee_id;
  const char          *team;
  gint64               contact_id;
  const char * const  *labels;
  int                  unread;
  gint64               created_at;
  gint64               first_response_due;
  gint64               resolution_due;
  gint64               snoozed_until;
} HlConversationData;

typedef struct
{
  const char    *remote_id;
  const char    *echo_id;
  gint64         conversation_id;
  HlMessageKind  kind;
  gint64         sender_agent_id;
  const char    *sender_name;
  const char    *body;
  const char    *email_from;
  const char    *email_to;
  const char    *email_cc;
  const char    *attachments;  /* a JSON array, or NULL */
  const char    *content_type; /* "text" (NULL) or "html" */
  HlDelivery     delivery;
  gint64         created_at;
} HlMessageData;

typedef struct
{
  const char      *remote_id;
  gint64           conversation_id;
  gint64           contact_id;
  gint64           agent_id;
  HlCallDirection  direction;
  const char      *remote_uri;
  gint64           started_at;
  gint64           answered_at;
  gint64           ended_at;
  HlCallResult     result;
  const char      *disposition;
  const char      *wrap_up_note;
  const char      *recording_path;
  double           mos;           /* < 0: not measured */
  double           jitter_ms;
  double           loss_pct;
  double           rtt_ms;
} HlCallData;

typedef struct
{
  const char *remote_id;
  const char *locale;
  const char *category;
  const char *title;
  const char *body;
  gint64      updated_at;
} HlArticleData;

const char *hl_enum_to_nick            (GType                      enum_type,
                                        int                        value);
gint64      hl_db_insert_agent         (sqlite3                   *db,
                                        const HlAgentData         *data,
                                        GError                   **error);
gint64      hl_db_insert_contact       (sqlite3                   *db,
                                        const HlContactData       *data,
                                        GError                   **error);
gint64      hl_db_insert_conversation  (sqlite3                   *db,
                                        const HlConversationData  *data,
                                        GError                   **error);
gint64      hl_db_insert_message       (sqlite3                   *db,
                                        const HlMessageData       *data,
                                        GError                   **error);
gint64      hl_db_insert_call          (sqlite3                   *db,
                                        const HlCallData          *data,
                                        GError                   **error);
gint64      hl_db_insert_article       (sqlite3                   *db,
                                        const HlArticleData       *data,
                                        GError                   **error);
gint64      hl_db_outbox_add           (sqlite3                   *db,
                                        const char                *backend,
                                        const char                *operation,
                                        gint64                     target_id,
                                        const char                *payload,
                                        GError                   **error);
gint64      hl_db_outbox_add_queued    (sqlite3                   *db,
                                        const char                *backend,
                                        const char                *operation,
                                        const char                *queue,
                                        gint64                     target_id,
                                        const char                *payload,
                                        GError                   **error);
gboolean    hl_db_set_sync_value       (sqlite3                   *db,
                                        const char                *backend,
                                        const char                *key,
                                        const char                *value,
                                        GError                   **error);
char       *hl_db_get_sync_value       (sqlite3                   *db,
                                        const char                *backend,
                                        const char                *key,
                                        GError                   **error);

G_END_DECLS

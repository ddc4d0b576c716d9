/* hl-store-inbox.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-store.h"

G_BEGIN_DECLS

/* The unified inbox's queries: which conversations a view shows under the agent's filters, in
 * which order, and how many each view holds. */

typedef enum
{
  HL_INBOX_VIEW_MINE,
  HL_INBOX_VIEW_UNASSIGNED,
  HL_INBOX_VIEW_ALL,
  HL_N_INBOX_VIEWS
} HlInboxView;

typedef enum
{
  HL_INBOX_SORT_ACTIVITY,   /* newest activity first */
  HL_INBOX_SORT_WAITING,    /* longest waiting customer first */
  HL_INBOX_SORT_PRIORITY,   /* most urgent first, then newest activity */
} HlInboxSort;

typedef struct
{
  guint        channels;    /* bits 1 << HlChannel; 0: every channel */
  guint        statuses;    /* bits 1 << HlConversationStatus; 0: every status but resolved */
  guint        priorities;  /* bits 1 << HlPriority; 0: every priority */
  char       **inboxes;     /* NULL or empty: every inbox */
  char       **labels;      /* NULL or empty: any labels; else one of them */
  char        *search;      /* what the agent typed, or NULL */
  HlInboxSort  sort;
} HlInboxFilter;

HlInboxFilter *hl_inbox_filter_new              (void);
HlInboxFilter *hl_inbox_filter_copy             (const HlInboxFilter *filter);
void           hl_inbox_filter_free             (HlInboxFilter       *filter);
gboolean       hl_inbox_filter_is_empty         (const HlInboxFilter *filter);
char          *hl_inbox_filter_build_query      (const HlInboxFilter *filter,
                                                 HlInboxView          view,
                                                 gint64               me_id,
                                                 GVariant           **params);

void           hl_store_count_inbox_async       (HlStore             *self,
                                                 const HlInboxFilter *filter,
                                                 gint64               me_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       hl_store_count_inbox_finish      (HlStore             *self,
                                                 GAsyncResult        *result,
                                                 guint                counts[HL_N_INBOX_VIEWS],
                                                 GError             **error);

/* What the filter and action menus offer, read from the conversations and the server's reference
 * lists: inbox names, label names, agents (id, name) and teams (remote id, name). */
typedef struct
{
  GStrv       inboxes;
  GStrv       labels;
  GArray     *agent_ids;    /* gint64 */
  GStrv       agent_names;
  GArray     *team_ids;     /* gint64, 0 for a team only known by name */
  GStrv       team_names;
} HlInboxChoices;

void            hl_inbox_choices_free            (HlInboxChoices      *choices);
void            hl_store_list_inbox_choices_async (HlStore            *self,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
HlInboxChoices *hl_store_list_inbox_choices_finish (HlStore           *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);

/* What arrived for the agent since the last look: incoming messages (after @after_message_id) in
 * unresolved conversations assigned to the agent or to nobody, and how many such conversations
 * have unread messages. */
typedef struct
{
  gint64      conversation_id;
  char       *customer;
  char       *body;
} HlInboxNewMessage;

typedef struct
{
  gint64      last_message_id;  /* the next look's @after_message_id */
  guint       unread;
  GPtrArray  *messages;         /* HlInboxNewMessage, oldest first */
} HlInboxNews;

void         hl_inbox_news_free               (HlInboxNews        *news);
void         hl_store_read_inbox_news_async   (HlStore            *self,
                                               gint64              after_message_id,
                                               gint64              me_id,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
HlInboxNews *hl_store_read_inbox_news_finish  (HlStore            *self,
                                               GAsyncResult       *result,
                                               GError            **error);

void         hl_store_find_read_conversations_async  (HlStore            *self,
                                                      GArray             *ids,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
GArray      *hl_store_find_read_conversations_finish (HlStore            *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlInboxNews, hl_inbox_news_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlInboxFilter, hl_inbox_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlInboxChoices, hl_inbox_choices_free)

G_END_DECLS

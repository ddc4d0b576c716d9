/* hl-chatwoot-json.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "hl-store-db.h"

G_BEGIN_DECLS

/* Chatwoot JSON → store rows (shared/specs/chatwoot/API.md §1.3, §2.3, §3.3, §4, §5.1, §6, §7).
 *
 * Pure functions: no I/O, no main loop, safe on any thread. Every field the mapping uses is
 * checked; a wrong type, a null where none is allowed, a missing mandatory field or an
 * out-of-range number gives HL_BACKEND_ERROR_MALFORMED with the path of the field in the message
 * ("data.payload[3].meta.sender.id: expected an integer"). Fields the mapping doesn't use are
 * ignored, whatever they hold.
 *
 * Ownership: each mapped row is a heap struct that owns its strings. The embedded store struct
 * (`data`) points into that storage (a GStringChunk), so it stays valid exactly as long as the row:
 * pass `&row->data` to hl_db_insert_*() and free the row afterwards with its _free function.
 *
 * Ids: `data.remote_id` is the Chatwoot id as a decimal string (for a conversation its display_id).
 * The store structs' local references (conversation_id, contact_id, assignee_id, sender_agent_id)
 * are left 0: the sync engine resolves the Chatwoot ids kept beside them (contact_remote_id, …)
 * to local rows. */

typedef struct _HlChatwootContext HlChatwootContext;

typedef struct
{
  HlContactData  data;
  gint64         id;
  const char    *identifier;
  const char    *thumbnail;
  gboolean       blocked;
  gint64         last_activity_at;
  /*< private >*/
  GStringChunk  *strings;
} HlChatwootContact;

typedef struct
{
  HlMessageData  data;
  gint64         id;
  gint64         conversation_remote_id;  /* display_id */
  gint64         inbox_id;
  gint64         sender_user_id;          /* the agent who wrote it, 0 for contacts and bots */
  gint64         sender_contact_id;
  const char    *content_type;
  const char    *email_subject;
  const char    *error;                   /* content_attributes.external_error of a failed message */
  /*< private >*/
  GStringChunk  *strings;
} HlChatwootMessage;

typedef struct
{
  HlConversationData  data;
  gint64              id;                 /* display_id */
  gint64              inbox_id;
  gint64              contact_remote_id;  /* meta.sender.id, 0 when absent */
  gint64              assignee_user_id;   /* meta.assignee.id when a user is assigned, else 0 */
  gint64              team_id;
  gint64              last_activity_at;
  gint64              waiting_since;
  gint64              updated_at;
  const char         *channel_type;       /* "Channel::Email", …, NULL when unknown */
  gboolean            can_reply;
  HlChatwootContact  *contact;            /* meta.sender, or NULL */
  HlChatwootMessage  *last_message;       /* messages[0], or NULL */
  /*< private >*/
  GStringChunk       *strings;
  char              **labels;
} HlChatwootConversation;

typedef struct
{
  HlAgentData    data;
  gint64         id;
  gboolean       auto_offline;
  const char    *thumbnail;
  /*< private >*/
  GStringChunk  *strings;
} HlChatwootAgent;

typedef struct
{
  HlArticleData  data;
  gint64         id;
  gint64         category_id;
  const char    *slug;
  const char    *status;           /* draft, published, archived */
  const char    *description;
  GArray        *associated_ids;   /* gint64: the same article in other locales */
  /*< private >*/
  GStringChunk  *strings;
} HlChatwootArticle;

typedef struct
{
  gint64          id;
  const char     *name;
  const char     *role;           /* "agent" or "administrator" */
  const char     *status;         /* "active" or "suspended" */
  HlAvailability  availability;   /* what the agent chose */
  HlAvailability  availability_status;  /* the effective state */
  gboolean        auto_offline;
} HlChatwootAccount;

typedef struct
{
  gint64             id;
  const char        *name;
  const char        *display_name;
  const char        *email;
  const char        *access_token;   /* "" when no account allows API access */
  const char        *pubsub_token;
  const char        *role;
  const char        *locale;         /* ui_settings.locale, or NULL */
  gint64             account_id;     /* the active account, 0 if none */
  GPtrArray         *accounts;       /* HlChatwootAccount, owned */
  /*< private >*/
  GStringChunk      *strings;
} HlChatwootProfile;

typedef struct
{
  GPtrArray *items;       /* the mapped rows, freed with the page */
  gint64     mine_count;  /* conversations: the Mine/Unassigned/All tab counts (-1: absent) */
  gint64     assigned_count;
  gint64     unassigned_count;
  gint64     all_count;
  gint64     count;       /* contacts: meta.count (-1: absent) */
  gboolean   has_more;    /* contact search: meta.has_more */
} HlChatwootPage;

/* Which inboxes exist (for a conversation's channel and inbox name) and which inbox holds calls. */
HlChatwootContext      *hl_chatwoot_context_new                 (gint64                     phone_inbox_id,
                                                                 gint64                     my_user_id);
void                    hl_chatwoot_context_free                (HlChatwootContext         *ctx);
void                    hl_chatwoot_context_add_inbox           (HlChatwootContext         *ctx,
                                                                 gint64                     inbox_id,
                                                                 const char                *name,
                                                                 const char                *channel_type);
gboolean                hl_chatwoot_context_add_inboxes         (HlChatwootContext         *ctx,
                                                                 JsonNode                  *root,
                                                                 GError                   **error);
const char             *hl_chatwoot_context_get_inbox_name      (const HlChatwootContext   *ctx,
                                                                 gint64                     inbox_id);
GArray                 *hl_chatwoot_context_get_inbox_ids       (const HlChatwootContext   *ctx,
                                                                 const char                *channel_type);
HlChannel               hl_chatwoot_channel_from_type           (const char                *channel_type);

gboolean                hl_chatwoot_json_parse_time             (JsonNode                  *node,
                                                                 gint64                    *out);

HlChatwootContact      *hl_chatwoot_json_contact                (JsonNode                  *node,
                                                                 GError                   **error);
HlChatwootMessage      *hl_chatwoot_json_message                (JsonNode                  *node,
                                                                 GError                   **error);
HlChatwootConversation *hl_chatwoot_json_conversation           (JsonNode                  *node,
                                                                 const HlChatwootContext   *ctx,
                                                                 GError                   **error);
HlChatwootAgent        *hl_chatwoot_json_agent                  (JsonNode                  *node,
                                                                 gint64                     my_user_id,
                                                                 GError                   **error);
HlChatwootArticle      *hl_chatwoot_json_article                (JsonNode                  *node,
                                                                 const char                *locale,
                                                                 GError                   **error);
HlChatwootProfile      *hl_chatwoot_json_profile                (JsonNode                  *node,
                                                                 GError                   **error);

HlChatwootPage         *hl_chatwoot_json_conversation_page      (JsonNode                  *root,
                                                                 const HlChatwootContext   *ctx,
                                                                 GError                   **error);
HlChatwootPage         *hl_chatwoot_json_message_page           (JsonNode                  *root,
                                                                 GError                   **error);
HlChatwootPage         *hl_chatwoot_json_contact_page           (JsonNode                  *root,
                                                                 GError                   **error);
HlChatwootPage         *hl_chatwoot_json_agent_list             (JsonNode                  *root,
                                                                 gint64                     my_user_id,
                                                                 GError                   **error);
HlChatwootPage         *hl_chatwoot_json_article_page           (JsonNode                  *root,
                                                                 const char                *locale,
                                                                 GError                   **error);
gboolean                hl_chatwoot_json_status_result          (JsonNode                  *root,
                                                                 HlConversationStatus      *status,
                                                                 gint64                    *snoozed_until,
                                                                 GError                   **error);

JsonNode               *hl_chatwoot_json_contact_changes        (const HlContactData       *before,
                                                                 const HlContactData       *after);

void                    hl_chatwoot_contact_free                (HlChatwootContact         *contact);
void                    hl_chatwoot_message_free                (HlChatwootMessage         *message);
void                    hl_chatwoot_conversation_free           (HlChatwootConversation    *conversation);
void                    hl_chatwoot_agent_free                  (HlChatwootAgent           *agent);
void                    hl_chatwoot_article_free                (HlChatwootArticle         *article);
void                    hl_chatwoot_profile_free                (HlChatwootProfile         *profile);
void                    hl_chatwoot_page_free                   (HlChatwootPage            *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlChatwootContext, hl_chatwoot_context_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlChatwootContact, hl_chatwoot_contact_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlChatwootMessage, hl_chatwoot_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlChatwootConversation, hl_chatwoot_conversation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlChatwootAgent, hl_chatwoot_agent_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlChatwootArticle, hl_chatwoot_article_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlChatwootProfile, hl_chatwoot_profile_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlChatwootPage, hl_chatwoot_page_free)

G_END_DECLS

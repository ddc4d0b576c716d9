/* hl-chatwoot-client.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "hl-chatwoot-json.h"
#include "hl-chatwoot-upload.h"
#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_CHATWOOT_CLIENT (hl_chatwoot_client_get_type ())

G_DECLARE_FINAL_TYPE (HlChatwootClient, hl_chatwoot_client, HL, CHATWOOT_CLIENT, GObject)

/* The Chatwoot REST API (shared/specs/chatwoot/API.md) over one SoupSession. Every call is
 * asynchronous and cancellable; failures are HL_BACKEND_ERROR errors (or G_IO_ERROR_CANCELLED).
 * Calls that answer with Chatwoot JSON finish with hl_chatwoot_client_call_finish (), which gives
 * the parsed body (a JSON null node for an empty body); hl-chatwoot-json.h maps it to store rows.
 * The access token is set by the caller (read from the keyring) and never logged. */

HlChatwootClient *hl_chatwoot_client_new                     (const char            *base_url,
                                                              gint64                 account_id,
                                                              GError               **error);
const char       *hl_chatwoot_client_get_base_url            (HlChatwootClient      *self);
gint64            hl_chatwoot_client_get_account_id          (HlChatwootClient      *self);
void              hl_chatwoot_client_set_account_id          (HlChatwootClient      *self,
                                                              gint64                 account_id);
void              hl_chatwoot_client_set_access_token        (HlChatwootClient      *self,
                                                              const char            *access_token);
gboolean          hl_chatwoot_client_has_access_token        (HlChatwootClient      *self);
void              hl_chatwoot_client_set_trusted_certificate (HlChatwootClient      *self,
                                                              GTlsCertificate       *certificate);
void              hl_chatwoot_client_set_timeout             (HlChatwootClient      *self,
                                                              guint                  seconds);

void              hl_chatwoot_client_request_async           (HlChatwootClient      *self,
                                                              const char            *method,
                                                              const char            *path,
                                                              const char * const    *query,
                                                              JsonNode              *body,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
JsonNode         *hl_chatwoot_client_call_finish             (HlChatwootClient      *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);

/* Sign-in (§1.2): finishes with the profile, whose access_token is the API token to keep in the
 * keyring. A user with two-factor authentication gets HL_BACKEND_ERROR_MFA_REQUIRED; send the
 * code with hl_backend_error_get_mfa_token () through sign_in_mfa_async (). */
void              hl_chatwoot_client_sign_in_async           (HlChatwootClient      *self,
                                                              const char            *email,
                                                              const char            *password,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
void              hl_chatwoot_client_sign_in_mfa_async       (HlChatwootClient      *self,
                                                              const char            *mfa_token,
                                                              const char            *code,
                                                              gboolean               is_backup_code,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
HlChatwootProfile *hl_chatwoot_client_sign_in_finish         (HlChatwootClient      *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);

void              hl_chatwoot_client_get_profile_async       (HlChatwootClient      *self,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
HlChatwootProfile *hl_chatwoot_client_get_profile_finish     (HlChatwootClient      *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);

/* The calls below finish with hl_chatwoot_client_call_finish (). */
void hl_chatwoot_client_set_availability_async      (HlChatwootClient      *self,
                                                     HlAvailability         availability,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_list_conversations_async    (HlChatwootClient      *self,
                                                     guint                  page,
                                                     const char            *status,
                                                     const char            *assignee_type,
                                                     gint64                 updated_within,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_get_conversation_async      (HlChatwootClient      *self,
                                                     gint64                 conversation,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_list_messages_async         (HlChatwootClient      *self,
                                                     gint64                 conversation,
                                                     gint64                 before,
                                                     gint64                 after,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_create_message_async        (HlChatwootClient      *self,
                                                     gint64                 conversation,
                                                     const char            *content,
                                                     gboolean               is_private,
                                                     const char            *echo_id,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_create_message_with_files_async (HlChatwootClient      *self,
                                                         gint64                 conversation,
                                                         const char            *content,
                                                         gboolean               is_private,
                                                         const char            *echo_id,
                                                         GPtrArray             *files,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
void hl_chatwoot_client_toggle_status_async         (HlChatwootClient      *self,
                                                     gint64                 conversation,
                                                     HlConversationStatus   status,
                                                     gint64                 snoozed_until,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_toggle_priority_async       (HlChatwootClient      *self,
                                                     gint64                 conversation,
                                                     HlPriority             priority,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_assign_async                (HlChatwootClient      *self,
                                                     gint64                 conversation,
                                                     gint64                 agent_id,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_assign_team_async           (HlChatwootClient      *self,
                                                     gint64                 conversation,
                                                     gint64                 team_id,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_set_labels_async            (HlChatwootClient      *self,
                                                     gint64                 conversation,
                                                     const char * const    *labels,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_update_last_seen_async      (HlChatwootClient      *self,
                                                     gint64                 conversation,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_mark_unread_async           (HlChatwootClient      *self,
                                                     gint64                 conversation,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_list_inboxes_async          (HlChatwootClient      *self,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_list_agents_async           (HlChatwootClient      *self,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_list_teams_async            (HlChatwootClient      *self,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_list_labels_async           (HlChatwootClient      *self,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_list_canned_responses_async (HlChatwootClient      *self,
                                                     const char            *search,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_list_attribute_definitions_async (HlChatwootClient *self,
                                                     const char            *attribute_model,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_list_contacts_async         (HlChatwootClient      *self,
                                                     guint                  page,
                                                     const char            *sort,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_get_contact_async           (HlChatwootClient      *self,
                                                     gint64                 contact,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_update_contact_async        (HlChatwootClient      *self,
                                                     gint64                 contact,
                                                     JsonNode              *changes,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_search_contacts_async       (HlChatwootClient      *self,
                                                     const char            *query,
                                                     guint                  page,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_create_contact_async        (HlChatwootClient      *self,
                                                     gint64                 inbox_id,
                                                     const char            *name,
                                                     const char            *phone_number,
                                                     const char            *email,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_create_conversation_async   (HlChatwootClient      *self,
                                                     gint64                 inbox_id,
                                                     gint64                 contact_id,
                                                     const char            *source_id,
                                                     HlConversationStatus   status,
                                                     const char            *first_message,
                                                     JsonNode              *additional_attributes,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_list_portals_async          (HlChatwootClient      *self,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_list_categories_async       (HlChatwootClient      *self,
                                                     const char            *portal_slug,
                                                     const char            *locale,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
void hl_chatwoot_client_list_articles_async         (HlChatwootClient      *self,
                                                     const char            *portal_slug,
                                                     const char            *locale,
                                                     const char            *status,
                                                     guint                  page,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);

guint hl_chatwoot_parse_retry_after (const char *value,
                                     GDateTime  *now);

G_END_DECLS

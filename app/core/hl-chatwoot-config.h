/* hl-chatwoot-config.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HL_TYPE_CHATWOOT_CONFIG (hl_chatwoot_config_get_type ())

/* The configured Chatwoot account: the [Chatwoot] group of accounts.ini, which `--provision` and
 * Preferences → Accounts both write through hl-provision (the same keys, the same file). The access
 * token is never part of it: it lives in the keyring under hl_chatwoot_config_dup_secret_account ().
 *
 * [Chatwoot]
 * url=https://chat.example.com
 * account-id=1
 * phone-inbox-id=7             (optional)
 * account-name=…               (optional, learnt at sign-in)
 * user-name=… / user-email=…   (optional, learnt at sign-in)
 * trusted-certificate=PEM      (optional: the one certificate the agent chose to trust for url) */
typedef struct
{
  char   *url;
  gint64  account_id;
  gint64  phone_inbox_id;   /* 0: none */
  char   *account_name;
  char   *user_name;
  char   *user_email;
  char   *certificate_pem;
} HlChatwootConfig;

GType             hl_chatwoot_config_get_type           (void) G_GNUC_CONST;
HlChatwootConfig *hl_chatwoot_config_new                (const char        *url,
                                                         gint64             account_id);
HlChatwootConfig *hl_chatwoot_config_copy               (const HlChatwootConfig *self);
void              hl_chatwoot_config_free               (HlChatwootConfig  *self);
HlChatwootConfig *hl_chatwoot_config_load               (void);
char             *hl_chatwoot_config_dup_secret_account (const HlChatwootConfig *self);
GTlsCertificate  *hl_chatwoot_config_dup_certificate    (const HlChatwootConfig *self);
char             *hl_chatwoot_config_dup_workspace_name (const HlChatwootConfig *self);

void              hl_chatwoot_config_save_async         (const HlChatwootConfig *self,
                                                         const char        *access_token,
                                                         GCancellable      *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer           user_data);
gboolean          hl_chatwoot_config_save_finish        (GAsyncResult      *result,
                                                         GError           **error);
void              hl_chatwoot_config_save_phone_inbox_async  (const HlChatwootConfig *self,
                                                              GCancellable      *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer           user_data);
gboolean          hl_chatwoot_config_save_phone_inbox_finish (GAsyncResult      *result,
                                                              GError           **error);
void              hl_chatwoot_config_remove_async       (const HlChatwootConfig *self,
                                                         gboolean           delete_cache,
                                                         GCancellable      *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer           user_data);
gboolean          hl_chatwoot_config_remove_finish      (GAsyncResult      *result,
                                                         GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlChatwootConfig, hl_chatwoot_config_free)

G_END_DECLS

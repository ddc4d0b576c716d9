/* hl-provision.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HL_PROVISION_ERROR (hl_provision_error_quark ())

typedef enum
{
  HL_PROVISION_ERROR_PARSE,          /* not a key file */
  HL_PROVISION_ERROR_UNKNOWN_GROUP,
  HL_PROVISION_ERROR_UNKNOWN_KEY,
  HL_PROVISION_ERROR_MISSING_KEY,
  HL_PROVISION_ERROR_INVALID_VALUE,
  HL_PROVISION_ERROR_EMPTY,          /* no group at all */
} HlProvisionError;

typedef struct _HlProvision HlProvision;

struct _HlProvision
{
  gboolean   has_phone;
  char      *phone_websocket_url;
  char      *phone_uri;
  char      *phone_username;
  char      *phone_password;
  char      *phone_display_name;
  char     **phone_ice_servers;
  char      *phone_turn_username;
  char      *phone_turn_password;
  gboolean   phone_auto_answer;
  gboolean   phone_recording;         /* [Phone] recording, applied to the call-recording setting */
  gboolean   phone_recording_set;     /* whether the file had the key */
  char     **phone_dispositions;      /* [Phone] dispositions, for the call-dispositions setting; NULL: no key */

  gboolean   has_chatwoot;
  char      *chatwoot_url;
  gint64     chatwoot_account_id;
  char      *chatwoot_access_token;
  gint64     chatwoot_phone_inbox_id;
  /* Not read from provisioning files: what the Accounts page learnt while signing in. */
  char      *chatwoot_account_name;
  char      *chatwoot_user_name;
  char      *chatwoot_user_email;
  char      *chatwoot_certificate;   /* PEM the agent chose to trust for this server, or NULL */

  gboolean   has_workspace;
  char      *language;               /* "" = follow the system */
};

GQuark       hl_provision_error_quark       (void);
HlProvision *hl_provision_parse             (const char           *data,
                                             gsize                 length,
                                             GError              **error);
void         hl_provision_free              (HlProvision          *self);
char        *hl_provision_accounts_path     (void);
char        *hl_provision_to_accounts_file  (HlProvision          *self);
GKeyFile    *hl_provision_load_accounts     (void);
gboolean     hl_provision_save_accounts     (GKeyFile             *file,
                                             GError              **error);
char        *hl_provision_chatwoot_secret_account (const char     *url,
                                                   gint64          account_id);
void         hl_provision_apply_async       (HlProvision          *self,
                                             GSettings            *settings,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean     hl_provision_apply_finish      (GAsyncResult         *result,
                                             GError              **error);
gboolean     hl_is_loopback_host            (const char           *host);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlProvision, hl_provision_free)

G_END_DECLS

/* hl-secret-store.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

/* Every Helpline secret has a kind and the account it belongs to. */
#define HL_SECRET_PHONE_PASSWORD    "phone-password"
#define HL_SECRET_TURN_PASSWORD     "turn-password"
#define HL_SECRET_CHATWOOT_TOKEN    "chatwoot-access-token"

const SecretSchema *hl_secret_store_get_schema (void);
void     hl_secret_store_save_async    (const char           *kind,
                                        const char           *account,
                                        const char           *label,
                                        const char           *secret,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean hl_secret_store_save_finish   (GAsyncResult         *result,
                                        GError              **error);
void     hl_secret_store_lookup_async  (const char           *kind,
                                        const char           *account,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
char    *hl_secret_store_lookup_finish (GAsyncResult         *result,
                                        GError              **error);
void     hl_secret_store_clear_async   (const char           *kind,
                                        const char           *account,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean hl_secret_store_clear_finish  (GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS

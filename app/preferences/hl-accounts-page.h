/* hl-accounts-page.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-chatwoot-backend.h"

G_BEGIN_DECLS

#define HL_TYPE_ACCOUNTS_PAGE (hl_accounts_page_get_type ())

G_DECLARE_FINAL_TYPE (HlAccountsPage, hl_accounts_page, HL, ACCOUNTS_PAGE, AdwPreferencesPage)

HlAccountsPage *hl_accounts_page_new (HlChatwootBackend *backend);

G_END_DECLS

/* hl-store-caller.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-contact.h"
#include "hl-store-private.h"

G_BEGIN_DECLS

/* Caller-id: which customer a phone call is with. The live call (call card, notification) and the
 * call log use the same rule. */

char      *hl_caller_number_from_uri    (const char           *remote_uri);
gint64     hl_db_find_caller            (sqlite3              *db,
                                         const char           *number,
                                         GError              **error);

void       hl_store_find_caller_async   (HlStore              *self,
                                         const char           *remote_uri,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
HlContact *hl_store_find_caller_finish  (HlStore              *self,
                                         GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS

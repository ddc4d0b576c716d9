/* hl-store-wrap-up.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-store.h"

G_BEGIN_DECLS

void     hl_store_wrap_up_call_async  (HlStore              *self,
                                       gint64                call_id,
                                       const char           *disposition,
                                       const char           *note,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean hl_store_wrap_up_call_finish (HlStore              *self,
                                       GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS

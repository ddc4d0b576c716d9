/* hl-store-call-log.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-store.h"

G_BEGIN_DECLS

/* The steps of a call.log outbox entry (app/backend/hl-chatwoot-call-log.h), recorded as they are
 * taken: the entry's new @payload, and the server's ids that a step learned (NULL: none new) put
 * on the call's local rows — its contact, its conversation, and the call record and its activity
 * line for the posted message. Where the sync already has a row with that remote id, the call's
 * rows move onto it and the local duplicate goes. One transaction. */
void     hl_store_call_log_progress_async  (HlStore              *self,
                                            gint64                entry_id,
                                            gint64                call_id,
                                            const char           *payload,
                                            const char           *contact_remote_id,
                                            const char           *conversation_remote_id,
                                            const char           *message_remote_id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean hl_store_call_log_progress_finish (HlStore              *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS

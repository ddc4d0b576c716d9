/* hl-chatwoot-call-log.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-chatwoot-client.h"
#include "hl-store-outbox.h"
#include "hl-store.h"

G_BEGIN_DECLS

/* The sender of a call.log outbox entry (HlChatwootOutbox hands it over): logs a finished call in
 * the API-channel inbox named by `phone-inbox-id`.
 *
 * Steps, each recorded in the entry's payload as soon as it is taken (the payload is written by
 * hl_store_log_call_async () and the wrap-up, hl_store_wrap_up_call_async (): "number", "name",
 * "summary", "disposition" — the summary's last line —, "note"):
 *  1. the contact: contacts/search by number, matched by its digits (a national number matches its
 *     international form by the trailing digits), or for a SIP user that is not a number by the
 *     identifier "sip:USER"; else POST contacts in the phone inbox, named after the caller →
 *     "contact_id" (and "source_id", the contact's source id in that inbox);
 *  2. the conversation: the contact's open one in the phone inbox (contacts/{id}/conversations),
 *     else a new one there → "conversation_id";
 *  3. the summary as a message → "message_id"; 4. the wrap-up note as a private note → "note_id".
 * After a crash, the entry resumes at the first step not recorded. A step that may have happened
 * unrecorded is found on the server rather than repeated: the search finds the contact just made,
 * the open conversation is reused, and a message is matched as the outbox matches replies (its
 * echo_id, else its text; hl_chatwoot_outbox_find_sent ()). The server's ids go to the call's local
 * rows (hl_store_call_log_progress_async ()), so the sync updates them instead of adding them. */

void     hl_chatwoot_call_log_send_async  (HlStore              *store,
                                           HlChatwootClient     *client,
                                           gint64                phone_inbox_id,
                                           const HlOutboxEntry  *entry,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean hl_chatwoot_call_log_send_finish (GAsyncResult         *result,
                                           GError              **error);

gboolean hl_chatwoot_call_log_same_number (const char           *a,
                                           const char           *b);

G_END_DECLS

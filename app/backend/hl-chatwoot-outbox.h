/* hl-chatwoot-outbox.h
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

/* HlChatwootOutbox: sends the agent's edits that wait in the store's outbox to Chatwoot.
 *
 * One request at a time, oldest first; the entries of one conversation (its replies, notes and
 * changes) strictly in order, and a refused entry holds back the later ones of its conversation
 * until the agent retries it. It drains whenever it runs and the store's outbox changes, when the
 * network comes back, and when a postponed entry is due.
 *
 * Properties: :online (see below), :pending-count and :failed-count (all the workspace's pending
 * and refused entries for this backend, call logs included), for the offline banner and the
 * count of changes waiting. A failed entry's id is outbox.id (the UI lists them from the store).
 *
 * Outcomes: success removes the entry (a message gets the server's id and delivery "sent"); a 429
 * waits as long as Retry-After says; no network, a 5xx, a token the server refuses or an answer it
 * can't read are tried again with back-off (app/core/hl-backoff); any other refusal marks the
 * entry failed with the server's words, shown to the agent with a Retry action
 * (hl_chatwoot_outbox_retry ()).
 *
 * Conflicts: a status change or an assignment carries what the agent saw ("seen_status",
 * "seen_assignee"). Before sending it, the outbox reads the conversation: if it already has the
 * new value (and the agent saw another), the entry is done without a request; if it has neither the new value nor the one the
 * agent saw, someone else changed it meanwhile, and the entry fails with "Conflict: …" instead of
 * overwriting their change.
 *
 * Exactly once, across a crash. An attempt is committed to the store (attempts, attempted_at)
 * before its request goes out, and the outcome in a second transaction after the answer. A crash
 * or a lost answer between the two leaves an entry that may or may not have arrived; every later
 * attempt of such an entry (attempts > 0) checks the server first:
 *  - a message: Chatwoot keeps no echo_id with a stored message (API.md §3.2/§3.3: it is echoed in
 *    the create answer and the message.created event only, and is listed "only if set"), and
 *    source_id is overwritten by channel integrations. So the outbox lists the conversation's
 *    latest messages, paging back to the first attempt's time, and takes as ours the first one that
 *    carries our echo_id, or, carrying none, is an outgoing message (or a note, as ours is) with
 *    exactly our text, created no earlier than two minutes before our first attempt (clock skew),
 *    that is not another message sent from here (a local row with an echo_id has its id; a copy
 *    the sync stored without one is dropped when the entry is done). Found: done with that id, nothing is sent. The residual risk
 *    is an identical text sent by a colleague in that window that the sync has not stored yet.
 *    If the realtime echo has set the row's remote_id meanwhile, the entry is done at once.
 *  - a status change or an assignment: the conflict check above (the new value is there → done).
 *  - labels, priority, team, contact fields, availability, read state: the requests set a value,
 *    so sending them again changes nothing.
 *  - a call log (call.log, once set_phone_inbox_id () names the phone inbox): its steps are recorded
 *    one by one and an unrecorded one is looked for on the server (hl-chatwoot-call-log.h).
 */

#define HL_TYPE_CHATWOOT_OUTBOX (hl_chatwoot_outbox_get_type ())

G_DECLARE_FINAL_TYPE (HlChatwootOutbox, hl_chatwoot_outbox, HL, CHATWOOT_OUTBOX, GObject)

HlChatwootOutbox *hl_chatwoot_outbox_new               (HlStore                *store,
                                                        HlChatwootClient       *client);
void              hl_chatwoot_outbox_start             (HlChatwootOutbox       *self);
void              hl_chatwoot_outbox_stop              (HlChatwootOutbox       *self);
gboolean          hl_chatwoot_outbox_get_online        (HlChatwootOutbox       *self);
guint             hl_chatwoot_outbox_get_pending_count (HlChatwootOutbox       *self);
guint             hl_chatwoot_outbox_get_failed_count  (HlChatwootOutbox       *self);
void              hl_chatwoot_outbox_retry             (HlChatwootOutbox       *self,
                                                        gint64                  entry_id);
void              hl_chatwoot_outbox_retry_message     (HlChatwootOutbox       *self,
                                                        gint64                  message_id);
void              hl_chatwoot_outbox_set_backoff       (HlChatwootOutbox       *self,
                                                        guint                   min_ms,
                                                        guint                   max_ms);
void              hl_chatwoot_outbox_set_phone_inbox_id (HlChatwootOutbox  *self,
                                                        gint64                  inbox_id);
gint64            hl_chatwoot_outbox_find_sent         (const HlChatwootPage   *messages,
                                                        const HlOutboxEntry    *entry);

G_END_DECLS

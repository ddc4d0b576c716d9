/* hl-chatwoot-link.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-chatwoot-backend.h"
#include "hl-chatwoot-outbox.h"
#include "hl-chatwoot-sync.h"
#include "hl-store.h"

G_BEGIN_DECLS

/* HlChatwootLink joins the Chatwoot account (HlChatwootBackend) to the workspace that caches it
 * (an HlStore whose backend is "chatwoot"). While the backend has a session and the store is
 * open, it runs an HlChatwootSync (initial, delta and realtime sync into the store) and an
 * HlChatwootOutbox (the agent's queued edits to the server); when the session ends both stop and
 * are dropped, and the next session starts new ones. The count of edits waiting is kept on the
 * backend's :pending-count at all times, from the outbox while it runs and from the store while
 * offline, so the offline banner can say how many changes wait. Failed requests of either are
 * reported to the backend, which decides whether the server is reachable.
 * ::typing is the sync's typing signal, re-emitted for the window. :sync and :outbox are the
 * current session's (NULL between sessions), notified as sessions start and end. */

#define HL_TYPE_CHATWOOT_LINK (hl_chatwoot_link_get_type ())

G_DECLARE_FINAL_TYPE (HlChatwootLink, hl_chatwoot_link, HL, CHATWOOT_LINK, GObject)

HlChatwootLink   *hl_chatwoot_link_new        (HlChatwootBackend *backend,
                                               HlStore           *store);
HlStore          *hl_chatwoot_link_get_store  (HlChatwootLink    *self);
HlChatwootSync   *hl_chatwoot_link_get_sync   (HlChatwootLink    *self);
HlChatwootOutbox *hl_chatwoot_link_get_outbox (HlChatwootLink    *self);
gboolean          hl_chatwoot_link_sync_now   (HlChatwootLink    *self);
void              hl_chatwoot_link_fetch_thread (HlChatwootLink  *self,
                                                 gint64           conversation);

G_END_DECLS

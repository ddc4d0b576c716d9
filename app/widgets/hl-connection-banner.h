/* hl-connection-banner.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-chatwoot-backend.h"

G_BEGIN_DECLS

#define HL_TYPE_CONNECTION_BANNER (hl_connection_banner_get_type ())

G_DECLARE_FINAL_TYPE (HlConnectionBanner, hl_connection_banner, HL, CONNECTION_BANNER, GtkWidget)

void        hl_connection_banner_set_backend  (HlConnectionBanner *self,
                                               HlChatwootBackend  *backend);
gboolean    hl_connection_banner_get_revealed (HlConnectionBanner *self);
const char *hl_connection_banner_get_title    (HlConnectionBanner *self);

G_END_DECLS

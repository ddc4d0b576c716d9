/* hl-dial-uri.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *hl_dial_uri_to_number (const char *uri);
char *hl_dial_uri_to_caller (const char *uri);
gboolean hl_dial_uri_is_caller_name (const char *uri,
                                     const char *name);

G_END_DECLS

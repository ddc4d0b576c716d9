/* hl-test-chatwoot.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The Chatwoot contract-test harness (tests/chatwoot/start.sh: the project's test server behind
 * Prism) for a test program that starts it itself, once, and stops it at the end. */

gboolean    hl_test_chatwoot_start (char       **skip_reason);
void        hl_test_chatwoot_stop  (void);
const char *hl_test_chatwoot_url   (const char  *key);
JsonNode   *hl_test_chatwoot_hook  (const char  *method,
                                    const char  *path,
                                    const char  *body);

G_END_DECLS

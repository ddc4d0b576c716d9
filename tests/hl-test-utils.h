/* hl-test-utils.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-store.h"

G_BEGIN_DECLS

void     hl_test_wait_until       (gboolean     (*check) (gpointer data),
                                   gpointer       data,
                                   guint          timeout_ms);
gboolean hl_test_wait_for_signal  (gpointer       instance,
                                   const char    *signal,
                                   guint          timeout_ms);
HlStore *hl_test_open_store       (const char    *path);
char    *hl_test_temp_path        (const char    *name);
void     hl_test_drain            (void);
char    *hl_test_lookup_secret    (const char    *kind,
                                   const char    *account);
GNetworkMonitor *hl_test_network_monitor_new           (gboolean         available);
void             hl_test_network_monitor_set_available (GNetworkMonitor *monitor,
                                                        gboolean         available);

G_END_DECLS

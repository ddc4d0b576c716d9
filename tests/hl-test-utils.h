/* hl-test-utils.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-store.h"
#include "hl-workspace.h"

G_BEGIN_DECLS

void     hl_test_wait_more_items  (GListModel    *model,
                                   guint          than,
                                   guint          timeout_ms);
void     hl_test_wait_until       (gboolean     (*check) (gpointer data),
                                   gpointer       data,
                                   guint          timeout_ms);
gboolean hl_test_wait_for_signal  (gpointer       instance,
                                   const char    *signal,
                                   guint          timeout_ms);
HlStore *hl_test_open_store       (const char    *path);
HlWorkspace *hl_test_open_workspace (const char  *name);
char    *hl_test_temp_path        (const char    *name);
void     hl_test_drain            (void);
void     hl_test_store_result     (GObject       *source,
                                   GAsyncResult  *result,
                                   gpointer       slot);
GAsyncResult *hl_test_wait_result (GAsyncResult **slot,
                                   guint          timeout_ms);
gint64   hl_test_send_message     (HlStore       *store,
                                   gint64         conversation,
                                   const char    *body,
                                   gboolean       note);
char    *hl_test_query            (HlStore       *store,
                                   const char    *format,
                                   ...) G_GNUC_PRINTF (2, 3);
gint64   hl_test_store_int64      (HlStore       *store,
                                   const char    *sql);
char    *hl_test_lookup_secret    (const char    *kind,
                                   const char    *account);
GNetworkMonitor *hl_test_network_monitor_new           (gboolean         available);
void             hl_test_network_monitor_set_available (GNetworkMonitor *monitor,
                                                        gboolean         available);

G_END_DECLS

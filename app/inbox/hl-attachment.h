/* hl-attachment.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One entry of a message's attachments (a JSON object): a file on the server ("data_url") or, for
 * what the agent attached and the outbox hasn't uploaded yet, a file here ("local_path", state
 * "pending"). */

char     *hl_attachment_get_name    (JsonObject           *attachment);
gint64    hl_attachment_get_size    (JsonObject           *attachment);
gboolean  hl_attachment_is_pending  (JsonObject           *attachment);
char     *hl_attachment_get_uri     (JsonObject           *attachment);
const char *hl_attachment_get_local_path   (JsonObject     *attachment);
const char *hl_attachment_get_content_type (JsonObject     *attachment);
void      hl_attachment_save_async  (JsonObject           *attachment,
                                     GFile                *destination,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean  hl_attachment_save_finish (GAsyncResult         *result,
                                     GError              **error);
char     *hl_attachment_build_local (GFile                *file,
                                     const char           *name,
                                     gint64                size,
                                     const char           *content_type);

G_END_DECLS

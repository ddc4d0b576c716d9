/* hl-chatwoot-upload.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The files a message uploads: the attachments the agent attached (entries of the message row's
 * attachments column with a "local_path", see inbox/hl-attachment.h), read from this computer
 * asynchronously, never on the main loop's time. */

/* Chatwoot refuses larger files (its default MAXIMUM_FILE_UPLOAD_SIZE, 40 MB, in
 * app/models/attachment.rb); they fail here with a clear reason instead of being sent. */
#define HL_CHATWOOT_UPLOAD_MAX_SIZE (40 * 1024 * 1024)

typedef struct
{
  char   *name;
  char   *content_type;   /* or NULL */
  GBytes *bytes;
} HlChatwootUpload;

void       hl_chatwoot_upload_free        (HlChatwootUpload     *upload);
gboolean   hl_chatwoot_upload_has_files   (const char           *attachments);
void       hl_chatwoot_upload_read_async  (const char           *attachments,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GPtrArray *hl_chatwoot_upload_read_finish (GAsyncResult         *result,
                                           GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlChatwootUpload, hl_chatwoot_upload_free)

G_END_DECLS

/* hl-chatwoot-upload.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlChatwootUpload"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hl-attachment.h"
#include "hl-chatwoot-upload.h"

void
hl_chatwoot_upload_free (HlChatwootUpload *upload)
{
  if (upload == NULL)
    return;

  g_free (upload->name);
  g_free (upload->content_type);
  g_clear_pointer (&upload->bytes, g_bytes_unref);
  g_free (upload);
}

typedef struct
{
  GPtrArray *pending;   /* of JsonObject: the attachments still to read */
  GPtrArray *files;     /* of HlChatwootUpload */
  guint      next;
} ReadJob;

static void
read_job_free (gpointer data)
{
  ReadJob *job = data;

  g_ptr_array_unref (job->pending);
  g_ptr_array_unref (job->files);
  g_free (job);
}

/* The entries with a local file, from a message's attachments column. */
static GPtrArray *
local_entries (const char *attachments)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonNode *root;
  JsonArray *array;

  if (attachments == NULL || !json_parser_load_from_data (parser, attachments, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return entries;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node) && hl_attachment_get_local_path (json_node_get_object (node)) != NULL)
        g_ptr_array_add (entries, json_object_ref (json_node_get_object (node)));
    }
  return entries;
}

/* Whether @attachments (a message's attachments column) has files to upload. */
gboolean
hl_chatwoot_upload_has_files (const char *attachments)
{
  g_autoptr(GPtrArray) entries = local_entries (attachments);

  return entries->len > 0;
}

static void read_next (GTask *task);

/* Fails @task for @entry's file: cancelled as it is, else a sentence for the agent. */
static void
return_read_error (GTask      *task,
                   JsonObject *entry,
                   GError     *error)
{
  g_autofree char *name = hl_attachment_get_name (entry);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (error));
  else if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    /* Translators: %s is the file's name */
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("The attached file “%s” is no longer on this computer, so it cannot be sent."), name);
  else
    g_task_return_error (task, g_error_copy (error));   /* GIO's sentence names the file and why */
}

/* Refuses @entry's file when it is larger than Chatwoot takes. */
static gboolean
refuse_too_large (GTask      *task,
                  JsonObject *entry,
                  goffset     size)
{
  g_autofree char *name = NULL;

  if (size <= HL_CHATWOOT_UPLOAD_MAX_SIZE)
    return FALSE;

  name = hl_attachment_get_name (entry);
  /* Translators: %s is the file's name; 40 MB is Chatwoot's limit for one file */
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The attached file “%s” is larger than 40 MB, the most Chatwoot accepts."), name);
  return TRUE;
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadJob *job = g_task_get_task_data (task);
  JsonObject *entry = g_ptr_array_index (job->pending, job->next);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  HlChatwootUpload *upload;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      return_read_error (task, entry, error);
      return;
    }

  /* It may have grown since its size was checked. */
  if (refuse_too_large (task, entry, length))
    return;

  upload = g_new0 (HlChatwootUpload, 1);
  upload->name = hl_attachment_get_name (entry);
  upload->content_type = g_strdup (hl_attachment_get_content_type (entry));
  upload->bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_ptr_array_add (job->files, upload);

  job->next++;
  read_next (g_steal_pointer (&task));
}

static void
on_info (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadJob *job = g_task_get_task_data (task);
  JsonObject *entry = g_ptr_array_index (job->pending, job->next);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, &error);
  GCancellable *cancellable;

  /* Gone, or something else than a file in its place. */
  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      return_read_error (task, entry, error);
      return;
    }

  if (refuse_too_large (task, entry, g_file_info_get_size (info)))
    return;

  cancellable = g_task_get_cancellable (task);
  g_file_load_contents_async (G_FILE (object), cancellable, on_loaded, g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  ReadJob *job = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;

  if (job->next >= job->pending->len)
    {
      g_task_return_pointer (task, g_ptr_array_ref (job->files), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  file = g_file_new_for_path (hl_attachment_get_local_path (g_ptr_array_index (job->pending, job->next)));
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                           on_info, task);
}

/**
 * hl_chatwoot_upload_read_async:
 * @attachments: a message's attachments column (a JSON array)
 *
 * Reads every file of @attachments that is on this computer, one after the other. Fails with a
 * sentence for the agent when one is gone or larger than HL_CHATWOOT_UPLOAD_MAX_SIZE.
 */
void
hl_chatwoot_upload_read_async (const char          *attachments,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  ReadJob *job = g_new0 (ReadJob, 1);

  g_task_set_source_tag (task, hl_chatwoot_upload_read_async);
  job->pending = local_entries (attachments);
  job->files = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_chatwoot_upload_free);
  g_task_set_task_data (task, job, read_job_free);
  read_next (task);
}

/* Returns: (transfer container) (element-type HlChatwootUpload): the files, in order. */
GPtrArray *
hl_chatwoot_upload_read_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

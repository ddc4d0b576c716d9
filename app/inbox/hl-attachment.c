/* hl-attachment.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlInbox"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "hl-attachment.h"

static const char *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING ?
         json_node_get_string (node) : NULL;
}

/* What to call it: its title, else the last part of its path or URL. */
char *
hl_attachment_get_name (JsonObject *attachment)
{
  const char *title = member (attachment, "fallback_title");
  const char *path = member (attachment, "local_path");
  const char *url = member (attachment, "data_url");

  if (title && title[0])
    return g_strdup (title);
  if (path && path[0])
    return g_path_get_basename (path);
  if (url && url[0])
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);

      if (uri && g_uri_get_path (uri)[0])
        {
          g_autofree char *base = g_path_get_basename (g_uri_get_path (uri));
          char *unescaped = g_uri_unescape_string (base, "/");

          if (unescaped && unescaped[0] && !g_str_equal (unescaped, "/"))
            return unescaped;
          g_free (unescaped);
        }
    }
  return g_strdup (_("Attachment"));
}

gint64
hl_attachment_get_size (JsonObject *attachment)
{
  JsonNode *node = json_object_get_member (attachment, "file_size");

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 ?
         json_node_get_int (node) : -1;
}

gboolean
hl_attachment_is_pending (JsonObject *attachment)
{
  return g_strcmp0 (member (attachment, "state"), "pending") == 0 || member (attachment, "data_url") == NULL;
}

/* The file on this computer that the outbox uploads, or NULL (a file on the server). */
const char *
hl_attachment_get_local_path (JsonObject *attachment)
{
  return member (attachment, "local_path");
}

const char *
hl_attachment_get_content_type (JsonObject *attachment)
{
  return member (attachment, "content_type");
}

/* A file:// URI for a local file, the server's http(s) URL otherwise, or NULL. */
char *
hl_attachment_get_uri (JsonObject *attachment)
{
  const char *path = member (attachment, "local_path");
  const char *url = member (attachment, "data_url");

  if (path && g_path_is_absolute (path))
    return g_filename_to_uri (path, NULL, NULL);
  if (url && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://")))
    return g_strdup (url);
  return NULL;
}

static void
on_spliced (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error) < 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_replaced (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) out = g_file_replace_finish (G_FILE (object), result, &error);
  GInputStream *in = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (out == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_output_stream_splice_async (G_OUTPUT_STREAM (out), in,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, cancellable, on_spliced, g_steal_pointer (&task));
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  GFile *destination = g_object_get_data (G_OBJECT (task), "destination");
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (in == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The server did not give the file (HTTP %u)."), soup_message_get_status (message));
      return;
    }
  g_task_set_task_data (task, g_steal_pointer (&in), g_object_unref);
  g_file_replace_async (destination, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, G_PRIORITY_DEFAULT,
                        cancellable, on_replaced, g_steal_pointer (&task));
}

static void
on_copied (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Copies the attachment to @destination: from this computer, or downloaded from the server. */
void
hl_attachment_save_async (JsonObject          *attachment,
                          GFile               *destination,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *uri = hl_attachment_get_uri (attachment);

  g_task_set_source_tag (task, hl_attachment_save_async);
  g_object_set_data_full (G_OBJECT (task), "destination", g_object_ref (destination), g_object_unref);

  if (uri == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This attachment has no file to save."));
      return;
    }

  if (g_str_has_prefix (uri, "file:"))
    {
      g_autoptr(GFile) source = g_file_new_for_uri (uri);

      g_file_copy_async (source, destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT, cancellable,
                         NULL, NULL, on_copied, g_steal_pointer (&task));
    }
  else
    {
      g_autoptr(SoupSession) session = soup_session_new ();
      g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);

      if (message == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The attachment's address is not valid."));
          return;
        }
      soup_session_send_async (session, message, G_PRIORITY_DEFAULT, cancellable, on_sent, g_steal_pointer (&task));
    }
}

gboolean
hl_attachment_save_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The attachments entry for a file the agent attached: kept here until the outbox uploads it. */
char *
hl_attachment_build_local (GFile      *file,
                           const char *name,
                           gint64      size,
                           const char *content_type)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = g_file_get_path (file);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "local_path");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "fallback_title");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "file_size");
  json_builder_add_int_value (builder, size);
  if (content_type)
    {
      json_builder_set_member_name (builder, "content_type");
      json_builder_add_string_value (builder, content_type);
    }
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, "pending");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

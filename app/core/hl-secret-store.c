/* hl-secret-store.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlSecretStore"

#include "config.h"

#include "hl-secret-store.h"

/* The one libsecret schema for all Helpline secrets: SIP and TURN passwords, Chatwoot tokens.
 * Secrets never reach the database, the config files, the logs or a command line. */

const SecretSchema *
hl_secret_store_get_schema (void)
{
  static const SecretSchema schema = {
    "io.helpline.Helpline.Secret",
    SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  const char *what = g_task_get_task_data (task);

  if (g_strcmp0 (what, "lookup") == 0)
    {
      char *secret = secret_password_lookup_finish (result, &error);

      if (error)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
    }
  else if (g_strcmp0 (what, "store") == 0)
    {
      if (!secret_password_store_finish (result, &error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_boolean (task, TRUE);
    }
  else
    {
      /* clear: "nothing to remove" is not an error */
      secret_password_clear_finish (result, &error);
      if (error)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

void
hl_secret_store_save_async (const char          *kind,
                            const char          *account,
                            const char          *label,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (kind != NULL);
  g_return_if_fail (account != NULL);
  g_return_if_fail (secret != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_secret_store_save_async);
  g_task_set_task_data (task, (gpointer) "store", NULL);

  secret_password_store (hl_secret_store_get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, on_done, task,
                         "kind", kind, "account", account, NULL);
}

gboolean
hl_secret_store_save_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
hl_secret_store_lookup_async (const char          *kind,
                              const char          *account,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (kind != NULL);
  g_return_if_fail (account != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_secret_store_lookup_async);
  g_task_set_task_data (task, (gpointer) "lookup", NULL);

  secret_password_lookup (hl_secret_store_get_schema (), cancellable, on_done, task,
                          "kind", kind, "account", account, NULL);
}

/* Returns the secret (free with secret_password_free()), or NULL with no error when none is stored. */
char *
hl_secret_store_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
hl_secret_store_clear_async (const char          *kind,
                             const char          *account,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (kind != NULL);
  g_return_if_fail (account != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_secret_store_clear_async);
  g_task_set_task_data (task, (gpointer) "clear", NULL);

  secret_password_clear (hl_secret_store_get_schema (), cancellable, on_done, task,
                         "kind", kind, "account", account, NULL);
}

gboolean
hl_secret_store_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

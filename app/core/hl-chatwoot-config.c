/* hl-chatwoot-config.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlChatwootConfig"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "hl-chatwoot-config.h"
#include "hl-provision.h"
#include "hl-secret-store.h"
#include "hl-workspace.h"

/* Saving goes through hl_provision_apply_async (), so that an account added in Preferences and one
 * imported with --provision end up exactly alike: token in the keyring, the rest in accounts.ini. */

G_DEFINE_BOXED_TYPE (HlChatwootConfig, hl_chatwoot_config, hl_chatwoot_config_copy, hl_chatwoot_config_free)

HlChatwootConfig *
hl_chatwoot_config_new (const char *url,
                        gint64      account_id)
{
  HlChatwootConfig *self;

  g_return_val_if_fail (url != NULL, NULL);

  self = g_new0 (HlChatwootConfig, 1);
  self->url = g_strdup (url);
  self->account_id = account_id;

  return self;
}

HlChatwootConfig *
hl_chatwoot_config_copy (const HlChatwootConfig *self)
{
  HlChatwootConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = hl_chatwoot_config_new (self->url, self->account_id);
  copy->phone_inbox_id = self->phone_inbox_id;
  copy->account_name = g_strdup (self->account_name);
  copy->user_name = g_strdup (self->user_name);
  copy->user_email = g_strdup (self->user_email);
  copy->certificate_pem = g_strdup (self->certificate_pem);

  return copy;
}

void
hl_chatwoot_config_free (HlChatwootConfig *self)
{
  if (self == NULL)
    return;

  g_free (self->url);
  g_free (self->account_name);
  g_free (self->user_name);
  g_free (self->user_email);
  g_free (self->certificate_pem);
  g_free (self);
}

/* The configured account, or NULL when there is none (or accounts.ini is damaged). */
HlChatwootConfig *
hl_chatwoot_config_load (void)
{
  g_autoptr(GKeyFile) file = hl_provision_load_accounts ();
  g_autofree char *url = g_key_file_get_string (file, "Chatwoot", "url", NULL);
  gint64 account_id = g_key_file_get_int64 (file, "Chatwoot", "account-id", NULL);
  HlChatwootConfig *self;

  if (url == NULL || url[0] == '\0' || account_id <= 0)
    return NULL;

  self = hl_chatwoot_config_new (url, account_id);
  self->phone_inbox_id = g_key_file_get_int64 (file, "Chatwoot", "phone-inbox-id", NULL);
  self->account_name = g_key_file_get_string (file, "Chatwoot", "account-name", NULL);
  self->user_name = g_key_file_get_string (file, "Chatwoot", "user-name", NULL);
  self->user_email = g_key_file_get_string (file, "Chatwoot", "user-email", NULL);
  self->certificate_pem = g_key_file_get_string (file, "Chatwoot", "trusted-certificate", NULL);

  return self;
}

char *
hl_chatwoot_config_dup_secret_account (const HlChatwootConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return hl_provision_chatwoot_secret_account (self->url, self->account_id);
}

/* The certificate the agent chose to trust, or NULL (also when the stored PEM is unreadable). */
GTlsCertificate *
hl_chatwoot_config_dup_certificate (const HlChatwootConfig *self)
{
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->certificate_pem == NULL || self->certificate_pem[0] == '\0')
    return NULL;

  if (!(certificate = g_tls_certificate_new_from_pem (self->certificate_pem, -1, &error)))
    g_warning ("The trusted certificate of %s is unreadable: %s", self->url, error->message);

  return certificate;
}

char *
hl_chatwoot_config_dup_workspace_name (const HlChatwootConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return hl_workspace_chatwoot_name (self->url, self->account_id);
}

/* Saving */

static void
on_applied (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_provision_apply_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Stores @access_token in the keyring and the rest in accounts.ini, replacing the Chatwoot account
 * configured before (the phone account is kept). */
void
hl_chatwoot_config_save_async (const HlChatwootConfig *self,
                               const char             *access_token,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  HlProvision *provision;

  g_return_if_fail (self != NULL);
  g_return_if_fail (access_token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_chatwoot_config_save_async);

  provision = g_new0 (HlProvision, 1);
  provision->has_chatwoot = TRUE;
  provision->chatwoot_url = g_strdup (self->url);
  provision->chatwoot_account_id = self->account_id;
  provision->chatwoot_access_token = g_strdup (access_token);
  provision->chatwoot_phone_inbox_id = self->phone_inbox_id;
  provision->chatwoot_account_name = g_strdup (self->account_name);
  provision->chatwoot_user_name = g_strdup (self->user_name);
  provision->chatwoot_user_email = g_strdup (self->user_email);
  provision->chatwoot_certificate = g_strdup (self->certificate_pem);
  /* the provision must outlive the apply: the task keeps it */
  g_task_set_task_data (task, provision, (GDestroyNotify) hl_provision_free);

  hl_provision_apply_async (provision, NULL, cancellable, on_applied, g_steal_pointer (&task));
}

gboolean
hl_chatwoot_config_save_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The call-log inbox */

static void
set_phone_inbox_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  HlChatwootConfig *config = task_data;
  g_autoptr(GKeyFile) file = hl_provision_load_accounts ();
  g_autofree char *url = g_key_file_get_string (file, "Chatwoot", "url", NULL);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (url, config->url) != 0 ||
      g_key_file_get_int64 (file, "Chatwoot", "account-id", NULL) != config->account_id)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The Chatwoot account was changed or removed meanwhile."));
      return;
    }

  if (config->phone_inbox_id > 0)
    g_key_file_set_int64 (file, "Chatwoot", "phone-inbox-id", config->phone_inbox_id);
  else
    g_key_file_remove_key (file, "Chatwoot", "phone-inbox-id", NULL);

  if (!hl_provision_save_accounts (file, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Stores @self's phone_inbox_id (0: none) in accounts.ini, for the account @self names. */
void
hl_chatwoot_config_save_phone_inbox_async (const HlChatwootConfig *self,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_chatwoot_config_save_phone_inbox_async);
  g_task_set_task_data (task, hl_chatwoot_config_copy (self), (GDestroyNotify) hl_chatwoot_config_free);
  g_task_run_in_thread (task, set_phone_inbox_thread);
}

gboolean
hl_chatwoot_config_save_phone_inbox_finish (GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Removing (signing out) */

typedef struct
{
  HlChatwootConfig *config;
  gboolean          delete_cache;
} RemoveData;

static void
remove_data_free (gpointer data)
{
  RemoveData *remove = data;

  hl_chatwoot_config_free (remove->config);
  g_free (remove);
}

/* Worker thread: accounts.ini without [Chatwoot], and the cached workspace database if asked. */
static void
remove_files_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  RemoveData *remove = task_data;
  g_autoptr(GKeyFile) file = hl_provision_load_accounts ();
  g_autoptr(GError) error = NULL;

  if (g_key_file_has_group (file, "Chatwoot"))
    {
      g_autofree char *url = g_key_file_get_string (file, "Chatwoot", "url", NULL);
      gint64 account_id = g_key_file_get_int64 (file, "Chatwoot", "account-id", NULL);

      /* only the account being signed out of, not one provisioned meanwhile */
      if (g_strcmp0 (url, remove->config->url) == 0 && account_id == remove->config->account_id)
        {
          g_key_file_remove_group (file, "Chatwoot", NULL);
          if (!hl_provision_save_accounts (file, &error))
            {
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
        }
    }

  if (remove->delete_cache)
    {
      g_autofree char *name = hl_chatwoot_config_dup_workspace_name (remove->config);
      g_autofree char *path = hl_workspace_path_for (name);
      static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file_path = g_strconcat (path, suffixes[i], NULL);

          if (g_unlink (file_path) != 0 && errno != ENOENT)
            {
              int saved = errno;

              g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                                       _("Could not delete the cached data “%s”: %s"),
                                       file_path, g_strerror (saved));
              return;
            }
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_secret_cleared (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_secret_store_clear_finish (result, &error))
    {
      /* Translators: signing out of Chatwoot failed; %s is the keyring's own error message */
      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not remove the access token from the keyring: %s"), error->message);
      return;
    }

  g_task_run_in_thread (task, remove_files_thread);
}

/* Signs out: the token leaves the keyring, [Chatwoot] leaves accounts.ini and, with
 * @delete_cache, the account's cached workspace database is deleted. */
void
hl_chatwoot_config_remove_async (const HlChatwootConfig *self,
                                 gboolean                delete_cache,
                                 GCancellable           *cancellable,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *account = NULL;
  RemoveData *remove;

  g_return_if_fail (self != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_chatwoot_config_remove_async);

  remove = g_new0 (RemoveData, 1);
  remove->config = hl_chatwoot_config_copy (self);
  remove->delete_cache = delete_cache;
  g_task_set_task_data (task, remove, remove_data_free);

  account = hl_chatwoot_config_dup_secret_account (self);
  hl_secret_store_clear_async (HL_SECRET_CHATWOOT_TOKEN, account, cancellable,
                               on_secret_cleared, g_steal_pointer (&task));
}

gboolean
hl_chatwoot_config_remove_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

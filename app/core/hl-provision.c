/* hl-provision.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlProvision"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hl-disposition.h"
#include "hl-provision.h"
#include "hl-secret-store.h"

/* `helpline --provision=FILE`: the key file IT departments hand to remote agents (the format is in
 * shared/DESIGN.md and help/C/provisioning.page). The whole file is validated before anything is
 * stored, and every error names the group and key. Then the secrets go to the keyring, the rest to
 * $XDG_CONFIG_HOME/helpline/accounts.ini and GSettings; if the keyring refuses one secret, the
 * secrets already stored by this import are removed again, so nothing is half-imported.
 *
 * Values may carry a trailing comment ("agent1   # auth user", as in the documented example),
 * except the secret keys, where '#' may be part of the secret. */

G_DEFINE_QUARK (hl-provision-error-quark, hl_provision_error)

typedef enum
{
  KIND_STRING,
  KIND_SECRET,
  KIND_BOOLEAN,
  KIND_ID,
} KeyKind;

typedef struct
{
  const char *group;
  const char *key;
  KeyKind     kind;
  gboolean    required;
} KeySpec;

static const KeySpec key_specs[] = {
  { "Phone", "websocket-url", KIND_STRING, TRUE },
  { "Phone", "uri", KIND_STRING, TRUE },
  { "Phone", "username", KIND_STRING, FALSE },
  { "Phone", "password", KIND_SECRET, FALSE },
  { "Phone", "display-name", KIND_STRING, FALSE },
  { "Phone", "ice-servers", KIND_STRING, FALSE },
  { "Phone", "turn-username", KIND_STRING, FALSE },
  { "Phone", "turn-password", KIND_SECRET, FALSE },
  { "Phone", "auto-answer", KIND_BOOLEAN, FALSE },
  { "Phone", "recording", KIND_BOOLEAN, FALSE },
  { "Phone", "dispositions", KIND_STRING, FALSE },
  { "Chatwoot", "url", KIND_STRING, TRUE },
  { "Chatwoot", "account-id", KIND_ID, TRUE },
  { "Chatwoot", "access-token", KIND_SECRET, TRUE },
  { "Chatwoot", "phone-inbox-id", KIND_ID, FALSE },
  { "Workspace", "language", KIND_STRING, FALSE },
};

void
hl_provision_free (HlProvision *self)
{
  if (self == NULL)
    return;

  g_free (self->phone_websocket_url);
  g_free (self->phone_uri);
  g_free (self->phone_username);
  if (self->phone_password)
    memset (self->phone_password, 0, strlen (self->phone_password));
  g_free (self->phone_password);
  g_free (self->phone_display_name);
  g_strfreev (self->phone_ice_servers);
  g_strfreev (self->phone_dispositions);
  g_free (self->phone_turn_username);
  if (self->phone_turn_password)
    memset (self->phone_turn_password, 0, strlen (self->phone_turn_password));
  g_free (self->phone_turn_password);
  g_free (self->chatwoot_url);
  if (self->chatwoot_access_token)
    memset (self->chatwoot_access_token, 0, strlen (self->chatwoot_access_token));
  g_free (self->chatwoot_access_token);
  g_free (self->chatwoot_account_name);
  g_free (self->chatwoot_user_name);
  g_free (self->chatwoot_user_email);
  g_free (self->chatwoot_certificate);
  g_free (self->language);
  g_free (self);
}

gboolean
hl_is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) addr = NULL;

  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  if (host[0] == '[')
    {
      g_autofree char *inner = g_strndup (host + 1, strlen (host) - 2);
      addr = g_inet_address_new_from_string (inner);
    }
  else
    addr = g_inet_address_new_from_string (host);

  return addr != NULL && g_inet_address_get_is_loopback (addr);
}

static const KeySpec *
find_spec (const char *group,
           const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_specs); i++)
    if (g_str_equal (key_specs[i].group, group) && g_str_equal (key_specs[i].key, key))
      return &key_specs[i];

  return NULL;
}

static gboolean
invalid (GError     **error,
         const char  *group,
         const char  *key,
         const char  *reason)
{
  g_set_error (error, HL_PROVISION_ERROR, HL_PROVISION_ERROR_INVALID_VALUE,
               /* Translators: "[Phone] uri: …" — the group and key of the provisioning file, then why */
               _("[%s] %s: %s"), group, key, reason);
  return FALSE;
}

/* Reads a value; strips a trailing " # comment" unless the key holds a secret. */
static char *
get_value (GKeyFile      *file,
           const KeySpec *spec)
{
  g_autofree char *raw = g_key_file_get_value (file, spec->group, spec->key, NULL);
  char *hash;

  if (raw == NULL)
    return NULL;

  if (spec->kind != KIND_SECRET)
    {
      for (hash = strchr (raw, '#'); hash != NULL; hash = strchr (hash + 1, '#'))
        if (hash == raw || g_ascii_isspace (hash[-1]))
          {
            *hash = '\0';
            break;
          }
      g_strstrip (raw);
    }

  return g_steal_pointer (&raw);
}

/* ws:// and http:// are allowed only to this computer; everything else needs TLS. */
static gboolean
check_url (const char  *value,
           const char  *secure_scheme,
           const char  *plain_scheme,
           const char  *group,
           const char  *key,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return invalid (error, group, key, _("not a valid URL"));

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, secure_scheme) == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, plain_scheme) == 0)
    {
      if (hl_is_loopback_host (g_uri_get_host (uri)))
        return TRUE;

      {
        g_autofree char *reason =
          g_strdup_printf (_("%s:// is only allowed to this computer; use %s://"), plain_scheme, secure_scheme);
        return invalid (error, group, key, reason);
      }
    }

  {
    g_autofree char *reason = g_strdup_printf (_("the URL must start with %s://"), secure_scheme);
    return invalid (error, group, key, reason);
  }
}

/* sip:user@host[:port][;params] or sips:… */
static gboolean
check_sip_uri (const char  *value,
               char       **user_out,
               GError     **error)
{
  const char *rest;
  const char *at;
  const char *host;

  if (g_str_has_prefix (value, "sip:"))
    rest = value + 4;
  else if (g_str_has_prefix (value, "sips:"))
    rest = value + 5;
  else
    return invalid (error, "Phone", "uri", _("must be a SIP address such as sip:agent1@pbx.example.com"));

  at = strchr (rest, '@');
  if (at == NULL || at == rest)
    return invalid (error, "Phone", "uri", _("must be a SIP address such as sip:agent1@pbx.example.com"));

  host = at + 1;
  if (host[0] == '\0' || host[0] == ';' || host[0] == ':')
    return invalid (error, "Phone", "uri", _("the SIP address has no host"));

  for (const char *p = value; *p; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return invalid (error, "Phone", "uri", _("the SIP address contains spaces"));

  *user_out = g_strndup (rest, at - rest);
  return TRUE;
}

/* stun:host[:port], turn:host[:port][?transport=udp|tcp], stuns:, turns:, separated by ';' */
static gboolean
parse_ice_servers (const char   *value,
                   char       ***out,
                   GError      **error)
{
  g_auto(GStrv) parts = g_strsplit (value, ";", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i]; i++)
    {
      const char *server = g_strstrip (parts[i]);
      const char *host;
      const char *query;

      if (server[0] == '\0')
        continue;

      if (g_str_has_prefix (server, "stun:") || g_str_has_prefix (server, "turn:"))
        host = server + 5;
      else if (g_str_has_prefix (server, "stuns:") || g_str_has_prefix (server, "turns:"))
        host = server + 6;
      else
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not a stun: or turn: server"), server);
          return invalid (error, "Phone", "ice-servers", reason);
        }

      if (host[0] == '\0' || host[0] == ':' || host[0] == '?')
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” has no host"), server);
          return invalid (error, "Phone", "ice-servers", reason);
        }

      if ((query = strchr (host, '?')) != NULL &&
          !g_str_equal (query, "?transport=udp") && !g_str_equal (query, "?transport=tcp"))
        {
          g_autofree char *reason = g_strdup_printf (_("“%s”: the transport must be udp or tcp"), server);
          return invalid (error, "Phone", "ice-servers", reason);
        }

      g_strv_builder_add (builder, server);
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
check_language (const char  *value,
                GError     **error)
{
  g_autoptr(GRegex) regex = g_regex_new ("^([a-z]{2,3}([_-][A-Za-z]{2,4})?)?$", 0, 0, NULL);

  if (!g_regex_match (regex, value, 0, NULL))
    return invalid (error, "Workspace", "language", _("must be a language code such as de or pt_BR, or empty"));

  return TRUE;
}

static gboolean
parse_id (const char  *value,
          const char  *group,
          const char  *key,
          gint64      *out,
          GError     **error)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT64, &n, NULL))
    return invalid (error, group, key, _("must be a positive whole number"));

  *out = (gint64) n;
  return TRUE;
}

HlProvision *
hl_provision_parse (const char  *data,
                    gsize        length,
                    GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(HlProvision) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  g_autofree char *uri_user = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, HL_PROVISION_ERROR, HL_PROVISION_ERROR_PARSE,
                           _("The provisioning file is not UTF-8 text"));
      return NULL;
    }

  if (!g_key_file_load_from_data (file, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, HL_PROVISION_ERROR, HL_PROVISION_ERROR_PARSE,
                   _("The provisioning file is not a valid key file: %s"), local_error->message);
      return NULL;
    }

  self = g_new0 (HlProvision, 1);
  groups = g_key_file_get_groups (file, NULL);

  if (groups[0] == NULL)
    {
      g_set_error_literal (error, HL_PROVISION_ERROR, HL_PROVISION_ERROR_EMPTY,
                           _("The provisioning file has no [Phone], [Chatwoot] or [Workspace] group"));
      return NULL;
    }

  /* First pass: every group and key must be known. */
  for (guint g = 0; groups[g]; g++)
    {
      g_auto(GStrv) keys = NULL;

      if (!g_str_equal (groups[g], "Phone") && !g_str_equal (groups[g], "Chatwoot") &&
          !g_str_equal (groups[g], "Workspace"))
        {
          g_set_error (error, HL_PROVISION_ERROR, HL_PROVISION_ERROR_UNKNOWN_GROUP,
                       _("Unknown group [%s] in the provisioning file"), groups[g]);
          return NULL;
        }

      keys = g_key_file_get_keys (file, groups[g], NULL, NULL);
      for (guint k = 0; keys && keys[k]; k++)
        if (find_spec (groups[g], keys[k]) == NULL)
          {
            g_set_error (error, HL_PROVISION_ERROR, HL_PROVISION_ERROR_UNKNOWN_KEY,
                         _("[%s] %s: unknown key"), groups[g], keys[k]);
            return NULL;
          }
    }

  self->has_phone = g_key_file_has_group (file, "Phone");
  self->has_chatwoot = g_key_file_has_group (file, "Chatwoot");
  self->has_workspace = g_key_file_has_group (file, "Workspace");

  /* Second pass: required keys and values. */
  for (guint i = 0; i < G_N_ELEMENTS (key_specs); i++)
    {
      const KeySpec *spec = &key_specs[i];
      g_autofree char *value = NULL;

      if (!g_key_file_has_group (file, spec->group))
        continue;

      value = get_value (file, spec);

      if (value == NULL || value[0] == '\0')
        {
          if (spec->required)
            {
              g_set_error (error, HL_PROVISION_ERROR, HL_PROVISION_ERROR_MISSING_KEY,
                           _("[%s] %s: this key is required"), spec->group, spec->key);
              return NULL;
            }
          if (value == NULL)
            continue;
        }

      if (spec->kind == KIND_BOOLEAN)
        {
          gboolean flag;

          if (g_ascii_strcasecmp (value, "true") == 0)
            flag = TRUE;
          else if (g_ascii_strcasecmp (value, "false") == 0)
            flag = FALSE;
          else
            {
              invalid (error, spec->group, spec->key, _("must be true or false"));
              return NULL;
            }

          if (g_str_equal (spec->key, "recording"))
            {
              self->phone_recording = flag;
              self->phone_recording_set = TRUE;
            }
          else
            self->phone_auto_answer = flag;
          continue;
        }

      if (g_str_equal (spec->group, "Phone"))
        {
          if (g_str_equal (spec->key, "websocket-url"))
            {
              if (!check_url (value, "wss", "ws", spec->group, spec->key, error))
                return NULL;
              self->phone_websocket_url = g_steal_pointer (&value);
            }
          else if (g_str_equal (spec->key, "uri"))
            {
              if (!check_sip_uri (value, &uri_user, error))
                return NULL;
              self->phone_uri = g_steal_pointer (&value);
            }
          else if (g_str_equal (spec->key, "username"))
            self->phone_username = g_steal_pointer (&value);
          else if (g_str_equal (spec->key, "password"))
            self->phone_password = g_steal_pointer (&value);
          else if (g_str_equal (spec->key, "display-name"))
            self->phone_display_name = g_steal_pointer (&value);
          else if (g_str_equal (spec->key, "ice-servers"))
            {
              if (!parse_ice_servers (value, &self->phone_ice_servers, error))
                return NULL;
            }
          else if (g_str_equal (spec->key, "turn-username"))
            self->phone_turn_username = g_steal_pointer (&value);
          else if (g_str_equal (spec->key, "turn-password"))
            self->phone_turn_password = g_steal_pointer (&value);
          else if (g_str_equal (spec->key, "dispositions"))
            self->phone_dispositions = hl_disposition_parse (value);
        }
      else if (g_str_equal (spec->group, "Chatwoot"))
        {
          if (g_str_equal (spec->key, "url"))
            {
              if (!check_url (value, "https", "http", spec->group, spec->key, error))
                return NULL;
              self->chatwoot_url = g_steal_pointer (&value);
            }
          else if (g_str_equal (spec->key, "account-id"))
            {
              if (!parse_id (value, spec->group, spec->key, &self->chatwoot_account_id, error))
                return NULL;
            }
          else if (g_str_equal (spec->key, "access-token"))
            self->chatwoot_access_token = g_steal_pointer (&value);
          else if (g_str_equal (spec->key, "phone-inbox-id"))
            {
              if (!parse_id (value, spec->group, spec->key, &self->chatwoot_phone_inbox_id, error))
                return NULL;
            }
        }
      else if (g_str_equal (spec->key, "language"))
        {
          if (!check_language (value, error))
            return NULL;
          self->language = g_steal_pointer (&value);
        }
    }

  if (self->has_phone && self->phone_username == NULL)
    self->phone_username = g_steal_pointer (&uri_user);

  if (self->has_phone && self->phone_turn_password && !self->phone_turn_username)
    {
      invalid (error, "Phone", "turn-username", _("is required when turn-password is given"));
      return NULL;
    }

  if (self->has_workspace && self->language == NULL)
    self->language = g_strdup ("");

  if (!self->has_phone && !self->has_chatwoot && !self->has_workspace)
    {
      g_set_error_literal (error, HL_PROVISION_ERROR, HL_PROVISION_ERROR_EMPTY,
                           _("The provisioning file has no [Phone], [Chatwoot] or [Workspace] group"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

char *
hl_provision_accounts_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "helpline", "accounts.ini", NULL);
}

/* The non-secret part into @file: each group this import has replaces the one already there, the
 * others (the phone when only [Chatwoot] is imported, and the other way round) are kept. */
static void
set_accounts_groups (HlProvision *self,
                     GKeyFile    *file)
{
  if (self->has_phone)
    {
      g_key_file_remove_group (file, "Phone", NULL);
      g_key_file_set_string (file, "Phone", "websocket-url", self->phone_websocket_url);
      g_key_file_set_string (file, "Phone", "uri", self->phone_uri);
      g_key_file_set_string (file, "Phone", "username", self->phone_username);
      if (self->phone_display_name)
        g_key_file_set_string (file, "Phone", "display-name", self->phone_display_name);
      if (self->phone_ice_servers && self->phone_ice_servers[0])
        {
          g_autofree char *joined = g_strjoinv (";", self->phone_ice_servers);
          g_key_file_set_string (file, "Phone", "ice-servers", joined);
        }
      if (self->phone_turn_username)
        g_key_file_set_string (file, "Phone", "turn-username", self->phone_turn_username);
      g_key_file_set_boolean (file, "Phone", "auto-answer", self->phone_auto_answer);
      g_key_file_set_boolean (file, "Phone", "has-password", self->phone_password != NULL);
    }

  if (self->has_chatwoot)
    {
      g_key_file_remove_group (file, "Chatwoot", NULL);
      g_key_file_set_string (file, "Chatwoot", "url", self->chatwoot_url);
      g_key_file_set_int64 (file, "Chatwoot", "account-id", self->chatwoot_account_id);
      if (self->chatwoot_phone_inbox_id > 0)
        g_key_file_set_int64 (file, "Chatwoot", "phone-inbox-id", self->chatwoot_phone_inbox_id);
      if (self->chatwoot_account_name)
        g_key_file_set_string (file, "Chatwoot", "account-name", self->chatwoot_account_name);
      if (self->chatwoot_user_name)
        g_key_file_set_string (file, "Chatwoot", "user-name", self->chatwoot_user_name);
      if (self->chatwoot_user_email)
        g_key_file_set_string (file, "Chatwoot", "user-email", self->chatwoot_user_email);
      if (self->chatwoot_certificate)
        g_key_file_set_string (file, "Chatwoot", "trusted-certificate", self->chatwoot_certificate);
    }
}

/* The non-secret part, as written to accounts.ini. */
char *
hl_provision_to_accounts_file (HlProvision *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  g_return_val_if_fail (self != NULL, NULL);

  set_accounts_groups (self, file);

  return g_key_file_to_data (file, NULL, NULL);
}

/* accounts.ini as it is now; empty when there is none. A few hundred bytes on local disk. */
GKeyFile *
hl_provision_load_accounts (void)
{
  g_autofree char *path = hl_provision_accounts_path ();
  GKeyFile *file = g_key_file_new ();

  g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);

  return file;
}

/* The one writer of accounts.ini: private to the user, replaced atomically. */
gboolean
hl_provision_save_accounts (GKeyFile  *file,
                            GError   **error)
{
  g_autofree char *path = hl_provision_accounts_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = NULL;

  g_return_val_if_fail (file != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot create the folder “%s”"), dir);
      return FALSE;
    }

  contents = g_key_file_to_data (file, NULL, NULL);

  return g_file_set_contents_full (path, contents, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

/* The keyring "account" attribute of a Chatwoot access token. */
char *
hl_provision_chatwoot_secret_account (const char *url,
                                      gint64      account_id)
{
  g_return_val_if_fail (url != NULL, NULL);

  return g_strdup_printf ("%s#%" G_GINT64_FORMAT, url, account_id);
}

/* Applying */

typedef struct
{
  const char *kind;
  char       *account;
  char       *label;
  const char *secret;     /* borrowed from the HlProvision */
} Secret;

typedef struct
{
  HlProvision *provision;
  GSettings   *settings;
  GArray      *secrets;
  guint        next;
  GError      *error;      /* the first failure; stored secrets are being removed */
} ApplyState;

static void
secret_clear_fields (gpointer data)
{
  Secret *secret = data;

  g_free (secret->account);
  g_free (secret->label);
}

static void
apply_state_free (gpointer data)
{
  ApplyState *state = data;

  g_clear_pointer (&state->secrets, g_array_unref);
  g_clear_object (&state->settings);
  g_clear_error (&state->error);
  g_free (state);
}

static void apply_next_secret (GTask *task);
static void rollback_next_secret (GTask *task);

/* Takes the reference to @task. */
static void
finish_apply (GTask *task)
{
  ApplyState *state = g_task_get_task_data (task);
  HlProvision *provision = state->provision;
  g_autoptr(GError) error = NULL;

  if (provision->has_phone || provision->has_chatwoot)
    {
      g_autoptr(GKeyFile) file = hl_provision_load_accounts ();

      set_accounts_groups (provision, file);

      if (!hl_provision_save_accounts (file, &error))
        {
          /* The secrets were stored for accounts that now don't exist: take them back out. */
          state->error = g_steal_pointer (&error);
          state->next = 0;
          rollback_next_secret (task);
          return;
        }
    }

  if (provision->has_workspace && state->settings != NULL)
    g_settings_set_string (state->settings, "language", provision->language);

  /* A setting rather than part of the account: the agent sees it in Preferences → Audio */
  if (provision->has_phone && provision->phone_recording_set && state->settings != NULL)
    g_settings_set_boolean (state->settings, "call-recording", provision->phone_recording);
  if (provision->has_phone && provision->phone_dispositions != NULL && state->settings != NULL)
    g_settings_set_strv (state->settings, "call-dispositions", (const char * const *) provision->phone_dispositions);

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_rollback_cleared (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!hl_secret_store_clear_finish (result, &error))
    g_warning ("Could not remove a secret stored by the failed import: %s", error->message);

  state->next++;
  rollback_next_secret (g_steal_pointer (&task));
}

static void
rollback_next_secret (GTask *task)
{
  ApplyState *state = g_task_get_task_data (task);

  /* Only the secrets this import had stored before it failed (state->next counts them). */
  if (state->next < state->secrets->len)
    {
      Secret *secret = &g_array_index (state->secrets, Secret, state->next);

      hl_secret_store_clear_async (secret->kind, secret->account, NULL, on_rollback_cleared, task);
      return;
    }

  g_task_return_error (task, g_steal_pointer (&state->error));
  g_object_unref (task);
}

static void
on_secret_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!hl_secret_store_save_finish (result, &error))
    {
      g_set_error (&state->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not save a password in the keyring: %s"), error->message);
      /* Remove the ones saved so far: keep only those in the array. */
      g_array_set_size (state->secrets, state->next);
      state->next = 0;
      rollback_next_secret (g_steal_pointer (&task));
      return;
    }

  state->next++;
  apply_next_secret (g_steal_pointer (&task));
}

static void
apply_next_secret (GTask *task)
{
  ApplyState *state = g_task_get_task_data (task);

  if (state->next < state->secrets->len)
    {
      Secret *secret = &g_array_index (state->secrets, Secret, state->next);

      hl_secret_store_save_async (secret->kind, secret->account, secret->label, secret->secret,
                                  g_task_get_cancellable (task), on_secret_saved, task);
      return;
    }

  finish_apply (task);
}

static void
add_secret (ApplyState *state,
            const char *kind,
            const char *account,
            char       *label,
            const char *value)
{
  Secret secret = { kind, g_strdup (account), label, value };

  if (value == NULL)
    {
      g_free (label);
      g_free (secret.account);
      return;
    }

  g_array_append_val (state->secrets, secret);
}

/**
 * hl_provision_apply_async:
 * @self: a parsed, valid provisioning file; must stay alive until the callback
 * @settings: (nullable): the app's GSettings, for [Workspace]
 */
void
hl_provision_apply_async (HlProvision         *self,
                          GSettings           *settings,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  ApplyState *state;

  g_return_if_fail (self != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hl_provision_apply_async);

  state = g_new0 (ApplyState, 1);
  state->provision = self;
  state->settings = settings ? g_object_ref (settings) : NULL;
  state->secrets = g_array_new (FALSE, TRUE, sizeof (Secret));
  g_array_set_clear_func (state->secrets, secret_clear_fields);
  g_task_set_task_data (task, state, apply_state_free);

  if (self->has_phone)
    {
      add_secret (state, HL_SECRET_PHONE_PASSWORD, self->phone_uri,
                  g_strdup_printf (_("Helpline phone password for %s"), self->phone_uri),
                  self->phone_password);
      add_secret (state, HL_SECRET_TURN_PASSWORD, self->phone_uri,
                  g_strdup_printf (_("Helpline TURN password for %s"), self->phone_uri),
                  self->phone_turn_password);
    }

  if (self->has_chatwoot)
    {
      g_autofree char *account = hl_provision_chatwoot_secret_account (self->chatwoot_url,
                                                                       self->chatwoot_account_id);

      add_secret (state, HL_SECRET_CHATWOOT_TOKEN, account,
                  g_strdup_printf (_("Helpline Chatwoot access token for %s"), self->chatwoot_url),
                  self->chatwoot_access_token);
    }

  apply_next_secret (task);
}

gboolean
hl_provision_apply_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* hl-chatwoot-sign-in.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlChatwootSignIn"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hl-format.h"
#include "hl-backend-error.h"
#include "hl-chatwoot-sign-in.h"
#include "hl-secret-store.h"

/* Preferences → Accounts → Add Chatwoot Account: server address, then email + password
 * (POST /auth/sign_in, with the one-time-code step when the server asks) or an access token
 * (checked with GET /api/v1/profile), then the account when the profile has several. The result
 * is saved like a provisioned account (hl_chatwoot_config_save_async) and the backend reloaded.
 *
 * A certificate the system does not trust is never accepted silently: its details are shown, and
 * only "Trust This Certificate" pins exactly that certificate for this server (it is saved with
 * the account settings, and any other certificate is refused later). */

typedef enum
{
  STEP_CREDENTIALS,
  STEP_MFA,
  STEP_ACCOUNT,
} Step;

struct _HlChatwootSignIn
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkButton            *next_button;
  GtkSpinner           *spinner;
  GtkStack             *stack;
  AdwEntryRow          *server_row;
  AdwComboRow          *method_row;
  AdwEntryRow          *email_row;
  AdwPasswordEntryRow  *password_row;
  AdwPasswordEntryRow  *token_row;
  AdwEntryRow          *code_row;
  GtkSwitch            *backup_switch;
  AdwPreferencesGroup  *account_group;
  GtkLabel             *error_label;
  AdwPreferencesGroup  *certificate_group;
  AdwActionRow         *subject_row;
  AdwActionRow         *issuer_row;
  AdwActionRow         *validity_row;
  AdwActionRow         *fingerprint_row;

  /* Owned references */
  HlChatwootBackend    *backend;
  HlChatwootClient     *client;
  GCancellable         *cancellable;
  HlChatwootProfile    *profile;
  GTlsCertificate      *trusted;        /* what the agent chose to trust for trusted_host */
  char                 *trusted_host;
  GTlsCertificate      *refused;        /* shown in certificate_group */
  char                 *mfa_token;
  char                 *token;
  char                 *replaced_account;  /* keyring entry of the account this one replaces */
  GList                *account_rows;
  Step                  step;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (HlChatwootSignIn, hl_chatwoot_sign_in, ADW_TYPE_WINDOW)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void update_actions (HlChatwootSignIn *self);

static gboolean use_token (HlChatwootSignIn *self);

static void
set_busy (HlChatwootSignIn *self,
          gboolean          busy)
{
  /* The focus leaves the entries before they turn insensitive (GTK warns otherwise), and comes
   * back to where the agent fixes what went wrong: the password, the token or the code. */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);

  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !busy);
  update_actions (self);

  if (!busy && self->step != STEP_ACCOUNT)
    gtk_widget_grab_focus (self->step == STEP_MFA ? GTK_WIDGET (self->code_row) :
                           use_token (self) ? GTK_WIDGET (self->token_row) : GTK_WIDGET (self->password_row));
}

static void
show_error (HlChatwootSignIn *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
show_step (HlChatwootSignIn *self,
           Step              step)
{
  static const char *names[] = { "credentials", "mfa", "account" };

  self->step = step;
  gtk_stack_set_visible_child_name (self->stack, names[step]);
  gtk_button_set_label (self->next_button,
                        step == STEP_CREDENTIALS ? _("_Sign In") :
                        step == STEP_MFA ? _("_Verify") : _("_Add Account"));
  gtk_widget_grab_focus (GTK_WIDGET (step == STEP_MFA ? (GtkWidget *) self->code_row :
                                     step == STEP_CREDENTIALS ? (GtkWidget *) self->server_row :
                                     (GtkWidget *) self->next_button));
  update_actions (self);
}

static gboolean
use_token (HlChatwootSignIn *self)
{
  return adw_combo_row_get_selected (self->method_row) == 1;
}

static void
on_method_changed (HlChatwootSignIn *self)
{
  gboolean token = use_token (self);

  gtk_widget_set_visible (GTK_WIDGET (self->email_row), !token);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), !token);
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), token);
  update_actions (self);
}

static const char *
row_text (gpointer row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
update_actions (HlChatwootSignIn *self)
{
  gboolean ready = FALSE;

  switch (self->step)
    {
    case STEP_CREDENTIALS:
      ready = row_text (self->server_row)[0] != '\0' &&
              (use_token (self) ? row_text (self->token_row)[0] != '\0'
                                : row_text (self->email_row)[0] != '\0' && row_text (self->password_row)[0] != '\0');
      break;
    case STEP_MFA:
      ready = row_text (self->code_row)[0] != '\0';
      break;
    case STEP_ACCOUNT:
    default:
      ready = TRUE;
      break;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.next", ready && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.trust-certificate", self->refused != NULL && !self->busy);
}

/* "chat.example.com" → "https://chat.example.com" */
static char *
normalized_url (HlChatwootSignIn *self)
{
  g_autofree char *text = g_strstrip (g_strdup (row_text (self->server_row)));

  if (strstr (text, "://") == NULL)
    return g_strconcat ("https://", text, NULL);

  return g_steal_pointer (&text);
}

/* The certificate's details */

static char *
format_date (GDateTime *date)
{
  /* Translators: a certificate's first or last valid day; see g_date_time_format () */
  return date ? hl_format_date (date, _("%B %-d, %Y")) : g_strdup (_("unknown"));
}

static char *
sha256_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) text = g_string_new (NULL);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return g_strdup (_("unknown"));

  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &length);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (text, i ? ":%02X" : "%02X", digest[i]);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_certificate (HlChatwootSignIn *self,
                  GTlsCertificate  *certificate)
{
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *validity = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autoptr(GDateTime) not_before = NULL;
  g_autoptr(GDateTime) not_after = NULL;

  g_set_object (&self->refused, certificate);
  gtk_widget_set_visible (GTK_WIDGET (self->certificate_group), certificate != NULL);
  update_actions (self);

  if (certificate == NULL)
    return;

  subject = g_tls_certificate_get_subject_name (certificate);
  issuer = g_tls_certificate_get_issuer_name (certificate);
  not_before = g_tls_certificate_get_not_valid_before (certificate);
  not_after = g_tls_certificate_get_not_valid_after (certificate);
  from = format_date (not_before);
  until = format_date (not_after);
  /* Translators: the validity period of a certificate, two dates */
  validity = g_strdup_printf (_("From %s until %s"), from, until);
  fingerprint = sha256_fingerprint (certificate);

  adw_action_row_set_subtitle (self->subject_row, subject ? subject : _("unknown"));
  adw_action_row_set_subtitle (self->issuer_row, issuer ? issuer : _("unknown"));
  adw_action_row_set_subtitle (self->validity_row, validity);
  adw_action_row_set_subtitle (self->fingerprint_row, fingerprint);
}

/* Finishing */

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HlChatwootSignIn) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_chatwoot_config_save_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_error (self, error->message);
      return;
    }

  /* Another account replaced the one configured before: its token leaves the keyring too. */
  if (self->replaced_account != NULL)
    hl_secret_store_clear_async (HL_SECRET_CHATWOOT_TOKEN, self->replaced_account, NULL, NULL, NULL);

  hl_chatwoot_backend_reload (self->backend);
  g_signal_emit (self, signals [SIGNED_IN], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_account (HlChatwootSignIn  *self,
              HlChatwootAccount *account)
{
  g_autoptr(HlChatwootConfig) config = NULL;
  const HlChatwootConfig *previous = hl_chatwoot_backend_get_config (self->backend);

  config = hl_chatwoot_config_new (hl_chatwoot_client_get_base_url (self->client), account->id);
  config->account_name = g_strdup (account->name);
  config->user_name = g_strdup (self->profile->name);
  config->user_email = g_strdup (self->profile->email);
  /* Signing in again to the same account keeps its call-log inbox. */
  g_clear_pointer (&self->replaced_account, g_free);
  if (previous && g_strcmp0 (previous->url, config->url) == 0 && previous->account_id == config->account_id)
    config->phone_inbox_id = previous->phone_inbox_id;
  else if (previous)
    self->replaced_account = hl_chatwoot_config_dup_secret_account (previous);
  if (self->trusted != NULL)
    g_object_get (self->trusted, "certificate-pem", &config->certificate_pem, NULL);

  set_busy (self, TRUE);
  hl_chatwoot_config_save_async (config, self->token, self->cancellable, on_saved, g_object_ref (self));
}

static void
show_accounts (HlChatwootSignIn *self)
{
  GtkCheckButton *group = NULL;

  for (GList *l = self->account_rows; l; l = l->next)
    adw_preferences_group_remove (self->account_group, l->data);
  g_clear_pointer (&self->account_rows, g_list_free);

  for (guint i = 0; i < self->profile->accounts->len; i++)
    {
      HlChatwootAccount *account = g_ptr_array_index (self->profile->accounts, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *subtitle = g_strdup_printf (_("Account %lld, %s"), (long long) account->id,
                                                   g_strcmp0 (account->role, "administrator") == 0
                                                   ? _("administrator") : _("agent"));

      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), group == NULL);
      if (group == NULL)
        group = GTK_CHECK_BUTTON (check);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (row), "account-index", GUINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (row), "check", check);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), account->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->account_group, row);
      self->account_rows = g_list_append (self->account_rows, row);
    }

  show_step (self, STEP_ACCOUNT);
}

static void
have_profile (HlChatwootSignIn  *self,
              HlChatwootProfile *profile)
{
  g_clear_pointer (&self->profile, hl_chatwoot_profile_free);
  self->profile = profile;

  if (self->token == NULL)
    {
      if (profile->access_token == NULL || profile->access_token[0] == '\0')
        {
          set_busy (self, FALSE);
          show_error (self, _("Your Chatwoot user has no API access. Ask an administrator to allow it."));
          return;
        }
      self->token = g_strdup (profile->access_token);
    }

  if (profile->accounts == NULL || profile->accounts->len == 0)
    {
      set_busy (self, FALSE);
      show_error (self, _("Your Chatwoot user is not a member of any account on this server."));
      return;
    }

  if (profile->accounts->len == 1)
    {
      save_account (self, g_ptr_array_index (profile->accounts, 0));
      return;
    }

  set_busy (self, FALSE);
  show_accounts (self);
}

static void
on_signed_in (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HlChatwootSignIn) self = user_data;
  g_autoptr(GError) error = NULL;
  HlChatwootProfile *profile;

  /* With a token the request was GET /profile, else a sign-in (or its one-time-code step). */
  if (self->token != NULL)
    profile = hl_chatwoot_client_get_profile_finish (HL_CHATWOOT_CLIENT (object), result, &error);
  else
    profile = hl_chatwoot_client_sign_in_finish (HL_CHATWOOT_CLIENT (object), result, &error);

  if (profile != NULL)
    {
      have_profile (self, profile);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  g_clear_pointer (&self->token, g_free);

  if (g_error_matches (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MFA_REQUIRED))
    {
      g_free (self->mfa_token);
      self->mfa_token = g_strdup (hl_backend_error_get_mfa_token (error));
      show_error (self, NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
      show_step (self, STEP_MFA);
      return;
    }

  if (self->step == STEP_MFA && g_error_matches (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_AUTH))
    {
      show_error (self, gtk_switch_get_active (self->backup_switch)
                        ? _("This backup code is wrong or was used before.")
                        : _("The code is wrong or has expired. Enter the code your app shows now."));
      return;
    }

  /* Chatwoot always has /api/v1/profile and /auth/sign_in: without them it isn't Chatwoot. */
  if (g_error_matches (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_NOT_FOUND))
    {
      g_autoptr(GUri) uri = g_uri_parse (hl_chatwoot_client_get_base_url (HL_CHATWOOT_CLIENT (object)),
                                         G_URI_FLAGS_NONE, NULL);
      g_autofree char *message =
        g_strdup_printf (_("%s answered, but it is not a Chatwoot server. Check the server address."),
                         uri ? g_uri_get_host (uri) : hl_chatwoot_client_get_base_url (HL_CHATWOOT_CLIENT (object)));

      show_error (self, message);
      return;
    }

  if (g_error_matches (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_TLS))
    {
      show_step (self, STEP_CREDENTIALS);
      show_certificate (self, hl_backend_error_get_certificate (error));
    }

  show_error (self, error->message);
}

/* Steps */

static void
start_sign_in (HlChatwootSignIn *self)
{
  g_autofree char *url = normalized_url (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  show_error (self, NULL);
  show_certificate (self, NULL);
  g_clear_pointer (&self->token, g_free);
  g_clear_object (&self->client);

  if (!(self->client = hl_chatwoot_client_new (url, 0, &error)))
    {
      show_error (self, error->message);
      return;
    }

  /* The certificate the agent trusted a moment ago, for the same server only. */
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (self->trusted != NULL && uri != NULL && g_strcmp0 (g_uri_get_host (uri), self->trusted_host) == 0)
    hl_chatwoot_client_set_trusted_certificate (self->client, self->trusted);

  set_busy (self, TRUE);

  if (use_token (self))
    {
      self->token = g_strstrip (g_strdup (row_text (self->token_row)));
      hl_chatwoot_client_set_access_token (self->client, self->token);
      hl_chatwoot_client_get_profile_async (self->client, self->cancellable, on_signed_in, g_object_ref (self));
    }
  else
    {
      g_autofree char *email = g_strstrip (g_strdup (row_text (self->email_row)));

      hl_chatwoot_client_sign_in_async (self->client, email, row_text (self->password_row), self->cancellable,
                                        on_signed_in, g_object_ref (self));
    }
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  HlChatwootSignIn *self = HL_CHATWOOT_SIGN_IN (widget);

  if (self->busy)
    return;

  switch (self->step)
    {
    case STEP_CREDENTIALS:
      start_sign_in (self);
      break;

    case STEP_MFA:
      {
        g_autofree char *code = g_strstrip (g_strdup (row_text (self->code_row)));

        show_error (self, NULL);
        set_busy (self, TRUE);
        hl_chatwoot_client_sign_in_mfa_async (self->client, self->mfa_token, code,
                                              gtk_switch_get_active (self->backup_switch),
                                              self->cancellable, on_signed_in, g_object_ref (self));
      }
      break;

    case STEP_ACCOUNT:
    default:
      for (GList *l = self->account_rows; l; l = l->next)
        if (gtk_check_button_get_active (g_object_get_data (l->data, "check")))
          {
            guint i = GPOINTER_TO_UINT (g_object_get_data (l->data, "account-index"));

            save_account (self, g_ptr_array_index (self->profile->accounts, i));
            break;
          }
      break;
    }
}

static void
trust_certificate_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  HlChatwootSignIn *self = HL_CHATWOOT_SIGN_IN (widget);
  g_autofree char *url = normalized_url (self);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (self->refused == NULL || uri == NULL)
    return;

  g_set_object (&self->trusted, self->refused);
  g_free (self->trusted_host);
  self->trusted_host = g_strdup (g_uri_get_host (uri));
  start_sign_in (self);
}

/* GObject */

static void
hl_chatwoot_sign_in_dispose (GObject *object)
{
  HlChatwootSignIn *self = (HlChatwootSignIn *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->backend);
  g_clear_object (&self->trusted);
  g_clear_object (&self->refused);
  g_clear_pointer (&self->profile, hl_chatwoot_profile_free);
  g_clear_pointer (&self->account_rows, g_list_free);

  G_OBJECT_CLASS (hl_chatwoot_sign_in_parent_class)->dispose (object);
}

static void
hl_chatwoot_sign_in_finalize (GObject *object)
{
  HlChatwootSignIn *self = (HlChatwootSignIn *)object;

  g_free (self->trusted_host);
  g_free (self->mfa_token);
  g_free (self->replaced_account);
  if (self->token)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);

  G_OBJECT_CLASS (hl_chatwoot_sign_in_parent_class)->finalize (object);
}

static void
hl_chatwoot_sign_in_class_init (HlChatwootSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_chatwoot_sign_in_dispose;
  object_class->finalize = hl_chatwoot_sign_in_finalize;

  /* The account is saved and the backend reloaded; the window closes next. */
  signals [SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-chatwoot-sign-in.ui");
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, next_button);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, spinner);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, stack);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, server_row);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, method_row);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, email_row);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, password_row);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, token_row);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, code_row);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, backup_switch);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, account_group);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, error_label);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, certificate_group);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, subject_row);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, validity_row);
  gtk_widget_class_bind_template_child (widget_class, HlChatwootSignIn, fingerprint_row);

  gtk_widget_class_install_action (widget_class, "sign-in.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "sign-in.trust-certificate", NULL, trust_certificate_action);
}

static void
hl_chatwoot_sign_in_init (HlChatwootSignIn *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->method_row, "notify::selected", G_CALLBACK (on_method_changed), self);
  g_signal_connect_swapped (self->server_row, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->email_row, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->token_row, "changed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->code_row, "changed", G_CALLBACK (update_actions), self);

  show_step (self, STEP_CREDENTIALS);
}

HlChatwootSignIn *
hl_chatwoot_sign_in_new (HlChatwootBackend *backend)
{
  HlChatwootSignIn *self;
  const HlChatwootConfig *config;

  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (backend), NULL);

  self = g_object_new (HL_TYPE_CHATWOOT_SIGN_IN, NULL);
  self->backend = g_object_ref (backend);

  /* Signing in again: the same server, and the account's email. */
  if ((config = hl_chatwoot_backend_get_config (backend)))
    {
      hl_chatwoot_sign_in_set_server (self, config->url);
      if (hl_chatwoot_backend_get_user_email (backend))
        gtk_editable_set_text (GTK_EDITABLE (self->email_row), hl_chatwoot_backend_get_user_email (backend));
    }

  return self;
}

void
hl_chatwoot_sign_in_set_server (HlChatwootSignIn *self,
                                const char       *url)
{
  g_return_if_fail (HL_IS_CHATWOOT_SIGN_IN (self));

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url ? url : "");
}

/* TRUE while a request to the server is under way. */
gboolean
hl_chatwoot_sign_in_get_busy (HlChatwootSignIn *self)
{
  g_return_val_if_fail (HL_IS_CHATWOOT_SIGN_IN (self), FALSE);

  return self->busy;
}

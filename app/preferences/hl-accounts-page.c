/* hl-accounts-page.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlAccountsPage"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-accounts-page.h"
#include "hl-chatwoot-sign-in.h"

/* Preferences → Accounts: who is signed in to Chatwoot and how the connection is, or the button
 * that adds an account; "Sign Out…" asks whether to keep the cached conversations. */

struct _HlAccountsPage
{
  AdwPreferencesPage  parent_instance;

  /* Template widgets */
  AdwActionRow       *signed_out_row;
  AdwActionRow       *user_row;
  AdwAvatar          *avatar;
  AdwActionRow       *server_row;
  AdwActionRow       *account_row;
  AdwComboRow        *inbox_row;
  AdwActionRow       *status_row;
  GtkButton          *sign_in_again_button;
  AdwPreferencesGroup *sign_out_group;

  /* Owned references */
  HlChatwootBackend  *backend;
  GCancellable       *cancellable;
  GArray             *inbox_ids;       /* gint64 for each inbox_row item; 0 = none */
  HlChatwootClient   *listed_client;   /* compared only: whose inboxes inbox_row lists */
  gboolean            updating_inboxes;
};

G_DEFINE_FINAL_TYPE (HlAccountsPage, hl_accounts_page, ADW_TYPE_PREFERENCES_PAGE)

/* The call-log inbox: the account's API-channel inboxes, listed once the server answers. */

static void
show_inboxes (HlAccountsPage     *self,
              HlChatwootContext  *ctx)
{
  const HlChatwootConfig *config = hl_chatwoot_backend_get_config (self->backend);
  gint64 configured = config ? config->phone_inbox_id : 0;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GArray) api_ids = NULL;
  guint selected = 0;
  gint64 none = 0;

  g_array_set_size (self->inbox_ids, 0);
  gtk_string_list_append (names, _("None"));
  g_array_append_val (self->inbox_ids, none);

  if (ctx != NULL)
    {
      api_ids = hl_chatwoot_context_get_inbox_ids (ctx, "Channel::Api");
      for (guint i = 0; i < api_ids->len; i++)
        {
          gint64 id = g_array_index (api_ids, gint64, i);

          gtk_string_list_append (names, hl_chatwoot_context_get_inbox_name (ctx, id));
          g_array_append_val (self->inbox_ids, id);
        }
    }

  for (guint i = 0; i < self->inbox_ids->len; i++)
    if (g_array_index (self->inbox_ids, gint64, i) == configured)
      selected = i;

  /* Configured, but not (or not yet) in the list: keep it rather than show "None". */
  if (configured > 0 && selected == 0)
    {
      g_autofree char *name = g_strdup_printf (_("Inbox %lld"), (long long) configured);

      gtk_string_list_append (names, name);
      g_array_append_val (self->inbox_ids, configured);
      selected = self->inbox_ids->len - 1;
    }

  self->updating_inboxes = TRUE;
  adw_combo_row_set_model (self->inbox_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->inbox_row, selected);
  self->updating_inboxes = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->inbox_row), ctx != NULL);
}

static void
on_inboxes (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HlAccountsPage) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(HlChatwootContext) ctx = NULL;
  g_autoptr(GError) error = NULL;

  node = hl_chatwoot_client_call_finish (HL_CHATWOOT_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ctx = hl_chatwoot_context_new (0, 0);
  if (node == NULL || !hl_chatwoot_context_add_inboxes (ctx, node, &error))
    {
      g_autofree char *subtitle = g_strdup_printf (_("The inboxes could not be listed: %s"), error->message);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->inbox_row), subtitle);
      self->listed_client = NULL;   /* try again on the next change */
      return;
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->inbox_row), _("The API inbox where Helpline logs your calls"));
  show_inboxes (self, ctx);
}

static void
on_inbox_saved (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HlAccountsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_chatwoot_backend_set_phone_inbox_finish (HL_CHATWOOT_BACKEND (object), result, &error))
    g_warning ("Could not save the call-log inbox: %s", error->message);
}

static void
on_inbox_selected (HlAccountsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->inbox_row);

  if (self->updating_inboxes || selected >= self->inbox_ids->len)
    return;

  hl_chatwoot_backend_set_phone_inbox_async (self->backend, g_array_index (self->inbox_ids, gint64, selected),
                                             self->cancellable, on_inbox_saved, g_object_ref (self));
}

static void
update_inboxes (HlAccountsPage *self)
{
  HlChatwootClient *client = hl_chatwoot_backend_get_client (self->backend);

  if (client == self->listed_client)
    return;

  if (client == NULL)
    {
      self->listed_client = NULL;
      show_inboxes (self, NULL);
      return;
    }

  if (hl_chatwoot_backend_get_state (self->backend) != HL_CHATWOOT_STATE_ONLINE)
    {
      if (self->inbox_ids->len == 0)
        show_inboxes (self, NULL);
      return;
    }

  self->listed_client = client;
  hl_chatwoot_client_list_inboxes_async (client, self->cancellable, on_inboxes, g_object_ref (self));
}

static void
update (HlAccountsPage *self)
{
  const HlChatwootConfig *config = hl_chatwoot_backend_get_config (self->backend);
  HlChatwootState state = hl_chatwoot_backend_get_state (self->backend);
  const char *name = hl_chatwoot_backend_get_user_name (self->backend);
  const char *email = hl_chatwoot_backend_get_user_email (self->backend);
  const char *account_name = hl_chatwoot_backend_get_account_name (self->backend);
  gboolean signed_in = config != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->signed_out_row), !signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->user_row), signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->server_row), signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->account_row), signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->inbox_row), signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_out_group), signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_again_button),
                          state == HL_CHATWOOT_STATE_AUTH_FAILED || state == HL_CHATWOOT_STATE_TLS_FAILED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.sign-out", signed_in);

  update_inboxes (self);

  if (!signed_in)
    return;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_row),
                                 name ? name : (email ? email : _("Chatwoot Agent")));
  adw_action_row_set_subtitle (self->user_row, email ? email : "");
  adw_avatar_set_text (self->avatar, name ? name : email);
  adw_action_row_set_subtitle (self->server_row, config->url);

  {
    g_autofree char *account = account_name
      /* Translators: an account's name and number on the Chatwoot server */
      ? g_strdup_printf (_("%s (number %lld)"), account_name, (long long) config->account_id)
      : g_strdup_printf (_("Number %lld"), (long long) config->account_id);

    adw_action_row_set_subtitle (self->account_row, account);
  }

  adw_action_row_set_subtitle (self->status_row, hl_chatwoot_backend_get_status_text (self->backend));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  HlAccountsPage *self = HL_ACCOUNTS_PAGE (widget);
  HlChatwootSignIn *dialog = hl_chatwoot_sign_in_new (self->backend);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_signed_out (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HlAccountsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_chatwoot_backend_sign_out_finish (HL_CHATWOOT_BACKEND (object), result, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      g_autoptr(AdwToast) toast = adw_toast_new (error->message);

      g_warning ("Signing out failed: %s", error->message);
      if (ADW_IS_PREFERENCES_WINDOW (root))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), g_steal_pointer (&toast));
    }
}

static void
on_sign_out_response (HlAccountsPage   *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "keep") != 0 && g_strcmp0 (response, "delete") != 0)
    return;

  hl_chatwoot_backend_sign_out_async (self->backend, g_str_equal (response, "delete"), NULL,
                                      on_signed_out, g_object_ref (self));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  HlAccountsPage *self = HL_ACCOUNTS_PAGE (widget);
  const HlChatwootConfig *config = hl_chatwoot_backend_get_config (self->backend);
  GtkWidget *dialog;

  if (config == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Sign Out of Chatwoot?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The access token for %s is removed from this computer. "
                                    "The conversations, contacts and articles downloaded from it can be kept "
                                    "for the next sign-in, or deleted."),
                                  config->url);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "keep", _("_Keep Cached Data"),
                                    "delete", _("_Delete Cached Data"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_sign_out_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
hl_accounts_page_dispose (GObject *object)
{
  HlAccountsPage *self = (HlAccountsPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->backend);
  g_clear_pointer (&self->inbox_ids, g_array_unref);

  G_OBJECT_CLASS (hl_accounts_page_parent_class)->dispose (object);
}

static void
hl_accounts_page_class_init (HlAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_accounts_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-accounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlAccountsPage, signed_out_row);
  gtk_widget_class_bind_template_child (widget_class, HlAccountsPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, HlAccountsPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, HlAccountsPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, HlAccountsPage, account_row);
  gtk_widget_class_bind_template_child (widget_class, HlAccountsPage, inbox_row);
  gtk_widget_class_bind_template_child (widget_class, HlAccountsPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, HlAccountsPage, sign_in_again_button);
  gtk_widget_class_bind_template_child (widget_class, HlAccountsPage, sign_out_group);

  gtk_widget_class_install_action (widget_class, "accounts.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "accounts.sign-out", NULL, sign_out_action);
}

static void
hl_accounts_page_init (HlAccountsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->inbox_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect_swapped (self->inbox_row, "notify::selected", G_CALLBACK (on_inbox_selected), self);
}

HlAccountsPage *
hl_accounts_page_new (HlChatwootBackend *backend)
{
  HlAccountsPage *self;

  g_return_val_if_fail (HL_IS_CHATWOOT_BACKEND (backend), NULL);

  self = g_object_new (HL_TYPE_ACCOUNTS_PAGE, NULL);
  self->backend = g_object_ref (backend);

  g_signal_connect_object (backend, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);

  return self;
}

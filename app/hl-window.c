/* hl-window.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-application.h"
#include "hl-connection-banner.h"
#include "hl-customers-page.h"
#include "hl-enums.h"
#include "hl-inbox-page.h"
#include "hl-knowledge-page.h"
#include "hl-phone.h"
#include "hl-phone-pane.h"
#include "hl-record-row.h"
#include "hl-store-inbox.h"
#include "hl-store-private.h"
#include "hl-sync-banner.h"
#include "hl-wallboard-page.h"
#include "hl-window.h"
#include "hl-workspace.h"
#include "hl-workspace-view.h"

/* The main window: a view stack of the four pages, the phone pane docked at the end, and the flow
 * that opens the workspace (spinner, then the pages, or a dialog that explains why not). */

struct _HlWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkStack             *content_stack;
  AdwStatusPage        *error_page;
  AdwFlap              *flap;
  AdwViewStack         *stack;
  HlInboxPage          *inbox_page;
  AdwViewStackPage     *inbox_stack_page;
  HlKnowledgePage      *knowledge_page;
  HlCustomersPage      *customers_page;
  HlWallboardPage      *wallboard_page;
  HlPhonePane          *phone_pane;
  HlConnectionBanner   *connection_banner;
  HlSyncBanner         *sync_banner;

  /* Owned references */
  HlWorkspace          *workspace;
  GSettings            *settings;
  GCancellable         *cancellable;  /* cancelled when the window closes */
  char                 *pending_page;
  gboolean              attempted;
  gboolean              ready;
  guint                 n_notifications;
  GArray               *notified;     /* gint64: conversations with a notification out */
  char                 *page_before_tv;  /* non-NULL in TV mode */
  gboolean              fullscreen_before_tv;
};

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_READY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HlWindow, hl_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties [N_PROPS];
static GPtrArray *retired;  /* every window made, kept until exit (see hl_window_constructed()) */

static GtkWidget *
views (HlWindow *self,
       guint     i)
{
  GtkWidget *all[] = {
    GTK_WIDGET (self->inbox_page),
    GTK_WIDGET (self->knowledge_page),
    GTK_WIDGET (self->customers_page),
    GTK_WIDGET (self->wallboard_page),
    GTK_WIDGET (self->phone_pane),
  };

  return i < G_N_ELEMENTS (all) ? all[i] : NULL;
}

static void open_workspace (HlWindow *self);

static void
on_damaged_response (AdwMessageDialog *dialog,
                     const char       *response,
                     HlWindow         *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = hl_workspace_dup_path (self->workspace);
  g_autofree char *moved_to = NULL;

  if (g_strcmp0 (response, "move") != 0)
    {
      if (g_strcmp0 (response, "retry") == 0)
        open_workspace (self);
      else if (g_strcmp0 (response, "quit") == 0)
        gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (!hl_store_move_aside (path, &moved_to, &error))
    {
      AdwMessageDialog *failed;

      failed = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                           _("Could Not Move the File"),
                                                           error->message));
      adw_message_dialog_add_response (failed, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (failed));
      return;
    }

  {
    g_autofree char *base = g_path_get_basename (moved_to);
    g_autofree char *toast = g_strdup_printf (_("The damaged file was kept as “%s”"), base);

    hl_window_show_toast (self, toast);
  }

  open_workspace (self);
}

static void
show_open_error (HlWindow     *self,
                 const GError *error)
{
  g_autofree char *path = hl_workspace_dup_path (self->workspace);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  const char *heading;

  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->content_stack, "error");

  if (g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_CORRUPT))
    {
      heading = _("The Workspace Is Damaged");
      body = g_strdup_printf (_("Helpline cannot read “%s”: the file is damaged or is not a Helpline "
                                "workspace.\n\nYou can move it aside and start with a fresh, empty "
                                "workspace. The damaged file is kept, renamed, so nothing is deleted."),
                              path);
    }
  else if (g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_TOO_NEW))
    {
      heading = _("Workspace From a Newer Helpline");
      body = g_strdup_printf (_("“%s” was written by a newer version of Helpline. Update Helpline to open it."),
                              path);
    }
  else if (g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_FULL))
    {
      heading = _("The Disk Is Full");
      body = g_strdup_printf (_("Helpline cannot write to “%s” because the disk is full. Free some space "
                                "and try again."), path);
    }
  else if (g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_UNWRITABLE))
    {
      heading = _("Cannot Write the Workspace");
      body = g_strdup_printf (_("Helpline cannot write to “%s”. Check that the folder exists and that "
                                "you may write to it.\n\n%s"), path, error->message);
    }
  else
    {
      heading = _("Cannot Open the Workspace");
      body = g_strdup_printf (_("Helpline could not open “%s”.\n\n%s"), path, error->message);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_response (dialog, "quit", _("_Quit"));

  if (g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_CORRUPT))
    {
      adw_message_dialog_add_response (dialog, "move", _("_Move Aside and Start Fresh"));
      adw_message_dialog_set_response_appearance (dialog, "move", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "move");
    }
  else if (!g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_TOO_NEW))
    {
      adw_message_dialog_add_response (dialog, "retry", _("_Try Again"));
      adw_message_dialog_set_response_appearance (dialog, "retry", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "retry");
    }

  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_damaged_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_store_failed (HlWindow     *self,
                 const GError *error,
                 HlStore      *store)
{
  if (g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_CORRUPT))
    {
      for (guint i = 0; views (self, i); i++)
        hl_workspace_view_set_workspace (HL_WORKSPACE_VIEW (views (self, i)), NULL);
      show_open_error (self, error);
    }
  else if (g_error_matches (error, HL_STORE_ERROR, HL_STORE_ERROR_FULL))
    hl_window_show_toast (self, _("Could not save: the disk is full"));
  else
    hl_window_show_toast (self, _("Could not save: the workspace cannot be written"));
}

/* New messages for the agent: the Inbox page's badge counts the conversations with unread ones,
 * and while the window is in the background each new message raises a notification that opens
 * its conversation. */
static void
on_inbox_unread (HlWindow *self)
{
  guint unread;

  g_object_get (self->inbox_page, "unread", &unread, NULL);
  adw_view_stack_page_set_badge_number (self->inbox_stack_page, unread);
  adw_view_stack_page_set_needs_attention (self->inbox_stack_page, unread > 0);
}

static void
on_inbox_new_message (HlWindow   *self,
                      gint64      conversation_id,
                      const char *customer,
                      const char *body)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (app == NULL || gtk_window_is_active (GTK_WINDOW (self)))
    return;

  notification = g_notification_new (customer);
  g_notification_set_body (notification, body);
  g_notification_set_category (notification, "im.received");
  g_notification_set_default_action_and_target (notification, "app.show-conversation", "x", conversation_id);

  /* One notification per conversation: a newer message replaces the older one. */
  id = g_strdup_printf ("conversation-%" G_GINT64_FORMAT, conversation_id);
  g_application_send_notification (app, id, notification);
  self->n_notifications++;

  for (guint i = 0; i < self->notified->len; i++)
    if (g_array_index (self->notified, gint64, i) == conversation_id)
      return;
  g_array_append_val (self->notified, conversation_id);
}

static void
on_read_conversations (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(HlWindow) self = user_data;
  g_autoptr(GArray) read = NULL;
  g_autoptr(GError) error = NULL;
  GApplication *app;

  if (!(read = hl_store_find_read_conversations_finish (HL_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not check the notified conversations: %s", error->message);
      return;
    }

  app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  for (guint i = 0; i < read->len; i++)
    {
      gint64 conversation_id = g_array_index (read, gint64, i);
      g_autofree char *id = g_strdup_printf ("conversation-%" G_GINT64_FORMAT, conversation_id);

      g_debug ("Conversation %" G_GINT64_FORMAT " was read: withdrawing its notification", conversation_id);
      if (app != NULL)
        g_application_withdraw_notification (app, id);
      for (guint j = 0; j < self->notified->len; j++)
        if (g_array_index (self->notified, gint64, j) == conversation_id)
          g_array_remove_index_fast (self->notified, j--);
    }
}

/* A conversation with a notification out was read, here (opening it marks it read) or elsewhere:
 * its notification goes. */
static void
on_store_changed (HlWindow *self,
                  guint     tables,
                  HlStore  *store)
{
  if ((tables & HL_STORE_TABLE_CONVERSATIONS) == 0 || self->notified->len == 0)
    return;

  hl_store_find_read_conversations_async (store, self->notified, self->cancellable,
                                          on_read_conversations, g_object_ref (self));
}

static void show_workspace (HlWindow *self);

static void
workspace_opened (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HlWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_workspace_open_finish (HL_WORKSPACE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_warning ("Could not open the workspace: %s", error->message);
      show_open_error (self, error);
      return;
    }

  show_workspace (self);
}

/* The workspace is open: the pages show it. */
static void
show_workspace (HlWindow *self)
{
  g_signal_connect_object (hl_workspace_get_store (self->workspace), "failed",
                           G_CALLBACK (on_store_failed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (hl_workspace_get_store (self->workspace), "changed",
                           G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);

  for (guint i = 0; views (self, i); i++)
    hl_workspace_view_set_workspace (HL_WORKSPACE_VIEW (views (self, i)), self->workspace);

  /* Finished calls are logged in the workspace that is open. */
  if (gtk_window_get_application (GTK_WINDOW (self)))
    {
      HlPhone *phone = hl_application_get_phone (HL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));

      hl_phone_set_workspace (phone, self->workspace);
      hl_phone_pane_set_phone (self->phone_pane, phone);
    }

  gtk_stack_set_visible_child_name (self->content_stack, "main");

  if (self->pending_page)
    {
      adw_view_stack_set_visible_child_name (self->stack, self->pending_page);
      g_clear_pointer (&self->pending_page, g_free);
    }

  self->ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_READY]);
}

static void
open_workspace (HlWindow *self)
{
  /* A store opens once: trying again (after an error, or after moving a damaged file aside)
   * starts over with a fresh workspace object. */
  if (self->attempted)
    {
      g_autoptr(HlWorkspace) fresh = hl_workspace_new (hl_workspace_get_name (self->workspace));

      for (guint i = 0; views (self, i); i++)
        hl_workspace_view_set_workspace (HL_WORKSPACE_VIEW (views (self, i)), NULL);
      hl_store_close (hl_workspace_get_store (self->workspace));
      g_set_object (&self->workspace, fresh);
    }

  self->attempted = TRUE;
  self->ready = FALSE;
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  hl_workspace_open_async (self->workspace, self->cancellable, workspace_opened, g_object_ref (self));
}

/* Actions */

static void
on_reopen (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  open_workspace (HL_WINDOW (widget));
}

static void
on_search (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  HlWindow *self = HL_WINDOW (widget);
  GtkWidget *page = adw_view_stack_get_visible_child (self->stack);

  if (self->ready && HL_IS_WORKSPACE_VIEW (page))
    hl_workspace_view_focus_search (HL_WORKSPACE_VIEW (page));
}

static void
on_show_conversation (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  hl_window_show_conversation (HL_WINDOW (widget), g_variant_get_int64 (param));
}

static void
on_show_customer (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HlWindow *self = HL_WINDOW (widget);

  hl_window_show_page (self, "customers");
  hl_customers_page_select_contact (self->customers_page, g_variant_get_int64 (param));
}

static gboolean
hl_window_close_request (GtkWindow *window)
{
  HlWindow *self = HL_WINDOW (window);
  int width, height;

  /* Nothing the agent typed is lost: unsaved changes to a customer are asked about first. */
  if (self->ready && !hl_customers_page_confirm_close (self->customers_page))
    {
      adw_view_stack_set_visible_child_name (self->stack, "customers");
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (self->ready)
    g_settings_set_string (self->settings, "last-page", adw_view_stack_get_visible_child_name (self->stack));

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (hl_window_parent_class)->close_request (window);
}

/* TV mode: the wallboard alone, full screen and in large type, for a screen on the wall. The
 * header bar, the page switcher and the phone pane go; Escape, F11 or the wallboard's button
 * leave it, back to the page and window state of before. */
static void
set_tv_mode (HlWindow *self,
             gboolean  tv_mode)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "tv-mode");

  if (tv_mode == (self->page_before_tv != NULL))
    return;

  if (tv_mode)
    {
      self->page_before_tv = g_strdup (hl_window_get_page (self));
      self->fullscreen_before_tv = gtk_window_is_fullscreen (GTK_WINDOW (self));
      hl_window_show_page (self, "wallboard");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->header_bar), !tv_mode);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), !tv_mode);
  gtk_widget_set_visible (GTK_WIDGET (self->phone_pane), !tv_mode);
  hl_widget_set_css_class (GTK_WIDGET (self), "tv-mode", tv_mode);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (tv_mode));
  g_debug ("TV mode %s", tv_mode ? "on" : "off");

  if (tv_mode)
    gtk_window_fullscreen (GTK_WINDOW (self));
  else
    {
      g_autofree char *page = g_steal_pointer (&self->page_before_tv);

      if (!self->fullscreen_before_tv)
        gtk_window_unfullscreen (GTK_WINDOW (self));
      hl_window_show_page (self, page);
    }
}

static void
on_tv_mode_change_state (HlWindow      *self,
                         GVariant      *state,
                         GSimpleAction *action)
{
  set_tv_mode (self, g_variant_get_boolean (state));
}

static gboolean
on_escape (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  HlWindow *self = HL_WINDOW (widget);

  if (self->page_before_tv == NULL)
    return FALSE;

  set_tv_mode (self, FALSE);
  return TRUE;
}

static void
on_fullscreen_change_state (HlWindow      *self,
                            GVariant      *state,
                            GSimpleAction *action)
{
  if (g_variant_get_boolean (state))
    gtk_window_fullscreen (GTK_WINDOW (self));
  else
    gtk_window_unfullscreen (GTK_WINDOW (self));
}

static void
on_fullscreened_changed (HlWindow   *self,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "fullscreen");
  gboolean fullscreened = gtk_window_is_fullscreen (GTK_WINDOW (self));

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (fullscreened));

  /* Left full screen some other way (F11, the window manager): TV mode ends too. */
  if (!fullscreened && self->page_before_tv != NULL)
    {
      self->fullscreen_before_tv = TRUE;
      set_tv_mode (self, FALSE);
    }
}

static void
hl_window_constructed (GObject *object)
{
  HlWindow *self = (HlWindow *)object;
  g_autoptr(GPropertyAction) pane_action = NULL;
  g_autoptr(GSimpleAction) fullscreen_action = NULL;
  g_autoptr(GSimpleAction) tv_mode_action = NULL;
  g_autofree char *last_page = NULL;

  G_OBJECT_CLASS (hl_window_parent_class)->constructed (object);

  /* A window lives until the process exits, after it is destroyed too (replaced by a language or
   * workspace switch). Freeing one left the windows opened after it unpainted (Preferences and its
   * dialogs never drew a frame; seen in test-accounts after signing out of Chatwoot, GTK 4.8 and
   * libadwaita 1.2), and the cause is not found yet. A retired window is hidden and costs memory
   * only: switches are rare. */
  if (retired == NULL)
    retired = g_ptr_array_new ();
  g_ptr_array_add (retired, g_object_ref (self));

  self->settings = g_settings_new ("io.helpline.Helpline");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "phone-pane-visible", self->flap, "reveal-flap", G_SETTINGS_BIND_DEFAULT);

  pane_action = g_property_action_new ("toggle-phone-pane", self->flap, "reveal-flap");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (pane_action));
  fullscreen_action = g_simple_action_new_stateful ("fullscreen", NULL, g_variant_new_boolean (FALSE));
  g_signal_connect_object (fullscreen_action, "change-state", G_CALLBACK (on_fullscreen_change_state),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (on_fullscreened_changed), NULL);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (fullscreen_action));
  tv_mode_action = g_simple_action_new_stateful ("tv-mode", NULL, g_variant_new_boolean (FALSE));
  g_signal_connect_object (tv_mode_action, "change-state", G_CALLBACK (on_tv_mode_change_state),
                           self, G_CONNECT_SWAPPED);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (tv_mode_action));

  last_page = g_settings_get_string (self->settings, "last-page");
  self->pending_page = g_steal_pointer (&last_page);

  adw_view_switcher_title_set_subtitle (self->switcher_title, hl_workspace_get_title (self->workspace));
  if (g_strcmp0 (hl_workspace_get_name (self->workspace), "demo") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "demo");

  /* A window that replaces another (hl_window_new_replacing()) takes its open workspace over:
   * hl_window_new() shows it once the window has its application (set after constructed()), whose
   * phone the phone pane shows. */
  if (hl_workspace_is_open (self->workspace))
    self->attempted = TRUE;
  else
    open_workspace (self);
}

static void
hl_window_dispose (GObject *object)
{
  HlWindow *self = (HlWindow *)object;

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_WINDOW);

  G_OBJECT_CLASS (hl_window_parent_class)->dispose (object);
}

static void
hl_window_finalize (GObject *object)
{
  HlWindow *self = (HlWindow *)object;

  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending_page, g_free);
  g_clear_pointer (&self->page_before_tv, g_free);
  g_clear_pointer (&self->notified, g_array_unref);

  G_OBJECT_CLASS (hl_window_parent_class)->finalize (object);
}

static void
hl_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HlWindow *self = HL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  HlWindow *self = HL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_window_class_init (HlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = hl_window_constructed;
  object_class->dispose = hl_window_dispose;
  object_class->finalize = hl_window_finalize;
  object_class->get_property = hl_window_get_property;
  object_class->set_property = hl_window_set_property;

  window_class->close_request = hl_window_close_request;

  properties [PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         HL_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HL_TYPE_INBOX_PAGE);
  g_type_ensure (HL_TYPE_KNOWLEDGE_PAGE);
  g_type_ensure (HL_TYPE_CUSTOMERS_PAGE);
  g_type_ensure (HL_TYPE_WALLBOARD_PAGE);
  g_type_ensure (HL_TYPE_PHONE_PANE);
  g_type_ensure (HL_TYPE_CONNECTION_BANNER);
  g_type_ensure (HL_TYPE_SYNC_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, inbox_page);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, inbox_stack_page);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, knowledge_page);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, customers_page);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, wallboard_page);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, phone_pane);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, connection_banner);
  gtk_widget_class_bind_template_child (widget_class, HlWindow, sync_banner);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, on_escape, NULL);
  gtk_widget_class_install_action (widget_class, "win.reopen", NULL, on_reopen);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, on_search);
  gtk_widget_class_install_action (widget_class, "win.show-conversation", "x", on_show_conversation);
  gtk_widget_class_install_action (widget_class, "win.show-customer", "x", on_show_customer);
}

static void
hl_window_init (HlWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->notified = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->inbox_page, "notify::unread", G_CALLBACK (on_inbox_unread), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->inbox_page, "new-message", G_CALLBACK (on_inbox_new_message), self,
                           G_CONNECT_SWAPPED);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

HlWindow *
hl_window_new (HlApplication *application,
               HlWorkspace   *workspace)
{
  HlWindow *self = g_object_new (HL_TYPE_WINDOW,
                                 "application", application,
                                 "workspace", workspace,
                                 NULL);

  /* The Chatwoot account's connection: offline, or signing in failed. */
  hl_connection_banner_set_backend (self->connection_banner, hl_application_get_chatwoot (application));
  /* Its sync's first run, sync errors and the changes the server refused. */
  hl_sync_banner_set_link (self->sync_banner, hl_application_get_chatwoot_link (application));

  if (hl_workspace_is_open (workspace) && !self->ready)
    show_workspace (self);

  return self;
}

HlWorkspace *
hl_window_get_workspace (HlWindow *self)
{
  g_return_val_if_fail (HL_IS_WINDOW (self), NULL);

  return self->workspace;
}

/* TRUE once the workspace is open and the pages show it. */
gboolean
hl_window_get_ready (HlWindow *self)
{
  g_return_val_if_fail (HL_IS_WINDOW (self), FALSE);

  return self->ready;
}

gboolean
hl_window_show_page (HlWindow   *self,
                     const char *name)
{
  g_return_val_if_fail (HL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (adw_view_stack_get_child_by_name (self->stack, name) == NULL)
    return FALSE;

  if (!self->ready)
    {
      g_free (self->pending_page);
      self->pending_page = g_strdup (name);
      return TRUE;
    }

  adw_view_stack_set_visible_child_name (self->stack, name);
  return TRUE;
}

const char *
hl_window_get_page (HlWindow *self)
{
  g_return_val_if_fail (HL_IS_WINDOW (self), NULL);

  if (!self->ready && self->pending_page)
    return self->pending_page;

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
hl_window_show_toast (HlWindow   *self,
                      const char *title)
{
  g_return_if_fail (HL_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/* sip: and tel: links (click-to-call): the phone pane opens with the number filled in. With
 * @uri %NULL, just shows the phone pane. */
gboolean
hl_window_open_uri (HlWindow   *self,
                    const char *uri)
{
  g_return_val_if_fail (HL_IS_WINDOW (self), FALSE);

  if (uri != NULL && !hl_phone_pane_set_number_from_uri (self->phone_pane, uri))
    return FALSE;

  adw_flap_set_reveal_flap (self->flap, TRUE);
  return TRUE;
}

/* The local workspace has no server: syncing re-reads every list from the store. */
void
hl_window_sync (HlWindow *self)
{
  g_return_if_fail (HL_IS_WINDOW (self));

  if (!self->ready)
    return;

  hl_store_emit_changed (hl_workspace_get_store (self->workspace), HL_STORE_TABLE_ALL);
  hl_window_show_toast (self, _("The workspace is up to date"));
}

void
hl_window_set_availability (HlWindow       *self,
                            HlAvailability  availability)
{
  g_return_if_fail (HL_IS_WINDOW (self));

  hl_phone_pane_set_availability (self->phone_pane, availability);
}

/* @who is typing in @conversation_id (NULL: stopped); shown if that conversation is open */
void
hl_window_show_typing (HlWindow   *self,
                       gint64      conversation_id,
                       const char *who)
{
  g_return_if_fail (HL_IS_WINDOW (self));

  hl_inbox_page_show_typing (self->inbox_page, conversation_id, who);
}

void
hl_window_show_conversation (HlWindow *self,
                             gint64    conversation_id)
{
  g_return_if_fail (HL_IS_WINDOW (self));

  hl_window_show_page (self, "inbox");
  hl_inbox_page_select_conversation (self->inbox_page, conversation_id);
}

/* How many notifications of new messages this window sent: for tests, which have no notification
 * server to ask. */
guint
hl_window_get_n_notifications (HlWindow *self)
{
  g_return_val_if_fail (HL_IS_WINDOW (self), 0);

  return self->n_notifications;
}

/* A new window in place of @old, built from the templates again (so in the current interface
 * language) on the same open workspace, showing what @old showed: the page, each page's own state
 * (hl_workspace_view_save_state()), the size and full screen. The phone pane binds to the
 * application's HlPhone, so calls go on untouched. The caller presents it and destroys @old. */
HlWindow *
hl_window_new_replacing (HlWindow *old)
{
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_dict_unref);
  g_autofree char *page = NULL;
  HlWindow *self;
  int width, height;

  g_return_val_if_fail (HL_IS_WINDOW (old), NULL);
  g_return_val_if_fail (old->ready, NULL);

  for (guint i = 0; views (old, i); i++)
    {
      GVariantDict *state = g_variant_dict_new (NULL);

      hl_workspace_view_save_state (HL_WORKSPACE_VIEW (views (old, i)), state);
      g_ptr_array_add (states, state);
    }
  page = g_strdup (hl_window_get_page (old));

  self = hl_window_new (HL_APPLICATION (gtk_window_get_application (GTK_WINDOW (old))), old->workspace);

  gtk_window_get_default_size (GTK_WINDOW (old), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (gtk_window_is_maximized (GTK_WINDOW (old)))
    gtk_window_maximize (GTK_WINDOW (self));
  if (gtk_window_is_fullscreen (GTK_WINDOW (old)) && old->page_before_tv == NULL)
    gtk_window_fullscreen (GTK_WINDOW (self));

  if (page != NULL)
    hl_window_show_page (self, page);
  if (old->page_before_tv != NULL)
    {
      set_tv_mode (self, TRUE);
      g_free (self->page_before_tv);
      self->page_before_tv = g_strdup (old->page_before_tv);
      self->fullscreen_before_tv = old->fullscreen_before_tv;
    }
  for (guint i = 0; views (self, i); i++)
    hl_workspace_view_restore_state (HL_WORKSPACE_VIEW (views (self, i)), g_ptr_array_index (states, i));

  return self;
}

/* hl-application.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlApplication"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-application.h"
#include "hl-enums.h"
#include "hl-media-session.h"
#include "hl-language.h"
#include "hl-phone.h"
#include "hl-preferences-window.h"
#include "hl-provision.h"
#include "hl-store-db.h"
#include "hl-ui-probe.h"
#include "hl-window.h"
#include "hl-chatwoot-link.h"
#include "hl-debug-info.h"
#include "hl-workspace.h"

struct _HlApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  HlPhone        *phone;
  HlChatwootBackend *chatwoot;     /* the configured Chatwoot account */
  HlChatwootLink    *chatwoot_link; /* sync + outbox, while the window shows the account's workspace */
  HlWindow       *window;          /* borrowed: the window owns itself */
  char           *workspace_name;
  guint           provision_only : 1; /* this process was started for `helpline --provision` */
  guint           phone_started : 1;  /* the phone account is loaded (and registers) */
  char           *language;        /* what the windows were built in */
  guint           ui_probe_id;     /* io.helpline.Helpline.UiProbe, for the integration tests */
};

G_DEFINE_FINAL_TYPE (HlApplication, hl_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the demo workspace"), NULL },
  { "provision", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Import accounts and settings from a provisioning file"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, NULL, N_("Log more (repeat for even more)"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[sip: or tel: link…]") },
  { NULL }
};

static void
on_color_scheme_changed (HlApplication *self,
                         const char    *key,
                         GSettings     *settings)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  int scheme = g_settings_get_enum (settings, "color-scheme");

  adw_style_manager_set_color_scheme (style_manager,
                                      scheme == 1 ? ADW_COLOR_SCHEME_FORCE_LIGHT :
                                      scheme == 2 ? ADW_COLOR_SCHEME_FORCE_DARK :
                                      ADW_COLOR_SCHEME_DEFAULT);
}

static void
on_window_destroyed (HlApplication *self,
                     HlWindow      *window)
{
  if (self->window == window)
    {
      self->window = NULL;
      g_clear_object (&self->chatwoot_link);
    }
}

/* The name of the configured Chatwoot account's workspace, or NULL without an account */
static char *
dup_chatwoot_workspace_name (HlApplication *self)
{
  const HlChatwootConfig *config = self->chatwoot ? hl_chatwoot_backend_get_config (self->chatwoot) : NULL;

  return config != NULL ? hl_chatwoot_config_dup_workspace_name (config) : NULL;
}

/* A customer or colleague typing in a conversation (ActionCable): the open thread says so. */
static void
on_typing (HlApplication *self,
           gint64         conversation_id,
           gboolean       on,
           const char    *who)
{
  if (self->window != NULL)
    hl_window_show_typing (self->window, conversation_id, on ? who : NULL);
}

/* The sync and the outbox run while the window shows the Chatwoot account's workspace. */
static void
update_chatwoot_link (HlApplication *self,
                      HlWorkspace   *workspace)
{
  g_autofree char *name = dup_chatwoot_workspace_name (self);

  if (self->chatwoot_link != NULL && workspace != NULL &&
      hl_chatwoot_link_get_store (self->chatwoot_link) == hl_workspace_get_store (workspace))
    return;

  g_clear_object (&self->chatwoot_link);
  if (name != NULL && workspace != NULL && g_strcmp0 (hl_workspace_get_name (workspace), name) == 0)
    {
      self->chatwoot_link = hl_chatwoot_link_new (self->chatwoot, hl_workspace_get_store (workspace));
      g_signal_connect_object (self->chatwoot_link, "typing", G_CALLBACK (on_typing), self, G_CONNECT_SWAPPED);
    }
}

/* Loads the phone account, which then registers with the PBX. Not in a process started only to
 * import a provisioning file: it would register the agent somewhere else for a moment, and start
 * media work (the warm-up) that its exit would cut short. */
static void
ensure_phone_started (HlApplication *self)
{
  if (self->phone_started)
    return;

  self->phone_started = TRUE;
  hl_phone_reload_account (self->phone);
}

static HlWindow *
ensure_window (HlApplication *self)
{
  g_autoptr(HlWorkspace) workspace = NULL;

  ensure_phone_started (self);

  if (self->window != NULL)
    {
      HlWorkspace *current = hl_window_get_workspace (self->window);

      if (g_strcmp0 (hl_workspace_get_name (current), self->workspace_name) == 0)
        return self->window;

      /* Another workspace was asked for: its window replaces this one. */
      gtk_window_destroy (GTK_WINDOW (self->window));
      self->window = NULL;
    }

  workspace = hl_workspace_new (self->workspace_name);
  update_chatwoot_link (self, workspace);
  self->window = hl_window_new (self, workspace);
  g_signal_connect_object (self->window, "destroy", G_CALLBACK (on_window_destroyed), self, G_CONNECT_SWAPPED);

  return self->window;
}

static void
hl_application_activate (GApplication *app)
{
  HlApplication *self = HL_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

/* --provision */

typedef struct
{
  HlApplication           *app;
  GApplicationCommandLine *cmdline;
  HlProvision             *provision;
  char                    *path;
} ProvisionState;

static void
provision_state_free (ProvisionState *state)
{
  g_clear_object (&state->cmdline);
  g_clear_object (&state->app);
  g_clear_pointer (&state->provision, hl_provision_free);
  g_free (state->path);
  g_free (state);
}

static void
provision_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ProvisionState *state = user_data;
  g_autoptr(HlApplication) self = g_object_ref (state->app);
  g_autoptr(GError) error = NULL;

  if (!hl_provision_apply_finish (result, &error))
    {
      g_application_command_line_printerr (state->cmdline, _("Could not import “%s”: %s\n"),
                                           state->path, error->message);
      g_application_command_line_set_exit_status (state->cmdline, 1);
    }
  else
    {
      g_application_command_line_print (state->cmdline, _("Imported “%s”.\n"), state->path);
      /* Otherwise the account is read from the file when the phone starts */
      if (self->phone_started)
        hl_phone_reload_account (self->phone);
      hl_chatwoot_backend_reload (self->chatwoot);
      if (self->window != NULL)
        hl_window_show_toast (self->window, _("Provisioning file imported"));
    }

  provision_state_free (state);
  g_application_release (G_APPLICATION (self));
}

static int
run_provision (HlApplication           *self,
               GApplicationCommandLine *cmdline,
               const char              *arg)
{
  g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (cmdline, arg);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display = g_file_get_parse_name (file);
  ProvisionState *state;
  gsize length;

  /* A provisioning file is a few hundred bytes on local disk, read once on request. */
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &error))
    {
      g_application_command_line_printerr (cmdline, _("Could not read “%s”: %s\n"), display, error->message);
      return 1;
    }

  state = g_new0 (ProvisionState, 1);
  if (!(state->provision = hl_provision_parse (contents, length, &error)))
    {
      g_application_command_line_printerr (cmdline, _("Could not import “%s”: %s\n"), display, error->message);
      provision_state_free (state);
      return 1;
    }

  state->cmdline = g_object_ref (cmdline);
  state->app = g_object_ref (self);
  state->path = g_steal_pointer (&display);

  g_application_hold (G_APPLICATION (self));
  hl_provision_apply_async (state->provision, self->settings, NULL, provision_done, state);

  return 0;
}

static int
hl_application_command_line (GApplication            *app,
                             GApplicationCommandLine *cmdline)
{
  HlApplication *self = HL_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  g_autofree char *provision = NULL;
  g_autofree const char **uris = NULL;
  gboolean demo = FALSE;
  HlWindow *window;

  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, "provision", "^ay", &provision);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &uris);

  if (provision != NULL)
    return run_provision (self, cmdline, provision);

  if (demo)
    hl_application_set_workspace_name (self, "demo");

  window = ensure_window (self);

  for (guint i = 0; uris && uris[i]; i++)
    {
      if (!hl_window_open_uri (window, uris[i]))
        g_application_command_line_printerr (cmdline, _("Not a sip: or tel: link: %s\n"), uris[i]);
    }

  gtk_window_present (GTK_WINDOW (window));

  return 0;
}

typedef struct
{
  GMainLoop *loop;
  GError    *error;
} LocalImport;

static void
local_import_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LocalImport *import = user_data;

  hl_provision_apply_finish (result, &import->error);
  g_main_loop_quit (import->loop);
}

/* `helpline --provision=FILE` where no display is open (an IT script over SSH): import in this
 * process, without starting the interface. With a display the primary instance imports, so that
 * a running Helpline picks up the new account at once. */
static int
provision_without_display (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlProvision) provision = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *contents = NULL;
  LocalImport import = { 0 };
  gsize length;

  /* A small local file, read once before anything else runs. */
  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr (_("Could not read “%s”: %s\n"), path, error->message);
      return 1;
    }

  if (!(provision = hl_provision_parse (contents, length, &error)))
    {
      g_printerr (_("Could not import “%s”: %s\n"), path, error->message);
      return 1;
    }

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), "io.helpline.Helpline", TRUE);
  if (schema != NULL)
    settings = g_settings_new ("io.helpline.Helpline");

  import.loop = g_main_loop_new (NULL, FALSE);
  hl_provision_apply_async (provision, settings, NULL, local_import_done, &import);
  g_main_loop_run (import.loop);
  g_main_loop_unref (import.loop);

  if (import.error != NULL)
    {
      g_printerr (_("Could not import “%s”: %s\n"), path, import.error->message);
      g_error_free (import.error);
      return 1;
    }

  if (settings != NULL)
    g_settings_sync ();

  g_print (_("Imported “%s”.\n"), path);
  return 0;
}

static int
hl_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  g_autofree char *provision = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "provision", "^ay", &provision))
    {
      if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
        return provision_without_display (provision);

      /* The running instance imports; if there is none, this one does and quits */
      HL_APPLICATION (app)->provision_only = TRUE;
    }

  return -1;
}

/* The interface language */

static void
on_replaced_window_ready (HlApplication *self,
                          GParamSpec    *pspec,
                          HlWindow      *window);

typedef struct
{
  GtkWindow     *old;          /* owned */
  GtkWindow     *replacement;  /* owned */
  GdkFrameClock *clock;        /* owned */
  gulong         painted_handler;
  gulong         unrealize_handler;
} Teardown;

static gboolean
teardown_idle (gpointer data)
{
  Teardown *teardown = data;

  gtk_window_destroy (teardown->old);
  g_object_unref (teardown->old);
  g_object_unref (teardown->replacement);
  g_object_unref (teardown->clock);
  g_free (teardown);

  return G_SOURCE_REMOVE;
}

static void
teardown_soon (Teardown *teardown)
{
  g_clear_signal_handler (&teardown->painted_handler, teardown->clock);
  g_clear_signal_handler (&teardown->unrealize_handler, teardown->replacement);
  g_idle_add_full (G_PRIORITY_LOW, teardown_idle, teardown, NULL);
}

/* Tearing a window down takes about as long as building one: the agent sees the new window first.
 * @old is hidden at once and destroyed once @replacement has shown its first frame (or has gone
 * itself). */
static void
destroy_after_first_frame (GtkWindow *old,
                           GtkWindow *replacement)
{
  Teardown *teardown;
  GdkFrameClock *clock;

  gtk_widget_set_visible (GTK_WIDGET (old), FALSE);

  if ((clock = gtk_widget_get_frame_clock (GTK_WIDGET (replacement))) == NULL)
    {
      gtk_window_destroy (old);
      return;
    }

  teardown = g_new0 (Teardown, 1);
  teardown->old = g_object_ref (old);
  teardown->replacement = g_object_ref (replacement);
  teardown->clock = g_object_ref (clock);
  teardown->painted_handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (teardown_soon), teardown);
  teardown->unrealize_handler = g_signal_connect_swapped (replacement, "unrealize", G_CALLBACK (teardown_soon), teardown);
}

/* Builds the windows again in the current language: the main window through
 * hl_window_new_replacing(), keeping what the agent was doing; an open Preferences window is
 * reopened. */
static void
rebuild_windows (HlApplication *self)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();
  HlWindow *old = self->window;
  gboolean preferences_open = FALSE;

  /* Only this application's windows: another instance in the process (tests make several) has
   * its own handler, and a window no longer ours (shutting down) is left alone. */
  if (old == NULL || gtk_window_get_application (GTK_WINDOW (old)) != GTK_APPLICATION (self))
    return;

  /* Preferences has no application of its own: it belongs to the window it was opened over. */
  for (GList *l = windows; l; l = l->next)
    if (HL_IS_PREFERENCES_WINDOW (l->data) &&
        (gtk_window_get_application (l->data) == GTK_APPLICATION (self) ||
         gtk_window_get_transient_for (l->data) == GTK_WINDOW (old)))
      {
        preferences_open = TRUE;
        gtk_window_destroy (l->data);
      }

  /* Still opening its workspace: it is replaced once it has (its state is worth keeping). */
  if (!hl_window_get_ready (old))
    {
      g_signal_connect_object (old, "notify::ready", G_CALLBACK (on_replaced_window_ready), self,
                               G_CONNECT_SWAPPED);
      return;
    }

  self->window = hl_window_new_replacing (old);
  g_signal_connect_object (self->window, "destroy", G_CALLBACK (on_window_destroyed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->window));
  destroy_after_first_frame (GTK_WINDOW (old), GTK_WINDOW (self->window));
  g_debug ("Rebuilt the window in the interface language “%s”", self->language ? self->language : "");

  if (preferences_open)
    g_action_group_activate_action (G_ACTION_GROUP (self), "preferences", NULL);
}

static void
on_replaced_window_ready (HlApplication *self,
                          GParamSpec    *pspec,
                          HlWindow      *window)
{
  g_signal_handlers_disconnect_by_func (window, on_replaced_window_ready, self);
  if (window == self->window && hl_window_get_ready (window))
    rebuild_windows (self);
}

static void
on_language_changed (HlApplication *self,
                     const char    *key,
                     GSettings     *settings)
{
  g_autofree char *code = g_settings_get_string (settings, "language");

  if (g_strcmp0 (code, self->language) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (code);
  if (!g_str_equal (code, hl_language_get_current ()))
    hl_language_apply (code);
  rebuild_windows (self);
}

/* Actions */

static void
on_set_language (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  HlApplication *self = user_data;
  const char *code = g_variant_get_string (param, NULL);

  if (*code != '\0' && !hl_language_is_available (code))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) hl_language_get_available ());

      g_warning ("Helpline has no “%s” translation (%s, or empty for the system’s language)", code, known);
      return;
    }

  g_settings_set_string (self->settings, "language", code);
  /* At once, not when the settings backend gets round to "changed". */
  on_language_changed (self, "language", self->settings);
}

static void
on_quit (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  HlApplication *self = user_data;

  /* A window that stays asks the agent about unsaved changes; it closes (and the application
   * quits with it) if they discard them. */
  if (self->window != NULL)
    {
      g_autoptr(HlWindow) window = g_object_ref (self->window);

      gtk_window_close (GTK_WINDOW (window));
      if (gtk_widget_get_visible (GTK_WIDGET (window)))
        return;
    }
  g_application_quit (G_APPLICATION (self));
}

static void
on_about (GSimpleAction *action,
          GVariant      *param,
          gpointer       user_data)
{
  HlApplication *self = user_data;
  static const char *developers[] = { "The Helpline developers", NULL };
  g_autofree char *debug_info = hl_debug_info (hl_application_get_workspace (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", self->window,
                        "application-icon", APP_ID,
                        "application-name", _("Helpline"),
                        "developer-name", _("The Helpline developers"),
                        "version", PACKAGE_VERSION,
                        "website", PACKAGE_WEBSITE,
                        "issue-url", PACKAGE_WEBSITE "/issues",
                        "comments", _("Take calls, chats and emails in one place"),
                        "developers", developers,
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        "copyright", "© 2026 The Helpline developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "debug-info", debug_info,
                        "debug-info-filename", "helpline-debug-info.txt",
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
on_preferences (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  HlApplication *self = user_data;
  HlPreferencesWindow *prefs = hl_preferences_window_new (self);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (self->window));
  gtk_window_present (GTK_WINDOW (prefs));
}

/* Preferences → Accounts: the offline banner's "Sign In Again". */
static void
on_accounts (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  HlApplication *self = user_data;
  HlPreferencesWindow *prefs = hl_preferences_window_new (self);

  hl_preferences_window_show_accounts (prefs);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (self->window));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
on_help (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  HlApplication *self = user_data;

  gtk_show_uri (GTK_WINDOW (self->window), "help:helpline", GDK_CURRENT_TIME);
}

/* The default action of a new message's notification. */
static void
on_show_conversation (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  HlWindow *window = ensure_window (user_data);

  hl_window_show_conversation (window, g_variant_get_int64 (param));
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_show_page (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  HlApplication *self = user_data;
  const char *page = g_variant_get_string (param, NULL);
  HlWindow *window = ensure_window (self);

  if (!hl_window_show_page (window, page))
    g_warning ("No page called “%s” (inbox, knowledge, customers, wallboard)", page);

  gtk_window_present (GTK_WINDOW (window));
}

static void
on_sync (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  HlApplication *self = user_data;

  if (self->window == NULL)
    return;

  if (self->chatwoot_link != NULL)
    {
      if (hl_chatwoot_link_sync_now (self->chatwoot_link))
        hl_window_show_toast (self->window, _("Synchronising with Chatwoot…"));
      else
        hl_window_show_toast (self->window, _("Chatwoot is not connected: the changes wait until it is"));
      return;
    }

  hl_window_sync (self->window);
}

static void
on_open_workspace (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  HlApplication *self = user_data;
  const char *name = g_variant_get_string (param, NULL);
  g_autofree char *chatwoot = dup_chatwoot_workspace_name (self);

  if (g_str_equal (name, "chatwoot"))
    {
      /* Without an account, the place to add one */
      if (chatwoot == NULL)
        {
          g_action_group_activate_action (G_ACTION_GROUP (self), "accounts", NULL);
          return;
        }
      name = chatwoot;
    }
  else if (!g_str_equal (name, "local") && !g_str_equal (name, "demo"))
    {
      g_warning ("No workspace called “%s” (local, demo, chatwoot)", name);
      return;
    }

  hl_application_set_workspace_name (self, name);
  gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

static void
on_set_availability (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  HlApplication *self = user_data;
  g_autoptr(GEnumClass) klass = g_type_class_ref (HL_TYPE_AVAILABILITY);
  const char *nick = g_variant_get_string (param, NULL);
  GEnumValue *value = g_enum_get_value_by_nick (klass, nick);

  if (value == NULL)
    {
      g_warning ("Unknown availability “%s” (online, busy, offline)", nick);
      return;
    }

  if (self->window != NULL)
    hl_window_set_availability (self->window, value->value);
}

/* Incoming calls ring in a notification when the window isn't in front, with Answer and Decline.
 * Sent again (replacing it) when caller-id finds the customer's name while it rings. */
static void
send_call_notification (HlApplication *self,
                        HlCall        *call)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *address = NULL;
  g_autofree char *who = hl_call_dup_caller (call, &address);
  g_autofree char *body = NULL;

  /* Translators: a notification title; %s is the caller's name or number */
  title = g_strdup_printf (_("Call from %s"), who);
  notification = g_notification_new (title);
  /* Translators: a notification's text; %s is the caller's number or full address (sip:…) */
  body = g_strdup_printf (_("Incoming call from %s"), address);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_set_category (notification, "call.incoming");
  /* app.decline: with a call in progress, app.hangup would end that one instead. */
  g_notification_add_button (notification, _("Decline"), "app.decline");
  g_notification_add_button (notification, _("Answer"), "app.answer");
  g_notification_set_default_action (notification, "app.show-phone");
  g_application_send_notification (G_APPLICATION (self), "incoming-call", notification);
}

static void
on_caller_identified (HlApplication *self,
                      GParamSpec    *pspec,
                      HlCall        *call)
{
  send_call_notification (self, call);
}

static void
on_call_state_for_notification (HlApplication *self,
                                GParamSpec    *pspec,
                                HlCall        *call)
{
  if (hl_call_get_state (call) != HL_CALL_STATE_INCOMING)
    {
      g_application_withdraw_notification (G_APPLICATION (self), "incoming-call");
      g_signal_handlers_disconnect_by_func (call, on_call_state_for_notification, self);
      g_signal_handlers_disconnect_by_func (call, on_caller_identified, self);
    }
}

/* Screen pop: answering a call from a known customer opens their record (the screen-pop
 * setting). Caller-id may name the customer only after the answer; then it opens then. Once per
 * call, and never for a call that has ended. */
static void
pop_customer (HlApplication *self,
              GParamSpec    *pspec,
              HlCall        *call)
{
  HlCallState state = hl_call_get_state (call);
  gint64 contact_id = hl_call_get_contact_id (call);

  if (state == HL_CALL_STATE_INCOMING)
    return;

  if (state == HL_CALL_STATE_ACTIVE && contact_id > 0 && self->window != NULL &&
      g_settings_get_boolean (self->settings, "screen-pop"))
    {
      g_debug ("Screen pop: contact %" G_GINT64_FORMAT, contact_id);
      gtk_widget_activate_action (GTK_WIDGET (self->window), "win.show-customer", "x", contact_id);
    }

  /* Popped, or there is nobody to pop: either way this call is done with. */
  if (contact_id > 0 || state != HL_CALL_STATE_ACTIVE)
    g_signal_handlers_disconnect_by_func (call, pop_customer, self);
}

static void
on_incoming_call (HlApplication *self,
                  HlCall        *call,
                  HlPhone       *phone)
{
  g_signal_connect_object (call, "notify::state", G_CALLBACK (pop_customer), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "notify::contact-name", G_CALLBACK (pop_customer), self, G_CONNECT_SWAPPED);

  if (self->window && gtk_window_is_active (GTK_WINDOW (self->window)))
    return;

  send_call_notification (self, call);
  g_signal_connect_object (call, "notify::state", G_CALLBACK (on_call_state_for_notification), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "notify::contact-name", G_CALLBACK (on_caller_identified), self,
                           G_CONNECT_SWAPPED);
}

/* Why an outgoing call failed, where the agent looks: the call card is gone once it ended. */
static void
on_call_failed (HlApplication *self,
                HlCall        *call,
                HlPhone       *phone)
{
  g_autofree char *text = NULL;

  if (self->window == NULL || hl_call_get_end_reason (call) == NULL)
    return;

  /* Translators: a toast; %s is the number called, then why the call failed ("The line is busy") */
  text = g_strdup_printf (_("Call to %s: %s"), hl_call_get_remote_uri (call), hl_call_get_end_reason (call));
  hl_window_show_toast (self->window, text);
}

static void
on_transfer_failed (HlApplication *self,
                    HlCall        *call,
                    const char    *message,
                    HlPhone       *phone)
{
  g_message ("Phone: %s", message);
  if (self->window)
    hl_window_show_toast (self->window, message);
}

static void
on_show_phone (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  HlApplication *self = user_data;
  HlWindow *window = ensure_window (self);

  hl_window_open_uri (window, NULL);
  gtk_window_present (GTK_WINDOW (window));
}

/* The phone's actions: the D-Bus contract of DESIGN.md, and what the phone pane's buttons use. */

/* A phone action that could not be done: in the log and, with a window, as a toast */
static void
report_phone_error (HlApplication *self,
                    const char    *what,
                    GError        *error)
{
  g_message ("Cannot %s: %s", what, error->message);
  if (self->window)
    hl_window_show_toast (self->window, error->message);
}

static void
on_call (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  HlApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_phone_dial (self->phone, g_variant_get_string (param, NULL), &error))
    report_phone_error (self, "call", error);
}

static void
on_answer (GSimpleAction *action,
           GVariant      *param,
           gpointer       user_data)
{
  hl_phone_answer (HL_APPLICATION (user_data)->phone);
}

static void
on_hangup (GSimpleAction *action,
           GVariant      *param,
           gpointer       user_data)
{
  hl_phone_hangup (HL_APPLICATION (user_data)->phone);
}

static void
on_hold (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  hl_phone_set_held (HL_APPLICATION (user_data)->phone, g_variant_get_boolean (param));
}

static void
on_mute (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  hl_phone_set_muted (HL_APPLICATION (user_data)->phone, g_variant_get_boolean (param));
}

static void
on_dtmf (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  hl_phone_send_dtmf (HL_APPLICATION (user_data)->phone, g_variant_get_string (param, NULL));
}

static void
on_transfer (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  hl_phone_transfer (HL_APPLICATION (user_data)->phone, g_variant_get_string (param, NULL));
}

static void
on_decline (GSimpleAction *action,
            GVariant      *param,
            gpointer       user_data)
{
  hl_phone_decline (HL_APPLICATION (user_data)->phone);
}

static void
on_end_and_answer (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  hl_phone_end_and_answer (HL_APPLICATION (user_data)->phone);
}

static void
on_swap (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  hl_phone_swap (HL_APPLICATION (user_data)->phone);
}

static void
on_transfer_attended (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  HlApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_phone_start_consultation (self->phone, g_variant_get_string (param, NULL), &error))
    report_phone_error (self, "start a consultation", error);
}

static void
on_transfer_complete (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  HlApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_phone_complete_transfer (self->phone, &error))
    report_phone_error (self, "complete the transfer", error);
}

static void
on_transfer_cancel (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  hl_phone_cancel_consultation (HL_APPLICATION (user_data)->phone);
}

static void
on_record (GSimpleAction *action,
           GVariant      *param,
           gpointer       user_data)
{
  HlApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hl_phone_set_recording (self->phone, g_variant_get_boolean (param), &error))
    report_phone_error (self, "record", error);
}

static const GActionEntry app_actions[] = {
  { "call", on_call, "s" },
  { "answer", on_answer },
  { "hangup", on_hangup },
  { "hold", on_hold, "b" },
  { "mute", on_mute, "b" },
  { "dtmf", on_dtmf, "s" },
  { "transfer", on_transfer, "s" },
  { "transfer-attended", on_transfer_attended, "s" },
  { "transfer-complete", on_transfer_complete },
  { "transfer-cancel", on_transfer_cancel },
  { "decline", on_decline },
  { "end-and-answer", on_end_and_answer },
  { "swap", on_swap },
  { "record", on_record, "b" },
  { "show-phone", on_show_phone },
  { "quit", on_quit },
  { "about", on_about },
  { "preferences", on_preferences },
  { "accounts", on_accounts },
  { "help", on_help },
  { "show-page", on_show_page, "s" },
  { "show-conversation", on_show_conversation, "x" },
  { "sync", on_sync },
  { "open-workspace", on_open_workspace, "s" },
  { "set-availability", on_set_availability, "s" },
  { "set-language", on_set_language, "s" },
};

/* Signing out (or removing the account) leaves its workspace for the local one; signing in
 * leaves the window as it is: Workspace ▸ Chatwoot opens the account's workspace, and it is the
 * one opened at the next start. */
static void
on_chatwoot_state (HlApplication *self)
{
  g_autofree char *chatwoot = dup_chatwoot_workspace_name (self);
  HlWorkspace *current = self->window ? hl_window_get_workspace (self->window) : NULL;
  const char *showing = current ? hl_workspace_get_name (current) : self->workspace_name;

  if (chatwoot != NULL || !g_str_has_prefix (showing, "chatwoot-"))
    return;

  hl_application_set_workspace_name (self, "local");
  if (self->window != NULL)
    gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

static void
hl_application_startup (GApplication *app)
{
  HlApplication *self = HL_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.help", { "F1", NULL } },
    { "app.show-page::inbox", { "<Control>1", NULL } },
    { "app.show-page::knowledge", { "<Control>2", NULL } },
    { "app.show-page::customers", { "<Control>3", NULL } },
    { "app.show-page::wallboard", { "<Control>4", NULL } },
    { "app.sync", { "<Control>r", "F5", NULL } },
    { "win.toggle-phone-pane", { "F9", NULL } },
    { "win.fullscreen", { "F11", NULL } },
    { "win.search", { "<Control>f", NULL } },
  };

  g_application_set_resource_base_path (app, RESOURCE_PATH);

  G_APPLICATION_CLASS (hl_application_parent_class)->startup (app);

  /* Here rather than in init: `helpline --version` runs no startup and needs no schema. */
  self->settings = g_settings_new ("io.helpline.Helpline");

  /* Before the first window is built. */
  g_signal_connect_object (self->settings, "changed::language",
                           G_CALLBACK (on_language_changed), self, G_CONNECT_SWAPPED);
  on_language_changed (self, "language", self->settings);

  self->phone = hl_phone_new ();
  hl_phone_audio_set_settings (hl_phone_get_audio (self->phone), self->settings);
  g_signal_connect_object (self->phone, "incoming-call", G_CALLBACK (on_incoming_call), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->phone, "call-failed", G_CALLBACK (on_call_failed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->phone, "transfer-failed", G_CALLBACK (on_transfer_failed), self, G_CONNECT_SWAPPED);
  if (!self->provision_only)
    ensure_phone_started (self);

  self->chatwoot = hl_chatwoot_backend_new (NULL);
  hl_chatwoot_backend_reload (self->chatwoot);
  g_signal_connect_object (self->chatwoot, "notify::state", G_CALLBACK (on_chatwoot_state), self, G_CONNECT_SWAPPED);
  /* With a Chatwoot account, its workspace is the one to open (--demo still chooses the demo). */
  {
    g_autofree char *chatwoot = dup_chatwoot_workspace_name (self);

    if (chatwoot != NULL)
      hl_application_set_workspace_name (self, chatwoot);
  }

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);

  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (on_color_scheme_changed), self, G_CONNECT_SWAPPED);
  on_color_scheme_changed (self, "color-scheme", self->settings);
}

static gboolean
shutdown_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
hl_application_shutdown (GApplication *app)
{
  HlApplication *self = HL_APPLICATION (app);

  /* End the calls and un-REGISTER before the process goes: the PBX then stops sending calls here
   * at once. The main loop has stopped, so its context is run here, for 3 s at most. */
  if (self->phone != NULL)
    {
      gboolean timed_out = FALSE;
      guint timeout = g_timeout_add (3000, shutdown_timeout, &timed_out);

      hl_phone_shut_down (self->phone);
      while (!timed_out && !hl_phone_get_shut_down (self->phone))
        g_main_context_iteration (NULL, TRUE);
      if (!timed_out)
        g_source_remove (timeout);
    }

  /* Windows are kept until exit (see hl_window_constructed ()), and with them their workspaces:
   * the current workspace's store is closed here, so what it has queued is written. Nothing runs
   * on the main loop after this. */
  if (self->window != NULL && hl_window_get_workspace (self->window) != NULL)
    hl_store_close (hl_workspace_get_store (hl_window_get_workspace (self->window)));

  /* Before exit () runs the libraries' exit handlers under the warm-up thread */
  hl_media_warm_up_stop ();

  G_APPLICATION_CLASS (hl_application_parent_class)->shutdown (app);
}

static void
hl_application_dispose (GObject *object)
{
  HlApplication *self = (HlApplication *)object;

  g_clear_object (&self->phone);
  g_clear_object (&self->chatwoot_link);
  g_clear_object (&self->chatwoot);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->workspace_name, g_free);
  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (hl_application_parent_class)->dispose (object);
}

static gboolean
hl_application_dbus_register (GApplication     *app,
                              GDBusConnection  *connection,
                              const char       *object_path,
                              GError          **error)
{
  HlApplication *self = HL_APPLICATION (app);

  if (!G_APPLICATION_CLASS (hl_application_parent_class)->dbus_register (app, connection, object_path, error))
    return FALSE;

  self->ui_probe_id = hl_ui_probe_register (GTK_APPLICATION (app), connection, object_path, error);
  return error == NULL || *error == NULL;
}

static void
hl_application_dbus_unregister (GApplication    *app,
                                GDBusConnection *connection,
                                const char      *object_path)
{
  HlApplication *self = HL_APPLICATION (app);

  if (self->ui_probe_id != 0)
    g_dbus_connection_unregister_object (connection, self->ui_probe_id);
  self->ui_probe_id = 0;

  G_APPLICATION_CLASS (hl_application_parent_class)->dbus_unregister (app, connection, object_path);
}

static void
hl_application_class_init (HlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = hl_application_dispose;

  app_class->activate = hl_application_activate;
  app_class->startup = hl_application_startup;
  app_class->shutdown = hl_application_shutdown;
  app_class->dbus_register = hl_application_dbus_register;
  app_class->dbus_unregister = hl_application_dbus_unregister;
  app_class->command_line = hl_application_command_line;
  app_class->handle_local_options = hl_application_handle_local_options;
}

static void
hl_application_init (HlApplication *self)
{
  self->workspace_name = g_strdup ("local");

  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[sip: or tel: link…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Helpline: take calls, chats and emails in one place."));
}

HlApplication *
hl_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (HL_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       NULL);
}

HlPhone *
hl_application_get_phone (HlApplication *self)
{
  g_return_val_if_fail (HL_IS_APPLICATION (self), NULL);

  return self->phone;
}

/* The inbox opened a conversation: in the Chatwoot workspace its thread is fetched (the initial
 * sync keeps only each conversation's last message). */
void
hl_application_conversation_opened (HlApplication *self,
                                    gint64         conversation_id)
{
  g_return_if_fail (HL_IS_APPLICATION (self));

  if (self->chatwoot_link != NULL)
    hl_chatwoot_link_fetch_thread (self->chatwoot_link, conversation_id);
}

/* The configured Chatwoot account (signed out when there is none); NULL before startup. */
/* The sync and outbox of the Chatwoot account's workspace, while the window shows it; else NULL */
HlChatwootLink *
hl_application_get_chatwoot_link (HlApplication *self)
{
  g_return_val_if_fail (HL_IS_APPLICATION (self), NULL);

  return self->chatwoot_link;
}

HlChatwootBackend *
hl_application_get_chatwoot (HlApplication *self)
{
  g_return_val_if_fail (HL_IS_APPLICATION (self), NULL);

  return self->chatwoot;
}

GSettings *
hl_application_get_settings (HlApplication *self)
{
  g_return_val_if_fail (HL_IS_APPLICATION (self), NULL);

  return self->settings;
}

HlWindow *
hl_application_get_window (HlApplication *self)
{
  g_return_val_if_fail (HL_IS_APPLICATION (self), NULL);

  return self->window;
}

HlWorkspace *
hl_application_get_workspace (HlApplication *self)
{
  g_return_val_if_fail (HL_IS_APPLICATION (self), NULL);

  return self->window ? hl_window_get_workspace (self->window) : NULL;
}

/* The workspace the next window opens; the current window is replaced if it shows another. */
void
hl_application_set_workspace_name (HlApplication *self,
                                   const char    *name)
{
  g_return_if_fail (HL_IS_APPLICATION (self));
  g_return_if_fail (name != NULL);

  g_free (self->workspace_name);
  self->workspace_name = g_strdup (name);
}

/* test-window.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "hl-application.h"
#include "hl-audio-devices.h"
#include "hl-call-row.h"
#include "hl-store-edits.h"
#include "hl-inbox-page.h"
#include "hl-knowledge-page.h"
#include "hl-language.h"
#include "hl-phone-pane.h"
#include "hl-record-row.h"
#include "hl-test-gtk-utils.h"
#include "hl-test-utils.h"
#include "hl-window.h"
#include "hl-workspace.h"

/* The window driven the way D-Bus callers and the UI drive it: through the application's actions. */

static void
close_app (HlApplication *app)
{
  HlWindow *window = hl_application_get_window (app);

  if (window)
    gtk_window_destroy (GTK_WINDOW (window));
  hl_test_drain ();
  g_object_unref (app);
}

static void
test_window_pages (void)
{
  HlApplication *app = hl_test_start_app ();
  HlWindow *window = hl_test_open_window (app, "demo");
  static const char *pages[] = { "inbox", "knowledge", "customers", "wallboard" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *shot = NULL;
      g_autofree char *name = g_strdup_printf ("page-%s", pages[i]);

      g_action_group_activate_action (G_ACTION_GROUP (app), "show-page", g_variant_new_string (pages[i]));
      hl_test_drain ();
      g_assert_cmpstr (hl_window_get_page (window), ==, pages[i]);

      /* Let the page's rows load from the store, then keep a picture of it. */
      hl_test_wait_ms (600);
      hl_test_wait_painted (GTK_WIDGET (window));
      shot = hl_test_save_screenshot (GTK_WIDGET (window), name);
      g_test_message ("Screenshot: %s", shot);
    }

  /* An unknown page name changes nothing. */
  g_test_expect_message ("HlApplication", G_LOG_LEVEL_WARNING, "*No page called*");
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-page", g_variant_new_string ("nonsense"));
  g_test_assert_expected_messages ();
  g_assert_cmpstr (hl_window_get_page (window), ==, "wallboard");

  close_app (app);
}

static void
test_window_inbox_thread (void)
{
  HlApplication *app = hl_test_start_app ();
  HlWindow *window = hl_test_open_window (app, "demo");
  g_autofree char *shot = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "show-page", g_variant_new_string ("wallboard"));

  /* The window action the phone pane and the customer history use to open a conversation. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-conversation", "x", (gint64) 1);
  hl_test_drain ();
  g_assert_cmpstr (hl_window_get_page (window), ==, "inbox");

  hl_test_wait_ms (600);
  hl_test_wait_painted (GTK_WIDGET (window));
  shot = hl_test_save_screenshot (GTK_WIDGET (window), "inbox-thread");
  g_test_message ("Screenshot: %s", shot);

  close_app (app);
}

static gboolean
recorded_icon_shown (gpointer data)
{
  GtkWidget *icon = hl_test_find_by_id (data, "recorded_icon");

  return icon != NULL && gtk_widget_get_mapped (icon);
}

static void
test_window_phone_pane (void)
{
  HlApplication *app = hl_test_start_app ();
  HlWindow *window = hl_test_open_window (app, "local");
  g_autoptr(GVariant) before = NULL;
  g_autoptr(GVariant) after = NULL;

  before = g_action_group_get_action_state (G_ACTION_GROUP (window), "toggle-phone-pane");
  g_action_group_activate_action (G_ACTION_GROUP (window), "toggle-phone-pane", NULL);
  hl_test_drain ();
  after = g_action_group_get_action_state (G_ACTION_GROUP (window), "toggle-phone-pane");
  g_assert_cmpint (g_variant_get_boolean (before), !=, g_variant_get_boolean (after));

  /* sip: and tel: links open the pane. */
  g_assert_true (hl_window_open_uri (window, "tel:+34-612-345-678"));
  g_assert_false (hl_window_open_uri (window, "https://example.com"));

  /* A recorded call in Recent Calls: the red dot, with the file in its tooltip */
  {
    HlCallLog log = {
      .direction = HL_CALL_DIRECTION_INCOMING,
      .result = HL_CALL_RESULT_ANSWERED,
      .remote_uri = "sip:+34612345678@pbx.example.com",
      .remote_name = "Carmen López",
      .started_at = g_get_real_time () / G_USEC_PER_SEC - 300,
      .answered_at = g_get_real_time () / G_USEC_PER_SEC - 295,
      .ended_at = g_get_real_time () / G_USEC_PER_SEC - 60,
      .recording_path = "recordings/call-1.ogg",
      .mos = -1,
    };
    g_autoptr(GAsyncResult) result = NULL;
    GtkWidget *icon;

    g_autoptr(GVariant) shown = g_action_group_get_action_state (G_ACTION_GROUP (window), "toggle-phone-pane");

    if (!g_variant_get_boolean (shown))
      g_action_group_activate_action (G_ACTION_GROUP (window), "toggle-phone-pane", NULL);
    hl_store_log_call_async (hl_workspace_get_store (hl_application_get_workspace (app)), &log, NULL,
                             hl_test_store_result, &result);
    g_assert_cmpint (hl_store_log_call_finish (hl_workspace_get_store (hl_application_get_workspace (app)),
                                               hl_test_wait_result (&result, 10000), NULL), >, 0);
    hl_test_wait_until (recorded_icon_shown, window, 10000);
    icon = hl_test_find_by_id (GTK_WIDGET (window), "recorded_icon");
    g_assert_cmpstr (hl_widget_get_tooltip (icon), ==, "Recorded in recordings/call-1.ogg");
    hl_test_wait_painted (GTK_WIDGET (window));
    g_free (hl_test_save_screenshot (GTK_WIDGET (window), "phone-pane-recorded-call"));
  }

  close_app (app);
}

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, found);
}

static void
on_logged (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (hl_store_log_call_finish (HL_STORE (object), result, &error), >, 0);
  g_assert_no_error (error);
  (*(guint *) user_data)++;
}

static gboolean
three_logged (gpointer data)
{
  return *(guint *) data == 3;
}

static gboolean
label_shows (gpointer data)
{
  return g_strcmp0 (gtk_label_get_text (data), "Carmen López Ortega") == 0;
}

/* Recent calls: each row has a Call Back button on app.call with the call's address; a missed
 * incoming call has the missed icon, an outgoing call nobody answered the outgoing one. */
static void
test_window_recent_calls (void)
{
  HlApplication *app = hl_test_start_app ();
  HlWindow *window = hl_test_open_window (app, "local");
  HlStore *store = hl_workspace_get_store (hl_window_get_workspace (window));
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GVariant) shown = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const HlCallLog calls[] = {
    { .direction = HL_CALL_DIRECTION_INCOMING, .result = HL_CALL_RESULT_MISSED,
      .remote_uri = "sip:+34611482907@pbx.invalid", .started_at = now - 300, .ended_at = now - 280, .mos = -1 },
    { .direction = HL_CALL_DIRECTION_OUTGOING, .result = HL_CALL_RESULT_MISSED,
      .remote_uri = "sip:+34611482908@pbx.invalid", .started_at = now - 200, .ended_at = now - 180, .mos = -1 },
    { .direction = HL_CALL_DIRECTION_INCOMING, .result = HL_CALL_RESULT_ANSWERED, .remote_name = "Carmen López",
      .remote_uri = "sip:customer1@pbx.invalid", .started_at = now - 100, .answered_at = now - 95, .ended_at = now - 30,
      .disposition = HL_CALL_DISPOSITION_TRANSFERRED, .mos = -1 },
  };
  static const char *icons[] = { "call-incoming-symbolic", "call-outgoing-symbolic", "call-missed-symbolic" };
  static const char *targets[] = { "sip:customer1@pbx.invalid", "sip:+34611482908@pbx.invalid", "sip:+34611482907@pbx.invalid" };
  static const char *names[] = { "Carmen López", "+34 611 482 908", "+34 611 482 907" };
  guint logged = 0;

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    hl_store_log_call_async (store, &calls[i], NULL, on_logged, &logged);
  hl_test_wait_until (three_logged, &logged, 10000);

  shown = g_action_group_get_action_state (G_ACTION_GROUP (window), "toggle-phone-pane");
  if (!g_variant_get_boolean (shown))
    g_action_group_activate_action (G_ACTION_GROUP (window), "toggle-phone-pane", NULL);
  hl_test_wait_ms (600);
  hl_test_wait_painted (GTK_WIDGET (window));

  collect_widgets (GTK_WIDGET (window), HL_TYPE_CALL_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 3);

  /* Newest first: the transferred call, the unanswered outgoing one, the missed one. */
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
      g_autoptr(GPtrArray) images = g_ptr_array_new ();
      GtkWidget *call_back = NULL;
      GVariant *target;

      collect_widgets (g_ptr_array_index (rows, i), GTK_TYPE_BUTTON, buttons);
      for (guint j = 0; j < buttons->len; j++)
        if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, j)), "app.call") == 0)
          call_back = g_ptr_array_index (buttons, j);
      g_assert_nonnull (call_back);
      g_assert_cmpstr (hl_widget_get_tooltip (call_back), ==, "Call Back");
      target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (call_back));
      g_assert_true (g_variant_is_of_type (target, G_VARIANT_TYPE_STRING));
      g_assert_cmpstr (g_variant_get_string (target, NULL), ==, targets[i]);

      collect_widgets (g_ptr_array_index (rows, i), GTK_TYPE_IMAGE, images);
      g_assert_cmpuint (images->len, >, 0);
      g_assert_cmpstr (gtk_image_get_icon_name (g_ptr_array_index (images, 0)), ==, icons[i]);

      /* The caller's contact name; a contact named after its number shows the number readably */
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hl_test_find_by_id (g_ptr_array_index (rows, i), "name_label"))),
                       ==, names[i]);
    }

  /* The agent renames the customer: the row shows the contact's current name */
  {
    gint64 contact = hl_test_store_int64 (store, "SELECT contact_id FROM calls WHERE remote_uri = 'sip:customer1@pbx.invalid'");
    HlContactData data = { .name = "Carmen López Ortega", .phone = "customer1" };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    hl_store_update_contact_async (store, contact, &data, NULL, hl_test_store_result, &result);
    g_assert_true (hl_store_edit_finish (store, hl_test_wait_result (&result, 10000), &error));
    g_assert_no_error (error);
    hl_test_wait_until (label_shows, hl_test_find_by_id (g_ptr_array_index (rows, 0), "name_label"), 10000);
  }

  close_app (app);
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;

  return NULL;
}

static gboolean
has_toplevel (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static void
open_and_shoot (GActionGroup *group,
                const char   *action,
                GType         type,
                const char   *shot)
{
  GtkWindow *window;

  g_action_group_activate_action (group, action, NULL);
  hl_test_wait_until (has_toplevel, GSIZE_TO_POINTER (type), 10000);
  window = find_toplevel (type);
  hl_test_wait_painted (GTK_WIDGET (window));
  g_free (hl_test_save_screenshot (GTK_WIDGET (window), shot));
  gtk_window_destroy (window);
  hl_test_drain ();
}

static void
test_window_dialogs (void)
{
  HlApplication *app = hl_test_start_app ();
  HlWindow *window = hl_test_open_window (app, "local");

  /* The primary menu's entries: each opens its window. */
  open_and_shoot (G_ACTION_GROUP (app), "preferences", ADW_TYPE_PREFERENCES_WINDOW, "preferences");
  open_and_shoot (G_ACTION_GROUP (app), "about", ADW_TYPE_ABOUT_WINDOW, "about");
  open_and_shoot (G_ACTION_GROUP (window), "show-help-overlay", GTK_TYPE_SHORTCUTS_WINDOW, "shortcuts");

  /* The local workspace starts empty: every page shows its empty state, not a blank. */
  for (guint i = 0; i < 4; i++)
    {
      static const char *pages[] = { "inbox", "knowledge", "customers", "wallboard" };
      g_autofree char *name = g_strdup_printf ("empty-%s", pages[i]);

      g_action_group_activate_action (G_ACTION_GROUP (app), "show-page", g_variant_new_string (pages[i]));
      hl_test_wait_ms (300);
      hl_test_wait_painted (GTK_WIDGET (window));
      g_free (hl_test_save_screenshot (GTK_WIDGET (window), name));
    }

  close_app (app);
}

static gboolean
level_moves (gpointer data)
{
  return gtk_level_bar_get_value (data) > 0.3;
}

/* Preferences → Audio: the switches are the GSettings keys both ways, the device rows start at
 * System Default, and the level bar shows the microphone (a tone through HELPLINE_AUDIO_SRC). */
static void
test_window_preferences_audio (void)
{
  HlApplication *app;
  GSettings *settings;
  GtkWindow *prefs;
  GtkWidget *echo, *noise, *recording, *level;
  AdwComboRow *microphone;
  static const char *rows[] = { "microphone_row", "speaker_row", "ringing_row" };

  g_setenv ("HELPLINE_AUDIO_SRC", "audiotestsrc is-live=true freq=600 volume=0.3", TRUE);
  app = hl_test_start_app ();
  hl_test_open_window (app, "local");
  settings = hl_application_get_settings (app);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  hl_test_wait_until (has_toplevel, GSIZE_TO_POINTER (ADW_TYPE_PREFERENCES_WINDOW), 10000);
  prefs = find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "audio");
  gtk_window_set_default_size (prefs, 560, 760);   /* the whole page in the screenshot */

  echo = hl_test_find_by_id (GTK_WIDGET (prefs), "echo_switch");
  noise = hl_test_find_by_id (GTK_WIDGET (prefs), "noise_switch");
  recording = hl_test_find_by_id (GTK_WIDGET (prefs), "recording_switch");
  level = hl_test_find_by_id (GTK_WIDGET (prefs), "input_level_bar");
  g_assert_nonnull (echo);
  g_assert_nonnull (noise);
  g_assert_nonnull (recording);
  g_assert_nonnull (level);

  /* Defaults: echo cancellation and noise suppression on, recording off */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (echo)));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (noise)));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (recording)));
  g_assert_true (gtk_widget_get_sensitive (echo));

  /* The switch writes the key… */
  gtk_switch_set_active (GTK_SWITCH (echo), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "echo-cancellation"));
  gtk_switch_set_active (GTK_SWITCH (recording), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "call-recording"));
  /* …and follows it */
  g_settings_set_boolean (settings, "noise-suppression", FALSE);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (noise)));
  g_settings_set_boolean (settings, "echo-cancellation", TRUE);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (echo)));
  g_settings_set_boolean (settings, "noise-suppression", TRUE);
  g_settings_set_boolean (settings, "call-recording", FALSE);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (recording)));

  /* Device rows: System Default first and chosen; a device that isn't there shows the default
   * and the key keeps its id */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      AdwComboRow *row = ADW_COMBO_ROW (hl_test_find_by_id (GTK_WIDGET (prefs), rows[i]));
      g_autoptr(GObject) first = NULL;

      g_assert_nonnull (row);
      g_assert_nonnull (adw_combo_row_get_model (row));
      first = g_list_model_get_item (adw_combo_row_get_model (row), 0);
      g_assert_cmpstr (hl_audio_device_get_id (HL_AUDIO_DEVICE (first)), ==, "");
      g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
    }
  microphone = ADW_COMBO_ROW (hl_test_find_by_id (GTK_WIDGET (prefs), "microphone_row"));
  g_settings_set_string (settings, "audio-input-device", "alsa_input.unplugged-headset");
  g_assert_cmpuint (adw_combo_row_get_selected (microphone), ==, 0);
  {
    g_autofree char *kept = g_settings_get_string (settings, "audio-input-device");

    g_assert_cmpstr (kept, ==, "alsa_input.unplugged-headset");
  }
  g_settings_reset (settings, "audio-input-device");

  /* The microphone check runs while the window is open */
  hl_test_wait_until (level_moves, level, 20000);
  hl_test_wait_painted (GTK_WIDGET (prefs));
  g_free (hl_test_save_screenshot (GTK_WIDGET (prefs), "preferences-audio"));

  gtk_window_destroy (prefs);
  hl_test_drain ();
  close_app (app);
  g_unsetenv ("HELPLINE_AUDIO_SRC");
}

static void
test_window_corrupt_workspace (void)
{
  g_autofree char *path = hl_workspace_path_for ("local");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GDir) listing = NULL;
  const char *name;
  HlApplication *app;
  HlWindow *window;
  GList *toplevels;
  AdwMessageDialog *dialog = NULL;
  char junk[8192];
  guint moved = 0;

  g_mkdir_with_parents (dir, 0700);
  memset (junk, 'j', sizeof junk);
  g_assert_true (g_file_set_contents (path, junk, sizeof junk, NULL));

  app = hl_test_start_app ();
  g_test_expect_message ("HlWindow", G_LOG_LEVEL_WARNING, "*Could not open the workspace*");
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-workspace", g_variant_new_string ("local"));
  window = hl_application_get_window (app);

  /* The damaged file is explained in a dialog that offers to move it aside. */
  while (dialog == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      toplevels = gtk_window_list_toplevels ();
      for (GList *l = toplevels; l; l = l->next)
        if (ADW_IS_MESSAGE_DIALOG (l->data))
          dialog = l->data;
      g_list_free (toplevels);
    }
  g_test_assert_expected_messages ();
  g_assert_false (hl_window_get_ready (window));
  hl_test_wait_painted (GTK_WIDGET (dialog));
  g_free (hl_test_save_screenshot (GTK_WIDGET (dialog), "corrupt-dialog"));
  g_assert_true (adw_message_dialog_has_response (dialog, "move"));

  adw_message_dialog_response (dialog, "move");
  hl_test_wait_until (hl_test_window_ready, app, 30000);

  /* Nothing was deleted: the old bytes are kept next to the new workspace. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)))
    if (g_str_has_prefix (name, "local.db.corrupt-"))
      moved++;
  g_assert_cmpuint (moved, ==, 1);

  close_app (app);
}

/* Interface language */

static gboolean
has_entry_text (GtkWidget  *root,
                const char *text)
{
  if (GTK_IS_EDITABLE (root) && g_str_equal (gtk_editable_get_text (GTK_EDITABLE (root)), text))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (has_entry_text (child, text))
      return TRUE;

  return FALSE;
}

/* Every label's text and every tooltip under @root, as the screen shows or a screen reader reads them. */
static void
collect_strings (GtkWidget *root,
                 GPtrArray *strings)
{
  if (GTK_IS_LABEL (root))
    g_ptr_array_add (strings, g_strdup (gtk_label_get_text (GTK_LABEL (root))));
  if (gtk_widget_get_tooltip_text (root))
    g_ptr_array_add (strings, g_strdup (gtk_widget_get_tooltip_text (root)));
  if (hl_widget_get_tooltip (root))
    g_ptr_array_add (strings, g_strdup (hl_widget_get_tooltip (root)));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_strings (child, strings);
}

static gboolean
shows_string (GtkWidget  *root,
              const char *text)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  collect_strings (root, strings);
  g_ptr_array_add (strings, NULL);
  return g_strv_contains ((const char * const *) strings->pdata, text);
}

static const char *
stack_page_title (HlWindow   *window,
                  const char *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (hl_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));

  return adw_view_stack_page_get_title (adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, name)));
}

/* The text of the first entry of type @entry_type in the page of type @page_type. */
static const char *
entry_text (HlWindow *window,
            GType     page_type,
            GType     entry_type)
{
  GtkWidget *page = hl_test_find_descendant (GTK_WIDGET (window), page_type);

  return gtk_editable_get_text (GTK_EDITABLE (hl_test_find_descendant (page, entry_type)));
}

static gboolean
window_gone (gpointer data)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  return !gtk_widget_get_visible (data) && g_list_find (toplevels, data) == NULL;
}

/* Switches language as the D-Bus action does; returns the window built in its place, painted. The
 * window it replaced is gone from the screen and the toplevels. */
static HlWindow *
switch_language (HlApplication *app,
                 HlWindow      *old,
                 const char    *code)
{
  HlWindow *window;

  g_action_group_activate_action (G_ACTION_GROUP (app), "set-language", g_variant_new_string (code));
  window = hl_application_get_window (app);
  g_assert_true (window != old);
  g_assert_true (hl_window_get_ready (window));
  /* Generous: the first frame in a new script loads its fonts, slow in a sanitizer build on a busy
   * machine. The second frame shows the lists, loaded meanwhile. */
  hl_test_wait_painted_within (GTK_WIDGET (window), 60000);
  hl_test_wait_painted_within (GTK_WIDGET (window), 60000);
  hl_test_wait_until (window_gone, old, 30000);

  return window;
}

static AdwPreferencesWindow *
open_preferences (HlApplication *app)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  hl_test_wait_until (has_toplevel, GSIZE_TO_POINTER (ADW_TYPE_PREFERENCES_WINDOW), 30000);
  return ADW_PREFERENCES_WINDOW (find_toplevel (ADW_TYPE_PREFERENCES_WINDOW));
}

static void
test_window_language (void)
{
  HlApplication *app = hl_test_start_app ();
  HlWindow *window = hl_test_open_window (app, "demo");
  g_autoptr(GSettings) settings = g_settings_new ("io.helpline.Helpline");
  AdwPreferencesWindow *prefs;
  GtkWidget *search;
  g_autofree char *shot = NULL;
  g_autofree char *saved = NULL;

  g_assert_true (g_strv_contains (hl_language_get_available (), "de"));
  g_assert_cmpstr (stack_page_title (window, "inbox"), ==, "Inbox");

  /* An open conversation, a number half typed in the phone pane, a knowledge-base search. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-conversation", "x", (gint64) 1);
  g_assert_true (hl_window_open_uri (window, "tel:+49-30-1234567"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-page", g_variant_new_string ("knowledge"));
  search = hl_test_find_descendant (hl_test_find_descendant (GTK_WIDGET (window), HL_TYPE_KNOWLEDGE_PAGE), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (search), "Passwort");
  hl_test_drain ();
  g_assert_true (has_entry_text (GTK_WIDGET (window), "+49-30-1234567"));

  window = switch_language (app, window, "de");
  saved = g_settings_get_string (settings, "language");
  g_assert_cmpstr (saved, ==, "de");

  /* The app's strings come from the German catalogue… */
  g_assert_cmpstr (stack_page_title (window, "inbox"), ==, "Posteingang");
  g_assert_cmpstr (stack_page_title (window, "knowledge"), ==, "Wissen");
  g_assert_true (shows_string (GTK_WIDGET (window), "Anrufen"));
  g_assert_false (shows_string (GTK_WIDGET (window), "Recent Calls"));
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_LTR);

  /* …and what the agent was doing is still there. */
  g_assert_cmpstr (hl_window_get_page (window), ==, "knowledge");
  g_assert_cmpint (hl_inbox_page_get_conversation_id (HL_INBOX_PAGE (hl_test_find_descendant (GTK_WIDGET (window), HL_TYPE_INBOX_PAGE))),
                   ==, 1);
  g_assert_cmpstr (entry_text (window, HL_TYPE_KNOWLEDGE_PAGE, GTK_TYPE_SEARCH_ENTRY), ==, "Passwort");
  g_assert_true (has_entry_text (hl_test_find_descendant (GTK_WIDGET (window), HL_TYPE_PHONE_PANE), "+49-30-1234567"));
  g_assert_true (shows_string (GTK_WIDGET (window), "Letzte Anrufe"));
  shot = hl_test_save_screenshot (GTK_WIDGET (window), "language-de");
  g_test_message ("Screenshot: %s", shot);

  /* libadwaita's own strings switch too (GLib decided at start to translate library domains). */
  prefs = open_preferences (app);
  g_assert_true (shows_string (GTK_WIDGET (prefs), "Keine Ergebnisse gefunden"));
  g_assert_true (shows_string (GTK_WIDGET (prefs), "Systemstandard"));
  g_assert_cmpstr (g_dgettext ("gtk40", "_Cancel"), ==, "_Abbrechen");

  /* Arabic: right to left, and GTK's own strings in Arabic (Debian has no libadwaita catalogue). */
  gtk_window_destroy (GTK_WINDOW (prefs));
  window = switch_language (app, window, "ar");
  g_assert_cmpstr (stack_page_title (window, "inbox"), ==, "الوارد");
  g_assert_true (shows_string (GTK_WIDGET (window), "المكالمات الأخيرة"));
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (window)), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpstr (g_dgettext ("gtk40", "_Cancel"), !=, "_Cancel");
  g_assert_cmpstr (hl_window_get_page (window), ==, "knowledge");
  g_assert_cmpstr (entry_text (window, HL_TYPE_KNOWLEDGE_PAGE, GTK_TYPE_SEARCH_ENTRY), ==, "Passwort");
  g_clear_pointer (&shot, g_free);
  shot = hl_test_save_screenshot (GTK_WIDGET (window), "language-ar");
  g_test_message ("Screenshot: %s", shot);
  prefs = open_preferences (app);

  /* Back to the system's language (English here), from Preferences: the dialog is rebuilt too. */
  g_settings_set_string (settings, "language", "");
  hl_test_wait_until (has_toplevel, GSIZE_TO_POINTER (ADW_TYPE_PREFERENCES_WINDOW), 30000);
  hl_test_drain ();
  window = hl_application_get_window (app);
  prefs = ADW_PREFERENCES_WINDOW (find_toplevel (ADW_TYPE_PREFERENCES_WINDOW));
  g_assert_cmpstr (stack_page_title (window, "inbox"), ==, "Inbox");
  g_assert_true (shows_string (GTK_WIDGET (prefs), "No Results Found"));
  g_assert_cmpstr (entry_text (window, HL_TYPE_KNOWLEDGE_PAGE, GTK_TYPE_SEARCH_ENTRY), ==, "Passwort");
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_LTR);
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* A language Helpline doesn't ship is refused, the window stays. */
  g_test_expect_message ("HlApplication", G_LOG_LEVEL_WARNING, "*no “xx” translation*");
  g_action_group_activate_action (G_ACTION_GROUP (app), "set-language", g_variant_new_string ("xx"));
  g_test_assert_expected_messages ();
  g_assert_true (hl_application_get_window (app) == window);
  close_app (app);
}

static gboolean
tv_mode (HlWindow *window)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), "tv-mode");

  return g_variant_get_boolean (state);
}

/* TV mode: the wallboard alone, in large type, across a language switch; Escape leaves it for the
 * page of before. */
static void
test_window_tv_mode (void)
{
  HlApplication *app = hl_test_start_app ();
  HlWindow *window = hl_test_open_window (app, "demo");
  GtkWidget *button;
  g_autofree char *shot = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "show-page", g_variant_new_string ("knowledge"));
  hl_test_drain ();
  g_assert_false (tv_mode (window));

  /* The wallboard's own button turns it on. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-page", g_variant_new_string ("wallboard"));
  button = hl_test_find_by_id (GTK_WIDGET (window), "tv_mode_button");
  hl_test_wait_painted (GTK_WIDGET (window));
  g_assert_true (shows_string (button, "TV Mode"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-page", g_variant_new_string ("knowledge"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "tv-mode", NULL);
  hl_test_drain ();
  g_assert_true (tv_mode (window));
  g_assert_cmpstr (hl_window_get_page (window), ==, "wallboard");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "tv-mode"));
  g_assert_false (gtk_widget_get_visible (hl_test_find_by_id (GTK_WIDGET (window), "header_bar")));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (hl_test_find_descendant (GTK_WIDGET (window), HL_TYPE_PHONE_PANE))));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  g_assert_true (shows_string (button, "Leave TV Mode"));
  hl_test_wait_painted (GTK_WIDGET (window));
  hl_test_wait_painted (GTK_WIDGET (window));
  shot = hl_test_save_screenshot (GTK_WIDGET (window), "tv-mode");
  g_test_message ("Screenshot: %s", shot);

  /* A language switch keeps it, and where Escape goes back to. */
  window = switch_language (app, window, "de");
  g_assert_true (tv_mode (window));
  g_assert_cmpstr (hl_window_get_page (window), ==, "wallboard");
  g_assert_false (gtk_widget_get_visible (hl_test_find_by_id (GTK_WIDGET (window), "header_bar")));
  g_assert_true (shows_string (hl_test_find_by_id (GTK_WIDGET (window), "tv_mode_button"), "TV-Modus verlassen"));

  hl_test_press (GTK_WIDGET (window), "Escape");
  g_assert_false (tv_mode (window));
  g_assert_cmpstr (hl_window_get_page (window), ==, "knowledge");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "tv-mode"));
  g_assert_true (gtk_widget_get_visible (hl_test_find_by_id (GTK_WIDGET (window), "header_bar")));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (hl_test_find_descendant (GTK_WIDGET (window), HL_TYPE_PHONE_PANE))));

  window = switch_language (app, window, "");
  close_app (app);
}

int
main (int   argc,
      char *argv[])
{
  /* gtk_test_init() drops its test options, so the XDG folders are isolated through g_test_init(). */
  hl_language_init ();
  hl_test_gtk_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/window/pages", test_window_pages);
  g_test_add_func ("/window/inbox-thread", test_window_inbox_thread);
  g_test_add_func ("/window/phone-pane", test_window_phone_pane);
  g_test_add_func ("/window/recent-calls", test_window_recent_calls);
  g_test_add_func ("/window/dialogs", test_window_dialogs);
  g_test_add_func ("/window/preferences-audio", test_window_preferences_audio);
  g_test_add_func ("/window/corrupt-workspace", test_window_corrupt_workspace);
  g_test_add_func ("/window/language", test_window_language);
  g_test_add_func ("/window/tv-mode", test_window_tv_mode);

  return g_test_run ();
}

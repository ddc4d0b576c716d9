/* test-wrap-up.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "hl-store-edits.h"
#include "hl-store-wrap-up.h"
#include "hl-test-gtk-utils.h"
#include "hl-test-utils.h"
#include "hl-workspace.h"
#include "hl-wrap-up-card.h"

/* The wrap-up card of the phone pane on the demo workspace: a call just logged, the agent picks a
 * disposition and types a note, the card is rebuilt (as a language switch rebuilds the window)
 * and still shows them, and Done writes them on the call record. */

typedef struct
{
  HlWorkspace  *workspace;
  GtkWindow    *window;
  HlWrapUpCard *card;
  HlWrapUp     *wrap_up;
  GSettings    *settings;
  gint64        call_id;
} Fixture;

static HlStore *
store (Fixture *f)
{
  return hl_workspace_get_store (f->workspace);
}

static gint64
log_call (Fixture *f)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  HlCallLog log = {
    .direction = HL_CALL_DIRECTION_INCOMING,
    .result = HL_CALL_RESULT_ANSWERED,
    .remote_uri = "sip:+34612345678@pbx.example",
    .remote_name = "Ana Ruiz",
    .started_at = now - 240,
    .answered_at = now - 222,
    .ended_at = now,
    .wrap_up = TRUE,
    .mos = -1,
  };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  hl_store_log_call_async (store (f), &log, NULL, hl_test_store_result, &result);
  id = hl_store_log_call_finish (store (f), hl_test_wait_result (&result, 10000), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
open_card (Fixture *f)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 300, -1);
  f->card = g_object_new (HL_TYPE_WRAP_UP_CARD, NULL);
  gtk_widget_set_margin_top (GTK_WIDGET (f->card), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (f->card), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (f->card), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (f->card), 12);
  gtk_window_set_child (f->window, GTK_WIDGET (f->card));
  hl_wrap_up_card_set_wrap_up (f->card, f->wrap_up);
  gtk_window_present (f->window);
  hl_test_wait_painted (GTK_WIDGET (f->window));
}

static void
close_card (Fixture *f)
{
  gtk_window_destroy (f->window);
  f->window = NULL;
  f->card = NULL;
  hl_test_drain ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->workspace = hl_test_open_workspace ("demo");
  f->settings = g_settings_new ("io.helpline.Helpline");
  f->call_id = log_call (f);
  f->wrap_up = hl_wrap_up_new (store (f), f->call_id, "Ana Ruiz", 222);
  open_card (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window)
    close_card (f);
  g_settings_reset (f->settings, "call-dispositions");
  g_clear_object (&f->settings);
  g_clear_object (&f->wrap_up);
  hl_store_close (store (f));
  g_clear_object (&f->workspace);
  hl_test_drain ();
}

static GtkWidget *
child (Fixture    *f,
       const char *id)
{
  GtkWidget *widget = hl_test_find_by_id (GTK_WIDGET (f->card), id);

  g_assert_nonnull (widget);
  return widget;
}

static char *
item_label (GtkDropDown *drop_down,
            guint        position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (gtk_drop_down_get_model (drop_down), position);

  return g_strdup (gtk_string_object_get_string (item));
}

static char *
note_text (Fixture *f)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (f, "note_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
on_done (gpointer  card,
         gboolean *done)
{
  *done = TRUE;
}

/* GTK 4 has no synthetic key events: the key controllers of @widget are given the key. */
static void
press_ctrl_enter (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Return, 36, GDK_CONTROL_MASK, &handled);
    }
  g_assert_true (handled);
}

/* Pick, type, rebuild, Done --------------------------------------------------------------------- */

static void
test_card (Fixture       *f,
           gconstpointer  data)
{
  GtkDropDown *drop_down = GTK_DROP_DOWN (child (f, "disposition_drop_down"));
  GtkTextBuffer *buffer;
  g_autofree char *none = item_label (drop_down, 0);
  g_autofree char *callback = item_label (drop_down, 3);
  g_autofree char *note = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  /* Who, and how long they talked; no disposition yet */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "call_label"))), ==, "Ana Ruiz · 3:42");
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (drop_down)), ==, 7);
  g_assert_cmpstr (none, ==, "None");
  g_assert_cmpstr (callback, ==, "Callback requested");
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 0);

  /* What the agent does goes into the wrap-up at once. */
  gtk_drop_down_set_selected (drop_down, 3);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (f, "note_view")));
  gtk_text_buffer_set_text (buffer, "Sends the signed form by Friday.", -1);
  g_assert_cmpstr (hl_wrap_up_get_disposition (f->wrap_up), ==, "callback");
  g_assert_cmpstr (hl_wrap_up_get_note (f->wrap_up), ==, "Sends the signed form by Friday.");
  hl_test_screenshot_styles (GTK_WIDGET (f->window), "wrap-up-card", NULL);

  /* A rebuilt card shows them again. */
  close_card (f);
  open_card (f);
  drop_down = GTK_DROP_DOWN (child (f, "disposition_drop_down"));
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 3);
  note = note_text (f);
  g_assert_cmpstr (note, ==, "Sends the signed form by Friday.");

  /* Ctrl+Enter in the note is Done. */
  g_signal_connect (f->card, "done", G_CALLBACK (on_done), &done);
  press_ctrl_enter (child (f, "note_view"));
  g_assert_true (done);

  /* What the phone then writes: the record carries the code and the note. */
  hl_store_wrap_up_call_async (store (f), f->call_id, hl_wrap_up_get_disposition (f->wrap_up),
                               hl_wrap_up_get_note (f->wrap_up), NULL, hl_test_store_result, &result);
  g_assert_true (hl_store_wrap_up_call_finish (store (f), hl_test_wait_result (&result, 10000), &error));
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM calls WHERE id = %lld AND disposition = 'callback'"
                                            " AND wrap_up_note = 'Sends the signed form by Friday.'",
                                            (long long) f->call_id);

    g_assert_cmpint (hl_test_store_int64 (store (f), sql), ==, 1);
  }
  /* The local workspace has no server: nothing queued */
  g_assert_cmpint (hl_test_store_int64 (store (f), "SELECT count (*) FROM outbox"), ==, 0);
}

/* The team's own list --------------------------------------------------------------------------- */

static void
test_team_list (Fixture       *f,
                gconstpointer  data)
{
  const char *team[] = { "Sale", "No sale", " ", NULL };
  GtkDropDown *drop_down = GTK_DROP_DOWN (child (f, "disposition_drop_down"));
  g_autofree char *kept = NULL;
  g_autofree char *sale = NULL;

  hl_wrap_up_set_disposition (f->wrap_up, "callback");
  hl_wrap_up_card_set_wrap_up (f->card, NULL);
  hl_wrap_up_card_set_wrap_up (f->card, f->wrap_up);

  /* The list follows the setting at once; the chosen disposition stays, even if the list lost it. */
  g_settings_set_strv (f->settings, "call-dispositions", team);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (drop_down)), ==, 4);
  kept = item_label (drop_down, 1);
  sale = item_label (drop_down, 2);
  g_assert_cmpstr (kept, ==, "Callback requested");
  g_assert_cmpstr (sale, ==, "Sale");
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 1);

  gtk_drop_down_set_selected (drop_down, 2);
  g_assert_cmpstr (hl_wrap_up_get_disposition (f->wrap_up), ==, "Sale");
  gtk_drop_down_set_selected (drop_down, 0);
  g_assert_null (hl_wrap_up_get_disposition (f->wrap_up));
}

int
main (int   argc,
      char *argv[])
{
  hl_test_gtk_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/wrap-up/card", Fixture, NULL, fixture_setup, test_card, fixture_teardown);
  g_test_add ("/wrap-up/team-list", Fixture, NULL, fixture_setup, test_team_list, fixture_teardown);

  return g_test_run ();
}

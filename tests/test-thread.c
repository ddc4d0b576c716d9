/* test-thread.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "hl-attachment.h"
#include "hl-call-summary.h"
#include "hl-composer.h"
#include "hl-conversation-view.h"
#include "hl-message-row.h"
#include "hl-store-outbox.h"
#include "hl-test-gtk-utils.h"
#include "hl-query-model.h"
#include "hl-test-utils.h"
#include "hl-workspace.h"

/* The conversation thread and its composer on the demo workspace: what the rows show for chat,
 * email and phone conversations and for malformed content, and what the composer writes to the
 * store (replies, notes, drafts) and the Retry of a refused reply. */

typedef struct
{
  HlWorkspace        *workspace;
  GtkWindow          *window;
  HlConversationView *view;
} Fixture;

static void
open_view (Fixture *f)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  f->view = g_object_new (HL_TYPE_CONVERSATION_VIEW, NULL);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_set_default_size (f->window, 760, 820);
  hl_conversation_view_set_workspace (f->view, f->workspace);
  gtk_window_present (f->window);
  hl_test_wait_painted (GTK_WIDGET (f->window));
}

static void
close_view (Fixture *f)
{
  gtk_window_destroy (f->window);
  f->window = NULL;
  f->view = NULL;
  hl_test_drain ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->workspace = hl_test_open_workspace ("demo");
  open_view (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window)
    close_view (f);
  hl_store_close (hl_workspace_get_store (f->workspace));
  g_clear_object (&f->workspace);
  hl_test_drain ();
}

static HlStore *
store (Fixture *f)
{
  return hl_workspace_get_store (f->workspace);
}

static HlComposer *
composer (Fixture *f)
{
  return hl_conversation_view_get_composer (f->view);
}

static gint64
conversation (Fixture    *f,
              const char *sql)
{
  gint64 id = hl_test_store_int64 (store (f), sql);

  g_assert_cmpint (id, >, 0);
  return id;
}

static HlMessageRow *
find_row (GtkWidget *widget,
          gint64     message_id)
{
  if (HL_IS_MESSAGE_ROW (widget))
    {
      HlRecord *item = hl_record_row_get_item (HL_RECORD_ROW (widget));

      if (item && hl_record_get_id (item) == message_id)
        return HL_MESSAGE_ROW (widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      HlMessageRow *found = find_row (child, message_id);

      if (found)
        return found;
    }
  return NULL;
}

typedef struct
{
  Fixture *f;
  gint64   message_id;
} RowWait;

static gboolean
row_shown (gpointer data)
{
  RowWait *w = data;
  HlMessageRow *row = find_row (GTK_WIDGET (w->f->view), w->message_id);

  return row != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)) &&
         hl_record_get_loaded (hl_record_row_get_item (HL_RECORD_ROW (row)));
}

/* Generous: the ASan build on a busy machine is ten times slower. */
static HlMessageRow *
wait_row (Fixture *f,
          gint64   message_id)
{
  RowWait w = { f, message_id };

  hl_test_wait_until (row_shown, &w, 60000);
  return find_row (GTK_WIDGET (f->view), message_id);
}

static const char *
row_label (HlMessageRow *row,
           const char   *id)
{
  GtkWidget *label = hl_test_find_by_id (GTK_WIDGET (row), id);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
show (Fixture *f,
      gint64   conversation_id)
{
  hl_conversation_view_set_conversation_id (f->view, conversation_id);
  hl_test_wait_ms (300);
}

static void
screenshot_with (Fixture    *f,
                 const char *name,
                 GtkWidget  *popover)
{
  hl_test_screenshot_styles (GTK_WIDGET (f->window), name, popover);
}

static void
screenshot (Fixture    *f,
            const char *name)
{
  screenshot_with (f, name, NULL);
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_thread_email (Fixture       *f,
                   gconstpointer  data)
{
  gint64 conv = conversation (f, "SELECT id FROM conversations WHERE subject = 'Router replacement: delivery date?'");
  gint64 msg = hl_test_store_int64 (store (f), "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                                               " WHERE c.subject = 'Router replacement: delivery date?' AND m.kind = 'incoming'");
  HlMessageRow *row;
  const char *body;
  GtkWidget *expander;

  show (f, conv);
  row = wait_row (f, msg);

  /* The HTML as text: the link's real target beside its text, no script, no style, no image. */
  body = row_label (row, "body_label");
  g_assert_nonnull (strstr (body, "has not arrived yet"));
  g_assert_nonnull (strstr (body, "click here (https://track.example/parcel/BW-88231)"));
  g_assert_nonnull (strstr (body, "• Order: BW-88231"));
  g_assert_null (strstr (body, "alert"));
  g_assert_null (strstr (body, "color"));
  g_assert_null (strstr (body, "tracker.example"));
  g_assert_null (strstr (body, "Your new router"));

  /* The quote is folded. */
  expander = hl_test_find_by_id (GTK_WIDGET (row), "quoted_expander");
  g_assert_true (gtk_widget_get_visible (expander));
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
  /* A collapsed expander keeps its child out of the widget tree. */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gtk_expander_get_child (GTK_EXPANDER (expander)))),
                            "Your new router is on its way"));
  g_assert_nonnull (strstr (row_label (row, "email_label"), "Cc: Tom Whitfield"));

  screenshot (f, "thread-email");
}

static void
test_thread_chat_malformed (Fixture       *f,
                            gconstpointer  data)
{
  gint64 conv = conversation (f, "SELECT conversation_id FROM messages WHERE body LIKE 'مرحبا، my order%'");
  gint64 rtl = hl_test_store_int64 (store (f), "SELECT id FROM messages WHERE body LIKE 'مرحبا، my order%'");
  gint64 tags = hl_test_store_int64 (store (f), "SELECT id FROM messages WHERE body LIKE 'Z%with emoji%'");
  g_autoptr(GString) huge = g_string_new (NULL);
  HlMessageRow *row;
  GtkWidget *label;
  gint64 big;

  show (f, conv);
  row = wait_row (f, rtl);
  label = hl_test_find_by_id (GTK_WIDGET (row), "body_label");
  g_assert_cmpint (gtk_widget_get_direction (label), ==, GTK_TEXT_DIR_RTL);

  /* Text that looks like markup stays text. */
  row = wait_row (f, tags);
  g_assert_nonnull (strstr (row_label (row, "body_label"), "<b>not bold</b> &amp; <i>"));

  /* A huge message, and a note with bidi controls and markup-like text; the view follows them. */
  for (guint i = 0; i < 30000; i++)
    g_string_append (huge, "0123456789 ");
  hl_store_set_backend (store (f), NULL);
  big = hl_test_send_message (store (f), conv, huge->str, FALSE);
  hl_test_send_message (store (f), conv, "Note: <span>not markup</span> &amp; \xe2\x80\xae reversed \xe2\x80\xac done", TRUE);

  /* The huge one is cut, with a way to see all of it. */
  row = wait_row (f, big);
  g_assert_cmpuint (strlen (row_label (row, "body_label")), <, 25000);
  g_assert_true (gtk_widget_get_visible (hl_test_find_by_id (GTK_WIDGET (row), "full_button")));
  g_signal_emit_by_name (hl_test_find_by_id (GTK_WIDGET (row), "full_button"), "clicked");
  {
    GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */
    GtkWidget *full = NULL;
    GtkTextView *text;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && full == NULL; i++)
      {
        g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

        if (window != GTK_WIDGET (f->window) && GTK_IS_WINDOW (window) &&
            gtk_window_get_transient_for (GTK_WINDOW (window)) == f->window)
          full = window;
      }
    g_assert_nonnull (full);
    hl_test_wait_painted (full);
    text = GTK_TEXT_VIEW (find_type (full, GTK_TYPE_TEXT_VIEW));
    g_assert_cmpint (gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (text)), ==, huge->len - 1);  /* the last space is trimmed */
    gtk_window_destroy (GTK_WINDOW (full));
  }

  /* The customer typing shows under the thread; another conversation clears it. */
  hl_conversation_view_set_typing_name (f->view, "Sarah Whitfield");
  g_assert_true (gtk_widget_get_visible (hl_test_find_by_id (GTK_WIDGET (f->view), "typing_label")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hl_test_find_by_id (GTK_WIDGET (f->view), "typing_label"))),
                   ==, "Sarah Whitfield is typing…");

  hl_conversation_view_set_conversation_id (f->view, conv - 1);
  hl_conversation_view_set_conversation_id (f->view, conv);
  g_assert_false (gtk_widget_get_visible (hl_test_find_by_id (GTK_WIDGET (f->view), "typing_label")));

  hl_conversation_view_set_typing_name (f->view, "Sarah Whitfield");
  hl_test_wait_ms (300);
  screenshot (f, "thread-chat");
}

static void
test_thread_phone (Fixture       *f,
                   gconstpointer  data)
{
  gint64 conv = conversation (f, "SELECT conversation_id FROM calls WHERE conversation_id IS NOT NULL"
                                 " AND result = 'answered' AND mos > 0 ORDER BY started_at DESC LIMIT 1");
  g_autofree char *wav = g_build_filename (g_get_user_data_dir (), "call.wav", NULL);
  g_autofree char *unused = NULL;
  g_autoptr(GByteArray) wave = g_byte_array_new ();
  GtkWidget *summary;
  guint32 rate = 8000, bytes = 8000 * 2;

  /* A second of silence, 8 kHz 16-bit mono, as the recorder writes it. */
  g_byte_array_append (wave, (guint8 *) "RIFF", 4);
  { guint32 v = GUINT32_TO_LE (36 + bytes); g_byte_array_append (wave, (guint8 *) &v, 4); }
  g_byte_array_append (wave, (guint8 *) "WAVEfmt ", 8);
  {
    guint32 fmt_size = GUINT32_TO_LE (16), byte_rate = GUINT32_TO_LE (rate * 2), rate_le = GUINT32_TO_LE (rate);
    guint16 pcm = GUINT16_TO_LE (1), channels = GUINT16_TO_LE (1), align = GUINT16_TO_LE (2), bits = GUINT16_TO_LE (16);
    guint32 size = GUINT32_TO_LE (bytes);

    g_byte_array_append (wave, (guint8 *) &fmt_size, 4);
    g_byte_array_append (wave, (guint8 *) &pcm, 2);
    g_byte_array_append (wave, (guint8 *) &channels, 2);
    g_byte_array_append (wave, (guint8 *) &rate_le, 4);
    g_byte_array_append (wave, (guint8 *) &byte_rate, 4);
    g_byte_array_append (wave, (guint8 *) &align, 2);
    g_byte_array_append (wave, (guint8 *) &bits, 2);
    g_byte_array_append (wave, (guint8 *) "data", 4);
    g_byte_array_append (wave, (guint8 *) &size, 4);
  }
  g_byte_array_set_size (wave, wave->len + bytes);
  memset (wave->data + wave->len - bytes, 0, bytes);
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_assert_true (g_file_set_contents (wav, (const char *) wave->data, wave->len, NULL));
  unused = hl_test_query (store (f), "UPDATE calls SET recording_path = '%s' WHERE conversation_id = %" G_GINT64_FORMAT,
                          wav, conv);

  show (f, conv);
  hl_test_wait_ms (300);

  /* The call shows with the thread: direction, result and length, quality, and its recording. */
  summary = find_type (GTK_WIDGET (f->view), HL_TYPE_CALL_SUMMARY);
  g_assert_nonnull (summary);
  g_assert_true (gtk_widget_get_mapped (summary));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (hl_test_find_by_id (summary, "title_label"))), "call · Answered · "));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (hl_test_find_by_id (summary, "quality_label"))), "MOS "));
  g_assert_true (gtk_widget_get_visible (hl_test_find_by_id (summary, "media_controls")));
  g_assert_nonnull (gtk_media_controls_get_media_stream (GTK_MEDIA_CONTROLS (hl_test_find_by_id (summary, "media_controls"))));

  screenshot (f, "thread-phone");
}

static void
type_text (Fixture    *f,
           const char *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (hl_test_find_by_id (GTK_WIDGET (composer (f)), "text_view"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  gtk_widget_grab_focus (GTK_WIDGET (view));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    gtk_text_buffer_insert_at_cursor (buffer, p, g_utf8_next_char (p) - p);
  hl_test_drain ();
}

/* Presses a key as the text view's key controller sees it (capture phase, before the view). */
static gboolean
press_key (Fixture         *f,
           guint            keyval,
           GdkModifierType  state)
{
  GtkWidget *text_view = hl_test_find_by_id (GTK_WIDGET (composer (f)), "text_view");
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (text_view);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
    }
  hl_test_drain ();
  return handled;
}

static void
test_composer_canned (Fixture       *f,
                      gconstpointer  data)
{
  gint64 conv = conversation (f, "SELECT conversation_id FROM messages WHERE body LIKE 'مرحبا، my order%'");
  GtkWidget *text_view;
  GtkWidget *popover;
  GtkListBox *list;
  g_autofree char *text = NULL;

  show (f, conv);
  type_text (f, "Hi! /re");

  text_view = hl_test_find_by_id (GTK_WIDGET (composer (f)), "text_view");
  popover = find_type (text_view, GTK_TYPE_POPOVER);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  list = GTK_LIST_BOX (find_type (popover, GTK_TYPE_LIST_BOX));

  /* "/re" matches refund and reset, in order. */
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));
  g_assert_null (gtk_list_box_get_row_at_index (list, 2));

  type_text (f, "f");
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));
  hl_test_wait_ms (200);
  hl_test_wait_painted (popover);
  screenshot_with (f, "composer-canned", popover);

  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_selected_row (list));
  text = hl_composer_get_text (composer (f));
  g_assert_cmpstr (text, ==, "Hi! I've issued a refund for the duplicate charge. It will be back on your card within 3 to 5 working days.");
  g_assert_false (gtk_widget_get_visible (popover));

  /* From the keyboard: arrows move, Tab (or Enter) inserts, Escape closes. */
  type_text (f, " /");
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list)), ==, 0);
  g_assert_true (press_key (f, GDK_KEY_Down, 0));
  g_assert_true (press_key (f, GDK_KEY_Down, 0));
  g_assert_true (press_key (f, GDK_KEY_Up, 0));
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list)), ==, 1);
  g_assert_true (press_key (f, GDK_KEY_Tab, 0));
  g_assert_false (gtk_widget_get_visible (popover));
  g_clear_pointer (&text, g_free);
  text = hl_composer_get_text (composer (f));
  g_assert_true (g_str_has_suffix (text, " There is a known outage in your area. Our engineers are on it and we expect service back by this evening."));
  type_text (f, " /th");
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_true (press_key (f, GDK_KEY_Escape, 0));
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_false (press_key (f, GDK_KEY_Return, 0));  /* a plain Enter is a new line */

  /* A slash inside a word (a date, a URL) is not a shortcut. */
  type_text (f, " 12/re");
  g_assert_false (gtk_widget_get_visible (popover));
}

static gboolean
query_is (Fixture    *f,
          const char *sql,
          const char *want)
{
  g_autofree char *got = hl_test_query (store (f), "%s", sql);

  return g_strcmp0 (got, want) == 0;
}

typedef struct
{
  Fixture    *f;
  const char *sql;
  const char *want;
} QueryWait;

static gboolean
query_matches (gpointer data)
{
  QueryWait *w = data;

  return query_is (w->f, w->sql, w->want);
}

static void
wait_query (Fixture    *f,
            const char *sql,
            const char *want)
{
  QueryWait w = { f, sql, want };
  g_autofree char *got = NULL;

  hl_test_wait_until (query_matches, &w, 30000);
  got = hl_test_query (store (f), "%s", sql);
  g_assert_cmpstr (got, ==, want);
}

static void
test_composer_send (Fixture       *f,
                    gconstpointer  data)
{
  gint64 conv = conversation (f, "SELECT conversation_id FROM messages WHERE body LIKE 'مرحبا، my order%'");
  g_autofree char *text = NULL;

  hl_store_set_backend (store (f), "chatwoot");
  show (f, conv);

  type_text (f, "Your parcel is with the courier.");
  g_assert_true (press_key (f, GDK_KEY_Return, GDK_CONTROL_MASK));
  wait_query (f, "SELECT m.kind, m.delivery, o.operation FROM messages m JOIN outbox o ON o.target_id = m.id"
                 " WHERE m.body = 'Your parcel is with the courier.'",
              "outgoing pending message.send");
  text = hl_composer_get_text (composer (f));
  g_assert_cmpstr (text, ==, "");

  /* The note mode: the same path, a note row. */
  gtk_widget_activate_action (GTK_WIDGET (composer (f)), "composer.mode", "s", "note");
  g_assert_true (hl_composer_get_note (composer (f)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (composer (f)), "note"));
  type_text (f, "Courier ticket CR-5512.");
  screenshot (f, "composer-note");
  gtk_widget_activate_action (GTK_WIDGET (composer (f)), "composer.mode", "s", "note");
  gtk_widget_activate_action (GTK_WIDGET (composer (f)), "composer.send", NULL);
  wait_query (f, "SELECT m.kind, m.delivery FROM messages m WHERE m.body = 'Courier ticket CR-5512.'", "note pending");

  /* The pending reply's bubble shows it. */
  {
    gint64 id = hl_test_store_int64 (store (f), "SELECT id FROM messages WHERE body = 'Your parcel is with the courier.'");
    HlMessageRow *row = wait_row (f, id);

    g_assert_cmpstr (row_label (row, "delivery_label"), ==, "Sending…");
    g_assert_true (gtk_widget_get_visible (hl_test_find_by_id (GTK_WIDGET (row), "delivery_icon")));
  }

  /* Ctrl+Enter is what sends from the keyboard; the focus helpers put the composer in its mode. */
  hl_conversation_view_focus_composer (f->view, FALSE);
  g_assert_false (hl_composer_get_note (composer (f)));
  hl_conversation_view_focus_composer (f->view, TRUE);
  g_assert_true (hl_composer_get_note (composer (f)));
}

static void
test_composer_drafts (Fixture       *f,
                      gconstpointer  data)
{
  gint64 a = conversation (f, "SELECT conversation_id FROM messages WHERE body LIKE 'مرحبا، my order%'");
  gint64 b = conversation (f, "SELECT id FROM conversations WHERE subject = 'Router replacement: delivery date?'");
  g_autofree char *sql_a = g_strdup_printf ("SELECT mode, body FROM drafts WHERE conversation_id = %" G_GINT64_FORMAT, a);
  g_autofree char *sql_b = g_strdup_printf ("SELECT mode, body FROM drafts WHERE conversation_id = %" G_GINT64_FORMAT, b);
  g_autofree char *text = NULL;

  show (f, a);
  type_text (f, "half a reply");

  /* Switching saves at once. */
  show (f, b);
  wait_query (f, sql_a, "reply half a reply");
  text = hl_composer_get_text (composer (f));
  g_assert_cmpstr (text, ==, "");

  /* Typing saves after a pause. */
  gtk_widget_activate_action (GTK_WIDGET (composer (f)), "composer.mode", "s", "note");
  type_text (f, "check the courier");
  hl_test_wait_ms (800);
  g_assert_true (query_is (f, sql_b, "note check the courier"));

  show (f, a);
  g_clear_pointer (&text, g_free);
  text = hl_composer_get_text (composer (f));
  g_assert_cmpstr (text, ==, "half a reply");
  g_assert_false (hl_composer_get_note (composer (f)));

  /* A new window on a reopened store brings the draft back, in its mode. */
  close_view (f);
  hl_store_close (store (f));
  g_clear_object (&f->workspace);
  f->workspace = hl_test_open_workspace ("demo");
  open_view (f);
  show (f, b);
  g_clear_pointer (&text, g_free);
  text = hl_composer_get_text (composer (f));
  g_assert_cmpstr (text, ==, "check the courier");
  g_assert_true (hl_composer_get_note (composer (f)));

  /* Closing the window keeps what was typed a moment before. */
  type_text (f, " today");
  close_view (f);
  wait_query (f, sql_b, "note check the courier today");
  open_view (f);
  show (f, b);

  /* Sent: the draft is gone. */
  gtk_widget_activate_action (GTK_WIDGET (composer (f)), "composer.send", NULL);
  wait_query (f, sql_b, "");
}

static void
test_thread_retry (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const ops[] = { "message.send", NULL };
  gint64 conv = conversation (f, "SELECT conversation_id FROM messages WHERE body LIKE 'مرحبا، my order%'");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HlOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  HlMessageRow *row;
  GtkWidget *failed;
  gint64 msg;

  hl_store_set_backend (store (f), "chatwoot");
  msg = hl_test_send_message (store (f), conv, "This one will be refused.", FALSE);

  /* The sender took it and the server said no. */
  hl_store_outbox_take_async (store (f), "chatwoot", ops, NULL, hl_test_store_result, &result);
  entry = hl_store_outbox_take_finish (store (f), hl_test_wait_result (&result, 5000), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->target_id, ==, msg);
  g_clear_object (&result);
  hl_store_outbox_fail_async (store (f), entry->id, "The conversation is locked", NULL, hl_test_store_result, &result);
  g_assert_true (hl_store_outbox_finish (store (f), hl_test_wait_result (&result, 5000), &error));
  g_assert_no_error (error);

  show (f, conv);
  row = wait_row (f, msg);
  failed = hl_test_find_by_id (GTK_WIDGET (row), "failed_box");
  g_assert_true (gtk_widget_get_visible (failed));
  g_assert_cmpstr (row_label (row, "error_label"), ==, "Not sent: The conversation is locked");
  screenshot (f, "thread-failed");

  /* The list may have rebound its rows while it was drawn twice: find the bubble again. */
  row = wait_row (f, msg);
  failed = hl_test_find_by_id (GTK_WIDGET (row), "failed_box");
  g_signal_emit_by_name (hl_test_find_by_id (GTK_WIDGET (row), "retry_button"), "clicked");
  sql = g_strdup_printf ("SELECT m.delivery, o.state FROM messages m JOIN outbox o ON o.target_id = m.id"
                         " WHERE m.id = %" G_GINT64_FORMAT, msg);
  wait_query (f, sql, "pending pending");
  hl_test_wait_ms (200);
  g_assert_false (gtk_widget_get_visible (failed));
}

static gboolean
chips_sized (gpointer data)
{
  GtkWidget *flow = hl_test_find_by_id (data, "attachments_flow");
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (flow); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = find_type (child, GTK_TYPE_LABEL);

      if (strstr (gtk_label_get_text (GTK_LABEL (label)), "(") == NULL)
        return FALSE;
      n++;
    }
  return n > 0;
}

static void
test_composer_attachments (Fixture       *f,
                           gconstpointer  data)
{
  gint64 conv = conversation (f, "SELECT conversation_id FROM messages WHERE body LIKE 'مرحبا، my order%'");
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "photo of the router.txt", NULL);
  g_autofree char *other = g_build_filename (g_get_user_data_dir (), "other.txt", NULL);
  g_autofree char *copy = g_build_filename (g_get_user_data_dir (), "saved.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) other_file = g_file_new_for_path (other);
  g_autoptr(GFile) folder = g_file_new_for_path (g_get_user_data_dir ());
  g_autoptr(GFile) copy_file = g_file_new_for_path (copy);
  g_autofree char *json = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GtkWidget *flow = hl_test_find_by_id (GTK_WIDGET (composer (f)), "attachments_flow");
  HlMessageRow *row;
  GtkWidget *remove;
  gint64 msg;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_assert_true (g_file_set_contents (path, "LOS red since Monday", -1, NULL));
  g_assert_true (g_file_set_contents (other, "x", -1, NULL));
  hl_store_set_backend (store (f), "chatwoot");
  show (f, conv);

  /* A folder can't be attached; two files can, and one is taken off again. */
  hl_composer_add_file (composer (f), file);
  hl_composer_add_file (composer (f), other_file);
  g_test_expect_message ("HlComposer", G_LOG_LEVEL_WARNING, "*Cannot attach*");
  hl_composer_add_file (composer (f), folder);
  hl_test_wait_until (chips_sized, composer (f), 5000);
  g_test_assert_expected_messages ();
  g_assert_true (gtk_widget_get_visible (flow));
  remove = find_type (gtk_widget_get_last_child (flow), GTK_TYPE_BUTTON);
  g_signal_emit_by_name (remove, "clicked");
  g_assert_nonnull (gtk_widget_get_first_child (flow));
  g_assert_null (gtk_widget_get_next_sibling (gtk_widget_get_first_child (flow)));
  screenshot (f, "composer-attachment");

  /* Sent with no text: the row keeps the file as pending, for the outbox to upload. */
  gtk_widget_activate_action (GTK_WIDGET (composer (f)), "composer.send", NULL);
  wait_query (f, "SELECT count (*) FROM messages WHERE attachments LIKE '%photo of the router%'", "1");
  g_assert_false (gtk_widget_get_visible (flow));
  msg = hl_test_store_int64 (store (f), "SELECT id FROM messages WHERE attachments LIKE '%photo of the router%'");
  json = hl_test_query (store (f), "SELECT attachments FROM messages WHERE id = %" G_GINT64_FORMAT, msg);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  {
    JsonObject *att = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (att, "local_path"), ==, path);
    g_assert_cmpstr (json_object_get_string_member (att, "state"), ==, "pending");
    g_assert_cmpint (json_object_get_int_member (att, "file_size"), ==, 20);
    g_assert_true (hl_attachment_is_pending (att));

    /* The bubble lists it, not uploaded yet, and Download copies it. */
    row = wait_row (f, msg);
    g_assert_true (gtk_widget_get_visible (hl_test_find_by_id (GTK_WIDGET (row), "attachments_box")));
    hl_attachment_save_async (att, copy_file, NULL, hl_test_store_result, &result);
    g_assert_true (hl_attachment_save_finish (hl_test_wait_result (&result, 5000), &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (copy, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "LOS red since Monday");
  }
  {
    GtkWidget *box = gtk_widget_get_first_child (hl_test_find_by_id (GTK_WIDGET (row), "attachments_box"));
    g_autoptr(GString) texts = g_string_new (NULL);

    for (GtkWidget *c = gtk_widget_get_first_child (box); c; c = gtk_widget_get_next_sibling (c))
      if (GTK_IS_LABEL (c))
        g_string_append_printf (texts, "%s|", gtk_label_get_text (GTK_LABEL (c)));
    g_assert_cmpstr (texts->str, ==, "photo of the router.txt|20 bytes · not uploaded yet|");
  }
  hl_test_wait_ms (200);
  screenshot (f, "thread-attachment");
}

typedef struct
{
  GListModel *model;
  guint       n;
  GtkWidget  *list;
} Grown;

static gboolean
model_has (gpointer data)
{
  Grown *g = data;

  return g_list_model_get_n_items (g->model) == g->n;
}

static gboolean
list_shows_all (gpointer data)
{
  Grown *g = data;
  GtkListView *list = GTK_LIST_VIEW (g->list);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))) ==
         g_list_model_get_n_items (g->model);
}

static gboolean
all_loaded (gpointer data)
{
  Grown *g = data;

  for (guint i = 0; i < g_list_model_get_n_items (g->model); i++)
    {
      g_autoptr(HlRecord) record = g_list_model_get_item (g->model, i);

      if (!hl_record_get_loaded (record))
        return FALSE;
    }
  return TRUE;
}

/* Scrolls the thread to its top and waits for a page of older messages, for the list to show all
 * of it (a row a frame; on a slow run some rows show before their records are read) and for its
 * records. With @anchored, the page is the one this scroll asks for, and it comes in above: the
 * message that was at the top stays where it was, at the top of the view, and the view is no
 * longer at the top of the list. (A thread shorter than two screens may have asked for its page
 * while it opened.) */
static void
page_up (Fixture    *f,
         GListModel *messages,
         gboolean    anchored)
{
  GtkWidget *scroller = hl_test_find_by_id (GTK_WIDGET (f->view), "scroller");
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  Grown grown = { messages, g_list_model_get_n_items (messages),
                  hl_test_find_by_id (GTK_WIDGET (f->view), "messages_view") };
  gint64 top = hl_query_model_get_id (HL_QUERY_MODEL (messages), 0);
  graphene_rect_t before, after;
  HlMessageRow *row;

  hl_test_wait_painted (GTK_WIDGET (f->view));
  gtk_adjustment_set_value (adj, 0);
  hl_test_wait_painted (GTK_WIDGET (f->view));
  row = find_row (GTK_WIDGET (f->view), top);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (row), scroller, &before));

  hl_test_wait_more_items (grown.model, grown.n, 10000);
  hl_test_wait_until (list_shows_all, &grown, 10000);
  hl_test_wait_until (all_loaded, &grown, 10000);
  hl_test_wait_painted (GTK_WIDGET (f->view));

  row = find_row (GTK_WIDGET (f->view), top);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (row), scroller, &after));
  g_test_message ("Message %" G_GINT64_FORMAT " at y %.0f before the page, %.0f after; scrolled %.0f of %.0f px",
                  top, before.origin.y, after.origin.y, gtk_adjustment_get_value (adj), gtk_adjustment_get_upper (adj));
  if (!anchored)
    return;
  g_assert_cmpfloat (after.origin.y, <, gtk_widget_get_height (scroller));
  g_assert_cmpfloat (after.origin.y + after.size.height, >, 0);
  g_assert_cmpfloat (fabs (after.origin.y - before.origin.y), <, 1);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, 0);
}

/* A thread of 5,000 messages opens at its newest ones without reading the rest, keeps its window
 * when a message arrives, and pages older messages in as the agent scrolls up. */
static void
test_thread_long (Fixture       *f,
                  gconstpointer  data)
{
  gint64 conv = conversation (f, "SELECT id FROM conversations WHERE subject = 'Router replacement: delivery date?'");
  g_autofree char *unused = NULL;
  GListModel *messages;
  gint64 first, last, start, total;
  guint rows = 0;

  unused = hl_test_query (store (f),
                          "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
                          " INSERT INTO messages (conversation_id, kind, body, created_at, delivery)"
                          " SELECT %" G_GINT64_FORMAT ", CASE i %% 3 WHEN 0 THEN 'outgoing' ELSE 'incoming' END,"
                          "        'Message ' || i || ': ' || substr ('Lorem ipsum dolor sit amet, consectetur adipiscing elit. ', 1, 20 + i %% 40),"
                          "        strftime ('%%s', 'now') - 5000 + i, 'read'"
                          " FROM n",
                          conv);
  last = hl_test_store_int64 (store (f), "SELECT max (id) FROM messages");
  g_assert_cmpint (hl_test_store_int64 (store (f), "SELECT count (*) FROM messages WHERE body LIKE 'Message %'"), ==, 5000);

  start = g_get_monotonic_time ();
  hl_conversation_view_set_conversation_id (f->view, conv);
  wait_row (f, last);
  g_test_message ("Opened a thread of 5,001 messages at its newest in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  messages = hl_conversation_view_get_messages (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 30);

  /* The list view keeps a few screens of rows, not 5,000. */
  for (GtkWidget *w = gtk_widget_get_first_child (hl_test_find_by_id (GTK_WIDGET (f->view), "messages_view"));
       w; w = gtk_widget_get_next_sibling (w))
    rows++;
  g_test_message ("%u row widgets", rows);
  g_assert_cmpuint (rows, <, 300);
  screenshot (f, "thread-long");

  /* A new message adds a row; the oldest one shown stays. */
  last = hl_test_send_message (store (f), conv, "One more", FALSE);
  hl_test_wait_more_items (messages, 30, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 31);
  wait_row (f, last);

  /* Scrolling up reads older messages, 50 at a time. */
  for (guint i = 0; i < 3; i++)
    page_up (f, messages, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 31 + 3 * 50);
  g_free (unused);
  unused = hl_test_query (store (f), "SELECT id FROM messages WHERE conversation_id = %" G_GINT64_FORMAT
                                     " ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET 180", conv);
  g_assert_cmpint (hl_query_model_get_id (HL_QUERY_MODEL (messages), 0), ==, g_ascii_strtoll (unused, NULL, 10));

  /* A shorter thread: a page asks for more than there is, and the whole thread is in. */
  conv = conversation (f, "SELECT id FROM conversations WHERE channel = 'chat' ORDER BY id LIMIT 1");
  g_free (unused);
  unused = hl_test_query (store (f),
                          "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)"
                          " INSERT INTO messages (conversation_id, kind, body, created_at, delivery)"
                          " SELECT %" G_GINT64_FORMAT ", 'incoming', 'Earlier message ' || i, 1000 + i, 'read' FROM n",
                          conv);
  g_free (unused);
  unused = hl_test_query (store (f), "SELECT id FROM messages WHERE conversation_id = %" G_GINT64_FORMAT
                                     " ORDER BY created_at, id LIMIT 1", conv);
  first = g_ascii_strtoll (unused, NULL, 10);
  g_free (unused);
  unused = hl_test_query (store (f), "SELECT count (*) FROM messages WHERE conversation_id = %" G_GINT64_FORMAT, conv);
  total = g_ascii_strtoll (unused, NULL, 10);
  g_assert_cmpint (total, >, 30);
  g_assert_cmpint (total, <, 30 + 50);
  hl_conversation_view_set_conversation_id (f->view, conv);
  hl_test_wait_until (model_has, &(Grown) { messages, 30 }, 10000);
  page_up (f, messages, FALSE);
  g_assert_cmpint (g_list_model_get_n_items (messages), ==, total);
  g_assert_cmpint (hl_query_model_get_id (HL_QUERY_MODEL (messages), 0), ==, first);
}

static void
serve_file (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  if (g_str_equal (path, "/files/report%20final.pdf") || g_str_equal (path, "/files/report final.pdf"))
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/pdf", SOUP_MEMORY_STATIC, "%PDF-", 5);
    }
  else
    soup_server_message_set_status (message, 404, NULL);
}

/* A server's attachment: named from its URL, downloaded on Download; a missing one says so. */
static void
test_attachment_download (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autofree char *dest_path = g_build_filename (g_get_user_data_dir (), "download.pdf", NULL);
  g_autoptr(GFile) dest = g_file_new_for_path (dest_path);
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  GSList *uris;
  JsonObject *att;
  guint port;

  soup_server_add_handler (server, NULL, serve_file, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);

  json = g_strdup_printf ("{\"id\": 7, \"data_url\": \"http://127.0.0.1:%u/files/report%%20final.pdf\", \"file_size\": 5}", port);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  att = json_node_get_object (json_parser_get_root (parser));
  name = hl_attachment_get_name (att);
  g_assert_cmpstr (name, ==, "report final.pdf");
  g_assert_false (hl_attachment_is_pending (att));

  hl_attachment_save_async (att, dest, NULL, hl_test_store_result, &result);
  g_assert_true (hl_attachment_save_finish (hl_test_wait_result (&result, 5000), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "%PDF-");

  g_clear_pointer (&json, g_free);
  g_clear_object (&result);
  json = g_strdup_printf ("{\"data_url\": \"http://127.0.0.1:%u/files/gone.pdf\"}", port);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  att = json_node_get_object (json_parser_get_root (parser));
  hl_attachment_save_async (att, dest, NULL, hl_test_store_result, &result);
  g_assert_false (hl_attachment_save_finish (hl_test_wait_result (&result, 5000), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "The server did not give the file (HTTP 404).");
}

int
main (int   argc,
      char *argv[])
{
  hl_test_gtk_init ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_PATH "/icons");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/thread/email", test_thread_email);
  ADD ("/thread/chat-malformed", test_thread_chat_malformed);
  ADD ("/thread/phone", test_thread_phone);
  ADD ("/thread/retry", test_thread_retry);
  ADD ("/thread/long", test_thread_long);
  ADD ("/composer/canned", test_composer_canned);
  ADD ("/composer/send", test_composer_send);
  ADD ("/composer/drafts", test_composer_drafts);
  ADD ("/composer/attachments", test_composer_attachments);
#undef ADD
  g_test_add_func ("/attachment/download", test_attachment_download);

  return g_test_run ();
}

/* test-inbox.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>

#include "hl-application.h"
#include "hl-conversation.h"
#include "hl-inbox-page.h"
#include "hl-query-model.h"
#include "hl-record-row.h"
#include "hl-snooze-dialog.h"
#include "hl-store-edits.h"
#include "hl-test-gtk-utils.h"
#include "hl-test-utils.h"
#include "hl-window.h"
#include "hl-workspace.h"

/* The unified inbox on the demo workspace: views and their counts, filters, sort, the actions on a
 * conversation (checked in the store) and moving through the list. */

typedef struct
{
  HlApplication *app;
  HlWindow      *window;
  HlInboxPage   *page;
  HlStore       *store;
  gint64         me;
} Fixture;

static gboolean
window_ready (gpointer data)
{
  HlWindow *window = hl_application_get_window (data);

  return window != NULL && hl_window_get_ready (window);
}

static gboolean
counted (gpointer data)
{
  return hl_inbox_page_get_count (data, HL_INBOX_VIEW_ALL) > 0;
}

/* One application and demo workspace for all the tests (opening one costs seconds, many under
 * AddressSanitizer); each test starts from the same page state and picks its conversations by
 * querying the store. */
static Fixture shared;

static void
open_shared (void)
{
  g_autofree char *id = g_strdup_printf ("%s.InboxTest", APP_ID);
  g_autoptr(GError) error = NULL;

  shared.app = hl_application_new (id, G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (shared.app), NULL, &error));
  g_assert_no_error (error);

  g_action_group_activate_action (G_ACTION_GROUP (shared.app), "open-workspace", g_variant_new_string ("demo"));
  hl_test_wait_until (window_ready, shared.app, 60000);

  shared.window = hl_application_get_window (shared.app);
  gtk_window_set_default_size (GTK_WINDOW (shared.window), 1280, 800);
  shared.page = HL_INBOX_PAGE (hl_test_find_by_id (GTK_WIDGET (shared.window), "inbox_page"));
  shared.store = hl_workspace_get_store (hl_window_get_workspace (shared.window));
  shared.me = hl_workspace_get_me_id (hl_window_get_workspace (shared.window));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  if (shared.app == NULL)
    open_shared ();
  *f = shared;

  gtk_window_present (GTK_WINDOW (f->window));
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "show-page", g_variant_new_string ("inbox"));
  g_object_set (f->page, "view", "all", "sort", "activity", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "inbox.clear-filters", NULL);
  hl_test_wait_painted (GTK_WIDGET (f->window));
  hl_test_wait_until (counted, f->page, 30000);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
close_shared (void)
{
  if (shared.app == NULL)
    return;

  gtk_window_destroy (GTK_WINDOW (shared.window));
  hl_test_drain ();
  g_clear_object (&shared.app);
}

static gint64
count (Fixture    *f,
       const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM conversations c WHERE %s", where);

  return hl_test_store_int64 (f->store, sql);
}

typedef struct
{
  Fixture *f;
  guint    n;
} ListWait;

static gboolean
list_has (gpointer data)
{
  ListWait *wait = data;
  GListModel *model = hl_inbox_page_get_model (wait->f->page);

  return g_list_model_get_n_items (model) == wait->n &&
         hl_inbox_page_get_count (wait->f->page, HL_INBOX_VIEW_ALL) == wait->n;
}

static void
wait_list (Fixture *f,
           gint64   n)
{
  ListWait wait = { f, (guint) n };

  hl_test_wait_until (list_has, &wait, 10000);
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *param)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->page), action, param));
  hl_test_drain ();
}

static void
test_inbox_views_filters (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *me_where = g_strdup_printf ("c.status != 'resolved' AND c.assignee_id = %" G_GINT64_FORMAT, f->me);
  GtkWidget *chips_row = hl_test_find_by_id (GTK_WIDGET (f->page), "chips_row");
  g_autoptr(HlConversation) first = NULL;
  gint64 all = count (f, "c.status != 'resolved'");
  gint64 phones;
  g_autofree char *shot = NULL;

  /* The counts of the three views, in one pass, match the store. */
  wait_list (f, all);
  g_assert_cmpuint (hl_inbox_page_get_count (f->page, HL_INBOX_VIEW_MINE), ==, count (f, me_where));
  g_assert_cmpuint (hl_inbox_page_get_count (f->page, HL_INBOX_VIEW_UNASSIGNED), ==,
                    count (f, "c.status != 'resolved' AND c.assignee_id IS NULL"));
  g_assert_false (gtk_widget_get_visible (chips_row));

  activate (f, "inbox.view", g_variant_new_string ("unassigned"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (hl_test_find_by_id (GTK_WIDGET (f->page), "all_button"))),
                   !=, NULL);

  /* A channel filter: the list and every count follow, a chip shows it. */
  activate (f, "inbox.view", g_variant_new_string ("all"));
  activate (f, "filter.channel-0", NULL);
  phones = count (f, "c.status != 'resolved' AND c.channel = 'phone'");
  g_assert_cmpint (phones, >, 0);
  g_assert_cmpint (phones, <, all);
  wait_list (f, phones);
  g_assert_true (gtk_widget_get_visible (chips_row));

  /* Status "snoozed" and "resolved" instead of the default unresolved ones, high and urgent only. */
  activate (f, "filter.status-3", NULL);
  activate (f, "filter.priority-3", NULL);
  activate (f, "filter.priority-4", NULL);
  wait_list (f, count (f, "c.status = 'resolved' AND c.channel = 'phone' AND c.priority >= 3"));

  /* Sort by priority: the first row is the most urgent. */
  activate (f, "filter.status-3", NULL);
  activate (f, "filter.priority-3", NULL);
  activate (f, "filter.priority-4", NULL);
  wait_list (f, phones);
  activate (f, "inbox.sort", g_variant_new_string ("priority"));
  hl_test_wait_ms (300);
  hl_test_drain ();
  first = g_list_model_get_item (hl_inbox_page_get_model (f->page), 0);
  g_assert_cmpint (hl_record_get_id (HL_RECORD (first)), ==,
                   hl_test_store_int64 (f->store, "SELECT id FROM conversations WHERE status != 'resolved'"
                                                  " AND channel = 'phone' ORDER BY priority DESC,"
                                                  " last_activity_at DESC, id DESC LIMIT 1"));

  /* Pictures of the filtered list in both styles. */
  hl_test_wait_ms (400);
  hl_test_wait_painted (GTK_WIDGET (f->window));
  shot = hl_test_save_screenshot (GTK_WIDGET (f->window), "inbox-filters-light");
  g_test_message ("Screenshot: %s", shot);
  g_clear_pointer (&shot, g_free);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  hl_test_wait_ms (300);
  hl_test_wait_painted (GTK_WIDGET (f->window));
  shot = hl_test_save_screenshot (GTK_WIDGET (f->window), "inbox-filters-dark");
  g_test_message ("Screenshot: %s", shot);

  /* The filter menu: the sort, then a submenu per kind of filter. */
  {
    GtkMenuButton *button = GTK_MENU_BUTTON (hl_test_find_by_id (GTK_WIDGET (f->page), "filter_button"));
    GtkPopover *popover = gtk_menu_button_get_popover (button);
    g_autofree char *menu_shot = NULL;

    gtk_menu_button_popup (button);
    hl_test_wait_ms (300);
    hl_test_wait_painted (GTK_WIDGET (popover));
    menu_shot = hl_test_save_screenshot (GTK_WIDGET (popover), "inbox-filter-menu-dark");
    g_test_message ("Screenshot: %s", menu_shot);
    gtk_menu_button_popdown (button);
  }

  /* Clear Filters brings every unresolved conversation back. */
  activate (f, "inbox.clear-filters", NULL);
  wait_list (f, all);
  g_assert_false (gtk_widget_get_visible (chips_row));
}

typedef struct
{
  Fixture    *f;
  gint64      id;
  const char *column;
  const char *expected;
} RowWait;

static gboolean
row_is (gpointer data)
{
  RowWait *wait = data;
  g_autofree char *value = hl_test_query (wait->f->store, "SELECT coalesce (%s, '') FROM conversations WHERE id = %"
                                          G_GINT64_FORMAT, wait->column, wait->id);

  return g_strcmp0 (value, wait->expected) == 0;
}

static void
assert_row (Fixture    *f,
            gint64      id,
            const char *column,
            const char *expected)
{
  RowWait wait = { f, id, column, expected };

  g_test_message ("Waiting for %s = %s", column, expected);
  hl_test_wait_until (row_is, &wait, 5000);
  g_assert_true (row_is (&wait));
}

typedef struct
{
  Fixture              *f;
  HlConversationStatus  status;
} StatusWait;

static gboolean
current_status_is (gpointer data)
{
  StatusWait *wait = data;
  HlConversation *current = hl_inbox_page_get_current (wait->f->page);

  return current && hl_record_get_loaded (HL_RECORD (current)) && hl_conversation_get_status (current) == wait->status;
}

/* The store has it, and so has the page's conversation, which enables the next actions. */
static void
assert_status (Fixture              *f,
               gint64                id,
               HlConversationStatus  status)
{
  StatusWait wait = { f, status };
  const char *nicks[] = { "open", "pending", "snoozed", "resolved" };

  assert_row (f, id, "status", nicks[status]);
  hl_test_wait_until (current_status_is, &wait, 5000);
}

static gboolean
action_enabled (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_visible (hl_test_find_by_id (GTK_WIDGET (f->page), "actions_bar"));
}

static void
on_compose (HlInboxPage *page,
            gboolean     note,
            int         *seen)
{
  *seen = note ? 2 : 1;
}


/* Buttons under @root whose action starts with @action. */
static guint
count_buttons (GtkWidget  *root,
               const char *action)
{
  guint n = 0;

  if (GTK_IS_BUTTON (root) && gtk_actionable_get_action_name (GTK_ACTIONABLE (root)) &&
      g_str_has_prefix (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action))
    n++;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    n += count_buttons (c, action);
  return n;
}

static gboolean
status_button_reads (gpointer button)
{
  return g_strcmp0 (gtk_button_get_label (button), "Re_open") == 0;
}
static void
test_inbox_actions (Fixture       *f,
                    gconstpointer  data)
{
  gint64 id = hl_test_store_int64 (f->store, "SELECT id FROM conversations WHERE status = 'open' AND assignee_id IS NULL"
                                             " AND contact_id IS NOT NULL ORDER BY id LIMIT 1");
  gint64 other = hl_test_store_int64 (f->store, "SELECT id FROM agents WHERE is_me = 0 ORDER BY id LIMIT 1");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *me = g_strdup_printf ("%" G_GINT64_FORMAT, f->me);
  g_autofree char *other_text = g_strdup_printf ("%" G_GINT64_FORMAT, other);
  g_autofree char *tomorrow = g_strdup_printf ("%" G_GINT64_FORMAT, hl_inbox_snooze_until ("tomorrow", now));
  g_autofree char *label = hl_test_query (f->store, "SELECT label FROM conversation_labels ORDER BY label LIMIT 1");
  g_autofree char *contact = NULL;
  int compose = 0;

  g_assert_cmpint (id, >, 0);
  hl_inbox_page_select_conversation (f->page, id);
  g_test_message ("Waiting for the actions of conversation %" G_GINT64_FORMAT, id);
  hl_test_wait_until (action_enabled, f, 5000);
  hl_test_wait_ms (400);
  hl_test_wait_painted (GTK_WIDGET (f->window));
  {
    g_autofree char *shot = hl_test_save_screenshot (GTK_WIDGET (f->window), "inbox-actions");
    g_test_message ("Screenshot: %s", shot);
  }

  /* One set of actions: the page's bar, with Resolve as its main button; the conversation's
   * header only shows it, and its subject takes no focus (no text caret). */
  {
    GtkWidget *status = hl_test_find_by_id (GTK_WIDGET (f->page), "status_button");
    GtkWidget *view = hl_test_find_by_id (GTK_WIDGET (f->page), "conversation_view");
    GtkStack *stack = GTK_STACK (hl_test_find_by_id (view, "stack"));
    GtkWidget *title = hl_test_find_by_id (gtk_stack_get_child_by_name (stack, "thread"), "title_label");

    g_assert_cmpuint (count_buttons (GTK_WIDGET (f->page), "inbox.resolve"), ==, 1);
    g_assert_cmpuint (count_buttons (GTK_WIDGET (f->page), "inbox.mark-unread"), ==, 0);
    g_assert_cmpuint (count_buttons (GTK_WIDGET (f->page), "conversation.resolve"), ==, 0);
    g_assert_cmpuint (count_buttons (GTK_WIDGET (f->page), "conversation.reopen"), ==, 0);
    g_assert_cmpuint (count_buttons (GTK_WIDGET (f->page), "conversation.mark-unread"), ==, 0);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (status)), ==, "_Resolve");
    g_assert_true (gtk_label_get_selectable (GTK_LABEL (title)));
    g_assert_false (gtk_widget_get_focusable (title));
  }

  activate (f, "inbox.assign-me", NULL);
  assert_row (f, id, "assignee_id", me);
  activate (f, "inbox.assign-agent", g_variant_new_int64 (other));
  assert_row (f, id, "assignee_id", other_text);

  activate (f, "inbox.priority", g_variant_new_string ("urgent"));
  assert_row (f, id, "priority", "4");

  activate (f, "inbox.snooze", g_variant_new_string ("tomorrow"));
  assert_status (f, id, HL_CONVERSATION_STATUS_SNOOZED);
  assert_row (f, id, "snoozed_until", tomorrow);
  activate (f, "inbox.pending", NULL);
  assert_status (f, id, HL_CONVERSATION_STATUS_PENDING);
  activate (f, "inbox.reopen", NULL);
  assert_status (f, id, HL_CONVERSATION_STATUS_OPEN);

  /* Snooze until a chosen day and time; a past time can't be chosen. */
  activate (f, "inbox.snooze-choose", NULL);
  {
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
    g_autoptr(GDateTime) chosen = g_date_time_new (g_date_time_get_timezone (later), g_date_time_get_year (later),
                                                   g_date_time_get_month (later),
                                                   g_date_time_get_day_of_month (later), 10, 30, 0);
    g_autoptr(GDateTime) past = g_date_time_add_days (now, -1);
    g_autofree char *until = g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (chosen));
    g_autoptr(GList) windows = gtk_window_list_toplevels ();
    HlSnoozeDialog *dialog = NULL;

    for (GList *l = windows; l; l = l->next)
      if (HL_IS_SNOOZE_DIALOG (l->data))
        dialog = l->data;
    g_assert_nonnull (dialog);

    hl_snooze_dialog_set_until (dialog, past);
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "snooze"));
    hl_snooze_dialog_set_until (dialog, chosen);
    g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "snooze"));
    hl_test_wait_painted (GTK_WIDGET (dialog));
    {
      g_autofree char *shot = hl_test_save_screenshot (GTK_WIDGET (dialog), "inbox-snooze-dialog");
      g_test_message ("Screenshot: %s", shot);
    }
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "snooze");
    assert_status (f, id, HL_CONVERSATION_STATUS_SNOOZED);
    assert_row (f, id, "snoozed_until", until);
  }
  activate (f, "inbox.reopen", NULL);
  assert_status (f, id, HL_CONVERSATION_STATUS_OPEN);

  activate (f, "inbox.mark-unread", NULL);
  assert_row (f, id, "unread > 0", "1");

  /* The label menu's check item adds the label and takes it away again. */
  g_assert_nonnull (label);
  {
    g_autofree char *where = g_strdup_printf ("(SELECT count (*) FROM conversation_labels l WHERE"
                                              " l.conversation_id = conversations.id AND l.label = '%s')", label);
    g_autofree char *action = hl_test_query (f->store, "SELECT 'labels.label-' || (count (*) - 1) FROM"
                                             " (SELECT DISTINCT label FROM conversation_labels WHERE label <= '%s')",
                                             label);

    activate (f, action, NULL);
    assert_row (f, id, where, "1");
    hl_test_wait_ms (200);
    hl_test_drain ();
    activate (f, action, NULL);
    assert_row (f, id, where, "0");
  }

  /* Reply and note reach whoever shows the composer. */
  g_signal_connect (f->page, "compose", G_CALLBACK (on_compose), &compose);
  activate (f, "inbox.reply", NULL);
  g_assert_cmpint (compose, ==, 1);
  activate (f, "inbox.note", NULL);
  g_assert_cmpint (compose, ==, 2);

  activate (f, "inbox.resolve", NULL);
  assert_status (f, id, HL_CONVERSATION_STATUS_RESOLVED);
  hl_test_wait_until (status_button_reads, (gpointer) (hl_test_find_by_id (GTK_WIDGET (f->page), "status_button")), 5000);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (hl_test_find_by_id (GTK_WIDGET (f->page), "status_button"))),
                   ==, "inbox.reopen");

  /* The customer record opens on the Customers page. */
  activate (f, "inbox.open-customer", NULL);
  g_assert_cmpstr (hl_window_get_page (f->window), ==, "customers");
  contact = hl_test_query (f->store, "SELECT contact_id FROM conversations WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_cmpstr (contact, !=, NULL);
}

static gint64
selected_id (Fixture *f)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (
    GTK_LIST_VIEW (hl_test_find_by_id (GTK_WIDGET (f->page), "list_view"))));
  HlRecord *item = gtk_single_selection_get_selected_item (selection);

  return item ? hl_record_get_id (item) : 0;
}

typedef struct
{
  Fixture *f;
  gint64   id;
  guint    position;
} MoveWait;

static gboolean
moved_to (gpointer data)
{
  MoveWait *wait = data;

  return hl_query_model_find (HL_QUERY_MODEL (hl_inbox_page_get_model (wait->f->page)), wait->id) == wait->position;
}

static gboolean
current_read (gpointer data)
{
  Fixture *f = data;
  HlConversation *current = hl_inbox_page_get_current (f->page);

  return current && hl_record_get_loaded (HL_RECORD (current)) && hl_conversation_get_unread (current) == 0 &&
         hl_record_get_id (HL_RECORD (current)) == hl_inbox_page_get_conversation_id (f->page);
}

typedef struct
{
  Fixture    *f;
  const char *where;
  gint64      n;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;

  return count (wait->f, wait->where) == wait->n;
}

static void
wait_count (Fixture    *f,
            const char *where,
            gint64      n)
{
  CountWait wait = { f, where, n };

  hl_test_wait_until (count_is, &wait, 5000);
}

/* Runs what @accel is bound to on the page, as a key press would. */
static void
press (Fixture    *f,
       const char *accel)
{
  hl_test_press (GTK_WIDGET (f->page), accel);
}

/* A long list builds rows for its first items only (GtkListView would keep 200 alive), more as it
 * is scrolled to its end; a conversation selected further down is shown first. */
static void
test_inbox_long_list (Fixture       *f,
                      gconstpointer  data)
{
  GListModel *model = hl_inbox_page_get_model (f->page);
  GtkListView *list_view = GTK_LIST_VIEW (hl_test_find_by_id (GTK_WIDGET (f->page), "list_view"));
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (list_view));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
  guint n = g_list_model_get_n_items (model);
  guint first = g_list_model_get_n_items (shown);
  gint64 last;

  g_assert_cmpuint (n, >, 120);
  g_assert_cmpuint (first, >=, 20);
  g_assert_cmpuint (first, <, n);
  for (guint i = 0; i < first; i++)
    {
      g_autoptr(HlRecord) listed = g_list_model_get_item (model, i);
      g_autoptr(HlRecord) row = g_list_model_get_item (shown, i);

      g_assert_true (listed == row);
    }

  /* Scrolled to its end, the list shows more. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  hl_test_wait_more_items (shown, first, 10000);
  hl_test_wait_painted (GTK_WIDGET (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (shown), <=, n);

  /* End goes to the end of the whole list: the rest is shown first. */
  g_assert_cmpuint (g_list_model_get_n_items (shown), <, n);
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (list_view));
      gboolean handled = TRUE;

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

          if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
              gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
            g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_End, 0, 0, &handled);
        }
      g_assert_false (handled);
      g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n);
    }

  /* The last conversation, selected from elsewhere (a link, the phone pane), is there and selected. */
  last = hl_query_model_get_id (HL_QUERY_MODEL (model), n - 1);
  hl_inbox_page_select_conversation (f->page, last);
  hl_test_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n);
  g_assert_cmpint (selected_id (f), ==, last);
  g_assert_cmpint (hl_inbox_page_get_conversation_id (f->page), ==, last);
  hl_test_wait_painted (GTK_WIDGET (f->window));
  hl_test_wait_painted (GTK_WIDGET (f->window));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  /* The narrow window shows the thread: back to the list, scrolled to its end. */
  adw_leaflet_navigate (ADW_LEAFLET (hl_test_find_by_id (GTK_WIDGET (f->page), "leaflet")), ADW_NAVIGATION_DIRECTION_BACK);
  hl_test_wait_painted (GTK_WIDGET (f->window));
  hl_test_wait_painted (GTK_WIDGET (f->window));
  g_free (hl_test_save_screenshot (GTK_WIDGET (f->window), "inbox-long-list-end"));

  /* Back to nothing selected, at the top, as the other tests start. */
  hl_inbox_page_select_conversation (f->page, 0);
  gtk_widget_activate_action (GTK_WIDGET (list_view), "list.scroll-to-item", "u", 0);
  hl_test_wait_painted (GTK_WIDGET (f->window));
  hl_test_wait_painted (GTK_WIDGET (f->window));
}

static void
test_inbox_keyboard_selection (Fixture       *f,
                               gconstpointer  data)
{
  GListModel *model = hl_inbox_page_get_model (f->page);
  gint64 second, fifth;
  MoveWait wait;

  g_assert_cmpuint (g_list_model_get_n_items (model), >, 5);
  second = hl_query_model_get_id (HL_QUERY_MODEL (model), 1);
  fifth = hl_query_model_get_id (HL_QUERY_MODEL (model), 4);

  /* Alt+J and Alt+K (and Alt+Down, Alt+Up): next and previous. */
  hl_inbox_page_select_conversation (f->page, hl_query_model_get_id (HL_QUERY_MODEL (model), 0));
  hl_test_drain ();
  press (f, "<Alt>Down");
  g_assert_cmpint (selected_id (f), ==, second);
  g_assert_cmpint (hl_inbox_page_get_conversation_id (f->page), ==, second);
  press (f, "<Alt>j");
  press (f, "<Alt>j");
  press (f, "<Alt>j");
  press (f, "<Alt>j");
  press (f, "<Alt>k");
  g_assert_cmpint (selected_id (f), ==, fifth);
  press (f, "<Alt>Up");
  press (f, "<Alt>j");
  g_assert_cmpint (selected_id (f), ==, fifth);

  /* U marks it unread again, S opens the snooze menu. */
  {
    g_autofree char *where = g_strdup_printf ("c.id = %" G_GINT64_FORMAT " AND c.unread > 0", fifth);
    GtkWidget *snooze = hl_test_find_by_id (GTK_WIDGET (f->page), "snooze_button");

    hl_test_wait_until (current_read, f, 5000);
    press (f, "u");
    wait_count (f, where, 1);
    press (f, "s");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (snooze)))));
    gtk_menu_button_popdown (GTK_MENU_BUTTON (snooze));
  }

  /* A new message moves the fifth conversation to the top: the selection goes with it. */
  hl_test_send_message (f->store, fifth, "Moving up", FALSE);
  wait = (MoveWait) { f, fifth, 0 };
  hl_test_wait_until (moved_to, &wait, 5000);
  hl_test_drain ();
  g_assert_cmpint (selected_id (f), ==, fifth);
  g_assert_cmpint (hl_inbox_page_get_conversation_id (f->page), ==, fifth);

  /* So does a filter that keeps it: the list is read anew, the selection stays on it. */
  {
    g_autofree char *channel = hl_test_query (f->store, "SELECT channel FROM conversations WHERE id = %" G_GINT64_FORMAT,
                                              fifth);
    const char *action = g_str_equal (channel, "phone") ? "filter.channel-0" :
                         g_str_equal (channel, "chat") ? "filter.channel-1" : "filter.channel-2";
    g_autofree char *where = g_strdup_printf ("c.status != 'resolved' AND c.channel = '%s'", channel);

    activate (f, action, NULL);
    wait_list (f, count (f, where));
    hl_test_drain ();
    wait = (MoveWait) { f, fifth, hl_query_model_find (HL_QUERY_MODEL (model), fifth) };
    g_assert_cmpuint (wait.position, !=, G_MAXUINT);
    g_assert_cmpint (selected_id (f), ==, fifth);
  }

  /* Ctrl+E resolves it. */
  press (f, "<Control>e");
  assert_status (f, fifth, HL_CONVERSATION_STATUS_RESOLVED);
}

static gpointer
write_incoming (sqlite3        *db,
                gpointer        data,
                HlStoreTables  *changed,
                GError        **error)
{
  gint64 conversation = *(gint64 *) data;
  g_autofree char *sql = g_strdup_printf ("INSERT INTO messages (conversation_id, kind, body, created_at)"
                                          " VALUES (%" G_GINT64_FORMAT ", 'incoming', 'Is anyone there?', strftime ('%%s'));"
                                          "UPDATE conversations SET unread = unread + 1, rev = rev + 1,"
                                          " last_activity_at = strftime ('%%s') WHERE id = %" G_GINT64_FORMAT,
                                          conversation, conversation);

  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, sqlite3_errmsg (db));
      return NULL;
    }

  *changed = HL_STORE_TABLE_MESSAGES | HL_STORE_TABLE_CONVERSATIONS;
  return GINT_TO_POINTER (1);
}

typedef struct
{
  gint64  conversation;
  char   *customer;
  char   *body;
} Arrival;

static void
on_new_message (HlInboxPage *page,
                gint64       conversation,
                const char  *customer,
                const char  *body,
                Arrival     *arrival)
{
  arrival->conversation = conversation;
  g_free (arrival->customer);
  arrival->customer = g_strdup (customer);
  g_free (arrival->body);
  arrival->body = g_strdup (body);
}

static gboolean
arrived (gpointer data)
{
  return ((Arrival *) data)->conversation != 0;
}

typedef struct
{
  Fixture *f;
  guint    unread;
} BadgeWait;

static gboolean
badge_is (gpointer data)
{
  BadgeWait *wait = data;
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (wait->f->page), ADW_TYPE_VIEW_STACK));
  AdwViewStackPage *page = adw_view_stack_get_page (stack, GTK_WIDGET (wait->f->page));

  return adw_view_stack_page_get_badge_number (page) == wait->unread &&
         adw_view_stack_page_get_needs_attention (page) == (wait->unread > 0);
}

/* A stand-in for the desktop's notification server, on the test's session bus: it keeps the
 * summary and body of what it was asked to show, numbers each notification as a real server does,
 * and counts the ones it was asked to close. */
typedef struct
{
  guint  owner_id;
  guint  object_id;
  int    acquired;
  char  *summary;
  char  *body;
  guint  n_shown;
  guint  closed;
} FakeNotifications;

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "  <method name='Notify'>"
  "    <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "    <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "    <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/><arg type='u' direction='out'/>"
  "  </method>"
  "  <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "</interface></node>";

static void
on_notify_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *path,
                const char            *interface,
                const char            *method,
                GVariant              *params,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  FakeNotifications *fake = user_data;

  if (g_str_equal (method, "CloseNotification"))
    {
      fake->closed++;
      g_dbus_method_invocation_return_value (invocation, NULL);
      return;
    }

  g_clear_pointer (&fake->summary, g_free);
  g_clear_pointer (&fake->body, g_free);
  g_variant_get (params, "(&su&sss@as@a{sv}i)", NULL, NULL, NULL, &fake->summary, &fake->body, NULL, NULL, NULL);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", ++fake->n_shown));
}

static const GDBusInterfaceVTable notifications_vtable = { on_notify_call, NULL, NULL, { 0 } };

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((FakeNotifications *) user_data)->acquired = 1;
}

static void
on_name_lost (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  ((FakeNotifications *) user_data)->acquired = -1;
}

static gboolean
name_settled (gpointer data)
{
  return ((FakeNotifications *) data)->acquired != 0;
}

static gboolean
notified (gpointer data)
{
  return ((FakeNotifications *) data)->summary != NULL;
}

static void
fake_notifications_start (FakeNotifications *fake)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);

  g_assert_nonnull (bus);
  fake->object_id = g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                                       &notifications_vtable, fake, NULL, NULL);
  fake->owner_id = g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                                 on_name_acquired, on_name_lost, fake, NULL);
  hl_test_wait_until (name_settled, fake, 5000);
  g_assert_cmpint (fake->acquired, ==, 1);
}

static void
fake_notifications_stop (FakeNotifications *fake)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  g_dbus_connection_unregister_object (bus, fake->object_id);
  g_bus_unown_name (fake->owner_id);
  g_clear_pointer (&fake->summary, g_free);
  g_clear_pointer (&fake->body, g_free);
}

static gboolean
closed_twice (gpointer data)
{
  return ((FakeNotifications *) data)->closed == 2;
}

static gboolean
closed_once (gpointer data)
{
  return ((FakeNotifications *) data)->closed == 1;
}

/* The agent read @data's conversation in the browser: the sync wrote it read. */
static gpointer
read_elsewhere (sqlite3        *db,
                gpointer        data,
                HlStoreTables  *changed,
                GError        **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE conversations SET unread = 0, rev = rev + 1 WHERE id = %"
                                          G_GINT64_FORMAT, *(gint64 *) data);

  if (!hl_db_exec (db, sql, error))
    return NULL;

  *changed = HL_STORE_TABLE_CONVERSATIONS;
  return GINT_TO_POINTER (1);
}

static gboolean
window_inactive (gpointer data)
{
  return !gtk_window_is_active (data);
}

static void
test_inbox_notifications (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *where = g_strdup_printf ("c.unread > 0 AND c.status != 'resolved' AND (c.assignee_id = %"
                                            G_GINT64_FORMAT " OR c.assignee_id IS NULL)", f->me);
  gint64 id = hl_test_store_int64 (f->store, "SELECT id FROM conversations WHERE status = 'open'"
                                             " AND assignee_id IS NULL AND unread = 0 AND contact_id IS NOT NULL"
                                             " ORDER BY id LIMIT 1");
  gint64 other_id = hl_test_store_int64 (f->store, "SELECT id FROM conversations WHERE status = 'open'"
                                                   " AND assignee_id IS NULL AND unread = 0 AND contact_id IS NOT NULL"
                                                   " ORDER BY id LIMIT 1 OFFSET 1");
  g_autofree char *customer = hl_test_query (f->store, "SELECT name FROM contacts WHERE id = (SELECT contact_id"
                                             " FROM conversations WHERE id = %" G_GINT64_FORMAT ")", id);
  BadgeWait badge = { f, (guint) count (f, where) };
  Arrival arrival = { 0, };
  g_autoptr(GError) error = NULL;
  FakeNotifications fake = { 0, };
  GtkWidget *other;

  fake_notifications_start (&fake);

  /* The Inbox page's badge counts the agent's conversations with unread messages. */
  g_assert_cmpuint (badge.unread, >, 0);
  hl_test_wait_until (badge_is, &badge, 5000);

  /* Another window takes the focus: the agent is elsewhere. */
  other = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (other));
  hl_test_wait_until (window_inactive, f->window, 5000);

  /* An incoming message in an unassigned conversation: news for the agent. */
  g_assert_cmpint (id, >, 0);
  g_signal_connect (f->page, "new-message", G_CALLBACK (on_new_message), &arrival);
  g_assert_nonnull (hl_store_run_sync (f->store, write_incoming, &id, &error));
  g_assert_no_error (error);
  hl_test_wait_until (arrived, &arrival, 5000);
  g_assert_cmpint (arrival.conversation, ==, id);
  g_assert_cmpstr (arrival.customer, ==, customer);
  g_assert_cmpstr (arrival.body, ==, "Is anyone there?");

  /* The window in the background: a notification went out, titled with the customer. */
  g_assert_cmpuint (hl_window_get_n_notifications (f->window), ==, 1);
  hl_test_wait_until (notified, &fake, 5000);
  g_assert_cmpstr (fake.summary, ==, customer);
  g_assert_cmpstr (fake.body, ==, "Is anyone there?");

  /* A second one, read elsewhere: its notification is withdrawn, the first one's stays. */
  g_assert_cmpint (other_id, >, 0);
  g_clear_pointer (&fake.summary, g_free);
  g_assert_nonnull (hl_store_run_sync (f->store, write_incoming, &other_id, &error));
  g_assert_no_error (error);
  arrival.conversation = 0;
  hl_test_wait_until (arrived, &arrival, 5000);
  g_assert_cmpint (arrival.conversation, ==, other_id);
  g_assert_cmpuint (hl_window_get_n_notifications (f->window), ==, 2);
  /* (Once the server has answered: GLib can only close a notification the server numbered.) */
  hl_test_wait_until (notified, &fake, 5000);
  hl_test_wait_ms (200);
  g_assert_nonnull (hl_store_run_sync (f->store, read_elsewhere, &other_id, &error));
  g_assert_no_error (error);
  hl_test_wait_until (closed_once, &fake, 5000);
  hl_test_wait_ms (200);
  g_assert_cmpuint (fake.closed, ==, 1);
  gtk_window_destroy (GTK_WINDOW (other));

  badge.unread++;
  hl_test_wait_until (badge_is, &badge, 5000);

  /* The agent's own reply is no news. */
  arrival.conversation = 0;
  hl_test_send_message (f->store, id, "Yes, how can I help?", FALSE);
  hl_test_wait_ms (300);
  hl_test_drain ();
  g_assert_cmpint (arrival.conversation, ==, 0);

  /* Clicking the notification opens the conversation. */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "show-conversation", g_variant_new_int64 (id));
  hl_test_drain ();
  g_assert_cmpstr (hl_window_get_page (f->window), ==, "inbox");
  g_assert_cmpint (hl_inbox_page_get_conversation_id (f->page), ==, id);

  /* Opened, so read: its notification goes too. */
  hl_test_wait_until (closed_twice, &fake, 5000);

  g_free (arrival.customer);
  g_free (arrival.body);
  fake_notifications_stop (&fake);
}

static gpointer
exec_changes (sqlite3        *db,
              gpointer        data,
              HlStoreTables  *changed,
              GError        **error)
{
  if (sqlite3_exec (db, data, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, sqlite3_errmsg (db));
      return NULL;
    }

  *changed = HL_STORE_TABLE_CONVERSATIONS;
  return GINT_TO_POINTER (1);
}

/* The badge of the row showing @id, or NULL while that row isn't shown. */
static GtkWidget *
find_badge (GtkWidget *widget,
            gint64     id)
{
  if (HL_IS_RECORD_ROW (widget))
    {
      HlRecord *item = hl_record_row_get_item (HL_RECORD_ROW (widget));

      return item && hl_record_get_loaded (item) && hl_record_get_id (item) == id ?
             hl_test_find_by_id (widget, "waiting_label") : NULL;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_badge (child, id);

      if (found)
        return found;
    }

  return NULL;
}

typedef struct
{
  Fixture    *f;
  gint64      id;
  const char *prefix;
  const char *css_class;
} BadgeTextWait;

static gboolean
badge_reads (gpointer data)
{
  BadgeTextWait *wait = data;
  GtkWidget *badge = find_badge (GTK_WIDGET (wait->f->page), wait->id);

  return badge && gtk_widget_get_visible (badge) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (badge)), wait->prefix) &&
         gtk_widget_has_css_class (badge, wait->css_class);
}

static void
test_inbox_sla_badges (Fixture       *f,
                       gconstpointer  data)
{
  GListModel *model = hl_inbox_page_get_model (f->page);
  gint64 first = hl_query_model_get_id (HL_QUERY_MODEL (model), 0);
  gint64 second = hl_query_model_get_id (HL_QUERY_MODEL (model), 1);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  BadgeTextWait wait;

  /* Waiting for a first answer past its target: the waiting time, in the overdue colour. The other
   * one was answered and its resolution target is 40 minutes away: a countdown, due soon. */
  sql = g_strdup_printf ("UPDATE conversations SET status = 'open', waiting_since = strftime ('%%s') - 1200,"
                         " first_response_due = strftime ('%%s') - 60, rev = rev + 1 WHERE id = %" G_GINT64_FORMAT ";"
                         "UPDATE conversations SET status = 'open', waiting_since = NULL,"
                         " resolution_due = strftime ('%%s') + 2430, rev = rev + 1 WHERE id = %" G_GINT64_FORMAT,
                         first, second);
  g_assert_nonnull (hl_store_run_sync (f->store, exec_changes, sql, &error));
  g_assert_no_error (error);

  wait = (BadgeTextWait) { f, first, "20 min", "overdue" };
  hl_test_wait_until (badge_reads, &wait, 5000);
  wait = (BadgeTextWait) { f, second, "due in 40 min", "due-soon" };
  hl_test_wait_until (badge_reads, &wait, 5000);

  /* Past the resolution target: how late, in the overdue colour. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE conversations SET resolution_due = strftime ('%%s') - 3900, rev = rev + 1"
                         " WHERE id = %" G_GINT64_FORMAT, second);
  g_assert_nonnull (hl_store_run_sync (f->store, exec_changes, sql, &error));
  g_assert_no_error (error);
  wait = (BadgeTextWait) { f, second, "late 1 h 5 min", "overdue" };
  hl_test_wait_until (badge_reads, &wait, 5000);
}

/* The XDG folders of the one application the tests share (G_TEST_OPTION_ISOLATE_DIRS would
 * change them under it between tests). */
static char *
isolate_dirs (void)
{
  char *dir = g_dir_make_tmp ("test-inbox-XXXXXX", NULL);
  const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };

  g_assert_nonnull (dir);
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *path = g_build_filename (dir, vars[i], NULL);

      g_mkdir_with_parents (path, 0700);
      g_setenv (vars[i], path, TRUE);
    }

  return dir;
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)))
    {
      g_autoptr(GFileInfo) owned = info;
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      remove_tree (child);
    }
  g_file_delete (file, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = isolate_dirs ();
  g_autoptr(GFile) top = g_file_new_for_path (dir);
  int ret;

  hl_test_gtk_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/inbox/long-list", Fixture, NULL, fixture_set_up, test_inbox_long_list, fixture_tear_down);
  g_test_add ("/inbox/views-filters", Fixture, NULL, fixture_set_up, test_inbox_views_filters, fixture_tear_down);
  g_test_add ("/inbox/actions", Fixture, NULL, fixture_set_up, test_inbox_actions, fixture_tear_down);
  g_test_add ("/inbox/sla-badges", Fixture, NULL, fixture_set_up, test_inbox_sla_badges, fixture_tear_down);
  g_test_add ("/inbox/notifications", Fixture, NULL, fixture_set_up, test_inbox_notifications, fixture_tear_down);
  g_test_add ("/inbox/keyboard-selection", Fixture, NULL, fixture_set_up, test_inbox_keyboard_selection,
              fixture_tear_down);

  ret = g_test_run ();
  close_shared ();
  remove_tree (top);

  return ret;
}

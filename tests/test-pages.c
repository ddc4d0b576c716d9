/* test-pages.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "hl-application.h"
#include "hl-customers-page.h"
#include "hl-knowledge-page.h"
#include "hl-language.h"
#include "hl-query-model.h"
#include "hl-stat-tile.h"
#include "hl-test-gtk-utils.h"
#include "hl-test-utils.h"
#include "hl-window.h"

/* The Knowledge, Customers and Wallboard pages of the demo workspace in the states a user meets,
 * light and dark, wide and narrow: each shot is kept for people to look at, and the layout rules
 * a review found broken are asserted. */

typedef struct
{
  HlApplication *app;
  HlWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->app = hl_test_start_app ();
  fixture->window = hl_test_open_window (fixture->app, data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  hl_test_drain ();
  g_object_unref (fixture->app);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
shoot (GtkWidget  *widget,
       const char *variant,
       const char *what)
{
  g_autofree char *name = g_strdup_printf ("%s-%s", variant, what);
  g_autofree char *path = NULL;

  hl_test_wait_painted (widget);
  path = hl_test_save_screenshot (widget, name);
  g_test_message ("Screenshot: %s", path);
}

static void
show_page (Fixture    *fixture,
           const char *page)
{
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "show-page", g_variant_new_string (page));
  hl_test_wait_ms (400);
}

static gboolean
model_has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0 && !hl_query_model_get_loading (data);
}

static void
search_and_open (HlKnowledgePage *page,
                 const char      *text)
{
  GtkWidget *entry = hl_test_find_by_id (GTK_WIDGET (page), "search_entry");
  GListModel *model = hl_knowledge_page_get_model (page);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  hl_test_wait_ms (300);
  hl_test_wait_until (model_has_items, model, 10000);
  g_signal_emit_by_name (entry, "activate");
  hl_test_wait_ms (300);
  g_assert_cmpint (hl_knowledge_page_get_article_id (page), !=, 0);
}

static GtkWidget *
find_with_class (GtkWidget  *widget,
                 const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static int
font_size (GtkWidget *widget)
{
  return pango_font_description_get_size (pango_context_get_font_description (gtk_widget_get_pango_context (widget)));
}

/* A field row of the customer record shows its value at the size of body text, and the field's
 * name smaller, as its caption. */
static void
assert_field_rows (HlCustomersPage *page)
{
  GtkWidget *row = find_with_class (GTK_WIDGET (page), "property");
  GtkWidget *header = hl_test_find_by_id (GTK_WIDGET (page), "caption_label");
  GtkWidget *title;
  GtkWidget *value;

  g_assert_nonnull (row);
  g_assert_nonnull (header);
  title = find_with_class (row, "title");
  g_assert_true (GTK_IS_BOX (title));
  title = find_with_class (gtk_widget_get_first_child (title), "title");
  value = find_with_class (row, "subtitle");
  g_assert_true (GTK_IS_LABEL (title));
  g_assert_true (GTK_IS_LABEL (value));

  g_assert_cmpint (font_size (value), ==, font_size (header));
  g_assert_cmpint (font_size (title), <, font_size (value));
}

/* The wallboard's date reads "Friday 4 December", without the gap of a figure space before the 4. */
static void
assert_date_title (GtkWidget *window)
{
  GtkWidget *label = hl_test_find_by_id (window, "date_label");

  g_assert_nonnull (label);
  g_assert_nonnull (gtk_label_get_text (GTK_LABEL (label)));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (label)), "\u2007"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (label)), "  "));
}

/* No label of the article runs past the edge of its text column. */
static void
assert_labels_fit (GtkWidget *widget,
                   GtkWidget *column)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        {
          graphene_rect_t bounds;

          g_assert_true (gtk_widget_compute_bounds (child, column, &bounds));
          g_assert_cmpfloat (bounds.origin.x, >=, 0);
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (column));
        }
      assert_labels_fit (child, column);
    }
}

/* Scrolls the first scrolled window in @widget (or @widget) to its end. */
static void
scroll_to_end (GtkWidget *page)
{
  GtkWidget *child = page;
  GtkAdjustment *adjustment;

  while (child != NULL && !GTK_IS_SCROLLED_WINDOW (child))
    child = gtk_widget_get_first_child (child);
  g_assert_nonnull (child);

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  hl_test_wait_ms (100);
}

/* Tab walks from the article's Copy button out of the article, not through its paragraphs; a
 * pressed paragraph takes the focus (to select and copy) until the focus moves on. */
static void
assert_article_focus (HlKnowledgePage *kb)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (kb)));
  GtkWidget *body = hl_test_find_by_id (GTK_WIDGET (kb), "body_box");
  GtkWidget *scroller = hl_test_find_by_id (GTK_WIDGET (kb), "scroller");
  GtkWidget *search = hl_test_find_by_id (GTK_WIDGET (kb), "search_entry");
  GtkWidget *paragraph = gtk_widget_get_first_child (body);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (scroller);
  GtkGesture *pressed = NULL;
  graphene_point_t point;

  gtk_widget_grab_focus (search);
  for (guint i = 0; i < 8; i++)
    {
      GtkWidget *focus;

      gtk_widget_child_focus (root, GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (root));
      g_assert_false (GTK_IS_LABEL (focus) && gtk_widget_is_ancestor (focus, scroller));
    }

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        pressed = GTK_GESTURE (controller);
    }
  g_assert_nonnull (pressed);
  g_assert_true (GTK_IS_LABEL (paragraph));
  g_assert_false (gtk_widget_get_focusable (paragraph));

  g_assert_true (gtk_widget_compute_point (paragraph, scroller, &GRAPHENE_POINT_INIT (4, 4), &point));
  g_signal_emit_by_name (pressed, "pressed", 1, (double) point.x, (double) point.y);
  g_assert_true (gtk_widget_get_focusable (paragraph));
  g_assert_true (gtk_widget_grab_focus (paragraph));

  gtk_widget_grab_focus (search);
  g_assert_false (gtk_widget_get_focusable (paragraph));
}

/* A tile's state shows by its icon's shape too, not by colour alone. */
static void
assert_tile_icons (GtkWidget *window)
{
  static const char *tiles[] = { "waiting_tile", "longest_wait_tile", "overdue_tile", "service_level_tile" };
  guint alerts = 0;

  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    {
      GtkWidget *tile = hl_test_find_by_id (window, tiles[i]);
      GtkImage *icon;

      g_assert_nonnull (tile);
      icon = GTK_IMAGE (hl_test_find_by_id (tile, "state_icon"));
      switch (hl_stat_tile_get_state (HL_STAT_TILE (tile)))
        {
        case HL_STAT_STATE_ALERT:
          g_assert_cmpstr (gtk_image_get_icon_name (icon), ==, "dialog-error-symbolic");
          alerts++;
          break;
        case HL_STAT_STATE_WARNING:
          g_assert_cmpstr (gtk_image_get_icon_name (icon), ==, "dialog-warning-symbolic");
          break;
        case HL_STAT_STATE_NORMAL:
        default:
          g_assert_false (gtk_widget_get_visible (GTK_WIDGET (icon)));
          break;
        }
    }

  /* The demo workspace's queue is long: its thresholds are crossed. */
  g_assert_cmpuint (alerts, >, 0);
}

static void
tour (Fixture    *fixture,
      const char *variant)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  HlKnowledgePage *kb;
  HlCustomersPage *customers;
  GListModel *model;

  show_page (fixture, "knowledge");
  kb = HL_KNOWLEDGE_PAGE (hl_test_find_by_id (window, "knowledge_page"));
  search_and_open (kb, "field engineer");
  shoot (window, variant, "kb-search");
  assert_article_focus (kb);
  search_and_open (kb, "رمضان");
  shoot (window, variant, "kb-arabic");
  assert_labels_fit (hl_test_find_by_id (window, "body_box"), hl_test_find_by_id (window, "body_box"));
  gtk_editable_set_text (GTK_EDITABLE (hl_test_find_by_id (GTK_WIDGET (kb), "search_entry")), "zzqxv");
  hl_test_wait_ms (400);
  shoot (window, variant, "kb-no-results");
  g_assert_false (gtk_widget_get_visible (hl_test_find_by_id (GTK_WIDGET (kb), "hint_page")));
  gtk_editable_set_text (GTK_EDITABLE (hl_test_find_by_id (GTK_WIDGET (kb), "search_entry")), "");

  show_page (fixture, "customers");
  customers = HL_CUSTOMERS_PAGE (hl_test_find_by_id (window, "customers_page"));
  model = hl_customers_page_get_model (customers);
  hl_test_wait_until (model_has_items, model, 10000);
  hl_customers_page_select_contact (customers, hl_query_model_get_id (HL_QUERY_MODEL (model), 0));
  hl_test_wait_ms (500);
  shoot (window, variant, "customer");
  assert_field_rows (customers);
  /* The icon-only Back button has a name for screen readers, as the Knowledge page's has. */
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (hl_test_find_by_id (GTK_WIDGET (customers), "back_button")),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
  scroll_to_end (hl_test_find_by_id (GTK_WIDGET (customers), "scroller"));
  shoot (window, variant, "customer-history");

  show_page (fixture, "wallboard");
  hl_test_wait_ms (300);
  shoot (window, variant, "wallboard");
  assert_date_title (window);
  assert_tile_icons (window);
}

static void
test_pages_tour (Fixture       *fixture,
                 gconstpointer  data)
{
  static const struct { const char *name; int width; int height; AdwColorScheme scheme; gboolean picture; } variants[] = {
    { "narrow", 800, 700, ADW_COLOR_SCHEME_FORCE_LIGHT, TRUE },
    { "light", 1280, 800, ADW_COLOR_SCHEME_FORCE_LIGHT, FALSE },
    { "dark", 1280, 800, ADW_COLOR_SCHEME_FORCE_DARK, TRUE },
    { "wide", 1920, 1080, ADW_COLOR_SCHEME_FORCE_DARK, TRUE },
    /* Folded: the phone pane hidden, the list and the record one at a time */
    { "folded", 560, 720, ADW_COLOR_SCHEME_FORCE_LIGHT, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
#ifdef __SANITIZE_ADDRESS__
      /* Under AddressSanitizer each frame costs several times more: the checks run wide and
       * folded, the variants that only make pictures are for the normal build. */
      if (variants[i].picture)
        continue;
#endif
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), variants[i].scheme);
      if (g_str_equal (variants[i].name, "folded"))
        {
          g_autoptr(GVariant) shown = g_action_group_get_action_state (G_ACTION_GROUP (fixture->window),
                                                                       "toggle-phone-pane");

          if (g_variant_get_boolean (shown))
            g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "toggle-phone-pane", NULL);
        }

      /* With animations off, libadwaita 1.2's view switcher title allocates a height of -1 while
       * it narrows (a Gtk-WARNING): resize with them on, as most desktops have them. */
      g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
      gtk_window_set_default_size (GTK_WINDOW (fixture->window), variants[i].width, variants[i].height);
      hl_test_wait_ms (500);
      g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
      hl_test_wait_painted (GTK_WIDGET (fixture->window));
      tour (fixture, variants[i].name);
    }
}

/* Activates app.@action and returns the window of @type it opens. */
static GtkWindow *
open_window (Fixture    *fixture,
             const char *action,
             GType       type)
{
  g_autoptr(GList) toplevels = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), action, NULL);
  hl_test_wait_ms (300);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;

  g_assert_not_reached ();
}

static AdwPreferencesWindow *
open_preferences (Fixture *fixture)
{
  return ADW_PREFERENCES_WINDOW (open_window (fixture, "preferences", ADW_TYPE_PREFERENCES_WINDOW));
}

static void
test_pages_preferences (Fixture       *fixture,
                        gconstpointer  data)
{
  static const struct { const char *name; AdwColorScheme scheme; } variants[] = {
    { "light", ADW_COLOR_SCHEME_FORCE_LIGHT },
    { "dark", ADW_COLOR_SCHEME_FORCE_DARK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      AdwPreferencesWindow *prefs;
      GtkWidget *audio;

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), variants[i].scheme);
      prefs = open_preferences (fixture);
      shoot (GTK_WIDGET (prefs), variants[i].name, "preferences-general");
      scroll_to_end (GTK_WIDGET (adw_preferences_window_get_visible_page (prefs)));
      shoot (GTK_WIDGET (prefs), variants[i].name, "preferences-general-end");

      audio = hl_test_find_by_id (GTK_WIDGET (prefs), "audio_page");
      g_assert_nonnull (audio);
      adw_preferences_window_set_visible_page (prefs, ADW_PREFERENCES_PAGE (audio));
      hl_test_wait_ms (100);
      shoot (GTK_WIDGET (prefs), variants[i].name, "preferences-audio");

      gtk_window_destroy (GTK_WINDOW (prefs));
      hl_test_drain ();
    }
}

/* The wallboard's alert threshold never goes below its warning threshold: moving one past the other
 * takes the other along, in the settings too. */
static void
test_pages_thresholds (Fixture       *fixture,
                       gconstpointer  data)
{
  GSettings *settings = hl_application_get_settings (fixture->app);
  AdwPreferencesWindow *prefs = open_preferences (fixture);
  GtkSpinButton *warning = GTK_SPIN_BUTTON (hl_test_find_by_id (GTK_WIDGET (prefs), "warning_spin"));
  GtkSpinButton *alert = GTK_SPIN_BUTTON (hl_test_find_by_id (GTK_WIDGET (prefs), "alert_spin"));

  /* Each row says which threshold it is. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_ancestor (GTK_WIDGET (warning), ADW_TYPE_ACTION_ROW))), !=,
                   adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_ancestor (GTK_WIDGET (alert), ADW_TYPE_ACTION_ROW))));

  g_assert_cmpuint (g_settings_get_uint (settings, "wallboard-wait-warning"), <, 30);
  g_assert_cmpuint (g_settings_get_uint (settings, "wallboard-wait-alert"), <, 30);

  gtk_spin_button_set_value (warning, 30);
  g_assert_cmpuint (g_settings_get_uint (settings, "wallboard-wait-warning"), ==, 30);
  g_assert_cmpuint (g_settings_get_uint (settings, "wallboard-wait-alert"), ==, 30);

  gtk_spin_button_set_value (alert, 3);
  g_assert_cmpuint (g_settings_get_uint (settings, "wallboard-wait-alert"), ==, 3);
  g_assert_cmpuint (g_settings_get_uint (settings, "wallboard-wait-warning"), ==, 3);

  gtk_window_destroy (GTK_WINDOW (prefs));
  hl_test_drain ();
  g_settings_reset (settings, "wallboard-wait-warning");
  g_settings_reset (settings, "wallboard-wait-alert");
}

/* An empty workspace shows one empty state per page: the list's, without "choose one from the
 * list" beside it. */
static void
test_pages_empty (void)
{
  HlApplication *app = hl_test_start_app ();
  GtkWidget *window = GTK_WIDGET (hl_test_open_window (app, "local"));
  static const char *pages[] = { "knowledge", "customers" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *id = g_strconcat (pages[i], "_page", NULL);
      GtkWidget *page = hl_test_find_by_id (window, id);

      g_action_group_activate_action (G_ACTION_GROUP (app), "show-page", g_variant_new_string (pages[i]));
      hl_test_wait_ms (400);
      shoot (window, "empty", pages[i]);
      g_assert_true (gtk_widget_get_mapped (hl_test_find_by_id (page, "empty_page")));
      g_assert_false (gtk_widget_get_visible (hl_test_find_by_id (page, "hint_page")));
      /* Nothing in Helpline adds a customer by hand: the empty state doesn't promise it. */
      g_assert_null (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (hl_test_find_by_id (page, "empty_page"))),
                             "add them"));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  hl_test_drain ();
  g_object_unref (app);
}

/* About → Troubleshooting holds what support asks for first: the versions and the workspace. */
static void
test_pages_about (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (open_window (fixture, "about", ADW_TYPE_ABOUT_WINDOW));
  const char *info = adw_about_window_get_debug_info (about);

  g_assert_nonnull (info);
  g_assert_true (g_str_has_prefix (info, "Helpline " PACKAGE_VERSION " (" APP_ID ")\n"));
  g_assert_nonnull (strstr (info, "\nGTK 4."));
  g_assert_nonnull (strstr (info, "\nlibadwaita 1."));
  g_assert_nonnull (strstr (info, "\nGStreamer 1."));
  g_assert_nonnull (strstr (info, "\nSQLite 3."));
  g_assert_nonnull (strstr (info, "\nWorkspace: local\n"));
  shoot (GTK_WIDGET (about), "light", "about");

  gtk_window_destroy (GTK_WINDOW (about));
  hl_test_drain ();
}

/* Warning and alert differ by the icon's shape, and back again. */
static void
test_pages_stat_tile (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *tile = hl_stat_tile_new ();
  GtkImage *icon = GTK_IMAGE (hl_test_find_by_id (tile, "state_icon"));

  gtk_window_set_child (GTK_WINDOW (window), tile);

  hl_stat_tile_set_state (HL_STAT_TILE (tile), HL_STAT_STATE_WARNING);
  g_assert_cmpstr (gtk_image_get_icon_name (icon), ==, "dialog-warning-symbolic");
  hl_stat_tile_set_state (HL_STAT_TILE (tile), HL_STAT_STATE_ALERT);
  g_assert_cmpstr (gtk_image_get_icon_name (icon), ==, "dialog-error-symbolic");
  hl_stat_tile_set_state (HL_STAT_TILE (tile), HL_STAT_STATE_WARNING);
  g_assert_cmpstr (gtk_image_get_icon_name (icon), ==, "dialog-warning-symbolic");
  hl_stat_tile_set_state (HL_STAT_TILE (tile), HL_STAT_STATE_NORMAL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (icon)));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's in-memory accessibility, to check the names screen readers get (no AT-SPI bus) */
  g_setenv ("GTK_A11Y", "test", TRUE);
  hl_language_init ();
  hl_test_gtk_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pages/stat-tile", test_pages_stat_tile);
  g_test_add_func ("/pages/empty", test_pages_empty);
  /* The demo workspace where the pages need rows; the local one (quicker to open) elsewhere */
  g_test_add ("/pages/tour", Fixture, "demo", fixture_set_up, test_pages_tour, fixture_tear_down);
  g_test_add ("/pages/preferences", Fixture, "local", fixture_set_up, test_pages_preferences, fixture_tear_down);
  g_test_add ("/pages/about", Fixture, "local", fixture_set_up, test_pages_about, fixture_tear_down);
  g_test_add ("/pages/thresholds", Fixture, "local", fixture_set_up, test_pages_thresholds, fixture_tear_down);

  return g_test_run ();
}

/* hl-test-gtk-utils.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "hl-application.h"
#include "hl-test-gtk-utils.h"
#include "hl-test-utils.h"
#include "hl-window.h"

/* GTK and libadwaita for a UI test, before g_test_init(): with G_TEST_OPTION_ISOLATE_DIRS that
 * hides the system data folders, so GIO's MIME database (the icons are SVG) and the icon theme are
 * read here first (both once per process). Animations are off: tests and screenshots see settled
 * widgets, not the middle of a transition. */
void
hl_test_gtk_init (void)
{
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  gtk_init ();
  adw_init ();
  gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits for the next frame of @widget's surface to be painted. */
void
hl_test_wait_painted (GtkWidget *widget)
{
  hl_test_wait_painted_within (widget, 10000);
}

/* The same, for windows that take long to lay out the first time (a sanitizer build on a busy
 * machine): fails after @timeout_ms. */
void
hl_test_wait_painted_within (GtkWidget *widget,
                             guint      timeout_ms)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong id;

  hl_test_drain ();
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (widget);
  hl_test_wait_until (is_true, &painted, timeout_ms);
  g_signal_handler_disconnect (clock, id);
}

static gboolean
timeout_done (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
hl_test_wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_done, &done);
  hl_test_wait_until (is_true, &done, ms + 10000);
}

/* Renders @widget as it is on screen into <builddir>/screenshots/<name>.png (or $HL_SCREENSHOT_DIR),
 * for people to look at. Returns the path. */
char *
hl_test_save_screenshot (GtkWidget  *widget,
                         const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *dir = g_getenv ("HL_SCREENSHOT_DIR");
  g_autofree char *default_dir = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL)
    dir = default_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                          "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, file, NULL);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));

  return path;
}

/* The first descendant of @root (or itself) of @type, depth first */
GtkWidget *
hl_test_find_descendant (GtkWidget *root,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = hl_test_find_descendant (child, type);

      if (found)
        return found;
    }

  return NULL;
}

/* The descendant of @widget (or itself) that a .ui file (a template too) names @id */
/* @window in the light and the dark style, as <name>-light.png and <name>-dark.png, and
 * @popover (a surface of its own, so not in the window's picture) beside it; the paths go to the
 * test log. */
void
hl_test_screenshot_styles (GtkWidget  *window,
                           const char *name,
                           GtkWidget  *popover)
{
  AdwStyleManager *styles = adw_style_manager_get_default ();
  static const char *suffix[] = { "light", "dark" };

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%s", name, suffix[i]);
      g_autofree char *path = NULL;

      adw_style_manager_set_color_scheme (styles, i ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      hl_test_wait_ms (100);
      hl_test_wait_painted (window);
      path = hl_test_save_screenshot (window, file);
      g_test_message ("Screenshot: %s", path);
      if (popover)
        {
          g_autofree char *popover_file = g_strdup_printf ("%s-popover-%s", name, suffix[i]);
          g_autofree char *popover_path = NULL;

          hl_test_wait_painted (popover);
          popover_path = hl_test_save_screenshot (popover, popover_file);
          g_test_message ("Screenshot: %s", popover_path);
        }
    }
  adw_style_manager_set_color_scheme (styles, ADW_COLOR_SCHEME_DEFAULT);
}

GtkWidget *
hl_test_find_by_id (GtkWidget  *widget,
                    const char *id)
{
  const char *own = GTK_IS_BUILDABLE (widget) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : NULL;

  if (g_strcmp0 (own, id) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = hl_test_find_by_id (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A new, registered application with an id of its own, so tests don't meet each other. */
HlApplication *
hl_test_start_app (void)
{
  static guint n;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APP_ID, n++);
  HlApplication *app = hl_application_new (id, G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  return app;
}

/* For hl_test_wait_until (): @data's window shows its workspace. */
gboolean
hl_test_window_ready (gpointer data)
{
  HlWindow *window = hl_application_get_window (data);

  return window != NULL && hl_window_get_ready (window);
}

/* Opens @workspace through app.open-workspace, as D-Bus callers do; returns once it is shown. */
HlWindow *
hl_test_open_window (HlApplication *app,
                     const char    *workspace)
{
  HlWindow *window;

  g_action_group_activate_action (G_ACTION_GROUP (app), "open-workspace", g_variant_new_string (workspace));
  hl_test_wait_until (hl_test_window_ready, app, 30000);

  window = hl_application_get_window (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  hl_test_wait_painted (GTK_WIDGET (window));

  return window;
}

/* Runs what @accel is bound to on @widget (its class shortcuts), as a key press would; a failure
 * if nothing is, or what is bound declines. */
void
hl_test_press (GtkWidget  *widget,
               const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accel);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget, NULL));
              hl_test_drain ();
              return;
            }
        }
    }

  g_error ("Nothing bound to %s on %s", accel, G_OBJECT_TYPE_NAME (widget));
}

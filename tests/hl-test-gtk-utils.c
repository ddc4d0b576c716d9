/* hl-test-gtk-utils.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-test-gtk-utils.h"
#include "hl-test-utils.h"

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

/* bench-startup.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

#include "hl-application.h"
#include "hl-window.h"

/* Start-up to first frame: from process start to the first frame painted with the workspace's
 * pages showing, and the resident memory then. Run by build-aux/bench.sh. */

static gint64 start_time;
static gint64 ready_time;

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, "VmRSS:")))
    return -1;

  return strtol (line + 6, NULL, 10);
}

static void
on_after_paint (GdkFrameClock *clock,
                HlApplication *app)
{
  HlWindow *window = hl_application_get_window (app);

  if (window == NULL || !hl_window_get_ready (window) || ready_time != 0)
    return;

  ready_time = g_get_monotonic_time ();
  printf ("first-frame-ms %.1f\n", (ready_time - start_time) / 1000.0);
  printf ("rss-kib %ld\n", rss_kib ());
  fflush (stdout);
  g_application_quit (G_APPLICATION (app));
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window)
{
  gtk_widget_realize (GTK_WIDGET (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_after_paint), app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HlApplication) app = NULL;
  const char *args[] = { "helpline", "--demo", NULL };

  start_time = g_get_monotonic_time ();

  app = hl_application_new ("io.helpline.Helpline.Bench", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), NULL);

  return g_application_run (G_APPLICATION (app), 2, (char **) args);
}

/* bench-language.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <time.h>

#include "hl-application.h"
#include "hl-language.h"
#include "hl-window.h"

/* Switching the interface language: from activating app.set-language to the first frame of the
 * window built in the new language, with the demo workspace open. Alternates between a language
 * (the first argument, German by default) and the system's; prints every switch (wall clock, and
 * the process's CPU time, which a busy machine disturbs less) and the medians. Run by
 * build-aux/bench.sh for every language of po/LINGUAS. */

#define N_SWITCHES 10

static gint64 switch_start;
static double cpu_start;
static double times_ms[N_SWITCHES];
static double cpu_ms[N_SWITCHES];
static guint n_done;
static const char *language = "de";

static void switch_language (HlApplication *app);

static int compare_doubles (gconstpointer a, gconstpointer b);

static double
cpu_now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
median (double *values)
{
  qsort (values, N_SWITCHES, sizeof values[0], compare_doubles);
  return (values[N_SWITCHES / 2 - 1] + values[N_SWITCHES / 2]) / 2;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static gboolean
next_switch (gpointer data)
{
  switch_language (data);
  return G_SOURCE_REMOVE;
}

static void
on_switched_frame (GdkFrameClock *clock,
                   HlApplication *app)
{
  g_signal_handlers_disconnect_by_func (clock, on_switched_frame, app);

  times_ms[n_done] = (g_get_monotonic_time () - switch_start) / 1000.0;
  cpu_ms[n_done] = cpu_now_ms () - cpu_start;
  printf ("switch-ms %.1f cpu-ms %.1f\n", times_ms[n_done], cpu_ms[n_done]);
  n_done++;

  if (n_done < N_SWITCHES)
    {
      /* Let the old window's teardown and the new window's lists finish first: each switch starts
       * from a settled window, as an agent's does. */
      g_timeout_add (1000, next_switch, app);
      return;
    }

  printf ("language-switch-median-ms %s %.1f\n", language, median (times_ms));
  printf ("language-switch-cpu-median-ms %s %.1f\n", language, median (cpu_ms));
  fflush (stdout);
  g_application_quit (G_APPLICATION (app));
}

static void
switch_language (HlApplication *app)
{
  HlWindow *window;

  switch_start = g_get_monotonic_time ();
  cpu_start = cpu_now_ms ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "set-language",
                                  g_variant_new_string (n_done % 2 == 0 ? language : ""));

  window = hl_application_get_window (app);
  g_assert (window != NULL && hl_window_get_ready (window));
  gtk_widget_realize (GTK_WIDGET (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_switched_frame), app);
}

static void
on_first_frame (GdkFrameClock *clock,
                HlApplication *app)
{
  HlWindow *window = hl_application_get_window (app);

  if (window == NULL || !hl_window_get_ready (window))
    return;

  g_signal_handlers_disconnect_by_func (clock, on_first_frame, app);
  /* The demo's lists have loaded once; then switch. */
  g_timeout_add (1000, next_switch, app);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window)
{
  static gboolean first_seen;

  /* Only the window of the start; the windows built by the switches are timed by switch_language(). */
  if (first_seen)
    return;
  first_seen = TRUE;

  gtk_widget_realize (GTK_WIDGET (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_first_frame), app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HlApplication) app = NULL;
  const char *args[] = { "helpline", "--demo", NULL };

  if (argc > 1)
    language = argv[1];

  hl_language_init ();

  app = hl_application_new ("io.helpline.Helpline.BenchLanguage", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), NULL);

  return g_application_run (G_APPLICATION (app), 2, (char **) args);
}

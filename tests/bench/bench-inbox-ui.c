/* bench-inbox-ui.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hl-application.h"
#include "hl-conversation-view.h"
#include "hl-record.h"
#include "hl-test-gtk-utils.h"
#include "hl-test-utils.h"
#include "hl-window.h"
#include "hl-workspace.h"

#include "bench-workspace.h"

/* The inbox on a big workspace, in the running app: start-up to the first frame, memory after
 * start-up and with the 5,000-message thread open, how long that thread takes to show its newest
 * message, and frame times while scrolling the All view's list down and the thread up (the
 * frame clock's after-paint times: the interval between frames, the time spent in each frame,
 * and frames dropped against 60 Hz). The time in each frame is also given as the main thread's
 * CPU time, which other processes on a busy machine change much less than the wall time.
 *
 *   bench-inbox-ui [CONVERSATIONS] [MESSAGES]    (default 100000 and 1000000)
 *
 * A child process writes the workspace into $XDG_DATA_HOME/helpline/local.db first, so run it with
 * fresh XDG folders under Xvfb, as build-aux/bench.sh does. */

#define SCROLL_FRAMES 300
#define SCROLL_STEP   20.0          /* px a frame: 1,200 px/s at 60 Hz */
#define FRAME_MS      (1000.0 / 60)
#define THREAD_LENGTH 5000

typedef enum
{
  STARTING,
  WAITING,
  SCROLLING,
  OPENING,
} Phase;

static struct
{
  HlApplication *app;
  Phase          phase;
  gint64         start;
  gint64         thread_id;
  gint64         before_paint;
  double         before_paint_cpu;
  GArray        *frames;      /* gint64: after-paint times */
  GArray        *work;        /* double: ms from before-paint to after-paint */
  GArray        *work_cpu;    /* double: the main thread's CPU ms in the same span */
  const char    *scrolling;   /* what is being scrolled, for the report */
  guint          scrolled;
} bench;

static GtkWidget *
find (const char *id)
{
  return hl_test_find_by_id (GTK_WIDGET (hl_application_get_window (bench.app)), id);
}

static void
print_memory (const char *when)
{
  g_autofree char *status = NULL;
  g_autofree char *rollup = NULL;
  const char *rss = NULL, *pss = NULL;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    rss = strstr (status, "VmRSS:");
  if (g_file_get_contents ("/proc/self/smaps_rollup", &rollup, NULL, NULL))
    pss = strstr (rollup, "\nPss:");

  printf ("memory %-28s RSS %5.1f MB  PSS %5.1f MB\n", when,
          rss ? strtol (rss + 6, NULL, 10) / 1024.0 : -1,
          pss ? strtol (pss + 5, NULL, 10) / 1024.0 : -1);
  fflush (stdout);
}

/* The calling thread's CPU time in ms. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Median, 95th percentile and maximum of @values (sorted in place). */
static void
summarise (GArray *values,
           double  out[3])
{
  g_array_sort (values, compare_doubles);
  out[0] = g_array_index (values, double, values->len / 2);
  out[1] = g_array_index (values, double, MIN (values->len - 1, values->len * 95 / 100));
  out[2] = g_array_index (values, double, values->len - 1);
}

static void
print_frames (void)
{
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (double));
  double gap[3], work[3], cpu[3];
  guint dropped = 0;

  for (guint i = 1; i < bench.frames->len; i++)
    {
      double ms = (g_array_index (bench.frames, gint64, i) - g_array_index (bench.frames, gint64, i - 1)) / 1000.0;
      int missed = (int) (ms / FRAME_MS + 0.5) - 1;

      g_array_append_val (intervals, ms);
      dropped += MAX (missed, 0);
    }

  summarise (intervals, gap);
  summarise (bench.work, work);
  summarise (bench.work_cpu, cpu);
  printf ("scroll %-8s %u frames  interval median %.1f / p95 %.1f / max %.1f ms"
          "  in-frame median %.1f / p95 %.1f / max %.1f ms  dropped %u\n"
          "scroll %-8s in-frame CPU median %.1f / p95 %.1f / max %.1f ms\n",
          bench.scrolling, bench.frames->len, gap[0], gap[1], gap[2], work[0], work[1], work[2], dropped,
          bench.scrolling, cpu[0], cpu[1], cpu[2]);
  fflush (stdout);
}

static gboolean
open_thread (gpointer data)
{
  bench.phase = OPENING;
  bench.start = g_get_monotonic_time ();
  hl_window_show_conversation (hl_application_get_window (bench.app), bench.thread_id);
  return G_SOURCE_REMOVE;
}

/* One step a frame; after SCROLL_FRAMES, the report and the next step of the run. */
static gboolean
scroll_tick (GtkWidget     *scroller,
             GdkFrameClock *clock,
             gpointer       data)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  double direction = *(const double *) data;

  if (bench.scrolled++ < SCROLL_FRAMES)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + direction * SCROLL_STEP);
      return G_SOURCE_CONTINUE;
    }

  bench.phase = WAITING;
  print_frames ();
  if (g_str_equal (bench.scrolling, "list"))
    g_timeout_add (500, open_thread, NULL);
  else
    g_application_quit (G_APPLICATION (bench.app));

  return G_SOURCE_REMOVE;
}

static void
start_scrolling (const char   *what,
                 GtkWidget    *scroller,
                 const double *direction)
{
  GtkListView *list = GTK_LIST_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)));

  printf ("scrolling the %s: %u rows\n", what, g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))));
  g_array_set_size (bench.frames, 0);
  g_array_set_size (bench.work, 0);
  g_array_set_size (bench.work_cpu, 0);
  bench.scrolling = what;
  bench.scrolled = 0;
  bench.phase = SCROLLING;
  gtk_widget_add_tick_callback (scroller, scroll_tick, (gpointer) direction, NULL);
}

static gboolean
scroll_list (gpointer data)
{
  static const double down = 1;
  GtkWidget *list = find ("list_view");

  start_scrolling ("list", gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW), &down);
  return G_SOURCE_REMOVE;
}

static gboolean
scroll_thread (gpointer data)
{
  static const double up = -1;

  print_memory ("with the long thread open");
  start_scrolling ("thread", find ("scroller"), &up);
  return G_SOURCE_REMOVE;
}

/* The newest message of the open thread is loaded (its row shows it in this frame). */
static gboolean
newest_shown (void)
{
  HlConversationView *view = HL_CONVERSATION_VIEW (find ("conversation_view"));
  GListModel *messages = hl_conversation_view_get_messages (view);
  g_autoptr(HlRecord) last = NULL;
  guint n;

  if (hl_conversation_view_get_conversation_id (view) != bench.thread_id || messages == NULL ||
      (n = g_list_model_get_n_items (messages)) == 0)
    return FALSE;

  last = g_list_model_get_item (messages, n - 1);
  return hl_record_get_loaded (last);
}

static void
on_before_paint (GdkFrameClock *clock)
{
  bench.before_paint = g_get_monotonic_time ();
  bench.before_paint_cpu = thread_cpu_ms ();
}

static void
on_after_paint (GdkFrameClock *clock)
{
  HlWindow *window = hl_application_get_window (bench.app);
  gint64 now = g_get_monotonic_time ();

  switch (bench.phase)
    {
    case STARTING:
      if (window == NULL || !hl_window_get_ready (window))
        return;
      printf ("start-up to the first frame with the workspace: %.0f ms\n", (now - bench.start) / 1000.0);
      print_memory ("after start-up");
      bench.phase = WAITING;
      hl_window_show_page (window, "inbox");
      g_object_set (find ("inbox_page"), "view", "all", NULL);
      g_timeout_add (1000, scroll_list, NULL);
      break;

    case SCROLLING:
      {
        double ms = (now - bench.before_paint) / 1000.0;
        double cpu = thread_cpu_ms () - bench.before_paint_cpu;

        /* The first frame only starts the intervals: the lists cover the same frames. */
        if (bench.frames->len > 0)
          {
            g_array_append_val (bench.work, ms);
            g_array_append_val (bench.work_cpu, cpu);
          }
        g_array_append_val (bench.frames, now);
      }
      break;

    case OPENING:
      if (!newest_shown ())
        return;
      printf ("opening the thread of %d messages to its newest message drawn: %.0f ms\n",
              THREAD_LENGTH + 1, (now - bench.start) / 1000.0);
      fflush (stdout);
      bench.phase = WAITING;
      g_timeout_add (1000, scroll_thread, NULL);
      break;

    case WAITING:
    default:
      break;
    }
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window)
{
  GdkFrameClock *clock;

  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
}

/* The child: writes the workspace and prints the long thread's conversation id. */
static int
fill (gint64 n_conversations,
      gint64 n_messages)
{
  g_autofree char *path = hl_workspace_path_for ("local");
  g_autoptr(HlStore) store = hl_test_open_store (path);
  g_autoptr(GError) error = NULL;
  gint64 thread;

  g_assert_true (bench_workspace_fill (store, n_conversations, n_messages, &error));
  g_assert_no_error (error);
  thread = bench_workspace_add_thread (store, THREAD_LENGTH, &error);
  g_assert_no_error (error);
  hl_store_close (store);

  printf ("%" G_GINT64_FORMAT "\n", thread);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  const char *conversations = argc > 1 ? argv[1] : "100000";
  const char *messages = argc > 2 ? argv[2] : "1000000";
  const char *child[] = { argv[0], "--fill", conversations, messages, NULL };
  const char *args[] = { "helpline", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status, rc;

  if (argc == 4 && g_str_equal (argv[1], "--fill"))
    return fill (g_ascii_strtoll (argv[2], NULL, 10), g_ascii_strtoll (argv[3], NULL, 10));

  printf ("writing %s conversations and %s messages …\n", conversations, messages);
  fflush (stdout);
  if (!g_spawn_sync (NULL, (char **) child, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, &out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("Could not write the workspace: %s", error->message);
  bench.thread_id = g_ascii_strtoll (out, NULL, 10);
  g_assert_cmpint (bench.thread_id, >, 0);

  bench.frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench.work = g_array_new (FALSE, FALSE, sizeof (double));
  bench.work_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  bench.start = g_get_monotonic_time ();
  bench.app = hl_application_new ("io.helpline.Helpline.Bench",
                                  G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (bench.app, "window-added", G_CALLBACK (on_window_added), NULL);

  rc = g_application_run (G_APPLICATION (bench.app), 1, (char **) args);

  g_clear_object (&bench.app);
  g_array_unref (bench.frames);
  g_array_unref (bench.work);
  g_array_unref (bench.work_cpu);
  return rc;
}

/* hl-test-chatwoot.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "hl-test-chatwoot.h"

#define START_TIMEOUT_S 120

static GSubprocess *harness;
static GHashTable  *harness_env;
static char        *harness_dir;
static SoupSession *hook_session;

/* The harness goes down with the test, however the test ends (start.sh stops its servers on
 * SIGTERM). */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* The last line start.sh wrote: why it skipped. */
static char *
last_line (const char *log)
{
  g_auto(GStrv) lines = g_strsplit (log ? log : "", "\n", -1);

  for (guint i = g_strv_length (lines); i > 0; i--)
    if (g_strstrip (lines[i - 1])[0] != '\0')
      return g_strdup (lines[i - 1]);
  return g_strdup ("the Chatwoot test harness cannot run here");
}

/**
 * hl_test_chatwoot_start:
 * @skip_reason: (out): why the harness cannot run here
 *
 * Starts the harness and waits until it answers. FALSE, with @skip_reason, when it cannot run
 * here: tests/chatwoot/node_modules is missing, or start.sh skips (exit status 77: the vendor's
 * swagger.json is not there). Any other failure to start aborts the test.
 */
gboolean
hl_test_chatwoot_start (char **skip_reason)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "chatwoot", "start.sh", NULL);
  g_autofree char *prism = g_test_build_filename (G_TEST_DIST, "chatwoot", "node_modules", ".bin", "prism", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *env_path = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean exited = FALSE;
  gint64 deadline;

  g_return_val_if_fail (harness == NULL, FALSE);

  if (!g_file_test (prism, G_FILE_TEST_IS_EXECUTABLE))
    {
      *skip_reason = g_strdup ("tests/chatwoot/node_modules is missing (build-aux/setup-chatwoot-test.sh)");
      return FALSE;
    }

  harness_dir = g_dir_make_tmp ("helpline-chatwoot-XXXXXX", &error);
  g_assert_no_error (error);
  env_path = g_build_filename (harness_dir, "env", NULL);
  log_path = g_build_filename (harness_dir, "start.log", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  harness = g_subprocess_launcher_spawn (launcher, &error, script, "--env-file", env_path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (harness, NULL, on_exited, &exited);

  deadline = g_get_monotonic_time () + START_TIMEOUT_S * G_USEC_PER_SEC;
  while (!g_file_test (env_path, G_FILE_TEST_EXISTS))
    {
      g_main_context_iteration (NULL, FALSE);
      if (exited || g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = NULL;

          g_file_get_contents (log_path, &log, NULL, NULL);
          if (exited && g_subprocess_get_if_exited (harness) && g_subprocess_get_exit_status (harness) == 77)
            {
              *skip_reason = last_line (log);
              hl_test_chatwoot_stop ();
              return FALSE;
            }
          g_printerr ("%s\n", log ? log : "");
          g_error ("The Chatwoot test harness did not start");
        }
      g_usleep (50 * 1000);
    }

  g_assert_true (g_file_get_contents (env_path, &contents, NULL, NULL));
  harness_env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');

      if (eq != NULL)
        g_hash_table_insert (harness_env, g_strndup (lines[i], eq - lines[i]), g_strdup (eq + 1));
    }
  hook_session = soup_session_new ();

  return TRUE;
}

void
hl_test_chatwoot_stop (void)
{
  g_autofree char *env_path = NULL;
  g_autofree char *log_path = NULL;

  if (harness == NULL)
    return;

  g_subprocess_send_signal (harness, SIGTERM);
  g_subprocess_wait (harness, NULL, NULL);
  g_clear_object (&harness);
  g_clear_object (&hook_session);
  g_clear_pointer (&harness_env, g_hash_table_unref);

  env_path = g_build_filename (harness_dir, "env", NULL);
  log_path = g_build_filename (harness_dir, "start.log", NULL);
  g_unlink (env_path);
  g_unlink (log_path);
  g_rmdir (harness_dir);
  g_clear_pointer (&harness_dir, g_free);
}

/* One of start.sh's KEY=VALUE lines: PRISM_URL, SERVER_URL, TEST_URL, CABLE_URL, … */
const char *
hl_test_chatwoot_url (const char *key)
{
  const char *value = harness_env ? g_hash_table_lookup (harness_env, key) : NULL;

  g_assert_nonnull (value);
  return value;
}

/* A test hook of the server (TEST_URL, see tests/chatwoot/README.md): its JSON answer. */
JsonNode *
hl_test_chatwoot_hook (const char *method,
                       const char *path,
                       const char *body)
{
  g_autofree char *url = g_strconcat (hl_test_chatwoot_url ("TEST_URL"), path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode *node;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  answer = soup_session_send_and_read (hook_session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), <, 300);

  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  node = json_from_string (text[0] ? text : "null", &error);
  g_assert_no_error (error);
  return node;
}

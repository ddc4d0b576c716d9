/* test-accounts.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>

#include "hl-accounts-page.h"
#include "hl-application.h"
#include "hl-backend-error.h"
#include "hl-chatwoot-sign-in.h"
#include "hl-connection-banner.h"
#include "hl-preferences-window.h"
#include "hl-provision.h"
#include "hl-secret-store.h"
#include "hl-store-edits.h"
#include "hl-sync-banner.h"
#include "hl-test-gtk-utils.h"
#include "hl-test-chatwoot.h"
#include "hl-test-utils.h"
#include "hl-window.h"
#include "hl-workspace.h"

/* Preferences → Accounts driven the way an agent drives it, against the Chatwoot contract-test
 * harness (tests/chatwoot: the project's test server behind Stoplight Prism): right and wrong
 * password, the one-time-code step, an access token, a self-signed certificate (shown, not
 * accepted), the backend reaching "online" with its cable subscribed, the offline banner, a
 * revoked token, and signing out. Needs tests/chatwoot/node_modules (skipped without) and an
 * unlocked keyring (HL_TEST_KEYRING=1, as build-aux/test-session.sh provides). */

/* `openssl x509 -in tests/fixtures/tls/localhost-cert.pem -noout -fingerprint -sha256` */
#define FIXTURE_FINGERPRINT \
  "09:2A:0F:92:0F:81:B3:DD:84:F1:48:FF:AD:9C:AF:7C:00:05:2E:67:D5:61:2E:77:E5:B1:75:2A:98:E6:93:AF"

/* The app */

static HlApplication *
start_app (void)
{
  HlApplication *app = hl_test_start_app ();

  hl_chatwoot_backend_set_retry_timings (hl_application_get_chatwoot (app), 200, 1000);

  return app;
}

static void
close_app (HlApplication *app)
{
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (toplevels);
  hl_test_drain ();
  g_object_unref (app);
}

static HlPreferencesWindow *
open_accounts (HlApplication *app)
{
  HlPreferencesWindow *prefs = hl_preferences_window_new (app);

  hl_preferences_window_show_accounts (prefs);
  gtk_window_set_default_size (GTK_WINDOW (prefs), 560, 620);
  gtk_window_present (GTK_WINDOW (prefs));
  hl_test_wait_painted (GTK_WIDGET (prefs));

  return prefs;
}

static void
screenshot (gpointer    widget,
            const char *name)
{
  g_autofree char *path = NULL;

  hl_test_wait_ms (300);
  hl_test_wait_painted (GTK_WIDGET (widget));
  path = hl_test_save_screenshot (GTK_WIDGET (widget), name);
  g_test_message ("Screenshot: %s", path);
}

static gpointer
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

/* Opens Add Chatwoot Account from the page's button; the caller owns the reference. */
static HlChatwootSignIn *
open_sign_in (HlPreferencesWindow *prefs)
{
  AdwPreferencesPage *page = adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (prefs));
  HlChatwootSignIn *dialog;

  g_assert_true (HL_IS_ACCOUNTS_PAGE (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.add", NULL));
  hl_test_drain ();
  dialog = find_toplevel (HL_TYPE_CHATWOOT_SIGN_IN);
  g_assert_nonnull (dialog);
  hl_test_wait_painted (GTK_WIDGET (dialog));

  return g_object_ref (dialog);
}

static gpointer
child (HlChatwootSignIn *dialog,
       const char       *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (dialog), HL_TYPE_CHATWOOT_SIGN_IN, name);

  g_assert_nonnull (object);
  return object;
}

static void
fill (HlChatwootSignIn *dialog,
      const char       *name,
      const char       *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, name)), text);
}

typedef struct
{
  HlChatwootSignIn *dialog;
  gboolean          signed_in;
} Step;

static gboolean
step_done (gpointer data)
{
  Step *step = data;

  return step->signed_in || !hl_chatwoot_sign_in_get_busy (step->dialog);
}

static void
on_signed_in (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Presses the suggested button (Sign In / Verify / Add Account); TRUE when that signed in. */
static gboolean
press_next (HlChatwootSignIn *dialog)
{
  Step step = { dialog, FALSE };
  gulong id = g_signal_connect_swapped (dialog, "signed-in", G_CALLBACK (on_signed_in), &step.signed_in);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.next", NULL));
  hl_test_wait_until (step_done, &step, 30000);
  g_signal_handler_disconnect (dialog, id);
  hl_test_drain ();

  return step.signed_in;
}

static const char *
error_text (HlChatwootSignIn *dialog)
{
  GtkLabel *label = child (dialog, "error_label");

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

static const char *
visible_step (HlChatwootSignIn *dialog)
{
  return gtk_stack_get_visible_child_name (child (dialog, "stack"));
}

typedef struct
{
  HlChatwootBackend *backend;
  HlChatwootState    state;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *wait = data;

  return hl_chatwoot_backend_get_state (wait->backend) == wait->state;
}

static void
wait_state (HlChatwootBackend *backend,
            HlChatwootState    state)
{
  StateWait wait = { backend, state };

  hl_test_wait_until (state_reached, &wait, 30000);
}

static gboolean
cable_subscribed (gpointer data)
{
  HlActionCable *cable = hl_chatwoot_backend_get_cable (data);

  return cable != NULL && hl_actioncable_get_state (cable) == HL_ACTIONCABLE_SUBSCRIBED;
}

/* The stored access token of the Chatwoot account at the harness, or NULL. */
static char *
stored_token (gint64 account_id)
{
  g_autofree char *account = hl_provision_chatwoot_secret_account (hl_test_chatwoot_url ("PRISM_URL"), account_id);

  return hl_test_lookup_secret (HL_SECRET_CHATWOOT_TOKEN, account);
}

static gboolean
need_keyring (void)
{
  if (g_getenv ("HL_TEST_KEYRING") != NULL)
    return TRUE;

  g_test_skip ("No unlocked keyring: run through build-aux/test.sh");
  return FALSE;
}

static char *
accounts_file (void)
{
  g_autofree char *path = hl_provision_accounts_path ();
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");

  return contents;
}

static gboolean
inbox_row_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

static gboolean
accounts_file_has_inbox (gpointer data)
{
  g_autofree char *contents = accounts_file ();

  return strstr (contents, "phone-inbox-id=3") != NULL;
}

/* Tests */

static void
test_password (void)
{
  HlApplication *app;
  HlChatwootBackend *backend;
  HlPreferencesWindow *prefs;
  g_autoptr(HlChatwootSignIn) dialog = NULL;
  g_autofree char *contents = NULL;
  gint64 start, signed_in, online;
  char *token;

  if (!need_keyring ())
    return;

  app = start_app ();
  backend = hl_application_get_chatwoot (app);
  hl_test_open_window (app, "local");
  prefs = open_accounts (app);
  g_assert_cmpint (hl_chatwoot_backend_get_state (backend), ==, HL_CHATWOOT_STATE_SIGNED_OUT);
  screenshot (prefs, "accounts-signed-out");

  dialog = open_sign_in (prefs);
  fill (dialog, "server_row", hl_test_chatwoot_url ("PRISM_URL"));
  fill (dialog, "email_row", "ana@helpline.test");

  /* The wrong password: a sentence, and still on the first step. */
  fill (dialog, "password_row", "not-the-password");
  g_assert_false (press_next (dialog));
  g_assert_cmpstr (error_text (dialog), ==, "The email address or the password is wrong.");
  g_assert_cmpstr (visible_step (dialog), ==, "credentials");
  g_assert_null (hl_chatwoot_backend_get_config (backend));
  screenshot (dialog, "sign-in-wrong-password");

  /* The right one: saved, and the backend goes online with the cable subscribed. */
  fill (dialog, "password_row", "Password1!");
  start = g_get_monotonic_time ();
  g_assert_true (press_next (dialog));
  signed_in = g_get_monotonic_time ();
  wait_state (backend, HL_CHATWOOT_STATE_ONLINE);
  online = g_get_monotonic_time ();
  hl_test_wait_until (cable_subscribed, backend, 30000);
  g_test_message ("Sign In pressed → saved %.0f ms, → online %.0f ms, → cable subscribed %.0f ms",
                  (signed_in - start) / 1000.0, (online - start) / 1000.0,
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpstr (hl_chatwoot_backend_get_user_name (backend), ==, "Ana Ruiz");
  g_assert_cmpstr (hl_chatwoot_backend_get_account_name (backend), ==, "Helpline Test Co");

  token = stored_token (1);
  g_assert_cmpstr (token, ==, "tok-ana-1000");
  secret_password_free (token);
  contents = accounts_file ();
  g_assert_nonnull (strstr (contents, "account-id=1"));
  g_assert_nonnull (strstr (contents, "user-email=ana@helpline.test"));
  g_assert_null (strstr (contents, "tok-ana"));   /* never on disk */

  /* The call-log inbox: the account's API inboxes ("Phone calls", 3, in the harness). */
  {
    AdwPreferencesPage *page = adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (prefs));
    AdwComboRow *inbox_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (page), HL_TYPE_ACCOUNTS_PAGE,
                                                                           "inbox_row"));
    GListModel *names;
    guint phone = 0;

    hl_test_wait_until (inbox_row_sensitive, inbox_row, 30000);
    names = adw_combo_row_get_model (inbox_row);
    g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);  /* None, Phone calls */
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "None");
    for (guint i = 0; i < g_list_model_get_n_items (names); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Phone calls"))
        phone = i;
    g_assert_cmpuint (phone, ==, 1);
    g_assert_cmpuint (adw_combo_row_get_selected (inbox_row), ==, 0);
    adw_combo_row_set_selected (inbox_row, phone);
    hl_test_wait_until (accounts_file_has_inbox, NULL, 10000);
    g_assert_cmpint (hl_chatwoot_backend_get_config (backend)->phone_inbox_id, ==, 3);
  }

  screenshot (prefs, "accounts-signed-in");

  close_app (app);
}

static void
test_mfa (void)
{
  HlApplication *app;
  HlChatwootBackend *backend;
  HlPreferencesWindow *prefs;
  g_autoptr(HlChatwootSignIn) dialog = NULL;
  char *token;

  if (!need_keyring ())
    return;

  app = start_app ();
  backend = hl_application_get_chatwoot (app);
  prefs = open_accounts (app);
  dialog = open_sign_in (prefs);
  fill (dialog, "server_row", hl_test_chatwoot_url ("PRISM_URL"));
  fill (dialog, "email_row", "emi@helpline.test");
  fill (dialog, "password_row", "Password1!");

  g_assert_false (press_next (dialog));
  g_assert_cmpstr (visible_step (dialog), ==, "mfa");
  g_assert_null (error_text (dialog));

  /* A wrong code is refused with a message; the right one signs in. */
  fill (dialog, "code_row", "000000");
  g_assert_false (press_next (dialog));
  g_assert_nonnull (strstr (error_text (dialog), "The code is wrong"));
  g_assert_cmpstr (visible_step (dialog), ==, "mfa");
  fill (dialog, "code_row", "123456");
  screenshot (dialog, "sign-in-mfa");
  g_assert_true (press_next (dialog));

  wait_state (backend, HL_CHATWOOT_STATE_ONLINE);
  g_assert_cmpstr (hl_chatwoot_backend_get_user_name (backend), ==, "Emi Sato");
  token = stored_token (1);
  g_assert_cmpstr (token, ==, "tok-emi-1004");
  secret_password_free (token);

  close_app (app);
}

static gboolean
banner_revealed (gpointer data)
{
  return hl_connection_banner_get_revealed (data);
}

static void
test_token_offline_sign_out (void)
{
  HlApplication *app;
  HlChatwootBackend *backend;
  HlPreferencesWindow *prefs;
  HlWindow *window;
  HlConnectionBanner *banner;
  g_autoptr(HlChatwootSignIn) dialog = NULL;
  g_autoptr(GError) offline = NULL;
  g_autoptr(JsonNode) expired = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *workspace = NULL;
  g_autofree char *contents = NULL;
  AdwPreferencesPage *page;
  AdwMessageDialog *question;
  GObject *again_button;
  char *token;

  if (!need_keyring ())
    return;

  app = start_app ();
  backend = hl_application_get_chatwoot (app);
  window = hl_test_open_window (app, "local");
  banner = HL_CONNECTION_BANNER (gtk_widget_get_template_child (GTK_WIDGET (window), HL_TYPE_WINDOW,
                                                                "connection_banner"));
  g_assert_false (hl_connection_banner_get_revealed (banner));

  prefs = open_accounts (app);
  dialog = open_sign_in (prefs);
  fill (dialog, "server_row", hl_test_chatwoot_url ("PRISM_URL"));
  adw_combo_row_set_selected (child (dialog, "method_row"), 1);
  g_assert_false (gtk_widget_get_visible (child (dialog, "email_row")));

  /* A wrong token, then the right one. */
  fill (dialog, "token_row", "tok-nobody");
  g_assert_false (press_next (dialog));
  g_assert_nonnull (strstr (error_text (dialog), "refused the access token"));
  fill (dialog, "token_row", "tok-ben-1001");
  g_assert_true (press_next (dialog));
  wait_state (backend, HL_CHATWOOT_STATE_ONLINE);
  g_assert_cmpstr (hl_chatwoot_backend_get_user_email (backend), ==, "ben@helpline.test");
  g_assert_false (hl_connection_banner_get_revealed (banner));

  /* A request of the sync engine or the outbox fails for want of a network: the banner says
   * offline with the pending count; the backend checks again and comes back online by itself. */
  gtk_window_destroy (GTK_WINDOW (prefs));
  hl_test_wait_until (cable_subscribed, backend, 30000);
  hl_chatwoot_backend_set_retry_timings (backend, 3000, 3000);
  hl_chatwoot_backend_set_pending_count (backend, 3);
  offline = g_error_new_literal (HL_BACKEND_ERROR, HL_BACKEND_ERROR_OFFLINE, "There is no network connection.");
  hl_chatwoot_backend_report_error (backend, offline);
  g_assert_cmpint (hl_chatwoot_backend_get_state (backend), ==, HL_CHATWOOT_STATE_OFFLINE);
  g_assert_true (hl_connection_banner_get_revealed (banner));
  g_assert_cmpstr (hl_connection_banner_get_title (banner), ==, "Offline — 3 changes waiting to be sent");
  screenshot (window, "offline-banner");
  wait_state (backend, HL_CHATWOOT_STATE_ONLINE);
  hl_test_drain ();
  g_assert_false (hl_connection_banner_get_revealed (banner));

  /* A slow connection: nothing at first, then "Connecting to Chatwoot…" once it has taken 2 s,
   * gone when online. */
  {
    g_autoptr(JsonNode) slow = hl_test_chatwoot_hook ("POST", "/__test/fault", "{\"kind\":\"delay\",\"delay_ms\":4000,"
                                                          "\"path\":\"/profile$\",\"method\":\"GET\",\"count\":1}");
    gint64 started = g_get_monotonic_time ();

    hl_chatwoot_backend_reload (backend);
    g_assert_cmpint (hl_chatwoot_backend_get_state (backend), ==, HL_CHATWOOT_STATE_CONNECTING);
    hl_test_drain ();
    g_assert_false (hl_connection_banner_get_revealed (banner));
    hl_test_wait_until (banner_revealed, banner, 10000);
    g_assert_cmpint (g_get_monotonic_time () - started, >=, 2 * G_USEC_PER_SEC);
    g_assert_cmpint (hl_chatwoot_backend_get_state (backend), ==, HL_CHATWOOT_STATE_CONNECTING);
    g_assert_cmpstr (hl_connection_banner_get_title (banner), ==, "Connecting to Chatwoot…");
    screenshot (window, "connecting-banner");
    wait_state (backend, HL_CHATWOOT_STATE_ONLINE);
    hl_test_drain ();
    g_assert_false (hl_connection_banner_get_revealed (banner));
  }

  /* The token is revoked on the server: "Sign In Again". */
  expired = hl_test_chatwoot_hook ("POST", "/__test/expire_token", "{\"user_id\":2}");
  hl_chatwoot_backend_reload (backend);
  wait_state (backend, HL_CHATWOOT_STATE_AUTH_FAILED);
  hl_test_drain ();
  g_assert_true (hl_connection_banner_get_revealed (banner));
  g_assert_true (g_str_has_prefix (hl_connection_banner_get_title (banner), "Signing in to Chatwoot failed: "));
  screenshot (window, "auth-failed-banner");

  /* Sign out, deleting the cache: no secret, no [Chatwoot], no database. */
  workspace = hl_chatwoot_config_dup_workspace_name (hl_chatwoot_backend_get_config (backend));
  g_assert_true (g_str_has_prefix (workspace, "chatwoot-127.0.0.1_") && g_str_has_suffix (workspace, "-1"));
  db_path = hl_workspace_path_for (workspace);
  {
    g_autofree char *dir = g_path_get_dirname (db_path);
    g_mkdir_with_parents (dir, 0700);
    g_assert_true (g_file_set_contents (db_path, "cache", -1, NULL));
  }
  /* The banner's Sign In Again (app.accounts) opens Preferences → Accounts, whose Sign In Again
   * opens the dialog for the same server and email. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "accounts", NULL);
  hl_test_drain ();
  prefs = find_toplevel (HL_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  page = adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (prefs));
  g_assert_true (HL_IS_ACCOUNTS_PAGE (page));
  again_button = gtk_widget_get_template_child (GTK_WIDGET (page), HL_TYPE_ACCOUNTS_PAGE, "sign_in_again_button");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (again_button)));
  hl_test_wait_painted (GTK_WIDGET (prefs));
  {
    g_autoptr(HlChatwootSignIn) again = open_sign_in (prefs);

    g_assert_cmpstr (gtk_editable_get_text (child (again, "server_row")), ==, hl_test_chatwoot_url ("PRISM_URL"));
    g_assert_cmpstr (gtk_editable_get_text (child (again, "email_row")), ==, "ben@helpline.test");
    gtk_window_destroy (GTK_WINDOW (again));
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.sign-out", NULL));
  hl_test_drain ();
  question = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (question);
  adw_message_dialog_response (question, "delete");
  wait_state (backend, HL_CHATWOOT_STATE_SIGNED_OUT);
  hl_test_wait_ms (500);

  token = stored_token (1);
  g_assert_null (token);
  contents = accounts_file ();
  g_assert_null (strstr (contents, "[Chatwoot]"));
  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));
  g_assert_false (hl_connection_banner_get_revealed (banner));

  close_app (app);
}

static void
tls_server_callback (SoupServer        *server,
                     SoupServerMessage *message,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  *(gboolean *) user_data = TRUE;
  soup_server_message_set_status (message, 404, NULL);
}

static void
test_tls (void)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "fixtures", "tls", "localhost-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "fixtures", "tls", "localhost-key.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(HlChatwootSignIn) dialog = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  gboolean reached = FALSE;
  HlApplication *app;
  HlPreferencesWindow *prefs;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking)");
      return;
    }

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, tls_server_callback, &reached, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);

  app = start_app ();
  prefs = open_accounts (app);
  dialog = open_sign_in (prefs);
  fill (dialog, "server_row", url);
  fill (dialog, "email_row", "ana@helpline.test");
  fill (dialog, "password_row", "Password1!");
  g_assert_false (press_next (dialog));

  /* Refused, with the details to check, and nothing (the password least of all) sent. */
  g_assert_false (reached);
  g_assert_nonnull (strstr (error_text (dialog), "not signed by a known authority"));
  g_assert_true (gtk_widget_get_visible (child (dialog, "certificate_group")));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "subject_row")), ==, "CN=localhost");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "issuer_row")), ==, "CN=localhost");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "fingerprint_row")), ==, FIXTURE_FINGERPRINT);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (child (dialog, "validity_row")), "2126"));
  g_assert_null (hl_chatwoot_backend_get_config (hl_application_get_chatwoot (app)));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 500, 960);
  screenshot (dialog, "sign-in-tls");

  /* Only an explicit "Trust This Certificate" goes further: the server is then reached (this
   * one is not Chatwoot, which is the next error the agent sees). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.trust-certificate", NULL));
  {
    Step step = { dialog, FALSE };
    hl_test_wait_until (step_done, &step, 30000);
  }
  g_assert_true (reached);
  g_assert_false (gtk_widget_get_visible (child (dialog, "certificate_group")));
  g_assert_nonnull (strstr (error_text (dialog), "not a Chatwoot server"));
  g_assert_null (hl_chatwoot_backend_get_config (hl_application_get_chatwoot (app)));

  close_app (app);
  soup_server_disconnect (server);
}

static void
test_not_chatwoot (void)
{
  g_autoptr(HlChatwootSignIn) dialog = NULL;
  g_autofree char *url = g_strconcat (hl_test_chatwoot_url ("TEST_URL"), "/nothing-here", NULL);
  HlApplication *app = start_app ();
  HlPreferencesWindow *prefs = open_accounts (app);

  /* The test-hook port answers, but not as Chatwoot does. */
  dialog = open_sign_in (prefs);
  fill (dialog, "server_row", url);
  adw_combo_row_set_selected (child (dialog, "method_row"), 1);
  fill (dialog, "token_row", "tok-ana-1000");
  g_assert_false (press_next (dialog));
  g_assert_nonnull (strstr (error_text (dialog), "not a Chatwoot server"));

  /* Nothing listens here. */
  fill (dialog, "server_row", "http://127.0.0.1:9");
  g_assert_false (press_next (dialog));
  g_assert_nonnull (strstr (error_text (dialog), "refused the connection"));

  close_app (app);
}

/* A server whose agent belongs to two accounts (the harness has one): the dialog asks which. */
static void
two_accounts_callback (SoupServer        *server,
                       SoupServerMessage *message,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  static const char profile[] =
    "{\"id\":9,\"name\":\"Kim Lee\",\"display_name\":\"Kim\",\"email\":\"kim@example.com\","
    "\"access_token\":\"tok-kim\",\"pubsub_token\":\"pubsub-kim\",\"role\":\"agent\",\"account_id\":1,"
    "\"accounts\":[{\"id\":1,\"name\":\"First Co\",\"role\":\"agent\",\"status\":\"active\","
    "\"availability\":\"online\",\"auto_offline\":true},"
    "{\"id\":2,\"name\":\"Second Co\",\"role\":\"administrator\",\"status\":\"active\","
    "\"availability\":\"online\",\"auto_offline\":true}]}";
  const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                    "api_access_token");

  if (g_str_has_suffix (path, "/inboxes"))
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, "{\"payload\":[]}", 14);
    }
  else if (!g_str_equal (path, "/api/v1/profile"))
    soup_server_message_set_status (message, 404, NULL);
  else if (g_strcmp0 (token, "tok-kim") != 0)
    {
      soup_server_message_set_status (message, 401, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"error\":\"Invalid Access Token\"}", 32);
    }
  else
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        profile, strlen (profile));
    }
}

static void
test_account_picker (void)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(HlChatwootSignIn) dialog = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  AdwPreferencesGroup *group;
  GtkWidget *second = NULL;
  guint rows = 0;
  HlApplication *app;
  HlChatwootBackend *backend;
  HlPreferencesWindow *prefs;

  if (!need_keyring ())
    return;

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, two_accounts_callback, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);

  app = start_app ();
  backend = hl_application_get_chatwoot (app);
  prefs = open_accounts (app);
  dialog = open_sign_in (prefs);
  fill (dialog, "server_row", url);
  adw_combo_row_set_selected (child (dialog, "method_row"), 1);
  fill (dialog, "token_row", "tok-kim");
  g_assert_false (press_next (dialog));
  g_assert_cmpstr (visible_step (dialog), ==, "account");

  /* The rows, the first one chosen; the agent picks the second. */
  group = child (dialog, "account_group");
  {
    GSList *stack = g_slist_prepend (NULL, group);

    /* every AdwActionRow below the group */
    while (stack)
      {
        GtkWidget *w = stack->data;

        stack = g_slist_delete_link (stack, stack);
        if (ADW_IS_ACTION_ROW (w))
          {
            rows++;
            if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), "Second Co") == 0)
              second = w;
            continue;
          }
        for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
          stack = g_slist_prepend (stack, c);
      }
  }
  g_assert_cmpuint (rows, ==, 2);
  g_assert_nonnull (second);
  screenshot (dialog, "sign-in-account-picker");
  adw_action_row_activate (ADW_ACTION_ROW (second));

  g_assert_true (press_next (dialog));
  g_assert_nonnull (hl_chatwoot_backend_get_config (backend));
  g_assert_cmpint (hl_chatwoot_backend_get_config (backend)->account_id, ==, 2);
  g_assert_cmpstr (hl_chatwoot_backend_get_config (backend)->account_name, ==, "Second Co");

  close_app (app);
  soup_server_disconnect (server);
}

typedef struct
{
  HlChatwootBackend *backend;
  const char        *needle;
} ReasonWait;

static gboolean
reason_contains (gpointer data)
{
  ReasonWait *wait = data;
  const char *reason = hl_chatwoot_backend_get_reason (wait->backend);

  return reason != NULL && strstr (reason, wait->needle) != NULL;
}

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hl_chatwoot_config_save_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* GNetworkMonitor drives the state: without a network the backend says so and waits; the
 * network coming back makes it try at once (here it then can't find the server). */
static void
test_network_monitor (void)
{
  g_autoptr(GNetworkMonitor) monitor = hl_test_network_monitor_new (FALSE);
  g_autoptr(HlChatwootConfig) config = hl_chatwoot_config_new ("https://chat.helpline.invalid", 1);
  g_autoptr(HlChatwootBackend) backend = NULL;
  ReasonWait no_network = { NULL, "no network connection" };
  ReasonWait not_found = { NULL, "Could not find the server chat.helpline.invalid" };
  gboolean saved = FALSE;

  if (!need_keyring ())
    return;

  hl_chatwoot_config_save_async (config, "tok-nowhere", NULL, on_saved, &saved);
  hl_test_wait_until (is_set, &saved, 10000);

  backend = hl_chatwoot_backend_new (monitor);
  no_network.backend = not_found.backend = backend;
  hl_chatwoot_backend_set_retry_timings (backend, 20000, 20000);
  hl_chatwoot_backend_reload (backend);
  g_assert_cmpint (hl_chatwoot_backend_get_state (backend), ==, HL_CHATWOOT_STATE_CONNECTING);
  wait_state (backend, HL_CHATWOOT_STATE_OFFLINE);
  g_assert_true (reason_contains (&no_network));

  /* Back: an attempt at once, not after the 20 s back-off. */
  hl_test_network_monitor_set_available (monitor, TRUE);
  hl_test_wait_until (reason_contains, &not_found, 10000);
  g_assert_cmpint (hl_chatwoot_backend_get_state (backend), ==, HL_CHATWOOT_STATE_OFFLINE);

  /* Gone again. */
  hl_test_network_monitor_set_available (monitor, FALSE);
  g_assert_true (reason_contains (&no_network));
  g_assert_true (g_str_has_prefix (hl_chatwoot_backend_get_status_text (backend), "Offline: "));

  g_assert_finalize_object (g_steal_pointer (&backend));
}

/* Signed in, Workspace ▸ Chatwoot opens the account's workspace: the sync fills it from the
 * server, a reply typed there reaches the server through the outbox, and signing out leaves it
 * for the local workspace. */
typedef struct
{
  HlStore    *store;
  const char *sql;
} StoreWait;

static gboolean
store_has_rows (gpointer data)
{
  StoreWait *wait = data;

  return hl_test_store_int64 (wait->store, wait->sql) > 0;
}

static void
wait_rows (HlStore    *store,
           const char *sql)
{
  StoreWait wait = { store, sql };

  hl_test_wait_until (store_has_rows, &wait, 60000);
}

static gboolean
nothing_pending (gpointer data)
{
  return hl_chatwoot_backend_get_pending_count (data) == 0;
}

/* Ana signs in with her access token through Preferences → Accounts. */
static void
sign_in_with_token (HlApplication *app)
{
  HlPreferencesWindow *prefs = open_accounts (app);
  g_autoptr(HlChatwootSignIn) dialog = open_sign_in (prefs);

  fill (dialog, "server_row", hl_test_chatwoot_url ("PRISM_URL"));
  adw_combo_row_set_selected (child (dialog, "method_row"), 1);
  fill (dialog, "token_row", "tok-ana-1000");
  g_assert_true (press_next (dialog));
  wait_state (hl_application_get_chatwoot (app), HL_CHATWOOT_STATE_ONLINE);
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
sign_out (HlApplication *app)
{
  HlChatwootBackend *backend = hl_application_get_chatwoot (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hl_chatwoot_backend_sign_out_async (backend, FALSE, NULL, hl_test_store_result, &result);
  g_assert_true (hl_chatwoot_backend_sign_out_finish (backend, hl_test_wait_result (&result, 30000), &error));
  g_assert_no_error (error);
}

static void
test_workspace (void)
{
  HlApplication *app;
  HlChatwootBackend *backend;
  HlWindow *window;
  HlStore *store;
  g_autofree char *sql = NULL;
  gint64 conversation, message;

  if (!need_keyring ())
    return;

  app = start_app ();
  backend = hl_application_get_chatwoot (app);
  window = hl_test_open_window (app, "local");
  sign_in_with_token (app);

  /* Signing in leaves the window on the local workspace; the menu item opens the account's. */
  g_assert_cmpstr (hl_workspace_get_name (hl_window_get_workspace (window)), ==, "local");
  window = hl_test_open_window (app, "chatwoot");
  g_assert_true (g_str_has_prefix (hl_workspace_get_name (hl_window_get_workspace (window)), "chatwoot-"));
  store = hl_workspace_get_store (hl_window_get_workspace (window));
  g_assert_cmpstr (hl_store_get_backend (store), ==, "chatwoot");

  /* The sync fills it. */
  wait_rows (store, "SELECT count(*) FROM conversations WHERE remote_id IS NOT NULL");
  wait_rows (store, "SELECT count(*) FROM messages WHERE remote_id IS NOT NULL");
  conversation = hl_test_store_int64 (store, "SELECT id FROM conversations WHERE remote_id IS NOT NULL "
                                             "ORDER BY id LIMIT 1");
  g_assert_cmpint (conversation, >, 0);

  /* A reply goes out through the outbox and gets the server's id. */
  message = hl_test_send_message (store, conversation, "Sent from the Chatwoot workspace", FALSE);
  sql = g_strdup_printf ("SELECT count(*) FROM messages WHERE id = %" G_GINT64_FORMAT
                         " AND remote_id IS NOT NULL AND delivery = 'sent'", message);
  wait_rows (store, sql);
  hl_test_wait_until (nothing_pending, backend, 30000);

  /* Signing out leaves the account's workspace for the local one. */
  sign_out (app);
  hl_test_wait_until (hl_test_window_ready, app, 30000);
  window = hl_application_get_window (app);
  g_assert_cmpstr (hl_workspace_get_name (hl_window_get_workspace (window)), ==, "local");

  close_app (app);
}


/* What the window tells of the sync and of the changes Chatwoot refused (hl-sync-banner.c,
 * hl-failed-changes-dialog.c): the first sync's progress, gone once it is done and silent for
 * later syncs; a refused change with Review → Retry, which sends it again; a conflict with its
 * toast, Review → Discard, after which the conversation shows the server's state again. */

static HlSyncBanner *
sync_banner_of (HlWindow *window)
{
  return HL_SYNC_BANNER (gtk_widget_get_template_child (GTK_WIDGET (window), HL_TYPE_WINDOW, "sync_banner"));
}

typedef struct
{
  HlSyncBanner *banner;
  const char   *text;
} BannerWait;

static gboolean
banner_says (gpointer data)
{
  BannerWait *wait = data;

  return hl_sync_banner_get_revealed (wait->banner) &&
         strstr (hl_sync_banner_get_title (wait->banner), wait->text) != NULL;
}

static gboolean
banner_hidden (gpointer data)
{
  return !hl_sync_banner_get_revealed (data);
}

static gboolean
synced_once (gpointer data)
{
  HlChatwootSync *sync = hl_chatwoot_link_get_sync (data);

  return sync != NULL && hl_chatwoot_sync_get_last_synced_at (sync) > 0 &&
         hl_chatwoot_sync_get_state (sync) == HL_CHATWOOT_SYNC_IDLE;
}

static gboolean
sync_failed (gpointer data)
{
  return hl_chatwoot_sync_get_state (data) == HL_CHATWOOT_SYNC_ERROR;
}

static guint
count_requests (const char *path_regex,
                const char *method)
{
  g_autofree char *escaped = g_uri_escape_string (path_regex, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/__test/requests?path=%s&method=%s", escaped, method);
  g_autoptr(JsonNode) node = hl_test_chatwoot_hook ("GET", path, NULL);

  return json_array_get_length (json_node_get_array (node));
}

typedef struct
{
  HlFailedChangesDialog *dialog;
  guint                  count;
  const char            *title;
} DialogWait;

static gboolean
dialog_lists (gpointer data)
{
  DialogWait *wait = data;
  GtkWidget *row = hl_failed_changes_dialog_get_row (wait->dialog, 0);

  return hl_failed_changes_dialog_get_count (wait->dialog) == wait->count &&
         (wait->title == NULL ||
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), wait->title) == 0);
}

static void
wait_dialog (HlFailedChangesDialog *dialog,
             guint                  count,
             const char            *title)
{
  DialogWait wait = { dialog, count, title };

  hl_test_wait_until (dialog_lists, &wait, 30000);
}

/* Presses Retry (0) or Discard (1) on the dialog's first row. */
static void
press_row_button (HlFailedChangesDialog *dialog,
                  guint                  which)
{
  GtkWidget *row = hl_failed_changes_dialog_get_row (dialog, 0);
  GtkWidget *button = gtk_widget_get_first_child (g_object_get_data (G_OBJECT (row), "buttons"));

  if (which == 1)
    button = gtk_widget_get_next_sibling (button);
  g_assert_true (GTK_IS_BUTTON (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
outbox_clear (gpointer data)
{
  HlChatwootOutbox *outbox = hl_chatwoot_link_get_outbox (data);

  return outbox != NULL && hl_chatwoot_outbox_get_failed_count (outbox) == 0 &&
         hl_chatwoot_outbox_get_pending_count (outbox) == 0;
}

static gboolean
outbox_failed (gpointer data)
{
  HlChatwootOutbox *outbox = hl_chatwoot_link_get_outbox (data);

  return outbox != NULL && hl_chatwoot_outbox_get_failed_count (outbox) == 1;
}

/* A label anywhere under @widget (a toast's title) that contains @text */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, text))
      return TRUE;

  return FALSE;
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} TextWait;

static gboolean
text_shown (gpointer data)
{
  TextWait *wait = data;

  return shows_text (wait->widget, wait->text);
}

static void
edit_done (HlStore      *store,
           GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hl_store_edit_finish (store, result, &error));
  g_assert_no_error (error);
}

/* The server will refuse the next edit of the contact with a validation error (API.md §5.2). */
static void
refuse_contact (const char *remote_id)
{
  g_autofree char *fault = g_strdup_printf ("{\"status\":422,\"body\":\"{\\\"message\\\":\\\"This name is already used"
                                            " by another contact\\\",\\\"attributes\\\":[\\\"name\\\"]}\","
                                            "\"path\":\"/contacts/%s$\",\"method\":\"PATCH\"}", remote_id);
  g_autoptr(JsonNode) queued = hl_test_chatwoot_hook ("POST", "/__test/fault", fault);
}

static const char *
member_or_null (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? json_node_get_string (node) : NULL;
}

/* The agent renames the contact in the record editor (the other fields as they are). */
static void
rename_contact (HlStore    *store,
                gint64      contact,
                const char *name)
{
  g_autofree char *text = hl_test_query (store, "SELECT json_object ('email', email, 'phone', phone, 'company', company,"
                                                " 'city', city, 'country', country, 'locale', locale, 'notes', notes,"
                                                " 'attributes', attributes) FROM contacts WHERE id = %" G_GINT64_FORMAT,
                                         contact);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  JsonObject *row = json_node_get_object (node);
  g_autoptr(GAsyncResult) result = NULL;
  HlContactData data = {
    .name = name,
    .email = member_or_null (row, "email"),
    .phone = member_or_null (row, "phone"),
    .company = member_or_null (row, "company"),
    .city = member_or_null (row, "city"),
    .country = member_or_null (row, "country"),
    .locale = member_or_null (row, "locale"),
    .notes = member_or_null (row, "notes"),
    .attributes = member_or_null (row, "attributes"),
  };

  hl_store_update_contact_async (store, contact, &data, NULL, hl_test_store_result, &result);
  edit_done (store, hl_test_wait_result (&result, 10000));
}

static void
test_sync_banner (void)
{
  HlApplication *app;
  HlChatwootLink *link;
  HlWindow *window;
  HlSyncBanner *banner;
  HlFailedChangesDialog *dialog;
  HlStore *store;
  g_autoptr(JsonNode) slow = NULL;
  g_autoptr(JsonNode) hold = NULL;
  g_autoptr(JsonNode) users = NULL;
  g_autoptr(HlChatwootClient) colleague = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contact_remote = NULL;
  g_autofree char *contact_path = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *get_path = NULL;
  g_autofree char *status = NULL;
  const char *ben_token = NULL;
  guint patches, gets;
  gint64 conversation, contact;

  if (!need_keyring ())
    return;

  app = start_app ();
  hl_test_open_window (app, "local");
  sign_in_with_token (app);

  /* The first sync, with its first page of conversations slowed down, so it can be seen. */
  slow = hl_test_chatwoot_hook ("POST", "/__test/fault", "{\"kind\":\"delay\",\"delay_ms\":3000,\"path\":\"/conversations$\","
                                         "\"method\":\"GET\",\"count\":1}");
  window = hl_test_open_window (app, "chatwoot");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 640);
  banner = sync_banner_of (window);
  link = hl_application_get_chatwoot_link (app);
  g_assert_nonnull (link);
  {
    BannerWait wait = { banner, "Setting up the workspace: Loading conversations" };

    hl_test_wait_until (banner_says, &wait, 30000);
  }
  g_assert_cmpfloat (hl_sync_banner_get_fraction (banner), >, 0.0);
  g_assert_cmpfloat (hl_sync_banner_get_fraction (banner), <, 1.0);
  {
    /* The conversations and their messages are counted as they land: "… 2 of 40 conversations" */
    BannerWait wait = { banner, " of " };
    g_autofree char *path = NULL;

    hl_test_wait_until (banner_says, &wait, 30000);
    hl_test_wait_painted (GTK_WIDGET (window));
    path = hl_test_save_screenshot (GTK_WIDGET (window), "sync-banner-progress");
    g_test_message ("Screenshot: %s", path);
  }

  hl_test_wait_until (synced_once, link, 60000);
  hl_test_drain ();
  g_assert_false (hl_sync_banner_get_revealed (banner));

  /* Later syncs are silent. */
  hl_chatwoot_sync_sync_now (hl_chatwoot_link_get_sync (link));
  g_assert_cmpint (hl_chatwoot_sync_get_state (hl_chatwoot_link_get_sync (link)), ==, HL_CHATWOOT_SYNC_SYNCING);
  g_assert_false (hl_sync_banner_get_revealed (banner));
  hl_test_wait_until (synced_once, link, 60000);

  /* An open conversation with a named contact. */
  store = hl_workspace_get_store (hl_window_get_workspace (window));
  conversation = hl_test_store_int64 (store, "SELECT c.id FROM conversations c JOIN contacts k ON k.id = c.contact_id"
                                             " WHERE c.status = 'open' AND c.remote_id IS NOT NULL AND k.name != ''"
                                             " ORDER BY c.id LIMIT 1");
  g_assert_cmpint (conversation, >, 0);
  remote = hl_test_query (store, "SELECT remote_id FROM conversations WHERE id = %" G_GINT64_FORMAT, conversation);

  /* The server refuses an edit of the contact (a 422 with its reason, once): the banner, Review
   * with what and why, and Retry sends it again. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT contact_id FROM conversations WHERE id = %" G_GINT64_FORMAT, conversation);

    contact = hl_test_store_int64 (store, sql);
  }
  contact_remote = hl_test_query (store, "SELECT remote_id FROM contacts WHERE id = %" G_GINT64_FORMAT, contact);
  contact_path = g_strdup_printf ("/contacts/%s$", contact_remote);
  {
    g_autofree char *what = g_strdup_printf ("Edit the contact %s", "María Renamed");
    BannerWait wait = { banner, "1 change was not accepted by Chatwoot" };

    refuse_contact (contact_remote);
    patches = count_requests (contact_path, "PATCH");
    rename_contact (store, contact, "María Renamed");
    hl_test_wait_until (outbox_failed, link, 30000);
    hl_test_wait_until (banner_says, &wait, 10000);
    screenshot (window, "sync-banner-refused");

    dialog = hl_sync_banner_review (banner);
    g_assert_nonnull (dialog);
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    wait_dialog (dialog, 1, what);
    reason = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (hl_failed_changes_dialog_get_row (dialog, 0))));
    g_assert_nonnull (strstr (reason, "This name is already used by another contact"));
    screenshot (dialog, "failed-changes-dialog");

    press_row_button (dialog, 0);
    hl_test_wait_until (outbox_clear, link, 30000);
    wait_dialog (dialog, 0, NULL);
    g_assert_cmpuint (count_requests (contact_path, "PATCH"), ==, patches + 2);
    hl_test_wait_until (banner_hidden, banner, 10000);
  }

  /* Refused again, and discarded: the sync fetches the contact, and the cache shows the server's
   * name again. */
  {
    g_autofree char *what = g_strdup_printf ("Edit the contact %s", "Wrong Name");
    g_autofree char *shown = NULL;

    refuse_contact (contact_remote);
    rename_contact (store, contact, "Wrong Name");
    hl_test_wait_until (outbox_failed, link, 30000);
    wait_dialog (dialog, 1, what);
    gets = count_requests (contact_path, "GET");
    press_row_button (dialog, 1);
    hl_test_wait_until (outbox_clear, link, 30000);
    wait_dialog (dialog, 0, NULL);
    hl_test_wait_until (synced_once, link, 60000);
    g_assert_cmpuint (count_requests (contact_path, "GET"), ==, gets + 1);
    shown = hl_test_query (store, "SELECT name FROM contacts WHERE id = %" G_GINT64_FORMAT, contact);
    g_assert_cmpstr (shown, ==, "María Renamed");
  }
  name = hl_test_query (store, "SELECT name FROM contacts WHERE id = %" G_GINT64_FORMAT, contact);

  /* A conflict: Ben sets the conversation to pending while our "resolve" is on its way (the
   * outbox's look at the conversation is held 2.5 s). A toast tells, Review lists it, Discard
   * drops it and the sync fetches the conversation again. */
  users = hl_test_chatwoot_hook ("GET", "/__test/users", NULL);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (users)); i++)
    {
      JsonObject *user = json_array_get_object_element (json_node_get_array (users), i);

      if (json_object_get_int_member (user, "id") == 2)
        ben_token = json_object_get_string_member (user, "access_token");
    }
  g_assert_nonnull (ben_token);
  colleague = hl_chatwoot_client_new (hl_test_chatwoot_url ("PRISM_URL"), 1, &error);
  g_assert_no_error (error);
  hl_chatwoot_client_set_access_token (colleague, ben_token);

  get_path = g_strdup_printf ("/conversations/%s$", remote);
  {
    g_autofree char *fault = g_strdup_printf ("{\"kind\":\"delay\",\"delay_ms\":2500,\"path\":\"/conversations/%s$\","
                                              "\"method\":\"GET\",\"count\":1}", remote);
    g_autofree char *conflict_title = g_strdup_printf ("Resolve the conversation with %s", name);
    g_autofree char *toast = g_strdup_printf ("%s’s conversation was changed by someone else", name);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GAsyncResult) changed = NULL;
    g_autoptr(JsonNode) answer = NULL;
    TextWait toast_wait = { GTK_WIDGET (window), toast };
    BannerWait wait = { banner, "1 change was not accepted by Chatwoot" };

    hold = hl_test_chatwoot_hook ("POST", "/__test/fault", fault);
    gets = count_requests (get_path, "GET");
    hl_store_set_conversation_status_async (store, conversation, HL_CONVERSATION_STATUS_RESOLVED, 0, NULL,
                                            hl_test_store_result, &result);
    edit_done (store, hl_test_wait_result (&result, 10000));
    hl_test_wait_ms (500);
    hl_chatwoot_client_toggle_status_async (colleague, g_ascii_strtoll (remote, NULL, 10), HL_CONVERSATION_STATUS_PENDING,
                                            0, NULL, hl_test_store_result, &changed);
    answer = hl_chatwoot_client_call_finish (colleague, hl_test_wait_result (&changed, 10000), &error);
    g_assert_no_error (error);

    hl_test_wait_until (outbox_failed, link, 30000);
    hl_test_wait_until (text_shown, &toast_wait, 10000);
    hl_test_wait_until (banner_says, &wait, 10000);
    wait_dialog (dialog, 1, conflict_title);
    g_free (reason);
    reason = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (hl_failed_changes_dialog_get_row (dialog, 0))));
    g_assert_true (g_str_has_prefix (reason, "Conflict: someone else set the conversation to “pending”"));
    screenshot (window, "sync-banner-conflict");
    screenshot (dialog, "failed-changes-dialog-conflict");

    /* Our change showed in the cache until the server's copy came back; the server kept Ben's. */
    gets = count_requests (get_path, "GET");
    press_row_button (dialog, 1);
    hl_test_wait_until (outbox_clear, link, 30000);
    wait_dialog (dialog, 0, NULL);
    hl_test_wait_until (banner_hidden, banner, 10000);
    hl_test_wait_until (synced_once, link, 60000);
    g_assert_cmpuint (count_requests (get_path, "GET"), >, gets);
    status = hl_test_query (store, "SELECT status FROM conversations WHERE id = %" G_GINT64_FORMAT, conversation);
    g_assert_cmpstr (status, ==, "pending");
    g_assert_cmpint (hl_test_store_int64 (store, "SELECT count(*) FROM outbox"), ==, 0);
  }

  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A sync the server refuses says why, with Try Again, which syncs again. */
  {
    g_autoptr(JsonNode) broken = hl_test_chatwoot_hook ("POST", "/__test/fault", "{\"status\":400,\"body\":\"{\\\"description\\\":"
                                                                 "\\\"The filter is not valid\\\"}\",\"path\":\"/conversations$\","
                                                                 "\"method\":\"GET\",\"count\":1}");
    GtkWidget *try_again = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (banner), HL_TYPE_SYNC_BANNER,
                                                                      "retry_button"));
    HlChatwootSync *sync = hl_chatwoot_link_get_sync (link);
    BannerWait wait = { banner, hl_chatwoot_sync_get_last_error (sync) };

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.sync", NULL));
    hl_test_wait_until (sync_failed, sync, 60000);
    wait.text = hl_chatwoot_sync_get_last_error (sync);
    hl_test_wait_until (banner_says, &wait, 10000);
    g_assert_true (gtk_widget_get_visible (try_again));
    screenshot (window, "sync-banner-error");

    g_signal_emit_by_name (try_again, "clicked");
    hl_test_wait_until (synced_once, link, 60000);
    hl_test_wait_until (banner_hidden, banner, 10000);
  }

  sign_out (app);
  hl_test_wait_until (hl_test_window_ready, app, 30000);
  close_app (app);
}

static void
test_violations (void)
{
  g_autoptr(JsonNode) node = hl_test_chatwoot_hook ("GET", "/__test/violations", NULL);
  JsonObject *object = json_node_get_object (node);

  if (json_object_get_int_member (object, "count") != 0)
    {
      g_autofree char *text = json_to_string (node, TRUE);
      g_test_message ("%s", text);
    }
  g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *skip = NULL;
  int status;

  hl_test_gtk_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!hl_test_chatwoot_start (&skip))
    {
      /* meson reads a TAP test's skip from its plan: an exit status of 77 would count as an error */
      g_print ("1..0 # SKIP %s\n", skip);
      return 0;
    }
  g_setenv ("HELPLINE_CHATWOOT_CABLE_URL", hl_test_chatwoot_url ("CABLE_URL"), TRUE);

  g_test_add_func ("/accounts/password", test_password);
  g_test_add_func ("/accounts/mfa", test_mfa);
  g_test_add_func ("/accounts/token-offline-sign-out", test_token_offline_sign_out);
  g_test_add_func ("/accounts/tls", test_tls);
  g_test_add_func ("/accounts/not-chatwoot", test_not_chatwoot);
  g_test_add_func ("/accounts/account-picker", test_account_picker);
  g_test_add_func ("/accounts/network-monitor", test_network_monitor);
  g_test_add_func ("/accounts/workspace", test_workspace);
  g_test_add_func ("/accounts/sync-banner", test_sync_banner);
  g_test_add_func ("/accounts/prism-violations", test_violations);

  status = g_test_run ();
  hl_test_chatwoot_stop ();

  return status;
}

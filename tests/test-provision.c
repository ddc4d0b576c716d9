/* test-provision.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hl-chatwoot-config.h"
#include "hl-provision.h"
#include "hl-secret-store.h"
#include "hl-test-utils.h"

static const char full_file[] =
  "[Phone]\n"
  "websocket-url=wss://pbx.example.com:8089/ws\n"
  "uri=sip:agent1@pbx.example.com\n"
  "username=agent1            # auth user, defaults to the URI's user\n"
  "password=s3cr#t pass       # with a hash: secrets are taken as they are\n"
  "display-name=Ana Ruiz\n"
  "ice-servers=stun:stun.example.com:3478;turn:turn.example.com:3478?transport=udp\n"
  "turn-username=turnuser\n"
  "turn-password=turnpw\n"
  "auto-answer=true\n"
  "recording=true\n"
  "dispositions=Sale; No sale ;;Sale;Callback\n"
  "[Chatwoot]\n"
  "url=https://chat.example.com\n"
  "account-id=1\n"
  "access-token=tok-123\n"
  "phone-inbox-id=7\n"
  "[Workspace]\n"
  "language=de\n";

static void
test_parse_full (void)
{
  g_autoptr(HlProvision) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *accounts = NULL;

  p = hl_provision_parse (full_file, strlen (full_file), &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);

  g_assert_true (p->has_phone);
  g_assert_cmpstr (p->phone_websocket_url, ==, "wss://pbx.example.com:8089/ws");
  g_assert_cmpstr (p->phone_uri, ==, "sip:agent1@pbx.example.com");
  g_assert_cmpstr (p->phone_username, ==, "agent1");
  g_assert_cmpstr (p->phone_password, ==, "s3cr#t pass       # with a hash: secrets are taken as they are");
  g_assert_cmpstr (p->phone_display_name, ==, "Ana Ruiz");
  g_assert_cmpuint (g_strv_length (p->phone_ice_servers), ==, 2);
  g_assert_cmpstr (p->phone_ice_servers[1], ==, "turn:turn.example.com:3478?transport=udp");
  g_assert_true (p->phone_auto_answer);
  g_assert_true (p->phone_recording_set);
  g_assert_true (p->phone_recording);
  /* Trimmed, empty entries and repeats dropped, in the file's order */
  g_assert_cmpuint (g_strv_length (p->phone_dispositions), ==, 3);
  g_assert_cmpstr (p->phone_dispositions[0], ==, "Sale");
  g_assert_cmpstr (p->phone_dispositions[1], ==, "No sale");
  g_assert_cmpstr (p->phone_dispositions[2], ==, "Callback");
  g_assert_true (p->has_chatwoot);
  g_assert_cmpint (p->chatwoot_account_id, ==, 1);
  g_assert_cmpint (p->chatwoot_phone_inbox_id, ==, 7);
  g_assert_cmpstr (p->chatwoot_access_token, ==, "tok-123");
  g_assert_cmpstr (p->language, ==, "de");

  /* Nothing secret reaches the accounts file. */
  accounts = hl_provision_to_accounts_file (p);
  g_assert_null (strstr (accounts, "s3cr"));
  g_assert_null (strstr (accounts, "turnpw"));
  g_assert_null (strstr (accounts, "tok-123"));
  g_assert_nonnull (strstr (accounts, "uri=sip:agent1@pbx.example.com"));
}

static void
test_parse_defaults (void)
{
  const char file[] = "[Phone]\nwebsocket-url=ws://127.0.0.1:8080/ws\nuri=sips:bob@pbx.example.com;transport=ws\n";
  g_autoptr(HlProvision) p = NULL;
  g_autoptr(GError) error = NULL;

  p = hl_provision_parse (file, strlen (file), &error);
  g_assert_no_error (error);
  /* The auth user defaults to the URI's user; ws:// is fine to loopback. */
  g_assert_cmpstr (p->phone_username, ==, "bob");
  g_assert_false (p->phone_auto_answer);
  g_assert_false (p->has_chatwoot);
  g_assert_null (p->phone_password);
}

static void
test_parse_errors (void)
{
  struct { const char *file; int code; const char *needle; } cases[] = {
    { "", HL_PROVISION_ERROR_EMPTY, NULL },
    { "not a key file", HL_PROVISION_ERROR_PARSE, NULL },
    { "[Phone\nuri=x", HL_PROVISION_ERROR_PARSE, NULL },
    { "[Printer]\nname=x\n", HL_PROVISION_ERROR_UNKNOWN_GROUP, "[Printer]" },
    { "[Phone]\nwebsocket-url=wss://a/ws\nuri=sip:a@b\npasword=x\n", HL_PROVISION_ERROR_UNKNOWN_KEY, "pasword" },
    { "[Phone]\nuri=sip:a@b\n", HL_PROVISION_ERROR_MISSING_KEY, "websocket-url" },
    { "[Phone]\nwebsocket-url=ws://pbx.example.com/ws\nuri=sip:a@b\n", HL_PROVISION_ERROR_INVALID_VALUE, "websocket-url" },
    { "[Phone]\nwebsocket-url=https://pbx.example.com/ws\nuri=sip:a@b\n", HL_PROVISION_ERROR_INVALID_VALUE, "websocket-url" },
    { "[Phone]\nwebsocket-url=not a url\nuri=sip:a@b\n", HL_PROVISION_ERROR_INVALID_VALUE, "websocket-url" },
    { "[Phone]\nwebsocket-url=wss://a/ws\nuri=agent1@pbx\n", HL_PROVISION_ERROR_INVALID_VALUE, "uri" },
    { "[Phone]\nwebsocket-url=wss://a/ws\nuri=sip:@pbx\n", HL_PROVISION_ERROR_INVALID_VALUE, "uri" },
    { "[Phone]\nwebsocket-url=wss://a/ws\nuri=sip:a@\n", HL_PROVISION_ERROR_INVALID_VALUE, "uri" },
    { "[Phone]\nwebsocket-url=wss://a/ws\nuri=sip:a@b\nauto-answer=yes\n", HL_PROVISION_ERROR_INVALID_VALUE, "auto-answer" },
    { "[Phone]\nwebsocket-url=wss://a/ws\nuri=sip:a@b\nrecording=on\n", HL_PROVISION_ERROR_INVALID_VALUE, "recording" },
    { "[Phone]\nwebsocket-url=wss://a/ws\nuri=sip:a@b\nice-servers=http://x\n", HL_PROVISION_ERROR_INVALID_VALUE, "ice-servers" },
    { "[Phone]\nwebsocket-url=wss://a/ws\nuri=sip:a@b\nice-servers=turn:x?transport=sctp\n", HL_PROVISION_ERROR_INVALID_VALUE, "ice-servers" },
    { "[Phone]\nwebsocket-url=wss://a/ws\nuri=sip:a@b\nturn-password=x\n", HL_PROVISION_ERROR_INVALID_VALUE, "turn-username" },
    { "[Chatwoot]\nurl=https://c\naccount-id=abc\naccess-token=t\n", HL_PROVISION_ERROR_INVALID_VALUE, "account-id" },
    { "[Chatwoot]\nurl=https://c\naccount-id=0\naccess-token=t\n", HL_PROVISION_ERROR_INVALID_VALUE, "account-id" },
    { "[Chatwoot]\nurl=http://chat.example.com\naccount-id=1\naccess-token=t\n", HL_PROVISION_ERROR_INVALID_VALUE, "url" },
    { "[Chatwoot]\nurl=https://c\naccount-id=1\n", HL_PROVISION_ERROR_MISSING_KEY, "access-token" },
    { "[Workspace]\nlanguage=Deutsch!\n", HL_PROVISION_ERROR_INVALID_VALUE, "language" },
    { "[Workspace]\nlanguage=de\x80\n", HL_PROVISION_ERROR_PARSE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HlProvision) p = NULL;
      g_autoptr(GError) error = NULL;

      p = hl_provision_parse (cases[i].file, strlen (cases[i].file), &error);
      if (p != NULL || !g_error_matches (error, HL_PROVISION_ERROR, cases[i].code))
        g_error ("case %u: expected error %d, got %s", i, cases[i].code, error ? error->message : "success");
      if (cases[i].needle)
        g_assert_nonnull (strstr (error->message, cases[i].needle));
    }
}

static void
test_loopback (void)
{
  g_assert_true (hl_is_loopback_host ("localhost"));
  g_assert_true (hl_is_loopback_host ("127.0.0.1"));
  g_assert_true (hl_is_loopback_host ("127.8.9.10"));
  g_assert_true (hl_is_loopback_host ("[::1]"));
  g_assert_false (hl_is_loopback_host ("10.0.0.1"));
  g_assert_false (hl_is_loopback_host ("localhost.example.com"));
  g_assert_false (hl_is_loopback_host (NULL));
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *secret;
  GError   *error;
} Result;

static gboolean
result_done (gpointer data)
{
  return ((Result *) data)->done;
}

static void
on_applied (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;

  r->ok = hl_provision_apply_finish (result, &r->error);
  r->done = TRUE;
}

static void
test_apply (void)
{
  g_autoptr(HlProvision) p = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *path = hl_provision_accounts_path ();
  g_autofree char *contents = NULL;
  g_autofree char *language = NULL;
  char *secret;
  Result r = { 0 };

  if (g_getenv ("HL_TEST_KEYRING") == NULL)
    {
      g_test_skip ("No unlocked keyring: run through build-aux/test.sh");
      return;
    }

  settings = g_settings_new ("io.helpline.Helpline");
  p = hl_provision_parse (full_file, strlen (full_file), NULL);
  hl_provision_apply_async (p, settings, NULL, on_applied, &r);
  hl_test_wait_until (result_done, &r, 10000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  /* Secrets in the keyring… */
  secret = hl_test_lookup_secret (HL_SECRET_PHONE_PASSWORD, "sip:agent1@pbx.example.com");
  g_assert_cmpstr (secret, ==, p->phone_password);
  secret_password_free (secret);
  secret = hl_test_lookup_secret (HL_SECRET_CHATWOOT_TOKEN, "https://chat.example.com#1");
  g_assert_cmpstr (secret, ==, "tok-123");
  secret_password_free (secret);

  /* …the rest on disk, private, and the language in GSettings. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "websocket-url=wss://pbx.example.com:8089/ws"));
  g_assert_null (strstr (contents, "tok-123"));
  language = g_settings_get_string (settings, "language");
  g_assert_cmpstr (language, ==, "de");
}

/* Parses and applies @file (no secrets in it: no keyring needed). */
static void
apply_file (const char *file,
            GSettings  *settings)
{
  g_autoptr(HlProvision) p = hl_provision_parse (file, strlen (file), NULL);
  Result r = { 0 };

  g_assert_nonnull (p);
  hl_provision_apply_async (p, settings, NULL, on_applied, &r);
  hl_test_wait_until (result_done, &r, 10000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

/* [Phone] recording= sets the call-recording setting; without the key the agent's choice stays.
 * No password in the file: nothing goes to the keyring, so this runs without one. */
static void
test_apply_recording (void)
{
  static const char with_key[] = "[Phone]\nwebsocket-url=wss://a/ws\nuri=sip:a@b\nrecording=true\n";
  static const char without_key[] = "[Phone]\nwebsocket-url=wss://a/ws\nuri=sip:a@b\nrecording=false\n";
  static const char no_key[] = "[Phone]\nwebsocket-url=wss://a/ws\nuri=sip:a@b\n";
  const char *files[] = { with_key, no_key, without_key };
  const gboolean want[] = { TRUE, TRUE, FALSE };
  g_autoptr(GSettings) settings = g_settings_new ("io.helpline.Helpline");

  /* /provision/apply (with a keyring) has imported recording=true into the same memory backend */
  g_settings_reset (settings, "call-recording");
  g_assert_false (g_settings_get_boolean (settings, "call-recording"));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      apply_file (files[i], settings);
      g_assert_cmpint (g_settings_get_boolean (settings, "call-recording"), ==, want[i]);
    }
}

/* [Phone] dispositions= sets the team's list; without the key it stays as it was. */
static void
test_apply_dispositions (void)
{
  static const char with_key[] = "[Phone]\nwebsocket-url=wss://a/ws\nuri=sip:a@b\ndispositions=Sale;No sale\n";
  static const char no_key[] = "[Phone]\nwebsocket-url=wss://a/ws\nuri=sip:a@b\n";
  const char *files[] = { with_key, no_key };
  g_autoptr(GSettings) settings = g_settings_new ("io.helpline.Helpline");

  g_settings_reset (settings, "call-dispositions");

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_auto(GStrv) list = NULL;

      apply_file (files[i], settings);
      list = g_settings_get_strv (settings, "call-dispositions");
      g_assert_cmpuint (g_strv_length (list), ==, 2);
      g_assert_cmpstr (list[1], ==, "No sale");
    }
  g_settings_reset (settings, "call-dispositions");
}

static void
on_config_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Result *r = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == hl_chatwoot_config_save_async)
    r->ok = hl_chatwoot_config_save_finish (result, &r->error);
  else
    r->ok = hl_chatwoot_config_remove_finish (result, &r->error);
  r->done = TRUE;
}

static char *
chatwoot_group (void)
{
  g_autoptr(GKeyFile) file = hl_provision_load_accounts ();
  g_autoptr(GKeyFile) group = g_key_file_new ();
  g_auto(GStrv) keys = g_key_file_get_keys (file, "Chatwoot", NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++)
    {
      g_autofree char *value = g_key_file_get_value (file, "Chatwoot", keys[i], NULL);
      g_key_file_set_value (group, "Chatwoot", keys[i], value);
    }

  return g_key_file_to_data (group, NULL, NULL);
}

/* Preferences → Accounts stores a Chatwoot account exactly as --provision does: the same keys in
 * accounts.ini, the token under the same keyring entry; and neither touches the phone account. */
static void
test_chatwoot_config (void)
{
  static const char chatwoot_only[] =
    "[Chatwoot]\nurl=https://chat.example.com\naccount-id=1\naccess-token=tok-456\nphone-inbox-id=7\n";
  g_autoptr(HlProvision) full = NULL;
  g_autoptr(HlProvision) only = NULL;
  g_autoptr(HlChatwootConfig) config = NULL;
  g_autofree char *provisioned = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = hl_provision_accounts_path ();
  char *secret;
  Result r = { 0 };

  if (g_getenv ("HL_TEST_KEYRING") == NULL)
    {
      g_test_skip ("No unlocked keyring: run through build-aux/test.sh");
      return;
    }

  full = hl_provision_parse (full_file, strlen (full_file), NULL);
  hl_provision_apply_async (full, NULL, NULL, on_applied, &r);
  hl_test_wait_until (result_done, &r, 10000);
  g_assert_no_error (r.error);

  /* A second file with only [Chatwoot] keeps [Phone]. */
  only = hl_provision_parse (chatwoot_only, strlen (chatwoot_only), NULL);
  r = (Result) { 0 };
  hl_provision_apply_async (only, NULL, NULL, on_applied, &r);
  hl_test_wait_until (result_done, &r, 10000);
  g_assert_no_error (r.error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "uri=sip:agent1@pbx.example.com"));
  provisioned = chatwoot_group ();

  config = hl_chatwoot_config_load ();
  g_assert_nonnull (config);
  g_assert_cmpstr (config->url, ==, "https://chat.example.com");
  g_assert_cmpint (config->account_id, ==, 1);
  g_assert_cmpint (config->phone_inbox_id, ==, 7);

  /* The same account saved the way the Accounts page saves it. */
  r = (Result) { 0 };
  hl_chatwoot_config_save_async (config, "tok-456", NULL, on_config_done, &r);
  hl_test_wait_until (result_done, &r, 10000);
  g_assert_no_error (r.error);
  saved = chatwoot_group ();
  g_assert_cmpstr (saved, ==, provisioned);
  secret = hl_test_lookup_secret (HL_SECRET_CHATWOOT_TOKEN, "https://chat.example.com#1");
  g_assert_cmpstr (secret, ==, "tok-456");
  secret_password_free (secret);

  /* Signing out takes the token and [Chatwoot] away, and nothing else. */
  r = (Result) { 0 };
  hl_chatwoot_config_remove_async (config, FALSE, NULL, on_config_done, &r);
  hl_test_wait_until (result_done, &r, 10000);
  g_assert_no_error (r.error);
  g_assert_null (hl_test_lookup_secret (HL_SECRET_CHATWOOT_TOKEN, "https://chat.example.com#1"));
  g_assert_null (hl_chatwoot_config_load ());
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "uri=sip:agent1@pbx.example.com"));
  g_assert_null (strstr (contents, "[Chatwoot]"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/provision/parse-full", test_parse_full);
  g_test_add_func ("/provision/parse-defaults", test_parse_defaults);
  g_test_add_func ("/provision/parse-errors", test_parse_errors);
  g_test_add_func ("/provision/loopback", test_loopback);
  g_test_add_func ("/provision/apply", test_apply);
  g_test_add_func ("/provision/apply-recording", test_apply_recording);
  g_test_add_func ("/provision/apply-dispositions", test_apply_dispositions);
  g_test_add_func ("/provision/chatwoot-config", test_chatwoot_config);

  return g_test_run ();
}

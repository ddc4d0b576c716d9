/* test-chatwoot-client.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "hl-backend-error.h"
#include "hl-chatwoot-client.h"

/* The client against an in-process SoupServer on 127.0.0.1 that answers as Chatwoot does (or
 * doesn't): status codes, rate limits, web pages, broken JSON, sign-in with and without a one-time
 * code, and HTTPS with a self-signed certificate (tests/fixtures/tls, test data only). */

#define TOKEN "tok-SECRET-4b1d9e"

typedef struct
{
  char  *method;
  char  *path;
  char  *query;
  char  *body;
  char  *token;
} Seen;

static Seen seen;
static GString *captured_log;

static void
seen_clear (void)
{
  g_clear_pointer (&seen.method, g_free);
  g_clear_pointer (&seen.path, g_free);
  g_clear_pointer (&seen.query, g_free);
  g_clear_pointer (&seen.body, g_free);
  g_clear_pointer (&seen.token, g_free);
}

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    {
      g_autofree char *line = g_log_writer_format_fields (level, fields, n_fields, FALSE);

      g_string_append (captured_log, line);
      g_string_append_c (captured_log, '\n');
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static char *
fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "chatwoot", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *body)
{
  respond (msg, status, "application/json; charset=utf-8", body);
}

static void
handle_sign_in (SoupServerMessage *msg,
                JsonObject        *body)
{
  const char *email = json_object_get_string_member_with_default (body, "email", "");
  const char *password = json_object_get_string_member_with_default (body, "password", "");
  const char *mfa_token = json_object_get_string_member_with_default (body, "mfa_token", NULL);
  g_autofree char *user = fixture ("sign-in.json");

  if (mfa_token != NULL)
    {
      const char *code = json_object_get_string_member_with_default (body, "otp_code", NULL);
      const char *backup = json_object_get_string_member_with_default (body, "backup_code", NULL);

      if (g_str_equal (mfa_token, "mfa-7f3") &&
          (g_strcmp0 (code, "123456") == 0 || g_strcmp0 (backup, "backup-1") == 0))
        respond_json (msg, 200, user);
      else
        respond_json (msg, 401, "{\"success\":false,\"errors\":[\"Invalid verification code\"]}");
      return;
    }

  if (!g_str_equal (password, "right"))
    respond_json (msg, 401, "{\"success\":false,\"errors\":[\"Invalid login credentials. Please try again.\"]}");
  else if (g_str_equal (email, "mfa@example.com"))
    respond_json (msg, 206, "{\"mfa_required\":true,\"mfa_token\":\"mfa-7f3\"}");
  else if (g_str_equal (email, "noapi@example.com"))
    respond_json (msg, 200, "{\"data\":{\"id\":9,\"access_token\":\"\",\"pubsub_token\":\"p\",\"accounts\":[]}}");
  else
    respond_json (msg, 200, user);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  const char *token = soup_message_headers_get_one (headers, "api_access_token");
  GUri *uri = soup_server_message_get_uri (msg);

  seen_clear ();
  seen.method = g_strdup (soup_server_message_get_method (msg));
  seen.path = g_strdup (path);
  seen.query = g_strdup (g_uri_get_query (uri));
  seen.body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  seen.token = g_strdup (token);

  if (g_str_equal (path, "/auth/sign_in"))
    {
      g_autoptr(JsonNode) node = json_from_string (seen.body, NULL);

      g_assert_nonnull (node);
      g_assert_null (token);
      handle_sign_in (msg, json_node_get_object (node));
      return;
    }

  if (g_str_has_prefix (path, "/api/") && g_strcmp0 (token, TOKEN) != 0)
    {
      respond_json (msg, 401, "{\"error\":\"Invalid Access Token\"}");
      return;
    }

  if (g_str_equal (path, "/api/v1/profile"))
    {
      g_autofree char *profile = fixture ("profile.json");
      respond_json (msg, 200, profile);
    }
  else if (g_str_equal (path, "/api/v1/accounts/1/conversations"))
    {
      g_autofree char *page = fixture ("conversations.json");
      respond_json (msg, 200, page);
    }
  else if (g_str_has_suffix (path, "/messages") && g_str_equal (seen.method, "POST"))
    respond_json (msg, 200, "{\"id\":6001,\"content\":\"Hallo\",\"inbox_id\":2,\"conversation_id\":101,"
                            "\"message_type\":1,\"content_type\":\"text\",\"status\":\"sent\","
                            "\"content_attributes\":{},\"created_at\":1782910000,\"private\":false,"
                            "\"echo_id\":\"hl-outbox-43\"}");
  else if (g_str_has_suffix (path, "/toggle_priority"))
    respond (msg, 200, NULL, NULL);
  else if (g_str_has_suffix (path, "/toggle_status"))
    {
      g_autofree char *result = fixture ("toggle-status.json");
      respond_json (msg, 200, result);
    }
  else if (g_str_equal (path, "/api/v1/accounts/1/contacts/31") && g_str_equal (seen.method, "PATCH"))
    {
      g_autofree char *contact = fixture ("contact.json");
      respond_json (msg, 200, contact);
    }
  else if (g_str_equal (path, "/api/v1/test/429"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "17");
      respond (msg, 429, "text/plain", "Retry later\n");
    }
  else if (g_str_equal (path, "/api/v1/test/429-bare"))
    respond (msg, 429, "text/plain", "Retry later\n");
  else if (g_str_equal (path, "/api/v1/test/500"))
    respond (msg, 500, "text/html", "<html><body>We're sorry, but something went wrong.</body></html>");
  else if (g_str_equal (path, "/api/v1/test/503"))
    respond_json (msg, 503, "{\"error\":\"maintenance\"}");
  else if (g_str_equal (path, "/api/v1/test/html"))
    respond (msg, 200, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head></html>");
  else if (g_str_equal (path, "/api/v1/test/text"))
    respond (msg, 200, "text/plain", "OK");
  else if (g_str_equal (path, "/api/v1/test/malformed"))
    respond_json (msg, 200, "{\"data\": {\"payload\": [1, 2");
  else if (g_str_equal (path, "/api/v1/test/wrong-shape"))
    respond_json (msg, 200, "{\"id\":\"seven\",\"access_token\":\"x\"}");
  else if (g_str_equal (path, "/api/v1/test/403"))
    respond_json (msg, 403, "{\"error\":\"API access is not enabled for this account\"}");
  else if (g_str_equal (path, "/api/v1/test/422"))
    respond_json (msg, 422, "{\"message\":\"Email has already been taken\",\"attributes\":[\"email\"]}");
  else if (g_str_equal (path, "/api/v1/test/418"))
    respond_json (msg, 418, "{}");
  else if (g_str_equal (path, "/api/v1/test/redirect"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", "/elsewhere");
      respond (msg, 302, "text/html", "<html><body>Moved</body></html>");
    }
  else if (g_str_equal (path, "/elsewhere"))
    respond_json (msg, 200, "{\"followed\":true}");
  else if (g_str_equal (path, "/api/v1/test/empty"))
    respond (msg, 200, NULL, NULL);
  else if (g_str_has_prefix (path, "/api/") && !g_str_equal (seen.method, "GET"))
    respond_json (msg, 200, "{}");
  else if (g_str_has_prefix (path, "/api/"))
    respond_json (msg, 404, "{\"error\":\"Resource could not be found\"}");
  else
    respond (msg, 404, "text/html", "<html><body>Not Found</body></html>");
}

typedef struct
{
  SoupServer       *server;
  char             *url;
  HlChatwootClient *client;
} Fixture;

static void
start_server (Fixture          *fixture_data,
              GTlsCertificate  *certificate)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *text = NULL;

  fixture_data->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (fixture_data->server, NULL, server_callback, NULL, NULL);
  soup_server_listen_local (fixture_data->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | (certificate ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture_data->server);
  g_assert_nonnull (uris);
  text = g_uri_to_string (uris->data);
  fixture_data->url = g_strdup (text);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  start_server (f, NULL);
  f->client = hl_chatwoot_client_new (f->url, 1, &error);
  g_assert_no_error (error);
  hl_chatwoot_client_set_access_token (f->client, TOKEN);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->client);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_free (f->url);
  seen_clear ();
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static JsonNode *
request (HlChatwootClient *client,
         const char       *method,
         const char       *path,
         GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hl_chatwoot_client_request_async (client, method, path, NULL, NULL, NULL, store_result, &result);
  wait_for (&result);
  return hl_chatwoot_client_call_finish (client, result, error);
}

static void
test_new (void)
{
  const char *refused[] = {
    "http://chat.example.com", "ftp://chat.example.com", "chat.example.com", "https://", "",
    "https://chat.example.com/?x=1", "https://user:pw@chat.example.com", "http://10.0.0.1:3000",
  };
  const char *accepted[] = {
    "https://chat.example.com", "https://chat.example.com/", "https://example.com/chatwoot/",
    "http://127.0.0.1:3000", "http://localhost:3000", "http://[::1]:3000",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HlChatwootClient) client = hl_chatwoot_client_new (refused[i], 1, &error);

      g_assert_null (client);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HlChatwootClient) client = hl_chatwoot_client_new (accepted[i], 1, &error);

      g_assert_no_error (error);
      g_assert_false (g_str_has_suffix (hl_chatwoot_client_get_base_url (client), "/"));
    }
}

static void
test_profile (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlChatwootProfile) profile = NULL;

  hl_chatwoot_client_get_profile_async (f->client, NULL, store_result, &result);
  profile = hl_chatwoot_client_get_profile_finish (f->client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (profile->id, ==, 7);
  g_assert_cmpstr (profile->pubsub_token, ==, "pst-ana-91ab");
  g_assert_cmpstr (seen.token, ==, TOKEN);
  g_assert_cmpstr (seen.method, ==, "GET");
}

static void
test_wrong_token (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  hl_chatwoot_client_set_access_token (f->client, "expired");
  node = request (f->client, "GET", "/api/v1/profile", &error);
  g_assert_null (node);
  g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Invalid Access Token"));
  g_assert_false (hl_backend_error_is_transient (error));
  g_clear_error (&error);

  /* without a token nothing is sent */
  hl_chatwoot_client_set_access_token (f->client, NULL);
  seen_clear ();
  node = request (f->client, "GET", "/api/v1/profile", &error);
  g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_AUTH);
  g_assert_null (seen.path);
}

static void
test_status_codes (Fixture       *f,
                   gconstpointer  data)
{
  struct { const char *path; int code; gboolean transient; } cases[] = {
    { "/api/v1/test/500", HL_BACKEND_ERROR_SERVER, TRUE },
    { "/api/v1/test/503", HL_BACKEND_ERROR_SERVER, TRUE },
    { "/api/v1/test/html", HL_BACKEND_ERROR_NOT_CHATWOOT, FALSE },
    { "/api/v1/test/text", HL_BACKEND_ERROR_NOT_CHATWOOT, FALSE },
    { "/api/v1/test/malformed", HL_BACKEND_ERROR_MALFORMED, FALSE },
    { "/api/v1/test/403", HL_BACKEND_ERROR_FORBIDDEN, FALSE },
    { "/api/v1/test/422", HL_BACKEND_ERROR_CONFLICT, FALSE },
    { "/api/v1/test/418", HL_BACKEND_ERROR_FAILED, FALSE },
    { "/api/v1/accounts/1/conversations/999", HL_BACKEND_ERROR_NOT_FOUND, FALSE },
    { "/no-such-page", HL_BACKEND_ERROR_NOT_CHATWOOT, FALSE },
    { "/api/v1/test/redirect", HL_BACKEND_ERROR_NOT_CHATWOOT, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = request (f->client, "GET", cases[i].path, &error);

      g_test_message ("%s: %s", cases[i].path, error ? error->message : "(no error)");
      g_assert_null (node);
      g_assert_error (error, HL_BACKEND_ERROR, cases[i].code);
      g_assert_cmpint (hl_backend_error_is_transient (error), ==, cases[i].transient);
      g_assert_cmpstr (seen.path, ==, cases[i].path);  /* a redirect was not followed */
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = request (f->client, "GET", "/api/v1/test/empty", &error);

    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_NULL (node));
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = request (f->client, "GET", "/api/v1/test/422", &error);

    g_assert_nonnull (strstr (error->message, "Email has already been taken"));
  }
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bare = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) node2 = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 7, 1, 10, 0, 0);

  node = request (f->client, "GET", "/api/v1/test/429", &error);
  g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_RATE_LIMITED);
  g_assert_cmpuint (hl_backend_error_get_retry_after (error), ==, 17);
  g_assert_true (hl_backend_error_is_transient (error));

  node2 = request (f->client, "GET", "/api/v1/test/429-bare", &bare);
  g_assert_error (bare, HL_BACKEND_ERROR, HL_BACKEND_ERROR_RATE_LIMITED);
  g_assert_cmpuint (hl_backend_error_get_retry_after (bare), ==, 30);

  g_assert_cmpuint (hl_chatwoot_parse_retry_after ("120", now), ==, 120);
  g_assert_cmpuint (hl_chatwoot_parse_retry_after (" 5 ", now), ==, 5);
  g_assert_cmpuint (hl_chatwoot_parse_retry_after ("0", now), ==, 1);
  g_assert_cmpuint (hl_chatwoot_parse_retry_after ("99999999999999999999", now), ==, 30);
  g_assert_cmpuint (hl_chatwoot_parse_retry_after ("Wed, 01 Jul 2026 10:01:30 GMT", now), ==, 90);
  g_assert_cmpuint (hl_chatwoot_parse_retry_after ("Wed, 01 Jul 2026 09:00:00 GMT", now), ==, 1);
  g_assert_cmpuint (hl_chatwoot_parse_retry_after ("soon", now), ==, 30);
  g_assert_cmpuint (hl_chatwoot_parse_retry_after ("86400", now), ==, 3600);
}

static void
test_offline (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HlChatwootClient) client = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* a port that was free a moment ago: nothing listens there now */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = hl_chatwoot_client_new (url, 1, &error);
  g_assert_no_error (error);
  hl_chatwoot_client_set_access_token (client, TOKEN);

  node = request (client, "GET", "/api/v1/profile", &error);
  g_test_message ("%s", error->message);
  g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_OFFLINE);
  g_assert_true (hl_backend_error_is_transient (error));
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  hl_chatwoot_client_list_inboxes_async (f->client, cancellable, store_result, &result);
  g_cancellable_cancel (cancellable);
  node = hl_chatwoot_client_call_finish (f->client, wait_for (&result), &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_wrong_shape (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = request (f->client, "GET", "/api/v1/test/wrong-shape", &error);
  g_autoptr(HlChatwootProfile) profile = NULL;

  g_assert_no_error (error);
  profile = hl_chatwoot_json_profile (node, &error);
  g_assert_null (profile);
  g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "id: expected an integer"));
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlChatwootProfile) profile = NULL;
  g_autoptr(HlChatwootClient) fresh = hl_chatwoot_client_new (f->url, 1, &error);

  g_assert_no_error (error);
  hl_chatwoot_client_sign_in_async (fresh, "ana@example.com", "right", NULL, store_result, &result);
  profile = hl_chatwoot_client_sign_in_finish (fresh, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (profile->access_token, ==, "tok-ana-5f2c");
  g_assert_cmpstr (seen.method, ==, "POST");
  g_assert_cmpstr (seen.body, ==, "{\"email\":\"ana@example.com\",\"password\":\"right\"}");
  g_clear_object (&result);

  hl_chatwoot_client_sign_in_async (fresh, "ana@example.com", "wrong", NULL, store_result, &result);
  g_assert_null (hl_chatwoot_client_sign_in_finish (fresh, wait_for (&result), &error));
  g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_AUTH);
  g_clear_error (&error);
  g_clear_object (&result);

  hl_chatwoot_client_sign_in_async (fresh, "noapi@example.com", "right", NULL, store_result, &result);
  g_assert_null (hl_chatwoot_client_sign_in_finish (fresh, wait_for (&result), &error));
  g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_FORBIDDEN);
}

static void
test_sign_in_mfa (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlChatwootProfile) profile = NULL;
  g_autofree char *mfa_token = NULL;

  hl_chatwoot_client_sign_in_async (f->client, "mfa@example.com", "right", NULL, store_result, &result);
  g_assert_null (hl_chatwoot_client_sign_in_finish (f->client, wait_for (&result), &error));
  g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_MFA_REQUIRED);
  mfa_token = g_strdup (hl_backend_error_get_mfa_token (error));
  g_assert_cmpstr (mfa_token, ==, "mfa-7f3");
  g_clear_error (&error);
  g_clear_object (&result);

  hl_chatwoot_client_sign_in_mfa_async (f->client, mfa_token, "000000", FALSE, NULL, store_result, &result);
  g_assert_null (hl_chatwoot_client_sign_in_finish (f->client, wait_for (&result), &error));
  g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_AUTH);
  g_clear_error (&error);
  g_clear_object (&result);

  hl_chatwoot_client_sign_in_mfa_async (f->client, mfa_token, "123456", FALSE, NULL, store_result, &result);
  profile = hl_chatwoot_client_sign_in_finish (f->client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (profile->access_token, ==, "tok-ana-5f2c");
  g_assert_cmpstr (seen.body, ==, "{\"mfa_token\":\"mfa-7f3\",\"otp_code\":\"123456\"}");
  g_clear_pointer (&profile, hl_chatwoot_profile_free);
  g_clear_object (&result);

  hl_chatwoot_client_sign_in_mfa_async (f->client, mfa_token, "backup-1", TRUE, NULL, store_result, &result);
  profile = hl_chatwoot_client_sign_in_finish (f->client, wait_for (&result), &error);
  g_assert_no_error (error);
}

static void
test_typed_calls (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(HlChatwootPage) page = NULL;
  g_autoptr(HlChatwootMessage) message = NULL;
  const char *labels[] = { "billing", "vip", NULL };
  HlContactData before = { .name = "A", .attributes = "{\"plan\":\"pro\"}" };
  HlContactData after = { .name = "A", .attributes = "{\"plan\":\"max\"}" };
  g_autoptr(JsonNode) changes = hl_chatwoot_json_contact_changes (&before, &after);

#define CALL(expr) G_STMT_START { \
    g_clear_object (&result); g_clear_pointer (&node, json_node_unref); \
    expr; \
    node = hl_chatwoot_client_call_finish (f->client, wait_for (&result), &error); \
    g_assert_no_error (error); \
  } G_STMT_END

  CALL (hl_chatwoot_client_list_conversations_async (f->client, 2, "snoozed", "me", 0, NULL, store_result, &result));
  g_assert_cmpstr (seen.path, ==, "/api/v1/accounts/1/conversations");
  g_assert_cmpstr (seen.query, ==, "status=snoozed&assignee_type=me&page=2");
  page = hl_chatwoot_json_conversation_page (node, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 3);

  CALL (hl_chatwoot_client_list_conversations_async (f->client, 1, "all", NULL, 600, NULL, store_result, &result));
  g_assert_cmpstr (seen.query, ==, "status=all&updated_within=600");

  CALL (hl_chatwoot_client_create_message_async (f->client, 101, "Hallo", FALSE, "hl-outbox-43", NULL, store_result, &result));
  g_assert_cmpstr (seen.method, ==, "POST");
  g_assert_cmpstr (seen.path, ==, "/api/v1/accounts/1/conversations/101/messages");
  g_assert_cmpstr (seen.body, ==, "{\"content\":\"Hallo\",\"message_type\":\"outgoing\",\"private\":false,\"echo_id\":\"hl-outbox-43\"}");
  message = hl_chatwoot_json_message (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (message->data.echo_id, ==, "hl-outbox-43");

  CALL (hl_chatwoot_client_toggle_status_async (f->client, 102, HL_CONVERSATION_STATUS_SNOOZED, 1782979200, NULL, store_result, &result));
  g_assert_cmpstr (seen.body, ==, "{\"status\":\"snoozed\",\"snoozed_until\":1782979200}");

  CALL (hl_chatwoot_client_toggle_priority_async (f->client, 102, HL_PRIORITY_NONE, NULL, store_result, &result));
  g_assert_cmpstr (seen.body, ==, "{\"priority\":null}");
  g_assert_true (JSON_NODE_HOLDS_NULL (node));

  CALL (hl_chatwoot_client_assign_async (f->client, 102, 8, NULL, store_result, &result));
  g_assert_cmpstr (seen.path, ==, "/api/v1/accounts/1/conversations/102/assignments");
  g_assert_cmpstr (seen.body, ==, "{\"assignee_id\":8}");

  CALL (hl_chatwoot_client_set_labels_async (f->client, 102, labels, NULL, store_result, &result));
  g_assert_cmpstr (seen.body, ==, "{\"labels\":[\"billing\",\"vip\"]}");

  CALL (hl_chatwoot_client_set_availability_async (f->client, HL_AVAILABILITY_BUSY, NULL, store_result, &result));
  g_assert_cmpstr (seen.path, ==, "/api/v1/profile/availability");
  g_assert_cmpstr (seen.body, ==, "{\"profile\":{\"account_id\":1,\"availability\":\"busy\"}}");

  CALL (hl_chatwoot_client_update_contact_async (f->client, 31, changes, NULL, store_result, &result));
  g_assert_cmpstr (seen.method, ==, "PATCH");
  g_assert_cmpstr (seen.body, ==, "{\"custom_attributes\":{\"plan\":\"max\"}}");

  g_clear_object (&result);
  hl_chatwoot_client_search_contacts_async (f->client, "+49 30 123", 1, NULL, store_result, &result);
  g_clear_pointer (&node, json_node_unref);
  node = hl_chatwoot_client_call_finish (f->client, wait_for (&result), &error);
  g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_NOT_FOUND);  /* not served here */
  g_clear_error (&error);
  g_assert_cmpstr (seen.path, ==, "/api/v1/accounts/1/contacts/search");
  g_assert_cmpstr (seen.query, ==, "q=%2B49%2030%20123&page=1");

  g_clear_object (&result);
  hl_chatwoot_client_list_articles_async (f->client, "help desk", "de", "published", 1, NULL, store_result, &result);
  g_clear_pointer (&node, json_node_unref);
  node = hl_chatwoot_client_call_finish (f->client, wait_for (&result), &error);
  g_clear_error (&error);
  g_assert_cmpstr (seen.path, ==, "/api/v1/accounts/1/portals/help desk/articles");
  g_assert_cmpstr (seen.query, ==, "page=1&locale=de&status=published");

#undef CALL
}

/* The token is sent on every API request and never appears in the debug log. */
static void
test_token_not_logged (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_string_truncate (captured_log, 0);
  node = request (f->client, "GET", "/api/v1/profile", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen.token, ==, TOKEN);

  g_test_message ("captured %" G_GSIZE_FORMAT " bytes of debug log", captured_log->len);
  g_assert_nonnull (strstr (captured_log->str, "GET /api/v1/profile"));
  g_assert_nonnull (strstr (captured_log->str, "api_access_token: [redacted]"));
  g_assert_null (strstr (captured_log->str, TOKEN));
}

static GTlsCertificate *
load_certificate (gboolean with_key)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "fixtures", "tls", "localhost-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "fixtures", "tls", "localhost-key.pem", NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  if (with_key)
    certificate = g_tls_certificate_new_from_files (cert, key, &error);
  else
    certificate = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);
  return certificate;
}

static void
test_tls (void)
{
  Fixture f = { 0 };
  g_autoptr(GTlsCertificate) server_cert = NULL;
  g_autoptr(GTlsCertificate) public_cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) trusted = NULL;
  GTlsCertificate *reported;
  GTlsCertificateFlags flags;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking)");
      return;
    }

  server_cert = load_certificate (TRUE);
  public_cert = load_certificate (FALSE);
  start_server (&f, server_cert);
  g_assert_true (g_str_has_prefix (f.url, "https://127.0.0.1:"));

  f.client = hl_chatwoot_client_new (f.url, 1, &error);
  g_assert_no_error (error);
  hl_chatwoot_client_set_access_token (f.client, TOKEN);

  seen_clear ();
  node = request (f.client, "GET", "/api/v1/profile", &error);
  g_test_message ("%s", error ? error->message : "(no error)");
  g_assert_null (node);
  g_assert_error (error, HL_BACKEND_ERROR, HL_BACKEND_ERROR_TLS);
  g_assert_null (seen.path);  /* nothing, the token least of all, went to the server */

  /* the details for the UI: the certificate and what is wrong with it */
  reported = hl_backend_error_get_certificate (error);
  g_assert_nonnull (reported);
  g_assert_true (g_tls_certificate_is_same (reported, public_cert));
  flags = hl_backend_error_get_tls_errors (error);
  g_assert_true (flags & G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_assert_true (flags & G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_assert_nonnull (strstr (error->message, "not signed by a known authority"));
  g_assert_nonnull (strstr (error->message, "different server name"));
  g_assert_false (hl_backend_error_is_transient (error));
  g_clear_error (&error);

  /* after the agent looked at it and chose to trust exactly this certificate */
  hl_chatwoot_client_set_trusted_certificate (f.client, public_cert);
  trusted = request (f.client, "GET", "/api/v1/profile", &error);
  g_assert_no_error (error);
  g_assert_nonnull (trusted);
  g_assert_cmpstr (seen.token, ==, TOKEN);

  fixture_teardown (&f, NULL);
}

static void
test_tls_descriptions (void)
{
  g_autofree char *expired = hl_backend_describe_tls_errors (G_TLS_CERTIFICATE_EXPIRED);
  g_autofree char *none = hl_backend_describe_tls_errors (0);
  g_autoptr(GError) error = hl_backend_error_new_tls (NULL, G_TLS_CERTIFICATE_EXPIRED, "chat.example.com");
  g_autoptr(GError) copy = g_error_copy (error);

  g_assert_nonnull (strstr (expired, "expired"));
  g_assert_nonnull (none);
  g_assert_nonnull (strstr (error->message, "chat.example.com"));
  g_assert_cmpint (hl_backend_error_get_tls_errors (copy), ==, G_TLS_CERTIFICATE_EXPIRED);
  g_assert_null (hl_backend_error_get_certificate (copy));
}

int
main (int   argc,
      char *argv[])
{
  /* before anything logs: the client adds its (redacting) HTTP logger when debug output is on */
  g_setenv ("G_MESSAGES_DEBUG", "HlChatwoot", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chatwoot-client/new", test_new);
  g_test_add ("/chatwoot-client/profile", Fixture, NULL, fixture_setup, test_profile, fixture_teardown);
  g_test_add ("/chatwoot-client/wrong-token", Fixture, NULL, fixture_setup, test_wrong_token, fixture_teardown);
  g_test_add ("/chatwoot-client/status-codes", Fixture, NULL, fixture_setup, test_status_codes, fixture_teardown);
  g_test_add ("/chatwoot-client/rate-limited", Fixture, NULL, fixture_setup, test_rate_limited, fixture_teardown);
  g_test_add_func ("/chatwoot-client/offline", test_offline);
  g_test_add ("/chatwoot-client/cancelled", Fixture, NULL, fixture_setup, test_cancelled, fixture_teardown);
  g_test_add ("/chatwoot-client/wrong-shape", Fixture, NULL, fixture_setup, test_wrong_shape, fixture_teardown);
  g_test_add ("/chatwoot-client/sign-in", Fixture, NULL, fixture_setup, test_sign_in, fixture_teardown);
  g_test_add ("/chatwoot-client/sign-in-mfa", Fixture, NULL, fixture_setup, test_sign_in_mfa, fixture_teardown);
  g_test_add ("/chatwoot-client/typed-calls", Fixture, NULL, fixture_setup, test_typed_calls, fixture_teardown);
  g_test_add ("/chatwoot-client/token-not-logged", Fixture, NULL, fixture_setup, test_token_not_logged, fixture_teardown);
  g_test_add_func ("/chatwoot-client/tls", test_tls);
  g_test_add_func ("/chatwoot-client/tls-descriptions", test_tls_descriptions);

  return g_test_run ();
}

/* test-sip-account.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-backoff.h"

#include <libsoup/soup.h>
#include <string.h>

#include "hl-sip-account.h"
#include "hl-sip-transport.h"
#include "hl-test-utils.h"

/* The account against an in-process registrar on 127.0.0.1: a SoupServer WebSocket with the "sip"
 * subprotocol that challenges every REGISTER with digest (like Kamailio with nonce counting off)
 * and checks the answer with its own MD5. The real-peer tests against Kamailio live in
 * tests/peers. */

#define REALM    "test.invalid"
#define PASSWORD "s3cret"

typedef struct
{
  SoupServer              *server;
  SoupWebsocketConnection *connection;
  char                    *url;
  guint                    registers;
  guint                    authorized;
  gint64                   last_expires;
  gboolean                 drop_next;   /* close the connection on the next REGISTER */
} Registrar;

static char *
md5 (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
}

static char *
param (const char *header,
       const char *name)
{
  g_autofree char *key = g_strdup_printf ("%s=", name);
  const char *p = header;

  while ((p = strstr (p, key)))
    {
      if (p == header || p[-1] == ' ' || p[-1] == ',')
        {
          p += strlen (key);
          if (*p == '"')
            {
              const char *end = strchr (p + 1, '"');
              return end ? g_strndup (p + 1, end - p - 1) : NULL;
            }
          return g_strndup (p, strcspn (p, ", "));
        }
      p++;
    }

  return NULL;
}

static gboolean
check_authorization (const char *header,
                     const char *method)
{
  g_autofree char *username = param (header, "username");
  g_autofree char *nonce = param (header, "nonce");
  g_autofree char *uri = param (header, "uri");
  g_autofree char *response = param (header, "response");
  g_autofree char *nc = param (header, "nc");
  g_autofree char *cnonce = param (header, "cnonce");
  g_autofree char *a1 = g_strdup_printf ("%s:%s:%s", username, REALM, PASSWORD);
  g_autofree char *a2 = g_strdup_printf ("%s:%s", method, uri);
  g_autofree char *ha1 = md5 (a1);
  g_autofree char *ha2 = md5 (a2);
  g_autofree char *all = g_strdup_printf ("%s:%s:%s:%s:auth:%s", ha1, nonce, nc, cnonce, ha2);
  g_autofree char *expected = md5 (all);

  return g_strcmp0 (username, "agent1") == 0 && g_strcmp0 (response, expected) == 0;
}

static void
on_server_message (SoupWebsocketConnection *connection,
                   SoupWebsocketDataType    type,
                   GBytes                  *bytes,
                   Registrar               *reg)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autoptr(HlSipMessage) request = hl_sip_message_parse (data, length, NULL);
  g_autoptr(HlSipMessage) response = NULL;
  g_autofree char *text = NULL;
  const char *authorization;

  g_assert_nonnull (request);
  if (!hl_sip_message_is_request (request) || !g_str_equal (hl_sip_message_get_method (request), "REGISTER"))
    return;

  reg->registers++;
  if (reg->drop_next)
    {
      reg->drop_next = FALSE;
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "restart");
      return;
    }

  authorization = hl_sip_message_get_header (request, "Authorization");
  if (authorization == NULL)
    {
      g_autofree char *nonce = hl_sip_random_token (16);
      g_autofree char *challenge = g_strdup_printf ("Digest realm=\"%s\", nonce=\"%s\", qop=\"auth\"",
                                                    REALM, nonce);

      response = hl_sip_message_new_response_to (request, 401, NULL, "srv");
      hl_sip_message_add_header (response, "WWW-Authenticate", challenge);
    }
  else if (check_authorization (authorization, "REGISTER"))
    {
      g_autofree char *contact = g_strdup (hl_sip_message_get_header (request, "Contact"));

      reg->authorized++;
      reg->last_expires = hl_sip_message_get_expires (request);
      response = hl_sip_message_new_response_to (request, 200, NULL, "srv");
      hl_sip_message_add_header (response, "Contact", contact);
    }
  else
    {
      response = hl_sip_message_new_response_to (request, 403, NULL, "srv");
    }

  text = hl_sip_message_to_string (response, NULL);
  soup_websocket_connection_send_text (connection, text);
}

static void
on_websocket (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  Registrar *reg = user_data;

  g_set_object (&reg->connection, connection);
  g_signal_connect (connection, "message", G_CALLBACK (on_server_message), reg);
}

static void
registrar_start (Registrar *reg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  const char *protocols[] = { "sip", NULL };
  g_autofree char *base = NULL;

  reg->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (reg->server, "/ws", NULL, (char **) protocols, on_websocket, reg, NULL);
  g_assert_true (soup_server_listen_local (reg->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (reg->server);
  base = g_uri_to_string (uris->data);
  reg->url = g_strdup_printf ("ws%sws", base + strlen ("http"));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
}

static void
registrar_stop (Registrar *reg)
{
  g_clear_object (&reg->connection);
  g_clear_object (&reg->server);
  g_free (reg->url);
}

static gboolean
is_state (gpointer data)
{
  gpointer *pair = data;

  return hl_sip_account_get_state (pair[0]) == GPOINTER_TO_INT (pair[1]);
}

static void
wait_state (HlSipAccount      *account,
            HlSipAccountState  state)
{
  gpointer pair[2] = { account, GINT_TO_POINTER (state) };

  hl_test_wait_until (is_state, pair, 10000);
}

static void
test_register (void)
{
  Registrar reg = { 0 };
  g_autoptr(HlSipAccount) account = NULL;

  registrar_start (&reg);
  account = hl_sip_account_new (reg.url, "sip:agent1@" REALM, NULL, "Ana Ruiz");
  hl_sip_account_set_password (account, PASSWORD);
  hl_sip_account_go_online (account);
  wait_state (account, HL_SIP_ACCOUNT_REGISTERED);

  /* Challenged once, answered once. */
  g_assert_cmpuint (reg.registers, ==, 2);
  g_assert_cmpuint (reg.authorized, ==, 1);
  g_assert_cmpint (reg.last_expires, ==, 600);
  g_assert_null (hl_sip_account_get_reason_text (account));
  g_assert_nonnull (strstr (hl_sip_account_get_contact (account), ".invalid;transport=ws"));

  /* Signing out un-REGISTERs with Expires 0. */
  hl_sip_account_go_offline (account);
  g_assert_cmpint (hl_sip_account_get_state (account), ==, HL_SIP_ACCOUNT_OFFLINE);
  while (reg.last_expires != 0)
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&account);
  registrar_stop (&reg);
}

static void
test_wrong_password (void)
{
  Registrar reg = { 0 };
  g_autoptr(HlSipAccount) account = NULL;

  registrar_start (&reg);
  account = hl_sip_account_new (reg.url, "sip:agent1@" REALM, NULL, NULL);
  hl_sip_account_set_password (account, "wrong");
  hl_sip_account_go_online (account);
  wait_state (account, HL_SIP_ACCOUNT_FAILED);
  g_assert_cmpint (hl_sip_account_get_reason (account), ==, HL_SIP_ACCOUNT_REASON_WRONG_PASSWORD);
  g_assert_cmpstr (hl_sip_account_get_reason_text (account), ==, "Wrong user name or password");

  g_clear_object (&account);
  registrar_stop (&reg);
}

static void
test_unreachable_and_reconnect (void)
{
  Registrar reg = { 0 };
  g_autoptr(HlSipAccount) account = NULL;

  registrar_start (&reg);
  account = hl_sip_account_new (reg.url, "sip:agent1@" REALM, "agent1", NULL);
  hl_sip_account_set_password (account, PASSWORD);
  hl_sip_transport_set_backoff (hl_sip_account_get_transport (account), 50, 200);
  hl_sip_account_go_online (account);
  wait_state (account, HL_SIP_ACCOUNT_REGISTERED);

  /* The server drops the connection: the account says why, reconnects and registers again. */
  soup_websocket_connection_close (reg.connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "restart");
  wait_state (account, HL_SIP_ACCOUNT_CONNECTING);
  g_assert_cmpint (hl_sip_account_get_reason (account), ==, HL_SIP_ACCOUNT_REASON_UNREACHABLE);
  wait_state (account, HL_SIP_ACCOUNT_REGISTERED);
  g_assert_cmpuint (reg.authorized, ==, 2);

  g_clear_object (&account);
  registrar_stop (&reg);

  /* Nothing listens: connecting, with the reason in words. */
  account = hl_sip_account_new ("ws://127.0.0.1:9/ws", "sip:agent1@" REALM, NULL, NULL);
  hl_sip_account_set_password (account, PASSWORD);
  hl_sip_account_go_online (account);
  while (hl_sip_account_get_reason (account) != HL_SIP_ACCOUNT_REASON_UNREACHABLE)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (hl_sip_account_get_state (account), ==, HL_SIP_ACCOUNT_CONNECTING);
  g_assert_nonnull (strstr (hl_sip_account_get_reason_text (account), "cannot be reached"));
}

static void
test_insecure_url_refused (void)
{
  g_autoptr(HlSipAccount) account = hl_sip_account_new ("ws://pbx.example.com/ws", "sip:agent1@example.com",
                                                        NULL, NULL);

  hl_sip_account_set_password (account, PASSWORD);
  hl_sip_account_go_online (account);
  hl_test_drain ();
  g_assert_cmpint (hl_sip_transport_get_state (hl_sip_account_get_transport (account)), ==,
                   HL_SIP_TRANSPORT_DISCONNECTED);
  g_assert_nonnull (strstr (hl_sip_transport_get_last_error (hl_sip_account_get_transport (account))->message,
                            "wss://"));
}

static void
test_backoff (void)
{
  /* Doubling from 2 s to the 30 s cap, spread over the upper half. */
  g_assert_cmpuint (hl_backoff_delay (0, 2000, 30000, 0.0), ==, 1000);
  g_assert_cmpuint (hl_backoff_delay (0, 2000, 30000, 1.0), ==, 2000);
  g_assert_cmpuint (hl_backoff_delay (2, 2000, 30000, 1.0), ==, 8000);
  g_assert_cmpuint (hl_backoff_delay (10, 2000, 30000, 1.0), ==, 30000);
  g_assert_cmpuint (hl_backoff_delay (50, 2000, 30000, 0.5), ==, 22500);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sip-account/backoff", test_backoff);
  g_test_add_func ("/sip-account/register", test_register);
  g_test_add_func ("/sip-account/wrong-password", test_wrong_password);
  g_test_add_func ("/sip-account/unreachable-and-reconnect", test_unreachable_and_reconnect);
  g_test_add_func ("/sip-account/insecure-url-refused", test_insecure_url_refused);

  return g_test_run ();
}

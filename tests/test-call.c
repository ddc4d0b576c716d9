/* test-call.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "hl-call-manager.h"
#include "hl-test-fake-media.h"
#include "hl-test-utils.h"

/* The call state machine between two real HlSipAccounts over WebSocket, through a small relay on
 * 127.0.0.1 that registers users and forwards requests by user and responses by Via branch. Media
 * is a fake that deals in canned SDP, so these tests are about SIP: answering, both directions of
 * BYE, CANCEL, rejecting, hold and unhold, DTMF over INFO, busy availability, auto-answer, an
 * INVITE with Replaces (the receiving end of an attended transfer). The
 * same scenarios with webrtcbin against JsSIP in Chromium through Kamailio are in tests/peers. */

static HlCallMedia *
make_fake_media (gpointer data)
{
  return hl_fake_media_new ();
}

/* The relay */

typedef struct
{
  SoupServer *server;
  char       *url;
  GHashTable *by_user;      /* AOR user or Contact user → SoupWebsocketConnection */
  GHashTable *by_branch;    /* request branch → connection it came from */
  GPtrArray  *connections;
} Relay;

static char *
user_of (const char *uri_text)
{
  g_autoptr(HlSipUri) uri = NULL;
  g_autoptr(HlSipNameAddr) addr = NULL;

  if (uri_text == NULL)
    return NULL;
  if ((uri = hl_sip_uri_parse (uri_text, NULL)))
    return g_strdup (uri->user);
  if ((addr = hl_sip_name_addr_parse (uri_text, NULL)))
    return g_strdup (addr->uri->user);
  return NULL;
}

static void
relay_send (SoupWebsocketConnection *to,
            HlSipMessage            *message)
{
  g_autofree char *text = hl_sip_message_to_string (message, NULL);
  soup_websocket_connection_send_text (to, text);
}

static void
on_relay_message (SoupWebsocketConnection *from,
                  SoupWebsocketDataType    type,
                  GBytes                  *bytes,
                  Relay                   *relay)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autoptr(HlSipMessage) message = hl_sip_message_parse (data, length, NULL);
  g_autofree char *branch = NULL;
  SoupWebsocketConnection *to;

  g_assert_nonnull (message);
  branch = hl_sip_message_get_via_branch (message);

  if (!hl_sip_message_is_request (message))
    {
      if ((to = g_hash_table_lookup (relay->by_branch, branch)))
        relay_send (to, message);
      return;
    }

  if (g_str_equal (hl_sip_message_get_method (message), "REGISTER"))
    {
      g_autoptr(HlSipMessage) ok = hl_sip_message_new_response_to (message, 200, NULL, "relay");
      const char *contact = hl_sip_message_get_header (message, "Contact");

      g_hash_table_insert (relay->by_user, user_of (hl_sip_message_get_header (message, "To")), from);
      g_hash_table_insert (relay->by_user, user_of (contact), from);
      hl_sip_message_add_header (ok, "Contact", contact);
      relay_send (from, ok);
      return;
    }

  g_hash_table_insert (relay->by_branch, g_strdup (branch), from);
  {
    g_autofree char *user = user_of (hl_sip_message_get_request_uri (message));

    if ((to = g_hash_table_lookup (relay->by_user, user ? user : "")))
      relay_send (to, message);
    else
      {
        g_autoptr(HlSipMessage) missing = hl_sip_message_new_response_to (message, 404, NULL, "relay");
        relay_send (from, missing);
      }
  }
}

static void
on_relay_websocket (SoupServer *server, SoupServerMessage *msg, const char *path,
                    SoupWebsocketConnection *connection, gpointer user_data)
{
  Relay *relay = user_data;

  g_ptr_array_add (relay->connections, g_object_ref (connection));
  g_signal_connect (connection, "message", G_CALLBACK (on_relay_message), relay);
}

static void
relay_start (Relay *relay)
{
  const char *protocols[] = { "sip", NULL };
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *base = NULL;

  relay->by_user = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  relay->by_branch = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  relay->connections = g_ptr_array_new ();
  relay->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (relay->server, "/ws", NULL, (char **) protocols, on_relay_websocket, relay, NULL);
  g_assert_true (soup_server_listen_local (relay->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (relay->server);
  base = g_uri_to_string (uris->data);
  relay->url = g_strdup_printf ("ws%sws", base + strlen ("http"));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
relay_stop (Relay *relay)
{
  for (guint i = 0; i < relay->connections->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (relay->connections, i);

      g_signal_handlers_disconnect_by_data (connection, relay);
      g_object_unref (connection);
    }
  g_ptr_array_unref (relay->connections);
  g_clear_object (&relay->server);
  g_clear_pointer (&relay->by_user, g_hash_table_unref);
  g_clear_pointer (&relay->by_branch, g_hash_table_unref);
  g_free (relay->url);
}

/* Fixture: two agents on the relay */

typedef struct
{
  Relay          relay;
  HlSipAccount  *a;
  HlSipAccount  *b;
  HlCallManager *ma;
  HlCallManager *mb;
  HlCall        *incoming;   /* the last call that rang at b */
  GString       *dtmf;
} Fixture;

static gboolean
registered (gpointer data)
{
  return hl_sip_account_get_state (data) == HL_SIP_ACCOUNT_REGISTERED;
}

static void
on_incoming (HlCallManager *manager,
             HlCall        *call,
             Fixture       *f)
{
  g_set_object (&f->incoming, call);
}

static void
on_dtmf (HlCall     *call,
         const char *tone,
         Fixture    *f)
{
  g_string_append (f->dtmf, tone);
}

static HlSipAccount *
agent (Fixture    *f,
       const char *user)
{
  g_autofree char *aor = g_strdup_printf ("sip:%s@test.invalid", user);
  HlSipAccount *account = hl_sip_account_new (f->relay.url, aor, NULL, user);

  hl_sip_account_set_password (account, "x");
  hl_sip_account_go_online (account);
  hl_test_wait_until (registered, account, 10000);

  return account;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  relay_start (&f->relay);
  f->a = agent (f, "agent1");
  f->b = agent (f, "agent2");
  f->ma = hl_call_manager_new (f->a, make_fake_media, NULL, NULL);
  f->mb = hl_call_manager_new (f->b, make_fake_media, NULL, NULL);
  f->dtmf = g_string_new (NULL);
  g_signal_connect (f->mb, "incoming-call", G_CALLBACK (on_incoming), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->incoming);
  g_clear_object (&f->ma);
  g_clear_object (&f->mb);
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  relay_stop (&f->relay);
  g_string_free (f->dtmf, TRUE);
}

typedef struct { HlCall *call; HlCallState state; } StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *w = data;
  return hl_call_get_state (w->call) == w->state;
}

static void
wait_state (HlCall      *call,
            HlCallState  state)
{
  StateWait w = { call, state };
  hl_test_wait_until (state_is, &w, 10000);
}

static gboolean
rang (gpointer data)
{
  return ((Fixture *) data)->incoming != NULL;
}

static HlCall *
call_and_ring (Fixture *f)
{
  HlCall *call = g_object_ref (hl_call_manager_dial (f->ma, "agent2"));

  g_assert_nonnull (call);
  hl_test_wait_until (rang, f, 10000);
  wait_state (call, HL_CALL_STATE_ALERTING);
  g_assert_cmpint (hl_call_get_state (f->incoming), ==, HL_CALL_STATE_INCOMING);
  g_assert_cmpstr (hl_call_get_remote_uri (f->incoming), ==, "sip:agent1@test.invalid");
  g_assert_cmpstr (hl_call_get_remote_name (f->incoming), ==, "agent1");
  /* Ringing leaves the microphone closed; the caller's is open */
  g_assert_false (HL_FAKE_MEDIA (hl_call_get_media (f->incoming))->capturing);
  g_assert_true (HL_FAKE_MEDIA (hl_call_get_media (call))->capturing);

  return call;
}

static void
test_answer_and_hangup (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(HlCall) call = call_and_ring (f);

  hl_call_answer (f->incoming);
  wait_state (call, HL_CALL_STATE_ACTIVE);
  wait_state (f->incoming, HL_CALL_STATE_ACTIVE);
  g_assert_true (HL_FAKE_MEDIA (hl_call_get_media (f->incoming))->capturing);
  g_assert_cmpuint (g_list_model_get_n_items (hl_call_manager_get_calls (f->ma)), ==, 1);

  /* Quality is unknown until measured, then kept for the call log. */
  {
    double mos, jitter, loss, rtt;

    g_assert_false (hl_call_get_quality (call, &mos, NULL, NULL, NULL));
    hl_call_set_quality (call, 4.2, 3.5, 0.5, 20.0);
    g_assert_true (hl_call_get_quality (call, &mos, &jitter, &loss, &rtt));
    g_assert_cmpfloat (mos, ==, 4.2);
    g_assert_cmpfloat (rtt, ==, 20.0);
  }

  /* The caller hangs up: BYE. */
  hl_call_hangup (call);
  wait_state (f->incoming, HL_CALL_STATE_ENDED);
  g_assert_cmpint (hl_call_get_result (call), ==, HL_CALL_RESULT_ANSWERED);
  g_assert_cmpint (hl_call_get_result (f->incoming), ==, HL_CALL_RESULT_ANSWERED);
  g_assert_true (HL_FAKE_MEDIA (hl_call_get_media (f->incoming))->closed);
  g_assert_cmpuint (g_list_model_get_n_items (hl_call_manager_get_calls (f->ma)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (hl_call_manager_get_calls (f->mb)), ==, 0);
}

static void
test_callee_hangs_up (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HlCall) call = call_and_ring (f);

  hl_call_answer (f->incoming);
  wait_state (call, HL_CALL_STATE_ACTIVE);
  hl_call_hangup (f->incoming);
  wait_state (call, HL_CALL_STATE_ENDED);
  g_assert_cmpstr (hl_call_get_end_reason (call), ==, "The other side hung up");
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(HlCall) call = call_and_ring (f);

  hl_call_hangup (call);
  wait_state (f->incoming, HL_CALL_STATE_ENDED);
  wait_state (call, HL_CALL_STATE_ENDED);
  g_assert_cmpint (hl_call_get_result (f->incoming), ==, HL_CALL_RESULT_MISSED);
  g_assert_cmpint (hl_call_get_result (call), ==, HL_CALL_RESULT_MISSED);
  g_assert_false (HL_FAKE_MEDIA (hl_call_get_media (f->incoming))->capturing);
}

static void
test_reject (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(HlCall) call = call_and_ring (f);

  hl_call_reject (f->incoming, 486);
  wait_state (call, HL_CALL_STATE_ENDED);
  g_assert_cmpint (hl_call_get_result (call), ==, HL_CALL_RESULT_BUSY);
  g_assert_cmpint (hl_call_get_result (f->incoming), ==, HL_CALL_RESULT_REJECTED);
  g_assert_false (HL_FAKE_MEDIA (hl_call_get_media (f->incoming))->capturing);
}

static gboolean
remote_held (gpointer data)
{
  return hl_call_get_remote_held (data);
}

static gboolean
not_remote_held (gpointer data)
{
  return !hl_call_get_remote_held (data);
}

static void
test_hold (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(HlCall) call = call_and_ring (f);

  hl_call_answer (f->incoming);
  wait_state (call, HL_CALL_STATE_ACTIVE);

  hl_call_set_held (call, TRUE);
  wait_state (call, HL_CALL_STATE_HELD);
  hl_test_wait_until (remote_held, f->incoming, 10000);
  /* Our own sending stops on hold: webrtcbin wouldn't do it by itself. */
  g_assert_false (HL_FAKE_MEDIA (hl_call_get_media (call))->sending);

  hl_call_set_held (call, FALSE);
  wait_state (call, HL_CALL_STATE_ACTIVE);
  hl_test_wait_until (not_remote_held, f->incoming, 10000);
  g_assert_true (HL_FAKE_MEDIA (hl_call_get_media (call))->sending);

  hl_call_set_muted (call, TRUE);
  g_assert_true (HL_FAKE_MEDIA (hl_call_get_media (call))->muted);
  hl_call_hangup (call);
}

static gboolean
got_three_digits (gpointer data)
{
  return ((Fixture *) data)->dtmf->len == 3;
}

static void
test_dtmf_info (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(HlCall) call = call_and_ring (f);

  g_signal_connect (f->incoming, "dtmf-received", G_CALLBACK (on_dtmf), f);
  hl_call_answer (f->incoming);
  wait_state (call, HL_CALL_STATE_ACTIVE);

  hl_call_send_dtmf (call, "1x2#");   /* 'x' is not a DTMF digit and is skipped */
  hl_test_wait_until (got_three_digits, f, 10000);
  g_assert_cmpstr (f->dtmf->str, ==, "12#");
  hl_call_hangup (call);
}

static gboolean
rang_again (gpointer data)
{
  Fixture *f = data;

  return f->incoming != NULL && hl_call_get_state (f->incoming) == HL_CALL_STATE_INCOMING;
}

/* Blind transfer both ways: b sends REFER (hl_call_transfer) to a's call, a accepts it, calls the
 * target (b again: b is still on the first call, so it rings as call waiting rather than being
 * auto-answered, and b answers it), reports 100 … 200 in NOTIFYs; b then hangs up its leg. */
static void
test_refer_received (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HlCall) call = call_and_ring (f);
  g_autoptr(HlCall) transferor = NULL;
  g_autoptr(HlCall) transferred = NULL;

  hl_call_answer (f->incoming);
  wait_state (call, HL_CALL_STATE_ACTIVE);
  transferor = g_object_ref (f->incoming);
  wait_state (transferor, HL_CALL_STATE_ACTIVE);

  hl_call_manager_set_auto_answer (f->mb, TRUE);
  hl_call_transfer (transferor, "sip:agent2@test.invalid");
  hl_test_wait_until (rang_again, f, 10000);
  g_assert_true (f->incoming != transferor);
  hl_call_answer (f->incoming);
  wait_state (transferor, HL_CALL_STATE_ENDED);
  g_assert_cmpstr (hl_call_get_end_reason (transferor), ==, "Transferred");
  wait_state (call, HL_CALL_STATE_ENDED);

  /* a's new call, to the REFER's target */
  g_assert_cmpuint (g_list_model_get_n_items (hl_call_manager_get_calls (f->ma)), ==, 1);
  transferred = g_list_model_get_item (hl_call_manager_get_calls (f->ma), 0);
  g_assert_cmpstr (hl_call_get_remote_uri (transferred), ==, "sip:agent2@test.invalid");
  wait_state (transferred, HL_CALL_STATE_ACTIVE);
  g_assert_true (f->incoming != transferor);
  hl_call_hangup (transferred);
  wait_state (f->incoming, HL_CALL_STATE_ENDED);
}

static void
on_transfer_failed (HlCall  *call,
                    guint    status,
                    guint   *out)
{
  *out = status;
}

static gboolean
uint_set (gpointer data)
{
  return *(guint *) data != 0;
}

/* The REFER's target does not exist: a reports the target's 404 in the final NOTIFY, and both
 * keep the first call. */
static void
test_refer_target_fails (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(HlCall) call = call_and_ring (f);
  guint failed_status = 0;

  hl_call_answer (f->incoming);
  wait_state (call, HL_CALL_STATE_ACTIVE);
  wait_state (f->incoming, HL_CALL_STATE_ACTIVE);
  g_signal_connect (f->incoming, "transfer-failed", G_CALLBACK (on_transfer_failed), &failed_status);

  hl_call_transfer (f->incoming, "sip:nobody@test.invalid");
  hl_test_wait_until (uint_set, &failed_status, 10000);
  g_assert_cmpuint (failed_status, ==, 404);
  g_assert_cmpint (hl_call_get_state (call), ==, HL_CALL_STATE_ACTIVE);
  g_assert_cmpint (hl_call_get_state (f->incoming), ==, HL_CALL_STATE_ACTIVE);
  g_assert_cmpuint (g_list_model_get_n_items (hl_call_manager_get_calls (f->ma)), ==, 1);
  hl_call_hangup (call);
  wait_state (f->incoming, HL_CALL_STATE_ENDED);
}

static void
test_busy_and_auto_answer (Fixture       *f,
                           gconstpointer  data)
{
  HlCall *call;

  /* Busy: 486 at once, no ringing. */
  hl_call_manager_set_accepting (f->mb, FALSE);
  call = g_object_ref (hl_call_manager_dial (f->ma, "agent2"));
  wait_state (call, HL_CALL_STATE_ENDED);
  g_assert_cmpint (hl_call_get_result (call), ==, HL_CALL_RESULT_BUSY);
  g_assert_null (f->incoming);
  g_object_unref (call);

  /* Auto-answer: connected without anyone pressing Answer. */
  hl_call_manager_set_accepting (f->mb, TRUE);
  hl_call_manager_set_auto_answer (f->mb, TRUE);
  call = g_object_ref (hl_call_manager_dial (f->ma, "sip:agent2@test.invalid"));
  wait_state (call, HL_CALL_STATE_ACTIVE);

  /* A second call while on one is not auto-answered: it rings as call waiting. */
  {
    g_autoptr(HlCall) first = g_object_ref (f->incoming);
    g_autoptr(HlCall) second = g_object_ref (hl_call_manager_dial (f->ma, "agent2"));

    wait_state (second, HL_CALL_STATE_ALERTING);
    g_assert_true (f->incoming != first);
    g_assert_cmpint (hl_call_get_state (f->incoming), ==, HL_CALL_STATE_INCOMING);
    g_assert_false (hl_call_get_answering (f->incoming));
    hl_call_hangup (second);
    wait_state (f->incoming, HL_CALL_STATE_ENDED);
  }

  hl_call_hangup (call);
  g_object_unref (call);
}

static void
test_unknown_target (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HlCall) call = g_object_ref (hl_call_manager_dial (f->ma, "+34 (612) 345-678"));

  g_assert_cmpstr (hl_call_get_remote_uri (call), ==, "sip:+34612345678@test.invalid");
  wait_state (call, HL_CALL_STATE_ENDED);
  g_assert_cmpint (hl_call_get_result (call), ==, HL_CALL_RESULT_FAILED);
  g_assert_cmpstr (hl_call_get_end_reason (call), ==, "The number does not exist");

  g_assert_null (hl_call_manager_dial (f->ma, "not a number!"));
  g_assert_null (hl_call_manager_dial (f->ma, "   "));
}

static void
on_replacing_response (HlSipMessage *request,
                       HlSipMessage *response,
                       const GError *error,
                       gpointer      user_data)
{
  guint *status = user_data;

  if (response && hl_sip_message_get_status (response) >= 200)
    *status = hl_sip_message_get_status (response);
}

static gboolean
status_set (gpointer data)
{
  return *(guint *) data != 0;
}

/* agent1 sends agent2 an INVITE with @replaces, as a transferee would; returns the final status. */
static guint
send_replacing_invite (Fixture    *f,
                       const char *replaces)
{
  g_autoptr(HlSipMessage) invite = hl_sip_account_new_request (f->a, "INVITE", "sip:agent2@test.invalid",
                                                               "sip:agent2@test.invalid");
  g_autofree char *sdp = hl_fake_media_sdp ("sendrecv");
  guint status = 0;

  hl_sip_message_add_header (invite, "Replaces", replaces);
  hl_sip_message_set_body (invite, "application/sdp", sdp, -1);
  hl_sip_account_send_request (f->a, invite, on_replacing_response, &status, NULL);
  hl_test_wait_until (status_set, &status, 10000);

  return status;
}

static void
test_replaces (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(HlCall) call = call_and_ring (f);
  g_autoptr(HlCall) replaced = NULL;
  g_autofree char *replaces = NULL;
  g_autofree char *wrong = NULL;
  HlCall *replacing;

  hl_call_answer (f->incoming);
  wait_state (call, HL_CALL_STATE_ACTIVE);
  wait_state (f->incoming, HL_CALL_STATE_ACTIVE);
  replaced = g_object_ref (f->incoming);

  /* From agent1's side: the call-id, agent2's tag as to-tag, agent1's as from-tag. */
  replaces = hl_call_dup_replaces (call);
  g_assert_true (hl_call_matches_replaces (replaced, replaces));
  g_assert_false (hl_call_matches_replaces (call, replaces));
  wrong = g_strconcat (replaces, ";early-only", NULL);
  g_assert_false (hl_call_matches_replaces (replaced, wrong));
  g_assert_false (hl_call_matches_replaces (replaced, "nobody@test.invalid;to-tag=a;from-tag=b"));

  /* A dialog agent2 doesn't have: 481. */
  g_assert_cmpuint (send_replacing_invite (f, "nobody@test.invalid;to-tag=a;from-tag=b"), ==, 481);

  /* The real one: answered at once, without ringing, even while busy; the old call ends. */
  hl_call_manager_set_accepting (f->mb, FALSE);
  g_assert_cmpuint (send_replacing_invite (f, replaces), ==, 200);
  wait_state (replaced, HL_CALL_STATE_ENDED);
  wait_state (call, HL_CALL_STATE_ENDED);
  g_assert_true (f->incoming != replaced);
  replacing = f->incoming;
  g_assert_cmpint (hl_call_get_state (replacing), ==, HL_CALL_STATE_ACTIVE);
  g_assert_cmpuint (g_list_model_get_n_items (hl_call_manager_get_calls (f->mb)), ==, 1);
  hl_call_hangup (replacing);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add ("/call/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("answer-and-hangup", test_answer_and_hangup);
  ADD ("callee-hangs-up", test_callee_hangs_up);
  ADD ("cancel", test_cancel);
  ADD ("reject", test_reject);
  ADD ("hold", test_hold);
  ADD ("dtmf-info", test_dtmf_info);
  ADD ("refer-received", test_refer_received);
  ADD ("refer-target-fails", test_refer_target_fails);
  ADD ("busy-and-auto-answer", test_busy_and_auto_answer);
  ADD ("unknown-target", test_unknown_target);
  ADD ("replaces", test_replaces);
#undef ADD

  return g_test_run ();
}

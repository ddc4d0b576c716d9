/* hl-sip-account.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlSipAccount"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hl-sip-account.h"

/* One SIP account: the WebSocket transport, the client and server transactions over it, and the
 * registration. The transport is reliable, so there are no retransmissions (RFC 3261 §17.1.1.2,
 * §17.1.2.2): a client transaction is the request plus a 32 s timer (Timer B/F) that stops at the
 * first provisional response of an INVITE. Digest challenges (401/407) are answered here, once per
 * nonce, so dialogs and registration never see them unless the credentials are refused.
 *
 * Routing follows RFC 3261 and RFC 7118: the Via host and the Contact host are random ".invalid"
 * names (a WebSocket client has no reachable address) and the proxy (Kamailio: add_contact_alias)
 * routes back over the same connection. */

#define TRANSACTION_TIMEOUT_MS   32000   /* 64 × T1 */
#define DEFAULT_EXPIRES          600
#define RETRY_SECONDS            30
#define UNREGISTER_TIMEOUT_MS    2000

typedef struct
{
  HlSipAccount      *account;          /* unowned */
  HlSipMessage      *request;
  char              *key;
  HlSipResponseFunc  func;
  gpointer           user_data;
  GDestroyNotify     destroy;
  guint              timeout_source;
  guint              auth_rounds;
  guint32            nonce_count;
  gboolean           got_provisional;
  gboolean           accepted;         /* an INVITE that got its 2xx (RFC 6026 §8.4) */
} Transaction;

struct _HlSipAccount
{
  GObject             parent_instance;

  char               *websocket_url;
  char               *aor;
  HlSipUri           *aor_uri;
  char               *username;
  char               *password;
  char               *display_name;

  HlSipTransport     *transport;
  GHashTable         *transactions;    /* key → Transaction */

  char               *via_host;        /* random.invalid */
  char               *contact;         /* <sip:user@host.invalid;transport=ws> */
  char               *register_call_id;
  char               *register_from_tag;
  guint32             register_cseq;
  guint               expires;
  guint               refresh_source;
  guint               retry_source;
  guint               offline_source;
  HlSipMessage       *register_request; /* in flight */

  HlSipAccountState   state;
  HlSipAccountReason  reason;
  char               *reason_text;
  gboolean            wanted_online;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_REASON,
  N_PROPS
};

enum {
  REQUEST_RECEIVED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (HlSipAccount, hl_sip_account, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void register_now (HlSipAccount *self, guint expires);

static void
set_state (HlSipAccount       *self,
           HlSipAccountState   state,
           HlSipAccountReason  reason,
           const char         *reason_text)
{
  gboolean changed_reason = self->reason != reason || g_strcmp0 (self->reason_text, reason_text) != 0;

  if (changed_reason)
    {
      self->reason = reason;
      g_free (self->reason_text);
      self->reason_text = g_strdup (reason_text);
    }

  if (self->state != state)
    {
      g_debug ("%s: state %d → %d (%s)", self->aor, self->state, state, reason_text ? reason_text : "");
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
    }

  if (changed_reason)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REASON]);
}

static char *
transaction_key (const char *branch,
                 const char *method)
{
  return g_strdup_printf ("%s|%s", branch ? branch : "", method ? method : "");
}

static void
transaction_free (gpointer data)
{
  Transaction *t = data;

  g_clear_handle_id (&t->timeout_source, g_source_remove);
  if (t->destroy)
    t->destroy (t->user_data);
  g_clear_pointer (&t->request, hl_sip_message_unref);
  g_free (t->key);
  g_free (t);
}

/* Ends @t: one last call to its callback, then it's gone. */
static void
transaction_finish (HlSipAccount  *self,
                    Transaction   *t,
                    HlSipMessage  *response,
                    const GError  *error)
{
  g_autofree char *key = g_strdup (t->key);

  g_clear_handle_id (&t->timeout_source, g_source_remove);
  /* An accepted INVITE only waited for 2xx retransmissions (Timer M): its end is no failure. */
  if (t->func && !t->accepted)
    t->func (t->request, response, error, t->user_data);
  g_hash_table_remove (self->transactions, key);
}

static gboolean
transaction_timeout (gpointer user_data)
{
  Transaction *t = user_data;
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                                 _("The phone server did not answer"));

  t->timeout_source = 0;
  transaction_finish (t->account, t, NULL, error);

  return G_SOURCE_REMOVE;
}

static void
fail_all_transactions (HlSipAccount *self,
                       const GError *error)
{
  g_autoptr(GList) values = g_hash_table_get_values (self->transactions);

  for (GList *l = values; l; l = l->next)
    transaction_finish (self, l->data, NULL, error);
}

static HlSipMessage *
copy_message (HlSipMessage *message)
{
  gsize length;
  g_autofree char *text = hl_sip_message_to_string (message, &length);

  return hl_sip_message_parse (text, length, NULL);
}

char *
hl_sip_account_new_via (HlSipAccount *self)
{
  g_autofree char *branch = hl_sip_random_token (16);
  const char *transport = g_str_has_prefix (self->websocket_url, "wss:") ? "WSS" : "WS";

  return g_strdup_printf ("SIP/2.0/%s %s;branch=z9hG4bK%s;rport", transport, self->via_host, branch);
}

/* ACK for a non-2xx final response to an INVITE: part of the INVITE transaction (§17.1.1.3). */
static void
send_ack_for_failure (HlSipAccount *self,
                      HlSipMessage *invite,
                      HlSipMessage *response)
{
  g_autoptr(HlSipMessage) ack = hl_sip_message_new_request ("ACK", hl_sip_message_get_request_uri (invite));
  g_autoptr(GPtrArray) routes = hl_sip_message_get_headers (invite, "Route");
  g_autofree char *cseq = g_strdup_printf ("%u ACK", hl_sip_message_get_cseq (invite, NULL));
  g_autoptr(GPtrArray) vias = hl_sip_message_get_headers (invite, "Via");

  if (vias->len > 0)
    hl_sip_message_add_header (ack, "Via", g_ptr_array_index (vias, 0));
  hl_sip_message_add_header (ack, "Max-Forwards", "70");
  hl_sip_message_add_header (ack, "From", hl_sip_message_get_header (invite, "From"));
  hl_sip_message_add_header (ack, "To", hl_sip_message_get_header (response, "To"));
  hl_sip_message_add_header (ack, "Call-ID", hl_sip_message_get_call_id (invite));
  hl_sip_message_add_header (ack, "CSeq", cseq);
  for (guint i = 0; i < routes->len; i++)
    hl_sip_message_add_header (ack, "Route", g_ptr_array_index (routes, i));

  hl_sip_transport_send (self->transport, ack, NULL);
}

/* Answers a 401/407 by sending the request again with credentials. FALSE when it can't (no
 * password, or this nonce was already refused): the challenge is then the final response. */
static gboolean
answer_challenge (HlSipAccount *self,
                  Transaction  *t,
                  HlSipMessage *response)
{
  guint status = hl_sip_message_get_status (response);
  const char *challenge_header = status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
  const char *authorization_header = status == 401 ? "Authorization" : "Proxy-Authorization";
  g_autoptr(HlSipDigestChallenge) challenge = NULL;
  g_autoptr(HlSipMessage) retry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *via = NULL;
  g_autofree char *cseq = NULL;
  g_autofree char *branch = NULL;
  const char *method = hl_sip_message_get_method (t->request);
  const char *value = hl_sip_message_get_header (response, challenge_header);
  Transaction *next;

  if (self->password == NULL || value == NULL)
    return FALSE;

  if (!(challenge = hl_sip_digest_challenge_parse (value, &error)))
    {
      g_debug ("Cannot answer the challenge: %s", error->message);
      return FALSE;
    }

  /* A second challenge means the credentials were refused, unless the nonce merely went stale. */
  if (t->auth_rounds >= 1 && !hl_sip_digest_challenge_is_stale (challenge))
    return FALSE;
  if (t->auth_rounds >= 3)
    return FALSE;

  authorization = hl_sip_digest_authorization (challenge, method, hl_sip_message_get_request_uri (t->request),
                                               self->username, self->password, 1, NULL, &error);
  if (authorization == NULL)
    {
      g_debug ("Cannot answer the challenge: %s", error->message);
      return FALSE;
    }

  if (g_str_equal (method, "INVITE"))
    send_ack_for_failure (self, t->request, response);

  retry = copy_message (t->request);
  via = hl_sip_account_new_via (self);
  cseq = g_strdup_printf ("%u %s", hl_sip_message_get_cseq (t->request, NULL) + 1, method);
  hl_sip_message_remove_header (retry, "Via");
  hl_sip_message_prepend_header (retry, "Via", via);
  hl_sip_message_set_header (retry, "CSeq", cseq);
  hl_sip_message_set_header (retry, authorization_header, authorization);

  /* The same transaction object continues under the new branch. */
  next = g_new0 (Transaction, 1);
  next->account = self;
  next->request = hl_sip_message_ref (retry);
  branch = hl_sip_message_get_via_branch (retry);
  next->key = transaction_key (branch, method);
  next->func = t->func;
  next->user_data = t->user_data;
  next->destroy = t->destroy;
  next->auth_rounds = t->auth_rounds + 1;
  t->func = NULL;
  t->destroy = NULL;
  g_hash_table_remove (self->transactions, t->key);

  if (next->key == NULL)
    return FALSE;

  g_hash_table_insert (self->transactions, g_strdup (next->key), next);
  next->timeout_source = g_timeout_add (TRANSACTION_TIMEOUT_MS, transaction_timeout, next);

  if (self->register_request && g_str_equal (method, "REGISTER"))
    {
      hl_sip_message_unref (self->register_request);
      self->register_request = hl_sip_message_ref (retry);
      self->register_cseq = hl_sip_message_get_cseq (retry, NULL);
    }

  if (!hl_sip_transport_send (self->transport, retry, &error))
    transaction_finish (self, next, NULL, error);

  return TRUE;
}

static void
handle_response (HlSipAccount *self,
                 HlSipMessage *response)
{
  g_autofree char *branch = hl_sip_message_get_via_branch (response);
  g_autofree char *key = NULL;
  const char *method = NULL;
  Transaction *t;
  guint status = hl_sip_message_get_status (response);

  hl_sip_message_get_cseq (response, &method);
  key = transaction_key (branch, method);

  if (!(t = g_hash_table_lookup (self->transactions, key)))
    {
      g_debug ("No transaction for a %u response (%s)", status, key);
      return;
    }

  if (t->accepted)
    {
      /* A retransmitted 2xx (a far end on UDP behind a stateless proxy): the dialog layer ACKs
       * it again; anything else after the 2xx is ignored. */
      g_debug ("Retransmitted %u response (%s)", status, key);
      if (status >= 200 && status < 300 && t->func)
        t->func (t->request, response, NULL, t->user_data);
      return;
    }

  if ((status == 401 || status == 407) && answer_challenge (self, t, response))
    return;

  if (status < 200)
    {
      /* An INVITE that got a provisional answer waits for the final one without a timer. */
      if (g_str_equal (method, "INVITE"))
        g_clear_handle_id (&t->timeout_source, g_source_remove);
      if (t->func)
        t->func (t->request, response, NULL, t->user_data);
      return;
    }

  if (g_str_equal (method, "INVITE") && status >= 300)
    send_ack_for_failure (self, t->request, response);

  if (g_str_equal (method, "INVITE") && status < 300)
    {
      /* RFC 6026: the transaction stays "Accepted" for 64 × T1 so that retransmissions of the
       * 2xx reach the dialog layer, which ACKs each one. */
      t->accepted = TRUE;
      g_clear_handle_id (&t->timeout_source, g_source_remove);
      t->timeout_source = g_timeout_add (TRANSACTION_TIMEOUT_MS, transaction_timeout, t);
      if (t->func)
        t->func (t->request, response, NULL, t->user_data);
      return;
    }

  transaction_finish (self, t, response, NULL);
}

static void
handle_request (HlSipAccount *self,
                HlSipMessage *request)
{
  const char *method = hl_sip_message_get_method (request);
  gboolean handled = FALSE;
  g_autoptr(HlSipMessage) response = NULL;

  g_signal_emit (self, signals [REQUEST_RECEIVED], 0, request, &handled);
  if (handled || g_str_equal (method, "ACK"))
    return;

  if (g_str_equal (method, "OPTIONS"))
    {
      response = hl_sip_message_new_response_to (request, 200, NULL, NULL);
      hl_sip_message_add_header (response, "Allow", HL_SIP_ALLOW);
      hl_sip_message_add_header (response, "Accept",
                                 "application/sdp, application/dtmf-relay, application/dtmf, message/sipfrag");
    }
  else if (hl_sip_message_get_header (request, "To") &&
           strstr (hl_sip_message_get_header (request, "To"), "tag="))
    response = hl_sip_message_new_response_to (request, 481, NULL, NULL);
  else
    response = hl_sip_message_new_response_to (request, 405, NULL, NULL);

  if (!g_str_equal (method, "OPTIONS"))
    hl_sip_message_add_header (response, "Allow", HL_SIP_ALLOW);

  hl_sip_transport_send (self->transport, response, NULL);
}

static void
on_message_received (HlSipAccount   *self,
                     HlSipMessage   *message,
                     HlSipTransport *transport)
{
  if (hl_sip_message_is_request (message))
    handle_request (self, message);
  else
    handle_response (self, message);
}

/* Registration */

static gboolean
refresh_timeout (gpointer user_data)
{
  HlSipAccount *self = user_data;

  self->refresh_source = 0;
  register_now (self, self->expires);

  return G_SOURCE_REMOVE;
}

static gboolean
retry_timeout (gpointer user_data)
{
  HlSipAccount *self = user_data;

  self->retry_source = 0;
  if (self->wanted_online && hl_sip_transport_get_state (self->transport) == HL_SIP_TRANSPORT_CONNECTED)
    register_now (self, self->expires);

  return G_SOURCE_REMOVE;
}

static gint64
granted_expires (HlSipAccount *self,
                 HlSipMessage *response)
{
  g_autoptr(GPtrArray) contacts = hl_sip_message_get_headers (response, "Contact");
  gint64 expires = -1;

  /* Our own binding's expires parameter wins over the Expires header. */
  for (guint i = 0; i < contacts->len && expires < 0; i++)
    {
      g_autoptr(HlSipNameAddr) addr = hl_sip_name_addr_parse (g_ptr_array_index (contacts, i), NULL);
      const char *param;

      if (addr == NULL || addr->uri->host == NULL || addr->uri->host[0] == '\0')
        continue;
      if (!strstr (self->contact, addr->uri->host))
        continue;
      if ((param = hl_sip_name_addr_get_param (addr, "expires")))
        expires = g_ascii_strtoll (param, NULL, 10);
    }

  if (expires < 0)
    expires = hl_sip_message_get_expires (response);

  return expires;
}

static void
on_register_response (HlSipMessage *request,
                      HlSipMessage *response,
                      const GError *error,
                      gpointer      user_data)
{
  HlSipAccount *self = user_data;
  guint status;
  gint64 expires;
  guint refresh;
  const char *requested = hl_sip_message_get_header (request, "Expires");
  gboolean unregister = g_strcmp0 (requested, "0") == 0;

  g_clear_pointer (&self->register_request, hl_sip_message_unref);

  if (unregister)
    {
      /* Signed off: nothing more to wait for before disconnecting. */
      if (!self->wanted_online && self->offline_source != 0)
        {
          g_clear_handle_id (&self->offline_source, g_source_remove);
          hl_sip_transport_stop (self->transport);
        }
      return;
    }

  if (response == NULL)
    {
      set_state (self, HL_SIP_ACCOUNT_CONNECTING, HL_SIP_ACCOUNT_REASON_TIMEOUT, error->message);
      self->retry_source = g_timeout_add_seconds (RETRY_SECONDS, retry_timeout, self);
      return;
    }

  status = hl_sip_message_get_status (response);

  if (status >= 200 && status < 300)
    {
      expires = granted_expires (self, response);
      if (expires <= 0)
        expires = self->expires;

      /* Refresh well before the binding lapses: at 80 %, and at least 5 s early. */
      refresh = (guint) MIN (expires * 8 / 10, MAX (expires - 5, 1));
      g_clear_handle_id (&self->refresh_source, g_source_remove);
      self->refresh_source = g_timeout_add_seconds (refresh, refresh_timeout, self);

      set_state (self, HL_SIP_ACCOUNT_REGISTERED, HL_SIP_ACCOUNT_REASON_NONE, NULL);
      return;
    }

  if (status == 423)
    {
      gint64 min = g_ascii_strtoll (hl_sip_message_get_header (response, "Min-Expires") ?: "0", NULL, 10);

      if (min > self->expires && min < 86400)
        {
          self->expires = (guint) min;
          register_now (self, self->expires);
          return;
        }
    }

  if (status == 401 || status == 407 || status == 403)
    set_state (self, HL_SIP_ACCOUNT_FAILED, HL_SIP_ACCOUNT_REASON_WRONG_PASSWORD,
               _("Wrong user name or password"));
  else if (status == 404)
    set_state (self, HL_SIP_ACCOUNT_FAILED, HL_SIP_ACCOUNT_REASON_UNKNOWN_ACCOUNT,
               _("The phone server does not know this account"));
  else
    {
      g_autofree char *text = g_strdup_printf (_("The phone server refused the registration (%u %s)"),
                                               status, hl_sip_message_get_reason (response));

      set_state (self, HL_SIP_ACCOUNT_CONNECTING, HL_SIP_ACCOUNT_REASON_SERVER_ERROR, text);
      self->retry_source = g_timeout_add_seconds (RETRY_SECONDS, retry_timeout, self);
    }
}

static void
register_now (HlSipAccount *self,
              guint         expires)
{
  g_autoptr(HlSipMessage) request = NULL;
  g_autofree char *registrar = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *expires_text = g_strdup_printf ("%u", expires);
  g_autofree char *from = NULL;
  g_autofree char *cseq = NULL;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);

  if (expires > 0)
    {
      if (self->password == NULL)
        {
          set_state (self, HL_SIP_ACCOUNT_FAILED, HL_SIP_ACCOUNT_REASON_NO_PASSWORD,
                     _("No password is stored for this phone account"));
          return;
        }
      if (self->state != HL_SIP_ACCOUNT_REGISTERED)
        set_state (self, HL_SIP_ACCOUNT_REGISTERING, HL_SIP_ACCOUNT_REASON_NONE, NULL);
    }

  registrar = g_strdup_printf ("%s:%s", self->aor_uri->scheme, self->aor_uri->host);
  if (self->aor_uri->port)
    {
      g_autofree char *with_port = g_strdup_printf ("%s:%u", registrar, self->aor_uri->port);
      g_free (registrar);
      registrar = g_steal_pointer (&with_port);
    }

  request = hl_sip_account_new_request (self, "REGISTER", registrar, self->aor);

  /* One Call-ID and From tag for all of this registration's REGISTERs, CSeq counting up. */
  from = self->display_name
    ? g_strdup_printf ("\"%s\" <%s>;tag=%s", self->display_name, self->aor, self->register_from_tag)
    : g_strdup_printf ("<%s>;tag=%s", self->aor, self->register_from_tag);
  cseq = g_strdup_printf ("%u REGISTER", ++self->register_cseq);
  hl_sip_message_set_header (request, "From", from);
  hl_sip_message_set_header (request, "Call-ID", self->register_call_id);
  hl_sip_message_set_header (request, "CSeq", cseq);
  contact = g_strdup_printf ("%s;expires=%u", self->contact, expires);
  hl_sip_message_set_header (request, "Contact", contact);
  hl_sip_message_set_header (request, "Expires", expires_text);

  g_clear_pointer (&self->register_request, hl_sip_message_unref);
  self->register_request = hl_sip_message_ref (request);

  hl_sip_account_send_request (self, request, on_register_response, self, NULL);
}

static void
on_transport_connected (HlSipAccount   *self,
                        HlSipTransport *transport)
{
  /* After every (re)connection the old binding points at a dead connection: register anew. */
  if (self->wanted_online)
    register_now (self, self->expires);
}

static void
on_transport_disconnected (HlSipAccount   *self,
                           const GError   *error,
                           HlSipTransport *transport)
{
  HlSipAccountReason reason = error->domain == G_TLS_ERROR ? HL_SIP_ACCOUNT_REASON_TLS
                                                           : HL_SIP_ACCOUNT_REASON_UNREACHABLE;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  fail_all_transactions (self, error);

  if (self->wanted_online)
    set_state (self, HL_SIP_ACCOUNT_CONNECTING, reason, error->message);
}

/* GObject */

static void
hl_sip_account_dispose (GObject *object)
{
  HlSipAccount *self = (HlSipAccount *)object;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->offline_source, g_source_remove);

  if (self->transactions)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Account closed");
      fail_all_transactions (self, error);
    }

  if (self->transport)
    {
      g_signal_handlers_disconnect_by_data (self->transport, self);
      hl_sip_transport_stop (self->transport);
    }
  g_clear_object (&self->transport);
  g_clear_pointer (&self->register_request, hl_sip_message_unref);

  G_OBJECT_CLASS (hl_sip_account_parent_class)->dispose (object);
}

static void
hl_sip_account_finalize (GObject *object)
{
  HlSipAccount *self = (HlSipAccount *)object;

  g_clear_pointer (&self->transactions, g_hash_table_unref);
  g_clear_pointer (&self->aor_uri, hl_sip_uri_free);
  g_free (self->websocket_url);
  g_free (self->aor);
  g_free (self->username);
  if (self->password)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->display_name);
  g_free (self->via_host);
  g_free (self->contact);
  g_free (self->register_call_id);
  g_free (self->register_from_tag);
  g_free (self->reason_text);

  G_OBJECT_CLASS (hl_sip_account_parent_class)->finalize (object);
}

static void
hl_sip_account_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HlSipAccount *self = HL_SIP_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_REASON:
      g_value_set_int (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_sip_account_class_init (HlSipAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hl_sip_account_dispose;
  object_class->finalize = hl_sip_account_finalize;
  object_class->get_property = hl_sip_account_get_property;

  properties [PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      HL_SIP_ACCOUNT_OFFLINE, HL_SIP_ACCOUNT_FAILED, HL_SIP_ACCOUNT_OFFLINE,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_REASON] =
    g_param_spec_int ("reason", NULL, NULL,
                      HL_SIP_ACCOUNT_REASON_NONE, HL_SIP_ACCOUNT_REASON_SERVER_ERROR, HL_SIP_ACCOUNT_REASON_NONE,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HlSipAccount::request-received:
   * @request: (type gpointer): an #HlSipMessage, valid during the emission
   *
   * An incoming request outside any client transaction (INVITE, BYE, INFO, …). A handler that
   * takes it returns %TRUE and sends the response itself; unhandled requests are answered
   * 200 (OPTIONS), 481 (in-dialog) or 405.
   */
  signals [REQUEST_RECEIVED] =
    g_signal_new ("request-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, G_TYPE_POINTER);
}

static void
hl_sip_account_init (HlSipAccount *self)
{
  g_autofree char *host = hl_sip_random_token (12);
  g_autofree char *user = hl_sip_random_token (8);
  g_autofree char *call_id = hl_sip_random_token (20);

  self->transactions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, transaction_free);
  self->expires = DEFAULT_EXPIRES;
  self->via_host = g_strdup_printf ("%s.invalid", host);
  self->contact = g_strdup_printf ("<sip:%s@%s;transport=ws>", user, self->via_host);
  self->register_call_id = g_strdup_printf ("%s@%s", call_id, self->via_host);
  self->register_from_tag = hl_sip_random_token (10);
}

/**
 * hl_sip_account_new:
 * @websocket_url: the PBX's SIP over WebSocket address
 * @aor: the address of record, sip:agent1@pbx.example.com
 * @username: (nullable): the digest user name; the AOR's user when %NULL
 * @display_name: (nullable): shown to the people the agent calls
 *
 * Returns: (nullable): a new account, or %NULL if @aor is not a SIP URI with a user and host
 */
HlSipAccount *
hl_sip_account_new (const char *websocket_url,
                    const char *aor,
                    const char *username,
                    const char *display_name)
{
  g_autoptr(HlSipUri) uri = NULL;
  HlSipAccount *self;

  g_return_val_if_fail (websocket_url != NULL, NULL);
  g_return_val_if_fail (aor != NULL, NULL);

  if (!(uri = hl_sip_uri_parse (aor, NULL)) || uri->user == NULL || uri->host == NULL)
    return NULL;

  self = g_object_new (HL_TYPE_SIP_ACCOUNT, NULL);
  self->websocket_url = g_strdup (websocket_url);
  self->aor = g_strdup (aor);
  self->aor_uri = g_steal_pointer (&uri);
  self->username = g_strdup (username ? username : self->aor_uri->user);
  self->display_name = display_name && *display_name ? g_strdup (display_name) : NULL;
  self->transport = hl_sip_transport_new (websocket_url);

  g_signal_connect_object (self->transport, "connected", G_CALLBACK (on_transport_connected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->transport, "disconnected", G_CALLBACK (on_transport_disconnected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->transport, "message-received", G_CALLBACK (on_message_received), self,
                           G_CONNECT_SWAPPED);

  return self;
}

void
hl_sip_account_set_password (HlSipAccount *self,
                             const char   *password)
{
  g_return_if_fail (HL_IS_SIP_ACCOUNT (self));

  if (self->password)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
}

void
hl_sip_account_set_register_expires (HlSipAccount *self,
                                     guint         seconds)
{
  g_return_if_fail (HL_IS_SIP_ACCOUNT (self));
  g_return_if_fail (seconds > 0);

  self->expires = seconds;
}

/* Connects and registers; keeps the registration fresh and comes back after network drops. */
void
hl_sip_account_go_online (HlSipAccount *self)
{
  g_return_if_fail (HL_IS_SIP_ACCOUNT (self));

  self->wanted_online = TRUE;
  g_clear_handle_id (&self->offline_source, g_source_remove);

  if (hl_sip_transport_get_state (self->transport) == HL_SIP_TRANSPORT_CONNECTED)
    register_now (self, self->expires);
  else
    {
      set_state (self, HL_SIP_ACCOUNT_CONNECTING, HL_SIP_ACCOUNT_REASON_NONE, NULL);
      hl_sip_transport_start (self->transport);
    }
}

static gboolean
offline_timeout (gpointer user_data)
{
  HlSipAccount *self = user_data;

  self->offline_source = 0;
  if (!self->wanted_online)
    hl_sip_transport_stop (self->transport);

  return G_SOURCE_REMOVE;
}

/* Un-REGISTERs (best effort, 2 s at most) and disconnects. */
void
hl_sip_account_go_offline (HlSipAccount *self)
{
  gboolean was_registered;

  g_return_if_fail (HL_IS_SIP_ACCOUNT (self));

  was_registered = self->state == HL_SIP_ACCOUNT_REGISTERED;
  self->wanted_online = FALSE;
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  set_state (self, HL_SIP_ACCOUNT_OFFLINE, HL_SIP_ACCOUNT_REASON_NONE, NULL);

  if (was_registered && hl_sip_transport_get_state (self->transport) == HL_SIP_TRANSPORT_CONNECTED)
    {
      register_now (self, 0);
      g_clear_handle_id (&self->offline_source, g_source_remove);
      self->offline_source = g_timeout_add (UNREGISTER_TIMEOUT_MS, offline_timeout, self);
    }
  else
    hl_sip_transport_stop (self->transport);
}

HlSipAccountState
hl_sip_account_get_state (HlSipAccount *self)
{
  g_return_val_if_fail (HL_IS_SIP_ACCOUNT (self), HL_SIP_ACCOUNT_OFFLINE);

  return self->state;
}

HlSipAccountReason
hl_sip_account_get_reason (HlSipAccount *self)
{
  g_return_val_if_fail (HL_IS_SIP_ACCOUNT (self), HL_SIP_ACCOUNT_REASON_NONE);

  return self->reason;
}

/* Why the account is connecting or failed, for the user; NULL when nothing is wrong. */
const char *
hl_sip_account_get_reason_text (HlSipAccount *self)
{
  g_return_val_if_fail (HL_IS_SIP_ACCOUNT (self), NULL);

  return self->reason_text;
}

const char *
hl_sip_account_get_aor (HlSipAccount *self)
{
  g_return_val_if_fail (HL_IS_SIP_ACCOUNT (self), NULL);

  return self->aor;
}

const char *
hl_sip_account_get_contact (HlSipAccount *self)
{
  g_return_val_if_fail (HL_IS_SIP_ACCOUNT (self), NULL);

  return self->contact;
}

HlSipTransport *
hl_sip_account_get_transport (HlSipAccount *self)
{
  g_return_val_if_fail (HL_IS_SIP_ACCOUNT (self), NULL);

  return self->transport;
}

/**
 * hl_sip_account_new_request:
 * @to: the To header value (a name-addr or a URI)
 *
 * A new out-of-dialog request from this account: fresh Via branch, From tag and Call-ID,
 * CSeq 1, Max-Forwards, Contact.
 */
HlSipMessage *
hl_sip_account_new_request (HlSipAccount *self,
                            const char   *method,
                            const char   *request_uri,
                            const char   *to)
{
  g_autoptr(HlSipMessage) request = NULL;
  g_autofree char *via = NULL;
  g_autofree char *tag = hl_sip_random_token (10);
  g_autofree char *call_id_token = hl_sip_random_token (20);
  g_autofree char *call_id = NULL;
  g_autofree char *from = NULL;
  g_autofree char *cseq = g_strdup_printf ("1 %s", method);

  g_return_val_if_fail (HL_IS_SIP_ACCOUNT (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (request_uri != NULL, NULL);

  request = hl_sip_message_new_request (method, request_uri);
  via = hl_sip_account_new_via (self);
  call_id = g_strdup_printf ("%s@%s", call_id_token, self->via_host);
  from = self->display_name
    ? g_strdup_printf ("\"%s\" <%s>;tag=%s", self->display_name, self->aor, tag)
    : g_strdup_printf ("<%s>;tag=%s", self->aor, tag);

  hl_sip_message_add_header (request, "Via", via);
  hl_sip_message_add_header (request, "Max-Forwards", "70");
  hl_sip_message_add_header (request, "From", from);
  hl_sip_message_add_header (request, "To", to);
  hl_sip_message_add_header (request, "Call-ID", call_id);
  hl_sip_message_add_header (request, "CSeq", cseq);
  hl_sip_message_add_header (request, "Contact", self->contact);
  hl_sip_message_add_header (request, "User-Agent", "Helpline/" PACKAGE_VERSION);

  return g_steal_pointer (&request);
}

/**
 * hl_sip_account_send_request:
 * @func: (nullable): called for each response and once at the end (see #HlSipResponseFunc)
 *
 * Sends @request in a new client transaction (the account keeps a reference), answering digest
 * challenges with the account's credentials.
 */
void
hl_sip_account_send_request (HlSipAccount      *self,
                             HlSipMessage      *request,
                             HlSipResponseFunc  func,
                             gpointer           user_data,
                             GDestroyNotify     destroy)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *branch = NULL;
  Transaction *t;

  g_return_if_fail (HL_IS_SIP_ACCOUNT (self));
  g_return_if_fail (request != NULL);

  t = g_new0 (Transaction, 1);
  t->account = self;
  t->request = hl_sip_message_ref (request);
  branch = hl_sip_message_get_via_branch (request);
  t->key = transaction_key (branch, hl_sip_message_get_method (request));
  t->func = func;
  t->user_data = user_data;
  t->destroy = destroy;

  g_hash_table_insert (self->transactions, g_strdup (t->key), t);

  if (!hl_sip_transport_send (self->transport, request, &error))
    {
      transaction_finish (self, t, NULL, error);
      return;
    }

  t->timeout_source = g_timeout_add (TRANSACTION_TIMEOUT_MS, transaction_timeout, t);
}

/* Sends a request outside any transaction: ACK for a 2xx. */
gboolean
hl_sip_account_send_stateless (HlSipAccount  *self,
                               HlSipMessage  *request,
                               GError       **error)
{
  g_return_val_if_fail (HL_IS_SIP_ACCOUNT (self), FALSE);

  return hl_sip_transport_send (self->transport, request, error);
}

gboolean
hl_sip_account_send_response (HlSipAccount  *self,
                              HlSipMessage  *response,
                              GError       **error)
{
  g_return_val_if_fail (HL_IS_SIP_ACCOUNT (self), FALSE);

  return hl_sip_transport_send (self->transport, response, error);
}

/* CANCELs a pending INVITE (RFC 3261 §9.1): same Request-URI, Call-ID, From, To, top Via and
 * Route set, CSeq number with method CANCEL. The INVITE then ends with 487. */
void
hl_sip_account_cancel_request (HlSipAccount *self,
                               HlSipMessage *request)
{
  g_autoptr(HlSipMessage) cancel = NULL;
  g_autoptr(GPtrArray) vias = NULL;
  g_autoptr(GPtrArray) routes = NULL;
  g_autofree char *cseq = NULL;

  g_return_if_fail (HL_IS_SIP_ACCOUNT (self));
  g_return_if_fail (request != NULL);

  cancel = hl_sip_message_new_request ("CANCEL", hl_sip_message_get_request_uri (request));
  vias = hl_sip_message_get_headers (request, "Via");
  routes = hl_sip_message_get_headers (request, "Route");
  cseq = g_strdup_printf ("%u CANCEL", hl_sip_message_get_cseq (request, NULL));

  if (vias->len > 0)
    hl_sip_message_add_header (cancel, "Via", g_ptr_array_index (vias, 0));
  hl_sip_message_add_header (cancel, "Max-Forwards", "70");
  hl_sip_message_add_header (cancel, "From", hl_sip_message_get_header (request, "From"));
  hl_sip_message_add_header (cancel, "To", hl_sip_message_get_header (request, "To"));
  hl_sip_message_add_header (cancel, "Call-ID", hl_sip_message_get_call_id (request));
  hl_sip_message_add_header (cancel, "CSeq", cseq);
  for (guint i = 0; i < routes->len; i++)
    hl_sip_message_add_header (cancel, "Route", g_ptr_array_index (routes, i));

  hl_sip_account_send_request (self, cancel, NULL, NULL, NULL);
}

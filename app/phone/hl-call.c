/* hl-call.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlCall"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hl-call.h"
#include "hl-dial-uri.h"
#include "hl-enums.h"
#include "hl-sdp.h"
#include "hl-sip-dialog.h"

/* One call: its SIP dialog (INVITE, CANCEL, BYE, re-INVITE for hold, INFO for DTMF, REFER for
 * transfer) and its media, behind HlCallMedia. An incoming call starts answering the offer while
 * it rings, so that "Answer" only has to send the 200 OK that is already prepared. */

struct _HlCall
{
  GObject          parent_instance;

  HlSipAccount    *account;
  HlCallMedia     *media;
  GCancellable    *cancellable;

  HlCallDirection  direction;
  HlCallState      state;
  HlCallResult     result;
  char            *remote_uri;
  char            *remote_name;
  gint64           contact_id;      /* caller-id: the customer the call is with, 0 until matched */
  char            *contact_name;
  char            *call_id;
  char            *end_reason;

  HlSipMessage    *invite;          /* incoming: the INVITE to answer; outgoing: the one sent */
  HlSipDialog     *dialog;
  char            *local_tag;
  char            *prepared_answer; /* incoming: the SDP answer made while ringing */
  char            *local_sdp;       /* our side of the session, as last sent */
  gboolean         answer_wanted;
  gboolean         cancel_wanted;   /* hung up before the other side answered */
  gboolean         got_provisional;
  gboolean         muted;
  gboolean         remote_held;
  guint            redirects;
  GPtrArray       *tried_targets;   /* outgoing: the Request-URIs an INVITE went to */
  gboolean         retried_422;
  gboolean         transferred;     /* the transfer target answered: our leg ended for it */
  HlSipMessage    *pending_reinvite; /* an incoming re-INVITE waiting for its answer */
  HlSipMessage    *ack;             /* outgoing: the ACK of the 2xx, sent again for each retransmission */
  HlSipMessage    *invite_response; /* incoming: the latest response to the INVITE */
  HlSipMessage    *last_response;   /* the response to the latest in-dialog request */
  char            *remote_origin;   /* the o= line of the peer's SDP, to recognise session refreshes */
  HlCall          *transferee;      /* a call placed for a REFER: the call that received it */
  gboolean         transferee_of_refer; /* a REFER we accepted is in progress */
  guint            transfer_hangup_source;
  guint            final_status;    /* outgoing: the final response that ended the INVITE, 0 if none */

  double           mos;             /* < 0 until measured */
  double           jitter_ms;
  double           loss_pct;
  double           rtt_ms;

  gint64           started_at;
  gint64           answered_at;
  gint64           ended_at;

  gboolean         recording;
  char            *recording_path;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_MUTED,
  PROP_REMOTE_HELD,
  PROP_REMOTE_NAME,
  PROP_CONTACT_NAME,
  PROP_MOS,
  PROP_RECORDING,
  N_PROPS
};

enum {
  DTMF_RECEIVED,
  TRANSFER_FAILED,
  TRANSFER_REQUESTED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (HlCall, hl_call, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static gboolean follow_redirect   (HlCall *self, HlSipMessage *request, HlSipMessage *response);
static gboolean retry_after_422   (HlCall *self, HlSipMessage *request, HlSipMessage *response);
static char    *failure_reason    (HlSipMessage *response);
static void     remember_origin   (HlCall *self, const char *sdp, gsize length);
static gboolean is_session_refresh (HlCall *self, const char *sdp, gsize length);
static gboolean resend_response   (HlCall *self, HlSipMessage *request);
static void     handle_refer      (HlCall *self, HlSipMessage *request);
static char     parse_dtmf_body   (HlSipMessage *request);
static gboolean offer_is_webrtc   (const char *sdp, gsize length);

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
set_state (HlCall      *self,
           HlCallState  state)
{
  if (self->state == state)
    return;

  g_debug ("Call %s: state %d → %d", self->call_id, self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
}

static void
end_call (HlCall       *self,
          HlCallResult  result,
          const char   *reason)
{
  if (self->state == HL_CALL_STATE_ENDED)
    return;

  g_debug ("Call %s ended: %s", self->call_id, reason);
  self->result = result;
  g_free (self->end_reason);
  self->end_reason = g_strdup (reason);
  self->ended_at = now_seconds ();
  g_cancellable_cancel (self->cancellable);
  if (self->media)
    hl_call_media_close (self->media);
  set_state (self, HL_CALL_STATE_ENDED);
}

static gboolean
sdp_is_hold (const char *sdp)
{
  return sdp && (strstr (sdp, "a=sendonly") || strstr (sdp, "a=inactive"));
}

static void
send_in_dialog (HlCall            *self,
                const char        *method,
                const char        *content_type,
                const char        *body,
                HlSipResponseFunc  func,
                const char        *extra_name,
                const char        *extra_value)
{
  g_autofree char *via = hl_sip_account_new_via (self->account);
  g_autoptr(HlSipMessage) request = hl_sip_dialog_new_request (self->dialog, method, via);

  if (extra_name)
    hl_sip_message_add_header (request, extra_name, extra_value);
  if (body)
    hl_sip_message_set_body (request, content_type, body, -1);

  hl_sip_account_send_request (self->account, request, func, g_object_ref (self), g_object_unref);
}

/* Outgoing calls */

static void
on_answer_applied (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(HlCall) self = user_data;
  g_autoptr(GError) error = NULL;

  if (hl_call_media_apply_answer_finish (HL_CALL_MEDIA (object), result, &error) ||
      self->state == HL_CALL_STATE_ENDED || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The call connected in SIP but its media can't work: say so and end it. */
  g_warning ("Cannot use the answer of call %s: %s", self->call_id, error->message);
  send_in_dialog (self, "BYE", NULL, NULL, NULL, NULL, NULL);
  end_call (self, HL_CALL_RESULT_FAILED, error->message);
}

static void
on_invite_response (HlSipMessage *request,
                    HlSipMessage *response,
                    const GError *error,
                    gpointer      user_data)
{
  HlCall *self = user_data;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *via = NULL;
  guint status;
  gsize length;
  const char *sdp;

  g_clear_pointer (&self->invite, hl_sip_message_unref);
  self->invite = hl_sip_message_ref (request);

  if (response == NULL)
    {
      end_call (self, HL_CALL_RESULT_FAILED, error->message);
      return;
    }

  status = hl_sip_message_get_status (response);

  if (status >= 200 && status < 300 && self->ack)
    {
      /* The 2xx again: the far end did not see our ACK (RFC 3261 §13.2.2.4). */
      g_debug ("Call %s: 2xx retransmitted, ACK sent again", self->call_id);
      hl_sip_account_send_stateless (self->account, self->ack, NULL);
      return;
    }

  if (status < 200)
    {
      self->got_provisional = TRUE;
      if (status >= 180 && self->state == HL_CALL_STATE_DIALING)
        set_state (self, HL_CALL_STATE_ALERTING);
      if (self->cancel_wanted)
        {
          self->cancel_wanted = FALSE;
          hl_sip_account_cancel_request (self->account, request);
        }
      return;
    }

  if (status >= 300)
    self->final_status = status;

  if (status >= 300 && status < 400 && !self->cancel_wanted && follow_redirect (self, request, response))
    return;

  if (status == 422 && !self->cancel_wanted && retry_after_422 (self, request, response))
    return;

  if (status >= 300)
    {
      HlCallResult result = HL_CALL_RESULT_FAILED;
      g_autofree char *reason = NULL;

      if (status == 486 || status == 600)
        result = HL_CALL_RESULT_BUSY;
      else if (status == 603)
        result = HL_CALL_RESULT_REJECTED;
      else if (status == 487 || status == 408 || status == 480)
        result = HL_CALL_RESULT_MISSED;

      reason = status == 487 ? g_strdup (_("Cancelled")) : failure_reason (response);
      end_call (self, result, reason);
      return;
    }

  /* 2xx: the dialog exists; ACK it whatever happens next. */
  if (!(self->dialog = hl_sip_dialog_new_uac (request, response, &local_error)))
    {
      g_warning ("Unusable 2xx to our INVITE: %s", local_error->message);
      end_call (self, HL_CALL_RESULT_FAILED, local_error->message);
      return;
    }

  via = hl_sip_account_new_via (self->account);
  self->ack = hl_sip_dialog_new_ack (self->dialog, request, via);
  hl_sip_account_send_stateless (self->account, self->ack, NULL);

  if (self->state == HL_CALL_STATE_ENDED || self->cancel_wanted)
    {
      /* Answered while we hung up: end it properly. */
      send_in_dialog (self, "BYE", NULL, NULL, NULL, NULL, NULL);
      end_call (self, HL_CALL_RESULT_MISSED, _("Cancelled"));
      return;
    }

  sdp = hl_sip_message_get_body (response, &length);
  if (sdp == NULL || length == 0)
    {
      send_in_dialog (self, "BYE", NULL, NULL, NULL, NULL, NULL);
      end_call (self, HL_CALL_RESULT_FAILED, _("The other side sent no audio description"));
      return;
    }

  self->answered_at = now_seconds ();
  remember_origin (self, sdp, length);
  set_state (self, HL_CALL_STATE_ACTIVE);

  {
    g_autofree char *text = g_strndup (sdp, length);
    hl_call_media_apply_answer_async (self->media, text, self->cancellable, on_answer_applied, g_object_ref (self));
  }
}

static void
on_offer_ready (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HlCall) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sdp = hl_call_media_create_offer_finish (HL_CALL_MEDIA (object), result, &error);
  g_autoptr(HlSipMessage) invite = NULL;

  if (self->state == HL_CALL_STATE_ENDED)
    return;

  if (sdp == NULL)
    {
      end_call (self, HL_CALL_RESULT_FAILED, error->message);
      return;
    }

  if (self->cancel_wanted)
    {
      end_call (self, HL_CALL_RESULT_MISSED, _("Cancelled"));
      return;
    }

  invite = hl_sip_account_new_request (self->account, "INVITE", self->remote_uri, self->remote_uri);
  hl_sip_message_set_header (invite, "Call-ID", self->call_id);
  hl_sip_message_add_header (invite, "Allow", HL_SIP_ALLOW);
  hl_sip_message_add_header (invite, "Supported", "replaces");
  hl_sip_message_set_body (invite, "application/sdp", sdp, -1);
  self->local_sdp = g_strdup (sdp);

  self->invite = hl_sip_message_ref (invite);
  hl_sip_account_send_request (self->account, invite, on_invite_response, g_object_ref (self), g_object_unref);
}

/* Incoming calls */

static void
send_response (HlCall       *self,
               HlSipMessage *request,
               guint         status,
               const char   *content_type,
               const char   *body)
{
  g_autoptr(HlSipMessage) response = hl_sip_message_new_response_to (request, status, NULL, self->local_tag);

  if (status < 300 && g_str_equal (hl_sip_message_get_method (request), "INVITE"))
    hl_sip_message_add_header (response, "Contact", hl_sip_account_get_contact (self->account));
  /* RFC 3261 §12.1.1: dialog-creating responses carry the request's Record-Route, in order, so
   * that the caller's route set keeps its requests (BYE, re-INVITE, INFO) on the proxies' path. */
  if (status > 100 && status < 300 && g_str_equal (hl_sip_message_get_method (request), "INVITE"))
    {
      g_autoptr(GPtrArray) record_route = hl_sip_message_get_headers (request, "Record-Route");

      for (guint i = 0; i < record_route->len; i++)
        hl_sip_message_add_header (response, "Record-Route", g_ptr_array_index (record_route, i));
    }
  if (body)
    hl_sip_message_set_body (response, content_type, body, -1);

  /* Kept to answer retransmissions of the request (UDP peers behind a stateless proxy). */
  if (request == self->invite)
    {
      g_clear_pointer (&self->invite_response, hl_sip_message_unref);
      self->invite_response = hl_sip_message_ref (response);
    }
  else if (!g_str_equal (hl_sip_message_get_method (request), "CANCEL"))
    {
      g_clear_pointer (&self->last_response, hl_sip_message_unref);
      self->last_response = hl_sip_message_ref (response);
    }

  hl_sip_account_send_response (self->account, response, NULL);
}

static void
send_prepared_answer (HlCall *self)
{
  g_autoptr(GError) error = NULL;

  if (!(self->dialog = hl_sip_dialog_new_uas (self->invite, self->local_tag,
                                              hl_sip_account_get_contact (self->account), &error)))
    {
      send_response (self, self->invite, 400, NULL, NULL);
      end_call (self, HL_CALL_RESULT_FAILED, error->message);
      return;
    }

  send_response (self, self->invite, 200, "application/sdp", self->prepared_answer);
  /* After the 200 is on its way: opening a device can take a few milliseconds */
  hl_call_media_open_capture (self->media);
  g_free (self->local_sdp);
  self->local_sdp = g_strdup (self->prepared_answer);
  self->answered_at = now_seconds ();
  set_state (self, HL_CALL_STATE_ACTIVE);
}

static void
on_answer_ready (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HlCall) self = user_data;
  g_autoptr(GError) error = NULL;
  char *sdp = hl_call_media_answer_finish (HL_CALL_MEDIA (object), result, &error);

  if (self->state == HL_CALL_STATE_ENDED)
    {
      g_free (sdp);
      return;
    }

  if (sdp == NULL)
    {
      /* The offer can't be answered (no common codec, broken SDP): 488, as RFC 3261 says. */
      g_warning ("Cannot answer the offer of call %s: %s", self->call_id, error->message);
      send_response (self, self->invite, 488, NULL, NULL);
      end_call (self, HL_CALL_RESULT_FAILED, error->message);
      return;
    }

  self->prepared_answer = sdp;
  if (self->answer_wanted)
    send_prepared_answer (self);
}

/* In-dialog requests */

static void
on_reinvite_answer (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(HlCall) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sdp = hl_call_media_answer_finish (HL_CALL_MEDIA (object), result, &error);
  g_autoptr(HlSipMessage) request = g_steal_pointer (&self->pending_reinvite);
  gsize length;

  if (request == NULL || self->state == HL_CALL_STATE_ENDED)
    return;

  if (sdp == NULL)
    {
      send_response (self, request, 488, NULL, NULL);
      return;
    }

  send_response (self, request, 200, "application/sdp", sdp);
  g_free (self->local_sdp);
  self->local_sdp = g_strdup (sdp);

  if (self->remote_held != sdp_is_hold (hl_sip_message_get_body (request, &length)))
    {
      self->remote_held = !self->remote_held;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REMOTE_HELD]);
    }
}

static char
parse_dtmf_info (HlSipMessage *request)
{
  gsize length;
  const char *body = hl_sip_message_get_body (request, &length);
  g_autofree char *text = body ? g_strndup (body, length) : NULL;
  const char *signal_line = text ? strstr (text, "Signal=") : NULL;

  if (signal_line == NULL)
    return 0;

  signal_line += strlen ("Signal=");
  while (*signal_line == ' ')
    signal_line++;

  if (g_ascii_isdigit (*signal_line) || *signal_line == '*' || *signal_line == '#' ||
      (*signal_line >= 'A' && *signal_line <= 'D'))
    return *signal_line;

  return 0;
}

static void
handle_notify (HlCall       *self,
               HlSipMessage *request)
{
  gsize length;
  const char *body = hl_sip_message_get_body (request, &length);
  g_autofree char *frag = body ? g_strndup (body, length) : g_strdup ("");
  guint status = 0;

  send_response (self, request, 200, NULL, NULL);

  /* message/sipfrag: "SIP/2.0 200 OK" */
  if (g_str_has_prefix (frag, "SIP/2.0 "))
    status = (guint) g_ascii_strtoull (frag + 8, NULL, 10);

  if (status >= 200 && status < 300)
    {
      self->transferred = TRUE;
      send_in_dialog (self, "BYE", NULL, NULL, NULL, NULL, NULL);
      end_call (self, HL_CALL_RESULT_ANSWERED, _("Transferred"));
    }
  else if (status >= 300)
    g_signal_emit (self, signals [TRANSFER_FAILED], 0, status);
}

/* Requests the call manager routed here: CANCEL of our ringing INVITE, or in-dialog requests. */
gboolean
hl_call_handle_request (HlCall       *self,
                        HlSipMessage *request)
{
  const char *method;
  const char *body;
  char digit;
  gsize length;
  gsize body_length = 0;

  g_return_val_if_fail (HL_IS_CALL (self), FALSE);

  method = hl_sip_message_get_method (request);

  if (g_str_equal (method, "CANCEL"))
    {
      send_response (self, request, 200, NULL, NULL);
      if (self->state == HL_CALL_STATE_INCOMING)
        {
          send_response (self, self->invite, 487, NULL, NULL);
          end_call (self, HL_CALL_RESULT_MISSED, _("The caller hung up"));
        }
      return TRUE;
    }

  if (g_str_equal (method, "ACK"))
    return TRUE;

  if (resend_response (self, request))
    return TRUE;

  if (self->dialog == NULL)
    return FALSE;

  if (!hl_sip_dialog_check_remote_cseq (self->dialog, request))
    {
      send_response (self, request, 500, NULL, NULL);
      return TRUE;
    }

  body = hl_sip_message_get_body (request, &body_length);

  if (g_str_equal (method, "BYE"))
    {
      send_response (self, request, 200, NULL, NULL);
      end_call (self, HL_CALL_RESULT_ANSWERED, _("The other side hung up"));
    }
  else if (g_str_equal (method, "UPDATE") && (body == NULL || body_length == 0))
    {
      /* A session refresh without an offer (RFC 4028 §10). */
      g_debug ("Call %s: session refresh by UPDATE", self->call_id);
      send_response (self, request, 200, NULL, NULL);
    }
  else if ((g_str_equal (method, "INVITE") || g_str_equal (method, "UPDATE")) &&
           self->local_sdp && !self->pending_reinvite &&
           is_session_refresh (self, body, body_length))
    {
      /* The same session again (RFC 4028 refresh, RFC 3264 §8 "no change"): our own SDP
       * unchanged, and the media left alone. */
      g_debug ("Call %s: session refresh by %s", self->call_id, method);
      hl_sip_dialog_update_target (self->dialog, request);
      send_response (self, request, 200, "application/sdp", self->local_sdp);
    }
  else if (g_str_equal (method, "REFER"))
    handle_refer (self, request);
  else if (g_str_equal (method, "INVITE") || g_str_equal (method, "UPDATE"))
    {
      const char *offer = hl_sip_message_get_body (request, &length);

      if (self->pending_reinvite || offer == NULL || length == 0)
        {
          /* 491 for glare; an offerless re-INVITE before we have any SDP of our own: 488. */
          send_response (self, request, self->pending_reinvite ? 491 : 488, NULL, NULL);
          return TRUE;
        }

      hl_sip_dialog_update_target (self->dialog, request);
      remember_origin (self, offer, length);
      self->pending_reinvite = hl_sip_message_ref (request);
      {
        g_autofree char *text = g_strndup (offer, length);
        hl_call_media_answer_async (self->media, text, self->cancellable, on_reinvite_answer, g_object_ref (self));
      }
    }
  else if (g_str_equal (method, "INFO"))
    {
      if ((digit = parse_dtmf_body (request)))
        {
          char tone[2] = { digit, 0 };

          g_debug ("Call %s: DTMF %c received by INFO", self->call_id, digit);
          send_response (self, request, 200, NULL, NULL);
          g_signal_emit (self, signals [DTMF_RECEIVED], 0, tone);
        }
      else
        send_response (self, request, 415, NULL, NULL);
    }
  else if (g_str_equal (method, "NOTIFY"))
    handle_notify (self, request);
  else if (g_str_equal (method, "OPTIONS"))
    send_response (self, request, 200, NULL, NULL);
  else
    send_response (self, request, 405, NULL, NULL);

  return TRUE;
}

/* Edge cases: redirects, failure reasons, session refreshes, retransmissions, received REFER */

#define MAX_REDIRECTS 3
#define TRANSFER_HANGUP_SECONDS 3

static gboolean
is_sip_uri (const HlSipUri *uri)
{
  return g_strcmp0 (uri->scheme, "sip") == 0 || g_strcmp0 (uri->scheme, "sips") == 0;
}

/* An INVITE sent again in place of @request (redirect or 422): the call follows the new one. */
static void
send_invite_again (HlCall       *self,
                   HlSipMessage *invite)
{
  g_clear_pointer (&self->invite, hl_sip_message_unref);
  self->invite = hl_sip_message_ref (invite);
  self->got_provisional = FALSE;
  hl_sip_account_send_request (self->account, invite, on_invite_response, g_object_ref (self), g_object_unref);
}

/* 3xx: a new INVITE to the first Contact not tried yet (RFC 3261 §8.1.3.4), at most
 * MAX_REDIRECTS times. FALSE when the response names no usable Contact. */
static gboolean
follow_redirect (HlCall       *self,
                 HlSipMessage *request,
                 HlSipMessage *response)
{
  g_autoptr(GPtrArray) contacts = hl_sip_message_get_headers (response, "Contact");
  g_autofree char *target = NULL;
  gboolean looped = FALSE;

  if (self->tried_targets == NULL)
    {
      self->tried_targets = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (self->tried_targets, g_strdup (hl_sip_message_get_request_uri (request)));
    }

  for (guint i = 0; i < contacts->len && target == NULL; i++)
    {
      g_autoptr(HlSipNameAddr) contact = hl_sip_name_addr_parse (g_ptr_array_index (contacts, i), NULL);
      g_autofree char *uri = NULL;

      if (contact == NULL || !is_sip_uri (contact->uri))
        continue;

      uri = hl_sip_uri_to_string (contact->uri);
      if (g_ptr_array_find_with_equal_func (self->tried_targets, uri, g_str_equal, NULL))
        looped = TRUE;
      else
        target = g_steal_pointer (&uri);
    }

  if (target == NULL && !looped)
    return FALSE;

  if (target == NULL || self->redirects >= MAX_REDIRECTS)
    {
      g_debug ("Call %s: redirect refused (%u redirects, loop %d)", self->call_id, self->redirects, looped);
      end_call (self, HL_CALL_RESULT_FAILED,
                looped ? _("The number redirects the call in a loop")
                       : _("The number redirected the call too many times"));
      return TRUE;
    }

  {
    gsize length;
    const char *sdp = hl_sip_message_get_body (request, &length);
    g_autoptr(HlSipMessage) redirect = hl_sip_account_new_request (self->account, "INVITE", target, target);

    g_debug ("Call %s: redirected by %u to %s", self->call_id, hl_sip_message_get_status (response), target);
    self->redirects++;
    g_ptr_array_add (self->tried_targets, g_strdup (target));
    hl_sip_message_set_header (redirect, "Call-ID", hl_sip_message_get_call_id (request));
    hl_sip_message_add_header (redirect, "Allow", HL_SIP_ALLOW);
    hl_sip_message_add_header (redirect, "Supported", "replaces");
    hl_sip_message_set_body (redirect, "application/sdp", sdp, length);
    send_invite_again (self, redirect);
  }

  return TRUE;
}

/* 422 Session Interval Too Small (RFC 4028 §7.4): once more with the interval the far end wants;
 * the far end refreshes (we do not send refreshes ourselves). */
static gboolean
retry_after_422 (HlCall       *self,
                 HlSipMessage *request,
                 HlSipMessage *response)
{
  const char *min_se = hl_sip_message_get_header (response, "Min-SE");
  guint64 seconds = min_se ? g_ascii_strtoull (min_se, NULL, 10) : 0;
  g_autoptr(HlSipMessage) retry = NULL;
  g_autofree char *text = NULL;
  g_autofree char *via = NULL;
  g_autofree char *cseq = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *minimum = NULL;
  gsize length;

  if (self->retried_422 || seconds < 90 || seconds > 86400)
    return FALSE;

  text = hl_sip_message_to_string (request, &length);
  if (!(retry = hl_sip_message_parse (text, length, NULL)))
    return FALSE;

  self->retried_422 = TRUE;
  via = hl_sip_account_new_via (self->account);
  cseq = g_strdup_printf ("%u INVITE", hl_sip_message_get_cseq (request, NULL) + 1);
  expires = g_strdup_printf ("%" G_GUINT64_FORMAT ";refresher=uas", seconds);
  minimum = g_strdup_printf ("%" G_GUINT64_FORMAT, seconds);
  hl_sip_message_remove_header (retry, "Via");
  hl_sip_message_prepend_header (retry, "Via", via);
  hl_sip_message_set_header (retry, "CSeq", cseq);
  hl_sip_message_set_header (retry, "Session-Expires", expires);
  hl_sip_message_set_header (retry, "Min-SE", minimum);
  g_debug ("Call %s: 422, INVITE again with Session-Expires %s", self->call_id, expires);
  send_invite_again (self, retry);

  return TRUE;
}

/* What the agent reads when an outgoing call fails: a sentence, not a status code. */
static char *
failure_reason (HlSipMessage *response)
{
  guint status = hl_sip_message_get_status (response);
  const char *retry_after = hl_sip_message_get_header (response, "Retry-After");
  guint64 seconds = retry_after ? g_ascii_strtoull (retry_after, NULL, 10) : 0;

  switch (status)
    {
    case 404:
    case 604:
      return g_strdup (_("The number does not exist"));
    case 408:
      return g_strdup (_("Nobody answered"));
    case 480:
      return g_strdup (_("The person you called is not available right now"));
    case 484:
    case 485:
      return g_strdup (_("The number is incomplete or ambiguous"));
    case 486:
    case 600:
      return g_strdup (_("The line is busy"));
    case 488:
    case 606:
      return g_strdup (_("The other side cannot take this kind of call"));
    case 603:
      return g_strdup (_("The call was declined"));
    case 503:
      if (seconds > 0 && seconds < 86400)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The phone service is unavailable; try again in %u second",
                                             "The phone service is unavailable; try again in %u seconds",
                                             (gulong) seconds),
                                (guint) seconds);
      return g_strdup (_("The phone service is unavailable; try again later"));
    default:
      break;
    }

  if (status >= 500 && status < 600)
    /* Translators: %u is a SIP status code, %s its reason phrase ("500 Server Internal Error") */
    return g_strdup_printf (_("The phone service failed (%u %s)"), status, hl_sip_message_get_reason (response));
  if (status >= 300 && status < 400)
    return g_strdup_printf (_("The number moved and gave no new address (%u %s)"), status,
                            hl_sip_message_get_reason (response));

  /* Translators: %u is a SIP status code, %s its reason phrase ("403 Forbidden") */
  return g_strdup_printf (_("The call failed (%u %s)"), status, hl_sip_message_get_reason (response));
}

static char *
sdp_origin (const char *sdp,
            gsize       length)
{
  const char *end = sdp ? sdp + length : NULL;

  for (const char *line = sdp; line && line < end; )
    {
      const char *eol = memchr (line, '\n', end - line);
      const char *stop = eol ? eol : end;

      if (stop - line > 2 && line[0] == 'o' && line[1] == '=')
        return g_strstrip (g_strndup (line, stop - line));
      line = eol ? eol + 1 : NULL;
    }

  return NULL;
}

static void
remember_origin (HlCall     *self,
                 const char *sdp,
                 gsize       length)
{
  g_free (self->remote_origin);
  self->remote_origin = sdp_origin (sdp, length);
}

/* A re-INVITE or UPDATE that changes nothing: its offer's o= line (session id and version) is the
 * one we have, or it has no offer at all (an offerless refresh: our SDP goes in the 200 as the
 * offer, and the answer in the ACK is the session we already have). */
static gboolean
is_session_refresh (HlCall     *self,
                    const char *sdp,
                    gsize       length)
{
  g_autofree char *origin = NULL;

  if (sdp == NULL || length == 0)
    return TRUE;

  origin = sdp_origin (sdp, length);

  return origin && self->remote_origin && g_str_equal (origin, self->remote_origin);
}

/* ICE credentials and a DTLS fingerprint, at session or media level: what webrtcbin needs. */
static gboolean
offer_is_webrtc (const char *sdp,
                 gsize       length)
{
  g_autofree char *text = g_strndup (sdp, length);

  return strstr (text, "a=ice-ufrag:") && strstr (text, "a=ice-pwd:") && strstr (text, "a=fingerprint:") &&
         strstr (text, "/SAVPF");
}

static gboolean
same_transaction (HlSipMessage *request,
                  HlSipMessage *response)
{
  const char *request_method = NULL;
  const char *response_method = NULL;
  guint32 request_cseq = hl_sip_message_get_cseq (request, &request_method);
  guint32 response_cseq = hl_sip_message_get_cseq (response, &response_method);
  g_autofree char *request_branch = hl_sip_message_get_via_branch (request);
  g_autofree char *response_branch = hl_sip_message_get_via_branch (response);

  return request_cseq == response_cseq && g_strcmp0 (request_method, response_method) == 0 &&
         g_strcmp0 (request_branch, response_branch) == 0;
}

/* A request we already answered, sent again (a UDP peer behind a stateless proxy): the same
 * answer again, as the server transaction would (RFC 3261 §17.2). TRUE when @request is one. */
static gboolean
resend_response (HlCall       *self,
                 HlSipMessage *request)
{
  g_autofree char *to_tag = hl_sip_message_get_to_tag (request);
  HlSipMessage *response = NULL;

  if (to_tag == NULL && g_str_equal (hl_sip_message_get_method (request), "INVITE") &&
      self->direction == HL_CALL_DIRECTION_INCOMING)
    {
      /* The first INVITE again, before or after our answer. */
      if (self->invite_response && same_transaction (request, self->invite_response))
        response = self->invite_response;
      else
        {
          g_debug ("Call %s: INVITE retransmitted before any response", self->call_id);
          return TRUE;
        }
    }
  else if (self->last_response && same_transaction (request, self->last_response))
    response = self->last_response;
  else if (self->pending_reinvite && same_transaction (request, self->pending_reinvite))
    {
      /* Its answer is still being made: the 200 will come. */
      g_debug ("Call %s: re-INVITE retransmitted while answering it", self->call_id);
      return TRUE;
    }

  if (response == NULL)
    return FALSE;

  g_debug ("Call %s: %s retransmitted, %u sent again", self->call_id, hl_sip_message_get_method (request),
           hl_sip_message_get_status (response));
  hl_sip_account_send_response (self->account, response, NULL);

  return TRUE;
}

static char
parse_dtmf_body (HlSipMessage *request)
{
  const char *content_type = hl_sip_message_get_header (request, "Content-Type");
  gsize length;
  const char *body = hl_sip_message_get_body (request, &length);

  /* application/dtmf: the digit is the whole body. */
  if (content_type && g_ascii_strncasecmp (content_type, "application/dtmf", 16) == 0 &&
      (content_type[16] == '\0' || content_type[16] == ';' || content_type[16] == ' '))
    {
      g_autofree char *text = body ? g_strstrip (g_strndup (body, length)) : NULL;

      if (text && strlen (text) == 1 && (g_ascii_isdigit (*text) || strchr ("*#ABCD", *text)))
        return *text;
      return 0;
    }

  return parse_dtmf_info (request);
}

/* Received REFER (RFC 3515, blind transfer done by the far end): 202, a first NOTIFY, and the
 * call to the target is placed by whoever handles ::transfer-requested. */
static void
send_refer_notify (HlCall   *self,
                   guint     status,
                   gboolean  final)
{
  g_autofree char *via = hl_sip_account_new_via (self->account);
  g_autoptr(HlSipMessage) notify = NULL;
  g_autofree char *body = g_strdup_printf ("SIP/2.0 %u %s\r\n", status, hl_sip_status_phrase (status));

  if (self->dialog == NULL || self->state == HL_CALL_STATE_ENDED)
    return;

  g_debug ("Call %s: transfer progress %u %s", self->call_id, status, hl_sip_status_phrase (status));
  notify = hl_sip_dialog_new_request (self->dialog, "NOTIFY", via);
  hl_sip_message_add_header (notify, "Event", "refer");
  hl_sip_message_add_header (notify, "Subscription-State",
                             final ? "terminated;reason=noresource" : "active;expires=60");
  hl_sip_message_set_body (notify, "message/sipfrag;version=2.0", body, -1);
  hl_sip_account_send_request (self->account, notify, NULL, NULL, NULL);
}

static void
handle_refer (HlCall       *self,
              HlSipMessage *request)
{
  const char *refer_to = hl_sip_message_get_header (request, "Refer-To");
  g_autoptr(HlSipNameAddr) target = refer_to ? hl_sip_name_addr_parse (refer_to, NULL) : NULL;
  g_autofree char *uri = NULL;

  if (target == NULL || !is_sip_uri (target->uri))
    {
      send_response (self, request, 400, NULL, NULL);
      return;
    }

  if ((self->state != HL_CALL_STATE_ACTIVE && self->state != HL_CALL_STATE_HELD) || self->transferee_of_refer)
    {
      /* One transfer at a time, and only of a connected call. */
      send_response (self, request, 403, NULL, NULL);
      return;
    }

  /* Done as a blind transfer: we take an INVITE with Replaces but do not send one, so the
   * Refer-To's URI headers (the Replaces of an attended transfer) are dropped and the target
   * gets a new call. */
  g_clear_pointer (&target->uri->headers, g_free);
  uri = hl_sip_uri_to_string (target->uri);
  g_debug ("Call %s: REFER to %s accepted", self->call_id, uri);

  send_response (self, request, 202, NULL, NULL);
  self->transferee_of_refer = TRUE;
  send_refer_notify (self, 100, FALSE);
  g_signal_emit (self, signals [TRANSFER_REQUESTED], 0, uri);
}

static gboolean
hang_up_transferred (gpointer user_data)
{
  HlCall *self = user_data;

  self->transfer_hangup_source = 0;

  /* RFC 5589 §6.1: the transferor hangs up once it heard of the success; if it has not, we do. */
  if (self->state == HL_CALL_STATE_ACTIVE || self->state == HL_CALL_STATE_HELD)
    {
      g_debug ("Call %s: transferred, the other side did not hang up: BYE", self->call_id);
      send_in_dialog (self, "BYE", NULL, NULL, NULL, NULL, NULL);
      end_call (self, HL_CALL_RESULT_ANSWERED, _("Transferred"));
    }

  return G_SOURCE_REMOVE;
}

static void
on_transfer_call_state (HlCall     *call,
                        GParamSpec *pspec,
                        HlCall     *self)
{
  switch (hl_call_get_state (call))
    {
    case HL_CALL_STATE_ALERTING:
      send_refer_notify (self, 180, FALSE);
      break;

    case HL_CALL_STATE_ACTIVE:
      send_refer_notify (self, 200, TRUE);
      g_signal_handlers_disconnect_by_func (call, on_transfer_call_state, self);
      if (self->transfer_hangup_source == 0)
        self->transfer_hangup_source = g_timeout_add_seconds (TRANSFER_HANGUP_SECONDS, hang_up_transferred, self);
      break;

    case HL_CALL_STATE_ENDED:
      {
        /* The target's own final status; 408 when it never answered (timeout, transport gone). */
        guint status = hl_call_get_final_status (call);

        send_refer_notify (self, status >= 300 ? status : 408, TRUE);
        self->transferee_of_refer = FALSE;
        g_signal_handlers_disconnect_by_func (call, on_transfer_call_state, self);
      }
      break;

    case HL_CALL_STATE_INCOMING:
    case HL_CALL_STATE_DIALING:
    case HL_CALL_STATE_HELD:
    default:
      break;
    }
}

/**
 * hl_call_set_transfer_call:
 * @call: (nullable): the call placed to the REFER's target, or %NULL if it could not be placed
 *
 * Reports the transfer that ::transfer-requested asked for: its progress goes to the transferor
 * as NOTIFYs, and once the target answered this call ends.
 */
void
hl_call_set_transfer_call (HlCall *self,
                           HlCall *call)
{
  g_return_if_fail (HL_IS_CALL (self));
  g_return_if_fail (call == NULL || HL_IS_CALL (call));

  if (call == NULL)
    {
      send_refer_notify (self, 400, TRUE);
      self->transferee_of_refer = FALSE;
      return;
    }

  g_set_object (&call->transferee, self);
  g_signal_connect_object (call, "notify::state", G_CALLBACK (on_transfer_call_state), self, 0);
  on_transfer_call_state (call, NULL, self);
}

/* GObject */

static void
hl_call_dispose (GObject *object)
{
  HlCall *self = (HlCall *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->media);
  g_clear_object (&self->account);
  g_clear_object (&self->transferee);
  g_clear_handle_id (&self->transfer_hangup_source, g_source_remove);

  G_OBJECT_CLASS (hl_call_parent_class)->dispose (object);
}

static void
hl_call_finalize (GObject *object)
{
  HlCall *self = (HlCall *)object;

  g_clear_pointer (&self->invite, hl_sip_message_unref);
  g_clear_pointer (&self->pending_reinvite, hl_sip_message_unref);
  g_clear_pointer (&self->ack, hl_sip_message_unref);
  g_clear_pointer (&self->invite_response, hl_sip_message_unref);
  g_clear_pointer (&self->last_response, hl_sip_message_unref);
  g_clear_pointer (&self->tried_targets, g_ptr_array_unref);
  g_clear_pointer (&self->dialog, hl_sip_dialog_free);
  g_free (self->remote_origin);
  g_free (self->remote_uri);
  g_free (self->remote_name);
  g_free (self->contact_name);
  g_free (self->call_id);
  g_free (self->end_reason);
  g_free (self->local_tag);
  g_free (self->prepared_answer);
  g_free (self->local_sdp);
  g_free (self->recording_path);

  G_OBJECT_CLASS (hl_call_parent_class)->finalize (object);
}

static void
hl_call_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  HlCall *self = HL_CALL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    case PROP_REMOTE_HELD:
      g_value_set_boolean (value, self->remote_held);
      break;
    case PROP_REMOTE_NAME:
      g_value_set_string (value, self->remote_name);
      break;
    case PROP_CONTACT_NAME:
      g_value_set_string (value, self->contact_name);
      break;
    case PROP_MOS:
      g_value_set_double (value, self->mos);
      break;
    case PROP_RECORDING:
      g_value_set_boolean (value, self->recording);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_call_class_init (HlCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hl_call_dispose;
  object_class->finalize = hl_call_finalize;
  object_class->get_property = hl_call_get_property;

  properties [PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      HL_CALL_STATE_INCOMING, HL_CALL_STATE_ENDED, HL_CALL_STATE_DIALING,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_REMOTE_HELD] =
    g_param_spec_boolean ("remote-held", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_REMOTE_NAME] =
    g_param_spec_string ("remote-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HlCall:contact-name:
   *
   * The name of the customer the call is with, once caller-id matched one (set by HlPhone), or
   * %NULL.
   */
  properties [PROP_CONTACT_NAME] =
    g_param_spec_string ("contact-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HlCall:mos:
   *
   * The call quality as a mean opinion score (1–4.5) from the latest media statistics, or -1
   * before the first measurement.
   */
  properties [PROP_MOS] =
    g_param_spec_double ("mos", NULL, NULL, -1.0, 5.0, -1.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HlCall:recording:
   *
   * Whether the call's audio is being written to its recording path (set by HlPhone).
   */
  properties [PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HlCall::dtmf-received:
   * @digit: a key the other side pressed, sent by SIP INFO or in the audio (RFC 4733)
   */
  signals [DTMF_RECEIVED] =
    g_signal_new ("dtmf-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * HlCall::transfer-failed:
   * @status: the SIP status the transfer target answered
   */
  signals [TRANSFER_FAILED] =
    g_signal_new ("transfer-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * HlCall::transfer-requested:
   * @target: the SIP URI the other side transfers us to (a REFER's Refer-To)
   *
   * The REFER was accepted (202); whoever places calls calls @target and reports its progress
   * with hl_call_set_transfer_call().
   */
  signals [TRANSFER_REQUESTED] =
    g_signal_new ("transfer-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
hl_call_init (HlCall *self)
{
  self->cancellable = g_cancellable_new ();
  self->local_tag = hl_sip_random_token (10);
  self->started_at = now_seconds ();
  self->result = HL_CALL_RESULT_MISSED;
  self->mos = -1.0;
}

/* Digits in the audio (RFC 4733), as the media reports them: the same signal as SIP INFO digits. */
static void
on_media_dtmf (HlCall      *self,
               const char  *digit,
               HlCallMedia *media)
{
  g_debug ("Call %s: DTMF %s received in the audio", self->call_id, digit);
  g_signal_emit (self, signals [DTMF_RECEIVED], 0, digit);
}

/* Places a call to @target_uri: the offer is prepared, then the INVITE goes out. */
HlCall *
hl_call_new_outgoing (HlSipAccount *account,
                      HlCallMedia  *media,
                      const char   *target_uri)
{
  HlCall *self;
  g_autofree char *token = hl_sip_random_token (20);

  g_return_val_if_fail (HL_IS_SIP_ACCOUNT (account), NULL);
  g_return_val_if_fail (HL_IS_CALL_MEDIA (media), NULL);
  g_return_val_if_fail (target_uri != NULL, NULL);

  self = g_object_new (HL_TYPE_CALL, NULL);
  self->account = g_object_ref (account);
  self->media = g_object_ref (media);
  self->direction = HL_CALL_DIRECTION_OUTGOING;
  self->state = HL_CALL_STATE_DIALING;
  self->remote_uri = g_strdup (target_uri);
  self->call_id = g_strdup_printf ("%s@helpline.invalid", token);
  g_signal_connect_object (media, "dtmf-received", G_CALLBACK (on_media_dtmf), self, G_CONNECT_SWAPPED);

  hl_call_media_create_offer_async (media, self->cancellable, on_offer_ready, g_object_ref (self));

  return self;
}

/* Takes an incoming INVITE: rings (180) and prepares the answer in the meantime. */
HlCall *
hl_call_new_incoming (HlSipAccount *account,
                      HlCallMedia  *media,
                      HlSipMessage *invite)
{
  HlCall *self;
  g_autoptr(HlSipNameAddr) from = NULL;
  gsize length;
  const char *offer;

  g_return_val_if_fail (HL_IS_SIP_ACCOUNT (account), NULL);
  g_return_val_if_fail (HL_IS_CALL_MEDIA (media), NULL);
  g_return_val_if_fail (invite != NULL, NULL);

  self = g_object_new (HL_TYPE_CALL, NULL);
  self->account = g_object_ref (account);
  self->media = g_object_ref (media);
  self->direction = HL_CALL_DIRECTION_INCOMING;
  self->state = HL_CALL_STATE_INCOMING;
  self->invite = hl_sip_message_ref (invite);
  self->call_id = g_strdup (hl_sip_message_get_call_id (invite));
  g_debug ("Call %s: INVITE received", self->call_id);
  g_signal_connect_object (media, "dtmf-received", G_CALLBACK (on_media_dtmf), self, G_CONNECT_SWAPPED);

  if ((from = hl_sip_name_addr_parse (hl_sip_message_get_header (invite, "From") ?: "", NULL)))
    {
      self->remote_uri = hl_sip_uri_to_string (from->uri);
      self->remote_name = g_strdup (from->display_name);
    }

  offer = hl_sip_message_get_body (invite, &length);
  if (offer == NULL || length == 0)
    {
      /* A delayed-offer INVITE needs an offer in the 200 and the answer in the ACK: not
       * supported by the softphone. */
      send_response (self, invite, 488, NULL, NULL);
      end_call (self, HL_CALL_RESULT_FAILED, _("The call had no audio description"));
      return self;
    }

  if (!offer_is_webrtc (offer, length))
    {
      /* A desk phone or a trunk offering plain RTP: webrtcbin needs ICE and DTLS-SRTP. */
      g_debug ("Call %s: the offer has no ICE or DTLS: 488", self->call_id);
      send_response (self, invite, 488, NULL, NULL);
      end_call (self, HL_CALL_RESULT_FAILED,
                _("The caller’s phone cannot make encrypted calls (no ICE or DTLS in its offer)"));
      return self;
    }

  remember_origin (self, offer, length);
  send_response (self, invite, 180, NULL, NULL);
  {
    g_autofree char *text = g_strndup (offer, length);
    hl_call_media_answer_async (media, text, self->cancellable, on_answer_ready, g_object_ref (self));
  }

  return self;
}

void
hl_call_answer (HlCall *self)
{
  g_return_if_fail (HL_IS_CALL (self));

  if (self->state != HL_CALL_STATE_INCOMING || self->answer_wanted)
    return;

  self->answer_wanted = TRUE;
  if (self->prepared_answer)
    send_prepared_answer (self);
}

/* Declines a ringing call: 486 Busy Here or 603 Decline. */
void
hl_call_reject (HlCall *self,
                guint   status)
{
  g_return_if_fail (HL_IS_CALL (self));
  g_return_if_fail (status >= 400 && status < 700);

  if (self->state != HL_CALL_STATE_INCOMING)
    return;

  send_response (self, self->invite, status, NULL, NULL);
  end_call (self, HL_CALL_RESULT_REJECTED, _("Declined"));
}

void
hl_call_hangup (HlCall *self)
{
  g_return_if_fail (HL_IS_CALL (self));

  switch (self->state)
    {
    case HL_CALL_STATE_INCOMING:
      hl_call_reject (self, 603);
      break;

    case HL_CALL_STATE_DIALING:
    case HL_CALL_STATE_ALERTING:
      /* CANCEL is only allowed once the INVITE got a provisional response (§9.1). */
      if (self->invite && self->got_provisional)
        hl_sip_account_cancel_request (self->account, self->invite);
      else
        self->cancel_wanted = TRUE;
      if (self->invite == NULL)
        end_call (self, HL_CALL_RESULT_MISSED, _("Cancelled"));
      break;

    case HL_CALL_STATE_ACTIVE:
    case HL_CALL_STATE_HELD:
      send_in_dialog (self, "BYE", NULL, NULL, NULL, NULL, NULL);
      end_call (self, HL_CALL_RESULT_ANSWERED, _("You hung up"));
      break;

    case HL_CALL_STATE_ENDED:
    default:
      break;
    }
}

static void
on_hold_response (HlSipMessage *request,
                  HlSipMessage *response,
                  const GError *error,
                  gpointer      user_data)
{
  HlCall *self = user_data;
  gboolean holding;
  gsize length;

  if (response == NULL || hl_sip_message_get_status (response) < 200)
    return;

  holding = sdp_is_hold (hl_sip_message_get_body (request, &length));

  if (hl_sip_message_get_status (response) >= 300)
    {
      g_debug ("Re-INVITE refused: %u", hl_sip_message_get_status (response));
      return;
    }

  {
    g_autofree char *via = hl_sip_account_new_via (self->account);
    g_autoptr(HlSipMessage) ack = hl_sip_dialog_new_ack (self->dialog, request, via);
    hl_sip_account_send_stateless (self->account, ack, NULL);
  }

  /* The answer only confirms the direction: the media stays as negotiated, and our sending stops
   * or resumes here (webrtcbin would keep sending on a sendonly stream anyway). */
  hl_call_media_set_sending (self->media, !holding);
  set_state (self, holding ? HL_CALL_STATE_HELD : HL_CALL_STATE_ACTIVE);
}

/* A new sess-version in the o= line, as RFC 3264 §8 wants for every changed offer. */
static char *
bump_origin_version (const char *sdp)
{
  g_auto(GStrv) lines = g_strsplit (sdp, "\r\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (!g_str_has_prefix (lines[i], "o="))
        continue;

      fields = g_strsplit (lines[i], " ", -1);
      if (g_strv_length (fields) >= 3)
        {
          guint64 version = g_ascii_strtoull (fields[2], NULL, 10);

          g_free (fields[2]);
          fields[2] = g_strdup_printf ("%" G_GUINT64_FORMAT, version + 1);
          g_free (lines[i]);
          lines[i] = g_strjoinv (" ", fields);
        }
      break;
    }

  return g_strjoinv ("\r\n", lines);
}

void
hl_call_set_held (HlCall   *self,
                  gboolean  held)
{
  g_autofree char *directed = NULL;

  g_return_if_fail (HL_IS_CALL (self));

  if ((held && self->state != HL_CALL_STATE_ACTIVE) || (!held && self->state != HL_CALL_STATE_HELD) ||
      self->local_sdp == NULL || self->dialog == NULL)
    return;

  /* Our own SDP with the new direction: webrtcbin 1.22 cannot renegotiate a direction change. */
  directed = hl_sdp_set_direction (self->local_sdp, held ? HL_SDP_DIRECTION_SENDONLY : HL_SDP_DIRECTION_SENDRECV);
  g_free (self->local_sdp);
  self->local_sdp = bump_origin_version (directed);

  send_in_dialog (self, "INVITE", "application/sdp", self->local_sdp, on_hold_response, NULL, NULL);
}

void
hl_call_set_muted (HlCall   *self,
                   gboolean  muted)
{
  g_return_if_fail (HL_IS_CALL (self));

  if (self->muted == !!muted)
    return;

  self->muted = !!muted;
  hl_call_media_set_muted (self->media, self->muted);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MUTED]);
}

/* Digits in the audio (RFC 4733) when negotiated, otherwise as SIP INFO. */
void
hl_call_send_dtmf (HlCall     *self,
                   const char *digits)
{
  g_return_if_fail (HL_IS_CALL (self));
  g_return_if_fail (digits != NULL);

  if (self->state != HL_CALL_STATE_ACTIVE || self->dialog == NULL)
    return;

  for (const char *p = digits; *p; p++)
    {
      g_autofree char *body = NULL;

      if (!g_ascii_isdigit (*p) && *p != '*' && *p != '#' && !(*p >= 'A' && *p <= 'D'))
        continue;

      if (hl_call_media_send_dtmf (self->media, *p))
        continue;

      body = g_strdup_printf ("Signal=%c\r\nDuration=160\r\n", *p);
      send_in_dialog (self, "INFO", "application/dtmf-relay", body, NULL, NULL, NULL);
    }
}

/* A REFER the other side refused (or that got lost): the call stays as it was. */
static void
on_refer_response (HlSipMessage *request,
                   HlSipMessage *response,
                   const GError *error,
                   gpointer      user_data)
{
  HlCall *self = user_data;
  guint status = response ? hl_sip_message_get_status (response) : 408;

  if (status < 300 || self->state == HL_CALL_STATE_ENDED)
    return;

  g_debug ("Call %s: REFER refused: %u", self->call_id, status);
  g_signal_emit (self, signals [TRANSFER_FAILED], 0, status);
}

/* Blind transfer: REFER; the NOTIFY that follows ends our leg when the target answered. */
void
hl_call_transfer (HlCall     *self,
                  const char *target_uri)
{
  g_autofree char *refer_to = NULL;

  g_return_if_fail (HL_IS_CALL (self));
  g_return_if_fail (target_uri != NULL);

  if ((self->state != HL_CALL_STATE_ACTIVE && self->state != HL_CALL_STATE_HELD) || self->dialog == NULL)
    return;

  refer_to = g_strdup_printf ("<%s>", target_uri);
  send_in_dialog (self, "REFER", NULL, NULL, on_refer_response, "Refer-To", refer_to);
}

/* Attended transfer (RFC 5589 §7): REFER the other side of this call to the far end of
 * @consultation, with a Replaces header (RFC 3891) in the Refer-To URI naming the consultation's
 * dialog, so that the target swaps our consultation leg for the transferee without ringing.
 * Returns FALSE when either call has no confirmed dialog. */
gboolean
hl_call_transfer_attended (HlCall *self,
                           HlCall *consultation)
{
  g_autofree char *replaces = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *refer_to = NULL;
  g_autofree char *target = NULL;

  g_return_val_if_fail (HL_IS_CALL (self), FALSE);
  g_return_val_if_fail (HL_IS_CALL (consultation), FALSE);

  if ((self->state != HL_CALL_STATE_ACTIVE && self->state != HL_CALL_STATE_HELD) || self->dialog == NULL ||
      (consultation->state != HL_CALL_STATE_ACTIVE && consultation->state != HL_CALL_STATE_HELD) ||
      consultation->dialog == NULL)
    return FALSE;

  target = hl_call_dup_target_uri (consultation);
  replaces = hl_call_dup_replaces (consultation);
  /* A URI header value: everything but the unreserved characters escaped (';' '=' '@' too). */
  escaped = g_uri_escape_string (replaces, NULL, FALSE);
  refer_to = g_strdup_printf ("<%s?Replaces=%s>", target, escaped);
  g_debug ("Call %s: attended transfer, Refer-To: %s", self->call_id, refer_to);
  send_in_dialog (self, "REFER", NULL, NULL, on_refer_response, "Refer-To", refer_to);

  return TRUE;
}

/* The address to refer someone to this call's far end: its address of record (the proxy finds
 * the device), without the parameters of the From/To header. */
char *
hl_call_dup_target_uri (HlCall *self)
{
  g_autoptr(HlSipUri) uri = NULL;

  g_return_val_if_fail (HL_IS_CALL (self), NULL);

  if (!(uri = hl_sip_uri_parse (self->remote_uri ? self->remote_uri : "", NULL)) || uri->opaque)
    return g_strdup (self->remote_uri);

  g_ptr_array_set_size (uri->params, 0);
  g_clear_pointer (&uri->headers, g_free);
  g_clear_pointer (&uri->password, g_free);

  return hl_sip_uri_to_string (uri);
}

/* The Replaces header value (RFC 3891) that names this call's dialog to its far end, or NULL
 * before the dialog exists. */
char *
hl_call_dup_replaces (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), NULL);

  return self->dialog ? hl_sip_dialog_replaces (self->dialog) : NULL;
}

/* Whether a Replaces header value (RFC 3891 §6.1: "call-id;to-tag=…;from-tag=…") names this
 * call's dialog, seen from here: the to-tag is ours, the from-tag the other side's. */
gboolean
hl_call_matches_replaces (HlCall     *self,
                          const char *replaces)
{
  g_auto(GStrv) parts = NULL;
  const char *to_tag = NULL;
  const char *from_tag = NULL;
  gboolean early_only = FALSE;

  g_return_val_if_fail (HL_IS_CALL (self), FALSE);

  if (replaces == NULL || self->dialog == NULL || self->state == HL_CALL_STATE_ENDED)
    return FALSE;

  parts = g_strsplit (replaces, ";", -1);
  for (guint i = 1; parts[i]; i++)
    {
      char *param = g_strstrip (parts[i]);

      if (g_ascii_strncasecmp (param, "to-tag=", 7) == 0)
        to_tag = param + 7;
      else if (g_ascii_strncasecmp (param, "from-tag=", 9) == 0)
        from_tag = param + 9;
      else if (g_ascii_strcasecmp (param, "early-only") == 0)
        early_only = TRUE;
    }

  return !early_only && to_tag && from_tag &&
         g_strcmp0 (g_strstrip (parts[0]), hl_sip_dialog_get_call_id (self->dialog)) == 0 &&
         g_strcmp0 (to_tag, hl_sip_dialog_get_local_tag (self->dialog)) == 0 &&
         g_strcmp0 (from_tag, hl_sip_dialog_get_remote_tag (self->dialog)) == 0;
}

/* TRUE once the transfer target answered and our leg ended for it. */
gboolean
hl_call_get_transferred (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), FALSE);
  return self->transferred;
}

/* TRUE while an incoming call is being answered (Answer pressed, the 200 OK not sent yet): it
 * no longer needs to ring. */
gboolean
hl_call_get_answering (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), FALSE);
  return self->state == HL_CALL_STATE_INCOMING && self->answer_wanted;
}

HlCallState
hl_call_get_state (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), HL_CALL_STATE_ENDED);
  return self->state;
}

HlCallDirection
hl_call_get_direction (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), HL_CALL_DIRECTION_INCOMING);
  return self->direction;
}

HlCallResult
hl_call_get_result (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), HL_CALL_RESULT_FAILED);
  return self->answered_at > 0 ? HL_CALL_RESULT_ANSWERED : self->result;
}

const char *
hl_call_get_remote_uri (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), NULL);
  return self->remote_uri;
}

const char *
hl_call_get_remote_name (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), NULL);
  return self->remote_name;
}

/* Caller-id, found by whoever looks the caller up in the workspace (HlPhone). */
void
hl_call_set_contact (HlCall     *self,
                     gint64      contact_id,
                     const char *name)
{
  g_return_if_fail (HL_IS_CALL (self));

  self->contact_id = contact_id;
  if (g_strcmp0 (self->contact_name, name) != 0)
    {
      g_free (self->contact_name);
      self->contact_name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONTACT_NAME]);
    }
}

/* The customer the call is with, 0 while none is known */
gint64
hl_call_get_contact_id (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), 0);
  return self->contact_id;
}

const char *
hl_call_get_contact_name (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), NULL);
  return self->contact_name;
}

/**
 * hl_call_dup_caller:
 * @address: (out) (optional): what to show under the name
 *
 * Who the call is with, for people: the matched customer's name, else the name the caller's
 * phone sent, else the number grouped for reading or the SIP user. Under a customer's name
 * @address is the number for reading; otherwise it is the full address (sip:…).
 *
 * Returns: (transfer full): the name
 */
char *
hl_call_dup_caller (HlCall  *self,
                    char   **address)
{
  char *name = NULL;

  g_return_val_if_fail (HL_IS_CALL (self), NULL);

  if (self->contact_name != NULL && *self->contact_name != '\0')
    {
      name = g_strdup (self->contact_name);
      if (address)
        {
          *address = hl_dial_uri_to_caller (self->remote_uri);
          if (*address == NULL)
            *address = g_strdup (self->remote_uri);
        }
      return name;
    }

  if (self->remote_name != NULL && *self->remote_name != '\0')
    name = g_strdup (self->remote_name);
  else
    name = hl_dial_uri_to_caller (self->remote_uri);
  if (name == NULL || *name == '\0')
    {
      g_free (name);
      name = g_strdup (self->remote_uri ? self->remote_uri : "");
    }
  if (address)
    *address = g_strdup (self->remote_uri);

  return name;
}

const char *
hl_call_get_call_id (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), NULL);
  return self->call_id;
}

const char *
hl_call_get_end_reason (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), NULL);
  return self->end_reason;
}

gboolean
hl_call_get_muted (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), FALSE);
  return self->muted;
}

gboolean
hl_call_get_remote_held (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), FALSE);
  return self->remote_held;
}

gint64
hl_call_get_started_at (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), 0);
  return self->started_at;
}

gint64
hl_call_get_answered_at (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), 0);
  return self->answered_at;
}

gint64
hl_call_get_ended_at (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), 0);
  return self->ended_at;
}

/* The final status an outgoing INVITE got when it failed (486, 503…), 0 if it did not fail so. */
guint
hl_call_get_final_status (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), 0);
  return self->final_status;
}

HlCallMedia *
hl_call_get_media (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), NULL);
  return self->media;
}

/* The latest quality figures, measured by whoever watches the media (HlPhone). */
void
hl_call_set_quality (HlCall *self,
                     double  mos,
                     double  jitter_ms,
                     double  loss_pct,
                     double  rtt_ms)
{
  g_return_if_fail (HL_IS_CALL (self));

  self->jitter_ms = jitter_ms;
  self->loss_pct = loss_pct;
  self->rtt_ms = rtt_ms;

  if (self->mos != mos)
    {
      self->mos = mos;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MOS]);
    }
}

/* FALSE until the call's quality has been measured once. */
gboolean
hl_call_get_quality (HlCall *self,
                     double *mos,
                     double *jitter_ms,
                     double *loss_pct,
                     double *rtt_ms)
{
  g_return_val_if_fail (HL_IS_CALL (self), FALSE);

  if (mos) *mos = self->mos;
  if (jitter_ms) *jitter_ms = self->jitter_ms;
  if (loss_pct) *loss_pct = self->loss_pct;
  if (rtt_ms) *rtt_ms = self->rtt_ms;

  return self->mos >= 0;
}

/* Whoever records the media (HlPhone) tells the call: @path is kept once given, so that the call
 * record links the file after the recording stopped. */
void
hl_call_set_recording (HlCall     *self,
                       gboolean    recording,
                       const char *path)
{
  g_return_if_fail (HL_IS_CALL (self));

  if (path != NULL && g_strcmp0 (self->recording_path, path) != 0)
    {
      g_free (self->recording_path);
      self->recording_path = g_strdup (path);
    }

  if (self->recording != !!recording)
    {
      self->recording = !!recording;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RECORDING]);
    }
}

gboolean
hl_call_get_recording (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), FALSE);
  return self->recording;
}

/* The recording's file, NULL when the call was not recorded */
const char *
hl_call_get_recording_path (HlCall *self)
{
  g_return_val_if_fail (HL_IS_CALL (self), NULL);
  return self->recording_path;
}

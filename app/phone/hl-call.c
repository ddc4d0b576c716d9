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
  gboolean         redirected;
  gboolean         transferred;     /* the transfer target answered: our leg ended for it */
  HlSipMessage    *pending_reinvite; /* an incoming re-INVITE waiting for its answer */

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
  PROP_MOS,
  PROP_RECORDING,
  N_PROPS
};

enum {
  DTMF_RECEIVED,
  TRANSFER_FAILED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (HlCall, hl_call, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

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

  if (status >= 300 && status < 400 && !self->redirected && hl_sip_message_get_header (response, "Contact"))
    {
      g_autoptr(HlSipNameAddr) contact = hl_sip_name_addr_parse (hl_sip_message_get_header (response, "Contact"), NULL);

      if (contact)
        {
          g_autofree char *target = hl_sip_uri_to_string (contact->uri);
          g_autoptr(HlSipMessage) redirect = hl_sip_account_new_request (self->account, "INVITE", target, target);

          self->redirected = TRUE;
          sdp = hl_sip_message_get_body (request, &length);
          hl_sip_message_set_header (redirect, "Call-ID", hl_sip_message_get_call_id (request));
          hl_sip_message_set_body (redirect, "application/sdp", sdp, length);
          hl_sip_account_send_request (self->account, redirect, on_invite_response, g_object_ref (self), g_object_unref);
          return;
        }
    }

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

      reason = status == 487 ? g_strdup (_("Cancelled"))
                             : g_strdup_printf ("%u %s", status, hl_sip_message_get_reason (response));
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
  {
    g_autoptr(HlSipMessage) ack = hl_sip_dialog_new_ack (self->dialog, request, via);
    hl_sip_account_send_stateless (self->account, ack, NULL);
  }

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
  hl_sip_message_add_header (invite, "Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY");
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
  char digit;
  gsize length;

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

  if (self->dialog == NULL)
    return FALSE;

  if (!hl_sip_dialog_check_remote_cseq (self->dialog, request))
    {
      send_response (self, request, 500, NULL, NULL);
      return TRUE;
    }

  if (g_str_equal (method, "BYE"))
    {
      send_response (self, request, 200, NULL, NULL);
      end_call (self, HL_CALL_RESULT_ANSWERED, _("The other side hung up"));
    }
  else if (g_str_equal (method, "INVITE"))
    {
      const char *offer = hl_sip_message_get_body (request, &length);

      if (self->pending_reinvite || offer == NULL || length == 0)
        {
          /* 491 for glare; offerless re-INVITEs are not supported. */
          send_response (self, request, self->pending_reinvite ? 491 : 488, NULL, NULL);
          return TRUE;
        }

      hl_sip_dialog_update_target (self->dialog, request);
      self->pending_reinvite = hl_sip_message_ref (request);
      {
        g_autofree char *text = g_strndup (offer, length);
        hl_call_media_answer_async (self->media, text, self->cancellable, on_reinvite_answer, g_object_ref (self));
      }
    }
  else if (g_str_equal (method, "INFO"))
    {
      if ((digit = parse_dtmf_info (request)))
        {
          char tone[2] = { digit, 0 };

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

/* GObject */

static void
hl_call_dispose (GObject *object)
{
  HlCall *self = (HlCall *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->media);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (hl_call_parent_class)->dispose (object);
}

static void
hl_call_finalize (GObject *object)
{
  HlCall *self = (HlCall *)object;

  g_clear_pointer (&self->invite, hl_sip_message_unref);
  g_clear_pointer (&self->pending_reinvite, hl_sip_message_unref);
  g_clear_pointer (&self->dialog, hl_sip_dialog_free);
  g_free (self->remote_uri);
  g_free (self->remote_name);
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

/* hl-phone.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlPhone"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "hl-caller-id.h"
#include "hl-media-session.h"
#include "hl-phone.h"
#include "hl-phone-audio.h"
#include "hl-provision.h"
#include "hl-ringer.h"
#include "hl-secret-store.h"
#include "hl-store-edits.h"
#include "hl-store-wrap-up.h"
#include "hl-webrtc-call-media.h"
#include "hl-workspace.h"
#include "hl-wrap-up.h"

/* The softphone as the application sees it: the provisioned account (accounts.ini + the
 * keyring), its calls, the agent's availability (Busy and Offline turn calls away), and the call
 * log written to the workspace when a call ends. The app.call/answer/hangup/hold/mute/dtmf/transfer
 * actions and the phone pane both go through here. */

struct _HlPhone
{
  GObject         parent_instance;

  HlSipAccount   *account;
  HlCallManager  *manager;
  HlWorkspace    *workspace;
  HlRinger       *ringer;
  HlCall         *consultation;   /* attended transfer: the call to the transfer target */
  HlCall         *transferee;     /* … and the held call that is to be transferred */
  HlPhoneAudio   *audio;
  GCancellable   *cancellable;
  guint           stats_source;
  char          **ice_servers;
  char           *turn_username;
  char           *turn_password;
  gboolean        loopback;       /* the PBX is on this computer: offer 127.0.0.1 to ICE */
  gboolean        auto_answer;
  gboolean        password_pending; /* the keyring lookup has not answered yet */
  HlAvailability  availability;
  HlWrapUp       *wrap_up;        /* the last answered call's wrap-up, until the agent is done */
  gboolean        shutting_down;  /* hl_phone_shut_down () was called: no more wrap-ups */
};

enum {
  PROP_0,
  PROP_HAS_ACCOUNT,
  PROP_STATUS,
  PROP_CURRENT_CALL,
  PROP_WRAP_UP,
  N_PROPS
};

enum {
  INCOMING_CALL,
  CALL_FAILED,
  TRANSFER_FAILED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (HlPhone, hl_phone, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static HlCallMedia *
make_media (gpointer user_data)
{
  HlPhone *self = user_data;
  g_autoptr(HlMediaSession) session = hl_media_session_new ((const char * const *) self->ice_servers,
                                                            self->turn_username, self->turn_password);

  if (self->loopback)
    hl_media_session_add_local_address (session, "127.0.0.1");
  hl_phone_audio_configure_session (self->audio, session);

  return HL_CALL_MEDIA (hl_webrtc_call_media_new (session));
}

/* A call just logged: an answered one is the agent's to wrap up */
typedef struct
{
  HlPhone *phone;
  char    *caller;
  char    *disposition;   /* what the call's end already says (transferred), the wrap-up's start */
  gint64   talk_seconds;
  gboolean wrap_up;
} Logged;

static void
logged_free (Logged *logged)
{
  g_object_unref (logged->phone);
  g_free (logged->caller);
  g_free (logged->disposition);
  g_free (logged);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Logged, logged_free)

static void
on_call_logged (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Logged) logged = user_data;
  g_autoptr(GError) error = NULL;
  gint64 call_id;

  if (!(call_id = hl_store_log_call_finish (HL_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not write the call log: %s", error->message);
      return;
    }

  if (logged->wrap_up)
    {
      HlPhone *self = logged->phone;

      /* One wrap-up at a time: an earlier one still open is written as it stands. */
      hl_phone_finish_wrap_up (self);
      self->wrap_up = hl_wrap_up_new (HL_STORE (object), call_id, logged->caller, logged->talk_seconds);
      hl_wrap_up_set_disposition (self->wrap_up, logged->disposition);

      /* Quitting: nobody will fill it in, and the log must not wait for it. */
      if (self->shutting_down)
        hl_phone_finish_wrap_up (self);
      else
        g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_WRAP_UP]);
    }
}

/* An outgoing call that did not connect, unless we hung up ourselves (CANCEL → 487). */
static void
report_failure (HlPhone *self,
                HlCall  *call)
{
  guint status = hl_call_get_final_status (call);

  if (hl_call_get_direction (call) != HL_CALL_DIRECTION_OUTGOING || hl_call_get_answered_at (call) > 0 ||
      status == 487 || (status == 0 && hl_call_get_result (call) == HL_CALL_RESULT_MISSED))
    return;

  g_debug ("Call to %s failed: %s", hl_call_get_remote_uri (call), hl_call_get_end_reason (call));
  g_signal_emit (self, signals [CALL_FAILED], 0, call);
}

#define CONSULTATION_GRACE_SECONDS 3

static gboolean
hang_up_consultation (gpointer data)
{
  HlCall *consultation = data;

  if (hl_call_get_state (consultation) != HL_CALL_STATE_ENDED)
    {
      g_debug ("The transfer target kept the consultation up: ending it");
      hl_call_hangup (consultation);
    }

  return G_SOURCE_REMOVE;
}

/* A call of an attended transfer ended: once the transferee went to the target, our
 * consultation leg is of no use (the target normally ends it itself); if the consultation ended
 * first, the transferee stays on hold for the agent to resume. */
static void
end_consultation (HlPhone *self,
                  HlCall  *call)
{
  if (call != self->consultation && call != self->transferee)
    return;

  /* RFC 5589 §7.1: the target ends the replaced consultation dialog itself; a BYE from here at
   * the same moment races with its own. Only if it has not done so after a grace period. */
  if (call == self->transferee && hl_call_get_transferred (call) && self->consultation)
    g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, CONSULTATION_GRACE_SECONDS, hang_up_consultation,
                                g_object_ref (self->consultation), g_object_unref);

  g_clear_object (&self->consultation);
  g_clear_object (&self->transferee);
}

static void
on_call_ended (HlPhone       *self,
               HlCall        *call,
               HlCallManager *manager)
{
  HlCallLog log = {
    .direction = hl_call_get_direction (call),
    .result = hl_call_get_result (call),
    .remote_uri = hl_call_get_remote_uri (call),
    .remote_name = hl_call_get_remote_name (call),
    .started_at = hl_call_get_started_at (call),
    .answered_at = hl_call_get_answered_at (call),
    .ended_at = hl_call_get_ended_at (call),
    .disposition = hl_call_get_transferred (call) ? HL_CALL_DISPOSITION_TRANSFERRED : NULL,
    .recording_path = hl_call_get_recording_path (call),
    .mos = -1,
  };
  Logged *logged;

  end_consultation (self, call);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURRENT_CALL]);
  report_failure (self, call);

  if (self->workspace == NULL || log.remote_uri == NULL)
    return;

  if (!hl_call_get_quality (call, &log.mos, &log.jitter_ms, &log.loss_pct, &log.rtt_ms))
    log.mos = -1;

  log.agent_id = hl_workspace_get_me_id (self->workspace);
  /* The agent wraps up a conversation that took place; the server's log waits for it. */
  log.wrap_up = log.answered_at > 0 && self->account != NULL;

  logged = g_new0 (Logged, 1);
  logged->phone = g_object_ref (self);
  /* As the call card named the caller: the customer's record, else the SIP name or number */
  logged->caller = hl_call_dup_caller (call, NULL);
  logged->talk_seconds = log.ended_at > log.answered_at ? log.ended_at - log.answered_at : 0;
  logged->wrap_up = log.wrap_up;
  logged->disposition = g_strdup (log.disposition);

  hl_store_log_call_async (hl_workspace_get_store (self->workspace), &log, self->cancellable,
                           on_call_logged, logged);
}


/* Call quality: the media statistics of every connected call, every 2 s. */

static void
on_stats (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HlCall) call = user_data;
  g_autoptr(GError) error = NULL;
  HlMediaStats stats = { 0 };

  if (!hl_media_session_get_stats_finish (HL_MEDIA_SESSION (object), result, &stats, &error))
    {
      g_debug ("No statistics for a call: %s", error->message);
      return;
    }

  /* Nothing has flowed yet: no figure rather than a misleading one. */
  if (stats.mos <= 0)
    return;

  hl_call_set_quality (call, stats.mos, stats.jitter_ms, stats.loss_percent, stats.rtt_ms);
}

static gboolean
poll_stats (gpointer user_data)
{
  HlPhone *self = user_data;
  GListModel *calls = self->manager ? hl_call_manager_get_calls (self->manager) : NULL;
  guint n = calls ? g_list_model_get_n_items (calls) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HlCall) call = g_list_model_get_item (calls, i);
      HlCallMedia *media = hl_call_get_media (call);

      if (hl_call_get_state (call) == HL_CALL_STATE_ACTIVE && HL_IS_WEBRTC_CALL_MEDIA (media))
        hl_media_session_get_stats_async (hl_webrtc_call_media_get_session (HL_WEBRTC_CALL_MEDIA (media)),
                                          self->cancellable, on_stats, g_object_ref (call));
    }

  if (n == 0)
    {
      self->stats_source = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
watch_quality (HlPhone *self)
{
  if (self->stats_source == 0)
    self->stats_source = g_timeout_add_seconds (2, poll_stats, self);
}

/* Ring while a call rings here (softly while on another call); auto-answered calls beep once
 * instead. */
static void
update_ringer (HlPhone *self)
{
  HlCall *ringing = hl_phone_get_ringing_call (self);

  /* Auto-answered calls don't count as ringing (they are being answered): they beep instead. */
  if (ringing)
    /* On a call already: the soft call-waiting tone, not the full ring over the conversation. */
    hl_ringer_start (self->ringer, hl_phone_get_current_call (self) != NULL);
  else if (hl_ringer_get_ringing (self->ringer))
    hl_ringer_stop (self->ringer);
}

static void on_call_state_changed (HlPhone *self);

/* A transfer that did not go through, as a sentence for the agent; the call stays as it was. */
static void
on_transfer_failed (HlPhone *self,
                    guint    status,
                    HlCall  *call)
{
  g_autofree char *message = NULL;

  if (status == 486 || status == 600)
    message = g_strdup (_("The transfer did not go through: the person you transfer to is busy."));
  else if (status == 404 || status == 604)
    message = g_strdup (_("The transfer did not go through: that number or address does not exist."));
  else if (status == 480 || status == 408 || status == 487 || status == 603)
    message = g_strdup (_("The transfer did not go through: nobody answered."));
  else if (status == 403 || status == 405 || status == 420 || status == 501)
    message = g_strdup (_("The transfer did not go through: the caller’s phone cannot be transferred."));
  else
    /* Translators: %u is a SIP status code, e.g. 500 */
    message = g_strdup_printf (_("The transfer did not go through (SIP status %u)."), status);

  g_debug ("Transfer of call %s failed: %u", hl_call_get_call_id (call), status);
  g_signal_emit (self, signals [TRANSFER_FAILED], 0, call, message);
}

static void
on_calls_changed (HlPhone    *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *calls)
{
  /* Every call's state matters: which one rings, which one is current, which one is on hold. */
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(HlCall) call = g_list_model_get_item (calls, i);
      g_signal_connect_object (call, "notify::state", G_CALLBACK (on_call_state_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (call, "transfer-failed", G_CALLBACK (on_transfer_failed), self, G_CONNECT_SWAPPED);
      hl_phone_audio_add_call (self->audio, call);
      /* Caller-id while it rings: the customer's name on the card and the notification */
      if (self->workspace != NULL)
        hl_caller_id_look_up (hl_workspace_get_store (self->workspace), call, self->cancellable);
    }

  watch_quality (self);
  update_ringer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURRENT_CALL]);
}

static void
on_call_state_changed (HlPhone *self)
{
  update_ringer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURRENT_CALL]);
}

static void
on_incoming_call (HlPhone       *self,
                  HlCall        *call,
                  HlCallManager *manager)
{
  if (self->auto_answer && hl_call_get_answering (call))
    hl_ringer_beep (self->ringer);
  update_ringer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURRENT_CALL]);
  g_signal_emit (self, signals [INCOMING_CALL], 0, call);
}

static void
on_account_state (HlPhone *self)
{
  /* Calls can come in from now on: the DTLS certificate and plugins before the first one rings */
  if (hl_sip_account_get_state (self->account) == HL_SIP_ACCOUNT_REGISTERED)
    hl_media_warm_up ();

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATUS]);
}

static void
apply_availability (HlPhone *self)
{
  /* Not before the keyring answered: without the password the account would fail at once. */
  if (self->account == NULL || self->password_pending)
    return;

  hl_call_manager_set_accepting (self->manager, self->availability == HL_AVAILABILITY_ONLINE);

  if (self->availability == HL_AVAILABILITY_OFFLINE)
    hl_sip_account_go_offline (self->account);
  else if (hl_sip_account_get_state (self->account) == HL_SIP_ACCOUNT_OFFLINE)
    hl_sip_account_go_online (self->account);
}

static void
on_password (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HlPhone) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password = hl_secret_store_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->account == NULL)
    {
      secret_password_free (password);
      return;
    }

  if (error)
    g_warning ("Could not read the phone password from the keyring: %s", error->message);

  self->password_pending = FALSE;
  hl_sip_account_set_password (self->account, password);
  secret_password_free (password);
  apply_availability (self);
}

static void
on_turn_password (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HlPhone) self = user_data;
  char *password = hl_secret_store_lookup_finish (result, NULL);

  g_free (self->turn_password);
  self->turn_password = g_strdup (password);
  secret_password_free (password);
}

static void
drop_account (HlPhone *self)
{
  if (self->manager)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  if (self->account)
    {
      g_signal_handlers_disconnect_by_data (self->account, self);
      hl_sip_account_go_offline (self->account);
    }
  g_clear_object (&self->manager);
  g_clear_object (&self->account);
}

/* (Re)reads the [Phone] account that --provision wrote; without one the phone stays off. */
void
hl_phone_reload_account (HlPhone *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = hl_provision_accounts_path ();
  g_autofree char *url = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *username = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *ice = NULL;
  g_autoptr(GUri) parsed = NULL;

  g_return_if_fail (HL_IS_PHONE (self));

  drop_account (self);
  self->password_pending = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* accounts.ini is a few lines on local disk, read once per provisioning. */
  if (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    {
      url = g_key_file_get_string (file, "Phone", "websocket-url", NULL);
      uri = g_key_file_get_string (file, "Phone", "uri", NULL);
      username = g_key_file_get_string (file, "Phone", "username", NULL);
      display_name = g_key_file_get_string (file, "Phone", "display-name", NULL);
      ice = g_key_file_get_string (file, "Phone", "ice-servers", NULL);
      g_free (self->turn_username);
      self->turn_username = g_key_file_get_string (file, "Phone", "turn-username", NULL);
      self->auto_answer = g_key_file_get_boolean (file, "Phone", "auto-answer", NULL);
    }

  g_strfreev (self->ice_servers);
  self->ice_servers = ice ? g_strsplit (ice, ";", -1) : NULL;

  if (url && uri)
    self->account = hl_sip_account_new (url, uri, username, display_name);

  if (self->account != NULL)
    {
      g_debug ("Account %s loaded", uri);
      parsed = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
      self->loopback = parsed && hl_is_loopback_host (g_uri_get_host (parsed));

      self->manager = hl_call_manager_new (self->account, make_media, self, NULL);
      hl_call_manager_set_auto_answer (self->manager, self->auto_answer);
      g_signal_connect_object (self->manager, "incoming-call", G_CALLBACK (on_incoming_call), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->manager, "call-ended", G_CALLBACK (on_call_ended), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (hl_call_manager_get_calls (self->manager), "items-changed",
                               G_CALLBACK (on_calls_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->account, "notify::state", G_CALLBACK (on_account_state), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->account, "notify::reason", G_CALLBACK (on_account_state), self,
                               G_CONNECT_SWAPPED);

      self->password_pending = TRUE;
      hl_secret_store_lookup_async (HL_SECRET_PHONE_PASSWORD, uri, self->cancellable, on_password,
                                    g_object_ref (self));
      if (self->turn_username)
        hl_secret_store_lookup_async (HL_SECRET_TURN_PASSWORD, uri, self->cancellable, on_turn_password,
                                      g_object_ref (self));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HAS_ACCOUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATUS]);
}

static void
hl_phone_dispose (GObject *object)
{
  HlPhone *self = (HlPhone *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->stats_source, g_source_remove);
  g_clear_object (&self->consultation);
  g_clear_object (&self->transferee);
  drop_account (self);
  g_clear_object (&self->workspace);
  g_clear_object (&self->audio);
  g_clear_object (&self->ringer);
  g_clear_object (&self->wrap_up);

  G_OBJECT_CLASS (hl_phone_parent_class)->dispose (object);
}

static void
hl_phone_finalize (GObject *object)
{
  HlPhone *self = (HlPhone *)object;

  g_strfreev (self->ice_servers);
  g_free (self->turn_username);
  g_free (self->turn_password);

  G_OBJECT_CLASS (hl_phone_parent_class)->finalize (object);
}

static void
hl_phone_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HlPhone *self = HL_PHONE (object);

  switch (prop_id)
    {
    case PROP_HAS_ACCOUNT:
      g_value_set_boolean (value, self->account != NULL);
      break;
    case PROP_STATUS:
      g_value_take_string (value, hl_phone_dup_status_text (self));
      break;
    case PROP_CURRENT_CALL:
      g_value_set_object (value, hl_phone_get_current_call (self));
      break;
    case PROP_WRAP_UP:
      g_value_set_object (value, self->wrap_up);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_phone_class_init (HlPhoneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hl_phone_dispose;
  object_class->finalize = hl_phone_finalize;
  object_class->get_property = hl_phone_get_property;

  properties [PROP_HAS_ACCOUNT] =
    g_param_spec_boolean ("has-account", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_CURRENT_CALL] =
    g_param_spec_object ("current-call", NULL, NULL, HL_TYPE_CALL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * HlPhone:wrap-up:
   *
   * The wrap-up of the last answered call while the agent fills it in, or %NULL.
   */
  properties [PROP_WRAP_UP] =
    g_param_spec_object ("wrap-up", NULL, NULL, HL_TYPE_WRAP_UP,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals [INCOMING_CALL] =
    g_signal_new ("incoming-call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, HL_TYPE_CALL);

  /**
   * HlPhone::call-failed:
   * @call: an outgoing call that ended without connecting (busy, declined, server error…);
   *   hl_call_get_end_reason() says why in a sentence
   */
  signals [CALL_FAILED] =
    g_signal_new ("call-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, HL_TYPE_CALL);

  /**
   * HlPhone::transfer-failed:
   * @call: the call that was to be transferred (it goes on)
   * @message: what went wrong, a sentence for the agent
   */
  signals [TRANSFER_FAILED] =
    g_signal_new ("transfer-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, HL_TYPE_CALL, G_TYPE_STRING);
}

static void
hl_phone_init (HlPhone *self)
{
  self->cancellable = g_cancellable_new ();
  self->availability = HL_AVAILABILITY_ONLINE;
  self->ringer = hl_ringer_new ();
  self->audio = hl_phone_audio_new (self->ringer);
}

HlPhone *
hl_phone_new (void)
{
  return g_object_new (HL_TYPE_PHONE, NULL);
}

gboolean
hl_phone_get_has_account (HlPhone *self)
{
  g_return_val_if_fail (HL_IS_PHONE (self), FALSE);
  return self->account != NULL;
}

HlSipAccount *
hl_phone_get_account (HlPhone *self)
{
  g_return_val_if_fail (HL_IS_PHONE (self), NULL);
  return self->account;
}

HlCallManager *
hl_phone_get_manager (HlPhone *self)
{
  g_return_val_if_fail (HL_IS_PHONE (self), NULL);
  return self->manager;
}

/* "Registered", "Connecting: <why>", "Not connected: <why>", "Offline", for the phone pane. */
char *
hl_phone_dup_status_text (HlPhone *self)
{
  const char *reason;

  g_return_val_if_fail (HL_IS_PHONE (self), NULL);

  if (self->account == NULL)
    return g_strdup (_("No phone account"));

  reason = hl_sip_account_get_reason_text (self->account);

  switch (hl_sip_account_get_state (self->account))
    {
    case HL_SIP_ACCOUNT_REGISTERED:
      return g_strdup (_("Registered"));
    case HL_SIP_ACCOUNT_REGISTERING:
      return g_strdup (_("Registering…"));
    case HL_SIP_ACCOUNT_CONNECTING:
      /* Translators: the phone is trying to connect; %s says why it isn't yet */
      return reason ? g_strdup_printf (_("Connecting: %s"), reason) : g_strdup (_("Connecting…"));
    case HL_SIP_ACCOUNT_FAILED:
      /* Translators: the phone cannot work until the user acts; %s says why */
      return g_strdup_printf (_("Not connected: %s"), reason ? reason : _("unknown error"));
    case HL_SIP_ACCOUNT_OFFLINE:
    default:
      return g_strdup (_("Offline"));
    }
}

void
hl_phone_set_workspace (HlPhone     *self,
                        HlWorkspace *workspace)
{
  g_return_if_fail (HL_IS_PHONE (self));

  g_set_object (&self->workspace, workspace);
}

void
hl_phone_set_availability (HlPhone        *self,
                           HlAvailability  availability)
{
  g_return_if_fail (HL_IS_PHONE (self));

  self->availability = availability;
  apply_availability (self);
}

static HlCall *
find_call (HlPhone  *self,
           gboolean  ringing)
{
  GListModel *calls;
  HlCall *held = NULL;
  guint n;

  if (self->manager == NULL)
    return NULL;

  calls = hl_call_manager_get_calls (self->manager);
  n = g_list_model_get_n_items (calls);

  /* The newest first: a second incoming call while on a call is the one to answer, and of the
   * connected calls the one not on hold is the one the agent talks to. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(HlCall) call = g_list_model_get_item (calls, i - 1);
      HlCallState state = hl_call_get_state (call);
      gboolean is_ringing = state == HL_CALL_STATE_INCOMING && !hl_call_get_answering (call);

      if (ringing != is_ringing)
        continue;
      if (ringing || state != HL_CALL_STATE_HELD)
        return call;
      if (held == NULL)
        held = call;
    }

  return held;
}

/* The call the in-call controls act on: the newest that isn't ringing here and isn't on hold,
 * else the newest on hold. */
HlCall *
hl_phone_get_current_call (HlPhone *self)
{
  g_return_val_if_fail (HL_IS_PHONE (self), NULL);
  return find_call (self, FALSE);
}

/* The call that rings here (and hasn't been answered yet), the newest if several. */
HlCall *
hl_phone_get_ringing_call (HlPhone *self)
{
  g_return_val_if_fail (HL_IS_PHONE (self), NULL);
  return find_call (self, TRUE);
}

/* A second connected call besides the current one: the one on hold (call waiting after "Hold &
 * Answer", or the transferee during a consultation). */
HlCall *
hl_phone_get_other_call (HlPhone *self)
{
  HlCall *current;
  GListModel *calls;
  guint n;

  g_return_val_if_fail (HL_IS_PHONE (self), NULL);

  if (self->manager == NULL || !(current = hl_phone_get_current_call (self)))
    return NULL;

  calls = hl_call_manager_get_calls (self->manager);
  n = g_list_model_get_n_items (calls);
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(HlCall) call = g_list_model_get_item (calls, i - 1);

      if (call != current && hl_call_get_state (call) == HL_CALL_STATE_HELD)
        return call;
    }

  return NULL;
}

/* The consultation call of an attended transfer in progress, or NULL. */
HlCall *
hl_phone_get_consultation (HlPhone *self)
{
  g_return_val_if_fail (HL_IS_PHONE (self), NULL);
  return self->consultation;
}

gboolean
hl_phone_dial (HlPhone     *self,
               const char  *target,
               GError     **error)
{
  g_return_val_if_fail (HL_IS_PHONE (self), FALSE);

  if (self->account == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("No phone account is set up"));
      return FALSE;
    }

  if (hl_sip_account_get_state (self->account) != HL_SIP_ACCOUNT_REGISTERED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, _("The phone is not connected"));
      return FALSE;
    }

  if (hl_call_manager_dial (self->manager, target) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a number or SIP address"), target);
      return FALSE;
    }

  return TRUE;
}

/* Answers the ringing call; a call in progress is put on hold first (call waiting). */
void
hl_phone_answer (HlPhone *self)
{
  HlCall *ringing;
  HlCall *current;

  g_return_if_fail (HL_IS_PHONE (self));

  if (!(ringing = hl_phone_get_ringing_call (self)))
    return;

  if ((current = hl_phone_get_current_call (self)) && hl_call_get_state (current) == HL_CALL_STATE_ACTIVE)
    hl_call_set_held (current, TRUE);

  hl_call_answer (ringing);
}

/* Call waiting: ends the call in progress and answers the one that rings. */
void
hl_phone_end_and_answer (HlPhone *self)
{
  HlCall *ringing;
  HlCall *current;

  g_return_if_fail (HL_IS_PHONE (self));

  if (!(ringing = hl_phone_get_ringing_call (self)))
    return;

  g_object_ref (ringing);
  if ((current = hl_phone_get_current_call (self)))
    hl_call_hangup (current);
  hl_call_answer (ringing);
  g_object_unref (ringing);
}

/* Turns the ringing call away: 486 Busy Here while on another call, else 603 Decline. */
void
hl_phone_decline (HlPhone *self)
{
  HlCall *ringing;

  g_return_if_fail (HL_IS_PHONE (self));

  if ((ringing = hl_phone_get_ringing_call (self)))
    hl_call_reject (ringing, hl_phone_get_current_call (self) ? 486 : 603);
}

/* Two connected calls: the one on hold comes back, the current one goes on hold. */
void
hl_phone_swap (HlPhone *self)
{
  HlCall *current;
  HlCall *other;

  g_return_if_fail (HL_IS_PHONE (self));

  if (!(other = hl_phone_get_other_call (self)) || !(current = hl_phone_get_current_call (self)))
    return;

  if (hl_call_get_state (current) == HL_CALL_STATE_ACTIVE)
    hl_call_set_held (current, TRUE);
  hl_call_set_held (other, FALSE);
}

/* Ends the current call, or declines the ringing one when there is no other. */
void
hl_phone_hangup (HlPhone *self)
{
  HlCall *call;

  g_return_if_fail (HL_IS_PHONE (self));

  if ((call = hl_phone_get_current_call (self)) || (call = hl_phone_get_ringing_call (self)))
    hl_call_hangup (call);
}

/**
 * hl_phone_shut_down:
 *
 * At quit: ends every call (BYE, CANCEL or a refusal, as each call's state wants) and
 * un-REGISTERs, so the PBX stops routing calls here at once rather than when the binding lapses.
 * The requests go out asynchronously: iterate the main context until hl_phone_get_shut_down ()
 * (the transport is closed, at most about 2 s later).
 */
void
hl_phone_shut_down (HlPhone *self)
{
  GListModel *calls;

  g_return_if_fail (HL_IS_PHONE (self));

  /* What the agent has put in the wrap-up so far is kept, and the call's log goes. */
  self->shutting_down = TRUE;
  hl_phone_finish_wrap_up (self);

  if (self->account == NULL)
    return;

  calls = self->manager ? hl_call_manager_get_calls (self->manager) : NULL;
  for (guint i = calls ? g_list_model_get_n_items (calls) : 0; i > 0; i--)
    {
      g_autoptr(HlCall) call = g_list_model_get_item (calls, i - 1);

      if (hl_call_get_state (call) != HL_CALL_STATE_ENDED)
        hl_call_hangup (call);
    }

  hl_sip_account_go_offline (self->account);
}

/* TRUE once hl_phone_shut_down () has nothing more to send: no account or its transport closed */
gboolean
hl_phone_get_shut_down (HlPhone *self)
{
  g_return_val_if_fail (HL_IS_PHONE (self), TRUE);

  return self->account == NULL ||
         hl_sip_transport_get_state (hl_sip_account_get_transport (self->account)) == HL_SIP_TRANSPORT_DISCONNECTED;
}

void
hl_phone_set_held (HlPhone  *self,
                   gboolean  held)
{
  HlCall *call;

  g_return_if_fail (HL_IS_PHONE (self));

  if ((call = hl_phone_get_current_call (self)))
    hl_call_set_held (call, held);
}

void
hl_phone_set_muted (HlPhone  *self,
                    gboolean  muted)
{
  HlCall *call;

  g_return_if_fail (HL_IS_PHONE (self));

  if ((call = hl_phone_get_current_call (self)))
    hl_call_set_muted (call, muted);
}

void
hl_phone_send_dtmf (HlPhone    *self,
                    const char *digits)
{
  HlCall *call;

  g_return_if_fail (HL_IS_PHONE (self));

  if ((call = hl_phone_get_current_call (self)))
    hl_call_send_dtmf (call, digits);
}

void
hl_phone_transfer (HlPhone    *self,
                   const char *target)
{
  g_autofree char *uri = NULL;
  HlCall *call;

  g_return_if_fail (HL_IS_PHONE (self));

  if (self->manager == NULL || !(call = hl_phone_get_current_call (self)))
    return;

  if ((uri = hl_call_manager_normalize_target (self->manager, target)))
    hl_call_transfer (call, uri);
}

/* Attended transfer, first step: the current call goes on hold and the agent calls @target to
 * talk to them before handing the call over. */
gboolean
hl_phone_start_consultation (HlPhone     *self,
                             const char  *target,
                             GError     **error)
{
  HlCall *current;
  HlCall *consultation;

  g_return_val_if_fail (HL_IS_PHONE (self), FALSE);

  current = self->manager ? hl_phone_get_current_call (self) : NULL;
  if (current == NULL || self->consultation != NULL ||
      (hl_call_get_state (current) != HL_CALL_STATE_ACTIVE && hl_call_get_state (current) != HL_CALL_STATE_HELD))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("A consultation needs one connected call to transfer"));
      return FALSE;
    }

  if (!(consultation = hl_call_manager_dial (self->manager, target)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a number or SIP address"), target);
      return FALSE;
    }

  g_debug ("Consultation: %s while %s waits on hold", hl_call_get_remote_uri (consultation),
           hl_call_get_remote_uri (current));
  self->transferee = g_object_ref (current);
  self->consultation = g_object_ref (consultation);
  hl_call_set_held (current, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURRENT_CALL]);

  return TRUE;
}

/* Attended transfer, second step: the transferee is referred to the consultation's target with
 * Replaces; both our legs end when the target took the call. */
gboolean
hl_phone_complete_transfer (HlPhone  *self,
                            GError  **error)
{
  g_return_val_if_fail (HL_IS_PHONE (self), FALSE);

  if (self->consultation == NULL || self->transferee == NULL ||
      !hl_call_transfer_attended (self->transferee, self->consultation))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("The transfer can only be completed once the consulted person answered"));
      return FALSE;
    }

  return TRUE;
}

/* Attended transfer given up: the consultation ends and the transferee comes back. */
void
hl_phone_cancel_consultation (HlPhone *self)
{
  g_autoptr(HlCall) consultation = NULL;
  g_autoptr(HlCall) transferee = NULL;

  g_return_if_fail (HL_IS_PHONE (self));

  consultation = g_steal_pointer (&self->consultation);
  transferee = g_steal_pointer (&self->transferee);

  if (consultation)
    hl_call_hangup (consultation);
  if (transferee)
    hl_call_set_held (transferee, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURRENT_CALL]);
}

/* The audio devices, voice processing and recording of calls */
HlPhoneAudio *
hl_phone_get_audio (HlPhone *self)
{
  g_return_val_if_fail (HL_IS_PHONE (self), NULL);
  return self->audio;
}

/* Starts or stops recording the current call */
gboolean
hl_phone_set_recording (HlPhone   *self,
                        gboolean   recording,
                        GError   **error)
{
  HlCall *call;

  g_return_val_if_fail (HL_IS_PHONE (self), FALSE);

  if (!(call = hl_phone_get_current_call (self)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no call to record"));
      return FALSE;
    }

  return hl_phone_audio_set_recording (self->audio, call, recording, error);
}

static void
on_wrapped_up (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hl_store_wrap_up_call_finish (HL_STORE (object), result, &error))
    g_warning ("Could not write the wrap-up of a call: %s", error->message);
}

/* The wrap-up being filled in (HlPhone:wrap-up), or %NULL */
HlWrapUp *
hl_phone_get_wrap_up (HlPhone *self)
{
  g_return_val_if_fail (HL_IS_PHONE (self), NULL);

  return self->wrap_up;
}

/**
 * hl_phone_finish_wrap_up:
 *
 * Writes the open wrap-up as it stands (its disposition and note on the call record and into the
 * call's log on the server, which goes then) and closes it. Nothing happens without one.
 */
void
hl_phone_finish_wrap_up (HlPhone *self)
{
  g_autoptr(HlWrapUp) wrap_up = NULL;

  g_return_if_fail (HL_IS_PHONE (self));

  if (!(wrap_up = g_steal_pointer (&self->wrap_up)))
    return;

  /* Not cancellable: what the agent typed is written even when the phone goes away. */
  hl_store_wrap_up_call_async (hl_wrap_up_get_store (wrap_up), hl_wrap_up_get_call_id (wrap_up),
                               hl_wrap_up_get_disposition (wrap_up), hl_wrap_up_get_note (wrap_up),
                               NULL, on_wrapped_up, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_WRAP_UP]);
}

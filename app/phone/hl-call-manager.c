/* hl-call-manager.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlCallManager"

#include "config.h"

#include <string.h>

#include "hl-call-manager.h"

/* The calls of one account, as a GListModel for the phone pane: routes incoming INVITEs (turned
 * away with 486 while the agent is busy or offline, answered at once with auto-answer), CANCELs and
 * in-dialog requests to their call, and drops calls from the list when they end. */

struct _HlCallManager
{
  GObject             parent_instance;

  HlSipAccount       *account;
  GListStore         *calls;
  GHashTable         *ended_calls;     /* Call-ID → HlCall, for retransmissions after the end */
  HlCallMediaFactory  factory;
  gpointer            factory_data;
  GDestroyNotify      factory_destroy;
  gboolean            accepting;
  gboolean            auto_answer;
};

enum {
  INCOMING_CALL,
  CALL_ENDED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (HlCallManager, hl_call_manager, G_TYPE_OBJECT)

static guint signals [N_SIGNALS];

#define ENDED_CALL_KEEP_SECONDS 32   /* 64 × T1: the longest a peer retransmits */

static void on_transfer_requested (HlCallManager *self, const char *target, HlCall *call);
static void keep_ended_call       (HlCallManager *self, HlCall *call);

static gboolean
has_call_id (HlCall     *call,
             const char *call_id)
{
  return g_strcmp0 (hl_call_get_call_id (call), call_id) == 0;
}

/* The call for which @match (call, @key) is TRUE; (transfer none). */
static HlCall *
find_call (HlCallManager  *self,
           gboolean      (*match) (HlCall *, const char *),
           const char     *key)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->calls));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HlCall) call = g_list_model_get_item (G_LIST_MODEL (self->calls), i);

      if (match (call, key))
        return call;
    }

  return NULL;
}

static void
on_call_state (HlCallManager *self,
               GParamSpec    *pspec,
               HlCall        *call)
{
  guint position;

  if (hl_call_get_state (call) != HL_CALL_STATE_ENDED)
    return;

  g_object_ref (call);
  keep_ended_call (self, call);
  if (g_list_store_find (self->calls, call, &position))
    g_list_store_remove (self->calls, position);
  g_signal_emit (self, signals [CALL_ENDED], 0, call);
  g_object_unref (call);
}

static void
add_call (HlCallManager *self,
          HlCall        *call)
{
  g_signal_connect_object (call, "notify::state", G_CALLBACK (on_call_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "transfer-requested", G_CALLBACK (on_transfer_requested), self, G_CONNECT_SWAPPED);
  g_list_store_append (self->calls, call);
}

static void
respond (HlCallManager *self,
         HlSipMessage  *request,
         guint          status)
{
  g_autofree char *tag = hl_sip_random_token (10);
  g_autoptr(HlSipMessage) response = hl_sip_message_new_response_to (request, status, NULL, tag);

  hl_sip_account_send_response (self->account, response, NULL);
}

/* An INVITE with Replaces (RFC 3891): the far end of one of our calls transferred its party to
 * us (attended transfer). The new call is answered at once, without ringing and whatever the
 * availability (the agent already took this call), and the replaced one ends. */
static gboolean
take_replacing_invite (HlCallManager *self,
                       HlSipMessage  *request)
{
  HlCall *replaced = find_call (self, hl_call_matches_replaces, hl_sip_message_get_header (request, "Replaces"));
  g_autoptr(HlCallMedia) media = NULL;
  g_autoptr(HlCall) call = NULL;

  if (replaced == NULL)
    {
      g_debug ("INVITE with Replaces for no call of ours: 481");
      respond (self, request, 481);
      return TRUE;
    }

  g_debug ("Call %s replaces call %s", hl_sip_message_get_call_id (request), hl_call_get_call_id (replaced));
  media = self->factory (self->factory_data);
  call = hl_call_new_incoming (self->account, media, request);
  if (hl_call_get_state (call) == HL_CALL_STATE_ENDED)
    return TRUE;

  hl_call_answer (call);
  add_call (self, call);
  g_signal_emit (self, signals [INCOMING_CALL], 0, call);
  hl_call_hangup (replaced);

  return TRUE;
}

static gboolean
on_request_received (HlCallManager *self,
                     HlSipMessage  *request,
                     HlSipAccount  *account)
{
  const char *method = hl_sip_message_get_method (request);
  g_autofree char *to_tag = hl_sip_message_get_to_tag (request);
  HlCall *existing = find_call (self, has_call_id, hl_sip_message_get_call_id (request));
  g_autoptr(HlCallMedia) media = NULL;
  g_autoptr(HlCall) call = NULL;

  if (existing == NULL)
    existing = g_hash_table_lookup (self->ended_calls, hl_sip_message_get_call_id (request));

  /* A retransmitted INVITE gets its last response again; in-dialog requests go to their call. */
  if (existing != NULL)
    return hl_call_handle_request (existing, request);

  if (!g_str_equal (method, "INVITE") || to_tag != NULL)
    return FALSE;

  if (hl_sip_message_get_header (request, "Replaces"))
    return take_replacing_invite (self, request);

  if (!self->accepting)
    {
      g_debug ("Busy or offline: refusing an incoming call");
      respond (self, request, 486);
      return TRUE;
    }

  media = self->factory (self->factory_data);
  call = hl_call_new_incoming (self->account, media, request);
  if (hl_call_get_state (call) == HL_CALL_STATE_ENDED)
    return TRUE;

  g_debug ("Incoming call %s from %s (%s)", hl_call_get_call_id (call), hl_call_get_remote_uri (call),
           hl_call_get_remote_name (call) ? hl_call_get_remote_name (call) : "no name");
  /* Auto-answer takes calls when the agent is free; a second call rings as call waiting. */
  if (self->auto_answer && g_list_model_get_n_items (G_LIST_MODEL (self->calls)) == 0)
    hl_call_answer (call);

  add_call (self, call);
  g_signal_emit (self, signals [INCOMING_CALL], 0, call);

  return TRUE;
}

static void
hl_call_manager_dispose (GObject *object)
{
  HlCallManager *self = (HlCallManager *)object;

  if (self->account)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);
  g_clear_object (&self->calls);
  g_clear_pointer (&self->ended_calls, g_hash_table_unref);
  if (self->factory_destroy)
    g_clear_pointer (&self->factory_data, self->factory_destroy);

  G_OBJECT_CLASS (hl_call_manager_parent_class)->dispose (object);
}

static void
hl_call_manager_class_init (HlCallManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hl_call_manager_dispose;

  signals [INCOMING_CALL] =
    g_signal_new ("incoming-call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, HL_TYPE_CALL);

  signals [CALL_ENDED] =
    g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, HL_TYPE_CALL);
}

static void
hl_call_manager_init (HlCallManager *self)
{
  self->calls = g_list_store_new (HL_TYPE_CALL);
  self->ended_calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->accepting = TRUE;
}

HlCallManager *
hl_call_manager_new (HlSipAccount       *account,
                     HlCallMediaFactory  factory,
                     gpointer            factory_data,
                     GDestroyNotify      factory_destroy)
{
  HlCallManager *self;

  g_return_val_if_fail (HL_IS_SIP_ACCOUNT (account), NULL);
  g_return_val_if_fail (factory != NULL, NULL);

  self = g_object_new (HL_TYPE_CALL_MANAGER, NULL);
  self->account = g_object_ref (account);
  self->factory = factory;
  self->factory_data = factory_data;
  self->factory_destroy = factory_destroy;

  g_signal_connect_swapped (account, "request-received", G_CALLBACK (on_request_received), self);

  return self;
}

HlSipAccount *
hl_call_manager_get_account (HlCallManager *self)
{
  g_return_val_if_fail (HL_IS_CALL_MANAGER (self), NULL);
  return self->account;
}

GListModel *
hl_call_manager_get_calls (HlCallManager *self)
{
  g_return_val_if_fail (HL_IS_CALL_MANAGER (self), NULL);
  return G_LIST_MODEL (self->calls);
}

/* While the agent is Busy or Offline, incoming calls get 486 and never ring. */
void
hl_call_manager_set_accepting (HlCallManager *self,
                               gboolean       accepting)
{
  g_return_if_fail (HL_IS_CALL_MANAGER (self));
  self->accepting = !!accepting;
}

/* Contact-centre auto-accept: incoming calls are answered as soon as they arrive. */
void
hl_call_manager_set_auto_answer (HlCallManager *self,
                                 gboolean       auto_answer)
{
  g_return_if_fail (HL_IS_CALL_MANAGER (self));
  self->auto_answer = !!auto_answer;
}

/* What the agent typed or clicked, as a SIP URI: "sip:…"/"sips:…" stay, "tel:+34…" and plain
 * numbers or user names go to the account's domain. NULL for nothing usable. */
char *
hl_call_manager_normalize_target (HlCallManager *self,
                                  const char    *target)
{
  g_autoptr(HlSipUri) aor = NULL;
  g_autoptr(GString) user = g_string_new (NULL);
  const char *p;

  g_return_val_if_fail (HL_IS_CALL_MANAGER (self), NULL);

  if (target == NULL)
    return NULL;

  while (g_ascii_isspace (*target))
    target++;

  if (g_str_has_prefix (target, "sip:") || g_str_has_prefix (target, "sips:"))
    {
      g_autoptr(HlSipUri) uri = hl_sip_uri_parse (target, NULL);
      return uri ? hl_sip_uri_to_string (uri) : NULL;
    }

  p = g_str_has_prefix (target, "tel:") ? target + 4 : target;

  /* Keep what a dial string may hold; drop the visual separators people paste. */
  for (; *p && *p != ';'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("+*#._-", *p))
        {
          if (*p != '-' && *p != '.')
            g_string_append_c (user, *p);
        }
      else if (!strchr (" ()/", *p))
        return NULL;
    }

  if (user->len == 0)
    return NULL;

  aor = hl_sip_uri_parse (hl_sip_account_get_aor (self->account), NULL);
  if (aor == NULL)
    return NULL;

  {
    g_autofree char *escaped = g_uri_escape_string (user->str, "+*", FALSE);
    return g_strdup_printf ("%s:%s@%s", aor->scheme, escaped, aor->host);
  }
}

/* Places a call. Returns (transfer none) the call, or NULL if @target is not dialable. */
HlCall *
hl_call_manager_dial (HlCallManager *self,
                      const char    *target)
{
  g_autofree char *uri = NULL;
  g_autoptr(HlCallMedia) media = NULL;
  g_autoptr(HlCall) call = NULL;

  g_return_val_if_fail (HL_IS_CALL_MANAGER (self), NULL);

  if (!(uri = hl_call_manager_normalize_target (self, target)))
    return NULL;

  media = self->factory (self->factory_data);
  call = hl_call_new_outgoing (self->account, media, uri);
  add_call (self, call);

  return call;
}

typedef struct
{
  GWeakRef  manager;
  char     *call_id;
} EndedCall;

static void
ended_call_free (gpointer data)
{
  EndedCall *ended = data;

  g_weak_ref_clear (&ended->manager);
  g_free (ended->call_id);
  g_free (ended);
}

static gboolean
forget_ended_call (gpointer data)
{
  EndedCall *ended = data;
  g_autoptr(HlCallManager) self = g_weak_ref_get (&ended->manager);

  if (self)
    g_hash_table_remove (self->ended_calls, ended->call_id);

  return G_SOURCE_REMOVE;
}

/* An ended call still answers retransmissions of its last requests (a BYE sent again) for as
 * long as a peer may retransmit. */
static void
keep_ended_call (HlCallManager *self,
                 HlCall        *call)
{
  EndedCall *ended;

  if (hl_call_get_call_id (call) == NULL)
    return;

  ended = g_new0 (EndedCall, 1);
  g_weak_ref_init (&ended->manager, self);
  ended->call_id = g_strdup (hl_call_get_call_id (call));
  g_hash_table_replace (self->ended_calls, g_strdup (ended->call_id), g_object_ref (call));
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, ENDED_CALL_KEEP_SECONDS, forget_ended_call, ended, ended_call_free);
}

/* The far end transferred a call (REFER): call the target; the call reports the progress. */
static void
on_transfer_requested (HlCallManager *self,
                       const char    *target,
                       HlCall        *call)
{
  HlCall *transfer = hl_call_manager_dial (self, target);

  hl_call_set_transfer_call (call, transfer);
}

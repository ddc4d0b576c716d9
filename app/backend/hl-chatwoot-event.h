/* hl-chatwoot-event.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "hl-cable-frame.h"

G_BEGIN_DECLS

#define HL_CHATWOOT_EVENT_ERROR (hl_chatwoot_event_error_quark ())

typedef enum
{
  HL_CHATWOOT_EVENT_ERROR_NOT_AN_EVENT,  /* the frame holds no {event, data} envelope */
  HL_CHATWOOT_EVENT_ERROR_INVALID,       /* a known event whose data lacks an id or has a wrong type */
} HlChatwootEventError;

/* The cable events of Chatwoot v4.16.2 (shared/specs/chatwoot/API.md §11.5). */
typedef enum
{
  HL_CHATWOOT_EVENT_UNKNOWN,                              /* a name this client doesn't know */
  HL_CHATWOOT_EVENT_MESSAGE_CREATED,                      /* message.created */
  HL_CHATWOOT_EVENT_MESSAGE_UPDATED,                      /* message.updated */
  HL_CHATWOOT_EVENT_FIRST_REPLY_CREATED,                  /* first.reply.created */
  HL_CHATWOOT_EVENT_CONVERSATION_CREATED,                 /* conversation.created */
  HL_CHATWOOT_EVENT_CONVERSATION_UPDATED,                 /* conversation.updated */
  HL_CHATWOOT_EVENT_CONVERSATION_STATUS_CHANGED,          /* conversation.status_changed */
  HL_CHATWOOT_EVENT_CONVERSATION_READ,                    /* conversation.read */
  HL_CHATWOOT_EVENT_ASSIGNEE_CHANGED,                     /* assignee.changed */
  HL_CHATWOOT_EVENT_TEAM_CHANGED,                         /* team.changed */
  HL_CHATWOOT_EVENT_CONVERSATION_CONTACT_CHANGED,         /* conversation.contact_changed */
  HL_CHATWOOT_EVENT_CONVERSATION_MENTIONED,               /* conversation.mentioned */
  HL_CHATWOOT_EVENT_CONVERSATION_TYPING_ON,               /* conversation.typing_on */
  HL_CHATWOOT_EVENT_CONVERSATION_TYPING_OFF,              /* conversation.typing_off */
  HL_CHATWOOT_EVENT_CONVERSATION_UNREAD_COUNT_CHANGED,    /* conversation.unread_count_changed */
  HL_CHATWOOT_EVENT_CONTACT_CREATED,                      /* contact.created */
  HL_CHATWOOT_EVENT_CONTACT_UPDATED,                      /* contact.updated */
  HL_CHATWOOT_EVENT_CONTACT_MERGED,                       /* contact.merged */
  HL_CHATWOOT_EVENT_CONTACT_DELETED,                      /* contact.deleted */
  HL_CHATWOOT_EVENT_NOTIFICATION_CREATED,                 /* notification.created */
  HL_CHATWOOT_EVENT_NOTIFICATION_UPDATED,                 /* notification.updated */
  HL_CHATWOOT_EVENT_NOTIFICATION_DELETED,                 /* notification.deleted */
  HL_CHATWOOT_EVENT_ACCOUNT_CACHE_INVALIDATED,            /* account.cache_invalidated */
  HL_CHATWOOT_EVENT_PRESENCE_UPDATE,                      /* presence.update */
  HL_CHATWOOT_EVENT_ACCOUNT_ENRICHMENT_COMPLETED,         /* account.enrichment_completed */
  HL_CHATWOOT_EVENT_COPILOT_MESSAGE_CREATED,              /* copilot.message.created */
  HL_CHATWOOT_EVENT_VOICE_CALL_INCOMING,                  /* voice_call.incoming */
  HL_CHATWOOT_EVENT_VOICE_CALL_OUTBOUND_ACCEPTED,         /* voice_call.outbound_accepted */
  HL_CHATWOOT_EVENT_VOICE_CALL_OUTBOUND_CONNECTED,        /* voice_call.outbound_connected */
  HL_CHATWOOT_EVENT_VOICE_CALL_ENDED,                     /* voice_call.ended */
  HL_CHATWOOT_EVENT_VOICE_CALL_PERMISSION_GRANTED,        /* voice_call.permission_granted */
} HlChatwootEventKind;

#define HL_TYPE_CHATWOOT_EVENT_KIND (hl_chatwoot_event_kind_get_type ())
#define HL_TYPE_CHATWOOT_EVENT (hl_chatwoot_event_get_type ())

G_DECLARE_FINAL_TYPE (HlChatwootEvent, hl_chatwoot_event, HL, CHATWOOT_EVENT, GObject)

GType                hl_chatwoot_event_kind_get_type        (void) G_GNUC_CONST;
GQuark               hl_chatwoot_event_error_quark          (void);

HlChatwootEventKind  hl_chatwoot_event_kind_from_name       (const char         *name);
const char          *hl_chatwoot_event_kind_to_name         (HlChatwootEventKind kind);

HlChatwootEvent     *hl_chatwoot_event_new                  (const char         *name,
                                                             JsonObject         *data,
                                                             GError            **error);
HlChatwootEvent     *hl_chatwoot_event_new_from_frame       (const HlCableFrame *frame,
                                                             GError            **error);

HlChatwootEventKind  hl_chatwoot_event_get_kind             (HlChatwootEvent    *self);
const char          *hl_chatwoot_event_get_name             (HlChatwootEvent    *self);
JsonObject          *hl_chatwoot_event_get_data             (HlChatwootEvent    *self);
gint64               hl_chatwoot_event_get_account_id       (HlChatwootEvent    *self);
gint64               hl_chatwoot_event_get_conversation_id  (HlChatwootEvent    *self);
gint64               hl_chatwoot_event_get_message_id       (HlChatwootEvent    *self);
gint64               hl_chatwoot_event_get_contact_id       (HlChatwootEvent    *self);
gint64               hl_chatwoot_event_get_notification_id  (HlChatwootEvent    *self);
gint64               hl_chatwoot_event_get_performer_id     (HlChatwootEvent    *self);
gboolean             hl_chatwoot_event_is_private           (HlChatwootEvent    *self);

G_END_DECLS

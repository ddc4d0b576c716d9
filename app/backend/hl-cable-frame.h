/* hl-cable-frame.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Larger text frames are refused before parsing. The biggest real Chatwoot frames are message
 * events of long HTML emails; 2 MiB leaves room for those. */
#define HL_CABLE_FRAME_MAX_SIZE  (2 * 1024 * 1024)
/* Deeper JSON nesting is refused before parsing (json-glib parses recursively). */
#define HL_CABLE_FRAME_MAX_DEPTH 64

#define HL_CABLE_FRAME_ERROR (hl_cable_frame_error_quark ())

typedef enum
{
  HL_CABLE_FRAME_ERROR_TOO_LARGE,  /* over HL_CABLE_FRAME_MAX_SIZE or HL_CABLE_FRAME_MAX_DEPTH */
  HL_CABLE_FRAME_ERROR_MALFORMED,  /* not UTF-8, not JSON, or not a JSON object */
  HL_CABLE_FRAME_ERROR_INVALID,    /* JSON, but a member has the wrong type or is missing */
} HlCableFrameError;

typedef enum
{
  HL_CABLE_FRAME_UNKNOWN,              /* a "type" this client doesn't know; log and ignore */
  HL_CABLE_FRAME_WELCOME,
  HL_CABLE_FRAME_PING,
  HL_CABLE_FRAME_CONFIRM_SUBSCRIPTION,
  HL_CABLE_FRAME_REJECT_SUBSCRIPTION,
  HL_CABLE_FRAME_DISCONNECT,
  HL_CABLE_FRAME_MESSAGE,              /* a broadcast on a channel: {"identifier", "message"} */
} HlCableFrameType;

/* One parsed server frame. Read-only after parsing; members that don't apply to the type are
 * NULL/0. */
typedef struct
{
  HlCableFrameType  type;
  char             *type_name;   /* the "type" string as sent; NULL for MESSAGE */
  char             *identifier;  /* CONFIRM, REJECT, MESSAGE: the identifier string, verbatim */
  gint64            ping_time;   /* PING: the server's clock, Unix seconds */
  char             *reason;      /* DISCONNECT: "unauthorized", "server_restart"…, or NULL */
  gboolean          reconnect;   /* DISCONNECT: whether the server allows a reconnect */
  JsonNode         *message;     /* MESSAGE: the "message" member, any JSON */
  char             *event;       /* MESSAGE: message.event when message is an event envelope */
  JsonObject       *data;        /* MESSAGE: message.data when message is an event envelope */
} HlCableFrame;

#define HL_TYPE_CABLE_FRAME (hl_cable_frame_get_type ())

GType         hl_cable_frame_get_type             (void) G_GNUC_CONST;
GQuark        hl_cable_frame_error_quark          (void);

HlCableFrame *hl_cable_frame_parse                (const char    *text,
                                                   gsize          length,
                                                   GError       **error);
HlCableFrame *hl_cable_frame_copy                 (const HlCableFrame *frame);
void          hl_cable_frame_free                 (HlCableFrame  *frame);
const char   *hl_cable_frame_type_to_string       (HlCableFrameType type);

char         *hl_cable_frame_build_identifier     (const char    *channel,
                                                   const char    *pubsub_token,
                                                   gint64         account_id,
                                                   gint64         user_id);
char         *hl_cable_frame_build_subscribe      (const char    *identifier);
char         *hl_cable_frame_build_unsubscribe    (const char    *identifier);
char         *hl_cable_frame_build_perform        (const char    *identifier,
                                                   const char    *action,
                                                   JsonObject    *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlCableFrame, hl_cable_frame_free)

G_END_DECLS

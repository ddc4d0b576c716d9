/* hl-types.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _HlApplication   HlApplication;
typedef struct _HlStore         HlStore;
typedef struct _HlQueryModel    HlQueryModel;
typedef struct _HlRecord        HlRecord;
typedef struct _HlAgent         HlAgent;
typedef struct _HlArticle       HlArticle;
typedef struct _HlCallRecord    HlCallRecord;
typedef struct _HlContact       HlContact;
typedef struct _HlConversation  HlConversation;
typedef struct _HlMessage       HlMessage;
typedef struct _HlWorkspace     HlWorkspace;
typedef struct _HlWindow        HlWindow;
typedef struct _HlPhone         HlPhone;

/* The enums below are stored in the database by their nick ("phone", "open", …), so the nicks are
 * part of the on-disk format: never rename one. */

typedef enum
{
  HL_CHANNEL_PHONE, /*< nick=phone >*/
  HL_CHANNEL_CHAT,  /*< nick=chat >*/
  HL_CHANNEL_EMAIL, /*< nick=email >*/
} HlChannel;

typedef enum
{
  HL_CONVERSATION_STATUS_OPEN,     /*< nick=open >*/
  HL_CONVERSATION_STATUS_PENDING,  /*< nick=pending >*/
  HL_CONVERSATION_STATUS_SNOOZED,  /*< nick=snoozed >*/
  HL_CONVERSATION_STATUS_RESOLVED, /*< nick=resolved >*/
} HlConversationStatus;

/* Stored as its number so that lists can be sorted by it with an index. */
typedef enum
{
  HL_PRIORITY_NONE,   /*< nick=none >*/
  HL_PRIORITY_LOW,    /*< nick=low >*/
  HL_PRIORITY_MEDIUM, /*< nick=medium >*/
  HL_PRIORITY_HIGH,   /*< nick=high >*/
  HL_PRIORITY_URGENT, /*< nick=urgent >*/
} HlPriority;

typedef enum
{
  HL_MESSAGE_KIND_INCOMING, /*< nick=incoming >*/
  HL_MESSAGE_KIND_OUTGOING, /*< nick=outgoing >*/
  HL_MESSAGE_KIND_NOTE,     /*< nick=note >*/
  HL_MESSAGE_KIND_ACTIVITY, /*< nick=activity >*/
} HlMessageKind;

typedef enum
{
  HL_DELIVERY_PENDING,   /*< nick=pending >*/
  HL_DELIVERY_SENT,      /*< nick=sent >*/
  HL_DELIVERY_DELIVERED, /*< nick=delivered >*/
  HL_DELIVERY_READ,      /*< nick=read >*/
  HL_DELIVERY_FAILED,    /*< nick=failed >*/
} HlDelivery;

typedef enum
{
  HL_CALL_DIRECTION_INCOMING, /*< nick=incoming >*/
  HL_CALL_DIRECTION_OUTGOING, /*< nick=outgoing >*/
} HlCallDirection;

typedef enum
{
  HL_CALL_RESULT_ANSWERED,  /*< nick=answered >*/
  HL_CALL_RESULT_MISSED,    /*< nick=missed >*/
  HL_CALL_RESULT_ABANDONED, /*< nick=abandoned >*/
  HL_CALL_RESULT_VOICEMAIL, /*< nick=voicemail >*/
  HL_CALL_RESULT_BUSY,      /*< nick=busy >*/
  HL_CALL_RESULT_REJECTED,  /*< nick=rejected >*/
  HL_CALL_RESULT_FAILED,    /*< nick=failed >*/
} HlCallResult;

/* The disposition the softphone stores for a call it handed over to someone else. */
#define HL_CALL_DISPOSITION_TRANSFERRED "transferred"

typedef enum
{
  HL_AVAILABILITY_ONLINE,  /*< nick=online >*/
  HL_AVAILABILITY_BUSY,    /*< nick=busy >*/
  HL_AVAILABILITY_OFFLINE, /*< nick=offline >*/
} HlAvailability;

typedef enum
{
  HL_AGENT_ROLE_AGENT, /*< nick=agent >*/
  HL_AGENT_ROLE_LEAD,  /*< nick=lead >*/
} HlAgentRole;

/* Which tables a store write touched; query models refresh when one they watch changes. */
typedef enum /*< flags >*/
{
  HL_STORE_TABLE_NONE          = 0,
  HL_STORE_TABLE_AGENTS        = 1 << 0,
  HL_STORE_TABLE_CONTACTS      = 1 << 1,
  HL_STORE_TABLE_CONVERSATIONS = 1 << 2,
  HL_STORE_TABLE_MESSAGES      = 1 << 3,
  HL_STORE_TABLE_CALLS         = 1 << 4,
  HL_STORE_TABLE_ARTICLES      = 1 << 5,
  HL_STORE_TABLE_OUTBOX        = 1 << 6,
  HL_STORE_TABLE_SYNC          = 1 << 7,
  HL_STORE_TABLE_DRAFTS        = 1 << 8,
  HL_STORE_TABLE_REFERENCE     = 1 << 9,   /* reference_items: inboxes, teams, labels, … */
  HL_STORE_TABLE_ALL           = 0x3ff,
} HlStoreTables;

G_END_DECLS

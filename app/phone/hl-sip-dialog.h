/* hl-sip-dialog.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hl-sip-message.h"

G_BEGIN_DECLS

/* The state of one SIP dialog (RFC 3261 §12): identifiers, the remote target, the route set and
 * the sequence numbers, and the in-dialog requests built from them. Plain data, no I/O. */
typedef struct _HlSipDialog HlSipDialog;

HlSipDialog  *hl_sip_dialog_new_uac          (HlSipMessage  *request,
                                              HlSipMessage  *response,
                                              GError       **error);
HlSipDialog  *hl_sip_dialog_new_uas          (HlSipMessage  *request,
                                              const char    *local_tag,
                                              const char    *local_contact,
                                              GError       **error);
void          hl_sip_dialog_free             (HlSipDialog   *self);

const char   *hl_sip_dialog_get_call_id      (HlSipDialog   *self);
const char   *hl_sip_dialog_get_local_tag    (HlSipDialog   *self);
const char   *hl_sip_dialog_get_remote_tag   (HlSipDialog   *self);
const char   *hl_sip_dialog_get_remote_target (HlSipDialog  *self);
const char   *hl_sip_dialog_get_remote_uri   (HlSipDialog   *self);
const char   *hl_sip_dialog_get_remote_name  (HlSipDialog   *self);
gboolean      hl_sip_dialog_matches          (HlSipDialog   *self,
                                              HlSipMessage  *request);
gboolean      hl_sip_dialog_check_remote_cseq (HlSipDialog  *self,
                                              HlSipMessage  *request);
void          hl_sip_dialog_update_target    (HlSipDialog   *self,
                                              HlSipMessage  *message);
HlSipMessage *hl_sip_dialog_new_request      (HlSipDialog   *self,
                                              const char    *method,
                                              const char    *via);
HlSipMessage *hl_sip_dialog_new_ack          (HlSipDialog   *self,
                                              HlSipMessage  *invite,
                                              const char    *via);
char         *hl_sip_dialog_replaces         (HlSipDialog   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlSipDialog, hl_sip_dialog_free)

G_END_DECLS

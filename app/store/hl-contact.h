/* hl-contact.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-record.h"

G_BEGIN_DECLS

#define HL_TYPE_CONTACT (hl_contact_get_type ())

G_DECLARE_FINAL_TYPE (HlContact, hl_contact, HL, CONTACT, HlRecord)

const char * hl_contact_get_name               (HlContact *self);
const char * hl_contact_get_email              (HlContact *self);
const char * hl_contact_get_phone              (HlContact *self);
const char * hl_contact_get_company            (HlContact *self);
const char * hl_contact_get_city               (HlContact *self);
const char * hl_contact_get_country            (HlContact *self);
const char * hl_contact_get_locale             (HlContact *self);
const char * hl_contact_get_notes              (HlContact *self);
const char * hl_contact_get_attributes         (HlContact *self);
gint64       hl_contact_get_created_at         (HlContact *self);
gint64       hl_contact_get_updated_at         (HlContact *self);
int          hl_contact_get_conversation_count (HlContact *self);
gint64       hl_contact_get_last_seen_at       (HlContact *self);
const char * hl_contact_get_remote_id          (HlContact *self);

G_END_DECLS

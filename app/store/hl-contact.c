/* hl-contact.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include "hl-enums.h"
#include "hl-contact.h"

/* A customer record: the fixed contact fields plus custom attributes (a JSON object). */

struct _HlContact
{
  HlRecord parent_instance;

  char *name;
  char *email;
  char *phone;
  char *company;
  char *city;
  char *country;
  char *locale;
  char *notes;
  char *attributes;
  gint64 created_at;
  gint64 updated_at;
  int conversation_count;
  gint64 last_seen_at;
  char *remote_id;
};

G_DEFINE_FINAL_TYPE (HlContact, hl_contact, HL_TYPE_RECORD)

static const char row_sql[] =
  "SELECT c.name, c.email, c.phone, c.company, c.city, c.country, c.locale, c.notes, c.attributes,"
  "       c.created_at, c.updated_at,"
  "       (SELECT count (*) FROM conversations WHERE contact_id = c.id),"
  "       (SELECT max (last_activity_at) FROM conversations WHERE contact_id = c.id),"
  "       c.remote_id"
  "  FROM contacts c WHERE c.id = ?1";

static const HlField fields[] = {
  { "name", HL_FIELD_STRING, G_STRUCT_OFFSET (HlContact, name) },
  { "email", HL_FIELD_STRING, G_STRUCT_OFFSET (HlContact, email) },
  { "phone", HL_FIELD_STRING, G_STRUCT_OFFSET (HlContact, phone) },
  { "company", HL_FIELD_STRING, G_STRUCT_OFFSET (HlContact, company) },
  { "city", HL_FIELD_STRING, G_STRUCT_OFFSET (HlContact, city) },
  { "country", HL_FIELD_STRING, G_STRUCT_OFFSET (HlContact, country) },
  { "locale", HL_FIELD_STRING, G_STRUCT_OFFSET (HlContact, locale) },
  { "notes", HL_FIELD_STRING, G_STRUCT_OFFSET (HlContact, notes) },
  { "attributes", HL_FIELD_STRING, G_STRUCT_OFFSET (HlContact, attributes) },
  { "created-at", HL_FIELD_INT64, G_STRUCT_OFFSET (HlContact, created_at) },
  { "updated-at", HL_FIELD_INT64, G_STRUCT_OFFSET (HlContact, updated_at) },
  { "conversation-count", HL_FIELD_INT, G_STRUCT_OFFSET (HlContact, conversation_count) },
  { "last-seen-at", HL_FIELD_INT64, G_STRUCT_OFFSET (HlContact, last_seen_at) },
  { "remote-id", HL_FIELD_STRING, G_STRUCT_OFFSET (HlContact, remote_id) },
};

static void
hl_contact_class_init (HlContactClass *klass)
{
  hl_record_class_install_fields (HL_RECORD_CLASS (klass), row_sql, fields, G_N_ELEMENTS (fields));
}

static void
hl_contact_init (HlContact *self)
{
}

const char *
hl_contact_get_name (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), NULL);

  return self->name;
}

const char *
hl_contact_get_email (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), NULL);

  return self->email;
}

const char *
hl_contact_get_phone (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), NULL);

  return self->phone;
}

const char *
hl_contact_get_company (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), NULL);

  return self->company;
}

const char *
hl_contact_get_city (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), NULL);

  return self->city;
}

const char *
hl_contact_get_country (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), NULL);

  return self->country;
}

const char *
hl_contact_get_locale (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), NULL);

  return self->locale;
}

const char *
hl_contact_get_notes (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), NULL);

  return self->notes;
}

const char *
hl_contact_get_attributes (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), NULL);

  return self->attributes;
}

gint64
hl_contact_get_created_at (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), 0);

  return self->created_at;
}

gint64
hl_contact_get_updated_at (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), 0);

  return self->updated_at;
}

int
hl_contact_get_conversation_count (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), 0);

  return self->conversation_count;
}

gint64
hl_contact_get_last_seen_at (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), 0);

  return self->last_seen_at;
}

const char *
hl_contact_get_remote_id (HlContact *self)
{
  g_return_val_if_fail (HL_IS_CONTACT (self), NULL);

  return self->remote_id;
}

/* hl-record.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "hl-types.h"

G_BEGIN_DECLS

typedef enum
{
  HL_FIELD_INT64,
  HL_FIELD_INT,
  HL_FIELD_DOUBLE,
  HL_FIELD_BOOLEAN,
  HL_FIELD_STRING,
  HL_FIELD_ENUM,
  HL_FIELD_STRV,   /* stored as a string of values separated by U+001F */
} HlFieldType;

/* One column of a record's row query, mapped onto an instance field and a GObject property. */
typedef struct
{
  const char  *name;
  HlFieldType  type;
  gsize        offset;
  GType      (*enum_type) (void);
} HlField;

#define HL_TYPE_RECORD (hl_record_get_type ())

G_DECLARE_DERIVABLE_TYPE (HlRecord, hl_record, HL, RECORD, GObject)

struct _HlRecordClass
{
  GObjectClass parent_class;

  /* "SELECT <one column per field, in order> FROM … WHERE <table>.id = ?1" */
  const char    *row_sql;
  const HlField *fields;
  guint          n_fields;
  guint          first_prop_id;
};

void      hl_record_class_install_fields (HlRecordClass  *klass,
                                          const char     *row_sql,
                                          const HlField  *fields,
                                          guint           n_fields);
gint64    hl_record_get_id               (HlRecord       *self);
gboolean  hl_record_get_loaded           (HlRecord       *self);
HlRecord *hl_record_new_from_stmt        (GType           type,
                                          gint64          id,
                                          sqlite3_stmt   *stmt);
HlRecord *hl_record_load                 (GType           type,
                                          sqlite3        *db,
                                          gint64          id,
                                          GError        **error);
void      hl_record_update_from          (HlRecord       *self,
                                          HlRecord       *fresh);

char    **hl_strv_from_column            (const char     *joined);

G_END_DECLS

/* hl-record.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlRecord"

#include "config.h"

#include <string.h>

#include "hl-record.h"
#include "hl-store-private.h"

/* HlRecord is the base of every row object the UI shows (conversation, message, contact, …).
 * A subclass describes its fields once, as a table of column → struct offset; from that table the
 * base class installs the GObject properties, reads a row on the store's worker and merges a
 * freshly read row into the object the UI already holds, notifying only what changed. That keeps
 * the list rows bound to stable objects while the store refreshes underneath. */

typedef struct
{
  gint64   id;
  gboolean loaded;
} HlRecordPrivate;

enum {
  PROP_0,
  PROP_ID,
  PROP_LOADED,
  N_PROPS
};

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (HlRecord, hl_record, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

#define FIELD_PTR(obj, field) ((gpointer) (((guint8 *) (obj)) + (field)->offset))

static const HlField *
find_field (HlRecordClass *klass,
            guint          prop_id)
{
  if (prop_id < klass->first_prop_id || prop_id >= klass->first_prop_id + klass->n_fields)
    return NULL;
  return &klass->fields[prop_id - klass->first_prop_id];
}

static void
field_get_value (gpointer       obj,
                 const HlField *field,
                 GValue        *value)
{
  gpointer p = FIELD_PTR (obj, field);

  switch (field->type)
    {
    case HL_FIELD_INT64:   g_value_set_int64 (value, *(gint64 *) p); break;
    case HL_FIELD_INT:     g_value_set_int (value, *(int *) p); break;
    case HL_FIELD_DOUBLE:  g_value_set_double (value, *(double *) p); break;
    case HL_FIELD_BOOLEAN: g_value_set_boolean (value, *(gboolean *) p); break;
    case HL_FIELD_STRING:  g_value_set_string (value, *(char **) p); break;
    case HL_FIELD_ENUM:    g_value_set_enum (value, *(int *) p); break;
    case HL_FIELD_STRV:    g_value_set_boxed (value, *(char ***) p); break;
    default:               g_assert_not_reached ();
    }
}

static gboolean
field_equal (gpointer       a,
             gpointer       b,
             const HlField *field)
{
  gpointer pa = FIELD_PTR (a, field);
  gpointer pb = FIELD_PTR (b, field);

  switch (field->type)
    {
    case HL_FIELD_INT64:   return *(gint64 *) pa == *(gint64 *) pb;
    case HL_FIELD_INT:
    case HL_FIELD_ENUM:    return *(int *) pa == *(int *) pb;
    case HL_FIELD_DOUBLE:  return *(double *) pa == *(double *) pb;
    case HL_FIELD_BOOLEAN: return !*(gboolean *) pa == !*(gboolean *) pb;
    case HL_FIELD_STRING:  return g_strcmp0 (*(char **) pa, *(char **) pb) == 0;
    case HL_FIELD_STRV:
      {
        const char * const *va = *(const char * const **) pa;
        const char * const *vb = *(const char * const **) pb;
        if (va == NULL || vb == NULL)
          return va == vb;
        return g_strv_equal (va, vb);
      }
    default:
      g_assert_not_reached ();
    }
}

/* Moves the value of @field from @src to @dst (the source keeps a copy where it owns memory). */
static void
field_copy (gpointer       dst,
            gpointer       src,
            const HlField *field)
{
  gpointer pd = FIELD_PTR (dst, field);
  gpointer ps = FIELD_PTR (src, field);

  switch (field->type)
    {
    case HL_FIELD_INT64:   *(gint64 *) pd = *(gint64 *) ps; break;
    case HL_FIELD_INT:
    case HL_FIELD_ENUM:    *(int *) pd = *(int *) ps; break;
    case HL_FIELD_DOUBLE:  *(double *) pd = *(double *) ps; break;
    case HL_FIELD_BOOLEAN: *(gboolean *) pd = *(gboolean *) ps; break;
    case HL_FIELD_STRING:
      g_free (*(char **) pd);
      *(char **) pd = g_strdup (*(char **) ps);
      break;
    case HL_FIELD_STRV:
      g_strfreev (*(char ***) pd);
      *(char ***) pd = g_strdupv (*(char ***) ps);
      break;
    default:
      g_assert_not_reached ();
    }
}

char **
hl_strv_from_column (const char *joined)
{
  if (joined == NULL || joined[0] == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (joined, "\x1f", -1);
}

static void
field_read_column (gpointer       obj,
                   const HlField *field,
                   sqlite3_stmt  *stmt,
                   int            col)
{
  gpointer p = FIELD_PTR (obj, field);
  const char *text;

  switch (field->type)
    {
    case HL_FIELD_INT64:
      *(gint64 *) p = sqlite3_column_int64 (stmt, col);
      break;
    case HL_FIELD_INT:
      *(int *) p = sqlite3_column_int (stmt, col);
      break;
    case HL_FIELD_DOUBLE:
      *(double *) p = sqlite3_column_type (stmt, col) == SQLITE_NULL ? -1.0 : sqlite3_column_double (stmt, col);
      break;
    case HL_FIELD_BOOLEAN:
      *(gboolean *) p = sqlite3_column_int (stmt, col) != 0;
      break;
    case HL_FIELD_STRING:
      g_free (*(char **) p);
      *(char **) p = g_strdup ((const char *) sqlite3_column_text (stmt, col));
      break;
    case HL_FIELD_ENUM:
      if (sqlite3_column_type (stmt, col) == SQLITE_INTEGER)
        {
          *(int *) p = sqlite3_column_int (stmt, col);
        }
      else
        {
          g_autoptr(GEnumClass) klass = g_type_class_ref (field->enum_type ());
          GEnumValue *ev;

          text = (const char *) sqlite3_column_text (stmt, col);
          ev = text ? g_enum_get_value_by_nick (klass, text) : NULL;
          *(int *) p = ev ? ev->value : 0;
        }
      break;
    case HL_FIELD_STRV:
      g_strfreev (*(char ***) p);
      *(char ***) p = hl_strv_from_column ((const char *) sqlite3_column_text (stmt, col));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
hl_record_finalize (GObject *object)
{
  HlRecordClass *klass = HL_RECORD_GET_CLASS (object);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const HlField *field = &klass->fields[i];

      if (field->type == HL_FIELD_STRING)
        g_clear_pointer ((char **) FIELD_PTR (object, field), g_free);
      else if (field->type == HL_FIELD_STRV)
        g_clear_pointer ((char ***) FIELD_PTR (object, field), g_strfreev);
    }

  G_OBJECT_CLASS (hl_record_parent_class)->finalize (object);
}

static void
hl_record_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HlRecord *self = HL_RECORD (object);
  HlRecordPrivate *priv = hl_record_get_instance_private (self);
  const HlField *field;

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, priv->id);
      return;
    case PROP_LOADED:
      g_value_set_boolean (value, priv->loaded);
      return;
    default:
      break;
    }

  if ((field = find_field (HL_RECORD_GET_CLASS (object), prop_id)))
    field_get_value (object, field, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
hl_record_class_init (HlRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hl_record_finalize;
  object_class->get_property = hl_record_get_property;

  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties [PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hl_record_init (HlRecord *self)
{
}

/* Installs one read-only property per field. Fields are read-only from the outside on purpose: the
 * UI changes data by writing to the store, never by setting properties on a record. */
void
hl_record_class_install_fields (HlRecordClass *klass,
                                const char    *row_sql,
                                const HlField *fields,
                                guint          n_fields)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  g_return_if_fail (HL_IS_RECORD_CLASS (klass));

  /* GObject doesn't inherit get_property: the fields' class needs its own. */
  object_class->get_property = hl_record_get_property;

  klass->row_sql = row_sql;
  klass->fields = fields;
  klass->n_fields = n_fields;
  klass->first_prop_id = N_PROPS;

  for (guint i = 0; i < n_fields; i++)
    {
      const HlField *f = &fields[i];
      GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
      GParamSpec *pspec;

      switch (f->type)
        {
        case HL_FIELD_INT64:
          pspec = g_param_spec_int64 (f->name, NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
          break;
        case HL_FIELD_INT:
          pspec = g_param_spec_int (f->name, NULL, NULL, G_MININT, G_MAXINT, 0, flags);
          break;
        case HL_FIELD_DOUBLE:
          pspec = g_param_spec_double (f->name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
          break;
        case HL_FIELD_BOOLEAN:
          pspec = g_param_spec_boolean (f->name, NULL, NULL, FALSE, flags);
          break;
        case HL_FIELD_STRING:
          pspec = g_param_spec_string (f->name, NULL, NULL, NULL, flags);
          break;
        case HL_FIELD_ENUM:
          pspec = g_param_spec_enum (f->name, NULL, NULL, f->enum_type (), 0, flags);
          break;
        case HL_FIELD_STRV:
          pspec = g_param_spec_boxed (f->name, NULL, NULL, G_TYPE_STRV, flags);
          break;
        default:
          g_assert_not_reached ();
        }

      g_object_class_install_property (object_class, N_PROPS + i, pspec);
    }
}

gint64
hl_record_get_id (HlRecord *self)
{
  HlRecordPrivate *priv = hl_record_get_instance_private (self);

  g_return_val_if_fail (HL_IS_RECORD (self), 0);

  return priv->id;
}

gboolean
hl_record_get_loaded (HlRecord *self)
{
  HlRecordPrivate *priv = hl_record_get_instance_private (self);

  g_return_val_if_fail (HL_IS_RECORD (self), FALSE);

  return priv->loaded;
}

/* Creates a record for @id; @stmt, if given, is positioned on its row. Safe on the store worker:
 * the object is not shared with anyone until it is handed to the main thread. */
HlRecord *
hl_record_new_from_stmt (GType         type,
                         gint64        id,
                         sqlite3_stmt *stmt)
{
  HlRecord *self;
  HlRecordPrivate *priv;
  HlRecordClass *klass;

  g_return_val_if_fail (g_type_is_a (type, HL_TYPE_RECORD), NULL);

  self = g_object_new (type, NULL);
  priv = hl_record_get_instance_private (self);
  priv->id = id;

  if (stmt != NULL)
    {
      klass = HL_RECORD_GET_CLASS (self);
      for (guint i = 0; i < klass->n_fields; i++)
        field_read_column (self, &klass->fields[i], stmt, i);
      priv->loaded = TRUE;
    }

  return self;
}

/* Reads one record on the calling thread (the store worker). */
HlRecord *
hl_record_load (GType     type,
                sqlite3  *db,
                gint64    id,
                GError  **error)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = hl_db_prepare (db, HL_RECORD_CLASS (klass)->row_sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return hl_record_new_from_stmt (type, id, stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_NOT_FOUND,
                 "No %s with id %" G_GINT64_FORMAT, g_type_name (type), id);
  else
    hl_store_set_error (error, db, rc);

  return NULL;
}

/* Merges @fresh (a newly read copy of the same row) into @self and notifies each property whose
 * value changed, in one batch. */
void
hl_record_update_from (HlRecord *self,
                       HlRecord *fresh)
{
  HlRecordPrivate *priv = hl_record_get_instance_private (self);
  HlRecordClass *klass;

  g_return_if_fail (HL_IS_RECORD (self));
  g_return_if_fail (G_OBJECT_TYPE (self) == G_OBJECT_TYPE (fresh));

  klass = HL_RECORD_GET_CLASS (self);

  g_object_freeze_notify (G_OBJECT (self));

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const HlField *field = &klass->fields[i];

      if (!field_equal (self, fresh, field))
        {
          field_copy (self, fresh, field);
          g_object_notify_by_pspec (G_OBJECT (self),
                                    g_object_class_find_property (G_OBJECT_CLASS (klass), field->name));
        }
    }

  if (!priv->loaded)
    {
      priv->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

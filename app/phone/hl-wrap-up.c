/* hl-wrap-up.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlPhone"

#include "config.h"

#include "hl-wrap-up.h"

/* The wrap-up of a call that just ended, as the agent fills it in: which call, and the
 * disposition and note chosen so far. The phone keeps it, so a rebuilt window (a language
 * switch) shows what was already typed; hl_phone_finish_wrap_up () writes it. */

struct _HlWrapUp
{
  GObject  parent_instance;

  HlStore *store;    /* where the call was logged */
  gint64   call_id;
  char    *caller;
  gint64   talk_seconds;
  char    *disposition;
  char    *note;
};

G_DEFINE_FINAL_TYPE (HlWrapUp, hl_wrap_up, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DISPOSITION,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
hl_wrap_up_finalize (GObject *object)
{
  HlWrapUp *self = (HlWrapUp *)object;

  g_clear_object (&self->store);
  g_free (self->caller);
  g_free (self->disposition);
  g_free (self->note);

  G_OBJECT_CLASS (hl_wrap_up_parent_class)->finalize (object);
}

static void
hl_wrap_up_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HlWrapUp *self = HL_WRAP_UP (object);

  switch (prop_id)
    {
    case PROP_DISPOSITION:
      g_value_set_string (value, self->disposition);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_wrap_up_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  HlWrapUp *self = HL_WRAP_UP (object);

  switch (prop_id)
    {
    case PROP_DISPOSITION:
      hl_wrap_up_set_disposition (self, g_value_get_string (value));
      break;
    case PROP_NOTE:
      hl_wrap_up_set_note (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_wrap_up_class_init (HlWrapUpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hl_wrap_up_finalize;
  object_class->get_property = hl_wrap_up_get_property;
  object_class->set_property = hl_wrap_up_set_property;

  properties [PROP_DISPOSITION] =
    g_param_spec_string ("disposition", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hl_wrap_up_init (HlWrapUp *self)
{
}

/* @store: where the call was logged; @caller: the name or number to show; @talk_seconds: how
 * long the call was connected */
HlWrapUp *
hl_wrap_up_new (HlStore    *store,
                gint64      call_id,
                const char *caller,
                gint64      talk_seconds)
{
  HlWrapUp *self;

  g_return_val_if_fail (HL_IS_STORE (store), NULL);

  self = g_object_new (HL_TYPE_WRAP_UP, NULL);
  self->store = g_object_ref (store);
  self->call_id = call_id;
  self->caller = g_strdup (caller);
  self->talk_seconds = MAX (talk_seconds, 0);

  return self;
}

HlStore *
hl_wrap_up_get_store (HlWrapUp *self)
{
  g_return_val_if_fail (HL_IS_WRAP_UP (self), NULL);

  return self->store;
}

gint64
hl_wrap_up_get_call_id (HlWrapUp *self)
{
  g_return_val_if_fail (HL_IS_WRAP_UP (self), 0);

  return self->call_id;
}

const char *
hl_wrap_up_get_caller (HlWrapUp *self)
{
  g_return_val_if_fail (HL_IS_WRAP_UP (self), NULL);

  return self->caller;
}

gint64
hl_wrap_up_get_talk_seconds (HlWrapUp *self)
{
  g_return_val_if_fail (HL_IS_WRAP_UP (self), 0);

  return self->talk_seconds;
}

const char *
hl_wrap_up_get_disposition (HlWrapUp *self)
{
  g_return_val_if_fail (HL_IS_WRAP_UP (self), NULL);

  return self->disposition;
}

void
hl_wrap_up_set_disposition (HlWrapUp   *self,
                            const char *disposition)
{
  g_return_if_fail (HL_IS_WRAP_UP (self));

  if (g_strcmp0 (self->disposition, disposition) == 0)
    return;

  g_free (self->disposition);
  self->disposition = g_strdup (disposition);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DISPOSITION]);
}

const char *
hl_wrap_up_get_note (HlWrapUp *self)
{
  g_return_val_if_fail (HL_IS_WRAP_UP (self), NULL);

  return self->note;
}

void
hl_wrap_up_set_note (HlWrapUp   *self,
                     const char *note)
{
  g_return_if_fail (HL_IS_WRAP_UP (self));

  if (g_strcmp0 (self->note, note) == 0)
    return;

  g_free (self->note);
  self->note = g_strdup (note);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NOTE]);
}

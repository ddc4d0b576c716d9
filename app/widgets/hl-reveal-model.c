/* hl-reveal-model.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlRevealModel"

#include "config.h"

#include "hl-reveal-model.h"

/* A list model over @source that holds back items prepended to it (a page of older messages
 * above a thread) until its owner reveals them, a few at a time, the ones next to the shown items
 * first. A list view then builds a few row widgets a frame instead of a whole page in one frame.
 * Every other change of the source (appends, removals, changes in place, a new list) passes
 * through at once; a change that reaches into the held-back items shows them. */

struct _HlRevealModel
{
  GObject     parent_instance;

  GListModel *source;
  guint       hidden;    /* the source's first items, not shown yet */
};

enum {
  PROP_0,
  PROP_HIDDEN,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HlRevealModel, hl_reveal_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties [N_PROPS];

static void
set_hidden (HlRevealModel *self,
            guint          hidden)
{
  if (self->hidden == hidden)
    return;

  self->hidden = hidden;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HIDDEN]);
}

static void
on_source_items_changed (HlRevealModel *self,
                         guint          position,
                         guint          removed,
                         guint          added,
                         GListModel    *source)
{
  guint old_n = g_list_model_get_n_items (source) + removed - added;
  guint hidden = self->hidden;

  if (position == 0 && removed == 0 && old_n > hidden)
    {
      /* Prepended to shown items: held back. */
      set_hidden (self, hidden + added);
    }
  else if (position + removed <= hidden && position < hidden)
    {
      /* Only among the held-back items. */
      set_hidden (self, hidden + added - removed);
    }
  else if (position >= hidden)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position - hidden, removed, added);
    }
  else
    {
      /* From the held-back items into the shown ones: the held-back items from @position on are
       * shown along with the change. */
      self->hidden = position;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, position + removed - hidden, added);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HIDDEN]);
    }
}

/* GListModel */

static GType
hl_reveal_model_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (HL_REVEAL_MODEL (model)->source);
}

static guint
hl_reveal_model_get_n_items (GListModel *model)
{
  HlRevealModel *self = HL_REVEAL_MODEL (model);

  return g_list_model_get_n_items (self->source) - self->hidden;
}

static gpointer
hl_reveal_model_get_item (GListModel *model,
                          guint       position)
{
  HlRevealModel *self = HL_REVEAL_MODEL (model);

  if (position >= hl_reveal_model_get_n_items (model))
    return NULL;

  return g_list_model_get_item (self->source, position + self->hidden);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hl_reveal_model_get_item_type;
  iface->get_n_items = hl_reveal_model_get_n_items;
  iface->get_item = hl_reveal_model_get_item;
}

/* GObject */

static void
hl_reveal_model_dispose (GObject *object)
{
  HlRevealModel *self = (HlRevealModel *)object;

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, on_source_items_changed, self);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (hl_reveal_model_parent_class)->dispose (object);
}

static void
hl_reveal_model_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HlRevealModel *self = HL_REVEAL_MODEL (object);

  switch (prop_id)
    {
    case PROP_HIDDEN:
      g_value_set_uint (value, self->hidden);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_reveal_model_class_init (HlRevealModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hl_reveal_model_dispose;
  object_class->get_property = hl_reveal_model_get_property;

  /**
   * HlRevealModel:hidden:
   *
   * How many of the source's first items are held back.
   */
  properties [PROP_HIDDEN] =
    g_param_spec_uint ("hidden", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hl_reveal_model_init (HlRevealModel *self)
{
}

HlRevealModel *
hl_reveal_model_new (GListModel *source)
{
  HlRevealModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);

  self = g_object_new (HL_TYPE_REVEAL_MODEL, NULL);
  self->source = g_object_ref (source);
  g_signal_connect_object (source, "items-changed", G_CALLBACK (on_source_items_changed), self,
                           G_CONNECT_SWAPPED);

  return self;
}

GListModel *
hl_reveal_model_get_source (HlRevealModel *self)
{
  g_return_val_if_fail (HL_IS_REVEAL_MODEL (self), NULL);

  return self->source;
}

guint
hl_reveal_model_get_hidden (HlRevealModel *self)
{
  g_return_val_if_fail (HL_IS_REVEAL_MODEL (self), 0);

  return self->hidden;
}

/* Shows up to @n_items of the held-back items, the last ones (next to the shown items) first. */
void
hl_reveal_model_reveal (HlRevealModel *self,
                        guint          n_items)
{
  g_return_if_fail (HL_IS_REVEAL_MODEL (self));

  n_items = MIN (n_items, self->hidden);
  if (n_items == 0)
    return;

  self->hidden -= n_items;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n_items);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HIDDEN]);
}

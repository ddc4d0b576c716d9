/* hl-record-row.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hl-record-row.h"

typedef struct
{
  HlRecord     *item;
  GSignalGroup *item_signals;
} HlRecordRowPrivate;

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (HlRecordRow, hl_record_row, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

void
hl_widget_set_css_class (GtkWidget  *widget,
                         const char *name,
                         gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

/* Row tooltips. gtk_widget_set_tooltip_text () asks the display where the pointer is (a round trip
 * to the X server) every time it is called on a visible widget, and list rows set several on each
 * bind: rebuilding a window (a language switch) spent most of its time there. These give the text
 * on demand instead, through ::query-tooltip, and keep it as the accessible description. */

static GQuark tooltip_quark;

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = hl_widget_get_tooltip (widget);

  if (text == NULL || *text == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
hl_widget_set_tooltip (GtkWidget  *widget,
                       const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (tooltip_quark == 0)
    tooltip_quark = g_quark_from_static_string ("hl-tooltip");

  if (g_strcmp0 (hl_widget_get_tooltip (widget), text) == 0)
    return;

  if (g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_query_tooltip, NULL) == 0)
    {
      /* A tooltip from the template would answer first. */
      if (gtk_widget_get_tooltip_text (widget) != NULL)
        gtk_widget_set_tooltip_text (widget, NULL);
      gtk_widget_set_has_tooltip (widget, TRUE);
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
    }

  g_object_set_qdata_full (G_OBJECT (widget), tooltip_quark, g_strdup (text), g_free);
  if (text != NULL && *text != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* The text hl_widget_set_tooltip () gave @widget, or %NULL */
const char *
hl_widget_get_tooltip (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return tooltip_quark ? g_object_get_qdata (G_OBJECT (widget), tooltip_quark) : NULL;
}

static void
update (HlRecordRow *self)
{
  HlRecordRowPrivate *priv = hl_record_row_get_instance_private (self);
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
  gboolean loaded = priv->item != NULL && hl_record_get_loaded (priv->item);

  /* Until its row is read from the store, an item has no data: keep the row's space, show nothing. */
  if (child != NULL)
    gtk_widget_set_opacity (child, loaded ? 1.0 : 0.0);

  if (loaded)
    HL_RECORD_ROW_GET_CLASS (self)->update (self, priv->item);
}

static void
hl_record_row_dispose (GObject *object)
{
  HlRecordRow *self = (HlRecordRow *)object;
  HlRecordRowPrivate *priv = hl_record_row_get_instance_private (self);
  GtkWidget *child;

  g_clear_object (&priv->item_signals);
  g_clear_object (&priv->item);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hl_record_row_parent_class)->dispose (object);
}

static void
hl_record_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HlRecordRow *self = HL_RECORD_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, hl_record_row_get_item (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_record_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HlRecordRow *self = HL_RECORD_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      hl_record_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_record_row_class_init (HlRecordRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_record_row_dispose;
  object_class->get_property = hl_record_row_get_property;
  object_class->set_property = hl_record_row_set_property;

  properties [PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         HL_TYPE_RECORD,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hl_record_row_init (HlRecordRow *self)
{
  HlRecordRowPrivate *priv = hl_record_row_get_instance_private (self);

  priv->item_signals = g_signal_group_new (HL_TYPE_RECORD);
  g_signal_group_connect_object (priv->item_signals, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
}

HlRecord *
hl_record_row_get_item (HlRecordRow *self)
{
  HlRecordRowPrivate *priv = hl_record_row_get_instance_private (self);

  g_return_val_if_fail (HL_IS_RECORD_ROW (self), NULL);

  return priv->item;
}

void
hl_record_row_set_item (HlRecordRow *self,
                        HlRecord    *item)
{
  HlRecordRowPrivate *priv = hl_record_row_get_instance_private (self);

  g_return_if_fail (HL_IS_RECORD_ROW (self));
  g_return_if_fail (!item || HL_IS_RECORD (item));

  if (!g_set_object (&priv->item, item))
    return;

  g_signal_group_set_target (priv->item_signals, item);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ITEM]);
}

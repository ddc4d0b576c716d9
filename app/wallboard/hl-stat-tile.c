/* hl-stat-tile.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlWallboard"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-record-row.h"
#include "hl-stat-tile.h"

/* One figure of the wallboard, readable across a room: a title, a big value and a caption. Its
 * state turns the tile amber or red (the .warning and .alert style classes) and shows an icon, so
 * the state doesn't rest on colour alone. */

struct _HlStatTile
{
  GtkWidget    parent_instance;

  /* Template widgets */
  GtkLabel    *title_label;
  GtkImage    *state_icon;
  GtkLabel    *value_label;
  GtkLabel    *caption_label;

  HlStatState  state;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_VALUE,
  PROP_CAPTION,
  PROP_STATE,
  N_PROPS
};

G_DEFINE_ENUM_TYPE (HlStatState, hl_stat_state,
                    G_DEFINE_ENUM_VALUE (HL_STAT_STATE_NORMAL, "normal"),
                    G_DEFINE_ENUM_VALUE (HL_STAT_STATE_WARNING, "warning"),
                    G_DEFINE_ENUM_VALUE (HL_STAT_STATE_ALERT, "alert"))

G_DEFINE_FINAL_TYPE (HlStatTile, hl_stat_tile, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

static void
update_accessible (HlStatTile *self)
{
  g_autofree char *description = NULL;
  const char *caption = gtk_label_get_text (self->caption_label);
  const char *state = NULL;

  if (self->state == HL_STAT_STATE_WARNING)
    state = _("Warning");
  else if (self->state == HL_STAT_STATE_ALERT)
    state = _("Alert");

  /* Translators: how a screen reader reads a wallboard tile: "Waiting: 4, 2 unassigned" */
  description = g_strdup_printf (C_("stat tile", "%s: %s%s%s%s%s"),
                                 gtk_label_get_text (self->title_label),
                                 gtk_label_get_text (self->value_label),
                                 caption[0] ? ", " : "", caption,
                                 state ? ", " : "", state ? state : "");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (self->title_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static gboolean
set_label (HlStatTile *self,
           GtkLabel   *label,
           const char *text,
           guint       prop_id)
{
  if (text == NULL)
    text = "";

  if (g_strcmp0 (gtk_label_get_text (label), text) == 0)
    return FALSE;

  gtk_label_set_text (label, text);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop_id]);

  return TRUE;
}

static void
hl_stat_tile_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), HL_TYPE_STAT_TILE);
  /* The template's box has no id: dispose_template leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (hl_stat_tile_parent_class)->dispose (object);
}

static void
hl_stat_tile_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HlStatTile *self = HL_STAT_TILE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, hl_stat_tile_get_title (self));
      break;
    case PROP_VALUE:
      g_value_set_string (value, hl_stat_tile_get_value (self));
      break;
    case PROP_CAPTION:
      g_value_set_string (value, hl_stat_tile_get_caption (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_stat_tile_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HlStatTile *self = HL_STAT_TILE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      hl_stat_tile_set_title (self, g_value_get_string (value));
      break;
    case PROP_VALUE:
      hl_stat_tile_set_value (self, g_value_get_string (value));
      break;
    case PROP_CAPTION:
      hl_stat_tile_set_caption (self, g_value_get_string (value));
      break;
    case PROP_STATE:
      hl_stat_tile_set_state (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_stat_tile_class_init (HlStatTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_stat_tile_dispose;
  object_class->get_property = hl_stat_tile_get_property;
  object_class->set_property = hl_stat_tile_set_property;

  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CAPTION] =
    g_param_spec_string ("caption", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       HL_TYPE_STAT_STATE,
                       HL_STAT_STATE_NORMAL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "stattile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-stat-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, HlStatTile, title_label);
  gtk_widget_class_bind_template_child (widget_class, HlStatTile, state_icon);
  gtk_widget_class_bind_template_child (widget_class, HlStatTile, value_label);
  gtk_widget_class_bind_template_child (widget_class, HlStatTile, caption_label);
}

static void
hl_stat_tile_init (HlStatTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hl_stat_tile_new (void)
{
  return g_object_new (HL_TYPE_STAT_TILE, NULL);
}

const char *
hl_stat_tile_get_title (HlStatTile *self)
{
  g_return_val_if_fail (HL_IS_STAT_TILE (self), NULL);

  return gtk_label_get_text (self->title_label);
}

void
hl_stat_tile_set_title (HlStatTile *self,
                        const char *title)
{
  g_return_if_fail (HL_IS_STAT_TILE (self));

  set_label (self, self->title_label, title, PROP_TITLE);
}

const char *
hl_stat_tile_get_value (HlStatTile *self)
{
  g_return_val_if_fail (HL_IS_STAT_TILE (self), NULL);

  return gtk_label_get_text (self->value_label);
}

void
hl_stat_tile_set_value (HlStatTile *self,
                        const char *value)
{
  g_return_if_fail (HL_IS_STAT_TILE (self));

  set_label (self, self->value_label, value, PROP_VALUE);
}

const char *
hl_stat_tile_get_caption (HlStatTile *self)
{
  g_return_val_if_fail (HL_IS_STAT_TILE (self), NULL);

  return gtk_label_get_text (self->caption_label);
}

void
hl_stat_tile_set_caption (HlStatTile *self,
                          const char *caption)
{
  g_return_if_fail (HL_IS_STAT_TILE (self));

  if (set_label (self, self->caption_label, caption, PROP_CAPTION))
    gtk_widget_set_visible (GTK_WIDGET (self->caption_label), caption != NULL && caption[0] != '\0');
}

HlStatState
hl_stat_tile_get_state (HlStatTile *self)
{
  g_return_val_if_fail (HL_IS_STAT_TILE (self), HL_STAT_STATE_NORMAL);

  return self->state;
}

void
hl_stat_tile_set_state (HlStatTile  *self,
                        HlStatState  state)
{
  g_return_if_fail (HL_IS_STAT_TILE (self));
  g_return_if_fail (state <= HL_STAT_STATE_ALERT);

  if (self->state == state)
    return;

  self->state = state;

  hl_widget_set_css_class (GTK_WIDGET (self), "warning", state == HL_STAT_STATE_WARNING);
  hl_widget_set_css_class (GTK_WIDGET (self), "alert", state == HL_STAT_STATE_ALERT);

  /* libadwaita's .warning and .error colour the value and the icon. */
  hl_widget_set_css_class (GTK_WIDGET (self->value_label), "warning", state == HL_STAT_STATE_WARNING);
  hl_widget_set_css_class (GTK_WIDGET (self->value_label), "error", state == HL_STAT_STATE_ALERT);
  hl_widget_set_css_class (GTK_WIDGET (self->state_icon), "warning", state == HL_STAT_STATE_WARNING);
  hl_widget_set_css_class (GTK_WIDGET (self->state_icon), "error", state == HL_STAT_STATE_ALERT);
  /* Not by colour alone: a triangle for a warning, a round sign for an alert */
  gtk_image_set_from_icon_name (self->state_icon,
                                state == HL_STAT_STATE_ALERT ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_icon), state == HL_STAT_STATE_ALERT ? _("Alert") : _("Warning"));
  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), state != HL_STAT_STATE_NORMAL);

  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
}

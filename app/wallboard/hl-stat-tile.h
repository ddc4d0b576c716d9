/* hl-stat-tile.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  HL_STAT_STATE_NORMAL,
  HL_STAT_STATE_WARNING,
  HL_STAT_STATE_ALERT,
} HlStatState;

#define HL_TYPE_STAT_STATE (hl_stat_state_get_type ())
#define HL_TYPE_STAT_TILE  (hl_stat_tile_get_type ())

GType hl_stat_state_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (HlStatTile, hl_stat_tile, HL, STAT_TILE, GtkWidget)

GtkWidget   *hl_stat_tile_new         (void);
const char  *hl_stat_tile_get_title   (HlStatTile  *self);
void         hl_stat_tile_set_title   (HlStatTile  *self,
                                       const char  *title);
const char  *hl_stat_tile_get_value   (HlStatTile  *self);
void         hl_stat_tile_set_value   (HlStatTile  *self,
                                       const char  *value);
const char  *hl_stat_tile_get_caption (HlStatTile  *self);
void         hl_stat_tile_set_caption (HlStatTile  *self,
                                       const char  *caption);
HlStatState  hl_stat_tile_get_state   (HlStatTile  *self);
void         hl_stat_tile_set_state   (HlStatTile  *self,
                                       HlStatState  state);

G_END_DECLS

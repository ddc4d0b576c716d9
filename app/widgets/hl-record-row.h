/* hl-record-row.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-record.h"

G_BEGIN_DECLS

#define HL_TYPE_RECORD_ROW (hl_record_row_get_type ())

G_DECLARE_DERIVABLE_TYPE (HlRecordRow, hl_record_row, HL, RECORD_ROW, GtkWidget)

/* The base of list rows that show one HlRecord: it holds the item, follows its notifications and
 * calls update() whenever the item or any of its properties changes. Rows are bound to their item
 * in the list's GtkBuilderListItemFactory template: <binding name="item">. */
struct _HlRecordRowClass
{
  GtkWidgetClass parent_class;

  void (*update) (HlRecordRow *self,
                  HlRecord    *item);
};

HlRecord *hl_record_row_get_item     (HlRecordRow *self);
void      hl_record_row_set_item     (HlRecordRow *self,
                                      HlRecord    *item);
void      hl_widget_set_css_class    (GtkWidget   *widget,
                                      const char  *name,
                                      gboolean     on);
void      hl_widget_set_tooltip      (GtkWidget   *widget,
                                      const char  *text);
const char *hl_widget_get_tooltip    (GtkWidget   *widget);

G_END_DECLS

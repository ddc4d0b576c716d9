/* hl-query-model.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hl-store.h"

G_BEGIN_DECLS

#define HL_TYPE_QUERY_MODEL (hl_query_model_get_type ())

G_DECLARE_FINAL_TYPE (HlQueryModel, hl_query_model, HL, QUERY_MODEL, GObject)

HlQueryModel *hl_query_model_new         (HlStore       *store,
                                          GType          item_type,
                                          HlStoreTables  watch);
void          hl_query_model_set_query   (HlQueryModel  *self,
                                          const char    *sql,
                                          GVariant      *params);
void          hl_query_model_refresh     (HlQueryModel  *self);
gboolean      hl_query_model_get_loading (HlQueryModel  *self);
guint         hl_query_model_find        (HlQueryModel  *self,
                                          gint64         id);
gint64        hl_query_model_get_id      (HlQueryModel  *self,
                                          guint          position);

G_END_DECLS

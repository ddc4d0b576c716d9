/* hl-article-row.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hl-article.h"
#include "hl-record-row.h"

G_BEGIN_DECLS

#define HL_TYPE_ARTICLE_ROW (hl_article_row_get_type ())

G_DECLARE_FINAL_TYPE (HlArticleRow, hl_article_row, HL, ARTICLE_ROW, HlRecordRow)

char             *hl_article_locale_name      (const char *locale);
GtkTextDirection  hl_article_locale_direction (const char *locale);

G_END_DECLS

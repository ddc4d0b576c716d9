/* hl-article-view.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hl-article.h"
#include "hl-types.h"

G_BEGIN_DECLS

#define HL_TYPE_ARTICLE_VIEW (hl_article_view_get_type ())

G_DECLARE_FINAL_TYPE (HlArticleView, hl_article_view, HL, ARTICLE_VIEW, AdwBin)

void       hl_article_view_set_workspace    (HlArticleView *self,
                                             HlWorkspace   *workspace);
void       hl_article_view_set_article_id   (HlArticleView *self,
                                             gint64         article_id);
gint64     hl_article_view_get_article_id   (HlArticleView *self);
HlArticle *hl_article_view_get_article      (HlArticleView *self);
void       hl_article_view_set_show_back    (HlArticleView *self,
                                             gboolean       show_back);
void       hl_article_view_set_show_hint    (HlArticleView *self,
                                             gboolean       show_hint);

char      *hl_article_markdown_to_markup    (const char    *text);
char      *hl_article_markdown_to_plain     (const char    *body);
char      *hl_article_markdown_excerpt      (const char    *body);

G_END_DECLS

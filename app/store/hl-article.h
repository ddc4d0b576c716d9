/* hl-article.h
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hl-record.h"

G_BEGIN_DECLS

#define HL_TYPE_ARTICLE (hl_article_get_type ())

G_DECLARE_FINAL_TYPE (HlArticle, hl_article, HL, ARTICLE, HlRecord)

const char * hl_article_get_locale     (HlArticle *self);
const char * hl_article_get_category   (HlArticle *self);
const char * hl_article_get_title      (HlArticle *self);
const char * hl_article_get_body       (HlArticle *self);
gint64       hl_article_get_updated_at (HlArticle *self);
const char * hl_article_get_remote_id  (HlArticle *self);

G_END_DECLS

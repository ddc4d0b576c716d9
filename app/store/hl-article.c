/* hl-article.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include "hl-enums.h"
#include "hl-article.h"

/* A knowledge-base article in one locale. */

struct _HlArticle
{
  HlRecord parent_instance;

  char *locale;
  char *category;
  char *title;
  char *body;
  gint64 updated_at;
  char *remote_id;
};

G_DEFINE_FINAL_TYPE (HlArticle, hl_article, HL_TYPE_RECORD)

static const char row_sql[] =
  "SELECT locale, category, title, body, updated_at, remote_id FROM articles WHERE id = ?1";

static const HlField fields[] = {
  { "locale", HL_FIELD_STRING, G_STRUCT_OFFSET (HlArticle, locale) },
  { "category", HL_FIELD_STRING, G_STRUCT_OFFSET (HlArticle, category) },
  { "title", HL_FIELD_STRING, G_STRUCT_OFFSET (HlArticle, title) },
  { "body", HL_FIELD_STRING, G_STRUCT_OFFSET (HlArticle, body) },
  { "updated-at", HL_FIELD_INT64, G_STRUCT_OFFSET (HlArticle, updated_at) },
  { "remote-id", HL_FIELD_STRING, G_STRUCT_OFFSET (HlArticle, remote_id) },
};

static void
hl_article_class_init (HlArticleClass *klass)
{
  hl_record_class_install_fields (HL_RECORD_CLASS (klass), row_sql, fields, G_N_ELEMENTS (fields));
}

static void
hl_article_init (HlArticle *self)
{
}

const char *
hl_article_get_locale (HlArticle *self)
{
  g_return_val_if_fail (HL_IS_ARTICLE (self), NULL);

  return self->locale;
}

const char *
hl_article_get_category (HlArticle *self)
{
  g_return_val_if_fail (HL_IS_ARTICLE (self), NULL);

  return self->category;
}

const char *
hl_article_get_title (HlArticle *self)
{
  g_return_val_if_fail (HL_IS_ARTICLE (self), NULL);

  return self->title;
}

const char *
hl_article_get_body (HlArticle *self)
{
  g_return_val_if_fail (HL_IS_ARTICLE (self), NULL);

  return self->body;
}

gint64
hl_article_get_updated_at (HlArticle *self)
{
  g_return_val_if_fail (HL_IS_ARTICLE (self), 0);

  return self->updated_at;
}

const char *
hl_article_get_remote_id (HlArticle *self)
{
  g_return_val_if_fail (HL_IS_ARTICLE (self), NULL);

  return self->remote_id;
}

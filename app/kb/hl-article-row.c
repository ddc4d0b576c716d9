/* hl-article-row.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlKnowledge"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-article-row.h"
#include "hl-article-view.h"
#include "hl-record-row.h"

/* One row of the knowledge-base list: the title, where the article belongs and the start of its
 * text. Articles in right-to-left languages lay their row out right to left. */

struct _HlArticleRow
{
  HlRecordRow  parent_instance;

  /* Template widgets */
  GtkLabel    *title_label;
  GtkLabel    *caption_label;
  GtkLabel    *excerpt_label;
};

G_DEFINE_FINAL_TYPE (HlArticleRow, hl_article_row, HL_TYPE_RECORD_ROW)

/* Languages are named in their own language: an agent looking for the Arabic articles looks for
 * "العربية", whatever language Helpline itself is in. */
static const struct {
  const char *code;
  const char *name;
} language_names[] = {
  { "ar", "العربية" },
  { "de", "Deutsch" },
  { "en", "English" },
  { "es", "Español" },
  { "fr", "Français" },
  { "hi", "हिन्दी" },
  { "pt", "Português" },
  { "zh", "中文" },
};

static const char * const rtl_languages[] = {
  "ar", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "ug", "ur", "yi",
};

/* The language part of "pt-BR" or "pt_BR", lower case. */
static char *
locale_language (const char *locale)
{
  gsize len = strcspn (locale, "-_.@");

  return g_ascii_strdown (locale, len);
}

/**
 * hl_article_locale_name:
 * @locale: a locale code such as "es" or "pt-BR"
 *
 * Returns: the language's own name ("Español", "Português (BR)"), or @locale itself for a language
 *   Helpline doesn't know.
 */
char *
hl_article_locale_name (const char *locale)
{
  g_autofree char *language = NULL;
  const char *region;

  g_return_val_if_fail (locale != NULL, NULL);

  language = locale_language (locale);
  region = locale + strlen (language);

  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    {
      if (!g_str_equal (language, language_names[i].code))
        continue;

      if (*region == '-' || *region == '_')
        {
          g_autofree char *upper = g_ascii_strup (region + 1, -1);

          return g_strdup_printf ("%s (%s)", language_names[i].name, upper);
        }

      return g_strdup (language_names[i].name);
    }

  return g_strdup (locale);
}

/**
 * hl_article_locale_direction:
 * @locale: (nullable): a locale code
 *
 * Returns: %GTK_TEXT_DIR_RTL for text in a right-to-left language, %GTK_TEXT_DIR_LTR otherwise.
 */
GtkTextDirection
hl_article_locale_direction (const char *locale)
{
  g_autofree char *language = NULL;

  if (locale == NULL)
    return GTK_TEXT_DIR_LTR;

  language = locale_language (locale);
  for (guint i = 0; i < G_N_ELEMENTS (rtl_languages); i++)
    if (g_str_equal (language, rtl_languages[i]))
      return GTK_TEXT_DIR_RTL;

  return GTK_TEXT_DIR_LTR;
}

static void
hl_article_row_update (HlRecordRow *row,
                       HlRecord    *record)
{
  HlArticleRow *self = HL_ARTICLE_ROW (row);
  HlArticle *item = HL_ARTICLE (record);
  const char *locale = hl_article_get_locale (item);
  const char *category = hl_article_get_category (item);
  const char *title = hl_article_get_title (item);
  g_autofree char *language = hl_article_locale_name (locale ? locale : "");
  g_autofree char *caption = NULL;
  g_autofree char *excerpt = hl_article_markdown_excerpt (hl_article_get_body (item));
  g_autofree char *accessible = NULL;
  GtkTextDirection dir = hl_article_locale_direction (locale);

  if (title == NULL || title[0] == '\0')
    title = _("Untitled Article");

  if (category != NULL && category[0] != '\0')
    /* Translators: an article's category and language in the knowledge-base list, "Billing · English" */
    caption = g_strdup_printf (_("%s · %s"), category, language);
  else
    caption = g_strdup (language);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->caption_label, caption);
  gtk_label_set_text (self->excerpt_label, excerpt);
  gtk_widget_set_visible (GTK_WIDGET (self->excerpt_label), excerpt[0] != '\0');

  /* Rows are recycled: always set the direction, never only for right-to-left articles. */
  gtk_widget_set_direction (GTK_WIDGET (self->title_label), dir);
  gtk_widget_set_direction (GTK_WIDGET (self->caption_label), dir);
  gtk_widget_set_direction (GTK_WIDGET (self->excerpt_label), dir);

  /* The accessible name reads the row as a sentence. */
  accessible = g_strdup_printf ("%s, %s", title, caption);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
hl_article_row_class_init (HlArticleRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  HL_RECORD_ROW_CLASS (klass)->update = hl_article_row_update;

  gtk_widget_class_set_css_name (widget_class, "articlerow");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-article-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HlArticleRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, HlArticleRow, caption_label);
  gtk_widget_class_bind_template_child (widget_class, HlArticleRow, excerpt_label);
}

static void
hl_article_row_init (HlArticleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* hl-contact-row.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlCustomers"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hl-contact-row.h"
#include "hl-format.h"

/* One customer in the Customers list: initials, name, company (or email) and where they live. It
 * follows its item's notifications, so an edit anywhere updates the row in place. */

struct _HlContactRow
{
  HlRecordRow  parent_instance;

  /* Template widgets */
  GtkLabel    *initials_label;
  GtkImage    *avatar_image;
  GtkLabel    *name_label;
  GtkLabel    *detail_label;
  GtkLabel    *location_label;
};

G_DEFINE_FINAL_TYPE (HlContactRow, hl_contact_row, HL_TYPE_RECORD_ROW)

typedef struct
{
  const char *code;
  const char *name;
} CodeName;

/* The countries and languages customers are most likely to come from; anything else shows as its
 * code. Sorted by code. */
static const CodeName countries[] = {
  { "AE", NC_("country", "United Arab Emirates") },
  { "AT", NC_("country", "Austria") },
  { "AU", NC_("country", "Australia") },
  { "BE", NC_("country", "Belgium") },
  { "BH", NC_("country", "Bahrain") },
  { "CA", NC_("country", "Canada") },
  { "CH", NC_("country", "Switzerland") },
  { "CZ", NC_("country", "Czechia") },
  { "DE", NC_("country", "Germany") },
  { "DK", NC_("country", "Denmark") },
  { "DZ", NC_("country", "Algeria") },
  { "EG", NC_("country", "Egypt") },
  { "ES", NC_("country", "Spain") },
  { "FI", NC_("country", "Finland") },
  { "FR", NC_("country", "France") },
  { "GB", NC_("country", "United Kingdom") },
  { "GR", NC_("country", "Greece") },
  { "IE", NC_("country", "Ireland") },
  { "IN", NC_("country", "India") },
  { "IQ", NC_("country", "Iraq") },
  { "IT", NC_("country", "Italy") },
  { "JO", NC_("country", "Jordan") },
  { "KW", NC_("country", "Kuwait") },
  { "LB", NC_("country", "Lebanon") },
  { "LI", NC_("country", "Liechtenstein") },
  { "LU", NC_("country", "Luxembourg") },
  { "MA", NC_("country", "Morocco") },
  { "MX", NC_("country", "Mexico") },
  { "NL", NC_("country", "Netherlands") },
  { "NO", NC_("country", "Norway") },
  { "NZ", NC_("country", "New Zealand") },
  { "OM", NC_("country", "Oman") },
  { "PL", NC_("country", "Poland") },
  { "PT", NC_("country", "Portugal") },
  { "QA", NC_("country", "Qatar") },
  { "SA", NC_("country", "Saudi Arabia") },
  { "SE", NC_("country", "Sweden") },
  { "TN", NC_("country", "Tunisia") },
  { "TR", NC_("country", "Turkey") },
  { "UK", NC_("country", "United Kingdom") },
  { "US", NC_("country", "United States") },
};

static const CodeName languages[] = {
  { "ar", NC_("language", "Arabic") },
  { "cs", NC_("language", "Czech") },
  { "da", NC_("language", "Danish") },
  { "de", NC_("language", "German") },
  { "el", NC_("language", "Greek") },
  { "en", NC_("language", "English") },
  { "es", NC_("language", "Spanish") },
  { "fa", NC_("language", "Persian") },
  { "fi", NC_("language", "Finnish") },
  { "fr", NC_("language", "French") },
  { "he", NC_("language", "Hebrew") },
  { "hi", NC_("language", "Hindi") },
  { "it", NC_("language", "Italian") },
  { "ja", NC_("language", "Japanese") },
  { "ko", NC_("language", "Korean") },
  { "nb", NC_("language", "Norwegian") },
  { "nl", NC_("language", "Dutch") },
  { "pl", NC_("language", "Polish") },
  { "pt", NC_("language", "Portuguese") },
  { "ru", NC_("language", "Russian") },
  { "sv", NC_("language", "Swedish") },
  { "tr", NC_("language", "Turkish") },
  { "uk", NC_("language", "Ukrainian") },
  { "ur", NC_("language", "Urdu") },
  { "zh", NC_("language", "Chinese") },
};

static const char *
lookup_name (const CodeName *table,
             guint           n,
             const char     *context,
             const char     *code)
{
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (table[i].code, code) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, context, table[i].name);

  return code;
}

/* "DE" → "Germany" in the UI language; an unknown code comes back as it is. */
const char *
hl_country_name (const char *code)
{
  if (code == NULL || code[0] == '\0')
    return NULL;

  return lookup_name (countries, G_N_ELEMENTS (countries), "country", code);
}

/* "de", "de_AT" or "de-AT" → "German" in the UI language; an unknown code comes back as it is. */
const char *
hl_language_name (const char *locale)
{
  char lang[4] = { 0 };
  gsize len;

  if (locale == NULL || locale[0] == '\0')
    return NULL;

  len = strcspn (locale, "_-.@");
  if (len < 2 || len > 3)
    return locale;

  memcpy (lang, locale, len);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_ascii_strcasecmp (languages[i].code, lang) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, "language", languages[i].name);

  return locale;
}

/* The name to show for a contact: its name, else its phone number or email address. */
const char *
hl_contact_display_name (HlContact *contact)
{
  const char *name;

  g_return_val_if_fail (HL_IS_CONTACT (contact), NULL);

  name = hl_contact_get_name (contact);
  if (name == NULL || name[0] == '\0')
    name = hl_contact_get_phone (contact);
  if (name == NULL || name[0] == '\0')
    name = hl_contact_get_email (contact);
  if (name == NULL || name[0] == '\0')
    name = _("Unknown Customer");

  return name;
}

/* @text between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE, for putting text
 * of any direction into a sentence: "جدة, Saudi Arabia" then reads in the UI's direction instead of
 * taking the direction of its first letter. */
char *
hl_bidi_isolate (const char *text)
{
  return g_strconcat ("\u2068", text ? text : "", "\u2069", NULL);
}

/* A mark to start a sentence made of isolated parts with: Pango gives a paragraph the direction of
 * its first letter, even inside an isolate, so "جدة, Saudi Arabia" needs one to read left to right
 * in an English UI. */
const char *
hl_bidi_mark (GtkWidget *widget)
{
  return gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? "\u200F" : "\u200E";
}

/* "Berlin, Germany", "Berlin", "Germany" or NULL; the parts are isolated (see hl_bidi_isolate()). */
char *
hl_contact_dup_location (HlContact *contact)
{
  const char *city;
  const char *country;

  g_return_val_if_fail (HL_IS_CONTACT (contact), NULL);

  city = hl_contact_get_city (contact);
  country = hl_country_name (hl_contact_get_country (contact));

  if (city && city[0] && country)
    {
      g_autofree char *city_iso = hl_bidi_isolate (city);
      g_autofree char *country_iso = hl_bidi_isolate (country);

      /* Translators: a customer's location, "Berlin, Germany" */
      return g_strdup_printf (C_("location", "%s, %s"), city_iso, country_iso);
    }
  if (city && city[0])
    return g_strdup (city);

  return g_strdup (country);
}

/* Initials for a customer's badge: two in scripts with capital letters ("KS"), else the first
 * letter only, as Arabic letters would join into a word ("خ", not "خا"). */
char *
hl_contact_initials (const char *name)
{
  const char *p = name;
  gunichar c;

  if (name == NULL)
    return g_strdup ("");

  while (*p && g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);

  c = g_utf8_get_char (p);
  if (c == 0 || g_unichar_isupper (c) || g_unichar_islower (c) || g_unichar_istitle (c))
    return hl_initials (name);

  return g_ucs4_to_utf8 (&c, 1, NULL, NULL, NULL);
}

static void
hl_contact_row_update (HlRecordRow *row,
                       HlRecord    *record)
{
  HlContactRow *self = HL_CONTACT_ROW (row);
  HlContact *item = HL_CONTACT (record);
  const char *name = hl_contact_get_name (item);
  const char *detail = hl_contact_get_company (item);
  const char *city;
  g_autofree char *location = hl_contact_dup_location (item);
  g_autofree char *initials = NULL;
  g_autofree char *description = NULL;
  gboolean has_name = name != NULL && name[0] != '\0';

  gtk_label_set_text (self->name_label, hl_contact_display_name (item));

  initials = has_name ? hl_contact_initials (name) : NULL;
  gtk_label_set_text (self->initials_label, initials ? initials : "");
  gtk_widget_set_visible (GTK_WIDGET (self->initials_label), has_name);
  gtk_widget_set_visible (GTK_WIDGET (self->avatar_image), !has_name);

  if (detail == NULL || detail[0] == '\0')
    detail = hl_contact_get_email (item);
  if (detail == NULL || detail[0] == '\0' || g_strcmp0 (detail, gtk_label_get_text (self->name_label)) == 0)
    detail = NULL;
  gtk_label_set_text (self->detail_label, detail ? detail : "");

  /* The list has room for the city; the record shows the country too. */
  city = hl_contact_get_city (item);
  if (city == NULL || city[0] == '\0')
    city = location;
  gtk_label_set_text (self->location_label, city ? city : "");
  hl_widget_set_tooltip (GTK_WIDGET (self->location_label), location);
  gtk_widget_set_visible (GTK_WIDGET (self->location_label), city != NULL);

  /* The accessible name reads the row as a sentence. */
  description = g_strjoin (", ", hl_contact_display_name (item),
                           detail ? detail : location,
                           detail ? location : NULL,
                           NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
hl_contact_row_class_init (HlContactRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  HL_RECORD_ROW_CLASS (klass)->update = hl_contact_row_update;

  gtk_widget_class_set_css_name (widget_class, "contactrow");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-contact-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HlContactRow, initials_label);
  gtk_widget_class_bind_template_child (widget_class, HlContactRow, avatar_image);
  gtk_widget_class_bind_template_child (widget_class, HlContactRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, HlContactRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, HlContactRow, location_label);
}

static void
hl_contact_row_init (HlContactRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* hl-article-view.c
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
#include "hl-format.h"
#include "hl-query-model.h"
#include "hl-workspace.h"

/* The reader of one knowledge-base article. It reads the article through a one-row query model, so
 * an article changed by a synchronisation while the agent reads it shows the new text at once.
 *
 * Article bodies are light Markdown: "#"/"##"/"###" headings, "- " and "1. " list items,
 * paragraphs separated by blank lines and **bold**. Each block becomes a wrapped, selectable
 * label; the text is always escaped before any markup is added. */

typedef enum
{
  BLOCK_PARAGRAPH,
  BLOCK_HEADING,
  BLOCK_BULLET,
  BLOCK_NUMBERED,
} BlockKind;

typedef struct
{
  BlockKind  kind;
  int        level;    /* of a heading, 1 to 6 */
  char      *marker;   /* of a numbered item: "3." */
  GString   *text;     /* inline Markdown */
} Block;

struct _HlArticleView
{
  AdwBin             parent_instance;

  /* Template widgets */
  GtkStack          *stack;
  GtkWidget         *back_button;
  GtkWidget         *hint_page;
  GtkLabel          *header_label;
  GtkScrolledWindow *scroller;
  GtkLabel          *title_label;
  GtkLabel          *caption_label;
  GtkBox            *body_box;

  /* Owned references */
  HlWorkspace       *workspace;
  HlQueryModel      *model;
  HlArticle         *article;
  GSignalGroup      *article_signals;

  gint64             article_id;
  gint64             rendered_id;    /* what the body shows, to re-render only on a change */
  char              *rendered_body;
  GtkTextDirection   rendered_dir;
};

enum {
  PROP_0,
  PROP_ARTICLE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HlArticleView, hl_article_view, ADW_TYPE_BIN)

static GParamSpec *properties [N_PROPS];

/* Markdown */

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->marker);
  g_string_free (block->text, TRUE);
  g_free (block);
}

static Block *
block_new (BlockKind   kind,
           const char *text)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->text = g_string_new (text);

  return block;
}

static gboolean
is_list_item (const Block *block)
{
  return block->kind == BLOCK_BULLET || block->kind == BLOCK_NUMBERED;
}

/* "- item", "* item", "+ item", "• item", "12. item", "12) item" */
static gboolean
parse_list_item (const char  *line,
                 BlockKind   *kind,
                 char       **marker,
                 const char **text)
{
  const char *p = line;

  if ((line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ')
    {
      *kind = BLOCK_BULLET;
      *marker = NULL;
      *text = line + 2;
      return TRUE;
    }

  if (g_str_has_prefix (line, "• "))
    {
      *kind = BLOCK_BULLET;
      *marker = NULL;
      *text = line + strlen ("• ");
      return TRUE;
    }

  while (g_ascii_isdigit (*p))
    p++;

  if (p > line && p - line <= 9 && (*p == '.' || *p == ')') && p[1] == ' ')
    {
      *kind = BLOCK_NUMBERED;
      *marker = g_strndup (line, p - line + 1);
      *text = p + 2;
      return TRUE;
    }

  return FALSE;
}

static GPtrArray *
parse_blocks (const char *body)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (block_free);
  g_auto(GStrv) lines = NULL;
  Block *open = NULL;   /* the block that a following line continues */

  if (body == NULL)
    return g_steal_pointer (&blocks);

  lines = g_strsplit (body, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      BlockKind kind;
      char *marker;
      const char *text;
      int level = 0;

      if (line[0] == '\0')
        {
          open = NULL;
          continue;
        }

      while (level < 6 && line[level] == '#')
        level++;

      if (level > 0 && line[level] == ' ')
        {
          char *heading = g_strstrip (line + level + 1);
          gsize len = strlen (heading);
          Block *block;

          /* "## Title ##" */
          while (len > 0 && heading[len - 1] == '#')
            heading[--len] = '\0';
          g_strchomp (heading);

          block = block_new (BLOCK_HEADING, heading);
          block->level = level;
          g_ptr_array_add (blocks, block);
          open = NULL;
        }
      else if (parse_list_item (line, &kind, &marker, &text))
        {
          open = block_new (kind, text);
          open->marker = marker;
          g_ptr_array_add (blocks, open);
        }
      else if (open != NULL)
        {
          /* A line break inside a paragraph or an item is a space, as in Markdown. */
          g_string_append_c (open->text, ' ');
          g_string_append (open->text, line);
        }
      else
        {
          open = block_new (BLOCK_PARAGRAPH, line);
          g_ptr_array_add (blocks, open);
        }
    }

  return g_steal_pointer (&blocks);
}

/* Walks the **bold** spans of @text; a "**" without a closing one is kept as it is. With @markup
 * the text is escaped and the spans become <b>, without it the markers are dropped. */
static char *
convert_inline (const char *text,
                gboolean    markup)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  const char *q;
  gboolean bold = FALSE;

  while ((q = strstr (p, "**")) != NULL)
    {
      if (!bold && strstr (q + 2, "**") == NULL)
        break;

      if (markup)
        {
          g_autofree char *escaped = g_markup_escape_text (p, q - p);

          g_string_append (out, escaped);
          g_string_append (out, bold ? "</b>" : "<b>");
        }
      else
        g_string_append_len (out, p, q - p);

      bold = !bold;
      p = q + 2;
    }

  g_assert (!bold);

  if (markup)
    {
      g_autofree char *escaped = g_markup_escape_text (p, -1);

      g_string_append (out, escaped);
    }
  else
    g_string_append (out, p);

  return g_string_free (out, FALSE);
}

static char *
block_plain_text (const Block *block)
{
  g_autofree char *text = convert_inline (block->text->str, FALSE);

  switch (block->kind)
    {
    case BLOCK_BULLET:
      return g_strconcat ("• ", text, NULL);
    case BLOCK_NUMBERED:
      return g_strconcat (block->marker, " ", text, NULL);
    case BLOCK_HEADING:
    case BLOCK_PARAGRAPH:
    default:
      return g_steal_pointer (&text);
    }
}

/* Rendering */

/* The article's text is selectable, but a Tab stop on every paragraph made the keyboard walk the
 * whole article before reaching anything else. A label takes the focus only when pressed (to select
 * and copy with Ctrl+C) and leaves the Tab order again when the focus moves on. */
static void
on_label_focus_changed (GtkWidget *label)
{
  if (!gtk_widget_has_focus (label))
    gtk_widget_set_focusable (label, FALSE);
}

static void
focus_only_when_pressed (GtkWidget *label)
{
  gtk_widget_set_focusable (label, FALSE);
  g_signal_connect (label, "notify::has-focus", G_CALLBACK (on_label_focus_changed), NULL);
}

static void
on_text_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *picked = gtk_widget_pick (widget, x, y, GTK_PICK_DEFAULT);
  GtkWidget *label = NULL;

  if (picked != NULL)
    label = GTK_IS_LABEL (picked) ? picked : gtk_widget_get_ancestor (picked, GTK_TYPE_LABEL);

  if (label != NULL && gtk_label_get_selectable (GTK_LABEL (label)))
    gtk_widget_set_focusable (label, TRUE);
}

static GtkWidget *
new_text_label (const char       *inline_md,
                GtkTextDirection  dir)
{
  g_autofree char *markup = hl_article_markdown_to_markup (inline_md);
  GtkWidget *label = gtk_label_new (NULL);

  /* Pango takes a paragraph's direction from its first strong character, so an Arabic item that
   * starts with "Brightwave Hub" would run left to right: a right-to-left mark settles it. */
  if (dir == GTK_TEXT_DIR_RTL)
    {
      g_autofree char *marked = g_strconcat ("\u200F", markup, NULL);

      gtk_label_set_markup (GTK_LABEL (label), marked);
    }
  else
    gtk_label_set_markup (GTK_LABEL (label), markup);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  focus_only_when_pressed (label);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_direction (label, dir);

  return label;
}

static GtkWidget *
new_list_item (const Block      *block,
               GtkTextDirection  dir)
{
  /* A grid, not a horizontal box: GtkBox gives a wrapped label the width it needs for the box's
   * height, and for some Arabic items that came out wider than the box (the text ran off the
   * left edge). The grid mirrors its columns for right-to-left. */
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *marker = gtk_label_new (block->kind == BLOCK_NUMBERED ? block->marker : "•");
  GtkWidget *text = new_text_label (block->text->str, dir);

  gtk_label_set_xalign (GTK_LABEL (marker), 1.0);
  gtk_label_set_width_chars (GTK_LABEL (marker), 2);
  gtk_widget_set_valign (marker, GTK_ALIGN_START);
  gtk_widget_set_direction (marker, dir);
  gtk_widget_add_css_class (marker, "list-marker");
  gtk_accessible_update_state (GTK_ACCESSIBLE (marker), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  gtk_widget_set_hexpand (text, TRUE);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_widget_set_direction (grid, dir);
  gtk_grid_attach (GTK_GRID (grid), marker, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), text, 1, 0, 1, 1);

  return grid;
}

static void
render_body (HlArticleView    *self,
             const char       *body,
             GtkTextDirection  dir)
{
  g_autoptr(GPtrArray) blocks = parse_blocks (body);
  GtkWidget *child;
  GtkWidget *list = NULL;
  BlockKind list_kind = BLOCK_PARAGRAPH;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->body_box))))
    gtk_box_remove (self->body_box, child);

  gtk_widget_set_direction (GTK_WIDGET (self->body_box), dir);

  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (blocks, i);

      if (is_list_item (block))
        {
          /* Items of one kind form one list, even with blank lines between them. */
          if (list == NULL || list_kind != block->kind)
            {
              list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
              list_kind = block->kind;
              gtk_widget_set_direction (list, dir);
              gtk_box_append (self->body_box, list);
            }

          gtk_box_append (GTK_BOX (list), new_list_item (block, dir));
          continue;
        }

      list = NULL;

      if (block->kind == BLOCK_HEADING)
        {
          GtkWidget *label = new_text_label (block->text->str, dir);

          gtk_widget_add_css_class (label, block->level <= 1 ? "title-2" :
                                           block->level == 2 ? "title-3" : "heading");
          gtk_widget_set_margin_top (label, 12);
          gtk_box_append (self->body_box, label);
        }
      else
        gtk_box_append (self->body_box, new_text_label (block->text->str, dir));
    }
}

static void
update_header_title (HlArticleView *self)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scroller);
  gboolean show = gtk_adjustment_get_value (vadj) >
                  gtk_widget_get_height (GTK_WIDGET (self->title_label)) + 12;

  /* Once the big title scrolls away, the bar above the text names the article. */
  gtk_widget_set_opacity (GTK_WIDGET (self->header_label), show ? 1.0 : 0.0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->header_label), GTK_ACCESSIBLE_STATE_HIDDEN, !show, -1);
}

static void
update_article (HlArticleView *self)
{
  HlArticle *article = self->article;
  const char *title;
  const char *category;
  const char *locale;
  const char *body;
  g_autofree char *language = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *when = NULL;
  g_autofree char *date = NULL;
  const char *start;
  g_autoptr(GString) caption = g_string_new (NULL);
  GtkTextDirection dir;
  gint64 id;

  if (article == NULL || !hl_record_get_loaded (HL_RECORD (article)))
    return;

  id = hl_record_get_id (HL_RECORD (article));
  title = hl_article_get_title (article);
  category = hl_article_get_category (article);
  locale = hl_article_get_locale (article);
  body = hl_article_get_body (article);
  dir = hl_article_locale_direction (locale);

  if (title == NULL || title[0] == '\0')
    title = _("Untitled Article");

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->header_label, title);
  gtk_widget_set_direction (GTK_WIDGET (self->title_label), dir);

  if (category != NULL && category[0] != '\0')
    {
      g_string_append (caption, category);
      g_string_append (caption, " · ");
    }
  language = hl_article_locale_name (locale ? locale : "");
  g_string_append (caption, language);

  when = hl_format_relative_time (hl_article_get_updated_at (article), g_get_real_time () / G_USEC_PER_SEC);
  /* "%e" pads "9 Nov" with a figure space. */
  for (start = when; *start != '\0' && g_unichar_isspace (g_utf8_get_char (start)); start = g_utf8_next_char (start))
    ;
  if (start[0] != '\0')
    {
      g_string_append (caption, " · ");
      /* Translators: when a knowledge-base article last changed, "Updated Yesterday", "Updated 12 Nov" */
      updated = g_strdup_printf (_("Updated %s"), start);
      g_string_append (caption, updated);

      date = hl_format_date_time (hl_article_get_updated_at (article));
    }
  gtk_label_set_text (self->caption_label, caption->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->caption_label), date);
  gtk_widget_set_direction (GTK_WIDGET (self->caption_label), dir);

  if (id != self->rendered_id || dir != self->rendered_dir || g_strcmp0 (body, self->rendered_body) != 0)
    {
      g_debug ("Showing article %" G_GINT64_FORMAT, id);

      render_body (self, body, dir);
      g_free (self->rendered_body);
      self->rendered_body = g_strdup (body);
      self->rendered_dir = dir;

      if (id != self->rendered_id)
        gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
      self->rendered_id = id;
    }

  gtk_stack_set_visible_child_name (self->stack, "article");
  update_header_title (self);
}

static void
set_article (HlArticleView *self,
             HlArticle     *article)
{
  if (!g_set_object (&self->article, article))
    return;

  g_signal_group_set_target (self->article_signals, article);
  update_article (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ARTICLE]);
}

static void
on_items_changed (HlArticleView *self)
{
  g_autoptr(HlArticle) article = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    article = g_list_model_get_item (G_LIST_MODEL (self->model), 0);

  if (article != NULL)
    set_article (self, article);
}

static void
on_refreshed (HlArticleView *self)
{
  /* The article was deleted, or the id was never there. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    {
      set_article (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
}

static void
hl_article_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HlArticleView *self = HL_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_article_view_dispose (GObject *object)
{
  HlArticleView *self = (HlArticleView *)object;

  g_clear_object (&self->article_signals);
  g_clear_object (&self->article);
  g_clear_object (&self->model);
  g_clear_object (&self->workspace);

  /* AdwBin's child is a template child too: AdwBin lets go of it first, or the template would
   * unparent it behind AdwBin's back and AdwBin would then unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_ARTICLE_VIEW);

  G_OBJECT_CLASS (hl_article_view_parent_class)->dispose (object);
}

static void
hl_article_view_finalize (GObject *object)
{
  HlArticleView *self = (HlArticleView *)object;

  g_clear_pointer (&self->rendered_body, g_free);

  G_OBJECT_CLASS (hl_article_view_parent_class)->finalize (object);
}

static void
hl_article_view_class_init (HlArticleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_article_view_dispose;
  object_class->finalize = hl_article_view_finalize;
  object_class->get_property = hl_article_view_get_property;

  /**
   * HlArticleView:article:
   *
   * The article shown, or %NULL. It may not be loaded yet.
   */
  properties [PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL,
                         HL_TYPE_ARTICLE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-article-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HlArticleView, stack);
  gtk_widget_class_bind_template_child (widget_class, HlArticleView, back_button);
  gtk_widget_class_bind_template_child (widget_class, HlArticleView, hint_page);
  gtk_widget_class_bind_template_child (widget_class, HlArticleView, header_label);
  gtk_widget_class_bind_template_child (widget_class, HlArticleView, scroller);
  gtk_widget_class_bind_template_child (widget_class, HlArticleView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HlArticleView, caption_label);
  gtk_widget_class_bind_template_child (widget_class, HlArticleView, body_box);
}

static void
hl_article_view_init (HlArticleView *self)
{
  GtkGesture *pressed;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rendered_dir = GTK_TEXT_DIR_NONE;
  self->article_signals = g_signal_group_new (HL_TYPE_ARTICLE);
  g_signal_group_connect_object (self->article_signals, "notify",
                                 G_CALLBACK (update_article), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                           G_CALLBACK (update_header_title), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->header_label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  focus_only_when_pressed (GTK_WIDGET (self->title_label));
  pressed = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (pressed), GTK_PHASE_CAPTURE);
  g_signal_connect (pressed, "pressed", G_CALLBACK (on_text_pressed), NULL);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), GTK_EVENT_CONTROLLER (pressed));
}

void
hl_article_view_set_workspace (HlArticleView *self,
                               HlWorkspace   *workspace)
{
  g_return_if_fail (HL_IS_ARTICLE_VIEW (self));
  g_return_if_fail (!workspace || HL_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  self->article_id = 0;
  self->rendered_id = 0;
  set_article (self, NULL);
  g_clear_object (&self->model);
  gtk_stack_set_visible_child_name (self->stack, "empty");

  if (workspace == NULL)
    return;

  self->model = hl_query_model_new (hl_workspace_get_store (workspace), HL_TYPE_ARTICLE,
                                    HL_STORE_TABLE_ARTICLES);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_items_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "refreshed", G_CALLBACK (on_refreshed), self, G_CONNECT_SWAPPED);
}

/* Shows the article @article_id, or the empty state for 0. */
void
hl_article_view_set_article_id (HlArticleView *self,
                                gint64         article_id)
{
  g_return_if_fail (HL_IS_ARTICLE_VIEW (self));

  if (self->article_id == article_id)
    return;

  self->article_id = article_id;

  if (article_id == 0 || self->model == NULL)
    {
      set_article (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  hl_query_model_set_query (self->model, "SELECT id, rev FROM articles WHERE id = ?1",
                            g_variant_new ("(x)", article_id));
}

gint64
hl_article_view_get_article_id (HlArticleView *self)
{
  g_return_val_if_fail (HL_IS_ARTICLE_VIEW (self), 0);

  return self->article_id;
}

/* Returns: (transfer none) (nullable): the article shown, which may not be loaded yet. */
HlArticle *
hl_article_view_get_article (HlArticleView *self)
{
  g_return_val_if_fail (HL_IS_ARTICLE_VIEW (self), NULL);

  return self->article;
}

void
hl_article_view_set_show_back (HlArticleView *self,
                               gboolean       show_back)
{
  g_return_if_fail (HL_IS_ARTICLE_VIEW (self));

  gtk_widget_set_visible (self->back_button, show_back);
}

/* "Choose an article from the list", shown with no article open: only while the list has some. */
void
hl_article_view_set_show_hint (HlArticleView *self,
                               gboolean       show_hint)
{
  g_return_if_fail (HL_IS_ARTICLE_VIEW (self));

  gtk_widget_set_visible (self->hint_page, show_hint);
}

/**
 * hl_article_markdown_to_markup:
 * @text: one block of inline Markdown
 *
 * Returns: Pango markup for @text: escaped, with **bold** spans in <b>.
 */
char *
hl_article_markdown_to_markup (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return convert_inline (text, TRUE);
}

/**
 * hl_article_markdown_to_plain:
 * @body: (nullable): an article body
 *
 * Returns: @body as plain text, to paste into a chat or an email: no heading or bold markers,
 *   "•" for bullets.
 */
char *
hl_article_markdown_to_plain (const char *body)
{
  g_autoptr(GPtrArray) blocks = parse_blocks (body);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (blocks, i);
      g_autofree char *text = block_plain_text (block);

      if (i > 0)
        {
          const Block *prev = g_ptr_array_index (blocks, i - 1);

          if (prev->kind == BLOCK_HEADING || (is_list_item (block) && prev->kind == block->kind))
            g_string_append_c (out, '\n');
          else
            g_string_append (out, "\n\n");
        }

      g_string_append (out, text);
    }

  return g_string_free (out, FALSE);
}

/**
 * hl_article_markdown_excerpt:
 * @body: (nullable): an article body
 *
 * Returns: the start of @body's text on one line, without headings or Markdown markers, for a
 *   list row.
 */
char *
hl_article_markdown_excerpt (const char *body)
{
  g_autoptr(GPtrArray) blocks = parse_blocks (body);
  g_autoptr(GString) out = g_string_new (NULL);
  const glong max_chars = 200;

  for (guint i = 0; i < blocks->len && (glong) out->len < max_chars * 4; i++)
    {
      const Block *block = g_ptr_array_index (blocks, i);
      g_autofree char *text = NULL;

      if (block->kind == BLOCK_HEADING)
        continue;

      text = convert_inline (block->text->str, FALSE);
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, text);

      if (g_utf8_strlen (out->str, -1) >= max_chars)
        break;
    }

  if (g_utf8_strlen (out->str, -1) > max_chars)
    return g_utf8_substring (out->str, 0, max_chars);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

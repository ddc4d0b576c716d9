/* hl-knowledge-page.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlKnowledge"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-article.h"
#include "hl-article-row.h"
#include "hl-article-view.h"
#include "hl-knowledge-page.h"
#include "hl-list-selection.h"
#include "hl-query-model.h"
#include "hl-store-private.h"
#include "hl-store-search.h"
#include "hl-workspace.h"
#include "hl-workspace-view.h"

/* The knowledge base, searched while the customer is on the line: the list on the left follows
 * every key typed (best matches first, accents ignored) and can be narrowed to one language; the
 * article opens on the right, ready to read out or to copy into a reply. */

struct _HlKnowledgePage
{
  AdwBin              parent_instance;

  /* Template widgets */
  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *language_dropdown;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
  HlArticleView      *article_view;

  /* Owned references */
  HlWorkspace        *workspace;
  HlQueryModel       *model;
  GtkSingleSelection *selection;
  GtkStringList      *language_names;
  GSignalGroup       *store_signals;
  GCancellable       *cancellable;
  char              **locales;        /* the codes behind language_names, after "All Languages" */
  char               *locale;         /* the language filter, NULL for all */

  guint               updating_languages : 1;
  guint               syncing_selection : 1;
};

static void workspace_view_iface_init (HlWorkspaceViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HlKnowledgePage, hl_knowledge_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (HL_TYPE_WORKSPACE_VIEW, workspace_view_iface_init))

typedef struct
{
  char *code;
  char *name;
} Language;

static void
language_clear (gpointer data)
{
  Language *language = data;

  g_free (language->code);
  g_free (language->name);
}

static int
language_compare (gconstpointer a,
                  gconstpointer b)
{
  const Language *la = a;
  const Language *lb = b;

  return g_utf8_collate (la->name, lb->name);
}

static void
update_empty_state (HlKnowledgePage *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *fts = hl_fts_build_query (search);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      hl_article_view_set_show_hint (self->article_view, TRUE);
      return;
    }

  /* Don't flash an empty state while the first results are on their way. */
  if (hl_query_model_get_loading (self->model))
    return;

  if (fts != NULL || self->locale != NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results"));
      adw_status_page_set_description (self->empty_page, _("Try other words or another language."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "hl-knowledge-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Articles"));
      adw_status_page_set_description (self->empty_page,
                                       _("Knowledge-base articles appear here once they are imported or synchronised."));
    }

  /* One empty state: no "choose an article from the list" beside an empty list. */
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
  hl_article_view_set_show_hint (self->article_view, FALSE);
}

static void
update_query (HlKnowledgePage *self)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *fts = hl_fts_build_query (text);

  if (self->model == NULL)
    return;

  if (fts != NULL)
    g_string_append (sql,
                     "SELECT a.id, a.rev FROM articles_fts f JOIN articles a ON a.id = f.rowid"
                     " WHERE articles_fts MATCH ?1");
  else
    g_string_append (sql, "SELECT a.id, a.rev FROM articles a WHERE ?1 IS NULL");

  if (self->locale != NULL)
    g_string_append (sql, " AND a.locale = ?2");
  else
    g_string_append (sql, " AND ?2 IS NULL");

  /* Best matches first, a word in the title counting eight times one in the text. */
  if (fts != NULL)
    g_string_append (sql, " ORDER BY bm25(articles_fts, 8.0, 1.0), a.id");
  else
    g_string_append (sql, " ORDER BY a.category COLLATE NOCASE, a.title COLLATE NOCASE, a.id");

  g_debug ("Searching articles for %s in %s", fts ? fts : "(everything)", self->locale ? self->locale : "all languages");

  hl_query_model_set_query (self->model, sql->str, g_variant_new ("(msms)", fts, self->locale));
}

/* Selects the open article's row when it is in the list, without opening anything. */
static void
sync_selection (HlKnowledgePage *self)
{
  gint64 id = hl_article_view_get_article_id (self->article_view);
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->model == NULL)
    return;

  /* Folded, the list is a menu of articles: nothing stays selected once back on it. */
  if (id != 0 && !adw_leaflet_get_folded (self->leaflet))
    {
      position = hl_query_model_find (self->model, id);
      if (position == G_MAXUINT)
        position = GTK_INVALID_LIST_POSITION;
    }

  if (gtk_single_selection_get_selected (self->selection) == position)
    return;

  self->syncing_selection = TRUE;
  hl_list_selection_select (self->selection, position);
  self->syncing_selection = FALSE;
}

static void
on_refreshed (HlKnowledgePage *self)
{
  update_empty_state (self);
  sync_selection (self);
}

static void
show_article (HlKnowledgePage *self,
              gint64           article_id,
              gboolean         navigate)
{
  hl_article_view_set_article_id (self->article_view, article_id);

  /* Only when folded: unfolded, navigating would move the focus from the list to the reader. */
  if (navigate && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_selection_changed (HlKnowledgePage *self)
{
  HlArticle *article;

  if (self->syncing_selection)
    return;

  if (!(article = gtk_single_selection_get_selected_item (self->selection)))
    return;

  show_article (self, hl_record_get_id (HL_RECORD (article)), TRUE);
}

static void
on_activate (HlKnowledgePage *self,
             guint            position)
{
  if (self->model == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return;

  self->syncing_selection = TRUE;
  hl_list_selection_select (self->selection, position);
  self->syncing_selection = FALSE;

  show_article (self, hl_query_model_get_id (self->model, position), TRUE);
}

static void
on_search_changed (HlKnowledgePage *self)
{
  update_query (self);
}

/* Enter in the search opens the best match. */
static void
on_search_activate (HlKnowledgePage *self)
{
  if (self->model != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    on_activate (self, 0);
}

static void
on_stop_search (HlKnowledgePage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_language_changed (HlKnowledgePage *self)
{
  guint position = gtk_drop_down_get_selected (self->language_dropdown);
  const char *locale = NULL;

  if (self->updating_languages)
    return;

  if (position != GTK_INVALID_LIST_POSITION && position > 0 &&
      self->locales != NULL && position - 1 < g_strv_length (self->locales))
    locale = self->locales[position - 1];

  if (g_strcmp0 (locale, self->locale) == 0)
    return;

  g_free (self->locale);
  self->locale = g_strdup (locale);
  update_query (self);
}

/* Fills the language filter with @codes, keeping the language chosen if it is still there. */
static void
set_locales (HlKnowledgePage  *self,
             char            **codes)
{
  g_autoptr(GArray) languages = g_array_new (FALSE, TRUE, sizeof (Language));
  g_autoptr(GStrvBuilder) sorted = g_strv_builder_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint position = 0;
  gboolean reset = FALSE;

  g_array_set_clear_func (languages, language_clear);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      Language language = { g_strdup (codes[i]), hl_article_locale_name (codes[i]) };

      g_array_append_val (languages, language);
    }
  g_array_sort (languages, language_compare);

  for (guint i = 0; i < languages->len; i++)
    {
      const Language *language = &g_array_index (languages, Language, i);

      g_strv_builder_add (sorted, language->code);
      g_ptr_array_add (names, language->name);
      if (g_strcmp0 (language->code, self->locale) == 0)
        position = i + 1;
    }
  g_ptr_array_add (names, NULL);

  g_strfreev (self->locales);
  self->locales = g_strv_builder_end (sorted);

  /* One language is no choice: the filter shows only with two or more. */
  gtk_widget_set_visible (GTK_WIDGET (self->language_dropdown), languages->len > 1);

  if (self->locale != NULL && (position == 0 || languages->len < 2))
    {
      g_clear_pointer (&self->locale, g_free);
      position = 0;
      reset = TRUE;
    }

  self->updating_languages = TRUE;
  gtk_string_list_splice (self->language_names, 1,
                          g_list_model_get_n_items (G_LIST_MODEL (self->language_names)) - 1,
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->language_dropdown, position);
  self->updating_languages = FALSE;

  if (reset)
    update_query (self);
}

static gpointer
read_locales (sqlite3        *db,
              gpointer        data,
              HlStoreTables  *changed,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  if (!(stmt = hl_db_prepare (db, "SELECT DISTINCT locale FROM articles WHERE locale != '' ORDER BY locale", error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      hl_store_set_error (error, db, rc);
      return NULL;
    }

  return g_strv_builder_end (builder);
}

static void
on_locales_read (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HlKnowledgePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = NULL;

  if (!(codes = hl_store_run_finish (HL_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the languages of the articles: %s", error->message);
      return;
    }

  set_locales (self, codes);
}

static void
reload_locales (HlKnowledgePage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->workspace == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  hl_store_run_async (hl_workspace_get_store (self->workspace), read_locales, NULL, NULL,
                      (GDestroyNotify) g_strfreev, self->cancellable, on_locales_read, g_object_ref (self));
}

static void
on_store_changed (HlKnowledgePage *self,
                  guint            tables,
                  HlStore         *store)
{
  if ((tables & HL_STORE_TABLE_ARTICLES) != 0)
    reload_locales (self);
}

static void
update_actions (HlKnowledgePage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kb.copy-article",
                                 hl_article_view_get_article (self->article_view) != NULL);
}

static void
on_folded_changed (HlKnowledgePage *self)
{
  hl_article_view_set_show_back (self->article_view, adw_leaflet_get_folded (self->leaflet));
  sync_selection (self);
}

static void
on_visible_child_changed (HlKnowledgePage *self)
{
  /* Back on the list of a folded leaflet: let a tap on the same article open it again. */
  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) != GTK_WIDGET (self->article_view))
    sync_selection (self);
}

static void
on_back (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  HlKnowledgePage *self = HL_KNOWLEDGE_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_copy_article (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  HlKnowledgePage *self = HL_KNOWLEDGE_PAGE (widget);
  HlArticle *article = hl_article_view_get_article (self->article_view);
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;

  if (article == NULL || !hl_record_get_loaded (HL_RECORD (article)))
    return;

  body = hl_article_markdown_to_plain (hl_article_get_body (article));
  text = g_strconcat (hl_article_get_title (article), "\n\n", body, NULL);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  g_debug ("Copied article %" G_GINT64_FORMAT, hl_record_get_id (HL_RECORD (article)));
}

static void
set_workspace (HlWorkspaceView *view,
               HlWorkspace     *workspace)
{
  HlKnowledgePage *self = HL_KNOWLEDGE_PAGE (view);

  if (!g_set_object (&self->workspace, workspace))
    return;

  hl_article_view_set_workspace (self->article_view, workspace);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_signal_group_set_target (self->store_signals, workspace ? hl_workspace_get_store (workspace) : NULL);
  gtk_stack_set_visible_child_name (self->list_stack, "list");

  if (workspace == NULL)
    {
      reload_locales (self);
      return;
    }

  self->model = hl_query_model_new (hl_workspace_get_store (workspace), HL_TYPE_ARTICLE, HL_STORE_TABLE_ARTICLES);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_empty_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "refreshed", G_CALLBACK (on_refreshed), self, G_CONNECT_SWAPPED);

  self->selection = hl_list_selection_new (self->model, G_CALLBACK (on_selection_changed), self);
  hl_list_selection_attach (self->selection, self->list_view);

  update_query (self);
  reload_locales (self);
}

static gboolean
focus_search (HlWorkspaceView *view)
{
  HlKnowledgePage *self = HL_KNOWLEDGE_PAGE (view);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
save_state (HlWorkspaceView *view,
            GVariantDict    *state)
{
  HlKnowledgePage *self = HL_KNOWLEDGE_PAGE (view);

  hl_workspace_view_save_search (state, GTK_EDITABLE (self->search_entry));
  g_variant_dict_insert (state, "article", "x", hl_knowledge_page_get_article_id (self));
}

static void
restore_state (HlWorkspaceView *view,
               GVariantDict    *state)
{
  HlKnowledgePage *self = HL_KNOWLEDGE_PAGE (view);
  gint64 id;

  if (hl_workspace_view_restore_search (state, GTK_EDITABLE (self->search_entry)))
    update_query (self);
  /* The article's row is selected when the list has loaded (on_refreshed). */
  if (g_variant_dict_lookup (state, "article", "x", &id) && id != 0)
    hl_knowledge_page_show_article (self, id);
}

static void
workspace_view_iface_init (HlWorkspaceViewInterface *iface)
{
  iface->set_workspace = set_workspace;
  iface->focus_search = focus_search;
  iface->save_state = save_state;
  iface->restore_state = restore_state;
}

static void
hl_knowledge_page_dispose (GObject *object)
{
  HlKnowledgePage *self = (HlKnowledgePage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->language_names);
  g_clear_object (&self->workspace);

  /* AdwBin's child is a template child too: AdwBin lets go of it first, or the template would
   * unparent it behind AdwBin's back and AdwBin would then unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_KNOWLEDGE_PAGE);

  G_OBJECT_CLASS (hl_knowledge_page_parent_class)->dispose (object);
}

static void
hl_knowledge_page_finalize (GObject *object)
{
  HlKnowledgePage *self = (HlKnowledgePage *)object;

  g_clear_pointer (&self->locales, g_strfreev);
  g_clear_pointer (&self->locale, g_free);

  G_OBJECT_CLASS (hl_knowledge_page_parent_class)->finalize (object);
}

static void
hl_knowledge_page_class_init (HlKnowledgePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_knowledge_page_dispose;
  object_class->finalize = hl_knowledge_page_finalize;

  g_type_ensure (HL_TYPE_ARTICLE_ROW);
  g_type_ensure (HL_TYPE_ARTICLE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-knowledge-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HlKnowledgePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HlKnowledgePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HlKnowledgePage, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HlKnowledgePage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, HlKnowledgePage, list_view);
  gtk_widget_class_bind_template_child (widget_class, HlKnowledgePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HlKnowledgePage, article_view);

  gtk_widget_class_install_action (widget_class, "kb.back", NULL, on_back);
  gtk_widget_class_install_action (widget_class, "kb.copy-article", NULL, on_copy_article);
}

static void
hl_knowledge_page_init (HlKnowledgePage *self)
{
  const char * const all[] = { _("All Languages"), NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->language_names = gtk_string_list_new (all);
  gtk_drop_down_set_model (self->language_dropdown, G_LIST_MODEL (self->language_names));
  gtk_widget_set_visible (GTK_WIDGET (self->language_dropdown), FALSE);

  self->store_signals = g_signal_group_new (HL_TYPE_STORE);
  g_signal_group_connect_object (self->store_signals, "changed", G_CALLBACK (on_store_changed), self,
                                 G_CONNECT_SWAPPED);

  /* Typing anywhere on the page goes to the search: the agent is on a call, not hunting for it. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (on_search_activate), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (on_stop_search), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->language_dropdown, "notify::selected", G_CALLBACK (on_language_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_folded_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::visible-child", G_CALLBACK (on_visible_child_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article_view, "notify::article", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);

  update_actions (self);
}

/* Opens the article @article_id (0 for none), selecting its row when it is in the list. */
void
hl_knowledge_page_show_article (HlKnowledgePage *self,
                                gint64           article_id)
{
  guint position;

  g_return_if_fail (HL_IS_KNOWLEDGE_PAGE (self));

  show_article (self, article_id, article_id != 0);
  sync_selection (self);

  if (self->model && article_id != 0 && (position = hl_query_model_find (self->model, article_id)) != G_MAXUINT)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

gint64
hl_knowledge_page_get_article_id (HlKnowledgePage *self)
{
  g_return_val_if_fail (HL_IS_KNOWLEDGE_PAGE (self), 0);

  return hl_article_view_get_article_id (self->article_view);
}

GListModel *
hl_knowledge_page_get_model (HlKnowledgePage *self)
{
  g_return_val_if_fail (HL_IS_KNOWLEDGE_PAGE (self), NULL);

  return self->model ? G_LIST_MODEL (self->model) : NULL;
}

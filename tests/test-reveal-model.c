/* test-reveal-model.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "hl-reveal-model.h"

/* HlRevealModel holds back what is prepended to its source and passes every other change on. A
 * replica of the model is kept from its ::items-changed alone and compared with the model after
 * every step, so that a wrong signal shows as well as wrong contents. */

typedef struct
{
  GListStore    *source;
  HlRevealModel *model;
  GPtrArray     *replica;   /* strings, as a list view would know them */
} Fixture;

static void
on_items_changed (Fixture    *f,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *model)
{
  g_assert_cmpuint (position + removed, <=, f->replica->len);
  g_ptr_array_remove_range (f->replica, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, position + i);

      g_assert_nonnull (item);
      g_ptr_array_insert (f->replica, position + i, g_strdup (gtk_string_object_get_string (item)));
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->source = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  f->model = hl_reveal_model_new (G_LIST_MODEL (f->source));
  f->replica = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_swapped (f->model, "items-changed", G_CALLBACK (on_items_changed), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->model);
  g_clear_object (&f->source);
  g_clear_pointer (&f->replica, g_ptr_array_unref);
}

/* The model, its replica and @expected (space-separated) agree; @hidden are held back. */
static void
assert_shows (Fixture    *f,
              const char *expected,
              guint       hidden)
{
  g_auto(GStrv) want = expected[0] ? g_strsplit (expected, " ", -1) : g_new0 (char *, 1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->model));

  g_assert_cmpuint (n, ==, g_strv_length (want));
  g_assert_cmpuint (f->replica->len, ==, n);
  g_assert_cmpuint (hl_reveal_model_get_hidden (f->model), ==, hidden);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->source)), ==, n + hidden);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (f->model), i);

      g_assert_cmpstr (gtk_string_object_get_string (item), ==, want[i]);
      g_assert_cmpstr (g_ptr_array_index (f->replica, i), ==, want[i]);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->model), n));
}

static void
splice (Fixture    *f,
        guint       position,
        guint       removed,
        const char *added)
{
  g_auto(GStrv) words = added[0] ? g_strsplit (added, " ", -1) : g_new0 (char *, 1);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; words[i]; i++)
    g_ptr_array_add (items, gtk_string_object_new (words[i]));
  g_list_store_splice (f->source, position, removed, items->pdata, items->len);
}

static void
test_prepend_held_back (Fixture       *f,
                        gconstpointer  data)
{
  /* A first list shows at once, and so does anything after the shown items. */
  splice (f, 0, 0, "d e f");
  assert_shows (f, "d e f", 0);
  splice (f, 3, 0, "g");
  assert_shows (f, "d e f g", 0);

  /* A page above: held back, then shown from its end, a few at a time. */
  splice (f, 0, 0, "a b c");
  assert_shows (f, "d e f g", 3);
  hl_reveal_model_reveal (f->model, 2);
  assert_shows (f, "b c d e f g", 1);
  hl_reveal_model_reveal (f->model, 5);
  assert_shows (f, "a b c d e f g", 0);
  hl_reveal_model_reveal (f->model, 1);
  assert_shows (f, "a b c d e f g", 0);
}

static void
test_changes_while_held_back (Fixture       *f,
                              gconstpointer  data)
{
  splice (f, 0, 0, "x y");
  splice (f, 0, 0, "a b c d");
  assert_shows (f, "x y", 4);

  /* Within the held-back items: nothing to show. */
  splice (f, 1, 2, "B");
  assert_shows (f, "x y", 3);
  splice (f, 0, 0, "z");
  assert_shows (f, "x y", 4);

  /* Shown items change in place and at the end. */
  splice (f, 4, 1, "X");
  assert_shows (f, "X y", 4);
  splice (f, 6, 0, "end");
  assert_shows (f, "X y end", 4);

  /* A change from the held-back items into the shown ones shows the rest of them. */
  splice (f, 2, 3, "q");
  assert_shows (f, "q y end", 2);

  /* A new list replaces everything. */
  splice (f, 0, 5, "n1 n2");
  assert_shows (f, "n1 n2", 0);

  /* Everything removed, then a list again: shown at once. */
  splice (f, 0, 2, "");
  assert_shows (f, "", 0);
  splice (f, 0, 0, "m");
  assert_shows (f, "m", 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/reveal-model/prepend-held-back", Fixture, NULL, fixture_setup, test_prepend_held_back, fixture_teardown);
  g_test_add ("/reveal-model/changes-while-held-back", Fixture, NULL, fixture_setup, test_changes_while_held_back,
              fixture_teardown);

  return g_test_run ();
}

/* shoot-pages.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "hl-application.h"
#include "hl-customers-page.h"
#include "hl-knowledge-page.h"
#include "hl-language.h"
#include "hl-phone-pane.h"
#include "hl-test-gtk-utils.h"
#include "hl-test-utils.h"
#include "hl-window.h"

/* Not a test: run by shoot-pages.sh, which gives it a display and throwaway folders. In the
 * language given (a code from po/LINGUAS, or "" for the system's), opens the demo workspace and
 * saves a PNG of each page into the folder given: the inbox with a conversation open, the
 * knowledge base with an article, the customers with a record, the wallboard, the phone pane with
 * no account, and each page of Preferences. The point is to look at them: fonts, clipping,
 * mirroring. */

static void
shoot (GtkWidget  *widget,
       const char *name)
{
  g_autofree char *path = NULL;

  /* Twice: the second frame has the lists that loaded after the first. */
  hl_test_wait_painted_within (widget, 60000);
  hl_test_wait_ms (300);
  hl_test_wait_painted_within (widget, 60000);
  path = hl_test_save_screenshot (widget, name);
  g_print ("%s\n", path);
}

static void
show_page (HlApplication *app,
           HlWindow      *window,
           const char    *page)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-page", g_variant_new_string (page));
  hl_test_drain ();
  g_assert_cmpstr (hl_window_get_page (window), ==, page);
}

static gboolean
has_preferences (gpointer data)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_PREFERENCES_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      {
        *(GtkWidget **) data = l->data;
        return TRUE;
      }

  return FALSE;
}

static void
shoot_preferences (HlApplication *app)
{
  GtkWidget *prefs = NULL;
  GtkWidget *stack;
  guint n = 0;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  hl_test_wait_until (has_preferences, &prefs, 30000);

  /* The pages are the children of the window's view stack. */
  stack = hl_test_find_descendant (prefs, ADW_TYPE_VIEW_STACK);
  for (GtkWidget *page = gtk_widget_get_first_child (stack); page; page = gtk_widget_get_next_sibling (page))
    {
      g_autofree char *name = g_strdup_printf ("preferences-%u", ++n);

      if (!ADW_IS_PREFERENCES_PAGE (page))
        continue;
      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs), ADW_PREFERENCES_PAGE (page));
      shoot (prefs, name);
    }

  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  HlApplication *app;
  HlWindow *window;

  if (argc != 3)
    {
      g_printerr ("Usage: %s LANGUAGE DIRECTORY (LANGUAGE as in po/LINGUAS; \"\" for the system's)\n", argv[0]);
      return 2;
    }

  g_setenv ("HL_SCREENSHOT_DIR", argv[2], TRUE);
  hl_language_init ();
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = hl_test_start_app ();
  settings = g_settings_new ("io.helpline.Helpline");
  g_settings_set_boolean (settings, "phone-pane-visible", TRUE);
  if (*argv[1] != '\0' && !hl_language_is_available (argv[1]))
    {
      g_printerr ("Helpline has no “%s” translation\n", argv[1]);
      return 2;
    }
  g_action_group_activate_action (G_ACTION_GROUP (app), "set-language", g_variant_new_string (argv[1]));

  window = hl_test_open_window (app, "demo");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-conversation", "x", (gint64) 1);
  show_page (app, window, "inbox");
  shoot (GTK_WIDGET (window), "inbox");

  show_page (app, window, "knowledge");
  hl_knowledge_page_show_article (HL_KNOWLEDGE_PAGE (hl_test_find_descendant (GTK_WIDGET (window), HL_TYPE_KNOWLEDGE_PAGE)), 1);
  shoot (GTK_WIDGET (window), "knowledge");

  show_page (app, window, "customers");
  hl_customers_page_select_contact (HL_CUSTOMERS_PAGE (hl_test_find_descendant (GTK_WIDGET (window), HL_TYPE_CUSTOMERS_PAGE)), 1);
  shoot (GTK_WIDGET (window), "customers");

  show_page (app, window, "wallboard");
  shoot (GTK_WIDGET (window), "wallboard");

  shoot (hl_test_find_descendant (GTK_WIDGET (window), HL_TYPE_PHONE_PANE), "phone-pane");

  shoot_preferences (app);

  gtk_window_destroy (GTK_WINDOW (window));
  hl_test_drain ();
  g_object_unref (app);
  return 0;
}

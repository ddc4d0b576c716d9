/* hl-debug-info.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlDebugInfo"

#include "config.h"

#include <adwaita.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "hl-debug-info.h"
#include "hl-language.h"
#include "hl-workspace.h"

/* What About → Troubleshooting shows and saves for a support request: the versions Helpline runs
 * with (the libraries as loaded, not as built, where they can tell), the display, the interface
 * language and the workspace. Not translated: it is read by whoever supports the agent. */

char *
hl_debug_info (HlWorkspace *workspace)
{
  g_autoptr(GString) info = g_string_new (NULL);
  g_autofree char *gst = gst_version_string ();
  GdkDisplay *display = gdk_display_get_default ();

  g_return_val_if_fail (!workspace || HL_IS_WORKSPACE (workspace), NULL);

  g_string_append_printf (info, "Helpline %s (%s)\n\n", PACKAGE_VERSION, APP_ID);
  g_string_append_printf (info, "GLib %u.%u.%u\n", glib_major_version, glib_minor_version, glib_micro_version);
  g_string_append_printf (info, "GTK %u.%u.%u\n", gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version ());
  g_string_append_printf (info, "libadwaita %u.%u.%u\n", adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version ());
  g_string_append_printf (info, "%s\n", gst);
  g_string_append_printf (info, "libsoup %u.%u.%u\n", soup_get_major_version (), soup_get_minor_version (),
                          soup_get_micro_version ());
  g_string_append_printf (info, "SQLite %s\n", sqlite3_libversion ());
  g_string_append_printf (info, "json-glib %s (built with)\n\n", JSON_VERSION_S);

  g_string_append_printf (info, "Display: %s\n", display ? G_OBJECT_TYPE_NAME (display) : "none");
  g_string_append_printf (info, "Language: %s\n", hl_language_get_current ()[0] ? hl_language_get_current () : "system");
  if (workspace != NULL)
    g_string_append_printf (info, "Workspace: %s\n", hl_workspace_get_name (workspace));

  return g_string_free (g_steal_pointer (&info), FALSE);
}

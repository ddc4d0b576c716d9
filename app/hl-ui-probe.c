/* hl-ui-probe.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlUiProbe"

#include "config.h"

#include <json-glib/json-glib.h>

#include "hl-composer.h"
#include "hl-inbox-page.h"
#include "hl-language.h"
#include "hl-record-row.h"
#include "hl-ui-probe.h"
#include "hl-window.h"

/* What the integration tests cannot see from outside the process: the strings the windows hold,
 * their text direction, the open conversation and the composer's text. Exported on the session
 * bus next to org.gtk.Actions only when HELPLINE_UI_PROBE=1 is in the environment (the softphone
 * test sets it; AT-SPI is off there, and GTK 4.8 gives no text of an editable through it). It
 * reads and never changes anything. */

static const char introspection_xml[] =
  "<node>"
  "  <interface name='io.helpline.Helpline.UiProbe'>"
  "    <method name='Describe'>"
  "      <arg type='s' name='json' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found)
        return found;
    }

  return NULL;
}

static void
add_string (JsonBuilder *builder,
            const char  *text)
{
  if (text != NULL && *text != '\0')
    json_builder_add_string_value (builder, text);
}

/* Label texts, tooltips and placeholders under @widget, as far as they are on screen: what is not
 * mapped (the other pages of a stack, a closed revealer or menu, a hidden window) is left out. */
static void
add_strings (JsonBuilder *builder,
             GtkWidget   *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    add_string (builder, gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_TEXT (widget))
    add_string (builder, gtk_text_get_placeholder_text (GTK_TEXT (widget)));
  add_string (builder, gtk_widget_get_tooltip_text (widget));
  add_string (builder, hl_widget_get_tooltip (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    add_strings (builder, child);
}

static void
add_window (JsonBuilder *builder,
            GtkWindow   *window)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, G_OBJECT_TYPE_NAME (window));
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, gtk_widget_get_direction (GTK_WIDGET (window)) == GTK_TEXT_DIR_RTL ? "rtl" : "ltr");
  json_builder_set_member_name (builder, "visible");
  json_builder_add_boolean_value (builder, gtk_widget_get_mapped (GTK_WIDGET (window)));
  json_builder_set_member_name (builder, "strings");
  json_builder_begin_array (builder);
  add_string (builder, gtk_window_get_title (window));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window)); child; child = gtk_widget_get_next_sibling (child))
    add_strings (builder, child);
  json_builder_end_array (builder);

  if (HL_IS_WINDOW (window))
    {
      GtkWidget *inbox = find_descendant (GTK_WIDGET (window), HL_TYPE_INBOX_PAGE);
      GtkWidget *composer = find_descendant (GTK_WIDGET (window), HL_TYPE_COMPOSER);
      g_autofree char *text = composer ? hl_composer_get_text (HL_COMPOSER (composer)) : NULL;

      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, gtk_application_window_get_id (GTK_APPLICATION_WINDOW (window)));
      json_builder_set_member_name (builder, "ready");
      json_builder_add_boolean_value (builder, hl_window_get_ready (HL_WINDOW (window)));
      json_builder_set_member_name (builder, "page");
      json_builder_add_string_value (builder, hl_window_get_page (HL_WINDOW (window)));
      json_builder_set_member_name (builder, "conversation");
      json_builder_add_int_value (builder, inbox ? hl_inbox_page_get_conversation_id (HL_INBOX_PAGE (inbox)) : 0);
      json_builder_set_member_name (builder, "composer");
      json_builder_add_string_value (builder, text ? text : "");
    }

  json_builder_end_object (builder);
}

static char *
describe (GtkApplication *application)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, hl_language_get_current ());
  json_builder_set_member_name (builder, "windows");
  json_builder_begin_array (builder);
  for (GList *l = toplevels; l; l = l->next)
    {
      GtkWindow *parent = gtk_window_get_transient_for (l->data);

      /* The application's windows and the dialogs over them. */
      if (gtk_window_get_application (l->data) == application ||
          (parent != NULL && gtk_window_get_application (parent) == application))
        add_window (builder, l->data);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
on_method_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  g_autofree char *json = describe (GTK_APPLICATION (user_data));

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(s)", json));
}

static const GDBusInterfaceVTable vtable = { on_method_call, NULL, NULL, { 0 } };

/* Exports the probe at @object_path when HELPLINE_UI_PROBE=1; returns its registration id, 0 when
 * it is not wanted or could not be exported (then @error is set). */
guint
hl_ui_probe_register (GtkApplication   *application,
                      GDBusConnection  *connection,
                      const char       *object_path,
                      GError          **error)
{
  g_autoptr(GDBusNodeInfo) info = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), 0);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), 0);

  if (g_strcmp0 (g_getenv ("HELPLINE_UI_PROBE"), "1") != 0)
    return 0;

  if (!(info = g_dbus_node_info_new_for_xml (introspection_xml, error)))
    return 0;

  return g_dbus_connection_register_object (connection, object_path, info->interfaces[0], &vtable,
                                            application, NULL, error);
}

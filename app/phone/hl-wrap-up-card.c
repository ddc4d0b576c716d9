/* hl-wrap-up-card.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlPhone"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-disposition.h"
#include "hl-format.h"
#include "hl-wrap-up-card.h"

/* The wrap-up of the call that just ended, in the phone pane: who it was and how long, a
 * disposition from the team's list and a note for colleagues. Everything chosen or typed goes
 * into the HlWrapUp at once (it outlives a rebuilt window); Done, or Ctrl+Enter in the note,
 * emits ::done, and the phone writes it. */

struct _HlWrapUpCard
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkLabel       *call_label;
  GtkDropDown    *disposition_drop_down;
  GtkTextView    *note_view;
  GtkButton      *done_button;

  /* Owned references */
  HlWrapUp       *wrap_up;
  GSettings      *settings;
  GStrv           codes;      /* the drop-down's entries after "None": disposition codes */
  gboolean        loading;    /* the widgets are following the HlWrapUp, not the agent */
};

G_DEFINE_FINAL_TYPE (HlWrapUpCard, hl_wrap_up_card, ADW_TYPE_BIN)

enum {
  DONE,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* The list: "None" first, then the team's dispositions; one the wrap-up already has but the
 * list lost (the setting changed meanwhile) stays choosable. */
static void
load_dispositions (HlWrapUpCard *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) codes = hl_disposition_list (self->settings);
  const char *current = self->wrap_up ? hl_wrap_up_get_disposition (self->wrap_up) : NULL;
  guint selected = 0;

  /* Translators: the disposition of a call when the agent chose none */
  gtk_string_list_append (labels, C_("call disposition", "None"));

  if (current != NULL && !g_strv_contains ((const char * const *) codes, current))
    g_strv_builder_add (builder, current);
  g_strv_builder_addv (builder, (const char **) codes);

  g_clear_pointer (&self->codes, g_strfreev);
  self->codes = g_strv_builder_end (builder);

  for (guint i = 0; self->codes[i]; i++)
    {
      g_autofree char *label = hl_disposition_dup_label (self->codes[i]);

      gtk_string_list_append (labels, label);
      if (g_strcmp0 (self->codes[i], current) == 0)
        selected = i + 1;
    }

  self->loading = TRUE;
  gtk_drop_down_set_model (self->disposition_drop_down, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->disposition_drop_down, selected);
  self->loading = FALSE;
}

static void
on_disposition_selected (HlWrapUpCard *self)
{
  guint selected = gtk_drop_down_get_selected (self->disposition_drop_down);

  if (self->loading || self->wrap_up == NULL)
    return;

  hl_wrap_up_set_disposition (self->wrap_up,
                              selected > 0 && selected <= g_strv_length (self->codes) ? self->codes[selected - 1] : NULL);
}

static void
on_note_changed (HlWrapUpCard  *self,
                 GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->loading || self->wrap_up == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  hl_wrap_up_set_note (self->wrap_up, text);
}

static void
on_done_clicked (HlWrapUpCard *self)
{
  if (self->wrap_up != NULL)
    g_signal_emit (self, signals [DONE], 0);
}

static gboolean
on_note_key_pressed (HlWrapUpCard    *self,
                     guint            keyval,
                     guint            keycode,
                     GdkModifierType  state)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK))
    {
      on_done_clicked (self);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
hl_wrap_up_card_dispose (GObject *object)
{
  HlWrapUpCard *self = (HlWrapUpCard *)object;

  /* AdwBin's child is a template child too: AdwBin lets go of it first, or the template would
   * unparent it behind AdwBin's back and AdwBin would then unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_WRAP_UP_CARD);
  g_clear_object (&self->wrap_up);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->codes, g_strfreev);

  G_OBJECT_CLASS (hl_wrap_up_card_parent_class)->dispose (object);
}

static void
hl_wrap_up_card_class_init (HlWrapUpCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_wrap_up_card_dispose;

  /**
   * HlWrapUpCard::done:
   *
   * The agent has finished the wrap-up (Done, or Ctrl+Enter in the note).
   */
  signals [DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/hl-wrap-up-card.ui");
  gtk_widget_class_bind_template_child (widget_class, HlWrapUpCard, call_label);
  gtk_widget_class_bind_template_child (widget_class, HlWrapUpCard, disposition_drop_down);
  gtk_widget_class_bind_template_child (widget_class, HlWrapUpCard, note_view);
  gtk_widget_class_bind_template_child (widget_class, HlWrapUpCard, done_button);
}

static void
hl_wrap_up_card_init (HlWrapUpCard *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.helpline.Helpline");
  g_signal_connect_object (self->settings, "changed::call-dispositions", G_CALLBACK (load_dispositions), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->disposition_drop_down, "notify::selected", G_CALLBACK (on_disposition_selected),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->note_view), "changed", G_CALLBACK (on_note_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->done_button, "clicked", G_CALLBACK (on_done_clicked), self, G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_note_key_pressed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->note_view), keys);

  load_dispositions (self);
}

/* Shows @wrap_up (or nothing: %NULL) and writes what the agent does into it. */
void
hl_wrap_up_card_set_wrap_up (HlWrapUpCard *self,
                             HlWrapUp     *wrap_up)
{
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (HL_IS_WRAP_UP_CARD (self));
  g_return_if_fail (!wrap_up || HL_IS_WRAP_UP (wrap_up));

  if (!g_set_object (&self->wrap_up, wrap_up))
    return;

  if (wrap_up != NULL)
    {
      duration = hl_format_duration (hl_wrap_up_get_talk_seconds (wrap_up));
      /* Translators: the call being wrapped up: "Ana Ruiz · 3:42" (who, then the talk time) */
      text = g_strdup_printf (_("%s · %s"), hl_wrap_up_get_caller (wrap_up), duration);
    }
  gtk_label_set_text (self->call_label, text ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->call_label), text);

  load_dispositions (self);

  self->loading = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view),
                            wrap_up && hl_wrap_up_get_note (wrap_up) ? hl_wrap_up_get_note (wrap_up) : "", -1);
  self->loading = FALSE;
}

HlWrapUp *
hl_wrap_up_card_get_wrap_up (HlWrapUpCard *self)
{
  g_return_val_if_fail (HL_IS_WRAP_UP_CARD (self), NULL);

  return self->wrap_up;
}

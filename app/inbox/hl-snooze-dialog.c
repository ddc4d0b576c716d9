/* hl-snooze-dialog.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlInbox"

#include "config.h"

#include <glib/gi18n.h>

#include "hl-snooze-dialog.h"

/* Snooze until a day and time the agent picks, in local time. The "snooze" response is enabled
 * only for a time in the future. */

struct _HlSnoozeDialog
{
  AdwMessageDialog  parent_instance;

  GtkCalendar      *calendar;
  GtkSpinButton    *hour;
  GtkSpinButton    *minute;
};

G_DEFINE_FINAL_TYPE (HlSnoozeDialog, hl_snooze_dialog, ADW_TYPE_MESSAGE_DIALOG)

static GDateTime *
chosen_time (HlSnoozeDialog *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  return g_date_time_new (local, g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day),
                          gtk_spin_button_get_value_as_int (self->hour),
                          gtk_spin_button_get_value_as_int (self->minute), 0);
}

static void
update_response (HlSnoozeDialog *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "snooze",
                                           hl_snooze_dialog_get_until (self) > now);
}

/* "09:05", not "9:5". */
static gboolean
on_spin_output (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static GtkSpinButton *
time_spin (HlSnoozeDialog *self,
           int             max,
           const char     *label)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, max, 1));

  gtk_spin_button_set_wrap (spin, TRUE);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (spin), GTK_ORIENTATION_VERTICAL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);
  g_signal_connect (spin, "output", G_CALLBACK (on_spin_output), NULL);

  return spin;
}

static void
hl_snooze_dialog_class_init (HlSnoozeDialogClass *klass)
{
}

static void
hl_snooze_dialog_init (HlSnoozeDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *clock = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) start = g_date_time_new (g_date_time_get_timezone (tomorrow),
                                                g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                                                g_date_time_get_day_of_month (tomorrow), 9, 0, 0);

  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Snooze Until"));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                               _("The conversation comes back to the inbox at this time."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "snooze", _("_Snooze"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "snooze", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "snooze");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  g_signal_connect_object (self->calendar, "day-selected", G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);
  self->hour = time_spin (self, 23, _("Hour"));
  self->minute = time_spin (self, 59, _("Minute"));

  gtk_widget_set_valign (clock, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (clock), GTK_WIDGET (self->hour));
  /* Translators: between the hour and the minute of the snooze time */
  gtk_box_append (GTK_BOX (clock), gtk_label_new (C_("time separator", ":")));
  gtk_box_append (GTK_BOX (clock), GTK_WIDGET (self->minute));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->calendar));
  gtk_box_append (GTK_BOX (box), clock);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  hl_snooze_dialog_set_until (self, start);
}

HlSnoozeDialog *
hl_snooze_dialog_new (GtkWindow *parent)
{
  return g_object_new (HL_TYPE_SNOOZE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}

/* The chosen time, Unix seconds. */
gint64
hl_snooze_dialog_get_until (HlSnoozeDialog *self)
{
  g_autoptr(GDateTime) chosen = NULL;

  g_return_val_if_fail (HL_IS_SNOOZE_DIALOG (self), 0);

  chosen = chosen_time (self);
  return chosen ? g_date_time_to_unix (chosen) : 0;
}

void
hl_snooze_dialog_set_until (HlSnoozeDialog *self,
                            GDateTime      *until)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_if_fail (HL_IS_SNOOZE_DIALOG (self));
  g_return_if_fail (until != NULL);

  local = g_date_time_to_local (until);
  gtk_calendar_select_day (self->calendar, local);
  gtk_spin_button_set_value (self->hour, g_date_time_get_hour (local));
  gtk_spin_button_set_value (self->minute, g_date_time_get_minute (local));
  update_response (self);
}

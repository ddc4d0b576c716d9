/* test-call-card.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#define GST_USE_UNSTABLE_API
#include <gst/webrtc/webrtc.h>

#include "hl-call-card.h"
#include "hl-caller-id.h"
#include "hl-phone-audio.h"
#include "hl-store-db.h"
#include "hl-test-fake-media.h"
#include "hl-test-gtk-utils.h"
#include "hl-test-utils.h"
#include "hl-webrtc-call-media.h"

/* The call card of a real answered call: its media is a webrtcbin session (a tone for a
 * microphone) answering another session's offer; the SIP side is an account that is not
 * connected, so the card's call goes to Active without a server. HlPhoneAudio records it because
 * the setting says so. */

typedef struct
{
  HlMediaSession *caller;
  HlSipAccount   *account;
  HlCall         *call;
  HlRinger       *ringer;
  HlPhoneAudio   *audio;
  GSettings      *settings;
} Fixture;

static char *
make_offer (HlMediaSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *sdp;

  hl_media_session_create_offer_async (session, NULL, hl_test_store_result, &result);
  sdp = hl_media_session_create_offer_finish (session, hl_test_wait_result (&result, 10000), &error);
  g_assert_no_error (error);

  return sdp;
}

static HlSipMessage *
make_invite (const char *sdp)
{
  HlSipMessage *invite = hl_sip_message_new_request ("INVITE", "sip:agent@127.0.0.1");

  hl_sip_message_add_header (invite, "Via", "SIP/2.0/WS caller.invalid;branch=z9hG4bKcard1");
  hl_sip_message_add_header (invite, "From", "<sip:+34612345678@127.0.0.1>;tag=c1");
  hl_sip_message_add_header (invite, "To", "<sip:agent@127.0.0.1>");
  hl_sip_message_add_header (invite, "Call-ID", "call-card-test-1");
  hl_sip_message_add_header (invite, "CSeq", "1 INVITE");
  hl_sip_message_add_header (invite, "Contact", "<sip:customer@caller.invalid;transport=ws>");
  hl_sip_message_set_body (invite, "application/sdp", sdp, -1);

  return invite;
}

static gboolean
call_is_answerable (gpointer data)
{
  /* The answer is prepared while it rings; answering before only queues it */
  return hl_call_get_state (data) == HL_CALL_STATE_INCOMING;
}

static gboolean
call_is_active (gpointer data)
{
  return hl_call_get_state (data) == HL_CALL_STATE_ACTIVE;
}

/* The 200 OK goes nowhere (no server): the caller takes the answer from the agent's webrtcbin */
static void
give_answer_to_caller (HlMediaSession *caller,
                       HlMediaSession *session)
{
  g_autoptr(GstElement) webrtc = gst_bin_get_by_name (GST_BIN (hl_media_session_get_pipeline (session)), "webrtc");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GstWebRTCSessionDescription *answer = NULL;
  g_autofree char *text = NULL;

  g_object_get (webrtc, "local-description", &answer, NULL);
  g_assert_nonnull (answer);
  text = gst_sdp_message_as_text (answer->sdp);
  gst_webrtc_session_description_free (answer);

  hl_media_session_set_remote_answer_async (caller, text, NULL, hl_test_store_result, &result);
  g_assert_true (hl_media_session_set_remote_answer_finish (caller, hl_test_wait_result (&result, 10000), &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f)
{
  g_autoptr(HlMediaSession) session = NULL;
  g_autoptr(HlWebrtcCallMedia) media = NULL;
  g_autoptr(HlSipMessage) invite = NULL;
  g_autofree char *offer = NULL;

  g_setenv ("HELPLINE_AUDIO_SINK", "fakesink sync=false", TRUE);

  g_setenv ("HELPLINE_AUDIO_SRC", "audiotestsrc is-live=true freq=1000 volume=0.3", TRUE);
  f->caller = hl_media_session_new (NULL, NULL, NULL);
  hl_media_session_add_local_address (f->caller, "127.0.0.1");
  offer = make_offer (f->caller);

  /* The agent's microphone: loud enough to fill most of the level bar */
  g_setenv ("HELPLINE_AUDIO_SRC", "audiotestsrc is-live=true freq=600 volume=0.3", TRUE);
  session = hl_media_session_new (NULL, NULL, NULL);
  hl_media_session_add_local_address (session, "127.0.0.1");
  media = hl_webrtc_call_media_new (session);

  f->settings = g_settings_new ("io.helpline.Helpline");
  g_settings_set_boolean (f->settings, "call-recording", TRUE);
  f->ringer = hl_ringer_new ();
  f->audio = hl_phone_audio_new (f->ringer);
  hl_phone_audio_set_settings (f->audio, f->settings);

  f->account = hl_sip_account_new ("ws://127.0.0.1:9/ws", "sip:agent@127.0.0.1", NULL, "Agent");
  invite = make_invite (offer);
  f->call = hl_call_new_incoming (f->account, HL_CALL_MEDIA (media), invite);
  hl_phone_audio_add_call (f->audio, f->call);
  hl_test_wait_until (call_is_answerable, f->call, 20000);
  hl_test_wait_ms (300);
  hl_call_answer (f->call);
  hl_test_wait_until (call_is_active, f->call, 20000);
  give_answer_to_caller (f->caller, session);
}

static void
fixture_teardown (Fixture *f)
{
  hl_call_hangup (f->call);
  hl_media_session_close (f->caller);
  g_clear_object (&f->call);
  g_clear_object (&f->caller);
  g_clear_object (&f->audio);
  g_clear_object (&f->ringer);
  g_clear_object (&f->account);
  g_clear_object (&f->settings);
  hl_test_drain ();
}

static gboolean
level_shown (gpointer data)
{
  return gtk_level_bar_get_value (data) > 0.3;
}

static gboolean
recording_stopped (gpointer data)
{
  return !hl_call_get_recording (data);
}

static void
test_card_recording (void)
{
  Fixture f = { 0, };
  g_autofree char *dir = hl_phone_audio_recordings_dir ();
  g_autofree char *path = NULL;
  GtkWidget *window, *card, *indicator, *level, *record;
  GStatBuf st;

  fixture_setup (&f);

  /* Answered with recording on: recorded into the private recordings folder */
  g_assert_true (hl_call_get_recording (f.call));
  path = g_strdup (hl_call_get_recording_path (f.call));
  g_assert_nonnull (path);
  g_assert_true (g_str_has_prefix (path, dir));
  g_assert_true (g_str_has_suffix (path, ".ogg"));
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 360, -1);
  card = g_object_new (HL_TYPE_CALL_CARD, NULL);
  hl_call_card_set_audio (HL_CALL_CARD (card), f.audio);
  hl_call_card_set_call (HL_CALL_CARD (card), f.call);
  gtk_window_set_child (GTK_WINDOW (window), card);
  gtk_window_present (GTK_WINDOW (window));

  indicator = hl_test_find_by_id (card, "recording_box");
  level = hl_test_find_by_id (card, "input_level_bar");
  record = hl_test_find_by_id (card, "record_button");
  g_assert_nonnull (indicator);
  g_assert_nonnull (level);
  g_assert_nonnull (record);
  g_assert_nonnull (hl_test_find_by_id (card, "devices_button"));
  g_assert_true (gtk_widget_get_visible (hl_test_find_by_id (card, "devices_button")));

  /* A caller without a display name: the number grouped for reading, the full address below */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hl_test_find_by_id (card, "name_label"))), ==, "+34 612 345 678");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hl_test_find_by_id (card, "number_label"))), ==,
                   "sip:+34612345678@127.0.0.1");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (hl_test_find_by_id (card, "name_label")), ==,
                   "sip:+34612345678@127.0.0.1");
  /* The toggles' icons show the state, their tooltips what a click does */
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (hl_test_find_by_id (card, "mute_button"))), ==,
                   "audio-input-microphone-symbolic");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (hl_test_find_by_id (card, "hold_button")), ==, "Hold");

  /* The red dot and "Recording", the toggle pressed, the microphone's level moving */
  g_assert_true (gtk_widget_get_visible (indicator));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (record)));
  g_assert_true (gtk_widget_get_sensitive (record));
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  hl_test_wait_until (level_shown, level, 20000);
  g_test_message ("level bar at %.2f", gtk_level_bar_get_value (GTK_LEVEL_BAR (level)));
  hl_test_wait_painted (window);
  g_free (hl_test_save_screenshot (window, "call-card-recording"));

  /* The device popover: its choosers fill when it opens, System Default first and chosen */
  {
    GtkWidget *devices = hl_test_find_by_id (card, "devices_button");
    GtkDropDown *microphone = GTK_DROP_DOWN (hl_test_find_by_id (card, "microphone_dropdown"));
    GtkDropDown *speaker = GTK_DROP_DOWN (hl_test_find_by_id (card, "speaker_dropdown"));
    g_autoptr(HlAudioDevice) first = NULL;

    g_assert_null (gtk_drop_down_get_model (microphone));
    gtk_menu_button_popup (GTK_MENU_BUTTON (devices));
    hl_test_wait_painted (window);
    g_assert_nonnull (gtk_drop_down_get_model (microphone));
    g_assert_nonnull (gtk_drop_down_get_model (speaker));
    first = g_list_model_get_item (gtk_drop_down_get_model (microphone), 0);
    g_assert_cmpstr (hl_audio_device_get_name (first), ==, "System Default");
    g_assert_cmpuint (gtk_drop_down_get_selected (microphone), ==, 0);
    gtk_menu_button_popdown (GTK_MENU_BUTTON (devices));
  }

  /* The transfer popover, opened as the agent would; then the card in the dark style */
  {
    GtkWidget *transfer = hl_test_find_by_id (card, "transfer_button");
    GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (transfer)));

    gtk_menu_button_popup (GTK_MENU_BUTTON (transfer));
    hl_test_wait_painted (window);
    g_assert_true (gtk_widget_get_visible (popover));
    /* A popover is a surface of its own: the window's picture doesn't have it */
    g_free (hl_test_save_screenshot (popover, "call-card-transfer"));
    gtk_menu_button_popdown (GTK_MENU_BUTTON (transfer));

    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
    gtk_window_set_focus (GTK_WINDOW (window), NULL);
    hl_test_wait_painted (window);
    g_free (hl_test_save_screenshot (window, "call-card-recording-dark"));
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  }

  /* The agent stops it: the indicator goes, and the call is not recorded again */
  g_assert_true (hl_phone_audio_set_recording (f.audio, f.call, FALSE, NULL));
  hl_test_wait_until (recording_stopped, f.call, 20000);
  g_assert_false (gtk_widget_get_visible (indicator));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (record)));
  g_assert_false (gtk_widget_get_sensitive (record));
  g_assert_cmpstr (hl_call_get_recording_path (f.call), ==, path);
  g_assert_false (hl_phone_audio_set_recording (f.audio, f.call, TRUE, NULL));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1000);

  gtk_window_destroy (GTK_WINDOW (window));
  fixture_teardown (&f);
  g_unlink (path);
}

/* Caller-id: a ringing call from a customer's number shows the customer's name with the number
 * below, once the store answered; a caller no contact matches keeps the name their phone sent;
 * an answer that comes after the call ended changes nothing. The calls ring on fake media. */

static gpointer
insert_customer (sqlite3        *db,
                 gpointer        data,
                 HlStoreTables  *changed,
                 GError        **error)
{
  HlContactData contact = { .name = "Ana Ruiz", .phone = "+34 612 34 56 78", .created_at = 1 };
  gint64 id = hl_db_insert_contact (db, &contact, error);

  *changed |= HL_STORE_TABLE_CONTACTS;
  return id > 0 ? g_memdup2 (&id, sizeof id) : NULL;
}

static HlCall *
ring (HlSipAccount *account,
      const char   *from,
      const char   *call_id)
{
  g_autoptr(HlSipMessage) invite = hl_sip_message_new_request ("INVITE", "sip:agent@127.0.0.1");
  g_autoptr(HlCallMedia) media = hl_fake_media_new ();
  g_autofree char *sdp = hl_fake_media_sdp ("sendrecv");
  HlCall *call;

  hl_sip_message_add_header (invite, "Via", "SIP/2.0/WS caller.invalid;branch=z9hG4bKcid");
  hl_sip_message_add_header (invite, "From", from);
  hl_sip_message_add_header (invite, "To", "<sip:agent@127.0.0.1>");
  hl_sip_message_add_header (invite, "Call-ID", call_id);
  hl_sip_message_add_header (invite, "CSeq", "1 INVITE");
  hl_sip_message_add_header (invite, "Contact", "<sip:customer@caller.invalid;transport=ws>");
  hl_sip_message_set_body (invite, "application/sdp", sdp, -1);
  call = hl_call_new_incoming (account, media, invite);
  g_assert_cmpint (hl_call_get_state (call), ==, HL_CALL_STATE_INCOMING);

  return call;
}

static gboolean
has_contact (gpointer data)
{
  return hl_call_get_contact_name (data) != NULL;
}

static const char *
label_text (GtkWidget  *card,
            const char *id)
{
  return gtk_label_get_text (GTK_LABEL (hl_test_find_by_id (card, id)));
}

static void
test_card_caller_id (void)
{
  g_autofree char *path = hl_test_temp_path ("caller-id.db");
  g_autoptr(HlStore) store = hl_test_open_store (path);
  g_autoptr(HlSipAccount) account = hl_sip_account_new ("ws://127.0.0.1:9/ws", "sip:agent@127.0.0.1", NULL, "Agent");
  g_autoptr(HlCall) known = NULL;
  g_autoptr(HlCall) unknown = NULL;
  g_autoptr(HlCall) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *contact_id = hl_store_run_sync (store, insert_customer, NULL, &error);
  GtkWidget *window, *box, *card, *waiting;

  g_assert_no_error (error);

  /* The customer's number, as the PBX sends it (no display name) */
  known = ring (account, "<sip:+34612345678@127.0.0.1>;tag=k1", "caller-id-known");
  /* A second call while it rings: a SIP user with a display name, whom no contact matches */
  unknown = ring (account, "\"Diego\" <sip:customer2@127.0.0.1>;tag=u1", "caller-id-unknown");

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 360, -1);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  card = g_object_new (HL_TYPE_CALL_CARD, NULL);
  waiting = g_object_new (HL_TYPE_CALL_CARD, NULL);
  hl_call_card_set_call (HL_CALL_CARD (card), known);
  hl_call_card_set_role (HL_CALL_CARD (waiting), HL_CALL_CARD_ROLE_WAITING, NULL);
  hl_call_card_set_call (HL_CALL_CARD (waiting), unknown);
  gtk_box_append (GTK_BOX (box), card);
  gtk_box_append (GTK_BOX (box), waiting);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  /* Until the store answers, the number: ringing doesn't wait for the lookup */
  g_assert_cmpstr (label_text (card, "name_label"), ==, "+34 612 345 678");
  g_assert_cmpstr (label_text (card, "number_label"), ==, "sip:+34612345678@127.0.0.1");

  /* The store's worker answers in order: when the known caller has a name, the unknown one has
   * had its answer too. */
  hl_caller_id_look_up (store, unknown, NULL);
  hl_caller_id_look_up (store, known, NULL);
  hl_test_wait_until (has_contact, known, 10000);

  g_assert_cmpint (hl_call_get_contact_id (known), ==, *contact_id);
  g_assert_cmpstr (label_text (card, "name_label"), ==, "Ana Ruiz");
  g_assert_cmpstr (label_text (card, "number_label"), ==, "+34 612 345 678");
  g_assert_true (gtk_widget_get_visible (hl_test_find_by_id (card, "number_label")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (hl_test_find_by_id (card, "name_label")), ==,
                   "sip:+34612345678@127.0.0.1");
  g_assert_cmpstr (label_text (card, "state_label"), ==, "Incoming call");

  g_assert_cmpint (hl_call_get_contact_id (unknown), ==, 0);
  g_assert_null (hl_call_get_contact_name (unknown));
  g_assert_cmpstr (label_text (waiting, "name_label"), ==, "Diego");
  g_assert_cmpstr (label_text (waiting, "number_label"), ==, "sip:customer2@127.0.0.1");
  g_assert_cmpstr (label_text (waiting, "state_label"), ==, "Call waiting");

  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  hl_test_wait_painted (window);
  g_free (hl_test_save_screenshot (window, "call-card-caller-id"));

  /* A call that ends before the store answers keeps no name */
  gone = ring (account, "<sip:+34612345678@127.0.0.1>;tag=g1", "caller-id-gone");
  hl_caller_id_look_up (store, gone, NULL);
  hl_call_hangup (gone);
  hl_call_set_contact (known, 0, NULL);
  hl_caller_id_look_up (store, known, NULL);
  hl_test_wait_until (has_contact, known, 10000);
  g_assert_cmpint (hl_call_get_state (gone), ==, HL_CALL_STATE_ENDED);
  g_assert_null (hl_call_get_contact_name (gone));
  g_assert_cmpint (hl_call_get_contact_id (gone), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  hl_call_hangup (known);
  hl_call_hangup (unknown);
  hl_store_close (store);
  hl_test_drain ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  /* GTK first, as in test-window: the isolated XDG folders would hide the icon themes */
  gtk_init ();
  adw_init ();
  gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* The application's style sheet: the recording dot's colour */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/call-card/recording", test_card_recording);
  g_test_add_func ("/call-card/caller-id", test_card_caller_id);

  return g_test_run ();
}

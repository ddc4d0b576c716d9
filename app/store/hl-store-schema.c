/* hl-store-schema.c
 *
 * Copyright 2026 The Helpline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "HlStore"

#include "config.h"

#include "hl-store-private.h"
#include "hl-store-schema.h"

/* The schema, as ordered migrations. PRAGMA user_version holds how many have been applied. Each
 * migration runs in its own transaction together with the version bump, so a crash leaves the file
 * at a known version. Never edit a migration that has shipped: add a new one. tests/test-store-schema.c
 * migrates from every earlier version with data in it.
 *
 * Conventions: times are Unix seconds (NULL = unset); enums are stored by nick except priority
 * (a number, for sorting); "rev" counts the updates of a row, so that list models can tell which
 * loaded rows to refresh; "remote_id" is the backend's id (NULL for local rows). Lists of short
 * strings (labels, teams) are joined with U+001F for display and kept in their own table where a
 * query filters on them. */

static const char * const migrations[] = {
  /* 1: the first schema */
  "CREATE TABLE agents ("
  "  id INTEGER PRIMARY KEY,"
  "  remote_id TEXT UNIQUE,"
  "  name TEXT NOT NULL,"
  "  email TEXT,"
  "  role TEXT NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'lead')),"
  "  availability TEXT NOT NULL DEFAULT 'offline' CHECK (availability IN ('online', 'busy', 'offline')),"
  "  availability_since INTEGER,"
  "  is_me INTEGER NOT NULL DEFAULT 0,"
  "  teams TEXT NOT NULL DEFAULT '',"
  "  rev INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE contacts ("
  "  id INTEGER PRIMARY KEY,"
  "  remote_id TEXT UNIQUE,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  email TEXT,"
  "  phone TEXT,"
  "  phone_key TEXT,"
  "  company TEXT,"
  "  city TEXT,"
  "  country TEXT,"
  "  locale TEXT,"
  "  notes TEXT,"
  "  attributes TEXT NOT NULL DEFAULT '{}',"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  rev INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX contacts_by_phone ON contacts (phone_key);"
  "CREATE INDEX contacts_by_email ON contacts (email COLLATE NOCASE);"
  "CREATE INDEX contacts_by_name ON contacts (name COLLATE NOCASE);"
  "CREATE TABLE conversations ("
  "  id INTEGER PRIMARY KEY,"
  "  remote_id TEXT UNIQUE,"
  "  channel TEXT NOT NULL CHECK (channel IN ('phone', 'chat', 'email')),"
  "  inbox TEXT NOT NULL DEFAULT '',"
  "  subject TEXT,"
  "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'snoozed', 'resolved')),"
  "  priority INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 4),"
  "  assignee_id INTEGER REFERENCES agents (id) ON DELETE SET NULL,"
  "  team TEXT,"
  "  contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,"
  "  unread INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  last_activity_at INTEGER NOT NULL,"
  "  waiting_since INTEGER,"
  "  first_response_due INTEGER,"
  "  resolution_due INTEGER,"
  "  snoozed_until INTEGER,"
  "  preview TEXT NOT NULL DEFAULT '',"
  "  message_count INTEGER NOT NULL DEFAULT 0,"
  "  rev INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX conversations_by_status ON conversations (status, last_activity_at DESC);"
  "CREATE INDEX conversations_by_assignee ON conversations (assignee_id, status, last_activity_at DESC);"
  "CREATE INDEX conversations_by_contact ON conversations (contact_id, last_activity_at DESC);"
  "CREATE TABLE conversation_labels ("
  "  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,"
  "  label TEXT NOT NULL,"
  "  PRIMARY KEY (conversation_id, label)"
  ") WITHOUT ROWID;"
  "CREATE INDEX conversation_labels_by_label ON conversation_labels (label);"
  "CREATE TABLE messages ("
  "  id INTEGER PRIMARY KEY,"
  "  remote_id TEXT UNIQUE,"
  "  echo_id TEXT UNIQUE,"
  "  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('incoming', 'outgoing', 'note', 'activity')),"
  "  sender_agent_id INTEGER REFERENCES agents (id) ON DELETE SET NULL,"
  "  sender_name TEXT,"
  "  body TEXT NOT NULL DEFAULT '',"
  "  content_type TEXT NOT NULL DEFAULT 'text',"
  "  email_from TEXT,"
  "  email_to TEXT,"
  "  email_cc TEXT,"
  "  attachments TEXT NOT NULL DEFAULT '[]',"
  "  delivery TEXT NOT NULL DEFAULT 'sent' CHECK (delivery IN ('pending', 'sent', 'delivered', 'read', 'failed')),"
  "  error TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  rev INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at, id);"
  "CREATE TABLE calls ("
  "  id INTEGER PRIMARY KEY,"
  "  remote_id TEXT UNIQUE,"
  "  conversation_id INTEGER REFERENCES conversations (id) ON DELETE SET NULL,"
  "  contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,"
  "  agent_id INTEGER REFERENCES agents (id) ON DELETE SET NULL,"
  "  direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),"
  "  remote_uri TEXT NOT NULL,"
  "  started_at INTEGER NOT NULL,"
  "  answered_at INTEGER,"
  "  ended_at INTEGER,"
  "  result TEXT NOT NULL CHECK (result IN ('answered', 'missed', 'abandoned', 'voicemail', 'busy', 'rejected', 'failed')),"
  "  disposition TEXT,"
  "  wrap_up_note TEXT,"
  "  recording_path TEXT,"
  "  mos REAL,"
  "  jitter_ms REAL,"
  "  loss_pct REAL,"
  "  rtt_ms REAL,"
  "  packets_sent INTEGER,"
  "  packets_received INTEGER,"
  "  rev INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX calls_by_start ON calls (started_at DESC);"
  "CREATE INDEX calls_by_contact ON calls (contact_id, started_at DESC);"
  "CREATE TABLE articles ("
  "  id INTEGER PRIMARY KEY,"
  "  remote_id TEXT UNIQUE,"
  "  locale TEXT NOT NULL,"
  "  category TEXT NOT NULL DEFAULT '',"
  "  title TEXT NOT NULL,"
  "  body TEXT NOT NULL DEFAULT '',"
  "  updated_at INTEGER NOT NULL,"
  "  rev INTEGER NOT NULL DEFAULT 0"
  ");"
  /* remove_diacritics 2 also folds the diacritics of precomposed characters, so "facturacion"
   * finds "facturación" and "Kundigung" finds "Kündigung". */
  "CREATE VIRTUAL TABLE articles_fts USING fts5 ("
  "  title, body, content='articles', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
  "  INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);"
  "END;"
  "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);"
  "END;"
  "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);"
  "  INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);"
  "END;"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY,"
  "  backend TEXT NOT NULL,"
  "  operation TEXT NOT NULL,"
  "  target_id INTEGER,"
  "  payload TEXT NOT NULL DEFAULT '{}',"
  "  created_at INTEGER NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER,"
  "  last_error TEXT,"
  "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed'))"
  ");"
  "CREATE INDEX outbox_by_state ON outbox (backend, state, id);"
  "CREATE TABLE sync_state ("
  "  backend TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  value TEXT,"
  "  PRIMARY KEY (backend, key)"
  ") WITHOUT ROWID;",

  /* 2: full-text search over messages (inbox search) and drafts kept across restarts */
  "CREATE VIRTUAL TABLE messages_fts USING fts5 ("
  "  body, content='messages', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2'"
  ");"
  "INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages WHERE kind != 'activity';"
  "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.kind != 'activity' BEGIN"
  "  INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);"
  "END;"
  "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.kind != 'activity' BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);"
  "END;"
  "CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages WHEN old.kind != 'activity' BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);"
  "  INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);"
  "END;"
  "CREATE TABLE drafts ("
  "  conversation_id INTEGER PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,"
  "  mode TEXT NOT NULL DEFAULT 'reply' CHECK (mode IN ('reply', 'note')),"
  "  body TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");",

  /* 3: a team server's reference lists (inboxes, teams, labels, canned responses, custom attribute
   * definitions), one table keyed by kind and remote id. "key" is what other rows refer to (a
   * label's title, a canned response's short code, an attribute's key), "value" the payload (the
   * response text, an inbox's channel type, an attribute's type), "details" the rest as JSON. */
  "CREATE TABLE reference_items ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('inbox', 'team', 'label', 'canned-response',"
  "                                     'contact-attribute', 'conversation-attribute')),"
  "  remote_id TEXT NOT NULL,"
  "  key TEXT NOT NULL DEFAULT '',"
  "  name TEXT NOT NULL DEFAULT '',"
  "  value TEXT,"
  "  details TEXT NOT NULL DEFAULT '{}',"
  "  rev INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (kind, remote_id)"
  ");"
  "CREATE INDEX reference_items_by_key ON reference_items (kind, key);",

  /* 4: the outbox sender's bookkeeping. "queue" names what an entry must stay in order with (all the
   * edits and replies of one conversation share "conversation:<id>"; a failed entry holds back the
   * later ones of its queue). "attempted_at" is the first time an entry was handed to the server,
   * committed before the request goes out: an entry that has it set may have arrived there, so the
   * sender checks the server before it sends again (app/backend/hl-chatwoot-outbox.h). */
  "ALTER TABLE outbox ADD COLUMN queue TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE outbox ADD COLUMN attempted_at INTEGER;"
  "UPDATE outbox SET queue = CASE WHEN instr (operation, '.') > 0"
  "  THEN substr (operation, 1, instr (operation, '.') - 1) ELSE operation END || ':' || coalesce (target_id, id);"
  "CREATE INDEX outbox_by_queue ON outbox (backend, queue, id);",

  /* 5: the unified inbox's list, newest activity first (app/store/hl-store-inbox.c). Walking this
   * index in order gives the list's id and rev with the columns its filters test, without a sort
   * or a table lookup: "All" on 100,000 conversations goes from 28 to 15 ms. */
  "CREATE INDEX conversations_by_activity ON conversations"
  "  (last_activity_at DESC, id DESC, status, assignee_id, channel, priority, rev);",

  /* 6: the inbox search without scans (app/store/hl-store-inbox-search.c). messages_fts gave message
   * ids, and turning a million of them into conversation ids cost a table lookup each: its
   * replacement is contentless and keyed by (conversation_id << 32 | message id), so the
   * conversations come straight out of the index, in order. Contacts (name, email, phone) and
   * subjects get trigram indexes, which find any substring of three characters or more, as the
   * LIKE scans they replace did. Every writer (local workspace, Chatwoot sync, outbox edits) goes
   * through these tables, so the triggers keep the indexes whole; a cascade from a deleted
   * conversation fires the messages' delete trigger too. */
  "DROP TRIGGER messages_fts_insert;"
  "DROP TRIGGER messages_fts_delete;"
  "DROP TRIGGER messages_fts_update;"
  "DROP TABLE messages_fts;"
  "CREATE VIRTUAL TABLE message_words USING fts5 ("
  "  body, content='', tokenize='unicode61 remove_diacritics 2'"
  ");"
  "INSERT INTO message_words (rowid, body)"
  "  SELECT (conversation_id << 32) | id, body FROM messages WHERE kind != 'activity';"
  "CREATE TRIGGER message_words_insert AFTER INSERT ON messages WHEN new.kind != 'activity' BEGIN"
  "  INSERT INTO message_words (rowid, body) VALUES ((new.conversation_id << 32) | new.id, new.body);"
  "END;"
  "CREATE TRIGGER message_words_delete AFTER DELETE ON messages WHEN old.kind != 'activity' BEGIN"
  "  INSERT INTO message_words (message_words, rowid, body)"
  "    VALUES ('delete', (old.conversation_id << 32) | old.id, old.body);"
  "END;"
  "CREATE TRIGGER message_words_update_old AFTER UPDATE OF body, kind, conversation_id ON messages"
  "  WHEN old.kind != 'activity' BEGIN"
  "  INSERT INTO message_words (message_words, rowid, body)"
  "    VALUES ('delete', (old.conversation_id << 32) | old.id, old.body);"
  "END;"
  "CREATE TRIGGER message_words_update_new AFTER UPDATE OF body, kind, conversation_id ON messages"
  "  WHEN new.kind != 'activity' BEGIN"
  "  INSERT INTO message_words (rowid, body) VALUES ((new.conversation_id << 32) | new.id, new.body);"
  "END;"
  "CREATE VIRTUAL TABLE contacts_search USING fts5 ("
  "  name, email, phone, content='contacts', content_rowid='id', tokenize='trigram'"
  ");"
  "INSERT INTO contacts_search (contacts_search) VALUES ('rebuild');"
  "CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN"
  "  INSERT INTO contacts_search (rowid, name, email, phone) VALUES (new.id, new.name, new.email, new.phone);"
  "END;"
  "CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN"
  "  INSERT INTO contacts_search (contacts_search, rowid, name, email, phone)"
  "    VALUES ('delete', old.id, old.name, old.email, old.phone);"
  "END;"
  "CREATE TRIGGER contacts_search_update AFTER UPDATE OF name, email, phone ON contacts BEGIN"
  "  INSERT INTO contacts_search (contacts_search, rowid, name, email, phone)"
  "    VALUES ('delete', old.id, old.name, old.email, old.phone);"
  "  INSERT INTO contacts_search (rowid, name, email, phone) VALUES (new.id, new.name, new.email, new.phone);"
  "END;"
  "CREATE VIRTUAL TABLE subjects_search USING fts5 ("
  "  subject, content='conversations', content_rowid='id', tokenize='trigram'"
  ");"
  "INSERT INTO subjects_search (subjects_search) VALUES ('rebuild');"
  "CREATE TRIGGER subjects_search_insert AFTER INSERT ON conversations BEGIN"
  "  INSERT INTO subjects_search (rowid, subject) VALUES (new.id, new.subject);"
  "END;"
  "CREATE TRIGGER subjects_search_delete AFTER DELETE ON conversations BEGIN"
  "  INSERT INTO subjects_search (subjects_search, rowid, subject) VALUES ('delete', old.id, old.subject);"
  "END;"
  "CREATE TRIGGER subjects_search_update AFTER UPDATE OF subject ON conversations BEGIN"
  "  INSERT INTO subjects_search (subjects_search, rowid, subject) VALUES ('delete', old.id, old.subject);"
  "  INSERT INTO subjects_search (rowid, subject) VALUES (new.id, new.subject);"
  "END;",

  /* 7: the words of each conversation, not of each message: a word in every message gave a million
   * postings to read, and gives 100,000 now (one per conversation). The index is contentless and
   * keeps no positions (detail=none), so that a conversation's words can grow one message at a
   * time: inserting under a conversation id that is already there adds its new words, and words it
   * had stay. A message that leaves a conversation (deleted, edited, moved or turned into an
   * activity line) takes its words out, and the words of the messages that remain are put back;
   * when the conversation itself is gone (the cascade of its delete), nothing is put back. Only
   * words are searched in it, never phrases (app/store/hl-store-inbox-search.c).
   * The first character typed is a prefix of many words: the index keeps the words' first
   * characters too (prefix='1'), so such a prefix is one entry to read, not thousands; and the
   * subjects, which text that short looks for with LIKE, get an index of their own to scan instead
   * of the conversations.
   * conversations_by_activity gains contact_id, which the search tests on every row: the list and
   * the counts read the index alone instead of a table row each. */
  "CREATE INDEX conversations_by_subject ON conversations (subject) WHERE subject IS NOT NULL;"
  "DROP INDEX conversations_by_activity;"
  "CREATE INDEX conversations_by_activity ON conversations"
  "  (last_activity_at DESC, id DESC, status, assignee_id, channel, priority, rev, contact_id);"
  "DROP TRIGGER message_words_insert;"
  "DROP TRIGGER message_words_delete;"
  "DROP TRIGGER message_words_update_old;"
  "DROP TRIGGER message_words_update_new;"
  "DROP TABLE message_words;"
  "CREATE VIRTUAL TABLE conversation_words USING fts5 ("
  "  body, content='', detail=none, columnsize=0, prefix='1', tokenize='unicode61 remove_diacritics 2'"
  ");"
  "INSERT INTO conversation_words (rowid, body)"
  "  SELECT conversation_id, group_concat (body, ' ') FROM messages WHERE kind != 'activity'"
  "  GROUP BY conversation_id ORDER BY conversation_id;"
  "CREATE TRIGGER conversation_words_insert AFTER INSERT ON messages WHEN new.kind != 'activity' BEGIN"
  "  INSERT INTO conversation_words (rowid, body) VALUES (new.conversation_id, new.body);"
  "END;"
  "CREATE TRIGGER conversation_words_delete AFTER DELETE ON messages WHEN old.kind != 'activity' BEGIN"
  "  INSERT INTO conversation_words (conversation_words, rowid, body)"
  "    VALUES ('delete', old.conversation_id, old.body);"
  "  INSERT INTO conversation_words (rowid, body)"
  "    SELECT old.conversation_id, group_concat (body, ' ') FROM messages"
  "    WHERE conversation_id = old.conversation_id AND kind != 'activity'"
  "      AND EXISTS (SELECT 1 FROM conversations WHERE id = old.conversation_id)"
  "    HAVING count (*) > 0;"
  "END;"
  "CREATE TRIGGER conversation_words_update_old AFTER UPDATE OF body, kind, conversation_id ON messages"
  "  WHEN old.kind != 'activity' BEGIN"
  "  INSERT INTO conversation_words (conversation_words, rowid, body)"
  "    VALUES ('delete', old.conversation_id, old.body);"
  "  INSERT INTO conversation_words (rowid, body)"
  "    SELECT old.conversation_id, group_concat (body, ' ') FROM messages"
  "    WHERE conversation_id = old.conversation_id AND kind != 'activity'"
  "    HAVING count (*) > 0;"
  "END;"
  "CREATE TRIGGER conversation_words_update_new AFTER UPDATE OF body, kind, conversation_id ON messages"
  "  WHEN new.kind != 'activity' BEGIN"
  "  INSERT INTO conversation_words (rowid, body) VALUES (new.conversation_id, new.body);"
  "END;",
};

int
hl_store_schema_latest (void)
{
  return G_N_ELEMENTS (migrations);
}

int
hl_store_schema_version (sqlite3  *db,
                         GError  **error)
{
  return (int) hl_db_query_int64 (db, "PRAGMA user_version", error);
}

/* Brings @db to @target (-1: the latest). Refuses a file newer than this build knows. */
gboolean
hl_store_schema_migrate (sqlite3  *db,
                         int       target,
                         GError  **error)
{
  int version;

  if (target < 0)
    target = hl_store_schema_latest ();

  g_return_val_if_fail (target <= hl_store_schema_latest (), FALSE);

  if ((version = hl_store_schema_version (db, error)) < 0)
    return FALSE;

  if (version > hl_store_schema_latest ())
    {
      g_set_error (error, HL_STORE_ERROR, HL_STORE_ERROR_TOO_NEW,
                   "The workspace was written by a newer version of Helpline (schema %d, this version knows %d)",
                   version, hl_store_schema_latest ());
      return FALSE;
    }

  while (version < target)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      g_debug ("Migrating schema %d → %d", version, version + 1);

      if (!hl_db_begin (db, error))
        return FALSE;

      if (!hl_db_exec (db, migrations[version], error) ||
          !hl_db_exec (db, bump, error) ||
          !hl_db_commit (db, error))
        {
          hl_db_rollback (db);
          g_prefix_error (error, "Could not update the workspace to schema %d: ", version + 1);
          return FALSE;
        }

      version++;
    }

  return TRUE;
}

-- Voicemail (see ../009_voicemail_mailbox.sql).
CREATE TABLE voicemail_messages (
  rowid BIGINT GENERATED ALWAYS AS IDENTITY,
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  sip_call_id TEXT,
  caller_number TEXT NOT NULL,
  caller_name TEXT,
  called_number TEXT,
  received_at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  heard_at TEXT,
  file_name TEXT NOT NULL
);
CREATE INDEX voicemail_messages_user ON voicemail_messages(user_id, received_at);
CREATE INDEX voicemail_messages_received ON voicemail_messages(received_at);

CREATE TABLE voicemail_greetings (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  company_id TEXT NOT NULL REFERENCES companies(id),
  duration_ms INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

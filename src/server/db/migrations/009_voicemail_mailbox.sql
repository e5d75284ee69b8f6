-- Voicemail (issue 11): every user has a mailbox. The PBX's media component records a caller
-- and hands the file to the server, which keeps one row per message (the audio file in the
-- server's voicemail directory) and pushes the mailbox to the user's clients. `heard_at` is
-- null for a new message. Users may record or upload their own greeting (one per user); without
-- one the caller hears the default greeting in the user's language.
CREATE TABLE voicemail_messages (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  -- The SIP Call-ID of the call that left it, when the PBX tells.
  sip_call_id TEXT,
  caller_number TEXT NOT NULL,
  caller_name TEXT,
  called_number TEXT,
  received_at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  heard_at TEXT,
  -- The file's name in the voicemail directory (made by the server, never by a caller).
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

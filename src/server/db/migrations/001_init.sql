-- Profile server schema, version 1.
-- Structured values that are always read and written whole (profiles, numbers, settings) are
-- JSON validated by the shared zod schemas on the way in and out; what the server searches or
-- constrains on has its own column with an index.

CREATE TABLE companies (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  main_number TEXT,
  settings_json TEXT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  user_name TEXT NOT NULL COLLATE NOCASE,
  email TEXT NOT NULL COLLATE NOCASE,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  language TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'user', 'guest')),
  numbers_json TEXT NOT NULL,
  custom_fields_json TEXT NOT NULL,
  softphone_enabled INTEGER NOT NULL DEFAULT 1,
  disabled INTEGER NOT NULL DEFAULT 0,
  confirmed INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  password_hash TEXT,
  sip_password TEXT NOT NULL,
  can_edit_profiles INTEGER NOT NULL DEFAULT 1,
  visible_columns_json TEXT,
  -- Sync state: every change to what the user's snapshot holds bumps the revision.
  revision INTEGER NOT NULL DEFAULT 0,
  default_profile_id TEXT,
  manual_choice_json TEXT,
  queue_overrides_json TEXT NOT NULL DEFAULT '[]',
  caller_id_override_json TEXT,
  calendar_url TEXT,
  calendar_events_json TEXT NOT NULL DEFAULT '[]',
  calendar_fetched_at TEXT
);
-- User names are SIP user names and sign-in names, so they are unique across companies.
CREATE UNIQUE INDEX users_user_name ON users(user_name COLLATE NOCASE);
CREATE UNIQUE INDEX users_email ON users(email COLLATE NOCASE);
CREATE INDEX users_company ON users(company_id);

-- Every number a user or queue can be reached on; one owner per number.
CREATE TABLE directory_numbers (
  number TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  type TEXT NOT NULL,
  user_id TEXT REFERENCES users(id),
  queue_id TEXT REFERENCES queues(id)
);
CREATE INDEX directory_numbers_user ON directory_numbers(user_id);

CREATE TABLE profiles (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  position INTEGER NOT NULL,
  -- The template profile key it came from, so mass edits can address "the same" profile.
  template_key TEXT,
  fields_json TEXT NOT NULL
);
CREATE INDEX profiles_user ON profiles(user_id, position);

CREATE TABLE queues (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  name TEXT NOT NULL,
  number TEXT NOT NULL
);
CREATE INDEX queues_company ON queues(company_id);

CREATE TABLE queue_members (
  queue_id TEXT NOT NULL REFERENCES queues(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (queue_id, user_id)
);
CREATE INDEX queue_members_user ON queue_members(user_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  address TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed sign-ins per key (`account:<name>` or `address:<ip>`), for throttling.
CREATE TABLE sign_in_failures (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  blocked_until TEXT
);

CREATE TABLE templates (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  name TEXT NOT NULL,
  built_in INTEGER NOT NULL,
  profiles_json TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX templates_name ON templates(company_id, name COLLATE NOCASE);

CREATE TABLE template_applications (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  template_id TEXT NOT NULL REFERENCES templates(id),
  template_name TEXT NOT NULL,
  applied_by TEXT NOT NULL REFERENCES users(id),
  applied_at TEXT NOT NULL,
  user_ids_json TEXT NOT NULL
);

-- One-time links sent by mail (invitations, account confirmations).
CREATE TABLE mail_tokens (
  token_hash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'confirmation')),
  company_id TEXT NOT NULL REFERENCES companies(id),
  email TEXT NOT NULL COLLATE NOCASE,
  user_id TEXT REFERENCES users(id),
  role TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);

-- What changed in a user's snapshot, per revision, so reconnecting clients can catch up.
CREATE TABLE change_log (
  user_id TEXT NOT NULL REFERENCES users(id),
  revision INTEGER NOT NULL,
  at TEXT NOT NULL,
  reason TEXT NOT NULL,
  patch_json TEXT NOT NULL,
  PRIMARY KEY (user_id, revision)
);

-- Answers to commands, per user and key, so a replayed command is answered and not applied twice.
CREATE TABLE idempotency_keys (
  user_id TEXT NOT NULL REFERENCES users(id),
  key TEXT NOT NULL,
  request TEXT NOT NULL,
  status INTEGER NOT NULL,
  response_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
);

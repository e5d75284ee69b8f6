-- Profile server schema, version 1 (PostgreSQL twin of ../001_init.sql: same tables, columns and
-- indexes; see ARCHITECTURE.md "Store backends"). Dialect choices shared by every file here:
-- TEXT for ids, instants (ISO 8601, compared as text) and JSON; INTEGER for numbers and 0/1
-- flags, as in SQLite, so both backends map rows alike (db/sqlite-rows.ts). SQLite's NOCASE is
-- the collation `nocase` below. Tables whose order of insertion the store reads (SQLite's
-- implicit rowid) have an explicit identity column `rowid`.
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

CREATE TABLE companies (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  main_number TEXT,
  settings_json TEXT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  user_name TEXT COLLATE nocase NOT NULL,
  email TEXT COLLATE nocase NOT NULL,
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
  revision INTEGER NOT NULL DEFAULT 0,
  default_profile_id TEXT,
  manual_choice_json TEXT,
  queue_overrides_json TEXT NOT NULL DEFAULT '[]',
  caller_id_override_json TEXT,
  calendar_url TEXT,
  calendar_events_json TEXT NOT NULL DEFAULT '[]',
  calendar_fetched_at TEXT
);
CREATE UNIQUE INDEX users_user_name ON users(user_name);
CREATE UNIQUE INDEX users_email ON users(email);
CREATE INDEX users_company ON users(company_id);

CREATE TABLE queues (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  name TEXT NOT NULL,
  number TEXT NOT NULL
);
CREATE INDEX queues_company ON queues(company_id);

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
  template_key TEXT,
  fields_json TEXT NOT NULL
);
CREATE INDEX profiles_user ON profiles(user_id, position);

CREATE TABLE queue_members (
  rowid BIGINT GENERATED ALWAYS AS IDENTITY,
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

CREATE TABLE sign_in_failures (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  blocked_until TEXT
);

CREATE TABLE templates (
  rowid BIGINT GENERATED ALWAYS AS IDENTITY,
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  name TEXT NOT NULL,
  built_in INTEGER NOT NULL,
  profiles_json TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX templates_name ON templates(company_id, name COLLATE nocase);

CREATE TABLE template_applications (
  rowid BIGINT GENERATED ALWAYS AS IDENTITY,
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  template_id TEXT NOT NULL REFERENCES templates(id),
  template_name TEXT NOT NULL,
  applied_by TEXT NOT NULL REFERENCES users(id),
  applied_at TEXT NOT NULL,
  user_ids_json TEXT NOT NULL
);

CREATE TABLE mail_tokens (
  token_hash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'confirmation')),
  company_id TEXT NOT NULL REFERENCES companies(id),
  email TEXT COLLATE nocase NOT NULL,
  user_id TEXT REFERENCES users(id),
  role TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);

CREATE TABLE change_log (
  user_id TEXT NOT NULL REFERENCES users(id),
  revision INTEGER NOT NULL,
  at TEXT NOT NULL,
  reason TEXT NOT NULL,
  patch_json TEXT NOT NULL,
  PRIMARY KEY (user_id, revision)
);

CREATE TABLE idempotency_keys (
  user_id TEXT NOT NULL REFERENCES users(id),
  key TEXT NOT NULL,
  request TEXT NOT NULL,
  status INTEGER NOT NULL,
  response_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
);

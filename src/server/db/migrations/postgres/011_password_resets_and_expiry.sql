-- Forgotten passwords (see ../011_password_resets_and_expiry.sql).
CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX password_resets_user ON password_resets(user_id);

CREATE INDEX users_unconfirmed ON users(created_at) WHERE confirmed = 0;

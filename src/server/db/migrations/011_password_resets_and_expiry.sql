-- Forgotten passwords (issue 12): a one-time link per request, mailed to the account's address.
-- Only the SHA-256 of the link's token is kept; a link is used once and expires
-- (`passwordResetMinutes`). Setting a new password uses up every open link of the account.
CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX password_resets_user ON password_resets(user_id);

-- Unconfirmed self-registrations expire (`unconfirmedDays`): the sweep finds them by age.
CREATE INDEX users_unconfirmed ON users(created_at) WHERE confirmed = 0;

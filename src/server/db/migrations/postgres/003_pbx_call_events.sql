-- Calls the PBX forwarded for a user by their profile's rules (see ../003_pbx_call_events.sql).
CREATE TABLE pbx_call_events (
  rowid BIGINT GENERATED ALWAYS AS IDENTITY,
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  at TEXT NOT NULL,
  from_number TEXT NOT NULL,
  called_number TEXT,
  outcome TEXT NOT NULL,
  target TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX pbx_call_events_user ON pbx_call_events(user_id, at);

-- A user's desk phones (see ../006_devices.sql).
CREATE TABLE devices (
  rowid BIGINT GENERATED ALWAYS AS IDENTITY,
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('deskphone')),
  sip_user TEXT COLLATE nocase NOT NULL,
  label TEXT NOT NULL,
  realm TEXT NOT NULL,
  ha1 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  password_set_at TEXT NOT NULL
);
CREATE UNIQUE INDEX devices_sip_user ON devices(sip_user);
CREATE INDEX devices_user ON devices(user_id, created_at);

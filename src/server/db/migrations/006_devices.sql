-- A user's desk phones (issue 10 "Devices"): each has its own SIP account, which registers as
-- its own address of record. The password is shown to the admin once and never stored: only
-- its digest HA1, md5(sip_user:realm:password), which is all the PBX needs.
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('deskphone')),
  -- SIP user names share one namespace with users.user_name (the PBX looks both up by name).
  sip_user TEXT NOT NULL COLLATE NOCASE,
  label TEXT NOT NULL,
  realm TEXT NOT NULL,
  ha1 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  password_set_at TEXT NOT NULL
);
CREATE UNIQUE INDEX devices_sip_user ON devices(sip_user COLLATE NOCASE);
CREATE INDEX devices_user ON devices(user_id, created_at);

-- Issue 11 "Messages and applications", "Feature codes": per company, the announcements an
-- admin uploads and names (audio converted to 8 kHz mono 16-bit WAV, kept in the row: at most
-- two minutes, about 2 MB), the applications named with a SIP address, and the company's
-- feature codes (a row per code the admin changed from its default; code NULL: switched off).
CREATE TABLE announcements (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  name TEXT NOT NULL,
  afterwards TEXT NOT NULL CHECK (afterwards IN ('end', 'voicemail')),
  audio BLOB NOT NULL,
  duration_ms INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX announcements_company_name ON announcements(company_id, name COLLATE NOCASE);

CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  name TEXT NOT NULL,
  sip_uri TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX applications_company_name ON applications(company_id, name COLLATE NOCASE);

CREATE TABLE company_feature_codes (
  company_id TEXT NOT NULL REFERENCES companies(id),
  action TEXT NOT NULL,
  code TEXT,
  PRIMARY KEY (company_id, action)
);

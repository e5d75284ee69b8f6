-- Announcements, applications and feature codes (see ../012_codes_announcements_applications.sql).
CREATE TABLE announcements (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  name TEXT NOT NULL,
  afterwards TEXT NOT NULL CHECK (afterwards IN ('end', 'voicemail')),
  audio BYTEA NOT NULL,
  duration_ms INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX announcements_company_name ON announcements(company_id, name COLLATE nocase);

CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  name TEXT NOT NULL,
  sip_uri TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX applications_company_name ON applications(company_id, name COLLATE nocase);

CREATE TABLE company_feature_codes (
  company_id TEXT NOT NULL REFERENCES companies(id),
  action TEXT NOT NULL,
  code TEXT,
  PRIMARY KEY (company_id, action)
);

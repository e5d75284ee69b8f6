-- Call recording per profile (see ../005_recordings.sql).
CREATE TABLE recording_expectations (
  sip_call_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  direction TEXT NOT NULL,
  other_party TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (sip_call_id, user_id)
);
CREATE INDEX recording_expectations_at ON recording_expectations(at);

CREATE TABLE recordings (
  rowid BIGINT GENERATED ALWAYS AS IDENTITY,
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  sip_call_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  other_party TEXT NOT NULL,
  started_at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  file_name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX recordings_user ON recordings(user_id, started_at);
CREATE INDEX recordings_company ON recordings(company_id, started_at);

UPDATE companies SET settings_json = (settings_json::jsonb || '{"recordingRetentionDays": 90}'::jsonb)::text;

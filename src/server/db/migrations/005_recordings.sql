-- Call recording per profile (seed 001). When the PBX asks who calls or where a call goes, the
-- server tells it to record when the user's profile in effect has recording on, and notes that
-- it expects a recording of that call for that user (`recording_expectations`). The recording
-- daemon later posts the mixed file with the call id; one `recordings` row per user who expected
-- it, each with its own copy of the file (deleting yours leaves the other party's).
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
  -- The file's name in the server's recordings directory (made by the server, never by a caller).
  file_name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX recordings_user ON recordings(user_id, started_at);
CREATE INDEX recordings_company ON recordings(company_id, started_at);

-- Companies keep recordings for 90 days unless an admin says otherwise.
UPDATE companies SET settings_json = json_set(settings_json, '$.recordingRetentionDays', 90);

-- Issue 13 "Queues": the admin chooses, per member, which devices ring for the queue's calls
-- (a JSON array of 'softphone' | 'deskphone' | 'mobile'); NULL: as the member's own profile says.
ALTER TABLE queue_members ADD COLUMN devices_json TEXT;

-- Issue 13 "Audit": every admin action of a company, who (the admin, or NULL for the system),
-- what (`action`), whom (`subject_*`, names as they were then) and when. Actors and subjects
-- are kept by name too, so rows outlive what they name.
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  at TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  subject_kind TEXT,
  subject_id TEXT,
  subject_name TEXT,
  details_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_company_at ON audit_log(company_id, at DESC);

-- Template applications made before the log existed become its first rows.
INSERT INTO audit_log (id, company_id, at, actor_id, actor_name, action, subject_kind, subject_id, subject_name, details_json)
SELECT a.id, a.company_id, a.applied_at, a.applied_by, COALESCE(u.user_name, a.applied_by), 'templates.apply', 'template', a.template_id, a.template_name,
       json_object('userIds', json(a.user_ids_json), 'count', json_array_length(a.user_ids_json))
FROM template_applications a LEFT JOIN users u ON u.id = a.applied_by;

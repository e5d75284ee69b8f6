-- Queue member devices and the audit log (see ../014_queue_member_devices_and_audit_log.sql).
ALTER TABLE queue_members ADD COLUMN devices_json TEXT;

CREATE TABLE audit_log (
  rowid BIGINT GENERATED ALWAYS AS IDENTITY,
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

INSERT INTO audit_log (id, company_id, at, actor_id, actor_name, action, subject_kind, subject_id, subject_name, details_json)
SELECT a.id, a.company_id, a.applied_at, a.applied_by, COALESCE(u.user_name, a.applied_by), 'templates.apply', 'template', a.template_id, a.template_name,
       jsonb_build_object('userIds', a.user_ids_json::jsonb, 'count', jsonb_array_length(a.user_ids_json::jsonb))::text
FROM template_applications a LEFT JOIN users u ON u.id = a.applied_by
ORDER BY a.rowid;

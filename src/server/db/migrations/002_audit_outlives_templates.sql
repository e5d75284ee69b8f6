-- The apply audit keeps the template's name, so a template may be deleted after it was applied:
-- drop the foreign key from template_applications to templates.
CREATE TABLE template_applications_new (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  template_id TEXT NOT NULL,
  template_name TEXT NOT NULL,
  applied_by TEXT NOT NULL REFERENCES users(id),
  applied_at TEXT NOT NULL,
  user_ids_json TEXT NOT NULL
);
INSERT INTO template_applications_new SELECT id, company_id, template_id, template_name, applied_by, applied_at, user_ids_json FROM template_applications;
DROP TABLE template_applications;
ALTER TABLE template_applications_new RENAME TO template_applications;
CREATE INDEX template_applications_company ON template_applications(company_id, applied_at);

-- The apply audit keeps the template's name, so a template may be deleted after it was applied.
ALTER TABLE template_applications DROP CONSTRAINT template_applications_template_id_fkey;
CREATE INDEX template_applications_company ON template_applications(company_id, applied_at);

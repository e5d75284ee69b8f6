-- Self-registration can no longer make administrators (see ../007_registration_never_admin.sql).
UPDATE companies
SET settings_json = jsonb_set(settings_json::jsonb, '{registrationRole}', '"guest"')::text
WHERE settings_json::jsonb ->> 'registrationRole' = 'admin';

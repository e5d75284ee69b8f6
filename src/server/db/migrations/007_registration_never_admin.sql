-- Self-registration can no longer make administrators (issue 12): a company whose settings said
-- so registers guests again, as seed 003's default does.
UPDATE companies
SET settings_json = json_set(settings_json, '$.registrationRole', 'guest')
WHERE json_extract(settings_json, '$.registrationRole') = 'admin';

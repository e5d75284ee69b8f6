-- Tenancy of numbers, extensions and self-registration (see ../008_tenancy_numbers_per_company.sql).
CREATE TABLE company_number_blocks (
  first_number TEXT PRIMARY KEY,
  last_number TEXT NOT NULL,
  company_id TEXT NOT NULL REFERENCES companies(id),
  created_at TEXT NOT NULL,
  CHECK (length(first_number) = length(last_number) AND first_number <= last_number)
);
CREATE INDEX company_number_blocks_company ON company_number_blocks(company_id, first_number);

-- Extensions are unique per company; public numbers (starting with +) across companies.
ALTER TABLE directory_numbers DROP CONSTRAINT directory_numbers_pkey;
ALTER TABLE directory_numbers ADD PRIMARY KEY (company_id, number);
CREATE UNIQUE INDEX directory_numbers_public ON directory_numbers(number) WHERE number LIKE '+%';

UPDATE users u SET numbers_json = jsonb_set(numbers_json::jsonb, '{landline}', 'null')::text
WHERE numbers_json::jsonb ->> 'landline' IN (SELECT main_number FROM companies WHERE main_number IS NOT NULL AND id <> u.company_id);
UPDATE users u SET numbers_json = jsonb_set(numbers_json::jsonb, '{mobile}', 'null')::text
WHERE numbers_json::jsonb ->> 'mobile' IN (SELECT main_number FROM companies WHERE main_number IS NOT NULL AND id <> u.company_id);
DELETE FROM directory_numbers d
WHERE number IN (SELECT c.main_number FROM companies c WHERE c.main_number IS NOT NULL AND c.id <> d.company_id);
INSERT INTO directory_numbers (number, company_id, type, user_id, queue_id)
SELECT main_number, id, 'main', NULL, NULL FROM companies WHERE main_number LIKE '+%'
ON CONFLICT DO NOTHING;

INSERT INTO company_number_blocks (first_number, last_number, company_id, created_at)
SELECT number, number, company_id, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
FROM directory_numbers WHERE number LIKE '+%' AND type IN ('main', 'queue', 'landline')
ON CONFLICT DO NOTHING;

ALTER TABLE companies ADD COLUMN registration_token TEXT;
UPDATE companies SET registration_token = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
CREATE UNIQUE INDEX companies_registration_token ON companies(registration_token);

DROP INDEX users_email;
CREATE UNIQUE INDEX users_company_email ON users(company_id, email);
CREATE INDEX users_email_any ON users(email);

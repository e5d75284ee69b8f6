-- Tenancy of numbers, extensions and self-registration (issue 12).
--
-- 1. Number blocks: the public (E.164) numbers a company owns, as ranges of equal-length
--    numbers (`first_number` ≤ n ≤ `last_number`, compared as text). The operator adds them
--    (seed data, `npm run server -- --add-numbers`); blocks of different companies never overlap.
--    A company's main number, queue numbers and users' landlines must lie in its own blocks.
CREATE TABLE company_number_blocks (
  first_number TEXT PRIMARY KEY,
  last_number TEXT NOT NULL,
  company_id TEXT NOT NULL REFERENCES companies(id),
  created_at TEXT NOT NULL,
  CHECK (length(first_number) = length(last_number) AND first_number <= last_number)
);
CREATE INDEX company_number_blocks_company ON company_number_blocks(company_id, first_number);

-- 2. The directory: extensions (and other short numbers) are unique per company; public
--    numbers (starting with +) stay unique across companies. The company main number gets a
--    row of its own (type 'main') so that nobody else can claim it.
CREATE TABLE directory_numbers_by_company (
  number TEXT NOT NULL,
  company_id TEXT NOT NULL REFERENCES companies(id),
  type TEXT NOT NULL,
  user_id TEXT REFERENCES users(id),
  queue_id TEXT REFERENCES queues(id),
  PRIMARY KEY (company_id, number)
);
INSERT INTO directory_numbers_by_company (number, company_id, type, user_id, queue_id)
SELECT number, company_id, type, user_id, queue_id FROM directory_numbers;
DROP TABLE directory_numbers;
ALTER TABLE directory_numbers_by_company RENAME TO directory_numbers;
CREATE UNIQUE INDEX directory_numbers_public ON directory_numbers(number) WHERE number LIKE '+%';
CREATE INDEX directory_numbers_user ON directory_numbers(user_id);

-- A landline or mobile that another company's admin set to a company's main number (the attack
-- issue 12 describes) is given back: the row goes, and the user's number is cleared.
UPDATE users SET numbers_json = json_set(numbers_json, '$.landline', NULL)
WHERE json_extract(numbers_json, '$.landline') IN (SELECT main_number FROM companies WHERE main_number IS NOT NULL AND id <> users.company_id);
UPDATE users SET numbers_json = json_set(numbers_json, '$.mobile', NULL)
WHERE json_extract(numbers_json, '$.mobile') IN (SELECT main_number FROM companies WHERE main_number IS NOT NULL AND id <> users.company_id);
DELETE FROM directory_numbers
WHERE number IN (SELECT c.main_number FROM companies c WHERE c.main_number IS NOT NULL AND c.id <> directory_numbers.company_id);
INSERT OR IGNORE INTO directory_numbers (number, company_id, type, user_id, queue_id)
SELECT main_number, id, 'main', NULL, NULL FROM companies WHERE main_number LIKE '+%';

-- Existing data stays valid: every public number a company already uses (main, queues,
-- landlines; not mobiles, which are the users' own) becomes a one-number block of that company.
INSERT OR IGNORE INTO company_number_blocks (first_number, last_number, company_id, created_at)
SELECT number, number, company_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM directory_numbers WHERE number LIKE '+%' AND type IN ('main', 'queue', 'landline');

-- 3. Self-registration through the company's own link: an unguessable token the company's
--    admin sees and can rotate (replaces guessing company ids).
ALTER TABLE companies ADD COLUMN registration_token TEXT;
UPDATE companies SET registration_token = lower(hex(randomblob(24)));
CREATE UNIQUE INDEX companies_registration_token ON companies(registration_token);

-- 4. Email addresses are unique per company, not across companies: a self-registration into one
--    company no longer stops another company's admin from creating or inviting that address.
--    User names stay unique across companies: they are also the users' SIP account names.
DROP INDEX users_email;
CREATE UNIQUE INDEX users_company_email ON users(company_id, email COLLATE NOCASE);
CREATE INDEX users_email_any ON users(email COLLATE NOCASE);

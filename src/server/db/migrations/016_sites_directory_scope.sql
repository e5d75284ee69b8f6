-- Issue 13 "Directory scope" (seed 002): a company's sites (branches: a name, unique per company
-- regardless of case, and an optional site code), each user's site (none: NULL) and whom their
-- directory shows: 'company' (everyone, the default), 'site' (their own site's people) or 'none'.
-- Plain portable SQL (the PostgreSQL store runs the same file).
CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  name TEXT NOT NULL,
  code TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX sites_company_name ON sites(company_id, lower(name));

ALTER TABLE users ADD COLUMN site_id TEXT REFERENCES sites(id);
ALTER TABLE users ADD COLUMN directory_scope TEXT NOT NULL DEFAULT 'company';
CREATE INDEX users_site ON users(site_id);

-- A company's sites and each user's directory scope (see ../016_sites_directory_scope.sql).
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

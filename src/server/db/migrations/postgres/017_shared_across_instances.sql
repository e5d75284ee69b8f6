-- What several server instances share (see ../017_shared_across_instances.sql): rate limits.
CREATE TABLE rate_limit_hits (
  key TEXT PRIMARY KEY,
  window_start BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  hits INTEGER NOT NULL
);
CREATE INDEX rate_limit_hits_expires ON rate_limit_hits(expires_at);

-- CSV submit jobs every instance sees (see ../017_shared_across_instances.sql).
CREATE TABLE csv_jobs (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  job_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX csv_jobs_updated ON csv_jobs(updated_at);

-- When each background job's round last started (see ../017_shared_across_instances.sql).
CREATE TABLE job_runs (
  name TEXT PRIMARY KEY,
  started_at BIGINT NOT NULL
);

-- Issue 15 "Past one machine": what several server instances on one database share.
-- Rate limits: one row per limited key (route + address or session): the window's start and end (epoch
-- milliseconds) and the hits in it, counted by one atomic upsert (db/record-ops.ts
-- hitRateLimit). Ended windows are pruned. On SQLite (one instance) the server keeps its limits
-- in memory and this table stays empty; it exists so both backends have the same schema.
CREATE TABLE rate_limit_hits (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  hits INTEGER NOT NULL
);
CREATE INDEX rate_limit_hits_expires ON rate_limit_hits(expires_at);

-- CSV submit jobs (issue 12) as every instance sees them: the admin's client follows its job
-- through the load balancer, so any instance may be asked. The instance that runs a job writes
-- its state here (`job_json`: the CsvJob the route answers) and touches `updated_at` while it
-- runs; a running job not touched for a minute belonged to an instance that stopped. Used on
-- PostgreSQL; on SQLite jobs stay in the one process's memory.
CREATE TABLE csv_jobs (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id),
  job_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX csv_jobs_updated ON csv_jobs(updated_at);

-- Background job rounds (the calendar refresher, the sweepers): when each last started (epoch
-- ms, the database's clock), so that of several instances' timers only one runs a round per
-- period (db/pg-store.ts runExclusive). Used on PostgreSQL only.
CREATE TABLE job_runs (
  name TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL
);

-- Issue 15 "Past one machine": rate limits shared by every server instance on one database.
-- One row per limited key (route + address or session): the window's start and end (epoch
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

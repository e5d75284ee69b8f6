-- Rate limits shared by every server instance on the database (see ../017_rate_limit_hits.sql).
CREATE TABLE rate_limit_hits (
  key TEXT PRIMARY KEY,
  window_start BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  hits INTEGER NOT NULL
);
CREATE INDEX rate_limit_hits_expires ON rate_limit_hits(expires_at);

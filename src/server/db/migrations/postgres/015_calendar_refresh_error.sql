-- Why the last scheduled calendar refresh failed (see ../015_calendar_refresh_error.sql).
ALTER TABLE users ADD COLUMN calendar_error_json TEXT;

-- Calendar in settings (issue 13): why the last scheduled refresh of a subscribed calendar failed
-- ({"at": instant, "text": Text}: a catalog key, never the feed's own words); null after a good one.
ALTER TABLE users ADD COLUMN calendar_error_json TEXT;

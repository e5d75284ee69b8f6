ALTER TABLE pbx_call_events ADD COLUMN sip_call_id TEXT;

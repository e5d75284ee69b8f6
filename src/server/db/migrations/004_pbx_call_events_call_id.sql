-- The SIP Call-ID of a forwarded call, so a softphone that rang merges the PBX's report into
-- its own history entry of the same call.
ALTER TABLE pbx_call_events ADD COLUMN sip_call_id TEXT;

-- Users' own SIP accounts keep only the digest HA1 (issue 12), as desk phones do (006): the
-- random SIP password becomes md5(user_name:realm:password) for the realm the server was
-- configured with when the migration ran, and the plain column is dropped. `sip_realm` says
-- which realm the HA1 belongs to: after a realm change the server issues a fresh secret the
-- next time the softphone asks for its SIP account (services/me.ts).
-- `md5()` and `migration_sip_realm()` are functions the server registers on its connection
-- (db/migrate.ts); SQLite has neither.
ALTER TABLE users ADD COLUMN sip_ha1 TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN sip_realm TEXT NOT NULL DEFAULT '';
UPDATE users SET
  sip_realm = migration_sip_realm(),
  sip_ha1 = md5(user_name || ':' || migration_sip_realm() || ':' || sip_password);
ALTER TABLE users DROP COLUMN sip_password;

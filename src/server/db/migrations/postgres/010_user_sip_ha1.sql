-- Users' own SIP accounts keep only the digest HA1 (see ../010_user_sip_ha1.sql). The realm is
-- the setting `migration.sip_realm`, which db/pg-migrate.ts sets for the migration's transaction.
ALTER TABLE users ADD COLUMN sip_ha1 TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN sip_realm TEXT NOT NULL DEFAULT '';
UPDATE users SET
  sip_realm = current_setting('migration.sip_realm'),
  sip_ha1 = md5(user_name || ':' || current_setting('migration.sip_realm') || ':' || sip_password);
ALTER TABLE users DROP COLUMN sip_password;

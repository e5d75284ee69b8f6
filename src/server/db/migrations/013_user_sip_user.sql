-- SIP account names apart from user names (issue 12). A user's SIP name (`sip_user`) is what
-- the PBX authenticates, registers and rings; it stays unique across companies and shares one
-- namespace with desk phones' SIP names (the triggers below). User names become unique per
-- company only, like emails (008).
--
-- Existing users keep their user name as SIP name, so nothing changes for them. A user name
-- that is an email address never worked as a SIP user part: such users get a generated name
-- (db/sip-names.ts, through `migration_generated_sip_user()`, registered by db/migrate.ts), and
-- their HA1, made for the old name, is marked stale (`sip_realm` empty): the softphone gets a
-- fresh one with its next SIP account request (services/me.ts).
ALTER TABLE users ADD COLUMN sip_user TEXT NOT NULL DEFAULT '' COLLATE NOCASE;
UPDATE users SET sip_user = user_name;
UPDATE users SET sip_user = migration_generated_sip_user(user_name), sip_realm = '' WHERE instr(user_name, '@') > 0;
CREATE UNIQUE INDEX users_sip_user ON users(sip_user COLLATE NOCASE);
DROP INDEX users_user_name;
CREATE UNIQUE INDEX users_user_name ON users(company_id, user_name COLLATE NOCASE);
-- Sign-in looks a name up across companies (then checks the password of each candidate).
CREATE INDEX users_user_name_any ON users(user_name COLLATE NOCASE);

CREATE TRIGGER users_sip_user_free_insert BEFORE INSERT ON users
WHEN EXISTS (SELECT 1 FROM devices WHERE sip_user = NEW.sip_user)
BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: users.sip_user'); END;
CREATE TRIGGER users_sip_user_free_update BEFORE UPDATE OF sip_user ON users
WHEN NEW.sip_user <> OLD.sip_user AND EXISTS (SELECT 1 FROM devices WHERE sip_user = NEW.sip_user)
BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: users.sip_user'); END;
CREATE TRIGGER devices_sip_user_free_insert BEFORE INSERT ON devices
WHEN EXISTS (SELECT 1 FROM users WHERE sip_user = NEW.sip_user)
BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: devices.sip_user'); END;

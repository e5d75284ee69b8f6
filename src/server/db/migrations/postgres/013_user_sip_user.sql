-- SIP account names apart from user names (see ../013_user_sip_user.sql). Generated names for
-- user names that are email addresses follow db/sip-names.ts `generatedSipUser` (local part,
-- SIP-safe and lower case, and a random six-letter suffix).
ALTER TABLE users ADD COLUMN sip_user TEXT COLLATE nocase NOT NULL DEFAULT '';
UPDATE users SET sip_user = user_name;
UPDATE users SET
  sip_user = coalesce(nullif(trim(both '-' from left(regexp_replace(lower(split_part(user_name, '@', 1)), '[^a-z0-9]+', '-', 'g'), 24)), ''), 'user')
    || '-' || substr(translate(md5(random()::text || id), '01', 'xy'), 1, 6),
  sip_realm = ''
WHERE strpos(user_name, '@') > 0;
CREATE UNIQUE INDEX users_sip_user ON users(sip_user);
DROP INDEX users_user_name;
CREATE UNIQUE INDEX users_user_name ON users(company_id, user_name);
CREATE INDEX users_user_name_any ON users(user_name);

-- One namespace for users' and desk phones' SIP names (SQLite: triggers of the same names).
CREATE FUNCTION sip_user_free() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' AND EXISTS (SELECT 1 FROM devices WHERE sip_user = NEW.sip_user) THEN
    RAISE unique_violation USING MESSAGE = 'UNIQUE constraint failed: users.sip_user', CONSTRAINT = 'users_sip_user';
  END IF;
  IF TG_TABLE_NAME = 'devices' AND EXISTS (SELECT 1 FROM users WHERE sip_user = NEW.sip_user) THEN
    RAISE unique_violation USING MESSAGE = 'UNIQUE constraint failed: devices.sip_user', CONSTRAINT = 'devices_sip_user';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER users_sip_user_free_insert BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION sip_user_free();
CREATE TRIGGER users_sip_user_free_update BEFORE UPDATE OF sip_user ON users FOR EACH ROW
  WHEN (NEW.sip_user <> OLD.sip_user) EXECUTE FUNCTION sip_user_free();
CREATE TRIGGER devices_sip_user_free_insert BEFORE INSERT ON devices FOR EACH ROW EXECUTE FUNCTION sip_user_free();

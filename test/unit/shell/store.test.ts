import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyPersistedState } from '../../../src/main/client/persistedState';

const electron = await vi.hoisted(async () => (await import('./fake-electron')).createElectronMock());
vi.mock('electron', () => ({ default: electron, ...electron }));

const { ElectronStorePersistence } = await import('../../../src/main/shell/store');
const { SafeStorageSecrets } = await import('../../../src/main/shell/secrets');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shell-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = () => join(dir, 'client-state.json');
const asideFiles = () => readdirSync(dir).filter((name) => name.includes('.corrupt-'));
const NOW = () => new Date('2026-11-23T10:00:00Z');

describe('electron-store persistence', () => {
  it('starts with the defaults and keeps what was saved across restarts', async () => {
    const first = new ElectronStorePersistence({ cwd: dir, now: NOW });
    expect(await first.load()).toEqual({ state: emptyPersistedState(), problems: [] });
    await first.save({ revision: 12, remembered: { serverUrl: 'https://profiles.example.com', userName: 'alice' } });

    const second = new ElectronStorePersistence({ cwd: dir, now: NOW });
    const { state, problems } = await second.load();
    expect(problems).toEqual([]);
    expect(state.revision).toBe(12);
    expect(state.remembered).toEqual({ serverUrl: 'https://profiles.example.com', userName: 'alice' });
    expect(state.settings).toEqual(emptyPersistedState().settings);
  });

  it('lets the shell peek at a section before the service loads, keeping problems for load()', async () => {
    writeFileSync(file(), '{ not json');
    const store = new ElectronStorePersistence({ cwd: dir, now: NOW });
    expect(await store.peek('settings')).toEqual(emptyPersistedState().settings);
    await store.save({ settings: { ...emptyPersistedState().settings, startMinimised: true } });
    expect((await store.peek('settings')).startMinimised).toBe(true);
    expect((await store.load()).problems).toHaveLength(1);
  });

  it("writes the file readable by the user only (issue 12: the client's files)", async () => {
    await new ElectronStorePersistence({ cwd: dir, now: NOW }).save({ revision: 3 });
    expect(statSync(file()).mode & 0o777).toBe(0o600);
  });

  it('refuses to save data that breaks the schemas', async () => {
    const store = new ElectronStorePersistence({ cwd: dir });
    await expect(store.save({ revision: -1 })).rejects.toThrow(/Refused to save revision/);
  });

  it('moves unreadable JSON aside and reports it', async () => {
    writeFileSync(file(), '{"revision": 3, oops');
    const { state, problems } = await new ElectronStorePersistence({ cwd: dir, now: NOW }).load();
    expect(state).toEqual(emptyPersistedState());
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/could not be read .* moved to .*client-state\.corrupt-20261123T100000Z\.json/);
    expect(readFileSync(problems[0]!.movedTo!, 'utf8')).toBe('{"revision": 3, oops');
  });

  it('resets only the section that fails its schema, keeping a copy', async () => {
    writeFileSync(file(), JSON.stringify({ revision: 9, history: [{ id: 'broken' }], __internal__: { migrations: { version: '1.0.0' } } }));
    const { state, problems } = await new ElectronStorePersistence({ cwd: dir, now: NOW }).load();
    expect(state.revision).toBe(9);
    expect(state.history).toEqual([]);
    expect(problems[0]!.message).toMatch(/\(history\) and was reset; a copy was kept/);
    expect(asideFiles()).toHaveLength(1);
    expect(JSON.parse(readFileSync(file(), 'utf8')).history).toEqual([]);
  });

  it('upgrades a format-1 store with an empty SIP account section (format 2)', async () => {
    await new ElectronStorePersistence({ cwd: dir, version: 1 }).load();
    const raw = JSON.parse(readFileSync(file(), 'utf8'));
    delete raw.sipAccount;
    raw.revision = 4;
    writeFileSync(file(), JSON.stringify(raw));
    const { state, problems } = await new ElectronStorePersistence({ cwd: dir }).load();
    expect(problems).toEqual([]);
    expect(state).toMatchObject({ sipAccount: null, revision: 4 });
    const written = JSON.parse(readFileSync(file(), 'utf8'));
    expect(written.sipAccount).toBeNull();
    expect(written.__internal__.migrations.version).toBe('2.0.0');
  });

  it('runs the migration steps between the stored format and ours, once', async () => {
    // A format-1 store whose settings lack countryCode, which format 2 adds.
    const old = new ElectronStorePersistence({ cwd: dir, version: 1 });
    await old.load();
    const raw = JSON.parse(readFileSync(file(), 'utf8'));
    delete raw.settings.countryCode;
    raw.settings.legacyRinger = 'loud';
    writeFileSync(file(), JSON.stringify(raw));

    const step = vi.fn((data: Record<string, unknown>) => {
      const { legacyRinger: _dropped, ...settings } = data.settings as Record<string, unknown>;
      return { ...data, settings: { ...settings, countryCode: '47' } };
    });
    const upgraded = new ElectronStorePersistence({ cwd: dir, version: 2, migrations: { 1: step } });
    const { state, problems } = await upgraded.load();
    expect(problems).toEqual([]);
    expect(step).toHaveBeenCalledOnce();
    expect(state.settings.countryCode).toBe('47');
    expect(JSON.parse(readFileSync(file(), 'utf8')).__internal__.migrations.version).toBe('2.0.0');

    await new ElectronStorePersistence({ cwd: dir, version: 2, migrations: { 1: step } }).load();
    expect(step).toHaveBeenCalledOnce();
  });

  it('moves aside a store whose migration fails, or that a newer version wrote', async () => {
    const old = new ElectronStorePersistence({ cwd: dir, version: 1 });
    await old.load();
    await old.save({ revision: 5 });
    const failing = new ElectronStorePersistence({
      cwd: dir,
      version: 2,
      now: NOW,
      migrations: {
        1: (data) => {
          if (data.revision === 5) throw new Error('unexpected shape');
          return data;
        },
      },
    });
    const failed = await failing.load();
    expect(failed.problems[0]!.message).toMatch(/upgrade failed: unexpected shape.*moved to/);
    expect(failed.state.revision).toBe(0);

    writeFileSync(file(), JSON.stringify({ revision: 1, __internal__: { migrations: { version: '9.0.0' } } }));
    const newer = await new ElectronStorePersistence({ cwd: dir, now: NOW }).load();
    expect(newer.problems[0]!.message).toMatch(/newer version \(format 9, this one reads 2\)/);
    expect(asideFiles()).toHaveLength(2);
  });

  it('moves aside a store without a format version instead of guessing', async () => {
    writeFileSync(file(), JSON.stringify({ revision: 3, history: [] }));
    const { state, problems } = await new ElectronStorePersistence({ cwd: dir, now: NOW }).load();
    expect(state).toEqual(emptyPersistedState());
    expect(problems[0]!.message).toMatch(/old or unknown format/);
    expect(JSON.parse(readFileSync(problems[0]!.movedTo!, 'utf8'))).toEqual({ revision: 3, history: [] });
  });

  it('moves aside a store whose format has no migration step', async () => {
    await new ElectronStorePersistence({ cwd: dir, version: 1 }).load();
    const { problems } = await new ElectronStorePersistence({ cwd: dir, version: 2, migrations: {}, now: NOW }).load();
    expect(problems[0]!.message).toMatch(/cannot be upgraded/);
    expect(asideFiles()).toHaveLength(1);
  });

  it('keeps the other sections when one has the wrong type altogether', async () => {
    writeFileSync(
      file(),
      JSON.stringify({ revision: 'nine', remembered: { serverUrl: 'x', userName: 'bo' }, __internal__: { migrations: { version: '2.0.0' } } }),
    );
    const { state, problems } = await new ElectronStorePersistence({ cwd: dir, now: NOW }).load();
    expect(state.revision).toBe(0);
    expect(state.remembered).toEqual({ serverUrl: 'x', userName: 'bo' });
    expect(problems[0]!.message).toMatch(/\(revision\) and was reset/);
  });

  it('lands concurrent saves in call order and leaves no temporary files', async () => {
    const store = new ElectronStorePersistence({ cwd: dir });
    await store.load();
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.save({ revision: i })));
    expect((await new ElectronStorePersistence({ cwd: dir }).load()).state.revision).toBe(24);
    expect(readdirSync(dir)).toEqual(['client-state.json']);
  });
});

describe('safeStorage secrets', () => {
  const secretsFile = () => join(dir, 'secrets.json');
  beforeEach(() => {
    electron.safeStorage.isEncryptionAvailable.mockReturnValue(true);
    electron.safeStorage.getSelectedStorageBackend.mockReturnValue('gnome_libsecret');
  });

  it('writes only ciphertext and reads it back after a restart', async () => {
    const reports: string[] = [];
    const secrets = new SafeStorageSecrets({ cwd: dir, platform: 'linux', report: (message) => reports.push(message) });
    await secrets.set('sipHa1', 'very-secret-sip-password');
    const onDisk = readFileSync(secretsFile(), 'utf8');
    expect(onDisk).not.toContain('very-secret-sip-password');
    expect(JSON.parse(onDisk).sipHa1).toMatch(/^[A-Za-z0-9+/=]+$/);

    const again = new SafeStorageSecrets({ cwd: dir, platform: 'linux', report: (message) => reports.push(message) });
    expect(await again.get('sipHa1')).toBe('very-secret-sip-password');
    await again.delete('sipHa1');
    expect(await again.get('sipHa1')).toBeNull();
    expect(reports).toEqual([]);
  });

  it.each([
    ['no encryption at all', () => electron.safeStorage.isEncryptionAvailable.mockReturnValue(false), /system keychain is not available/],
    ["Linux's basic_text fallback", () => electron.safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text'), /no system keyring/],
  ])('never writes a secret with %s, keeps it in memory and says so once', async (_case, arrange, reason) => {
    arrange();
    const reports: string[] = [];
    const secrets = new SafeStorageSecrets({ cwd: dir, platform: 'linux', report: (message) => reports.push(message) });
    await secrets.set('sessionToken', 'token-abc-123');
    await secrets.set('sipHa1', 'very-secret-sip-password');
    expect(await secrets.get('sessionToken')).toBe('token-abc-123');
    const onDisk = existsSync(secretsFile()) ? readFileSync(secretsFile(), 'utf8') : '';
    expect(onDisk).not.toContain('token-abc-123');
    expect(onDisk).not.toContain('very-secret-sip-password');
    expect(electron.safeStorage.encryptString).not.toHaveBeenCalledWith('token-abc-123');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(reason);
    expect(reports[0]).toMatch(/sign in again after restarting/);
  });

  it('drops a secret that no longer decrypts and reports it', async () => {
    writeFileSync(secretsFile(), JSON.stringify({ sessionToken: Buffer.from('garbage').toString('base64') }));
    const reports: string[] = [];
    const secrets = new SafeStorageSecrets({ cwd: dir, platform: 'linux', report: (message) => reports.push(message) });
    expect(await secrets.get('sessionToken')).toBeNull();
    expect(reports[0]).toMatch(/could not be decrypted/);
    expect(JSON.parse(readFileSync(secretsFile(), 'utf8'))).toEqual({});
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileStore, JsonFileBackend } from '../../../src/main/client/fileStore';
import { CLIENT_STATE_VERSION } from '../../../src/main/client/versionedStore';
import { emptyPersistedState } from '../../../src/main/client/persistedState';

const fixedNow = () => new Date('2026-11-23T18:00:00.000Z');

describe('FileStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'client-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const file = () => path.join(dir, 'client-state.json');

  it('writes the file readable by the user only (issue 12)', async () => {
    await new FileStore({ dir }).save({ revision: 1 });
    expect((await stat(file())).mode & 0o777).toBe(0o600);
  });

  it('starts empty when there is no file, and round-trips saved sections', async () => {
    const store = new FileStore({ dir });
    const first = await store.load();
    expect(first.problems).toEqual([]);
    expect(first.state).toEqual(emptyPersistedState());

    await store.save({
      remembered: { serverUrl: 'http://127.0.0.1:1', userName: 'anna' },
      revision: 7,
    });
    await store.save({ revision: 8 });

    const again = await new FileStore({ dir }).load();
    expect(again.problems).toEqual([]);
    expect(again.state.remembered).toEqual({ serverUrl: 'http://127.0.0.1:1', userName: 'anna' });
    expect(again.state.revision).toBe(8);
    const onDisk = JSON.parse(await readFile(file(), 'utf8'));
    expect(onDisk.version).toBe(CLIENT_STATE_VERSION);
  });

  it('moves an unparsable file aside, reports it and starts fresh', async () => {
    await writeFile(file(), '{"version": 1, "data": {"revis');
    const { state, problems } = await new FileStore({ dir, now: fixedNow }).load();
    expect(state).toEqual(emptyPersistedState());
    expect(problems).toHaveLength(1);
    const aside = path.join(dir, 'client-state.corrupt-20261123T180000Z.json');
    expect(problems[0]?.movedTo).toBe(aside);
    expect(problems[0]?.message).toContain('unreadable');
    expect(await readFile(aside, 'utf8')).toBe('{"version": 1, "data": {"revis');
    // A fresh, valid file replaced it.
    expect(JSON.parse(await readFile(file(), 'utf8')).version).toBe(CLIENT_STATE_VERSION);
  });

  it('moves an old-format file (no version) aside instead of guessing', async () => {
    await writeFile(file(), JSON.stringify({ revision: 3, history: [] }));
    const { problems } = await new FileStore({ dir, now: fixedNow }).load();
    expect(problems[0]?.message).toContain('old or unknown format');
    const names = await readdir(dir);
    expect(names.sort()).toEqual([
      'client-state.corrupt-20261123T180000Z.json',
      'client-state.json',
    ]);
  });

  it('moves aside a file written by a newer format and never overwrites an earlier aside copy', async () => {
    await writeFile(path.join(dir, 'client-state.corrupt-20261123T180000Z.json'), 'earlier');
    await writeFile(file(), JSON.stringify({ version: 9, data: {} }));
    const { problems } = await new FileStore({ dir, now: fixedNow }).load();
    expect(problems[0]?.message).toContain('newer version (format 9');
    expect(problems[0]?.movedTo).toBe(
      path.join(dir, 'client-state.corrupt-20261123T180000Z-2.json'),
    );
    expect(
      await readFile(path.join(dir, 'client-state.corrupt-20261123T180000Z.json'), 'utf8'),
    ).toBe('earlier');
  });

  it('runs the migration chain step by step and writes the upgraded file', async () => {
    // Format 1 called the history "calls"; format 2 renamed it; format 3 added nothing but a step.
    const steps: string[] = [];
    const migrations = {
      1: (data: Record<string, unknown>) => {
        steps.push('1→2');
        const { calls, ...rest } = data;
        return { ...rest, history: calls };
      },
      2: (data: Record<string, unknown>) => {
        steps.push('2→3');
        return data;
      },
    };
    const entry = {
      id: 'h1',
      direction: 'incoming',
      party: { number: '1001', displayName: null },
      calledNumber: null,
      startedAt: '2026-11-23T17:00:00.000Z',
      answeredAt: null,
      endedAt: '2026-11-23T17:00:05.000Z',
      outcome: 'missed',
      forwardedTo: null,
      reason: null,
    };
    await writeFile(file(), JSON.stringify({ version: 1, data: { calls: [entry], revision: 4 } }));
    const { state, problems } = await new FileStore({ dir, version: 3, migrations }).load();
    expect(problems).toEqual([]);
    expect(steps).toEqual(['1→2', '2→3']);
    expect(state.history).toEqual([entry]);
    expect(state.revision).toBe(4);
    const onDisk = JSON.parse(await readFile(file(), 'utf8'));
    expect(onDisk.version).toBe(3);
    expect(onDisk.data.history).toHaveLength(1);
  });

  it('moves aside a file whose format has no migration step', async () => {
    await writeFile(file(), JSON.stringify({ version: 1, data: {} }));
    const { problems } = await new FileStore({
      dir,
      version: 2,
      migrations: {},
      now: fixedNow,
    }).load();
    expect(problems[0]?.message).toContain('cannot be upgraded');
  });

  it('keeps valid sections, resets invalid ones and keeps a copy of the file', async () => {
    await writeFile(
      file(),
      JSON.stringify({
        version: 1,
        data: {
          revision: 12,
          settings: { ringtone: 'loud' },
          remembered: { serverUrl: 'x', userName: 'bo' },
        },
      }),
    );
    const { state, problems } = await new FileStore({ dir, now: fixedNow }).load();
    expect(state.revision).toBe(12);
    expect(state.remembered).toEqual({ serverUrl: 'x', userName: 'bo' });
    expect(state.settings).toEqual(emptyPersistedState().settings);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('(settings)');
    const copy = JSON.parse(
      await readFile(path.join(dir, 'client-state.corrupt-20261123T180000Z.json'), 'utf8'),
    );
    expect(copy.data.settings).toEqual({ ringtone: 'loud' });
  });

  it('drops a stored shortcut that the current rules refuse and keeps the other settings', async () => {
    const settings = { ...emptyPersistedState().settings, startMinimised: true, shortcuts: { answer: 'banana', hangUp: 'Ctrl+Shift+H' } };
    await writeFile(file(), JSON.stringify({ version: 1, data: { settings } }));
    const { state, problems } = await new FileStore({ dir, now: fixedNow }).load();
    expect(problems).toEqual([]);
    expect(state.settings.startMinimised).toBe(true);
    expect(state.settings.shortcuts).toEqual({ answer: '', hangUp: 'Ctrl+Shift+H' });
  });

  it('writes atomically: concurrent saves land in call order and leave no temporary files', async () => {
    const store = new FileStore({ dir });
    await store.load();
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.save({ revision: i })));
    expect((await new FileStore({ dir }).load()).state.revision).toBe(24);
    expect(await readdir(dir)).toEqual(['client-state.json']);
  });

  it('a failed write leaves the previous file intact', async () => {
    const store = new FileStore({ dir });
    await store.save({ revision: 5 });
    const before = await readFile(file(), 'utf8');
    // A value JSON cannot encode: the store refuses it, and the backend's write fails before the rename.
    await expect(store.save({ revision: 1n as unknown as number })).rejects.toThrow();
    expect(await readFile(file(), 'utf8')).toBe(before);
    const backend = new JsonFileBackend(dir);
    await expect(
      backend.write(CLIENT_STATE_VERSION, {
        ...emptyPersistedState(),
        revision: 1n as unknown as number,
      }),
    ).rejects.toThrow();
    expect(await readFile(file(), 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['client-state.json']);
  });

  it('refuses to save data that breaks the schemas, leaving the file as it was', async () => {
    const store = new FileStore({ dir });
    await store.save({ revision: 3 });
    const before = await readFile(file(), 'utf8');
    await expect(store.save({ revision: -1 })).rejects.toThrow(/Refused to save revision/);
    await expect(
      store.save({
        history: [{ id: 'broken' }] as unknown as ReturnType<typeof emptyPersistedState>['history'],
      }),
    ).rejects.toThrow(/Refused to save history/);
    expect(await readFile(file(), 'utf8')).toBe(before);
    expect((await new FileStore({ dir }).load()).state.revision).toBe(3);
  });

  it('lets a caller peek or save before load, keeping the problems for load()', async () => {
    await writeFile(file(), '{ not json');
    const store = new FileStore({ dir, now: fixedNow });
    expect(await store.peek('settings')).toEqual(emptyPersistedState().settings);
    await store.save({ settings: { ...emptyPersistedState().settings, startMinimised: true } });
    expect((await store.peek('settings')).startMinimised).toBe(true);
    const { state, problems } = await store.load();
    expect(state.settings.startMinimised).toBe(true);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.movedTo).toBe(path.join(dir, 'client-state.corrupt-20261123T180000Z.json'));
    expect((await store.load()).problems).toEqual([]);

    // A save as the very first call does not lose what loading found either.
    await writeFile(file(), JSON.stringify({ version: 9, data: {} }));
    const saving = new FileStore({ dir, now: fixedNow });
    await saving.save({ revision: 2 });
    const after = await saving.load();
    expect(after.state.revision).toBe(2);
    expect(after.problems[0]?.message).toContain('newer version (format 9');
  });

  it('moves aside a file whose migration step fails', async () => {
    await writeFile(file(), JSON.stringify({ version: 1, data: { revision: 5 } }));
    const { state, problems } = await new FileStore({
      dir,
      now: fixedNow,
      migrations: {
        1: () => {
          throw new Error('unexpected shape');
        },
      },
    }).load();
    expect(state).toEqual(emptyPersistedState());
    expect(problems[0]?.message).toMatch(/upgrade failed: unexpected shape.*moved to/);
    expect(
      JSON.parse(
        await readFile(path.join(dir, 'client-state.corrupt-20261123T180000Z.json'), 'utf8'),
      ),
    ).toEqual({ version: 1, data: { revision: 5 } });
  });

  it('upgrades a format-1 file with the shared chain (format 2 adds the SIP account)', async () => {
    await writeFile(file(), JSON.stringify({ version: 1, data: { revision: 4 } }));
    const { state, problems } = await new FileStore({ dir }).load();
    expect(problems).toEqual([]);
    expect(state).toMatchObject({ sipAccount: null, revision: 4 });
    const onDisk = JSON.parse(await readFile(file(), 'utf8'));
    expect(onDisk.version).toBe(2);
    expect(onDisk.data.sipAccount).toBeNull();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/server/db/sqlite-store';
import { NumberTakenError, UniqueViolationError } from '../../../src/server/db/store';
import { newUserRecord } from '../../../src/server/services/user-records';
import type { Company } from '../../../src/shared/model';

const company: Company = {
  id: 'c1',
  name: 'C',
  mainNumber: null,
  settings: { customFieldLabels: [null, null, null], registration: 'open', registrationRole: 'guest', invitationRole: 'user', requireConfirmation: false, recordingRetentionDays: 90 },
};
const user = (userName: string, extension: string | null = null) =>
  newUserRecord({ companyId: 'c1', userName, email: `${userName}@example.test`, firstName: 'Fi', lastName: 'La', role: 'user', numbers: { extension }, passwordHash: null, sipRealm: 'softphone.local' }, new Date());

describe('SqliteStore', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'store-test-'));
    store = SqliteStore.open(join(dir, 's.sqlite'));
    await store.write((tx) => tx.insertCompany(company));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits a transaction whole, or nothing of it when it throws', async () => {
    const a = user('anna');
    await expect(
      store.write(async (tx) => {
        await tx.insertUser(a);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await store.getUser(a.id)).toBeNull();
    await store.write((tx) => tx.insertUser(a));
    expect((await store.getUser(a.id))?.userName).toBe('anna');
  });

  it('serialises concurrent writes and hides uncommitted data from readers', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const b = user('bert');
    const first = store.write(async (tx) => {
      await tx.insertUser(b);
      await gate;
    });
    const order: string[] = [];
    const second = store.write(async (tx) => {
      order.push(`second sees bert: ${(await tx.getUser(b.id)) !== null}`);
    });
    // The reader connection does not see the open transaction's row.
    expect(await store.getUser(b.id)).toBeNull();
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['second sees bert: true']);
  });

  it('finds users by name or email ignoring case, and keeps them unique', async () => {
    const carla = user('Carla', '1001');
    await store.write(async (tx) => {
      await tx.insertUser(carla);
      await tx.replaceUserNumbers(carla);
    });
    expect((await store.findUsersByLogin('CARLA')).map((u) => u.userName)).toEqual(['Carla']);
    expect((await store.findUsersByLogin('carla@EXAMPLE.test')).map((u) => u.userName)).toEqual(['Carla']);
    await expect(store.write((tx) => tx.insertUser(user('carla')))).rejects.toBeInstanceOf(UniqueViolationError);
    const other = user('dora', '1001');
    await expect(
      store.write(async (tx) => {
        await tx.insertUser(other);
        await tx.replaceUserNumbers(other);
      }),
    ).rejects.toBeInstanceOf(NumberTakenError);
    expect(await store.findUserBySipUser('dora')).toBeNull();
  });

  it('keeps the newest changes when pruning the change log', async () => {
    const e = user('emil');
    await store.write(async (tx) => {
      await tx.insertUser(e);
      for (let revision = 1; revision <= 10; revision++) {
        await tx.appendChange({ userId: e.id, revision, at: new Date().toISOString(), reason: 'r', patch: {} });
      }
      await tx.pruneChanges(e.id, 3);
    });
    expect((await store.changesSince(e.id, 0)).map((c) => c.revision)).toEqual([8, 9, 10]);
    expect(await store.oldestKeptRevision(e.id)).toBe(8);
  });
});

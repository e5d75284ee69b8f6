/** Issue 12 "Faults": the server checks its database at start; an empty or damaged file is named, never served. */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseFileError, SqliteStore } from '../../../src/server/db/sqlite-store';

describe('opening the database file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'db-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a new database where there is none, and opens it again', async () => {
    const path = join(dir, 'new.sqlite');
    const store = SqliteStore.open(path);
    await store.close();
    const again = SqliteStore.open(path);
    await again.close();
  });

  it('refuses an empty (0-byte) file, naming it', () => {
    const path = join(dir, 'empty.sqlite');
    writeFileSync(path, '');
    expect(() => SqliteStore.open(path)).toThrow(DatabaseFileError);
    expect(() => SqliteStore.open(path)).toThrow(new RegExp(`${path}.*empty \\(0 bytes\\)`));
    // and leaves it as it was
    expect(readFileSync(path).length).toBe(0);
  });

  it('refuses a file that is not a SQLite database, naming it', () => {
    const path = join(dir, 'notes.sqlite');
    writeFileSync(path, 'Internal ID,First Name\n'.repeat(500));
    expect(() => SqliteStore.open(path)).toThrow(new RegExp(`${path} is not usable: it cannot be read as a SQLite database`));
  });

  it('refuses a database whose pages are damaged, naming it and what the check found', async () => {
    const path = join(dir, 'damaged.sqlite');
    const store = SqliteStore.open(path);
    await store.close();
    // overwrite everything after the first page (the header stays readable, the tables do not)
    const size = readFileSync(path).length;
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(size - 4096, 0x5a), 0, size - 4096, 4096);
    closeSync(fd);
    expect(() => SqliteStore.open(path)).toThrow(new RegExp(`${path} is not usable`));
  });
});

/**
 * The client's persistence for Node (tests, the development harness): the one VersionedStore
 * (load, per-section validation, the migration chain, moving aside, validated saves) on a plain
 * JSON file `{ "version": N, "data": { section: value, … } }`.
 *
 * Writes go to a temporary file in the same directory, are flushed, then renamed over the file,
 * so a crash leaves either the old or the new content.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { PersistedState } from './persistedState';
import {
  UnreadableStoreError,
  VersionedStore,
  isRecord,
  type StorageBackend,
  type StoredDocument,
  type VersionedStoreOptions,
} from './versionedStore';

export interface FileStoreOptions extends VersionedStoreOptions {
  dir: string;
  fileName?: string;
}

export class JsonFileBackend implements StorageBackend {
  readonly path: string;

  constructor(
    private readonly dir: string,
    fileName = 'client-state.json',
  ) {
    this.path = path.join(dir, fileName);
  }

  async read(): Promise<StoredDocument | null> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new UnreadableStoreError((error as Error).message);
    }
    if (!isRecord(parsed) || !Number.isInteger(parsed.version) || !isRecord(parsed.data)) {
      return { version: null, data: {} };
    }
    return { version: parsed.version as number, data: parsed.data };
  }

  async write(version: number, data: PersistedState): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const body = JSON.stringify({ version, data }, null, 2);
    const temp = `${this.path}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
    try {
      const handle = await fs.open(temp, 'w', 0o600);
      try {
        await handle.writeFile(body, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, this.path);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }
}

/** A VersionedStore on `<dir>/client-state.json`. */
export class FileStore extends VersionedStore {
  constructor(options: FileStoreOptions) {
    super(new JsonFileBackend(options.dir, options.fileName), options);
  }
}

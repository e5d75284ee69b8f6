/**
 * The client's one PersistencePort implementation, parametrised only by where the bytes live
 * (a `StorageBackend`: a plain JSON file for Node in `fileStore.ts`, electron-store in the
 * shell's `store.ts`). Both get the same guarantees:
 *
 * - The stored document carries a format version. Older formats are brought up to date by the
 *   one migration chain below (one step per version) and written back. A document without a
 *   version, with a version no step leads on from, whose step fails, or newer than this build is
 *   moved aside to `<name>.corrupt-<timestamp>.json`, never overwritten or guessed at.
 * - Content that is not JSON at all is moved aside the same way. Every move is reported.
 * - Each section is validated on its own with the zod schemas of `persistedState.ts`; an
 *   invalid section is reset to its default after a copy of the whole document is kept aside,
 *   and the report names the sections. The rest is kept.
 * - A save is validated before it is written (nothing that breaks the schemas reaches the disk)
 *   and is written atomically by the backend. Loads, peeks and saves are queued, so saves land
 *   in call order.
 * - Problems found before `load()` (by a `peek` or a `save`) are kept and reported by `load()`.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { PersistenceLoad, PersistencePort, PersistenceProblem } from './ports';
import {
  emptyPersistedState,
  persistedSections,
  type PersistedKey,
  type PersistedState,
} from './persistedState';
import { text } from '../../shared/text';

/** The format this build reads and writes. */
export const CLIENT_STATE_VERSION = 2;

/** `migrations[n]` turns the data of format n into format n + 1 (pure; may throw). */
export type Migrations = Record<number, (data: Record<string, unknown>) => Record<string, unknown>>;

/** The one migration chain. No released format predates 1; a new format adds its step here. */
const CLIENT_STATE_MIGRATIONS: Migrations = {
  // 2: the SIP account (without password) is kept, so a resumed session registers offline.
  1: (data) => ('sipAccount' in data ? data : { ...data, sipAccount: null }),
};

/** What a backend found: `version` null when the document is not in the backend's layout. */
export interface StoredDocument {
  version: number | null;
  data: Record<string, unknown>;
}

/** Thrown by a backend whose stored content cannot be parsed at all. */
export class UnreadableStoreError extends Error {}

/** Where the bytes live. Both backends keep one JSON file at `path`. */
export interface StorageBackend {
  readonly path: string;
  /** The stored document, or null when nothing is stored. Throws UnreadableStoreError on garbage. */
  read(): Promise<StoredDocument | null>;
  /** Replaces the stored document, atomically (the old or the new content survives a crash). */
  write(version: number, data: PersistedState): Promise<void>;
}

export interface VersionedStoreOptions {
  /** Overridable for tests of the migration chain. */
  version?: number;
  migrations?: Migrations;
  now?: () => Date;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class VersionedStore implements PersistencePort {
  private readonly version: number;
  private readonly migrations: Migrations;
  private readonly now: () => Date;
  private current: PersistedState | null = null;
  private readonly problems: PersistenceProblem[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly backend: StorageBackend,
    options: VersionedStoreOptions = {},
  ) {
    this.version = options.version ?? CLIENT_STATE_VERSION;
    this.migrations = options.migrations ?? CLIENT_STATE_MIGRATIONS;
    this.now = options.now ?? (() => new Date());
  }

  /** The file's path (for reports and tests). */
  get path(): string {
    return this.backend.path;
  }

  load(): Promise<PersistenceLoad> {
    return this.enqueue(async () => {
      const state = await this.readNow();
      return { state, problems: this.problems.splice(0) };
    });
  }

  save(patch: Partial<PersistedState>): Promise<void> {
    return this.enqueue(() => this.saveNow(patch));
  }

  /**
   * One stored section (its default when absent or invalid), for decisions made before the
   * client service has loaded: start minimised, prefilling the sign-in. Problems stay queued for
   * load(), which reports them.
   */
  peek<K extends PersistedKey>(key: K): Promise<PersistedState[K]> {
    return this.enqueue(async () => (this.current ?? (await this.readNow()))[key]);
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    // The chain continues after a failure; the caller still sees the error.
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async saveNow(patch: Partial<PersistedState>): Promise<void> {
    // Parse before writing: nothing that breaks the schemas reaches the disk.
    const checked: Partial<Record<PersistedKey, unknown>> = {};
    for (const [key, value] of Object.entries(patch) as [PersistedKey, unknown][]) {
      if (!(key in persistedSections)) throw new Error(`Unknown persisted section "${key}"`);
      const parsed = persistedSections[key].safeParse(value);
      if (!parsed.success) {
        throw new Error(`Refused to save ${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      }
      checked[key] = parsed.data;
    }
    const next = { ...(this.current ?? (await this.readNow())), ...checked } as PersistedState;
    await this.backend.write(this.version, next);
    this.current = next;
  }

  /** Reads, migrates and validates the stored document; repairs what it must and queues reports. */
  private async readNow(): Promise<PersistedState> {
    const data = await this.readCurrentFormat();
    if (data === null) {
      this.current = emptyPersistedState();
      await this.backend.write(this.version, this.current);
      return this.current;
    }

    const state = emptyPersistedState() as Record<PersistedKey, unknown>;
    const invalid: PersistedKey[] = [];
    for (const key of Object.keys(persistedSections) as PersistedKey[]) {
      if (!(key in data.data)) continue;
      const parsed = persistedSections[key].safeParse(data.data[key]);
      if (parsed.success) state[key] = parsed.data;
      else invalid.push(key);
    }
    if (invalid.length > 0) {
      const movedTo = await this.keepAside('copy');
      this.problems.push({
        message: `Some saved data could not be read (${invalid.join(', ')}) and was reset; a copy was kept at ${movedTo}.`,
        text: text('notice.storeSectionsReset', { movedTo }),
        movedTo,
      });
    }
    this.current = state as PersistedState;
    if (invalid.length > 0 || data.rewrite) await this.backend.write(this.version, this.current);
    return this.current;
  }

  /**
   * The data at this build's format, or null when there is nothing usable (nothing stored, or
   * the document was moved aside). `rewrite` says whether the stored document must be rewritten.
   */
  private async readCurrentFormat(): Promise<{
    data: Record<string, unknown>;
    rewrite: boolean;
  } | null> {
    let stored: StoredDocument | null;
    try {
      stored = await this.backend.read();
    } catch (error) {
      if (!(error instanceof UnreadableStoreError)) throw error;
      // The notice both shells have always shown: "could not be read" … "unreadable".
      return this.moveAside(
        'could not be read (not JSON), so it was unreadable',
        '; starting fresh',
      );
    }
    if (stored === null) return null;
    const { version } = stored;
    if (version === null) {
      return this.moveAside('has an old or unknown format', '; starting fresh');
    }
    if (version > this.version) {
      return this.moveAside(
        `was written by a newer version (format ${version}, this one reads ${this.version})`,
      );
    }
    let data = stored.data;
    for (let v = version; v < this.version; v += 1) {
      const step = this.migrations[v];
      if (step === undefined) {
        return this.moveAside(`(format ${version}) cannot be upgraded`);
      }
      try {
        data = step(data);
      } catch (error) {
        return this.moveAside(
          `could not be read (upgrade failed: ${messageOf(error)}, from format ${v})`,
          '; starting fresh',
        );
      }
    }
    return { data, rewrite: version < this.version };
  }

  private async moveAside(what: string, tail = ''): Promise<null> {
    const movedTo = await this.keepAside('move');
    this.problems.push({
      message: `The saved client data ${what} and was moved to ${movedTo}${tail}.`,
      text: text('notice.storeMovedAside', { movedTo }),
      movedTo,
    });
    return null;
  }

  /** Moves (or copies) the file to `<name>.corrupt-<timestamp>.json`, never over an earlier one. */
  private async keepAside(mode: 'move' | 'copy'): Promise<string> {
    const { dir, name } = path.parse(this.backend.path);
    const when = stamp(this.now());
    let target = path.join(dir, `${name}.corrupt-${when}.json`);
    for (let n = 2; await exists(target); n += 1) {
      target = path.join(dir, `${name}.corrupt-${when}-${n}.json`);
    }
    if (mode === 'move') await fs.rename(this.backend.path, target);
    else await fs.copyFile(this.backend.path, target, constants.COPYFILE_EXCL);
    return target;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

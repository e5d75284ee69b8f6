/**
 * A PersistencePort backed by one JSON file, for Node (tests, the development harness).
 *
 * - The file is `{ "version": N, "data": { section: value, … } }`. Older versions are brought up
 *   to date by the migration chain (one step per version); a file without a version, with a
 *   version we cannot migrate, or newer than this build is moved aside, never overwritten.
 * - Unparsable JSON is moved aside to `<name>.corrupt-<timestamp>.json` and reported.
 * - Each section is validated on its own; invalid sections are reset to their defaults after a
 *   copy of the whole file is kept aside, and the report names the sections.
 * - Writes go to a temporary file in the same directory, are flushed, then renamed over the
 *   file, so a crash leaves either the old or the new content. Saves are serialised.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { PersistenceLoad, PersistencePort, PersistenceProblem } from './ports';
import { emptyPersistedState, persistedSections, type PersistedState } from './persistedState';

export const CLIENT_STATE_VERSION = 2;

/** `migrations[n]` turns the data of version n into version n + 1. */
export type Migrations = Record<number, (data: Record<string, unknown>) => Record<string, unknown>>;

/** No released format predates version 1; new versions add their step here. */
export const CLIENT_STATE_MIGRATIONS: Migrations = {
  // 2: the SIP account (without password) is kept, so a resumed session registers offline.
  1: (data) => ({ ...data, sipAccount: null }),
};

export interface FileStoreOptions {
  dir: string;
  fileName?: string;
  /** Overridable for tests of the migration chain. */
  version?: number;
  migrations?: Migrations;
  now?: () => Date;
}

type Section = keyof PersistedState;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

export class FileStore implements PersistencePort {
  readonly filePath: string;
  private readonly version: number;
  private readonly migrations: Migrations;
  private readonly now: () => Date;
  private current: PersistedState | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: FileStoreOptions) {
    this.filePath = path.join(options.dir, options.fileName ?? 'client-state.json');
    this.version = options.version ?? CLIENT_STATE_VERSION;
    this.migrations = options.migrations ?? CLIENT_STATE_MIGRATIONS;
    this.now = options.now ?? (() => new Date());
  }

  load(): Promise<PersistenceLoad> {
    return this.enqueue(() => this.loadNow());
  }

  save(patch: Partial<PersistedState>): Promise<void> {
    return this.enqueue(async () => {
      if (this.current === null) await this.loadNow();
      const next = { ...(this.current ?? emptyPersistedState()), ...patch };
      await this.writeAtomically(next);
      this.current = next;
    });
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

  private async loadNow(): Promise<PersistenceLoad> {
    await fs.mkdir(this.options.dir, { recursive: true });
    const problems: PersistenceProblem[] = [];
    let text: string;
    try {
      text = await fs.readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.current = emptyPersistedState();
      return { state: this.current, problems };
    }

    const versioned = await this.readVersioned(text, problems);
    if (versioned === null) {
      this.current = emptyPersistedState();
      await this.writeAtomically(this.current);
      return { state: this.current, problems };
    }

    const { data, migrated } = versioned;
    const state = emptyPersistedState() as Record<Section, unknown>;
    const invalid: string[] = [];
    for (const [key, schema] of Object.entries(persistedSections) as [
      Section,
      (typeof persistedSections)[Section],
    ][]) {
      if (!(key in data)) continue;
      const parsed = schema.safeParse(data[key]);
      if (parsed.success) state[key] = parsed.data;
      else invalid.push(key);
    }
    if (invalid.length > 0) {
      const movedTo = await this.keepAside(text, 'copy');
      problems.push({
        message: `Some saved data could not be read (${invalid.join(', ')}) and was reset; a copy was kept at ${movedTo}.`,
        movedTo,
      });
    }
    this.current = state as PersistedState;
    if (problems.length > 0 || migrated) await this.writeAtomically(this.current);
    return { state: this.current, problems };
  }

  /** The data object at the current version, or null when the file had to be moved aside. */
  private async readVersioned(
    text: string,
    problems: PersistenceProblem[],
  ): Promise<{ data: Record<string, unknown>; migrated: boolean } | null> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      const movedTo = await this.keepAside(text, 'move');
      problems.push({
        message: `The saved client data was unreadable and was moved to ${movedTo}; starting fresh.`,
        movedTo,
      });
      return null;
    }
    const version =
      isRecord(parsed) && Number.isInteger(parsed.version) ? (parsed.version as number) : null;
    if (!isRecord(parsed) || version === null || !isRecord(parsed.data)) {
      const movedTo = await this.keepAside(text, 'move');
      problems.push({
        message: `The saved client data has an old or unknown format and was moved to ${movedTo}; starting fresh.`,
        movedTo,
      });
      return null;
    }
    if (version > this.version) {
      const movedTo = await this.keepAside(text, 'move');
      problems.push({
        message: `The saved client data was written by a newer version (format ${version}, this one reads ${this.version}) and was moved to ${movedTo}.`,
        movedTo,
      });
      return null;
    }
    let data = parsed.data;
    for (let v = version; v < this.version; v += 1) {
      const step = this.migrations[v];
      if (step === undefined) {
        const movedTo = await this.keepAside(text, 'move');
        problems.push({
          message: `The saved client data (format ${version}) cannot be upgraded and was moved to ${movedTo}.`,
          movedTo,
        });
        return null;
      }
      try {
        data = step(data);
      } catch (error) {
        const movedTo = await this.keepAside(text, 'move');
        problems.push({
          message: `Upgrading the saved client data from format ${v} failed (${(error as Error).message}); it was moved to ${movedTo}.`,
          movedTo,
        });
        return null;
      }
    }
    return { data, migrated: version < this.version };
  }

  /** Moves (or copies) the file to `<name>.corrupt-<timestamp>.json` and returns that path. */
  private async keepAside(text: string, mode: 'move' | 'copy'): Promise<string> {
    const { dir, name } = path.parse(this.filePath);
    let target = path.join(dir, `${name}.corrupt-${stamp(this.now())}.json`);
    for (let n = 2; await exists(target); n += 1) {
      target = path.join(dir, `${name}.corrupt-${stamp(this.now())}-${n}.json`);
    }
    if (mode === 'move') await fs.rename(this.filePath, target);
    else await fs.writeFile(target, text, { flag: 'wx' });
    return target;
  }

  private async writeAtomically(state: PersistedState): Promise<void> {
    await fs.mkdir(this.options.dir, { recursive: true });
    const body = JSON.stringify({ version: this.version, data: state }, null, 2);
    const temp = `${this.filePath}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
    const handle = await fs.open(temp, 'w', 0o600);
    try {
      await handle.writeFile(body, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temp, this.filePath);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
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

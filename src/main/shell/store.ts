/**
 * The client's PersistencePort on electron-store (in the user data folder).
 *
 * - Format versions are electron-store migrations keyed `"<n>.0.0"`, independent of the app
 *   version, so upgrading the app runs exactly the steps between the stored format and ours.
 * - A light JSON schema (section types) guards every write; each section is then parsed with
 *   the client's zod schema on load, so one bad section is reset (a copy kept aside) without
 *   losing the rest.
 * - A file that cannot be read at all (broken JSON, schema violation, failed migration, newer
 *   format) is moved aside as `client-state.corrupt-<time>.json` and reported, never dropped.
 * electron-store writes atomically (temp file + rename); it is synchronous, so saves land in
 * call order.
 */
import Store from 'electron-store';
import type { Options, Schema } from 'electron-store';
import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { join, parse } from 'node:path';
import { emptyPersistedState, persistedSections } from '../client/persistedState';
import type { PersistedKey, PersistedState, PersistenceLoad, PersistencePort, PersistenceProblem } from '../client/ports';

export const STORE_FORMAT_VERSION = 2;

/**
 * `migrations[n]` upgrades a store of format n − 1 to format n. No released format predates 1.
 * electron-store also runs the steps on a brand-new store (already filled with the defaults),
 * so every step must accept the defaults.
 */
export type StoreMigrations = Record<number, (store: MigratingStore) => void>;

/** What a migration step may do with the raw store (its data is not validated mid-migration). */
export interface MigratingStore {
  has(key: string): boolean;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}
export const STORE_MIGRATIONS: StoreMigrations = {
  // 2: the SIP account (without password) is kept, so a resumed session registers offline.
  2: (store) => {
    if (!store.has('sipAccount')) store.set('sipAccount', null);
  },
};

export interface ElectronStoreOptions {
  /** Folder of the file: the composition root passes app.getPath('userData'). */
  cwd: string;
  name?: string;
  formatVersion?: number;
  migrations?: StoreMigrations;
  now?: () => Date;
}

const SECTION_SCHEMA: Schema<PersistedState> = {
  remembered: { type: ['object', 'null'] },
  account: { type: ['object', 'null'] },
  sipAccount: { type: ['object', 'null'] },
  snapshot: { type: ['object', 'null'] },
  revision: { type: 'integer', minimum: 0 },
  pendingCommands: { type: 'array' },
  settings: { type: 'object' },
  history: { type: 'array' },
};

export class ElectronStorePersistence implements PersistencePort {
  private store: Store<PersistedState> | null = null;
  private readonly problems: PersistenceProblem[] = [];

  constructor(private readonly options: ElectronStoreOptions) {}

  async load(): Promise<PersistenceLoad> {
    const store = this.open();
    const state = emptyPersistedState() as Record<PersistedKey, unknown>;
    const invalid: PersistedKey[] = [];
    for (const key of Object.keys(persistedSections) as PersistedKey[]) {
      if (!store.has(key)) continue;
      const parsed = persistedSections[key].safeParse(store.get(key));
      if (parsed.success) state[key] = parsed.data;
      else invalid.push(key);
    }
    if (invalid.length > 0) {
      const copy = this.keepAside(store.path, 'copy');
      for (const key of invalid) store.set(key, state[key] as never);
      this.problems.push({
        message: `Some saved data could not be read (${invalid.join(', ')}) and was reset; a copy was kept at ${copy}.`,
        movedTo: copy,
      });
    }
    return { state: state as PersistedState, problems: this.problems.splice(0) };
  }

  async save(patch: Partial<PersistedState>): Promise<void> {
    const store = this.open();
    // Parse before writing: nothing that breaks the schemas reaches the disk.
    const checked: Partial<Record<PersistedKey, unknown>> = {};
    for (const [key, value] of Object.entries(patch) as [PersistedKey, unknown][]) {
      if (!(key in persistedSections)) throw new Error(`Unknown persisted section "${key}"`);
      const parsed = persistedSections[key].safeParse(value);
      if (!parsed.success) throw new Error(`Refused to save ${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      checked[key] = parsed.data;
    }
    store.set(checked as Partial<PersistedState>);
  }

  /**
   * One stored section (its default when absent or invalid), for decisions the shell makes
   * before the client service has loaded: start minimised, prefilling the sign-in. Problems
   * stay queued for load(), which reports them.
   */
  peek<K extends PersistedKey>(key: K): PersistedState[K] {
    const parsed = persistedSections[key].safeParse(this.open().get(key));
    return parsed.success ? (parsed.data as PersistedState[K]) : emptyPersistedState()[key];
  }

  /** The file's path (for reports and tests). */
  get path(): string {
    return this.open().path;
  }

  private open(): Store<PersistedState> {
    if (this.store) return this.store;
    try {
      this.store = this.create();
    } catch (error) {
      const file = this.filePath();
      if (!existsSync(file)) throw error;
      const movedTo = this.keepAside(file, 'move');
      this.problems.push({
        message: `The saved client data could not be read (${describe(error)}) and was moved to ${movedTo}; starting fresh.`,
        movedTo,
      });
      this.store = this.create();
    }
    return this.store;
  }

  private create(): Store<PersistedState> {
    const version = this.options.formatVersion ?? STORE_FORMAT_VERSION;
    const stored = this.storedFormat();
    if (stored !== null && stored > version) {
      throw new Error(`it was written by a newer version (format ${stored}, this one reads ${version})`);
    }
    const migrations = this.options.migrations ?? STORE_MIGRATIONS;
    const steps: Record<string, (store: unknown) => void> = {};
    for (let n = 1; n <= version; n++) {
      const step = migrations[n];
      if (step) steps[`${n}.0.0`] = (store) => step(store as unknown as MigratingStore);
    }
    const options: Options<PersistedState> & { projectVersion: string } = {
      name: this.options.name ?? 'client-state',
      cwd: this.options.cwd,
      schema: SECTION_SCHEMA,
      defaults: emptyPersistedState(),
      // electron-store would use the app version; migrations here follow the storage format.
      projectVersion: `${version}.0.0`,
      migrations: steps as Options<PersistedState>['migrations'],
      clearInvalidConfig: false,
      // Dots in keys are data, not paths.
      accessPropertiesByDotNotation: false,
    };
    return new Store<PersistedState>(options);
  }

  /** The format recorded by electron-store's migration bookkeeping, read without opening it. */
  private storedFormat(): number | null {
    const file = this.filePath();
    if (!existsSync(file)) return null;
    const data = JSON.parse(readFileSync(file, 'utf8')) as { __internal__?: { migrations?: { version?: unknown } } };
    const version = data?.__internal__?.migrations?.version;
    const major = typeof version === 'string' ? /^(\d+)\./.exec(version)?.[1] : undefined;
    return major === undefined ? null : Number(major);
  }

  private filePath(): string {
    return join(this.options.cwd, `${this.options.name ?? 'client-state'}.json`);
  }

  private keepAside(file: string, mode: 'move' | 'copy'): string {
    const { dir, name } = parse(file);
    const stamp = (this.options.now?.() ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    let target = join(dir, `${name}.corrupt-${stamp}.json`);
    for (let n = 2; existsSync(target); n++) target = join(dir, `${name}.corrupt-${stamp}-${n}.json`);
    if (mode === 'move') renameSync(file, target);
    else copyFileSync(file, target);
    return target;
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Something went wrong during the migration! Changes applied to the store until this failed migration will be restored\. /, 'upgrade failed: ');
}


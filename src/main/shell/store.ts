/**
 * The client's persistence in the Electron shell: the one VersionedStore of the client (load,
 * per-section validation, the migration chain, moving aside, validated saves) on electron-store,
 * in the user data folder.
 *
 * The layout stays electron-store's own: the sections are top-level keys and the format version
 * is kept where electron-store's migrations kept it (`__internal__.migrations.version`, as
 * `"<n>.0.0"`, independent of the app version), so stores written by earlier builds read as
 * before. electron-store itself runs no schema and no migrations here; it reads the file on
 * every access and writes it atomically (temp file + rename).
 */
import Store from 'electron-store';
import { join } from 'node:path';
import type { PersistedState } from '../client/persistedState';
import {
  UnreadableStoreError,
  VersionedStore,
  isRecord,
  type StorageBackend,
  type StoredDocument,
  type VersionedStoreOptions,
} from '../client/versionedStore';

export interface ElectronStoreOptions extends VersionedStoreOptions {
  /** Folder of the file: the composition root passes app.getPath('userData'). */
  cwd: string;
  name?: string;
}

const INTERNAL_KEY = '__internal__';

class ElectronStoreBackend implements StorageBackend {
  readonly path: string;
  private store: Store<Record<string, unknown>> | null = null;

  constructor(
    private readonly cwd: string,
    private readonly name = 'client-state',
  ) {
    this.path = join(cwd, `${name}.json`);
  }

  // electron-store is synchronous; the port's queue keeps the calls in order.
  async read(): Promise<StoredDocument | null> {
    let raw: Record<string, unknown>;
    try {
      raw = this.open().store;
    } catch (error) {
      if (error instanceof SyntaxError) throw new UnreadableStoreError(error.message);
      throw error;
    }
    const { [INTERNAL_KEY]: internal, ...data } = raw;
    if (internal === undefined && Object.keys(data).length === 0) return null;
    const version =
      isRecord(internal) && isRecord(internal.migrations) ? internal.migrations.version : undefined;
    const major = typeof version === 'string' ? /^(\d+)\./.exec(version)?.[1] : undefined;
    return { version: major === undefined ? null : Number(major), data };
  }

  async write(version: number, data: PersistedState): Promise<void> {
    this.open().store = { ...data, [INTERNAL_KEY]: { migrations: { version: `${version}.0.0` } } };
  }

  /** Opened on first use: electron-store parses the file when it is constructed. */
  private open(): Store<Record<string, unknown>> {
    this.store ??= new Store<Record<string, unknown>>({
      name: this.name,
      cwd: this.cwd,
      clearInvalidConfig: false,
      // The user's account, history and unsent commands: readable by the user only.
      configFileMode: 0o600,
      // Dots in keys are data, not paths.
      accessPropertiesByDotNotation: false,
    });
    return this.store;
  }
}

/** A VersionedStore on `<cwd>/client-state.json`, through electron-store. */
export class ElectronStorePersistence extends VersionedStore {
  constructor(options: ElectronStoreOptions) {
    super(new ElectronStoreBackend(options.cwd, options.name), options);
  }
}

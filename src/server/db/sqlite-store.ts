/**
 * SQLite implementation of the Store port: one file, WAL, foreign keys on. Writes go through
 * one connection and are serialised by a promise chain (a transaction may await between its
 * statements); reads outside transactions use a second connection, which under WAL sees only
 * committed data. The statements themselves are in sqlite-ops.ts.
 */
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrate, type MigrationOptions } from './migrate';
import { SqliteOps } from './sqlite-ops';
import type { Store, StoreWriter } from './store';

function open(path: string, readonly: boolean): Database.Database {
  const db = new Database(path, { readonly, fileMustExist: readonly });
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (!readonly) db.pragma('synchronous = NORMAL');
  // 64 MB page cache (the default is 2 MB): a bulk apply rewrites profiles of thousands of users.
  db.pragma('cache_size = -65536');
  return db;
}

/** What migrations need to know about the server's configuration. */
export type StoreOpenOptions = MigrationOptions;

/** The database file cannot be used; the message names it and says what is wrong. */
export class DatabaseFileError extends Error {
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(`The database ${path} is not usable: ${why}. Restore it from a backup or move it aside to start with a new one.`);
    this.name = 'DatabaseFileError';
  }
}

export class SqliteStore extends SqliteOps implements Store {
  private readonly writer: Database.Database;
  private readonly writerOps: SqliteOps;
  private readonly reader: Database.Database;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(writer: Database.Database, reader: Database.Database) {
    super(reader);
    this.writer = writer;
    this.reader = reader;
    this.writerOps = new SqliteOps(writer);
  }

  /**
   * Opens (creating if needed) the database file, checks it, and brings its schema up to date.
   * A file that exists but is empty (cut short by a failed copy) or damaged is refused with its
   * name, never served as an empty company list.
   */
  static open(path: string, options: StoreOpenOptions = {}): SqliteStore {
    if (path !== ':memory:' && statSync(path, { throwIfNoEntry: false })?.size === 0) {
      throw new DatabaseFileError(path, 'the file is empty (0 bytes), which no database this server wrote can be; was it cut short by a copy?');
    }
    let writer: Database.Database;
    try {
      writer = open(path, false);
      const problems = (writer.pragma('quick_check(5)') as { quick_check: string }[]).map((row) => row.quick_check);
      if (problems.join() !== 'ok') {
        writer.close();
        throw new DatabaseFileError(path, `SQLite's integrity check failed: ${problems.join('; ')}`);
      }
    } catch (error) {
      if (error instanceof DatabaseFileError) throw error;
      throw new DatabaseFileError(path, `it cannot be read as a SQLite database (${(error as Error).message})`);
    }
    // Deleted and overwritten content is zeroed, so a secret a migration or an update replaced
    // (users' SIP passwords before 010) does not linger in free pages of the file.
    writer.pragma('secure_delete = ON');
    migrate(writer, undefined, options);
    const reader = path === ':memory:' ? writer : open(path, true);
    return new SqliteStore(writer, reader);
  }

  /** One process holds the file: nobody else runs the job, and its own timer paces it. */
  async runExclusive(_name: string, work: () => Promise<void>): Promise<boolean> {
    await work();
    return true;
  }

  write<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.writer.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.writerOps);
        this.writer.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    if (this.reader !== this.writer) this.reader.close();
    this.writer.close();
  }
}

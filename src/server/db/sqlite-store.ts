/**
 * SQLite implementation of the Store port: one file, WAL, foreign keys on. Writes go through
 * one connection and are serialised by a promise chain (a transaction may await between its
 * statements); reads outside transactions use a second connection, which under WAL sees only
 * committed data. The statements themselves are in sqlite-ops.ts.
 */
import Database from 'better-sqlite3';
import { migrate } from './migrate';
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

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  static open(path: string): SqliteStore {
    const writer = open(path, false);
    migrate(writer);
    const reader = path === ':memory:' ? writer : open(path, true);
    return new SqliteStore(writer, reader);
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

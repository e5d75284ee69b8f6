/**
 * PostgreSQL implementation of the Store port (node-postgres), chosen by a `postgres://` URL in
 * the configuration (db/open-store.ts). Reads outside transactions go to the pool; `write` runs
 * its callback between BEGIN and COMMIT on one pooled client (READ COMMITTED).
 *
 * SQLite had one writer at a time, so a read-modify-write inside `write` could not interleave
 * with another. Here several transactions (of this and of other instances on the same database)
 * run at once, and what the SQLite store got from the single writer comes from row locks:
 * inside `write`, `getUser` and `getRevision` read the user's row `FOR UPDATE`. A revision bump
 * (services/changes.ts: read the revision, write revision + 1, append the change) therefore
 * holds the user's row from the read to the commit; a concurrent bump of the same user waits
 * and then reads the committed value, so no revision is lost or given twice (the change log's
 * primary key (user_id, revision) would refuse a duplicate anyway). Whole-row user updates read
 * the row through `getUser` first and are serialised the same way. Transactions that lock
 * several users may deadlock with each other; PostgreSQL aborts one (40P01), and `write` runs
 * the callback again from the start (also on a serialization failure, 40001). Callbacks keep
 * their side effects (pushes, files) to after the commit, as writeWithChanges does.
 */
import pg from 'pg';
import type { MigrationOptions } from './migrate';
import { migratePg } from './pg-migrate';
import { JOB_LOCKS, PgOps } from './pg-ops';
import type { Store, StoreWriter } from './store';

/** Tries of a transaction PostgreSQL aborted for a deadlock or a serialization failure. */
const WRITE_ATTEMPTS = 8;
const RETRYABLE = new Set(['40001', '40P01']);

/** bigint (COUNT(*), identity columns) as a JavaScript number, like better-sqlite3 gives. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/** The database cannot be reached or brought up to date; the message says which and why. */
class DatabaseConnectionError extends Error {
  constructor(url: string, why: string) {
    super(`The database ${redactedUrl(url)} is not usable: ${why}`);
    this.name = 'DatabaseConnectionError';
  }
}

export interface PgStoreOptions extends MigrationOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

export class PgStore extends PgOps implements Store {
  private readonly inFlight = new Set<Promise<unknown>>();

  private constructor(private readonly pool: pg.Pool) {
    super(pool, false);
  }

  /** Connects, brings the schema up to date (migrations/postgres) and answers the store. */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types });
    // An idle client's connection error (the server restarted) must not crash the process;
    // the pool drops that client and the next query gets a new connection.
    pool.on('error', () => undefined);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new DatabaseConnectionError(url, `cannot connect (${(error as Error).message})`);
    }
    try {
      await migratePg(client, undefined, options);
    } catch (error) {
      client.release();
      await pool.end().catch(() => undefined);
      throw new DatabaseConnectionError(url, (error as Error).message);
    }
    client.release();
    return new PgStore(pool);
  }

  write<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    const run = this.transaction(work);
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run)).catch(() => undefined);
    return run;
  }

  /**
   * The job under `pg_try_advisory_lock` on a connection of its own: another instance (or this
   * one) already running it makes this answer false at once, and so does a round of it started
   * within `skipIfRanWithinMs` (several instances' timers: one round per period). The lock is the session's, so an
   * instance that dies mid-job loses it with its connection; a failed unlock drops the
   * connection for the same effect.
   */
  async runExclusive(name: string, work: () => Promise<void>, options: { skipIfRanWithinMs?: number } = {}): Promise<boolean> {
    const client = await this.pool.connect();
    let locked = false;
    let broken = false;
    try {
      const answer = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [JOB_LOCKS, name]);
      locked = answer.rows[0]?.locked === true;
      if (!locked) return false;
      if (options.skipIfRanWithinMs !== undefined) {
        // Under the lock, so the check and the claim cannot interleave with another instance's.
        // The database's clock: the instances' clocks need not agree.
        const claimed = await client.query(
          `INSERT INTO job_runs (name, started_at) VALUES ($1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
           ON CONFLICT (name) DO UPDATE SET started_at = excluded.started_at WHERE job_runs.started_at <= excluded.started_at - $2
           RETURNING name`,
          [name, Math.round(options.skipIfRanWithinMs)],
        );
        if (claimed.rowCount === 0) return false;
      }
      await work();
      return true;
    } finally {
      if (locked) {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [JOB_LOCKS, name]).catch(() => {
          broken = true;
        });
      }
      client.release(broken);
    }
  }

  private async transaction<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work(new PgOps(client, true));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        const code = (error as { code?: string }).code;
        if (!(code && RETRYABLE.has(code)) || attempt >= WRITE_ATTEMPTS) throw error;
      } finally {
        client.release(broken);
      }
      // Back off a little (random, growing) before the next try, so the same pair does not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    await this.pool.end();
  }
}

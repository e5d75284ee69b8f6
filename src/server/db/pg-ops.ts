/**
 * The Store's statements on PostgreSQL (store-ops.ts), bound to a pool (reads outside
 * transactions) or to one pooled client inside `PgStore.write`. Statements are written with `?` placeholders like
 * the SQLite ones and numbered (`$1`, `$2` …) once per text; constraint violations become the
 * Store port's errors, by constraint name (migrations/postgres).
 */
import type pg from 'pg';
import { NumberTakenError, UniqueViolationError } from './store';
import { StoreOps } from './store-ops';

/** The first key of the server's advisory locks (the second is hashtext(the lock's name)). */
export const JOB_LOCKS = 0x15_0b5;

const numbered = new Map<string, string>();

/** `?` → `$n` (the statements here never hold a `?` inside a string literal). */
function toPg(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, text);
  }
  return text;
}

/**
 * PostgreSQL text cannot hold NUL (SQLite's can): a NUL in a value becomes U+FFFD, the
 * replacement character. A lookup by such a key then finds nothing (as on SQLite, where no id
 * or name holds one), and a stored label keeps a visible mark instead of failing with a 500.
 */
function withoutNul(params: unknown[]): unknown[] {
  return params.some((p) => typeof p === 'string' && p.includes('\u0000'))
    ? params.map((p) => (typeof p === 'string' ? p.replaceAll('\u0000', '\uFFFD') : p))
    : params;
}

/** Rows per many-row statement (a few hundred kilobytes of JSON). */
const ROWS_PER_STATEMENT = 500;

/** Rows as the JSON parameter of `jsonb_populate_recordset` (NUL as U+FFFD: jsonb refuses `\u0000`). */
function jsonRows(rows: readonly Record<string, unknown>[]): string {
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value));
}

const UNIQUE_FIELDS: Record<string, UniqueViolationError['field']> = {
  users_user_name: 'userName',
  users_company_email: 'email',
  templates_name: 'templateName',
  users_sip_user: 'sipUser',
  devices_sip_user: 'sipUser',
};

interface PgError {
  code?: string;
  constraint?: string;
}

function translateConstraint(error: unknown): never {
  const { code, constraint } = error as PgError;
  if (code === '23505' && constraint && UNIQUE_FIELDS[constraint]) throw new UniqueViolationError(UNIQUE_FIELDS[constraint]);
  throw error;
}

/** A directory number clash (either the per-company key or the public numbers' unique index). */
function isNumberClash(error: unknown): boolean {
  const { code, constraint } = error as PgError;
  return code === '23505' && (constraint === 'directory_numbers_pkey' || constraint === 'directory_numbers_public');
}

export class PgOps extends StoreOps {
  /**
   * @param db the pool, or the transaction's client
   * @param locking inside a write transaction: reads of a user row lock it (`FOR UPDATE`) until
   *   commit, which serialises read-modify-write of users (revisions) across instances.
   */
  constructor(
    protected readonly db: pg.Pool | pg.PoolClient,
    protected readonly locking: boolean,
  ) {
    super();
  }

  protected async all<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    return (await this.db.query(toPg(sql), withoutNul(params))).rows as T[];
  }
  protected async one<T>(sql: string, ...params: unknown[]): Promise<T | null> {
    return ((await this.db.query(toPg(sql), withoutNul(params))).rows[0] as T | undefined) ?? null;
  }
  protected async run(sql: string, ...params: unknown[]): Promise<void> {
    try {
      await this.db.query(toPg(sql), withoutNul(params));
    } catch (error) {
      translateConstraint(error);
    }
  }
  protected async runNumber(number: string, sql: string, ...params: unknown[]): Promise<void> {
    try {
      await this.db.query(toPg(sql), withoutNul(params));
    } catch (error) {
      if (isNumberClash(error)) throw new NumberTakenError(number);
      throw error;
    }
  }
  /**
   * Many rows per statement, as one JSON parameter turned into rows of the table's own type
   * (`jsonb_populate_recordset(NULL::table, …)`: every column typed as the table has it).
   */
  protected override async insertRows(table: string, rows: readonly Record<string, unknown>[], onConflict = ''): Promise<void> {
    const columns = Object.keys(rows[0] ?? {}).join(', ');
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      await this.run(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${table}, ?::jsonb)${onConflict ? ` ${onConflict}` : ''}`, jsonRows(rows.slice(i, i + ROWS_PER_STATEMENT)));
    }
  }
  protected override async updateRows(table: string, key: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    const columns = Object.keys(rows[0] ?? {}).filter((c) => c !== key);
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      await this.run(
        `UPDATE ${table} AS t SET ${columns.map((c) => `${c} = v.${c}`).join(', ')} FROM jsonb_populate_recordset(NULL::${table}, ?::jsonb) AS v WHERE t.${key} = v.${key}`,
        jsonRows(rows.slice(i, i + ROWS_PER_STATEMENT)),
      );
    }
  }
  /** ` FOR UPDATE` inside a write transaction (see `locking`), else nothing. */
  protected override get forUpdate(): string {
    return this.locking ? ' FOR UPDATE' : '';
  }
  /** A transaction-scoped advisory lock on (JOB_LOCKS, hashtext(name)). */
  override async lockUntilCommit(name: string): Promise<void> {
    await this.db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [JOB_LOCKS, name]);
  }
  protected override get likeIgnoringCase(): string {
    return 'ILIKE';
  }
  protected override jsonListHas(column: string, key: string): string {
    return `(${column}::jsonb -> '${key}') @> to_jsonb(?::text)`;
  }
}

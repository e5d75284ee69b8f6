/**
 * The Store's statements on SQLite (store-ops.ts), bound to one better-sqlite3 connection:
 * statements prepared once per connection, run synchronously (the promises they return are
 * settled already); constraint violations become the Store port's errors. `SqliteStore` owns
 * the connections and transactions and uses one of these per connection.
 */
import type Database from 'better-sqlite3';
import { NumberTakenError, UniqueViolationError } from './store';
import { StoreOps } from './store-ops';

function translateConstraint(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  if (/UNIQUE constraint failed: (users\.company_id, )?users\.user_name/.test(message)) throw new UniqueViolationError('userName');
  if (/UNIQUE constraint failed: (users\.company_id, )?users\.email/.test(message)) throw new UniqueViolationError('email');
  if (/UNIQUE constraint failed: templates\./.test(message)) throw new UniqueViolationError('templateName');
  if (/UNIQUE constraint failed: (devices|users)\.sip_user/.test(message)) throw new UniqueViolationError('sipUser');
  throw error;
}

export class SqliteOps extends StoreOps {
  /** Prepared once per connection: preparing is a large share of a small statement's cost. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    super();
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }
  protected async all<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    return this.prepare(sql).all(...params) as T[];
  }
  protected async one<T>(sql: string, ...params: unknown[]): Promise<T | null> {
    return (this.prepare(sql).get(...params) as T | undefined) ?? null;
  }
  protected async run(sql: string, ...params: unknown[]): Promise<void> {
    try {
      this.prepare(sql).run(...params);
    } catch (error) {
      translateConstraint(error);
    }
  }
  protected async runNumber(number: string, sql: string, ...params: unknown[]): Promise<void> {
    try {
      this.prepare(sql).run(...params);
    } catch (error) {
      if (error instanceof Error && /UNIQUE|PRIMARY KEY/.test(error.message)) throw new NumberTakenError(number);
      throw error;
    }
  }
}

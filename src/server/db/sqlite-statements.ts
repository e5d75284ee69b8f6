/**
 * Prepared-statement helpers for the SQLite store, bound to one better-sqlite3 connection;
 * constraint violations become the Store port's errors.
 */
import type Database from 'better-sqlite3';
import { UniqueViolationError } from './store';

function translateConstraint(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  if (/UNIQUE constraint failed: (users\.company_id, )?users\.user_name/.test(message)) throw new UniqueViolationError('userName');
  if (/UNIQUE constraint failed: (users\.company_id, )?users\.email/.test(message)) throw new UniqueViolationError('email');
  if (/UNIQUE constraint failed: templates\./.test(message)) throw new UniqueViolationError('templateName');
  if (/UNIQUE constraint failed: (devices|users)\.sip_user/.test(message)) throw new UniqueViolationError('sipUser');
  throw error;
}

export abstract class SqliteStatements {
  /** Prepared once per connection: preparing is a large share of a small statement's cost. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  protected prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }
  protected all<T>(sql: string, ...params: unknown[]): T[] {
    return this.prepare(sql).all(...params) as T[];
  }
  protected one<T>(sql: string, ...params: unknown[]): T | null {
    return (this.prepare(sql).get(...params) as T | undefined) ?? null;
  }
  protected run(sql: string, ...params: unknown[]): void {
    try {
      this.prepare(sql).run(...params);
    } catch (error) {
      translateConstraint(error);
    }
  }
}

/**
 * The statement helpers every Store operation is written against (store-ops.ts and the chain
 * below it), in the SQL both backends share, with `?` placeholders. `SqliteOps` and `PgOps`
 * implement them for one connection; the few things the two dialects spell differently are the
 * small hooks at the end.
 */
export abstract class Statements {
  protected abstract all<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  protected abstract one<T>(sql: string, ...params: unknown[]): Promise<T | null>;
  /** A write; a uniqueness failure becomes the Store port's `UniqueViolationError`. */
  protected abstract run(sql: string, ...params: unknown[]): Promise<void>;
  /** Like `run`, for a directory row: a clash is `NumberTakenError(number)`. */
  protected abstract runNumber(number: string, sql: string, ...params: unknown[]): Promise<void>;

  /** Appended to a read of a user row inside a write that must lock it until commit (PostgreSQL). */
  protected get forUpdate(): string {
    return '';
  }
  /** The LIKE that ignores case (SQLite's LIKE does; PostgreSQL's is ILIKE). */
  protected get likeIgnoringCase(): string {
    return 'LIKE';
  }
  /** A condition: the JSON text in `column` has a list under `key` holding the string `?`. */
  protected jsonListHas(column: string, key: string): string {
    return `EXISTS (SELECT 1 FROM json_each(${column}, '$.${key}') WHERE value = ?)`;
  }

  /**
   * Inserts rows (column name → value, the same columns in each) into `table`, with an
   * optional `ON CONFLICT …` clause. SQLite runs the one-row statement per row (prepared once, in
   * process: no round trips to save); PostgreSQL sends many rows per statement.
   */
  protected async insertRows(table: string, rows: readonly Record<string, unknown>[], onConflict = ''): Promise<void> {
    const columns = Object.keys(rows[0] ?? {});
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})${onConflict ? ` ${onConflict}` : ''}`;
    for (const row of rows) await this.run(sql, ...columns.map((c) => row[c]));
  }
  /** Sets the other columns of each row where `key` has the row's value (as `insertRows`). */
  protected async updateRows(table: string, key: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    const columns = Object.keys(rows[0] ?? {}).filter((c) => c !== key);
    const sql = `UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${key} = ?`;
    for (const row of rows) await this.run(sql, ...columns.map((c) => row[c]), row[key]);
  }

  /**
   * Inside a write: waits until no other transaction (of any instance) holds the lock `name`,
   * then holds it until this one ends. SQLite has one writer at a time already: nothing to do.
   */
  async lockUntilCommit(_name: string): Promise<void> {}
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

/**
 * One connection to Herald's SQLite file: WAL, the chosen fsync level, foreign
 * keys, a busy timeout, compiled statements cached by their SQL text, and
 * immediate transactions. node:sqlite is synchronous, so a transaction that
 * never awaits is atomic within Node's single thread.
 */
export class SqliteDb {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  #commits = 0;
  /** Where and how it was opened: the writer thread opens its own connection the same way. */
  readonly path: string;
  readonly synchronous: 'FULL' | 'NORMAL';

  /** Throws the driver's error; callers turn it into a HeraldError naming what failed to open. */
  constructor(path: string, synchronous: 'FULL' | 'NORMAL' = 'FULL') {
    this.path = path;
    this.synchronous = synchronous;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path);
    this.#db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous};
      PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;`);
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  stmt(sql: string): StatementSync {
    let stmt = this.#statements.get(sql);
    if (stmt === undefined) {
      stmt = this.#db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.stmt(sql).all(...params) as T[];
  }

  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.stmt(sql).get(...params) as T | undefined;
  }

  run(sql: string, ...params: SQLInputValue[]): number {
    return Number(this.stmt(sql).run(...params).changes);
  }

  tx<T>(fn: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.#db.exec('COMMIT');
      this.#commits++;
      return result;
    } catch (err) {
      this.#rollback(err);
      throw err;
    }
  }

  /** Transactions committed through tx() since open: tests show what group commit saves. */
  get commits(): number {
    return this.#commits;
  }

  /**
   * SQLite rolls some failures back by itself (SQLITE_FULL, SQLITE_IOERR), and
   * then ROLLBACK fails with "no transaction is active". That second error must
   * never hide the first, which names the real cause (a full disk): the
   * original is rethrown and the rollback's failure rides along on it.
   */
  #rollback(original: unknown): void {
    try {
      this.#db.exec('ROLLBACK');
    } catch (rollbackError) {
      if (original instanceof Error) Object.assign(original, { rollbackError });
    }
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

import type { SQLInputValue } from 'node:sqlite';
import type { Silence } from '../../core/silence.ts';
import type { SilenceRepository } from '../../app/ports/silence-repository.ts';
import { rowToSilence, silenceValues, type SilenceRow } from '../rows.ts';
import type { SqliteDb } from './sqlite-db.ts';

/** The silences table on the embedded store's connection. */
export class SqliteSilences implements SilenceRepository {
  readonly #db: SqliteDb;

  constructor(db: SqliteDb) {
    this.#db = db;
  }

  async createSilence(s: Silence): Promise<void> {
    this.#db.run(`INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ...(silenceValues(s) as SQLInputValue[]));
  }

  async getSilence(id: string): Promise<Silence | undefined> {
    const row = this.#db.get<SilenceRow>('SELECT * FROM silences WHERE id = ?', id);
    return row === undefined ? undefined : rowToSilence(row);
  }

  async listSilences(q: { endsAfter?: number } = {}): Promise<Silence[]> {
    return this.#db.all<SilenceRow>('SELECT * FROM silences WHERE ends_at > ? ORDER BY id DESC', q.endsAfter ?? Number.MIN_SAFE_INTEGER)
      .map(rowToSilence);
  }

  async expireSilence(id: string, now: number): Promise<Silence | undefined> {
    this.#db.run(`UPDATE silences SET starts_at = min(starts_at, ?), ends_at = ?, updated_at = ?
      WHERE id = ? AND ends_at > ?`, now, now, now, id, now);
    return this.getSilence(id);
  }
}

import type { Silence } from '../../core/silence.ts';
import type { SilenceRepository } from '../../app/ports/silence-repository.ts';
import { rowToSilence, silenceValues, type SilenceRow } from '../rows.ts';
import type { PoolLike } from './postgres-db.ts';

/** The silences table; each method one statement. */
export class PostgresSilences implements SilenceRepository {
  readonly #pool: PoolLike;

  constructor(pool: PoolLike) {
    this.#pool = pool;
  }

  async createSilence(s: Silence): Promise<void> {
    await this.#pool.query(`INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, silenceValues(s));
  }

  async getSilence(id: string): Promise<Silence | undefined> {
    const { rows: [row] } = await this.#pool.query<SilenceRow>('SELECT * FROM silences WHERE id = $1', [id]);
    return row === undefined ? undefined : rowToSilence(row);
  }

  async listSilences(q: { endsAfter?: number } = {}): Promise<Silence[]> {
    const { rows } = await this.#pool.query<SilenceRow>('SELECT * FROM silences WHERE ends_at > $1 ORDER BY id DESC',
      [q.endsAfter ?? Number.MIN_SAFE_INTEGER]);
    return rows.map(rowToSilence);
  }

  /** Expired or not, the answer is the row after the statement: one round trip either way. */
  async expireSilence(id: string, now: number): Promise<Silence | undefined> {
    const { rows: [row] } = await this.#pool.query<SilenceRow>(`WITH ended AS (
        UPDATE silences SET starts_at = least(starts_at, $2), ends_at = $2, updated_at = $2
        WHERE id = $1 AND ends_at > $2 RETURNING *)
      SELECT * FROM ended UNION ALL SELECT * FROM silences WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM ended)`, [id, now]);
    return row === undefined ? undefined : rowToSilence(row);
  }
}

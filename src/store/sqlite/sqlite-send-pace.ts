import type { SendSlot } from '../store.ts';
import type { ClaimDb } from './sqlite-claim.ts';

/**
 * SendPace on SQLite: one row per key in `send_slots`. Each call is one
 * statement, and SQLite runs statements one at a time, so two deliveries never
 * take the same turn. A single process uses the file, so no more is needed.
 */
export interface PaceDb extends ClaimDb {
  run(sql: string, ...params: (string | number | null)[]): number;
}

export function reserveSlot(db: PaceDb, key: string, now: number, intervalMs: number, horizonMs: number): SendSlot {
  const row = db.get<{ next_at: number }>('SELECT next_at FROM send_slots WHERE key = ?', key);
  const at = Math.max(row?.next_at ?? now, now);
  if (at > now + horizonMs) return { at, granted: false };
  db.run(`INSERT INTO send_slots (key, next_at) VALUES (?, ?)
    ON CONFLICT (key) DO UPDATE SET next_at = excluded.next_at`, key, at + intervalMs);
  return { at, granted: true };
}

export function deferSlot(db: PaceDb, key: string, until: number): void {
  db.run(`INSERT INTO send_slots (key, next_at) VALUES (?, ?)
    ON CONFLICT (key) DO UPDATE SET next_at = max(next_at, excluded.next_at)`, key, until);
}

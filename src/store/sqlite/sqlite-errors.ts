import { HeraldError } from '../../core/errors.ts';

/**
 * SQLite result codes that mean "the store cannot write now" rather than a
 * bug: the disk is full, an I/O error, a read-only file, a lock held too long.
 * A caller (an ingest request) then gets 503 STORE_UNAVAILABLE naming the
 * cause, and can retry; anything else stays as it was.
 */
const UNAVAILABLE = new Map<number, string>([
  [5, 'the database is locked'], [8, 'the database file is read-only'], [10, 'a disk I/O error'],
  [13, 'the database or disk is full'], [14, 'the database file cannot be opened'],
]);

export function unavailableError(err: unknown): unknown {
  const errcode = (err as { errcode?: unknown } | null)?.errcode;
  if (typeof errcode !== 'number') return err;
  // Extended codes (SQLITE_IOERR_WRITE = 778) keep the primary code in the low byte.
  const cause = UNAVAILABLE.get(errcode & 0xff);
  if (cause === undefined) return err;
  const wrapped = new HeraldError('STORE_UNAVAILABLE', `the SQLite store cannot write: ${cause} (${(err as Error).message})`);
  wrapped.cause = err;
  return wrapped;
}

import type { Attempt, Completion, SourceStateWrite } from '../store.ts';
import type { SqliteDb } from './sqlite-db.ts';
import { claimRows, completeRow, recordRows, type ClaimRef, type EventWrite } from './sqlite-writes.ts';

/** A hot write as a message: what the writer thread is asked to apply inside its next group commit. */
export type WriteOp =
  | { op: 'record'; events: EventWrite[]; now: number; once: boolean; state: readonly SourceStateWrite[] }
  | { op: 'claim'; owner: string; now: number; limit: number; leaseMs: number; after: string }
  | { op: 'complete'; claim: ClaimRef; attempt: Attempt; completion: Completion };

export function applyWrite(db: SqliteDb, w: WriteOp): unknown {
  switch (w.op) {
    // Several events in one op are one savepoint: all or nothing inside the shared commit.
    case 'record': return w.events.map((e) => recordRows(db, e, w.now, w.once, w.state));
    case 'claim': return claimRows(db, w.owner, w.now, w.limit, w.leaseMs, w.after);
    case 'complete': return completeRow(db, w.claim, w.attempt, w.completion);
  }
}

/** An error as it crosses threads: structured clone keeps only message and name, not SQLite's codes. */
export interface WireError { message: string; name?: string; code?: unknown; errcode?: unknown; errstr?: unknown; rollbackError?: WireError }

export function toWire(err: unknown): WireError {
  if (err === null || typeof err !== 'object') return { message: String(err) };
  const e = err as { message?: unknown; name?: unknown; code?: unknown; errcode?: unknown; errstr?: unknown; rollbackError?: unknown };
  const wire: WireError = { message: String(e.message) };
  if (typeof e.name === 'string') wire.name = e.name;
  if (e.code !== undefined) wire.code = e.code;
  if (e.errcode !== undefined) wire.errcode = e.errcode;
  if (e.errstr !== undefined) wire.errstr = e.errstr;
  if (e.rollbackError !== undefined) wire.rollbackError = toWire(e.rollbackError);
  return wire;
}

export function fromWire(wire: WireError): Error {
  const err = new Error(wire.message);
  if (wire.name !== undefined) err.name = wire.name;
  for (const key of ['code', 'errcode', 'errstr'] as const) if (wire[key] !== undefined) Object.assign(err, { [key]: wire[key] });
  if (wire.rollbackError !== undefined) Object.assign(err, { rollbackError: fromWire(wire.rollbackError) });
  return err;
}

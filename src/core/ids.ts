import { randomBytes } from 'node:crypto';

/**
 * Prefixed, time-ordered ids (`evt_`, `wh_`, `dlv_`, `att_`): the prefix tells a
 * reader what an id names, and the time prefix makes ids sort by creation so
 * they double as pagination cursors.
 */
export type IdPrefix = 'evt' | 'wh' | 'dlv' | 'att' | 'usr' | 'tok' | 'aud' | 'sil';

let lastMs = Number.NaN;
/** `lastMs` in base 36, written once per millisecond rather than per id. */
let lastTime = '';
let counter = 0;
/**
 * perf: random bytes drawn 4 KiB at a time, hex-encoded at once, and cut 12
 * digits (6 bytes) per id; one randomBytes(6) call per id was ~2% of the
 * main thread in a profile of `npm run bench` (three ids per delivered
 * event), and encoding 6 bytes per id cost more than cutting a string.
 */
const POOL_BYTES = 4096;
let pool = '';
let poolAt = 0;

function randomHex6(): string {
  if (poolAt + 12 > pool.length) { pool = randomBytes(POOL_BYTES).toString('hex'); poolAt = 0; }
  const hex = pool.slice(poolAt, poolAt + 12);
  poolAt += 12;
  return hex;
}

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  // A per-millisecond counter keeps ids made in the same millisecond in order.
  if (now === lastMs) counter += 1;
  else { lastMs = now; lastTime = now.toString(36).padStart(9, '0'); counter = 0; }
  const seq = counter.toString(36).padStart(4, '0');
  return `${prefix}_${lastTime}${seq}${randomHex6()}`;
}

export function hasPrefix(id: string, prefix: IdPrefix): boolean {
  return id.startsWith(`${prefix}_`);
}

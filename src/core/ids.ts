import { randomBytes } from 'node:crypto';

/**
 * Prefixed, time-ordered ids (`evt_`, `wh_`, `dlv_`, `att_`): the prefix tells a
 * reader what an id names, and the time prefix makes ids sort by creation so
 * they double as pagination cursors.
 */
export type IdPrefix = 'evt' | 'wh' | 'dlv' | 'att' | 'usr' | 'tok' | 'aud' | 'sil';

let lastMs = 0;
let counter = 0;
/**
 * perf: random bytes drawn 4 KiB at a time and sliced 6 per id; one
 * randomBytes(6) call per id was ~2% of the main thread in a profile of
 * `npm run bench` (three ids per delivered event).
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolAt = POOL_BYTES;

function randomHex6(): string {
  if (poolAt + 6 > pool.length) { pool = randomBytes(POOL_BYTES); poolAt = 0; }
  const hex = pool.toString('hex', poolAt, poolAt + 6);
  poolAt += 6;
  return hex;
}

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  // A per-millisecond counter keeps ids made in the same millisecond in order.
  if (now === lastMs) counter += 1;
  else { lastMs = now; counter = 0; }
  const time = now.toString(36).padStart(9, '0');
  const seq = counter.toString(36).padStart(4, '0');
  const rand = randomHex6();
  return `${prefix}_${time}${seq}${rand}`;
}

export function hasPrefix(id: string, prefix: IdPrefix): boolean {
  return id.startsWith(`${prefix}_`);
}

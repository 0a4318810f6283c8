import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { HeraldError } from '../../core/errors.ts';

/**
 * Password hashes: scrypt with a per-user random salt, parameters stored in
 * the hash (`scrypt$N$r$p$salt$key`, base64) so they can be raised later
 * without invalidating old hashes. N=2^15, r=8, p=3 is one of OWASP's
 * recommended scrypt settings; it took ~270 ms per hash here (2 vCPU),
 * on libuv's thread pool, not the event loop.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_BYTES = 32;
const MAX_MEM = 256 * 1024 * 1024;

/**
 * At most this many hashes run at once; the rest wait their turn. libuv's
 * pool has 4 threads (UV_THREADPOOL_SIZE) shared with file I/O and with the
 * DNS lookups (getaddrinfo) every delivery's connection needs. Two hashes
 * leave two threads free, so a sign-in burst slows sign-ins, not deliveries:
 * each hash holds a thread ~270 ms, a lookup ~1 ms. The async scrypt is the
 * only variant used here; scryptSync would stop the event loop for the
 * whole hash (test/api/sign-in-flood.test.ts checks both).
 */
const MAX_CONCURRENT = 2;
/**
 * Hashes allowed to wait. Beyond it a new one is refused at once: 64 waiting
 * is ~9 s of hashing at two at a time, longer than a person waits for a
 * sign-in, and memory stays bounded under a flood from many addresses.
 */
const MAX_WAITING = 64;
let running = 0;
const waiting: Array<() => void> = [];

/** Hashes running and waiting now (for tests and metrics). */
export function passwordHashLoad(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}

async function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  if (running < MAX_CONCURRENT) running++;
  else if (waiting.length >= MAX_WAITING) throw new HeraldError('TOO_MANY_REQUESTS', 'too many sign-ins at once; try again in a few seconds');
  else await new Promise<void>((resolve) => waiting.push(resolve)); // the finishing hash hands its slot over
  try {
    return await new Promise((resolve, reject) => {
      scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { ...opts, maxmem: MAX_MEM }, (err, key) => (err === null ? resolve(key) : reject(err)));
    });
  } finally {
    const next = waiting.shift();
    if (next === undefined) running--;
    else next();
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time compare of the derived key; false for a hash in a format this code does not read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16) return false;
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length !== KEY_BYTES) return false;
  const key = await derive(password, Buffer.from(parts[4]!, 'base64'), { N, r, p });
  return timingSafeEqual(key, expected);
}

let dummy: Promise<string> | undefined;

/**
 * A hash to check against when the user does not exist, so a wrong username
 * costs as long as a wrong password and the timing does not reveal which.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

/** A first-run password: 24 URL-safe characters, 144 bits. */
export function newPassword(): string {
  return randomBytes(18).toString('base64url');
}

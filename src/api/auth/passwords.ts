import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes: scrypt with a per-user random salt, parameters stored in
 * the hash (`scrypt$N$r$p$salt$key`, base64) so they can be raised later
 * without invalidating old hashes. N=2^15, r=8, p=3 is one of OWASP's
 * recommended scrypt settings; it took ~270 ms per hash here (2 vCPU,
 * measured with scryptSync), on libuv's thread pool, not the event loop.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_BYTES = 32;
const MAX_MEM = 256 * 1024 * 1024;

/**
 * At most this many hashes run at once; the rest wait their turn. libuv's
 * pool has 4 threads shared with file and DNS work, so a burst of sign-in
 * attempts slows sign-ins, not deliveries.
 */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  if (running < MAX_CONCURRENT) running++;
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

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../../src/store/accounts.ts';
import { ADMIN_TOKEN, type TestHerald } from '../../support/herald.ts';

/** Plain HTTP calls with whatever credentials a case needs: a bearer token, a session cookie, an Origin. */
export interface CallOptions {
  method?: string;
  body?: unknown;
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

export interface CallResult { status: number; body: any; headers: Headers }

export async function call(herald: { url: string }, path: string, opts: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie !== undefined) headers.cookie = opts.cookie;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${herald.url}${path}`, {
    method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body, headers: res.headers };
}

export interface TestAccount { id: string; name: string; role: Role; password: string }

let seq = 0;

/** A user made by the bootstrap admin token, as an operator would with curl. */
export async function createUser(herald: TestHerald, role: Role, name = `${role}-${++seq}`): Promise<TestAccount> {
  const password = `${name}-password-123`;
  const res = await call(herald, '/api/v1/users', { token: ADMIN_TOKEN, body: { name, password, role } });
  if (res.status !== 201) throw new Error(`creating ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, name, role, password };
}

/** Signs in and returns the `herald_session=…` pair to send back, plus the raw Set-Cookie line. */
export async function login(herald: { url: string }, name: string, password: string): Promise<{ cookie: string; setCookie: string }> {
  const res = await call(herald, '/api/v1/session', { body: { username: name, password } });
  if (res.status !== 200) throw new Error(`login ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0]!, setCookie };
}

/** A user of `role` and an API token of theirs, made the way that user would make it (signed in). */
export async function userWithToken(herald: TestHerald, role: Role): Promise<TestAccount & { token: string; tokenId: string }> {
  const account = await createUser(herald, role);
  const { cookie } = await login(herald, account.name, account.password);
  const res = await call(herald, '/api/v1/tokens', { cookie, body: { name: `${account.name}-cli` } });
  if (res.status !== 201) throw new Error(`token for ${account.name}: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...account, token: res.body.token, tokenId: res.body.id };
}

/** The SQLite file and its write-ahead log, as bytes an attacker with a backup would see. */
export function rawDatabase(herald: TestHerald): string {
  const read = (f: string) => { try { return readFileSync(join(herald.dataDir, f)).toString('latin1'); } catch { return ''; } };
  return read('herald.db') + read('herald.db-wal');
}

export const WEBHOOK = (url: string, name = `hook-${++seq}`) => ({
  name, url: `${url}/services/T000/B000/path-secret-XYZ`, secret: 'whsec-signing-secret-value',
  auth: { type: 'basic', username: 'u', password: 'receiver-basic-password' },
  filters: { events: ['*'] }, retry: { maxAttempts: 1 },
});

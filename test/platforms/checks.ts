import type { IncomingHttpHeaders } from 'node:http';

/** What every receiver stand-in shares: the request seen, the verdict, and the checks that fill its problems. */

export interface Received { url: string; headers: IncomingHttpHeaders; body: string }
export interface Verdict { status: number; body: string; problems: string[] }
export type Receiver = (req: Received, now: Date) => Verdict;

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export class Checks {
  problems: string[] = [];
  that(ok: boolean, problem: string): void {
    if (!ok) this.problems.push(problem);
  }
  text(v: unknown, what: string, max: number, min = 1): void {
    if (typeof v !== 'string') this.problems.push(`${what} is not a string`);
    else this.that(v.length >= min && v.length <= max, `${what} has ${v.length} chars, allowed ${min}..${max}`);
  }
  json(req: Received): Obj {
    this.that(String(req.headers['content-type']).startsWith('application/json'), 'content-type is not application/json');
    try {
      const body: unknown = JSON.parse(req.body);
      if (isObj(body)) return body;
    } catch { /* reported below */ }
    this.problems.push('body is not a JSON object');
    return {};
  }
  bytes(req: Received, max: number): void {
    const size = Buffer.byteLength(req.body);
    this.that(size <= max, `body is ${size} bytes, over ${max}`);
  }
}

export const answer = (c: Checks, ok: Omit<Verdict, 'problems'>, refused: Omit<Verdict, 'problems'>): Verdict =>
  ({ ...(c.problems.length === 0 ? ok : refused), problems: c.problems });
export const jsonAnswer = (status: number, value: unknown) => ({ status, body: JSON.stringify(value) });


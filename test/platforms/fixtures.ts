import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shared upstream samples (see their README for provenance); HERALD_FIXTURES points elsewhere if needed. */
export const FIXTURES_DIR = process.env.HERALD_FIXTURES ?? '/work/shared/fixtures';

export function readFixture(path: string): string {
  return readFileSync(join(FIXTURES_DIR, path), 'utf8');
}

/** The .jsonc samples carry `//` comments (never inside their strings); drop them and parse. */
export function readJsonc(path: string): unknown {
  return JSON.parse(readFixture(path).replace(/\/\/[^\n"]*$/gm, ''));
}

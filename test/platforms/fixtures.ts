import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shared upstream samples (see their README for provenance); copied into test/fixtures. */
import { FIXTURES_DIR } from '../support/fixtures.ts';
export { FIXTURES_DIR };

export function readFixture(path: string): string {
  return readFileSync(join(FIXTURES_DIR, path), 'utf8');
}

/** The .jsonc samples carry `//` comments (never inside their strings); drop them and parse. */
export function readJsonc(path: string): unknown {
  return JSON.parse(readFixture(path).replace(/\/\/[^\n"]*$/gm, ''));
}

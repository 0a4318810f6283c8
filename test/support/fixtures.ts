import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Real payloads from upstream projects and docs, copied verbatim into
 * test/fixtures (test/fixtures/README.md says where each came from). Tests
 * read them, never change them.
 */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures', import.meta.url));

export function fixture(path: string): string {
  return readFileSync(`${FIXTURES_DIR}/${path}`, 'utf8');
}

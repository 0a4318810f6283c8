import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/config/load-config.ts';
import { tempDir } from '../support/temp-dir.ts';

/**
 * Every ```yaml block in docs/ and the README names its file on its first line
 * (`# herald.yaml`, `# alertmanager.yml`…), and every herald.yaml one is loaded
 * through the real loader: an example that Herald would refuse (a key at the
 * wrong level, a typo) fails here instead of at a reader's first start.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const blocks = pages.flatMap((page) =>
  [...readFileSync(join(ROOT, page), 'utf8').matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m, i) => ({ page, n: i + 1, text: m[1]! })));

/** A stand-in for each `${NAME}` the example reads from the environment. */
function envFor(text: string): Record<string, string> {
  const names = [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!);
  return Object.fromEntries(names.map((n) => [n, /URL/.test(n) ? 'https://hooks.slack.com/services/T000/B000/XXXX' : `${n.toLowerCase()}-stand-in-value-0123456789`]));
}

describe('herald.yaml examples in the docs', () => {
  it('each yaml block names its file on its first line', () => {
    assert.ok(blocks.length > 0);
    for (const b of blocks) assert.match(b.text, /^# [\w.-]+\.ya?ml\b/, `${b.page} yaml block ${b.n} starts with "# <file>.yaml"`);
  });

  const examples = blocks.filter((b) => b.text.startsWith('# herald.yaml'));
  it('there are herald.yaml examples to check', () => {
    for (const page of ['docs/configuration.md', 'docs/clusters.md', 'docs/health-events.md', 'docs/inbound.md', 'docs/kubernetes-webhooks.md']) {
      assert.ok(examples.some((b) => b.page === page), `${page} has a herald.yaml example`);
    }
  });

  for (const b of examples) {
    it(`${b.page} example ${b.n} is accepted by the loader`, () => {
      const file = join(tempDir('docs-yaml'), 'herald.yaml');
      writeFileSync(file, b.text);
      const config = loadConfig({ file, env: envFor(b.text) }) as unknown as Record<string, unknown>;
      for (const section of Object.keys(parseYaml(b.text) as object)) assert.notEqual(config[section], undefined, `${section} is read`);
    });
  }
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Platform, RenderedRequest } from '../../src/platforms/platform.ts';
import { transportOf } from '../../src/platforms/registry.ts';
import { CASES, CONTEXTS, HUGE_TEMPLATE, NOW, TEMPLATE, TEMPLATE_TEXT, target } from './events.ts';
import { send, startLoopback, type Loopback } from './loopback.ts';
import { OPTIONS, PATHS, RECEIVERS, SECRETS } from './receivers.ts';

/**
 * The conformance suite every platform in PLATFORMS passes: golden payloads
 * for a fixed set of events, the platform's limits on a huge diff, the
 * template as main text, and delivery to a loopback receiver that checks the
 * request the way the platform does. Goldens live in golden/<platform>/<case>.json;
 * run with UPDATE_GOLDEN=1 to rewrite them, then read the diff.
 */

const GOLDEN_DIR = new URL('./golden/', import.meta.url);
const WEBHOOK_BASE = 'https://hooks.example.test';
/** Bodies bigger than this (only custom's, which never truncates) are pinned by size and hash. */
const GOLDEN_INLINE_MAX = 64 * 1024;

function goldenView(r: RenderedRequest): unknown {
  const bytes = Buffer.byteLength(r.body);
  const body = bytes > GOLDEN_INLINE_MAX
    ? { bytes, sha256: createHash('sha256').update(r.body).digest('hex') }
    : JSON.parse(r.body) as unknown;
  return { ...(r.url === undefined ? {} : { url: r.url }), headers: r.headers ?? {}, body };
}

function checkGolden(platformId: string, name: string, r: RenderedRequest): void {
  const dir = new URL(`${platformId}/`, GOLDEN_DIR);
  const file = new URL(`${name}.json`, dir);
  const actual = goldenView(r);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  assert.ok(existsSync(file), `no golden ${platformId}/${name}.json; run with UPDATE_GOLDEN=1 and review it`);
  assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
}

/** Every string anywhere in a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

export function runPlatformCases(platform: Platform): void {
  const webhookUrl = WEBHOOK_BASE + (PATHS[platform.id] ?? '/');
  const render = (name: string, template: string | null = null, url = webhookUrl): RenderedRequest =>
    platform.render(CASES[name]!, { ...target(url, template, SECRETS[platform.id]), options: OPTIONS[platform.id] ?? {}, ...CONTEXTS[name] }, NOW);

  describe(`platform ${platform.id}`, () => {
    it('has an id, a label and a receiver stand-in in these tests', () => {
      assert.match(platform.id, /^[a-z][a-z0-9-]*$/);
      assert.ok(platform.label.length > 0);
      assert.ok(RECEIVERS[platform.id] !== undefined && PATHS[platform.id] !== undefined,
        `add a receiver and a path for ${platform.id} to test/platforms/receivers.ts`);
    });

    it('is in docs/platforms.md, with what its webhook needs when it needs more than a URL', () => {
      const doc = readFileSync(new URL('../../docs/platforms.md', import.meta.url), 'utf8');
      assert.ok(doc.includes(`| \`${platform.id}\` |`), `docs/platforms.md has no row for ${platform.id}`);
      if (platform.options !== undefined || platform.secret?.required === true) {
        const needs = doc.slice(doc.indexOf('## What each webhook needs'));
        assert.ok(needs.includes(`| \`${platform.id}\` |`), `docs/platforms.md does not say what a ${platform.id} webhook needs`);
      }
    });

    for (const name of Object.keys(CASES)) {
      it(`renders the ${name} event as its golden payload`, () => checkGolden(platform.id, name, render(name)));
    }
    it('renders the update event with a template as its golden payload', () => checkGolden(platform.id, 'template', render('update', TEMPLATE)));

    it('uses the rendered template as its main text', () => {
      const texts = strings(JSON.parse(render('update', TEMPLATE).body));
      assert.ok(texts.some((t) => t.includes(TEMPLATE_TEXT)), 'the rendered template is missing');
      if (!platform.heraldSignature) {
        // The default text lists the other changes; a template replaces it.
        assert.ok(!texts.some((t) => t.includes('metadata.labels.version')), 'the default text is still there');
        assert.ok(strings(JSON.parse(render('update').body)).some((t) => t.includes('metadata.labels.version')));
      }
    });

    const withinLimits = (r: RenderedRequest): void => {
      const verdict = RECEIVERS[platform.id]!({ url: r.url ?? webhookUrl, headers: r.headers ?? {}, body: r.body }, NOW);
      assert.deepEqual(verdict.problems, []);
      assert.ok(verdict.status >= 200 && verdict.status < 300);
      assert.equal(platform.interpret(verdict.status, verdict.body).ok, true);
      if (!platform.heraldSignature) assert.ok(r.body.includes('…'), 'a chat message of a huge diff must be cut');
      else assert.ok(r.body.includes('x'.repeat(50_000)), 'custom receivers get the whole diff');
    };
    it('keeps a huge diff within the platform\'s limits', () => withinLimits(render('huge')));
    it('keeps a template that renders the whole huge diff within the platform\'s limits', () => withinLimits(render('huge', HUGE_TEMPLATE)));

    it('is deterministic for a fixed clock', () => {
      assert.deepEqual(render('update'), render('update'));
    });

    it('reads any 2xx body without JSON as success', () => {
      for (const [status, body] of [[200, 'ok'], [204, ''], [202, '<html>accepted</html>'], [200, '{}']] as const) {
        assert.deepEqual(platform.interpret(status, body), { ok: true }, `${status} ${body}`);
      }
    });

    // Brokers and SMTP servers are not HTTP receivers; test/delivery/transports/ delivers to the real ones.
    if (transportOf(platform) === 'http') describe('delivered to a loopback receiver', () => {
      let loopback: Loopback;
      before(async () => { loopback = await startLoopback(RECEIVERS[platform.id]!, () => NOW); });
      after(async () => { await loopback.close(); });

      for (const name of [...Object.keys(CASES), 'template']) {
        it(`is accepted: ${name}`, async () => {
          const url = loopback.base + PATHS[platform.id]!;
          const rendered = name === 'template' ? render('update', TEMPLATE, url) : render(name, null, url);
          const res = await send(rendered, url);
          assert.deepEqual(loopback.seen.at(-1)?.verdict.problems, []);
          assert.ok(res.status >= 200 && res.status < 300, `HTTP ${res.status}`);
          assert.deepEqual(platform.interpret(res.status, res.body), { ok: true });
        });
      }
    });
  });
}

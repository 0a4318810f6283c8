import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/load-config.ts';
import { tempDir } from '../support/temp-dir.ts';

/** Loads `yaml` as herald.yaml and returns the CONFIG_INVALID error it must raise. */
function refusal(yaml: string, env: NodeJS.ProcessEnv = {}): { field: string; message: string } {
  const file = join(tempDir('config-keys'), 'herald.yaml');
  writeFileSync(file, yaml);
  try {
    loadConfig({ file, env });
  } catch (err: any) {
    assert.equal(err.code, 'CONFIG_INVALID', err.message);
    return { field: err.field, message: err.message };
  }
  assert.fail(`accepted:\n${yaml}`);
}

const WATCH = 'watch:\n  clusters: [{ name: prod, kubeconfig: /k }]\n  kinds: [Deployment]\n';

describe('herald.yaml with a key Herald does not know', () => {
  const cases: Array<[string, string, string]> = [
    ['a typo of a section', 'webhook:\n  - { name: a, url: "https://example.com/x" }\n', 'webhook'],
    ['a typo of a setting', 'log:\n  levle: debug\n', 'log.levle'],
    ['authz at the top level instead of under kubernetes', 'authz:\n  rules: []\n', 'authz'],
    ['server.tls', 'server:\n  tls: { cert: /a, keyFile: /b, certFile: /c }\n', 'server.tls.cert'],
    ['store', 'store:\n  path: /var/herald.db\n', 'store.path'],
    ['delivery', 'delivery:\n  maxInflight: 4\n', 'delivery.maxInflight'],
    ['auth', 'auth:\n  token: abcdefghijklmnopqrstuvwxyz\n', 'auth.token'],
    ['kubernetes', 'kubernetes:\n  clusterName: prod\n', 'kubernetes.clusterName'],
    ['an authz rule', 'kubernetes:\n  authz:\n    rules:\n      - { verb: [delete], resources: [namespaces], reason: r }\n', 'kubernetes.authz.rules.0.verb'],
    ['authz', 'kubernetes:\n  authz:\n    rule: []\n', 'kubernetes.authz.rule'],
    ['watch', `${WATCH}  namespace: [prod]\n`, 'watch.namespace'],
    ['a watched cluster', 'watch:\n  clusters: [{ name: prod, kubeConfig: /k, inCluster: true }]\n  kinds: [Deployment]\n', 'watch.clusters.0.kubeConfig'],
    ['a custom kind', 'watch:\n  clusters: [{ name: prod, kubeconfig: /k }]\n  kinds: [{ group: x.io, version: v1, kind: W, plural: ws, scope: Namespaced }]\n', 'watch.kinds.0.scope'],
    ['inbound', 'inbound:\n  source: []\n', 'inbound.source'],
    ['an inbound source', 'inbound:\n  sources:\n    - { name: shop, type: hmac, secret: abcdefghij, headr: x-sig }\n', 'inbound.sources.0.headr'],
    ['an inbound source of another type', 'inbound:\n  sources:\n    - { name: gh, type: github, secret: abcdefghij, events: [push] }\n', 'inbound.sources.0.events'],
    ['inbound basic auth', 'inbound:\n  sources:\n    - { name: up, type: token, token: abcdefghijklmnopqr, basic: { username: a, password: abcdefghij, user: a } }\n', 'inbound.sources.0.basic.user'],
    ['a declared webhook', 'webhooks:\n  - { name: a, url: "https://example.com/x", retrys: 3 }\n', 'webhooks.0.retrys'],
    ['a webhook\'s retry policy', 'webhooks:\n  - { name: a, url: "https://example.com/x", retry: { attempts: 3 } }\n', 'webhooks.0.retry.attempts'],
    ['a webhook\'s filters', 'webhooks:\n  - { name: a, url: "https://example.com/x", filters: { namespace: [prod] } }\n', 'webhooks.0.filters.namespace'],
    ['a webhook\'s auth', 'webhooks:\n  - { name: a, url: "https://example.com/x", auth: { type: bearer, token: t, user: u } }\n', 'webhooks.0.auth.user'],
    ['a webhook\'s tls', 'webhooks:\n  - { name: a, url: "https://example.com/x", tls: { skipVerify: true } }\n', 'webhooks.0.tls.skipVerify'],
    ['a label condition', 'webhooks:\n  - { name: a, url: "https://example.com/x", filters: { labels: [{ key: app, operator: Exists, value: x }] } }\n', 'webhooks.0.filters.labels.0.value'],
  ];
  for (const [where, yaml, field] of cases) {
    it(`is refused at start naming the key: ${where}`, () => {
      const err = refusal(yaml);
      assert.equal(err.field, field);
      assert.match(err.message, new RegExp(`${field.replaceAll('.', '\\.')}: unknown key`));
    });
  }

  it('suggests the fix when it is plain: the key it is a typo of, or the section it belongs under', () => {
    assert.match(refusal('webhook: []\n').message, /webhook: unknown key; did you mean "webhooks"\?/);
    assert.match(refusal('log:\n  levle: debug\n').message, /did you mean "log\.level"\?/);
    assert.match(refusal('authz:\n  rules: []\n').message, /authz: unknown key; it belongs under kubernetes: \(kubernetes\.authz\)/);
    assert.match(refusal('webhooks:\n  - { name: a, url: "https://example.com/x", filters: { namespace: [prod] } }\n').message,
      /did you mean "webhooks\.0\.filters\.namespaces"\?/);
    assert.doesNotMatch(refusal('colour: blue\n').message, /did you mean|belongs/, 'no guess when nothing is close');
  });

  it('names every unknown key of one mapping', () => {
    const err = refusal('log:\n  levle: debug\n  format: json\n');
    assert.equal(err.field, 'log.levle');
    assert.match(err.message, /also unknown here: "format"/);
  });
});

describe('configuration mistakes outside the file', () => {
  it('name the environment variable that set the bad value', () => {
    const err = refusal('log:\n  level: info\n', { HERALD_PORT: 'eighty' });
    assert.equal(err.field, 'server.port');
    assert.match(err.message, /^HERALD_PORT: server\.port: /);
  });

  it('refuse a store URL Herald cannot open, before opening anything', () => {
    assert.equal(refusal('store:\n  url: mysql://db/herald\n').field, 'store.url');
    assert.equal(refusal('log:\n  level: info\n', { HERALD_STORE_URL: 'redis://localhost' }).field, 'store.url');
  });
});

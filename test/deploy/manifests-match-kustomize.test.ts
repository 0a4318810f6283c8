import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderManifests } from '../../src/cli/manifests.ts';
import { selfSignedCert } from '../support/tls-cert.ts';
import { docs, objectKey, renderOverlay } from './kustomize.ts';

/**
 * `herald manifests` and deploy/ are two descriptions of the same objects;
 * this holds them together, object by object, for the same settings.
 */
const { cert: caPem } = selfSignedCert();
const caBundle = Buffer.from(caPem).toString('base64');

/** Kustomize base64-wraps generated data at 70 columns; the API server's decoder skips the line breaks. */
function normalise(o: any): any {
  if (o.kind !== 'ValidatingWebhookConfiguration') return o;
  const copy = structuredClone(o);
  for (const w of copy.webhooks) w.clientConfig.caBundle = String(w.clientConfig.caBundle).replace(/\s+/g, '');
  return copy;
}

function assertSameObjects(fromKustomize: any[], fromHerald: any[]): void {
  const k = new Map(fromKustomize.map((o) => [objectKey(o), normalise(o)]));
  const h = new Map(fromHerald.map((o) => [objectKey(o), normalise(o)]));
  assert.deepEqual([...h.keys()].sort(), [...k.keys()].sort(), 'the same objects');
  for (const [key, obj] of k) assert.deepEqual(h.get(key), obj, key);
}

describe('herald manifests prints what kubectl kustomize renders', () => {
  for (const overlay of ['sqlite', 'postgres'] as const) {
    test(`overlay ${overlay}, default settings`, () => {
      assertSameObjects(renderOverlay({ overlay, caPem }), docs(renderManifests({ overlay, caBundle }).manifests));
    });
  }

  test('with the monitoring and network-policy components and another image', () => {
    for (const overlay of ['sqlite', 'postgres'] as const) {
      const kustomized = renderOverlay({ overlay, caPem, components: ['monitoring', 'network-policy'], image: { name: 'registry.example.com/herald', tag: '9.9.9' } });
      const printed = docs(renderManifests({ overlay, caBundle, serviceMonitor: true, networkPolicy: true, image: 'registry.example.com/herald:9.9.9' }).manifests);
      assertSameObjects(kustomized, printed);
    }
  });

  test('the ConfigMap name carries kustomize\'s content hash, so a changed herald.yaml rolls the pods', () => {
    const a = docs(renderManifests({ caBundle }).manifests).find((o) => o.kind === 'ConfigMap').metadata.name;
    const b = docs(renderManifests({ caBundle, cluster: 'prod' }).manifests).find((o) => o.kind === 'ConfigMap').metadata.name;
    assert.match(a, /^herald-config-[a-z0-9]{10}$/);
    assert.notEqual(a, b);
  });
});

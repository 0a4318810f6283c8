import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigSchema } from '../../../src/config/config-schema.ts';
import { isHeraldError } from '../../../src/core/errors.ts';
import { createClusterHealth } from '../../../src/sources/cluster-health/index.ts';
import { openStore, storePath } from '../cluster-watch/harness.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { tempDir } from '../../support/temp-dir.ts';

/** The `health` section is strict: a misspelt key or a cluster Herald cannot use is refused at start, naming the field. */
describe('health configuration', () => {
  const cluster = { name: 'dev', kubeconfig: '/nonexistent/kubeconfig' };

  it('fills the documented defaults', () => {
    const parsed = ConfigSchema.parse({ health: { clusters: [cluster] } });
    assert.equal(parsed.health?.normal, false);
    assert.equal(parsed.health?.resolved, true);
    assert.equal(parsed.health?.repeatIntervalMs, 3_600_000);
    assert.equal(parsed.health?.announceExisting, false);
  });

  it('refuses an unknown key, naming it', () => {
    const parsed = ConfigSchema.safeParse({ health: { clusters: [cluster], normals: true } });
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error!.issues[0]!.path, ['health']);
    assert.match(parsed.error!.issues[0]!.message, /normals/);
  });

  it('refuses a repeat interval under a minute', () => {
    const parsed = ConfigSchema.safeParse({ health: { clusters: [cluster], repeatIntervalMs: 1000 } });
    assert.deepEqual(parsed.error?.issues[0]?.path, ['health', 'repeatIntervalMs']);
  });

  it('names the kubeconfig it cannot read, and a cluster listed twice', () => {
    const store = openStore(storePath('health-config').db);
    assert.throws(() => createClusterHealth({ clusters: [cluster] }, store), (err) =>
      isHeraldError(err) && err.code === 'CONFIG_INVALID' && err.field === 'health.clusters.0.kubeconfig');
    const kubeconfig = writeKubeconfig(tempDir('health-config'), [{ name: 'kind-dev', server: 'http://127.0.0.1:9' }]);
    assert.throws(() => createClusterHealth({ clusters: [{ name: 'a', kubeconfig }, { name: 'a', kubeconfig }] }, store), (err) =>
      isHeraldError(err) && err.code === 'CONFIG_INVALID' && err.field === 'health.clusters.1.name');
    store.close();
  });
});

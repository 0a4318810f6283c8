import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ignoreMatcher } from '../../../src/core/kube-diff.ts';
import { Ingestor } from '../../../src/app/record-event.ts';
import type { KubeClient } from '../../../src/sources/cluster-watch/kube-client.ts';
import { ObjectTracker } from '../../../src/sources/cluster-watch/object-tracker.ts';
import { KindWatcher } from '../../../src/sources/cluster-watch/watcher.ts';
import { resolveKinds } from '../../../src/sources/cluster-watch/config.ts';
import { openStore, quietLogger, storePath } from './harness.ts';

/** A real API server's 410 capture (test/fixtures/k8s-watch) makes the watcher list again, not fail. */
describe('KindWatcher with a captured watch stream', () => {
  it('treats the real "too old resource version" ERROR event as 410 Gone and relists', async () => {
    const captured = readFileSync(new URL('../../fixtures/k8s-watch/watch_event_error_410_expired_real_capture_wso2-apk-issue571.json', import.meta.url), 'utf8');
    const store = openStore(storePath('fixture').db);
    const requests: string[] = [];
    let watches = 0;
    const client: KubeClient = {
      server: 'stub',
      async getJson(_path, query) {
        requests.push(`list ${query.continue ?? ''}`);
        return { metadata: { resourceVersion: '657887' }, items: [] };
      },
      async watch(_path, query, signal) {
        requests.push(`watch ${query.resourceVersion}`);
        watches++;
        // The first watch gets the captured ERROR; later ones stay quiet until closed.
        const lines = watches === 1 ? [captured.trim()] : [];
        const closed = new Promise((r) => signal.addEventListener('abort', r, { once: true }));
        return { lines: (async function* () { if (lines.length > 0) yield lines; await closed; })(), close: () => {} };
      },
      async close() {},
    };
    const tracker = new ObjectTracker({ store, cluster: 'c', kind: 'Pod', ignore: ignoreMatcher() });
    const watcher = new KindWatcher({ client, spec: resolveKinds(['Pod'])[0]!, tracker, logger: quietLogger, cluster: 'c' });
    await watcher.start(new Ingestor(store));
    for (let i = 0; i < 100 && watches < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(requests, ['list ', 'watch 657887', 'list ', 'watch 657887']);
    assert.equal(watcher.lists, 2);
    await watcher.stop();
    await store.close();
  });
});

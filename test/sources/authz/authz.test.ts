import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { isHeraldError } from '../../../src/core/errors.ts';
import { createAuthzApp, type AuthzAppOptions, type AuthzConfigInput } from '../../../src/sources/authz/index.ts';
import { allEvents, fixture, memoryLogger, openTestStore, post, serveApp, type Served, type TestStore } from '../kubernetes/harness.ts';

const V1BETA1_RESOURCE = 'k8s-authz/sar_v1beta1_request_resource_docs.json';
const V1BETA1_NONRESOURCE = 'k8s-authz/sar_v1beta1_request_nonresource_docs.json';
const V1_DOCS = 'k8s-authz/sar_v1_request_resource_with_extra_docs_authz_overview.json';

const REASON = 'production namespaces are deleted by platform-admins only';
const GUARD: AuthzConfigInput = {
  rules: [{ verbs: ['delete'], resources: ['namespaces'], namePattern: 'prod-*', allowGroups: ['platform-admins'], reason: REASON }],
};

/** A namespace delete as the API server asks about it, in v1 (`groups`) or v1beta1 (`group`). */
function deleteNamespace(version: 'v1' | 'v1beta1', user: string, groups: string[], name = 'prod-payments'): object {
  return {
    apiVersion: `authorization.k8s.io/${version}`,
    kind: 'SubjectAccessReview',
    spec: {
      resourceAttributes: { verb: 'delete', group: '', version: 'v1', resource: 'namespaces', name, namespace: name },
      user,
      ...(version === 'v1' ? { groups } : { group: groups }),
    },
  };
}

describe('authorization webhook', () => {
  let t: TestStore;
  let served: Served;
  const logger = memoryLogger();

  async function start(overrides: Partial<AuthzAppOptions> = {}): Promise<string> {
    served = await serveApp(createAuthzApp({ ingest: t.ingest, cluster: 'prod', config: GUARD, logger, auth: { insecureAllowUnauthenticated: true }, ...overrides }));
    return served.url;
  }

  beforeEach(async () => { t = await openTestStore(); logger.lines.length = 0; });
  afterEach(async () => { await served?.close(); await t.close(); });

  for (const version of ['v1', 'v1beta1'] as const) {
    test(`${version}: a guarded request from outside allowGroups is denied with the reason and a deny event`, async () => {
      const url = await start();
      const res = await post(url, deleteNamespace(version, 'jane', ['system:authenticated', 'dev']));
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        apiVersion: `authorization.k8s.io/${version}`, kind: 'SubjectAccessReview',
        status: { allowed: false, denied: true, reason: REASON },
      });
      const [ev, ...rest] = await allEvents(t.store);
      assert.equal(rest.length, 0);
      assert.equal(ev!.event, 'deny');
      assert.equal(ev!.actor, 'jane');
      assert.equal(ev!.resource, 'Namespace');
      assert.equal(ev!.name, 'prod-payments');
      assert.equal(ev!.namespace, 'prod-payments');
      assert.equal(ev!.summary, REASON);
      assert.equal(ev!.cluster, 'prod');
      assert.equal(ev!.source, 'authz');
    });

    test(`${version}: a member of allowGroups is let through to RBAC (no opinion, no event)`, async () => {
      const url = await start();
      const res = await post(url, deleteNamespace(version, 'ops', ['system:authenticated', 'platform-admins']));
      assert.deepEqual(res.body, {
        apiVersion: `authorization.k8s.io/${version}`, kind: 'SubjectAccessReview', status: { allowed: false },
      });
      assert.equal((await allEvents(t.store)).length, 0);
    });

    test(`${version}: an unguarded request gets no opinion`, async () => {
      const url = await start();
      const res = await post(url, deleteNamespace(version, 'jane', ['dev'], 'staging-payments'));
      assert.deepEqual(res.body.status, { allowed: false });
      assert.equal(res.body.apiVersion, `authorization.k8s.io/${version}`);
      assert.equal((await allEvents(t.store)).length, 0);
    });
  }

  test('docs fixtures: v1beta1 resource and non-resource requests get no opinion', async () => {
    const url = await start();
    for (const path of [V1BETA1_RESOURCE, V1BETA1_NONRESOURCE]) {
      const res = await post(url, fixture(path));
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { apiVersion: 'authorization.k8s.io/v1beta1', kind: 'SubjectAccessReview', status: { allowed: false } });
    }
  });

  test('groups are read from either spelling: the v1 docs example uses `group`', async () => {
    const url = await start({
      config: { rules: [{ verbs: ['get'], resources: ['pods'], allowGroups: ['group1'], reason: 'pods are private' }] },
    });
    const allowed = await post(url, fixture(V1_DOCS));
    assert.deepEqual(allowed.body.status, { allowed: false });
    const outsider = fixture(V1_DOCS);
    outsider.spec.group = ['group3'];
    const denied = await post(url, outsider);
    assert.deepEqual(denied.body.status, { allowed: false, denied: true, reason: 'pods are private' });
  });

  test('wrong apiVersion or kind is a 400', async () => {
    const url = await start();
    const wrongVersion = await post(url, { ...fixture(V1BETA1_RESOURCE), apiVersion: 'authorization.k8s.io/v2' });
    assert.equal(wrongVersion.status, 400);
    assert.equal(wrongVersion.body.error.field, 'apiVersion');
    const wrongKind = await post(url, { ...fixture(V1BETA1_RESOURCE), kind: 'SelfSubjectAccessReview' });
    assert.equal(wrongKind.status, 400);
    assert.equal(wrongKind.body.error.field, 'kind');
  });

  test('a failing store does not turn a deny into an allow', async () => {
    const url = await start({ ingest: { ingest: async () => { throw new Error('store down'); } } });
    const res = await post(url, deleteNamespace('v1', 'jane', ['dev']));
    assert.equal(res.body.status.denied, true);
    assert.ok(logger.lines.some((l) => l.level === 'error'));
  });

  test('a rule guarding every verb on every resource is refused at start-up, naming the field', () => {
    assert.throws(
      () => createAuthzApp({ ingest: t.ingest, cluster: 'prod', config: { rules: [{ reason: 'no' }] } }),
      (err: unknown) => isHeraldError(err) && err.code === 'CONFIG_INVALID' && err.field === 'authz.rules.0.resources',
    );
  });
});

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { Agent, request } from 'undici';
import { ConfigSchema, type ConfigInput } from '../../../src/config/config-schema.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import { startHerald } from '../../../src/herald.ts';
import { ACTOR_HINT_SCOPE } from '../../../src/app/actor-hints.ts';
import { startTestHerald, type TestHerald } from '../../support/herald.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { testCa, type IssuedCert } from '../../support/tls-cert.ts';
import { createAdmissionApp } from '../../../src/sources/admission/index.ts';
import { createAuditApp } from '../../../src/sources/audit/index.ts';
import { allEvents, fixture, memoryLogger, openTestStore, post, serveApp, watching } from './harness.ts';

/**
 * Who may call /k8s/*: a real Herald serving HTTPS with a certificate from one
 * CA, asking for client certificates from another (as a cluster's API server
 * presents from its webhook kubeconfig), and real TLS clients presenting them.
 */

const TOKEN = 'api-server-token-0123456789';
const SCALE = 'k8s-admission/admissionreview_v1_request_scale_update_DERIVED_from_docs_yaml.json';

function scaleReview(uid: string): unknown {
  const review = fixture(SCALE);
  review.request.uid = uid;
  review.request.oldObject.spec = { replicas: 1 };
  review.request.object.spec = { replicas: 2 };
  return review;
}

const AUDIT_LIST = 'k8s-audit/audit_eventlist_v1_DERIVED_wrapping_falco_real_events.json';
const SAR = {
  apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
  spec: { user: 'jane', groups: ['dev'], resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'default' } },
};

interface Client { ca: string; cert?: IssuedCert; headers?: Record<string, string> }

async function call(url: string, body: unknown, client: Client): Promise<{ status: number; body: any }> {
  const dispatcher = new Agent({ connect: { ca: client.ca, ...(client.cert === undefined ? {} : { cert: client.cert.cert, key: client.cert.key }) } });
  try {
    const res = await request(url, {
      method: body === undefined ? 'GET' : 'POST', dispatcher,
      headers: { 'content-type': 'application/json', ...client.headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text.startsWith('{') ? JSON.parse(text) : text };
  } finally {
    await dispatcher.close();
  }
}

/** Nothing at all was recorded: no event, no actor hint, no other source state the webhooks write. */
async function assertNothingRecorded(herald: TestHerald): Promise<void> {
  assert.deepEqual((await herald.store.listEvents(undefined, 100)).items, []);
  assert.deepEqual(await herald.store.listSourceState(ACTOR_HINT_SCOPE), []);
}

describe('the API server authenticates with a client certificate', () => {
  const serverCa = testCa('herald-serving-ca');
  const serving = serverCa.issue('herald', ['IP:127.0.0.1', 'DNS:localhost']);
  const clientCa = testCa('apiserver-client-ca');
  const apiServer = clientCa.issue('kube-apiserver', ['DNS:kube-apiserver-client']);
  const otherName = clientCa.issue('intruder');
  const foreign = testCa('someone-else').issue('kube-apiserver');
  let herald: TestHerald;
  let named: TestHerald;

  before(async () => {
    const tls = { certFile: serving.certFile, keyFile: serving.keyFile };
    herald = await startTestHerald({
      server: { host: '127.0.0.1', port: 0, tls },
      kubernetes: { cluster: 'prod', clientCaFile: clientCa.certFile },
    });
    named = await startTestHerald({
      server: { host: '127.0.0.1', port: 0, tls },
      kubernetes: { cluster: 'prod', clientCaFile: clientCa.certFile, clientNames: ['kube-apiserver-client'] },
    });
  });
  after(async () => { await herald.close(); await named.close(); });

  test('a certificate signed by kubernetes.clientCaFile is heard on all three endpoints', async () => {
    const client = { ca: serverCa.cert, cert: apiServer };
    const admission = await call(`${herald.url}/k8s/admission`, scaleReview('mtls-1'), client);
    assert.equal(admission.status, 200, JSON.stringify(admission.body));
    assert.deepEqual(admission.body.response, { uid: 'mtls-1', allowed: true });
    const audit = await call(`${herald.url}/k8s/audit`, fixture(AUDIT_LIST), client);
    assert.equal(audit.status, 200);
    assert.equal(audit.body.events, 3);
    const authz = await call(`${herald.url}/k8s/authorize`, SAR, client);
    assert.equal(authz.status, 200);
    assert.deepEqual(authz.body.status, { allowed: false });
    const events = (await herald.store.listEvents(undefined, 100)).items;
    assert.equal(events.filter((e) => e.dedupKey === 'admission:mtls-1').length, 1);
  });

  test('no certificate, a certificate from another CA, or a forged token get 401 and record nothing', async () => {
    const fresh = await startTestHerald({
      server: { host: '127.0.0.1', port: 0, tls: { certFile: serving.certFile, keyFile: serving.keyFile } },
      kubernetes: { cluster: 'prod', clientCaFile: clientCa.certFile },
    });
    try {
      for (const client of [
        { ca: serverCa.cert },
        { ca: serverCa.cert, cert: foreign },
        { ca: serverCa.cert, headers: { authorization: `Bearer ${TOKEN}` } },
      ]) {
        for (const [path, body] of [['admission', scaleReview('mtls-refused')], ['audit', fixture(AUDIT_LIST)], ['authorize', SAR]] as const) {
          const res = await call(`${fresh.url}/k8s/${path}`, body, client);
          assert.equal(res.status, 401, `${path} ${JSON.stringify(res.body)}`);
          assert.equal(res.body.error.code, 'UNAUTHENTICATED');
          assert.match(res.body.error.message, /kubernetes\.clientCaFile/);
        }
      }
      const foreignAnswer = await call(`${fresh.url}/k8s/admission`, scaleReview('x'), { ca: serverCa.cert, cert: foreign });
      assert.match(foreignAnswer.body.error.message, /not signed by kubernetes\.clientCaFile/);
      await assertNothingRecorded(fresh);
    } finally {
      await fresh.close();
    }
  });

  test('the rest of Herald still answers HTTPS clients that present no certificate', async () => {
    const health = await call(`${herald.url}/healthz`, undefined, { ca: serverCa.cert });
    assert.equal(health.status, 200);
    const api = await call(`${herald.url}/api/v1/webhooks`, undefined, { ca: serverCa.cert, headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' } });
    assert.equal(api.status, 200);
  });

  test('with kubernetes.clientNames, only a certificate carrying one of them (CN or SAN) is heard', async () => {
    const ok = await call(`${named.url}/k8s/admission`, scaleReview('named-1'), { ca: serverCa.cert, cert: apiServer });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const refused = await call(`${named.url}/k8s/admission`, scaleReview('named-2'), { ca: serverCa.cert, cert: otherName });
    assert.equal(refused.status, 401);
    assert.match(refused.body.error.message, /intruder.*kubernetes\.clientNames/);
    const keys = (await named.store.listEvents(undefined, 100)).items.map((e) => e.dedupKey);
    assert.deepEqual(keys, ['admission:named-1']);
  });
});

describe('the API server authenticates with the bearer token from its kubeconfig', () => {
  let herald: TestHerald;
  before(async () => { herald = await startTestHerald({ kubernetes: { cluster: 'prod', token: TOKEN } }); });
  after(async () => { await herald.close(); });

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${herald.url}/k8s/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() as any };
  };

  test('no token or a wrong one gets 401 naming kubernetes.token, and records nothing', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }] as Array<Record<string, string>>) {
      for (const [path, body] of [['admission', scaleReview('tok-refused')], ['audit', fixture(AUDIT_LIST)], ['authorize', SAR]] as const) {
        const res = await post(path, body, headers);
        assert.equal(res.status, 401, path);
        assert.match(res.body.error.message, /kubernetes\.token/);
      }
    }
    await assertNothingRecorded(herald);
  });

  test('the configured token is heard', async () => {
    const res = await post('admission', scaleReview('tok-1'), { authorization: `Bearer ${TOKEN}` });
    assert.deepEqual(res.body.response, { uid: 'tok-1', allowed: true });
    assert.equal((await herald.store.listEvents(undefined, 100)).items.length, 1);
  });
});

describe('a refused request leaves no source state, even for a watched kind', () => {
  test('admission and audit for a watched kind: 401 without the token writes no hint; with it, the hint is written', async () => {
    const t = await openTestStore();
    const deps = { ingest: t.ingest, store: t.store, cluster: 'prod', isWatched: watching('prod/Deployment', 'prod/Secret', 'prod/ConfigMap'), logger: memoryLogger(), auth: { token: TOKEN } };
    const admission = await serveApp(createAdmissionApp(deps));
    const audit = await serveApp(createAuditApp(deps));
    try {
      assert.equal((await post(admission.url, scaleReview('hint-refused'), { authorization: 'Bearer not-the-token-000000' })).status, 401);
      assert.equal((await post(audit.url, fixture(AUDIT_LIST))).status, 401);
      assert.deepEqual(await t.store.listSourceState(ACTOR_HINT_SCOPE), []);
      assert.deepEqual(await allEvents(t.store), []);

      assert.equal((await post(admission.url, scaleReview('hint-heard'), { authorization: `Bearer ${TOKEN}` })).status, 200);
      const hints = await t.store.listSourceState(ACTOR_HINT_SCOPE);
      assert.deepEqual(hints.map((h) => h.key), ['prod/Deployment/my-namespace/my-deployment'], 'the same request with the token does write one');
    } finally {
      await admission.close();
      await audit.close();
      await t.close();
    }
  });
});

/** A Herald started with a logger that keeps its lines, to see what `herald serve` says at start. */
async function startLogged(overrides: Partial<ConfigInput>): Promise<{ url: string; lines: Array<{ level: number; msg: string }>; stop(): Promise<void> }> {
  const dataDir = tempDir('k8sauth');
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => { lines.push(JSON.parse(s)); } });
  const config = ConfigSchema.parse({ server: { host: '127.0.0.1', port: 0 }, dataDir, auth: { adminToken: 'test-admin-token-0123456789abcdef' }, ...overrides });
  const herald = await startHerald(config, { logger });
  return { url: herald.url, lines, stop: () => herald.stop() };
}

describe('closed by default, open only when told so', () => {
  test('with neither token, client CA nor the insecure flag, every endpoint answers 401 saying what to set, and the start says so', async () => {
    const h = await startLogged({});
    try {
      assert.ok(h.lines.some((l) => l.level === 30 && /k8s\/admission.*closed.*kubernetes\.token.*kubernetes\.clientCaFile/.test(l.msg)),
        JSON.stringify(h.lines.map((l) => l.msg)));
      for (const path of ['admission', 'audit', 'authorize']) {
        const res = await fetch(`${h.url}/k8s/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: '{}' });
        assert.equal(res.status, 401, path);
        const body = await res.json() as any;
        assert.equal(body.error.code, 'UNAUTHENTICATED');
        assert.match(body.error.message, /closed: set kubernetes\.token .* or kubernetes\.clientCaFile/);
      }
    } finally {
      await h.stop();
    }
  });

  test('kubernetes.insecureAllowUnauthenticated opens them, with a warning at start', async () => {
    const h = await startLogged({ kubernetes: { cluster: 'dev', insecureAllowUnauthenticated: true } });
    try {
      assert.ok(h.lines.some((l) => l.level === 40 && /insecureAllowUnauthenticated is on/.test(l.msg)));
      const res = await fetch(`${h.url}/k8s/admission`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(scaleReview('open-1')) });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as any).response.allowed, true);
    } finally {
      await h.stop();
    }
  });

  test('a client CA file that is missing or holds no PEM certificate stops the start, naming kubernetes.clientCaFile', async () => {
    const serving = testCa().issue('herald', ['IP:127.0.0.1']);
    const notPem = join(tempDir('ca'), 'ca.pem');
    writeFileSync(notPem, 'this is not a certificate\n');
    for (const [file, message] of [['/nonexistent/apiserver-ca.pem', /cannot read .*ENOENT/], [notPem, /does not hold PEM CA certificates/]] as const) {
      await assert.rejects(startLogged({
        server: { host: '127.0.0.1', port: 0, tls: { certFile: serving.certFile, keyFile: serving.keyFile } },
        kubernetes: { cluster: 'prod', clientCaFile: file },
      }), (err: any) => err.code === 'CONFIG_INVALID' && err.field === 'kubernetes.clientCaFile' && message.test(err.message));
    }
  });

  test('a client CA without server.tls, or clientNames without a client CA, is refused at load with the key named', () => {
    assert.throws(() => loadConfig({ overrides: { 'kubernetes.clientCaFile': { value: '/etc/herald/apiserver-ca.pem', origin: '--client-ca' } }, env: {} }),
      (err: any) => err.code === 'CONFIG_INVALID' && err.field === 'kubernetes.clientCaFile' && /server\.tls/.test(err.message));
    assert.throws(() => loadConfig({ overrides: { 'kubernetes.clientNames': { value: ['kube-apiserver'], origin: '--client-names' } }, env: {} }),
      (err: any) => err.code === 'CONFIG_INVALID' && err.field === 'kubernetes.clientNames');
  });
});

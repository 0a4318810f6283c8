import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import pino, { type Logger } from 'pino';
import { createApp } from './api/app.ts';
import { AccountAuthenticator } from './api/auth/account-authenticator.ts';
import { StoreAuditLog } from './api/auth/audit-log.ts';
import { ensureFirstAdmin, type FirstRun } from './api/auth/first-run.ts';
import type { Config } from './config/config-schema.ts';
import { applyConfigWebhooks } from './config/config-webhooks.ts';
import { readOrCreate } from './config/local-secrets.ts';
import { Dispatcher } from './delivery/dispatcher.ts';
import { HttpSender } from './delivery/http-sender.ts';
import { SsrfGuard } from './delivery/ssrf-guard.ts';
import { Ingestor } from './ingest/ingestor.ts';
import { HeraldMetrics } from './observability/metrics.ts';
import { openAccountStore, type AccountStore } from './store/accounts.ts';
import { openStore } from './store/open-store.ts';
import { SecretBox } from './store/secret-box.ts';
import { createAdmissionApp } from './sources/admission/index.ts';
import { createAuditApp } from './sources/audit/index.ts';
import { createAuthzApp } from './sources/authz/index.ts';
import { createClusterWatch } from './sources/cluster-watch/index.ts';
import { createInboundApp } from './sources/inbound-hooks/index.ts';
import { K8S_WEBHOOK_PATHS } from './sources/kubernetes/webhook-http.ts';
import type { Store } from './store/store.ts';
import { CONSOLE_DIST_DIR, createConsoleApp } from './web/console-app.ts';

/**
 * The composition root: builds the store, the dispatcher, the ingest path and
 * the HTTP server from one Config, and tears them down in reverse order.
 * Everything else receives what it needs; nothing reaches for globals.
 */
export interface Herald {
  url: string;
  store: Store;
  ingestor: Ingestor;
  dispatcher: Dispatcher;
  logger: Logger;
  accounts: AccountStore;
  /** Set when this run created the first admin, so the CLI can print how to sign in once. */
  firstRun: FirstRun | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
}

export async function startHerald(config: Config, opts: StartOptions = {}): Promise<Herald> {
  const env = opts.env ?? process.env;
  const logger = opts.logger ?? pino({ level: config.log.level, base: { service: 'herald' } });
  const secretKey = env.HERALD_SECRET_KEY ?? readOrCreate(config.dataDir, 'secret.key', SecretBox.generateKey).value;
  const secrets = SecretBox.fromString(secretKey);
  const store = await openStore(config.store.url, { dataDir: config.dataDir, secrets, synchronous: config.store.synchronous });
  const secretGraceMs = config.delivery.secretRotationGraceHours * 3600 * 1000;
  const declared = await applyConfigWebhooks(store, config.webhooks, secretGraceMs);
  if (declared.created + declared.updated > 0) logger.info(declared, 'webhooks from the config file applied');

  const accounts = await openAccountStore(config.store.url, { dataDir: config.dataDir });
  const firstRun = await ensureFirstAdmin(accounts, {
    dataDir: config.dataDir, makeToken: config.auth.adminToken === undefined, warn: (msg, err) => logger.warn({ err }, msg),
  });
  const auth = new AccountAuthenticator({ accounts, adminToken: config.auth.adminToken });
  const audit = new StoreAuditLog(accounts, (err) => logger.error({ err }, 'could not write the audit log'));

  const metrics = new HeraldMetrics();
  const ssrf = new SsrfGuard({ allowedNetworks: config.delivery.allowedNetworks, disabled: !config.delivery.ssrfGuard });
  const sender = new HttpSender(ssrf);
  const dispatcher = new Dispatcher({
    store, sender, maxInFlight: config.delivery.maxInFlight, idlePollMs: config.delivery.idlePollMs,
    onAttempt: (info) => {
      metrics.attempt(info);
      logger.debug({ delivery: info.deliveryId, webhook: info.webhookId, outcome: info.decision.kind, status: info.attempt.statusCode }, 'delivery attempt');
    },
    onError: (err) => logger.error({ err }, 'dispatcher error'),
  });
  const ingestor = new Ingestor(store, () => dispatcher.wake());
  // Deliveries recorded by other replicas (PostgreSQL NOTIFY) start here at once, not at the next idle poll.
  const unsubscribeWake = store.onWake?.(() => dispatcher.wake());
  const ingest = {
    ingest: async (...args: Parameters<Ingestor['ingest']>) => {
      const r = await ingestor.ingest(...args);
      if (!r.duplicate) metrics.event(r.event.source);
      return r;
    },
    invalidate: () => ingestor.invalidate(),
  };

  // Built before the webhooks so they know which kinds the watch announces (they then leave actor hints only).
  const clusterWatch = config.watch === undefined ? undefined : createClusterWatch(config.watch, store, logger, {
    onLeadership: (cluster, leading) => metrics.leader(cluster, leading),
  });
  for (const c of config.watch?.clusters ?? []) metrics.leader(c.name, false);
  const isWatched = clusterWatch?.isWatched ?? (() => false);
  const k8s = { ingest, store, cluster: config.kubernetes.cluster, isWatched, logger, bearerToken: config.kubernetes.token };
  const mounts: Array<{ path: string; app: Hono<any> }> = [
    { path: K8S_WEBHOOK_PATHS.admission, app: createAdmissionApp(k8s) },
    { path: K8S_WEBHOOK_PATHS.audit, app: createAuditApp(k8s) },
    { path: K8S_WEBHOOK_PATHS.authorize, app: createAuthzApp({ ...k8s, config: config.kubernetes.authz }) },
    { path: '/hooks', app: createInboundApp({ ingest, store, config: config.inbound, logger }) },
    { path: '/', app: createConsoleApp({ distDir: CONSOLE_DIST_DIR }) }, // the web console: keep last
  ];
  const app = createApp({
    store, ingest, dispatcher, ssrf, auth, accounts, audit,
    secretGraceMs,
    logError: (err) => logger.error({ err }, 'request failed'),
  }, { bodyLimitBytes: config.server.bodyLimitBytes, metrics: () => metrics.text(), mounts });

  await dispatcher.start();
  const sources = clusterWatch?.sources ?? [];
  for (const s of sources) await s.start(ingest);
  const server = await listen(app.fetch, config);
  const address = server.address() as AddressInfo;
  const scheme = config.server.tls === undefined ? 'http' : 'https';
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${scheme}://${host}:${address.port}`;
  logger.info({ url, store: config.store.url?.replace(/\/\/[^@]*@/, '//***@') ?? 'sqlite' }, 'herald is listening');

  return {
    url, store, ingestor, dispatcher, logger, accounts, firstRun,
    async stop() {
      for (const s of sources) await s.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      unsubscribeWake?.();
      await dispatcher.stop();
      await sender.close();
      await store.close();
      await accounts.close();
    },
  };
}

function listen(fetch: (req: Request) => Response | Promise<Response>, config: Config): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const tls = config.server.tls;
    const server = serve({
      fetch, hostname: config.server.host, port: config.server.port,
      ...(tls === undefined ? {} : {
        createServer: createHttpsServer,
        serverOptions: { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) },
      }),
    }, () => resolve(server));
    server.once('error', reject);
  });
}

import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { createApp } from './api/app.ts';
import { AccountAuthenticator } from './api/auth/account-authenticator.ts';
import { SignInThrottle } from './api/auth/sign-in-throttle.ts';
import { ensureFirstAdmin, type FirstRun } from './api/auth/first-run.ts';
import { createHeraldApp, type HeraldApp } from './app/herald-app.ts';
import type { AccountStore } from './app/ports/account-repository.ts';
import type { Ingestor } from './app/record-event.ts';
import type { Config } from './config/config-schema.ts';
import { applyConfigWebhooks } from './config/config-webhooks.ts';
import { redactionMatcher } from './core/redact.ts';
import { readOrCreate } from './config/local-secrets.ts';
import { HeraldError } from './core/errors.ts';
import { Dispatcher } from './delivery/dispatcher.ts';
import type { SendRequest, SendResult } from './delivery/http-sender.ts';
import { previewRequest } from './delivery/preview-request.ts';
import { AmqpSender } from './delivery/transports/amqp-sender.ts';
import { MqttSender } from './delivery/transports/mqtt-sender.ts';
import { NatsSender } from './delivery/transports/nats-sender.ts';
import { RedisSender } from './delivery/transports/redis-sender.ts';
import { SmtpSender } from './delivery/transports/smtp-sender.ts';
import { TransportSenders, type ClosableSender } from './delivery/transports/transport-senders.ts';
import { webhookDisabledEvent } from './delivery/webhook-disabled-event.ts';
import { SsrfGuard } from './delivery/ssrf-guard.ts';
import { ResourceStack } from './lifecycle/resource-stack.ts';
import { createLogger } from './observability/logger.ts';
import { HeraldMetrics } from './observability/metrics.ts';
import { checkDestination } from './platforms/destination-fields.ts';
import { checkDestinationUrl, findPlatform } from './platforms/registry.ts';
import { openStores } from './store/open-store.ts';
import { SecretBox } from './store/secret-box.ts';
import { createAdmissionApp } from './sources/admission/index.ts';
import { createAuditApp } from './sources/audit/index.ts';
import { createAuthzApp } from './sources/authz/index.ts';
import { createInboundApp } from './sources/inbound-hooks/index.ts';
import { describeApiServerAuth, readClientCa } from './sources/kubernetes/api-server-auth.ts';
import { K8S_WEBHOOK_PATHS } from './sources/kubernetes/webhook-http.ts';
import type { Store } from './store/store.ts';
import { CONSOLE_DIST_DIR, createConsoleApp } from './web/console-app.ts';

/**
 * The composition root: opens the store, builds the dispatcher, the
 * application layer (src/app) over them, the sources and the HTTP server from
 * one Config, and tears them down in reverse order. Everything else receives
 * what it needs; nothing reaches for globals.
 */
export interface Herald {
  url: string;
  app: HeraldApp;
  store: Store;
  /** The record-event use case (app.events). */
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
  const resources = new ResourceStack();
  try {
    return await build(config, opts, resources);
  } catch (err) {
    // A start that fails half way closes what it had opened, so `herald serve` exits with one line
    // instead of hanging on an open pool or timer. The start error is what the user must fix:
    // a failure to close after it would only hide it.
    await resources.closeAll().catch(() => {});
    throw err;
  }
}

async function build(config: Config, opts: StartOptions, resources: ResourceStack): Promise<Herald> {
  const env = opts.env ?? process.env;
  const logger = opts.logger ?? createLogger(config.log.level);
  // Read before anything is opened, so a bad file stops the start with nothing left running.
  const clientCa = config.kubernetes.clientCaFile === undefined ? undefined : readClientCa(config.kubernetes.clientCaFile);
  const secretKey = env.HERALD_SECRET_KEY ?? readOrCreate(config.dataDir, 'secret.key', SecretBox.generateKey).value;
  const secrets = SecretBox.fromString(secretKey);
  const opened = await openStores(config.store.url, { dataDir: config.dataDir, secrets, synchronous: config.store.synchronous });
  const store = opened.store;
  // Resolved API tokens are cached only where this process sees every account change (SQLite):
  // everything here writes accounts through `accounts`, which empties that cache on a revocation.
  const auth = new AccountAuthenticator({ accounts: opened.accounts, adminToken: config.auth.adminToken, cacheTokens: store.capabilities.singleProcess });
  const accounts = auth.revokingThrough(opened.accounts);
  resources.add('the store', () => store.close());
  // Added after the store, so closed before it: the accounts share its connection or pool.
  resources.add('the account store', () => accounts.close());
  const secretGraceMs = config.delivery.secretRotationGraceHours * 3600 * 1000;

  const metrics = new HeraldMetrics();
  resources.add('the metrics', async () => metrics.close());
  const ssrf = new SsrfGuard({ allowedNetworks: config.delivery.allowedNetworks, disabled: !config.delivery.ssrfGuard });
  const sender = new TransportSenders({
    http: lazyHttpSender(ssrf), smtp: new SmtpSender(ssrf), nats: new NatsSender(ssrf),
    amqp: new AmqpSender(ssrf), mqtt: new MqttSender(ssrf), redis: new RedisSender(ssrf),
  });
  resources.add('the senders (HTTP, SMTP and broker connections)', () => sender.close());
  const dispatcher = new Dispatcher({
    store, sender, maxInFlight: config.delivery.maxInFlight, idlePollMs: config.delivery.idlePollMs,
    ...(config.server.externalUrl === undefined ? {} : { consoleUrl: config.server.externalUrl }),
    onAttempt: (info) => {
      metrics.attempt(info);
      app.deliveryChanges.publish({
        kind: 'attempt', webhookId: info.webhookId, deliveryId: info.deliveryId,
        attempt: info.attempt.attempt, outcome: info.attempt.outcome, statusCode: info.attempt.statusCode,
      });
      const fields = { webhook: info.webhookId, delivery: info.deliveryId, attempt: info.attempt.attempt, status: info.attempt.statusCode };
      // One warn line per failed attempt is what an operator greps for; successes stay at debug.
      if (info.decision.kind === 'succeeded') logger.debug({ ...fields, outcome: 'succeeded' }, 'delivery attempt succeeded');
      else {
        const retryInMs = info.decision.kind === 'retry' ? { retryInMs: info.decision.delayMs } : {};
        logger.warn({ ...fields, outcome: info.decision.kind, reason: info.decision.reason, ...retryInMs }, 'delivery attempt failed');
      }
    },
    health: {
      recoverWindowMs: config.delivery.recoverWindowHours * 3600_000,
      recoverMax: config.delivery.recoverMax,
      disableAfterMs: config.delivery.disableAfterFailingHours * 3600_000,
    },
    onError: (err, what) => logger.error({ err }, what ?? 'dispatcher error'),
    onRecovered: (webhook, requeued) => logger.info({ webhook: webhook.id, requeued }, 'receiver recovered; failed deliveries re-queued'),
    onWebhookDisabled: (webhook, reason) => {
      logger.warn({ webhook: webhook.id, reason }, 'webhook disabled');
      app.events.invalidate(webhook.id);
      app.events.ingest(webhookDisabledEvent(webhook, reason, config.kubernetes.cluster))
        .catch((err: unknown) => logger.error({ err }, 'could not record the webhook.disabled event'));
    },
  });
  const app = createHeraldApp({
    store, accounts, worker: dispatcher, render: previewRequest, checkUrl: (url) => ssrf.checkUrl(url), secretGraceMs,
    checkDestination: (webhook) => {
      const platform = findPlatform(webhook.platform);
      if (platform === undefined) return;
      checkDestination(platform, webhook);
      checkDestinationUrl(webhook.platform, new URL(webhook.url));
    },
    onEvent: (event) => metrics.event(event.source),
    redaction: redactionMatcher(config.redact),
    onAuditError: (err) => logger.error({ err }, 'could not write the audit log'),
  });
  const ingest = app.events;

  const declared = await applyConfigWebhooks(app.webhooks, config.webhooks);
  if (declared.created + declared.updated > 0) logger.info(declared, 'webhooks from the config file applied');
  const firstRun = await ensureFirstAdmin(accounts, {
    dataDir: config.dataDir, makeToken: config.auth.adminToken === undefined, warn: (msg, err) => logger.warn({ err }, msg),
  });

  // Built before the webhooks so they know which kinds the watch announces (they then leave actor hints only).
  // The watch and cluster health are loaded only when configured: they bring the Kubernetes client
  // library, about 1,000 modules and ~45 MiB of RSS that a Herald watching no cluster never uses.
  const clusterWatch = config.watch === undefined ? undefined
    : (await import('./sources/cluster-watch/index.ts')).createClusterWatch(config.watch, app.sourceState, logger, {
      onLeadership: (cluster, leading) => metrics.leader(cluster, leading),
    });
  for (const c of config.watch?.clusters ?? []) metrics.leader(c.name, false);
  const isWatched = clusterWatch?.isWatched ?? (() => false);
  const k8s = { ingest, store: app.sourceState, cluster: config.kubernetes.cluster, isWatched, known: clusterWatch?.known, logger, auth: config.kubernetes };
  const k8sAuth = describeApiServerAuth(config.kubernetes);
  logger[k8sAuth.level](k8sAuth.msg);
  const mounts: Array<{ path: string; app: Hono<any> }> = [
    { path: K8S_WEBHOOK_PATHS.admission, app: createAdmissionApp(k8s) },
    { path: K8S_WEBHOOK_PATHS.audit, app: createAuditApp(k8s) },
    { path: K8S_WEBHOOK_PATHS.authorize, app: createAuthzApp({ ...k8s, config: config.kubernetes.authz }) },
    { path: '/hooks', app: createInboundApp({ ingest, store: app.sourceState, config: config.inbound, logger }) },
    { path: '/', app: createConsoleApp({ distDir: CONSOLE_DIST_DIR }) }, // the web console: keep last
  ];
  const api = createApp({
    app, auth, accounts, audit: app.audit,
    signInThrottle: new SignInThrottle({ ...config.auth.signIn, windowMs: config.auth.signIn.windowMinutes * 60_000 }),
    logError: (err) => logger.error({ err }, 'request failed'),
    logWarn: (fields, msg) => logger.warn(fields, msg),
  }, { bodyLimitBytes: config.server.bodyLimitBytes, metrics: () => metrics.text(), mounts });

  await dispatcher.start();
  resources.add('the dispatcher', () => dispatcher.stop());
  // Deliveries recorded by other replicas (PostgreSQL NOTIFY) start here at once, not at the next idle poll.
  const unsubscribeWake = store.onWake?.(() => dispatcher.wake(), (err) => {
    logger.warn({ err }, 'lost the PostgreSQL LISTEN connection; reconnecting (until then other replicas\' new deliveries start at the idle poll)');
  });
  if (unsubscribeWake !== undefined) resources.add('the wake-up listener', async () => unsubscribeWake());
  const health = config.health === undefined ? []
    : (await import('./sources/cluster-health/index.ts')).createClusterHealth(config.health, app.sourceState, logger);
  const sources = [...clusterWatch?.sources ?? [], ...health];
  for (const s of sources) {
    await s.start(ingest);
    resources.add(s.name, () => s.stop());
  }
  const server = await listen(api.fetch, config, clientCa);
  resources.add('the HTTP server', () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))));
  const address = server.address() as AddressInfo;
  const scheme = config.server.tls === undefined ? 'http' : 'https';
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${scheme}://${host}:${address.port}`;
  logger.info({ url, store: config.store.url?.replace(/\/\/[^@]*@/, '//***@') ?? 'sqlite' }, 'herald is listening');

  return {
    url, app, store, ingestor: app.events, dispatcher, logger, accounts, firstRun,
    /** Closes everything, in reverse order of opening, even when one part fails; then reports the failures. */
    stop: () => resources.closeAll(),
  };
}

/**
 * The HTTP sender, loaded at the first HTTP delivery: it brings undici (~110 modules, ~7 MiB of
 * heap) that a Herald which has delivered nothing yet does not need, as the broker and SMTP
 * senders load their libraries at their first send.
 */
function lazyHttpSender(ssrf: SsrfGuard): ClosableSender {
  let loading: Promise<ClosableSender> | undefined;
  let loaded: ClosableSender | undefined;
  const load = () => loading ??= import('./delivery/http-sender.ts').then((m) => (loaded = new m.HttpSender(ssrf)));
  return {
    send: (req: SendRequest): Promise<SendResult> => loaded?.send(req) ?? load().then((s) => s.send(req)),
    close: async () => { if (loading !== undefined) await (await loading).close(); },
  };
}

function listen(fetch: (req: Request) => Response | Promise<Response>, config: Config, clientCa: Buffer | undefined): Promise<ServerType> {
  const { host, port, tls } = config.server;
  const serverOptions = tls === undefined ? undefined : {
    cert: readTlsFile(tls.certFile, 'certFile'), key: readTlsFile(tls.keyFile, 'keyFile'),
    // The API server's client certificate is asked for, not required: browsers and API clients
    // present none, and /k8s/* check socket.authorized themselves (src/sources/kubernetes/api-server-auth.ts).
    ...(clientCa === undefined ? {} : { ca: clientCa, requestCert: true, rejectUnauthorized: false }),
  };
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({
        fetch, hostname: host, port,
        ...(serverOptions === undefined ? {} : { createServer: createHttpsServer, serverOptions }),
      }, () => resolve(server));
    } catch (err) {
      // Node checks the PEM when it builds the TLS context: a readable file that is not a certificate or key.
      reject(new HeraldError('CONFIG_INVALID', `server.tls: cannot use the certificate and key: ${(err as Error).message}`, { field: 'server.tls', cause: err }));
      return;
    }
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'the port is already in use'
        : err.code === 'EACCES' ? 'not permitted (ports below 1024 need privileges)'
        : err.code === 'EADDRNOTAVAIL' ? 'no interface has that address' : err.message;
      reject(new HeraldError('CONFIG_INVALID', `cannot listen on ${host}:${port}: ${why}; choose another with --port / --host (server.port / server.host)`,
        { field: err.code === 'EADDRNOTAVAIL' ? 'server.host' : 'server.port', cause: err }));
    });
  });
}

function readTlsFile(path: string, key: 'certFile' | 'keyFile'): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const field = `server.tls.${key}`;
    throw new HeraldError('CONFIG_INVALID', `${field}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { field, cause: err });
  }
}

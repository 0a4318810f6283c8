import { z } from 'zod';
import { WebhookInputSchema } from '../core/webhook.ts';
import { destinationProblem } from '../platforms/destination-fields.ts';
import { findPlatform, PlatformIdSchema } from '../platforms/registry.ts';
import { AuthzConfigSchema } from '../sources/authz/index.ts';
import { ClusterHealthConfigSchema } from '../sources/cluster-health/config.ts';
import { ClusterWatchConfigSchema } from '../sources/cluster-watch/config.ts';
import { InboundConfigSchema } from '../sources/inbound-hooks/index.ts';

/** A webhook kept in the file: the API's input, but strict (the API drops unknown top-level keys). */
const ConfigWebhookSchema = WebhookInputSchema.extend({ platform: PlatformIdSchema.default('custom') }).strict()
  .superRefine((w, ctx) => {
    const platform = findPlatform(w.platform);
    const problem = platform === undefined ? undefined : destinationProblem(platform, w);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.field.split('.') });
  });
/** Console sign-in throttling (docs/access.md): failures counted per username and per client address. */
const SIGN_IN_DEFAULTS = { maxFailuresPerUser: 5, maxFailuresPerAddress: 20, windowMinutes: 15 };
const SignInConfigSchema = z.strictObject({
  maxFailuresPerUser: z.number().int().min(1).max(1000).default(SIGN_IN_DEFAULTS.maxFailuresPerUser),
  maxFailuresPerAddress: z.number().int().min(1).max(100_000).default(SIGN_IN_DEFAULTS.maxFailuresPerAddress),
  windowMinutes: z.number().min(1).max(24 * 60).default(SIGN_IN_DEFAULTS.windowMinutes)
    .describe('Failures older than this are forgotten; a refused sign-in is told to retry when the oldest counted one expires'),
});

/**
 * Everything `herald serve` can be told, from herald.yaml and HERALD_* variables.
 * Sections for sources (clusters, inbound senders, admission…) are added here
 * by their modules' own schemas. Every level is strict: an unknown key (a typo,
 * a block at the wrong level) stops Herald naming the key, instead of being
 * silently ignored; the sources' schemas are strict too.
 */
export const ConfigSchema = z.strictObject({
  server: z.strictObject({
    host: z.string().default('127.0.0.1').describe('0.0.0.0 to listen on every interface (in a cluster)'),
    port: z.number().int().min(0).max(65535).default(8080),
    externalUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()
      .describe('The console\'s address as people reach it (e.g. https://herald.example.com): chat messages link to their event there'),
    tls: z.strictObject({ certFile: z.string(), keyFile: z.string() }).optional(),
    bodyLimitBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(5 * 1024 * 1024),
  }).default({ host: '127.0.0.1', port: 8080, bodyLimitBytes: 5 * 1024 * 1024 }),
  dataDir: z.string().default('./data'),
  store: z.strictObject({
    /** `sqlite:<path>` (default: <dataDir>/herald.db) or `postgres://…`. */
    url: z.string().regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://').optional(),
    synchronous: z.enum(['FULL', 'NORMAL']).default('FULL'),
  }).default({ synchronous: 'FULL' }),
  delivery: z.strictObject({
    allowedNetworks: z.array(z.string()).default([]).describe('CIDRs the SSRF guard lets through, e.g. 10.0.0.0/8'),
    ssrfGuard: z.boolean().default(true),
    maxInFlight: z.number().int().min(1).max(4096).default(128),
    idlePollMs: z.number().int().min(10).max(60_000).default(1000),
    secretRotationGraceHours: z.number().min(0).max(24 * 30).default(24),
    recoverWindowHours: z.number().min(0).max(24 * 30).default(72)
      .describe('When a failing receiver succeeds again, its deliveries that failed for good in this window are re-queued (0: never)'),
    recoverMax: z.number().int().min(0).max(1_000_000).default(10_000).describe('At most this many re-queued per recovery'),
    disableAfterFailingHours: z.number().min(1).max(24 * 365).default(120)
      .describe('A webhook whose every attempt failed for this long is disabled (default 5 days)'),
  }).default({
    allowedNetworks: [], ssrfGuard: true, maxInFlight: 128, idlePollMs: 1000, secretRotationGraceHours: 24,
    recoverWindowHours: 72, recoverMax: 10_000, disableAfterFailingHours: 120,
  }),
  auth: z.strictObject({
    adminToken: z.string().min(16).optional().describe('Fixed admin API token; otherwise one is generated on first run'),
    signIn: SignInConfigSchema.default(SIGN_IN_DEFAULTS),
  }).default({ signIn: SIGN_IN_DEFAULTS }),
  webhooks: z.array(ConfigWebhookSchema).default([]).describe('Webhooks kept in the file, upserted by name at start-up'),
  inbound: InboundConfigSchema.default({ sources: [], keepRejected: 1000 }).describe('Senders accepted at /hooks/<name>'),
  watch: ClusterWatchConfigSchema.optional().describe('Clusters to watch and the kinds to announce (docs/clusters.md)'),
  health: ClusterHealthConfigSchema.optional().describe('Clusters whose Events, Pods and Nodes are watched for trouble (docs/health-events.md)'),
  kubernetes: z.strictObject({
    cluster: z.string().min(1).default('default').describe('Cluster name on events from admission, audit and authorization requests'),
    token: z.string().min(16).optional().describe('Bearer token the API server must present (from its webhook kubeconfig)'),
    clientCaFile: z.string().min(1).optional().describe('PEM CA that signs the API server\'s client certificate (needs server.tls)'),
    clientNames: z.array(z.string().min(1)).min(1).optional().describe('Accepted client certificate names (CN or subjectAltName); any the CA signed when unset'),
    insecureAllowUnauthenticated: z.boolean().default(false).describe('Accept unauthenticated /k8s/* requests: development only'),
    authz: AuthzConfigSchema.optional(),
  }).default({ cluster: 'default', insecureAllowUnauthenticated: false }),
  redact: z.strictObject({
    paths: z.array(z.string().min(1)).default([])
      .describe('Field paths whose values never leave Herald, added to the defaults (docs/configuration.md#redaction)'),
    defaults: z.boolean().default(true).describe('Keep the default list (env values, credential-like annotations and payload fields)'),
  }).default({ paths: [], defaults: true }),
  log: z.strictObject({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }).default({ level: 'info' }),
}).superRefine((c, ctx) => {
  // A client certificate is only ever presented in a TLS handshake Herald itself terminates.
  if (c.kubernetes.clientCaFile !== undefined && c.server.tls === undefined) {
    ctx.addIssue({ code: 'custom', path: ['kubernetes', 'clientCaFile'], message: 'needs server.tls: client certificates are only presented over HTTPS' });
  }
  if (c.kubernetes.clientNames !== undefined && c.kubernetes.clientCaFile === undefined) {
    ctx.addIssue({ code: 'custom', path: ['kubernetes', 'clientNames'], message: 'needs kubernetes.clientCaFile: names are checked on verified client certificates' });
  }
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

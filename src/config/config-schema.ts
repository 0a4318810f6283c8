import { z } from 'zod';
import { WebhookInputSchema } from '../core/webhook.ts';
import { AuthzConfigSchema } from '../sources/authz/index.ts';
import { ClusterWatchConfigSchema } from '../sources/cluster-watch/config.ts';
import { InboundConfigSchema } from '../sources/inbound-hooks/index.ts';

/**
 * Everything `herald serve` can be told, from herald.yaml and HERALD_* variables.
 * Sections for sources (clusters, inbound senders, admission…) are added here
 * by their modules' own schemas.
 */
export const ConfigSchema = z.object({
  server: z.object({
    host: z.string().default('127.0.0.1').describe('0.0.0.0 to listen on every interface (in a cluster)'),
    port: z.number().int().min(0).max(65535).default(8080),
    tls: z.object({ certFile: z.string(), keyFile: z.string() }).optional(),
    bodyLimitBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(5 * 1024 * 1024),
  }).default({ host: '127.0.0.1', port: 8080, bodyLimitBytes: 5 * 1024 * 1024 }),
  dataDir: z.string().default('./data'),
  store: z.object({
    /** `sqlite:<path>` (default: <dataDir>/herald.db) or `postgres://…`. */
    url: z.string().optional(),
    synchronous: z.enum(['FULL', 'NORMAL']).default('FULL'),
  }).default({ synchronous: 'FULL' }),
  delivery: z.object({
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
  auth: z.object({
    adminToken: z.string().min(16).optional().describe('Fixed admin API token; otherwise one is generated on first run'),
  }).default({}),
  webhooks: z.array(WebhookInputSchema).default([]).describe('Webhooks kept in the file, upserted by name at start-up'),
  inbound: InboundConfigSchema.default({ sources: [], keepRejected: 1000 }).describe('Senders accepted at /hooks/<name>'),
  watch: ClusterWatchConfigSchema.optional().describe('Clusters to watch and the kinds to announce (docs/clusters.md)'),
  kubernetes: z.object({
    cluster: z.string().min(1).default('default').describe('Cluster name on events from admission, audit and authorization requests'),
    token: z.string().min(16).optional().describe('Bearer token the API server must present (from its webhook kubeconfig)'),
    authz: AuthzConfigSchema.optional(),
  }).default({ cluster: 'default' }),
  log: z.object({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }).default({ level: 'info' }),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

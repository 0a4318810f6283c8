import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EventInput } from '../../core/event.ts';
import { CommonSourceFields } from './common-config.ts';
import type { SenderType } from './sender-type.ts';

/**
 * Alertmanager's webhook_config (payload version 4). Each alert becomes one
 * event, `alert` while firing and `resolved` after, carrying the alert's labels
 * so webhook label conditions filter on them. Alertmanager re-sends a firing
 * group every repeat_interval; the de-duplication key (fingerprint, status,
 * startsAt) records such a repeat once, unless `notifyRepeats` is set.
 * Authentication is the webhook's http_config: a bearer token or basic auth.
 */
const AlertmanagerConfigSchema = z.strictObject({
  ...CommonSourceFields,
  type: z.literal('alertmanager'),
  clusterLabel: z.string().default('cluster').describe('Alert label naming the cluster, else the source\'s cluster'),
  notifyRepeats: z.boolean().default(false),
}).refine((c) => c.token !== undefined || c.basic !== undefined, {
  message: 'set token or basic: unauthenticated alert senders are refused', path: ['token'],
});
type AlertmanagerConfig = z.infer<typeof AlertmanagerConfigSchema>;

const AlertSchema = z.object({
  status: z.enum(['firing', 'resolved']).optional(),
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string().default(''),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

export const AlertmanagerPayloadSchema = z.object({
  version: z.string().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupKey: z.string().optional(),
  externalURL: z.string().optional(),
  alerts: z.array(AlertSchema).max(10_000),
});

/** Older Alertmanagers and some relays omit the fingerprint; the label set identifies an alert as well. */
function fingerprintOf(labels: Record<string, string>): string {
  const canonical = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join('\u0000');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

export const alertmanagerSender: SenderType<AlertmanagerConfig> = {
  type: 'alertmanager',
  configSchema: AlertmanagerConfigSchema,
  verify: () => ({ ok: true }),
  deliveryId: () => undefined,
  toEvents(req, config): EventInput[] {
    const payload = AlertmanagerPayloadSchema.parse(req.payload);
    return payload.alerts.map((alert, i) => {
      const status = alert.status ?? payload.status;
      const fingerprint = alert.fingerprint ?? fingerprintOf(alert.labels);
      const repeat = config.notifyRepeats ? `:${Date.now()}:${i}` : '';
      const l = alert.labels;
      return {
        event: status === 'firing' ? 'alert' : 'resolved',
        cluster: l[config.clusterLabel] ?? config.cluster,
        namespace: l.namespace ?? '',
        resource: l.kind ?? (l.pod !== undefined ? 'Pod' : l.deployment !== undefined ? 'Deployment' : 'Alert'),
        name: [l.alertname, l.pod ?? l.deployment ?? l.instance].filter(Boolean).join(' '),
        actor: 'alertmanager',
        summary: alert.annotations.summary ?? alert.annotations.description ?? l.alertname ?? '',
        labels: l,
        source: config.name,
        dedupKey: `${config.name}:${fingerprint}:${status}:${alert.startsAt}${repeat}`,
        data: {
          status, fingerprint, annotations: alert.annotations, startsAt: alert.startsAt, endsAt: alert.endsAt,
          generatorURL: alert.generatorURL, receiver: payload.receiver, externalURL: payload.externalURL,
        },
      };
    });
  },
};

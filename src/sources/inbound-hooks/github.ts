import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { EventInput } from '../../core/event.ts';
import { CommonSourceFields } from './common-config.ts';
import { safeEqual } from '../safe-equal.ts';
import type { InboundRequest, SenderType } from './sender-type.ts';

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC of the raw body>`, the event
 * name in X-GitHub-Event, and X-GitHub-Delivery (kept on redelivery, so it
 * de-duplicates). `ping` is acknowledged and not fanned out.
 */
const GitHubConfigSchema = z.strictObject({
  ...CommonSourceFields,
  type: z.literal('github'),
  secret: z.string().min(1).describe('The webhook secret set in GitHub'),
});
type GitHubConfig = z.infer<typeof GitHubConfigSchema>;

type Obj = Record<string, any>;

function summary(event: string, p: Obj): string {
  if (event === 'push') {
    const commits = Array.isArray(p.commits) ? p.commits.length : 0;
    return `push to ${p.ref ?? '?'} (${commits} commit${commits === 1 ? '' : 's'})${p.deleted === true ? ', deleted' : ''}`;
  }
  const item = p.pull_request ?? p.issue;
  if (item !== undefined) return `${event} ${p.action ?? ''} #${item.number}: ${item.title ?? ''}`.replace(/\s+/g, ' ');
  return [event, p.action].filter(Boolean).join(' ');
}

export const githubSender: SenderType<GitHubConfig> = {
  type: 'github',
  configSchema: GitHubConfigSchema,
  verify(req: InboundRequest, config: GitHubConfig) {
    const header = req.headers['x-hub-signature-256'];
    if (header === undefined) return { ok: false, reason: 'missing X-Hub-Signature-256' };
    const expected = `sha256=${createHmac('sha256', config.secret).update(req.rawBody).digest('hex')}`;
    return safeEqual(header, expected) ? { ok: true } : { ok: false, reason: 'X-Hub-Signature-256 does not match' };
  },
  deliveryId: (req) => req.headers['x-github-delivery'],
  toEvents(req, config): EventInput[] {
    const event = (req.headers['x-github-event'] ?? 'unknown').toLowerCase().replace(/[^a-z0-9_.-]/g, '_');
    if (event === 'ping') return [];
    const p = (req.payload ?? {}) as Obj;
    const repo = p.repository?.full_name ?? p.organization?.login ?? '';
    return [{
      event: `github.${event}`,
      cluster: config.cluster,
      namespace: p.repository?.owner?.login ?? p.organization?.login ?? '',
      resource: 'Repository',
      name: repo,
      actor: p.sender?.login ?? p.pusher?.name ?? '',
      summary: summary(event, p),
      labels: Object.fromEntries(Object.entries({
        repository: repo, event, action: p.action, ref: p.ref,
      }).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
      source: config.name,
      data: { delivery: req.headers['x-github-delivery'], payload: p },
    }];
  },
};

import type { WebhookView } from '../../api/types.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { Time } from '../../components/Time.tsx';

/**
 * Active (saying since when its receiver fails, if it does), paused by a
 * person, or switched off by Herald (with its reason, e.g. the receiver answered 410).
 */
export function WebhookStatus({ webhook }: { webhook: WebhookView }) {
  if (webhook.enabled && webhook.failingSince !== null) {
    return <span><StatusBadge status="active" /> <span className="muted">failing since <Time iso={webhook.failingSince} /></span></span>;
  }
  if (webhook.enabled) return <StatusBadge status="active" />;
  if (webhook.disabledReason !== null) {
    return <span><StatusBadge status="disabled" /> <span className="muted">{webhook.disabledReason}</span></span>;
  }
  return <StatusBadge status="paused" />;
}

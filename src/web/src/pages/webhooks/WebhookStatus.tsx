import type { WebhookView } from '../../api/types.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';

/** Active, paused by a person, or switched off by Herald (with its reason, e.g. the receiver answered 410). */
export function WebhookStatus({ webhook }: { webhook: WebhookView }) {
  if (webhook.enabled) return <StatusBadge status="active" />;
  if (webhook.disabledReason !== null) {
    return <span><StatusBadge status="disabled" /> <span className="muted">{webhook.disabledReason}</span></span>;
  }
  return <StatusBadge status="paused" />;
}

import { TextField } from '../../components/TextField.tsx';
import type { WebhookForm } from './form-state.ts';

type ListKey = 'events' | 'clusters' | 'kinds' | 'namespaces' | 'reasons';

const LISTS: Array<{ key: ListKey; label: string; placeholder: string }> = [
  { key: 'events', label: 'Event types', placeholder: 'create, update, delete, scale, alert' },
  { key: 'clusters', label: 'Clusters', placeholder: 'prod-*, staging' },
  { key: 'kinds', label: 'Kinds', placeholder: 'Deployment, StatefulSet' },
  { key: 'namespaces', label: 'Namespaces', placeholder: 'prod-*, payments' },
  { key: 'reasons', label: 'Reasons', placeholder: 'CrashLoopBackOff, OOMKilled' },
];

/** The five list filters as comma-separated text; "*" (or blank) matches everything. */
export function ListFilters({ form, set, errorFor }: {
  form: WebhookForm; set: (patch: Partial<WebhookForm>) => void; errorFor: (key: string) => string | undefined;
}) {
  return (
    <>
      <p className="hint" id="wh-lists-hint">Comma-separated values. <code>*</code> (or blank) matches everything; globs like <code>prod-*</code> work.</p>
      <div className="grid-2">
        {LISTS.map(({ key, label, placeholder }) => (
          <TextField key={key} id={`wh-${key}`} label={label} value={form[key]} placeholder={placeholder}
            onChange={(v) => set({ [key]: v })} error={errorFor(`filters.${key}`)} />
        ))}
      </div>
    </>
  );
}

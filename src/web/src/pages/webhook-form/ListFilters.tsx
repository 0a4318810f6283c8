import { TextField } from '../../components/TextField.tsx';
import { EventTypeChoice } from './EventTypeChoice.tsx';
import type { WebhookForm } from './form-state.ts';

type ListKey = 'clusters' | 'kinds' | 'namespaces' | 'actors' | 'reasons' | 'fields';

const LISTS: Array<{ key: ListKey; label: string; placeholder: string }> = [
  { key: 'clusters', label: 'Clusters', placeholder: 'prod-*, staging' },
  { key: 'kinds', label: 'Kinds', placeholder: 'Deployment, StatefulSet' },
  { key: 'namespaces', label: 'Namespaces', placeholder: 'prod-*, !kube-system' },
  { key: 'reasons', label: 'Reasons', placeholder: 'CrashLoopBackOff, OOMKilled' },
  { key: 'actors', label: 'Actors', placeholder: '!system:serviceaccount:*' },
  { key: 'fields', label: 'Changed fields (updates only)', placeholder: 'spec.template.spec.containers[*].image' },
];

/** Event types as a choice, and the list filters as comma-separated text; "*" (or blank) matches everything, "!" excludes. */
export function ListFilters({ form, set, errorFor }: {
  form: WebhookForm; set: (patch: Partial<WebhookForm>) => void; errorFor: (key: string) => string | undefined;
}) {
  return (
    <>
      <EventTypeChoice value={form.events} onChange={(events) => set({ events })} error={errorFor('filters.events')} />
      <p className="hint" id="wh-lists-hint">Comma-separated values. <code>*</code> (or blank) matches everything; globs like <code>prod-*</code> work;
        {' '}<code>!</code> excludes (<code>!kube-system</code>). Changed fields: an update is sent only when one of these paths changed
        (<code>[*]</code> for any list item); blank sends every update.</p>
      <div className="grid-2">
        {LISTS.map(({ key, label, placeholder }) => (
          <TextField key={key} id={`wh-${key}`} label={label} value={form[key]} placeholder={placeholder}
            onChange={(v) => set({ [key]: v })} error={errorFor(`filters.${key}`)} />
        ))}
      </div>
    </>
  );
}

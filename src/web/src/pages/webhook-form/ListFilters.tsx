import { TextField } from '../../components/TextField.tsx';
import { EventTypeChoice } from './EventTypeChoice.tsx';
import type { WebhookForm } from './form-state.ts';

type ListKey = 'clusters' | 'kinds' | 'namespaces';

const LISTS: Array<{ key: ListKey; label: string; placeholder: string }> = [
  { key: 'clusters', label: 'Clusters', placeholder: 'prod-*, staging' },
  { key: 'kinds', label: 'Kinds', placeholder: 'Deployment, StatefulSet' },
  { key: 'namespaces', label: 'Namespaces', placeholder: 'prod-*, payments' },
];

/** Event types as a choice, and three list filters as comma-separated text; "*" (or blank) matches everything. */
export function ListFilters({ form, set, errorFor }: {
  form: WebhookForm; set: (patch: Partial<WebhookForm>) => void; errorFor: (key: string) => string | undefined;
}) {
  return (
    <>
      <EventTypeChoice value={form.events} onChange={(events) => set({ events })} error={errorFor('filters.events')} />
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

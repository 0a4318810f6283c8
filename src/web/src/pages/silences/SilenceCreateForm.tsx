import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { SilenceView } from '../../api/types.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FieldError } from '../../components/FieldError.tsx';
import { TextField } from '../../components/TextField.tsx';
import { emptySilenceForm, MATCHER_KEYS, silenceBody, silenceFieldKey, type SilenceForm } from './silence-form-state.ts';

const LABELS: Record<(typeof MATCHER_KEYS)[number], { label: string; placeholder: string }> = {
  namespaces: { label: 'Namespaces', placeholder: 'shop, !shop-keep' },
  kinds: { label: 'Kinds', placeholder: 'Deployment, Job' },
  clusters: { label: 'Clusters', placeholder: 'prod-*' },
  events: { label: 'Event types', placeholder: 'update, scale' },
  actors: { label: 'Actors', placeholder: 'system:serviceaccount:*' },
};

const HOURS = [['1', '1 hour'], ['2', '2 hours'], ['4', '4 hours'], ['8', '8 hours'], ['24', '1 day'], ['168', '1 week']] as const;

/** New silence: what it mutes (the webhook filter fields, ! excludes), for how long, and why. */
export function SilenceCreateForm({ onCreated }: { onCreated: (s: SilenceView) => void }) {
  const [form, setForm] = useState<SilenceForm>(emptySilenceForm);
  const [error, setError] = useState<ApiError | unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<SilenceForm>) => setForm((f) => ({ ...f, ...patch }));
  const fieldOf = error instanceof ApiError ? silenceFieldKey(error.field) : undefined;
  const errorFor = (key: string) => (fieldOf === key ? (error as ApiError).message : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const made = await api.silences.create(silenceBody(form, Date.now()));
      setError(null);
      setForm(emptySilenceForm());
      onCreated(made);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="webhook-form card" onSubmit={(e) => void submit(e)} aria-labelledby="silence-new-title" noValidate>
      <h2 id="silence-new-title">New silence</h2>
      <fieldset>
        <legend>Mute events matching</legend>
        <p className="hint">Comma-separated; globs like <code>prod-*</code> work, <code>!</code> excludes. Blank matches every value; at least one field must narrow it.</p>
        <div className="grid-2">
          {MATCHER_KEYS.map((k) => (
            <TextField key={k} id={`sil-${k}`} label={LABELS[k].label} value={form[k]} placeholder={LABELS[k].placeholder}
              onChange={(v) => set({ [k]: v })} error={errorFor(`matchers.${k}`)} />
          ))}
        </div>
        <FieldError id="sil-matchers-error" message={errorFor('matchers')} />
      </fieldset>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="sil-hours">For</label>
          <select id="sil-hours" value={form.hours} onChange={(e) => set({ hours: e.target.value })}>
            {HOURS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
          <FieldError id="sil-hours-error" message={errorFor('hours')} />
        </div>
        <TextField id="sil-starts" label="Starting (blank: now)" type="datetime-local" value={form.startsAt}
          onChange={(startsAt) => set({ startsAt })} error={errorFor('startsAt')} />
      </div>
      <TextField id="sil-comment" label="Comment" value={form.comment} placeholder="Why: e.g. node upgrade in shop"
        onChange={(comment) => set({ comment })} error={errorFor('comment')} />
      {error !== null && fieldOf === undefined && <ErrorMessage error={error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Create silence'}</button>
      </div>
    </form>
  );
}

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../api/client.ts';
import type { PlatformInfo, WebhookView } from '../../api/types.ts';
import { TextField } from '../../components/TextField.tsx';
import { AuthFields } from './AuthFields.tsx';
import { DeliveryFields } from './DeliveryFields.tsx';
import { GroupingFields } from './GroupingFields.tsx';
import { caCertOf, deliveryBody, deliveryFieldKey, deliveryFromView, deliveryPatch, type DeliverySettings } from './delivery-settings.ts';
import { createBody, emptyForm, fieldKey, formFromView, updateBody, type FormProblem, type WebhookForm as FormState } from './form-state.ts';
import { LabelConditions } from './LabelConditions.tsx';
import { ListFilters } from './ListFilters.tsx';
import { PlatformOptionFields } from './PlatformOptionFields.tsx';
import { PlatformSelect } from './PlatformSelect.tsx';
import { SecretField } from './SecretField.tsx';

/**
 * Create (POST) or edit (PUT) a webhook. The server validates; its 400 names
 * a field, and the message appears under that input. Viewers see the same
 * form, disabled, without a Save button.
 */
export function WebhookForm({ original, platforms, canManage, onSaved }: {
  original: WebhookView | null;
  platforms: PlatformInfo[];
  canManage: boolean;
  onSaved: (saved: WebhookView) => void;
}) {
  const [form, setForm] = useState<FormState>(() => original === null ? emptyForm(platforms[0]?.id ?? 'custom') : formFromView(original));
  const [delivery, setDelivery] = useState<DeliverySettings>(() => deliveryFromView(original));
  const [problem, setProblem] = useState<FormProblem | { field: undefined; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // Editing clears the last complaint; the next Save asks the server again.
  const set = (patch: Partial<FormState>) => { setForm((f) => ({ ...f, ...patch })); setSaved(false); setProblem(null); };
  const setD = (patch: Partial<DeliverySettings>) => { setDelivery((d) => ({ ...d, ...patch })); setSaved(false); setProblem(null); };
  const placedAt = deliveryFieldKey(problem?.field) ?? fieldKey(problem?.field);
  const platform = platforms.find((p) => p.id === form.platform);
  const fields = platform?.fields ?? [];
  const errorFor = (key: string) => (problem !== null && placedAt === key ? problem.message : undefined);

  useEffect(() => {
    if (placedAt !== undefined) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [problem, placedAt]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setSaved(false);
    let save: () => Promise<WebhookView>;
    if (original === null) {
      const base = createBody(form, fields);
      const body = { ...base, ...deliveryBody(delivery), tls: { ...base.tls, ...caCertOf(delivery) } };
      save = () => api.webhooks.create(body);
    } else {
      const r = updateBody(form, original, fields);
      if ('problem' in r) { setProblem(r.problem); return; }
      const patch = { ...r.patch, ...deliveryPatch(delivery, original), tls: { insecureSkipVerify: form.insecureSkipVerify, ...caCertOf(delivery) } };
      save = () => api.webhooks.update(original.id, patch);
    }
    setBusy(true);
    try {
      const view = await save();
      setForm(formFromView(view));
      setDelivery(deliveryFromView(view));
      setSaved(true);
      onSaved(view);
    } catch (err) {
      setProblem(err instanceof ApiError && err.field !== undefined
        ? { field: err.field, message: withoutFieldPrefix(err.message, err.field) }
        : { field: undefined, message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="webhook-form" onSubmit={submit} noValidate aria-label={original === null ? 'New webhook' : 'Webhook settings'}>
      {!canManage && <p className="notice" role="note">You have read-only access: viewers cannot change webhooks.</p>}
      {problem !== null && placedAt === undefined && <p className="error" role="alert">Could not save: {problem.message}</p>}
      {problem !== null && placedAt !== undefined && <p className="error" role="alert">Could not save: check the highlighted field.</p>}
      <fieldset disabled={!canManage || busy} className="plain">
        <fieldset>
          <legend>Destination</legend>
          <TextField id="wh-name" label="Name" value={form.name} onChange={(name) => set({ name })} error={errorFor('name')} required />
          <PlatformSelect value={form.platform} platforms={platforms} onChange={(platform) => set({ platform })} error={errorFor('platform')} />
          <TextField id="wh-url" label="URL" type="url" inputMode="url" value={form.url} onChange={(url) => set({ url })}
            placeholder="https://hooks.example.com/…" error={errorFor('url')} required />
          <PlatformOptionFields fields={fields} options={form.options} onChange={(options) => set({ options })} errorFor={errorFor} />
          {original === null && (
            <label className="check">
              <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled
            </label>
          )}
        </fieldset>
        <fieldset>
          <legend>Security</legend>
          <SecretField hasSecret={original?.hasSecret ?? false} value={form.secret} remove={form.removeSecret}
            onChange={(secret) => set({ secret })} onRemoveChange={(removeSecret) => set({ removeSecret })} error={errorFor('secret')} />
          <AuthFields form={form} set={set} existing={original?.auth.type} errorFor={errorFor} />
          <label className="check">
            <input type="checkbox" checked={form.insecureSkipVerify} onChange={(e) => set({ insecureSkipVerify: e.target.checked })} />
            {' '}Skip TLS certificate verification (testing only)
          </label>
        </fieldset>
        <fieldset>
          <legend>Delivery</legend>
          <DeliveryFields d={delivery} set={setD} errorFor={errorFor} />
          <GroupingFields form={form} set={set} platform={platform} errorFor={errorFor} />
        </fieldset>
        <fieldset>
          <legend>Filters</legend>
          <ListFilters form={form} set={set} errorFor={errorFor} />
          <LabelConditions rows={form.labels} onChange={(labels) => set({ labels })} errorFor={errorFor} />
        </fieldset>
      </fieldset>
      {canManage && (
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : original === null ? 'Create webhook' : 'Save changes'}</button>
          {saved && <span role="status" className="ok">Saved.</span>}
        </div>
      )}
    </form>
  );
}

/** "url: must be an http:// URL" reads as "must be an http:// URL" under the URL input. */
function withoutFieldPrefix(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

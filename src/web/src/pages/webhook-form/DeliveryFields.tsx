import { describedBy, FieldError } from '../../components/FieldError.tsx';
import { TextField } from '../../components/TextField.tsx';
import type { DeliverySettings } from './delivery-settings.ts';
import { HeaderRows } from './HeaderRows.tsx';
import { RetryFields } from './RetryFields.tsx';

function TextArea({ id, label, value, onChange, hint, error, rows }: {
  id: string; label: string; value: string; onChange: (v: string) => void; hint: string; error?: string; rows: number;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} value={value} rows={rows} spellCheck={false} onChange={(e) => onChange(e.target.value)} {...describedBy(id, { hint: true, error })} />
      <p id={`${id}-hint`} className="hint">{hint}</p>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** How Herald delivers: retries, timeout, parallelism, headers, message template and the receiver's CA. */
export function DeliveryFields({ d, set, errorFor }: {
  d: DeliverySettings; set: (patch: Partial<DeliverySettings>) => void; errorFor: (key: string) => string | undefined;
}) {
  return (
    <>
      <RetryFields d={d} set={set} errorFor={errorFor} />
      <div className="grid-2">
        <TextField id="wh-timeout" label="Timeout (seconds)" inputMode="numeric" value={d.timeoutSeconds} hint="1–60"
          onChange={(timeoutSeconds) => set({ timeoutSeconds })} error={errorFor('timeoutSeconds')} />
        <TextField id="wh-concurrency" label="Concurrency" inputMode="numeric" value={d.concurrency} hint="Deliveries in flight at once, 1–64"
          onChange={(concurrency) => set({ concurrency })} error={errorFor('concurrency')} />
      </div>
      <HeaderRows rows={d.headers} onChange={(headers) => set({ headers })} errorFor={errorFor} />
      <TextArea id="wh-template" label="Message template" rows={4} value={d.template} onChange={(template) => set({ template })}
        hint="Optional; blank uses the platform's message. See docs/templates.md. The Message preview tab shows the result." error={errorFor('template')} />
      <TextArea id="wh-cacert" label="CA certificate (PEM)" rows={3} value={d.caCert} onChange={(caCert) => set({ caCert })}
        hint="Trusted for this receiver only; blank uses the system's." error={errorFor('tls.caCert')} />
    </>
  );
}

import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { EXPONENTIAL, RETRY_POLICIES, type DeliverySettings } from './delivery-settings.ts';

const EXP_LABELS: Record<(typeof EXPONENTIAL)[number], { label: string; hint: string }> = {
  maxAttempts: { label: 'Max attempts', hint: 'Default 3' },
  initialDelaySeconds: { label: 'First delay (s)', hint: 'Default 1' },
  maxDelaySeconds: { label: 'Longest delay (s)', hint: 'Default 30' },
  multiplier: { label: 'Multiplier', hint: 'Default 2' },
  jitter: { label: 'Jitter (0–1)', hint: 'Default 0.2' },
};

/** The retry policy: a named schedule, or exponential backoff with its numbers. */
export function RetryFields({ d, set, errorFor }: {
  d: DeliverySettings; set: (patch: Partial<DeliverySettings>) => void; errorFor: (key: string) => string | undefined;
}) {
  return (
    <>
      <SelectField id="wh-retry" label="Retry policy" value={d.policy} options={RETRY_POLICIES}
        onChange={(policy) => set({ policy })} error={errorFor('retry.policy')} />
      {d.policy === 'exponential' && (
        <div className="grid-3">
          {EXPONENTIAL.map((k) => (
            <TextField key={k} id={`wh-retry-${k}`} label={EXP_LABELS[k].label} hint={EXP_LABELS[k].hint} inputMode="decimal"
              value={d.exp[k]} onChange={(v) => set({ exp: { ...d.exp, [k]: v } })} error={errorFor(`retry.${k}`)} />
          ))}
        </div>
      )}
    </>
  );
}

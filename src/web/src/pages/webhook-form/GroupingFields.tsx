import type { PlatformInfo } from '../../api/types.ts';
import { SelectField } from '../../components/SelectField.tsx';
import { TextField } from '../../components/TextField.tsx';
import { describedBy, FieldError } from '../../components/FieldError.tsx';
import { GROUP_FIELDS, type GroupField, type GroupingMode, type WebhookForm } from './form-state.ts';

const MODES: ReadonlyArray<{ value: GroupingMode; label: string }> = [
  { value: 'default', label: 'Platform default (on for chat platforms, off for custom HTTP)' },
  { value: 'on', label: 'Group bursts into one message' },
  { value: 'off', label: 'Send every event on its own' },
];

/** Grouping of bursts (docs/grouping-and-rate-limits.md) and the send rate, blank for the platform's limit. */
export function GroupingFields({ form, set, platform, errorFor }: {
  form: WebhookForm; set: (patch: Partial<WebhookForm>) => void; platform: PlatformInfo | undefined;
  errorFor: (key: string) => string | undefined;
}) {
  const toggle = (field: GroupField, on: boolean) =>
    set({ groupBy: on ? GROUP_FIELDS.filter((g) => g === field || form.groupBy.includes(g)) : form.groupBy.filter((g) => g !== field) });
  const byError = errorFor('grouping.by');
  const rate = platform?.rate;
  return (
    <>
      <SelectField id="wh-grouping" label="Grouping" value={form.groupingMode} options={MODES}
        onChange={(groupingMode) => set({ groupingMode })} error={errorFor('grouping.enabled')} />
      {form.groupingMode === 'on' && (
        <>
          <fieldset className="field" {...describedBy('wh-group-by', { error: byError })}>
            <legend>Group by</legend>
            {GROUP_FIELDS.map((g) => (
              <label key={g} className="check">
                <input type="checkbox" checked={form.groupBy.includes(g)} onChange={(e) => toggle(g, e.target.checked)} /> {g}
              </label>
            ))}
            <FieldError id="wh-group-by-error" message={byError} />
          </fieldset>
          <div className="grid-3">
            <TextField id="wh-group-wait" label="Wait (s)" hint="Gathering time of a new group, 0–3600" inputMode="numeric"
              value={form.groupWait} onChange={(groupWait) => set({ groupWait })} error={errorFor('grouping.waitSeconds')} />
            <TextField id="wh-group-interval" label="Interval (s)" hint="Least time between messages of a group, 0–86400" inputMode="numeric"
              value={form.groupInterval} onChange={(groupInterval) => set({ groupInterval })} error={errorFor('grouping.intervalSeconds')} />
            <TextField id="wh-group-max" label="Events per message" hint="1–100" inputMode="numeric"
              value={form.groupMax} onChange={(groupMax) => set({ groupMax })} error={errorFor('grouping.maxEvents')} />
          </div>
        </>
      )}
      <TextField id="wh-rate" label="Rate (requests per minute)" inputMode="numeric" value={form.ratePerMinute}
        onChange={(ratePerMinute) => set({ ratePerMinute })} error={errorFor('ratePerMinute')}
        hint={rate === undefined ? 'Blank: no limit for this platform; 1–60000' : `Blank: the platform's limit, ${rate.requests} per ${rate.perSeconds} s (per ${rate.per}); 1–60000`} />
    </>
  );
}

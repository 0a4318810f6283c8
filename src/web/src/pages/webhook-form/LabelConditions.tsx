import { FieldError } from '../../components/FieldError.tsx';
import { LabelConditionRow } from './LabelConditionRow.tsx';
import { newLabelRow, type LabelRow } from './form-state.ts';

/** Label conditions as editable rows; every condition must hold for an event to match. */
export function LabelConditions({ rows, onChange, errorFor }: {
  rows: LabelRow[]; onChange: (rows: LabelRow[]) => void; errorFor: (key: string) => string | undefined;
}) {
  return (
    <fieldset className="labels">
      <legend>Label conditions</legend>
      {rows.length === 0 && <p className="hint">No conditions: labels are not checked.</p>}
      <ol>
        {rows.map((row, i) => (
          <LabelConditionRow key={row.rowId} row={row} index={i} errorFor={errorFor}
            onChange={(next) => onChange(rows.map((r) => (r.rowId === row.rowId ? next : r)))}
            onRemove={() => onChange(rows.filter((r) => r.rowId !== row.rowId))} />
        ))}
      </ol>
      <FieldError id="wh-labels-error" message={errorFor('filters.labels')} />
      <button type="button" onClick={() => onChange([...rows, newLabelRow()])}>Add label condition</button>
    </fieldset>
  );
}

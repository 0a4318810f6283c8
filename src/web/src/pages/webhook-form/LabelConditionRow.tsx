import { describedBy, FieldError } from '../../components/FieldError.tsx';
import { OPERATORS, takesValues, type LabelRow, type Operator } from './form-state.ts';

/** One label condition: key, operator, values (only for In / NotIn), and a remove button. */
export function LabelConditionRow({ row, index, onChange, onRemove, errorFor }: {
  row: LabelRow;
  index: number;
  onChange: (row: LabelRow) => void;
  onRemove: () => void;
  errorFor: (key: string) => string | undefined;
}) {
  const id = `wh-label-${row.rowId}`;
  const n = index + 1;
  const keyError = errorFor(`filters.labels.${index}.key`);
  const opError = errorFor(`filters.labels.${index}.operator`);
  const valuesError = errorFor(`filters.labels.${index}.values`);
  return (
    <li className="label-row" data-testid="label-row">
      <div className="field">
        <label htmlFor={`${id}-key`}>Label key<Hidden n={n} /></label>
        <input id={`${id}-key`} value={row.key} placeholder="app.kubernetes.io/name"
          onChange={(e) => onChange({ ...row, key: e.target.value })} {...describedBy(`${id}-key`, { error: keyError })} />
        <FieldError id={`${id}-key-error`} message={keyError} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-op`}>Operator<Hidden n={n} /></label>
        <select id={`${id}-op`} value={row.operator} onChange={(e) => onChange({ ...row, operator: e.target.value as Operator })}
          {...describedBy(`${id}-op`, { error: opError })}>
          {OPERATORS.map((op) => <option key={op} value={op}>{op}</option>)}
        </select>
        <FieldError id={`${id}-op-error`} message={opError} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-values`}>Values<Hidden n={n} /></label>
        <input id={`${id}-values`} value={takesValues(row.operator) ? row.values : ''} disabled={!takesValues(row.operator)}
          placeholder={takesValues(row.operator) ? 'web, api' : 'not used'}
          onChange={(e) => onChange({ ...row, values: e.target.value })} {...describedBy(`${id}-values`, { error: valuesError })} />
        <FieldError id={`${id}-values-error`} message={valuesError} />
      </div>
      <button type="button" className="remove" onClick={onRemove}>Remove<Hidden n={n} /></button>
    </li>
  );
}

/** Which row a control belongs to, for screen readers; sighted users see the rows. */
function Hidden({ n }: { n: number }) {
  return <span className="visually-hidden"> (condition {n})</span>;
}

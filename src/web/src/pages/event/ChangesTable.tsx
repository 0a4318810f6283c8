import type { HeraldEvent } from '../../api/types.ts';

const show = (v: unknown): string => (v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** Every changed field: its path, the value before and after. */
export function ChangesTable({ changes }: { changes: HeraldEvent['changes'] }) {
  if (changes.length === 0) return <p className="empty">This event names no changed fields.</p>;
  return (
    <table className="table diff stack">
      <caption className="visually-hidden">Changed fields with their old and new values</caption>
      <thead><tr><th scope="col">Field</th><th scope="col">Old</th><th scope="col">New</th></tr></thead>
      <tbody>
        {changes.map((c, i) => (
          <tr key={`${c.field}-${i}`}>
            <td data-label="Field" className="mono">{c.field}</td>
            <td data-label="Old"><del className="old">{show(c.old)}</del></td>
            <td data-label="New"><ins className="new">{show(c.new)}</ins></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

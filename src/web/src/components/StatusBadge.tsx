/** A coloured word for a delivery or webhook state; the word itself carries the meaning. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}

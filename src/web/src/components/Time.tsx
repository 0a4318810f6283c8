/** A timestamp as local time, with the exact ISO value on hover and for machines. */
export function Time({ iso }: { iso: string }) {
  const d = new Date(iso);
  return <time dateTime={iso} title={iso}>{Number.isNaN(d.getTime()) ? iso : d.toLocaleString()}</time>;
}

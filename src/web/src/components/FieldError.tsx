/** The server's complaint about one input, linked to it by id (aria-describedby). */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (message === undefined) return null;
  return <p id={id} className="field-error" role="alert">{message}</p>;
}

/** The attributes that tie an input to its hint and error. */
export function describedBy(id: string, opts: { hint?: boolean; error?: string }) {
  const ids = [opts.hint ? `${id}-hint` : '', opts.error !== undefined ? `${id}-error` : ''].filter((s) => s !== '');
  return {
    'aria-invalid': opts.error !== undefined ? true : undefined,
    'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined,
  };
}

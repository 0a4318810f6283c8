import { errorMessage } from '../api/client.ts';

/** An API failure as a sentence, announced to screen readers. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  return <p className="error" role="alert">{errorMessage(error)}</p>;
}

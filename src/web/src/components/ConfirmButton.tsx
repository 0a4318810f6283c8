import { useEffect, useRef, useState } from 'react';
import { ErrorMessage } from './ErrorMessage.tsx';

/**
 * A destructive action in two steps: the button asks, then "Yes, …" does it.
 * The question takes focus so a keyboard user hears it; Cancel returns.
 */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, disabled }: {
  label: string; question: string; confirmLabel: string; onConfirm: () => Promise<void>; disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => { if (asking) questionRef.current?.focus(); }, [asking]);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try { await onConfirm(); setAsking(false); } catch (err) { setError(err); } finally { setBusy(false); }
  };

  if (!asking) return <button type="button" className="danger" disabled={disabled} onClick={() => setAsking(true)}>{label}</button>;
  return (
    <div className="confirm" role="group" aria-label={question}>
      <p ref={questionRef} tabIndex={-1}>{question}</p>
      <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>{busy ? 'Working…' : confirmLabel}</button>
      <button type="button" disabled={busy} onClick={() => setAsking(false)}>Cancel</button>
      <ErrorMessage error={error} />
    </div>
  );
}

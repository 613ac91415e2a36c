import type { InputHTMLAttributes } from 'react';

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  ...input
}: { id: string; label: string; hint?: string; error?: string | undefined } & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id}>
        {label}
        {hint && (
          <span className="hint" id={`${id}-hint`}>
            {hint}
          </span>
        )}
      </label>
      <input id={id} name={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error && (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** The server's message in the reader's language. */
export const problemText = (e: unknown, lang: string, fallback: string) => {
  const p = (e as { problem?: { message: string; messageEn: string } }).problem;
  return p ? (lang.startsWith('en') ? p.messageEn : p.message) : fallback;
};

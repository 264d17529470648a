import type { StoredError } from '@/lib/stored-error';

/** A recorded failure (of a job or a restore): the human text first, the recorded line folded away for administrators. */
export function StoredErrorNotice({ error, title }: { error: StoredError; title?: string }) {
  return (
    <div className="notice notice-error">
      {title ? <p className="notice-title">{title}</p> : null}
      <p className={title ? undefined : 'notice-title'}>{error.message}</p>
      <p>{error.nextStep}</p>
      {error.detail ? (
        <details>
          <summary>Technical detail ({error.code})</summary>
          <p className="mono">{error.detail}</p>
        </details>
      ) : null}
    </div>
  );
}

import { describeErrorCode, type HumanError } from './error-messages';

/**
 * Jobs and restores record their failure as one line, `CODE: message` (the
 * domain writes it that way so every front door and a log reader see the
 * same text). The dashboard shows the code's human message and next step, and
 * keeps the original line only as a detail for the administrator.
 */
export interface StoredError extends HumanError {
  /** The recorded line without its code, e.g. `only 10 bytes were free`; null when nothing was recorded. */
  detail: string | null;
}

const CODED = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+):\s*([\s\S]*)$/;

/** Splits `CODE: message`; a line without a code prefix has no code. */
export function parseStoredError(line: string | null | undefined): { code: string | null; detail: string | null } {
  if (!line) return { code: null, detail: null };
  const match = CODED.exec(line.trim());
  if (!match) return { code: null, detail: line.trim() };
  return { code: match[1] ?? null, detail: match[2]?.trim() || null };
}

/** The human text for a recorded failure, or null when there is none. */
export function describeStoredError(line: string | null | undefined): StoredError | null {
  if (!line) return null;
  const { code, detail } = parseStoredError(line);
  return { ...describeErrorCode(code), detail };
}

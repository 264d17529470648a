import type { z } from 'zod';
import { API_ERROR_CODES } from './error-map';
import { requestError } from './http-error';

export type InputLocation = 'params' | 'query' | 'body';

export interface ValidationIssue {
  location: InputLocation | 'input';
  /** Dotted path inside the location, empty for the whole value. */
  path: string;
  code: string;
  message: string;
}

export function toValidationIssues(error: z.ZodError, location: ValidationIssue['location']): ValidationIssue[] {
  return error.issues.map((issue) => ({
    location,
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

export function describeIssues(issues: ValidationIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => `${[i.location, i.path].filter(Boolean).join('.')}: ${i.message}`);
  return `invalid request — ${shown.join('; ')}${issues.length > 3 ? `; and ${issues.length - 3} more` : ''}`;
}

/** Parses one part of a request, or throws `VALIDATION_FAILED` listing every issue. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, location: InputLocation): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error, location);
  throw requestError(API_ERROR_CODES.validationFailed, describeIssues(issues), { issues }, result.error);
}

import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * An RFC 9457 problem document. `code` is the stable machine-readable code
 * (scripts match on it); `requestId` ties the response to the server log.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  details?: Record<string, unknown>;
}

/** Problem types are URNs: stable identifiers that nobody is expected to dereference. */
export function problemType(code: string): string {
  return `urn:edms:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export function problemTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status);
  if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="edms"');
  res.type(PROBLEM_CONTENT_TYPE);
  res.send(JSON.stringify(problem));
}

import { DomainError } from '@edms/domain';

/**
 * Failures detected by the API itself (bad request shape, missing credentials,
 * unknown route) use the same DomainError shape as the domain, so one error
 * middleware and one status table handle both.
 */
export function requestError(code: string, message: string, details?: Record<string, unknown>, cause?: unknown): DomainError {
  return new DomainError(code, message, { details, cause });
}

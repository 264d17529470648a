import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDomainError } from '@edms/domain';
import { API_ERROR_CODES, resolveStatus } from './error-map';
import { requestError } from './http-error';
import { describeErrorForLog, type ApiLogger } from './logger';
import { problemTitle, problemType, sendProblem } from './problem';
import { describeIssues, toValidationIssues } from './validate';
import type { z } from 'zod';

interface ClassifiedError {
  code: string;
  status: number;
  /** Safe to show the caller; ignored for 5xx. */
  detail: string;
  details?: Record<string, unknown>;
  /** The code had no entry in the status table. */
  unmapped?: boolean;
}

/** Errors from body-parser (express.json) carry a `type` and an HTTP status. */
interface HttpLibraryError {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  message: string;
}

const BODY_PARSER_CODES: Record<string, string> = {
  'entity.parse.failed': API_ERROR_CODES.bodyInvalidJson,
  'entity.too.large': API_ERROR_CODES.payloadTooLarge,
  'encoding.unsupported': API_ERROR_CODES.unsupportedMediaType,
  'charset.unsupported': API_ERROR_CODES.unsupportedMediaType,
};

function isZodError(error: unknown): error is z.ZodError {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues);
}

export function classifyError(error: unknown): ClassifiedError {
  if (isDomainError(error)) {
    const { status, source } = resolveStatus(error.code);
    return { code: error.code, status, detail: error.message, details: error.details, unmapped: source === 'fallback' };
  }
  if (isZodError(error)) {
    // A handler that called schema.parse() itself rather than parseInput().
    const issues = toValidationIssues(error, 'input');
    return { code: API_ERROR_CODES.validationFailed, status: 400, detail: describeIssues(issues), details: { issues } };
  }
  if (error instanceof Error) {
    const http = error as HttpLibraryError;
    const status = typeof http.status === 'number' ? http.status : typeof http.statusCode === 'number' ? http.statusCode : undefined;
    if (status !== undefined && status >= 400 && status < 500) {
      const code = (typeof http.type === 'string' && BODY_PARSER_CODES[http.type]) || API_ERROR_CODES.badRequest;
      const detail =
        code === API_ERROR_CODES.payloadTooLarge
          ? 'the request body is larger than the server accepts'
          : code === API_ERROR_CODES.bodyInvalidJson
            ? 'the request body is not valid JSON'
            : http.expose === true
              ? http.message
              : problemTitle(status);
      return { code, status: resolveStatus(code).status, detail };
    }
  }
  return { code: API_ERROR_CODES.internalError, status: 500, detail: '' };
}

/**
 * The one error middleware: every failure becomes `application/problem+json`.
 * 5xx responses never include the error's message or details — those go to the
 * log with the request id, which the caller gets to quote.
 */
export function problemErrorHandler(logger: ApiLogger): ErrorRequestHandler {
  return (error, req, res, next) => {
    const requestId = String(res.locals.requestId ?? 'unknown');
    const classified = classifyError(error);
    if (classified.status >= 500) {
      logger.error(classified.unmapped ? `request failed with an unmapped error code ${classified.code}` : 'request failed', {
        requestId,
        method: req.method,
        path: req.path,
        code: classified.code,
        error: describeErrorForLog(error),
      });
    }
    // Part of a body was already streamed: all we can do is cut the connection.
    if (res.headersSent) {
      next(error);
      return;
    }
    const isServerError = classified.status >= 500;
    const retryAfter = classified.details?.['retryAfterSeconds'];
    if (typeof retryAfter === 'number' && (classified.status === 429 || classified.status === 503)) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
    }
    // Refused before its body was read (an upload over the cap): the rest of the
    // body is not worth receiving, so the connection ends with this answer.
    if (!req.complete) res.setHeader('Connection', 'close');
    sendProblem(res, {
      type: problemType(classified.code),
      title: problemTitle(classified.status),
      status: classified.status,
      detail: isServerError
        ? `The server could not complete the request. The error was logged with request id ${requestId}.`
        : classified.detail,
      code: classified.code,
      instance: req.originalUrl.split('?')[0] ?? req.path,
      requestId,
      ...(!isServerError && classified.details !== undefined ? { details: classified.details } : {}),
    });
  };
}

/** The last route: anything not matched so far is a 404 problem. */
export function routeNotFound(): RequestHandler {
  return (req) => {
    throw requestError(API_ERROR_CODES.routeNotFound, `no route for ${req.method} ${req.path}`, {
      method: req.method,
      path: req.path,
    });
  };
}

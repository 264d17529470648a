/** Where the API writes operational messages. Tests pass a capturing one. */
export interface ApiLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One JSON object per line on stderr, so logs stay machine-readable. */
export function createStderrLogger(stream: NodeJS.WritableStream = process.stderr): ApiLogger {
  const write = (level: string, message: string, fields: Record<string, unknown> = {}) => {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })}\n`);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

/** Name, message, code and stack of an error and its causes, for the log only. */
export function describeErrorForLog(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  const described: Record<string, unknown> = {
    name: error.name,
    message: error.message,
    code: (error as { code?: unknown }).code,
    stack: error.stack,
  };
  if (error.cause !== undefined && depth < 5) described['cause'] = describeErrorForLog(error.cause, depth + 1);
  return described;
}

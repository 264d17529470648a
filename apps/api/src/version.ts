import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The @edms/api version from package.json (one level above both src/ and dist/). */
export function readApiVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

import { join } from 'node:path';

/** The document file store lives here, inside the data directory. */
export function documentStoreDir(dataDir: string): string {
  return join(dataDir, 'documents');
}

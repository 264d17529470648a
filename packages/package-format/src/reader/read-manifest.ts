import { parseManifest, type PackageManifest } from '@edms/domain';
import { packageError } from '../errors';
import { resolveLimits, type PackageLimits } from '../limits';
import { MANIFEST_ENTRY } from '../package-layout';
import { openPackageFile, packageLocation, type PackageInput } from './open-package';
import { readPackage } from './read-package';

export interface ReadManifestOptions {
  passphrase?: string;
  limits?: Partial<PackageLimits>;
  signal?: AbortSignal;
}

export interface ReadManifestResult {
  manifest: PackageManifest;
  encrypted: boolean;
  /** Size of the package file. */
  sizeBytes: number;
}

/** Parses manifest.json bytes (JSON syntax and schema); throws MANIFEST_INVALID / PACKAGE_FORMAT_UNSUPPORTED. */
export function decodeManifest(bytes: Buffer): PackageManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw packageError('MANIFEST_INVALID', `${MANIFEST_ENTRY} is not valid JSON`, { field: 'manifest' }, error);
  }
  return parseManifest(json);
}

/** Collects an entry's bytes up to a limit. */
export function collectEntry(limit: number, what: string) {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    consumer: {
      data(chunk: Buffer) {
        size += chunk.length;
        if (size > limit) {
          throw packageError('PACKAGE_LIMIT_EXCEEDED', `${what} is larger than ${limit} bytes`, { limit: 'maxManifestBytes', value: limit });
        }
        chunks.push(Buffer.from(chunk));
      },
      end() {},
    },
    bytes: () => Buffer.concat(chunks),
  };
}

/**
 * Reads only the head of a package: the first entry, which must be
 * manifest.json. Decrypts when a passphrase is given and the file is encrypted.
 */
export async function readManifest(input: PackageInput, options: ReadManifestOptions = {}): Promise<ReadManifestResult> {
  const limits = resolveLimits(options.limits);
  const opened = await openPackageFile(input, { passphrase: options.passphrase, highWaterMark: 64 * 1024 });
  let manifest: PackageManifest | undefined;
  await readPackage(opened.stream, {
    limits,
    signal: options.signal,
    onEntry(entry, control) {
      if (entry.type !== 'file') return undefined;
      // The entry checks guarantee the first file is manifest.json.
      if (entry.size > limits.maxManifestBytes) {
        throw packageError('PACKAGE_LIMIT_EXCEEDED', `${MANIFEST_ENTRY} is larger than ${limits.maxManifestBytes} bytes`, {
          limit: 'maxManifestBytes',
          value: limits.maxManifestBytes,
        });
      }
      const collected = collectEntry(limits.maxManifestBytes, MANIFEST_ENTRY);
      return {
        data: (chunk) => collected.consumer.data(chunk),
        end() {
          manifest = decodeManifest(collected.bytes());
          control.stop();
        },
      };
    },
  });
  if (!manifest) throw packageError('PACKAGE_MANIFEST_MISSING', `The package holds no ${MANIFEST_ENTRY}`, { path: packageLocation(input) });
  return { manifest, encrypted: opened.encrypted, sizeBytes: opened.sizeBytes };
}

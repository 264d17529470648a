import { S3Client } from '@aws-sdk/client-s3';

/** How to reach the object store; one per installation (buckets and prefixes come from each configuration's storagePath). */
export interface S3Settings {
  /** For S3-compatible stores (MinIO, Ceph RGW, …); unset for AWS S3. */
  endpoint?: string;
  region: string;
  /** Path-style URLs (`endpoint/bucket/key`); most S3-compatible stores need it. */
  forcePathStyle: boolean;
  /** Static credentials; unset: the AWS SDK's default chain (AWS_* variables, profiles, instance roles). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /**
   * 'when_supported' (the SDK's default) sends CRC checksums with every upload;
   * 'when_required' only where the API demands one, for stores that do not
   * understand the newer checksum headers.
   */
  checksums: 'when_supported' | 'when_required';
}

export function createS3Client(settings: S3Settings): S3Client {
  // The pinned SDK runs on Node.js 20 (engines: >=20); its notice that releases
  // from 2027 will need Node.js 22 would otherwise be printed by every command.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const checksums = settings.checksums === 'when_required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED';
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
    maxAttempts: 5,
  });
}

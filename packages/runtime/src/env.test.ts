import { readEnv } from './env';

const base = { EDMS_DATA_DIR: '/srv/edms' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('readEnv: object storage settings', () => {
  it('defaults to AWS S3 in us-east-1 with virtual-host URLs, the SDK credential chain, SDK checksums and 8 MiB parts', () => {
    expect(readEnv(base).s3).toEqual({
      endpoint: undefined,
      region: 'us-east-1',
      forcePathStyle: false,
      accessKeyId: undefined,
      secretAccessKey: undefined,
      checksums: 'when_supported',
      minPartSize: 8 * 1024 * 1024,
    });
  });

  it('takes AWS_REGION when EDMS_S3_REGION is unset, and EDMS_S3_REGION over it', () => {
    expect(readEnv({ ...base, AWS_REGION: 'eu-west-1' }).s3.region).toBe('eu-west-1');
    expect(readEnv({ ...base, AWS_REGION: 'eu-west-1', EDMS_S3_REGION: 'eu-central-1' }).s3.region).toBe('eu-central-1');
  });

  it('uses path-style URLs for a custom endpoint unless told otherwise', () => {
    expect(readEnv({ ...base, EDMS_S3_ENDPOINT: 'http://minio:9000' }).s3).toMatchObject({ endpoint: 'http://minio:9000', forcePathStyle: true });
    expect(readEnv({ ...base, EDMS_S3_ENDPOINT: 'https://s3.example', EDMS_S3_FORCE_PATH_STYLE: 'false' }).s3.forcePathStyle).toBe(false);
    expect(readEnv({ ...base, EDMS_S3_FORCE_PATH_STYLE: 'true' }).s3.forcePathStyle).toBe(true);
  });

  it('reads static credentials, checksums and the part size', () => {
    expect(
      readEnv({ ...base, EDMS_S3_ACCESS_KEY_ID: 'AK', EDMS_S3_SECRET_ACCESS_KEY: 'SK', EDMS_S3_CHECKSUMS: 'when_required', EDMS_S3_PART_SIZE_MB: '5' }).s3,
    ).toMatchObject({ accessKeyId: 'AK', secretAccessKey: 'SK', checksums: 'when_required', minPartSize: 5 * 1024 * 1024 });
    expect(readEnv({ ...base, EDMS_S3_PART_SIZE_MB: '5120' }).s3.minPartSize).toBe(5120 * 1024 * 1024);
  });

  it.each([
    [{ EDMS_S3_ENDPOINT: 'minio:9000' }],
    [{ EDMS_S3_ENDPOINT: 'ftp://minio' }],
    [{ EDMS_S3_FORCE_PATH_STYLE: 'yes' }],
    [{ EDMS_S3_CHECKSUMS: 'never' }],
    [{ EDMS_S3_PART_SIZE_MB: '4' }],
    [{ EDMS_S3_PART_SIZE_MB: '5121' }],
    [{ EDMS_S3_PART_SIZE_MB: '8.5' }],
    [{ EDMS_S3_ACCESS_KEY_ID: 'AK' }],
    [{ EDMS_S3_SECRET_ACCESS_KEY: 'SK' }],
  ])('refuses %j with ENV_INVALID', (extra) => {
    expect(codeOf(() => readEnv({ ...base, ...extra }))).toBe('ENV_INVALID');
  });
});

describe('readEnv: EDMS_MAX_UPLOAD_BYTES (API and web alike)', () => {
  it('defaults to 20 GiB, also when empty', () => {
    expect(readEnv(base).maxUploadBytes).toBe(20 * 1024 ** 3);
    expect(readEnv({ ...base, EDMS_MAX_UPLOAD_BYTES: ' ' }).maxUploadBytes).toBe(20 * 1024 ** 3);
  });

  it.each([
    ['1', 1],
    ['1048576', 1024 * 1024],
    ['512MiB', 512 * 1024 ** 2],
    ['2 gib', 2 * 1024 ** 3],
    ['1TiB', 1024 ** 4],
  ])('reads %j as %d bytes', (value, bytes) => {
    expect(readEnv({ ...base, EDMS_MAX_UPLOAD_BYTES: value }).maxUploadBytes).toBe(bytes);
  });

  it.each(['0', '-5', 'ten', '1.5GiB', '5 GB', '99999999999999999999'])('refuses %j with ENV_INVALID', (value) => {
    expect(codeOf(() => readEnv({ ...base, EDMS_MAX_UPLOAD_BYTES: value }))).toBe('ENV_INVALID');
  });
});

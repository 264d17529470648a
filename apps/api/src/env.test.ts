import { parseTrustProxy, readApiEnv } from './env';

describe('readApiEnv', () => {
  it('uses EDMS_API_PORT, default 4000, and binds all interfaces unless EDMS_API_HOST is set', () => {
    expect(readApiEnv({ EDMS_DATA_DIR: '/tmp/x' })).toMatchObject({ port: 4000, host: undefined, trustProxy: false });
    expect(readApiEnv({ EDMS_DATA_DIR: '/tmp/x', EDMS_API_PORT: '0', EDMS_API_HOST: '127.0.0.1' })).toMatchObject({ port: 0, host: '127.0.0.1' });
  });

  it('refuses an invalid port with ENV_INVALID', () => {
    let thrown: unknown;
    try {
      readApiEnv({ EDMS_API_PORT: 'eighty' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'ENV_INVALID' });
  });
});

describe('EDMS_MAX_UPLOAD_BYTES', () => {
  it('defaults to 20 GiB and accepts a positive size in bytes or binary units, as the web app does', () => {
    expect(readApiEnv({ EDMS_DATA_DIR: '/tmp/x' }).maxUploadBytes).toBe(20 * 1024 ** 3);
    expect(readApiEnv({ EDMS_DATA_DIR: '/tmp/x', EDMS_MAX_UPLOAD_BYTES: '1048576' }).maxUploadBytes).toBe(1048576);
    expect(readApiEnv({ EDMS_DATA_DIR: '/tmp/x', EDMS_MAX_UPLOAD_BYTES: '8GiB' }).maxUploadBytes).toBe(8 * 1024 ** 3);
    expect(readApiEnv({ EDMS_DATA_DIR: '/tmp/x', EDMS_MAX_UPLOAD_BYTES: '512 mib' }).maxUploadBytes).toBe(512 * 1024 ** 2);
    for (const value of ['0', '-1', '1.5', 'lots', '5GB', '0GiB']) {
      expect(() => readApiEnv({ EDMS_DATA_DIR: '/tmp/x', EDMS_MAX_UPLOAD_BYTES: value })).toThrow(expect.objectContaining({ code: 'ENV_INVALID' }));
    }
  });
});

describe('parseTrustProxy', () => {
  it('reads off, on, a hop count, or a list of trusted addresses', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
  });
});

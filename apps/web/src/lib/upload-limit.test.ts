import { isUploadId } from './upload-limit';

describe('isUploadId', () => {
  it('accepts only server-made UUIDs', () => {
    expect(isUploadId('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
    expect(isUploadId('../../etc/passwd')).toBe(false);
    expect(isUploadId('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe(false);
    expect(isUploadId(42)).toBe(false);
  });
});

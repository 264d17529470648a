import { Header } from 'tar';
import { BLOCK_SIZE, decodeHeader, encodeArchiveEnd, encodeFileHeader, paddingFor, parsePaxRecords, paxRecord, RECORD_SIZE, TarFormatError } from './tar-header';

describe('tar headers', () => {
  it('encodes a short ASCII name as one portable ustar block that node-tar decodes', () => {
    const block = encodeFileHeader('files/a.txt', 1234, 1795000000);
    expect(block.length).toBe(BLOCK_SIZE);
    const header = new Header(block);
    expect(header).toMatchObject({ path: 'files/a.txt', size: 1234, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', cksumValid: true });
    expect(header.type).toBe('File');
    expect(header.mtime?.getTime()).toBe(1795000000 * 1000);
    expect(decodeHeader(block)).toMatchObject({ name: 'files/a.txt', typeflag: '0', size: 1234, mode: 0o644, mtime: 1795000000 });
  });

  it('splits names up to 255 bytes into ustar prefix and name', () => {
    const path = `files/${'a'.repeat(90)}/${'b'.repeat(90)}.pdf`;
    const block = encodeFileHeader(path, 1, 0);
    expect(block.length).toBe(BLOCK_SIZE);
    expect(decodeHeader(block).name).toBe(path);
  });

  it('puts longer or non-ASCII names in a pax path record', () => {
    for (const path of [`files/${'x'.repeat(300)}`, 'files/Prüfbericht ✓.pdf']) {
      const blocks = encodeFileHeader(path, 7, 0);
      expect(blocks.length % BLOCK_SIZE).toBe(0);
      expect(decodeHeader(blocks).typeflag).toBe('x');
      const size = decodeHeader(blocks).size;
      expect(parsePaxRecords(blocks.subarray(BLOCK_SIZE, BLOCK_SIZE + size)).get('path')).toBe(path);
      const file = decodeHeader(blocks, blocks.length - BLOCK_SIZE);
      expect(file).toMatchObject({ typeflag: '0', size: 7 });
    }
  });

  it('records sizes of 8 GiB and more in base-256 and in a pax size record', () => {
    const size = 9 * 1024 ** 3 + 5;
    const blocks = encodeFileHeader('files/huge.bin', size, 0);
    const paxSize = decodeHeader(blocks).size;
    expect(parsePaxRecords(blocks.subarray(BLOCK_SIZE, BLOCK_SIZE + paxSize)).get('size')).toBe(String(size));
    expect(decodeHeader(blocks, blocks.length - BLOCK_SIZE).size).toBe(size);
  });

  it('pax record lengths count themselves', () => {
    for (const value of ['a', 'x'.repeat(85), 'x'.repeat(95), 'x'.repeat(990), 'ü'.repeat(500)]) {
      const record = paxRecord('path', value);
      expect(Number(record.split(' ')[0])).toBe(Buffer.byteLength(record));
    }
  });

  it('rejects a header whose checksum does not match', () => {
    const block = encodeFileHeader('files/a', 1, 0);
    block[0] = 0x47;
    expect(() => decodeHeader(block)).toThrow(TarFormatError);
  });

  it('pads data to 512-byte blocks and the archive to a 10240-byte record with the end marker', () => {
    expect(paddingFor(0)).toBe(0);
    expect(paddingFor(1)).toBe(511);
    expect(paddingFor(512)).toBe(0);
    const end = encodeArchiveEnd(1536);
    expect((1536 + end.length) % RECORD_SIZE).toBe(0);
    expect(end.length).toBeGreaterThanOrEqual(1024);
    expect(end.every((b) => b === 0)).toBe(true);
  });
});

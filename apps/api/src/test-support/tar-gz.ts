import { gunzipSync, gzipSync } from 'node:zlib';

/** One entry of a hand-made tar archive: any name (including hostile ones), regular file unless said otherwise. */
export interface TarEntry {
  name: string;
  data?: Buffer;
  /** ustar type flag: '0' file, '2' symlink, '5' directory. */
  type?: '0' | '2' | '5';
  linkName?: string;
}

function octal(value: number, size: number): string {
  return `${value.toString(8).padStart(size - 1, '0')}\0`;
}

/** A ustar header written by hand, so tests can build archives no well-behaved writer would. */
function header(entry: TarEntry): Buffer {
  const block = Buffer.alloc(512);
  block.write(entry.name, 0, 100, 'utf8');
  block.write(octal(0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(entry.data?.length ?? 0, 12), 124, 'ascii');
  block.write(octal(0, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write(entry.type ?? '0', 156, 'ascii');
  if (entry.linkName) block.write(entry.linkName, 157, 100, 'utf8');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

export function buildTarGz(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry));
    if (entry.data && entry.data.length > 0) {
      parts.push(entry.data);
      const pad = (512 - (entry.data.length % 512)) % 512;
      parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

/** The entries of a (small) .tar.gz, for reading a real package's manifest in tests. */
export function readTarGz(archive: Buffer): Array<{ name: string; data: Buffer }> {
  const tar = gunzipSync(archive);
  const entries: Array<{ name: string; data: Buffer }> = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const block = tar.subarray(offset, offset + 512);
    if (block.every((b) => b === 0)) break;
    const name = block.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = block.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(block.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(block[156] ?? 48);
    offset += 512;
    if (type === '0' || type === '\0') entries.push({ name: prefix ? `${prefix}/${name}` : name, data: Buffer.from(tar.subarray(offset, offset + size)) });
    offset += size + ((512 - (size % 512)) % 512);
  }
  return entries;
}

/**
 * Minimal, strict tar header encoding and decoding (POSIX ustar + pax, and the
 * GNU long-name extension on the reading side).
 *
 * Writing: only what a package needs — regular files with portable headers
 * (mode 0644, uid/gid 0, no owner names, a fixed mtime); names that do not fit
 * ustar's name/prefix fields or are not ASCII get a pax `path` record, files of
 * 8 GiB and more a pax `size` record. GNU tar, bsdtar and node-tar read these.
 *
 * Reading: one 512-byte block at a time; the caller (the package reader)
 * decides what is allowed.
 */
import { isUtf8 } from 'node:buffer';

export const BLOCK_SIZE = 512;
/** GNU tar's default record size; archives are padded to a multiple of it. */
export const RECORD_SIZE = 10240;
const MAX_OCTAL_11 = 0o77777777777; // 8 GiB - 1

export class TarFormatError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'TarFormatError';
  }
}

/** Bytes of zero padding after `size` bytes of entry data. */
export function paddingFor(size: number): number {
  const rest = size % BLOCK_SIZE;
  return rest === 0 ? 0 : BLOCK_SIZE - rest;
}

function writeOctal(block: Buffer, offset: number, fieldSize: number, value: number): void {
  // fieldSize-1 octal digits, zero padded, then NUL (what GNU tar writes).
  const digits = value.toString(8).padStart(fieldSize - 1, '0');
  block.write(digits, offset, fieldSize - 1, 'ascii');
  block[offset + fieldSize - 1] = 0;
}

function writeBase256(block: Buffer, offset: number, fieldSize: number, value: number): void {
  let rest = BigInt(value);
  for (let i = offset + fieldSize - 1; i > offset; i--) {
    block[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  block[offset] = 0x80;
}

function isPortableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** Splits a path into ustar (prefix, name) fields, or undefined if it does not fit. */
function splitUstarName(path: string): { name: string; prefix: string } | undefined {
  if (path.length <= 100) return { name: path, prefix: '' };
  // prefix holds up to 155 bytes, name up to 100, joined by a '/' that is not stored.
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (prefix.length > 155) return undefined;
    if (name.length <= 100 && name.length > 0) return { name, prefix };
  }
  return undefined;
}

function checksum(block: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] as number);
  return sum;
}

function encodeUstarBlock(name: string, prefix: string, size: number, mtime: number, typeflag: string): Buffer {
  const block = Buffer.alloc(BLOCK_SIZE);
  block.write(name, 0, 100, 'utf8');
  writeOctal(block, 100, 8, 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  if (size > MAX_OCTAL_11) writeBase256(block, 124, 12, size);
  else writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, mtime);
  block.write(typeflag, 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'ascii');
  // uname/gname stay empty: portable headers carry no owner names.
  if (prefix) block.write(prefix, 345, 155, 'utf8');
  const sum = checksum(block);
  block.write(sum.toString(8).padStart(6, '0'), 148, 6, 'ascii');
  block[154] = 0;
  block[155] = 0x20;
  return block;
}

/** One pax record: "<len> <key>=<value>\n" where <len> counts the whole record. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyBytes = Buffer.byteLength(body);
  let digits = 1;
  while (String(bodyBytes + digits).length !== digits) digits++;
  return `${bodyBytes + digits}${body}`;
}

function fallbackName(path: string): string {
  // What a reader without pax support would see; readers with pax use the record.
  let ascii = '';
  for (const ch of path) ascii += isPortableAscii(ch) ? ch : '_';
  return ascii.length <= 100 ? ascii : ascii.slice(ascii.length - 100).replace(/^\/+/, '');
}

/**
 * Header block(s) for a regular file entry: 512 bytes, or a pax extended header
 * (1024+ bytes) followed by the 512-byte ustar header.
 */
export function encodeFileHeader(path: string, size: number, mtimeSeconds: number): Buffer {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid entry size ${size}`);
  const split = isPortableAscii(path) ? splitUstarName(path) : undefined;
  const records: string[] = [];
  if (!split) records.push(paxRecord('path', path));
  if (size > MAX_OCTAL_11) records.push(paxRecord('size', String(size)));
  const ustar = split
    ? encodeUstarBlock(split.name, split.prefix, size, mtimeSeconds, '0')
    : encodeUstarBlock(fallbackName(path), '', size, mtimeSeconds, '0');
  if (records.length === 0) return ustar;

  const body = Buffer.from(records.join(''), 'utf8');
  const baseName = fallbackName(path.slice(path.lastIndexOf('/') + 1));
  const paxHeader = encodeUstarBlock(`PaxHeader/${baseName}`.slice(0, 100), '', body.length, mtimeSeconds, 'x');
  return Buffer.concat([paxHeader, body, Buffer.alloc(paddingFor(body.length)), ustar]);
}

/** The end-of-archive marker (two zero blocks) plus padding to a full record. */
export function encodeArchiveEnd(bytesSoFar: number): Buffer {
  const withMarker = bytesSoFar + 2 * BLOCK_SIZE;
  const rest = withMarker % RECORD_SIZE;
  return Buffer.alloc(2 * BLOCK_SIZE + (rest === 0 ? 0 : RECORD_SIZE - rest));
}

// ---------------------------------------------------------------------------
// Decoding

export interface DecodedHeader {
  /** Name from the name (and ustar prefix) fields; pax/GNU long names are applied by the caller. */
  name: string;
  /** Raw type flag character ('0', '5', 'x', 'L', …; '\0' is reported as '0'). */
  typeflag: string;
  size: number;
  mode: number;
  mtime: number;
  linkname: string;
}

function decodeText(block: Buffer, offset: number, length: number, field: string): string {
  let end = offset;
  const limit = offset + length;
  while (end < limit && block[end] !== 0) end++;
  const bytes = block.subarray(offset, end);
  if (!isUtf8(bytes)) throw new TarFormatError('invalid-utf8', `tar header ${field} is not valid UTF-8`);
  return bytes.toString('utf8');
}

function decodeNumber(block: Buffer, offset: number, length: number, field: string): number {
  const first = block[offset] as number;
  if (first & 0x80) {
    if (first !== 0x80) throw new TarFormatError('bad-number', `tar header ${field} is negative or too large`);
    let value = 0n;
    for (let i = offset + 1; i < offset + length; i++) value = (value << 8n) | BigInt(block[i] as number);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new TarFormatError('bad-number', `tar header ${field} is too large`);
    return Number(value);
  }
  let i = offset;
  const end = offset + length;
  while (i < end && (block[i] === 0x20 || block[i] === 0)) {
    if (block[i] === 0) return 0; // empty field
    i++;
  }
  let value = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = block[i] as number;
    if (c >= 0x30 && c <= 0x37) {
      value = value * 8 + (c - 0x30);
      digits++;
    } else if (c === 0 || c === 0x20) {
      break;
    } else {
      throw new TarFormatError('bad-number', `tar header ${field} is not an octal number`);
    }
  }
  for (; i < end; i++) {
    const c = block[i];
    if (c !== 0 && c !== 0x20) throw new TarFormatError('bad-number', `tar header ${field} is not an octal number`);
  }
  return digits === 0 ? 0 : value;
}

export function isZeroBlock(block: Buffer, offset = 0): boolean {
  for (let i = offset; i < offset + BLOCK_SIZE; i++) if (block[i] !== 0) return false;
  return true;
}

/** Decodes one non-zero 512-byte header block; throws TarFormatError when it is not a valid header. */
export function decodeHeader(buffer: Buffer, offset = 0): DecodedHeader {
  const block = offset === 0 && buffer.length === BLOCK_SIZE ? buffer : buffer.subarray(offset, offset + BLOCK_SIZE);
  const stored = decodeNumber(block, 148, 8, 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (block[i] as number);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  if (stored !== unsigned && stored !== signed) {
    throw new TarFormatError('bad-checksum', 'tar header checksum mismatch');
  }
  const magic = block.toString('latin1', 257, 265);
  const isPosix = magic === 'ustar\u000000';
  const typeByte = block[156] as number;
  const typeflag = typeByte === 0 ? '0' : String.fromCharCode(typeByte);
  let name = decodeText(block, 0, 100, 'name');
  if (isPosix) {
    const prefix = decodeText(block, 345, 155, 'prefix');
    if (prefix) name = `${prefix}/${name}`;
  }
  return {
    name,
    typeflag,
    size: decodeNumber(block, 124, 12, 'size'),
    mode: decodeNumber(block, 100, 8, 'mode'),
    mtime: decodeNumber(block, 136, 12, 'mtime'),
    linkname: decodeText(block, 157, 100, 'linkname'),
  };
}

/** Parses a pax extended header body into key/value records. */
export function parsePaxRecords(body: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < body.length) {
    if (body[offset] === 0) break; // NUL padding some writers leave
    const space = body.indexOf(0x20, offset);
    if (space === -1 || space - offset > 20) throw new TarFormatError('bad-pax', 'malformed pax record');
    const length = Number(body.toString('latin1', offset, space));
    if (!Number.isSafeInteger(length) || length <= space - offset + 1 || offset + length > body.length) {
      throw new TarFormatError('bad-pax', 'malformed pax record length');
    }
    const record = body.subarray(space + 1, offset + length);
    if (record[record.length - 1] !== 0x0a) throw new TarFormatError('bad-pax', 'pax record does not end with a newline');
    const equals = record.indexOf(0x3d);
    if (equals <= 0) throw new TarFormatError('bad-pax', 'pax record without key');
    const keyBytes = record.subarray(0, equals);
    const valueBytes = record.subarray(equals + 1, record.length - 1);
    if (!isUtf8(keyBytes) || !isUtf8(valueBytes)) throw new TarFormatError('invalid-utf8', 'pax record is not valid UTF-8');
    records.set(keyBytes.toString('utf8'), valueBytes.toString('utf8'));
    offset += length;
  }
  return records;
}

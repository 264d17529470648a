/**
 * Safety checks the package reader applies to every tar entry before its bytes
 * are handed to anyone (SPEC §5 step 5). Each check is small and stateless or
 * keeps its state in the shared ReaderState, so restore validation can append
 * its own checks: `checks: [...DEFAULT_ENTRY_CHECKS, myCheck]`.
 */
import { packageError } from '../errors';
import type { PackageLimits } from '../limits';
import { checkEntryPath, foldPath, MANIFEST_ENTRY, SUMS_ENTRY } from '../package-layout';

/** An entry as read from the tar headers, before the checks accepted it. */
export interface CandidateEntry {
  /** 0-based position among the accepted entries so far. */
  index: number;
  /** Normalised name: pax/GNU long name applied, `./` prefix and a directory's trailing `/` removed. */
  path: string;
  /** Name exactly as stored. */
  rawPath: string;
  /** Tar type flag ('0' regular file, '5' directory, '2' symlink, …). */
  typeflag: string;
  size: number;
  /** Stored mode and mtime: reported, never applied. */
  mode: number;
  mtime: number;
  linkname: string;
}

export interface ReaderState {
  entries: number;
  files: number;
  directories: number;
  /** Sum of entry sizes accepted so far. */
  totalBytes: number;
  /**
   * Folded names of accepted entries → kind, plus every parent directory an
   * accepted file implies ('implied').
   */
  readonly names: Map<string, 'file' | 'directory' | 'implied'>;
  /** Path of the first regular file, once seen. */
  firstFile: string | undefined;
  /** Whether SHA256SUMS has been seen (it must be the last file). */
  sumsSeen: boolean;
}

export interface EntryCheckContext {
  readonly limits: PackageLimits;
  readonly state: ReaderState;
}

export interface EntryCheck {
  readonly name: string;
  /** Throws a DomainError to reject the entry (and the package). */
  check(entry: CandidateEntry, context: EntryCheckContext): void;
}

export function newReaderState(): ReaderState {
  return {
    entries: 0,
    files: 0,
    directories: 0,
    totalBytes: 0,
    names: new Map(),
    firstFile: undefined,
    sumsSeen: false,
  };
}

const TYPE_NAMES: Record<string, string> = {
  '1': 'hard link',
  '2': 'symbolic link',
  '3': 'character device',
  '4': 'block device',
  '6': 'FIFO',
  '7': 'contiguous file',
  D: 'GNU dump directory',
  M: 'GNU multi-volume continuation',
  S: 'GNU sparse file',
  V: 'GNU volume label',
};

/** Only regular files and directories; a directory carries no data. */
export const entryTypeCheck: EntryCheck = {
  name: 'entry-type',
  check(entry) {
    if (entry.typeflag === '0') return;
    if (entry.typeflag === '5') {
      if (entry.size !== 0) {
        throw packageError('PACKAGE_UNSAFE_ENTRY', `Directory entry ${entry.path} carries data`, {
          path: entry.path,
          type: 'directory with data',
        });
      }
      return;
    }
    const kind = TYPE_NAMES[entry.typeflag] ?? `entry of type '${entry.typeflag}'`;
    throw packageError('PACKAGE_UNSAFE_ENTRY', `Package contains a ${kind}: ${entry.path}`, {
      path: entry.path,
      type: kind,
      ...(entry.linkname ? { linkname: entry.linkname } : {}),
    });
  },
};

/** No absolute paths, `..`, backslashes, NUL, empty segments; depth and length limits. */
export const entryPathCheck: EntryCheck = {
  name: 'entry-path',
  check(entry, { limits }) {
    checkEntryPath(entry.path, limits);
  },
};

export const entryCountCheck: EntryCheck = {
  name: 'entry-count',
  check(entry, { limits, state }) {
    if (state.entries + 1 > limits.maxEntries) {
      throw packageError('PACKAGE_LIMIT_EXCEEDED', `Package holds more than ${limits.maxEntries} entries`, {
        path: entry.path,
        limit: 'maxEntries',
        value: limits.maxEntries,
      });
    }
  },
};

export const totalSizeCheck: EntryCheck = {
  name: 'total-size',
  check(entry, { limits, state }) {
    if (state.totalBytes + entry.size > limits.maxTotalBytes) {
      throw packageError('PACKAGE_LIMIT_EXCEEDED', `Package content exceeds ${limits.maxTotalBytes} bytes`, {
        path: entry.path,
        limit: 'maxTotalBytes',
        value: limits.maxTotalBytes,
      });
    }
  },
};

function parentsOf(folded: string): string[] {
  const parents: string[] = [];
  for (let i = folded.indexOf('/'); i !== -1; i = folded.indexOf('/', i + 1)) parents.push(folded.slice(0, i));
  return parents;
}

/**
 * No two entries under the same name, also after Unicode NFC normalisation and
 * case folding (they would collide on macOS/Windows file systems), and no file
 * that is also used as a directory.
 */
export const duplicateCheck: EntryCheck = {
  name: 'duplicate',
  check(entry, { state }) {
    const folded = foldPath(entry.path);
    const duplicate = (reason: string) =>
      packageError('PACKAGE_DUPLICATE_ENTRY', `Duplicate entry ${entry.path} (${reason})`, {
        path: entry.path,
        reason,
      });
    const previous = state.names.get(folded);
    if (previous === 'implied') {
      // A directory entry after files under it is harmless; a file there is not.
      if (entry.typeflag === '0') throw duplicate('name is used as a directory');
    } else if (previous !== undefined) {
      throw duplicate(previous === 'file' && entry.typeflag === '0' ? 'same name' : 'same name, other kind');
    }
    for (const parent of parentsOf(folded)) {
      if (state.names.get(parent) === 'file') throw duplicate(`${parent} is a file`);
    }
  },
};

/** manifest.json is the first file: type detection reads only the head. */
export const manifestFirstCheck: EntryCheck = {
  name: 'manifest-first',
  check(entry, { state }) {
    if (entry.typeflag !== '0' || state.firstFile !== undefined) return;
    if (entry.path !== MANIFEST_ENTRY) {
      throw packageError('PACKAGE_MANIFEST_MISSING', `The first entry is ${entry.path}, not ${MANIFEST_ENTRY}`, {
        path: entry.path,
      });
    }
  },
};

/** SHA256SUMS is the last file. */
export const sumsLastCheck: EntryCheck = {
  name: 'sums-last',
  check(entry, { state }) {
    if (entry.typeflag === '0' && state.sumsSeen) {
      throw packageError('PACKAGE_ENTRY_UNEXPECTED', `Entry ${entry.path} follows ${SUMS_ENTRY}, which must be last`, {
        path: entry.path,
      });
    }
  },
};

export const DEFAULT_ENTRY_CHECKS: readonly EntryCheck[] = Object.freeze([
  entryTypeCheck,
  entryPathCheck,
  entryCountCheck,
  totalSizeCheck,
  duplicateCheck,
  manifestFirstCheck,
  sumsLastCheck,
]);

/** Records an accepted entry in the state (after every check passed). */
export function recordEntry(entry: CandidateEntry, state: ReaderState): void {
  const folded = foldPath(entry.path);
  state.entries++;
  state.totalBytes += entry.size;
  if (entry.typeflag === '0') {
    state.files++;
    state.names.set(folded, 'file');
    for (const parent of parentsOf(folded)) if (!state.names.has(parent)) state.names.set(parent, 'implied');
    if (state.firstFile === undefined) state.firstFile = entry.path;
    if (entry.path === SUMS_ENTRY) state.sumsSeen = true;
  } else {
    state.directories++;
    if (state.names.get(folded) !== 'implied') state.names.set(folded, 'directory');
  }
}

/**
 * Limits a package reader enforces while it streams (SPEC §5 step 5). They
 * bound what a hostile or broken package can make us do: how many entries we
 * track, how deep and long names get, how much we decompress.
 */
export interface PackageLimits {
  /** Entries of any kind (files and directories). */
  maxEntries: number;
  /** Path segments of an entry name (`files/a/b.pdf` has 3). */
  maxDepth: number;
  /** Bytes of an entry name. */
  maxPathBytes: number;
  /** Bytes of one path segment (NAME_MAX on common file systems). */
  maxSegmentBytes: number;
  /** Sum of the entry sizes. */
  maxTotalBytes: number;
  /** Decompressed tar bytes per compressed byte, checked once `ratioGraceBytes` are decompressed. */
  maxCompressionRatio: number;
  ratioGraceBytes: number;
  /** Size of manifest.json. */
  maxManifestBytes: number;
  /** Size of a pax extended header or GNU long name. */
  maxMetadataBytes: number;
}

export const DEFAULT_PACKAGE_LIMITS: Readonly<PackageLimits> = Object.freeze({
  maxEntries: 2_000_000,
  maxDepth: 32,
  maxPathBytes: 4096,
  maxSegmentBytes: 255,
  maxTotalBytes: 4 * 1024 ** 4,
  maxCompressionRatio: 200,
  ratioGraceBytes: 256 * 1024 ** 2,
  maxManifestBytes: 1024 * 1024,
  maxMetadataBytes: 64 * 1024,
});

export function resolveLimits(overrides?: Partial<PackageLimits>): PackageLimits {
  return { ...DEFAULT_PACKAGE_LIMITS, ...(overrides ?? {}) };
}

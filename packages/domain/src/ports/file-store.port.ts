/** What the store knows about one stored object. */
export interface StoredObjectInfo {
  key: string;
  sizeBytes: number;
}

export interface WrittenObject {
  key: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * The document file store. Keys are relative paths with forward slashes;
 * implementations refuse keys that would escape the store root.
 */
export interface FileStore {
  /** Writes durably: a temporary name, fsync, then rename onto the key. */
  write(key: string, content: AsyncIterable<Uint8Array>): Promise<WrittenObject>;
  openRead(key: string): Promise<AsyncIterable<Uint8Array>>;
  stat(key: string): Promise<StoredObjectInfo | null>;
  remove(key: string): Promise<void>;
  /** Every stored key, for orphan detection. */
  list(): AsyncIterable<StoredObjectInfo>;
  /** Absolute location of a key, for components that stream files themselves. */
  resolve(key: string): string;
}

import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/**
 * A driver adapter factory that remembers every connection it handed out, so
 * that all of them — the client's and those the schema engine may leave open —
 * can be closed at once (`disposeAll`). Subclasses provide the inner factory
 * and may prepare each connection before it is used.
 */
export abstract class TrackingAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  abstract readonly provider: SqlMigrationAwareDriverAdapterFactory['provider'];
  abstract readonly adapterName: string;
  protected abstract readonly inner: SqlMigrationAwareDriverAdapterFactory;
  readonly #open = new Set<SqlDriverAdapter>();

  /** Runs on every new connection before anyone uses it. */
  protected async prepare(_adapter: SqlDriverAdapter): Promise<void> {}

  async connect(): Promise<SqlDriverAdapter> {
    return this.#track(await this.inner.connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.#track(await this.inner.connectToShadowDb());
  }

  /** Closes every connection still open. */
  async disposeAll(): Promise<void> {
    const open = [...this.#open];
    this.#open.clear();
    await Promise.all(open.map((adapter) => adapter.dispose()));
  }

  async #track(adapter: SqlDriverAdapter): Promise<SqlDriverAdapter> {
    await this.prepare(adapter);
    this.#open.add(adapter);
    const dispose = adapter.dispose.bind(adapter);
    let disposed = false;
    // The client and disposeAll may both close a connection; close it once (pg refuses to end a pool twice).
    adapter.dispose = async () => {
      if (disposed) return;
      disposed = true;
      this.#open.delete(adapter);
      await dispose();
    };
    return adapter;
  }
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type {
  MigrationList,
  SchemaEngine,
  SchemaFilter,
} from '@prisma/schema-engine-wasm/schema_engine_bg' with { 'resolution-mode': 'import' };

import { createAdapterFactory, type ManagedAdapterFactory } from './adapter-factory';

type SchemaEngineBindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg', {
  with: { 'resolution-mode': 'import' },
});

export type { MigrationList, SchemaEngine };

export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

const BINDINGS_MODULE = '@prisma/schema-engine-wasm/schema_engine_bg';

// Node 20's type definitions do not declare the WebAssembly global.
interface WasmRuntime {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, unknown>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmRuntime = (globalThis as unknown as { WebAssembly: WasmRuntime }).WebAssembly;

let bindings: Promise<SchemaEngineBindings> | undefined;

/**
 * The package's main entry imports the .wasm file as an ES module, which Node
 * 20 refuses, so the wasm-bindgen glue is loaded on its own and the module is
 * instantiated by hand. The glue keeps the instance in module state, hence one
 * instantiation per process.
 */
function loadBindings(): Promise<SchemaEngineBindings> {
  bindings ??= (async () => {
    // require, not import(): compiled CommonJS under jest cannot run a native
    // dynamic import, and Node 20 can require this ESM-only file.
    const bg = require(BINDINGS_MODULE) as SchemaEngineBindings;
    const wasmPath = path.join(path.dirname(require.resolve(BINDINGS_MODULE)), 'schema_engine_bg.wasm');
    const { instance } = await wasmRuntime.instantiate(await fs.promises.readFile(wasmPath), {
      './schema_engine_bg.js': withUnrefTimers(bg),
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports['__wbindgen_start'] as () => void)();
    return bg;
  })();
  bindings.catch(() => {
    bindings = undefined;
  });
  return bindings;
}

/**
 * The engine's timers are timeouts it races against (on PostgreSQL: 10 s for
 * its migration advisory lock) and never clears; a pending one would keep a
 * finished process (or a jest worker) alive for up to 10 s. Unref'd, they still
 * fire while the engine has work (its connections keep the process alive).
 */
function withUnrefTimers(bg: SchemaEngineBindings): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...(bg as unknown as Record<string, unknown>) };
  for (const [name, value] of Object.entries(imports)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof value !== 'function') continue;
    imports[name] = (...args: unknown[]) => {
      const timer = (value as (...a: unknown[]) => unknown)(...args) as { unref?: () => void } | undefined;
      timer?.unref?.();
      return timer;
    };
  }
  return imports;
}

export interface SchemaFile {
  path: string;
  content: string;
}

export interface SchemaEngineSession {
  engine: SchemaEngine;
  adapterFactory: ManagedAdapterFactory;
}

/**
 * Runs `work` with a schema engine connected to `databaseUrl`, then releases
 * the engine and every connection it opened.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  work: (session: SchemaEngineSession) => Promise<T>,
): Promise<T> {
  const bg = await loadBindings();
  const adapterFactory = createAdapterFactory(databaseUrl);
  try {
    const engine = await bg.SchemaEngine.new(
      // Every command used here carries its schemas or migrations itself.
      { datamodels: undefined },
      () => undefined,
      bindMigrationAwareSqlAdapterFactory(adapterFactory),
    );
    try {
      return await work({ engine, adapterFactory });
    } finally {
      engine.free();
    }
  } catch (error) {
    throw asError(error);
  } finally {
    await adapterFactory.disposeAll();
  }
}

/**
 * The SQL that turns a database built from `from` (null: an empty database)
 * into one matching `to`, or null when they are equivalent. Pure datamodel
 * comparison: unlike diffing from the migrations folder, it needs no shadow
 * database, which the wasm engine cannot provide on SQLite for multi-statement
 * migrations.
 */
export async function diffDatamodels(from: SchemaFile | null, to: SchemaFile): Promise<string | null> {
  // The engine needs a connection even for a pure diff; a throwaway file serves.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'edms-schema-diff-'));
  try {
    return await withSchemaEngine(`file:${path.join(scratch, 'scratch.db')}`, async ({ engine }) => {
      const result = await engine.diff({
        from: from ? { tag: 'schemaDatamodel', files: [from] } : { tag: 'empty' },
        to: { tag: 'schemaDatamodel', files: [to] },
        script: true,
        // With exitCode requested the engine reports 2 for a non-empty diff.
        exitCode: true,
        filters: NO_FILTER,
      });
      return result.exitCode === 2 ? (result.stdout ?? '') : null;
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** wasm-bindgen can reject with non-Error values; callers expect Errors. */
function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === 'string') return new Error(error);
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return Object.assign(new Error(error.message), error);
  }
  return new Error(`Schema engine failed: ${JSON.stringify(error)}`);
}

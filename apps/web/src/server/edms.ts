import 'server-only';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as DomainModule from '@edms/domain';
import type * as RuntimeModule from '@edms/runtime';

// Why not a plain `import { listDocuments } from '@edms/domain'`:
// Turbopack bundles npm-workspace packages even when they are listed in
// `serverExternalPackages` (vercel/next.js#84388) — it sees their real path
// under packages/, not node_modules. Bundled, @edms/db breaks (it finds its
// migrations through `__dirname` and the schema engine's .wasm through
// `require.resolve`), and every route chunk would carry its own copy of the
// domain, so module state and DomainError checks would differ between routes.
// Loading our packages with Node's own require at run time gives one copy per
// process, exactly as the CLI and the API load them. Types still come from
// normal (type-only, erased) imports. The require is anchored at the working
// directory, which `next start` (scripts/start.js) sets to apps/web; Node then
// finds the packages in the repository's node_modules.
const nodeRequire = createRequire(path.join(process.cwd(), 'package.json'));

/** `@edms/domain`: use cases, permissions, entity constants. */
export function edmsDomain(): typeof DomainModule {
  return nodeRequire('@edms/domain') as typeof DomainModule;
}

/** `@edms/runtime`: the wiring that builds services from the environment. */
export function edmsRuntime(): typeof RuntimeModule {
  return nodeRequire('@edms/runtime') as typeof RuntimeModule;
}

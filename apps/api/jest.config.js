const base = require('../../jest.base.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  transform: {
    // As in packages/db: API tests start real services, which apply migrations
    // with @prisma/schema-engine-wasm. That package is ESM-only and jest's
    // loader cannot require it untransformed, so ts-jest compiles it (allowJs)
    // to CommonJS along with our sources.
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10' } }],
  },
  transformIgnorePatterns: ['[/\\\\]node_modules[/\\\\](?!@prisma[/\\\\]schema-engine-wasm[/\\\\])'],
  // Each test file migrates a fresh SQLite database; the server test spawns the real process.
  testTimeout: 60_000,
};

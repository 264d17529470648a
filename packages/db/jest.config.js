const base = require('../../jest.base.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  transform: {
    // tsconfig.json plus overrides (ts-jest merges them). CommonJS output turns
    // the generated client's `await import()` of Prisma's query compiler into
    // require(), since jest cannot run a native dynamic import without
    // --experimental-vm-modules. allowJs: @prisma/schema-engine-wasm is
    // ESM-only and jest's loader cannot require it untransformed.
    '^.+\\.[tj]s$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10' } },
    ],
  },
  transformIgnorePatterns: ['[/\\\\]node_modules[/\\\\](?!@prisma[/\\\\]schema-engine-wasm[/\\\\])'],
  // Each test file instantiates the 5 MB schema engine and works on real files.
  testTimeout: 60_000,
};

// Shared jest settings for every package: ts-jest in CommonJS mode.
// - CommonJS output turns the Prisma client's `await import()` of its query
//   compiler into require(): jest cannot run a native dynamic import without
//   --experimental-vm-modules.
// - allowJs + transformIgnorePatterns: @prisma/schema-engine-wasm (applied by
//   every front door at start) is ESM-only, and jest's loader cannot require it
//   untransformed, so ts-jest compiles it along with our sources.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.[tj]sx?$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10' } }],
  },
  transformIgnorePatterns: ['[/\\\\]node_modules[/\\\\](?!@prisma[/\\\\]schema-engine-wasm[/\\\\])'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testTimeout: 60_000,
};

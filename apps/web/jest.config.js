// Node-side tests only: pure modules under src/lib and an end-to-end check that
// starts the production build (`next build` runs first; turbo's `test` depends
// on `build`). ts-jest compiles with tsconfig.jest.json (CommonJS, node16
// resolution) because the Next tsconfig uses bundler resolution and JSX.
// Browser tests come later and will not run under jest.
const base = require('../../jest.base.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  displayName: '@edms/web',
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  testPathIgnorePatterns: ['/node_modules/', '/.next/'],
  modulePathIgnorePatterns: ['<rootDir>/.next/'],
  // The HTTP tests wait on a real server and SQLite; a slow CI machine needs more than jest's 5 s.
  testTimeout: 30_000,
};

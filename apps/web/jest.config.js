// Two jest projects, both run by `npm test`:
// - `web`: fast Node-side tests — pure modules under src/lib, and an HTTP check
//   (src/app/web-app.test.ts) that starts the production build the way
//   `npm start` does (`next build` runs first; turbo's `test` depends on `build`).
// - `web-e2e`: browser tests under e2e/ — playwright-core drives Debian's
//   Chromium against `next start` plus a CLI worker. `npm run test:unit` skips them.
// ts-jest compiles with tsconfig.jest.json (CommonJS, node16 resolution)
// because the Next tsconfig uses bundler resolution and JSX.
const base = require('../../jest.base.js');

const transform = {
  '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
};

/** @type {import('jest').Config} */
module.exports = {
  // testTimeout is a global option (ignored inside projects): 30 s for the HTTP
  // tests, which wait on a real server and SQLite; the browser suite raises its
  // own with jest.setTimeout.
  testTimeout: 30_000,
  projects: [
    {
      ...base,
      displayName: 'web',
      transform,
      testPathIgnorePatterns: ['/node_modules/', '/.next/'],
      modulePathIgnorePatterns: ['<rootDir>/.next/'],
    },
    {
      ...base,
      displayName: 'web-e2e',
      roots: ['<rootDir>/e2e'],
      testMatch: ['**/*.e2e.test.ts'],
      transform,
      modulePathIgnorePatterns: ['<rootDir>/.next/'],
    },
  ],
};

// CLI tests spawn the real compiled command (1.5 s or more each), so they get
// a longer timeout, and two test files may run at once even on a two-core
// machine: the workers mostly wait for their child processes.
module.exports = { ...require('../../jest.base.js'), testTimeout: 60_000, maxWorkers: 2 };

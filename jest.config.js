/** One jest run: pure unit tests beside the code, and API tests against a real booted Strapi. */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/src/plugins/after-sales/server/src/**/__tests__/**/*.test.ts', '<rootDir>/extensions/*/**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/faults/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/src/plugins/after-sales/dist/', '<rootDir>/.tmp/'],
  // A boot (beforeAll) takes 20–40 s on a quiet 2-core machine; allow for a loaded one.
  testTimeout: 300000,
  // One template database per run, copied by each file that boots the app (test/helpers/template-database.js).
  globalSetup: '<rootDir>/test/helpers/jest-global-setup.js',
  globalTeardown: '<rootDir>/test/helpers/jest-global-teardown.js',
  // A statement that waits for SQLite's only connection (sent outside the transaction holding it) fails its test.
  setupFilesAfterEnv: ['<rootDir>/test/helpers/connection-waits.js'],
  // Strapi loaded once per worker with Node's require; each file's process.env is the worker's, put back at its start.
  setupFiles: ['<rootDir>/test/helpers/worker-realm.js'],
  maxWorkers: process.env.JEST_MAX_WORKERS || 2,
};

module.exports = {
  rootDir: '../..',
  // On a failure, what the test's pages showed (test/e2e/environment.js).
  testEnvironment: '<rootDir>/test/e2e/environment.js',
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }] },
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
  testTimeout: 180000,
  // E2E_SHARDS: the files split by size between the shards (test/e2e/sequencer.js).
  testSequencer: '<rootDir>/test/e2e/sequencer.js',
};

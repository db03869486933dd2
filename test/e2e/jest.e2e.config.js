module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }] },
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
  testTimeout: 180000,
};

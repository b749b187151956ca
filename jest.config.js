/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: false }],
  },
  testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '\\.d\\.ts$'],
  modulePathIgnorePatterns: ['<rootDir>/examples/.*/cdk.out', '<rootDir>/cdk.out', '<rootDir>/.tmp'],
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/sequencer.js',
};

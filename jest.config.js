/** Jest in native ESM mode with ts-jest; type-checking runs separately (`npm run typecheck`). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  testMatch: ['<rootDir>/spec/**/*.spec.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, isolatedModules: true, tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 20000,
  // Native ESM mode keeps each test file's modules in its worker; a worker past this is replaced
  // between files (a fresh clone's run saw ~200 MB held by earlier suites, slowing the heavy ones).
  workerIdleMemoryLimit: '512MB',
};

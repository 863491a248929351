import type { Config } from 'jest';

/** Test tiers are told apart by file name: `*.unit.spec.ts` (pure, no I/O), `*.int.spec.ts`
 * (real Kafka and MongoDB-compatible servers), `test/**\/*.e2e.spec.ts` (cross-service flows). */
const swcTransform: Config['transform'] = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      sourceMaps: 'inline',
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    },
  ],
};

const moduleNameMapper: Config['moduleNameMapper'] = {
  '^@bakuun/platform-demo$': '<rootDir>/examples/platform-demo/src/index.ts',
  '^@bakuun/(.*)$': '<rootDir>/libs/$1/src/index.ts',
};

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: swcTransform,
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.infra/'],
};

const config: Config = {
  // A global option in Jest (projects cannot set it): generous, because integration tests talk to real servers.
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/libs/testing/src/reporters/closing-line.reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,scripts,examples}/**/*.unit.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,scripts,examples}/**/*.int.spec.ts', '<rootDir>/charts/**/tests/*.int.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/infra/global-setup.ts',
      setupFiles: ['<rootDir>/libs/testing/src/infra/load-infra-env.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/infra/global-setup.ts',
      setupFiles: ['<rootDir>/libs/testing/src/infra/load-infra-env.ts'],
    },
  ],
};

export default config;

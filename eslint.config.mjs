import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Architecture as lint: Nx tags on two axes (scope, type) with real dependency constraints. */
const moduleBoundaries = {
  enforceBuildableLibDependency: false,
  allow: [],
  depConstraints: [
    { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
    { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
    { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:domain', 'type:contracts'] },
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:domain', 'type:contracts', 'type:infra'] },
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:app', 'type:infra', 'type:domain', 'type:contracts', 'type:testing'] },
    { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:e2e', 'type:infra', 'type:domain', 'type:contracts', 'type:testing'] },
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
    { sourceTag: 'scope:endpoint-registry', onlyDependOnLibsWithTags: ['scope:endpoint-registry', 'scope:shared'] },
    { sourceTag: 'scope:key-management', onlyDependOnLibsWithTags: ['scope:key-management', 'scope:shared'] },
    { sourceTag: 'scope:delivery', onlyDependOnLibsWithTags: ['scope:delivery', 'scope:shared'] },
    { sourceTag: 'scope:metrics', onlyDependOnLibsWithTags: ['scope:metrics', 'scope:shared'] },
    { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console', 'scope:shared'] },
    { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:e2e', 'scope:shared'] },
  ],
};

/** Specs may use the shared test helpers whatever their project's type. */
const specBoundaries = {
  ...moduleBoundaries,
  depConstraints: moduleBoundaries.depConstraints.map((c) =>
    c.sourceTag.startsWith('type:') ? { ...c, onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, 'type:testing'])] } : c,
  ),
};

const frameworkImportsBannedInDomain = {
  patterns: [
    { group: ['@nestjs/*', 'mongoose', 'mongodb', 'kafkajs', '@grpc/*', 'undici', 'rxjs'], message: 'Domain libraries are pure: frameworks and I/O clients live at the edges.' },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.infra/**', '.nx/**', 'libs/contracts/src/generated/**', 'coverage/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in the service config.ts (parsed with a schema) only.' }],
    },
  },
  {
    files: ['libs/*-domain/**/*.ts', 'libs/errors/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', frameworkImportsBannedInDomain],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Time enters the domain through the command (metadata.now).' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Time enters the domain through the command (metadata.now).' },
        { selector: "CallExpression[callee.name='randomUUID']", message: 'Ids enter the domain through the command or a port.' },
        { selector: "CallExpression[callee.property.name='randomBytes']", message: 'Randomness enters the domain through a port.' },
        { selector: "CallExpression[callee.name='randomBytes']", message: 'Randomness enters the domain through a port.' },
      ],
    },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', specBoundaries] },
  },
  {
    files: ['**/config.ts', '**/*.spec.ts', 'scripts/**', 'libs/testing/**', 'test/**', 'jest.config.ts', 'examples/**', '**/cli/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

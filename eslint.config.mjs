// ESLint flat config. The layer rules below are the architecture invariants from ARCHITECTURE.md:
// each folder under src/ may import only what its layer allows, and lint fails otherwise.
// test/lint-fixtures/<layer>/ holds files that break (or keep) each rule; test/unit/lintLayers.test.ts
// lints them with this same config, so a rule that stops firing fails a test.
import tseslint from 'typescript-eslint';

const vscode = { name: 'vscode', message: 'Only src/extension may import vscode.' };
const azureSdk = { group: ['@azure/*', '@azure/**', '@microsoft/vscode-azext-*'], message: 'src/core is pure: no Azure SDK. Put SDK code in src/azure.' };
const nodeIo = {
  regex: '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|child_process|cluster|worker_threads|readline|dns)$',
  message: 'src/core does no I/O: take data as arguments and let src/cli or src/extension read it.',
};
const upTo = (layers, message) => ({ regex: `^(\\.\\./)+(${layers.join('|')})(/|$)`, message });

/** The layer rules, keyed by the folder names used in src/ and in test/lint-fixtures/. */
const layers = {
  core: {
    paths: [vscode],
    patterns: [azureSdk, nodeIo, upTo(['azure', 'cli', 'extension'], 'src/core may import only src/core.')],
  },
  azure: {
    paths: [vscode],
    patterns: [upTo(['cli', 'extension'], 'src/azure may import src/core and the Azure SDK, never cli or extension.')],
  },
  node: {
    paths: [vscode],
    patterns: [azureSdk, upTo(['azure', 'cli', 'extension'], 'src/node may import only src/core and Node built-ins.')],
  },
  cli: {
    paths: [vscode],
    patterns: [upTo(['extension'], 'src/cli may not import src/extension.')],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.vscode-test/**', 'test/lint-fixtures/**', 'test/fixtures/**', 'test/e2e/workspace/**', 'test/e2e/expected/**', 'examples/**'] },
  {
    files: ['**/*.ts'],
    ignores: ['test/lint-fixtures/**'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises that the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      curly: ['error', 'multi-line'],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // The fixtures are outside tsconfig: parse them as TypeScript without type information.
    files: ['test/lint-fixtures/**/*.ts'],
    extends: [tseslint.configs.base],
  },
  {
    // Scripts, the CLI and tests talk to the terminal on purpose.
    files: ['scripts/**', 'src/cli/**', 'test/**', 'esbuild.mjs'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs'],
    extends: [tseslint.configs.recommended],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] },
  },
  ...Object.entries(layers).map(([layer, restriction]) => ({
    files: [`src/${layer}/**/*.ts`, `test/lint-fixtures/${layer}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { ...restriction, paths: restriction.paths.map((p) => ({ ...p, allowTypeImports: false })) }],
    },
  })),
);

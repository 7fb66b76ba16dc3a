import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { repoRoot } from './repoRoot';

/**
 * Lints test/lint-fixtures/<layer>/*.ts with the project's own eslint.config.mjs, so the import rules in
 * ARCHITECTURE.md are shown to fire (and to stay quiet on allowed imports).
 */
describe('architecture import rules (ESLint)', () => {
  const results = new Map<string, string[]>();

  before(async () => {
    const eslint = new ESLint({ cwd: repoRoot, ignore: false });
    const files = await eslint.lintFiles([join(repoRoot, 'test/lint-fixtures')]);
    for (const file of files) {
      const relative = file.filePath.slice(join(repoRoot, 'test/lint-fixtures').length + 1);
      results.set(relative, file.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`));
    }
  });

  const restricted = '@typescript-eslint/no-restricted-imports';
  const cases: [string, boolean][] = [
    ['core/importsVscode.ts', true],
    ['core/importsVscodeTypeOnly.ts', true],
    ['core/importsAzureSdk.ts', true],
    ['core/importsFs.ts', true],
    ['core/importsExtensionLayer.ts', true],
    ['core/pure.ts', false],
    ['azure/importsVscode.ts', true],
    ['azure/usesSdkAndCore.ts', false],
    ['cli/importsExtensionLayer.ts', true],
    ['node/importsVscode.ts', true],
  ];
  for (const [file, shouldFail] of cases) {
    it(`${file} ${shouldFail ? 'is rejected' : 'is allowed'}`, () => {
      const messages = results.get(file);
      assert.ok(messages, `fixture ${file} was linted`);
      const restrictedHits = messages.filter((m) => m.startsWith(restricted));
      if (shouldFail) {
        assert.equal(restrictedHits.length, 1, messages.join('\n'));
      } else {
        assert.deepEqual(restrictedHits, [], messages.join('\n'));
      }
      assert.deepEqual(messages.filter((m) => m.startsWith('fatal')), [], 'fixture parses');
    });
  }
});

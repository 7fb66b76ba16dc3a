/**
 * The example projects under examples/: "Use Managed Identity for All Secrets in This File" (scan, the
 * preferred plan per finding, merged, applied) on each example's main file gives the reviewed after-state in
 * test/fixtures/examples-after/<example>/, leaves no hardcoded secret, and the after-file parses; the
 * JavaScript/TypeScript ones type-check against the real SDK types. The end-to-end test applies the same
 * rewrite in VS Code and compares the saved file with the same after-state.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { mergePlans } from '../../src/core/fixes/mergePlans';
import { applyEdits } from '../../src/core/fixes/code/textEdits';
import { fixLanguageOf, planFixes } from '../../src/core/fixes/planFixes';
import type { FixPlan, SyntaxParsers } from '../../src/core/fixes/types';
import { scanText } from '../../src/core/secrets/scanner';
import { createSyntaxParsers } from '../../src/node/treeSitterParsers';
import { exampleAfterFile, exampleProjects, examplesDir } from './exampleProjects';
import { repoRoot } from './repoRoot';
import { sdkTypeErrors } from './sdkTypeCheck';

/** What the "all secrets in this file" command computes, without VS Code. */
function fixAll(text: string, path: string, parsers: SyntaxParsers): { text: string; plans: FixPlan[] } {
  const plans = scanText(text, { path })
    .map((finding) => planFixes({ text, path }, finding, { parsers, identity: { kind: 'default' } }).find((p) => p.preferred))
    .filter((p): p is FixPlan => p !== undefined);
  const merged = mergePlans(plans);
  assert.deepEqual(merged.skipped, [], 'some fixes collided');
  return { text: applyEdits(text, merged.edits), plans: merged.applied };
}

const errors = (text: string, path: string): string[] => scanText(text, { path }).filter((f) => f.severity === 'error').map((f) => f.ruleId);

describe('example projects: the rewrite of every secret in the main file', () => {
  let parsers: SyntaxParsers;
  before(async () => {
    parsers = await createSyntaxParsers();
  });

  const examples = exampleProjects();

  it('cover every language the quick fixes rewrite', () => {
    const extensions = new Set(examples.map((e) => e.file.split('.').pop()));
    assert.deepEqual([...extensions].sort(), ['cs', 'go', 'java', 'js', 'json', 'py', 'ts']);
  });

  for (const example of examples) {
    const rel = relative(examplesDir, example.file);
    it(`${rel} → the reviewed after-state, passwordless, no secret left`, () => {
      const before = readFileSync(example.file, 'utf8');
      assert.ok(errors(before, example.file).length > 0, `${rel} has no hardcoded secret to fix`);
      const { text, plans } = fixAll(before, example.file, parsers);
      assert.ok(plans.length > 0);
      assert.deepEqual(plans.map((p) => p.strategy).filter((s) => s !== 'passwordless'), [], 'an example falls back to an environment read');
      assert.deepEqual(errors(text, example.file), [], `secret left in:\n${text}`);
      const expected = exampleAfterFile(example);
      assert.ok(existsSync(expected), `no reviewed after-state ${relative(repoRoot, expected)}; output was:\n${text}`);
      assert.equal(text, readFileSync(expected, 'utf8'));
      const language = fixLanguageOf({ text, path: example.file });
      if (language && language !== 'json' && language !== 'jsonc') {
        const grammar = language === 'typescript' ? 'typescript' : language === 'javascript' ? 'javascript' : language;
        assert.equal(parsers.parse(grammar as Parameters<SyntaxParsers['parse']>[0], text).rootNode.hasError, false, 'after-file does not parse');
      }
    });
  }

  it('JavaScript and TypeScript after-states type-check against the SDK types', () => {
    const files = examples.filter((e) => /\.[jt]s$/.test(e.file)).map(exampleAfterFile);
    assert.ok(files.some((f) => f.endsWith('.ts')), 'no TypeScript example');
    // The plain JavaScript example has untyped parameters; the SDK calls are what is checked.
    assert.deepEqual(sdkTypeErrors(files, { noImplicitAny: false }), []);
  });
});

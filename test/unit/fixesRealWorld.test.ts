/**
 * The real-world fix corpus (test/fixtures/fixes-realworld/<language>/<case>/): files written after public
 * Azure samples (SOURCES.md names each one), each with a secret where the sample read the environment, and a
 * reviewed after-state. scripts/fixes-realworld.mjs runs "Use Managed Identity for All Secrets in This File"
 * on each (scan, preferred plan per finding, mergePlans, applyEdits, with the compiled engine under out/) and
 * scores the outputs; this test asserts the targets:
 *   - the corpus is sound: 50+ cases, 8+ per code language, every case.json complete, every expected file
 *     parses, type-checks (JS/TS) and holds no secret;
 *   - every output parses and no output still holds a secret;
 *   - the files whose service and SDK have a passwordless form that get the passwordless rewrite and equal the
 *     reviewed after-state never fall below the count reached so far (REACHED, raised as the planners improve).
 * The target is 90% of them; until it is met this is a ratchet, and the runner lists the differing
 * files (`node scripts/fixes-realworld.mjs`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { repoRoot } from './repoRoot';

interface CaseResult {
  id: string;
  language: string;
  passwordlessExpected: boolean;
  detected: boolean;
  undetected: string[];
  secrets: number;
  passwordless: boolean;
  equal: boolean;
  parses: boolean;
  parseErrors: string[];
  typeErrors: string[];
  secretsLeft: string[];
  applied: { title: string; strategy: string }[];
  difference?: { line: number; expected: string; actual: string };
  expectedFile: string;
  expectedCheck: { parseErrors: string[]; typeErrors: string[]; secretsLeft: string[] };
}

interface Report {
  results: CaseResult[];
  summary: { targets: { passwordlessRewriteAndEqual: { ok: number; of: number; ratio: number; target: number } } };
}

const CODE_LANGUAGES = ['javascript', 'typescript', 'python', 'csharp', 'java', 'go'];
/** Files rewritten to their reviewed passwordless after-state at the last planner change; only ever raised. */
const REACHED = 25;

describe('real-world fix corpus: the rewrite of every secret in the file', () => {
  let report: Report;
  before(() => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'fixes-realworld.mjs'), '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(run.status, 0, run.stderr);
    report = JSON.parse(run.stdout) as Report;
  });

  it('is a sound corpus: 50+ cases, 8+ per code language, complete case.json, clean expected files', () => {
    const { results } = report;
    assert.ok(results.length >= 50, `${results.length} cases`);
    for (const language of CODE_LANGUAGES) {
      assert.ok(results.filter((r) => r.language === language).length >= 8, `fewer than 8 ${language} cases`);
    }
    for (const r of results) {
      const spec = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'fixes-realworld', r.id, 'case.json'), 'utf8')) as Record<string, unknown>;
      for (const key of ['source', 'licence', 'passwordless', 'roles']) assert.ok(key in spec, `${r.id}: case.json has no ${key}`);
    }
    const unsound = results
      .filter((r) => r.expectedCheck.parseErrors.length + r.expectedCheck.typeErrors.length + r.expectedCheck.secretsLeft.length > 0)
      .map((r) => `${r.expectedFile}: ${[...r.expectedCheck.parseErrors, ...r.expectedCheck.typeErrors, ...r.expectedCheck.secretsLeft].join('; ')}`);
    assert.deepEqual(unsound, []);
    assert.deepEqual(report.results.filter((r) => r.secrets === 0).map((r) => r.id), [], 'cases whose reviewed state removes no secret');
  });

  it('detects every secret of every file', () => {
    assert.deepEqual(report.results.filter((r) => !r.detected).map((r) => `${r.id}: ${r.undetected.join(', ') || 'no finding'}`), []);
  });

  it('leaves every output parseable', () => {
    assert.deepEqual(report.results.filter((r) => !r.parses).map((r) => `${r.id}: ${r.parseErrors.join('; ')}`), []);
  });

  it('leaves no secret in any output', () => {
    assert.deepEqual(report.results.filter((r) => r.secretsLeft.length > 0).map((r) => `${r.id}: ${r.secretsLeft.join(', ')}`), []);
  });

  it(`rewrites at least ${REACHED} of the files that have a passwordless form to the reviewed passwordless after-state (target: 90%)`, () => {
    const target = report.summary.targets.passwordlessRewriteAndEqual;
    const misses = report.results
      .filter((r) => r.passwordlessExpected && !(r.passwordless && r.equal))
      .map((r) => {
        const how = r.passwordless ? 'passwordless, differs' : `applied ${r.applied.map((a) => a.strategy).join('+') || 'nothing'}`;
        const where = r.difference ? ` at line ${r.difference.line}: expected \`${r.difference.expected}\`, got \`${r.difference.actual}\`` : '';
        return `${r.id}: ${how}${where}`;
      });
    assert.ok(target.ok >= REACHED, `${target.ok}/${target.of} (${Math.round(target.ratio * 100)}%), fewer than the ${REACHED} reached before:\n${misses.join('\n')}`);
  });
});

/**
 * Scores a labelled corpus under test/fixtures through mi-scan's SARIF output with scripts/holdout.mjs, the way
 * an outside evaluator would, and asserts precision and recall at both severity floors CI and editors use.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { repoRoot } from './repoRoot';

export function scoreCorpus(corpus: string, minSeverity: string, threshold: number): { status: number | null; precision: number; recall: number; output: string } {
  const run = spawnSync(
    process.execPath,
    [join(repoRoot, 'scripts/holdout.mjs'), '--corpus', corpus, '--threshold', String(threshold), '--min-severity', minSeverity],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const output = `${run.stdout}${run.stderr}`;
  const m = /precision ([\d.]+)%\s+recall ([\d.]+)%/.exec(output);
  assert.ok(m, `no score in the output:\n${output}`);
  return { status: run.status, precision: Number(m[1]) / 100, recall: Number(m[2]) / 100, output };
}

/** One test per severity floor: precision and recall at least `threshold`, and the scorer agrees (exit 0). */
export function itScoresAtLeast(corpus: string, threshold: number): void {
  for (const level of ['warning', 'info']) {
    it(`precision and recall are at least ${threshold} at --min-severity ${level}`, () => {
      const { status, precision, recall, output } = scoreCorpus(corpus, level, threshold);
      assert.ok(precision >= threshold && recall >= threshold, output);
      assert.equal(status, 0, output);
    });
  }
}

/**
 * The second corpus (test/fixtures/holdout), written from the secret catalog without reading the detectors,
 * scored the way an outside evaluator scores SARIF: scripts/holdout.mjs runs the built CLI over it and
 * exits 1 when precision or recall is below 0.97. Both the default severity floor (warning, what CI sees)
 * and info are checked.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './repoRoot';

function score(minSeverity: string): { status: number | null; precision: number; recall: number; output: string } {
  const run = spawnSync(process.execPath, [join(repoRoot, 'scripts/holdout.mjs'), '--min-severity', minSeverity], { encoding: 'utf8', timeout: 120_000 });
  const output = `${run.stdout}${run.stderr}`;
  const m = /precision ([\d.]+)%\s+recall ([\d.]+)%/.exec(output);
  assert.ok(m, `no score in the output:\n${output}`);
  return { status: run.status, precision: Number(m[1]) / 100, recall: Number(m[2]) / 100, output };
}

describe('holdout corpus through the SARIF output', () => {
  for (const level of ['warning', 'info']) {
    it(`precision and recall are at least 0.97 at --min-severity ${level}`, () => {
      const { status, precision, recall, output } = score(level);
      assert.ok(precision >= 0.97 && recall >= 0.97, output);
      assert.equal(status, 0, output);
    });
  }
});

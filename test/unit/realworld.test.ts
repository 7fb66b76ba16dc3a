/**
 * The realworld corpus (test/fixtures/realworld): files that reproduce the structure of public Azure samples
 * as formatters lay them out (arguments and values on their own lines, keys named by their place in
 * configuration, encoded or split values, context in another statement), written from the secret catalog
 * without reading the detectors. scripts/holdout.mjs --corpus realworld runs the built CLI over it and
 * exits 1 when precision or recall is below the threshold. Both the default severity floor (warning, what CI
 * sees) and info are checked, at 0.98.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { itScoresAtLeast } from './corpusScore';
import { repoRoot } from './repoRoot';

const THRESHOLD = 0.98;
const corpus = join(repoRoot, 'test/fixtures/realworld');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('realworld corpus through the SARIF output', () => {
  it('is exactly what generate.mjs produces, so labels, sources and files cannot drift', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'mi-realworld-'));
    try {
      const result = spawnSync(process.execPath, [join(corpus, 'generate.mjs'), join(scratch, 'files')], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      const committed = walk(join(corpus, 'files')).map((f) => relative(join(corpus, 'files'), f)).sort();
      const generated = walk(join(scratch, 'files')).map((f) => relative(join(scratch, 'files'), f)).sort();
      assert.deepEqual(committed, generated);
      for (const file of committed) {
        assert.equal(readFileSync(join(corpus, 'files', file), 'utf8'), readFileSync(join(scratch, 'files', file), 'utf8'), file);
      }
      for (const file of ['labels.json', 'SOURCES.md']) {
        assert.equal(readFileSync(join(corpus, file), 'utf8'), readFileSync(join(scratch, file), 'utf8'), file);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  itScoresAtLeast('realworld', THRESHOLD);
});

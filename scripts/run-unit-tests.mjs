// Runs the unit tests (node:test) over the compiled tests in out/test/unit with coverage (c8, mapped back
// to the TypeScript sources). Prints the spec report, writes TAP to test-results/unit.tap for the
// summary in scripts/test-all.mjs, and the coverage summary to coverage/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

mkdirSync('test-results', { recursive: true });
const args = [
  'node_modules/c8/bin/c8.js',
  '--reporter=text-summary', '--reporter=lcov', '--reporter=json-summary',
  '--exclude=test/**', '--exclude=out/test/**', '--exclude=src/extension/**',
  process.execPath, '--enable-source-maps', '--test',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', '--test-reporter-destination=test-results/unit.tap',
  ...(process.argv.slice(2).length ? process.argv.slice(2) : testFiles('out/test/unit')),
];
function testFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => join(dir, f));
}

const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);

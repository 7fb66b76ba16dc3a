// `npm test`: every check and every test layer, in the order a failure is cheapest to find:
//   typecheck → lint → build → unit tests (with coverage) → package the .vsix →
//   end-to-end tests in code-server (the workbench tests and the in-host suite).
// Ends with one line "N passed, N failed" summed over all test layers, and exits non-zero if any
// check or test failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const npmCli = process.env.npm_execpath;
const results = [];
let failedChecks = 0;

function step(name, command, args, options = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  const ok = result.status === 0;
  console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!ok) failedChecks++;
  return ok;
}

function npmRun(script) {
  return npmCli ? [process.execPath, [npmCli, 'run', '--silent', script]] : ['npm', ['run', '--silent', script]];
}

function tapCounts(file) {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const count = (key) => Number((text.match(new RegExp(`^# ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') + count('todo') };
}

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

step('typecheck', ...npmRun('typecheck'));
step('lint', ...npmRun('lint'));
const built = step('build', ...npmRun('build')) && step('compile tests', ...npmRun('compile-tests'));

if (built) {
  step('unit tests', process.execPath, ['scripts/run-unit-tests.mjs']);
  results.push(['unit', tapCounts('test-results/unit.tap')]);

  // The e2e tools (Node 24 + code-server) are installed as a step of their own, so a broken install is
  // reported once, with its own output and time, instead of as every end-to-end suite failing.
  const toolsReady = step('end-to-end tools (Node 24 + code-server)', 'bash', ['scripts/e2e/install-code-server.sh'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (step('package .vsix', process.execPath, ['scripts/package.mjs']) && toolsReady) {
    const e2eDir = 'out/test/e2e';
    const files = readdirSync(e2eDir).filter((f) => f.endsWith('.e2e.test.js')).map((f) => join(e2eDir, f));
    step('end-to-end tests (code-server + Chromium)', process.execPath, [
      '--enable-source-maps', '--test', '--test-concurrency=1',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', '--test-reporter-destination=test-results/e2e.tap',
      ...files,
    ]);
    results.push(['e2e', tapCounts('test-results/e2e.tap')]);
  }
}

let passed = 0;
let failed = failedChecks;
console.log('\n=== summary');
for (const [layer, counts] of results) {
  if (!counts) {
    console.log(`${layer}: no results (the runner crashed)`);
    failed++;
    continue;
  }
  console.log(`${layer}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
  passed += counts.passed;
  failed += counts.failed;
}
if (failedChecks) console.log(`${failedChecks} check(s) failed (see "FAILED" above)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

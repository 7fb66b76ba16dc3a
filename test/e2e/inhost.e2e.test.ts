import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../unit/repoRoot';
import { extensionVsix, openWorkbench, packageVsix, resultsDir, startCodeServer } from './harness/codeServer';

interface InHostResults {
  done?: boolean;
  passed: number;
  failed: number;
  pending: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs: number; error?: string }[];
  report?: { activationMs?: number };
}

/**
 * Runs the in-host mocha suite (out/test/inhost, the files `vscode-test` runs on a desktop) inside
 * code-server's extension host through test/inhost-runner, and reports each in-host test here.
 */
describe('in-host suite inside code-server', { timeout: 300_000 }, () => {
  it('runs every in-host test in the extension host', async (t) => {
    const scratch = mkdtempSync(join(tmpdir(), 'mi-inhost-'));
    const runnerVsix = packageVsix(join(repoRoot, 'test/inhost-runner'), join(scratch, 'inhost-runner.vsix'));
    const files = readdirSync(join(repoRoot, 'out/test/inhost'))
      .filter((f) => f.endsWith('.test.js'))
      .map((f) => join(repoRoot, 'out/test/inhost', f));
    assert.ok(files.length > 0, 'compiled in-host tests exist (npm run compile-tests)');
    const resultsPath = join(scratch, 'results.json');
    const configPath = join(scratch, 'config.json');
    writeFileSync(configPath, JSON.stringify({ mochaPath: require.resolve('mocha', { paths: [repoRoot] }), files, resultsPath, timeoutMs: 30_000 }));

    const server = await startCodeServer({
      vsix: [extensionVsix(), runnerVsix],
      env: { MI_INHOST_CONFIG: configPath },
      workspaceTemplate: join(repoRoot, 'test/inhost/workspace'),
    });
    const workbench = await openWorkbench(server);
    let results: InHostResults | undefined;
    try {
      const deadline = Date.now() + 180_000;
      while (Date.now() < deadline) {
        if (existsSync(resultsPath)) {
          results = JSON.parse(readFileSync(resultsPath, 'utf8')) as InHostResults;
          if (results.done) break;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await workbench.close();
      await server.stop();
      rmSync(scratch, { recursive: true, force: true });
    }
    assert.ok(results?.done, 'the in-host runner finished and wrote its results');
    writeFileSync(join(resultsDir, 'inhost-results.json'), JSON.stringify(results, null, 2));
    if (results.report?.activationMs !== undefined) {
      t.diagnostic(`activation (require + activate, cold, in code-server's extension host): ${results.report.activationMs.toFixed(1)} ms`);
    }
    assert.ok(results.tests.length > 0, 'the in-host suite ran tests');
    for (const test of results.tests) {
      await t.test(`[in-host] ${test.title}`, () => {
        if (test.state === 'failed') assert.fail(test.error ?? 'failed');
        assert.equal(test.state, 'passed', `${test.title} did not run (${test.state})`);
      });
    }
  });
});

// `npm run bench:activation`: how much our extension adds to VS Code's work when it activates.
// Each round starts a fresh code-server with our .vsix and a peer extension whose activate() is empty,
// then, inside the extension host, activates both (in alternating order) and times
// `extension.activate()` (module load + activate). Prints the medians and the difference.
// Usage: node scripts/bench/activation.mjs [--rounds N]
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '../..');
const harness = require(join(root, 'out/test/e2e/harness/codeServer.js'));
const roundsIndex = process.argv.indexOf('--rounds');
const rounds = roundsIndex > 0 ? Number(process.argv[roundsIndex + 1]) : 7;

const scratch = mkdtempSync(join(tmpdir(), 'mi-bench-activation-'));
const peerDir = join(scratch, 'peer');
mkdirSync(peerDir);
writeFileSync(join(peerDir, 'package.json'), JSON.stringify({
  name: 'empty-peer', publisher: 'bench', version: '0.0.1', engines: { vscode: '^1.105.0' },
  main: './extension.js', activationEvents: [], license: 'MIT', description: 'An extension whose activate() does nothing.',
}));
writeFileSync(join(peerDir, 'extension.js'), 'exports.activate = () => {};\n');
writeFileSync(join(peerDir, 'README.md'), '# empty peer\n');
const peerVsix = harness.packageVsix(peerDir, join(scratch, 'peer.vsix'));
const runnerVsix = harness.packageVsix(join(root, 'test/inhost-runner'), join(scratch, 'runner.vsix'));
const ourVsix = harness.extensionVsix();

const ours = harness.extensionId;
const peer = 'bench.empty-peer';
const samples = { [ours]: [], [peer]: [] };

for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? [ours, peer] : [peer, ours];
  const suite = join(scratch, `round${round}.test.js`);
  writeFileSync(suite, `
const vscode = require('vscode');
describe('activation', () => {
  it('times extension.activate()', async () => {
    const report = {};
    for (const id of ${JSON.stringify(order)}) {
      const extension = vscode.extensions.getExtension(id);
      if (!extension) throw new Error(id + ' is not installed');
      if (extension.isActive) throw new Error(id + ' was already active');
      const started = performance.now();
      await extension.activate();
      report[id] = performance.now() - started;
    }
    globalThis.__miActivationReport = report;
  });
});
`);
  const resultsPath = join(scratch, `round${round}.json`);
  const configPath = join(scratch, `round${round}.config.json`);
  writeFileSync(configPath, JSON.stringify({ mochaPath: require.resolve('mocha', { paths: [root] }), files: [suite], resultsPath }));
  const server = await harness.startCodeServer({
    vsix: [ourVsix, peerVsix, runnerVsix],
    env: { MI_INHOST_CONFIG: configPath },
    // A workspace with nothing that activates either extension, so both start inactive.
    workspaceTemplate: join(root, 'test/inhost/workspace'),
  });
  const workbench = await harness.openWorkbench(server);
  const deadline = Date.now() + 120_000;
  let results;
  while (Date.now() < deadline) {
    if (existsSync(resultsPath)) {
      results = JSON.parse(readFileSync(resultsPath, 'utf8'));
      if (results.done) break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await workbench.close();
  await server.stop();
  if (!results?.done || results.failed) {
    console.error(`round ${round + 1}: the measurement failed`, JSON.stringify(results?.tests ?? results));
    process.exit(1);
  }
  for (const id of order) samples[id].push(results.report[id]);
  console.log(`round ${round + 1}/${rounds}: ours ${results.report[ours].toFixed(1)} ms, empty peer ${results.report[peer].toFixed(1)} ms`);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
rmSync(scratch, { recursive: true, force: true });
const oursMedian = median(samples[ours]);
const peerMedian = median(samples[peer]);
const added = oursMedian - peerMedian;
console.log(`\nextension.activate() in code-server's extension host, median of ${rounds} cold starts:`);
console.log(`  managed-identity-tools  ${oursMedian.toFixed(1)} ms`);
console.log(`  empty peer extension    ${peerMedian.toFixed(1)} ms`);
console.log(`  added by our extension  ${added.toFixed(1)} ms (target < 50 ms: ${added < 50 ? 'met' : 'NOT met'})`);
console.log(`  ratio ours / peer       ${(oursMedian / peerMedian).toFixed(2)}x`);

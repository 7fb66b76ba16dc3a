// @ts-check
// Runs the in-host suite (the same mocha files that `vscode-test` runs on a desktop VS Code) inside the
// extension host of a code-server, where no desktop VS Code can be downloaded. It does nothing unless
// MI_INHOST_CONFIG names a JSON file: { mochaPath, files, resultsPath, timeoutMs }.
// Results are written atomically to resultsPath as { passed, failed, pending, tests: [...] }.
'use strict';
const fs = require('node:fs');

/** @param {import('vscode').ExtensionContext} _context */
function activate(_context) {
  const configPath = process.env.MI_INHOST_CONFIG;
  if (!configPath) return;
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
  // Give the workbench a moment to settle so the suite sees a steady editor, then run.
  setTimeout(() => run(config), 500);
}

function run(config) {
  /** @type {{ title: string; state: string; durationMs: number; error?: string }[]} */
  const tests = [];
  const write = (extra) => {
    const summary = {
      passed: tests.filter((t) => t.state === 'passed').length,
      failed: tests.filter((t) => t.state === 'failed').length,
      pending: tests.filter((t) => t.state === 'pending').length,
      tests,
      ...extra,
    };
    const temp = `${config.resultsPath}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(summary, null, 2));
    fs.renameSync(temp, config.resultsPath);
  };
  try {
    const Mocha = require(config.mochaPath);
    const mocha = new Mocha({ ui: 'bdd', timeout: config.timeoutMs ?? 30000, color: false, reporter: 'dot' });
    for (const file of config.files) mocha.addFile(file);
    // The suite leaves measurements (e.g. activation time) on globalThis.__miActivationReport.
    const runner = mocha.run(() => write({ done: true, report: globalThis.__miActivationReport }));
    runner.on('pass', (test) => tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
    runner.on('fail', (test, err) =>
      tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: String(err && err.stack ? err.stack : err) }),
    );
    runner.on('pending', (test) => tests.push({ title: test.fullTitle(), state: 'pending', durationMs: 0 }));
  } catch (error) {
    tests.push({ title: 'in-host runner', state: 'failed', durationMs: 0, error: String(error && error.stack ? error.stack : error) });
    write({ done: true });
  }
}

module.exports = { activate, deactivate() {} };

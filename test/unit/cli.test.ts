import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExitCode, runCli } from '../../src/cli/runCli';

function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

describe('mi-scan arguments', () => {
  it('--help prints usage and exits 0', () => {
    const r = run(['--help']);
    assert.equal(r.code, ExitCode.clean);
    assert.match(r.stdout, /^Usage: mi-scan/);
  });

  it('an unknown option is a usage error (exit 2) with the usage text on stderr', () => {
    const r = run(['--bogus']);
    assert.equal(r.code, ExitCode.error);
    assert.match(r.stderr, /Unknown option '--bogus'/);
    assert.match(r.stderr, /Usage: mi-scan/);
    assert.equal(r.stdout, '');
  });
});

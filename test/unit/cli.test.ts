import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCliArgs, parseSize } from '../../src/cli/parseCliArgs';
import { ProgressLine } from '../../src/cli/ProgressLine';
import { ExitCode } from '../../src/cli/runCli';
import { runCaptured, storageConnectionString, syntheticAccountKey, tempDir } from './cliHelpers';

describe('mi-scan arguments', () => {
  it('--help prints usage and exits 0', async () => {
    const r = await runCaptured(['--help']);
    assert.equal(r.code, ExitCode.clean);
    assert.match(r.stdout, /^Usage: mi-scan/);
    assert.match(r.stdout, /Exit codes/);
  });

  it('--version prints a version and exits 0', async () => {
    const r = await runCaptured(['--version']);
    assert.equal(r.code, ExitCode.clean);
    assert.match(r.stdout, /^\d+\.\d+\.\d+/);
  });

  const usageErrors: [string[], RegExp][] = [
    [['--bogus'], /^mi-scan: Unknown option '--bogus'\n/],
    [['--format', 'xml'], /--format must be one of text, json, sarif, not 'xml'/],
    [['--min-severity', 'loud'], /--min-severity must be one of error, warning, info, not 'loud'/],
    [['--max-file-size', 'huge'], /--max-file-size must be a size/],
    [['--jobs', '0'], /--jobs must be a whole number/],
    [['--output', ''], /--output needs a file name/],
    [['--quiet', '--verbose'], /cannot be used together/],
    [['--disable-rule', 'NOPE999'], /--disable-rule: unknown rule 'NOPE999'/],
  ];
  for (const [argv, message] of usageErrors) {
    it(`${argv.join(' ')} is a usage error: exit 2, one clear line on stderr, nothing on stdout`, async () => {
      const r = await runCaptured(argv);
      assert.equal(r.code, ExitCode.error);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.split('\n')[0].length < 200);
    });
  }

  it('a missing path is exit 2 with the path named', async () => {
    const r = await runCaptured([join(tempDir(), 'does-not-exist')]);
    assert.equal(r.code, ExitCode.error);
    assert.match(r.stderr, /^mi-scan: no such file or directory: .*does-not-exist\n$/);
  });

  it('an unreadable or malformed baseline is exit 2 before scanning', async () => {
    const dir = tempDir();
    const missing = await runCaptured(['--baseline', join(dir, 'nope.json'), dir]);
    assert.equal(missing.code, ExitCode.error);
    assert.match(missing.stderr, /^mi-scan: cannot read baseline .*nope\.json: ENOENT/);
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    const bad = await runCaptured(['--baseline', join(dir, 'bad.json'), dir]);
    assert.equal(bad.code, ExitCode.error);
    assert.match(bad.stderr, /^mi-scan: baseline .*bad\.json is not a valid baseline/);
  });

  it('parses sizes with binary suffixes', () => {
    assert.equal(parseSize('10M'), 10 * 1024 * 1024);
    assert.equal(parseSize('512k'), 512 * 1024);
    assert.equal(parseSize('1GB'), 1024 ** 3);
    assert.equal(parseSize('2048'), 2048);
    assert.equal(parseSize('ten'), undefined);
  });

  it('defaults: current folder, text, warning, 10 MB, repeatable and comma-separated --disable-rule', () => {
    const o = parseCliArgs(['--disable-rule', 'A,B', '--disable-rule', 'C']);
    assert.deepEqual(o.paths, ['.']);
    assert.equal(o.format, 'text');
    assert.equal(o.minSeverity, 'warning');
    assert.equal(o.maxFileSize, 10 * 1024 * 1024);
    assert.deepEqual(o.disabledRules, ['A', 'B', 'C']);
    assert.ok(o.jobs >= 1);
  });
});

describe('mi-scan exit codes and text output', () => {
  it('exit 0 and a summary line on a clean folder', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.js'), 'const x = 1;\n');
    const r = await runCaptured(['-j', '1', dir]);
    assert.equal(r.code, ExitCode.clean, r.stderr);
    assert.match(r.stdout, /^mi-scan: 1 file scanned \(0\.0 MB\) in \d+\.\d\d s; 0 findings\n$/);
  });

  it('exit 1 with path:line:col  severity  ruleId  message  preview, and the secret is never printed', async () => {
    const dir = tempDir();
    const key = syntheticAccountKey();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.js'), `// config\nconst conn = "${storageConnectionString(key)}";\n`);
    const r = await runCaptured(['-j', '1', dir]);
    assert.equal(r.code, ExitCode.findings, r.stderr);
    const line = r.stdout.split('\n')[0];
    const column = `const conn = "${storageConnectionString(key)}`.indexOf(key) + 1;
    assert.match(line, new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/src/app\\.js:2:${column}  error    \\S+  .+  \\S+`));
    assert.ok(!r.stdout.includes(key) && !r.stderr.includes(key), 'the full secret was printed');
    assert.ok(!r.stdout.includes(key.slice(10, 40)), 'a long slice of the secret was printed');
    assert.match(r.stdout, /1 finding \(1 error\)/);
  });

  it('--min-severity: the public Azurite key is info, hidden and not failing by default, reported with --min-severity info', async () => {
    const dir = tempDir();
    // The Azurite emulator's well-known account key, published in its documentation; not a secret.
    const azurite = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
    writeFileSync(join(dir, 'local.settings.json'), `{ "Values": { "AzureWebJobsStorage": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azurite};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;" } }\n`);
    const byDefault = await runCaptured(['-j', '1', dir]);
    assert.equal(byDefault.code, ExitCode.clean, byDefault.stdout);
    assert.match(byDefault.stdout, /0 findings; 1 below --min-severity warning/);
    const info = await runCaptured(['-j', '1', '--min-severity', 'info', dir]);
    assert.equal(info.code, ExitCode.findings);
    assert.match(info.stdout, /local\.settings\.json:1:\d+  info /);
    const errorsOnly = await runCaptured(['-j', '1', '--min-severity', 'error', dir]);
    assert.equal(errorsOnly.code, ExitCode.clean);
  });

  it('sorts findings by path then position, with a blank line between files', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'b.env'), `A=${storageConnectionString(syntheticAccountKey())}\nB=${storageConnectionString(syntheticAccountKey())}\n`);
    writeFileSync(join(dir, 'a.env'), `A=${storageConnectionString(syntheticAccountKey())}\n`);
    const r = await runCaptured(['-j', '1', '--quiet', dir]);
    const lines = r.stdout.split('\n').map((l) => l.replace(dir, ''));
    assert.match(lines[0], /^\/a\.env:1:/);
    assert.equal(lines[1], '');
    assert.match(lines[2], /^\/b\.env:1:/);
    assert.match(lines[3], /^\/b\.env:2:/);
  });

  it('--quiet prints findings only', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.env'), `STORAGE=${storageConnectionString(syntheticAccountKey())}\n`);
    const r = await runCaptured(['-j', '1', '--quiet', dir]);
    assert.equal(r.code, ExitCode.findings);
    assert.equal(r.stdout.trim().split('\n').length, 1);
    assert.equal(r.stderr, '');
  });

  it('the progress line is drawn and erased when forced on, and absent by default when stderr is not a TTY', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'hello\n');
    const off = await runCaptured(['-j', '1', dir]);
    assert.ok(!off.stderr.includes('\r'));
    const on = await runCaptured(['-j', '1', '--progress', dir]);
    assert.match(on.stderr, /\r\u001b\[Kmi-scan: \d+ files/);
    assert.ok(on.stderr.endsWith('\r\u001b[K'));
  });

  it('ProgressLine throttles redraws and clears only what it drew', () => {
    let out = '';
    let now = 1000;
    const line = new ProgressLine({ write: (t: string) => (out += t) }, true, 100, () => now);
    line.update(1, 10, 0);
    now += 10;
    line.update(2, 20, 0);
    assert.equal(out.split('\r').length - 1, 1);
    now += 200;
    line.update(3, 30, 0);
    line.clear();
    assert.equal(out.split('\r').length - 1, 3);
    const silent = new ProgressLine({ write: () => assert.fail('wrote while disabled') }, false);
    silent.update(1, 1, 1);
    silent.clear();
  });
});

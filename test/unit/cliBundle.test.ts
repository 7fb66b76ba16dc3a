import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { repoRoot } from './repoRoot';
import { storageConnectionString, syntheticAccountKey, tempDir } from './cliHelpers';

const cli = join(repoRoot, 'dist', 'cli.js');

function run(args: string[], cwd = repoRoot) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the bundled mi-scan (dist/cli.js)', () => {
  before(() => {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });

  it('is one file that starts with a node shebang', () => {
    assert.match(readFileSync(cli, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  it('scans on worker threads started from its own file: exit 1, valid JSON, no progress when not a TTY, no secret', () => {
    const root = tempDir();
    const keys: string[] = [];
    for (let i = 0; i < 40; i++) {
      mkdirSync(join(root, `pkg${i % 4}`), { recursive: true });
      const key = syntheticAccountKey();
      if (i % 10 === 0) keys.push(key);
      writeFileSync(join(root, `pkg${i % 4}`, `file${i}.js`), i % 10 === 0 ? `const c = "${storageConnectionString(key)}";\n` : `export const v = ${i};\n`);
    }
    const r = run(['--jobs', '2', '--format', 'json', '.'], root);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: { path: string }[]; summary: { filesScanned: number } };
    assert.equal(report.summary.filesScanned, 40);
    assert.equal(report.findings.length, 4);
    assert.ok(report.findings.every((f) => /^pkg\d\/file\d+\.js$/.test(f.path)));
    assert.ok(!r.stderr.includes('\r'));
    for (const key of keys) assert.ok(!r.stdout.includes(key) && !r.stderr.includes(key));
  });

  it('exit 0 on a clean folder, 2 on a usage error', () => {
    const root = tempDir();
    writeFileSync(join(root, 'a.md'), '# nothing\n');
    assert.equal(run(['.'], root).code, 0);
    const bad = run(['--format', 'xml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^mi-scan: --format must be one of/);
  });

  it('--output /dev/null writes in place and leaves the device alone', () => {
    const root = tempDir();
    writeFileSync(join(root, 'a.md'), '# nothing\n');
    const r = run(['--format', 'sarif', '--output', '/dev/null', '.'], root);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(statSync('/dev/null').isCharacterDevice());
  });
});

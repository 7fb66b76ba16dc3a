import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ExitCode } from '../../src/cli/runCli';
import { walkFiles, type WalkItem } from '../../src/cli/walkFiles';
import { runCaptured, storageConnectionString, syntheticAccountKey, tempDir } from './cliHelpers';

function write(root: string, relative: string, text: string | Buffer): void {
  const file = join(root, relative);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

function walk(roots: string[], options = { follow: false, noIgnore: false }): WalkItem[] {
  return [...walkFiles(roots, options)];
}

function files(items: WalkItem[], root: string): string[] {
  return items.filter((i) => i.type === 'file').map((i) => (i as { path: string }).path.slice(root.length + 1)).sort();
}

describe('mi-scan walking: ignore files', () => {
  const root = tempDir();
  write(root, '.git/HEAD', 'ref: refs/heads/main\n');
  write(root, '.git/config', 'AccountKey=in-git-folder\n');
  write(root, '.git/info/exclude', 'excluded.txt\n');
  write(root, '.gitignore', 'node_modules/\n*.log\n!keep.log\n/rootonly.txt\n');
  write(root, '.miscanignore', 'fixtures/\n');
  write(root, 'app.js', 'x');
  write(root, 'debug.log', 'x');
  write(root, 'keep.log', 'x');
  write(root, 'excluded.txt', 'x');
  write(root, 'rootonly.txt', 'x');
  write(root, 'node_modules/lib/index.js', 'x');
  write(root, 'fixtures/secret.js', 'x');
  write(root, 'pkg/rootonly.txt', 'x');
  write(root, 'pkg/.gitignore', 'generated/\n!important.log\n');
  write(root, 'pkg/generated/model.cs', 'x');
  write(root, 'pkg/important.log', 'x');
  write(root, 'pkg/other.log', 'x');
  write(root, 'pkg/src/.miscanignore', '*.snap\n');
  write(root, 'pkg/src/a.snap', 'x');
  write(root, 'pkg/src/a.ts', 'x');

  it('honours root and nested .gitignore, negations, .git/info/exclude, .miscanignore, and never enters .git', () => {
    assert.deepEqual(files(walk([root]), root), [
      '.gitignore', '.miscanignore', 'app.js', 'keep.log', 'pkg/.gitignore', 'pkg/important.log', 'pkg/rootonly.txt', 'pkg/src/.miscanignore', 'pkg/src/a.ts',
    ]);
  });

  it('--no-ignore walks everything except .git', () => {
    const all = files(walk([root], { follow: false, noIgnore: true }), root);
    assert.ok(all.includes('node_modules/lib/index.js') && all.includes('fixtures/secret.js') && all.includes('pkg/src/a.snap'));
    assert.ok(!all.some((f) => f.startsWith('.git/')));
  });

  it('a path named explicitly is scanned even if ignored; a named folder below the repository root uses the rules above it', () => {
    assert.deepEqual(files(walk([join(root, 'debug.log'), join(root, 'fixtures/secret.js')]), root), ['debug.log', 'fixtures/secret.js']);
    assert.deepEqual(files(walk([join(root, 'pkg')]), root), ['pkg/.gitignore', 'pkg/important.log', 'pkg/rootonly.txt', 'pkg/src/.miscanignore', 'pkg/src/a.ts']);
    assert.deepEqual(files(walk([join(root, 'node_modules')]), root), ['node_modules/lib/index.js']);
  });

  it('the CLI finds a secret in an explicitly named ignored file but not when walking', async () => {
    const dir = tempDir();
    write(dir, '.gitignore', 'secrets.env\n');
    write(dir, 'secrets.env', `S=${storageConnectionString(syntheticAccountKey())}\n`);
    assert.equal((await runCaptured(['-j', '1', dir])).code, ExitCode.clean);
    assert.equal((await runCaptured(['-j', '1', join(dir, 'secrets.env')])).code, ExitCode.findings);
  });
});

describe('mi-scan walking: links, special files, deep trees', () => {
  it('does not follow symlinks by default (says so with --verbose); with --follow detects loops and scans once', async () => {
    const root = tempDir();
    write(root, 'real/app.js', `const c = "${storageConnectionString(syntheticAccountKey())}";\n`);
    symlinkSync(join(root, 'real'), join(root, 'real', 'loop'));
    symlinkSync('..', join(root, 'real', 'up'));
    symlinkSync(join(root, 'real', 'app.js'), join(root, 'alias.js'));

    const plain = walk([root]);
    assert.deepEqual(files(plain, root), ['real/app.js']);
    assert.equal(plain.filter((i) => i.type === 'skip' && i.skipped.reason === 'symlink').length, 3);

    const followed = walk([root], { follow: true, noIgnore: false });
    assert.deepEqual(files(followed, root), ['alias.js', 'real/app.js']);
    assert.ok(followed.some((i) => i.type === 'skip' && i.skipped.reason === 'symlinkLoop'));

    const verbose = await runCaptured(['-j', '1', '--verbose', root]);
    assert.match(verbose.stderr, /skipped .*alias\.js: symlink not followed/);
    const r = await runCaptured(['-j', '1', '--follow', '--format', 'json', root]);
    assert.equal(r.code, ExitCode.findings);
    const report = JSON.parse(r.stdout) as { findings: unknown[]; summary: { skippedByReason: { symlinkLoop: number } } };
    assert.equal(report.findings.length, 2, 'app.js through its real path and through alias.js');
    assert.ok(report.summary.skippedByReason.symlinkLoop >= 1);
  });

  it('reports a dangling or self-referencing link as unreadable: a warning, or exit 2 with --strict', async () => {
    // Runs as root in CI, where chmod 000 does not stop reads; a dangling link fails for every user.
    const root = tempDir();
    write(root, 'ok.txt', 'fine\n');
    symlinkSync(join(root, 'missing-target'), join(root, 'dangling.txt'));
    symlinkSync(join(root, 'self'), join(root, 'self'));
    const r = await runCaptured(['-j', '1', '--follow', root]);
    assert.equal(r.code, ExitCode.clean);
    assert.match(r.stderr, /warning: cannot read .*dangling\.txt: ENOENT/);
    assert.match(r.stderr, /warning: cannot read .*self: ELOOP/);
    assert.match(r.stdout, /2 unreadable/);
    const strict = await runCaptured(['-j', '1', '--follow', '--strict', root]);
    assert.equal(strict.code, ExitCode.error);
    const named = await runCaptured(['-j', '1', join(root, 'dangling.txt')]);
    assert.equal(named.code, ExitCode.error);
    assert.match(named.stderr, /no such file or directory/);
  });

  it('skips FIFOs without blocking', async (t) => {
    const root = tempDir();
    write(root, 'a.txt', 'x\n');
    try {
      execFileSync('mkfifo', [join(root, 'pipe')]);
    } catch {
      t.skip('mkfifo is not available here');
      return;
    }
    const r = await runCaptured(['-j', '1', '--verbose', root]);
    assert.equal(r.code, ExitCode.clean);
    assert.match(r.stderr, /skipped .*pipe: FIFO\/socket\/device/);
    const named = await runCaptured(['-j', '1', join(root, 'pipe')]);
    assert.equal(named.code, ExitCode.clean);
    assert.match(named.stdout, /1 skipped \(1 FIFO\/socket\/device\)/);
  });

  it('walks a 400-level deep tree without recursion', async () => {
    const root = tempDir();
    const deep = join(root, ...Array.from({ length: 400 }, () => 'd'));
    write(deep, 'app.js', `const c = "${storageConnectionString(syntheticAccountKey())}";\n`);
    const r = await runCaptured(['-j', '1', '--quiet', root]);
    assert.equal(r.code, ExitCode.findings);
  });
});

describe('mi-scan file handling', () => {
  it('skips binary files (NUL in the first 8 KiB), counts them, lists them with --verbose', async () => {
    const root = tempDir();
    const key = syntheticAccountKey();
    write(root, 'image.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(storageConnectionString(key))]));
    write(root, 'app.js', 'const a = 1;\n');
    const r = await runCaptured(['-j', '1', root]);
    assert.equal(r.code, ExitCode.clean);
    assert.match(r.stdout, /1 file scanned .*; 1 skipped \(1 binary\)/);
    const verbose = await runCaptured(['-j', '1', '--verbose', root]);
    assert.match(verbose.stderr, /skipped .*image\.png: binary/);
  });

  it('decodes invalid UTF-8 with replacement characters and still finds and locates the secret', async () => {
    const root = tempDir();
    const key = syntheticAccountKey();
    const prefix = Buffer.from([0x63, 0x3d, 0xff, 0xfe, 0xc3, 0x28, 0x20]); // "c=" + invalid bytes + " "
    write(root, 'bad.txt', Buffer.concat([Buffer.from('line one \xe9\n', 'latin1'), prefix, Buffer.from(`"${storageConnectionString(key)}"\n`)]));
    const r = await runCaptured(['-j', '1', '--format', 'json', root]);
    assert.equal(r.code, ExitCode.findings, r.stderr);
    const finding = (JSON.parse(r.stdout) as { findings: { secret: { startLine: number; startColumn: number } }[] }).findings[0];
    const decodedLine = Buffer.concat([prefix, Buffer.from(`"${storageConnectionString(key)}"`)]).toString('utf8');
    assert.equal(finding.secret.startLine, 2);
    assert.equal(finding.secret.startColumn, decodedLine.indexOf(key) + 1);
  });

  it('finds and locates a secret after a UTF-8 byte-order mark, in UTF-16 files, and in non-ASCII UTF-8', async () => {
    const root = tempDir();
    const key = syntheticAccountKey();
    const line = `const conn = "${storageConnectionString(key)}";`;
    const utf16be = Buffer.from(`\ufeff// x\n${line}\n`, 'utf16le').swap16();
    write(root, 'bom8.js', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`// x\n${line}\n`)]));
    write(root, 'bom16le.js', Buffer.from(`\ufeff// x\n${line}\n`, 'utf16le'));
    write(root, 'bom16be.js', utf16be);
    write(root, 'accents.js', `// café — naïve\n${line}\n`);
    const r = await runCaptured(['-j', '1', '--format', 'json', root]);
    assert.equal(r.code, ExitCode.findings, r.stderr);
    const findings = (JSON.parse(r.stdout) as { findings: { path: string; secret: { startLine: number; startColumn: number } }[] }).findings;
    assert.deepEqual(findings.map((f) => f.path.split('/').pop()).sort(), ['accents.js', 'bom16be.js', 'bom16le.js', 'bom8.js']);
    for (const f of findings) assert.deepEqual([f.secret.startLine, f.secret.startColumn], [2, line.indexOf(key) + 1], f.path);
  });

  it('skips a 50 MB minified single line by default and says so; scans it with a larger --max-file-size', async () => {
    const root = tempDir();
    const key = syntheticAccountKey();
    const chunk = 'function a(b){return b.map(function(c){return c*2+"x"})};var d=[1,2,3];';
    const body = Buffer.alloc(50 * 1024 * 1024, chunk);
    const tail = Buffer.from(`;var conn="${storageConnectionString(key)}";`);
    write(root, 'bundle.min.js', Buffer.concat([body, tail]));
    const skipped = await runCaptured(['-j', '1', root]);
    assert.equal(skipped.code, ExitCode.clean);
    assert.match(skipped.stderr, /skipped .*bundle\.min\.js: too large \(50\.0 MB > --max-file-size 10\.0 MB\)/);
    assert.match(skipped.stdout, /1 skipped \(1 too large\)/);
    const scanned = await runCaptured(['-j', '1', '--max-file-size', '64M', '--format', 'json', root]);
    assert.equal(scanned.code, ExitCode.findings, scanned.stderr);
    const report = JSON.parse(scanned.stdout) as { findings: { secret: { startLine: number; startColumn: number } }[] };
    assert.equal(report.findings.length, 1);
    assert.equal(report.findings[0].secret.startLine, 1);
    assert.equal(report.findings[0].secret.startColumn, body.length + tail.indexOf(key) + 1);
  });
});

// Packages the extension as a .vsix with @vscode/vsce.
// Usage: node scripts/package.mjs [--out FILE]
// Fails if the .vsix is 2 MB or larger, and prints its size and contents.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1] : `${manifest.name}-${manifest.version}.vsix`);
const limitBytes = 2 * 1024 * 1024;

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
    process.exit(1);
  }
}

mkdirSync(dirname(out), { recursive: true });
// vsce runs the `vscode:prepublish` script (the production build) before packaging.
// --no-dependencies: esbuild already bundled every runtime dependency into dist/extension.js.
run(process.execPath, [
  'node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--readme-path', 'docs/marketplace.md', '--out', out,
]);
const size = statSync(out).size;
console.log(`${out}: ${(size / 1024).toFixed(1)} KiB (limit ${limitBytes / 1024 / 1024} MB)`);
if (size >= limitBytes) {
  console.error('The .vsix is too large: check .vscodeignore and what the bundle pulls in.');
  process.exit(1);
}

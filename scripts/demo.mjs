// `npm run demo`: builds mi-scan and scans the bundled example projects in examples/.
// Findings are the point of the demo, so exit code 1 (findings) counts as success here;
// a usage or I/O error (exit code 2) still fails.
import { spawnSync } from 'node:child_process';

const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);
console.log('$ mi-scan examples\n');
const scan = spawnSync(process.execPath, ['dist/cli.js', 'examples'], { stdio: 'inherit' });
if (scan.status === 1) {
  console.log('\nEach finding names its managed-identity replacement. Open a file in VS Code with the extension');
  console.log('(npm run package, then install the .vsix) and click "Use managed identity" above the secret.');
  process.exit(0);
}
process.exit(scan.status ?? 1);

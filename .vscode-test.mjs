// In-host suite on a desktop VS Code: `npm run test:inhost` (downloads VS Code through @vscode/test-electron).
// The same files run inside code-server in CI through test/inhost-runner (see scripts/e2e/README.md).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig([
  {
    label: 'inhost',
    files: 'out/test/inhost/**/*.test.js',
    workspaceFolder: 'test/inhost/workspace',
    mocha: { ui: 'bdd', timeout: 30000 },
    launchArgs: ['--disable-extensions'],
  },
]);

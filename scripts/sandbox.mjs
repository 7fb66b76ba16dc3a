// `npm run sandbox`: the extension in a real VS Code (code-server) against the local ARM emulator seeded
// with a demo tenant, so the Managed Identities explorer, its commands and the secret code lenses can be
// tried without an Azure account. Prints the URL to open; Ctrl+C stops everything.
//
//   npm run sandbox [-- --port-file FILE] [-- --workspace DIR]
//
// `npm run sandbox` compiles the sources and tests and packages the .vsix first; the first run also
// installs code-server and Node 24 into ~/.cache/managed-identity-tools/e2e-tools (from the npm registry).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const { startSandbox } = require(join(root, 'out/test/e2e/harness/sandbox.js'));
const workspace = option('--workspace') ?? join(root, 'examples');
console.log('Starting the ARM emulator (demo tenant) and code-server…');
const sandbox = await startSandbox({ workspaceTemplate: resolve(workspace) });
const { emulator, server } = sandbox;
const subscriptions = emulator.state.subscriptions.map((s) => `${s.displayName} (${s.subscriptionId})`).join(', ');
console.log(`
Managed Identity Tools sandbox
  VS Code:      ${server.url}/?folder=${encodeURIComponent(server.workspace)}
  ARM emulator: ${emulator.endpoint}  (demo tenant: ${subscriptions})
  Workspace:    a copy of ${workspace}

Open the VS Code URL in a browser, then the Managed Identities view in the activity bar.
Press Ctrl+C to stop.`);
const portFile = option('--port-file');
if (portFile) writeFileSync(portFile, JSON.stringify({ url: server.url, workspace: server.workspace, emulator: emulator.endpoint, controlSecret: emulator.controlSecret }));

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await sandbox.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => emulator.resetLog(), 60_000).unref();

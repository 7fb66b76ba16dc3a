// Runs JavaScript of the form the quick fixes produce (`new BlobServiceClient(url, new DefaultAzureCredential())`)
// in a child process whose only configuration is an App Service-style managed identity endpoint
// (IDENTITY_ENDPOINT / IDENTITY_HEADER) served by the ARM emulator, against Azurite with OAuth over HTTPS.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../unit/repoRoot';

import { createRequire } from 'node:module';
// ---- emulator harness (the emulator lives in test/emulator; until it is there these suites skip) ----
import type { TokenCredential } from '@azure/identity';

/** The part of the emulator's API these tests use. */
interface ArmEmulator {
  readonly endpoint: string;
  readonly caPem: string;
  readonly tokenEndpoint?: { url: string; header: string };
  readonly state: { subscriptions: { subscriptionId: string; resourceGroups: { name: string }[] }[] };
  readonly faults: { add(rule: unknown): void; clear(): void };
  readonly requests: { method: string; path: string; status?: number }[];
  counters(): { total: number; byRoute: Record<string, number>; bySubscription: Record<string, number> };
  resetLog(): void;
  stop(): Promise<void>;
}
interface EmulatorModule {
  startArmEmulator(options?: { seed?: unknown; latencyMs?: number; tokenEndpoint?: boolean }): Promise<ArmEmulator>;
  emulatorCredential(): TokenCredential;
  sdkClientOptions(emulator: ArmEmulator): { endpoint: string; credentialScopes: string[]; tlsOptions: { ca: string } };
}
function loadTestModule<T>(relative: string): T | undefined {
  const path = join(__dirname, relative);
  if (!existsSync(path + '.js') && !existsSync(join(path, 'index.js'))) return undefined;
  return createRequire(__filename)(path) as T;
}
const emulatorModule = loadTestModule<EmulatorModule>('../emulator/ArmEmulator');
const skipWithoutEmulator = emulatorModule === undefined ? 'the ARM emulator (test/emulator) is not built' : false;
function emulator_(): EmulatorModule {
  if (emulatorModule === undefined) throw new Error('no emulator');
  return emulatorModule;
}
const startArmEmulator = (options?: Parameters<EmulatorModule['startArmEmulator']>[0]): Promise<ArmEmulator> => emulator_().startArmEmulator(options);


function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Starts azurite-blob on loopback with HTTPS and basic OAuth; resolves once it listens. */
async function startAzurite(dir: string, cert: string, key: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const bin = join(repoRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'azurite-blob.cmd' : 'azurite-blob');
  const child = spawn(bin, ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--oauth', 'basic', '--cert', cert, '--key', key, '--inMemoryPersistence', '--skipApiVersionCheck', '--disableProductStyleUrl'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`azurite did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/successfully listens on/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`azurite exited with ${code}: ${output}`));
    });
  });
  return { port, child };
}

// The code under test: exactly what a quick fix writes, plus a read-back.
const passwordlessProgram = `
const { BlobServiceClient } = require('@azure/storage-blob');
const { DefaultAzureCredential } = require('@azure/identity');
(async () => {
  const client = new BlobServiceClient(process.env.BLOB_URL, new DefaultAzureCredential());
  const container = client.getContainerClient('passwordless');
  await container.createIfNotExists();
  const blob = container.getBlockBlobClient('hello.txt');
  const text = 'written with a managed identity token';
  await blob.upload(text, Buffer.byteLength(text));
  const read = (await blob.downloadToBuffer()).toString('utf8');
  process.stdout.write(JSON.stringify({ read }));
})().catch((error) => { process.stderr.write(String(error && error.message || error)); process.exit(1); });
`;

describe('passwordless code against Azurite with the emulator managed identity endpoint', { skip: skipWithoutEmulator || (hasOpenssl() ? false : 'openssl is needed to make the test certificate') }, () => {
  let dir: string;
  let emulator: ArmEmulator;
  let azurite: { port: number; child: ChildProcess } | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mi-azurite-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    emulator = await startArmEmulator({ tokenEndpoint: true });
    azurite = await startAzurite(dir, cert, key);
  });

  after(async () => {
    azurite?.child.kill();
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a blob and reads it back with DefaultAzureCredential', () => {
    assert.ok(emulator.tokenEndpoint, 'the emulator serves a token endpoint');
    const output = execFileSync(process.execPath, ['-e', passwordlessProgram], {
      cwd: repoRoot,
      // A clean environment: no Azure CLI, no client secrets, just the managed identity endpoint.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        BLOB_URL: `https://127.0.0.1:${azurite?.port ?? 0}/devstoreaccount1`,
        IDENTITY_ENDPOINT: emulator.tokenEndpoint.url,
        IDENTITY_HEADER: emulator.tokenEndpoint.header,
        NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.deepEqual(JSON.parse(output), { read: 'written with a managed identity token' });
    assert.ok(readFileSync(join(dir, 'cert.pem'), 'utf8').includes('BEGIN CERTIFICATE'));
  });
});

// Runs JavaScript of the form the quick fixes produce (`new BlobServiceClient(url, new DefaultAzureCredential())`)
// in a child process whose only configuration is an App Service-style managed identity endpoint
// (IDENTITY_ENDPOINT / IDENTITY_HEADER) served by the ARM emulator, against Azurite with OAuth over HTTPS.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { ArmEmulator } from '../emulator/ArmEmulator';
import { createSelfSignedCertificate } from '../emulator/certificate';
import { startDemoEmulator } from './azureHarness';
import { repoRoot } from './repoRoot';

const execFileAsync = promisify(execFile);

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

/** Starts azurite-blob on loopback with HTTPS and basic OAuth; resolves once it listens. */
async function startAzurite(dir: string, cert: string, key: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const bin = join(repoRoot, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
  const child = spawn(
    process.execPath,
    [bin, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--oauth', 'basic', '--cert', cert, '--key', key, '--inMemoryPersistence', '--skipApiVersionCheck', '--disableProductStyleUrl'],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, env: { PATH: process.env.PATH ?? '' } },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`azurite did not start: ${output}`)), 30_000);
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

/** Status of an unauthenticated GET (the blob must not be readable without a token). */
function anonymousGet(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', ca, agent: false, headers: { 'x-ms-version': '2025-01-05' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}

// The code under test: what a quick fix writes, plus a read-back.
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

describe('passwordless code against Azurite with the emulator managed identity endpoint', () => {
  let dir: string;
  let certPem: string;
  let emulator: ArmEmulator;
  let azurite: { port: number; child: ChildProcess } | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mi-azurite-'));
    const certificate = createSelfSignedCertificate(1);
    certPem = certificate.certPem;
    writeFileSync(join(dir, 'cert.pem'), certificate.certPem);
    writeFileSync(join(dir, 'key.pem'), certificate.keyPem);
    emulator = await startDemoEmulator({ tokenEndpoint: true });
    azurite = await startAzurite(dir, join(dir, 'cert.pem'), join(dir, 'key.pem'));
  });

  after(async () => {
    if (azurite !== undefined && azurite.child.exitCode === null) {
      const exited = once(azurite.child, 'exit');
      // In-memory, nothing to flush; a graceful SIGTERM shutdown waits seconds for idle connections.
      azurite.child.kill('SIGKILL');
      await exited;
    }
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a blob and reads it back with DefaultAzureCredential', async () => {
    assert.ok(emulator.tokenEndpoint, 'the emulator serves a token endpoint');
    const blobUrl = `https://127.0.0.1:${azurite?.port ?? 0}/devstoreaccount1`;
    const { stdout } = await execFileAsync(process.execPath, ['-e', passwordlessProgram], {
      cwd: repoRoot,
      // A clean environment: no Azure CLI, no client secrets, just the managed identity endpoint.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        BLOB_URL: blobUrl,
        IDENTITY_ENDPOINT: emulator.tokenEndpoint.url,
        IDENTITY_HEADER: emulator.tokenEndpoint.header,
        NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.deepEqual(JSON.parse(stdout), { read: 'written with a managed identity token' });
    // Azurite enforces OAuth here: without a token the same blob is not readable.
    const status = await anonymousGet(`${blobUrl}/passwordless/hello.txt`, certPem);
    assert.ok(status === 401 || status === 403 || status === 404, `anonymous read answered ${status}`);
  });
});

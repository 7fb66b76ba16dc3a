/**
 * The sandbox: the ARM emulator (demo tenant, managed-identity token endpoint) and code-server with the
 * packaged extension pointed at it through the extension's own settings, so the explorer shows a populated
 * tenant without an Azure account. `npm run sandbox` (scripts/sandbox.mjs) and the explorer's e2e tests
 * both start it from here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ArmEmulator, type ArmEmulatorOptions, startArmEmulator } from '../../emulator/ArmEmulator';
import { demoTenant } from '../../emulator/seeds/demoTenant';
import { type CodeServer, extensionVsix, startCodeServer } from './codeServer';

/** The audience the emulator's tokens carry (its token endpoint issues whatever resource is asked for). */
export const emulatorAudience = 'https://management.azure.com/';

export interface SandboxOptions {
  readonly emulator?: ArmEmulatorOptions;
  /** Folder copied as the workspace (default test/e2e/workspace). */
  readonly workspaceTemplate?: string;
  /** The .vsix to install (default: the packaged extension). */
  readonly vsix?: string;
  readonly settings?: Record<string, unknown>;
}

export interface Sandbox {
  readonly emulator: ArmEmulator;
  readonly server: CodeServer;
  readonly caFile: string;
  stop(): Promise<void>;
}

/** The settings and environment that point the extension at `emulator`. */
export function sandboxConnection(emulator: ArmEmulator, caFile: string): { settings: Record<string, unknown>; env: Record<string, string> } {
  if (!emulator.tokenEndpoint) throw new Error('the sandbox needs the emulator token endpoint');
  return {
    settings: {
      'managedIdentity.azure.resourceManagerEndpoint': emulator.endpoint,
      'managedIdentity.azure.resourceManagerAudience': emulatorAudience,
      'managedIdentity.azure.caCertificateFile': caFile,
    },
    // DefaultAzureCredential finds the token endpoint the way App Service exposes it.
    env: { IDENTITY_ENDPOINT: emulator.tokenEndpoint.url, IDENTITY_HEADER: emulator.tokenEndpoint.header },
  };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const emulator = await startArmEmulator({ seed: demoTenant(), ...options.emulator, tokenEndpoint: true });
  const dir = mkdtempSync(join(tmpdir(), 'mi-sandbox-'));
  const caFile = join(dir, 'emulator-ca.pem');
  writeFileSync(caFile, emulator.caPem);
  const connection = sandboxConnection(emulator, caFile);
  let server: CodeServer;
  try {
    server = await startCodeServer({
      vsix: [options.vsix ?? extensionVsix()],
      ...(options.workspaceTemplate !== undefined ? { workspaceTemplate: options.workspaceTemplate } : {}),
      env: connection.env,
      settings: { ...connection.settings, ...options.settings },
    });
  } catch (error) {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    emulator,
    server,
    caFile,
    stop: async () => {
      await server.stop();
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../src/cli/runCli';
import { repoRoot } from './repoRoot';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The compiled CLI entry (out/src/cli/main.js): it becomes a scanning worker when loaded in a thread. */
export const compiledMain = join(repoRoot, 'out', 'src', 'cli', 'main.js');

/** Runs `runCli` with captured output; `cwd` only affects SARIF's %SRCROOT%, paths are as given. */
export async function runCaptured(argv: string[], extra: Partial<CliIo> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    ...extra,
  });
  return { code, stdout, stderr };
}

export function tempDir(prefix = 'mi-scan-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A random 88-character storage account key: synthetic, different on every run. */
export function syntheticAccountKey(): string {
  const bytes = randomBytes(86);
  let key = '';
  for (const byte of bytes) key += base64[byte % 64];
  return `${key}==`;
}

export function storageConnectionString(key: string, account = 'contosodata'): string {
  return `DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=${key};EndpointSuffix=core.windows.net`;
}

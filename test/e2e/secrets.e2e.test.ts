import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../unit/repoRoot';
import { extensionVsix, openWorkbench, runFromPalette, screenshot, startCodeServer, type CodeServer, type Workbench } from './harness/codeServer';

const expectedDir = join(repoRoot, 'test/e2e/expected');

async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 20_000 });
}

async function save(page: Page): Promise<void> {
  await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+S');
}

async function waitForFile(path: string, predicate: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = readFileSync(path, 'utf8');
    if (predicate(text)) return text;
    await new Promise((r) => setTimeout(r, 200));
  }
  return text;
}

describe('hardcoded secrets in the editor (code-server)', { timeout: 300_000 }, () => {
  let server: CodeServer;
  let workbench: Workbench;

  before(async () => {
    server = await startCodeServer({ vsix: [extensionVsix()], settings: { 'files.autoSave': 'off', 'editor.codeLens': true } });
    workbench = await openWorkbench(server);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
  });

  it('flags a storage connection string with a diagnostic, a code lens and the status bar count', async () => {
    const { page } = workbench;
    await openFile(page, 'uploadReport.js');
    await page.locator('.codelens-decoration', { hasText: 'Use managed identity' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.codelens-decoration', { hasText: 'Why?' }).first().waitFor({ timeout: 10_000 });
    await page.locator('.squiggly-error, .squiggly-warning').first().waitFor({ timeout: 10_000 });
    await page.locator('.statusbar-item', { hasText: /\d+ secrets?/ }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, '10-secret-code-lens-before');
  });

  it('"Use managed identity" rewrites the file to the expected passwordless code and names the role', async () => {
    const { page } = workbench;
    await page.locator('.codelens-decoration a', { hasText: 'Use managed identity' }).first().click();
    const notification = page.locator('.notification-toast', { hasText: 'Secret removed' });
    await notification.waitFor({ timeout: 30_000 });
    assert.match((await notification.innerText()).replace(/\s+/g, ' '), /Storage Blob Data (Reader|Contributor)/);
    // The rescan after the edit finds no secret any more: the code lens and the squiggle go away.
    await page.locator('.codelens-decoration', { hasText: 'Use managed identity' }).first().waitFor({ state: 'detached', timeout: 15_000 });
    await screenshot(page, '11-secret-fixed-after');
    await save(page);
    const expected = readFileSync(join(expectedDir, 'uploadReport.js'), 'utf8');
    const actual = await waitForFile(join(server.workspace, 'uploadReport.js'), (t) => t === expected);
    assert.equal(actual, expected);
  });

  it('the quick fix (Ctrl+.) offers the preferred managed-identity rewrite, applied as one undoable edit', async () => {
    const { page } = workbench;
    await openFile(page, 'settingsLoader.ts');
    const squiggle = page.locator('.squiggly-error, .squiggly-warning').first();
    await squiggle.waitFor({ timeout: 30_000 });
    await squiggle.click({ force: true });
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget, .context-view .monaco-list');
    await menu.first().waitFor({ timeout: 15_000 });
    await screenshot(page, '12-quick-fix-menu');
    await page.locator('.action-widget .monaco-list-row, .context-view .monaco-list-row', { hasText: /managed identity/i }).first().click();
    await page.locator('.notification-toast', { hasText: 'Secret removed' }).first().waitFor({ timeout: 30_000 });
    await save(page);
    const expected = readFileSync(join(expectedDir, 'settingsLoader.ts'), 'utf8');
    assert.equal(await waitForFile(join(server.workspace, 'settingsLoader.ts'), (t) => t === expected), expected);
    // One undo restores the original text.
    await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Z');
    await save(page);
    const original = readFileSync(join(repoRoot, 'test/e2e/workspace/settingsLoader.ts'), 'utf8');
    assert.equal(await waitForFile(join(server.workspace, 'settingsLoader.ts'), (t) => t === original), original);
  });

  it('"Scan Workspace for Hardcoded Secrets" fills the Problems panel', async () => {
    const { page } = workbench;
    await runFromPalette(page, 'Managed Identity: Scan Workspace for Hardcoded Secrets');
    const done = page.locator('.notification-toast', { hasText: /Found \d+ hardcoded secrets? in \d+ files?/ });
    await done.waitFor({ timeout: 60_000 });
    await done.locator('a.monaco-button, .monaco-button', { hasText: 'Show Problems' }).first().click();
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'appsettings.json' }).first().waitFor({ timeout: 20_000 });
    await screenshot(page, '13-scan-workspace-problems');
  });
});

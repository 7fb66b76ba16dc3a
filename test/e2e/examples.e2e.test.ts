/**
 * Every example project under examples/ in code-server: its source or settings file shows the code lens,
 * "Use Managed Identity for All Secrets in This File" rewrites it in one edit, and the saved file has no
 * hardcoded secret left: it equals the reviewed after-state in test/fixtures/examples-after. Screenshots before and after, per example (the README shows them).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { scanText } from '../../src/core/secrets/scanner';
import { exampleAfterFile, examplesDir, exampleProjects } from '../unit/exampleProjects';
import { extensionVsix, openWorkbench, runFromPalette, screenshot, startCodeServer, type CodeServer, type Workbench } from './harness/codeServer';

const examples = exampleProjects();

async function openFile(page: Page, relativePath: string): Promise<void> {
  const name = relativePath.split('/').pop() ?? relativePath;
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(relativePath);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: 20_000 });
}

async function waitForFile(path: string, predicate: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = readFileSync(path, 'utf8');
  while (Date.now() < deadline && !predicate(text)) {
    await new Promise((r) => setTimeout(r, 200));
    text = readFileSync(path, 'utf8');
  }
  return text;
}

function errorsIn(text: string, path: string): string[] {
  return scanText(text, { path }).filter((f) => f.severity === 'error').map((f) => f.ruleId);
}

describe('the example projects in a real VS Code', { timeout: 600_000 }, () => {
  let server: CodeServer;
  let workbench: Workbench;

  before(async () => {
    server = await startCodeServer({ vsix: [extensionVsix()], workspaceTemplate: examplesDir, settings: { 'files.autoSave': 'off', 'editor.codeLens': true } });
    workbench = await openWorkbench(server);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
  });

  for (const example of examples) {
    it(`${example.name}: every secret in ${relative(join(examplesDir, example.name), example.file)} is rewritten to managed identity in one edit`, async () => {
      const { page } = workbench;
      const rel = relative(examplesDir, example.file);
      const original = readFileSync(example.file, 'utf8');
      assert.ok(errorsIn(original, rel).length > 0, `${rel} has no hardcoded secret to fix`);
      await openFile(page, rel);
      await page.locator('.codelens-decoration', { hasText: 'Use managed identity' }).first().waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
        await screenshot(page, `40-example-${example.name}-no-code-lens`);
        throw error;
      });
      await screenshot(page, `40-example-${example.name}-before`);
      await runFromPalette(page, 'Managed Identity: Use Managed Identity for All Secrets in This File');
      await page.locator('.codelens-decoration', { hasText: 'Use managed identity' }).first().waitFor({ state: 'detached', timeout: 30_000 });
      await screenshot(page, `41-example-${example.name}-after`);
      await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+S');
      const saved = join(server.workspace, rel);
      const text = await waitForFile(saved, (t) => t !== original);
      assert.notEqual(text, original, `${rel} was not changed`);
      assert.deepEqual(errorsIn(text, rel), [], `${rel} still has a hardcoded secret:\n${text}`);
      assert.equal(text, readFileSync(exampleAfterFile(example), 'utf8'), `${rel} differs from its reviewed after-state`);
      assert.ok(existsSync(saved));
    });
  }
});

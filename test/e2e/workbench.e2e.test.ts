import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { extensionId, extensionVsix, openWorkbench, runFromPalette, screenshot, startCodeServer, type CodeServer, type Workbench } from './harness/codeServer';

describe('the extension in a real VS Code (code-server)', { timeout: 300_000 }, () => {
  let server: CodeServer;
  let workbench: Workbench;

  before(async () => {
    server = await startCodeServer({ vsix: [extensionVsix()] });
    workbench = await openWorkbench(server);
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
  });

  it('shows the Managed Identity container in the activity bar', async () => {
    const item = workbench.page.locator('.activitybar [aria-label^="Managed Identity"]').first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(workbench.page, '01-activity-bar');
  });

  it('opens the Managed Identities view with its sign-in welcome content', async () => {
    const { page } = workbench;
    await page.locator('.activitybar [aria-label^="Managed Identity"]').first().click();
    const title = page.locator('.sidebar .composite.title', { hasText: /Managed Identit/i }).first();
    await title.waitFor({ state: 'visible', timeout: 30_000 });
    const welcome = page.locator('.sidebar .welcome-view-content', { hasText: 'Sign in to Azure to see your managed identities' });
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(await page.locator('.sidebar .welcome-view-content a, .sidebar .welcome-view-content .monaco-button', { hasText: 'Show Log' }).count() > 0, 'the welcome content offers Show Log');
    assert.ok(await page.locator('.sidebar .welcome-view-content .monaco-button', { hasText: 'Sign in to Azure' }).count() > 0, 'the welcome content offers a Sign in button');
    await screenshot(page, '02-view-empty-state');
  });

  it('runs "Managed Identity: Show Log" from the command palette', async () => {
    const { page } = workbench;
    await runFromPalette(page, 'Managed Identity: Show Log');
    // The Output panel opens on our channel, whose first line reports activation.
    const output = page.locator('.panel .output-view, .panel [id="workbench.panel.output"]').first();
    await output.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.panel .view-lines', { hasText: 'Activated in' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, '03-show-log-from-palette');
  });

  it('activated without errors in the extension host log', () => {
    const log = server.extensionHostLog();
    assert.match(log, new RegExp(`ExtensionService#_doActivateExtension ${extensionId.replace(/\./g, '\\.')}`), 'the extension was activated');
    const errors = log.split('\n').filter((line) => line.includes(extensionId) && /\[error\]|failed/i.test(line));
    assert.deepEqual(errors, []);
  });
});

/**
 * The Managed Identities view in a sandbox workbench: the setup the explorer, identity and role command
 * suites share, and the tree helpers they all use.
 */
import type { Page } from 'playwright-core';
import { openWorkbench, screenshot, widenSideBar, type Workbench } from './codeServer';
import { startSandbox, type Sandbox, type SandboxOptions } from './sandbox';

/** The first row of the explorer's tree whose text holds `label`. */
export function treeRow(page: Page, label: string | RegExp) {
  return page.locator('.sidebar .monaco-list-row', { hasText: label }).first();
}

/** Expands a tree row (once it is there) and waits until it shows as expanded. */
export async function expandRow(page: Page, label: string | RegExp): Promise<void> {
  const r = treeRow(page, label);
  await r.waitFor({ state: 'visible', timeout: 30_000 }).catch(async (error: unknown) => {
    // What the view showed instead (an error node, the sign-in welcome, a spinner) is the diagnosis.
    await screenshot(page, `failed-expand-${String(label).replace(/[^A-Za-z0-9-]+/g, '-')}`).catch(() => undefined);
    throw error;
  });
  if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  await page.locator('.sidebar .monaco-list-row[aria-expanded="true"]', { hasText: label }).first().waitFor({ state: 'visible', timeout: 30_000 });
}

/** Starts a sandbox (emulator + code-server) and opens its workbench on the Managed Identities view, widened. */
export async function openExplorer(options: SandboxOptions = {}): Promise<{ sandbox: Sandbox; workbench: Workbench }> {
  const sandbox = await startSandbox(options);
  try {
    const workbench = await openWorkbench(sandbox.server);
    await workbench.page.locator('.activitybar [aria-label^="Managed Identity"]').first().click();
    await widenSideBar(workbench.page);
    return { sandbox, workbench };
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
}

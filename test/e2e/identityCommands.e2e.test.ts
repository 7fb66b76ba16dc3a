/**
 * The identity commands in code-server against the ARM emulator: create a user-assigned identity from the
 * palette (answering the pickers with the keyboard), assign it to a web app, then delete it after the modal
 * confirmation; unassign a seeded identity from its "Used by" node; enable and disable a VM's system-assigned
 * identity. Each step is checked in the tree and in the emulator's state.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { runFromPalette, screenshot, type Workbench } from './harness/codeServer';
import { expandRow as expand, openExplorer, treeRow as row } from './harness/explorerView';
import type { Sandbox } from './harness/sandbox';

const newIdentity = 'id-e2e-orders';
const webApp = 'app-shop-legacy';

/** Waits for a quick pick row, types `filter` and presses Enter, like a keyboard user. */
async function answerPick(page: Page, waitFor: string | RegExp, filter?: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: waitFor }).first().waitFor({ state: 'visible', timeout: 30_000 });
  if (filter !== undefined) await page.keyboard.type(filter);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: waitFor }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Right-clicks a tree row and runs `item` from its context menu. */
async function contextMenu(page: Page, target: ReturnType<typeof row>, item: string): Promise<void> {
  await target.click({ button: 'right' });
  const entry = page.locator('.monaco-menu .action-item', { hasText: item }).first();
  await entry.waitFor({ state: 'visible', timeout: 10_000 });
  await entry.hover();
  await entry.click();
}

/**
 * Waits for a notification with `text` in the notification center (toasts are queued three at a time, so a
 * new one is not always on screen), and returns its text and buttons; closes the center again.
 */
async function notification(page: Page, text: string, shot?: string): Promise<{ text: string; buttons: string[] }> {
  const item = page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!(await page.locator('.notifications-center').isVisible())) await runFromPalette(page, 'Notifications: Show Notifications');
    if (await item.isVisible()) {
      const found = { text: (await item.textContent()) ?? '', buttons: await item.locator('.monaco-button').allTextContents() };
      if (shot !== undefined) await screenshot(page, shot);
      await page.keyboard.press('Escape');
      return found;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no notification "${text}"`);
}

function identityIn(sandbox: Sandbox, name: string) {
  return [...sandbox.emulator.state.identities.values()].find((i) => i.name === name);
}

function resourceIn(sandbox: Sandbox, name: string) {
  return [...sandbox.emulator.state.resources.values()].find((r) => r.name === name);
}

describe('identity commands against the ARM emulator', { timeout: 300_000 }, () => {
  let sandbox: Sandbox;
  let workbench: Workbench;

  before(async () => {
    ({ sandbox, workbench } = await openExplorer());
    await expand(workbench.page, 'Contoso Production');
    await row(workbench.page, 'id-shop-api').waitFor({ state: 'visible', timeout: 60_000 });
  });

  after(async () => {
    await workbench?.close();
    await sandbox?.stop();
  });

  it('creates an identity from the palette, refusing a duplicate name before any call, and shows it in the tree', async () => {
    const { page } = workbench;
    assert.equal(identityIn(sandbox, newIdentity), undefined);
    await runFromPalette(page, 'Managed Identity: Create User-Assigned Identity…');
    await answerPick(page, 'Contoso Production', 'Contoso Production');
    await answerPick(page, 'rg-shop-prod', 'rg-shop-prod');
    await answerPick(page, 'location of rg-shop-prod');
    const input = page.locator('.quick-input-widget input');
    const nameTitle = page.locator('.quick-input-widget .quick-input-title', { hasText: 'name' });
    await nameTitle.waitFor({ state: 'visible', timeout: 30_000 });
    // The steps form one wizard: a step count, and Back returns to the location with the answers kept.
    assert.match((await nameTitle.textContent()) ?? '', /4\s*\/\s*4/);
    await page.locator('.quick-input-widget .codicon-quick-input-back').first().click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'location' }).waitFor({ state: 'visible', timeout: 10_000 });
    await answerPick(page, 'location of rg-shop-prod');
    await nameTitle.waitFor({ state: 'visible', timeout: 30_000 });

    await page.keyboard.type('id-shop-api');
    const message = page.locator('.quick-input-widget .quick-input-message', { hasText: 'already exists' });
    await message.waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, '20-create-identity-duplicate-refused');
    // Enter does not accept a name the validation refuses.
    await page.keyboard.press('Enter');
    await message.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('x');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: 'at least 3 characters' }).waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('');
    await page.keyboard.type(newIdentity);
    await page.locator('.quick-input-widget .quick-input-message', { hasText: /already exists|not a valid/ }).waitFor({ state: 'hidden', timeout: 10_000 });
    await screenshot(page, '21-create-identity-name');
    await page.keyboard.press('Enter');

    const toast = await notification(page, `Created identity ${newIdentity}`);
    assert.match(toast.text, /client ID [0-9a-f-]{36}/);
    assert.ok(toast.buttons.includes('Copy Client ID'), JSON.stringify(toast.buttons));
    // The new identity is revealed: its subscription and resource group expand and its row is selected.
    await page.locator('.sidebar .monaco-list-row[aria-selected="true"]', { hasText: newIdentity }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, '22-create-identity-in-tree');

    const created = identityIn(sandbox, newIdentity);
    assert.ok(created, 'the emulator has the new identity');
    assert.equal(created.resourceGroup, 'rg-shop-prod');
    assert.equal(created.location, 'westeurope');
    assert.equal([...sandbox.emulator.state.identities.values()].filter((i) => i.name === 'id-shop-api').length, 1, 'the duplicate name was not created');
  });

  it('creates an identity in a new resource group; when the identity step fails it says the group was made and the identity not', async () => {
    const { page } = workbench;
    const production = sandbox.emulator.state.subscriptions.find((sub) => sub.displayName === 'Contoso Production');
    assert.ok(production);
    const groupName = 'rg-e2e-new';
    const name = 'id-e2e-newgroup';
    const groupExists = () => production.resourceGroups.some((g) => g.name.toLowerCase() === groupName);
    assert.equal(groupExists(), false);
    const chooseNewGroupAndName = async (newGroup: boolean): Promise<void> => {
      await runFromPalette(page, 'Managed Identity: Create User-Assigned Identity…');
      await answerPick(page, 'Contoso Production', 'Contoso Production');
      if (newGroup) {
        await answerPick(page, 'Create new resource group');
        await page.locator('.quick-input-widget .quick-input-title', { hasText: 'new resource group' }).waitFor({ state: 'visible', timeout: 30_000 });
        await page.keyboard.type(groupName);
        await page.keyboard.press('Enter');
        await answerPick(page, 'West Europe', 'West Europe');
      } else {
        await answerPick(page, groupName, groupName);
        await answerPick(page, `location of ${groupName}`);
      }
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'name' }).waitFor({ state: 'visible', timeout: 30_000 });
      await page.keyboard.type(name);
      await page.keyboard.press('Enter');
    };

    // The identity PUT is refused once: the group exists afterwards, the identity does not, and the message says so.
    sandbox.emulator.faults.add({ match: { method: 'PUT', pathPattern: `userAssignedIdentities/${name}` }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action Microsoft.ManagedIdentity/userAssignedIdentities/write.' }, times: 1 });
    try {
      await chooseNewGroupAndName(true);
      const failure = await notification(page, `Created resource group ${groupName}, but not the identity ${name}`, '23-create-identity-new-group-failed');
      assert.match(failure.text, /authoriz/i);
      assert.ok(failure.buttons.includes('Show Log'), JSON.stringify(failure.buttons));
      // The progress notification ends with the failure: no Cancel button left behind.
      await runFromPalette(page, 'Notifications: Show Notifications');
      const progress = page.locator('.notifications-center .notification-list-item', { hasText: `Creating managed identity ${name}`, has: page.locator('.monaco-button', { hasText: 'Cancel' }) });
      await progress.waitFor({ state: 'detached', timeout: 10_000 }).catch(async (error: unknown) => {
        await screenshot(page, '39-failed-progress-left-open');
        throw error;
      });
      await page.keyboard.press('Escape');
    } finally {
      sandbox.emulator.faults.clear();
    }
    assert.equal(groupExists(), true, 'the new group was created');
    assert.equal(identityIn(sandbox, name), undefined, 'no identity after the refused request');

    // Again, choosing the group that is now there: the identity is created in it.
    await chooseNewGroupAndName(false);
    await notification(page, `Created identity ${name}`);
    await page.locator('.sidebar .monaco-list-row[aria-selected="true"]', { hasText: name }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, '23-create-identity-new-group');
    assert.equal(identityIn(sandbox, name)?.resourceGroup.toLowerCase(), groupName);
    // Collapse it again, so the next tests' "Used by" is the one of their identity.
    await page.locator('.sidebar .monaco-list-row[aria-expanded="true"]', { hasText: name }).first().click();
    await page.keyboard.press('ArrowLeft');
    await page.locator('.sidebar .monaco-list-row[aria-expanded="false"]', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('assigns the identity to a web app and shows the app under "Used by"', async () => {
    const { page } = workbench;
    await runFromPalette(page, 'Managed Identity: Assign Identity to Resource…');
    await answerPick(page, newIdentity, newIdentity);
    await answerPick(page, webApp, webApp);
    await notification(page, `Assigned ${newIdentity} to ${webApp}`);

    const app = resourceIn(sandbox, webApp);
    assert.ok(app);
    assert.deepEqual([...app.identity.userAssigned.keys()], [identityIn(sandbox, newIdentity)?.id.toLowerCase()]);

    await expand(page, newIdentity);
    await expand(page, 'Used by');
    await row(page, webApp).waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, '23-assign-identity-used-by');
  });

  it('deletes the identity after the modal confirmation, detaching it first', async () => {
    const { page } = workbench;
    await runFromPalette(page, 'Managed Identity: Delete Identity…');
    await answerPick(page, newIdentity, newIdentity);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    const text = (await dialog.textContent()) ?? '';
    assert.match(text, new RegExp(`Delete ${newIdentity}\\?`));
    assert.match(text, new RegExp(`used by ${webApp}`));
    assert.match(text, /detached/);
    await screenshot(page, '24-delete-identity-confirm');
    // Nothing happens before the user confirms.
    assert.ok(identityIn(sandbox, newIdentity));
    await dialog.locator('.monaco-button', { hasText: 'Delete' }).first().click();

    await notification(page, `Deleted identity ${newIdentity}`);
    await page.locator('.sidebar .monaco-list-row', { hasText: newIdentity }).first().waitFor({ state: 'detached', timeout: 30_000 });
    await screenshot(page, '25-delete-identity-gone');

    assert.equal(identityIn(sandbox, newIdentity), undefined, 'the emulator no longer has the identity');
    assert.equal(resourceIn(sandbox, webApp)?.identity.userAssigned.size, 0, 'the web app no longer references it');
  });

  it('unassigns an identity from a resource from its "Used by" node, after a modal confirmation', async () => {
    const { page } = workbench;
    await expand(page, 'id-shop-api');
    await expand(page, 'Used by');
    const user = row(page, 'app-shop-api-prod');
    await user.waitFor({ state: 'visible', timeout: 30_000 });
    await contextMenu(page, user, 'Unassign Identity from Resource…');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await dialog.textContent()) ?? '', /Unassign id-shop-api from app-shop-api-prod\?/);
    await screenshot(page, '26-unassign-identity-confirm');
    await dialog.locator('.monaco-button', { hasText: 'Unassign' }).first().click();
    await notification(page, 'Unassigned id-shop-api from app-shop-api-prod');
    await row(page, 'Not assigned to any resource').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, '27-unassign-identity-done');
    assert.equal(resourceIn(sandbox, 'app-shop-api-prod')?.identity.userAssigned.size, 0);
    assert.ok(identityIn(sandbox, 'id-shop-api'), 'the identity itself stays');
  });

  it('reports what was done and what was not when a deletion stops part-way', async () => {
    const { page } = workbench;
    sandbox.emulator.faults.add({ match: { method: 'DELETE', pathPattern: 'roleAssignments' }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization to delete role assignments.' } });
    try {
      await contextMenu(page, row(page, 'id-shop-worker'), 'Delete Identity…');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 60_000 });
      const question = (await dialog.textContent()) ?? '';
      assert.match(question, /Delete id-shop-worker\? It has 3 role assignments \(/);
      assert.match(question, /used by func-shop-orders-prod/);
      await dialog.locator('.monaco-button', { hasText: 'Delete' }).first().click();
      const error = await notification(page, 'Deleting id-shop-worker stopped', '28-delete-identity-stopped-part-way');
      const { text } = error;
      assert.match(text, /authorization/);
      assert.match(text, /Done: detached it from func-shop-orders-prod/);
      assert.match(text, /Not done: removing 3 role assignments .*deleting id-shop-worker itself/);
    } finally {
      sandbox.emulator.faults.clear();
    }
    assert.ok(identityIn(sandbox, 'id-shop-worker'), 'the identity was not deleted');
    assert.equal(resourceIn(sandbox, 'func-shop-orders-prod')?.identity.userAssigned.size, 0, 'the detach that was reported done happened');
    await row(page, 'id-shop-worker').waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('enables the system-assigned identity of a VM from the palette and shows it under System-assigned identities', async () => {
    const { page } = workbench;
    await row(page, 'Contoso Production').click();
    assert.equal(resourceIn(sandbox, 'vm-playground')?.identity.systemAssigned, false);
    await runFromPalette(page, 'Managed Identity: Enable System-Assigned Identity…');
    await answerPick(page, 'Contoso Sandbox', 'Contoso Sandbox');
    await answerPick(page, 'vm-playground', 'vm-playground');
    await notification(page, 'Enabled the system-assigned identity of vm-playground');
    assert.equal(resourceIn(sandbox, 'vm-playground')?.identity.systemAssigned, true);
    // Revealed under System-assigned identities and selected.
    await page.locator('.sidebar .monaco-list-row[aria-selected="true"]', { hasText: 'vm-playground' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await expand(page, 'Contoso Sandbox');
    await expand(page, 'System-assigned identities');
    await row(page, 'vm-playground').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, '29-enable-system-assigned');
  });

  it('disables a system-assigned identity from its node after a modal warning', async () => {
    const { page } = workbench;
    await contextMenu(page, row(page, 'vm-playground'), 'Disable System-Assigned Identity…');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await dialog.textContent()) ?? '', /Disable the system-assigned identity of vm-playground\?/);
    await screenshot(page, '30-disable-system-assigned-confirm');
    await dialog.locator('.monaco-button', { hasText: 'Disable' }).first().click();
    await notification(page, 'Disabled the system-assigned identity of vm-playground');
    await page.locator('.sidebar .monaco-list-row', { hasText: 'vm-playground' }).first().waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(resourceIn(sandbox, 'vm-playground')?.identity.systemAssigned, false);
    await screenshot(page, '31-disable-system-assigned-done');
  });

  it('ran without errors in the extension host log', () => {
    const errors = sandbox.server.extensionHostLog().split('\n').filter((line) => line.includes('managed-identity-tools') && /\[error\]/i.test(line));
    assert.deepEqual(errors, []);
  });
});

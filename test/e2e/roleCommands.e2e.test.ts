/**
 * Grant Role, Remove Role Assignment, Add / Delete Federated Credential and Grant My Account the Same Roles
 * from the Managed Identities explorer's context menus, in code-server against the ARM emulator (the
 * sandbox). Each step checks the tree and the emulator's state.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { runFromPalette, screenshot, waitForNotification, type Workbench } from './harness/codeServer';
import { expandRow as expand, openExplorer, treeRow as row } from './harness/explorerView';
import type { Sandbox } from './harness/sandbox';
import { repoRoot } from '../unit/repoRoot';

const blobDataReader = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1';

/** Right-clicks a tree row and runs a context menu entry. */
async function contextMenu(page: Page, label: string | RegExp, entry: string): Promise<void> {
  const r = row(page, label);
  await r.waitFor({ state: 'visible', timeout: 30_000 });
  await r.click({ button: 'right' });
  const item = page.getByRole('menuitem', { name: entry }).first();
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  await item.hover();
  await page.keyboard.press('Enter');
}

/** Types into the open quick pick and accepts the first row that shows `label`. */
async function pick(page: Page, filter: string, label: string | RegExp = filter): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 30_000 }).catch(async (error: unknown) => {
    await screenshot(page, '39-failed-no-quick-pick');
    throw error;
  });
  await input.fill(filter);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/** Types into the open input box (replacing its value) and accepts it. */
async function type(page: Page, text: string | undefined, prompt: RegExp): Promise<void> {
  const widget = page.locator('.quick-input-widget', { hasText: prompt });
  await widget.waitFor({ state: 'visible', timeout: 30_000 });
  if (text !== undefined) await page.locator('.quick-input-widget input').fill(text);
  await page.keyboard.press('Enter');
}

function notification(page: Page, text: string | RegExp) {
  return page.locator('.notification-toast', { hasText: text }).first();
}

describe('role and federated credential commands against the ARM emulator', { timeout: 400_000 }, () => {
  let sandbox: Sandbox;
  let workbench: Workbench;
  let principalId: string;
  let identityId: string;

  const assignmentsOf = (principal: string) => [...sandbox.emulator.state.roleAssignments.values()].filter((a) => a.principalId === principal);

  before(async () => {
    // The workspace holds a storage connection string for the sandbox's storage account (the secret-fix test).
    ({ sandbox, workbench } = await openExplorer({ workspaceTemplate: join(repoRoot, 'test/e2e/roleWorkspace'), settings: { 'editor.codeLens': true } }));
    const identity = [...sandbox.emulator.state.identities.values()].find((i) => i.name === 'id-unused');
    assert.ok(identity, 'the demo tenant has id-unused');
    principalId = identity.principalId;
    identityId = identity.id;
  });

  after(async () => {
    await workbench?.close();
    await sandbox?.stop();
  });

  it('grants id-unused Storage Blob Data Reader on a storage account from its context menu, least privilege first', async () => {
    const { page } = workbench;
    assert.deepEqual(assignmentsOf(principalId), []);
    await row(page, 'Contoso Sandbox').waitFor({ state: 'visible', timeout: 60_000 }).catch(async (error: unknown) => {
      await screenshot(page, '30-grant-role-no-subscriptions');
      throw error;
    });
    await expand(page, 'Contoso Sandbox');
    await contextMenu(page, 'id-unused', 'Grant Role');
    await pick(page, 'stplayground01');
    // The role list starts with the storage data roles (least privilege), not Owner or Contributor.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Storage Blob Data Reader' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const first = (await page.locator('.quick-input-list .monaco-list-row').first().textContent()) ?? '';
    assert.match(first, /Storage Blob Data Reader/);
    await screenshot(page, '30-grant-role-pick-role');
    await pick(page, 'Storage Blob Data Reader');
    await waitForNotification(page, /Granted Storage Blob Data Reader on stplayground01 to id-unused/);

    await expand(page, 'id-unused');
    await expand(page, /^Role assignments/);
    await row(page, /Storage Blob Data Reader @ stplayground01/).waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, '31-grant-role-granted');

    const assignments = assignmentsOf(principalId);
    assert.equal(assignments.length, 1);
    assert.equal(assignments[0]?.roleDefinitionGuid, blobDataReader);
    assert.match(assignments[0]?.scope ?? '', /\/providers\/Microsoft\.Storage\/storageAccounts\/stplayground01$/i);
  });

  it('says "already granted" for the same grant again and makes no duplicate', async () => {
    const { page } = workbench;
    await contextMenu(page, /^Role assignments/, 'Grant Role');
    await pick(page, 'stplayground01');
    await pick(page, 'Storage Blob Data Reader');
    await waitForNotification(page, /already granted/);
    await screenshot(page, '32-grant-role-already-granted');
    assert.equal(assignmentsOf(principalId).length, 1);
  });

  it('gives the signed-in account the roles of id-unused, and says "already present" the second time', async () => {
    const { page } = workbench;
    const onAccount = () =>
      [...sandbox.emulator.state.roleAssignments.values()].filter((a) => a.principalId !== principalId && a.roleDefinitionGuid === blobDataReader && /\/storageAccounts\/stplayground01$/i.test(a.scope));
    assert.deepEqual(onAccount(), []);
    await contextMenu(page, 'id-unused', 'Grant My Account the Same Roles…');
    // A multi-select list of the identity's roles, all checked.
    const list = page.locator('.quick-input-widget', { hasText: /the roles of id-unused/ });
    await list.waitFor({ state: 'visible', timeout: 30_000 });
    const roleRow = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Storage Blob Data Reader @ stplayground01' }).first();
    await roleRow.waitFor({ state: 'visible', timeout: 30_000 });
    // Multi-select rows are checkboxes for assistive technology: aria-checked tells their state.
    assert.equal(await roleRow.getAttribute('aria-checked'), 'true');
    await screenshot(page, '33-grant-my-account-pick');
    await page.keyboard.press('Enter');
    await waitForNotification(page, /added Storage Blob Data Reader @ stplayground01/);
    await screenshot(page, '33-grant-my-account-granted');
    const granted = onAccount();
    assert.equal(granted.length, 1, 'one assignment for the signed-in account');
    assert.equal(granted[0]?.principalType, 'ServicePrincipal');

    await contextMenu(page, 'id-unused', 'Grant My Account the Same Roles…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'already yours' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');
    await waitForNotification(page, /already present Storage Blob Data Reader @ stplayground01/);
    assert.equal(onAccount().length, 1, 'no duplicate assignment');
  });

  it('cancels Grant My Account while it reads: the notification goes, nothing is asked, granted or reported as an error', async () => {
    const { page } = workbench;
    const before = sandbox.emulator.state.roleAssignments.size;
    // Hold the listing of the account's own assignments long enough to press Cancel.
    sandbox.emulator.faults.add({ match: { method: 'GET', pathPattern: 'roleAssignments', queryPattern: 'principalId' }, fault: { kind: 'latency', ms: 20_000 }, times: 1 });
    try {
      await contextMenu(page, 'id-unused', 'Grant My Account the Same Roles…');
      // A toast, or (when toasts are queued) an entry in the notification center: both have the Cancel button.
      const toast = page.locator('.notification-toast', { hasText: 'Reading your role assignments' }).first();
      const listed = page.locator('.notifications-center .notification-list-item', { hasText: 'Reading your role assignments' }).first();
      await toast.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => runFromPalette(page, 'Notifications: Show Notifications'));
      const progress = (await toast.isVisible()) ? toast : listed;
      await progress.waitFor({ state: 'visible', timeout: 30_000 }).catch(async (error: unknown) => {
        await screenshot(page, '39-failed-no-progress-to-cancel');
        throw error;
      });
      await screenshot(page, '33-grant-my-account-cancel');
      const started = Date.now();
      await progress.hover();
      await progress.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
      await progress.waitFor({ state: 'hidden', timeout: 10_000 });
      assert.ok(Date.now() - started < 10_000, 'the notification closed without waiting for the held request');
      if (await page.locator('.notifications-center').isVisible()) await page.keyboard.press('Escape');
      await new Promise((r) => setTimeout(r, 2_000));
      assert.equal(await page.locator('.quick-input-widget', { hasText: /the roles of id-unused/ }).isVisible(), false, 'no role list after cancelling');
      assert.equal(await page.locator('.notification-toast', { hasText: /failed|error|abort/i }).count(), 0, 'no error reported for a cancellation');
      assert.equal(sandbox.emulator.state.roleAssignments.size, before, 'nothing granted');
    } finally {
      sandbox.emulator.faults.clear();
    }
  });

  it('warns before granting Owner on a resource group, and grants nothing when dismissed', async () => {
    const { page } = workbench;
    await contextMenu(page, 'id-unused', 'Grant Role');
    await pick(page, 'rg-sandbox', /resource group/);
    await pick(page, 'Owner', /^\S*\s*Owner/);
    const dialog = page.locator('.monaco-dialog-box', { hasText: /broad grant/ });
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, '33-grant-role-broad-warning');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(assignmentsOf(principalId).length, 1);
  });

  it('adds a GitHub Actions federated credential and lists it under the identity', async () => {
    const { page } = workbench;
    await contextMenu(page, 'id-unused', 'Add Federated Credential');
    await pick(page, 'GitHub Actions');
    await type(page, 'contoso', /organization/i);
    await type(page, 'shop', /Repository in contoso/);
    await pick(page, 'Branch');
    await type(page, 'main', /Branch/);
    const nameBox = page.locator('.quick-input-widget', { hasText: 'repo:contoso/shop:ref:refs/heads/main' });
    await nameBox.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await page.locator('.quick-input-widget input').inputValue(), 'github-shop-main');
    await screenshot(page, '34-federated-name-and-subject');
    await page.keyboard.press('Enter');
    await waitForNotification(page, /Added federated credential github-shop-main/);
    await expand(page, 'Federated credentials');
    const credential = row(page, 'github-shop-main');
    await credential.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await credential.textContent()) ?? '', /repo:contoso\/shop:ref:refs\/heads\/main/);
    await screenshot(page, '35-federated-added');
    const stored = [...sandbox.emulator.state.identities.values()].find((i) => i.id === identityId);
    assert.ok(stored);
  });

  it('deletes the federated credential after confirming', async () => {
    const { page } = workbench;
    await contextMenu(page, 'github-shop-main', 'Delete Federated Credential');
    const dialog = page.locator('.monaco-dialog-box', { hasText: /Delete federated credential github-shop-main/ });
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    await dialog.locator('.monaco-button', { hasText: 'Delete' }).first().click();
    await row(page, 'No federated credentials').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, '36-federated-deleted');
  });

  it('adds a Kubernetes federated credential for a service account and lists it under the identity', async () => {
    const { page } = workbench;
    const issuer = 'https://oidc.prod-aks.azure.com/11111111-2222-3333-4444-555555555555/';
    await contextMenu(page, 'id-unused', 'Add Federated Credential');
    await pick(page, 'Kubernetes');
    // An issuer that is not https is refused in the box, before anything is sent.
    const issuerBox = page.locator('.quick-input-widget', { hasText: /OIDC issuer URL/ });
    await issuerBox.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.quick-input-widget input').fill('http://oidc.example.com/');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: /https/i }).waitFor({ state: 'visible', timeout: 10_000 });
    // The validation message now stands where the prompt was: fill the box directly.
    await page.locator('.quick-input-widget input').fill(issuer);
    await page.locator('.quick-input-widget', { hasText: /OIDC issuer URL/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Enter');
    await type(page, 'orders', /Kubernetes namespace/);
    await type(page, 'orders-api', /Service account in orders/);
    const nameBox = page.locator('.quick-input-widget', { hasText: 'system:serviceaccount:orders:orders-api' });
    await nameBox.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await page.locator('.quick-input-widget input').inputValue(), 'k8s-orders-orders-api');
    await screenshot(page, '36-federated-kubernetes-name');
    await page.keyboard.press('Enter');
    await waitForNotification(page, /Added federated credential k8s-orders-orders-api/);
    const credential = row(page, 'k8s-orders-orders-api');
    await credential.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await credential.textContent()) ?? '', /system:serviceaccount:orders:orders-api/);
    await screenshot(page, '36-federated-kubernetes-added');
    const stored = [...sandbox.emulator.state.identities.values()].find((i) => i.id === identityId);
    const saved = stored?.federatedCredentials.get('k8s-orders-orders-api');
    assert.deepEqual([saved?.issuer, saved?.subject], [issuer, 'system:serviceaccount:orders:orders-api']);
  });

  it('removes the role assignment after a confirmation naming role, scope and principal', async () => {
    const { page } = workbench;
    await contextMenu(page, /Storage Blob Data Reader @ stplayground01/, 'Remove Role Assignment');
    const dialog = page.locator('.monaco-dialog-box', { hasText: /Remove Storage Blob Data Reader on stplayground01 from id-unused/ });
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, '37-remove-role-confirm');
    await dialog.locator('.monaco-button', { hasText: 'Remove' }).first().click();
    await row(page, 'No role assignments').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, '38-remove-role-removed');
    assert.deepEqual(assignmentsOf(principalId), []);
  });

  it('"Grant <role> on <resource>" after a secret fix runs Grant Role for the account in the connection string', async () => {
    const { page } = workbench;
    await page.keyboard.press('Control+P');
    await pick(page, 'uploadBlob.js');
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 20_000 });
    const lens = page.locator('.codelens-decoration a', { hasText: 'Use managed identity' }).first();
    await lens.waitFor({ state: 'visible', timeout: 30_000 }).catch(async (error: unknown) => {
      await screenshot(page, '40-secret-fix-no-code-lens');
      throw error;
    });
    await lens.click();
    const toast = notification(page, /Secret removed/);
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    const button = toast.locator('.monaco-button', { hasText: /^Grant Storage Blob Data \w+ on stplayground01$/ }).first();
    const roleName = ((await button.textContent()) ?? '').replace(/^Grant /, '').replace(/ on stplayground01$/, '');
    // uploadBlob.js uploads: a read-only role would fail at run time, so the offer is Contributor.
    assert.equal(roleName, 'Storage Blob Data Contributor');
    await screenshot(page, '40-secret-fix-grant-offer');
    await button.click();
    // No identity is configured for the fix: the explorer asks which one, for that role on that account.
    await page.locator('.quick-input-widget', { hasText: `Grant ${roleName} on stplayground01 to which identity?` }).waitFor({ state: 'visible', timeout: 30_000 });
    await pick(page, 'id-unused');
    await waitForNotification(page, `Granted ${roleName} on stplayground01 to id-unused`);
    await expand(page, 'Contoso Sandbox');
    await expand(page, 'id-unused');
    await expand(page, /^Role assignments/);
    await row(page, `${roleName} @ stplayground01`).waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, '41-secret-fix-granted');
    const assignments = assignmentsOf(principalId);
    assert.equal(assignments.length, 1);
    assert.match(assignments[0]?.scope ?? '', /\/storageAccounts\/stplayground01$/i);
  });

  it('activated without errors in the extension host log', () => {
    const errors = sandbox.server.extensionHostLog().split('\n').filter((line) => line.includes('managed-identity-tools') && /\[error\]/i.test(line));
    assert.deepEqual(errors, []);
  });
});

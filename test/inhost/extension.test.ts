/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { commandIds } from '../../src/extension/commandIds';

const extensionId = 'managed-identity-tools.managed-identity-tools';

/** Left on globalThis for the code-server runner, which writes it to the results file. */
const activationReport: { activationMs?: number; wasActiveBefore?: boolean } = {};

describe('Managed Identity Tools in the extension host', () => {
  it('is installed and activates lazily, without errors', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    activationReport.wasActiveBefore = extension.isActive;
    assert.equal(extension.isActive, false, 'nothing activates the extension at startup');
    const started = performance.now();
    await extension.activate();
    activationReport.activationMs = performance.now() - started;
    assert.equal(extension.isActive, true);
    (globalThis as Record<string, unknown>).__miActivationReport = activationReport;
  });

  it('registers every contributed command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of commandIds) {
      assert.ok(registered.has(id), `${id} is registered`);
    }
  });

  it('contributes the activity-bar container and the Managed Identities view', () => {
    const manifest = vscode.extensions.getExtension(extensionId)?.packageJSON as {
      contributes: { viewsContainers: { activitybar: { id: string; title: string }[] }; views: Record<string, { id: string; name: string }[]> };
    };
    const container = manifest.contributes.viewsContainers.activitybar.find((c) => c.id === 'managedIdentity');
    assert.equal(container?.title, 'Managed Identity');
    assert.deepEqual(manifest.contributes.views.managedIdentity?.map((v) => v.name), ['Managed Identities']);
  });

  it('runs Refresh and Show Log without error', async () => {
    await vscode.commands.executeCommand('managedIdentity.refresh');
    await vscode.commands.executeCommand('managedIdentity.showLog');
  });

  it('opens the view from its focus command (the view is registered with a data provider)', async () => {
    await vscode.commands.executeCommand('managedIdentity.explorer.focus');
  });
});

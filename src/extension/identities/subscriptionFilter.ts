import * as vscode from 'vscode';
import type { AzureConnection, SubscriptionRef } from '../azure/AzureConnection';
import { configSection } from '../shared/config';

const key = 'selectedSubscriptions';

/** Subscription ids the explorer shows (lower case); empty means all. */
export function readSubscriptionFilter(): ReadonlySet<string> {
  const ids = vscode.workspace.getConfiguration(configSection).get<unknown[]>(key, []);
  // `tenantId/subscriptionId` (the Azure extensions' format) and a bare subscription id are both accepted.
  return new Set(ids.filter((v): v is string => typeof v === 'string').map((v) => (v.split('/').pop() ?? '').trim().toLowerCase()).filter(Boolean));
}

export function filterSubscriptions(subscriptions: readonly SubscriptionRef[], selected: ReadonlySet<string>): SubscriptionRef[] {
  return selected.size === 0 ? [...subscriptions] : subscriptions.filter((s) => selected.has(s.subscriptionId.toLowerCase()));
}

export function affectsSubscriptionFilter(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${configSection}.${key}`);
}

/** A multi-select of every subscription the connection lists; saves the choice in the user settings. */
export async function pickSubscriptions(connection: AzureConnection): Promise<boolean> {
  const all = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Listing subscriptions…' }, () => connection.listSubscriptions());
  if (all.length === 0) {
    void vscode.window.showInformationMessage('This account has no enabled subscriptions.');
    return false;
  }
  const selected = readSubscriptionFilter();
  const items = all.map((s) => ({ label: s.name, description: s.subscriptionId, detail: s.tenantId ? `Tenant ${s.tenantId}` : undefined, picked: selected.size === 0 || selected.has(s.subscriptionId.toLowerCase()), subscription: s }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Subscriptions to show in the Managed Identities view', canPickMany: true, matchOnDescription: true, placeHolder: 'Select the subscriptions to show' });
  if (picked === undefined) return false;
  const ids = picked.length === all.length ? [] : picked.map((p) => (p.subscription.tenantId ? `${p.subscription.tenantId}/${p.subscription.subscriptionId}` : p.subscription.subscriptionId));
  await vscode.workspace.getConfiguration(configSection).update(key, ids, vscode.ConfigurationTarget.Global);
  return true;
}

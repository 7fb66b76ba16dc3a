import * as vscode from 'vscode';
import type { AzureServices } from '../../../azure/AzureServices';
import type { IdentityDeletionPlan } from '../../../azure/IdentityDeletion';
import { parseArmId } from '../../../core/arm/armId';
import type { ResourceWithIdentity, SubscriptionModelOk, UserAssignedIdentityInfo } from '../../../core/arm/model';
import { identityResourceProfile, resourceDisplayKind } from '../../../core/arm/resourceTypes';
import { CancellationError } from '../../../core/cancellation';
import { ToolError, errorMessage } from '../../../core/errors';
import type { SubscriptionRef } from '../../azure/AzureConnection';
import { toAbortSignal } from '../../shared/cancellation';
import { assignmentsOf, type TreeNode } from '../treeNodes';
import { deleteConfirmationDetail, deleteConfirmationMessage, deletionStoppedMessage } from './identityMessages';
import { registerExplorerCommand, type ExplorerCommandDeps } from './explorerDeps';

/**
 * Create and delete user-assigned identities, assign and unassign them to resources, enable and disable
 * system-assigned identity.
 */
export function registerIdentityCommands(deps: ExplorerCommandDeps): vscode.Disposable[] {
  return [
    // The wizard (and azext-utils with it) loads on first use, not at activation.
    registerExplorerCommand(deps, 'managedIdentity.createIdentity', async (node) => (await import('./createIdentityWizard.js')).createIdentity(deps, nodeOf(node))),
    registerExplorerCommand(deps, 'managedIdentity.deleteIdentity', (node) => deleteIdentity(deps, nodeOf(node))),
    registerExplorerCommand(deps, 'managedIdentity.assignIdentity', (node) => assignIdentity(deps, nodeOf(node))),
    registerExplorerCommand(deps, 'managedIdentity.unassignIdentity', (node) => unassignIdentity(deps, nodeOf(node))),
    registerExplorerCommand(deps, 'managedIdentity.enableSystemAssigned', (node) => enableSystemAssigned(deps, nodeOf(node))),
    registerExplorerCommand(deps, 'managedIdentity.disableSystemAssigned', (node) => disableSystemAssigned(deps, nodeOf(node))),
  ];
}

// ---------------------------------------------------------------------------------------------- helpers

function nodeOf(value: unknown): TreeNode | undefined {
  return typeof value === 'object' && value !== null && 'kind' in value ? (value as TreeNode) : undefined;
}

/** The user dismissed a picker or an input box: stop silently (runCommand says nothing on cancellation). */
function dismissed(): never {
  throw new CancellationError();
}

/** Runs `work` under a cancellable notification; cancelling aborts the Azure calls. */
function withProgress<T>(title: string, work: (signal: AbortSignal | undefined, report: (message: string) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
    work(toAbortSignal(token), (message) => progress.report({ message })),
  );
}

function services(deps: ExplorerCommandDeps, subscription: SubscriptionRef): AzureServices {
  return deps.connection().servicesFor(subscription);
}

async function subscriptionById(deps: ExplorerCommandDeps, subscriptionId: string): Promise<SubscriptionRef> {
  const key = subscriptionId.toLowerCase();
  const known = (await deps.tree.loadedSubscriptions()).find((s) => s.subscriptionId.toLowerCase() === key);
  return known ?? { subscriptionId, name: subscriptionId };
}

async function refreshSubscriptions(deps: ExplorerCommandDeps, subscriptionIds: Iterable<string>): Promise<void> {
  const seen = new Set<string>();
  for (const id of subscriptionIds) {
    if (seen.has(id.toLowerCase())) continue;
    seen.add(id.toLowerCase());
    deps.tree.refreshSubscription(await subscriptionById(deps, id));
  }
}

async function okModelOf(deps: ExplorerCommandDeps, subscription: SubscriptionRef): Promise<SubscriptionModelOk | undefined> {
  const model = await deps.tree.loadModel(subscription);
  return model.status === 'ok' ? model : undefined;
}

function subscriptionNames(subscriptions: readonly SubscriptionRef[]): Map<string, string> {
  return new Map(subscriptions.map((s) => [s.subscriptionId.toLowerCase(), s.name]));
}

async function pickSubscription(deps: ExplorerCommandDeps, title: string): Promise<SubscriptionRef> {
  const subscriptions = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Listing subscriptions…' }, () => deps.tree.loadedSubscriptions());
  if (subscriptions.length === 0) throw new ToolError('notFound', 'This account has no subscriptions to work in.');
  if (subscriptions.length === 1 && subscriptions[0]) return subscriptions[0];
  const picked = await vscode.window.showQuickPick(
    subscriptions.map((s) => ({ label: s.name, description: s.subscriptionId, subscription: s })),
    { title, placeHolder: 'Subscription', matchOnDescription: true, ignoreFocusOut: true },
  );
  return picked?.subscription ?? dismissed();
}

/** Every loaded subscription's model, loading the ones not loaded yet (for pickers over identities and resources). */
async function allModels(deps: ExplorerCommandDeps): Promise<{ subscription: SubscriptionRef; model: SubscriptionModelOk }[]> {
  const subscriptions = await deps.tree.loadedSubscriptions();
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Loading identities…' }, async () => {
    const models = await Promise.all(subscriptions.map(async (subscription) => ({ subscription, model: await okModelOf(deps, subscription) })));
    return models.filter((m): m is { subscription: SubscriptionRef; model: SubscriptionModelOk } => m.model !== undefined);
  });
}

async function pickIdentity(deps: ExplorerCommandDeps, title: string): Promise<{ subscription: SubscriptionRef; identity: UserAssignedIdentityInfo }> {
  const models = await allModels(deps);
  const items = models.flatMap(({ subscription, model }) =>
    [...model.identities].sort((a, b) => a.name.localeCompare(b.name)).map((identity) => ({ label: identity.name, description: `${identity.resourceGroup} · ${subscription.name}`, detail: `client ${identity.clientId}`, subscription, identity })),
  );
  if (items.length === 0) throw new ToolError('notFound', 'No user-assigned identities in the listed subscriptions. Create one first.');
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'User-assigned identity', matchOnDescription: true, ignoreFocusOut: true });
  return picked ?? dismissed();
}

function identityOf(node: TreeNode | undefined): { subscription: SubscriptionRef; identity: UserAssignedIdentityInfo } | undefined {
  if (node?.kind === 'identity') return { subscription: node.subscription, identity: node.identity };
  if (node?.kind === 'section' && node.identity) return { subscription: node.subscription, identity: node.identity };
  return undefined;
}

interface ResourceChoice {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly kind?: string;
  readonly resourceGroup: string;
}

/**
 * Resources of a type whose identities we can manage (App Service, Function App, VM, Container App, …),
 * from one generic listing of the subscription: the loaded model only holds resources that already have
 * an identity.
 */
async function supportedResources(deps: ExplorerCommandDeps, subscription: SubscriptionRef, signal?: AbortSignal): Promise<ResourceChoice[]> {
  const listed = await services(deps, subscription).subscriptions.listResources(subscription.subscriptionId, signal !== undefined ? { signal } : {});
  return listed.filter((r) => identityResourceProfile(r.type) !== undefined && parseArmId(r.id).kind === 'resource');
}

async function pickResource(resources: readonly ResourceChoice[], title: string, placeHolder: string, empty: string): Promise<ResourceChoice> {
  if (resources.length === 0) throw new ToolError('notFound', empty);
  const items = [...resources]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((resource) => ({ label: resource.name, description: `${resourceDisplayKind(resource.type, resource.kind)} · ${resource.resourceGroup}`, resource }));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder, matchOnDescription: true, ignoreFocusOut: true });
  return picked?.resource ?? dismissed();
}

// ---------------------------------------------------------------------------------------------- delete

async function deleteIdentity(deps: ExplorerCommandDeps, node: TreeNode | undefined): Promise<void> {
  const target = identityOf(node) ?? (await pickIdentity(deps, 'Delete Identity'));
  const { identity } = target;
  const subscriptions = await deps.tree.loadedSubscriptions();
  // Look for role assignments and users in every subscription the explorer lists (an identity can be used across them).
  const searched = [...new Set([identity.subscriptionId, ...subscriptions.map((s) => s.subscriptionId)].map((s) => s.toLowerCase()))];
  const azure = services(deps, target.subscription);
  const plan: IdentityDeletionPlan = await withProgress(`Checking what uses ${identity.name}`, (signal) => azure.deletion.plan(identity.id, searched, signal));

  const remove = 'Delete';
  const answer = await vscode.window.showWarningMessage(deleteConfirmationMessage(plan, subscriptionNames(subscriptions)), { modal: true, detail: deleteConfirmationDetail(plan) }, remove);
  if (answer !== remove) dismissed();

  const affected = [identity.subscriptionId, ...plan.usedBy.map((r) => r.subscriptionId), ...plan.roleAssignments.map((a) => parseArmId(a.scope).subscriptionId ?? identity.subscriptionId)];
  try {
    const result = await withProgress(`Deleting managed identity ${identity.name}`, (signal) => azure.deletion.execute(plan, signal));
    deps.logger.info(`Deleted ${identity.id}: detached from ${result.detachedFrom.length} resources, removed ${result.removedAssignments.length} role assignments`);
    const did = [result.detachedFrom.length > 0 ? `detached it from ${result.detachedFrom.length} resource${result.detachedFrom.length === 1 ? '' : 's'}` : undefined, result.removedAssignments.length > 0 ? `removed ${result.removedAssignments.length} role assignment${result.removedAssignments.length === 1 ? '' : 's'}` : undefined].filter((x) => x !== undefined);
    void vscode.window.showInformationMessage(`Deleted identity ${identity.name}${did.length > 0 ? ` (${did.join(', ')})` : ''}.`);
  } catch (error) {
    // With the Azure layer (dist/azure.js), which the command has loaded already.
    const done = (await import('../../azure/createConnection.js')).deletionProgress(error);
    if (done !== undefined && ToolError.is(error)) {
      throw new ToolError(error.reason, deletionStoppedMessage(plan, done, errorMessage(error.original ?? error)), error.original ?? error);
    }
    throw error;
  } finally {
    await refreshSubscriptions(deps, affected);
  }
}

// ---------------------------------------------------------------------------------------------- assign / unassign

async function assignIdentity(deps: ExplorerCommandDeps, node: TreeNode | undefined): Promise<void> {
  const target = identityOf(node) ?? (await pickIdentity(deps, 'Assign Identity to Resource'));
  const { identity, subscription } = target;
  const key = identity.id.toLowerCase();
  const [resources, model] = await withProgress(`Listing resources in ${subscription.name}`, (signal) => Promise.all([supportedResources(deps, subscription, signal), okModelOf(deps, subscription)]));
  const using = new Set((model?.resources ?? []).filter((r) => r.userAssigned.some((u) => u.identityId.toLowerCase() === key)).map((r) => r.id.toLowerCase()));
  const resource = await pickResource(
    resources.filter((r) => !using.has(r.id.toLowerCase())),
    `Assign ${identity.name} to a resource`,
    'App Service, Function App, virtual machine, Container App, …',
    `No resource in ${subscription.name} can take ${identity.name}: no supported resource (App Service, Function App, VM, Container App, …) that does not use it already.`,
  );
  const result = await withProgress(`Assigning ${identity.name} to ${resource.name}`, (signal) =>
    services(deps, subscription).assignments.apply(resource.id, { kind: 'attachUserAssigned', identityIds: [identity.id] }, signal),
  );
  await refreshSubscriptions(deps, [subscription.subscriptionId, parseArmId(resource.id).subscriptionId ?? subscription.subscriptionId]);
  void vscode.window.showInformationMessage(result.transition.changed ? `Assigned ${identity.name} to ${resource.name}. Use client ID ${identity.clientId} in its code.` : `${resource.name} already uses ${identity.name}.`);
}

async function unassignIdentity(deps: ExplorerCommandDeps, node: TreeNode | undefined): Promise<void> {
  let resource: ResourceWithIdentity;
  let identityId: string;
  let identityName: string;
  if (node?.kind === 'resource' && node.role === 'usedBy' && node.identityId !== undefined) {
    resource = node.resource;
    identityId = node.identityId;
    identityName = parseArmId(identityId).name ?? identityId;
  } else {
    const picked = identityOf(node) ?? (await pickIdentity(deps, 'Unassign Identity from Resource'));
    const key = picked.identity.id.toLowerCase();
    const users = (await allModels(deps)).flatMap(({ model }) => model.resources.filter((r) => r.userAssigned.some((u) => u.identityId.toLowerCase() === key)));
    const choice = await pickResource(users, `Unassign ${picked.identity.name} from a resource`, 'Resource using the identity', `${picked.identity.name} is not assigned to any resource.`);
    resource = users.find((u) => u.id === choice.id) ?? dismissed();
    identityId = picked.identity.id;
    identityName = picked.identity.name;
  }
  const unassign = 'Unassign';
  const answer = await vscode.window.showWarningMessage(
    `Unassign ${identityName} from ${resource.name}?`,
    { modal: true, detail: `Code on ${resource.name} that requests tokens for this identity's client ID will stop getting them. The identity and its role assignments stay.` },
    unassign,
  );
  if (answer !== unassign) dismissed();
  const subscription = await subscriptionById(deps, resource.subscriptionId);
  const result = await withProgress(`Unassigning ${identityName} from ${resource.name}`, (signal) =>
    services(deps, subscription).assignments.apply(resource.id, { kind: 'detachUserAssigned', identityIds: [identityId] }, signal),
  );
  await refreshSubscriptions(deps, [resource.subscriptionId, parseArmId(identityId).subscriptionId ?? resource.subscriptionId]);
  void vscode.window.showInformationMessage(result.transition.changed ? `Unassigned ${identityName} from ${resource.name}.` : `${resource.name} did not use ${identityName}.`);
}

// ---------------------------------------------------------------------------------------------- system-assigned

async function enableSystemAssigned(deps: ExplorerCommandDeps, node: TreeNode | undefined): Promise<void> {
  const subscription = node?.kind === 'subscription' || node?.kind === 'systemIdentityGroup' ? node.subscription : await pickSubscription(deps, 'Enable System-Assigned Identity');
  const [resources, model] = await withProgress(`Listing resources in ${subscription.name}`, (signal) => Promise.all([supportedResources(deps, subscription, signal), okModelOf(deps, subscription)]));
  const withSystem = new Set((model?.resources ?? []).filter((r) => r.systemAssignedPrincipalId).map((r) => r.id.toLowerCase()));
  const resource = await pickResource(
    resources.filter((r) => !withSystem.has(r.id.toLowerCase())),
    'Enable the system-assigned identity of',
    'Resource without a system-assigned identity',
    `Every supported resource in ${subscription.name} already has a system-assigned identity.`,
  );
  const result = await withProgress(`Enabling the system-assigned identity of ${resource.name}`, (signal) => services(deps, subscription).assignments.enableSystemAssigned(resource.id, signal));
  deps.tree.refreshSubscription(subscription);
  const shown = await deps.tree.systemIdentityNode(subscription, resource.id);
  if (shown) await deps.reveal(shown);
  const principal = result.after.systemAssignedPrincipalId;
  void vscode.window.showInformationMessage(
    result.transition.changed ? `Enabled the system-assigned identity of ${resource.name}${principal ? ` (principal ID ${principal})` : ''}. Grant it roles next.` : `${resource.name} already has a system-assigned identity.`,
  );
}

async function disableSystemAssigned(deps: ExplorerCommandDeps, node: TreeNode | undefined): Promise<void> {
  let resource: ResourceWithIdentity;
  if (node?.kind === 'resource' && node.resource.systemAssignedPrincipalId) {
    resource = node.resource;
  } else {
    const candidates = (await allModels(deps)).flatMap(({ model }) => model.resources.filter((r) => r.systemAssignedPrincipalId));
    const choice = await pickResource(candidates, 'Disable the system-assigned identity of', 'Resource with a system-assigned identity', 'No resource in the listed subscriptions has a system-assigned identity.');
    resource = candidates.find((c) => c.id === choice.id) ?? dismissed();
  }
  const roles = assignmentsOf(deps.tree.loadedModels().values(), resource.systemAssignedPrincipalId ?? '');
  const disable = 'Disable';
  const answer = await vscode.window.showWarningMessage(
    `Disable the system-assigned identity of ${resource.name}?`,
    {
      modal: true,
      detail:
        roles.length > 0
          ? `Its ${roles.length} role assignment${roles.length === 1 ? '' : 's'} will stop working: Azure deletes the identity's principal, and enabling it again creates a new one. Code on ${resource.name} that uses it will stop getting tokens.`
          : `Code on ${resource.name} that uses it will stop getting tokens. Enabling it again creates a new principal.`,
    },
    disable,
  );
  if (answer !== disable) dismissed();
  const subscription = await subscriptionById(deps, resource.subscriptionId);
  const result = await withProgress(`Disabling the system-assigned identity of ${resource.name}`, (signal) => services(deps, subscription).assignments.disableSystemAssigned(resource.id, signal));
  deps.tree.refreshSubscription(subscription);
  void vscode.window.showInformationMessage(result.transition.changed ? `Disabled the system-assigned identity of ${resource.name}.` : `${resource.name} had no system-assigned identity.`);
}

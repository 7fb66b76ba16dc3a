import * as vscode from 'vscode';
import type { FederatedCredentialInfo } from '../../azure/IdentityService';
import { parseArmId } from '../../core/arm/armId';
import type { ResourceWithIdentity, SubscriptionModel, SubscriptionModelOk, UserAssignedIdentityInfo } from '../../core/arm/model';
import type { RoleAssignmentInfo } from '../../core/arm/roleAssignments';
import type { SubscriptionRef } from '../azure/AzureConnection';

/**
 * The explorer's nodes as plain data. `contextValue`s (package.json `menus` match on them):
 * subscription, subscriptionError, identityGroup, resourceGroup, identity, systemIdentityGroup,
 * resource.systemAssigned, resource.usedBy, section.roles, section.federated, section.usedBy,
 * roleAssignment, federatedCredential, message.
 */
export type TreeNode =
  | { readonly kind: 'message'; readonly id: string; readonly label: string; readonly icon?: string; readonly command?: vscode.Command; readonly tooltip?: string }
  | { readonly kind: 'subscription'; readonly id: string; readonly subscription: SubscriptionRef }
  | { readonly kind: 'subscriptionError'; readonly id: string; readonly subscription: SubscriptionRef; readonly message: string }
  | { readonly kind: 'identityGroup'; readonly id: string; readonly subscription: SubscriptionRef }
  | { readonly kind: 'resourceGroup'; readonly id: string; readonly subscription: SubscriptionRef; readonly resourceGroup: string; readonly identities: readonly UserAssignedIdentityInfo[] }
  | { readonly kind: 'identity'; readonly id: string; readonly subscription: SubscriptionRef; readonly identity: UserAssignedIdentityInfo }
  | { readonly kind: 'systemIdentityGroup'; readonly id: string; readonly subscription: SubscriptionRef }
  | { readonly kind: 'resource'; readonly id: string; readonly subscription: SubscriptionRef; readonly resource: ResourceWithIdentity; readonly role: 'systemAssigned' | 'usedBy'; readonly identityId?: string }
  | { readonly kind: 'section'; readonly id: string; readonly subscription: SubscriptionRef; readonly section: 'roles' | 'federated' | 'usedBy'; readonly principalId: string; readonly identity?: UserAssignedIdentityInfo }
  | { readonly kind: 'roleAssignment'; readonly id: string; readonly subscription: SubscriptionRef; readonly assignment: RoleAssignmentInfo; readonly principalId: string }
  | { readonly kind: 'federatedCredential'; readonly id: string; readonly subscription: SubscriptionRef; readonly identity: UserAssignedIdentityInfo; readonly credential: FederatedCredentialInfo };

/** A readable scope: `stcontoso (Storage account) in rg-data`, `resource group rg-data`, `subscription Production`. */
export function readableScope(scope: string, subscriptionNames: ReadonlyMap<string, string>): string {
  const parsed = parseArmId(scope);
  switch (parsed.kind) {
    case 'root':
      return 'tenant root';
    case 'managementGroup':
      return `management group ${parsed.managementGroup ?? ''}`;
    case 'subscription':
      return `subscription ${subscriptionNames.get(parsed.subscriptionId ?? '') ?? parsed.subscriptionId ?? ''}`;
    case 'resourceGroup':
      return `resource group ${parsed.resourceGroup ?? ''}`;
    case 'resource': {
      const type = (parsed.resourceType ?? '').split('/').pop() ?? '';
      return `${parsed.name ?? ''} (${type})${parsed.resourceGroup !== undefined ? ` in ${parsed.resourceGroup}` : ''}`;
    }
  }
}

const resourceIcons: Record<string, string> = {
  'microsoft.web/sites': 'globe',
  'microsoft.web/sites/slots': 'globe',
  'microsoft.compute/virtualmachines': 'vm',
  'microsoft.compute/virtualmachinescalesets': 'vm',
  'microsoft.app/containerapps': 'package',
  'microsoft.app/jobs': 'package',
  'microsoft.containerservice/managedclusters': 'server-environment',
  'microsoft.storage/storageaccounts': 'database',
};

function resourceIcon(type: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(resourceIcons[type.toLowerCase()] ?? 'symbol-misc');
}

export interface RenderContext {
  readonly models: ReadonlyMap<string, SubscriptionModel>;
  readonly subscriptionNames: ReadonlyMap<string, string>;
  readonly filter: string;
}

/** Role assignments held by `principalId` in the loaded subscription models. */
export function assignmentsOf(models: Iterable<SubscriptionModel>, principalId: string): RoleAssignmentInfo[] {
  const key = principalId.toLowerCase();
  const seen = new Set<string>();
  const out: RoleAssignmentInfo[] = [];
  for (const model of models) {
    if (model.status !== 'ok') continue;
    for (const a of model.roleAssignmentsByPrincipal.get(key) ?? []) {
      if (seen.has(a.id.toLowerCase())) continue;
      seen.add(a.id.toLowerCase());
      out.push(a);
    }
  }
  return out.sort((a, b) => (a.roleName ?? '').localeCompare(b.roleName ?? '') || a.scope.localeCompare(b.scope));
}

export function toTreeItem(node: TreeNode, context: RenderContext): vscode.TreeItem {
  const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
  const none = vscode.TreeItemCollapsibleState.None;
  switch (node.kind) {
    case 'message': {
      const item = new vscode.TreeItem(node.label, none);
      if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
      if (node.command) item.command = node.command;
      item.tooltip = node.tooltip;
      item.contextValue = 'message';
      return withId(item, node.id);
    }
    case 'subscription': {
      const item = new vscode.TreeItem(node.subscription.name, collapsed);
      item.iconPath = new vscode.ThemeIcon('key');
      item.description = node.subscription.subscriptionId;
      item.tooltip = `Subscription ${node.subscription.name}\n${node.subscription.subscriptionId}${node.subscription.tenantId ? `\nTenant ${node.subscription.tenantId}` : ''}`;
      item.contextValue = 'subscription';
      return withId(item, node.id);
    }
    case 'subscriptionError': {
      const item = new vscode.TreeItem('Could not load this subscription', none);
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      item.description = node.message;
      item.tooltip = `${node.message}\n\nSelect to retry.`;
      item.contextValue = 'subscriptionError';
      item.command = { command: 'managedIdentity.retrySubscription', title: 'Retry', arguments: [node] };
      return withId(item, node.id);
    }
    case 'identityGroup': {
      const model = okModel(context, node.subscription);
      const count = model ? model.identities.filter((i) => matches(i.name, context.filter)).length : 0;
      const item = new vscode.TreeItem('User-assigned identities', count > 0 ? vscode.TreeItemCollapsibleState.Expanded : none);
      item.iconPath = new vscode.ThemeIcon('person');
      item.description = `${count}`;
      item.contextValue = 'identityGroup';
      return withId(item, node.id);
    }
    case 'resourceGroup': {
      const item = new vscode.TreeItem(node.resourceGroup, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = new vscode.ThemeIcon('folder');
      item.description = `${node.identities.length}`;
      item.tooltip = `Resource group ${node.resourceGroup}`;
      item.contextValue = 'resourceGroup';
      return withId(item, node.id);
    }
    case 'identity': {
      const { identity } = node;
      const item = new vscode.TreeItem(identity.name, collapsed);
      item.iconPath = new vscode.ThemeIcon('account');
      item.description = `client ${identity.clientId}`;
      item.tooltip = new vscode.MarkdownString(
        [`**${identity.name}** (user-assigned managed identity)`, `Client ID: \`${identity.clientId}\``, `Principal ID: \`${identity.principalId}\``, `Location: ${identity.location}`, `Resource group: ${identity.resourceGroup}`].join('\n\n'),
      );
      item.contextValue = 'identity';
      return withId(item, node.id);
    }
    case 'systemIdentityGroup': {
      const model = okModel(context, node.subscription);
      const count = model ? model.resources.filter((r) => r.systemAssignedPrincipalId && matches(r.name, context.filter)).length : 0;
      const item = new vscode.TreeItem('System-assigned identities', count > 0 ? collapsed : none);
      item.iconPath = new vscode.ThemeIcon('server-process');
      item.description = `${count}`;
      item.contextValue = 'systemIdentityGroup';
      return withId(item, node.id);
    }
    case 'resource': {
      const { resource } = node;
      const system = node.role === 'systemAssigned';
      const item = new vscode.TreeItem(resource.name, system ? collapsed : none);
      item.iconPath = resourceIcon(resource.type);
      item.description = system ? `${resource.displayKind} · principal ${resource.systemAssignedPrincipalId ?? ''}` : `${resource.displayKind} in ${resource.resourceGroup}`;
      item.tooltip = new vscode.MarkdownString(
        [`**${resource.name}** (${resource.displayKind})`, `Resource group: ${resource.resourceGroup}`, resource.systemAssignedPrincipalId ? `System-assigned principal ID: \`${resource.systemAssignedPrincipalId}\`` : 'No system-assigned identity', `User-assigned identities: ${resource.userAssigned.length}`].join('\n\n'),
      );
      item.contextValue = `resource.${node.role}${resource.systemAssignedPrincipalId ? '.hasSystem' : ''}`;
      return withId(item, node.id);
    }
    case 'section': {
      const labels = { roles: 'Role assignments', federated: 'Federated credentials', usedBy: 'Used by' } as const;
      const icons = { roles: 'shield', federated: 'link', usedBy: 'references' } as const;
      const item = new vscode.TreeItem(labels[node.section], collapsed);
      item.iconPath = new vscode.ThemeIcon(icons[node.section]);
      if (node.section === 'roles') item.description = `${assignmentsOf(context.models.values(), node.principalId).length}`;
      item.contextValue = `section.${node.section}`;
      return withId(item, node.id);
    }
    case 'roleAssignment': {
      const { assignment } = node;
      const role = assignment.roleName ?? assignment.roleDefinitionId.split('/').pop() ?? 'role';
      const item = new vscode.TreeItem(`${role} @ ${readableScope(assignment.scope, context.subscriptionNames)}`, none);
      item.iconPath = new vscode.ThemeIcon(/owner|contributor|administrator/i.test(role) && !/data|reader/i.test(role) ? 'warning' : 'shield');
      item.tooltip = `${role}\nScope: ${assignment.scope}\nAssignment: ${assignment.name}${assignment.condition ? `\nCondition: ${assignment.condition}` : ''}`;
      item.contextValue = 'roleAssignment';
      return withId(item, node.id);
    }
    case 'federatedCredential': {
      const { credential } = node;
      const item = new vscode.TreeItem(credential.name, none);
      item.iconPath = new vscode.ThemeIcon(/token\.actions\.githubusercontent\.com/.test(credential.issuer) ? 'github' : 'link');
      item.description = credential.subject;
      item.tooltip = `Issuer: ${credential.issuer}\nSubject: ${credential.subject}\nAudiences: ${credential.audiences.join(', ')}`;
      item.contextValue = 'federatedCredential';
      return withId(item, node.id);
    }
  }
}

function withId(item: vscode.TreeItem, id: string): vscode.TreeItem {
  item.id = id;
  return item;
}

export function okModel(context: RenderContext, subscription: SubscriptionRef): SubscriptionModelOk | undefined {
  const model = context.models.get(subscription.subscriptionId.toLowerCase());
  return model?.status === 'ok' ? model : undefined;
}

export function matches(name: string, filter: string): boolean {
  return filter === '' || name.toLowerCase().includes(filter.toLowerCase());
}

/** The resource id a node stands for, for Copy Resource ID and Open in Portal. */
export function resourceIdOf(node: TreeNode): string | undefined {
  switch (node.kind) {
    case 'identity':
      return node.identity.id;
    case 'resource':
      return node.resource.id;
    case 'roleAssignment':
      return node.assignment.id;
    case 'federatedCredential':
      return node.credential.id;
    case 'subscription':
      return `/subscriptions/${node.subscription.subscriptionId}`;
    default:
      return undefined;
  }
}

import * as vscode from 'vscode';
import type { FederatedCredentialInfo } from '../../azure/IdentityService';
import type { SubscriptionModel } from '../../core/arm/model';
import { errorMessage } from '../../core/errors';
import type { AzureConnection, SubscriptionRef } from '../azure/AzureConnection';
import { Disposable } from '../shared/Disposable';
import { filterSubscriptions, readSubscriptionFilter } from './subscriptionFilter';
import type { Logger } from '../shared/logger';
import { assignmentsOf, matches, okModel, toTreeItem, type RenderContext, type TreeNode } from './treeNodes';

/**
 * The "Managed Identities" tree. Subscriptions are listed from the connection; each subscription's model
 * (identities, resources with identities, role assignments) is loaded once when it is expanded, with one
 * paged role-assignment listing per subscription (src/azure TenantModelLoader). A failed subscription
 * shows an error node with retry while the others load. Federated credentials are listed when their
 * section is expanded.
 */
export class IdentityTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<TreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private subscriptions: Promise<SubscriptionRef[] | Error> | undefined;
  private readonly models = new Map<string, SubscriptionModel>();
  private readonly loading = new Map<string, Promise<SubscriptionModel>>();
  private readonly federated = new Map<string, Promise<FederatedCredentialInfo[] | Error>>();
  private readonly subscriptionNames = new Map<string, string>();
  private filterText = '';

  constructor(
    private readonly currentConnection: () => AzureConnection,
    /** Loads the Azure layer on first use; awaited before anything is listed. */
    private readonly ready: () => Promise<void>,
    private readonly logger: Logger,
  ) {
    super();
  }

  /** Created on first use, so activating for a source file does not set up Azure sign-in. */
  private get connection(): AzureConnection {
    return this.currentConnection();
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node, this.renderContext());
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    await this.ready();
    if (node === undefined) return this.rootChildren();
    const context = this.renderContext();
    switch (node.kind) {
      case 'subscription': {
        const model = await this.loadModel(node.subscription);
        const sid = node.subscription.subscriptionId.toLowerCase();
        if (model.status === 'error') return [{ kind: 'subscriptionError', id: `${sid}/error`, subscription: node.subscription, message: model.error.message }];
        return [
          { kind: 'identityGroup', id: `${sid}/identities`, subscription: node.subscription },
          { kind: 'systemIdentityGroup', id: `${sid}/system`, subscription: node.subscription },
        ];
      }
      case 'identityGroup': {
        const model = okModel(context, node.subscription);
        if (!model) return [];
        const byGroup = new Map<string, typeof model.identities[number][]>();
        for (const identity of model.identities) {
          if (!matches(identity.name, this.filterText)) continue;
          const list = byGroup.get(identity.resourceGroup) ?? [];
          list.push(identity);
          byGroup.set(identity.resourceGroup, list);
        }
        if (byGroup.size === 0) return [this.message(`${node.id}/empty`, this.filterText ? `No identity matches "${this.filterText}"` : 'No user-assigned identities', 'info')];
        const sid = node.subscription.subscriptionId.toLowerCase();
        return [...byGroup.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([resourceGroup, identities]) => ({ kind: 'resourceGroup', id: `${sid}/rg/${resourceGroup.toLowerCase()}`, subscription: node.subscription, resourceGroup, identities: identities.sort((a, b) => a.name.localeCompare(b.name)) }));
      }
      case 'resourceGroup':
        return node.identities.map((identity) => ({ kind: 'identity', id: identity.id.toLowerCase(), subscription: node.subscription, identity }));
      case 'identity': {
        const base = node.identity.id.toLowerCase();
        return [
          { kind: 'section', id: `${base}/roles`, subscription: node.subscription, section: 'roles', principalId: node.identity.principalId, identity: node.identity },
          { kind: 'section', id: `${base}/federated`, subscription: node.subscription, section: 'federated', principalId: node.identity.principalId, identity: node.identity },
          { kind: 'section', id: `${base}/usedBy`, subscription: node.subscription, section: 'usedBy', principalId: node.identity.principalId, identity: node.identity },
        ];
      }
      case 'systemIdentityGroup': {
        const model = okModel(context, node.subscription);
        if (!model) return [];
        const resources = model.resources.filter((r) => r.systemAssignedPrincipalId && matches(r.name, this.filterText)).sort((a, b) => a.name.localeCompare(b.name));
        if (resources.length === 0) return [this.message(`${node.id}/empty`, 'No resources with a system-assigned identity', 'info')];
        return resources.map((resource) => ({ kind: 'resource', id: `${resource.id.toLowerCase()}#system`, subscription: node.subscription, resource, role: 'systemAssigned' }));
      }
      case 'resource':
        if (node.role !== 'systemAssigned' || !node.resource.systemAssignedPrincipalId) return [];
        return this.roleChildren(node.subscription, node.resource.systemAssignedPrincipalId, `${node.id}/roles`);
      case 'section':
        return this.sectionChildren(node);
      default:
        return [];
    }
  }

  /**
   * The parent of a node, for `TreeView.reveal`: rebuilt from the node's subscription and the loaded
   * model (nodes are plain data identified by `id`, so an equal node stands for the shown one).
   */
  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'message' || node.kind === 'subscription') return undefined;
    const sid = node.subscription.subscriptionId.toLowerCase();
    const subscriptionNode: TreeNode = { kind: 'subscription', id: sid, subscription: node.subscription };
    switch (node.kind) {
      case 'subscriptionError':
      case 'identityGroup':
      case 'systemIdentityGroup':
        return subscriptionNode;
      case 'resourceGroup':
        return { kind: 'identityGroup', id: `${sid}/identities`, subscription: node.subscription };
      case 'identity':
        return this.resourceGroupNode(node.subscription, node.identity.resourceGroup);
      case 'resource':
        if (node.role === 'systemAssigned') return { kind: 'systemIdentityGroup', id: `${sid}/system`, subscription: node.subscription };
        return node.identityId ? this.sectionOf(node.subscription, node.identityId, 'usedBy') : undefined;
      case 'section':
        return node.identity ? { kind: 'identity', id: node.identity.id.toLowerCase(), subscription: node.subscription, identity: node.identity } : undefined;
      case 'federatedCredential':
        return this.sectionOf(node.subscription, node.identity.id, 'federated');
      default:
        return undefined;
    }
  }

  /** The tree node of a user-assigned identity, after (re)loading its subscription's model. */
  async identityNode(subscription: SubscriptionRef, identityId: string): Promise<TreeNode | undefined> {
    const model = await this.loadModel(subscription);
    const identity = model.status === 'ok' ? model.identities.find((i) => i.id.toLowerCase() === identityId.toLowerCase()) : undefined;
    return identity ? { kind: 'identity', id: identity.id.toLowerCase(), subscription, identity } : undefined;
  }

  /** The tree node of a resource's system-assigned identity, after (re)loading its subscription's model. */
  async systemIdentityNode(subscription: SubscriptionRef, resourceId: string): Promise<TreeNode | undefined> {
    const model = await this.loadModel(subscription);
    const resource = model.status === 'ok' ? model.resources.find((r) => r.id.toLowerCase() === resourceId.toLowerCase() && r.systemAssignedPrincipalId) : undefined;
    return resource ? { kind: 'resource', id: `${resource.id.toLowerCase()}#system`, subscription, resource, role: 'systemAssigned' } : undefined;
  }

  private resourceGroupNode(subscription: SubscriptionRef, resourceGroup: string): TreeNode {
    const model = this.models.get(subscription.subscriptionId.toLowerCase());
    const key = resourceGroup.toLowerCase();
    const identities = model?.status === 'ok' ? model.identities.filter((i) => i.resourceGroup.toLowerCase() === key && matches(i.name, this.filterText)).sort((a, b) => a.name.localeCompare(b.name)) : [];
    return { kind: 'resourceGroup', id: `${subscription.subscriptionId.toLowerCase()}/rg/${key}`, subscription, resourceGroup, identities };
  }

  private sectionOf(subscription: SubscriptionRef, identityId: string, section: 'usedBy' | 'federated'): TreeNode | undefined {
    const model = this.models.get(subscription.subscriptionId.toLowerCase());
    const identity = model?.status === 'ok' ? model.identities.find((i) => i.id.toLowerCase() === identityId.toLowerCase()) : undefined;
    if (!identity) return undefined;
    return { kind: 'section', id: `${identity.id.toLowerCase()}/${section}`, subscription, section, principalId: identity.principalId, identity };
  }

  /** Reloads everything: subscriptions and every model. */
  refresh(): void {
    this.subscriptions = undefined;
    this.models.clear();
    this.loading.clear();
    this.federated.clear();
    this.changed.fire(undefined);
  }

  /** Reloads one subscription's model (after a change in it, or from its error node). */
  refreshSubscription(subscription: SubscriptionRef): void {
    const key = subscription.subscriptionId.toLowerCase();
    this.models.delete(key);
    this.loading.delete(key);
    for (const k of [...this.federated.keys()]) if (k.startsWith(`/subscriptions/${key}/`)) this.federated.delete(k);
    this.changed.fire(undefined);
  }

  /** Reloads the federated credentials of one identity. */
  refreshFederated(identityId: string): void {
    this.federated.delete(identityId.toLowerCase());
    this.changed.fire(undefined);
  }

  /** Loaded models, for commands that need to know what is where (pickers, delete confirmations). */
  loadedModels(): ReadonlyMap<string, SubscriptionModel> {
    return this.models;
  }

  async loadedSubscriptions(): Promise<SubscriptionRef[]> {
    const listed = await this.listSubscriptions();
    if (listed instanceof Error) throw listed;
    return listed;
  }

  /** The model of `subscription`, loaded now if it was not. */
  loadModel(subscription: SubscriptionRef): Promise<SubscriptionModel> {
    const key = subscription.subscriptionId.toLowerCase();
    const known = this.models.get(key);
    if (known) return Promise.resolve(known);
    let pending = this.loading.get(key);
    if (!pending) {
      const started = Date.now();
      pending = this.connection
        .servicesFor(subscription)
        .loader.loadSubscription(subscription.subscriptionId)
        .then((model) => {
          if (this.loading.get(key) === pending) {
            this.models.set(key, model);
            this.loading.delete(key);
          }
          if (model.status === 'error') this.logger.warn(`Subscription ${subscription.name}: ${model.error.message}`);
          else this.logger.info(`Loaded ${subscription.name}: ${model.identities.length} identities, ${model.resources.length} resources with identities (${Date.now() - started} ms)`);
          return model;
        });
      this.loading.set(key, pending);
    }
    return pending;
  }

  private renderContext(): RenderContext {
    return { models: this.models, subscriptionNames: this.subscriptionNames, filter: this.filterText };
  }

  private message(id: string, label: string, icon?: string, command?: vscode.Command, tooltip?: string): TreeNode {
    return { kind: 'message', id, label, ...(icon ? { icon } : {}), ...(command ? { command } : {}), ...(tooltip ? { tooltip } : {}) };
  }

  private listSubscriptions(): Promise<SubscriptionRef[] | Error> {
    this.subscriptions ??= this.connection.listSubscriptions().then(
      (subs) => {
        this.subscriptionNames.clear();
        for (const s of subs) this.subscriptionNames.set(s.subscriptionId.toLowerCase(), s.name);
        return subs;
      },
      (error: unknown) => {
        this.logger.error('Listing subscriptions failed', error);
        return error instanceof Error ? error : new Error(errorMessage(error));
      },
    );
    return this.subscriptions;
  }

  private async rootChildren(): Promise<TreeNode[]> {
    const signedIn = await this.connection.isSignedIn();
    void vscode.commands.executeCommand('setContext', 'managedIdentity.signedIn', signedIn);
    if (!signedIn) {
      // An empty tree shows the view's welcome content, with its "Sign in to Azure" button.
      if (this.connection.kind === 'microsoftAccount') return [];
      return [this.message('noCredential', `No credential for ${this.connection.description}`, 'warning', { command: 'managedIdentity.signIn', title: 'Check credential' }, 'Sign in with `az login`, or set the AZURE_* environment variables, then refresh.')];
    }
    const subscriptions = await this.listSubscriptions();
    if (subscriptions instanceof Error) {
      return [this.message('subscriptionsError', `Could not list subscriptions: ${subscriptions.message}`, 'error', { command: 'managedIdentity.refresh', title: 'Retry' }, 'Select to retry.')];
    }
    if (subscriptions.length === 0) {
      return [this.message('noSubscriptions', 'No subscriptions for this account', 'info', undefined, 'The account has no enabled subscription, or the Azure extensions\' subscription filter hides them all.')];
    }
    const shown = filterSubscriptions(subscriptions, readSubscriptionFilter());
    if (shown.length === 0) {
      return [this.message('noSelectedSubscriptions', 'No subscriptions selected. Select Subscriptions…', 'filter', { command: 'managedIdentity.selectSubscriptions', title: 'Select Subscriptions' })];
    }
    return shown.map((subscription) => ({ kind: 'subscription', id: subscription.subscriptionId.toLowerCase(), subscription }));
  }

  private roleChildren(subscription: SubscriptionRef, principalId: string, idBase: string): TreeNode[] {
    const assignments = assignmentsOf(this.models.values(), principalId);
    if (assignments.length === 0) return [this.message(`${idBase}/empty`, 'No role assignments', 'info')];
    return assignments.map((assignment) => ({ kind: 'roleAssignment', id: `${idBase}/${assignment.id.toLowerCase()}`, subscription, assignment, principalId }));
  }

  private async sectionChildren(node: Extract<TreeNode, { kind: 'section' }>): Promise<TreeNode[]> {
    const identity = node.identity;
    switch (node.section) {
      case 'roles':
        return this.roleChildren(node.subscription, node.principalId, node.id);
      case 'usedBy': {
        if (!identity) return [];
        const key = identity.id.toLowerCase();
        const users = [...this.models.values()].flatMap((m) => (m.status === 'ok' ? m.resources.filter((r) => r.userAssigned.some((u) => u.identityId.toLowerCase() === key)) : []));
        if (users.length === 0) return [this.message(`${node.id}/empty`, 'Not assigned to any resource', 'info')];
        return users.map((resource) => ({ kind: 'resource', id: `${node.id}/${resource.id.toLowerCase()}`, subscription: node.subscription, resource, role: 'usedBy', identityId: identity.id }));
      }
      case 'federated': {
        if (!identity) return [];
        const key = identity.id.toLowerCase();
        let pending = this.federated.get(key);
        if (!pending) {
          pending = this.connection
            .servicesFor(node.subscription)
            .identities.listFederatedCredentials(identity.id)
            .catch((error: unknown) => (error instanceof Error ? error : new Error(errorMessage(error))));
          this.federated.set(key, pending);
        }
        const credentials = await pending;
        if (credentials instanceof Error) {
          this.federated.delete(key);
          return [this.message(`${node.id}/error`, `Could not list federated credentials: ${credentials.message}`, 'error')];
        }
        if (credentials.length === 0) return [this.message(`${node.id}/empty`, 'No federated credentials', 'info')];
        return credentials.map((credential) => ({ kind: 'federatedCredential', id: `${node.id}/${credential.name.toLowerCase()}`, subscription: node.subscription, identity, credential }));
      }
    }
  }
}

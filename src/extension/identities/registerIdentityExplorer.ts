import * as vscode from 'vscode';
import type { AzureConnection } from '../azure/AzureConnection';
import type * as AzureConnections from '../azure/createConnection';
import { affectsAzureConnection } from '../azure/azureSettings';
import type { Logger } from '../shared/logger';
import { registerCommand } from '../shared/runCommand';
import type { ExplorerCommandDeps } from './commands/explorerDeps';
import { registerIdentityCommands } from './commands/identityCommands';
import { registerRoleCommands } from './commands/roleCommands';
import { IdentityTreeProvider } from './IdentityTreeProvider';
import { affectsSubscriptionFilter, pickSubscriptions } from './subscriptionFilter';
import { resourceIdOf, type TreeNode } from './treeNodes';

export const explorerViewId = 'managedIdentity.explorer';

export interface IdentityExplorerDeps {
  logger: Logger;
}

/** The "Managed Identities" view and the commands that read from it. */
export function registerIdentityExplorer({ logger }: IdentityExplorerDeps): vscode.Disposable {
  let current: { connection: AzureConnection; listener: vscode.Disposable } | undefined;
  // The Azure SDK and the sign-in toolkit load on first use (the tree's first expansion, a command), not
  // at activation: activating for a source file's secret diagnostics must not pay for them.
  let azure: typeof AzureConnections | undefined;
  let loading: Promise<void> | undefined;
  const ready = (): Promise<void> =>
    (loading ??= import('../azure/createConnection.js').then((loaded) => {
      azure = loaded;
    }));
  const connection = (): AzureConnection => {
    if (azure === undefined) throw new Error('The Azure connection was used before it was loaded.');
    if (current === undefined) {
      const created = azure.createConnection(logger);
      current = { connection: created, listener: created.onDidChangeSignIn(() => provider.refresh()) };
    }
    return current.connection;
  };
  const dropConnection = (): void => {
    current?.listener.dispose();
    current?.connection.dispose();
    current = undefined;
  };
  const provider = new IdentityTreeProvider(connection, ready, logger);
  const view = vscode.window.createTreeView(explorerViewId, { treeDataProvider: provider, showCollapseAll: true });

  const describeFilter = () => {
    view.description = provider.filter ? `filter: ${provider.filter}` : undefined;
    void vscode.commands.executeCommand('setContext', 'managedIdentity.filtered', provider.filter !== '');
  };

  const copy = async (text: string | undefined, what: string) => {
    if (!text) throw new Error(`This item has no ${what}.`);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(`Copied ${what} ${text}`, 4000);
  };

  const reveal = async (node: TreeNode): Promise<void> => {
    try {
      // Selected but not focused: focus stays where the user is (an editor, the palette, a notification).
      await view.reveal(node, { select: true, focus: false, expand: true });
    } catch (error) {
      // Revealing is a courtesy: the change itself is done and the tree shows it.
      logger.warn(`Could not reveal ${node.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const deps: ExplorerCommandDeps = { logger, tree: provider, connection, ready, reveal };
  return vscode.Disposable.from(
    provider,
    view,
    ...registerIdentityCommands(deps),
    ...registerRoleCommands(deps),
    { dispose: dropConnection },
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsAzureConnection(event)) dropConnection();
      if (affectsAzureConnection(event) || affectsSubscriptionFilter(event)) provider.refresh();
    }),
    registerCommand(logger, 'managedIdentity.refresh', () => provider.refresh()),
    registerCommand(logger, 'managedIdentity.signIn', async () => {
      await ready();
      if (await connection().signIn()) provider.refresh();
    }),
    registerCommand(logger, 'managedIdentity.selectSubscriptions', async () => {
      await ready();
      await pickSubscriptions(connection());
    }),
    registerCommand(logger, 'managedIdentity.retrySubscription', (node) => {
      const n = node as TreeNode | undefined;
      if (n && (n.kind === 'subscriptionError' || n.kind === 'subscription')) provider.refreshSubscription(n.subscription);
      else provider.refresh();
    }),
    registerCommand(logger, 'managedIdentity.filter', async () => {
      const text = await vscode.window.showInputBox({ title: 'Filter identities and resources', prompt: 'Show identities and resources whose name contains this text', value: provider.filter, placeHolder: 'e.g. orders' });
      if (text === undefined) return;
      provider.setFilter(text);
      describeFilter();
    }),
    registerCommand(logger, 'managedIdentity.clearFilter', () => {
      provider.setFilter('');
      describeFilter();
    }),
    registerCommand(logger, 'managedIdentity.copyClientId', (node) => copy(nodeOf(node)?.kind === 'identity' ? (node as Extract<TreeNode, { kind: 'identity' }>).identity.clientId : undefined, 'client ID')),
    registerCommand(logger, 'managedIdentity.copyPrincipalId', (node) => copy(principalIdOf(nodeOf(node)), 'principal ID')),
    registerCommand(logger, 'managedIdentity.copyResourceId', (node) => copy(nodeOf(node) ? resourceIdOf(nodeOf(node) as TreeNode) : undefined, 'resource ID')),
    registerCommand(logger, 'managedIdentity.openInPortal', async (node) => {
      const n = nodeOf(node);
      const id = n ? resourceIdOf(n) : undefined;
      if (!n || !id || n.kind === 'message' || n.kind === 'subscriptionError') throw new Error('Select an identity, resource or role assignment in the Managed Identities view.');
      await ready();
      await vscode.env.openExternal(vscode.Uri.parse(connection().portalUrl(id, n.subscription.tenantId)));
    }),
  );
}

function nodeOf(value: unknown): TreeNode | undefined {
  return typeof value === 'object' && value !== null && 'kind' in value ? (value as TreeNode) : undefined;
}

function principalIdOf(node: TreeNode | undefined): string | undefined {
  if (node?.kind === 'identity') return node.identity.principalId;
  if (node?.kind === 'resource') return node.resource.systemAssignedPrincipalId;
  return undefined;
}

import * as vscode from 'vscode';
import type { Logger } from '../shared/logger';
import { registerCommand } from '../shared/runCommand';
import { IdentityTreeProvider } from './IdentityTreeProvider';

export const explorerViewId = 'managedIdentity.explorer';

export interface IdentityExplorerDeps {
  logger: Logger;
}

/** The "Managed Identities" view and the commands that act on it. */
export function registerIdentityExplorer({ logger }: IdentityExplorerDeps): vscode.Disposable {
  const provider = new IdentityTreeProvider();
  const view = vscode.window.createTreeView(explorerViewId, { treeDataProvider: provider, showCollapseAll: true });
  return vscode.Disposable.from(
    provider,
    view,
    registerCommand(logger, 'managedIdentity.refresh', () => provider.refresh()),
  );
}

import type * as vscode from 'vscode';
import type { AzureConnection } from '../../azure/AzureConnection';
import type { CommandId } from '../../commandIds';
import { registerCommand } from '../../shared/runCommand';
import type { Logger } from '../../shared/logger';
import type { IdentityTreeProvider } from '../IdentityTreeProvider';
import type { TreeNode } from '../treeNodes';

/** What the explorer's commands are given: the log, the tree (to read loaded models and to refresh), and the current connection. */
export interface ExplorerCommandDeps {
  readonly logger: Logger;
  readonly tree: IdentityTreeProvider;
  /** The connection in use now (it changes when the settings do); only after `ready()` has resolved. */
  connection(): AzureConnection;
  /** Loads the Azure layer (SDK clients, sign-in) the first time; every command awaits it before its work. */
  ready(): Promise<void>;
  /** Shows a node in the view, expanding its parents and selecting it (after a create, for example). */
  reveal(node: TreeNode): Promise<void>;
}

/** Registers an explorer command whose handler runs once the Azure layer is loaded. */
export function registerExplorerCommand(deps: ExplorerCommandDeps, id: CommandId, handler: (...args: unknown[]) => unknown): vscode.Disposable {
  return registerCommand(deps.logger, id, async (...args: unknown[]) => {
    await deps.ready();
    return handler(...args);
  });
}

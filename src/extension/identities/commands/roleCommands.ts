import type * as vscode from 'vscode';
import type { ExplorerCommandDeps } from './explorerDeps';

/** Grant and remove roles, federated credentials, and "grant my account the same roles". */
export function registerRoleCommands(_deps: ExplorerCommandDeps): vscode.Disposable[] {
  return [];
}

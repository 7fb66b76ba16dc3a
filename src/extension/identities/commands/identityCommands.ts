import type * as vscode from 'vscode';
import type { ExplorerCommandDeps } from './explorerDeps';

/**
 * Create and delete user-assigned identities, assign and unassign them to resources, enable and disable
 * system-assigned identity.
 */
export function registerIdentityCommands(_deps: ExplorerCommandDeps): vscode.Disposable[] {
  return [];
}

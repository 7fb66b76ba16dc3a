import type * as vscode from 'vscode';
import type { Logger } from '../shared/logger';
import { registerCommand } from '../shared/runCommand';

/** "Managed Identity: Show Log" opens the extension's output channel. */
export function registerShowLog(logger: Logger): vscode.Disposable {
  return registerCommand(logger, 'managedIdentity.showLog', () => logger.show());
}

import * as vscode from 'vscode';
import { isCancellationError } from '../../core/cancellation';
import { ToolError, errorMessage } from '../../core/errors';
import type { CommandId } from '../commandIds';
import type { Logger } from './logger';

/**
 * Registers a command whose failures are logged and shown once, and whose cancellation is silent.
 * Handlers never throw back into VS Code.
 */
export function registerCommand(
  logger: Logger,
  id: CommandId,
  handler: (...args: unknown[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isCancellationError(error)) {
        logger.info(`${id}: cancelled`);
        return undefined;
      }
      logger.error(`${id} failed`, ToolError.is(error) && error.original !== undefined ? error.original : error);
      const showLog = 'Show Log';
      void vscode.window.showErrorMessage(errorMessage(error), showLog).then((choice) => {
        if (choice === showLog) logger.show();
      });
      return undefined;
    }
  });
}

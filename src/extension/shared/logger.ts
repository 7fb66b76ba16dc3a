import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';

/**
 * The extension's log, shown as "Managed Identity" in the Output panel. Callers must not pass secrets:
 * findings are logged by rule and location, never by value.
 */
export interface Logger extends vscode.Disposable {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  show(): void;
}

export const outputChannelName = 'Managed Identity';

export function createLogger(): Logger {
  const channel = vscode.window.createOutputChannel(outputChannelName, { log: true });
  return {
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message, error) => channel.error(error === undefined ? message : `${message}: ${errorMessage(error)}`),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}

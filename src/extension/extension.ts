import type * as vscode from 'vscode';
import { registerShowLog } from './commands/showLog';
import { registerIdentityExplorer } from './identities/registerIdentityExplorer';
import { registerSecretScanning } from './secrets/registerSecretScanning';
import { createLogger } from './shared/logger';

/** Composes the features. Each feature registers itself and returns one disposable. */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const logger = createLogger();
  context.subscriptions.push(
    logger,
    registerShowLog(logger),
    registerIdentityExplorer({ logger }),
    registerSecretScanning({ logger, wasmDir: context.asAbsolutePath('dist/wasm') }),
  );
  logger.info(`Activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

import type * as vscode from 'vscode';

/**
 * Converts a VS Code CancellationToken to the AbortSignal that src/core and src/azure take.
 * The returned signal fires once, when the token does.
 */
export function toAbortSignal(token: vscode.CancellationToken | undefined): AbortSignal | undefined {
  if (!token) return undefined;
  const controller = new AbortController();
  if (token.isCancellationRequested) {
    controller.abort();
  } else {
    const listener = token.onCancellationRequested(() => {
      listener.dispose();
      controller.abort();
    });
  }
  return controller.signal;
}

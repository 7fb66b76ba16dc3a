import * as vscode from 'vscode';
import { throwIfAborted } from '../../core/cancellation';
import { scanText } from '../../core/secrets/scanner';
import { toAbortSignal } from '../shared/cancellation';
import type { Logger } from '../shared/logger';
import { registerCommand } from '../shared/runCommand';
import type { SecretDiagnostics } from './SecretDiagnostics';

const maxFileBytes = 5 * 1024 * 1024;
const batchSize = 25;

/**
 * "Managed Identity: Scan Workspace for Secrets": scans every file in the workspace (minus the exclude
 * setting and files.exclude), fills the Problems panel, reports progress and can be cancelled.
 */
export function registerScanWorkspace(logger: Logger, diagnostics: SecretDiagnostics): vscode.Disposable {
  return registerCommand(logger, 'managedIdentity.scanWorkspace', async () => {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage('Open a folder to scan it for hardcoded secrets.');
      return;
    }
    const settings = diagnostics.currentSettings;
    const exclude = settings.exclude.length ? `{${settings.exclude.join(',')}}` : undefined;
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Scanning workspace for hardcoded secrets', cancellable: true },
      async (progress, token) => {
        const signal = toAbortSignal(token);
        const files = await vscode.workspace.findFiles('**/*', exclude, undefined, token);
        let scanned = 0;
        let skipped = 0;
        let found = 0;
        let filesWithFindings = 0;
        const decoder = new TextDecoder('utf-8');
        const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
        for (let i = 0; i < files.length; i++) {
          throwIfAborted(signal);
          const uri = files[i];
          if (!uri) continue;
          try {
            const document = open.get(uri.toString());
            let count: number;
            if (document) {
              diagnostics.scanNow(document);
              count = diagnostics.get(uri).length;
            } else {
              const bytes = await vscode.workspace.fs.readFile(uri);
              if (bytes.byteLength > maxFileBytes || bytes.subarray(0, 8000).includes(0)) {
                skipped++;
                continue;
              }
              const text = decoder.decode(bytes);
              const findings = scanText(text, { path: uri.path, disabledRules: settings.disabledRules });
              diagnostics.setForFile(uri, text, findings);
              count = diagnostics.get(uri).length;
            }
            scanned++;
            found += count;
            if (count > 0) filesWithFindings++;
          } catch (error) {
            skipped++;
            logger.warn(`Could not scan ${uri.fsPath}: ${(error as Error).message}`);
          }
          if (i % batchSize === 0) {
            progress.report({ message: `${i + 1} of ${files.length} files`, increment: (batchSize / files.length) * 100 });
            // Let the extension host breathe between batches.
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        return { scanned, skipped, found, filesWithFindings };
      },
    );
    logger.info(`Workspace scan: ${summary.scanned} files scanned, ${summary.skipped} skipped, ${summary.found} findings`);
    if (summary.found === 0) {
      void vscode.window.showInformationMessage(`No hardcoded Azure secrets in ${summary.scanned} files.`);
      return;
    }
    const show = 'Show Problems';
    const choice = await vscode.window.showWarningMessage(
      `Found ${summary.found} hardcoded ${summary.found === 1 ? 'secret' : 'secrets'} in ${summary.filesWithFindings} ${summary.filesWithFindings === 1 ? 'file' : 'files'}.`,
      show,
    );
    if (choice === show) await vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}

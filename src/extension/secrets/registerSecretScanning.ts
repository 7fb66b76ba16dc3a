import * as vscode from 'vscode';
import type { Logger } from '../shared/logger';
import { FixPlanner } from './FixPlanner';
import { SecretCodeActionProvider } from './SecretCodeActionProvider';
import { SecretCodeLensProvider } from './SecretCodeLensProvider';
import { SecretDiagnostics } from './SecretDiagnostics';
import { SecretStatusBar } from './SecretStatusBar';
import { registerSecretCommands } from './secretCommands';
import { RuleHelpProvider, helpScheme } from './ruleHelp';
import { registerScanWorkspace } from './scanWorkspace';

export interface SecretScanningDeps {
  logger: Logger;
  /** Folder holding tree-sitter.wasm and the grammars (dist/wasm in the packaged extension). */
  wasmDir: string;
}

/** Hardcoded-secret diagnostics, code lenses, quick fixes, the workspace scan and the status bar item. */
export function registerSecretScanning({ logger, wasmDir }: SecretScanningDeps): vscode.Disposable {
  const diagnostics = new SecretDiagnostics(logger);
  const planner = new FixPlanner(wasmDir);
  const codeLenses = new SecretCodeLensProvider(diagnostics);
  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }];
  return vscode.Disposable.from(
    diagnostics,
    codeLenses,
    new SecretStatusBar(diagnostics),
    vscode.languages.registerCodeLensProvider(selector, codeLenses),
    vscode.languages.registerCodeActionsProvider(selector, new SecretCodeActionProvider(diagnostics, planner, logger), {
      providedCodeActionKinds: SecretCodeActionProvider.providedCodeActionKinds,
    }),
    vscode.workspace.registerTextDocumentContentProvider(helpScheme, new RuleHelpProvider()),
    registerSecretCommands({ logger, diagnostics, planner }),
    registerScanWorkspace(logger, diagnostics),
  );
}

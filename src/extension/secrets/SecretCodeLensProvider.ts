import * as vscode from 'vscode';
import { Disposable } from '../shared/Disposable';
import type { SecretDiagnostics } from './SecretDiagnostics';

/** "Use managed identity" and "Why?" above every hardcoded secret. */
export class SecretCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly diagnostics: SecretDiagnostics) {
    super();
    this.register(diagnostics.onDidChange(() => this.changed.fire()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.diagnostics.currentSettings.codeLens) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const { diagnostic, finding } of this.diagnostics.get(document.uri)) {
      if (diagnostic.severity === vscode.DiagnosticSeverity.Information) continue; // emulator keys: no nagging
      const line = new vscode.Range(diagnostic.range.start.line, 0, diagnostic.range.start.line, 0);
      lenses.push(
        new vscode.CodeLens(line, {
          title: '$(shield) Use managed identity',
          tooltip: 'Rewrite this to the passwordless, managed-identity form',
          command: 'managedIdentity.fixSecret',
          arguments: [document.uri, finding.fingerprint, finding.secretRange.start],
        }),
        new vscode.CodeLens(line, {
          title: 'Why?',
          tooltip: 'Why this secret should go, and what replaces it',
          command: 'managedIdentity.explainSecret',
          arguments: [finding.ruleId],
        }),
      );
    }
    return lenses;
  }
}

import * as vscode from 'vscode';
import { Disposable } from '../shared/Disposable';
import type { SecretDiagnostics } from './SecretDiagnostics';

/** "$(key) 3 secrets" in the status bar while any hardcoded secret is reported; opens the Problems panel. */
export class SecretStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('managedIdentity.secrets', vscode.StatusBarAlignment.Left, 50));

  constructor(private readonly diagnostics: SecretDiagnostics) {
    super();
    this.item.name = 'Managed Identity: Hardcoded Secrets';
    this.item.command = 'workbench.actions.view.problems';
    this.register(diagnostics.onDidChange(() => this.update()));
    this.update();
  }

  private update(): void {
    let count = 0;
    let files = 0;
    for (const [, entries] of this.diagnostics.all()) {
      const reported = entries.filter((e) => e.diagnostic.severity !== vscode.DiagnosticSeverity.Information).length;
      count += reported;
      if (reported > 0) files++;
    }
    if (count === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(key) ${count} ${count === 1 ? 'secret' : 'secrets'}`;
    this.item.tooltip = `${count} hardcoded Azure ${count === 1 ? 'secret' : 'secrets'} in ${files} ${files === 1 ? 'file' : 'files'}: a managed identity can replace them. Click to see them in the Problems panel.`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }
}

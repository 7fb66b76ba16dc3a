import * as vscode from 'vscode';
import { mergePlans } from '../../core/fixes/mergePlans';
import type { FixPlan, IdentityChoice } from '../../core/fixes/types';
import { toAbortSignal } from '../shared/cancellation';
import type { Logger } from '../shared/logger';
import { isCancellationError, throwIfAborted } from '../../core/cancellation';
import { toWorkspaceEdit, type FixPlanner } from './FixPlanner';
import type { SecretDiagnostic, SecretDiagnostics } from './SecretDiagnostics';
import { diagnosticSource } from './SecretDiagnostics';

export const fixAllKind = vscode.CodeActionKind.SourceFixAll.append('managedIdentity');

/**
 * Quick fixes for hardcoded-secret diagnostics: the passwordless rewrite (preferred, so "Auto Fix" and
 * Ctrl+. Enter apply it), the other strategies, and "fix all in file". Applying one runs
 * `managedIdentity.secretFixApplied`, which tells the user which role the identity now needs.
 */
export class SecretCodeActionProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, fixAllKind];

  constructor(
    private readonly diagnostics: SecretDiagnostics,
    private readonly planner: FixPlanner,
    private readonly logger: Logger,
  ) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    try {
      const signal = toAbortSignal(token);
      const identity = identityFromSettings(this.diagnostics);
      const entries = this.diagnostics.get(document.uri);
      const actions: vscode.CodeAction[] = [];
      const wantsFixAll = context.only?.contains(fixAllKind) ?? false;
      if (!wantsFixAll) {
        const relevant = entries.filter(
          (e) => e.diagnostic.range.intersection(range) !== undefined && context.diagnostics.some((d) => sameDiagnostic(d, e.diagnostic)),
        );
        for (const entry of relevant) {
          throwIfAborted(signal);
          actions.push(...(await this.actionsFor(document, entry, identity)));
        }
      }
      if (entries.length > 1 || wantsFixAll) {
        throwIfAborted(signal);
        const fixAll = await this.fixAllAction(document, entries, identity, wantsFixAll ? fixAllKind : vscode.CodeActionKind.QuickFix);
        if (fixAll) actions.push(fixAll);
      }
      return actions;
    } catch (error) {
      if (!isCancellationError(error)) this.logger.error('Computing quick fixes failed', error);
      return [];
    }
  }

  private async actionsFor(document: vscode.TextDocument, entry: SecretDiagnostic, identity: IdentityChoice): Promise<vscode.CodeAction[]> {
    const plans = await this.planner.plan(document, entry.finding, identity);
    return plans.map((plan) => {
      const action = new vscode.CodeAction(plan.title, vscode.CodeActionKind.QuickFix);
      action.edit = toWorkspaceEdit(document, plan.edits);
      action.diagnostics = [entry.diagnostic];
      // Preferred: the passwordless rewrite, which "Auto Fix" (and the code lens) apply.
      action.isPreferred = plan.preferred;
      action.command = followUpCommand([plan]);
      return action;
    });
  }

  private async fixAllAction(
    document: vscode.TextDocument,
    entries: readonly SecretDiagnostic[],
    identity: IdentityChoice,
    kind: vscode.CodeActionKind,
  ): Promise<vscode.CodeAction | undefined> {
    const preferred: FixPlan[] = [];
    for (const entry of entries) {
      const plan = (await this.planner.plan(document, entry.finding, identity)).find((p) => p.preferred);
      if (plan) preferred.push(plan);
    }
    if (preferred.length < (kind === fixAllKind ? 1 : 2)) return undefined;
    const merged = mergePlans(preferred);
    const action = new vscode.CodeAction(`Use managed identity for all ${merged.applied.length} hardcoded secrets in this file`, kind);
    action.edit = toWorkspaceEdit(document, merged.edits);
    action.diagnostics = entries.map((e) => e.diagnostic);
    action.command = followUpCommand(merged.applied, merged.skipped.length);
    return action;
  }
}

export function identityFromSettings(diagnostics: SecretDiagnostics): IdentityChoice {
  const clientId = diagnostics.currentSettings.userAssignedClientId;
  return clientId ? { kind: 'userAssigned', clientId } : { kind: 'default' };
}

function followUpCommand(plans: readonly FixPlan[], skipped = 0): vscode.Command {
  return { title: 'After the fix', command: 'managedIdentity.secretFixApplied', arguments: [plans, skipped] };
}

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  const code = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
  return a.source === diagnosticSource && a.range.isEqual(b.range) && code(a) === code(b) && a.message === b.message;
}

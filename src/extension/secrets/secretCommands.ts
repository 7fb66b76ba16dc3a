import * as vscode from 'vscode';
import { roleAssignmentCommand } from '../../core/fixes/azCli';
import { mergePlans } from '../../core/fixes/mergePlans';
import type { FixPlan, GrantRoleFollowUp, IdentityChoice, ManualStepFollowUp, RoleRecommendation } from '../../core/fixes/types';
import type { GrantRoleArgs, GrantRoleOutcome } from '../identities/commands/roleCommands';
import type { Logger } from '../shared/logger';
import { registerCommand } from '../shared/runCommand';
import { identityFromSettings } from './SecretCodeActionProvider';
import { toWorkspaceEdit, type FixPlanner } from './FixPlanner';
import type { SecretDiagnostics } from './SecretDiagnostics';
import { showRuleHelp } from './ruleHelp';

export interface SecretCommandDeps {
  logger: Logger;
  diagnostics: SecretDiagnostics;
  planner: FixPlanner;
}

/** Commands behind the code lenses, the quick fixes' follow-up, and "fix all" from the palette. */
export function registerSecretCommands({ logger, diagnostics, planner }: SecretCommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand(logger, 'managedIdentity.fixSecret', async (...args: unknown[]) => {
      const [uriArg, fingerprint, offset] = args as [vscode.Uri | undefined, string | undefined, number | undefined];
      const document = await documentFor(uriArg);
      const entries = diagnostics.get(document.uri);
      const entry =
        entries.find((e) => e.finding.fingerprint === fingerprint && e.finding.secretRange.start === offset) ??
        entries.find((e) => e.finding.fingerprint === fingerprint) ??
        entries.find((e) => e.diagnostic.range.contains(vscode.window.activeTextEditor?.selection.active ?? new vscode.Position(-1, 0)));
      if (!entry) {
        void vscode.window.showInformationMessage('No hardcoded secret here any more: the file changed since it was scanned.');
        return;
      }
      const plan = (await planner.plan(document, entry.finding, identityFromSettings(diagnostics))).find((p) => p.preferred);
      if (!plan) {
        const why = 'Why?';
        const choice = await vscode.window.showWarningMessage(
          'No automatic rewrite for this construct. Move the secret to Key Vault or an environment variable, and use a managed identity where the service supports one.',
          why,
        );
        if (choice === why) await showRuleHelp(entry.finding.ruleId);
        return;
      }
      if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(document, plan.edits)))) {
        throw new Error('VS Code could not apply the edit (the file may be read-only or changed meanwhile). Nothing was changed.');
      }
      await showFollowUps([plan], 0, identityFromSettings(diagnostics));
    }),
    registerCommand(logger, 'managedIdentity.fixAllSecretsInFile', async () => {
      const document = await documentFor(undefined);
      const identity = identityFromSettings(diagnostics);
      const plans: FixPlan[] = [];
      for (const entry of diagnostics.get(document.uri)) {
        const plan = (await planner.plan(document, entry.finding, identity)).find((p) => p.preferred);
        if (plan) plans.push(plan);
      }
      if (plans.length === 0) {
        void vscode.window.showInformationMessage('No hardcoded secret in this file has an automatic managed-identity rewrite.');
        return;
      }
      const merged = mergePlans(plans);
      if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(document, merged.edits)))) {
        throw new Error('VS Code could not apply the edit (the file may be read-only or changed meanwhile). Nothing was changed.');
      }
      await showFollowUps(merged.applied, merged.skipped.length, identity);
    }),
    registerCommand(logger, 'managedIdentity.explainSecret', async (...args: unknown[]) => {
      const [ruleId] = args as [string | undefined];
      const id = ruleId ?? diagnostics.get(vscode.window.activeTextEditor?.document.uri ?? vscode.Uri.parse('untitled:none'))[0]?.finding.ruleId;
      if (!id) {
        void vscode.window.showInformationMessage('Put the cursor on a hardcoded secret first.');
        return;
      }
      await showRuleHelp(id);
    }),
    registerCommand(logger, 'managedIdentity.secretFixApplied', async (...args: unknown[]) => {
      const [plans, skipped] = args as [FixPlan[], number];
      await showFollowUps(plans ?? [], skipped ?? 0, identityFromSettings(diagnostics));
    }),
  );
}

async function documentFor(uri: vscode.Uri | undefined): Promise<vscode.TextDocument> {
  if (uri) return vscode.workspace.openTextDocument(uri);
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new Error('Open a file first.');
  return editor.document;
}

/**
 * After a fix the code no longer holds a secret, but the identity must be allowed to do what the key
 * allowed. Offer the least-privilege role (granted through the identity explorer's Grant Role, or as an
 * Azure CLI command to copy when not signed in or the resource is not found) and any non-ARM step.
 */
async function showFollowUps(plans: readonly FixPlan[], skipped: number, identity: IdentityChoice = { kind: 'default' }): Promise<void> {
  const grants = dedupe(plans.flatMap((p) => p.followUps.filter((f): f is GrantRoleFollowUp => f.kind === 'grantRole')), (g) => `${g.resourceType}/${g.resourceName ?? ''}`);
  const manual = dedupe(plans.flatMap((p) => p.followUps.filter((f): f is ManualStepFollowUp => f.kind === 'manualStep')), (m) => m.title);
  const packages = dedupe(plans.flatMap((p) => p.packages), (p) => `${p.ecosystem}:${p.name}`);
  const notes: string[] = [];
  if (skipped > 0) notes.push(`${skipped} more ${skipped === 1 ? 'secret needs' : 'secrets need'} another run of the fix (their edits overlapped).`);
  if (packages.length > 0) notes.push(`Add ${packages.map((p) => p.name).join(', ')} to the project.`);
  const first = grants[0];
  const role = first?.roles[0];
  const actions: string[] = [];
  const grantLabel = role && first ? `Grant ${role.roleName}${first.resourceName ? ` on ${first.resourceName}` : ''}` : undefined;
  if (grantLabel) actions.push(grantLabel);
  const stepsLabel = 'Show Next Steps';
  if (manual.length > 0 || grants.length > 1) actions.push(stepsLabel);
  const message = role
    ? `Secret removed. The identity now needs ${role.roleName}${first?.resourceName ? ` on ${first.resourceName}` : ''}.${notes.length ? ` ${notes.join(' ')}` : ''}`
    : `Secret removed.${notes.length ? ` ${notes.join(' ')}` : ''}`;
  const choice = await vscode.window.showInformationMessage(message, ...actions);
  if (choice && choice === grantLabel && first && role) {
    await grantFollowUp(first, role, identity);
  } else if (choice === stepsLabel) {
    const lines = ['# Next steps after removing the secret', ''];
    for (const grant of grants) {
      for (const r of grant.roles.slice(0, 1)) {
        lines.push(`## Grant ${r.roleName}${grant.resourceName ? ` on ${grant.resourceName}` : ''}`, '', r.reason, '', '```sh', roleAssignmentCommand(grant, r), '```', '');
      }
    }
    for (const step of manual) lines.push(`## ${step.title}`, '', '```', step.detail, '```', '');
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: lines.join('\n') });
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }
}

/**
 * Runs Grant Role for the follow-up (the identity explorer asks for the identity unless the settings name
 * one). Falls back to copying the Azure CLI command when not signed in, when the resource is not in the
 * account's subscriptions, or for a data-plane role that is not an ARM role assignment.
 */
async function grantFollowUp(grant: GrantRoleFollowUp, role: RoleRecommendation, identity: IdentityChoice): Promise<void> {
  let why: string | undefined;
  if (role.plane !== 'arm') {
    why = `${role.roleName} is a data-plane role, not an Azure role assignment.`;
  } else {
    const args: GrantRoleArgs = {
      roleDefinitionId: role.roleDefinitionId,
      roleName: role.roleName,
      resourceType: grant.resourceType,
      ...(grant.resourceName !== undefined ? { resourceName: grant.resourceName } : {}),
      ...(identity.kind === 'userAssigned' ? { clientId: identity.clientId } : {}),
    };
    const outcome = await vscode.commands.executeCommand<GrantRoleOutcome | undefined>('managedIdentity.grantRole', args);
    if (outcome?.status === 'notSignedIn') why = 'Not signed in to Azure.';
    else if (outcome?.status === 'resourceNotFound') why = `${grant.resourceName ?? 'The resource'} is not in the subscriptions of the signed-in account.`;
    else return;
  }
  await vscode.env.clipboard.writeText(roleAssignmentCommand(grant, role));
  void vscode.window.showInformationMessage(`${why} Copied the Azure CLI command that grants ${role.roleName}. Replace <principal-id-of-the-identity> with your identity's principal ID.`);
}

function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

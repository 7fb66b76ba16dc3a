import * as vscode from 'vscode';
import type { AzureServices } from '../../../azure/AzureServices';
import type { RoleDefinitionInfo } from '../../../azure/RoleService';
import type { ResourceInfo } from '../../../azure/SubscriptionService';
import { parseArmId, scopeKey } from '../../../core/arm/armId';
import { describeFederatedCredential, suggestFederatedCredentialName } from '../../../core/arm/federatedCredentialDrafts';
import { buildGitHubActionsCredential, buildKubernetesCredential, type FederatedCredentialSpec, type GitHubActionsEntity, type GitHubActionsInput, type KubernetesInput } from '../../../core/arm/federatedCredentials';
import type { UserAssignedIdentityInfo } from '../../../core/arm/model';
import { roleDefinitionGuid } from '../../../core/arm/roleAssignments';
import { validateFederatedCredentialName } from '../../../core/arm/validation';
import { CancellationError } from '../../../core/cancellation';
import { ToolError, errorMessage } from '../../../core/errors';
import { needsBroadGrantWarning, orderRolesForPick, planSameRoles, type RoleDefinitionChoice, type SameRolePlanItem } from '../../../core/roles/rolePicking';
import type { SubscriptionRef } from '../../azure/AzureConnection';
import { toAbortSignal } from '../../shared/cancellation';
import { assignmentsOf, type TreeNode } from '../treeNodes';
import { registerExplorerCommand, type ExplorerCommandDeps } from './explorerDeps';

/**
 * Programmatic arguments of `managedIdentity.grantRole` (the secret fix's "Grant <role> on <resource>").
 * Anything missing is asked for.
 */
export interface GrantRoleArgs {
  readonly principalId?: string;
  /** A user-assigned identity by client id (the secret fix's `managedIdentity.userAssignedClientId`). */
  readonly clientId?: string;
  /** A resource, resource group or subscription id. */
  readonly resource?: string;
  /** When the id is unknown: the resource's name and type, looked up in the subscriptions. */
  readonly resourceName?: string;
  readonly resourceType?: string;
  /** GUID or full role definition id. */
  readonly roleDefinitionId?: string;
  readonly roleName?: string;
}

/** What `managedIdentity.grantRole` resolves to (undefined when it failed; the error was shown). */
export interface GrantRoleOutcome {
  readonly status: 'granted' | 'alreadyGranted' | 'notSignedIn' | 'resourceNotFound' | 'cancelled';
  readonly assignmentId?: string;
}

/** Who gets a role: a user-assigned identity or a resource's system-assigned identity. */
interface Principal {
  readonly principalId: string;
  readonly label: string;
  readonly subscription: SubscriptionRef;
  readonly identity?: UserAssignedIdentityInfo;
}

interface ScopeChoice {
  readonly scope: string;
  readonly label: string;
  readonly resourceType?: string;
  readonly kind?: string;
}

/** Grant and remove roles, federated credentials, and "grant my account the same roles". */
export function registerRoleCommands(deps: ExplorerCommandDeps): vscode.Disposable[] {
  return [
    registerExplorerCommand(deps, 'managedIdentity.grantRole', (arg) => grantRole(deps, arg)),
    registerExplorerCommand(deps, 'managedIdentity.removeRoleAssignment', (arg) => removeRoleAssignment(deps, arg)),
    registerExplorerCommand(deps, 'managedIdentity.addFederatedCredential', (arg) => addFederatedCredential(deps, arg)),
    registerExplorerCommand(deps, 'managedIdentity.deleteFederatedCredential', (arg) => deleteFederatedCredential(deps, arg)),
    registerExplorerCommand(deps, 'managedIdentity.grantMyAccountSameRoles', (arg) => grantMyAccountSameRoles(deps, arg)),
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Grant role

async function grantRole(deps: ExplorerCommandDeps, arg: unknown): Promise<GrantRoleOutcome> {
  const node = nodeOf(arg);
  const args: GrantRoleArgs = node === undefined && typeof arg === 'object' && arg !== null ? arg : {};
  const programmatic = args.resource !== undefined || args.resourceName !== undefined || args.principalId !== undefined || args.clientId !== undefined || args.roleDefinitionId !== undefined;
  if (!(await deps.connection().isSignedIn())) {
    if (programmatic) return { status: 'notSignedIn' };
    throw new ToolError('forbidden', 'Sign in to Azure first (Managed Identity: Sign In), then grant the role.');
  }

  // Where: known before who when it comes from a secret fix, so a missing resource is reported before any pick.
  let scope: ScopeChoice | undefined;
  if (args.resource !== undefined) {
    const parsed = parseArmId(args.resource);
    scope = { scope: parsed.id, label: readableScope(parsed.id), ...(parsed.resourceType !== undefined ? { resourceType: parsed.resourceType } : {}) };
  } else if (args.resourceName !== undefined) {
    scope = await findResourceByName(deps, args.resourceName, args.resourceType);
    if (scope === undefined) return { status: 'resourceNotFound' };
  }

  const principal =
    principalOfNode(deps, node) ??
    (args.principalId !== undefined
      ? await principalById(deps, args.principalId)
      : (await principalByClientId(deps, args.clientId)) ?? (await pickPrincipal(deps, `Grant ${args.roleName ?? 'a role'}${scope ? ` on ${scope.label}` : ''} to which identity?`)));
  scope ??= await pickScope(deps, principal);
  const services = await servicesForScope(deps, scope.scope, principal.subscription);
  const subscriptionId = parseArmId(scope.scope).subscriptionId ?? principal.subscription.subscriptionId;

  let roleGuid: string;
  let roleName: string;
  if (args.roleDefinitionId !== undefined) {
    roleGuid = roleDefinitionGuid(args.roleDefinitionId);
    roleName = args.roleName ?? (await services.roles.roleNamesFor([{ roleDefinitionId: roleGuid, scope: scope.scope }])).get(roleGuid) ?? roleGuid;
  } else {
    const picked = await pickRole(services, subscriptionId, scope, principal);
    roleGuid = picked.guid;
    roleName = picked.roleName;
  }

  if (needsBroadGrantWarning(roleGuid, scope.scope)) {
    const grant = 'Grant Anyway';
    const choice = await vscode.window.showWarningMessage(
      `${roleName} on ${scope.label} is a broad grant`,
      { modal: true, detail: `${principal.label} would be able to ${roleGuid === '18d7d88d-d35e-4fb5-a5c3-7773b4dd8eb9' ? 'grant any role to anyone' : 'manage every resource (and read their keys)'} in ${scope.label}. Prefer a data role on the one resource the app uses.` },
      grant,
    );
    if (choice !== grant) return { status: 'cancelled' };
  }

  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Granting ${roleName} to ${principal.label} on ${scope.label}…`, cancellable: true },
    (_progress, token) => services.roles.grantRole({ scope: scope.scope, principalId: principal.principalId, roleDefinitionId: roleGuid }, toAbortSignal(token)),
  );
  deps.logger.info(`grantRole: ${roleName} on ${scope.scope} for ${principal.principalId}: ${result.created ? 'created' : 'already granted'} (${result.assignment.id})`);
  await refreshAfterRoleChange(deps, [subscriptionId, principal.subscription.subscriptionId]);
  if (result.created) void vscode.window.showInformationMessage(`Granted ${roleName} on ${scope.label} to ${principal.label}.`);
  else void vscode.window.showInformationMessage(`${principal.label} already has ${roleName} on ${scope.label} (already granted; nothing changed).`);
  return { status: result.created ? 'granted' : 'alreadyGranted', assignmentId: result.assignment.id };
}

async function pickRole(services: AzureServices, subscriptionId: string, scope: ScopeChoice, principal: Principal): Promise<{ guid: string; roleName: string }> {
  const definitions = (async (): Promise<RoleDefinitionChoice[]> => {
    const [builtIn, custom] = await Promise.all([services.roles.builtInRoles(subscriptionId), services.roles.customRoles(subscriptionId).catch(() => new Map<string, RoleDefinitionInfo>())]);
    return [...builtIn.values(), ...custom.values()].map((d) => ({ guid: d.guid, roleName: d.roleName, ...(d.description !== undefined ? { description: d.description } : {}) }));
  })();
  type Item = vscode.QuickPickItem & { guid?: string };
  const items = definitions.then((defs) => {
    const entries = orderRolesForPick(scope.resourceType, defs, scope.kind);
    const out: Item[] = [];
    let group: string | undefined;
    for (const e of entries) {
      if (e.group !== group) {
        group = e.group;
        out.push({ label: e.group === 'recommended' ? `Least privilege for ${shortType(scope.resourceType)}` : 'All roles', kind: vscode.QuickPickItemKind.Separator });
      }
      out.push({
        label: `${e.broad || e.exposesKeys ? '$(warning) ' : e.group === 'recommended' ? '$(star-full) ' : ''}${e.roleName}`,
        description: e.broad ? 'broad: far more than one app needs' : e.exposesKeys ? 'can list the account keys' : (e.detail ?? ''),
        guid: e.guid,
      });
    }
    return out;
  });
  const picked = await vscode.window.showQuickPick(items, { title: `Grant a role to ${principal.label} on ${scope.label}`, placeHolder: 'Pick a role (least privilege first)', matchOnDescription: true, ignoreFocusOut: true });
  if (picked?.guid === undefined) throw new CancellationError();
  return { guid: picked.guid, roleName: picked.label.replace(/^\$\([^)]+\)\s*/, '') };
}

async function pickScope(deps: ExplorerCommandDeps, principal: Principal): Promise<ScopeChoice> {
  type Item = vscode.QuickPickItem & { choice?: ScopeChoice };
  const items = (async (): Promise<Item[]> => {
    const subscriptions = await orderedSubscriptions(deps, principal.subscription);
    const lists = await Promise.all(
      subscriptions.map(async (subscription) => {
        const services = deps.connection().servicesFor(subscription);
        const [resources, groups] = await Promise.all([
          services.subscriptions.listResources(subscription.subscriptionId).catch((error: unknown) => {
            deps.logger.warn(`Listing resources of ${subscription.name}: ${errorMessage(error)}`);
            return [] as ResourceInfo[];
          }),
          services.subscriptions.listResourceGroups(subscription.subscriptionId).catch(() => []),
        ]);
        return { subscription, resources, groups };
      }),
    );
    const out: Item[] = [{ label: 'Resources', kind: vscode.QuickPickItemKind.Separator }];
    for (const { subscription, resources } of lists) {
      for (const r of resources) {
        if (r.type.toLowerCase() === 'microsoft.managedidentity/userassignedidentities') continue;
        out.push({ label: `$(symbol-field) ${r.name}`, description: `${shortType(r.type)} · ${r.resourceGroup} · ${subscription.name}`, choice: { scope: r.id, label: r.name, resourceType: r.type, ...(r.kind !== undefined ? { kind: r.kind } : {}) } });
      }
    }
    out.push({ label: 'Resource groups', kind: vscode.QuickPickItemKind.Separator });
    for (const { subscription, groups } of lists) {
      for (const g of groups) out.push({ label: `$(folder) ${g.name}`, description: `resource group · ${subscription.name}`, choice: { scope: g.id || `/subscriptions/${subscription.subscriptionId}/resourceGroups/${g.name}`, label: `resource group ${g.name}` } });
    }
    out.push({ label: 'Subscriptions', kind: vscode.QuickPickItemKind.Separator });
    for (const { subscription } of lists) out.push({ label: `$(key) ${subscription.name}`, description: 'subscription', choice: { scope: `/subscriptions/${subscription.subscriptionId}`, label: `subscription ${subscription.name}` } });
    return out;
  })();
  const picked = await vscode.window.showQuickPick(items, { title: `Grant a role to ${principal.label}: where?`, placeHolder: 'Pick the resource (narrowest), resource group or subscription the role applies to', matchOnDescription: true, ignoreFocusOut: true });
  if (picked?.choice === undefined) throw new CancellationError();
  return picked.choice;
}

async function findResourceByName(deps: ExplorerCommandDeps, name: string, resourceType: string | undefined): Promise<ScopeChoice | undefined> {
  const subscriptions = await deps.tree.loadedSubscriptions();
  const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Looking for ${name}…` }, () =>
    Promise.all(
      subscriptions.map((s) =>
        deps
          .connection()
          .servicesFor(s)
          .subscriptions.listResources(s.subscriptionId, resourceType !== undefined ? { resourceType } : {})
          .then((list) => list.filter((r) => r.name.toLowerCase() === name.toLowerCase()).map((r) => ({ r, s })))
          .catch(() => []),
      ),
    ),
  );
  const matches = found.flat();
  if (matches.length === 0) return undefined;
  let match = matches[0];
  if (matches.length > 1) {
    const picked = await vscode.window.showQuickPick(
      matches.map((m) => ({ label: m.r.name, description: `${m.r.resourceGroup} · ${m.s.name}`, m })),
      { title: `Several resources are named ${name}`, placeHolder: 'Which one?' },
    );
    if (picked === undefined) throw new CancellationError();
    match = picked.m;
  }
  if (match === undefined) return undefined;
  return { scope: match.r.id, label: match.r.name, resourceType: match.r.type, ...(match.r.kind !== undefined ? { kind: match.r.kind } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// Remove role assignment

async function removeRoleAssignment(deps: ExplorerCommandDeps, arg: unknown): Promise<void> {
  const node = nodeOf(arg);
  if (node?.kind !== 'roleAssignment') throw new ToolError('invalidInput', 'Right-click a role assignment in the Managed Identities view to remove it.');
  const { assignment } = node;
  const role = assignment.roleName ?? assignment.roleDefinitionId.split('/').pop() ?? 'role';
  const who = principalLabel(deps, assignment.principalId);
  const where = readableScope(assignment.scope);
  const remove = 'Remove';
  const choice = await vscode.window.showWarningMessage(
    `Remove ${role} on ${where} from ${who}?`,
    { modal: true, detail: `Scope: ${assignment.scope}\nPrincipal: ${assignment.principalId}\n\nCode running as this identity loses this access at once.` },
    remove,
  );
  if (choice !== remove) return;
  const services = deps.connection().servicesFor(node.subscription);
  const removed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Removing ${role} on ${where}…`, cancellable: true }, (_p, token) =>
    services.roles.removeRoleAssignment(assignment.id, toAbortSignal(token)),
  );
  deps.logger.info(`removeRoleAssignment: ${assignment.id} ${removed ? 'removed' : 'was already gone'}`);
  await refreshAfterRoleChange(deps, [parseArmId(assignment.scope).subscriptionId ?? node.subscription.subscriptionId, node.subscription.subscriptionId]);
  void vscode.window.showInformationMessage(removed ? `Removed ${role} on ${where} from ${who}.` : `${role} on ${where} was already removed.`);
}

// ---------------------------------------------------------------------------------------------------------
// Federated credentials

async function addFederatedCredential(deps: ExplorerCommandDeps, arg: unknown): Promise<void> {
  const node = nodeOf(arg);
  let identity: UserAssignedIdentityInfo | undefined;
  let subscription: SubscriptionRef | undefined;
  if (node?.kind === 'identity' || (node?.kind === 'section' && node.identity !== undefined)) {
    identity = node.identity;
    subscription = node.subscription;
  } else {
    const principal = await pickPrincipal(deps, 'Add a federated credential to which identity?', true);
    identity = principal.identity;
    subscription = principal.subscription;
  }
  if (identity === undefined || subscription === undefined) throw new ToolError('invalidInput', 'Federated credentials belong to user-assigned identities: pick one in the Managed Identities view.');
  const target = identity;
  const services = deps.connection().servicesFor(subscription);
  const existing = services.identities.listFederatedCredentials(target.id).catch(() => []);

  const title = `Add a federated credential to ${target.name}`;
  const kind = await vscode.window.showQuickPick(
    [
      { label: '$(github) GitHub Actions', description: 'a workflow in a repository: branch, environment, pull request or tag', value: 'github' as const },
      { label: '$(server-environment) Kubernetes', description: 'a service account in a cluster with an OIDC issuer (AKS workload identity)', value: 'kubernetes' as const },
    ],
    { title, placeHolder: 'Which workload will sign in as this identity?', ignoreFocusOut: true },
  );
  if (kind === undefined) throw new CancellationError();

  let spec: FederatedCredentialSpec;
  let suggested: string;
  if (kind.value === 'github') {
    const input = await askGitHub(title);
    spec = buildGitHubActionsCredential(input);
    suggested = suggestFederatedCredentialName({ github: input });
  } else {
    const input = await askKubernetes(title);
    spec = buildKubernetesCredential(input);
    suggested = suggestFederatedCredentialName({ kubernetes: input });
  }

  const known = await existing;
  const same = known.find((c) => c.issuer === spec.issuer && c.subject === spec.subject);
  if (same !== undefined) throw new ToolError('conflict', `${target.name} already trusts this subject (federated credential "${same.name}").`);
  const taken = new Set(known.map((c) => c.name.toLowerCase()));
  let name = suggested;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${suggested.slice(0, 115)}-${i}`;
  const entered = await vscode.window.showInputBox({
    title,
    prompt: `Subject: ${spec.subject}. Name of the credential:`,
    value: name,
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (taken.has(value.trim().toLowerCase())) return `${target.name} already has a federated credential named "${value.trim()}".`;
      return validationMessage(() => validateFederatedCredentialName(value.trim()));
    },
  });
  if (entered === undefined) throw new CancellationError();
  const credentialName = entered.trim();
  const created = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Adding federated credential ${credentialName} to ${target.name}…`, cancellable: true }, (_p, token) =>
    services.identities.createFederatedCredential(target.id, credentialName, spec, toAbortSignal(token)),
  );
  deps.logger.info(`addFederatedCredential: ${created.name} on ${target.id}: ${spec.issuer} ${spec.subject}`);
  deps.tree.refreshFederated(target.id);
  void vscode.window.showInformationMessage(`Added federated credential ${created.name || credentialName} to ${target.name}. ${describeFederatedCredential(spec)}`);
}

async function askGitHub(title: string): Promise<GitHubActionsInput> {
  const organization = await ask(title, 'GitHub organization or user that owns the repository', 'e.g. contoso', (v) => buildGitHubActionsCredential({ organization: v, repository: 'repo', entity: { kind: 'pullRequest' } }));
  const repository = await ask(title, `Repository in ${organization}`, 'e.g. shop', (v) => buildGitHubActionsCredential({ organization, repository: v, entity: { kind: 'pullRequest' } }));
  const entityKind = await vscode.window.showQuickPick(
    [
      { label: 'Branch', description: 'workflows running on a branch (push)', value: 'branch' as const },
      { label: 'Environment', description: 'jobs that deploy to a GitHub environment', value: 'environment' as const },
      { label: 'Pull request', description: 'workflows triggered by pull requests', value: 'pullRequest' as const },
      { label: 'Tag', description: 'workflows running on a tag', value: 'tag' as const },
    ],
    { title, placeHolder: `Which workflows of ${organization}/${repository}?`, ignoreFocusOut: true },
  );
  if (entityKind === undefined) throw new CancellationError();
  const base = { organization, repository };
  let entity: GitHubActionsEntity;
  switch (entityKind.value) {
    case 'branch': {
      const branch = await ask(title, 'Branch', 'e.g. main', (v) => buildGitHubActionsCredential({ ...base, entity: { kind: 'branch', branch: v } }), 'main');
      entity = { kind: 'branch', branch };
      break;
    }
    case 'environment': {
      const environment = await ask(title, 'GitHub environment', 'e.g. production', (v) => buildGitHubActionsCredential({ ...base, entity: { kind: 'environment', environment: v } }));
      entity = { kind: 'environment', environment };
      break;
    }
    case 'tag': {
      const tag = await ask(title, 'Tag', 'e.g. v1.0.0', (v) => buildGitHubActionsCredential({ ...base, entity: { kind: 'tag', tag: v } }));
      entity = { kind: 'tag', tag };
      break;
    }
    case 'pullRequest':
      entity = { kind: 'pullRequest' };
      break;
  }
  return { ...base, entity };
}

async function askKubernetes(title: string): Promise<KubernetesInput> {
  const sample = { issuerUrl: 'https://oidc.example.com/', namespace: 'default', serviceAccount: 'default' };
  const issuerUrl = await ask(title, "The cluster's OIDC issuer URL (AKS: az aks show --query oidcIssuerProfile.issuerUrl)", 'https://…', (v) => buildKubernetesCredential({ ...sample, issuerUrl: v }));
  const namespace = await ask(title, 'Kubernetes namespace', 'e.g. default', (v) => buildKubernetesCredential({ ...sample, namespace: v }), 'default');
  const serviceAccount = await ask(title, `Service account in ${namespace}`, 'e.g. workload-sa', (v) => buildKubernetesCredential({ ...sample, serviceAccount: v }));
  return { issuerUrl, namespace, serviceAccount };
}

/** An input box validated by `check` (which throws a ToolError for a bad value); resolves the trimmed value. */
async function ask(title: string, prompt: string, placeHolder: string, check: (value: string) => unknown, value?: string): Promise<string> {
  const answer = await vscode.window.showInputBox({ title, prompt, placeHolder, ...(value !== undefined ? { value } : {}), ignoreFocusOut: true, validateInput: (v) => validationMessage(() => check(v.trim())) });
  if (answer === undefined) throw new CancellationError();
  return answer.trim();
}

function validationMessage(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

async function deleteFederatedCredential(deps: ExplorerCommandDeps, arg: unknown): Promise<void> {
  const node = nodeOf(arg);
  if (node?.kind !== 'federatedCredential') throw new ToolError('invalidInput', 'Right-click a federated credential in the Managed Identities view to delete it.');
  const { credential, identity } = node;
  const remove = 'Delete';
  const choice = await vscode.window.showWarningMessage(
    `Delete federated credential ${credential.name} of ${identity.name}?`,
    { modal: true, detail: `Issuer: ${credential.issuer}\nSubject: ${credential.subject}\n\nWorkloads using it can no longer sign in as ${identity.name}.` },
    remove,
  );
  if (choice !== remove) return;
  const services = deps.connection().servicesFor(node.subscription);
  const deleted = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting federated credential ${credential.name}…`, cancellable: true }, (_p, token) =>
    services.identities.deleteFederatedCredential(identity.id, credential.name, toAbortSignal(token)),
  );
  deps.tree.refreshFederated(identity.id);
  void vscode.window.showInformationMessage(deleted ? `Deleted federated credential ${credential.name} of ${identity.name}.` : `Federated credential ${credential.name} was already deleted.`);
}

// ---------------------------------------------------------------------------------------------------------
// Grant my account the same roles

async function grantMyAccountSameRoles(deps: ExplorerCommandDeps, arg: unknown): Promise<void> {
  const node = nodeOf(arg);
  const principal = principalOfNode(deps, node) ?? (await pickPrincipal(deps, 'Give your account the roles of which identity?'));
  const connection = deps.connection();
  const subscriptions = await loadAllModels(deps);
  const assignments = assignmentsOf(deps.tree.loadedModels().values(), principal.principalId);
  if (assignments.length === 0) {
    void vscode.window.showInformationMessage(`${principal.label} has no role assignments in the loaded subscriptions: nothing to copy.`);
    return;
  }
  const me = await connection.currentPrincipal(principal.subscription);
  if (me === undefined) throw new ToolError('forbidden', 'Could not tell who is signed in (the access token names no principal). Sign in with a user or service principal.');
  if (me.objectId === principal.principalId.toLowerCase()) throw new ToolError('invalidInput', `You are signed in as ${principal.label} itself: it already has these roles.`);
  const services = connection.servicesFor(principal.subscription);
  const scopeSubscriptions = [...new Set(assignments.map((a) => parseArmId(a.scope).subscriptionId).filter((s): s is string => s !== undefined))];
  const mine = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Reading your role assignments…', cancellable: true }, (_p, token) =>
    services.roles.listAssignmentsForPrincipal(me.objectId, scopeSubscriptions, toAbortSignal(token)),
  );
  const plan = planSameRoles(assignments, mine);
  const account = me.displayName ?? `${me.principalType === 'User' ? 'user' : 'service principal'} ${me.objectId}`;
  type Item = vscode.QuickPickItem & { item: SameRolePlanItem };
  const picked = await vscode.window.showQuickPick<Item>(
    plan.map((item) => ({ label: `${item.roleName} @ ${readableScope(item.scope, subscriptions)}`, description: item.alreadyPresent ? 'already yours' : '', detail: item.scope, picked: true, item })),
    { title: `Give ${account} the roles of ${principal.label}`, placeHolder: 'So DefaultAzureCredential works locally with the same access. Uncheck what you do not need.', canPickMany: true, ignoreFocusOut: true },
  );
  if (picked === undefined || picked.length === 0) return;
  const added: string[] = [];
  const already: string[] = [];
  const failed: string[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Granting ${account} the roles of ${principal.label}`, cancellable: true }, async (progress, token) => {
    const signal = toAbortSignal(token);
    for (const { item } of picked) {
      if (token.isCancellationRequested) break;
      const label = `${item.roleName} @ ${readableScope(item.scope, subscriptions)}`;
      progress.report({ message: label, increment: 100 / picked.length });
      try {
        const result = await connection.servicesFor(principal.subscription).roles.grantRole({ scope: item.scope, principalId: me.objectId, principalType: me.principalType, roleDefinitionId: item.roleGuid }, signal);
        (result.created ? added : already).push(label);
      } catch (error) {
        if (token.isCancellationRequested) break;
        deps.logger.error(`grantMyAccountSameRoles: ${label}`, ToolError.is(error) && error.original !== undefined ? error.original : error);
        failed.push(`${label}: ${errorMessage(error)}`);
      }
    }
  });
  await refreshAfterRoleChange(deps, scopeSubscriptions);
  const summary = [added.length ? `added ${added.join(', ')}` : '', already.length ? `already present ${already.join(', ')}` : '', failed.length ? `failed ${failed.join('; ')}` : ''].filter(Boolean).join(' · ');
  const message = `${account}: ${summary || 'nothing granted (cancelled)'}.`;
  if (failed.length > 0) {
    const showLog = 'Show Log';
    void vscode.window.showWarningMessage(message, showLog).then((c) => c === showLog && deps.logger.show());
  } else void vscode.window.showInformationMessage(message);
}

// ---------------------------------------------------------------------------------------------------------
// Shared helpers

function nodeOf(value: unknown): TreeNode | undefined {
  return typeof value === 'object' && value !== null && 'kind' in value && 'id' in value ? (value as TreeNode) : undefined;
}

function principalOfNode(deps: ExplorerCommandDeps, node: TreeNode | undefined): Principal | undefined {
  if (node === undefined) return undefined;
  switch (node.kind) {
    case 'identity':
      return { principalId: node.identity.principalId, label: node.identity.name, subscription: node.subscription, identity: node.identity };
    case 'section':
      return { principalId: node.principalId, label: node.identity?.name ?? principalLabel(deps, node.principalId), subscription: node.subscription, ...(node.identity ? { identity: node.identity } : {}) };
    case 'resource':
      if (!node.resource.systemAssignedPrincipalId) throw new ToolError('invalidInput', `${node.resource.name} has no system-assigned identity.`);
      return { principalId: node.resource.systemAssignedPrincipalId, label: `${node.resource.name} (system-assigned)`, subscription: node.subscription };
    case 'roleAssignment':
      return { principalId: node.principalId, label: principalLabel(deps, node.principalId), subscription: node.subscription };
    default:
      return undefined;
  }
}

/** The identity or resource a principal id belongs to, in the loaded models. */
function principalLabel(deps: ExplorerCommandDeps, principalId: string): string {
  const key = principalId.toLowerCase();
  for (const model of deps.tree.loadedModels().values()) {
    if (model.status !== 'ok') continue;
    const identity = model.identities.find((i) => i.principalId.toLowerCase() === key);
    if (identity) return identity.name;
    const resource = model.resources.find((r) => r.systemAssignedPrincipalId?.toLowerCase() === key);
    if (resource) return `${resource.name} (system-assigned)`;
  }
  return `principal ${principalId}`;
}

async function loadAllModels(deps: ExplorerCommandDeps): Promise<SubscriptionRef[]> {
  const subscriptions = await deps.tree.loadedSubscriptions();
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Loading managed identities…' }, () => Promise.all(subscriptions.map((s) => deps.tree.loadModel(s))));
  return subscriptions;
}

function principalsOf(deps: ExplorerCommandDeps, subscriptions: readonly SubscriptionRef[], identitiesOnly: boolean): Principal[] {
  const out: Principal[] = [];
  for (const subscription of subscriptions) {
    const model = deps.tree.loadedModels().get(subscription.subscriptionId.toLowerCase());
    if (model?.status !== 'ok') continue;
    for (const identity of model.identities) out.push({ principalId: identity.principalId, label: identity.name, subscription, identity });
    if (identitiesOnly) continue;
    for (const r of model.resources) if (r.systemAssignedPrincipalId) out.push({ principalId: r.systemAssignedPrincipalId, label: `${r.name} (system-assigned)`, subscription });
  }
  return out;
}

async function principalById(deps: ExplorerCommandDeps, principalId: string): Promise<Principal> {
  const subscriptions = await loadAllModels(deps);
  const found = principalsOf(deps, subscriptions, false).find((p) => p.principalId.toLowerCase() === principalId.toLowerCase());
  if (found) return found;
  const first = subscriptions[0];
  if (first === undefined) throw new ToolError('notFound', 'No subscription is available to this account.');
  return { principalId, label: `principal ${principalId}`, subscription: first };
}

/** The user-assigned identity with `clientId` in the loaded subscriptions; undefined (so the user picks) when none has it. */
async function principalByClientId(deps: ExplorerCommandDeps, clientId: string | undefined): Promise<Principal | undefined> {
  if (clientId === undefined) return undefined;
  const subscriptions = await loadAllModels(deps);
  return principalsOf(deps, subscriptions, true).find((p) => p.identity?.clientId.toLowerCase() === clientId.toLowerCase());
}

async function pickPrincipal(deps: ExplorerCommandDeps, title: string, identitiesOnly = false): Promise<Principal> {
  if (!(await deps.connection().isSignedIn())) throw new ToolError('forbidden', 'Sign in to Azure first (Managed Identity: Sign In).');
  type Item = vscode.QuickPickItem & { principal: Principal };
  const items = loadAllModels(deps).then((subscriptions) =>
    principalsOf(deps, subscriptions, identitiesOnly)
      .sort((a, b) => a.label.localeCompare(b.label))
      .map((p): Item => ({ label: `${p.identity ? '$(account)' : '$(server-process)'} ${p.label}`, description: `${p.identity ? `${p.identity.resourceGroup} · ` : ''}${p.subscription.name}`, detail: `principal ${p.principalId}`, principal: p })),
  );
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: identitiesOnly ? 'Pick a user-assigned identity' : 'Pick a user-assigned identity or a resource with a system-assigned identity', matchOnDescription: true, ignoreFocusOut: true });
  if (picked === undefined) throw new CancellationError();
  return picked.principal;
}

/** Subscriptions the scope picker lists: the principal's first. */
async function orderedSubscriptions(deps: ExplorerCommandDeps, first: SubscriptionRef): Promise<SubscriptionRef[]> {
  const all = await deps.tree.loadedSubscriptions().catch(() => [first]);
  const key = first.subscriptionId.toLowerCase();
  return [first, ...all.filter((s) => s.subscriptionId.toLowerCase() !== key)];
}

async function subscriptionRef(deps: ExplorerCommandDeps, subscriptionId: string, fallback: SubscriptionRef): Promise<SubscriptionRef> {
  if (subscriptionId.toLowerCase() === fallback.subscriptionId.toLowerCase()) return fallback;
  const all = await deps.tree.loadedSubscriptions().catch(() => []);
  return all.find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase()) ?? { subscriptionId, name: subscriptionId, ...(fallback.tenantId !== undefined ? { tenantId: fallback.tenantId } : {}) };
}

async function servicesForScope(deps: ExplorerCommandDeps, scope: string, fallback: SubscriptionRef): Promise<AzureServices> {
  const sub = parseArmId(scope).subscriptionId;
  return deps.connection().servicesFor(sub !== undefined ? await subscriptionRef(deps, sub, fallback) : fallback);
}

/**
 * Reloads the subscriptions whose role assignments changed. The one holding the scope is loaded before the
 * principal's is refreshed, so the identity's "Role assignments" section shows the change when it re-renders.
 */
async function refreshAfterRoleChange(deps: ExplorerCommandDeps, subscriptionIds: readonly string[]): Promise<void> {
  const all = await deps.tree.loadedSubscriptions().catch(() => [] as SubscriptionRef[]);
  const seen = new Set<string>();
  for (const id of subscriptionIds) {
    const key = id.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const ref = all.find((s) => s.subscriptionId.toLowerCase() === key);
    if (ref === undefined) continue;
    deps.tree.refreshSubscription(ref);
    await deps.tree.loadModel(ref).catch(() => undefined);
  }
}

function readableScope(scope: string, subscriptions?: readonly SubscriptionRef[]): string {
  const parsed = parseArmId(scope);
  switch (parsed.kind) {
    case 'subscription':
      return `subscription ${subscriptions?.find((s) => scopeKey(`/subscriptions/${s.subscriptionId}`) === scopeKey(scope))?.name ?? parsed.subscriptionId ?? ''}`;
    case 'resourceGroup':
      return `resource group ${parsed.resourceGroup ?? ''}`;
    case 'resource':
      return parsed.name ?? scope;
    default:
      return scope;
  }
}

function shortType(type: string | undefined): string {
  return type?.split('/').pop() ?? 'this scope';
}

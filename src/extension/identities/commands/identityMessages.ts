/**
 * The texts the identity commands show: delete confirmations and "what was done" reports. Pure (no
 * `vscode`), so unit tests run them directly.
 */
import type { IdentityDeletionPlan, IdentityDeletionResult } from '../../../azure/IdentityDeletion';
import { parseArmId } from '../../../core/arm/armId';
import type { RoleAssignmentInfo } from '../../../core/arm/roleAssignments';

const listed = 3;

/** `Reader on rg-data`, `Owner on subscription Contoso Production`, `Key Vault Secrets User on kv-shop`. */
export function describeAssignment(assignment: RoleAssignmentInfo, subscriptionNames: ReadonlyMap<string, string> = new Map()): string {
  const role = assignment.roleName ?? assignment.roleDefinitionId.split('/').pop() ?? 'role';
  const scope = parseArmId(assignment.scope);
  let where: string;
  switch (scope.kind) {
    case 'subscription':
      where = `subscription ${subscriptionNames.get((scope.subscriptionId ?? '').toLowerCase()) ?? scope.subscriptionId ?? ''}`;
      break;
    case 'resourceGroup':
      where = scope.resourceGroup ?? assignment.scope;
      break;
    case 'resource':
      where = scope.name ?? assignment.scope;
      break;
    case 'managementGroup':
      where = `management group ${scope.managementGroup ?? ''}`;
      break;
    default:
      where = 'tenant root';
  }
  return `${role} on ${where}`;
}

/** `a, b, c and 2 more` */
export function listNames(names: readonly string[], max = listed): string {
  if (names.length <= max) return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * The modal question before deleting: "Delete id-x? It has 3 role assignments (Reader on rg-a, …) and is
 * used by app-y, func-z; they will be detached first."
 */
export function deleteConfirmationMessage(plan: IdentityDeletionPlan, subscriptionNames?: ReadonlyMap<string, string>): string {
  const { identity, roleAssignments, usedBy } = plan;
  const parts: string[] = [];
  if (roleAssignments.length > 0) parts.push(`has ${plural(roleAssignments.length, 'role assignment')} (${listNames(roleAssignments.map((a) => describeAssignment(a, subscriptionNames)))})`);
  if (usedBy.length > 0) parts.push(`is used by ${listNames(usedBy.map((r) => r.name))}`);
  if (parts.length === 0) return `Delete ${identity.name}? It has no role assignments and no resource uses it.`;
  const removed = [usedBy.length > 0 ? `it will be detached from ${usedBy.length === 1 ? 'it' : 'them'}` : undefined, roleAssignments.length > 0 ? `the role assignment${roleAssignments.length === 1 ? '' : 's'} will be removed` : undefined].filter((x) => x !== undefined);
  return `Delete ${identity.name}? It ${parts.join(' and ')}; ${removed.join(' and ')} first.`;
}

/** The detail line under the modal question: what code using the identity loses. */
export function deleteConfirmationDetail(plan: IdentityDeletionPlan): string {
  const base = `Resource group ${plan.identity.resourceGroup}, client ID ${plan.identity.clientId}.`;
  return plan.usedBy.length > 0 ? `${base} Code on those resources that requests tokens for this client ID will stop getting them.` : base;
}

/**
 * What a deletion that stopped part-way had done and had not: "Deleting id-x stopped: <cause> Done:
 * detached from app-y; removed 1 of 3 role assignments. Not done: detaching from func-z; 2 role
 * assignments; the identity itself was not deleted."
 */
export function deletionStoppedMessage(plan: IdentityDeletionPlan, done: IdentityDeletionResult, cause: string): string {
  const detached = new Set(done.detachedFrom.map((id) => id.toLowerCase()));
  const removed = new Set(done.removedAssignments.map((id) => id.toLowerCase()));
  const notDetached = plan.usedBy.filter((r) => !detached.has(r.id.toLowerCase()));
  const notRemoved = plan.roleAssignments.filter((a) => !removed.has(a.id.toLowerCase()));
  const did = [
    done.detachedFrom.length > 0 ? `detached it from ${listNames(plan.usedBy.filter((r) => detached.has(r.id.toLowerCase())).map((r) => r.name))}` : undefined,
    done.removedAssignments.length > 0 ? `removed ${done.removedAssignments.length} of ${plan.roleAssignments.length} role assignments` : undefined,
  ].filter((x) => x !== undefined);
  const didNot = [
    notDetached.length > 0 ? `detaching it from ${listNames(notDetached.map((r) => r.name))}` : undefined,
    notRemoved.length > 0 ? `removing ${plural(notRemoved.length, 'role assignment')} (${listNames(notRemoved.map((a) => describeAssignment(a)))})` : undefined,
    done.deleted ? undefined : `deleting ${plan.identity.name} itself`,
  ].filter((x) => x !== undefined);
  const cleanCause = cause.trim().replace(/([^.!?])$/, '$1.');
  return `Deleting ${plan.identity.name} stopped: ${cleanCause} Done: ${did.length > 0 ? did.join('; ') : 'nothing'}. Not done: ${didNot.join('; ')}. Run Delete Identity again to finish.`;
}

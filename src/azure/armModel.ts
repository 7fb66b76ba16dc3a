/** Conversions from SDK shapes to the plain model in src/core/arm/model.ts, and paging with counts. */
import type { RoleAssignment } from '@azure/arm-authorization';
import type { Identity } from '@azure/arm-msi';
import type { GenericResource } from '@azure/arm-resources';
import { parseArmId } from '../core/arm/armId';
import { parseIdentityType } from '../core/arm/identityTransition';
import type { ResourceWithIdentity, UserAssignedIdentityInfo } from '../core/arm/model';
import { resourceDisplayKind } from '../core/arm/resourceTypes';
import type { RoleAssignmentInfo } from '../core/arm/roleAssignments';
import { throwIfAborted } from '../core/cancellation';

/** The shape of the SDK's paged lists, without importing @azure/core-paging. */
export interface PagedList<T> {
  byPage(settings?: { maxPageSize?: number }): AsyncIterableIterator<T[]>;
}

/** Reads every page; `pages` counts the requests made (one per page). */
export async function collectPages<T>(list: PagedList<T>, signal?: AbortSignal): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  for await (const page of list.byPage()) {
    pages++;
    items.push(...page);
    throwIfAborted(signal);
  }
  return { items, pages };
}

export function toIdentityInfo(identity: Identity): UserAssignedIdentityInfo {
  const id = identity.id ?? '';
  const parsed = parseArmId(id);
  return {
    id,
    name: identity.name ?? parsed.name ?? '',
    subscriptionId: parsed.subscriptionId ?? '',
    resourceGroup: parsed.resourceGroup ?? '',
    location: identity.location,
    clientId: identity.clientId ?? '',
    principalId: identity.principalId ?? '',
    ...(identity.tenantId !== undefined ? { tenantId: identity.tenantId } : {}),
    tags: { ...(identity.tags ?? {}) },
  };
}

/** The resource as the model keeps it, or undefined when it has no managed identity. */
export function toResourceWithIdentity(resource: GenericResource): ResourceWithIdentity | undefined {
  const identity = resource.identity;
  if (identity === undefined || resource.id === undefined) return undefined;
  let kinds: { systemAssigned: boolean; userAssigned: boolean };
  try {
    kinds = parseIdentityType(identity.type);
  } catch {
    // An identity type we do not know: show what we can rather than dropping the resource.
    kinds = { systemAssigned: identity.principalId !== undefined, userAssigned: identity.userAssignedIdentities !== undefined };
  }
  const userAssigned = kinds.userAssigned
    ? Object.entries(identity.userAssignedIdentities ?? {}).map(([identityId, value]) => ({
        identityId,
        ...(value?.clientId !== undefined ? { clientId: value.clientId } : {}),
        ...(value?.principalId !== undefined ? { principalId: value.principalId } : {}),
      }))
    : [];
  if (!kinds.systemAssigned && userAssigned.length === 0) return undefined;
  const parsed = parseArmId(resource.id);
  const type = resource.type ?? parsed.resourceType ?? '';
  return {
    id: resource.id,
    name: resource.name ?? parsed.name ?? '',
    subscriptionId: parsed.subscriptionId ?? '',
    resourceGroup: parsed.resourceGroup ?? '',
    type,
    ...(resource.kind !== undefined ? { kind: resource.kind } : {}),
    displayKind: resourceDisplayKind(type, resource.kind),
    ...(resource.location !== undefined ? { location: resource.location } : {}),
    ...(kinds.systemAssigned && identity.principalId !== undefined ? { systemAssignedPrincipalId: identity.principalId } : {}),
    userAssigned,
  };
}

export function toRoleAssignmentInfo(assignment: RoleAssignment, roleName?: string): RoleAssignmentInfo {
  return {
    id: assignment.id ?? '',
    name: assignment.name ?? '',
    scope: assignment.scope ?? '',
    principalId: (assignment.principalId ?? '').toLowerCase(),
    ...(assignment.principalType !== undefined ? { principalType: assignment.principalType } : {}),
    roleDefinitionId: assignment.roleDefinitionId ?? '',
    ...(roleName !== undefined ? { roleName } : {}),
    ...(assignment.condition !== undefined && assignment.condition !== null ? { condition: assignment.condition } : {}),
  };
}

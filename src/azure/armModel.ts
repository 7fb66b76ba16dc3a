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
import { ToolError } from '../core/errors';
import { sleep } from './async';
import { mapAzureError } from './mapAzureError';

/** The shape of the SDK's paged lists, without importing @azure/core-paging. */
export interface PagedList<T> {
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[]>;
}

/** How {@link collectPages} goes on after a page failed even after the SDK's own retries. */
export interface PageResume {
  /** The SDK package's `getContinuationToken` (each package keeps its own tokens). */
  readonly continuationTokenOf: (page: unknown) => string | undefined;
  /** Further attempts at a page that failed with 408/429/5xx or a network error; default 2. */
  readonly retries?: number;
  /** Wait before the first further attempt, doubled for each next one; default 1000 ms. */
  readonly delayMs?: number;
}

/**
 * Reads every page; `pages` counts the pages read (one successful request each). With `resume`, a page
 * that fails transiently after the SDK has given up is fetched again from the last continuation token,
 * so one bad page late in a long list neither loses nor repeats the pages before it.
 */
export async function collectPages<T>(list: PagedList<T>, signal?: AbortSignal, resume?: PageResume): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let token: string | undefined;
  let failures = 0;
  for (;;) {
    try {
      for await (const page of list.byPage(token !== undefined ? { continuationToken: token } : undefined)) {
        pages++;
        items.push(...page);
        failures = 0;
        throwIfAborted(signal);
        if (resume !== undefined) token = resume.continuationTokenOf(page);
      }
      return { items, pages };
    } catch (error) {
      if (resume === undefined || failures >= (resume.retries ?? 2) || signal?.aborted || !isTransient(error)) throw error;
      await sleep((resume.delayMs ?? 1000) * 2 ** failures, signal);
      failures++;
    }
  }
}

/** Failures worth another attempt later: throttling, server errors, dropped connections. */
function isTransient(error: unknown): boolean {
  const mapped = mapAzureError(error);
  return ToolError.is(mapped) && (mapped.reason === 'throttled' || mapped.reason === 'unavailable');
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

/**
 * The identity model the explorer shows, as plain data: produced by the Azure layer, rendered by the
 * tree, and testable without either.
 */
import type { ToolError } from '../errors';
import type { RoleAssignmentInfo } from './roleAssignments';

export interface UserAssignedIdentityInfo {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly clientId: string;
  readonly principalId: string;
  readonly tenantId?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ResourceIdentityUse {
  /** Id of the user-assigned identity, as the resource spells it. */
  readonly identityId: string;
  readonly clientId?: string;
  readonly principalId?: string;
}

export interface ResourceWithIdentity {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly type: string;
  readonly kind?: string;
  /** "Function App", "Virtual machine", … */
  readonly displayKind: string;
  readonly location?: string;
  /** Principal of the system-assigned identity, when enabled. */
  readonly systemAssignedPrincipalId?: string;
  readonly userAssigned: readonly ResourceIdentityUse[];
}

export interface SubscriptionModelOk {
  readonly subscriptionId: string;
  readonly status: 'ok';
  readonly identities: readonly UserAssignedIdentityInfo[];
  readonly resources: readonly ResourceWithIdentity[];
  /**
   * Every role assignment in the subscription (at it, below it, and inherited from above), keyed by
   * lower-case principal id. An identity from another subscription can hold roles here too.
   */
  readonly roleAssignmentsByPrincipal: ReadonlyMap<string, readonly RoleAssignmentInfo[]>;
}

export interface SubscriptionModelError {
  readonly subscriptionId: string;
  readonly status: 'error';
  readonly error: ToolError;
}

export type SubscriptionModel = SubscriptionModelOk | SubscriptionModelError;

export interface TenantModel {
  /** In the order the subscriptions were asked for. */
  readonly subscriptions: readonly SubscriptionModel[];
}

/** Role assignments of a principal across every loaded subscription, de-duplicated by assignment id. */
export function assignmentsForPrincipal(model: TenantModel, principalId: string): RoleAssignmentInfo[] {
  const key = principalId.toLowerCase();
  const seen = new Set<string>();
  const out: RoleAssignmentInfo[] = [];
  for (const sub of model.subscriptions) {
    if (sub.status !== 'ok') continue;
    for (const assignment of sub.roleAssignmentsByPrincipal.get(key) ?? []) {
      const id = assignment.id.toLowerCase();
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(assignment);
    }
  }
  return out;
}

/** Resources (in any loaded subscription) that use the user-assigned identity `identityId`. */
export function resourcesUsingIdentity(model: TenantModel, identityId: string): ResourceWithIdentity[] {
  const key = identityId.toLowerCase();
  const out: ResourceWithIdentity[] = [];
  for (const sub of model.subscriptions) {
    if (sub.status !== 'ok') continue;
    for (const resource of sub.resources) if (resource.userAssigned.some((u) => u.identityId.toLowerCase() === key)) out.push(resource);
  }
  return out;
}

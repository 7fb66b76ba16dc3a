/**
 * Deleting a user-assigned identity without leaving anything behind: its role assignments (which would
 * otherwise linger as "Identity not found" entries) and its attachments to resources (which would point at
 * a deleted identity). The plan is what a confirmation dialog shows; the execution reports what it did
 * when a step fails, so nothing is left half-done silently.
 */
import type { ResourceWithIdentity, UserAssignedIdentityInfo } from '../core/arm/model';
import type { RoleAssignmentInfo } from '../core/arm/roleAssignments';
import { isCancellationError, throwIfAborted } from '../core/cancellation';
import { ToolError, errorMessage } from '../core/errors';
import type { AssignmentService } from './AssignmentService';
import { type IdentityService, parseIdentityId } from './IdentityService';
import type { RoleService } from './RoleService';

export interface IdentityDeletionPlan {
  readonly identity: UserAssignedIdentityInfo;
  readonly roleAssignments: readonly RoleAssignmentInfo[];
  /** Resources (in the searched subscriptions) that have the identity attached. */
  readonly usedBy: readonly ResourceWithIdentity[];
}

export interface IdentityDeletionResult {
  readonly removedAssignments: readonly string[];
  readonly detachedFrom: readonly string[];
  readonly deleted: boolean;
}

/**
 * Thrown when a deletion stops part-way (a failed step, not cancellation): `reason` is the failing step's,
 * the message says what was and was not done, and `done` lists exactly what was done.
 */
export class IdentityDeletionStopped extends ToolError {
  constructor(
    reason: ToolError['reason'],
    message: string,
    original: unknown,
    readonly done: IdentityDeletionResult,
  ) {
    super(reason, message, original);
  }
}

/** What a deletion that stopped part-way had done (see {@link IdentityDeletionStopped}); undefined for other errors. */
export function deletionProgress(error: unknown): IdentityDeletionResult | undefined {
  if (!ToolError.is(error)) return undefined;
  const done = (error as Partial<IdentityDeletionStopped>).done;
  return done !== undefined && Array.isArray(done.removedAssignments) && Array.isArray(done.detachedFrom) ? done : undefined;
}

export class IdentityDeletion {
  constructor(
    private readonly identities: IdentityService,
    private readonly roles: RoleService,
    private readonly assignments: AssignmentService,
  ) {}

  /**
   * What deleting `identityId` involves. `subscriptionIds` are where to look for its role assignments and
   * users (default: the identity's own subscription); role names are resolved for the dialog.
   */
  async plan(identityId: string, subscriptionIds?: readonly string[], signal?: AbortSignal): Promise<IdentityDeletionPlan> {
    const id = parseIdentityId(identityId);
    const subs = subscriptionIds !== undefined && subscriptionIds.length > 0 ? subscriptionIds : [id.subscriptionId];
    const identity = await this.identities.getIdentity(id.id, signal);
    const assignments = await this.roles.listAssignmentsForPrincipal(identity.principalId, subs, signal);
    const roleAssignments = await this.roles.resolveRoleNames(assignments, signal).catch((error: unknown) => {
      if (isCancellationError(error)) throw error;
      return assignments;
    });
    const usedBy: ResourceWithIdentity[] = [];
    for (const sub of subs) {
      const { items } = await this.identities.listResourcesWithIdentity(sub, signal);
      for (const resource of items) if (resource.userAssigned.some((u) => u.identityId.toLowerCase() === id.id.toLowerCase())) usedBy.push(resource);
    }
    return { identity, roleAssignments, usedBy };
  }

  /**
   * Detaches the identity from the resources using it, removes its role assignments, then deletes it.
   * Detaching comes first so a stop part-way never leaves a resource using the identity without its roles;
   * a role assignment left behind by a stop after that is harmless, and running the plan again finishes the
   * job (every step is idempotent). On a failure, throws an {@link IdentityDeletionStopped} (the failing
   * step's reason) that says what was already done and what was not.
   */
  async execute(plan: IdentityDeletionPlan, signal?: AbortSignal): Promise<IdentityDeletionResult> {
    const removedAssignments: string[] = [];
    const detachedFrom: string[] = [];
    const fail = (step: string, error: unknown): never => {
      if (isCancellationError(error)) throw error;
      const done = [
        detachedFrom.length > 0 ? `detached it from ${detachedFrom.length} of ${plan.usedBy.length} resources` : undefined,
        removedAssignments.length > 0 ? `removed ${removedAssignments.length} of ${plan.roleAssignments.length} role assignments` : undefined,
      ].filter((x) => x !== undefined);
      const message = `Deleting managed identity ${plan.identity.name} stopped while ${step}: ${errorMessage(error)} ${done.length > 0 ? `Already done: ${done.join(', ')}.` : 'Nothing was changed.'} The identity was not deleted.`;
      throw new IdentityDeletionStopped(ToolError.is(error) ? error.reason : 'unknown', message, error, { removedAssignments, detachedFrom, deleted: false });
    };
    for (const resource of plan.usedBy) {
      throwIfAborted(signal);
      try {
        await this.assignments.detachUserAssigned(resource.id, [plan.identity.id], signal);
        detachedFrom.push(resource.id);
      } catch (error) {
        fail(`detaching it from ${resource.name}`, error);
      }
    }
    for (const assignment of plan.roleAssignments) {
      throwIfAborted(signal);
      try {
        await this.roles.removeRoleAssignment(assignment.id, signal);
        removedAssignments.push(assignment.id);
      } catch (error) {
        fail(`removing the role assignment ${assignment.roleName ?? assignment.roleDefinitionId} at ${assignment.scope}`, error);
      }
    }
    throwIfAborted(signal);
    let deleted = false;
    try {
      deleted = await this.identities.deleteIdentity(plan.identity.id, signal);
    } catch (error) {
      fail('deleting the identity resource', error);
    }
    return { removedAssignments, detachedFrom, deleted };
  }
}

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
   * Removes the plan's role assignments, detaches the identity from the resources using it, then deletes
   * the identity. On a failure, throws a ToolError (the failing step's reason) whose message says what was
   * already done and what was not.
   */
  async execute(plan: IdentityDeletionPlan, signal?: AbortSignal): Promise<IdentityDeletionResult> {
    const removedAssignments: string[] = [];
    const detachedFrom: string[] = [];
    const fail = (step: string, error: unknown): never => {
      if (isCancellationError(error)) throw error;
      const done = [
        removedAssignments.length > 0 ? `removed ${removedAssignments.length} of ${plan.roleAssignments.length} role assignments` : undefined,
        detachedFrom.length > 0 ? `detached it from ${detachedFrom.length} of ${plan.usedBy.length} resources` : undefined,
      ].filter((x) => x !== undefined);
      const message = `Deleting managed identity ${plan.identity.name} stopped while ${step}: ${errorMessage(error)} ${done.length > 0 ? `Already done: ${done.join(', ')}.` : 'Nothing was changed.'} The identity was not deleted.`;
      throw new ToolError(ToolError.is(error) ? error.reason : 'unknown', message, error);
    };
    for (const assignment of plan.roleAssignments) {
      throwIfAborted(signal);
      try {
        await this.roles.removeRoleAssignment(assignment.id, signal);
        removedAssignments.push(assignment.id);
      } catch (error) {
        fail(`removing the role assignment ${assignment.roleName ?? assignment.roleDefinitionId} at ${assignment.scope}`, error);
      }
    }
    for (const resource of plan.usedBy) {
      throwIfAborted(signal);
      try {
        await this.assignments.detachUserAssigned(resource.id, [plan.identity.id], signal);
        detachedFrom.push(resource.id);
      } catch (error) {
        fail(`detaching it from ${resource.name}`, error);
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

/**
 * Role assignment helpers that need no SDK: deterministic assignment names, role definition id forms,
 * grouping assignments by principal, and the backoff schedule for a principal that has not replicated yet.
 */
import { ToolError } from '../errors';
import { parseArmId, scopeKey } from './armId';
import { assertGuid, isGuid, uuidV5 } from './uuidv5';

/**
 * Namespace of our role assignment names. Fixed forever: changing it would make a retry after an upgrade
 * create a second assignment instead of finding the first.
 */
export const roleAssignmentNamespace = '3c0f6a43-8f0e-4a55-9b77-7c1b3f1d2e61';

/** The GUID of a role definition given as a GUID or as any `…/providers/Microsoft.Authorization/roleDefinitions/{guid}` id. */
export function roleDefinitionGuid(roleDefinitionId: string): string {
  if (isGuid(roleDefinitionId)) return roleDefinitionId.toLowerCase();
  const match = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)\/?$/i.exec(roleDefinitionId ?? '');
  return assertGuid(match?.[1], `The role definition id "${String(roleDefinitionId)}"`);
}

/**
 * The full role definition id ARM wants in a role assignment at `scope`: built-in and custom role ids are
 * addressed through the subscription of the scope (`/providers/…` for management group and root scopes).
 */
export function roleDefinitionIdForScope(scope: string, roleDefinitionId: string): string {
  const guid = roleDefinitionGuid(roleDefinitionId);
  const parsed = parseArmId(scope);
  const prefix = parsed.subscriptionId !== undefined ? `/subscriptions/${parsed.subscriptionId}` : '';
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

/**
 * The role assignment name (a GUID) for granting `roleDefinitionId` to `principalId` at `scope`: UUIDv5 of
 * the three, case-normalised, so the same grant always targets the same assignment and a retry or a double
 * click cannot create a duplicate.
 */
export function deterministicRoleAssignmentName(scope: string, principalId: string, roleDefinitionId: string): string {
  const key = `${scopeKey(scope)}|${assertGuid(principalId, 'The principal id')}|${roleDefinitionGuid(roleDefinitionId)}`;
  return uuidV5(roleAssignmentNamespace, key);
}

/** What the model keeps of a role assignment. */
export interface RoleAssignmentInfo {
  readonly id: string;
  readonly name: string;
  readonly scope: string;
  readonly principalId: string;
  readonly principalType?: string;
  /** Full id as ARM returned it. */
  readonly roleDefinitionId: string;
  /** Resolved display name of the role, when known. */
  readonly roleName?: string;
  readonly condition?: string;
}

/** Groups assignments by lower-case principal id, keeping only the principals asked for when `principals` is given. */
export function groupAssignmentsByPrincipal<T extends { principalId: string }>(assignments: Iterable<T>, principals?: Iterable<string>): Map<string, T[]> {
  const wanted = principals === undefined ? undefined : new Set([...principals].map((p) => p.toLowerCase()));
  const groups = new Map<string, T[]>();
  for (const assignment of assignments) {
    const key = assignment.principalId.toLowerCase();
    if (wanted !== undefined && !wanted.has(key)) continue;
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = []));
    list.push(assignment);
  }
  return groups;
}

export interface BackoffOptions {
  /** Delay before the first retry; default 2 s. */
  readonly initialDelayMs?: number;
  /** Cap per wait; default 30 s. */
  readonly maxDelayMs?: number;
  /** Number of retries after the first attempt; default 6 (about a minute and a half in total). */
  readonly maxRetries?: number;
}

/**
 * The waits between attempts: `initial × 2^n`, capped. Deterministic so tests can assert the schedule;
 * callers sharing a principal do not stampede because each grant is a single request.
 */
export function backoffSchedule(options: BackoffOptions = {}): number[] {
  const initial = options.initialDelayMs ?? 2000;
  const max = options.maxDelayMs ?? 30_000;
  const retries = options.maxRetries ?? 6;
  if (!(initial >= 0) || !(max >= 0) || !Number.isInteger(retries) || retries < 0) throw new ToolError('invalidInput', 'Backoff options must be non-negative.');
  return Array.from({ length: retries }, (_, n) => Math.min(max, initial * 2 ** n));
}

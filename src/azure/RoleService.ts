/**
 * Role assignments and role definitions over @azure/arm-authorization.
 *
 * - Listing is one paged call per subscription for all principals at once, grouped client-side: the
 *   Azure extensions list a subscription's assignments once per identity, which is O(identities) requests.
 * - Grants use a deterministic assignment name (UUIDv5 of scope, principal and role), so a retry or a double
 *   click addresses the same assignment; `RoleAssignmentExists` is success.
 * - Role names are resolved through a cache: built-in roles are the same in every subscription, so one
 *   list serves them all; custom roles are listed once per subscription, only when an unknown id shows up.
 */
import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import type { TokenCredential } from '@azure/identity';
import { parseArmId, scopeKey, toSdkScope } from '../core/arm/armId';
import {
  type BackoffOptions,
  type RoleAssignmentInfo,
  backoffSchedule,
  deterministicRoleAssignmentName,
  groupAssignmentsByPrincipal,
  roleDefinitionGuid,
  roleDefinitionIdForScope,
} from '../core/arm/roleAssignments';
import { assertGuid } from '../core/arm/uuidv5';
import { throwIfAborted } from '../core/cancellation';
import { ToolError } from '../core/errors';
import { ArmClients } from './ArmClients';
import { collectPages, toRoleAssignmentInfo } from './armModel';
import { abortable, sleep } from './async';
import type { AzureEnvironment } from './AzureEnvironment';
import { azureErrorCode, azureStatusCode, mapAzureError } from './mapAzureError';

export interface RoleDefinitionInfo {
  readonly id: string;
  /** Lower-case GUID. */
  readonly guid: string;
  readonly roleName: string;
  readonly roleType?: string;
  readonly description?: string;
}

export interface GrantRoleRequest {
  /** Where the role applies: a subscription, resource group or resource id. */
  readonly scope: string;
  readonly principalId: string;
  /** The role definition GUID or full id. */
  readonly roleDefinitionId: string;
  /** Default `ServicePrincipal`, which is what every managed identity is. */
  readonly principalType?: 'ServicePrincipal' | 'User' | 'Group';
  readonly description?: string;
}

export interface GrantRoleResult {
  readonly assignment: RoleAssignmentInfo;
  /** False when the assignment already existed (a retry, a double click, or someone else granted it). */
  readonly created: boolean;
}

export interface RoleServiceOptions {
  /** Backoff while a new identity's principal replicates to the directory (`PrincipalNotFound`). */
  readonly principalNotFoundBackoff?: BackoffOptions;
}

export interface ListedAssignments {
  readonly byPrincipal: Map<string, RoleAssignmentInfo[]>;
  /** Requests made (one per page). */
  readonly pages: number;
}

export class RoleService {
  readonly clients: ArmClients;
  private builtIns: Promise<Map<string, RoleDefinitionInfo>> | undefined;
  private readonly customBySubscription = new Map<string, Promise<Map<string, RoleDefinitionInfo>>>();
  private readonly options: RoleServiceOptions;

  constructor(credential: TokenCredential | ArmClients, environment?: AzureEnvironment, options: RoleServiceOptions = {}) {
    this.clients = credential instanceof ArmClients ? credential : new ArmClients(credential, requireEnvironment(environment));
    this.options = options;
  }

  /**
   * Every role assignment in `subscriptionId` (at it, below it, and inherited from above) with ONE paged
   * call, grouped by lower-case principal id. Pass `principalIds` to keep only those principals.
   */
  async listAssignmentsByPrincipal(subscriptionId: string, options: { principalIds?: Iterable<string>; signal?: AbortSignal } = {}): Promise<ListedAssignments> {
    const sub = assertGuid(subscriptionId, 'The subscription id');
    try {
      const { items, pages } = await collectPages(this.clients.forSubscription(sub).authorization.roleAssignments.listForSubscription({ abortSignal: options.signal }), options.signal, this.clients.pageResume('authorization'));
      return { byPrincipal: groupAssignmentsByPrincipal(items.map((a) => toRoleAssignmentInfo(a)), options.principalIds), pages };
    } catch (error) {
      throw mapAzureError(error, `Listing role assignments in subscription ${sub}`);
    }
  }

  /** The assignments of one principal in each of `subscriptionIds` (server-side filter; used before deleting an identity). */
  async listAssignmentsForPrincipal(principalId: string, subscriptionIds: readonly string[], signal?: AbortSignal): Promise<RoleAssignmentInfo[]> {
    const principal = assertGuid(principalId, 'The principal id');
    const seen = new Set<string>();
    const out: RoleAssignmentInfo[] = [];
    for (const subscriptionId of subscriptionIds) {
      const sub = assertGuid(subscriptionId, 'The subscription id');
      try {
        const list = this.clients.forSubscription(sub).authorization.roleAssignments.listForSubscription({ filter: `principalId eq '${principal}'`, abortSignal: signal });
        const { items } = await collectPages(list, signal, this.clients.pageResume('authorization'));
        for (const a of items) {
          const info = toRoleAssignmentInfo(a);
          if (info.principalId !== principal || seen.has(info.id.toLowerCase())) continue;
          seen.add(info.id.toLowerCase());
          out.push(info);
        }
      } catch (error) {
        throw mapAzureError(error, `Listing the role assignments of ${principal} in subscription ${sub}`);
      }
    }
    return out;
  }

  /**
   * Fills in `roleName` from the role definition cache. At most one built-in list for the whole service
   * lifetime, plus one custom-role list per subscription that references an unknown role.
   */
  async resolveRoleNames(assignments: readonly RoleAssignmentInfo[], signal?: AbortSignal): Promise<RoleAssignmentInfo[]> {
    const names = await this.roleNamesFor(assignments, signal);
    return assignments.map((a) => {
      const name = names.get(safeGuid(a.roleDefinitionId) ?? '');
      return name !== undefined ? { ...a, roleName: name } : a;
    });
  }

  /** GUID → role name for every role the assignments reference that can be resolved. */
  async roleNamesFor(assignments: Iterable<{ roleDefinitionId: string; scope: string }>, signal?: AbortSignal): Promise<Map<string, string>> {
    const wanted = new Map<string, string | undefined>(); // guid → a subscription to look custom roles up in
    for (const a of assignments) {
      const guid = safeGuid(a.roleDefinitionId);
      if (guid === undefined || wanted.has(guid)) continue;
      wanted.set(guid, subscriptionOf(a.roleDefinitionId) ?? subscriptionOf(a.scope));
    }
    const names = new Map<string, string>();
    if (wanted.size === 0) return names;
    const anySubscription = [...wanted.values()].find((s) => s !== undefined);
    const builtIns = await this.builtInRoles(anySubscription, signal);
    const unknownBySub = new Map<string, string[]>();
    for (const [guid, sub] of wanted) {
      const def = builtIns.get(guid);
      if (def !== undefined) names.set(guid, def.roleName);
      else if (sub !== undefined) unknownBySub.set(sub, [...(unknownBySub.get(sub) ?? []), guid]);
    }
    for (const [sub, guids] of unknownBySub) {
      const custom = await this.customRoles(sub, signal);
      for (const guid of guids) {
        const def = custom.get(guid);
        if (def !== undefined) names.set(guid, def.roleName);
      }
    }
    return names;
  }

  /**
   * The built-in roles, listed once (through any subscription: they are identical everywhere). The list is
   * shared by every caller, so it runs under no caller's signal: `signal` only stops this caller's wait, and
   * a cancelled tree load never fails the load that replaces it.
   */
  builtInRoles(subscriptionId: string | undefined, signal?: AbortSignal): Promise<Map<string, RoleDefinitionInfo>> {
    if (this.builtIns === undefined) {
      if (subscriptionId === undefined) return Promise.resolve(new Map<string, RoleDefinitionInfo>());
      const load = this.listRoleDefinitions(subscriptionId, "type eq 'BuiltInRole'");
      this.builtIns = load;
      // A failed load must not poison the cache.
      load.catch(() => {
        if (this.builtIns === load) this.builtIns = undefined;
      });
    }
    return abortable(this.builtIns, signal);
  }

  /** Custom roles visible in a subscription, listed once per subscription (shared like {@link builtInRoles}). */
  customRoles(subscriptionId: string, signal?: AbortSignal): Promise<Map<string, RoleDefinitionInfo>> {
    const key = subscriptionId.toLowerCase();
    let load = this.customBySubscription.get(key);
    if (load === undefined) {
      const created = this.listRoleDefinitions(key, "type eq 'CustomRole'");
      load = created;
      this.customBySubscription.set(key, created);
      created.catch(() => {
        if (this.customBySubscription.get(key) === created) this.customBySubscription.delete(key);
      });
    }
    return abortable(load, signal);
  }

  /** One role definition list; takes no signal because its result is shared (see {@link builtInRoles}). */
  private async listRoleDefinitions(subscriptionId: string, filter: string): Promise<Map<string, RoleDefinitionInfo>> {
    try {
      const list = this.clients.forSubscription(subscriptionId).authorization.roleDefinitions.list(`subscriptions/${subscriptionId}`, { filter });
      const { items } = await collectPages(list, undefined, this.clients.pageResume('authorization'));
      const map = new Map<string, RoleDefinitionInfo>();
      for (const def of items) {
        const info = toRoleDefinitionInfo(def);
        if (info !== undefined) map.set(info.guid, info);
      }
      return map;
    } catch (error) {
      throw mapAzureError(error, `Listing role definitions in subscription ${subscriptionId}`);
    }
  }

  /**
   * Grants a role idempotently. The assignment name is derived from (scope, principal, role), so repeating
   * the call returns the same assignment with `created: false`. A principal that the directory does not
   * know yet (a freshly created identity) is retried with exponential backoff until `signal` fires.
   */
  async grantRole(request: GrantRoleRequest, signal?: AbortSignal): Promise<GrantRoleResult> {
    const scope = parseArmId(request.scope);
    if (scope.kind === 'root') throw new ToolError('invalidInput', 'Choose a subscription, resource group or resource to grant the role on.');
    const principalId = assertGuid(request.principalId, 'The principal id');
    const roleDefinitionId = roleDefinitionIdForScope(scope.id, request.roleDefinitionId);
    const name = deterministicRoleAssignmentName(scope.id, principalId, roleDefinitionId);
    const sdkScope = toSdkScope(scope.id);
    const client = this.clients.forSubscription(scope.subscriptionId ?? '00000000-0000-0000-0000-000000000000').authorization;
    const waits = backoffSchedule(this.options.principalNotFoundBackoff);
    for (let attempt = 0; ; attempt++) {
      throwIfAborted(signal);
      try {
        let status = 0;
        const created = await client.roleAssignments.create(
          sdkScope,
          name,
          {
            roleDefinitionId,
            principalId,
            principalType: request.principalType ?? 'ServicePrincipal',
            ...(request.description !== undefined ? { description: request.description } : {}),
          },
          { abortSignal: signal, onResponse: (response) => (status = response.status) },
        );
        // ARM answers 201 for a new assignment and 200 when the same name already held the same grant.
        return { assignment: toRoleAssignmentInfo(created), created: status !== 200 };
      } catch (error) {
        const code = azureErrorCode(error);
        if (azureStatusCode(error) === 409 && code === 'RoleAssignmentExists') {
          return { assignment: await this.findExisting(sdkScope, name, principalId, roleDefinitionId, signal), created: false };
        }
        if (code === 'PrincipalNotFound' && attempt < waits.length) {
          await sleep(waits[attempt] ?? 0, signal);
          continue;
        }
        throw mapAzureError(error, `Granting role ${roleDefinitionGuid(roleDefinitionId)} to ${principalId} on ${scope.id}`);
      }
    }
  }

  /** The assignment a 409 RoleAssignmentExists refers to: ours by name, else the same grant under another name. */
  private async findExisting(sdkScope: string, name: string, principalId: string, roleDefinitionId: string, signal?: AbortSignal): Promise<RoleAssignmentInfo> {
    const sub = parseArmId(sdkScope).subscriptionId ?? '00000000-0000-0000-0000-000000000000';
    const client = this.clients.forSubscription(sub).authorization;
    try {
      return toRoleAssignmentInfo(await client.roleAssignments.get(sdkScope, name, { abortSignal: signal }));
    } catch (error) {
      if (azureStatusCode(error) !== 404) throw mapAzureError(error, 'Reading the existing role assignment');
    }
    try {
      const { items } = await collectPages(client.roleAssignments.listForScope(sdkScope, { filter: `principalId eq '${principalId}'`, abortSignal: signal }), signal);
      const guid = roleDefinitionGuid(roleDefinitionId);
      const match = items.find((a: RoleAssignment) => safeGuid(a.roleDefinitionId ?? '') === guid && a.scope !== undefined && scopeKey(a.scope) === scopeKey(sdkScope));
      if (match !== undefined) return toRoleAssignmentInfo(match);
    } catch (error) {
      throw mapAzureError(error, 'Finding the existing role assignment');
    }
    throw new ToolError('conflict', `Azure reports the role assignment exists at ${sdkScope}, but it could not be found.`);
  }

  /** Removes a role assignment by id. Returns false when it was already gone (so a retry is not an error). */
  async removeRoleAssignment(assignmentId: string, signal?: AbortSignal): Promise<boolean> {
    const parsed = parseArmId(assignmentId);
    if (parsed.kind !== 'resource' || parsed.resourceType?.toLowerCase() !== 'microsoft.authorization/roleassignments') {
      throw new ToolError('invalidInput', `"${assignmentId}" is not a role assignment id.`);
    }
    const client = this.clients.forSubscription(parsed.subscriptionId ?? '00000000-0000-0000-0000-000000000000').authorization;
    try {
      const response = await client.roleAssignments.deleteById(toSdkScope(parsed.id), { abortSignal: signal });
      // 204 No Content (already gone) gives an empty body.
      return response.id !== undefined;
    } catch (error) {
      if (azureStatusCode(error) === 404) return false;
      throw mapAzureError(error, `Removing role assignment ${parsed.name ?? assignmentId}`);
    }
  }
}

function toRoleDefinitionInfo(def: RoleDefinition): RoleDefinitionInfo | undefined {
  const guid = safeGuid(def.id ?? def.name ?? '');
  if (guid === undefined || def.roleName === undefined) return undefined;
  return {
    id: def.id ?? '',
    guid,
    roleName: def.roleName,
    ...(def.roleType !== undefined ? { roleType: def.roleType } : {}),
    ...(def.description !== undefined ? { description: def.description } : {}),
  };
}

function safeGuid(roleDefinitionId: string): string | undefined {
  try {
    return roleDefinitionGuid(roleDefinitionId);
  } catch {
    return undefined;
  }
}

function subscriptionOf(id: string): string | undefined {
  return /\/subscriptions\/([0-9a-f-]{36})/i.exec(id)?.[1]?.toLowerCase();
}

export function requireEnvironment(environment: AzureEnvironment | undefined): AzureEnvironment {
  if (environment === undefined) throw new ToolError('invalidInput', 'An Azure environment (Resource Manager endpoint) is required.');
  return environment;
}

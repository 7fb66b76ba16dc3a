/**
 * What the "Grant Role" and "Grant My Account the Same Roles" commands show, as data: the role list
 * (least-privilege recommendations for the scope's resource type first, the other roles after), when to
 * warn before a broad grant, and which of an identity's assignments the signed-in account still lacks.
 */
import { parseArmId, scopeKey } from '../arm/armId';
import { roleDefinitionGuid } from '../arm/roleAssignments';
import { builtInRoles, isBroadRole, exposesKeys, recommendRolesForResourceType, roleById } from './roleCatalog';

/** A role definition as the role list gives it (built-in or custom). */
export interface RoleDefinitionChoice {
  /** Lower-case GUID. */
  readonly guid: string;
  readonly roleName: string;
  readonly description?: string;
  readonly roleType?: string;
}

export interface RolePickEntry {
  readonly guid: string;
  readonly roleName: string;
  /** Why (recommended), or the definition's description. */
  readonly detail?: string;
  readonly group: 'recommended' | 'other';
  /** Owner, Contributor, User Access Administrator: warned about at a resource group or broader. */
  readonly broad: boolean;
  /** Can list keys: shown with a warning, never recommended. */
  readonly exposesKeys: boolean;
}

/**
 * Roles for a grant on a scope: the catalog's recommendations for `resourceType` (least privilege first,
 * ARM roles only) that exist in `definitions`, then every other definition by name. Without a definitions
 * list (not loaded), the catalog's own ARM roles are used.
 */
export function orderRolesForPick(resourceType: string | undefined, definitions: readonly RoleDefinitionChoice[] | undefined, kind?: string): RolePickEntry[] {
  const defs = definitions ?? builtInRoles.filter((r) => r.plane === 'arm').map((r) => ({ guid: r.id, roleName: r.name, description: r.reason }));
  const byGuid = new Map(defs.map((d) => [d.guid.toLowerCase(), d]));
  const out: RolePickEntry[] = [];
  const seen = new Set<string>();
  if (resourceType !== undefined) {
    for (const rec of recommendRolesForResourceType(resourceType, kind)) {
      if (rec.plane !== 'arm') continue;
      const guid = rec.roleDefinitionId.toLowerCase();
      if (seen.has(guid) || exposesKeys(guid) || (definitions !== undefined && !byGuid.has(guid))) continue;
      seen.add(guid);
      out.push({ guid, roleName: byGuid.get(guid)?.roleName ?? rec.roleName, detail: rec.reason, group: 'recommended', broad: false, exposesKeys: false });
    }
  }
  const rest = defs.filter((d) => !seen.has(d.guid.toLowerCase())).sort((a, b) => a.roleName.localeCompare(b.roleName));
  for (const d of rest) {
    const guid = d.guid.toLowerCase();
    seen.add(guid);
    out.push({
      guid,
      roleName: d.roleName,
      ...(d.description !== undefined ? { detail: d.description } : {}),
      group: 'other',
      broad: isPrivilegedBroadRole(guid),
      exposesKeys: exposesKeys(guid),
    });
  }
  return out;
}

/** Owner, Contributor and User Access Administrator (Reader is broad but cannot change anything). */
export function isPrivilegedBroadRole(idOrName: string): boolean {
  if (!isBroadRole(idOrName)) return false;
  const role = roleById(idOrName);
  const name = (role?.name ?? idOrName).toLowerCase();
  return name !== 'reader';
}

/** True when granting `role` on `scope` deserves a modal warning: a privileged broad role at a resource group or above. */
export function needsBroadGrantWarning(roleIdOrName: string, scope: string): boolean {
  if (!isPrivilegedBroadRole(roleIdOrName)) return false;
  const kind = parseArmId(scope).kind;
  return kind === 'resourceGroup' || kind === 'subscription' || kind === 'managementGroup' || kind === 'root';
}

/** An assignment reduced to what "same role, same scope" compares. */
export interface ScopedRole {
  readonly scope: string;
  readonly roleDefinitionId: string;
  readonly roleName?: string;
}

export interface SameRolePlanItem {
  readonly scope: string;
  /** Lower-case GUID. */
  readonly roleGuid: string;
  readonly roleName: string;
  /** The account already holds this role at this scope. */
  readonly alreadyPresent: boolean;
}

/**
 * The grants that give an account the same role assignments as an identity: one per distinct (role,
 * scope) of `identityAssignments`, marked `alreadyPresent` when `accountAssignments` holds it already.
 */
export function planSameRoles(identityAssignments: readonly ScopedRole[], accountAssignments: readonly ScopedRole[]): SameRolePlanItem[] {
  const key = (scope: string, guid: string) => `${scopeKey(scope)}|${guid}`;
  const held = new Set(accountAssignments.flatMap((a) => (guidOf(a.roleDefinitionId) !== undefined ? [key(a.scope, guidOf(a.roleDefinitionId) ?? '')] : [])));
  const seen = new Set<string>();
  const out: SameRolePlanItem[] = [];
  for (const a of identityAssignments) {
    const guid = guidOf(a.roleDefinitionId);
    if (guid === undefined) continue;
    const k = key(a.scope, guid);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ scope: parseArmId(a.scope).id, roleGuid: guid, roleName: a.roleName ?? roleById(guid)?.name ?? guid, alreadyPresent: held.has(k) });
  }
  return out.sort((x, y) => x.roleName.localeCompare(y.roleName) || x.scope.localeCompare(y.scope));
}

function guidOf(roleDefinitionId: string): string | undefined {
  try {
    return roleDefinitionGuid(roleDefinitionId);
  } catch {
    return undefined;
  }
}

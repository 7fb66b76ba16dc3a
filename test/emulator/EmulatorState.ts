/**
 * The emulator's in-memory tenant: subscriptions and resource groups, user-assigned identities with their
 * federated credentials, resources with identity blocks, principals, role definitions and role
 * assignments. Maps keyed by lower-cased ARM id (ARM ids are case-insensitive), insertion-ordered so
 * listings are stable. Tests may read and change it directly; the HTTP layer goes through the same methods.
 */
import { builtInRoles } from './builtInRoles';

// ---------------------------------------------------------------------------------------------------
// Seeds: plain data, so seeds can be JSON as well as code.

export interface SeedResourceGroup {
  readonly name: string;
  readonly location: string;
  readonly tags?: Record<string, string>;
}
export interface SeedSubscription {
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly resourceGroups: readonly SeedResourceGroup[];
}
export interface SeedPrincipal {
  readonly principalId: string;
  readonly principalType: PrincipalType;
  readonly displayName: string;
}
export interface SeedIdentity {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Record<string, string>;
  readonly clientId?: string;
  readonly principalId?: string;
}
export interface SeedFederatedCredential {
  /** ARM id of the user-assigned identity. */
  readonly identityId: string;
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audiences?: readonly string[];
}
export interface SeedResource {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** `Namespace/type`, e.g. `Microsoft.Web/sites`. */
  readonly type: string;
  readonly name: string;
  readonly location: string;
  readonly kind?: string;
  readonly tags?: Record<string, string>;
  readonly properties?: Record<string, unknown>;
  readonly identity?: {
    readonly systemAssigned?: boolean;
    readonly principalId?: string;
    /** ARM ids of user-assigned identities. */
    readonly userAssigned?: readonly string[];
  };
}
export interface SeedRoleAssignment {
  /** With or without the leading slash. */
  readonly scope: string;
  /** A role definition GUID or full id. */
  readonly roleDefinitionId: string;
  readonly principalId: string;
  readonly principalType?: PrincipalType;
  /** The assignment's GUID name; generated when absent. */
  readonly name?: string;
  readonly description?: string;
}
export interface SeedCustomRole {
  readonly id: string;
  readonly roleName: string;
  readonly description: string;
  readonly assignableScopes: readonly string[];
  readonly actions: readonly string[];
  readonly dataActions?: readonly string[];
}
export interface TenantSeed {
  readonly tenantId?: string;
  readonly subscriptions: readonly SeedSubscription[];
  readonly principals?: readonly SeedPrincipal[];
  readonly identities?: readonly SeedIdentity[];
  readonly federatedCredentials?: readonly SeedFederatedCredential[];
  readonly resources?: readonly SeedResource[];
  readonly roleAssignments?: readonly SeedRoleAssignment[];
  readonly customRoles?: readonly SeedCustomRole[];
}

// ---------------------------------------------------------------------------------------------------
// Records

export type PrincipalType = 'User' | 'Group' | 'ServicePrincipal' | 'ForeignGroup' | 'Device';

export interface SubscriptionRecord {
  readonly subscriptionId: string;
  displayName: string;
  readonly resourceGroups: ResourceGroupRecord[];
}
export interface ResourceGroupRecord {
  readonly name: string;
  readonly location: string;
  tags?: Record<string, string>;
}
export interface PrincipalRecord {
  readonly principalId: string;
  readonly principalType: PrincipalType;
  readonly displayName: string;
  /** Epoch ms; principals made by the emulator at run time are subject to the replication delay. */
  readonly createdAt: number;
  readonly seeded: boolean;
  /** Role assignment PUTs that referenced this principal (for the replication delay by requests). */
  lookups: number;
}
export interface FederatedCredentialRecord {
  readonly name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}
export interface IdentityRecord {
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  tags?: Record<string, string>;
  readonly clientId: string;
  readonly principalId: string;
  readonly tenantId: string;
  isolationScope: 'None' | 'Regional';
  readonly federatedCredentials: Map<string, FederatedCredentialRecord>;
}
export interface UserAssignedRef {
  readonly id: string;
  readonly principalId: string;
  readonly clientId: string;
}
export interface ResourceIdentityRecord {
  systemAssigned: boolean;
  principalId?: string;
  clientId?: string;
  /** Keyed by lower-cased identity id. Entries outlive a deleted identity, as in ARM. */
  userAssigned: Map<string, UserAssignedRef>;
}
export interface ResourceRecord {
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly type: string;
  readonly name: string;
  readonly location: string;
  kind?: string;
  tags?: Record<string, string>;
  properties: Record<string, unknown>;
  identity: ResourceIdentityRecord;
  readonly createdTime: string;
  changedTime: string;
}
export interface RoleDefinitionRecord {
  readonly id: string;
  readonly roleName: string;
  readonly description: string;
  readonly roleType: 'BuiltInRole' | 'CustomRole';
  readonly assignableScopes: readonly string[];
  readonly permissions: readonly { actions: readonly string[]; notActions: readonly string[]; dataActions: readonly string[]; notDataActions: readonly string[] }[];
}
export interface RoleAssignmentRecord {
  /** `{scope}/providers/Microsoft.Authorization/roleAssignments/{name}` */
  readonly id: string;
  readonly name: string;
  /** Leading slash, as ARM returns it. */
  readonly scope: string;
  /** Role definition GUID. */
  readonly roleDefinitionGuid: string;
  readonly principalId: string;
  readonly principalType: PrincipalType;
  readonly description?: string;
  readonly createdOn: string;
  readonly createdBy?: string;
}

export interface ReplicationDelay {
  /** New principals are unknown to role assignment creation for this long after they are made. */
  readonly ms?: number;
  /** ... or for this many role assignment PUTs that reference them. */
  readonly requests?: number;
}

// ---------------------------------------------------------------------------------------------------

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (s: string): boolean => guidPattern.test(s);

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version-4-shaped GUID from a PRNG. */
export function guidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** `West Europe` → `westeurope`, as ARM normalises locations. */
export const normaliseLocation = (location: string): string => location.replace(/\s+/g, '').toLowerCase();

export const identityIdOf = (subscriptionId: string, resourceGroup: string, name: string): string =>
  `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;

export const resourceIdOf = (subscriptionId: string, resourceGroup: string, type: string, name: string): string => {
  const [ns, ...types] = type.split('/');
  const names = name.split('/');
  const path = types.map((t, i) => `${t}/${names[i] ?? ''}`).join('/');
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${ns}/${path}`;
};

/** `/subscriptions/x/` etc.: leading slash, no trailing slash, no double slashes. */
export const normaliseScope = (scope: string): string => ('/' + scope).replace(/\/{2,}/g, '/').replace(/\/$/, '') || '/';

const emptyIdentity = (): ResourceIdentityRecord => ({ systemAssigned: false, userAssigned: new Map() });

export class EmulatorState {
  readonly tenantId: string;
  readonly subscriptions: SubscriptionRecord[] = [];
  readonly principals = new Map<string, PrincipalRecord>();
  readonly identities = new Map<string, IdentityRecord>();
  readonly resources = new Map<string, ResourceRecord>();
  readonly roleDefinitions = new Map<string, RoleDefinitionRecord>();
  readonly roleAssignments = new Map<string, RoleAssignmentRecord>();
  /** Set by tests or options: see {@link ReplicationDelay}. */
  replicationDelay: ReplicationDelay | undefined;
  /** Principal of the emulator's default caller (the "signed-in developer"). */
  readonly callerPrincipalId: string;

  constructor(
    seed: TenantSeed,
    private readonly random: () => number,
    private readonly now: () => number = Date.now,
  ) {
    this.tenantId = seed.tenantId ?? '72f988bf-0000-4000-8000-00000000c0de';
    for (const role of builtInRoles) {
      this.roleDefinitions.set(role.id, {
        id: role.id,
        roleName: role.roleName,
        description: role.description,
        roleType: 'BuiltInRole',
        assignableScopes: ['/'],
        permissions: [{ actions: role.actions, notActions: role.notActions ?? [], dataActions: role.dataActions ?? [], notDataActions: role.notDataActions ?? [] }],
      });
    }
    for (const s of seed.subscriptions) {
      this.subscriptions.push({ subscriptionId: s.subscriptionId.toLowerCase(), displayName: s.displayName, resourceGroups: s.resourceGroups.map((g) => ({ ...g, location: normaliseLocation(g.location) })) });
    }
    for (const p of seed.principals ?? []) this.addPrincipal(p.principalId, p.principalType, p.displayName, true);
    this.callerPrincipalId = (seed.principals ?? []).find((p) => p.principalType === 'User')?.principalId ?? this.addPrincipal(undefined, 'User', 'developer@contoso.example', true).principalId;
    for (const c of seed.customRoles ?? []) {
      this.roleDefinitions.set(c.id.toLowerCase(), {
        id: c.id.toLowerCase(),
        roleName: c.roleName,
        description: c.description,
        roleType: 'CustomRole',
        assignableScopes: c.assignableScopes,
        permissions: [{ actions: c.actions, notActions: [], dataActions: c.dataActions ?? [], notDataActions: [] }],
      });
    }
    for (const i of seed.identities ?? []) this.createIdentity(i, true);
    for (const f of seed.federatedCredentials ?? []) {
      const identity = this.identities.get(f.identityId.toLowerCase());
      if (identity === undefined) throw new Error(`seed: federated credential ${f.name} names an unknown identity ${f.identityId}`);
      identity.federatedCredentials.set(f.name.toLowerCase(), { name: f.name, issuer: f.issuer, subject: f.subject, audiences: [...(f.audiences ?? ['api://AzureADTokenExchange'])] });
    }
    for (const r of seed.resources ?? []) this.addResource(r, true);
    for (const a of seed.roleAssignments ?? []) this.addRoleAssignment(a);
  }

  newGuid(): string {
    return guidFrom(this.random);
  }

  subscription(subscriptionId: string): SubscriptionRecord | undefined {
    const key = subscriptionId.toLowerCase();
    return this.subscriptions.find((s) => s.subscriptionId === key);
  }

  resourceGroup(subscriptionId: string, name: string): ResourceGroupRecord | undefined {
    return this.subscription(subscriptionId)?.resourceGroups.find((g) => g.name.toLowerCase() === name.toLowerCase());
  }

  addPrincipal(principalId: string | undefined, principalType: PrincipalType, displayName: string, seeded = false): PrincipalRecord {
    const record: PrincipalRecord = { principalId: (principalId ?? this.newGuid()).toLowerCase(), principalType, displayName, createdAt: this.now(), seeded, lookups: 0 };
    this.principals.set(record.principalId, record);
    return record;
  }

  /** Whether role assignment creation can see the principal yet (replication delay). */
  principalVisible(principalId: string): boolean {
    const p = this.principals.get(principalId.toLowerCase());
    if (p === undefined) return false;
    if (p.seeded || this.replicationDelay === undefined) return true;
    p.lookups++;
    const { ms, requests } = this.replicationDelay;
    if (ms !== undefined && this.now() - p.createdAt < ms) return false;
    if (requests !== undefined && p.lookups <= requests) return false;
    return true;
  }

  createIdentity(i: SeedIdentity, seeded = false): IdentityRecord {
    const sub = this.subscription(i.subscriptionId);
    if (sub === undefined) throw new Error(`unknown subscription ${i.subscriptionId}`);
    const rg = this.resourceGroup(i.subscriptionId, i.resourceGroup);
    if (rg === undefined) throw new Error(`unknown resource group ${i.resourceGroup}`);
    const principal = this.addPrincipal(i.principalId, 'ServicePrincipal', i.name, seeded);
    const record: IdentityRecord = {
      id: identityIdOf(sub.subscriptionId, rg.name, i.name),
      subscriptionId: sub.subscriptionId,
      resourceGroup: rg.name,
      name: i.name,
      location: normaliseLocation(i.location),
      ...(i.tags !== undefined ? { tags: { ...i.tags } } : {}),
      clientId: (i.clientId ?? this.newGuid()).toLowerCase(),
      principalId: principal.principalId,
      tenantId: this.tenantId,
      isolationScope: 'None',
      federatedCredentials: new Map(),
    };
    this.identities.set(record.id.toLowerCase(), record);
    return record;
  }

  /** Deletes the identity and its federated credentials; role assignments and attachments stay, as in ARM. */
  deleteIdentity(id: string): boolean {
    const record = this.identities.get(id.toLowerCase());
    if (record === undefined) return false;
    this.identities.delete(id.toLowerCase());
    this.principals.delete(record.principalId);
    return true;
  }

  addResource(r: SeedResource, seeded = false): ResourceRecord {
    const sub = this.subscription(r.subscriptionId);
    if (sub === undefined) throw new Error(`unknown subscription ${r.subscriptionId}`);
    const rg = this.resourceGroup(r.subscriptionId, r.resourceGroup);
    if (rg === undefined) throw new Error(`unknown resource group ${r.resourceGroup}`);
    const created = new Date(this.now()).toISOString();
    const record: ResourceRecord = {
      id: resourceIdOf(sub.subscriptionId, rg.name, r.type, r.name),
      subscriptionId: sub.subscriptionId,
      resourceGroup: rg.name,
      type: r.type,
      name: r.name,
      location: normaliseLocation(r.location),
      ...(r.kind !== undefined ? { kind: r.kind } : {}),
      ...(r.tags !== undefined ? { tags: { ...r.tags } } : {}),
      properties: { ...(r.properties ?? {}) },
      identity: emptyIdentity(),
      createdTime: created,
      changedTime: created,
    };
    if (r.identity?.systemAssigned) this.enableSystemAssigned(record, r.identity.principalId, seeded);
    for (const uaId of r.identity?.userAssigned ?? []) {
      const ua = this.identities.get(uaId.toLowerCase());
      if (ua === undefined) throw new Error(`seed: resource ${r.name} names an unknown identity ${uaId}`);
      record.identity.userAssigned.set(ua.id.toLowerCase(), { id: ua.id, principalId: ua.principalId, clientId: ua.clientId });
    }
    this.resources.set(record.id.toLowerCase(), record);
    return record;
  }

  enableSystemAssigned(resource: ResourceRecord, principalId?: string, seeded = false): void {
    if (resource.identity.systemAssigned) return;
    const principal = this.addPrincipal(principalId, 'ServicePrincipal', resource.name, seeded);
    resource.identity.systemAssigned = true;
    resource.identity.principalId = principal.principalId;
    resource.identity.clientId = this.newGuid();
  }

  disableSystemAssigned(resource: ResourceRecord): void {
    if (!resource.identity.systemAssigned) return;
    if (resource.identity.principalId !== undefined) this.principals.delete(resource.identity.principalId);
    resource.identity.systemAssigned = false;
    delete resource.identity.principalId;
    delete resource.identity.clientId;
  }

  /** Adds a role assignment without the HTTP checks (seeds and tests). */
  addRoleAssignment(a: SeedRoleAssignment, createdBy: string = this.callerPrincipalId): RoleAssignmentRecord {
    const scope = normaliseScope(a.scope);
    const name = (a.name ?? this.newGuid()).toLowerCase();
    const guid = roleGuidOf(a.roleDefinitionId);
    const principalId = a.principalId.toLowerCase();
    const record: RoleAssignmentRecord = {
      id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      scope,
      roleDefinitionGuid: guid,
      principalId,
      principalType: a.principalType ?? this.principals.get(principalId)?.principalType ?? 'ServicePrincipal',
      ...(a.description !== undefined ? { description: a.description } : {}),
      createdOn: new Date(this.now()).toISOString(),
      createdBy: createdBy.toLowerCase(),
    };
    this.roleAssignments.set(record.id.toLowerCase(), record);
    return record;
  }

  /** Assignments for the principal (any scope). */
  assignmentsFor(principalId: string): RoleAssignmentRecord[] {
    const p = principalId.toLowerCase();
    return [...this.roleAssignments.values()].filter((a) => a.principalId === p);
  }

  /** The role definition GUID → record, for names in tests. */
  roleByName(roleName: string): RoleDefinitionRecord | undefined {
    return [...this.roleDefinitions.values()].find((r) => r.roleName.toLowerCase() === roleName.toLowerCase());
  }
}

/** `…/roleDefinitions/{guid}` or a bare GUID → the lower-cased GUID. */
export function roleGuidOf(roleDefinitionId: string): string {
  const last = roleDefinitionId.split('/').filter(Boolean).pop() ?? '';
  return last.toLowerCase();
}

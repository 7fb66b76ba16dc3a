/**
 * A deterministic generator of large tenants for benchmarks and load tests (`npm run bench:tree`):
 * `generateTenant({ subscriptions: 10, identities: 1000, resourcesWithIdentity: 300, roleAssignments: 5000, seed: 42 })`.
 * The same options always give the same tenant. Identities, resources and assignments are spread evenly
 * over the subscriptions; every resource counted in `resourcesWithIdentity` has an identity block, and a
 * few storage accounts and key vaults without identity serve as role assignment scopes. Role assignments
 * use built-in roles only and are unique per (principal, role, scope).
 */
import { guidFrom, identityIdOf, prng, resourceIdOf, type SeedIdentity, type SeedResource, type SeedRoleAssignment, type TenantSeed } from '../EmulatorState';

export interface GenerateTenantOptions {
  readonly subscriptions: number;
  readonly identities: number;
  readonly resourcesWithIdentity: number;
  readonly roleAssignments: number;
  readonly seed: number;
  /** Resource groups per subscription (default 4). */
  readonly resourceGroupsPerSubscription?: number;
}

const dataRoles = [
  '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a',
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
  '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
  '4633458b-17de-408a-b874-0445c86b69e6',
  '516239f1-63e1-4d78-a4de-a74fb236a071',
  '7f951dda-4ed3-4680-a7ca-43fe172d538d',
];
const broadRoles = ['acdd72a7-3385-48ef-bd42-f606fba81ae7', 'b24988ac-6180-42a0-ab88-20f7382dd24c'];

const kinds: { type: string; kind?: string; prefix: string; both: boolean }[] = [
  { type: 'Microsoft.Web/sites', kind: 'app,linux', prefix: 'app', both: true },
  { type: 'Microsoft.Web/sites', kind: 'functionapp,linux', prefix: 'func', both: true },
  { type: 'Microsoft.Compute/virtualMachines', prefix: 'vm', both: true },
  { type: 'Microsoft.App/containerApps', prefix: 'ca', both: true },
  { type: 'Microsoft.ContainerService/managedClusters', prefix: 'aks', both: false },
  { type: 'Microsoft.Storage/storageAccounts', kind: 'StorageV2', prefix: 'st', both: true },
];

/** Splits `total` into `parts` near-equal counts (the first ones get the remainder). */
function spread(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

export function generateTenant(options: GenerateTenantOptions): TenantSeed {
  const random = prng(options.seed);
  const guid = (): string => guidFrom(random);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const groupsPerSub = Math.max(1, options.resourceGroupsPerSubscription ?? 4);
  const subscriptions = Array.from({ length: options.subscriptions }, (_, i) => ({
    subscriptionId: guid(),
    displayName: `Generated Subscription ${String(i + 1).padStart(2, '0')}`,
    resourceGroups: Array.from({ length: groupsPerSub }, (_, g) => ({ name: `rg-gen-${String(g + 1).padStart(2, '0')}`, location: g % 2 === 0 ? 'westeurope' : 'eastus' })),
  }));
  const identities: SeedIdentity[] = [];
  const resources: SeedResource[] = [];
  const roleAssignments: SeedRoleAssignment[] = [];
  const identityCounts = spread(options.identities, subscriptions.length);
  const resourceCounts = spread(options.resourcesWithIdentity, subscriptions.length);
  const assignmentCounts = spread(options.roleAssignments, subscriptions.length);

  subscriptions.forEach((sub, s) => {
    const sid = sub.subscriptionId;
    const rgs = sub.resourceGroups.map((g) => g.name);
    const subIdentities: SeedIdentity[] = [];
    for (let i = 0; i < identityCounts[s]; i++) {
      const rg = rgs[i % rgs.length];
      const identity: SeedIdentity = { subscriptionId: sid, resourceGroup: rg, name: `id-gen-${s + 1}-${String(i + 1).padStart(4, '0')}`, location: 'westeurope', tags: { env: pick(['prod', 'dev', 'test']), team: pick(['web', 'data', 'platform', 'ai']) }, clientId: guid(), principalId: guid() };
      subIdentities.push(identity);
    }
    identities.push(...subIdentities);
    // Targets without identity: scopes for data-plane role assignments.
    const targets: string[] = [];
    for (let t = 0; t < 6; t++) {
      const rg = rgs[t % rgs.length];
      const type = t % 2 === 0 ? 'Microsoft.Storage/storageAccounts' : 'Microsoft.KeyVault/vaults';
      const name = t % 2 === 0 ? `stgen${s + 1}t${t}` : `kv-gen-${s + 1}-${t}`;
      resources.push({ subscriptionId: sid, resourceGroup: rg, type, name, location: 'westeurope', ...(t % 2 === 0 ? { kind: 'StorageV2' } : {}), properties: {} });
      targets.push(resourceIdOf(sid, rg, type, name));
    }
    const principals = subIdentities.map((i) => i.principalId!);
    for (let r = 0; r < resourceCounts[s]; r++) {
      const k = kinds[r % kinds.length];
      const rg = rgs[r % rgs.length];
      const mode = k.both ? pick(['system', 'user', 'both'] as const) : pick(['system', 'user'] as const);
      const systemAssigned = mode !== 'user';
      const userCount = mode === 'system' || subIdentities.length === 0 ? 0 : k.both ? 1 + Math.floor(random() * 2) : 1;
      const userAssigned = [...new Set(Array.from({ length: userCount }, () => pick(subIdentities)).map((i) => identityIdOf(sid, i.resourceGroup, i.name)))];
      const principalId = systemAssigned || userAssigned.length === 0 ? guid() : undefined;
      const name = `${k.prefix}${k.prefix === 'st' ? '' : '-'}gen${k.prefix === 'st' ? '' : '-'}${s + 1}${k.prefix === 'st' ? 'r' : '-'}${String(r + 1).padStart(4, '0')}`;
      resources.push({
        subscriptionId: sid,
        resourceGroup: rg,
        type: k.type,
        name,
        location: 'westeurope',
        ...(k.kind !== undefined ? { kind: k.kind } : {}),
        properties: {},
        identity: { systemAssigned: principalId !== undefined, ...(principalId !== undefined ? { principalId } : {}), userAssigned },
      });
      if (principalId !== undefined) principals.push(principalId);
    }
    // Role assignments, unique per (principal, role, scope).
    const seen = new Set<string>();
    const scopes = [`/subscriptions/${sid}`, ...rgs.map((g) => `/subscriptions/${sid}/resourceGroups/${g}`), ...targets];
    let made = 0;
    let attempts = 0;
    while (made < assignmentCounts[s] && principals.length > 0 && attempts < assignmentCounts[s] * 20) {
      attempts++;
      const principalId = pick(principals);
      const atTarget = random() < 0.7;
      const scope = atTarget ? pick(targets) : pick(scopes.slice(0, 1 + rgs.length));
      const role = atTarget ? pick(dataRoles) : pick(broadRoles);
      const key = `${principalId}|${role}|${scope.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      roleAssignments.push({ scope, roleDefinitionId: role, principalId, principalType: 'ServicePrincipal', name: guid() });
      made++;
    }
    if (made < assignmentCounts[s]) throw new Error(`generateTenant: could not make ${assignmentCounts[s]} unique role assignments in subscription ${s + 1}; add identities or resources`);
  });

  return { tenantId: guid(), subscriptions, identities, resources, roleAssignments };
}

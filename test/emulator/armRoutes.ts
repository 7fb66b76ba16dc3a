/**
 * The emulator's ARM routes: request path → route, api-version checks, state changes and response bodies
 * shaped like the official REST examples (Microsoft.ManagedIdentity 2024-11-30, Microsoft.Authorization
 * 2022-04-01, Microsoft.Resources, and the identity blocks of Web / Compute / App / ContainerService /
 * Storage resources). Pure request → reply functions over {@link EmulatorState}; the server lives in
 * ArmEmulator.ts.
 */
import {
  type EmulatorState,
  type FederatedCredentialRecord,
  type IdentityRecord,
  type PrincipalType,
  type ResourceRecord,
  type RoleAssignmentRecord,
  type RoleDefinitionRecord,
  type UserAssignedRef,
  isGuid,
  normaliseLocation,
  normaliseScope,
  resourceIdOf,
  roleGuidOf,
} from './EmulatorState';

export interface ArmContext {
  readonly state: EmulatorState;
  readonly method: string;
  /** Path with `//` collapsed. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly rawQuery: string;
  readonly bodyText: string;
  /** `https://127.0.0.1:PORT`, for absolute nextLinks. */
  readonly endpoint: string;
  readonly pageSize: number;
  /** Object id of the authenticated caller. */
  caller: string | undefined;
}
export interface ArmReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}
export interface Route {
  readonly name: string;
  /** Supported api-versions; `any` for resource types the emulator has no table for. */
  readonly apiVersions: readonly string[] | 'any';
  /** Error code for an unsupported api-version: provider routes vs. Microsoft.Resources. */
  readonly apiVersionError?: 'NoRegisteredProviderFound' | 'InvalidApiVersionParameter';
  readonly resourceType?: string;
  handle(ctx: ArmContext): ArmReply;
}

// ---------------------------------------------------------------------------------------------------
// api-versions

export const apiVersions = {
  msi: ['2024-11-30', '2023-01-31'],
  authorization: ['2022-04-01', '2022-05-01-preview', '2020-10-01-preview', '2020-04-01-preview'],
  resources: ['2025-04-01', '2024-11-01', '2024-07-01', '2024-03-01', '2022-09-01', '2021-04-01'],
  subscriptions: ['2022-12-01', '2021-01-01', '2020-01-01', '2016-06-01'],
} as const;

interface TypeProfile {
  readonly apiVersions: readonly string[];
  /** How the provider spells the combined type in responses. */
  readonly spelling: 'commaSpace' | 'comma';
  /** `both`: system and user together; `either`: one kind at a time; `none`: no identity support. */
  readonly identity: 'both' | 'either' | 'none';
  readonly maxUserAssigned?: number;
}
const webVersions = ['2024-04-01', '2023-12-01', '2024-11-01', '2023-01-01', '2022-09-01', '2022-03-01'];
const computeVersions = ['2024-11-01', '2024-07-01', '2024-03-01', '2023-09-01', '2023-07-01'];
const appVersions = ['2025-01-01', '2024-03-01', '2024-10-02-preview', '2023-05-01'];
export const typeProfiles: Record<string, TypeProfile> = {
  'microsoft.web/sites': { apiVersions: webVersions, spelling: 'commaSpace', identity: 'both' },
  'microsoft.web/sites/slots': { apiVersions: webVersions, spelling: 'commaSpace', identity: 'both' },
  'microsoft.compute/virtualmachines': { apiVersions: computeVersions, spelling: 'commaSpace', identity: 'both' },
  'microsoft.compute/virtualmachinescalesets': { apiVersions: computeVersions, spelling: 'commaSpace', identity: 'both' },
  'microsoft.app/containerapps': { apiVersions: appVersions, spelling: 'comma', identity: 'both' },
  'microsoft.app/jobs': { apiVersions: appVersions, spelling: 'comma', identity: 'both' },
  'microsoft.containerservice/managedclusters': { apiVersions: ['2024-09-01', '2025-01-01', '2024-10-01', '2024-05-01', '2024-02-01'], spelling: 'commaSpace', identity: 'either', maxUserAssigned: 1 },
  'microsoft.storage/storageaccounts': { apiVersions: ['2023-05-01', '2024-01-01', '2023-01-01', '2022-09-01'], spelling: 'comma', identity: 'both' },
  'microsoft.servicebus/namespaces': { apiVersions: ['2024-01-01', '2022-10-01-preview', '2021-11-01'], spelling: 'commaSpace', identity: 'both' },
  'microsoft.eventhub/namespaces': { apiVersions: ['2024-01-01', '2022-10-01-preview', '2021-11-01'], spelling: 'commaSpace', identity: 'both' },
  'microsoft.keyvault/vaults': { apiVersions: ['2024-11-01', '2023-07-01', '2022-07-01'], spelling: 'commaSpace', identity: 'none' },
  'microsoft.appconfiguration/configurationstores': { apiVersions: ['2024-05-01', '2023-03-01'], spelling: 'commaSpace', identity: 'both' },
  'microsoft.cognitiveservices/accounts': { apiVersions: ['2024-10-01', '2023-05-01'], spelling: 'commaSpace', identity: 'both' },
  'microsoft.containerregistry/registries': { apiVersions: ['2023-07-01', '2023-11-01-preview', '2019-05-01'], spelling: 'commaSpace', identity: 'both' },
  'microsoft.logic/workflows': { apiVersions: ['2019-05-01'], spelling: 'commaSpace', identity: 'either', maxUserAssigned: 1 },
  'microsoft.datafactory/factories': { apiVersions: ['2018-06-01'], spelling: 'commaSpace', identity: 'both' },
  'microsoft.apimanagement/service': { apiVersions: ['2024-05-01', '2022-08-01'], spelling: 'commaSpace', identity: 'both' },
  'microsoft.web/serverfarms': { apiVersions: webVersions, spelling: 'commaSpace', identity: 'none' },
  'microsoft.managedidentity/userassignedidentities': { apiVersions: apiVersions.msi, spelling: 'commaSpace', identity: 'none' },
};

/** The spelling ARM uses for the types in {@link typeProfiles}. */
const canonicalTypeNames = [
  'Microsoft.Web/sites', 'Microsoft.Web/sites/slots', 'Microsoft.Web/serverfarms', 'Microsoft.Compute/virtualMachines', 'Microsoft.Compute/virtualMachineScaleSets',
  'Microsoft.App/containerApps', 'Microsoft.App/jobs', 'Microsoft.ContainerService/managedClusters', 'Microsoft.Storage/storageAccounts',
  'Microsoft.ServiceBus/namespaces', 'Microsoft.EventHub/namespaces', 'Microsoft.KeyVault/vaults', 'Microsoft.AppConfiguration/configurationStores',
  'Microsoft.CognitiveServices/accounts', 'Microsoft.ContainerRegistry/registries', 'Microsoft.Logic/workflows', 'Microsoft.DataFactory/factories',
  'Microsoft.ApiManagement/service', 'Microsoft.ManagedIdentity/userAssignedIdentities',
];

// ---------------------------------------------------------------------------------------------------
// Helpers

export function armError(status: number, code: string, message: string): ArmReply {
  return { status, body: { error: { code, message } } };
}

/** A query parameter by case-insensitive name (`$skipToken` = `$skiptoken`). */
function param(ctx: ArmContext, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of ctx.query) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function parseBody(ctx: ArmContext): { ok: true; body: Record<string, unknown> } | { ok: false; reply: ArmReply } {
  if (ctx.bodyText.trim() === '') return { ok: true, body: {} };
  try {
    const body: unknown = JSON.parse(ctx.bodyText);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reply: armError(400, 'InvalidRequestContent', 'The request content must be a JSON object.') };
    return { ok: true, body: body as Record<string, unknown> };
  } catch (e) {
    return { ok: false, reply: armError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${(e as Error).message}'.`) };
  }
}

const skipTokenPrefix = 'emu:';

/** One page of `items` with an absolute nextLink back to this emulator (api-version kept). */
function page<T>(ctx: ArmContext, items: readonly T[], render: (item: T) => unknown, extra: Record<string, unknown> = {}): ArmReply {
  const token = param(ctx, '$skipToken');
  let offset = 0;
  if (token !== undefined) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    if (!decoded.startsWith(skipTokenPrefix) || !Number.isInteger(Number(decoded.slice(skipTokenPrefix.length)))) return armError(400, 'InvalidSkipToken', `The skip token '${token}' is invalid.`);
    offset = Number(decoded.slice(skipTokenPrefix.length));
  }
  const topText = param(ctx, '$top');
  let size = ctx.pageSize;
  if (topText !== undefined) {
    const top = Number(topText);
    if (!Number.isInteger(top) || top < 1) return armError(400, 'InvalidTopParameter', `The value '${topText}' of $top is invalid; it must be a positive integer.`);
    size = Math.min(size, top);
  }
  const slice = items.slice(offset, offset + size);
  const body: Record<string, unknown> = { value: slice.map(render), ...extra };
  if (offset + size < items.length) {
    const kept = ctx.rawQuery.split('&').filter((p) => p !== '' && decodeURIComponent(p.split('=')[0]).toLowerCase() !== '$skiptoken');
    kept.push(`$skiptoken=${Buffer.from(`${skipTokenPrefix}${offset + size}`).toString('base64url')}`);
    body.nextLink = `${ctx.endpoint}${ctx.path}?${kept.join('&')}`;
  }
  return { status: 200, body };
}

const lower = (s: string): string => s.toLowerCase();

/** Whether scope `a` is `b` or one of its ancestors. */
function isAncestorOrSelf(a: string, b: string): boolean {
  const x = lower(a);
  const y = lower(b);
  return x === '/' || x === y || y.startsWith(x + '/');
}

function subscriptionOfScope(scope: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1]?.toLowerCase();
}

function notFoundResource(type: string, name: string, resourceGroup: string): ArmReply {
  return armError(404, 'ResourceNotFound', `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
}

function checkSubscription(ctx: ArmContext, subscriptionId: string): ArmReply | undefined {
  return ctx.state.subscription(subscriptionId) === undefined ? armError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`) : undefined;
}

function checkResourceGroup(ctx: ArmContext, subscriptionId: string, resourceGroup: string): ArmReply | undefined {
  return checkSubscription(ctx, subscriptionId) ?? (ctx.state.resourceGroup(subscriptionId, resourceGroup) === undefined ? armError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`) : undefined);
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;
const ficNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

// ---------------------------------------------------------------------------------------------------
// Renderers (shapes of the official examples)

export function renderIdentity(i: IdentityRecord): unknown {
  return {
    id: i.id,
    name: i.name,
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    location: i.location,
    ...(i.tags !== undefined ? { tags: i.tags } : {}),
    properties: { tenantId: i.tenantId, principalId: i.principalId, clientId: i.clientId, isolationScope: i.isolationScope },
  };
}

export function renderFederatedCredential(i: IdentityRecord, f: FederatedCredentialRecord): unknown {
  return {
    id: `${i.id}/federatedIdentityCredentials/${f.name}`,
    name: f.name,
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
    properties: { issuer: f.issuer, subject: f.subject, audiences: f.audiences },
  };
}

function combinedType(profile: TypeProfile | undefined): string {
  return profile?.spelling === 'comma' ? 'SystemAssigned,UserAssigned' : 'SystemAssigned, UserAssigned';
}

export function renderIdentityBlock(state: EmulatorState, r: ResourceRecord): Record<string, unknown> | undefined {
  const { systemAssigned, userAssigned } = r.identity;
  if (!systemAssigned && userAssigned.size === 0) return undefined;
  const profile = typeProfiles[lower(r.type)];
  const type = systemAssigned && userAssigned.size > 0 ? combinedType(profile) : systemAssigned ? 'SystemAssigned' : 'UserAssigned';
  const block: Record<string, unknown> = { type };
  if (systemAssigned) {
    block.principalId = r.identity.principalId;
    block.tenantId = state.tenantId;
  }
  if (userAssigned.size > 0) {
    const map: Record<string, { principalId: string; clientId: string }> = {};
    for (const ref of userAssigned.values()) {
      // A live identity's ids; a deleted one keeps the ids it had when attached (ARM does not clean up).
      const live = state.identities.get(lower(ref.id));
      map[ref.id] = { principalId: live?.principalId ?? ref.principalId, clientId: live?.clientId ?? ref.clientId };
    }
    block.userAssignedIdentities = map;
  }
  return block;
}

function renderResource(state: EmulatorState, r: ResourceRecord): unknown {
  const identity = renderIdentityBlock(state, r);
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    ...(r.kind !== undefined ? { kind: r.kind } : {}),
    location: r.location,
    ...(r.tags !== undefined ? { tags: r.tags } : {}),
    ...(identity !== undefined ? { identity } : {}),
    properties: { ...r.properties, provisioningState: 'Succeeded' },
  };
}

function renderGenericListItem(state: EmulatorState, r: ResourceRecord | IdentityRecord, expand: Set<string>): unknown {
  const isIdentity = !('identity' in r);
  const type = isIdentity ? 'Microsoft.ManagedIdentity/userAssignedIdentities' : r.type;
  // The generic list spells ids with `resourceGroups`, whatever the provider returns.
  const id = isIdentity ? r.id.replace('/resourcegroups/', '/resourceGroups/') : r.id;
  const identity = isIdentity ? undefined : renderIdentityBlock(state, r);
  return {
    id,
    name: r.name,
    type,
    ...(!isIdentity && r.kind !== undefined ? { kind: r.kind } : {}),
    location: r.location,
    ...(r.tags !== undefined ? { tags: r.tags } : {}),
    ...(identity !== undefined ? { identity } : {}),
    ...(expand.has('createdtime') && !isIdentity ? { createdTime: r.createdTime } : {}),
    ...(expand.has('changedtime') && !isIdentity ? { changedTime: r.changedTime } : {}),
    ...(expand.has('provisioningstate') ? { provisioningState: 'Succeeded' } : {}),
  };
}

function roleDefinitionIdFor(scope: string, guid: string): string {
  const sub = subscriptionOfScope(scope);
  return `${sub !== undefined ? `/subscriptions/${sub}` : ''}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

export function renderRoleAssignment(a: RoleAssignmentRecord): unknown {
  return {
    properties: {
      roleDefinitionId: roleDefinitionIdFor(a.scope, a.roleDefinitionGuid),
      principalId: a.principalId,
      principalType: a.principalType,
      scope: a.scope,
      ...(a.description !== undefined ? { description: a.description } : {}),
      createdOn: a.createdOn,
      updatedOn: a.createdOn,
      ...(a.createdBy !== undefined ? { createdBy: a.createdBy, updatedBy: a.createdBy } : {}),
    },
    id: a.id,
    type: 'Microsoft.Authorization/roleAssignments',
    name: a.name,
  };
}

export function renderRoleDefinition(d: RoleDefinitionRecord, scope: string): unknown {
  return {
    properties: {
      roleName: d.roleName,
      type: d.roleType,
      description: d.description,
      assignableScopes: d.assignableScopes,
      permissions: d.permissions,
    },
    id: roleDefinitionIdFor(scope, d.id),
    type: 'Microsoft.Authorization/roleDefinitions',
    name: d.id,
  };
}

// ---------------------------------------------------------------------------------------------------
// OData-ish $filter parsing (the subset ARM supports for these lists)

type Clause = { kind: 'eq'; field: string; value: string } | { kind: 'atScope' } | { kind: 'assignedTo'; value: string } | { kind: 'substringof'; field: string; value: string };

function parseFilter(filter: string): Clause[][] | undefined {
  const groups: Clause[][] = [];
  for (const orPart of filter.split(/\s+or\s+/i)) {
    const clauses: Clause[] = [];
    for (const raw of orPart.split(/\s+and\s+/i)) {
      const part = raw.trim().replace(/^\((.*)\)$/, '$1').trim();
      let m: RegExpExecArray | null;
      if (/^atScope\(\)$/i.test(part)) clauses.push({ kind: 'atScope' });
      else if ((m = /^assignedTo\('([^']*)'\)$/i.exec(part))) clauses.push({ kind: 'assignedTo', value: m[1] });
      else if ((m = /^([A-Za-z]+)\s+eq\s+'((?:[^']|'')*)'$/i.exec(part))) clauses.push({ kind: 'eq', field: m[1].toLowerCase(), value: m[2].replace(/''/g, "'") });
      else if ((m = /^substringof\('((?:[^']|'')*)',\s*([A-Za-z]+)\)$/i.exec(part))) clauses.push({ kind: 'substringof', field: m[2].toLowerCase(), value: m[1].replace(/''/g, "'") });
      else return undefined;
    }
    groups.push(clauses);
  }
  return groups;
}

// ---------------------------------------------------------------------------------------------------
// Routes

/** Finds the route for the request; undefined when the path is not one the emulator knows. */
export function matchRoute(ctx: ArmContext): Route | undefined {
  const segs = ctx.path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  const ls = segs.map(lower);
  const m = ctx.method;

  // Extension resources at any scope: .../providers/Microsoft.Authorization/{roleAssignments|roleDefinitions}[/{name}]
  for (let i = ls.length - 2; i >= 0; i--) {
    if (ls[i] !== 'providers') continue;
    const ns = ls[i + 1];
    const scope = normaliseScope(segs.slice(0, i).join('/'));
    const rest = segs.slice(i + 2);
    if (ns === 'microsoft.authorization' && rest.length >= 1 && rest.length <= 2) {
      const kind = lower(rest[0]);
      if (kind === 'roleassignments') return roleAssignmentRoute(m, scope, rest[1]);
      if (kind === 'roledefinitions') return roleDefinitionRoute(m, scope, rest[1]);
    }
    if (ns === 'microsoft.managedidentity' && rest.length === 2 && lower(rest[0]) === 'identities' && lower(rest[1]) === 'default' && m === 'GET') {
      return { name: 'systemAssignedIdentities.getByScope', apiVersions: apiVersions.msi, apiVersionError: 'NoRegisteredProviderFound', handle: (c) => getSystemAssigned(c, scope) };
    }
    break;
  }

  if (ls[0] === 'tenants' && ls.length === 1 && m === 'GET') return { name: 'tenants.list', apiVersions: apiVersions.subscriptions, apiVersionError: 'InvalidApiVersionParameter', handle: listTenants };
  if (ls[0] !== 'subscriptions') return undefined;
  if (ls.length === 1 && m === 'GET') return { name: 'subscriptions.list', apiVersions: apiVersions.subscriptions, apiVersionError: 'InvalidApiVersionParameter', handle: listSubscriptions };
  const sub = segs[1];
  if (ls.length === 2 && m === 'GET') return { name: 'subscriptions.get', apiVersions: apiVersions.subscriptions, apiVersionError: 'InvalidApiVersionParameter', handle: (c) => getSubscription(c, sub) };
  const resources = { apiVersions: apiVersions.resources, apiVersionError: 'InvalidApiVersionParameter' as const };
  if (ls.length === 3 && ls[2] === 'resources' && m === 'GET') return { name: 'resources.list', ...resources, handle: (c) => listGenericResources(c, sub, undefined) };
  if (ls.length === 5 && ls[2] === 'providers' && ls[3] === 'microsoft.managedidentity' && ls[4] === 'userassignedidentities' && m === 'GET') {
    return { name: 'userAssignedIdentities.listBySubscription', apiVersions: apiVersions.msi, apiVersionError: 'NoRegisteredProviderFound', handle: (c) => listIdentities(c, sub, undefined) };
  }
  if (ls.length === 3 && ls[2] === 'locations' && m === 'GET') return { name: 'subscriptions.listLocations', apiVersions: apiVersions.subscriptions, apiVersionError: 'InvalidApiVersionParameter', handle: (c) => listLocations(c, sub) };
  if (ls.length === 4 && ls[2] === 'providers' && m === 'GET') return { name: 'providers.get', ...resources, handle: (c) => getProvider(c, sub, segs[3]) };
  if (ls[2] !== 'resourcegroups') return undefined;
  if (ls.length === 3 && m === 'GET') return { name: 'resourceGroups.list', ...resources, handle: (c) => listResourceGroups(c, sub) };
  const rg = segs[3];
  if (ls.length === 4 && (m === 'GET' || m === 'PUT')) return { name: m === 'GET' ? 'resourceGroups.get' : 'resourceGroups.createOrUpdate', ...resources, handle: (c) => resourceGroup(c, sub, rg) };
  if (ls.length === 5 && ls[4] === 'resources' && m === 'GET') return { name: 'resources.listByResourceGroup', ...resources, handle: (c) => listGenericResources(c, sub, rg) };
  if (ls[4] !== 'providers' || ls.length < 7) return undefined;
  if (ls[5] === 'microsoft.managedidentity' && ls[6] === 'userassignedidentities') {
    const msi = { apiVersions: apiVersions.msi, apiVersionError: 'NoRegisteredProviderFound' as const };
    if (ls.length === 7 && m === 'GET') return { name: 'userAssignedIdentities.listByResourceGroup', ...msi, handle: (c) => listIdentities(c, sub, rg) };
    const name = segs[7];
    if (ls.length === 8) {
      const op = ({ GET: 'get', PUT: 'createOrUpdate', PATCH: 'update', DELETE: 'delete' } as Record<string, string>)[m];
      if (op === undefined) return undefined;
      return { name: `userAssignedIdentities.${op}`, ...msi, handle: (c) => identityOp(c, sub, rg, name) };
    }
    if (ls[8] === 'federatedidentitycredentials') {
      if (ls.length === 9 && m === 'GET') return { name: 'federatedIdentityCredentials.list', ...msi, handle: (c) => listFics(c, sub, rg, name) };
      if (ls.length === 10) {
        const op = ({ GET: 'get', PUT: 'createOrUpdate', DELETE: 'delete' } as Record<string, string>)[m];
        if (op === undefined) return undefined;
        return { name: `federatedIdentityCredentials.${op}`, ...msi, handle: (c) => ficOp(c, sub, rg, name, segs[9]) };
      }
    }
    return undefined;
  }
  // Generic resources: providers/{ns}/{type}/{name}[/{childType}/{childName}...]
  const tail = segs.slice(6);
  if (tail.length % 2 !== 0 || tail.some((s) => lower(s) === 'providers')) return undefined;
  const type = [segs[5], ...tail.filter((_, i) => i % 2 === 0)].join('/');
  const name = tail.filter((_, i) => i % 2 === 1).join('/');
  const op = ({ GET: 'get', PUT: 'createOrUpdate', PATCH: 'update', DELETE: 'delete' } as Record<string, string>)[m];
  if (op === undefined) return undefined;
  const profile = typeProfiles[lower(type)];
  return { name: `resources.${op}ById`, apiVersions: profile?.apiVersions ?? 'any', apiVersionError: 'NoRegisteredProviderFound', resourceType: type, handle: (c) => genericResourceOp(c, sub, rg, type, name) };
}

/** Runs the route: api-version check, then the handler. */
export function runRoute(ctx: ArmContext, route: Route): ArmReply {
  const version = param(ctx, 'api-version');
  if (version === undefined || version === '') return armError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  const supported = route.apiVersions;
  const ok = supported === 'any' ? /^\d{4}-\d{2}-\d{2}(-preview)?$/.test(version) : supported.includes(version);
  if (!ok) {
    const list = supported === 'any' ? 'yyyy-mm-dd' : supported.join(', ');
    if (route.apiVersionError === 'InvalidApiVersionParameter') return armError(400, 'InvalidApiVersionParameter', `The api-version '${version}' is invalid. The supported versions are '${list}'.`);
    const type = route.resourceType ?? route.name.split('.')[0];
    return armError(400, 'NoRegisteredProviderFound', `No registered resource provider found for location 'westeurope' and API version '${version}' for type '${type}'. The supported api-versions are '${list}'.`);
  }
  return route.handle(ctx);
}

// --- Microsoft.Resources -------------------------------------------------------------------------------

function renderSubscription(ctx: ArmContext, s: { subscriptionId: string; displayName: string }): unknown {
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: s.subscriptionId,
    tenantId: ctx.state.tenantId,
    displayName: s.displayName,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

function listTenants(ctx: ArmContext): ArmReply {
  return { status: 200, body: { value: [{ id: `/tenants/${ctx.state.tenantId}`, tenantId: ctx.state.tenantId, tenantCategory: 'Home', displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com', domains: ['contoso.onmicrosoft.com'], tenantType: 'AAD' }] } };
}

function listSubscriptions(ctx: ArmContext): ArmReply {
  return page(ctx, ctx.state.subscriptions, (s) => renderSubscription(ctx, s), { count: { type: 'Total', value: ctx.state.subscriptions.length } });
}

function getSubscription(ctx: ArmContext, sub: string): ArmReply {
  const s = ctx.state.subscription(sub);
  return s === undefined ? armError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`) : { status: 200, body: renderSubscription(ctx, s) };
}

/** The regions the emulator offers: name, display name, geography group. */
export const emulatorLocations: readonly [string, string, string][] = [
  ['westeurope', 'West Europe', 'Europe'],
  ['northeurope', 'North Europe', 'Europe'],
  ['swedencentral', 'Sweden Central', 'Europe'],
  ['uksouth', 'UK South', 'UK'],
  ['eastus', 'East US', 'US'],
  ['eastus2', 'East US 2', 'US'],
  ['westus3', 'West US 3', 'US'],
  ['centralus', 'Central US', 'US'],
  ['japaneast', 'Japan East', 'Asia Pacific'],
  ['australiaeast', 'Australia East', 'Asia Pacific'],
];

function listLocations(ctx: ArmContext, sub: string): ArmReply {
  const bad = checkSubscription(ctx, sub);
  if (bad !== undefined) return bad;
  return {
    status: 200,
    body: {
      value: emulatorLocations.map(([name, displayName, group]) => ({
        id: `/subscriptions/${lower(sub)}/locations/${name}`,
        name,
        type: 'Region',
        displayName,
        regionalDisplayName: `(${group}) ${displayName}`,
        metadata: { regionType: 'Physical', regionCategory: 'Recommended', geographyGroup: group },
      })),
    },
  };
}

function getProvider(ctx: ArmContext, sub: string, namespace: string): ArmReply {
  const bad = checkSubscription(ctx, sub);
  if (bad !== undefined) return bad;
  const prefix = `${lower(namespace)}/`;
  const types = Object.entries(typeProfiles).filter(([t]) => t.startsWith(prefix));
  if (types.length === 0) return armError(404, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`);
  const canonical = (t: string): string => canonicalTypeNames.find((n) => lower(n) === t) ?? t;
  const ns = canonical(types[0][0]).split('/')[0];
  return {
    status: 200,
    body: {
      id: `/subscriptions/${lower(sub)}/providers/${ns}`,
      namespace: ns,
      registrationState: 'Registered',
      registrationPolicy: 'RegistrationRequired',
      resourceTypes: types.map(([t, profile]) => ({
        resourceType: canonical(t).split('/').slice(1).join('/'),
        locations: emulatorLocations.map(([, displayName]) => displayName),
        apiVersions: profile.apiVersions,
        capabilities: 'SupportsTags, SupportsLocation',
      })),
    },
  };
}

function renderResourceGroup(sub: string, g: { name: string; location: string; tags?: Record<string, string> }): unknown {
  return { id: `/subscriptions/${sub}/resourceGroups/${g.name}`, name: g.name, type: 'Microsoft.Resources/resourceGroups', location: g.location, ...(g.tags !== undefined ? { tags: g.tags } : {}), properties: { provisioningState: 'Succeeded' } };
}

function listResourceGroups(ctx: ArmContext, sub: string): ArmReply {
  const s = ctx.state.subscription(sub);
  if (s === undefined) return armError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  return page(ctx, s.resourceGroups, (g) => renderResourceGroup(s.subscriptionId, g));
}

function resourceGroup(ctx: ArmContext, sub: string, rg: string): ArmReply {
  const s = ctx.state.subscription(sub);
  if (s === undefined) return armError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  const existing = ctx.state.resourceGroup(sub, rg);
  if (ctx.method === 'GET') return existing === undefined ? armError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`) : { status: 200, body: renderResourceGroup(s.subscriptionId, existing) };
  const parsed = parseBody(ctx);
  if (!parsed.ok) return parsed.reply;
  const location = parsed.body.location;
  if (typeof location !== 'string' || location === '') return armError(400, 'LocationRequired', 'The location property is required for this definition.');
  if (!/^[-\w._()]{1,90}$/.test(rg) || rg.endsWith('.')) return armError(400, 'InvalidResourceGroup', `The provided resource group name '${rg}' has these invalid characters. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.`);
  const tags = parsed.body.tags as Record<string, string> | undefined;
  if (existing !== undefined) {
    if (tags !== undefined) existing.tags = tags;
    return { status: 200, body: renderResourceGroup(s.subscriptionId, existing) };
  }
  const created = { name: rg, location: normaliseLocation(location), ...(tags !== undefined ? { tags } : {}) };
  s.resourceGroups.push(created);
  return { status: 201, body: renderResourceGroup(s.subscriptionId, created) };
}

function listGenericResources(ctx: ArmContext, sub: string, rg: string | undefined): ArmReply {
  const bad = rg === undefined ? checkSubscription(ctx, sub) : checkResourceGroup(ctx, sub, rg);
  if (bad !== undefined) return bad;
  const subKey = lower(sub);
  const items: (ResourceRecord | IdentityRecord)[] = [
    ...[...ctx.state.identities.values()].filter((i) => i.subscriptionId === subKey),
    ...[...ctx.state.resources.values()].filter((r) => r.subscriptionId === subKey),
  ].filter((r) => rg === undefined || lower(r.resourceGroup) === lower(rg));
  const filterText = param(ctx, '$filter');
  let filtered = items;
  if (filterText !== undefined && filterText.trim() !== '') {
    const groups = parseFilter(filterText);
    if (groups === undefined) return armError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filterText}' specified in the query string.`);
    const fieldOf = (r: ResourceRecord | IdentityRecord, field: string): string | undefined => {
      if (field === 'resourcetype') return 'identity' in r ? r.type : 'Microsoft.ManagedIdentity/userAssignedIdentities';
      if (field === 'name') return r.name;
      if (field === 'resourcegroup') return r.resourceGroup;
      if (field === 'location') return r.location;
      return undefined;
    };
    for (const clauses of groups) {
      for (const c of clauses) {
        if (c.kind === 'atScope' || c.kind === 'assignedTo' || (c.kind !== 'substringof' && !['resourcetype', 'name', 'resourcegroup', 'location', 'tagname', 'tagvalue'].includes(c.field))) {
          return armError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filterText}' specified in the query string.`);
        }
      }
    }
    filtered = items.filter((r) =>
      groups.some((clauses) => {
        const tagName = clauses.find((c): c is Extract<Clause, { kind: 'eq' }> => c.kind === 'eq' && c.field === 'tagname')?.value;
        return clauses.every((c) => {
          if (c.kind === 'substringof') return (fieldOf(r, c.field) ?? '').toLowerCase().includes(c.value.toLowerCase());
          if (c.kind !== 'eq') return false;
          if (c.field === 'tagname') return Object.keys(r.tags ?? {}).some((k) => lower(k) === lower(c.value));
          if (c.field === 'tagvalue') return Object.entries(r.tags ?? {}).some(([k, v]) => (tagName === undefined || lower(k) === lower(tagName)) && v === c.value);
          return lower(fieldOf(r, c.field) ?? '') === lower(c.value);
        });
      }),
    );
  }
  const expand = new Set((param(ctx, '$expand') ?? '').split(',').map((s) => lower(s.trim())).filter(Boolean));
  return page(ctx, filtered, (r) => renderGenericListItem(ctx.state, r, expand));
}

// --- Generic resources with identity blocks --------------------------------------------------------------

interface IdentityPlan {
  systemAssigned: boolean;
  userAssigned: Map<string, UserAssignedRef>;
}

/** Validates an `identity` block against the current state and the provider's rules; no side effects. */
function planIdentity(ctx: ArmContext, r: ResourceRecord | undefined, type: string, block: unknown, isPatch: boolean): { ok: true; plan: IdentityPlan | undefined } | { ok: false; reply: ArmReply } {
  if (block === undefined || block === null) return { ok: true, plan: undefined };
  if (typeof block !== 'object' || Array.isArray(block)) return { ok: false, reply: armError(400, 'InvalidRequestContent', 'The identity property must be an object.') };
  const b = block as { type?: unknown; userAssignedIdentities?: unknown };
  const profile = typeProfiles[lower(type)];
  let tokens: string[];
  if (b.type === undefined) {
    if (!isPatch || r === undefined) return { ok: false, reply: armError(400, 'InvalidIdentityType', "The identity type is required. Supported values are 'None', 'SystemAssigned', 'UserAssigned' and 'SystemAssigned, UserAssigned'.") };
    tokens = [...(r.identity.systemAssigned ? ['systemassigned'] : []), ...(r.identity.userAssigned.size > 0 ? ['userassigned'] : [])];
  } else if (typeof b.type !== 'string') {
    return { ok: false, reply: armError(400, 'InvalidIdentityType', 'The identity type must be a string.') };
  } else {
    tokens = b.type.split(',').map((t) => lower(t.trim())).filter(Boolean);
    const valid = tokens.length > 0 && tokens.every((t) => t === 'systemassigned' || t === 'userassigned' || t === 'none') && new Set(tokens).size === tokens.length && !(tokens.includes('none') && tokens.length > 1);
    if (!valid) return { ok: false, reply: armError(400, 'InvalidIdentityType', `The identity type '${b.type}' is invalid. Supported values are 'None', 'SystemAssigned', 'UserAssigned' and '${combinedType(profile)}'.`) };
  }
  const wantSystem = tokens.includes('systemassigned');
  const wantUser = tokens.includes('userassigned');
  if (profile?.identity === 'none' && (wantSystem || wantUser)) return { ok: false, reply: armError(400, 'UnsupportedIdentityType', `The resource type '${type}' does not support managed identities.`) };
  if (profile?.identity === 'either' && wantSystem && wantUser) return { ok: false, reply: armError(400, 'InvalidIdentityType', `The resource type '${type}' supports either a system-assigned or user-assigned identity, not both.`) };
  const provided = b.userAssignedIdentities;
  if (provided !== undefined && provided !== null && (typeof provided !== 'object' || Array.isArray(provided))) return { ok: false, reply: armError(400, 'InvalidIdentityValues', 'userAssignedIdentities must be an object keyed by identity resource id.') };
  const entries = Object.entries((provided ?? {}) as Record<string, unknown>);
  const userAssigned = new Map<string, UserAssignedRef>();
  if (!wantUser) {
    if (entries.some(([, v]) => v !== null)) return { ok: false, reply: armError(400, 'InvalidIdentityValues', "userAssignedIdentities may be set only when the identity type includes 'UserAssigned'.") };
  } else {
    if (isPatch && r !== undefined) for (const [k, v] of r.identity.userAssigned) userAssigned.set(k, v);
    for (const [key, value] of entries) {
      if (value === null) {
        userAssigned.delete(lower(key));
        continue;
      }
      if (userAssigned.has(lower(key))) continue;
      const identity = ctx.state.identities.get(lower(normaliseScope(key)));
      if (identity === undefined) {
        return { ok: false, reply: armError(400, 'FailedIdentityOperation', `Identity operation for resource '${r?.id ?? type}' failed with error 'Failed to perform resource identity operation. Status: 'NotFound'. Response: 'The user-assigned identity '${key}' was not found.'.`) };
      }
      userAssigned.set(lower(identity.id), { id: identity.id, principalId: identity.principalId, clientId: identity.clientId });
    }
    if (userAssigned.size === 0) return { ok: false, reply: armError(400, 'InvalidIdentityValues', "The identity type 'UserAssigned' needs at least one entry in userAssignedIdentities.") };
    if (profile?.maxUserAssigned !== undefined && userAssigned.size > profile.maxUserAssigned) return { ok: false, reply: armError(400, 'InvalidIdentityValues', `The resource type '${type}' supports at most ${profile.maxUserAssigned} user-assigned identity.`) };
  }
  return { ok: true, plan: { systemAssigned: wantSystem, userAssigned } };
}

function applyIdentity(ctx: ArmContext, r: ResourceRecord, plan: IdentityPlan | undefined): void {
  if (plan === undefined) return;
  if (plan.systemAssigned) ctx.state.enableSystemAssigned(r);
  else ctx.state.disableSystemAssigned(r);
  r.identity.userAssigned = plan.userAssigned;
}

function genericResourceOp(ctx: ArmContext, sub: string, rg: string, type: string, name: string): ArmReply {
  const bad = checkResourceGroup(ctx, sub, rg);
  if (bad !== undefined) return bad;
  const id = resourceIdOf(lower(sub), ctx.state.resourceGroup(sub, rg)?.name ?? rg, type, name);
  const existing = ctx.state.resources.get(lower(id));
  if (ctx.method === 'GET') return existing === undefined ? notFoundResource(type, name, rg) : { status: 200, body: renderResource(ctx.state, existing) };
  if (ctx.method === 'DELETE') {
    if (existing === undefined) return { status: 204 };
    ctx.state.disableSystemAssigned(existing);
    ctx.state.resources.delete(lower(id));
    return { status: 200 };
  }
  const parsed = parseBody(ctx);
  if (!parsed.ok) return parsed.reply;
  const body = parsed.body;
  if (ctx.method === 'PATCH') {
    if (existing === undefined) return notFoundResource(type, name, rg);
    const plan = planIdentity(ctx, existing, type, body.identity, true);
    if (!plan.ok) return plan.reply;
    applyIdentity(ctx, existing, plan.plan);
    if (body.tags !== undefined && body.tags !== null) existing.tags = body.tags as Record<string, string>;
    if (body.properties !== undefined && body.properties !== null && typeof body.properties === 'object') existing.properties = { ...existing.properties, ...(body.properties as Record<string, unknown>) };
    existing.changedTime = new Date().toISOString();
    return { status: 200, body: renderResource(ctx.state, existing) };
  }
  // PUT: create or replace.
  const location = body.location;
  if (typeof location !== 'string' || location === '') return armError(400, 'LocationRequired', 'The location property is required for this definition.');
  if (existing !== undefined && normaliseLocation(location) !== existing.location) {
    return armError(400, 'InvalidResourceLocation', `The resource '${name}' already exists in location '${existing.location}' in resource group '${rg}'. A resource with the same name cannot be created in location '${normaliseLocation(location)}'. Please select a new resource name.`);
  }
  const plan = planIdentity(ctx, existing, type, body.identity ?? { type: 'None' }, false);
  if (!plan.ok) return plan.reply;
  const record =
    existing ??
    ctx.state.addResource({ subscriptionId: sub, resourceGroup: rg, type, name, location, ...(typeof body.kind === 'string' ? { kind: body.kind } : {}) });
  applyIdentity(ctx, record, plan.plan);
  if (body.tags !== undefined && body.tags !== null) record.tags = body.tags as Record<string, string>;
  else delete record.tags;
  record.properties = { ...((body.properties as Record<string, unknown> | undefined) ?? {}) };
  if (typeof body.kind === 'string') record.kind = body.kind;
  record.changedTime = new Date().toISOString();
  return { status: existing === undefined ? 201 : 200, body: renderResource(ctx.state, record) };
}

function getSystemAssigned(ctx: ArmContext, scope: string): ArmReply {
  const r = ctx.state.resources.get(lower(scope));
  if (r === undefined || !r.identity.systemAssigned) {
    return armError(404, 'ResourceNotFound', `The system-assigned identity of '${scope}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }
  return {
    status: 200,
    body: {
      id: `${r.id}/providers/Microsoft.ManagedIdentity/identities/default`,
      name: r.name,
      type: 'Microsoft.ManagedIdentity/identities',
      location: r.location,
      properties: {
        tenantId: ctx.state.tenantId,
        principalId: r.identity.principalId,
        clientId: r.identity.clientId,
        clientSecretUrl: `https://control-${r.location}.identity.azure.net${r.id}/credentials?tid=${ctx.state.tenantId}&oid=${r.identity.principalId}&aid=${r.identity.clientId}`,
      },
    },
  };
}

// --- Microsoft.ManagedIdentity ---------------------------------------------------------------------------

function listIdentities(ctx: ArmContext, sub: string, rg: string | undefined): ArmReply {
  const bad = rg === undefined ? checkSubscription(ctx, sub) : checkResourceGroup(ctx, sub, rg);
  if (bad !== undefined) return bad;
  const items = [...ctx.state.identities.values()].filter((i) => i.subscriptionId === lower(sub) && (rg === undefined || lower(i.resourceGroup) === lower(rg)));
  return page(ctx, items, renderIdentity);
}

function identityOp(ctx: ArmContext, sub: string, rg: string, name: string): ArmReply {
  const bad = checkResourceGroup(ctx, sub, rg);
  if (bad !== undefined) return bad;
  const group = ctx.state.resourceGroup(sub, rg)!;
  const key = lower(`/subscriptions/${sub}/resourcegroups/${group.name}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`);
  const existing = ctx.state.identities.get(key);
  const type = 'Microsoft.ManagedIdentity/userAssignedIdentities';
  switch (ctx.method) {
    case 'GET':
      return existing === undefined ? notFoundResource(type, name, rg) : { status: 200, body: renderIdentity(existing) };
    case 'DELETE':
      return ctx.state.deleteIdentity(key) ? { status: 200 } : { status: 204 };
    case 'PATCH': {
      if (existing === undefined) return notFoundResource(type, name, rg);
      const parsed = parseBody(ctx);
      if (!parsed.ok) return parsed.reply;
      const tags = parsed.body.tags;
      if (tags !== undefined && tags !== null) {
        const bad = validateTags(tags);
        if (bad !== undefined) return bad;
        existing.tags = { ...(tags as Record<string, string>) };
      }
      const scope = (parsed.body.properties as { isolationScope?: unknown } | undefined)?.isolationScope;
      if (scope === 'None' || scope === 'Regional') existing.isolationScope = scope;
      return { status: 200, body: renderIdentity(existing) };
    }
    case 'PUT': {
      if (!namePattern.test(name)) {
        return armError(400, 'InvalidResourceName', `Resource name '${name}' is invalid. The name can contain only letters, numbers, underscores and hyphens. The name must start with a letter or number. The name must be between 3 and 128 characters long.`);
      }
      const parsed = parseBody(ctx);
      if (!parsed.ok) return parsed.reply;
      const { location, tags } = parsed.body as { location?: unknown; tags?: unknown };
      if (typeof location !== 'string' || location.trim() === '') return armError(400, 'LocationRequired', 'The location property is required for this definition.');
      if (tags !== undefined && tags !== null) {
        const badTags = validateTags(tags);
        if (badTags !== undefined) return badTags;
      }
      const scope = (parsed.body.properties as { isolationScope?: unknown } | undefined)?.isolationScope;
      if (scope !== undefined && scope !== 'None' && scope !== 'Regional') return armError(400, 'InvalidRequestContent', `The isolationScope '${JSON.stringify(scope)}' is invalid; use 'None' or 'Regional'.`);
      if (existing !== undefined) {
        if (normaliseLocation(location) !== existing.location) {
          return armError(400, 'InvalidResourceLocation', `The resource '${name}' already exists in location '${existing.location}' in resource group '${rg}'. A resource with the same name cannot be created in location '${normaliseLocation(location)}'. Please select a new resource name.`);
        }
        if (tags !== undefined && tags !== null) existing.tags = { ...(tags as Record<string, string>) };
        else delete existing.tags;
        if (scope === 'None' || scope === 'Regional') existing.isolationScope = scope;
        return { status: 200, body: renderIdentity(existing) };
      }
      const created = ctx.state.createIdentity({ subscriptionId: sub, resourceGroup: group.name, name, location, ...(tags !== undefined && tags !== null ? { tags: tags as Record<string, string> } : {}) });
      if (scope === 'Regional') created.isolationScope = 'Regional';
      return { status: 201, body: renderIdentity(created) };
    }
    default:
      return armError(405, 'MethodNotAllowed', `The method '${ctx.method}' is not allowed.`);
  }
}

function validateTags(tags: unknown): ArmReply | undefined {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return armError(400, 'InvalidTagFormat', 'Tags must be an object of string values.');
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > 50) return armError(400, 'InvalidTagCount', 'A resource can have at most 50 tags.');
  for (const [k, v] of entries) {
    if (typeof v !== 'string') return armError(400, 'InvalidTagFormat', `The value of tag '${k}' must be a string.`);
    if (k.length > 512 || /[<>%&\\?/]/.test(k)) return armError(400, 'InvalidTagNameCharacters', `The tag name '${k}' has invalid characters '<,>,%,&,\\,?,/' or is longer than 512 characters.`);
    if (v.length > 256) return armError(400, 'InvalidTagValueLength', `The value of tag '${k}' is longer than 256 characters.`);
  }
  return undefined;
}

function identityOrReply(ctx: ArmContext, sub: string, rg: string, name: string): IdentityRecord | ArmReply {
  const bad = checkResourceGroup(ctx, sub, rg);
  if (bad !== undefined) return bad;
  const group = ctx.state.resourceGroup(sub, rg)!;
  const identity = ctx.state.identities.get(lower(`/subscriptions/${sub}/resourcegroups/${group.name}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`));
  return identity ?? notFoundResource('Microsoft.ManagedIdentity/userAssignedIdentities', name, rg);
}

function listFics(ctx: ArmContext, sub: string, rg: string, name: string): ArmReply {
  const identity = identityOrReply(ctx, sub, rg, name);
  if ('status' in identity) return identity;
  return page(ctx, [...identity.federatedCredentials.values()], (f) => renderFederatedCredential(identity, f));
}

const maxFederatedCredentials = 20;

function ficOp(ctx: ArmContext, sub: string, rg: string, name: string, ficName: string): ArmReply {
  const identity = identityOrReply(ctx, sub, rg, name);
  if ('status' in identity) return identity;
  const existing = identity.federatedCredentials.get(lower(ficName));
  if (ctx.method === 'GET') {
    return existing === undefined ? notFoundResource('Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', `${name}/${ficName}`, rg) : { status: 200, body: renderFederatedCredential(identity, existing) };
  }
  if (ctx.method === 'DELETE') {
    if (existing === undefined) return { status: 204 };
    identity.federatedCredentials.delete(lower(ficName));
    return { status: 200 };
  }
  if (!ficNamePattern.test(ficName)) {
    return armError(400, 'InvalidResourceName', `Resource name '${ficName}' is invalid. The name must be 3 to 120 characters long, start with a letter or number, and contain only letters, numbers, hyphens and underscores.`);
  }
  const parsed = parseBody(ctx);
  if (!parsed.ok) return parsed.reply;
  const props = (parsed.body.properties ?? {}) as { issuer?: unknown; subject?: unknown; audiences?: unknown };
  const { issuer, subject, audiences } = props;
  if (typeof issuer !== 'string' || issuer === '') return armError(400, 'BadRequest', 'The issuer is required.');
  let issuerUrl: URL | undefined;
  try {
    issuerUrl = new URL(issuer);
  } catch {
    issuerUrl = undefined;
  }
  if (issuerUrl?.protocol !== 'https:' || issuer.length > 600) return armError(400, 'BadRequest', `The issuer '${issuer}' is invalid. It must be an https URL of at most 600 characters.`);
  if (typeof subject !== 'string' || subject === '' || subject.length > 600) return armError(400, 'BadRequest', 'The subject is required and must be at most 600 characters.');
  if (!Array.isArray(audiences) || audiences.length !== 1 || typeof audiences[0] !== 'string' || audiences[0] === '' || audiences[0].length > 600) {
    return armError(400, 'BadRequest', 'Exactly one audience is required (typically api://AzureADTokenExchange), of at most 600 characters.');
  }
  const clash = [...identity.federatedCredentials.values()].find((f) => lower(f.name) !== lower(ficName) && f.issuer === issuer && f.subject === subject);
  if (clash !== undefined) return armError(400, 'BadRequest', `Issuer and subject combination already exists for this Managed Identity (federated identity credential '${clash.name}').`);
  if (existing === undefined && identity.federatedCredentials.size >= maxFederatedCredentials) {
    return armError(400, 'BadRequest', `The identity already has the maximum of ${maxFederatedCredentials} federated identity credentials.`);
  }
  if (existing !== undefined) {
    existing.issuer = issuer;
    existing.subject = subject;
    existing.audiences = [audiences[0]];
    return { status: 200, body: renderFederatedCredential(identity, existing) };
  }
  const created: FederatedCredentialRecord = { name: ficName, issuer, subject, audiences: [audiences[0]] };
  identity.federatedCredentials.set(lower(ficName), created);
  return { status: 201, body: renderFederatedCredential(identity, created) };
}

// --- Microsoft.Authorization -----------------------------------------------------------------------------

const authz = { apiVersions: apiVersions.authorization, apiVersionError: 'NoRegisteredProviderFound' as const };

function roleAssignmentRoute(method: string, scope: string, name: string | undefined): Route | undefined {
  if (name === undefined) {
    if (method !== 'GET') return undefined;
    const kind = /^\/subscriptions\/[^/]+$/i.test(scope) ? 'listForSubscription' : /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/i.test(scope) ? 'listForResourceGroup' : /\/providers\//i.test(scope) ? 'listForResource' : 'listForScope';
    return { name: `roleAssignments.${kind}`, ...authz, handle: (c) => listRoleAssignments(c, scope) };
  }
  const op = ({ GET: 'get', PUT: 'create', DELETE: 'delete' } as Record<string, string>)[method];
  if (op === undefined) return undefined;
  return { name: `roleAssignments.${op}`, ...authz, handle: (c) => roleAssignmentOp(c, scope, name) };
}

function roleDefinitionRoute(method: string, scope: string, id: string | undefined): Route | undefined {
  if (method !== 'GET') return undefined;
  if (id === undefined) return { name: 'roleDefinitions.list', ...authz, handle: (c) => listRoleDefinitions(c, scope) };
  return { name: 'roleDefinitions.get', ...authz, handle: (c) => getRoleDefinition(c, scope, id) };
}

function checkScope(ctx: ArmContext, scope: string): ArmReply | undefined {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+)(?:\/providers\/([^/]+)\/([^/]+)\/([^/]+))?)?/i.exec(scope);
  if (m === null) return undefined;
  const [, sub, rg, ns, type, name] = m;
  if (rg === undefined) return checkSubscription(ctx, sub);
  const bad = checkResourceGroup(ctx, sub, rg);
  if (bad !== undefined || ns === undefined) return bad;
  const group = ctx.state.resourceGroup(sub, rg)!;
  const id = lower(resourceIdOf(lower(sub), group.name, `${ns}/${type}`, name));
  const identityId = lower(`/subscriptions/${sub}/resourcegroups/${group.name}/providers/${ns}/${type}/${name}`);
  if (!ctx.state.resources.has(id) && !ctx.state.identities.has(identityId)) return notFoundResource(`${ns}/${type}`, name, rg);
  return undefined;
}

function listRoleAssignments(ctx: ArmContext, scope: string): ArmReply {
  const bad = checkScope(ctx, scope);
  if (bad !== undefined) return bad;
  const filterText = param(ctx, '$filter');
  let atScopeOnly = false;
  let principal: string | undefined;
  if (filterText !== undefined && filterText.trim() !== '') {
    const groups = parseFilter(filterText);
    const unsupported = (): ArmReply => armError(400, 'UnsupportedQuery', `The filter '${filterText}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{value}' or assignedTo('{value}')'.`);
    if (groups === undefined || groups.length !== 1) return unsupported();
    for (const c of groups[0]) {
      if (c.kind === 'atScope') atScopeOnly = true;
      else if (c.kind === 'assignedTo' || (c.kind === 'eq' && c.field === 'principalid')) {
        if (principal !== undefined) return unsupported();
        principal = lower(c.value);
      } else return unsupported();
    }
  }
  const items = [...ctx.state.roleAssignments.values()].filter((a) => {
    if (principal !== undefined && a.principalId !== principal) return false;
    if (isAncestorOrSelf(a.scope, scope)) return true;
    return !atScopeOnly && isAncestorOrSelf(scope, a.scope);
  });
  return page(ctx, items, renderRoleAssignment);
}

function roleAssignmentOp(ctx: ArmContext, scope: string, name: string): ArmReply {
  const id = `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  const existing = ctx.state.roleAssignments.get(lower(id));
  if (ctx.method === 'GET') return existing === undefined ? armError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`) : { status: 200, body: renderRoleAssignment(existing) };
  if (ctx.method === 'DELETE') {
    if (existing === undefined) return { status: 204 };
    ctx.state.roleAssignments.delete(lower(id));
    return { status: 200, body: renderRoleAssignment(existing) };
  }
  // PUT
  if (!isGuid(name)) return armError(400, 'InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
  const badScope = checkScope(ctx, scope);
  if (badScope !== undefined) return badScope;
  const parsed = parseBody(ctx);
  if (!parsed.ok) return parsed.reply;
  const props = (parsed.body.properties ?? {}) as { roleDefinitionId?: unknown; principalId?: unknown; principalType?: unknown; description?: unknown; condition?: unknown };
  if (typeof props.roleDefinitionId !== 'string' || props.roleDefinitionId === '') return armError(400, 'InvalidRoleDefinitionId', 'The roleDefinitionId property is required.');
  if (typeof props.principalId !== 'string' || !isGuid(props.principalId)) return armError(400, 'InvalidPrincipalId', `A valid principal ID must be provided for role assignment. '${String(props.principalId)}' is not valid.`);
  const guid = roleGuidOf(props.roleDefinitionId);
  const definition = ctx.state.roleDefinitions.get(guid);
  if (definition === undefined || !/^(\/subscriptions\/[^/]+)?\/providers\/microsoft\.authorization\/roledefinitions\/[^/]+$|^[0-9a-f-]{36}$/i.test(props.roleDefinitionId)) {
    return armError(400, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${guid}' does not exist.`);
  }
  if (definition.roleType === 'CustomRole' && !definition.assignableScopes.some((s) => isAncestorOrSelf(s, scope))) {
    return armError(403, 'AuthorizationFailed', `The role definition '${guid}' is not assignable at scope '${scope}'.`);
  }
  const principalId = lower(props.principalId);
  const principalType = (typeof props.principalType === 'string' ? props.principalType : undefined) as PrincipalType | undefined;
  if (principalType !== undefined && !['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device'].includes(principalType)) {
    return armError(400, 'InvalidPrincipalType', `The principal type '${principalType}' is invalid.`);
  }
  if (existing !== undefined) {
    if (existing.principalId !== principalId || existing.roleDefinitionGuid !== guid) {
      return armError(400, 'RoleAssignmentUpdateNotPermitted', 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.');
    }
    return { status: 200, body: renderRoleAssignment(existing) };
  }
  const duplicate = [...ctx.state.roleAssignments.values()].find((a) => a.principalId === principalId && a.roleDefinitionGuid === guid && lower(a.scope) === lower(scope));
  if (duplicate !== undefined) {
    return armError(409, 'RoleAssignmentExists', `The role assignment already exists. The ID of the existing role assignment is ${duplicate.name.replace(/-/g, '')}.`);
  }
  if (!ctx.state.principalVisible(principalId)) {
    return armError(
      400,
      'PrincipalNotFound',
      `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ${ctx.state.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    );
  }
  const known = ctx.state.principals.get(principalId);
  if (principalType !== undefined && known !== undefined && known.principalType !== principalType) {
    return armError(400, 'UnmatchedPrincipalType', `The PrincipalId '${principalId.replace(/-/g, '')}' has type '${known.principalType}' , which is different from specified PrincipalType '${principalType}'.`);
  }
  const created = ctx.state.addRoleAssignment({
    scope,
    name,
    roleDefinitionId: guid,
    principalId,
    principalType: principalType ?? known?.principalType ?? 'ServicePrincipal',
    ...(typeof props.description === 'string' ? { description: props.description } : {}),
  }, ctx.caller);
  return { status: 201, body: renderRoleAssignment(created) };
}

function listRoleDefinitions(ctx: ArmContext, scope: string): ArmReply {
  const bad = checkScope(ctx, scope);
  if (bad !== undefined) return bad;
  const filterText = param(ctx, '$filter');
  let roleName: string | undefined;
  let roleType: string | undefined;
  if (filterText !== undefined && filterText.trim() !== '') {
    const groups = parseFilter(filterText);
    if (groups === undefined || groups.length !== 1) return armError(400, 'UnsupportedQuery', `The filter '${filterText}' is not supported. Supported filters are 'roleName eq '{value}'' and 'type eq 'BuiltInRole|CustomRole''.`);
    for (const c of groups[0]) {
      if (c.kind === 'eq' && c.field === 'rolename') roleName = c.value;
      else if (c.kind === 'eq' && c.field === 'type') roleType = c.value;
      else if (c.kind !== 'atScope') return armError(400, 'UnsupportedQuery', `The filter '${filterText}' is not supported. Supported filters are 'roleName eq '{value}'' and 'type eq 'BuiltInRole|CustomRole''.`);
    }
  }
  const items = [...ctx.state.roleDefinitions.values()].filter(
    (d) =>
      (roleName === undefined || lower(d.roleName) === lower(roleName)) &&
      (roleType === undefined || lower(d.roleType) === lower(roleType)) &&
      (d.roleType === 'BuiltInRole' || d.assignableScopes.some((s) => isAncestorOrSelf(s, scope) || isAncestorOrSelf(scope, s))),
  );
  return page(ctx, items, (d) => renderRoleDefinition(d, scope));
}

function getRoleDefinition(ctx: ArmContext, scope: string, id: string): ArmReply {
  const d = ctx.state.roleDefinitions.get(lower(id));
  if (d === undefined) return armError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${id}' does not exist.`);
  return { status: 200, body: renderRoleDefinition(d, scope) };
}

// The emulator's raw JSON responses have the shapes of the official Azure REST API examples:
// Microsoft.ManagedIdentity 2024-11-30 (IdentityCreate/Get/Update/ListBySubscription/ListByResourceGroup/
// Delete, FederatedIdentityCredentialCreate/Get/List/Delete, SystemAssignedIdentityGet), Microsoft.Authorization
// 2022-04-01 (RoleAssignments_Create*/Get/Delete/List*, GetRoleDefinitionAtScope/ById/ByName), Microsoft.Web
// GetWebApp, Microsoft.Compute VirtualMachine_Create_WithEncryptionIdentity, Microsoft.App
// ContainerApps_CreateOrUpdate and common-types v5 ManagedServiceIdentity. The expected key sets below were
// read from those examples and written down here, so this repository needs no copy of them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ArmEmulator, emulatorCredential, startArmEmulator } from '../emulator/ArmEmulator';
import { rawRequest } from '../emulator/rawRequest';
import { demoSubscriptions, demoTenant } from '../emulator/seeds/demoTenant';

type Json = Record<string, unknown>;
const guid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const guidRe = new RegExp(`^${guid}$`);

/** Asserts the object's keys are exactly `required` plus any of `optional`. */
function assertKeys(value: unknown, required: readonly string[], optional: readonly string[] = [], where = ''): asserts value is Json {
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${where}: an object`);
  const keys = Object.keys(value).sort();
  for (const k of required) assert.ok(keys.includes(k), `${where}: missing "${k}" in ${keys.join(', ')}`);
  const extra = keys.filter((k) => !required.includes(k) && !optional.includes(k));
  assert.deepEqual(extra, [], `${where}: unexpected keys`);
}

// --- The expected shapes, from the examples ---------------------------------------------------------------

/** IdentityCreate / IdentityGet / IdentityUpdate / IdentityList* items. `systemData` is optional in ARM. */
function assertIdentity(body: unknown, where: string): void {
  assertKeys(body, ['id', 'location', 'name', 'properties', 'type'], ['tags', 'systemData'], where);
  assertKeys(body.properties, ['clientId', 'principalId', 'tenantId', 'isolationScope'], [], `${where}.properties`);
  assert.equal(body.type, 'Microsoft.ManagedIdentity/userAssignedIdentities');
  assert.match(String(body.id), new RegExp(`^/subscriptions/${guid}/resourcegroups/[^/]+/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/${String(body.name)}$`));
  const p = body.properties;
  for (const k of ['clientId', 'principalId', 'tenantId']) assert.match(String(p[k]), guidRe, `${where}.properties.${k}`);
  assert.ok(['None', 'Regional'].includes(String(p.isolationScope)));
  if (body.tags !== undefined) assert.ok(Object.values(body.tags as Json).every((v) => typeof v === 'string'));
}

/** FederatedIdentityCredentialCreate / Get / List items. */
function assertFederatedCredential(body: unknown, where: string): void {
  assertKeys(body, ['id', 'name', 'properties', 'type'], ['systemData'], where);
  assertKeys(body.properties, ['issuer', 'subject', 'audiences'], [], `${where}.properties`);
  assert.equal(body.type, 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials');
  assert.match(String(body.id), new RegExp(`^/subscriptions/${guid}/resourcegroups/[^/]+/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/[^/]+/federatedIdentityCredentials/${String(body.name)}$`));
  assert.ok(Array.isArray((body.properties).audiences));
}

/** List envelopes: `value` plus `nextLink` when there is more. */
function assertList(body: unknown, where: string): Json[] {
  assertKeys(body, ['value'], ['nextLink'], where);
  assert.ok(Array.isArray(body.value));
  if (body.nextLink !== undefined) assert.match(body.nextLink as string, /^https:\/\/127\.0\.0\.1:\d+\//, 'absolute nextLink to the emulator');
  return body.value as Json[];
}

/** RoleAssignments_*: the four example properties; the read-only audit fields the 2022-04-01 swagger documents may follow. */
const roleAssignmentOptional = ['description', 'condition', 'conditionVersion', 'createdOn', 'updatedOn', 'createdBy', 'updatedBy', 'delegatedManagedIdentityResourceId'];
function assertRoleAssignment(body: unknown, where: string): void {
  assertKeys(body, ['id', 'name', 'properties', 'type'], [], where);
  assertKeys(body.properties, ['principalId', 'principalType', 'roleDefinitionId', 'scope'], roleAssignmentOptional, `${where}.properties`);
  assert.equal(body.type, 'Microsoft.Authorization/roleAssignments');
  assert.match(String(body.name), guidRe);
  const p = body.properties;
  assert.equal(body.id, `${String(p.scope)}/providers/Microsoft.Authorization/roleAssignments/${String(body.name)}`);
  assert.match(String(p.scope), /^\/subscriptions\/[^/]+/);
  assert.match(String(p.roleDefinitionId), new RegExp(`^(/subscriptions/${guid})?/providers/Microsoft\\.Authorization/roleDefinitions/${guid}$`));
  assert.ok(['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device'].includes(String(p.principalType)));
}

/** GetRoleDefinitionAtScope / ById / ByName. */
function assertRoleDefinition(body: unknown, where: string): void {
  assertKeys(body, ['id', 'name', 'properties', 'type'], [], where);
  assertKeys(body.properties, ['assignableScopes', 'description', 'permissions', 'roleName', 'type'], ['createdOn', 'updatedOn', 'createdBy', 'updatedBy'], `${where}.properties`);
  assert.equal(body.type, 'Microsoft.Authorization/roleDefinitions');
  assert.match(String(body.id), new RegExp(`^(/subscriptions/${guid})?/providers/Microsoft\\.Authorization/roleDefinitions/${String(body.name)}$`));
  const p = body.properties;
  assert.ok(['BuiltInRole', 'CustomRole'].includes(String(p.type)));
  for (const perm of p.permissions as unknown[]) assertKeys(perm, ['actions', 'notActions', 'dataActions', 'notDataActions'], [], `${where}.permissions[]`);
}

/** common-types v5 ManagedServiceIdentity, as in ContainerApps_CreateOrUpdate / VirtualMachine_Create_WithEncryptionIdentity. */
function assertManagedServiceIdentity(identity: unknown, where: string, spelling: 'SystemAssigned, UserAssigned' | 'SystemAssigned,UserAssigned'): void {
  assertKeys(identity, ['type'], ['principalId', 'tenantId', 'userAssignedIdentities'], where);
  const type = String(identity.type);
  assert.ok(['SystemAssigned', 'UserAssigned', spelling].includes(type), `${where}.type ${type}`);
  const system = type.startsWith('SystemAssigned');
  assert.equal(identity.principalId !== undefined, system, `${where}: principalId only with a system identity`);
  assert.equal(identity.tenantId !== undefined, system, `${where}: tenantId only with a system identity`);
  if (system) assert.match(String(identity.principalId), guidRe);
  assert.equal(identity.userAssignedIdentities !== undefined, type.endsWith('UserAssigned'), `${where}: userAssignedIdentities only with UserAssigned`);
  for (const [id, v] of Object.entries((identity.userAssignedIdentities ?? {}) as Json)) {
    assert.match(id, /\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i);
    assertKeys(v, ['principalId', 'clientId'], [], `${where}.userAssignedIdentities[]`);
  }
}

/** GetWebApp / VirtualMachine / ContainerApps top level: `kind` for sites, `identity` when there is one. */
function assertTrackedResource(body: unknown, where: string, type: string): asserts body is Json {
  assertKeys(body, ['id', 'location', 'name', 'properties', 'type'], ['identity', 'kind', 'tags', 'systemData', 'zones', 'plan', 'extendedLocation'], where);
  assert.equal(body.type, type);
  assert.match(String(body.id), new RegExp(`^/subscriptions/${guid}/resourceGroups/[^/]+/providers/${type.replace('.', '\\.')}/${String(body.name)}$`));
}

describe('emulator responses have the shapes of the official examples', () => {
  let emu: ArmEmulator;
  let token: string;
  const sub = demoSubscriptions.production;
  const rg = 'rg-shop-prod';
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const r = await rawRequest(emu, method, path, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body));
    return { status: r.status, json: r.body === '' ? undefined : JSON.parse(r.body) };
  };
  const msi = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`;
  const v = '?api-version=2024-11-30';

  before(async () => {
    emu = await startArmEmulator({ seed: demoTenant(), tokenEndpoint: false, pageSize: 4 });
    token = (await emulatorCredential().getToken('https://management.azure.com/.default')).token;
  });
  after(async () => {
    await emu.stop();
  });

  it('IdentityCreate (201, then 200), IdentityGet, IdentityUpdate, IdentityList*, IdentityDelete (200, then 204)', async () => {
    const created = await call('PUT', `${msi}/id-shape${v}`, { location: 'eastus', tags: { key1: 'value1', key2: 'value2' } });
    assert.equal(created.status, 201);
    assertIdentity(created.json, 'IdentityCreate 201');
    const again = await call('PUT', `${msi}/id-shape${v}`, { location: 'eastus', tags: { key1: 'value1' } });
    assert.equal(again.status, 200);
    assertIdentity(again.json, 'IdentityCreate 200');
    assertIdentity((await call('GET', `${msi}/id-shape${v}`)).json, 'IdentityGet');
    const updated = await call('PATCH', `${msi}/id-shape${v}`, { location: 'eastus', tags: { key1: 'value1', key2: 'value2' }, properties: { isolationScope: 'Regional' } });
    assert.equal(updated.status, 200);
    assertIdentity(updated.json, 'IdentityUpdate');
    assert.equal(((updated.json as Json).properties as Json).isolationScope, 'Regional');
    for (const path of [`/subscriptions/${sub}/providers/Microsoft.ManagedIdentity/userAssignedIdentities${v}`, `${msi}${v}`]) {
      const list = await call('GET', path);
      for (const item of assertList(list.json, 'IdentityList')) assertIdentity(item, 'IdentityList item');
    }
    const deleted = await call('DELETE', `${msi}/id-shape${v}`);
    assert.deepEqual([deleted.status, deleted.json], [200, undefined]);
    assert.equal((await call('DELETE', `${msi}/id-shape${v}`)).status, 204);
  });

  it('FederatedIdentityCredentialCreate / Get / List / Delete', async () => {
    const fic = `${msi}/id-github-deploy/federatedIdentityCredentials`;
    const body = { properties: { issuer: 'https://oidc.prod-aks.azure.com/TenantGUID/IssuerGUID', subject: 'system:serviceaccount:ns:svcaccount', audiences: ['api://AzureADTokenExchange'] } };
    // id-github-deploy lives in rg-platform-prod; use that group.
    const base = fic.replace(rg, 'rg-platform-prod');
    const created = await call('PUT', `${base}/ficResourceName${v}`, body);
    assert.equal(created.status, 201);
    assertFederatedCredential(created.json, 'FederatedIdentityCredentialCreate 201');
    const again = await call('PUT', `${base}/ficResourceName${v}`, body);
    assert.equal(again.status, 200);
    assertFederatedCredential(again.json, 'FederatedIdentityCredentialCreate 200');
    assertFederatedCredential((await call('GET', `${base}/ficResourceName${v}`)).json, 'FederatedIdentityCredentialGet');
    const list = await call('GET', `${base}${v}&$top=20`);
    for (const item of assertList(list.json, 'FederatedIdentityCredentialList')) assertFederatedCredential(item, 'FederatedIdentityCredentialList item');
    const deleted = await call('DELETE', `${base}/ficResourceName${v}`);
    assert.deepEqual([deleted.status, deleted.json], [200, undefined]);
  });

  it('SystemAssignedIdentityGet', async () => {
    const site = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/app-shop-web-prod`;
    const got = await call('GET', `${site}/providers/Microsoft.ManagedIdentity/identities/default${v}`);
    assert.equal(got.status, 200);
    assertKeys(got.json, ['id', 'location', 'name', 'properties', 'type'], ['tags', 'systemData'], 'SystemAssignedIdentityGet');
    assertKeys(got.json.properties, ['clientId', 'clientSecretUrl', 'principalId', 'tenantId'], [], 'SystemAssignedIdentityGet.properties');
    assert.equal(got.json.id, `${site}/providers/Microsoft.ManagedIdentity/identities/default`);
    assert.equal(got.json.name, 'app-shop-web-prod');
  });

  it('RoleAssignments_CreateForSubscription / ForResourceGroup / ForResource / ById, Get, GetById, List*, Delete', async () => {
    const principalId = [...emu.state.identities.values()].find((i) => i.name === 'id-shop-frontend')!.principalId;
    const a = '/providers/Microsoft.Authorization/roleAssignments';
    const av = '?api-version=2022-04-01';
    const scopes = [`/subscriptions/${sub}`, `/subscriptions/${sub}/resourceGroups/${rg}`, `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/stshopprod01`];
    for (const [i, scope] of scopes.entries()) {
      const name = `05c5a614-a7d6-4502-b150-c2fb455033f${i}`;
      const body = { properties: { roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`, principalId, principalType: 'ServicePrincipal' } };
      const created = await call('PUT', `${scope}${a}/${name}${av}`, body);
      assert.equal(created.status, 201);
      assertRoleAssignment(created.json, `RoleAssignments_Create ${scope}`);
      assertRoleAssignment((await call('GET', `${scope}${a}/${name}${av}`)).json, 'RoleAssignments_Get');
      const list = await call('GET', `${scope}${a}${av}&$filter=${encodeURIComponent(`principalId eq '${principalId}'`)}`);
      for (const item of assertList(list.json, 'RoleAssignments_List')) assertRoleAssignment(item, 'RoleAssignments_List item');
      const deleted = await call('DELETE', `${scope}${a}/${name}${av}`);
      assert.equal(deleted.status, 200);
      assertRoleAssignment(deleted.json, 'RoleAssignments_Delete 200');
      assert.deepEqual(await call('DELETE', `${scope}${a}/${name}${av}`), { status: 204, json: undefined });
    }
    const everything = await call('GET', `/subscriptions/${sub}${a}${av}`);
    const first = assertList(everything.json, 'RoleAssignments_ListForSubscription');
    assert.ok((everything.json as Json).nextLink !== undefined, 'several pages in the demo tenant');
    for (const item of first) assertRoleAssignment(item, 'RoleAssignments_ListForSubscription item');
  });

  it('GetRoleDefinitionAtScope / ById / ByName', async () => {
    const d = '/providers/Microsoft.Authorization/roleDefinitions';
    const av = '?api-version=2022-04-01';
    const list = await call('GET', `/subscriptions/${sub}${d}${av}`);
    for (const item of assertList(list.json, 'GetRoleDefinitionAtScope')) assertRoleDefinition(item, 'GetRoleDefinitionAtScope item');
    assertRoleDefinition((await call('GET', `${d}/acdd72a7-3385-48ef-bd42-f606fba81ae7${av}`)).json, 'GetRoleDefinitionById');
    assertRoleDefinition((await call('GET', `/subscriptions/${sub}${d}/acdd72a7-3385-48ef-bd42-f606fba81ae7${av}`)).json, 'GetRoleDefinitionByName');
    const custom = await call('GET', `/subscriptions/${sub}${d}${av}&$filter=${encodeURIComponent("type eq 'CustomRole'")}`);
    const customs = assertList(custom.json, 'custom roles');
    assert.equal(customs.length, 1);
    assertRoleDefinition(customs[0], 'custom role');
  });

  it('GetWebApp, VirtualMachine and ContainerApps responses with common-types identity blocks', async () => {
    const id = (type: string, name: string, group = rg): string => `/subscriptions/${sub}/resourceGroups/${group}/providers/${type}/${name}`;
    const site = await call('GET', `${id('Microsoft.Web/sites', 'func-shop-orders-prod')}?api-version=2024-04-01`);
    assertTrackedResource(site.json, 'GetWebApp', 'Microsoft.Web/sites');
    assert.equal(site.json.kind, 'functionapp,linux');
    assertManagedServiceIdentity(site.json.identity, 'GetWebApp.identity', 'SystemAssigned, UserAssigned');
    assert.equal((site.json.identity as Json).type, 'SystemAssigned, UserAssigned');
    const vm = await call('GET', `${id('Microsoft.Compute/virtualMachines', 'vm-reporting-01', 'rg-data-prod')}?api-version=2024-11-01`);
    assertTrackedResource(vm.json, 'VirtualMachine', 'Microsoft.Compute/virtualMachines');
    assertManagedServiceIdentity(vm.json.identity, 'VirtualMachine.identity', 'SystemAssigned, UserAssigned');
    const app = await call('GET', `${id('Microsoft.App/containerApps', 'ca-orders-api', 'rg-platform-prod')}?api-version=2025-01-01`);
    assertTrackedResource(app.json, 'ContainerApps', 'Microsoft.App/containerApps');
    assertManagedServiceIdentity(app.json.identity, 'ContainerApps.identity', 'SystemAssigned,UserAssigned');
    assert.equal((app.json.identity as Json).type, 'SystemAssigned,UserAssigned');
    const legacy = await call('GET', `${id('Microsoft.Web/sites', 'app-shop-legacy')}?api-version=2024-04-01`);
    assertTrackedResource(legacy.json, 'GetWebApp (no identity)', 'Microsoft.Web/sites');
    assert.equal(legacy.json.identity, undefined);
  });

  it('the generic resource list: GenericResourceExpanded items with identity blocks', async () => {
    const list = await call('GET', `/subscriptions/${sub}/resources?api-version=2025-04-01&$expand=createdTime,changedTime,provisioningState`);
    for (const item of assertList(list.json, 'Resources_List')) {
      assertKeys(item, ['id', 'name', 'type', 'location'], ['kind', 'tags', 'identity', 'createdTime', 'changedTime', 'provisioningState', 'sku', 'plan', 'managedBy'], 'Resources_List item');
      if (item.identity !== undefined) assertManagedServiceIdentity(item.identity, `${String(item.name)}.identity`, String(item.type) === 'Microsoft.App/containerApps' || String(item.type) === 'Microsoft.Storage/storageAccounts' ? 'SystemAssigned,UserAssigned' : 'SystemAssigned, UserAssigned');
    }
  });

  it('ARM error bodies: {"error":{"code","message"}}', async () => {
    const missing = await call('GET', `${msi}/does-not-exist${v}`);
    assert.equal(missing.status, 404);
    assertKeys(missing.json, ['error'], [], 'ErrorResponse');
    assertKeys(missing.json.error, ['code', 'message'], ['target', 'details', 'additionalInfo'], 'ErrorResponse.error');
    assert.equal((missing.json.error).code, 'ResourceNotFound');
  });
});

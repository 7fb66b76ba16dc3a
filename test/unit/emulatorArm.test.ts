// The ARM emulator through the real @azure/arm-* clients: identities, federated credentials, role
// assignments and definitions, generic resource identity blocks, paging, auth and api-version checks.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { ResourceManagementClient } from '@azure/arm-resources';
import { type ArmEmulator, emulatorCredential, sdkClientOptions, startArmEmulator } from '../emulator/ArmEmulator';
import { rawRequest } from '../emulator/rawRequest';

const reader = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const blobReader = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1';
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Rest = { statusCode?: number; code?: string };
const status = (code: number, errorCode?: string) => (e: unknown): boolean => (e as Rest).statusCode === code && (errorCode === undefined || (e as Rest).code === errorCode);

async function all<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

const raw = rawRequest;

describe('ARM emulator through the SDK clients', () => {
  let emu: ArmEmulator;
  let sub: string;
  let msi: ManagedServiceIdentityClient;
  let auth: AuthorizationManagementClient;
  let res: ResourceManagementClient;
  const rg = 'rg-default';

  before(async () => {
    emu = await startArmEmulator({ pageSize: 3, tokenEndpoint: false });
    sub = emu.state.subscriptions[0].subscriptionId;
    const options = sdkClientOptions(emu);
    msi = new ManagedServiceIdentityClient(emulatorCredential(), sub, options);
    auth = new AuthorizationManagementClient(emulatorCredential(), sub, options);
    res = new ResourceManagementClient(emulatorCredential(), sub, options);
  });
  after(async () => {
    await emu.stop();
  });

  it('serves HTTPS on 127.0.0.1 with a fresh self-signed certificate for 127.0.0.1 and localhost', () => {
    assert.match(emu.endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
    const cert = new X509Certificate(emu.caPem);
    assert.equal(cert.subject, 'CN=localhost');
    assert.equal(cert.issuer, cert.subject);
    assert.ok(cert.verify(cert.publicKey), 'self-signed');
    assert.ok(cert.checkIP('127.0.0.1') && cert.checkHost('localhost'));
    assert.ok(cert.ca);
    assert.ok(new Date(cert.validTo).getTime() > Date.now() + 86_400_000);
  });

  it('creates (201) then updates (200) an identity with server-made GUIDs, and normalises the location', async () => {
    emu.resetLog();
    const created = await msi.userAssignedIdentities.createOrUpdate(rg, 'id-crud', { location: 'West Europe', tags: { team: 'web' } });
    assert.match(created.clientId ?? '', guid);
    assert.match(created.principalId ?? '', guid);
    assert.equal(created.tenantId, emu.state.tenantId);
    assert.equal(created.location, 'westeurope');
    assert.equal(created.id, `/subscriptions/${sub}/resourcegroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-crud`);
    const again = await msi.userAssignedIdentities.createOrUpdate(rg, 'id-crud', { location: 'westeurope', tags: { team: 'api' } });
    assert.equal(again.principalId, created.principalId);
    assert.deepEqual(again.tags, { team: 'api' });
    assert.deepEqual(emu.requests.map((r) => r.status), [201, 200]);

    const patched = await msi.userAssignedIdentities.update(rg, 'id-crud', { tags: { team: 'api', env: 'dev' } });
    assert.deepEqual(patched.tags, { team: 'api', env: 'dev' });
    const got = await msi.userAssignedIdentities.get(rg, 'id-crud');
    assert.equal(got.clientId, created.clientId);
    assert.ok((await all(msi.userAssignedIdentities.listByResourceGroup(rg))).some((i) => i.name === 'id-crud'));

    emu.resetLog();
    await msi.userAssignedIdentities.delete(rg, 'id-crud');
    await msi.userAssignedIdentities.delete(rg, 'id-crud');
    assert.deepEqual(emu.requests.map((r) => r.status), [200, 204]);
    await assert.rejects(msi.userAssignedIdentities.get(rg, 'id-crud'), status(404, 'ResourceNotFound'));
  });

  it('refuses bad identity names, a missing location, and unknown resource groups as ARM does', async () => {
    for (const name of ['ab', '-starts-with-dash', 'has.dot', 'x'.repeat(129), 'spa ce']) {
      await assert.rejects(msi.userAssignedIdentities.createOrUpdate(rg, name, { location: 'westeurope' }), status(400, 'InvalidResourceName'), name);
    }
    const { token } = await emulatorCredential().getToken('https://management.azure.com/.default');
    const noLocation = await raw(emu, 'PUT', `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/no-location?api-version=2024-11-30`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, '{"tags":{}}');
    assert.equal(noLocation.status, 400);
    assert.equal((JSON.parse(noLocation.body) as { error: { code: string } }).error.code, 'LocationRequired');
    await assert.rejects(msi.userAssignedIdentities.createOrUpdate('rg-missing', 'fine-name', { location: 'westeurope' }), status(404, 'ResourceGroupNotFound'));
    const other = new ManagedServiceIdentityClient(emulatorCredential(), '99999999-0000-4000-8000-000000000000', sdkClientOptions(emu));
    await assert.rejects(all(other.userAssignedIdentities.listBySubscription()), status(404, 'SubscriptionNotFound'));
  });

  it('manages federated credentials with ARM validation and $top/$skiptoken paging', async () => {
    const name = 'id-fic';
    await msi.userAssignedIdentities.createOrUpdate(rg, name, { location: 'westeurope' });
    const fic = await msi.federatedIdentityCredentials.createOrUpdate(rg, name, 'github-main', { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/web:ref:refs/heads/main', audiences: ['api://AzureADTokenExchange'] });
    assert.equal(fic.type, 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials');
    assert.equal(fic.id, `/subscriptions/${sub}/resourcegroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}/federatedIdentityCredentials/github-main`);
    assert.equal(fic.subject, 'repo:contoso/web:ref:refs/heads/main');
    // Same issuer and subject under another name: refused.
    await assert.rejects(
      msi.federatedIdentityCredentials.createOrUpdate(rg, name, 'github-main-2', { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/web:ref:refs/heads/main', audiences: ['api://AzureADTokenExchange'] }),
      status(400),
    );
    await assert.rejects(msi.federatedIdentityCredentials.createOrUpdate(rg, name, 'x', { issuer: 'https://a.example', subject: 's', audiences: ['api://AzureADTokenExchange'] }), status(400, 'InvalidResourceName'));
    await assert.rejects(msi.federatedIdentityCredentials.createOrUpdate(rg, name, 'http-issuer', { issuer: 'http://a.example', subject: 's', audiences: ['api://AzureADTokenExchange'] }), status(400));
    await assert.rejects(msi.federatedIdentityCredentials.createOrUpdate(rg, name, 'two-audiences', { issuer: 'https://a.example', subject: 's', audiences: ['a', 'b'] }), status(400));
    for (let i = 1; i < 20; i++) {
      await msi.federatedIdentityCredentials.createOrUpdate(rg, name, `k8s-${i}`, { issuer: 'https://oidc.example.com/cluster/', subject: `system:serviceaccount:ns:sa${i}`, audiences: ['api://AzureADTokenExchange'] });
    }
    await assert.rejects(msi.federatedIdentityCredentials.createOrUpdate(rg, name, 'k8s-21', { issuer: 'https://oidc.example.com/cluster/', subject: 'system:serviceaccount:ns:sa21', audiences: ['api://AzureADTokenExchange'] }), status(400), 'at most 20');
    emu.resetLog();
    const listed = await all(msi.federatedIdentityCredentials.list(rg, name, { top: 7 }));
    assert.equal(listed.length, 20);
    assert.equal(emu.requests.length, 7, 'pages of min($top, pageSize=3)');
    assert.ok(emu.requests.slice(1).every((r) => r.query.includes('api-version=2024-11-30') && /\$skiptoken=/.test(r.query)), 'nextLinks keep the api-version');
    assert.equal((await msi.federatedIdentityCredentials.get(rg, name, 'k8s-3')).subject, 'system:serviceaccount:ns:sa3');
    emu.resetLog();
    await msi.federatedIdentityCredentials.delete(rg, name, 'k8s-3');
    await msi.federatedIdentityCredentials.delete(rg, name, 'k8s-3');
    assert.deepEqual(emu.requests.map((r) => r.status), [200, 204]);
    await assert.rejects(msi.federatedIdentityCredentials.get(rg, name, 'k8s-3'), status(404));
  });

  it('creates role assignments, answers 409 RoleAssignmentExists for a duplicate under another name, and deletes with 200 then 204', async () => {
    const identity = await msi.userAssignedIdentities.createOrUpdate(rg, 'id-roles', { location: 'westeurope' });
    const principalId = identity.principalId!;
    const scope = `subscriptions/${sub}/resourceGroups/${rg}`;
    const name = '6a4e9a0d-3c1c-4b36-9b53-2f0f0c0e0001';
    const created = await auth.roleAssignments.create(scope, name, { roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${reader}`, principalId, principalType: 'ServicePrincipal' });
    assert.equal(created.scope, `/${scope}`);
    assert.equal(created.id, `/${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`);
    assert.equal(created.roleDefinitionId, `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${reader}`);
    // The same PUT again is idempotent.
    assert.equal((await auth.roleAssignments.create(scope, name, { roleDefinitionId: reader, principalId })).name, name);
    await assert.rejects(
      auth.roleAssignments.create(scope, '6a4e9a0d-3c1c-4b36-9b53-2f0f0c0e0002', { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${reader}`, principalId }),
      (e) => status(409, 'RoleAssignmentExists')(e) && /existing role assignment is 6a4e9a0d3c1c4b369b532f0f0c0e0001/.test((e as Error).message),
    );
    await assert.rejects(auth.roleAssignments.create(scope, 'not-a-guid', { roleDefinitionId: reader, principalId }), status(400, 'InvalidRoleAssignmentId'));
    await assert.rejects(auth.roleAssignments.create(scope, '6a4e9a0d-3c1c-4b36-9b53-2f0f0c0e0003', { roleDefinitionId: '00000000-1111-2222-3333-444444444444', principalId }), status(400, 'RoleDefinitionDoesNotExist'));
    await assert.rejects(auth.roleAssignments.create(scope, '6a4e9a0d-3c1c-4b36-9b53-2f0f0c0e0004', { roleDefinitionId: reader, principalId: '99999999-9999-4999-8999-999999999999' }), status(400, 'PrincipalNotFound'));
    // A leading slash in the scope becomes `//subscriptions` on the wire; the emulator collapses it.
    assert.equal((await auth.roleAssignments.get(`/${scope}`, name)).principalId, principalId);
    assert.ok(emu.requests.some((r) => r.path.startsWith('//subscriptions/')));

    emu.resetLog();
    const deleted = await auth.roleAssignments.delete(scope, name);
    assert.equal(deleted.name, name);
    await auth.roleAssignments.delete(scope, name);
    assert.deepEqual(emu.requests.map((r) => r.status), [200, 204]);
    await assert.rejects(auth.roleAssignments.get(scope, name), status(404, 'RoleAssignmentNotFound'));
  });

  it('lists role assignments across pages with absolute nextLinks, filters by principalId, atScope() and assignedTo()', async () => {
    const a = await msi.userAssignedIdentities.createOrUpdate(rg, 'id-list-a', { location: 'westeurope' });
    const b = await msi.userAssignedIdentities.createOrUpdate(rg, 'id-list-b', { location: 'westeurope' });
    const subScope = `/subscriptions/${sub}`;
    const rgScope = `${subScope}/resourceGroups/${rg}`;
    const grants: [string, string, string][] = [
      [subScope, a.principalId!, reader],
      [rgScope, a.principalId!, blobReader],
      [subScope, b.principalId!, blobReader],
      [rgScope, b.principalId!, reader],
      [`${rgScope}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-list-a`, b.principalId!, reader],
    ];
    for (const [scope, principalId, role] of grants) emu.state.addRoleAssignment({ scope, principalId, roleDefinitionId: role });

    emu.resetLog();
    const everything = await all(auth.roleAssignments.listForSubscription());
    assert.ok(everything.length >= 5);
    assert.ok(emu.requests.length >= 2, 'several pages');
    assert.ok(emu.requests.slice(1).every((r) => r.route === 'roleAssignments.listForSubscription' && r.status === 200));

    const forA = await all(auth.roleAssignments.listForSubscription({ filter: `principalId eq '${a.principalId}'` }));
    assert.deepEqual(forA.map((x) => x.scope).sort(), [subScope, rgScope].sort());
    const forB = await all(auth.roleAssignments.listForSubscription({ filter: `assignedTo('${b.principalId}')` }));
    assert.equal(forB.length, 3);
    const atSub = await all(auth.roleAssignments.listForScope(subScope.slice(1), { filter: 'atScope()' }));
    assert.ok(atSub.every((x) => x.scope === subScope));
    assert.equal(atSub.filter((x) => [a.principalId, b.principalId].includes(x.principalId)).length, 2);
    const atRgForB = await all(auth.roleAssignments.listForResourceGroup(rg, { filter: `atScope() and assignedTo('${b.principalId}')` }));
    assert.deepEqual(atRgForB.map((x) => x.scope).sort(), [subScope, rgScope].sort(), 'at scope means the scope and above');
    const onResource = await all(auth.roleAssignments.listForResource(rg, 'Microsoft.ManagedIdentity', 'userAssignedIdentities', 'id-list-a', { filter: `principalId eq '${b.principalId}'` }));
    assert.equal(onResource.length, 3, 'inherited from subscription and group, plus the resource itself');
    await assert.rejects(all(auth.roleAssignments.listForSubscription({ filter: "roleDefinitionId eq 'x'" })), status(400));
  });

  it('serves built-in role definitions by name, type and id', async () => {
    const [r] = await all(auth.roleDefinitions.list(`subscriptions/${sub}`, { filter: "roleName eq 'Storage Blob Data Reader'" }));
    assert.equal(r.name, blobReader);
    assert.equal(r.roleType, 'BuiltInRole');
    assert.equal(r.id, `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${blobReader}`);
    assert.deepEqual(r.assignableScopes, ['/']);
    assert.ok(r.permissions?.[0]?.dataActions?.includes('Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'));
    const builtIns = await all(auth.roleDefinitions.list(`subscriptions/${sub}`, { filter: "type eq 'BuiltInRole'" }));
    const names = new Set(builtIns.map((d) => d.roleName));
    for (const n of ['Owner', 'Contributor', 'Reader', 'User Access Administrator', 'Key Vault Secrets User', 'AcrPull', 'Cognitive Services OpenAI User', 'Azure Service Bus Data Sender']) assert.ok(names.has(n), n);
    const byId = await auth.roleDefinitions.getById(`/providers/Microsoft.Authorization/roleDefinitions/${reader}`);
    assert.equal(byId.roleName, 'Reader');
    assert.equal(byId.id, `/providers/Microsoft.Authorization/roleDefinitions/${reader}`);
    assert.equal((await auth.roleDefinitions.get(`subscriptions/${sub}`, reader)).roleName, 'Reader');
    await assert.rejects(auth.roleDefinitions.get(`subscriptions/${sub}`, '00000000-1111-2222-3333-444444444444'), status(404, 'RoleDefinitionDoesNotExist'));
  });

  it('applies identity type transitions on generic resources (PUT and PATCH), with server-filled ids and null removals', async () => {
    const u1 = await msi.userAssignedIdentities.createOrUpdate(rg, 'id-site-1', { location: 'westeurope' });
    const u2 = await msi.userAssignedIdentities.createOrUpdate(rg, 'id-site-2', { location: 'westeurope' });
    const site = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/web-transitions`;
    const v = '2024-04-01';
    const put = await res.resources.beginCreateOrUpdateByIdAndWait(site, v, { location: 'westeurope', kind: 'app,linux' });
    assert.equal(put.identity, undefined);

    const sys = await res.resources.beginUpdateByIdAndWait(site, v, { identity: { type: 'SystemAssigned' } });
    assert.equal(sys.identity?.type, 'SystemAssigned');
    assert.match(sys.identity?.principalId ?? '', guid);
    const firstPrincipal = sys.identity?.principalId;

    const both = await res.resources.beginUpdateByIdAndWait(site, v, { identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [u1.id!]: {}, [u2.id!]: {} } } });
    assert.equal(both.identity?.type, 'SystemAssigned, UserAssigned', 'Web spells it with a space');
    assert.equal(both.identity?.principalId, firstPrincipal, 'the system identity survives');
    assert.deepEqual(both.identity?.userAssignedIdentities?.[u1.id!], { principalId: u1.principalId, clientId: u1.clientId });

    const removed = await res.resources.beginUpdateByIdAndWait(site, v, { identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [u1.id!]: null as unknown as object } } });
    assert.deepEqual(Object.keys(removed.identity?.userAssignedIdentities ?? {}), [u2.id]);

    const userOnly = await res.resources.beginUpdateByIdAndWait(site, v, { identity: { type: 'UserAssigned' } });
    assert.equal(userOnly.identity?.type, 'UserAssigned');
    assert.equal(userOnly.identity?.principalId, undefined, 'disabling the system identity removes its principal');

    await assert.rejects(res.resources.beginUpdateByIdAndWait(site, v, { identity: { type: 'UserAssigned', userAssignedIdentities: { [u2.id!]: null as unknown as object } } }), status(400), 'UserAssigned needs one identity');
    const { token: t } = await emulatorCredential().getToken('https://management.azure.com/.default');
    const bogus = await raw(emu, 'PATCH', `${site}?api-version=${v}`, { authorization: `Bearer ${t}`, 'content-type': 'application/json' }, '{"identity":{"type":"Bogus"}}');
    assert.equal(bogus.status, 400);
    assert.match(bogus.body, /InvalidIdentityType/);
    await assert.rejects(res.resources.beginUpdateByIdAndWait(site, v, { identity: { type: 'UserAssigned', userAssignedIdentities: { [`${u1.id!}-missing`]: {} } } }), status(400, 'FailedIdentityOperation'));

    const none = await res.resources.beginUpdateByIdAndWait(site, v, { identity: { type: 'None' } });
    assert.equal(none.identity, undefined);
    const again = await res.resources.beginUpdateByIdAndWait(site, v, { identity: { type: 'SystemAssigned' } });
    assert.notEqual(again.identity?.principalId, firstPrincipal, 'a re-enabled system identity is a new principal');

    const app = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.App/containerApps/ca-transitions`;
    await res.resources.beginCreateOrUpdateByIdAndWait(app, '2025-01-01', { location: 'westeurope', identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [u1.id!]: {} } } });
    assert.equal((await res.resources.getById(app, '2025-01-01')).identity?.type, 'SystemAssigned,UserAssigned', 'Container Apps spell it without a space');
    // Both spellings are accepted on the way in (the SDK's enum knows only the spaced one, so send this one raw).
    const { token } = await emulatorCredential().getToken('https://management.azure.com/.default');
    const patched = await raw(emu, 'PATCH', `${app}?api-version=2025-01-01`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, JSON.stringify({ identity: { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [u2.id!]: {} } } }));
    assert.equal(patched.status, 200);
    const patchedIdentity = (JSON.parse(patched.body) as { identity: { type: string; userAssignedIdentities: Record<string, unknown> } }).identity;
    assert.equal(patchedIdentity.type, 'SystemAssigned,UserAssigned');
    assert.deepEqual(Object.keys(patchedIdentity.userAssignedIdentities).sort(), [u1.id, u2.id].sort());

    const aks = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/aks-transitions`;
    await assert.rejects(res.resources.beginCreateOrUpdateByIdAndWait(aks, '2024-09-01', { location: 'westeurope', identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [u1.id!]: {} } } }), status(400));
    await res.resources.beginCreateOrUpdateByIdAndWait(aks, '2024-09-01', { location: 'westeurope', identity: { type: 'UserAssigned', userAssignedIdentities: { [u1.id!]: {} } } });

    const systemDefault = await msi.systemAssignedIdentities.getByScope(site.slice(1));
    assert.equal(systemDefault.principalId, again.identity?.principalId);
    await assert.rejects(msi.systemAssignedIdentities.getByScope(aks.slice(1)), status(404));
  });

  it('leaves role assignments and attachments in place when an identity is deleted (ARM does not clean up)', async () => {
    const doomed = await msi.userAssignedIdentities.createOrUpdate(rg, 'id-doomed', { location: 'westeurope' });
    await auth.roleAssignments.create(`subscriptions/${sub}`, '7b1e2c3d-0000-4000-8000-00000000d00d', { roleDefinitionId: reader, principalId: doomed.principalId! });
    const vm = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/vm-doomed`;
    await res.resources.beginCreateOrUpdateByIdAndWait(vm, '2024-11-01', { location: 'westeurope', identity: { type: 'UserAssigned', userAssignedIdentities: { [doomed.id!]: {} } } });
    await msi.userAssignedIdentities.delete(rg, 'id-doomed');
    const orphans = await all(auth.roleAssignments.listForSubscription({ filter: `principalId eq '${doomed.principalId}'` }));
    assert.equal(orphans.length, 1);
    assert.deepEqual((await res.resources.getById(vm, '2024-11-01')).identity?.userAssignedIdentities?.[doomed.id!], { principalId: doomed.principalId, clientId: doomed.clientId });
  });

  it('lists all resources with identity blocks, filtered by resourceType, paged', async () => {
    const sites = await all(res.resources.list({ filter: "resourceType eq 'Microsoft.Web/sites'" }));
    assert.ok(sites.length >= 1 && sites.every((s) => s.type === 'Microsoft.Web/sites'));
    assert.ok(sites.find((s) => s.name === 'web-transitions')?.identity?.principalId);
    const either = await all(res.resources.list({ filter: "resourceType eq 'Microsoft.Web/sites' or resourceType eq 'Microsoft.Compute/virtualMachines'", expand: 'createdTime,changedTime' }));
    assert.ok(either.some((s) => s.type === 'Microsoft.Compute/virtualMachines'));
    assert.ok(either.every((s) => s.createdTime instanceof Date));
    emu.resetLog();
    const everything = await all(res.resources.list());
    assert.ok(everything.some((s) => s.type === 'Microsoft.ManagedIdentity/userAssignedIdentities'), 'identities are resources too');
    assert.equal(emu.requests.length, Math.ceil(everything.length / 3));
    await assert.rejects(all(res.resources.list({ filter: 'bogus' })), status(400));
    const groups = await all(res.resourceGroups.list());
    assert.deepEqual(groups.map((g) => g.name), [rg]);
  });

  it('requires a bearer token the emulator issued (401 with an ARM error body otherwise)', async () => {
    const path = `/subscriptions/${sub}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2024-11-30`;
    const none = await raw(emu, 'GET', path);
    assert.equal(none.status, 401);
    assert.equal((JSON.parse(none.body) as { error: { code: string } }).error.code, 'AuthenticationFailed');
    assert.match(String(none.headers['www-authenticate']), /^Bearer /);
    const forged = await raw(emu, 'GET', path, { authorization: 'Bearer abc.def.ghi' });
    assert.equal(forged.status, 401);
    assert.equal((JSON.parse(forged.body) as { error: { code: string } }).error.code, 'InvalidAuthenticationToken');
    const { token } = await emulatorCredential().getToken('https://management.azure.com/.default');
    const ok = await raw(emu, 'GET', path, { authorization: `Bearer ${token}` });
    assert.equal(ok.status, 200);
    assert.ok(ok.headers['x-ms-request-id']);
    assert.ok(ok.headers['x-ms-ratelimit-remaining-subscription-reads']);
    const { token: storage } = await emulatorCredential().getToken('https://storage.azure.com/.default');
    assert.equal((await raw(emu, 'GET', path, { authorization: `Bearer ${storage}` })).status, 401, 'wrong audience');
  });

  it('checks api-versions per route', async () => {
    const { token } = await emulatorCredential().getToken('https://management.azure.com/.default');
    const h = { authorization: `Bearer ${token}` };
    const code = async (path: string): Promise<[number, string | undefined]> => {
      const r = await raw(emu, 'GET', path, h);
      return [r.status, r.status === 200 ? undefined : (JSON.parse(r.body) as { error: { code: string } }).error.code];
    };
    const ids = `/subscriptions/${sub}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`;
    assert.deepEqual(await code(`${ids}?api-version=2024-11-30`), [200, undefined]);
    assert.deepEqual(await code(`${ids}?api-version=2023-01-31`), [200, undefined]);
    assert.deepEqual(await code(`${ids}?api-version=2015-08-31-preview`), [400, 'NoRegisteredProviderFound']);
    assert.deepEqual(await code(ids), [400, 'MissingApiVersionParameter']);
    assert.deepEqual(await code(`/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2024-11-30`), [400, 'NoRegisteredProviderFound']);
    assert.deepEqual(await code(`/subscriptions/${sub}/resources?api-version=2019-01-01`), [400, 'InvalidApiVersionParameter']);
    assert.deepEqual(await code(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/web-transitions?api-version=2024-11-30`), [400, 'NoRegisteredProviderFound']);
    assert.deepEqual(await code(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/web-transitions?api-version=2023-12-01`), [200, undefined]);
    assert.deepEqual(await code(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/vm-doomed?api-version=2024-07-01`), [200, undefined]);
    assert.deepEqual(await code(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.App/containerApps/ca-transitions?api-version=2024-03-01`), [200, undefined]);
  });
});

describe('ARM emulator: subscriptions, tenants and resource groups (what sign-in and pickers call)', () => {
  let emu: ArmEmulator;
  let h: Record<string, string>;
  before(async () => {
    emu = await startArmEmulator({ tokenEndpoint: false });
    h = { authorization: `Bearer ${(await emulatorCredential().getToken('https://management.azure.com/.default')).token}`, 'content-type': 'application/json' };
  });
  after(async () => {
    await emu.stop();
  });

  it('lists tenants and subscriptions, gets one subscription', async () => {
    const tenants = JSON.parse((await raw(emu, 'GET', '/tenants?api-version=2022-12-01', h)).body) as { value: { tenantId: string }[] };
    assert.deepEqual(tenants.value.map((t) => t.tenantId), [emu.state.tenantId]);
    const subs = JSON.parse((await raw(emu, 'GET', '/subscriptions?api-version=2022-12-01', h)).body) as { value: { subscriptionId: string; state: string; tenantId: string; displayName: string }[] };
    assert.deepEqual(subs.value.map((s) => [s.subscriptionId, s.state, s.tenantId]), [[emu.state.subscriptions[0].subscriptionId, 'Enabled', emu.state.tenantId]]);
    const one = await raw(emu, 'GET', `/subscriptions/${emu.state.subscriptions[0].subscriptionId}?api-version=2022-12-01`, h);
    assert.equal((JSON.parse(one.body) as { displayName: string }).displayName, 'Emulator Subscription');
    assert.equal((await raw(emu, 'GET', '/subscriptions/00000000-0000-0000-0000-00000000dead?api-version=2022-12-01', h)).status, 404);
  });

  it('creates a resource group through the SDK and lists it', async () => {
    const sub = emu.state.subscriptions[0].subscriptionId;
    const res = new ResourceManagementClient(emulatorCredential(), sub, sdkClientOptions(emu));
    const created = await res.resourceGroups.createOrUpdate('rg-new', { location: 'North Europe', tags: { env: 'test' } });
    assert.equal(created.location, 'northeurope');
    assert.equal(created.id, `/subscriptions/${sub}/resourceGroups/rg-new`);
    assert.deepEqual((await all(res.resourceGroups.list())).map((g) => g.name), ['rg-default', 'rg-new']);
    assert.equal((await res.resourceGroups.get('rg-new')).tags?.env, 'test');
    await assert.rejects(res.resourceGroups.get('rg-none'), status(404, 'ResourceGroupNotFound'));
    const msi = new ManagedServiceIdentityClient(emulatorCredential(), sub, sdkClientOptions(emu));
    assert.equal((await msi.userAssignedIdentities.createOrUpdate('rg-new', 'id-in-new-group', { location: 'northeurope' })).name, 'id-in-new-group');
  });

  it('answers an unknown path with an ARM error and logs it as route "unknown"', async () => {
    emu.resetLog();
    const r = await raw(emu, 'GET', `/subscriptions/${emu.state.subscriptions[0].subscriptionId}/providers/Microsoft.Nope/things?api-version=2024-01-01`, h);
    assert.equal(r.status, 404);
    assert.equal((JSON.parse(r.body) as { error: { code: string } }).error.code, 'InvalidResourceType');
    assert.equal(emu.requests[0].route, 'unknown');
  });
});

describe('ARM emulator: locations and resource providers (what location pickers call)', () => {
  let emu: ArmEmulator;
  before(async () => {
    emu = await startArmEmulator({ tokenEndpoint: false });
  });
  after(async () => {
    await emu.stop();
  });

  it('lists locations and a provider with its resource types, api-versions and locations', async () => {
    const sub = emu.state.subscriptions[0].subscriptionId;
    const res = new ResourceManagementClient(emulatorCredential(), sub, sdkClientOptions(emu));
    const provider = await res.providers.get('Microsoft.ManagedIdentity');
    assert.equal(provider.namespace, 'Microsoft.ManagedIdentity');
    assert.equal(provider.registrationState, 'Registered');
    const uai = provider.resourceTypes?.find((t) => t.resourceType === 'userAssignedIdentities');
    assert.ok(uai?.apiVersions?.includes('2024-11-30'));
    assert.ok(uai?.locations?.includes('West Europe'));
    assert.deepEqual((await res.providers.get('Microsoft.Web')).resourceTypes?.map((t) => t.resourceType).sort(), ['serverfarms', 'sites', 'sites/slots']);
    await assert.rejects(res.providers.get('Microsoft.Nope'), status(404));
    const { token } = await emulatorCredential().getToken('https://management.azure.com/.default');
    const locations = JSON.parse((await raw(emu, 'GET', `/subscriptions/${sub}/locations?api-version=2022-12-01`, { authorization: `Bearer ${token}` })).body) as { value: { name: string; displayName: string; metadata: { regionType: string } }[] };
    assert.ok(locations.value.some((l) => l.name === 'westeurope' && l.displayName === 'West Europe' && l.metadata.regionType === 'Physical'));
  });

  it('says UnmatchedPrincipalType when the principal type is wrong', async () => {
    const sub = emu.state.subscriptions[0].subscriptionId;
    const msi = new ManagedServiceIdentityClient(emulatorCredential(), sub, sdkClientOptions(emu));
    const auth = new AuthorizationManagementClient(emulatorCredential(), sub, sdkClientOptions(emu));
    const identity = await msi.userAssignedIdentities.createOrUpdate('rg-default', 'id-typed', { location: 'westeurope' });
    await assert.rejects(auth.roleAssignments.create(`subscriptions/${sub}`, '3e1d2c4b-0000-4000-8000-000000000001', { roleDefinitionId: reader, principalId: identity.principalId!, principalType: 'User' }), status(400, 'UnmatchedPrincipalType'));
  });
});

// The Azure layer through the real @azure/arm-* clients against the loopback ARM emulator (demo tenant).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deletionProgress } from '../../src/azure/IdentityDeletion';
import { RoleService } from '../../src/azure/RoleService';
import { buildGitHubActionsCredential, buildKubernetesCredential } from '../../src/core/arm/federatedCredentials';
import { assignmentsForPrincipal } from '../../src/core/arm/model';
import { deterministicRoleAssignmentName } from '../../src/core/arm/roleAssignments';
import { isCancellationError } from '../../src/core/cancellation';
import { ToolError } from '../../src/core/errors';
import type { ArmEmulator } from '../emulator/ArmEmulator';
import { demoSubscriptions } from '../emulator/seeds/demoTenant';
import { type AzureServices, servicesFor, startDemoEmulator } from './azureHarness';

const readerRole = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const blobDataReader = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1';
/** The demo tenant's custom role, assignable in Production and Dev. */
const deploymentOperator = { guid: '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b', name: 'Contoso Deployment Operator' };

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const invalid = (e: unknown): boolean => ToolError.is(e, 'invalidInput');

describe('Azure services against the ARM emulator (demo tenant)', () => {
  let emulator: ArmEmulator;
  let s: AzureServices;
  const subscriptionId = demoSubscriptions.production;
  const rg = 'rg-shop-prod';

  before(async () => {
    emulator = await startDemoEmulator();
    s = servicesFor(emulator);
  });
  after(async () => {
    await emulator?.stop();
  });

  it('lists identities and resources with identities, with function apps named as such', async () => {
    const identities = await s.identities.listUserAssignedIdentities(subscriptionId);
    assert.ok(identities.items.length > 0);
    for (const identity of identities.items) {
      assert.match(identity.principalId, /^[0-9a-f-]{36}$/);
      assert.match(identity.clientId, /^[0-9a-f-]{36}$/);
      assert.equal(identity.subscriptionId, subscriptionId);
    }
    const resources = await s.identities.listResourcesWithIdentity(subscriptionId);
    assert.ok(resources.items.length > 0);
    for (const resource of resources.items) {
      assert.ok(resource.systemAssignedPrincipalId !== undefined || resource.userAssigned.length > 0, resource.id);
      if (resource.type.toLowerCase() === 'microsoft.web/sites' && (resource.kind ?? '').includes('functionapp')) assert.equal(resource.displayKind, 'Function App');
    }
  });

  it('validates before sending anything', async () => {
    emulator.resetLog();
    await assert.rejects(s.identities.createIdentity({ subscriptionId, resourceGroup: 'rg', name: 'x!', location: 'westeurope' }), invalid);
    await assert.rejects(s.identities.createIdentity({ subscriptionId, resourceGroup: 'bad rg', name: 'good-name', location: 'westeurope' }), invalid);
    await assert.rejects(s.identities.createIdentity({ subscriptionId: 'nope', resourceGroup: 'rg', name: 'good-name', location: 'westeurope' }), invalid);
    await assert.rejects(s.roles.grantRole({ scope: '/subscriptions/x', principalId: '11111111-1111-1111-1111-111111111111', roleDefinitionId: readerRole }), invalid);
    await assert.rejects(s.roles.grantRole({ scope: `/subscriptions/${subscriptionId}`, principalId: 'me', roleDefinitionId: readerRole }), invalid);
    await assert.rejects(s.assignments.enableSystemAssigned(`/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x`), invalid);
    assert.equal(emulator.requests.length, 0);
  });

  it('creates an identity, updates its tags, manages federated credentials, and refuses a duplicate', async () => {
    const created = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'ci-deployer', location: 'West Europe', tags: { team: 'web' } });
    assert.equal(created.name, 'ci-deployer');
    assert.equal(created.location, 'westeurope');
    assert.deepEqual(created.tags, { team: 'web' });
    await assert.rejects(s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'ci-deployer', location: 'westeurope' }), (e) => ToolError.is(e, 'conflict'));
    const same = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'ci-deployer', location: 'westeurope', ifExists: 'return' });
    assert.equal(same.principalId, created.principalId);

    const tagged = await s.identities.updateIdentityTags(created.id, { team: 'web', env: 'prod' });
    assert.deepEqual(tagged.tags, { team: 'web', env: 'prod' });

    const gh = buildGitHubActionsCredential({ organization: 'contoso', repository: 'web', entity: { kind: 'branch', branch: 'main' } });
    const k8s = buildKubernetesCredential({ issuerUrl: 'https://oidc.example.com/cluster1/', namespace: 'payments', serviceAccount: 'api' });
    await s.identities.createFederatedCredential(created.id, 'github-main', gh);
    await s.identities.createFederatedCredential(created.id, 'aks-payments', k8s);
    const fics = await s.identities.listFederatedCredentials(created.id);
    assert.deepEqual(fics.map((f) => [f.name, f.subject]).sort(), [
      ['aks-payments', 'system:serviceaccount:payments:api'],
      ['github-main', 'repo:contoso/web:ref:refs/heads/main'],
    ]);
    assert.equal(await s.identities.deleteFederatedCredential(created.id, 'github-main'), true);
    assert.equal(await s.identities.deleteFederatedCredential(created.id, 'github-main'), false, 'ARM answers 204 for one that is gone');
    assert.deepEqual((await s.identities.listFederatedCredentials(created.id)).map((f) => f.name), ['aks-payments']);

    assert.equal(await s.identities.deleteIdentity(created.id), true);
    assert.equal(await s.identities.deleteIdentity(created.id), false, 'ARM answers 204 for one that is gone');
    await assert.rejects(s.identities.getIdentity(created.id), (e) => ToolError.is(e, 'notFound'));
  });

  it('enables, attaches, detaches and disables identities on a web app with the right type transitions', async () => {
    const site = await findResource(s, subscriptionId, 'microsoft.web/sites');
    const a = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'site-id-a', location: 'westeurope' });
    const b = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'site-id-b', location: 'westeurope' });
    const start = await s.assignments.getResourceIdentity(site);

    const enabled = await s.assignments.enableSystemAssigned(site);
    assert.equal(enabled.after.state.systemAssigned, true);
    assert.match(enabled.after.systemAssignedPrincipalId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal((await s.assignments.enableSystemAssigned(site)).transition.changed, false, 'idempotent');

    const attached = await s.assignments.attachUserAssigned(site, [a.id, b.id]);
    assert.equal(attached.transition.patch?.type, 'SystemAssigned, UserAssigned');
    assertHas(attached.after.state.userAssigned, [a.id, b.id]);

    const detached = await s.assignments.detachUserAssigned(site, [a.id]);
    // The detached identity is sent as null (removed); the kept one as {}.
    const sent = Object.entries(detached.transition.patch?.userAssignedIdentities ?? {}).map(([id, value]) => [id.toLowerCase(), value]);
    assert.deepEqual(sent.find(([id]) => id === a.id.toLowerCase()), [a.id.toLowerCase(), null]);
    assert.deepEqual(sent.find(([id]) => id === b.id.toLowerCase()), [b.id.toLowerCase(), {}]);
    assertHas(detached.after.state.userAssigned, [b.id]);
    assert.ok(!detached.after.state.userAssigned.some((id) => id.toLowerCase() === a.id.toLowerCase()));

    const disabled = await s.assignments.disableSystemAssigned(site);
    assert.equal(disabled.after.state.systemAssigned, start.state.systemAssigned && false);
    assertHas(disabled.after.state.userAssigned, [b.id]);

    // Detaching the last user-assigned identity leaves None (when the app had no other identity).
    const remaining = disabled.after.state.userAssigned.filter((id) => id.toLowerCase() !== b.id.toLowerCase());
    const last = await s.assignments.detachUserAssigned(site, [b.id]);
    if (remaining.length === 0) assert.equal(last.transition.patch?.type, 'None');
    assert.equal(last.after.state.systemAssigned, false);
  });

  it('grants a role idempotently: a double grant is one assignment with the deterministic name', async () => {
    const identity = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'granted-twice', location: 'westeurope' });
    const scope = `/subscriptions/${subscriptionId}/resourceGroups/${rg}`;
    const [one, two] = await Promise.all([
      s.roles.grantRole({ scope, principalId: identity.principalId, roleDefinitionId: blobDataReader }),
      s.roles.grantRole({ scope, principalId: identity.principalId, roleDefinitionId: blobDataReader }),
    ]);
    const expectedName = deterministicRoleAssignmentName(scope, identity.principalId, blobDataReader);
    assert.equal(one.assignment.name, expectedName);
    assert.equal(two.assignment.name, expectedName);
    const third = await s.roles.grantRole({ scope, principalId: identity.principalId, roleDefinitionId: blobDataReader });
    assert.equal(third.created, false);
    const listed = await s.roles.listAssignmentsForPrincipal(identity.principalId, [subscriptionId]);
    assert.equal(listed.length, 1);
    assert.equal(listed[0]?.principalType, 'ServicePrincipal');
    // No request went out with a double slash.
    assert.ok(!emulator.requests.some((r) => r.path.includes('//')), 'no // paths');
  });

  it('treats 409 RoleAssignmentExists for the same grant under another name as success', async () => {
    const identity = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'granted-elsewhere', location: 'westeurope' });
    const scope = `subscriptions/${subscriptionId}`;
    const other = await s.clients.forSubscription(subscriptionId).authorization.roleAssignments.create(scope, '0c5b7a3e-0000-4000-8000-000000000001', {
      roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${readerRole}`,
      principalId: identity.principalId,
      principalType: 'ServicePrincipal',
    });
    const result = await s.roles.grantRole({ scope: `/${scope}`, principalId: identity.principalId, roleDefinitionId: readerRole });
    assert.equal(result.created, false);
    assert.equal(result.assignment.id.toLowerCase(), (other.id ?? '').toLowerCase());
    assert.equal((await s.roles.listAssignmentsForPrincipal(identity.principalId, [subscriptionId])).length, 1);
  });

  it('retries PrincipalNotFound with backoff', async () => {
    const identity = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'not-replicated-yet', location: 'westeurope' });
    emulator.faults.add({ match: { method: 'PUT', pathPattern: /roleAssignments/i }, fault: { kind: 'status', status: 400, code: 'PrincipalNotFound', message: `Principal ${identity.principalId} does not exist in the directory.` }, times: 2 });
    emulator.resetLog();
    const result = await s.roles.grantRole({ scope: `/subscriptions/${subscriptionId}`, principalId: identity.principalId, roleDefinitionId: readerRole });
    emulator.faults.clear();
    assert.equal(result.created, true);
    assert.equal(emulator.requests.filter((r) => r.method === 'PUT').length, 3);
  });

  it('gives up on PrincipalNotFound after the backoff and when cancelled', async () => {
    emulator.faults.add({ match: { method: 'PUT', pathPattern: /roleAssignments/i }, fault: { kind: 'status', status: 400, code: 'PrincipalNotFound' } });
    try {
      await assert.rejects(s.roles.grantRole({ scope: `/subscriptions/${subscriptionId}`, principalId: '99999999-9999-4999-8999-999999999999', roleDefinitionId: readerRole }), invalid);
      const controller = new AbortController();
      const slow = new RoleService(s.clients, undefined, { principalNotFoundBackoff: { initialDelayMs: 60_000 } });
      const pending = slow.grantRole({ scope: `/subscriptions/${subscriptionId}`, principalId: '99999999-9999-4999-8999-999999999999', roleDefinitionId: readerRole }, controller.signal);
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(pending, (e) => isCancellationError(e));
    } finally {
      emulator.faults.clear();
    }
  });

  it('maps 403 and 404 to typed errors', async () => {
    emulator.faults.add({ match: { method: 'GET', pathPattern: /userAssignedIdentities/i }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization.' }, times: 1 });
    await assert.rejects(s.identities.listUserAssignedIdentities(subscriptionId), (e) => ToolError.is(e, 'forbidden') && /AuthorizationFailed/.test((e as Error).message));
    emulator.faults.clear();
    await assert.rejects(s.identities.getIdentity(`/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/does-not-exist`), (e) => ToolError.is(e, 'notFound'));
  });

  it('deletes an identity with its role assignments and attachments: nothing is orphaned', async () => {
    const identity = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'short-lived', location: 'westeurope' });
    await s.roles.grantRole({ scope: `/subscriptions/${subscriptionId}/resourceGroups/${rg}`, principalId: identity.principalId, roleDefinitionId: readerRole });
    await s.roles.grantRole({ scope: `/subscriptions/${subscriptionId}`, principalId: identity.principalId, roleDefinitionId: blobDataReader });
    const site = await findResource(s, subscriptionId, 'microsoft.web/sites');
    await s.assignments.attachUserAssigned(site, [identity.id]);

    const deletion = s.deletion;
    const plan = await deletion.plan(identity.id);
    assert.equal(plan.roleAssignments.length, 2);
    assert.ok(plan.roleAssignments.every((a) => a.roleName !== undefined), 'role names for the confirmation');
    assert.deepEqual(plan.usedBy.map((r) => r.id.toLowerCase()), [site.toLowerCase()]);
    const result = await deletion.execute(plan);
    assert.equal(result.deleted, true);
    assert.equal(result.removedAssignments.length, 2);
    assert.equal((await s.roles.listAssignmentsForPrincipal(identity.principalId, [subscriptionId])).length, 0);
    const model = await s.loader.load([subscriptionId]);
    assert.equal(assignmentsForPrincipal(model, identity.principalId).length, 0);
    assert.ok(!(await s.assignments.getResourceIdentity(site)).state.userAssigned.some((id) => id.toLowerCase() === identity.id.toLowerCase()));
  });
  it('a deletion that stops part-way says exactly what it did, keeps the identity working where attached, and finishes when run again', async () => {
    const identity = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'half-deleted', location: 'westeurope' });
    await s.roles.grantRole({ scope: `/subscriptions/${subscriptionId}/resourceGroups/${rg}`, principalId: identity.principalId, roleDefinitionId: readerRole });
    const sites = (await s.identities.listResourcesWithIdentity(subscriptionId)).items.filter((r) => r.type.toLowerCase() === 'microsoft.web/sites');
    assert.ok(sites.length >= 2, 'two web apps with identities');
    for (const site of sites.slice(0, 2)) await s.assignments.attachUserAssigned(site.id, [identity.id]);

    const plan = await s.deletion.plan(identity.id);
    assert.equal(plan.usedBy.length, 2);
    const [first, second] = plan.usedBy;
    emulator.faults.add({ match: { method: 'PATCH', pathPattern: `/${second.name}` }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'No write access to the app.' }, times: 1 });
    emulator.resetLog();
    const error = await s.deletion.execute(plan).then(
      () => assert.fail('the deletion should stop'),
      (e: unknown) => e,
    );
    assert.ok(ToolError.is(error, 'forbidden'), String(error));
    assert.deepEqual(deletionProgress(error), { detachedFrom: [first.id], removedAssignments: [], deleted: false });
    assert.match((error as Error).message, /detached it from 1 of 2 resources.*The identity was not deleted/);
    assert.ok(!emulator.requests.some((r) => r.method === 'DELETE'), 'nothing removed after the failed step');
    // Consistent: the identity and its role are intact, and the app it is still attached to still has it.
    assert.equal((await s.identities.getIdentity(identity.id)).principalId, identity.principalId);
    assert.equal((await s.roles.listAssignmentsForPrincipal(identity.principalId, [subscriptionId])).length, 1);
    assert.ok((await s.assignments.getResourceIdentity(second.id)).state.userAssigned.some((id) => id.toLowerCase() === identity.id.toLowerCase()));

    const again = await s.deletion.plan(identity.id);
    assert.deepEqual(again.usedBy.map((r) => r.id), [second.id]);
    const result = await s.deletion.execute(again);
    assert.deepEqual(result, { detachedFrom: [second.id], removedAssignments: again.roleAssignments.map((a) => a.id), deleted: true });
    await assert.rejects(s.identities.getIdentity(identity.id), (e) => ToolError.is(e, 'notFound'));
    assert.equal((await s.roles.listAssignmentsForPrincipal(identity.principalId, [subscriptionId])).length, 0);
    const model = await s.loader.load([subscriptionId]);
    assert.ok(!model.subscriptions.some((sub) => sub.status === 'ok' && sub.resources.some((r) => r.userAssigned.some((u) => u.identityId.toLowerCase() === identity.id.toLowerCase()))), 'attached nowhere');
  });

  it('a deletion that fails at the last step reports every step before it as done', async () => {
    const identity = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'undeletable', location: 'westeurope' });
    const granted = await s.roles.grantRole({ scope: `/subscriptions/${subscriptionId}`, principalId: identity.principalId, roleDefinitionId: readerRole });
    const plan = await s.deletion.plan(identity.id);
    emulator.faults.add({ match: { method: 'DELETE', pathPattern: '/userAssignedIdentities/undeletable' }, fault: { kind: 'status', status: 409, code: 'Conflict', message: 'A lock prevents the deletion.' }, times: 1 });
    const error = await s.deletion.execute(plan).then(
      () => assert.fail('the deletion should stop'),
      (e: unknown) => e,
    );
    assert.ok(ToolError.is(error, 'conflict'), String(error));
    assert.deepEqual(deletionProgress(error), { detachedFrom: [], removedAssignments: [granted.assignment.id], deleted: false });
    assert.match((error as Error).message, /stopped while deleting the identity resource.*removed 1 of 1 role assignments/);
    assert.equal((await s.deletion.execute(await s.deletion.plan(identity.id))).deleted, true);
  });

  it('a cancelled deletion stops with a CancellationError and sends nothing more', async () => {
    const identity = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'deletion-cancelled', location: 'westeurope' });
    await s.roles.grantRole({ scope: `/subscriptions/${subscriptionId}`, principalId: identity.principalId, roleDefinitionId: readerRole });
    const site = await findResource(s, subscriptionId, 'microsoft.web/sites');
    await s.assignments.attachUserAssigned(site, [identity.id]);
    const plan = await s.deletion.plan(identity.id);
    emulator.faults.add({ match: { method: 'PATCH' }, fault: { kind: 'latency', ms: 200 }, times: 1 });
    emulator.resetLog();
    const controller = new AbortController();
    const pending = s.deletion.execute(plan, controller.signal);
    for (let i = 0; i < 200 && !emulator.requests.some((r) => r.method === 'PATCH'); i++) await tick(2);
    controller.abort();
    const error = await pending.then(
      () => assert.fail('the deletion should be cancelled'),
      (e: unknown) => e,
    );
    assert.ok(isCancellationError(error), String(error));
    assert.equal(deletionProgress(error), undefined);
    await tick(250);
    assert.deepEqual(emulator.requests.map((r) => r.method), ['GET', 'PATCH'], 'no role assignment removed, identity not deleted');
    emulator.faults.clear();
    assert.equal((await s.identities.getIdentity(identity.id)).name, 'deletion-cancelled');
  });

  it('resolves custom role names with one extra list, and still loads when role definitions cannot be read', async () => {
    const identity = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'custom-role-holder', location: 'westeurope' });
    await s.roles.grantRole({ scope: `/subscriptions/${subscriptionId}/resourceGroups/${rg}`, principalId: identity.principalId, roleDefinitionId: deploymentOperator.guid });
    const fresh = servicesFor(emulator);
    emulator.resetLog();
    const model = await fresh.loader.load([subscriptionId]);
    const mine = assignmentsForPrincipal(model, identity.principalId);
    assert.deepEqual(mine.map((a) => a.roleName), [deploymentOperator.name]);
    assert.ok(assignmentsForPrincipal(model, identity.principalId).every((a) => a.roleName !== undefined));
    const definitionLists = emulator.requests.filter((r) => r.route === 'roleDefinitions.list').map((r) => decodeURIComponent(r.query).match(/type eq '(\w+)'/)?.[1]);
    assert.deepEqual(definitionLists.sort(), ['BuiltInRole', 'CustomRole']);

    emulator.faults.add({ match: { pathPattern: 'roleDefinitions' }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed' } });
    try {
      const unnamed = await servicesFor(emulator).loader.load([subscriptionId]);
      assert.equal(unnamed.subscriptions[0]?.status, 'ok');
      const again = assignmentsForPrincipal(unnamed, identity.principalId);
      assert.equal(again.length, 1);
      assert.equal(again[0]?.roleName, undefined, 'shown by role id');
    } finally {
      emulator.faults.clear();
    }
  });

  it('sends the comma spelling a Container App expects, and nothing of the marker header', async () => {
    const app = await findResource(s, subscriptionId, 'microsoft.app/containerapps');
    const identity = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'ca-extra', location: 'westeurope' });
    const sent: { method: string; body: string; headers: string[] }[] = [];
    const fresh = servicesFor(emulator);
    fresh.clients.forSubscription(subscriptionId).resources.pipeline.addPolicy(
      {
        name: 'testWireCapture',
        sendRequest(request, next) {
          sent.push({ method: request.method, body: typeof request.body === 'string' ? request.body : '', headers: [...request.headers].map(([k]) => k.toLowerCase()) });
          return next(request);
        },
      },
      { afterPhase: 'Sign' },
    );
    const before = await fresh.assignments.getResourceIdentity(app);
    assert.equal(before.state.systemAssigned, true);
    const result = await fresh.assignments.attachUserAssigned(app, [identity.id]);
    assert.equal(result.transition.patch?.type, 'SystemAssigned,UserAssigned');
    const patch = sent.find((r) => r.method === 'PATCH');
    assert.ok(patch, 'a PATCH went out');
    assert.equal((JSON.parse(patch.body) as { identity: { type: string } }).identity.type, 'SystemAssigned,UserAssigned');
    assert.deepEqual(Object.keys(JSON.parse(patch.body) as object), ['identity'], 'only the identity block');
    assert.ok(!patch.headers.some((h) => h.startsWith('x-mi-tools')), 'the marker header never leaves the process');
  });

  it('refuses an AKS cluster both kinds of identity before sending anything', async () => {
    const aks = await findResource(s, subscriptionId, 'microsoft.containerservice/managedclusters');
    const identity = await s.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'aks-extra', location: 'westeurope' });
    emulator.resetLog();
    await assert.rejects(s.assignments.attachUserAssigned(aks, [identity.id]), invalid);
    assert.deepEqual(emulator.requests.map((r) => r.method), ['GET'], 'read, but no PATCH');
  });

  it('retries a grant while a new principal replicates (PrincipalNotFound), then creates it once', async () => {
    const delayed = await startDemoEmulator({ replicationDelay: { requests: 2 } });
    try {
      const d = servicesFor(delayed);
      const identity = await d.identities.createIdentity({ subscriptionId, resourceGroup: rg, name: 'brand-new', location: 'westeurope' });
      delayed.resetLog();
      const result = await d.roles.grantRole({ scope: `/subscriptions/${subscriptionId}/resourceGroups/${rg}`, principalId: identity.principalId, roleDefinitionId: blobDataReader });
      assert.equal(result.created, true);
      const puts = delayed.requests.filter((r) => r.method === 'PUT');
      assert.deepEqual(puts.map((r) => r.status), [400, 400, 201]);
      assert.ok(puts.every((r) => r.path === puts[0]?.path), 'the same deterministic name each time');
      assert.equal((await d.roles.listAssignmentsForPrincipal(identity.principalId, [subscriptionId])).length, 1);
    } finally {
      await delayed.stop();
    }
  });
});

function assertHas(actual: readonly string[], expected: readonly string[]): void {
  const set = new Set(actual.map((x) => x.toLowerCase()));
  for (const id of expected) assert.ok(set.has(id.toLowerCase()), `${id} in ${actual.join(', ')}`);
}

async function findResource(s: AzureServices, subscriptionId: string, type: string): Promise<string> {
  const { items } = await s.identities.listResourcesWithIdentity(subscriptionId);
  const found = items.find((r) => r.type.toLowerCase() === type);
  assert.ok(found, `a ${type} with an identity in the demo tenant`);
  return found.id;
}

// The Azure layer through the real @azure/arm-* clients against the loopback ARM emulator (demo tenant).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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

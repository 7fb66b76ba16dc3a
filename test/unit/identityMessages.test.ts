import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IdentityDeletionPlan } from '../../src/azure/IdentityDeletion';
import type { ResourceWithIdentity } from '../../src/core/arm/model';
import type { RoleAssignmentInfo } from '../../src/core/arm/roleAssignments';
import { deleteConfirmationMessage, deletionStoppedMessage, describeAssignment, listNames } from '../../src/extension/identities/commands/identityMessages';

const sub = '3f2a9c1e-7b4d-4e8a-9c61-0d5e8f2b1a01';
const identityId = `/subscriptions/${sub}/resourceGroups/rg-shop/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-x`;
const identity = { id: identityId, name: 'id-x', subscriptionId: sub, resourceGroup: 'rg-shop', location: 'westeurope', clientId: '11111111-1111-1111-1111-111111111111', principalId: '22222222-2222-2222-2222-222222222222', tags: {} };

function assignment(n: number, scope: string, roleName?: string): RoleAssignmentInfo {
  return { id: `${scope}/providers/Microsoft.Authorization/roleAssignments/0000000${n}-0000-0000-0000-000000000000`, name: `0000000${n}-0000-0000-0000-000000000000`, scope, roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`, principalId: identity.principalId, ...(roleName ? { roleName } : {}) };
}

function app(name: string): ResourceWithIdentity {
  return { id: `/subscriptions/${sub}/resourceGroups/rg-shop/providers/Microsoft.Web/sites/${name}`, name, subscriptionId: sub, resourceGroup: 'rg-shop', type: 'Microsoft.Web/sites', displayKind: 'App Service', userAssigned: [{ identityId }] };
}

const plan: IdentityDeletionPlan = {
  identity,
  roleAssignments: [
    assignment(1, `/subscriptions/${sub}/resourceGroups/rg-data`, 'Reader'),
    assignment(2, `/subscriptions/${sub}`, 'Contributor'),
    assignment(3, `/subscriptions/${sub}/resourceGroups/rg-shop/providers/Microsoft.KeyVault/vaults/kv-shop`),
  ],
  usedBy: [app('app-y'), app('func-z')],
};

describe('identity command messages', () => {
  it('lists names with "and N more"', () => {
    assert.equal(listNames([]), '');
    assert.equal(listNames(['a']), 'a');
    assert.equal(listNames(['a', 'b']), 'a and b');
    assert.equal(listNames(['a', 'b', 'c', 'd', 'e']), 'a, b, c and 2 more');
  });

  it('describes an assignment as role on scope, with the subscription name when known', () => {
    assert.equal(describeAssignment(plan.roleAssignments[0]), 'Reader on rg-data');
    assert.equal(describeAssignment(plan.roleAssignments[1], new Map([[sub, 'Contoso Production']])), 'Contributor on subscription Contoso Production');
    assert.equal(describeAssignment(plan.roleAssignments[2]), 'acdd72a7-3385-48ef-bd42-f606fba81ae7 on kv-shop');
  });

  it('names the role assignments and the resources in the delete confirmation', () => {
    assert.equal(
      deleteConfirmationMessage(plan),
      `Delete id-x? It has 3 role assignments (Reader on rg-data, Contributor on subscription ${sub} and acdd72a7-3385-48ef-bd42-f606fba81ae7 on kv-shop) and is used by app-y and func-z; it will be detached from them and the role assignments will be removed first.`,
    );
    assert.equal(deleteConfirmationMessage({ identity, roleAssignments: [], usedBy: [] }), 'Delete id-x? It has no role assignments and no resource uses it.');
    assert.equal(deleteConfirmationMessage({ identity, roleAssignments: [], usedBy: [app('app-y')] }), 'Delete id-x? It is used by app-y; it will be detached from it first.');
  });

  it('reports what a stopped deletion did and did not do', () => {
    const message = deletionStoppedMessage(plan, { detachedFrom: [plan.usedBy[0].id.toUpperCase()], removedAssignments: [], deleted: false }, 'The client does not have authorization');
    assert.equal(
      message,
      'Deleting id-x stopped: The client does not have authorization. Done: detached it from app-y. Not done: detaching it from func-z; removing 3 role assignments (Reader on rg-data, Contributor on subscription ' +
        `${sub} and acdd72a7-3385-48ef-bd42-f606fba81ae7 on kv-shop); deleting id-x itself. Run Delete Identity again to finish.`,
    );
    const nothing = deletionStoppedMessage(plan, { detachedFrom: [], removedAssignments: [], deleted: false }, 'boom.');
    assert.match(nothing, /stopped: boom\. Done: nothing\. Not done: detaching it from app-y and func-z;/);
  });
});

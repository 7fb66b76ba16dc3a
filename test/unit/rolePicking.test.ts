// Pure logic behind Grant Role, Grant My Account the Same Roles and Add Federated Credential.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFederatedCredential, suggestFederatedCredentialName } from '../../src/core/arm/federatedCredentialDrafts';
import { buildGitHubActionsCredential } from '../../src/core/arm/federatedCredentials';
import { validateFederatedCredentialName } from '../../src/core/arm/validation';
import { needsBroadGrantWarning, orderRolesForPick, planSameRoles } from '../../src/core/roles/rolePicking';

const sub = '11111111-2222-4333-8444-555555555555';
const storage = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1`;
const defs = [
  { guid: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', roleName: 'Owner' },
  { guid: 'b24988ac-6180-42a0-ab88-20f7382dd24c', roleName: 'Contributor' },
  { guid: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', roleName: 'Reader' },
  { guid: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', roleName: 'Storage Blob Data Reader' },
  { guid: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe', roleName: 'Storage Blob Data Contributor' },
  { guid: '17d1049b-9a84-46fb-8f53-869881c3d3ab', roleName: 'Storage Account Contributor' },
  { guid: '7f951dda-4ed3-4680-a7ca-43fe172d538d', roleName: 'AcrPull' },
];

describe('orderRolesForPick', () => {
  it('puts the least-privilege roles for the resource type first, then every other role by name', () => {
    const entries = orderRolesForPick('Microsoft.Storage/storageAccounts', defs, 'StorageV2');
    const recommended = entries.filter((e) => e.group === 'recommended').map((e) => e.roleName);
    assert.deepEqual(recommended.slice(0, 2), ['Storage Blob Data Reader', 'Storage Blob Data Contributor']);
    assert.ok(!recommended.includes('Storage Account Contributor'), 'a key-listing role is never recommended');
    const others = entries.filter((e) => e.group === 'other').map((e) => e.roleName);
    assert.deepEqual(others, ['AcrPull', 'Contributor', 'Owner', 'Reader', 'Storage Account Contributor']);
    assert.equal(entries.length, defs.length, 'each role once');
    assert.equal(entries.find((e) => e.roleName === 'Owner')?.broad, true);
    assert.equal(entries.find((e) => e.roleName === 'Reader')?.broad, false);
    assert.equal(entries.find((e) => e.roleName === 'Storage Account Contributor')?.exposesKeys, true);
  });

  it('recommends nothing for a scope without a resource type, and uses the catalog without definitions', () => {
    assert.ok(orderRolesForPick(undefined, defs).every((e) => e.group === 'other'));
    const fromCatalog = orderRolesForPick('Microsoft.ContainerRegistry/registries', undefined);
    assert.equal(fromCatalog[0]?.roleName, 'AcrPull');
    assert.ok(fromCatalog.some((e) => e.roleName === 'Owner' && e.group === 'other'));
  });
});

describe('needsBroadGrantWarning', () => {
  it('warns for Owner, Contributor and User Access Administrator at a resource group or above only', () => {
    assert.equal(needsBroadGrantWarning('Owner', `/subscriptions/${sub}`), true);
    assert.equal(needsBroadGrantWarning('b24988ac-6180-42a0-ab88-20f7382dd24c', `/subscriptions/${sub}/resourceGroups/rg`), true);
    assert.equal(needsBroadGrantWarning('18d7d88d-d35e-4fb5-a5c3-7773b4dd8eb9', `/subscriptions/${sub}`), true);
    assert.equal(needsBroadGrantWarning('Owner', storage), false);
    assert.equal(needsBroadGrantWarning('Reader', `/subscriptions/${sub}`), false);
    assert.equal(needsBroadGrantWarning('2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', `/subscriptions/${sub}`), false);
  });
});

describe('planSameRoles', () => {
  it('lists each role and scope of the identity once, marking what the account already holds', () => {
    const identity = [
      { scope: storage, roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`, roleName: 'Storage Blob Data Reader' },
      { scope: storage.toUpperCase().replace('SUBSCRIPTIONS', 'subscriptions'), roleDefinitionId: '2A2B9908-6EA1-4AE2-8E65-A410DF84E7D1' },
      { scope: `/subscriptions/${sub}/resourceGroups/rg`, roleDefinitionId: 'acdd72a7-3385-48ef-bd42-f606fba81ae7' },
      { scope: storage, roleDefinitionId: 'not a role' },
    ];
    const account = [{ scope: `/subscriptions/${sub}/resourcegroups/RG`, roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7` }];
    assert.deepEqual(
      planSameRoles(identity, account).map((p) => [p.roleName, p.alreadyPresent]),
      [
        ['Reader', true],
        ['Storage Blob Data Reader', false],
      ],
    );
  });
});

describe('federated credential drafts', () => {
  it('suggests valid names from GitHub and Kubernetes inputs', () => {
    const names = [
      suggestFederatedCredentialName({ github: { organization: 'contoso', repository: 'shop.web', entity: { kind: 'branch', branch: 'release/1.0' } } }),
      suggestFederatedCredentialName({ github: { organization: 'contoso', repository: 'shop', entity: { kind: 'environment', environment: 'Production EU' } } }),
      suggestFederatedCredentialName({ github: { organization: 'contoso', repository: 'a', entity: { kind: 'pullRequest' } } }),
      suggestFederatedCredentialName({ kubernetes: { issuerUrl: 'https://oidc.example.com/x/', namespace: 'payments', serviceAccount: 'api.v2' } }),
      suggestFederatedCredentialName({ github: { organization: 'c', repository: '_', entity: { kind: 'tag', tag: 'x' } } }),
    ];
    assert.deepEqual(names.slice(0, 4), ['github-shop-web-release-1-0', 'github-shop-env-Production-EU', 'github-a-pull-request', 'k8s-payments-api-v2']);
    for (const name of names) assert.equal(validateFederatedCredentialName(name), name);
  });

  it('describes the trust it creates with issuer, subject and audience', () => {
    const spec = buildGitHubActionsCredential({ organization: 'contoso', repository: 'shop', entity: { kind: 'pullRequest' } });
    assert.match(describeFederatedCredential(spec), /token\.actions\.githubusercontent\.com.*"repo:contoso\/shop:pull_request".*api:\/\/AzureADTokenExchange/);
  });
});

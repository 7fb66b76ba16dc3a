import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeScope, isScopeWithin, isValidResourceGroupName, parseArmId, parseResourceIdOfType, scopeKey, toSdkScope, validateResourceGroupName } from '../../src/core/arm/armId';
import { ToolError } from '../../src/core/errors';

const sub = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const invalid = (e: unknown): boolean => ToolError.is(e, 'invalidInput');

describe('parseArmId', () => {
  it('parses the tenant root, management groups, subscriptions and resource groups', () => {
    assert.deepEqual(parseArmId('/'), { id: '/', kind: 'root' });
    assert.equal(parseArmId('/providers/Microsoft.Management/managementGroups/contoso').managementGroup, 'contoso');
    const s = parseArmId(`/subscriptions/${sub.toUpperCase()}`);
    assert.equal(s.kind, 'subscription');
    assert.equal(s.subscriptionId, sub);
    const rg = parseArmId(`/SUBSCRIPTIONS/${sub}/resourcegroups/My.RG(1)`);
    assert.equal(rg.kind, 'resourceGroup');
    assert.equal(rg.resourceGroup, 'My.RG(1)');
  });

  it('parses resources, nested children and case-insensitive keywords', () => {
    const site = parseArmId(`/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Web/sites/app1`);
    assert.equal(site.kind, 'resource');
    assert.equal(site.resourceType, 'Microsoft.Web/sites');
    assert.equal(site.name, 'app1');
    assert.equal(site.resourceGroup, 'rg');
    assert.equal(site.parentScope?.kind, 'resourceGroup');
    const slot = parseArmId(`subscriptions/${sub}/resourceGroups/rg/PROVIDERS/microsoft.web/sites/app1/slots/staging/`);
    assert.equal(slot.resourceType, 'microsoft.web/sites/slots');
    assert.equal(slot.name, 'staging');
    assert.equal(slot.id, `/subscriptions/${sub}/resourceGroups/rg/PROVIDERS/microsoft.web/sites/app1/slots/staging`);
  });

  it('parses extension resources with the scope they sit on', () => {
    const ra = parseArmId(`/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/data/providers/Microsoft.Authorization/roleAssignments/abc`);
    assert.equal(ra.resourceType, 'Microsoft.Authorization/roleAssignments');
    assert.equal(ra.parentScope?.resourceType, 'Microsoft.Storage/storageAccounts');
    assert.equal(ra.parentScope?.parentScope?.kind, 'resourceGroup');
    const subRole = parseArmId(`/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`);
    assert.equal(subRole.parentScope?.kind, 'subscription');
    assert.equal(subRole.resourceGroup, undefined);
    const rootRole = parseArmId('/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7');
    assert.equal(rootRole.kind, 'resource');
    assert.equal(rootRole.subscriptionId, undefined);
  });

  it('rejects malformed ids with a reason', () => {
    for (const bad of ['', '   ', 'subscriptions/not-a-guid', `/subscriptions/${sub}/resourceGroups`, `/subscriptions/${sub}/resourceGroups/rg./`, `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Web`, `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Web/sites`, `/subscriptions/${sub}/resourceGroups/rg/things/x`, `/subscriptions/${sub}//resourceGroups/rg`, `/subscriptions/${sub}?api-version=1`, '/tenants/x', `/subscriptions/${sub}/resourceGroups/rg/providers/web/sites/a`]) {
      assert.throws(() => parseArmId(bad), invalid, bad);
    }
  });
});

describe('scope helpers', () => {
  it('strips the leading slash for the SDK (the // gotcha)', () => {
    assert.equal(toSdkScope(`/subscriptions/${sub}`), `subscriptions/${sub}`);
    assert.equal(toSdkScope(`//subscriptions/${sub}/`), `subscriptions/${sub}`);
    assert.equal(toSdkScope(`subscriptions/${sub}/resourceGroups/rg`), `subscriptions/${sub}/resourceGroups/rg`);
  });

  it('compares scopes case-insensitively and knows containment', () => {
    assert.equal(scopeKey(`/SUBSCRIPTIONS/${sub.toUpperCase()}/ResourceGroups/RG`), `/subscriptions/${sub}/resourcegroups/rg`);
    assert.ok(isScopeWithin(`/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Web/sites/a`, `/subscriptions/${sub}/RESOURCEGROUPS/rg`));
    assert.ok(!isScopeWithin(`/subscriptions/${sub}/resourceGroups/rg2`, `/subscriptions/${sub}/resourceGroups/rg`));
    assert.ok(isScopeWithin(`/subscriptions/${sub}`, '/'));
  });

  it('describes scopes readably', () => {
    assert.equal(describeScope(`/subscriptions/${sub}`), `subscription ${sub}`);
    assert.equal(describeScope(`/subscriptions/${sub}/resourceGroups/rg`), 'resource group rg');
    assert.equal(describeScope(`/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/data`), 'Microsoft.Storage/storageAccounts data (rg)');
    assert.equal(describeScope('/providers/Microsoft.Management/managementGroups/mg'), 'management group mg');
    assert.equal(describeScope('/'), 'tenant root');
  });

  it('checks the resource type', () => {
    const id = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1`;
    assert.equal(parseResourceIdOfType(id, 'microsoft.managedidentity/USERASSIGNEDIDENTITIES').name, 'id1');
    assert.throws(() => parseResourceIdOfType(`/subscriptions/${sub}/resourceGroups/rg`, 'Microsoft.ManagedIdentity/userAssignedIdentities'), invalid);
  });

  it('validates resource group names', () => {
    for (const ok of ['a', 'rg-1', 'my_rg.(x)', 'rg' + 'x'.repeat(88), 'grüppe']) assert.ok(isValidResourceGroupName(ok), ok);
    for (const bad of ['', 'ends.', 'has space', 'x'.repeat(91), 'a/b', 'a#b']) assert.ok(!isValidResourceGroupName(bad), bad);
    assert.throws(() => validateResourceGroupName('bad name'), invalid);
  });
});

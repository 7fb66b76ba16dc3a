import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identityNameProblem, locationChoices, newResourceGroupProblem } from '../../src/extension/identities/commands/createIdentityInputs';

describe('create identity inputs', () => {
  it('refuses a new resource group name that is invalid or already exists, in any case', () => {
    const existing = new Set(['rg-shop-prod']);
    assert.equal(newResourceGroupProblem('rg-new', existing), undefined);
    assert.match(newResourceGroupProblem('RG-Shop-Prod', existing) ?? '', /^RG-Shop-Prod already exists: pick it from the list instead\.$/);
    assert.match(newResourceGroupProblem('rg.', existing) ?? '', /not a valid resource group name/);
    assert.match(newResourceGroupProblem('', existing) ?? '', /not a valid resource group name/);
  });

  it('refuses an identity name that is invalid or taken in the group', () => {
    const taken = new Set(['id-shop-api']);
    assert.equal(identityNameProblem('id-orders', taken, 'rg-shop-prod'), undefined);
    assert.equal(identityNameProblem('ID-Shop-Api', taken, 'rg-shop-prod'), 'An identity named ID-Shop-Api already exists in rg-shop-prod.');
    assert.match(identityNameProblem('x', taken, 'rg-shop-prod') ?? '', /at least 3 characters/);
    assert.match(identityNameProblem('-abc', taken, 'rg-shop-prod') ?? '', /start with a letter or a digit/);
    assert.match(identityNameProblem('a'.repeat(129), taken, 'rg-shop-prod') ?? '', /at most 128 characters/);
  });

  it('offers the resource group location first, matching a display name', () => {
    const locations = [
      { name: 'eastus', displayName: 'East US' },
      { name: 'westeurope', displayName: 'West Europe' },
    ];
    assert.deepEqual(locationChoices(locations, 'West Europe', 'rg-shop'), [
      { label: 'West Europe', description: 'westeurope · location of rg-shop', location: 'westeurope' },
      { label: 'East US', description: 'eastus', location: 'eastus' },
    ]);
    assert.deepEqual(
      locationChoices(locations, undefined, 'rg-new').map((l) => l.location),
      ['eastus', 'westeurope'],
    );
  });

  it('still offers a group location the subscription does not list', () => {
    const choices = locationChoices([{ name: 'eastus', displayName: 'East US' }], 'Sweden Central', 'rg-x');
    assert.deepEqual(choices[0], { label: 'swedencentral', description: 'location of rg-x', location: 'swedencentral' });
    assert.equal(choices.length, 2);
  });
});

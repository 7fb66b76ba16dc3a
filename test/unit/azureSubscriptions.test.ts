/**
 * SubscriptionService through @azure/arm-resources-subscriptions and @azure/arm-resources against the
 * emulator's demo tenant, and the token claims the explorer reads the signed-in principal from.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { principalOfToken } from '../../src/core/arm/tokenClaims';
import { type ArmEmulator, emulatorCredential } from '../emulator/ArmEmulator';
import { makeToken } from '../emulator/tokens';
import { demoSubscriptions } from '../emulator/seeds/demoTenant';
import { servicesFor, startDemoEmulator } from './azureHarness';

describe('SubscriptionService against the emulator', () => {
  let emulator: ArmEmulator;
  before(async () => {
    emulator = await startDemoEmulator();
  });
  after(async () => {
    await emulator.stop();
  });

  it('lists the enabled subscriptions by name, with their tenant', async () => {
    const subscriptions = await servicesFor(emulator).subscriptions.listSubscriptions();
    assert.deepEqual(subscriptions.map((s) => s.name), ['Contoso Dev', 'Contoso Production', 'Contoso Sandbox']);
    assert.ok(subscriptions.every((s) => /^[0-9a-f-]{36}$/.test(s.tenantId ?? '')));
  });

  it('lists resource groups and physical locations, and creates a group idempotently', async () => {
    const { subscriptions } = servicesFor(emulator);
    const groups = await subscriptions.listResourceGroups(demoSubscriptions.sandbox);
    assert.deepEqual(groups.map((g) => g.name), ['rg-sandbox']);
    const locations = await subscriptions.listLocations(demoSubscriptions.sandbox);
    assert.ok(locations.some((l) => l.name === 'westeurope' && l.displayName === 'West Europe'));
    const first = await subscriptions.ensureResourceGroup(demoSubscriptions.sandbox, 'rg-new', 'westeurope');
    const second = await subscriptions.ensureResourceGroup(demoSubscriptions.sandbox, 'rg-new', 'westeurope');
    assert.equal(first.id.toLowerCase(), second.id.toLowerCase());
    assert.deepEqual((await subscriptions.listResourceGroups(demoSubscriptions.sandbox)).map((g) => g.name), ['rg-new', 'rg-sandbox']);
  });

  it('refuses a bad subscription id or group name before any request', async () => {
    const { subscriptions } = servicesFor(emulator);
    emulator.resetLog();
    await assert.rejects(subscriptions.listResourceGroups('not-a-guid'), /subscription id/i);
    await assert.rejects(subscriptions.ensureResourceGroup(demoSubscriptions.sandbox, 'bad/name', 'westeurope'), /resource group/i);
    assert.equal(emulator.requests.length, 0);
  });
});

describe('principalOfToken', () => {
  it('reads the object id, tenant and kind of a user token', async () => {
    const token = await emulatorCredential({ oid: 'D3E0C0DE-1A2B-4C3D-8E4F-5A6B7C8D9E01' }).getToken('https://management.azure.com/.default');
    const principal = principalOfToken(token?.token ?? '');
    assert.equal(principal?.objectId, 'd3e0c0de-1a2b-4c3d-8e4f-5a6b7c8d9e01');
    assert.equal(principal?.principalType, 'User');
  });

  it('calls an app-only token a service principal, and refuses non-JWTs and tokens without a GUID oid', () => {
    const { token } = makeToken({ aud: 'https://management.azure.com/', oid: '11111111-2222-4333-8444-555555555555', tid: '72f988bf-0000-4000-8000-00000000c0de', appid: 'x' });
    assert.equal(principalOfToken(token)?.principalType, 'ServicePrincipal');
    assert.equal(principalOfToken('abc'), undefined);
    assert.equal(principalOfToken('a.b.c'), undefined);
    const { token: noOid } = makeToken({ aud: 'x', oid: 'not-a-guid', tid: 't' });
    assert.equal(principalOfToken(noOid), undefined);
  });
});

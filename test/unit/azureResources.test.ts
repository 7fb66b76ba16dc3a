// SubscriptionService.listResources (the scope picker of Grant Role) against the emulator's demo tenant.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ArmEmulator } from '../emulator/ArmEmulator';
import { demoSubscriptions } from '../emulator/seeds/demoTenant';
import { servicesFor, startDemoEmulator } from './azureHarness';

describe('SubscriptionService.listResources against the emulator', () => {
  let emulator: ArmEmulator;
  before(async () => {
    emulator = await startDemoEmulator();
  });
  after(async () => {
    await emulator.stop();
  });

  it('lists every resource of a subscription with its type, group and kind, sorted by type then name', async () => {
    const resources = await servicesFor(emulator).subscriptions.listResources(demoSubscriptions.sandbox);
    const storage = resources.find((r) => r.name === 'stplayground01');
    assert.ok(storage, JSON.stringify(resources.map((r) => r.name)));
    assert.equal(storage.type.toLowerCase(), 'microsoft.storage/storageaccounts');
    assert.equal(storage.resourceGroup, 'rg-sandbox');
    assert.equal(storage.kind, 'StorageV2');
    assert.match(storage.id, /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/rg-sandbox\/providers\/Microsoft\.Storage\/storageAccounts\/stplayground01$/i);
    // Resources without an identity are listed too (unlike listResourcesWithIdentity).
    assert.ok(resources.some((r) => r.name === 'vm-playground'));
    const sorted = [...resources].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    assert.deepEqual(resources.map((r) => r.id), sorted.map((r) => r.id));
  });

  it('keeps one resource type when asked, case-insensitively', async () => {
    const storage = await servicesFor(emulator).subscriptions.listResources(demoSubscriptions.production, { resourceType: 'microsoft.storage/STORAGEACCOUNTS' });
    assert.deepEqual(storage.map((r) => r.name).sort(), ['stdatalakeprod', 'stshopprod01']);
  });

  it('refuses a bad subscription id before any request', async () => {
    emulator.resetLog();
    await assert.rejects(servicesFor(emulator).subscriptions.listResources('nope'), /subscription id/i);
    assert.equal(emulator.requests.length, 0);
  });
});

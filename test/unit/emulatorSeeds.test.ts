// The emulator's seeds (the demo tenant and the big-tenant generator) and its standalone entry point.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ResourceManagementClient } from '@azure/arm-resources';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { type ArmEmulator, emulatorCredential, sdkClientOptions, startArmEmulator } from '../emulator/ArmEmulator';
import { parseArgs } from '../emulator/main';
import { rawRequest } from '../emulator/rawRequest';
import { demoDeveloper, demoSubscriptions, demoTenant } from '../emulator/seeds/demoTenant';
import { generateTenant } from '../emulator/seeds/generateTenant';

async function all<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

describe('demo tenant seed', () => {
  let emu: ArmEmulator;
  before(async () => {
    emu = await startArmEmulator({ seed: demoTenant(), tokenEndpoint: false });
  });
  after(async () => {
    await emu.stop();
  });

  it('has the three Contoso subscriptions with resource groups', () => {
    assert.deepEqual(emu.state.subscriptions.map((s) => s.displayName), ['Contoso Production', 'Contoso Dev', 'Contoso Sandbox']);
    assert.ok(emu.state.subscriptions.every((s) => s.resourceGroups.length > 0));
    assert.deepEqual(demoTenant(), demoTenant(), 'deterministic');
  });

  it('is realistic: tagged identities, apps with both identity kinds, federated credentials, 30+ role assignments whose principals exist', async () => {
    assert.ok(emu.state.identities.size >= 12);
    assert.ok([...emu.state.identities.values()].every((i) => Object.keys(i.tags ?? {}).length > 0));
    const fics = [...emu.state.identities.values()].flatMap((i) => [...i.federatedCredentials.values()]);
    assert.ok(fics.some((f) => f.issuer === 'https://token.actions.githubusercontent.com'));
    assert.ok(fics.some((f) => f.subject.startsWith('system:serviceaccount:')));
    assert.ok(emu.state.roleAssignments.size >= 30);
    for (const a of emu.state.roleAssignments.values()) {
      assert.ok(emu.state.principals.has(a.principalId), `principal of ${a.id}`);
      assert.ok(emu.state.roleDefinitions.has(a.roleDefinitionGuid), `role of ${a.id}`);
    }
    assert.ok(emu.state.assignmentsFor(demoDeveloper.principalId).length >= 3, 'the developer has roles to copy');

    const prod = demoSubscriptions.production;
    const res = new ResourceManagementClient(emulatorCredential(), prod, sdkClientOptions(emu));
    const withIdentity = (await all(res.resources.list())).filter((r) => r.identity !== undefined);
    const types = new Set(withIdentity.map((r) => `${r.type}${r.kind?.includes('functionapp') ? ' (function)' : ''}`));
    for (const t of ['Microsoft.Web/sites', 'Microsoft.Web/sites (function)', 'Microsoft.Compute/virtualMachines', 'Microsoft.App/containerApps', 'Microsoft.ContainerService/managedClusters', 'Microsoft.Storage/storageAccounts']) assert.ok(types.has(t), t);
    assert.ok(withIdentity.some((r) => r.identity?.type === 'SystemAssigned, UserAssigned'));
    assert.ok(withIdentity.some((r) => r.identity?.type === 'UserAssigned'));
    assert.ok(withIdentity.some((r) => r.identity?.type === 'SystemAssigned'));

    const auth = new AuthorizationManagementClient(emulatorCredential(), prod, sdkClientOptions(emu));
    const assignments = await all(auth.roleAssignments.listForSubscription());
    assert.ok(assignments.some((a) => a.scope?.includes('/providers/Microsoft.Storage/storageAccounts/')));
    assert.ok(assignments.some((a) => a.scope === `/subscriptions/${prod}`));
    for (const sub of Object.values(demoSubscriptions)) {
      const msi = new ManagedServiceIdentityClient(emulatorCredential(), sub, sdkClientOptions(emu));
      assert.ok((await all(msi.userAssignedIdentities.listBySubscription())).length >= 2, sub);
    }
  });
});

describe('generated tenants', () => {
  const options = { subscriptions: 4, identities: 120, resourcesWithIdentity: 40, roleAssignments: 600, seed: 7 };

  it('are deterministic and have exactly the requested counts', () => {
    const a = generateTenant(options);
    assert.deepEqual(generateTenant(options), a);
    assert.notDeepEqual(generateTenant({ ...options, seed: 8 }).identities?.[0], a.identities?.[0]);
    assert.equal(a.subscriptions.length, 4);
    assert.equal(a.identities?.length, 120);
    assert.equal(a.resources?.filter((r) => r.identity !== undefined).length, 40);
    assert.equal(a.roleAssignments?.length, 600);
    const keys = new Set(a.roleAssignments?.map((r) => `${r.principalId}|${r.roleDefinitionId}|${r.scope.toLowerCase()}`));
    assert.equal(keys.size, 600, 'no duplicate (principal, role, scope)');
  });

  it('load into the emulator and page through the SDK', async () => {
    const emu = await startArmEmulator({ seed: generateTenant(options), tokenEndpoint: false });
    try {
      let identities = 0;
      let assignments = 0;
      let resources = 0;
      for (const s of emu.state.subscriptions) {
        const o = sdkClientOptions(emu);
        identities += (await all(new ManagedServiceIdentityClient(emulatorCredential(), s.subscriptionId, o).userAssignedIdentities.listBySubscription())).length;
        assignments += (await all(new AuthorizationManagementClient(emulatorCredential(), s.subscriptionId, o).roleAssignments.listForSubscription())).length;
        resources += (await all(new ResourceManagementClient(emulatorCredential(), s.subscriptionId, o).resources.list())).filter((r) => r.identity !== undefined).length;
      }
      assert.deepEqual([identities, resources, assignments], [120, 40, 600]);
      assert.ok(emu.counters().byRoute['roleAssignments.listForSubscription'] > 4, 'more than one page per subscription');
    } finally {
      await emu.stop();
    }
  });
});

describe('standalone emulator (main)', () => {
  it('parses its options', () => {
    assert.deepEqual(parseArgs([]), { port: 0, latencyMs: 0, seed: 'demo', failSubscriptions: [], tokenEndpoint: true });
    assert.deepEqual(parseArgs(['--port', '0', '--latency', '50', '--seed', 'big', '--fail-subscription', 'abc', '--fail-subscription', 'def:500', '--no-token-endpoint']), {
      port: 0,
      latencyMs: 50,
      seed: 'big',
      failSubscriptions: [
        { subscriptionId: 'abc', status: 403 },
        { subscriptionId: 'def', status: 500 },
      ],
      tokenEndpoint: false,
    });
    assert.throws(() => parseArgs(['--seed', 'huge']), /--seed/);
    assert.throws(() => parseArgs(['--latency']), /needs a value/);
    assert.throws(() => parseArgs(['--bogus']), /unknown option/);
  });

  it('prints one JSON line, writes the CA file, fails the named subscription, and stops on SIGTERM', async () => {
    const main = join(__dirname, '..', 'emulator', 'main.js');
    const child = spawn(process.execPath, [main, '--fail-subscription', demoSubscriptions.dev], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const info = JSON.parse(line) as { endpoint: string; caFile: string; tokenEndpoint: string; tokenHeader: string; controlSecret: string; subscriptions: { subscriptionId: string; displayName: string }[] };
      assert.match(info.endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.match(info.tokenEndpoint, /^http:\/\/127\.0\.0\.1:\d+\/msi\/token$/);
      assert.ok(info.tokenHeader.length >= 32);
      assert.deepEqual(info.subscriptions.map((s) => s.displayName), ['Contoso Production', 'Contoso Dev', 'Contoso Sandbox']);
      const ca = readFileSync(info.caFile, 'utf8');
      const options = { ...sdkClientOptions({ endpoint: info.endpoint, caPem: ca }), retryOptions: { maxRetries: 0 } };
      assert.ok((await all(new ManagedServiceIdentityClient(emulatorCredential(), demoSubscriptions.production, options).userAssignedIdentities.listBySubscription())).length > 0);
      await assert.rejects(all(new ManagedServiceIdentityClient(emulatorCredential(), demoSubscriptions.dev, options).userAssignedIdentities.listBySubscription()), (e: { statusCode?: number; code?: string }) => e.statusCode === 403 && e.code === 'AuthorizationFailed');

      // The control API: faults and the request log from another process.
      const target = { endpoint: info.endpoint, caPem: ca };
      const control = { 'x-emulator-control': info.controlSecret, 'content-type': 'application/json' };
      assert.equal((await rawRequest(target, 'GET', '/__emulator/requests')).status, 401, 'needs the secret');
      const logged = JSON.parse((await rawRequest(target, 'GET', '/__emulator/requests', control)).body) as { route: string; status: number }[];
      assert.deepEqual(logged.map((r) => [r.route, r.status]), [['userAssignedIdentities.listBySubscription', 200], ['userAssignedIdentities.listBySubscription', 403]]);
      const rule = { match: { subscriptionId: demoSubscriptions.production, pathPattern: 'userassignedidentities$' }, fault: { kind: 'status', status: 503, code: 'ServiceUnavailable' }, times: 1 };
      assert.equal((await rawRequest(target, 'POST', '/__emulator/faults', control, JSON.stringify(rule))).status, 201);
      await assert.rejects(all(new ManagedServiceIdentityClient(emulatorCredential(), demoSubscriptions.production, options).userAssignedIdentities.listBySubscription()), (e: { statusCode?: number }) => e.statusCode === 503);
      assert.equal((await rawRequest(target, 'DELETE', '/__emulator/faults', control)).status, 204);
      assert.equal((await rawRequest(target, 'DELETE', '/__emulator/requests', control)).status, 204);
      assert.equal((JSON.parse((await rawRequest(target, 'GET', '/__emulator/counters', control)).body) as { total: number }).total, 0);
      assert.equal((await rawRequest(target, 'POST', '/__emulator/faults', control, '{"match":{}}')).status, 400);

      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.equal(existsSync(info.caFile), false, 'the temporary CA file is removed');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

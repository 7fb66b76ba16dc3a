// The tenant model loader against the emulator: request budget, partial results, faults, cancellation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SubscriptionModel, SubscriptionModelOk, TenantModel } from '../../src/core/arm/model';
import { isCancellationError } from '../../src/core/cancellation';
import { ToolError } from '../../src/core/errors';

import { createRequire } from 'node:module';
// ---- emulator harness (the emulator lives in test/emulator; until it is there these suites skip) ----
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenCredential } from '@azure/identity';
import { ArmClients } from '../../src/azure/ArmClients';
import type { AzureEnvironment } from '../../src/azure/AzureEnvironment';
import { IdentityService } from '../../src/azure/IdentityService';
import { RoleService } from '../../src/azure/RoleService';
import { AssignmentService } from '../../src/azure/AssignmentService';
import { TenantModelLoader } from '../../src/azure/TenantModelLoader';

/** The part of the emulator's API these tests use. */
interface ArmEmulator {
  readonly endpoint: string;
  readonly caPem: string;
  readonly tokenEndpoint?: { url: string; header: string };
  readonly state: { subscriptions: { subscriptionId: string; resourceGroups: { name: string }[] }[] };
  readonly faults: { add(rule: unknown): void; clear(): void };
  readonly requests: { method: string; path: string; status?: number }[];
  counters(): { total: number; byRoute: Record<string, number>; bySubscription: Record<string, number> };
  resetLog(): void;
  stop(): Promise<void>;
}
interface EmulatorModule {
  startArmEmulator(options?: { seed?: unknown; latencyMs?: number; tokenEndpoint?: boolean }): Promise<ArmEmulator>;
  emulatorCredential(): TokenCredential;
  sdkClientOptions(emulator: ArmEmulator): { endpoint: string; credentialScopes: string[]; tlsOptions: { ca: string } };
}
interface SeedsModule {
  generateTenant(options: { subscriptions: number; identities: number; resourcesWithIdentity: number; roleAssignments: number; seed: number }): unknown;
}
function loadTestModule<T>(relative: string): T | undefined {
  const path = join(__dirname, relative);
  if (!existsSync(path + '.js') && !existsSync(join(path, 'index.js'))) return undefined;
  return createRequire(__filename)(path) as T;
}
const emulatorModule = loadTestModule<EmulatorModule>('../emulator/ArmEmulator');
const seedsModule = loadTestModule<SeedsModule>('../emulator/seeds');
const skipWithoutEmulator = emulatorModule === undefined ? 'the ARM emulator (test/emulator) is not built' : false;
function emulator_(): EmulatorModule {
  if (emulatorModule === undefined) throw new Error('no emulator');
  return emulatorModule;
}
const startArmEmulator = (options?: Parameters<EmulatorModule['startArmEmulator']>[0]): Promise<ArmEmulator> => emulator_().startArmEmulator(options);

function environmentFor(emulator: ArmEmulator, maxRetries = 3): AzureEnvironment {
  const options = emulator_().sdkClientOptions(emulator);
  return {
    resourceManagerEndpoint: options.endpoint,
    credentialScopes: options.credentialScopes,
    tlsCa: options.tlsOptions.ca,
    retryOptions: { maxRetries, retryDelayInMs: 10, maxRetryDelayInMs: 100 },
  };
}

function servicesFor(emulator: ArmEmulator, maxRetries = 3) {
  const clients = new ArmClients(emulator_().emulatorCredential(), environmentFor(emulator, maxRetries));
  const identities = new IdentityService(clients);
  const roles = new RoleService(clients, undefined, { principalNotFoundBackoff: { initialDelayMs: 5, maxDelayMs: 20, maxRetries: 5 } });
  const assignments = new AssignmentService(clients);
  return { clients, identities, roles, assignments, loader: new TenantModelLoader(identities, roles, { concurrency: 4 }) };
}
// ---- end of harness ----

const generateTenant = (options: Parameters<SeedsModule['generateTenant']>[0]): unknown => {
  if (seedsModule === undefined) throw new Error('no seeds');
  return seedsModule.generateTenant(options);
};

const seedOptions = { subscriptions: 4, identities: 120, resourcesWithIdentity: 40, roleAssignments: 600, seed: 7 };

function ok(model: TenantModel): SubscriptionModelOk[] {
  return model.subscriptions.filter((s): s is SubscriptionModelOk => s.status === 'ok');
}

/** A comparable digest of a model: ids, principals, assignments and role names. */
function digest(model: TenantModel): unknown {
  return model.subscriptions.map((s: SubscriptionModel) =>
    s.status !== 'ok'
      ? { id: s.subscriptionId, error: s.error.reason }
      : {
          id: s.subscriptionId,
          identities: s.identities.map((i) => `${i.id.toLowerCase()}|${i.principalId}`).sort(),
          resources: s.resources.map((r) => `${r.id.toLowerCase()}|${r.systemAssignedPrincipalId ?? ''}|${r.userAssigned.map((u) => u.identityId.toLowerCase()).sort().join(',')}`).sort(),
          assignments: [...s.roleAssignmentsByPrincipal.values()].flat().map((a) => `${a.id.toLowerCase()}|${a.roleName ?? '?'}`).sort(),
        },
  );
}

describe('TenantModelLoader against a generated tenant', { skip: skipWithoutEmulator }, () => {
  let emulator: ArmEmulator;
  let subscriptionIds: string[];
  let baseline: TenantModel;

  before(async () => {
    emulator = await startArmEmulator({ seed: generateTenant(seedOptions) });
    subscriptionIds = emulator.state.subscriptions.map((s) => s.subscriptionId);
    baseline = await servicesFor(emulator).loader.load(subscriptionIds);
  });
  after(async () => {
    await emulator?.stop();
  });

  it('loads every subscription completely, with role names', () => {
    const subs = ok(baseline);
    assert.equal(subs.length, seedOptions.subscriptions);
    assert.equal(subs.reduce((n, s) => n + s.identities.length, 0), seedOptions.identities);
    assert.equal(subs.reduce((n, s) => n + s.resources.length, 0), seedOptions.resourcesWithIdentity);
    const assignments = subs.flatMap((s) => [...s.roleAssignmentsByPrincipal.values()].flat());
    assert.ok(assignments.length >= seedOptions.roleAssignments, `${assignments.length} assignments`);
    assert.ok(assignments.every((a) => a.roleName !== undefined), 'every role name resolved');
  });

  it('makes at most 2 + pages requests per subscription and ≥10× fewer than per-identity listing', async () => {
    const s = servicesFor(emulator);
    emulator.resetLog();
    const progress: string[] = [];
    await s.loader.load(subscriptionIds, { onProgress: (p) => progress.push(`${p.completed}/${p.total}`) });
    assert.deepEqual(progress, subscriptionIds.map((_, i) => `${i + 1}/${subscriptionIds.length}`));
    const listRequests = emulator.requests.filter((r) => r.method === 'GET');
    for (const sub of subscriptionIds) {
      const mine = listRequests.filter((r) => r.path.toLowerCase().includes(`/subscriptions/${sub}`));
      const roleDefinitionLists = mine.filter((r) => /roleDefinitions/i.test(r.path)).length;
      const pages = mine.length - roleDefinitionLists;
      assert.ok(roleDefinitionLists <= 2, `${sub}: ${roleDefinitionLists} role definition lists`);
      assert.ok(mine.length <= pages + 2, `${sub}: ${mine.length} requests for ${pages} pages`);
    }
    const ours = emulator.requests.length;

    // The naive strategy: one filtered listing per principal.
    emulator.resetLog();
    for (const sub of ok(baseline)) {
      const principals = [...sub.identities.map((i) => i.principalId), ...sub.resources.flatMap((r) => (r.systemAssignedPrincipalId !== undefined ? [r.systemAssignedPrincipalId] : []))];
      await s.identities.listUserAssignedIdentities(sub.subscriptionId);
      await s.identities.listResourcesWithIdentity(sub.subscriptionId);
      for (const principal of principals) await s.roles.listAssignmentsForPrincipal(principal, [sub.subscriptionId]);
    }
    const naive = emulator.requests.length;
    assert.ok(naive >= ours * 10, `naive ${naive} vs ours ${ours}`);
  });

  it('still loads the complete model when 20% of requests are answered 429 or 503', async () => {
    emulator.faults.add({ match: {}, fault: { kind: 'status', status: 429, retryAfterSeconds: 0 }, probability: 0.1 });
    emulator.faults.add({ match: {}, fault: { kind: 'status', status: 503 }, probability: 0.1 });
    try {
      emulator.resetLog();
      const model = await servicesFor(emulator, 12).loader.load(subscriptionIds);
      const statuses = emulator.requests.map((r) => r.status);
      assert.ok(statuses.some((st) => st === 429 || st === 503), 'faults were injected');
      assert.deepEqual(digest(model), digest(baseline));
    } finally {
      emulator.faults.clear();
    }
  });

  it('reports a failing subscription and loads the others completely', async () => {
    const broken = subscriptionIds[1];
    emulator.faults.add({ match: { subscriptionId: broken }, fault: { kind: 'status', status: 500, code: 'InternalServerError', message: 'Boom.' } });
    try {
      const model = await servicesFor(emulator, 1).loader.load(subscriptionIds);
      const failed = model.subscriptions.find((x) => x.subscriptionId === broken);
      assert.equal(failed?.status, 'error');
      assert.ok(failed?.status === 'error' && ToolError.is(failed.error, 'unavailable'));
      const others = digest({ subscriptions: model.subscriptions.filter((x) => x.subscriptionId !== broken) });
      assert.deepEqual(others, digest({ subscriptions: baseline.subscriptions.filter((x) => x.subscriptionId !== broken) }));
    } finally {
      emulator.faults.clear();
    }
  });

  it('maps a forbidden subscription to a forbidden error for it alone', async () => {
    const denied = subscriptionIds[0];
    emulator.faults.add({ match: { subscriptionId: denied }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'No access.' } });
    try {
      const model = await servicesFor(emulator).loader.load(subscriptionIds);
      const failed = model.subscriptions.find((x) => x.subscriptionId === denied);
      assert.ok(failed?.status === 'error' && ToolError.is(failed.error, 'forbidden'));
      assert.equal(ok(model).length, subscriptionIds.length - 1);
    } finally {
      emulator.faults.clear();
    }
  });

  it('stops on cancellation mid-load: CancellationError and no further requests', async () => {
    const slow = await startArmEmulator({ seed: generateTenant(seedOptions), latencyMs: 30 });
    try {
      const controller = new AbortController();
      const pending = servicesFor(slow).loader.load(slow.state.subscriptions.map((x) => x.subscriptionId), { signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 45));
      controller.abort();
      await assert.rejects(pending, (e) => isCancellationError(e));
      const atAbort = slow.counters().total;
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(slow.counters().total, atAbort, 'no request after cancellation');
      assert.ok(atAbort < 20, `${atAbort} requests before the abort`);
    } finally {
      await slow.stop();
    }
  });
});

// The tenant model loader against the emulator: request budget, paging, partial results, faults, cancellation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TenantModel } from '../../src/core/arm/model';
import { isCancellationError } from '../../src/core/cancellation';
import { ToolError } from '../../src/core/errors';
import { type ArmEmulator, startArmEmulator } from '../emulator/ArmEmulator';
import type { TenantSeed } from '../emulator/EmulatorState';
import { generateTenant } from '../emulator/seeds/generateTenant';
import { digest, okSubscriptions as ok, servicesFor } from './azureHarness';

const seedOptions = { subscriptions: 4, identities: 120, resourcesWithIdentity: 40, roleAssignments: 600, seed: 7 };
/** Big enough that each list fits one page, as role assignment lists of this size do in ARM. */
const pageSize = 1000;

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The role assignments ARM lists for a subscription: at it, below it, and above it. */
function assignmentsVisibleIn(emulator: ArmEmulator, subscriptionId: string): number {
  const prefix = `/subscriptions/${subscriptionId}`;
  return [...emulator.state.roleAssignments.values()].filter((a) => a.scope === '/' || a.scope.toLowerCase() === prefix || a.scope.toLowerCase().startsWith(`${prefix}/`)).length;
}

/** Pages of each list the loader reads for a subscription at `size` items per page. */
function expectedPages(emulator: ArmEmulator, subscriptionId: string, size: number): Record<string, number> {
  const identities = [...emulator.state.identities.values()].filter((i) => i.subscriptionId === subscriptionId).length;
  const resources = [...emulator.state.resources.values()].filter((r) => r.subscriptionId === subscriptionId).length;
  const pages = (n: number): number => Math.max(1, Math.ceil(n / size));
  return {
    'userAssignedIdentities.listBySubscription': pages(identities),
    // The generic list has the identities too.
    'resources.list': pages(resources + identities),
    'roleAssignments.listForSubscription': pages(assignmentsVisibleIn(emulator, subscriptionId)),
  };
}

/** Requests per route for one subscription, from the emulator's log. */
function routesOf(emulator: ArmEmulator, subscriptionId: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of emulator.requests) if (r.subscriptionId === subscriptionId) out[r.route] = (out[r.route] ?? 0) + 1;
  return out;
}

function assertWithinBudget(emulator: ArmEmulator, subscriptionIds: readonly string[], size: number): void {
  let builtInLists = 0;
  for (const sub of subscriptionIds) {
    const routes = routesOf(emulator, sub);
    const { 'roleDefinitions.list': roleDefinitionLists = 0, ...lists } = routes;
    const pages = expectedPages(emulator, sub, size);
    assert.deepEqual(lists, pages, `${sub}: one request per page of the three lists`);
    assert.ok(roleDefinitionLists <= 2, `${sub}: ${roleDefinitionLists} role definition lists`);
    const total = Object.values(routes).reduce((a, b) => a + b, 0);
    const pageCount = Object.values(pages).reduce((a, b) => a + b, 0);
    assert.ok(total <= pageCount + 2, `${sub}: ${total} requests for ${pageCount} pages`);
    builtInLists += emulator.requests.filter((r) => r.subscriptionId === sub && r.route === 'roleDefinitions.list' && /BuiltInRole/i.test(decodeURIComponent(r.query))).length;
  }
  assert.equal(builtInLists, 1, 'built-in roles are listed once for the whole load');
  assert.ok(emulator.requests.every((r) => r.status === 200), 'no failed request');
}

describe('TenantModelLoader against a generated tenant', () => {
  let seed: TenantSeed;
  let emulator: ArmEmulator;
  let subscriptionIds: string[];
  let baseline: TenantModel;

  before(async () => {
    seed = generateTenant(seedOptions);
    emulator = await startArmEmulator({ seed, pageSize, tokenEndpoint: false });
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
    assert.equal(assignments.length, seedOptions.roleAssignments);
    assert.ok(assignments.every((a) => a.roleName !== undefined), 'every role name resolved');
    for (const sub of subs) {
      for (const [principal, list] of sub.roleAssignmentsByPrincipal) assert.ok(list.every((a) => a.principalId === principal), 'grouped by principal');
    }
  });

  it('makes at most 2 + pages requests per subscription and ≥10× fewer than per-identity listing', async () => {
    const s = servicesFor(emulator);
    emulator.resetLog();
    const progress: string[] = [];
    await s.loader.load(subscriptionIds, { onProgress: (p) => progress.push(`${p.completed}/${p.total}`) });
    assert.deepEqual(progress, subscriptionIds.map((_, i) => `${i + 1}/${subscriptionIds.length}`));
    assertWithinBudget(emulator, subscriptionIds, pageSize);
    const ours = emulator.requests.length;

    // The naive strategy: the same two lists, then one filtered role assignment listing per principal.
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

  it('reads long lists page by page within the same budget, and gets the same model', async () => {
    const small = await startArmEmulator({ seed, pageSize: 40, tokenEndpoint: false });
    try {
      const model = await servicesFor(small).loader.load(subscriptionIds);
      assertWithinBudget(small, subscriptionIds, 40);
      assert.ok(small.requests.some((r) => /skiptoken/i.test(r.query)), 'followed nextLinks');
      assert.deepEqual(digest(model), digest(baseline));
    } finally {
      await small.stop();
    }
  });

  it('goes on from the failed page when a page fails beyond the SDK retries', async () => {
    const small = await startArmEmulator({ seed, pageSize: 40, tokenEndpoint: false });
    const sub = subscriptionIds[0];
    // maxRetries 3: four attempts at the second page all fail, the SDK gives up, the loader tries again.
    small.faults.add({ match: { subscriptionId: sub, pathPattern: 'roleAssignments', queryPattern: 'skiptoken' }, fault: { kind: 'status', status: 503 }, times: 4 });
    try {
      const model = await servicesFor(small, { maxRetries: 3 }).loader.load(subscriptionIds);
      assert.deepEqual(digest(model), digest(baseline));
      const pages = small.requests.filter((r) => r.subscriptionId === sub && r.route === 'roleAssignments.listForSubscription');
      assert.equal(pages.filter((r) => !/skiptoken/i.test(r.query)).length, 1, 'the first page is not read again');
      assert.deepEqual(pages.slice(0, 6).map((r) => r.status), [200, 503, 503, 503, 503, 200]);
      assert.equal(pages[5]?.query, pages[1]?.query, 'the failed page is asked for again');
    } finally {
      await small.stop();
    }
  });

  it('still loads the complete model when 20% of requests are answered 429 or 503', async () => {
    // 10% 429, and 10% of all requests 503 (the second rule sees the 90% the first one let through).
    emulator.faults.add({ match: {}, fault: { kind: 'status', status: 429, retryAfterMs: 1 }, probability: 0.1 });
    emulator.faults.add({ match: {}, fault: { kind: 'status', status: 503 }, probability: 0.1 / 0.9 });
    try {
      let faulted = 0;
      let total = 0;
      for (let round = 0; round < 3; round++) {
        emulator.resetLog();
        const model = await servicesFor(emulator).loader.load(subscriptionIds);
        assert.deepEqual(digest(model), digest(baseline), `round ${round}`);
        total += emulator.requests.length;
        faulted += emulator.requests.filter((r) => r.status === 429 || r.status === 503).length;
      }
      assert.ok(faulted >= total * 0.1, `${faulted} of ${total} requests faulted`);
    } finally {
      emulator.faults.clear();
    }
  });

  it('reports a failing subscription and loads the others completely', async () => {
    const broken = subscriptionIds[1];
    emulator.faults.add({ match: { subscriptionId: broken }, fault: { kind: 'status', status: 500, code: 'InternalServerError', message: 'Boom.' } });
    try {
      const model = await servicesFor(emulator, { maxRetries: 1 }).loader.load(subscriptionIds);
      const failed = model.subscriptions.find((x) => x.subscriptionId === broken);
      assert.ok(failed?.status === 'error' && ToolError.is(failed.error, 'unavailable'), JSON.stringify(failed));
      assert.match(failed.error.message, /Boom/);
      const others = digest({ subscriptions: model.subscriptions.filter((x) => x.subscriptionId !== broken) });
      assert.deepEqual(others, digest({ subscriptions: baseline.subscriptions.filter((x) => x.subscriptionId !== broken) }));
    } finally {
      emulator.faults.clear();
    }
  });

  it('maps a forbidden subscription to a forbidden error for it alone, without retrying it', async () => {
    const denied = subscriptionIds[0];
    emulator.faults.add({ match: { subscriptionId: denied }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'No access.' } });
    try {
      emulator.resetLog();
      const model = await servicesFor(emulator).loader.load(subscriptionIds);
      const failed = model.subscriptions.find((x) => x.subscriptionId === denied);
      assert.ok(failed?.status === 'error' && ToolError.is(failed.error, 'forbidden'));
      assert.equal(ok(model).length, subscriptionIds.length - 1);
      assert.ok(emulator.requests.filter((r) => r.subscriptionId === denied).length <= 3, 'at most one attempt per list');
    } finally {
      emulator.faults.clear();
    }
  });

  it('stops between subscriptions on cancellation: CancellationError, and not one request more', async () => {
    const controller = new AbortController();
    emulator.resetLog();
    const pending = servicesFor(emulator, { concurrency: 1 }).loader.load(subscriptionIds, { signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(pending, (e) => isCancellationError(e));
    const first = subscriptionIds[0];
    const pages = Object.values(expectedPages(emulator, first, pageSize)).reduce((a, b) => a + b, 0);
    // The first subscription's list pages and the one built-in role list, nothing from the others.
    assert.deepEqual(
      emulator.requests.map((r) => r.subscriptionId),
      Array.from({ length: pages + 1 }, () => first),
    );
    await tick(50);
    assert.equal(emulator.requests.length, pages + 1, 'no request after cancellation');
  });

  it('a load cancelled while role names are read does not fail the load that replaces it', async () => {
    // The built-in role list is shared by every load of one RoleService, as a tree refresh keeps it.
    emulator.faults.add({ match: { pathPattern: 'roleDefinitions' }, fault: { kind: 'latency', ms: 150 }, times: 1 });
    try {
      const s = servicesFor(emulator);
      const first = new AbortController();
      emulator.resetLog();
      const cancelled = s.loader.load(subscriptionIds, { signal: first.signal });
      const listing = (): boolean => emulator.requests.some((r) => r.route === 'roleDefinitions.list');
      for (let i = 0; i < 400 && !listing(); i++) await tick(2);
      assert.ok(listing(), 'the built-in role list is in flight');
      first.abort();
      const replacement = s.loader.load(subscriptionIds);
      await assert.rejects(cancelled, (e) => isCancellationError(e));
      assert.deepEqual(digest(await replacement), digest(baseline));
      assert.equal(emulator.requests.filter((r) => r.route === 'roleDefinitions.list').length, 1, 'the replacement used the same list');
    } finally {
      emulator.faults.clear();
    }
  });

  it('abandons requests in flight on cancellation', async () => {
    // Role assignment lists answer slowly; cancel while all of them are outstanding.
    emulator.faults.add({ match: { pathPattern: 'roleAssignments' }, fault: { kind: 'latency', ms: 300 } });
    try {
      const controller = new AbortController();
      emulator.resetLog();
      const pending = servicesFor(emulator).loader.load(subscriptionIds, { signal: controller.signal });
      const outstanding = (): number => emulator.requests.filter((r) => r.route === 'roleAssignments.listForSubscription').length;
      for (let i = 0; i < 400 && outstanding() < subscriptionIds.length; i++) await tick(5);
      assert.equal(outstanding(), subscriptionIds.length, 'every role assignment list is outstanding');
      controller.abort();
      // Were the slow responses awaited, the load would finish with a full model instead.
      await assert.rejects(pending, (e) => isCancellationError(e));
      const atAbort = emulator.requests.length;
      await tick(400);
      assert.equal(emulator.requests.length, atAbort, 'no request after cancellation');
      assert.ok(emulator.requests.every((r) => r.route !== 'roleDefinitions.list'), 'role names were never looked up');
    } finally {
      emulator.faults.clear();
    }
  });
});

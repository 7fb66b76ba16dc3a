// The emulator's fault injection, latency, request log and counters, seen through the real SDK clients
// and their retry policies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { type ArmEmulator, emulatorCredential, sdkClientOptions, startArmEmulator } from '../emulator/ArmEmulator';
import { demoSubscriptions, demoTenant } from '../emulator/seeds/demoTenant';

type Rest = { statusCode?: number; code?: string };

async function all<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

describe('ARM emulator faults and latency', () => {
  let emu: ArmEmulator;
  const prod = demoSubscriptions.production;
  const dev = demoSubscriptions.dev;
  const msiFor = (sub: string, maxRetries = 3): ManagedServiceIdentityClient =>
    new ManagedServiceIdentityClient(emulatorCredential(), sub, { ...sdkClientOptions(emu), retryOptions: { maxRetries, retryDelayInMs: 10, maxRetryDelayInMs: 50 } });

  before(async () => {
    emu = await startArmEmulator({ seed: demoTenant(), tokenEndpoint: false });
  });
  after(async () => {
    await emu.stop();
  });

  it('answers 429 with retry-after-ms and Retry-After; the SDK waits and retries until it succeeds', async () => {
    emu.faults.add({ match: { method: 'GET', pathPattern: /userAssignedIdentities$/ }, fault: { kind: 'status', status: 429, retryAfterMs: 20 }, times: 2 });
    emu.resetLog();
    const started = performance.now();
    const list = await all(msiFor(prod).userAssignedIdentities.listBySubscription());
    assert.ok(list.length > 0);
    assert.ok(performance.now() - started >= 40, 'waited the announced 2 × 20 ms');
    assert.deepEqual(emu.requests.map((r) => [r.status, r.fault]), [[429, 'status:429'], [429, 'status:429'], [200, undefined]]);
    emu.faults.clear();
  });

  it('sends a TooManyRequests body, and a 429 without retry metadata still carries Retry-After', async () => {
    emu.faults.add({ match: {}, fault: { kind: 'status', status: 429, retryAfterSeconds: 0 }, times: 1 });
    emu.faults.add({ match: {}, fault: { kind: 'status', status: 429, code: 'SubscriptionRequestsThrottled', message: 'Number of read requests for subscription exceeded the limit.', retryAfterMs: 5 }, times: 4 });
    await assert.rejects(all(msiFor(prod, 3).userAssignedIdentities.listBySubscription()), (e: Rest) => e.statusCode === 429 && e.code === 'SubscriptionRequestsThrottled');
    emu.faults.clear();
  });

  it('retries 503 and 500 with the exponential policy', async () => {
    emu.faults.add({ match: { pathPattern: 'userAssignedIdentities' }, fault: { kind: 'status', status: 503 }, times: 1 });
    emu.faults.add({ match: { pathPattern: 'userAssignedIdentities' }, fault: { kind: 'status', status: 500 }, times: 1 });
    emu.resetLog();
    await all(msiFor(prod).userAssignedIdentities.listBySubscription());
    assert.deepEqual(emu.requests.map((r) => r.status), [503, 500, 200]);
    emu.faults.clear();
  });

  it('drops the connection without a response; the SDK retries the network error', async () => {
    emu.faults.add({ match: { method: 'GET' }, fault: { kind: 'drop' }, times: 1 });
    emu.resetLog();
    const list = await all(msiFor(prod).userAssignedIdentities.listBySubscription());
    assert.ok(list.length > 0);
    assert.deepEqual(emu.requests.map((r) => [r.fault, r.status]), [['drop', undefined], [undefined, 200]]);
    emu.faults.clear();
  });

  it('respects `times`, and matches by subscription', async () => {
    emu.faults.add({ match: { subscriptionId: dev.toUpperCase() }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'No access to Contoso Dev.' }, times: 2 });
    await assert.rejects(all(msiFor(dev).userAssignedIdentities.listBySubscription()), (e: Rest) => e.statusCode === 403 && e.code === 'AuthorizationFailed');
    assert.ok((await all(msiFor(prod).userAssignedIdentities.listBySubscription())).length > 0, 'other subscriptions unaffected');
    await assert.rejects(all(msiFor(dev).userAssignedIdentities.listBySubscription()), (e: Rest) => e.statusCode === 403);
    assert.ok((await all(msiFor(dev).userAssignedIdentities.listBySubscription())).length > 0, 'after two, the rule is spent');
    emu.faults.clear();
  });

  it('makes probabilistic faults deterministic for a given random seed', async () => {
    const pattern = async (): Promise<(number | undefined)[]> => {
      const e = await startArmEmulator({ seed: demoTenant(), tokenEndpoint: false, randomSeed: 7, faults: [{ match: {}, fault: { kind: 'status', status: 500 }, probability: 0.5 }] });
      try {
        const client = new ManagedServiceIdentityClient(emulatorCredential(), prod, { ...sdkClientOptions(e), retryOptions: { maxRetries: 0 } });
        for (let i = 0; i < 12; i++) await client.userAssignedIdentities.get('rg-shop-prod', 'id-shop-api').catch(() => undefined);
        return e.requests.map((r) => r.status);
      } finally {
        await e.stop();
      }
    };
    const first = await pattern();
    assert.deepEqual(await pattern(), first);
    assert.ok(first.includes(500) && first.includes(200), first.join(','));
  });

  it('adds latency to every response, and per-route latency through a fault rule', async () => {
    const slow = await startArmEmulator({ tokenEndpoint: false, latencyMs: 30 });
    try {
      const client = new ManagedServiceIdentityClient(emulatorCredential(), slow.state.subscriptions[0].subscriptionId, sdkClientOptions(slow));
      await all(client.userAssignedIdentities.listBySubscription());
      assert.ok(slow.requests[0].durationMs >= 29, `${slow.requests[0].durationMs} ms`);
      slow.faults.add({ match: { pathPattern: /resourceGroups\/rg-default\// }, fault: { kind: 'latency', ms: 40 } });
      slow.resetLog();
      await all(client.userAssignedIdentities.listByResourceGroup('rg-default'));
      await all(client.userAssignedIdentities.listBySubscription());
      assert.ok(slow.requests[0].durationMs >= 69, `route latency adds up: ${slow.requests[0].durationMs} ms`);
      assert.ok(slow.requests[1].durationMs < 69, 'other routes only the base latency');
    } finally {
      await slow.stop();
    }
  });

  it('writes a slow body in small chunks over time', async () => {
    emu.faults.add({ match: { pathPattern: 'userAssignedIdentities' }, fault: { kind: 'slowBody', bytesPerSecond: 20_000 }, times: 1 });
    emu.resetLog();
    const started = performance.now();
    const list = await all(msiFor(prod).userAssignedIdentities.listBySubscription());
    const elapsed = performance.now() - started;
    const bytes = JSON.stringify(list).length;
    assert.ok(bytes > 2000);
    assert.ok(elapsed >= 50, `${Math.round(elapsed)} ms for ~${bytes} bytes at 20 kB/s`);
    assert.equal(emu.requests[0].fault, 'slowBody');
    emu.faults.clear();
  });

  it('matches a rule by query string: every page of a list but the first', async () => {
    const paged = await startArmEmulator({ seed: demoTenant(), tokenEndpoint: false, pageSize: 2 });
    try {
      paged.faults.add({ match: { pathPattern: 'roleAssignments', queryPattern: 'skiptoken' }, fault: { kind: 'status', status: 503 }, times: 1 });
      const auth = new AuthorizationManagementClient(emulatorCredential(), prod, sdkClientOptions(paged));
      await all(auth.roleAssignments.listForSubscription());
      assert.deepEqual(paged.requests.slice(0, 3).map((r) => [/skiptoken/i.test(r.query), r.status]), [[false, 200], [true, 503], [true, 200]]);
    } finally {
      await paged.stop();
    }
  });

  it('logs the route of a request while it is still being answered', async () => {
    emu.faults.add({ match: { pathPattern: 'userAssignedIdentities' }, fault: { kind: 'latency', ms: 100 }, times: 1 });
    emu.resetLog();
    const pending = all(msiFor(prod).userAssignedIdentities.listBySubscription());
    for (let i = 0; i < 100 && emu.requests.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    assert.deepEqual(emu.requests.map((r) => [r.route, r.status]), [['userAssignedIdentities.listBySubscription', undefined]]);
    await pending;
    assert.equal(emu.requests[0].status, 200);
    emu.faults.clear();
  });

  it('counts requests by route and subscription, and resets the log', async () => {
    emu.resetLog();
    await all(msiFor(prod).userAssignedIdentities.listBySubscription());
    await msiFor(dev).userAssignedIdentities.get('rg-shop-dev', 'id-shop-api-dev');
    const auth = new AuthorizationManagementClient(emulatorCredential(), prod, sdkClientOptions(emu));
    await all(auth.roleAssignments.listForSubscription());
    const c = emu.counters();
    assert.equal(c.total, emu.requests.length);
    assert.equal(c.byRoute['userAssignedIdentities.listBySubscription'], 1);
    assert.equal(c.byRoute['userAssignedIdentities.get'], 1);
    assert.ok(c.byRoute['roleAssignments.listForSubscription'] >= 1);
    assert.equal(c.bySubscription[dev], 1);
    assert.equal(c.bySubscription[prod], c.total - 1);
    assert.ok(emu.requests.every((r) => r.durationMs >= 0 && r.query.includes('api-version=')));
    emu.resetLog();
    assert.equal(emu.counters().total, 0);
  });

  it('simulates the directory replication delay: a new principal is unknown for the first N role assignment attempts', async () => {
    const delayed = await startArmEmulator({ tokenEndpoint: false, replicationDelay: { requests: 2 } });
    try {
      const sub = delayed.state.subscriptions[0].subscriptionId;
      const msi = new ManagedServiceIdentityClient(emulatorCredential(), sub, sdkClientOptions(delayed));
      const auth = new AuthorizationManagementClient(emulatorCredential(), sub, sdkClientOptions(delayed));
      const identity = await msi.userAssignedIdentities.createOrUpdate('rg-default', 'id-fresh', { location: 'westeurope' });
      const grant = () => auth.roleAssignments.create(`subscriptions/${sub}`, '5d1c7a2e-0000-4000-8000-000000000001', { roleDefinitionId: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', principalId: identity.principalId!, principalType: 'ServicePrincipal' });
      await assert.rejects(grant(), (e: Rest) => e.statusCode === 400 && e.code === 'PrincipalNotFound');
      await assert.rejects(grant(), (e: Rest) => e.code === 'PrincipalNotFound');
      assert.equal((await grant()).principalId, identity.principalId);
    } finally {
      await delayed.stop();
    }
  });
});

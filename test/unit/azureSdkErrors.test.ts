// mapAzureError on the errors the real @azure/arm-* clients throw, answered by the ARM emulator: the
// reason, the ARM code and the status survive the SDK, and aborts become CancellationErrors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ArmClients } from '../../src/azure/ArmClients';
import { azureErrorCode, azureStatusCode, mapAzureError } from '../../src/azure/mapAzureError';
import { CancellationError, isCancellationError } from '../../src/core/cancellation';
import { type ErrorReason, ToolError } from '../../src/core/errors';
import { type ArmEmulator, emulatorCredential } from '../emulator/ArmEmulator';
import { demoSubscriptions } from '../emulator/seeds/demoTenant';
import { type AzureServices, environmentFor, servicesFor, startDemoEmulator } from './azureHarness';

const prod = demoSubscriptions.production;
const rg = 'rg-shop-prod';
const readerRole = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

/** What a call failed with, after mapAzureError. */
async function mapped(call: () => Promise<unknown>, action = 'Doing it'): Promise<ToolError | CancellationError> {
  try {
    await call();
  } catch (error) {
    return mapAzureError(error, action);
  }
  return assert.fail('the call should fail');
}

function assertMapped(error: ToolError | CancellationError, reason: ErrorReason, status: number | undefined, code: string | undefined): void {
  assert.ok(ToolError.is(error, reason), `${reason} expected, got ${String(error)}`);
  assert.equal(azureStatusCode(error), status);
  assert.equal(azureErrorCode(error), code);
  assert.match(error.message, /^Doing it failed: /);
}

describe('mapAzureError on real SDK errors from the emulator', () => {
  let emulator: ArmEmulator;
  let s: AzureServices;
  const msi = (maxRetries = 1) => servicesFor(emulator, { maxRetries }).clients.forSubscription(prod).msi;

  before(async () => {
    emulator = await startDemoEmulator();
    s = servicesFor(emulator);
  });
  after(async () => {
    await emulator?.stop();
  });

  it('404 ResourceNotFound → notFound', async () => {
    assertMapped(await mapped(() => msi().userAssignedIdentities.get(rg, 'no-such-identity')), 'notFound', 404, 'ResourceNotFound');
  });

  it('401 for a token of the wrong audience → forbidden', async () => {
    const clients = new ArmClients(emulatorCredential(), { ...environmentFor(emulator), credentialScopes: ['https://storage.azure.com/.default'] });
    assertMapped(await mapped(() => clients.forSubscription(prod).msi.userAssignedIdentities.get(rg, 'id-shop-api')), 'forbidden', 401, 'InvalidAuthenticationTokenAudience');
  });

  it('403 AuthorizationFailed → forbidden', async () => {
    emulator.faults.add({ match: { method: 'GET' }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'No read access.' }, times: 1 });
    const error = await mapped(() => msi().userAssignedIdentities.get(rg, 'id-shop-api'));
    assertMapped(error, 'forbidden', 403, 'AuthorizationFailed');
    assert.match(error.message, /No read access/);
  });

  it('409 RoleAssignmentExists → conflict (and grantRole treats it as success)', async () => {
    const auth = servicesFor(emulator).clients.forSubscription(prod).authorization;
    const identity = await s.identities.getIdentity(`/subscriptions/${prod}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shop-worker`);
    const body = { roleDefinitionId: `/subscriptions/${prod}/providers/Microsoft.Authorization/roleDefinitions/${readerRole}`, principalId: identity.principalId, principalType: 'ServicePrincipal' as const };
    await auth.roleAssignments.create(`subscriptions/${prod}`, '6a1f0c2e-0000-4000-8000-000000000001', body);
    assertMapped(await mapped(() => auth.roleAssignments.create(`subscriptions/${prod}`, '6a1f0c2e-0000-4000-8000-000000000002', body)), 'conflict', 409, 'RoleAssignmentExists');
    assert.equal((await s.roles.grantRole({ scope: `/subscriptions/${prod}`, principalId: identity.principalId, roleDefinitionId: readerRole })).created, false);
  });

  it('400 RoleDefinitionDoesNotExist → invalidInput, from grantRole with the action in the message', async () => {
    const error = await s.roles.grantRole({ scope: `/subscriptions/${prod}`, principalId: '11111111-2222-4333-8444-555555555555', roleDefinitionId: '00000000-1111-4222-8333-444444444444' }).then(
      () => assert.fail('the grant should fail'),
      (e: unknown) => e,
    );
    assert.ok(ToolError.is(error, 'invalidInput'), String(error));
    assert.equal(azureErrorCode(error), 'RoleDefinitionDoesNotExist');
    assert.match(error.message, /^Granting role 00000000-1111-4222-8333-444444444444 to 11111111-2222-4333-8444-555555555555 on \/subscriptions\//);
  });

  it('429 after the SDK retries → throttled; 503 → unavailable', async () => {
    emulator.faults.add({ match: { pathPattern: 'id-shop-api' }, fault: { kind: 'status', status: 429, retryAfterMs: 1 }, times: 2 });
    emulator.resetLog();
    assertMapped(await mapped(() => msi(1).userAssignedIdentities.get(rg, 'id-shop-api')), 'throttled', 429, 'TooManyRequests');
    assert.equal(emulator.requests.length, 2, 'one retry, then given up');
    emulator.faults.add({ match: { pathPattern: 'id-shop-api' }, fault: { kind: 'status', status: 503 }, times: 2 });
    assertMapped(await mapped(() => msi(1).userAssignedIdentities.get(rg, 'id-shop-api')), 'unavailable', 503, 'ServiceUnavailable');
  });

  it('a dropped connection after the SDK retries → unavailable', async () => {
    emulator.faults.add({ match: { pathPattern: 'id-shop-api' }, fault: { kind: 'drop' }, times: 2 });
    const error = await mapped(() => msi(1).userAssignedIdentities.get(rg, 'id-shop-api'));
    assert.ok(ToolError.is(error, 'unavailable'), String(error));
    assert.equal(azureStatusCode(error), undefined);
  });

  it('an aborted call → CancellationError, through the services too', async () => {
    emulator.faults.add({ match: { pathPattern: 'id-shop-api' }, fault: { kind: 'latency', ms: 100 }, times: 2 });
    const controller = new AbortController();
    const pending = mapped(() => msi().userAssignedIdentities.get(rg, 'id-shop-api', { abortSignal: controller.signal }));
    setTimeout(() => controller.abort(), 10);
    assert.ok((await pending) instanceof CancellationError);
    const aborted = AbortSignal.abort();
    await assert.rejects(s.identities.listUserAssignedIdentities(prod, aborted), (e) => isCancellationError(e) && !ToolError.is(e));
    emulator.faults.clear();
  });
});

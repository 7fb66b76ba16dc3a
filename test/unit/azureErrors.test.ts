import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancellationError, isCancellationError } from '../../src/core/cancellation';
import { ToolError } from '../../src/core/errors';
import { ArmClients } from '../../src/azure/ArmClients';
import { abortable, linkedAbortController, mapBounded, sleep } from '../../src/azure/async';
import { azureErrorCode, azureStatusCode, mapAzureError } from '../../src/azure/mapAzureError';

function restError(statusCode: number | undefined, code: string | undefined, message = 'boom'): Error {
  return Object.assign(new Error(message), { name: 'RestError', statusCode, code });
}

describe('mapAzureError', () => {
  const cases: [number | undefined, string | undefined, string][] = [
    [400, 'InvalidRequestContent', 'invalidInput'],
    [400, 'PrincipalNotFound', 'invalidInput'],
    [401, 'InvalidAuthenticationToken', 'forbidden'],
    [403, 'AuthorizationFailed', 'forbidden'],
    [404, 'ResourceNotFound', 'notFound'],
    [409, 'RoleAssignmentExists', 'conflict'],
    [412, 'PreconditionFailed', 'conflict'],
    [429, 'TooManyRequests', 'throttled'],
    [500, 'InternalServerError', 'unavailable'],
    [503, 'ServiceUnavailable', 'unavailable'],
    [408, undefined, 'unavailable'],
    [418, undefined, 'unknown'],
    [undefined, 'ECONNRESET', 'unavailable'],
    [undefined, 'REQUEST_SEND_ERROR', 'unavailable'],
    [undefined, undefined, 'unknown'],
  ];
  for (const [status, code, reason] of cases) {
    it(`${status ?? '-'} ${code ?? ''} → ${reason}`, () => {
      const original = restError(status, code);
      const mapped = mapAzureError(original, 'Doing it');
      assert.ok(ToolError.is(mapped, reason as never), `${String(mapped)}`);
      assert.equal((mapped).original, original);
      assert.match(mapped.message, /^Doing it failed: boom/);
      if (code !== undefined) assert.match(mapped.message, new RegExp(`\\(${code}\\)`));
      assert.equal(azureErrorCode(mapped), code);
      assert.equal(azureStatusCode(mapped), status);
    });
  }

  it('keeps typed errors and turns aborts into CancellationError', () => {
    const typed = new ToolError('conflict', 'x');
    assert.equal(mapAzureError(typed), typed);
    const abort = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    assert.ok(mapAzureError(abort) instanceof CancellationError);
    const ours = new CancellationError();
    assert.equal(mapAzureError(ours), ours);
  });
});

describe('async helpers', () => {
  it('mapBounded keeps order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3, 0], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(n);
      inFlight--;
      return n * 10;
    });
    assert.deepEqual(out, [50, 10, 40, 20, 30, 0]);
    assert.equal(peak, 2);
  });

  it('mapBounded starts nothing after abort', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    await assert.rejects(
      mapBounded([1, 2, 3, 4], 1, async (n) => {
        started.push(n);
        if (n === 2) controller.abort();
        await Promise.resolve();
      }, controller.signal),
      (e) => isCancellationError(e),
    );
    assert.deepEqual(started, [1, 2]);
  });

  it('abortable stops one wait on abort while the shared work goes on for the others', async () => {
    let finish: (value: string) => void = () => undefined;
    const shared = new Promise<string>((resolve) => (finish = resolve));
    const controller = new AbortController();
    const cancelled = abortable(shared, controller.signal);
    const other = abortable(shared, new AbortController().signal);
    controller.abort();
    await assert.rejects(cancelled, (e) => isCancellationError(e));
    finish('done');
    assert.equal(await other, 'done');
    await assert.rejects(abortable(Promise.reject(new ToolError('notFound', 'x')), new AbortController().signal), (e) => ToolError.is(e, 'notFound'));
    await assert.rejects(abortable(shared, AbortSignal.abort()), (e) => isCancellationError(e));
  });

  it('sleep rejects on abort; linked controllers follow their parent', async () => {
    const parent = new AbortController();
    const child = linkedAbortController(parent.signal);
    const waiting = sleep(10_000, child.signal);
    parent.abort();
    await assert.rejects(waiting, (e) => isCancellationError(e));
    child.dispose();
  });

  it('refuses an http endpoint up front (the SDK would refuse to send the token)', () => {
    const credential = { getToken: () => Promise.resolve({ token: 't', expiresOnTimestamp: Date.now() + 3600_000 }) };
    assert.throws(() => new ArmClients(credential, { resourceManagerEndpoint: 'http://127.0.0.1:1' }), (e) => ToolError.is(e, 'invalidInput'));
    assert.throws(() => new ArmClients(credential, { resourceManagerEndpoint: 'not a url' }), (e) => ToolError.is(e, 'invalidInput'));
  });
});

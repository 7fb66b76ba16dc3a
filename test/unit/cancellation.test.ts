import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancellationError, isCancellationError, throwIfAborted } from '../../src/core/cancellation';
import { ToolError, errorMessage } from '../../src/core/errors';

describe('cancellation', () => {
  it('recognises its own error and AbortError by brand and name, not by class', () => {
    assert.equal(isCancellationError(new CancellationError()), true);
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    assert.equal(isCancellationError(abort), true);
    assert.equal(isCancellationError(new Error('boom')), false);
    assert.equal(isCancellationError('AbortError'), false);
    assert.equal(isCancellationError(null), false);
  });

  it('throwIfAborted throws only once the signal fires', () => {
    const controller = new AbortController();
    assert.doesNotThrow(() => throwIfAborted(controller.signal));
    assert.doesNotThrow(() => throwIfAborted(undefined));
    controller.abort();
    assert.throws(() => throwIfAborted(controller.signal), (e: unknown) => isCancellationError(e));
  });
});

describe('ToolError', () => {
  it('carries a reason and the original error, checked with is()', () => {
    const original = new Error('HTTP 403');
    const error = new ToolError('forbidden', 'You may not change role assignments here.', original);
    assert.equal(ToolError.is(error), true);
    assert.equal(ToolError.is(error, 'forbidden'), true);
    assert.equal(ToolError.is(error, 'notFound'), false);
    assert.equal(ToolError.is(original), false);
    assert.equal(error.original, original);
  });

  it('errorMessage turns any thrown value into one readable line', () => {
    assert.equal(errorMessage(new Error('x')), 'x');
    assert.equal(errorMessage('plain'), 'plain');
    assert.equal(errorMessage({ code: 1 }), '{"code":1}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(errorMessage(cyclic), '[object Object]');
  });
});

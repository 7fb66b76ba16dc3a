/** Small async utilities for the Azure layer: abortable sleep and waits, bounded concurrency, linked abort signals. */
import { CancellationError, throwIfAborted } from '../core/cancellation';

/** Waits `ms`, or rejects with a CancellationError as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancellationError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancellationError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `fn` over `items` with at most `limit` in flight, results in input order. Stops starting new work
 * once `signal` fires (in-flight calls see the same signal). `fn` should not throw for an item's own
 * failure when the caller wants partial results: return the failure as a value instead.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      throwIfAborted(signal);
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () => worker());
  await Promise.all(workers);
  throwIfAborted(signal);
  return results;
}

/** An AbortController that also aborts when `parent` does. Call `dispose()` when done to drop the listener. */
export function linkedAbortController(parent?: AbortSignal): AbortController & { dispose(): void } {
  const controller = new AbortController() as AbortController & { dispose(): void };
  const onAbort = (): void => controller.abort();
  if (parent?.aborted) controller.abort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  controller.dispose = () => parent?.removeEventListener('abort', onAbort);
  return controller;
}

/**
 * Waits for `promise`, or rejects with a CancellationError as soon as `signal` fires; `promise` itself
 * goes on (for work shared by several callers, where one caller's cancellation must not cancel the others).
 */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(new CancellationError());
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new CancellationError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

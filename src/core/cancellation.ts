/**
 * Cancellation for code that must not depend on VS Code: library functions take an `AbortSignal`
 * (the Azure SDK accepts the same signal as `abortSignal`), and the extension layer converts
 * `CancellationToken`s at the boundary.
 */

const brand = Symbol.for('managed-identity-tools.CancellationError');

/** Thrown when work stops because the user or the caller cancelled it. Not a failure to report. */
export class CancellationError extends Error {
  readonly [brand] = true;

  constructor(message = 'The operation was cancelled.') {
    super(message);
    this.name = 'CancellationError';
  }

  /** True for our own CancellationError and for the DOM/Node/Azure SDK `AbortError`. */
  static is(error: unknown): boolean {
    if (typeof error !== 'object' || error === null) return false;
    if ((error as Record<symbol, unknown>)[brand] === true) return true;
    const name = (error as { name?: unknown }).name;
    return name === 'AbortError';
  }
}

/** Use instead of `instanceof`: errors can cross bundle boundaries and come from other libraries. */
export function isCancellationError(error: unknown): boolean {
  return CancellationError.is(error);
}

/** Throws a {@link CancellationError} if the signal has fired. Call between units of work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancellationError();
}

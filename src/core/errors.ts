/**
 * Typed errors. Callers branch on `reason`, never on message text, and check the type with the static
 * `is()` guard rather than `instanceof`, which fails across bundles.
 */

export type ErrorReason =
  /** The input was rejected before any work was done. */
  | 'invalidInput'
  /** A file, resource or setting does not exist. */
  | 'notFound'
  /** The caller may not do this (HTTP 401/403, unreadable file). */
  | 'forbidden'
  /** The change conflicts with the current state (HTTP 409, a file changed under us). */
  | 'conflict'
  /** The service asked us to slow down and retries ran out (HTTP 429). */
  | 'throttled'
  /** The network or the service failed (5xx, dropped connections). */
  | 'unavailable'
  /** Anything else. */
  | 'unknown';

const brand = Symbol.for('managed-identity-tools.ToolError');

export class ToolError extends Error {
  readonly [brand] = true;
  readonly reason: ErrorReason;
  /** The error this one wraps, kept for the log; never shown raw to the user. */
  readonly original: unknown;

  constructor(reason: ErrorReason, message: string, original?: unknown) {
    super(message);
    this.name = 'ToolError';
    this.reason = reason;
    this.original = original;
  }

  static is(error: unknown, reason?: ErrorReason): error is ToolError {
    if (typeof error !== 'object' || error === null) return false;
    if ((error as Record<symbol, unknown>)[brand] !== true) return false;
    return reason === undefined || (error as ToolError).reason === reason;
  }
}

/** A readable one-line message for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

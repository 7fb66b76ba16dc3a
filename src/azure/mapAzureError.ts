/**
 * The one place where SDK errors become typed errors. Everything in src/azure funnels its failures
 * through here so callers branch on `ToolError.reason` and never on HTTP details or message text.
 */
import { CancellationError, isCancellationError } from '../core/cancellation';
import { type ErrorReason, ToolError, errorMessage } from '../core/errors';

interface RestErrorLike {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'REQUEST_SEND_ERROR', 'UND_ERR_SOCKET']);

/** The ARM error code (`RoleAssignmentExists`, `PrincipalNotFound`, …) of an SDK error or of the error a ToolError wraps. */
export function azureErrorCode(error: unknown): string | undefined {
  const inner = ToolError.is(error) ? error.original : error;
  if (typeof inner !== 'object' || inner === null) return undefined;
  const code = (inner as RestErrorLike).code;
  return typeof code === 'string' ? code : undefined;
}

/** The HTTP status of an SDK error or of the error a ToolError wraps. */
export function azureStatusCode(error: unknown): number | undefined {
  const inner = ToolError.is(error) ? error.original : error;
  if (typeof inner !== 'object' || inner === null) return undefined;
  const status = (inner as RestErrorLike).statusCode;
  return typeof status === 'number' ? status : undefined;
}

function reasonFor(status: number | undefined, code: string | undefined): ErrorReason {
  if (status !== undefined) {
    if (status === 400 || status === 422) return 'invalidInput';
    if (status === 401 || status === 403) return 'forbidden';
    if (status === 404 || status === 410) return 'notFound';
    if (status === 409 || status === 412) return 'conflict';
    if (status === 429) return 'throttled';
    if (status === 408 || status >= 500) return 'unavailable';
    return 'unknown';
  }
  if (code !== undefined && networkCodes.has(code)) return 'unavailable';
  return 'unknown';
}

/**
 * Maps any error from an SDK call to a `ToolError` (reason from the status code, ARM code and message
 * kept) or a `CancellationError` (aborted). Typed errors pass through unchanged.
 * @param action what was being done, for the message: `Listing role assignments in subscription …`.
 */
export function mapAzureError(error: unknown, action?: string): ToolError | CancellationError {
  if (ToolError.is(error)) return error;
  if (isCancellationError(error)) return error instanceof CancellationError ? error : new CancellationError();
  const status = azureStatusCode(error);
  const code = azureErrorCode(error);
  const reason = reasonFor(status, code);
  const detail = errorMessage(error).split('\n')[0] ?? '';
  const codeText = code !== undefined && !detail.includes(code) ? ` (${code})` : '';
  const message = `${action !== undefined ? `${action} failed: ` : ''}${detail}${codeText}`;
  return new ToolError(reason, message, error);
}

/** Runs `fn` and rethrows its failure through {@link mapAzureError}. */
export async function withAzureErrors<T>(action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw mapAzureError(error, action);
  }
}

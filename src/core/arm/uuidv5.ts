/**
 * Name-based UUIDs (RFC 9562 §5.5, version 5: SHA-1). Used for deterministic role assignment names, so the
 * same grant sent twice (a retry, a double click) addresses the same ARM resource instead of creating a
 * duplicate.
 */
import { createHash } from 'node:crypto';
import { ToolError } from '../errors';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical 8-4-4-4-12 hexadecimal GUID (any case, no braces). */
export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && guidPattern.test(value);
}

/** Returns the GUID lower-cased, or throws `invalidInput` naming `what`. */
export function assertGuid(value: unknown, what: string): string {
  if (!isGuid(value)) throw new ToolError('invalidInput', `${what} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got ${JSON.stringify(value)}.`);
  return value.toLowerCase();
}

/** The RFC namespaces, for tests and interoperability. */
export const uuidNamespaces = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
} as const;

/** UUID version 5 of `name` (UTF-8) in `namespace`, lower-case canonical form. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(assertGuid(namespace, 'The UUID namespace').replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

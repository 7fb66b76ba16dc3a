/**
 * Masks a secret for display: the first four and last two characters of a long value, the first two of
 * a medium one, nothing of a short one. Never more than six characters, never the whole value.
 */
export function redact(secret: string): string {
  if (secret.length >= 24) return `${secret.slice(0, 4)}…${secret.slice(-2)}`;
  if (secret.length >= 12) return `${secret.slice(0, 2)}…`;
  return '…';
}

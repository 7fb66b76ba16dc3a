import { createHash } from 'node:crypto';

/** Stable, one-way fingerprint (hex sha256, 32 chars) of a rule and a secret value. */
export function fingerprint(ruleId: string, secret: string): string {
  return createHash('sha256').update(`${ruleId}\0${secret}`).digest('hex').slice(0, 32);
}

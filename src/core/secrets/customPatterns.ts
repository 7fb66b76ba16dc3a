import { fingerprint } from './fingerprint';
import { redact } from './redact';
import type { Finding, Severity } from './types';

export interface CustomPatternSpec {
  readonly id: string;
  readonly pattern: string;
  readonly message?: string;
  readonly severity?: Severity;
}

const compiled = new Map<string, RegExp | null>();

/**
 * Runs user-defined patterns (from settings). The first capture group, or the whole match, is the secret.
 * Invalid patterns are ignored. Callers must only pass patterns the user trusts.
 */
export function scanCustomPatterns(text: string, patterns: readonly CustomPatternSpec[]): Finding[] {
  const findings: Finding[] = [];
  for (const spec of patterns) {
    let regex = compiled.get(spec.pattern);
    if (regex === undefined) {
      try {
        regex = new RegExp(spec.pattern, 'gd');
      } catch {
        regex = null;
      }
      compiled.set(spec.pattern, regex);
    }
    if (!regex) continue;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text)) {
      if (m[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const [start, end] = m.indices?.[1] ?? m.indices?.[0] ?? [m.index, m.index + m[0].length];
      const secret = text.slice(start, end);
      const ruleId = `custom:${spec.id}`;
      findings.push({
        ruleId,
        service: 'other',
        kind: 'apiKey',
        severity: spec.severity ?? 'warning',
        confidence: 'medium',
        secretRange: { start, end },
        constructRange: { start: m.index, end: m.index + m[0].length },
        extracted: {},
        preview: redact(secret),
        fingerprint: fingerprint(ruleId, secret),
        message: spec.message ?? `Matches the custom secret pattern "${spec.id}".`,
      });
    }
  }
  return findings;
}

import { ToolError } from '../errors';

/** One accepted finding. No secret value: the fingerprint is one-way. */
export interface BaselineEntry {
  readonly path?: string;
  readonly ruleId: string;
  readonly fingerprint: string;
}

/** Reads a baseline file's text into the set of accepted fingerprints. */
export function parseBaseline(json: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new ToolError('invalidInput', `The baseline is not valid JSON: ${(error as Error).message}`, error);
  }
  const findings = (data as { findings?: unknown }).findings;
  if (typeof data !== 'object' || data === null || !Array.isArray(findings)) {
    throw new ToolError('invalidInput', 'The baseline must be an object with a "findings" array.');
  }
  const set = new Set<string>();
  for (const entry of findings) {
    const print = (entry as { fingerprint?: unknown }).fingerprint;
    if (typeof print !== 'string' || !/^[0-9a-f]{16,64}$/.test(print)) {
      throw new ToolError('invalidInput', 'Every baseline entry needs a hexadecimal "fingerprint".');
    }
    set.add(print);
  }
  return set;
}

/** Writes findings as a baseline: path, rule and fingerprint, sorted for stable diffs. */
export function serializeBaseline(findings: readonly BaselineEntry[]): string {
  const entries = findings
    .map((f) => ({ ...(f.path !== undefined ? { path: f.path } : {}), ruleId: f.ruleId, fingerprint: f.fingerprint }))
    .sort((a, b) => (a.path ?? '').localeCompare(b.path ?? '') || a.fingerprint.localeCompare(b.fingerprint));
  return `${JSON.stringify({ version: 1, tool: 'mi-scan', findings: entries }, null, 2)}\n`;
}

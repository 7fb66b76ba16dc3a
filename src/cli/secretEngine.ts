// TEMPORARY stand-in until the engine lands in src/core/secrets; replaced by re-exports.
import { createHash } from 'node:crypto';
import type { Finding, RuleMetadata, ScanOptions } from '../core/secrets/types';

export const ruleCatalog: readonly RuleMetadata[] = [
  {
    id: 'MI001', name: 'StorageAccountKey', service: 'storage', kind: 'accountKey', defaultSeverity: 'error',
    shortDescription: 'Azure Storage account key', help: 'Use **DefaultAzureCredential** with a managed identity.',
    helpUri: 'https://learn.microsoft.com/azure/storage/common/storage-auth-aad', aliases: ['azure_storage_account_key', 'SEC101/106'],
  },
];
export const prefilterKeywords: readonly string[] = ['accountkey'];

export function scanText(text: string, options?: ScanOptions): Finding[] {
  const out: Finding[] = [];
  const re = /AccountKey=([A-Za-z0-9+/]{86}==)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + 11;
    const secret = m[1];
    const fingerprint = createHash('sha256').update(`MI001:${secret}`).digest('hex').slice(0, 32);
    if (options?.baseline?.has(fingerprint)) continue;
    const emulator = secret.startsWith('Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsu');
    out.push({
      ruleId: 'MI001', service: 'storage', kind: 'accountKey', severity: emulator ? 'info' : 'error', confidence: 'high',
      secretRange: { start, end: start + secret.length }, constructRange: { start: m.index, end: start + secret.length },
      extracted: {}, preview: `${secret.slice(0, 4)}…`, fingerprint, message: 'Storage account key; use a managed identity.',
    });
  }
  return out;
}

export function parseBaseline(json: string): Set<string> {
  const data = JSON.parse(json) as { findings?: { fingerprint: string }[] };
  return new Set((data.findings ?? []).map((f) => f.fingerprint));
}

export function serializeBaseline(findings: readonly { ruleId: string; fingerprint: string }[]): string {
  return `${JSON.stringify({ version: 1, findings: findings.map((f) => ({ ruleId: f.ruleId, fingerprint: f.fingerprint })) }, null, 2)}\n`;
}

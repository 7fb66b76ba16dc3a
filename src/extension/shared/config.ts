import * as vscode from 'vscode';
import type { Severity } from '../../core/secrets/types';

/** The only place that reads settings. Keys are declared in package.json `contributes.configuration`. */
export const configSection = 'managedIdentity';

export interface CustomPattern {
  readonly id: string;
  readonly pattern: string;
  readonly message?: string;
  readonly severity?: Severity;
}

export interface SecretScanningSettings {
  readonly enabled: boolean;
  readonly codeLens: boolean;
  readonly disabledRules: ReadonlySet<string>;
  readonly disabledLanguages: ReadonlySet<string>;
  readonly severityOverrides: Readonly<Record<string, Severity | 'off'>>;
  readonly debounceMs: number;
  readonly exclude: readonly string[];
  /** From user settings always; from workspace settings only in a trusted workspace. */
  readonly customPatterns: readonly CustomPattern[];
  /** Client ID of the user-assigned identity the quick fixes offer, if the user set one. */
  readonly userAssignedClientId: string;
}

const severities = new Set(['error', 'warning', 'info', 'off']);

export function readSecretScanningSettings(scope?: vscode.ConfigurationScope): SecretScanningSettings {
  const config = vscode.workspace.getConfiguration(configSection, scope);
  const overrides: Record<string, Severity | 'off'> = {};
  for (const [rule, level] of Object.entries(config.get<Record<string, unknown>>('secretScanning.severity', {}))) {
    if (typeof level === 'string' && severities.has(level)) overrides[rule] = level as Severity | 'off';
  }
  return {
    enabled: config.get<boolean>('secretScanning.enabled', true),
    codeLens: config.get<boolean>('secretScanning.codeLens', true),
    disabledRules: new Set(config.get<string[]>('secretScanning.disabledRules', [])),
    disabledLanguages: new Set(config.get<string[]>('secretScanning.disabledLanguages', [])),
    severityOverrides: overrides,
    debounceMs: Math.max(0, config.get<number>('secretScanning.debounceMs', 300)),
    exclude: config.get<string[]>('secretScanning.exclude', []),
    customPatterns: trustedCustomPatterns(config),
    userAssignedClientId: config.get<string>('quickFix.userAssignedClientId', '').trim(),
  };
}

/**
 * Custom patterns are regular expressions that run over every open document. A workspace could use them
 * to make the editor hang (catastrophic backtracking), so in an untrusted workspace only the user's own
 * settings count.
 */
function trustedCustomPatterns(config: vscode.WorkspaceConfiguration): CustomPattern[] {
  const inspected = config.inspect<unknown>('secretScanning.customPatterns');
  const values = vscode.workspace.isTrusted ? config.get<unknown>('secretScanning.customPatterns') : inspected?.globalValue;
  if (!Array.isArray(values)) return [];
  return values.filter(
    (p): p is CustomPattern => typeof p === 'object' && p !== null && typeof (p as CustomPattern).id === 'string' && typeof (p as CustomPattern).pattern === 'string',
  );
}

export function affectsSecretScanning(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${configSection}.secretScanning`) || event.affectsConfiguration(`${configSection}.quickFix`);
}

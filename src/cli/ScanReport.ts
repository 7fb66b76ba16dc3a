import type { AzureService, Confidence, Extracted, SecretKind, Severity } from '../core/secrets/types';

/** A 1-based line/column range; `endColumn` is exclusive (SARIF convention), columns count UTF-16 code units. */
export interface LineColumnRange {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** 0-based UTF-16 offset of the first character. */
  readonly charOffset: number;
  readonly charLength: number;
}

/** A finding located in a file: what the formatters print. Holds no secret value. */
export interface FileFinding {
  /** Path as shown to the user: the path named on the command line joined with the walked part, forward slashes. */
  readonly path: string;
  readonly ruleId: string;
  readonly service: AzureService;
  readonly kind: SecretKind;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly message: string;
  readonly preview: string;
  readonly fingerprint: string;
  /** Exactly the secret value. */
  readonly secret: LineColumnRange;
  /** The enclosing string, setting, argument or URL. */
  readonly construct: LineColumnRange;
  readonly extracted: Extracted;
}

export type SkipReason = 'binary' | 'tooLarge' | 'special' | 'symlink' | 'symlinkLoop';

export interface SkippedFile {
  readonly path: string;
  readonly reason: SkipReason;
  /** File size in bytes, when known (for `tooLarge`). */
  readonly size?: number;
}

export interface FileError {
  readonly path: string;
  /** One-line description, e.g. `ENOENT: no such file or directory`. */
  readonly message: string;
}

/** Everything one run of mi-scan produced, in the order the formatters need. */
export interface ScanReport {
  readonly toolVersion: string;
  /** Findings at or above the minimum severity, not in the baseline, sorted by path, line, column. */
  readonly findings: readonly FileFinding[];
  readonly skipped: readonly SkippedFile[];
  readonly errors: readonly FileError[];
  readonly filesScanned: number;
  readonly bytesScanned: number;
  /** Findings dropped because their fingerprint is in the baseline. */
  readonly baselined: number;
  /** Findings dropped because they are below the minimum severity. */
  readonly belowMinSeverity: number;
  readonly durationMs: number;
  readonly minSeverity: Severity;
}

const severityRank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** True when `severity` is at least `min`. */
export function atLeast(severity: Severity, min: Severity): boolean {
  return severityRank[severity] >= severityRank[min];
}

/** Orders findings by path (code-unit order, stable across locales), then position, then rule. */
export function compareFindings(a: FileFinding, b: FileFinding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.secret.startLine - b.secret.startLine || a.secret.startColumn - b.secret.startColumn || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

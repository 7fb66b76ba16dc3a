import * as vscode from 'vscode';
import { scanText } from '../../core/secrets/scanner';
import { scanCustomPatterns } from '../../core/secrets/customPatterns';
import type { Finding, ScanOptions } from '../../core/secrets/types';
import type { SecretScanningSettings } from '../shared/config';

/** Findings of one document version. */
export interface DocumentFindings {
  readonly uri: vscode.Uri;
  readonly version: number;
  readonly findings: readonly Finding[];
}

/** Documents we never scan: output channels, git's view of a file, our own help pages. */
const skippedSchemes = new Set(['output', 'git', 'vscode-scm', 'managed-identity-help', 'debug', 'walkThrough']);

/** Lines of context rescanned around an edit: connection strings and key/endpoint pairs span a few lines. */
const contextLines = 40;
/** Below this many lines a full rescan is cheaper than bookkeeping. */
const incrementalThresholdLines = 2000;

/**
 * Scans documents and keeps the findings of each open document, updated incrementally on edits:
 * only the changed lines plus some context are rescanned; findings outside that window are shifted.
 */
export class DocumentScanner {
  private readonly cache = new Map<string, DocumentFindings>();

  constructor(private settings: SecretScanningSettings) {}

  updateSettings(settings: SecretScanningSettings): void {
    this.settings = settings;
    this.cache.clear();
  }

  shouldScan(document: vscode.TextDocument): boolean {
    if (!this.settings.enabled || skippedSchemes.has(document.uri.scheme)) return false;
    return !this.settings.disabledLanguages.has(document.languageId);
  }

  get(uri: vscode.Uri): DocumentFindings | undefined {
    return this.cache.get(uri.toString());
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }

  /** Full scan of a document. */
  scan(document: vscode.TextDocument): DocumentFindings {
    const findings = this.scanRange(document.getText(), 0, document);
    const result = { uri: document.uri, version: document.version, findings };
    this.cache.set(document.uri.toString(), result);
    return result;
  }

  /** Rescans after an edit; falls back to a full scan when it cannot update incrementally. */
  rescan(document: vscode.TextDocument, changes: readonly vscode.TextDocumentContentChangeEvent[]): DocumentFindings {
    const previous = this.cache.get(document.uri.toString());
    if (!previous || changes.length !== 1 || document.lineCount < incrementalThresholdLines || previous.version !== document.version - 1) {
      return this.scan(document);
    }
    const [change] = changes;
    if (!change) return this.scan(document);
    const delta = change.text.length - change.rangeLength;
    const changedStart = change.rangeOffset;
    const changedEndAfter = change.rangeOffset + change.text.length;
    const firstLine = Math.max(0, document.positionAt(changedStart).line - contextLines);
    const lastLine = Math.min(document.lineCount - 1, document.positionAt(changedEndAfter).line + contextLines);
    let windowStart = document.offsetAt(new vscode.Position(firstLine, 0));
    let windowEnd = document.offsetAt(document.lineAt(lastLine).rangeIncludingLineBreak.end);
    // Widen the window over any old finding it cuts through, so that finding is found again whole.
    // Bounds in the previous version's offsets decide which old findings the window replaces.
    let oldWindowStart = windowStart;
    let oldWindowEnd = windowEnd - delta;
    for (const finding of previous.findings) {
      const { start, end } = finding.constructRange;
      if (start < oldWindowStart && end > oldWindowStart) oldWindowStart = start;
      if (start < oldWindowEnd && end > oldWindowEnd) oldWindowEnd = end;
    }
    windowStart = oldWindowStart;
    windowEnd = oldWindowEnd + delta;
    const kept: Finding[] = [];
    for (const finding of previous.findings) {
      if (finding.constructRange.end <= oldWindowStart) {
        kept.push(finding);
      } else if (finding.constructRange.start >= oldWindowEnd) {
        kept.push(shift(finding, delta));
      }
      // Findings that touch the window are dropped and found again by the rescan below.
    }
    const text = document.getText();
    const fresh = this.scanRange(text.slice(windowStart, windowEnd), windowStart, document).filter(
      (f) => !kept.some((k) => k.secretRange.start === f.secretRange.start && k.ruleId === f.ruleId),
    );
    const findings = [...kept, ...fresh].sort((a, b) => a.secretRange.start - b.secretRange.start);
    const result = { uri: document.uri, version: document.version, findings };
    this.cache.set(document.uri.toString(), result);
    return result;
  }

  /** Scans text that starts at `offset` in the document and returns findings in document offsets. */
  private scanRange(text: string, offset: number, document: vscode.TextDocument): Finding[] {
    const options: ScanOptions = {
      path: document.uri.path,
      languageId: document.languageId,
      disabledRules: this.settings.disabledRules,
    };
    const findings = [...scanText(text, options), ...scanCustomPatterns(text, this.settings.customPatterns)];
    return offset === 0 ? findings : findings.map((f) => shift(f, offset));
  }
}

function shift(finding: Finding, delta: number): Finding {
  if (delta === 0) return finding;
  return {
    ...finding,
    secretRange: { start: finding.secretRange.start + delta, end: finding.secretRange.end + delta },
    constructRange: { start: finding.constructRange.start + delta, end: finding.constructRange.end + delta },
  };
}

import * as vscode from 'vscode';
import { LineIndex } from '../../core/text/lineIndex';
import { ruleCatalog } from '../../core/secrets/catalog';
import type { Finding, Severity } from '../../core/secrets/types';
import { Disposable } from '../shared/Disposable';
import type { Logger } from '../shared/logger';
import { readSecretScanningSettings, affectsSecretScanning, type SecretScanningSettings } from '../shared/config';
import { DocumentScanner } from './DocumentScanner';

/** `source` of our diagnostics; the code actions and code lenses only act on diagnostics with it. */
export const diagnosticSource = 'Managed Identity';

const helpUris = new Map(ruleCatalog.map((rule) => [rule.id, rule.helpUri]));

export interface SecretDiagnostic {
  readonly diagnostic: vscode.Diagnostic;
  readonly finding: Finding;
}

/**
 * Keeps a diagnostic for every hardcoded secret in open documents (and in files a workspace scan found),
 * rescanning open documents on edit after a short debounce, incrementally.
 */
export class SecretDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('managed-identity-secrets'));
  private readonly entries = new Map<string, SecretDiagnostic[]>();
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; changes: vscode.TextDocumentContentChangeEvent[] | undefined }>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires whenever the set of findings changes (status bar, code lenses). */
  readonly onDidChange = this.changed.event;
  private settings: SecretScanningSettings;
  readonly scanner: DocumentScanner;

  constructor(private readonly logger: Logger) {
    super();
    this.settings = readSecretScanningSettings();
    this.scanner = new DocumentScanner(this.settings);
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.scanNow(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, e.contentChanges)));
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        // Keep what a workspace scan reported for the file; forget only the editor's incremental state.
        this.scanner.forget(d.uri);
        this.cancelPending(d.uri);
      }),
    );
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSecretScanning(e)) this.reload();
      }),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()));
    this.register({ dispose: () => this.pending.forEach((p) => clearTimeout(p.timer)) });
    for (const document of vscode.workspace.textDocuments) this.scanNow(document);
  }

  get currentSettings(): SecretScanningSettings {
    return this.settings;
  }

  /** All diagnostics we own, per file. */
  *all(): IterableIterator<[string, readonly SecretDiagnostic[]]> {
    yield* this.entries.entries();
  }

  get(uri: vscode.Uri): readonly SecretDiagnostic[] {
    return this.entries.get(uri.toString()) ?? [];
  }

  /** Total findings reported, for the status bar. */
  get count(): number {
    let total = 0;
    for (const list of this.entries.values()) total += list.length;
    return total;
  }

  /** Scans an open document now (no debounce). */
  scanNow(document: vscode.TextDocument): void {
    this.cancelPending(document.uri);
    if (!this.scanner.shouldScan(document)) {
      this.set(document.uri, document, []);
      return;
    }
    try {
      this.set(document.uri, document, this.scanner.scan(document).findings);
    } catch (error) {
      this.logger.error(`Scanning ${document.uri.fsPath || document.uri.toString()} failed`, error);
    }
  }

  /** Sets the findings of a file that may not be open (workspace scan); `lines` resolves ranges. */
  setForFile(uri: vscode.Uri, text: string, findings: readonly Finding[]): void {
    this.set(uri, positionsOf(text), findings);
  }

  private schedule(document: vscode.TextDocument, changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
    if (changes.length === 0) return;
    const key = document.uri.toString();
    const existing = this.pending.get(key);
    if (existing) clearTimeout(existing.timer);
    // Several edits inside one debounce window: their offsets no longer line up, so rescan fully.
    const merged = existing ? undefined : [...changes];
    const timer = setTimeout(() => {
      this.pending.delete(key);
      if (document.isClosed || !this.scanner.shouldScan(document)) return;
      try {
        const result = merged ? this.scanner.rescan(document, merged) : this.scanner.scan(document);
        this.set(document.uri, document, result.findings);
      } catch (error) {
        this.logger.error(`Scanning ${document.uri.fsPath} failed`, error);
      }
    }, this.settings.debounceMs);
    this.pending.set(key, { timer, changes: merged });
  }

  private cancelPending(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.pending.get(key);
    if (pending) {
      clearTimeout(pending.timer);
      this.pending.delete(key);
    }
  }

  private set(uri: vscode.Uri, positions: { positionAt(offset: number): vscode.Position }, findings: readonly Finding[]): void {
    const list: SecretDiagnostic[] = [];
    for (const finding of findings) {
      const level = this.settings.severityOverrides[finding.ruleId] ?? finding.severity;
      if (level === 'off') continue;
      const range = new vscode.Range(positions.positionAt(finding.secretRange.start), positions.positionAt(finding.secretRange.end));
      const diagnostic = new vscode.Diagnostic(range, finding.message, toDiagnosticSeverity(level));
      diagnostic.source = diagnosticSource;
      const helpUri = helpUris.get(finding.ruleId);
      diagnostic.code = helpUri ? { value: finding.ruleId, target: vscode.Uri.parse(helpUri) } : finding.ruleId;
      list.push({ diagnostic, finding });
    }
    const key = uri.toString();
    const before = this.entries.get(key)?.length ?? 0;
    if (list.length === 0) {
      this.entries.delete(key);
      this.collection.delete(uri);
    } else {
      this.entries.set(key, list);
      this.collection.set(uri, list.map((e) => e.diagnostic));
    }
    if (before !== 0 || list.length !== 0) this.changed.fire();
  }

  private reload(): void {
    this.settings = readSecretScanningSettings();
    this.scanner.updateSettings(this.settings);
    for (const document of vscode.workspace.textDocuments) this.scanNow(document);
  }
}

function toDiagnosticSeverity(level: Severity): vscode.DiagnosticSeverity {
  switch (level) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

/** Offset → Position for text that is not an open document (CR, LF and CRLF end lines, as in the editor). */
function positionsOf(text: string): { positionAt(offset: number): vscode.Position } {
  const lines = new LineIndex(text);
  return {
    positionAt(offset: number) {
      const { line, column } = lines.positionAt(offset);
      return new vscode.Position(line - 1, column - 1);
    },
  };
}

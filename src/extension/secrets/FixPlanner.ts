import * as vscode from 'vscode';
import { planFixes } from '../../core/fixes/planFixes';
import type { FixPlan, IdentityChoice, SyntaxParsers, TextEdit } from '../../core/fixes/types';
import type { Finding } from '../../core/secrets/types';
import { createSyntaxParsers } from '../../node/treeSitterParsers';

/**
 * Plans fixes for findings in open documents. The tree-sitter grammars (WASM, in dist/wasm) load on the
 * first request only, so activation stays cheap.
 */
export class FixPlanner {
  private parsers: Promise<SyntaxParsers> | undefined;

  constructor(private readonly wasmDir: string) {}

  async plan(document: vscode.TextDocument, finding: Finding, identity: IdentityChoice): Promise<FixPlan[]> {
    this.parsers ??= createSyntaxParsers({ wasmDir: this.wasmDir });
    const parsers = await this.parsers;
    return planFixes({ text: document.getText(), path: document.uri.path, languageId: document.languageId }, finding, { parsers, identity });
  }
}

/** Converts a plan's offset edits into one WorkspaceEdit (one undo step). */
export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[], workspaceEdit = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
  for (const edit of edits) {
    const range = new vscode.Range(document.positionAt(edit.range.start), document.positionAt(edit.range.end));
    workspaceEdit.replace(document.uri, range, edit.newText);
  }
  return workspaceEdit;
}

/// <reference types="mocha" />
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { scanText } from '../../src/core/secrets/scanner';

const key = () => `${randomBytes(64).toString('base64')}`;
const secretLine = (n: number) => `const conn${n} = "DefaultEndpointsProtocol=https;AccountName=acct${n};AccountKey=${key()};EndpointSuffix=core.windows.net";`;

async function settle(uri: vscode.Uri, expected: number): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + 10_000;
  let ours: vscode.Diagnostic[] = [];
  while (Date.now() < deadline) {
    ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Managed Identity');
    if (ours.length === expected) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 600)); // past the debounce: nothing else is pending
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Managed Identity');
}

describe('incremental rescans of a large document', () => {
  it('after edits above, inside and below secrets, reports exactly what a full scan finds', async () => {
    await vscode.extensions.getExtension('managed-identity-tools.managed-identity-tools')?.activate();
    const lines: string[] = [];
    for (let i = 0; i < 2600; i++) lines.push(i % 500 === 250 ? secretLine(i) : `export const value${i} = compute(${i}); // ordinary code`);
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: lines.join('\n') });
    await vscode.window.showTextDocument(document);
    await settle(document.uri, 5);

    const edits: ((d: vscode.TextDocument) => vscode.WorkspaceEdit)[] = [
      // Insert a new secret near the top.
      (d) => { const e = new vscode.WorkspaceEdit(); e.insert(d.uri, new vscode.Position(10, 0), `${secretLine(9000)}\n`); return e; },
      // Delete the line holding an existing secret.
      (d) => { const e = new vscode.WorkspaceEdit(); const line = d.getText().split('\n').findIndex((l) => l.includes('conn750')); e.delete(d.uri, d.lineAt(line).rangeIncludingLineBreak); return e; },
      // Add lines far above the remaining secrets (their offsets shift).
      (d) => { const e = new vscode.WorkspaceEdit(); e.insert(d.uri, new vscode.Position(1, 0), 'const a = 1;\nconst b = 2;\n'); return e; },
      // Replace a placeholder-free secret with a placeholder.
      (d) => { const e = new vscode.WorkspaceEdit(); const text = d.getText(); const start = text.indexOf('AccountKey=', text.indexOf('conn1250')) + 'AccountKey='.length; e.replace(d.uri, new vscode.Range(d.positionAt(start), d.positionAt(start + 88)), '<account-key>'); return e; },
    ];
    for (const make of edits) {
      assert.ok(await vscode.workspace.applyEdit(make(document)));
      const expected = scanText(document.getText(), { path: document.uri.path, languageId: 'typescript' });
      const actual = await settle(document.uri, expected.length);
      const toKey = (start: vscode.Position, end: vscode.Position) => `${start.line}:${start.character}-${end.line}:${end.character}`;
      assert.deepEqual(
        actual.map((d) => toKey(d.range.start, d.range.end)).sort(),
        expected.map((f) => toKey(document.positionAt(f.secretRange.start), document.positionAt(f.secretRange.end))).sort(),
      );
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

/**
 * Type-checks rewritten JavaScript/TypeScript files against the real SDK types installed in node_modules, as the
 * fix tests need: strict, JavaScript checked too, Node 16 modules. Returns one message per diagnostic in the
 * given files (`path:line:column message`), none when they type-check.
 */
import { relative } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './repoRoot';

export function sdkTypeErrors(files: readonly string[], overrides: ts.CompilerOptions = {}): string[] {
  if (files.length === 0) return [];
  const program = ts.createProgram([...files], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowJs: true,
    checkJs: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    esModuleInterop: true,
    jsx: ts.JsxEmit.Preserve,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    typeRoots: [`${repoRoot}/node_modules/@types`],
    baseUrl: repoRoot,
    ...overrides,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file || files.includes(d.file.fileName))
    .map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const file = d.file ? relative(repoRoot, d.file.fileName) : '';
      return `${file}${where ? `:${where.line + 1}:${where.character + 1}` : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}

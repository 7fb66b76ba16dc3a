/** Java: locating the secret and the language's `CodeLanguage` module; the rewrites are in `javaRecipes.ts`. */
import type { Finding } from '../../../secrets/types';
import type { SyntaxNode } from '../../types';
import type { Binding, CodeLanguage, SecretSite } from '../codeLanguage';
import { closest, concatenationRoot, rangeOf } from '../syntax';
import { blockMemberRemovalRange } from '../textEdits';
import { javaImportEdits } from './javaImports';
import { rewriteJava } from './javaRecipes';
import { declarationOf, declarationScope, JAVA_WRAPPERS, javaReferences, str, stringContent } from './javaSyntax';

function findSite(root: SyntaxNode, text: string, finding: Finding): SecretSite | undefined {
  const { start, end } = finding.secretRange;
  const literal = closest(root.descendantForIndex(start, end), new Set(['string_literal']));
  if (!literal || literal.startIndex > start || literal.endIndex < end) return undefined;
  const value = concatenationRoot(literal, JAVA_WRAPPERS, 'binary_expression');
  const site: SecretSite = { literal, value, valueText: stringContent(value) };
  const binding = bindingOf(value, text);
  return binding ? { ...site, binding } : site;
}

function bindingOf(value: SyntaxNode, text: string): Binding | undefined {
  const decl = declarationOf(value);
  if (!decl) return undefined;
  const { declarator, name, statement, declarators } = decl;
  const where = declarationScope(statement);
  if (!where) return undefined;
  let removal = blockMemberRemovalRange(text, rangeOf(statement));
  if (declarators.length > 1) {
    const i = declarators.findIndex((d) => d.startIndex === declarator.startIndex);
    removal = i < declarators.length - 1
      ? { start: declarator.startIndex, end: declarators[i + 1].startIndex }
      : { start: declarators[i - 1].endIndex, end: declarator.endIndex };
  }
  const references = javaReferences(text, where.scope, name.text, name, where.ownerType);
  return { name: name.text, removal, references, escapes: where.escapes };
}

export const javaLanguage: CodeLanguage = {
  ecosystem: 'maven',
  grammar: () => 'java',
  findSite,
  rewrite: rewriteJava,
  importEdits: javaImportEdits,
  environmentRead(name) {
    return { expression: `System.getenv(${str(name)})`, imports: [] };
  },
};

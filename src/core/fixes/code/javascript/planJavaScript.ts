/**
 * JavaScript and TypeScript (incl. JSX/TSX): locating the secret and the language's `CodeLanguage` module.
 * The per-SDK rewrites are in `jsRecipes.ts`.
 */
import type { Finding } from '../../../secrets/types';
import type { FixDocument, SyntaxNode } from '../../types';
import type { Binding, CodeLanguage, GrammarName, SecretSite } from '../codeLanguage';
import { closest, concatenationRoot, findIdentifiers, named, rangeOf, valueParent } from '../syntax';
import { statementRemovalRange } from '../textEdits';
import { jsImportEdits } from './jsImports';
import { rewriteJavaScript } from './jsRecipes';
import { isTypeScript, WRAPPERS } from './jsSyntax';

const STRINGS = new Set(['string', 'template_string']);
const SCOPES = new Set(['program', 'statement_block', 'class_body', 'switch_body']);
const REFERENCES = new Set(['identifier', 'shorthand_property_identifier']);

function grammar(doc: FixDocument): GrammarName {
  const id = doc.languageId;
  const path = doc.path ?? '';
  if (id === 'typescriptreact' || /\.tsx$/i.test(path)) return 'tsx';
  if (id === 'typescript' || (!id && /\.(c|m)?ts$/i.test(path))) return 'typescript';
  return 'javascript';
}

function stringContent(node: SyntaxNode): string {
  if (STRINGS.has(node.type)) return node.text.slice(1, -1);
  return named(node).map(stringContent).join('');
}

function findSite(root: SyntaxNode, text: string, finding: Finding): SecretSite | undefined {
  const { start, end } = finding.secretRange;
  const literal = closest(root.descendantForIndex(start, end), STRINGS);
  if (!literal || literal.startIndex > start || literal.endIndex < end) return undefined;
  const value = concatenationRoot(literal, WRAPPERS, 'binary_expression');
  const site: SecretSite = { literal, value, valueText: stringContent(value) };
  const binding = bindingOf(value, text);
  return binding ? { ...site, binding } : site;
}

function bindingOf(value: SyntaxNode, text: string): Binding | undefined {
  const { parent: declarator, child } = valueParent(value, WRAPPERS);
  if (declarator?.type !== 'variable_declarator' || declarator.childForFieldName('value')?.startIndex !== child.startIndex) return undefined;
  const nameNode = declarator.childForFieldName('name');
  const declaration = declarator.parent;
  if (nameNode?.type !== 'identifier' || !declaration) return undefined;
  const exported = declaration.parent?.type === 'export_statement';
  const scope = closest(exported ? declaration.parent : declaration, SCOPES);
  if (!scope) return undefined;
  const declarators = named(declaration).filter((d) => d.type === 'variable_declarator');
  let removal = statementRemovalRange(text, rangeOf(declaration));
  if (declarators.length > 1) {
    const i = declarators.findIndex((d) => d.startIndex === declarator.startIndex);
    removal = i < declarators.length - 1
      ? { start: declarator.startIndex, end: declarators[i + 1].startIndex }
      : { start: declarators[i - 1].endIndex, end: declarator.endIndex };
  }
  const references = findIdentifiers(text, scope, nameNode.text, REFERENCES).filter((r) => r.startIndex !== nameNode.startIndex);
  return { name: nameNode.text, removal, references, escapes: exported };
}

export const javaScriptLanguage: CodeLanguage = {
  ecosystem: 'npm',
  grammar,
  findSite,
  rewrite: rewriteJavaScript,
  importEdits(root, text, needs, maybeUnused, rewritten) {
    return jsImportEdits(root, text, needs, maybeUnused, rewritten, false);
  },
  environmentRead(name, ctx) {
    return { expression: `process.env.${name}${isTypeScript(ctx) ? '!' : ''}`, imports: [] };
  },
};

/** TypeScript prefers ESM imports when the file has neither imports nor requires yet. */
export const typeScriptLanguage: CodeLanguage = {
  ...javaScriptLanguage,
  importEdits(root, text, needs, maybeUnused, rewritten) {
    return jsImportEdits(root, text, needs, maybeUnused, rewritten, true);
  },
};

/** Go: locating the secret and the language's `CodeLanguage` module; the rewrites are in `goRecipes.ts`. */
import type { Finding } from '../../../secrets/types';
import type { SyntaxNode, TextEdit } from '../../types';
import type { Binding, CodeLanguage, SecretSite } from '../codeLanguage';
import { closest, concatenationRoot, named, rangeOf } from '../syntax';
import { blockMemberRemovalRange, replace } from '../textEdits';
import { goImportEdits } from './goImports';
import { rewriteGo } from './goRecipes';
import { declarationOf, declarationScope, GO_STRINGS, GO_WRAPPERS, goReferences, str, stringContent } from './goSyntax';

function findSite(root: SyntaxNode, text: string, finding: Finding): SecretSite | undefined {
  const { start, end } = finding.secretRange;
  const literal = closest(root.descendantForIndex(start, end), GO_STRINGS);
  if (!literal || literal.startIndex > start || literal.endIndex < end) return undefined;
  const value = concatenationRoot(literal, GO_WRAPPERS, 'binary_expression');
  const site: SecretSite = { literal, value, valueText: stringContent(value) };
  const binding = bindingOf(value, text);
  return binding ? { ...site, binding } : site;
}

function bindingOf(value: SyntaxNode, text: string): Binding | undefined {
  const decl = declarationOf(value);
  if (!decl) return undefined;
  const where = declarationScope(decl);
  if (!where) return undefined;
  // One spec of a `var ( … )` / `const ( … )` group goes alone; a lone declaration goes whole.
  const removal = blockMemberRemovalRange(text, rangeOf(decl.specs > 1 ? decl.spec : decl.statement));
  const references = goReferences(text, where.scope, decl.name.text, decl.name);
  return { name: decl.name.text, removal, references, escapes: where.escapes };
}

/**
 * A `const` the environment read initialises cannot stay constant: the declaration becomes `var`. A group that
 * relies on `iota` or implicit repetition cannot: an edit overlapping the read makes the plan unavailable.
 */
function constEdits(value: SyntaxNode): TextEdit[] {
  const decl = declarationOf(value);
  if (decl?.kind !== 'const') return [];
  const specs = named(decl.statement).filter((c) => c.type === 'const_spec');
  if (specs.some((s) => !s.childForFieldName('value') || /\biota\b/.test(s.text))) return [replace(rangeOf(value), '')];
  const keyword = decl.statement.children.find((c) => c?.type === 'const');
  return keyword ? [replace(rangeOf(keyword), 'var')] : [];
}

export const goLanguage: CodeLanguage = {
  ecosystem: 'go',
  grammar: () => 'go',
  findSite,
  rewrite: rewriteGo,
  importEdits: goImportEdits,
  environmentRead(name, ctx) {
    return { expression: `os.Getenv(${str(name)})`, imports: [{ module: 'os', name: '' }], edits: constEdits(ctx.site.value) };
  },
};

/** Python: locating the secret and the language's `CodeLanguage` module; the rewrites are in `pyRecipes.ts`. */
import type { Finding } from '../../../secrets/types';
import type { SyntaxNode } from '../../types';
import type { Binding, CodeLanguage, SecretSite } from '../codeLanguage';
import { closest, concatenationRoot, named, rangeOf, valueParent } from '../syntax';
import { statementRemovalRange } from '../textEdits';
import { pyImportEdits } from './pyImports';
import { rewritePython } from './pyRecipes';
import { pyReferences, PY_WRAPPERS } from './pySyntax';

const SCOPES = new Set(['function_definition', 'class_definition', 'module']);

function stringContent(node: SyntaxNode): string {
  if (node.type === 'string') return named(node).filter((c) => c.type === 'string_content').map((c) => c.text).join('');
  return named(node).map(stringContent).join('');
}

function findSite(root: SyntaxNode, text: string, finding: Finding): SecretSite | undefined {
  const { start, end } = finding.secretRange;
  let literal = closest(root.descendantForIndex(start, end), new Set(['string']));
  if (!literal || literal.startIndex > start || literal.endIndex < end) return undefined;
  if (literal.parent?.type === 'concatenated_string') literal = literal.parent;
  const value = concatenationRoot(literal, PY_WRAPPERS, 'binary_operator');
  const site: SecretSite = { literal, value, valueText: stringContent(value) };
  const binding = bindingOf(value, text);
  return binding ? { ...site, binding } : site;
}

function bindingOf(value: SyntaxNode, text: string): Binding | undefined {
  const { parent: assignment, child } = valueParent(value, PY_WRAPPERS);
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.startIndex !== child.startIndex) return undefined;
  const left = assignment.childForFieldName('left');
  const statement = assignment.parent;
  if (left?.type !== 'identifier' || statement?.type !== 'expression_statement') return undefined;
  const scope = closest(statement, SCOPES);
  if (!scope) return undefined;
  const references = pyReferences(text, scope, left.text).filter((r) => r.startIndex !== left.startIndex);
  // `__all__` naming it means other modules import it.
  const escapes = new RegExp(`__all__[^\\n]*["']${left.text}["']`).test(text);
  return { name: left.text, removal: statementRemovalRange(text, rangeOf(statement)), references, escapes };
}

export const pythonLanguage: CodeLanguage = {
  ecosystem: 'pypi',
  grammar: () => 'python',
  findSite,
  rewrite: rewritePython,
  importEdits: pyImportEdits,
  environmentRead(name) {
    return { expression: `os.environ["${name}"]`, imports: [{ module: 'os', name: '' }] };
  },
};

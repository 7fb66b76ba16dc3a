/** C#: locating the secret and the language's `CodeLanguage` module; the rewrites are in `csRecipes.ts`. */
import type { Finding } from '../../../secrets/types';
import type { SyntaxNode, TextEdit } from '../../types';
import type { Binding, CodeLanguage, SecretSite } from '../codeLanguage';
import { closest, concatenationRoot, named, rangeOf, valueParent } from '../syntax';
import { blockMemberRemovalRange, replace } from '../textEdits';
import { rewriteCSharp } from './csRecipes';
import { CS_WRAPPERS, csReferences, str, stringContent, STRINGS } from './csSyntax';
import { csUsingEdits } from './csUsings';

const TYPES = new Set(['class_declaration', 'struct_declaration', 'record_declaration', 'record_struct_declaration', 'interface_declaration']);
const LOCAL_SCOPES = new Set(['block', 'switch_section', 'compilation_unit']);

function findSite(root: SyntaxNode, text: string, finding: Finding): SecretSite | undefined {
  const { start, end } = finding.secretRange;
  const literal = closest(root.descendantForIndex(start, end), STRINGS);
  if (!literal || literal.startIndex > start || literal.endIndex < end) return undefined;
  const value = concatenationRoot(literal, CS_WRAPPERS, 'binary_expression');
  const site: SecretSite = { literal, value, valueText: stringContent(value) };
  const binding = bindingOf(value, text);
  return binding ? { ...site, binding } : site;
}

/** The declarator a value initialises, with its declaration statement (local, top-level or field). */
function declarationOf(value: SyntaxNode): { declarator: SyntaxNode; name: SyntaxNode; statement: SyntaxNode; declarators: SyntaxNode[] } | undefined {
  const { parent: declarator, child } = valueParent(value, CS_WRAPPERS);
  if (declarator?.type !== 'variable_declarator') return undefined;
  const name = declarator.childForFieldName('name');
  const init = named(declarator).pop();
  if (name?.type !== 'identifier' || !init || init.startIndex !== child.startIndex || init.startIndex === name.startIndex) return undefined;
  const declaration = declarator.parent;
  const statement = declaration?.parent;
  if (declaration?.type !== 'variable_declaration' || !statement) return undefined;
  if (statement.type !== 'local_declaration_statement' && statement.type !== 'field_declaration') return undefined;
  return { declarator, name, statement, declarators: named(declaration).filter((d) => d.type === 'variable_declarator') };
}

const modifiers = (statement: SyntaxNode) => named(statement).filter((c) => c.type === 'modifier');

function bindingOf(value: SyntaxNode, text: string): Binding | undefined {
  const decl = declarationOf(value);
  if (!decl) return undefined;
  const { declarator, name, declarators } = decl;
  let statement = decl.statement;
  let scope: SyntaxNode | null;
  let escapes = false;
  let typeName: string | undefined;
  if (statement.type === 'field_declaration') {
    const type = closest(statement, TYPES);
    if (!type) return undefined;
    scope = type;
    typeName = type.childForFieldName('name')?.text;
    // Other files can read a non-private field, or a private one of a partial type.
    const mods = modifiers(statement).map((m) => m.text);
    escapes = mods.some((m) => m === 'public' || m === 'internal' || m === 'protected') || modifiers(type).some((m) => m.text === 'partial');
  } else {
    if (statement.parent?.type === 'global_statement') statement = statement.parent;
    scope = closest(statement.parent, LOCAL_SCOPES);
  }
  if (!scope) return undefined;
  let removal = blockMemberRemovalRange(text, rangeOf(statement));
  if (declarators.length > 1) {
    const i = declarators.findIndex((d) => d.startIndex === declarator.startIndex);
    removal = i < declarators.length - 1
      ? { start: declarator.startIndex, end: declarators[i + 1].startIndex }
      : { start: declarators[i - 1].endIndex, end: declarator.endIndex };
  }
  const references = csReferences(text, scope, name.text, name, typeName);
  return { name: name.text, removal, references, escapes };
}

/**
 * A `const` the environment read initialises can no longer be constant: a field becomes `static readonly`,
 * a local a plain variable.
 */
function constEdits(value: SyntaxNode, text: string): TextEdit[] {
  const decl = declarationOf(value);
  const constant = decl && modifiers(decl.statement).find((m) => m.text === 'const');
  if (!decl || !constant) return [];
  if (decl.statement.type === 'field_declaration') return [replace(rangeOf(constant), 'static readonly')];
  const space = /^\s*/.exec(text.slice(constant.endIndex))?.[0].length ?? 0;
  return [replace({ start: constant.startIndex, end: constant.endIndex + space }, '')];
}

export const cSharpLanguage: CodeLanguage = {
  ecosystem: 'nuget',
  grammar: () => 'csharp',
  findSite,
  rewrite: rewriteCSharp,
  importEdits(root, text, needs) {
    return csUsingEdits(root, text, needs);
  },
  environmentRead(name, ctx) {
    return {
      expression: `Environment.GetEnvironmentVariable(${str(name)}) ?? throw new InvalidOperationException(${str(`${name} is not set.`)})`,
      imports: [{ module: 'System', name: '' }],
      edits: constEdits(ctx.site.value, ctx.text),
    };
  },
};

/** Go node helpers shared by the locator and the recipes: strings, calls, declarations, imports, credentials. */
import type { SyntaxNode } from '../../types';
import type { RewriteContext } from '../codeLanguage';
import { closest, findIdentifiers, named, valueParent } from '../syntax';

export const GO_WRAPPERS = new Set(['parenthesized_expression']);
export const GO_STRINGS = new Set(['interpreted_string_literal', 'raw_string_literal']);
export const IDENTITY_PATH = 'github.com/Azure/azure-sdk-for-go/sdk/azidentity';

/** A Go interpreted string literal for `value`. */
export function str(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The value of a string literal without escapes (raw literals as written), else undefined. */
export function stringValue(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1);
  if (node.type !== 'interpreted_string_literal') return undefined;
  const parts = named(node);
  if (parts.some((p) => p.type !== 'interpreted_string_literal_content')) return undefined;
  return parts.map((p) => p.text).join('');
}

/** The text inside a string literal or a concatenation of them (escapes left as written). */
export function stringContent(node: SyntaxNode): string {
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1);
  if (node.type === 'interpreted_string_literal') return named(node).map((p) => p.text).join('');
  return named(node).map(stringContent).join('');
}

/** The path → local package name map of the file's imports (`_` and `.` imports left out). */
export function importNames(root: SyntaxNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const decl of named(root)) {
    if (decl.type !== 'import_declaration') continue;
    const specs = named(decl).flatMap((c) => (c.type === 'import_spec_list' ? named(c) : [c])).filter((s) => s.type === 'import_spec');
    for (const spec of specs) {
      const path = stringValue(spec.childForFieldName('path'));
      if (path === undefined) continue;
      const alias = spec.childForFieldName('name')?.text;
      if (alias === '_' || alias === '.') continue;
      out.set(path, alias ?? defaultName(path));
    }
  }
  return out;
}

/** The name a package is imported under by default: its last path element, without a `/vN` suffix. */
export function defaultName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last.replace(/^go-/, '').replace(/[.-]/g, '_');
}

/** `pkg.Func(args)`: the package's import path (when the operand is an imported package), the function and its arguments. */
export interface GoCall {
  readonly node: SyntaxNode;
  /** The local name before the dot (`azblob`), or undefined for a plain call. */
  readonly pkg?: string;
  /** The import path of `pkg`, when it names an imported package. */
  readonly path?: string;
  readonly name: string;
  readonly nameNode: SyntaxNode;
  readonly args: readonly SyntaxNode[];
}

export function goCall(node: SyntaxNode | null | undefined, imports: ReadonlyMap<string, string>): GoCall | undefined {
  if (node?.type !== 'call_expression') return undefined;
  const fn = node.childForFieldName('function');
  const argList = node.childForFieldName('arguments');
  if (!fn || argList?.type !== 'argument_list') return undefined;
  // A variadic spread (`f(xs...)`) is not a plain argument list.
  if (argList.children.some((c) => c?.type === '...')) return undefined;
  const args = named(argList);
  if (fn.type === 'selector_expression') {
    const operand = fn.childForFieldName('operand');
    const field = fn.childForFieldName('field');
    if (!field) return undefined;
    const pkg = operand?.type === 'identifier' ? operand.text : undefined;
    const path = pkg ? [...imports].find(([, local]) => local === pkg)?.[0] : undefined;
    return { node, pkg, path, name: field.text, nameNode: field, args };
  }
  if (fn.type === 'identifier') return { node, name: fn.text, nameNode: fn, args };
  return undefined;
}

/** The call whose argument list holds `node` (through parentheses), with the argument's index. */
export function argumentOf(node: SyntaxNode, imports: ReadonlyMap<string, string>): { call: GoCall; index: number } | undefined {
  const { parent, child } = valueParent(node, GO_WRAPPERS);
  if (parent?.type !== 'argument_list') return undefined;
  const call = goCall(parent.parent, imports);
  if (!call) return undefined;
  const index = call.args.findIndex((a) => a.startIndex === child.startIndex && a.endIndex === child.endIndex);
  return index < 0 ? undefined : { call, index };
}

/** A declaration of one name with one value: `x := v`, `var x = v`, `const x = v` (alone or in a group). */
export interface GoDeclaration {
  readonly name: SyntaxNode;
  /** The `short_var_declaration`, or the `var_spec` / `const_spec`. */
  readonly spec: SyntaxNode;
  /** The whole statement or declaration (`var ( … )` for a spec in a group). */
  readonly statement: SyntaxNode;
  /** How many specs the declaration holds (1 unless grouped). */
  readonly specs: number;
  readonly kind: 'short' | 'var' | 'const';
  /** Declared type of a `var`/`const` spec, if written. */
  readonly type?: SyntaxNode;
}

/** The declaration `value` initialises, when it is the only value of the only name declared. */
export function declarationOf(value: SyntaxNode): GoDeclaration | undefined {
  const { parent: list, child } = valueParent(value, GO_WRAPPERS);
  if (list?.type !== 'expression_list' || named(list).length !== 1 || named(list)[0].startIndex !== child.startIndex) return undefined;
  const spec = list.parent;
  if (!spec) return undefined;
  if (spec.type === 'short_var_declaration') {
    if (spec.childForFieldName('right')?.startIndex !== list.startIndex) return undefined;
    const left = named(spec.childForFieldName('left'));
    if (left.length !== 1 || left[0].type !== 'identifier') return undefined;
    return { name: left[0], spec, statement: spec, specs: 1, kind: 'short' };
  }
  if (spec.type !== 'var_spec' && spec.type !== 'const_spec') return undefined;
  const names = named(spec).filter((c) => c.type === 'identifier' && c.endIndex <= list.startIndex);
  if (names.length !== 1 || spec.childForFieldName('value')?.startIndex !== list.startIndex) return undefined;
  // `var ( … )` wraps its specs in a list; `const ( … )` does not.
  const statement = spec.parent?.type === 'var_spec_list' ? spec.parent.parent : spec.parent;
  if (!statement || (statement.type !== 'var_declaration' && statement.type !== 'const_declaration')) return undefined;
  const specs = named(statement).flatMap((c) => (c.type === 'var_spec_list' ? named(c) : [c])).filter((c) => c.type === spec.type).length;
  return { name: names[0], spec, statement, specs, kind: spec.type === 'var_spec' ? 'var' : 'const', type: spec.childForFieldName('type') ?? undefined };
}

/**
 * Where a declared name can be read: a local's enclosing block; a package-level name escapes (any file of the
 * package may read it, exported or not).
 */
export function declarationScope(decl: GoDeclaration): { scope: SyntaxNode; escapes: boolean } | undefined {
  if (decl.statement.parent?.type === 'source_file') return { scope: decl.statement.parent, escapes: true };
  const block = closest(decl.statement, new Set(['block', 'func_literal', 'source_file']));
  return block ? { scope: block, escapes: false } : undefined;
}

/** Identifiers that read `name` in `scope` (not struct keys `T{name: …}`, nor the declaration itself). */
export function goReferences(text: string, scope: SyntaxNode, name: string, declaration: SyntaxNode): SyntaxNode[] {
  return findIdentifiers(text, scope, name, new Set(['identifier'])).filter((r) => {
    if (r.startIndex === declaration.startIndex) return false;
    const p = r.parent;
    if (p?.type === 'literal_element' && p.parent?.type === 'keyed_element' && p.parent.childForFieldName('key')?.startIndex === p.startIndex) return false;
    return true;
  });
}

/** The credential constructor for the chosen identity, written with the file's name for azidentity. */
export function credentialCall(ctx: Pick<RewriteContext, 'identity'>, azidentity: string): { text: string; label: string } {
  if (ctx.identity.kind === 'userAssigned') {
    return {
      text: `${azidentity}.NewManagedIdentityCredential(&${azidentity}.ManagedIdentityCredentialOptions{ID: ${azidentity}.ClientID(${str(ctx.identity.clientId)})})`,
      label: 'ManagedIdentityCredential',
    };
  }
  return { text: `${azidentity}.NewDefaultAzureCredential(nil)`, label: 'DefaultAzureCredential' };
}

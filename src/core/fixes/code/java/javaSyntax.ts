/** Java node helpers shared by the locator and the recipes: strings, calls, builder chains, credentials. */
import type { SyntaxNode } from '../../types';
import type { ImportNeed, RewriteContext } from '../codeLanguage';
import { closest, findIdentifiers, memberReferences, named, valueParent, type MemberReferenceGrammar } from '../syntax';

/** Wrappers that pass a value through unchanged. */
export const JAVA_WRAPPERS = new Set(['parenthesized_expression']);

export const IDENTITY_PACKAGE = 'com.azure.identity';

/** A Java string literal for `value`. */
export function str(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The value of a one-line string literal without escapes, else undefined. */
export function stringValue(node: SyntaxNode | null | undefined): string | undefined {
  if (node?.type !== 'string_literal' || node.text.startsWith('"""')) return undefined;
  const parts = named(node);
  if (parts.some((p) => p.type !== 'string_fragment')) return undefined;
  return parts.map((p) => p.text).join('');
}

/** The text inside a string literal or a concatenation of them (escapes left as written). */
export function stringContent(node: SyntaxNode): string {
  if (node.type === 'string_literal') return named(node).map((p) => p.text).join('');
  return named(node).map(stringContent).join('');
}

/** The last simple name of a type (`com.azure.X.Builder` → `Builder`, `List<String>` → `List`). */
export function typeName(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'type_identifier':
    case 'identifier':
      return node.text;
    case 'scoped_type_identifier':
    case 'scoped_identifier':
      return typeName(named(node).pop());
    case 'generic_type':
      return typeName(named(node)[0]);
    default:
      return undefined;
  }
}

/** The declarator a value initialises, with its declaration (local variable or field). */
export function declarationOf(value: SyntaxNode): { declarator: SyntaxNode; name: SyntaxNode; statement: SyntaxNode; declarators: SyntaxNode[] } | undefined {
  const { parent: declarator, child } = valueParent(value, JAVA_WRAPPERS);
  if (declarator?.type !== 'variable_declarator' || declarator.childForFieldName('value')?.startIndex !== child.startIndex) return undefined;
  const name = declarator.childForFieldName('name');
  const statement = declarator.parent;
  if (name?.type !== 'identifier' || !statement) return undefined;
  if (statement.type !== 'local_variable_declaration' && statement.type !== 'field_declaration' && statement.type !== 'constant_declaration') return undefined;
  if (named(declarator).some((c) => c.type === 'dimensions')) return undefined;
  return { declarator, name, statement, declarators: named(statement).filter((d) => d.type === 'variable_declarator') };
}

const TYPES = new Set(['class_declaration', 'enum_declaration', 'record_declaration', 'interface_declaration']);
const LOCAL_PARENTS = new Set(['block', 'constructor_body', 'switch_block_statement_group', 'switch_rule', 'program']);
const modifierWords = (statement: SyntaxNode) => named(statement).find((c) => c.type === 'modifiers')?.text.split(/\s+/) ?? [];

/**
 * Where a declaration's name can be read: a local's enclosing block; a field's top-level type (private members
 * are visible to nested types too), with the declaring type's name for `Type.NAME`. A field that is not private,
 * or an interface constant, `escapes`: other files may read it.
 */
export function declarationScope(statement: SyntaxNode): { scope: SyntaxNode; ownerType?: string; escapes: boolean } | undefined {
  if (statement.type === 'local_variable_declaration') {
    return statement.parent && LOCAL_PARENTS.has(statement.parent.type) ? { scope: statement.parent, escapes: false } : undefined;
  }
  const owner = closest(statement, TYPES);
  if (!owner) return undefined;
  let top = owner;
  for (let t = closest(owner.parent, TYPES); t; t = closest(t.parent, TYPES)) top = t;
  const escapes = statement.type === 'constant_declaration' || owner.type === 'interface_declaration' || !modifierWords(statement).includes('private');
  return { scope: top, ownerType: owner.childForFieldName('name')?.text, escapes };
}

/** `new T(...)` or a method call `x.m(...)` / `m(...)`. */
export interface JavaCall {
  readonly node: SyntaxNode;
  readonly isNew: boolean;
  /** The constructed type's simple name, or the method name. */
  readonly name: string;
  /** The method name node (method calls only). */
  readonly nameNode?: SyntaxNode;
  /** The receiver of a method call. */
  readonly object?: SyntaxNode;
  readonly args: readonly SyntaxNode[];
}

export function javaCall(node: SyntaxNode | null | undefined): JavaCall | undefined {
  if (!node) return undefined;
  const argList = node.childForFieldName('arguments');
  if (argList?.type !== 'argument_list') return undefined;
  const args = named(argList);
  if (node.type === 'object_creation_expression') {
    // An anonymous subclass (`new T() { … }`) is not the plain type.
    if (named(node).some((c) => c.type === 'class_body')) return undefined;
    const name = typeName(node.childForFieldName('type'));
    return name ? { node, isNew: true, name, args } : undefined;
  }
  if (node.type === 'method_invocation') {
    const nameNode = node.childForFieldName('name');
    if (!nameNode) return undefined;
    return { node, isNew: false, name: nameNode.text, nameNode, object: node.childForFieldName('object') ?? undefined, args };
  }
  return undefined;
}

/** The call whose argument list holds `node` (through parentheses), with the argument's index. */
export function argumentOf(node: SyntaxNode): { call: JavaCall; index: number } | undefined {
  const { parent, child } = valueParent(node, JAVA_WRAPPERS);
  if (parent?.type !== 'argument_list') return undefined;
  const call = javaCall(parent.parent);
  if (!call) return undefined;
  const index = call.args.findIndex((a) => a.startIndex === child.startIndex && a.endIndex === child.endIndex);
  return index < 0 ? undefined : { call, index };
}

const javaReferenceGrammar: MemberReferenceGrammar = {
  memberAccess: 'field_access',
  objectField: 'object',
  memberField: 'field',
  // A method of the same name (`x.name()`, `Type::name`) is not the variable.
  notReference: (p, isField) => (p.type === 'method_invocation' && isField('name')) || p.type === 'method_reference',
};

/**
 * Identifiers that read the variable `name` in `scope`: plain names, and `this.name` / `Type.name` (given back
 * as the field access). Method names, fields of other objects and the declaration itself are not reads.
 */
export function javaReferences(text: string, scope: SyntaxNode, name: string, declaration: SyntaxNode, ownerType?: string): SyntaxNode[] {
  return memberReferences(text, scope, name, declaration, ownerType, javaReferenceGrammar);
}

/** A builder chain `new XBuilder().a(…).b(…)…`, root first. */
export interface BuilderChain {
  /** The builder type's simple name (`BlobServiceClientBuilder`). */
  readonly builder: string;
  /** The method calls along the chain, in call order. */
  readonly calls: readonly JavaCall[];
  /** The whole chain expression (its outermost call). */
  readonly outer: SyntaxNode;
  /** `new XBuilder()`, or the builder variable. */
  readonly root: SyntaxNode;
}

/**
 * The chain `call` belongs to, with the builder type taken from `new XBuilder()` at its root, or from the
 * declaration of a builder variable at its root (`BlobServiceClientBuilder builder = …; builder.a(…)`).
 */
export function builderChain(call: JavaCall, ctx: RewriteContext): BuilderChain | undefined {
  if (call.isNew) return undefined;
  let outer = call.node;
  while (outer.parent?.type === 'method_invocation' && outer.parent.childForFieldName('object')?.startIndex === outer.startIndex && outer.parent.childForFieldName('object')?.endIndex === outer.endIndex) {
    outer = outer.parent;
  }
  const calls: JavaCall[] = [];
  let n: SyntaxNode | null = outer;
  let root: SyntaxNode | null = null;
  while (n) {
    const c = javaCall(n);
    if (!c) return undefined;
    if (c.isNew) {
      root = n;
      break;
    }
    calls.unshift(c);
    n = c.object ?? null;
    if (n?.type === 'identifier') {
      root = n;
      break;
    }
    if (n?.type !== 'method_invocation' && n?.type !== 'object_creation_expression') return undefined;
  }
  if (!root) return undefined;
  const builder = root.type === 'identifier' ? declaredBuilder(root, ctx) : javaCall(root)?.name;
  return builder && /Builder$/.test(builder) ? { builder, calls, outer, root } : undefined;
}

/** The type a builder variable was declared with (`var` takes the `new T()` it is initialised with). */
function declaredBuilder(id: SyntaxNode, ctx: RewriteContext): string | undefined {
  for (const d of findIdentifiers(ctx.text, ctx.root, id.text, new Set(['identifier']))) {
    const declarator = d.parent;
    if (declarator?.type !== 'variable_declarator' || declarator.childForFieldName('name')?.startIndex !== d.startIndex) continue;
    if (d.startIndex > id.startIndex) continue;
    const declared = typeName(declarator.parent?.childForFieldName('type'));
    if (declared && declared !== 'var') return declared;
    const init = javaCall(declarator.childForFieldName('value'));
    return init?.isNew ? init.name : undefined;
  }
  return undefined;
}

/** The credential expression for the chosen identity, the import it needs and the type it builds. */
export function credentialExpression(ctx: Pick<RewriteContext, 'identity'>): { text: string; imports: ImportNeed[]; label: string } {
  const imports: ImportNeed[] = [{ module: IDENTITY_PACKAGE, name: 'DefaultAzureCredentialBuilder' }];
  if (ctx.identity.kind === 'userAssigned') {
    return {
      text: `new DefaultAzureCredentialBuilder().managedIdentityClientId(${str(ctx.identity.clientId)}).build()`,
      imports,
      label: 'DefaultAzureCredential (user-assigned identity)',
    };
  }
  return { text: 'new DefaultAzureCredentialBuilder().build()', imports, label: 'DefaultAzureCredential' };
}

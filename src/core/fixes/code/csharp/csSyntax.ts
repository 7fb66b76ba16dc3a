/** C# node helpers shared by the locator and the recipes: strings, calls and arguments, credentials. */
import type { SyntaxNode } from '../../types';
import type { ImportNeed, RewriteContext } from '../codeLanguage';
import { closest, memberReferences, named, valueParent, type MemberReferenceGrammar } from '../syntax';

/** Wrappers that pass a value through unchanged. */
export const CS_WRAPPERS = new Set(['parenthesized_expression']);

export const STRINGS = new Set(['string_literal', 'verbatim_string_literal', 'raw_string_literal', 'interpolated_string_expression']);

export const IDENTITY_NAMESPACE = 'Azure.Identity';

/** A C# string literal for `value` (regular, escaped). */
export function str(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The value of a plain string literal (regular without escapes, verbatim, raw), else undefined. */
export function stringValue(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string_literal') {
    const parts = named(node);
    if (parts.some((p) => p.type !== 'string_literal_content')) return undefined;
    return parts.map((p) => p.text).join('');
  }
  if (node.type === 'verbatim_string_literal') return node.text.slice(2, -1).replace(/""/g, '"');
  if (node.type === 'raw_string_literal') return named(node).find((p) => p.type === 'raw_string_content')?.text ?? '';
  return undefined;
}

/** The text inside a string literal (escapes left as written), for reading a connection string. */
export function stringContent(node: SyntaxNode): string {
  switch (node.type) {
    case 'string_literal':
      return named(node).map((p) => p.text).join('');
    case 'verbatim_string_literal':
      return node.text.slice(2, -1).replace(/""/g, '"');
    case 'raw_string_literal':
      return named(node).find((p) => p.type === 'raw_string_content')?.text ?? '';
    case 'interpolated_string_expression':
      return named(node).filter((p) => p.type === 'string_content').map((p) => p.text).join('');
    default:
      return named(node).map(stringContent).join('');
  }
}

export interface CsArgument {
  readonly node: SyntaxNode;
  /** The argument's expression (without `name:` and `ref`/`out`). */
  readonly value: SyntaxNode;
  readonly name?: string;
}

/** `new T(...)`, target-typed `new(...)` and method calls `x.M(...)`. */
export interface CsCall {
  readonly node: SyntaxNode;
  readonly isNew: boolean;
  /** The constructed type's last name (`BlobServiceClient`), or the method name (`Connect`). */
  readonly name: string;
  /** For a method call: the object's text (`ConnectionMultiplexer`, `options`). */
  readonly objectText?: string;
  readonly argList: SyntaxNode;
  readonly args: readonly CsArgument[];
}

/** The last simple name of a type or expression (`Azure.Storage.Blobs.BlobServiceClient` → `BlobServiceClient`). */
export function lastName(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'identifier':
      return node.text;
    case 'qualified_name':
    case 'member_access_expression':
      return lastName(node.childForFieldName('name'));
    case 'alias_qualified_name':
      return lastName(node.childForFieldName('name') ?? named(node).pop());
    case 'generic_name':
      return named(node).find((c) => c.type === 'identifier')?.text;
    case 'nullable_type':
      return lastName(node.childForFieldName('type') ?? named(node)[0]);
    default:
      return undefined;
  }
}

/**
 * The declared type a target-typed `new(...)` takes: the variable, field or property it initialises, or the
 * return type of the method or property it is returned from.
 */
function targetType(node: SyntaxNode): SyntaxNode | undefined {
  let { parent } = valueParent(node, CS_WRAPPERS);
  if (parent?.type === 'variable_declarator') {
    const declaration = parent.parent;
    return declaration?.type === 'variable_declaration' ? (declaration.childForFieldName('type') ?? undefined) : undefined;
  }
  if (parent?.type === 'return_statement') parent = closest(parent, new Set(['method_declaration', 'local_function_statement', 'lambda_expression', 'accessor_declaration']));
  else if (parent?.type === 'arrow_expression_clause') parent = parent.parent;
  if (parent?.type === 'property_declaration') return parent.childForFieldName('type') ?? undefined;
  if (parent?.type === 'method_declaration' || parent?.type === 'local_function_statement') return parent.childForFieldName('returns') ?? parent.childForFieldName('type') ?? undefined;
  return undefined;
}

export function csCall(node: SyntaxNode | null): CsCall | undefined {
  if (!node) return undefined;
  let name: string | undefined;
  let objectText: string | undefined;
  let argList: SyntaxNode | null | undefined;
  let isNew = true;
  if (node.type === 'object_creation_expression') {
    name = lastName(node.childForFieldName('type'));
    argList = node.childForFieldName('arguments');
  } else if (node.type === 'implicit_object_creation_expression') {
    name = lastName(targetType(node));
    argList = named(node).find((c) => c.type === 'argument_list');
  } else if (node.type === 'invocation_expression') {
    isNew = false;
    const fn = node.childForFieldName('function');
    argList = node.childForFieldName('arguments');
    if (fn?.type === 'member_access_expression') {
      name = lastName(fn.childForFieldName('name'));
      objectText = fn.childForFieldName('expression')?.text;
    } else {
      name = lastName(fn);
    }
  } else {
    return undefined;
  }
  if (!name || argList?.type !== 'argument_list') return undefined;
  const args: CsArgument[] = [];
  for (const a of named(argList)) {
    if (a.type !== 'argument') return undefined;
    const nameNode = a.childForFieldName('name');
    const value = named(a).filter((c) => !nameNode || c.startIndex !== nameNode.startIndex).pop();
    if (!value) return undefined;
    args.push(nameNode ? { node: a, value, name: nameNode.text } : { node: a, value });
  }
  return { node, isNew, name, objectText, argList, args };
}

/** The call whose argument list holds `node` (through parentheses), with the argument's index. */
export function argumentOf(node: SyntaxNode): { call: CsCall; index: number } | undefined {
  const { parent, child } = valueParent(node, CS_WRAPPERS);
  if (parent?.type !== 'argument') return undefined;
  const call = csCall(parent.parent?.parent ?? null);
  if (!call) return undefined;
  const index = call.args.findIndex((a) => a.value.startIndex === child.startIndex && a.value.endIndex === child.endIndex);
  return index < 0 ? undefined : { call, index };
}

const csReferenceGrammar: MemberReferenceGrammar = {
  memberAccess: 'member_access_expression',
  objectField: 'expression',
  memberField: 'name',
  // `Name: value` argument labels and `{ Name = value }` object initialiser members name properties.
  notReference: (p, isField) => (p.type === 'argument' && isField('name')) || (p.type === 'assignment_expression' && isField('left') && p.parent?.type === 'initializer_expression'),
};

/**
 * Identifiers that read the variable `name` in `scope`: plain names, and `this.name` / `Type.name` (given back as
 * the member access). Member names of other objects, named-argument labels, object-initializer property names
 * and the declaration itself are not reads.
 */
export function csReferences(text: string, scope: SyntaxNode, name: string, declaration: SyntaxNode, typeName?: string): SyntaxNode[] {
  return memberReferences(text, scope, name, declaration, typeName, csReferenceGrammar);
}

/** The credential expression for the chosen identity, and the namespace it needs. */
export function credentialExpression(ctx: Pick<RewriteContext, 'identity'>): { text: string; type: string; imports: ImportNeed[]; label: string } {
  const imports: ImportNeed[] = [{ module: IDENTITY_NAMESPACE, name: '' }];
  if (ctx.identity.kind === 'userAssigned') {
    return {
      text: `new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(${str(ctx.identity.clientId)}))`,
      type: 'ManagedIdentityCredential',
      imports,
      label: 'ManagedIdentityCredential',
    };
  }
  return { text: 'new DefaultAzureCredential()', type: 'DefaultAzureCredential', imports, label: 'DefaultAzureCredential' };
}

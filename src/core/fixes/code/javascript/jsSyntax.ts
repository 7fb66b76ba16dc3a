/** JavaScript/TypeScript specifics the recipes share: quoting, module style, calls, objects, credentials. */
import type { SyntaxNode } from '../../types';
import type { ImportNeed, RewriteContext } from '../codeLanguage';
import { named, valueParent } from '../syntax';
import { lineEndAt, lineStartAt } from '../textEdits';

/** Wrappers that pass a value through unchanged. */
export const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'non_null_expression', 'satisfies_expression', 'type_assertion']);

export const IDENTITY_MODULE = '@azure/identity';

export function isTypeScript(ctx: Pick<RewriteContext, 'doc'>): boolean {
  const id = ctx.doc.languageId;
  if (id === 'typescript' || id === 'typescriptreact') return true;
  if (id === 'javascript' || id === 'javascriptreact') return false;
  return /\.(c|m)?tsx?$/i.test(ctx.doc.path ?? '');
}

/** The quote the file uses for module names (falls back to the secret literal's, then double). */
export function quoteOf(text: string, literal?: SyntaxNode): string {
  const m = /^[ \t]*(?:import\b[^;\n]*?\bfrom\s*|(?:const|let|var)\b[^\n;]*?\brequire\s*\(\s*)(["'])/m.exec(text);
  if (m) return m[1];
  return literal?.text[0] === "'" ? "'" : '"';
}

export function str(value: string, quote: string): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** Calls and `new` expressions: the callee's last name, its full text, and for `X.m(...)` the object. */
export interface CallShape {
  readonly node: SyntaxNode;
  readonly isNew: boolean;
  /** `fromConnectionString` for `BlobServiceClient.fromConnectionString`, `ServiceBusClient` for `new sb.ServiceBusClient`. */
  readonly name: string;
  /** The member object's text (`BlobServiceClient`, `storage.BlobServiceClient`) for a method call. */
  readonly objectText?: string;
  /** The last name of the member object (`BlobServiceClient`). */
  readonly objectName?: string;
  /** Full callee text for `new` (`sb.ServiceBusClient`). */
  readonly calleeText: string;
  readonly args: SyntaxNode[];
}

export function callShape(node: SyntaxNode | null): CallShape | undefined {
  if (!node || (node.type !== 'call_expression' && node.type !== 'new_expression')) return undefined;
  const isNew = node.type === 'new_expression';
  const callee = node.childForFieldName(isNew ? 'constructor' : 'function');
  const argsNode = node.childForFieldName('arguments');
  if (!callee || !argsNode || argsNode.type !== 'arguments') return undefined;
  const args = named(argsNode);
  if (callee.type === 'member_expression') {
    const object = callee.childForFieldName('object');
    const property = callee.childForFieldName('property');
    if (!object || !property) return undefined;
    const objectName = object.type === 'member_expression' ? object.childForFieldName('property')?.text : object.text;
    return { node, isNew, name: property.text, objectText: object.text, objectName, calleeText: callee.text, args };
  }
  return { node, isNew, name: callee.text, calleeText: callee.text, args };
}

/** The call whose argument list holds `node` (through wrappers), with the argument's index. */
export function argumentOf(node: SyntaxNode): { call: CallShape; index: number } | undefined {
  const { parent, child } = valueParent(node, WRAPPERS);
  if (parent?.type !== 'arguments') return undefined;
  const call = callShape(parent.parent);
  if (!call) return undefined;
  const index = call.args.findIndex((a) => a.startIndex === child.startIndex && a.endIndex === child.endIndex);
  return index < 0 ? undefined : { call, index };
}

/** `key: value` pairs of an object literal by key (quotes stripped); shorthand `{ key }` included. */
export function objectProperties(obj: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const p of named(obj)) {
    if (p.type === 'pair') {
      const key = p.childForFieldName('key');
      if (key) out.set(key.text.replace(/^["'`]|["'`]$/g, ''), p);
    } else if (p.type === 'shorthand_property_identifier') {
      out.set(p.text, p);
    }
  }
  return out;
}

/** The text value of a plain string literal, or undefined for anything else. */
export function stringValue(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string' || (node.type === 'template_string' && !named(node).some((c) => c.type === 'template_substitution'))) {
    return node.text.slice(1, -1);
  }
  return undefined;
}

/** Range removing one object property with its comma (and its line when alone on it). */
export function propertyRemovalRange(text: string, prop: SyntaxNode): { start: number; end: number } {
  let end = prop.endIndex;
  const m = /^\s*,/.exec(text.slice(end));
  if (m) end += m[0].length;
  const ls = lineStartAt(text, prop.startIndex);
  if (/^[ \t]*$/.test(text.slice(ls, prop.startIndex))) {
    const le = lineEndAt(text, end);
    if (/^[ \t]*\r?$/.test(text.slice(end, le))) return { start: ls, end: Math.min(le + 1, text.length) };
  }
  const after = /^[ \t]*/.exec(text.slice(end))?.[0].length ?? 0;
  return { start: prop.startIndex, end: end + after };
}

/** The credential expression for the chosen identity, and its import. */
export function credentialExpression(ctx: RewriteContext, quote: string): { text: string; imports: ImportNeed[]; label: string } {
  if (ctx.identity.kind === 'userAssigned') {
    return {
      text: `new ManagedIdentityCredential({ clientId: ${str(ctx.identity.clientId, quote)} })`,
      imports: [{ module: IDENTITY_MODULE, name: 'ManagedIdentityCredential' }],
      label: 'ManagedIdentityCredential',
    };
  }
  return { text: 'new DefaultAzureCredential()', imports: [{ module: IDENTITY_MODULE, name: 'DefaultAzureCredential' }], label: 'DefaultAzureCredential' };
}

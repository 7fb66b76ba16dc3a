/**
 * Language-neutral helpers over tree-sitter nodes. Nodes from web-tree-sitter are fresh wrapper objects on
 * every access (`a.parent === b` is false for the same node), so nodes are compared by type and range.
 */
import type { OffsetRange } from '../../secrets/types';
import type { SyntaxNode, TextEdit } from '../types';
import { statementRemovalRange } from './textEdits';

export function sameNode(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.type === b.type && a.startIndex === b.startIndex && a.endIndex === b.endIndex;
}

export function rangeOf(node: SyntaxNode): OffsetRange {
  return { start: node.startIndex, end: node.endIndex };
}

export function contains(outer: OffsetRange | SyntaxNode, inner: OffsetRange | SyntaxNode): boolean {
  const o = 'startIndex' in outer ? rangeOf(outer) : outer;
  const i = 'startIndex' in inner ? rangeOf(inner) : inner;
  return o.start <= i.start && i.end <= o.end;
}

/** The nearest ancestor-or-self whose type is in `types`, stopping (and failing) at a type in `stopAt`. */
export function closest(
  node: SyntaxNode | null,
  types: ReadonlySet<string>,
  stopAt: ReadonlySet<string> = new Set(),
): SyntaxNode | null {
  for (let n = node; n; n = n.parent) {
    if (types.has(n.type)) return n;
    if (stopAt.has(n.type)) return null;
  }
  return null;
}

/** Named children without the nulls web-tree-sitter may report. */
export function named(node: SyntaxNode | null | undefined): SyntaxNode[] {
  return node ? node.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment') : [];
}

/** Parent, skipping wrappers that do not change the value (parentheses, TS `as`/`!`/`satisfies`). */
export function valueParent(node: SyntaxNode, transparent: ReadonlySet<string>): { parent: SyntaxNode | null; child: SyntaxNode } {
  let child = node;
  let parent = node.parent;
  while (parent && transparent.has(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

/**
 * Identifier nodes named `name` inside `scope`, found by a text search and checked against the tree (much
 * faster than walking every node of a large file). `types` are the node types that count as a reference.
 */
export function findIdentifiers(text: string, scope: SyntaxNode, name: string, types: ReadonlySet<string>): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const re = new RegExp(`(?<![\\w$])${name.replace(/[$]/g, '\\$')}(?![\\w$])`, 'g');
  re.lastIndex = scope.startIndex;
  for (let m = re.exec(text); m && m.index < scope.endIndex; m = re.exec(text)) {
    const node = scope.descendantForIndex(m.index, m.index + name.length);
    if (node && types.has(node.type) && node.startIndex === m.index && node.endIndex === m.index + name.length) out.push(node);
  }
  return out;
}

/** How a class-based grammar (C#, Java) spells member access and the places where a name is not a reference. */
export interface MemberReferenceGrammar {
  /** The member access node type (`member_access_expression`, `field_access`) and its object and member fields. */
  readonly memberAccess: string;
  readonly objectField: string;
  readonly memberField: string;
  /** True when the identifier, a child of `parent`, names something else (a method, a named argument…). */
  notReference(parent: SyntaxNode, isField: (field: string) => boolean): boolean;
}

/**
 * The references to a variable or field `name` declared at `declaration` inside `scope`: plain identifiers,
 * and `this.name` / `OwnerType.name` as the whole member access; other objects' members of the same name are
 * not references.
 */
export function memberReferences(text: string, scope: SyntaxNode, name: string, declaration: SyntaxNode, ownerType: string | undefined, grammar: MemberReferenceGrammar): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const r of findIdentifiers(text, scope, name, new Set(['identifier']))) {
    if (r.startIndex === declaration.startIndex) continue;
    const p = r.parent;
    if (!p) continue;
    const isField = (f: string) => p.childForFieldName(f)?.startIndex === r.startIndex;
    if (p.type === grammar.memberAccess && isField(grammar.memberField)) {
      const object = p.childForFieldName(grammar.objectField);
      if (object?.type === 'this' || (ownerType && object?.text === ownerType)) out.push(p);
      continue;
    }
    if (grammar.notReference(p, isField)) continue;
    out.push(r);
  }
  return out;
}

/** True when any node below `root` (inclusive) is an ERROR or MISSING node. */
export function hasSyntaxError(root: SyntaxNode): boolean {
  return root.hasError;
}

/**
 * The expression whose value the string `literal` is part of: the literal itself, or the outermost
 * `+` concatenation (`"AccountName=" + name + ";AccountKey=…"`) through `wrappers` (parentheses and the like).
 * `concatenation` is the grammar's binary node type (`binary_expression`, Python's `binary_operator`).
 */
export function concatenationRoot(literal: SyntaxNode, wrappers: ReadonlySet<string>, concatenation: string): SyntaxNode {
  let value = literal;
  for (let p = value.parent; p && (wrappers.has(p.type) || (p.type === concatenation && p.childForFieldName('operator')?.text === '+')); p = p.parent) {
    value = p;
  }
  return value;
}

/**
 * An argument list `(…)` holding `args`, laid out like the list it replaces (`list`, whose arguments are
 * `original`): on one line when the original was; when the original's arguments started on a line of their
 * own (a formatter's layout of a long call), the new ones do too, at the same indentation, one per line if the
 * original had one per line or a trailing comma, with `alwaysOnePerLine` (Prettier breaks a call that way), or
 * when together they would pass `maxWidth` (Black's 88 columns; then with a trailing comma, as Black adds), else
 * together on one line (Black's hugging); the closing parenthesis goes back on its own line.
 */
export function argumentListLike(
  text: string,
  list: SyntaxNode | null | undefined,
  original: readonly SyntaxNode[],
  args: readonly string[],
  layout: { alwaysOnePerLine?: boolean; maxWidth?: number; callee?: SyntaxNode } = {},
): string {
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const indent = (offset: number) => /^[ \t]*/.exec(text.slice(lineStart(offset), offset))?.[0] ?? '';
  if (!list || original.length === 0 || !text.slice(list.startIndex, original[0].startIndex).includes('\n')) {
    const oneLine = `(${args.join(', ')})`;
    // On one line before; too wide now for a formatter with a line width (Black): split the way it does, the
    // arguments on a line of their own if they fit there, else one per line with a trailing comma.
    if (!list || layout.maxWidth === undefined || !layout.callee) return oneLine;
    const start = lineStart(layout.callee.startIndex);
    const end = text.indexOf('\n', list.endIndex);
    const line = text.slice(start, layout.callee.endIndex) + oneLine + text.slice(list.endIndex, end === -1 ? text.length : end).replace(/\r$/, '');
    if (line.length <= layout.maxWidth) return oneLine;
    const base = indent(layout.callee.startIndex);
    const inner = `${base}    `;
    if (inner.length + args.join(', ').length <= layout.maxWidth) return `(\n${inner}${args.join(', ')}\n${base})`;
    return `(\n${args.map((a) => `${inner}${a},`).join('\n')}\n${base})`;
  }
  const last = original[original.length - 1];
  const trailing = /^\s*,/.test(text.slice(last.endIndex, list.endIndex - 1)) ? ',' : '';
  const argIndent = indent(original[0].startIndex);
  const together = `${argIndent}${args.join(', ')}`;
  const tooWide = layout.maxWidth !== undefined && together.length > layout.maxWidth;
  const onePerLine = layout.alwaysOnePerLine || tooWide || trailing !== '' || original.some((a, i) => i > 0 && text.slice(original[i - 1].endIndex, a.startIndex).includes('\n'));
  // Exploding a list that did not fit, a formatter adds the trailing comma (Black's magic comma).
  const comma = trailing || (tooWide && !layout.alwaysOnePerLine ? ',' : '');
  const body = onePerLine ? args.map((a) => `${argIndent}${a}`).join(',\n') : together;
  return `(\n${body}${comma}\n${indent(list.endIndex - 1)})`;
}

/** `!x`, `not x`, `x == null`, `x is None`, `x == ""`, `string.IsNullOrEmpty(x)`, `x.isEmpty()`, `len(x) == 0`. */
function isMissingTest(expression: string, name: string): boolean {
  const n = name.replace(/[$.]/g, '\\$&');
  const e = expression.replace(/^\(+\s*|\s*\)+$/g, '').trim();
  return new RegExp(
    `^(?:!\\s*${n}|not\\s+${n}|${n}\\s*(?:===?|is)\\s*(?:null|undefined|None|nil|""|'')|(?:string|String)\\.IsNullOr(?:Empty|WhiteSpace)\\(\\s*${n}\\s*\\)` +
      `|${n}\\.(?:isEmpty|isBlank)\\(\\)|(?:StringUtils|Strings)\\.isBlank\\(\\s*${n}\\s*\\)|len\\(\\s*${n}\\s*\\)\\s*==\\s*0)$`,
  ).test(e);
}

const exitStatement = /^\{?\s*(?:throw\b|raise\b|return\b|panic\(|log\.Fatal|os\.Exit\(|System\.exit\(|process\.exit\(|sys\.exit\(|exit\()/;

/**
 * The edit that drops a guard on the removed secret: `if (!conn) throw …` (JavaScript, C#, Java),
 * `if not conn: raise …` (Python), `if conn == "" { log.Fatal(…) }` (Go) goes whole; in
 * `if (!endpoint || !apiKey) throw …` only the secret's test goes, the endpoint's stays. Only a guard whose
 * body leaves (throw, raise, return, exit) and that has no else; undefined for any other use.
 */
export function guardRemoval(use: SyntaxNode, text: string): TextEdit | undefined {
  const name = use.text;
  let test: SyntaxNode | null = null;
  for (let n: SyntaxNode | null = use, depth = 0; n && depth < 4; n = n.parent, depth++) {
    if (isMissingTest(n.text, name)) {
      test = n;
      break;
    }
  }
  if (!test) return undefined;
  const skipParens = (n: SyntaxNode | null): SyntaxNode | null => (n?.type === 'parenthesized_expression' ? skipParens(n.parent) : n);
  const parent = skipParens(test.parent);
  let ifStatement: SyntaxNode | null = null;
  let edit: TextEdit | undefined;
  if (parent?.type === 'if_statement') {
    ifStatement = parent;
  } else if (parent?.type === 'binary_expression' || parent?.type === 'boolean_operator') {
    const left = parent.childForFieldName('left');
    const right = parent.childForFieldName('right');
    if (!left || !right || !/^(?:\|\||or)$/.test(text.slice(left.endIndex, right.startIndex).trim())) return undefined;
    const testInLeft = left.startIndex <= test.startIndex && test.endIndex <= left.endIndex;
    const other = testInLeft ? right : left;
    if (!other) return undefined;
    edit = { range: { start: parent.startIndex, end: parent.endIndex }, newText: other.text };
    for (let n: SyntaxNode | null = skipParens(parent.parent); n; n = skipParens(n.parent)) {
      if (n.type === 'if_statement') {
        ifStatement = n;
        break;
      }
      if (n.type !== 'binary_expression' && n.type !== 'boolean_operator') return undefined;
    }
  }
  if (!ifStatement || ifStatement.childForFieldName('alternative')) return undefined;
  const body = ifStatement.childForFieldName('consequence');
  if (!body || !exitStatement.test(body.text.trim().replace(/^:\s*/, ''))) return undefined;
  if (edit) return edit;
  return { range: statementRemovalRange(text, { start: ifStatement.startIndex, end: ifStatement.endIndex }), newText: '' };
}

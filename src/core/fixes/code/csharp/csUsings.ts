/**
 * `using` directives for C#: an `ImportNeed` names a namespace (`module`; `name` is unused). A namespace the
 * file already imports (plain or `global using`) is not added again; a new directive goes into the file's
 * using block in sorted position (System first) when the block is sorted, else after its last directive, or
 * at the top of the file. `System` is not added when the file already uses its types unqualified without
 * importing it: the project then has implicit usings (or a global using elsewhere).
 * Usings are never removed: a namespace holds more than the one type a rewrite replaced.
 */
import type { SyntaxNode, TextEdit } from '../../types';
import type { ImportNeed } from '../codeLanguage';
import { named } from '../syntax';
import { eolOf, indentAt, insert, lineEndAt, lineStartAt } from '../textEdits';

interface UsingDirective {
  readonly node: SyntaxNode;
  readonly namespace: string;
  /** A plain `using N;` (not `global`, `static` or an alias). */
  readonly plain: boolean;
  readonly global: boolean;
}

function parseUsing(node: SyntaxNode): UsingDirective | undefined {
  const m = /^(global\s+)?using\s+(static\s+)?(?:(@?\w+)\s*=\s*)?([\w.@:]+(?:<[^;]*>)?)\s*;/.exec(node.text);
  if (!m) return undefined;
  return { node, namespace: m[4].replace(/^global::/, ''), plain: !m[2] && !m[3], global: !!m[1] };
}

/** The using directives at the top level and at the top of each block namespace, in file order. */
function usingDirectives(root: SyntaxNode): { top: UsingDirective[]; nested: UsingDirective[] } {
  const top: UsingDirective[] = [];
  const nested: UsingDirective[] = [];
  for (const child of named(root)) {
    if (child.type === 'using_directive') {
      const u = parseUsing(child);
      if (u) top.push(u);
    } else if (child.type === 'namespace_declaration') {
      for (const member of named(child.childForFieldName('body'))) {
        if (member.type !== 'using_directive') continue;
        const u = parseUsing(member);
        if (u) nested.push(u);
      }
    }
  }
  return { top, nested };
}

const sortKey = (ns: string) => `${ns === 'System' || ns.startsWith('System.') ? '0' : '1'}${ns.toLowerCase()}`;

/** Types from `System` a file can only use unqualified when the namespace is imported somewhere. */
const SYSTEM_TYPES = /(?<![\w.])(?:Console|Environment|Uri|DateTime|DateTimeOffset|TimeSpan|Guid|Exception|InvalidOperationException|ArgumentException|ArgumentNullException|Math|Convert|StringComparison|Array|GC)\s*[.(]/;

/** Namespaces the SDK's implicit usings bring, with a type that shows a file relies on them. */
const IMPLICIT_HINTS: [string, RegExp][] = [
  ['System.Threading.Tasks', /(?<![\w.])(?:Task|ValueTask)\b/],
  ['System.Collections.Generic', /(?<![\w.])(?:List|Dictionary|IEnumerable|IReadOnlyList|HashSet)\s*</],
  ['System.Linq', /\.(?:Select|Where|ToList|ToArray|FirstOrDefault)\s*\(/],
  ['Microsoft.AspNetCore.Builder', /(?<![\w.])WebApplication\b/],
  ['Microsoft.Extensions.Hosting', /(?<![\w.])Host\.CreateApplicationBuilder\b/],
];

/**
 * True when the file already uses `System` without importing it, or uses another namespace of the implicit
 * usings without importing that: the project has `<ImplicitUsings>` (or a global using), so `System` is there.
 */
function systemIsImplicit(text: string, have: ReadonlySet<string>): boolean {
  if (SYSTEM_TYPES.test(text)) return true;
  return IMPLICIT_HINTS.some(([ns, re]) => !have.has(ns) && re.test(text));
}

/** Where a directive for `namespace` goes, and the text to insert there. */
function placement(text: string, block: UsingDirective[], namespace: string): { at: number; before: boolean; indent: string } {
  const plain = block.filter((u) => !u.global && u.plain);
  const anchorList = plain.length > 0 ? plain : block;
  const keys = anchorList.map((u) => sortKey(u.namespace));
  const sorted = keys.every((k, i) => i === 0 || keys[i - 1] <= k);
  const last = anchorList[anchorList.length - 1];
  if (sorted) {
    const next = anchorList.find((u) => sortKey(u.namespace) > sortKey(namespace));
    if (next) return { at: lineStartAt(text, next.node.startIndex), before: true, indent: indentAt(text, next.node.startIndex) };
  }
  return { at: lineEndAt(text, last.node.endIndex), before: false, indent: indentAt(text, last.node.startIndex) };
}

/** The offset before the first declaration or statement (after a file header comment, `#nullable`, `extern alias`). */
function topOfFile(root: SyntaxNode): SyntaxNode | undefined {
  return root.namedChildren.find((c): c is SyntaxNode => !!c && !/comment|^preproc|extern_alias_directive/.test(c.type));
}

export function csUsingEdits(root: SyntaxNode, text: string, needs: readonly ImportNeed[]): TextEdit[] {
  const { top, nested } = usingDirectives(root);
  const have = new Set([...top, ...nested].filter((u) => u.plain).map((u) => u.namespace));
  const missing = [...new Set(needs.map((n) => n.module))].filter((ns) => {
    if (have.has(ns)) return false;
    if (ns === 'System' && systemIsImplicit(text, have)) return false;
    return true;
  });
  if (missing.length === 0) return [];
  const eol = eolOf(text);
  const block = top.length > 0 ? top : nested;
  if (block.length === 0) {
    const first = topOfFile(root);
    const lines = missing.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1)).map((ns) => `using ${ns};${eol}`).join('');
    if (!first) return [insert(text.length, (text.length > 0 && !text.endsWith('\n') ? eol : '') + lines)];
    const at = lineStartAt(text, first.startIndex);
    return [insert(at, `${lines}${eol}`)];
  }
  // Group insertions by offset: two empty edits at one point would count as overlapping.
  const groups = new Map<number, { before: boolean; lines: string[] }>();
  for (const ns of missing.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))) {
    const p = placement(text, block, ns);
    const g = groups.get(p.at) ?? { before: p.before, lines: [] };
    g.lines.push(`${p.indent}using ${ns};`);
    groups.set(p.at, g);
  }
  return [...groups].map(([at, g]) => insert(at, g.before ? g.lines.map((l) => l + eol).join('') : g.lines.map((l) => eol + l).join('')));
}

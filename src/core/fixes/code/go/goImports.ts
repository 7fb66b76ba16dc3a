/**
 * Imports for Go: an `ImportNeed` names a package path (`module`; `name` is unused). A path already imported is
 * not added again. A new path goes into the import block's group of its kind (standard library, or the group
 * sharing most of its path), in sorted position when the group is sorted; with no such group, a new group
 * (standard library first, others after). A single `import "x"` becomes a block. Imports whose package name
 * a rewrite left unused are removed (Go does not compile with an unused import).
 */
import type { OffsetRange } from '../../../secrets/types';
import type { SyntaxNode, TextEdit } from '../../types';
import type { ImportNeed } from '../codeLanguage';
import { contains, findIdentifiers, named, rangeOf } from '../syntax';
import { eolOf, insert, lineEndAt, lineStartAt, replace, statementRemovalRange } from '../textEdits';
import { defaultName, stringValue } from './goSyntax';

interface Spec {
  readonly node: SyntaxNode;
  readonly path: string;
  readonly local?: string;
  readonly declaration: SyntaxNode;
}

const isStd = (path: string) => !path.split('/')[0].includes('.');

const shared = (a: string, b: string) => {
  const x = a.split('/');
  const y = b.split('/');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
};

function specsOf(root: SyntaxNode): { specs: Spec[]; declarations: SyntaxNode[] } {
  const specs: Spec[] = [];
  const declarations: SyntaxNode[] = [];
  for (const decl of named(root)) {
    if (decl.type !== 'import_declaration') continue;
    declarations.push(decl);
    for (const spec of named(decl).flatMap((c) => (c.type === 'import_spec_list' ? named(c) : [c]))) {
      if (spec.type !== 'import_spec') continue;
      const path = stringValue(spec.childForFieldName('path'));
      if (path !== undefined) specs.push({ node: spec, path, local: spec.childForFieldName('name')?.text, declaration: decl });
    }
  }
  return { specs, declarations };
}

/** Contiguous runs of specs in one block (a blank line or comment line ends a group). */
function groupsOf(text: string, specs: Spec[]): Spec[][] {
  const groups: Spec[][] = [];
  for (const s of specs) {
    const prev = groups[groups.length - 1]?.at(-1);
    const between = prev ? text.slice(prev.node.endIndex, s.node.startIndex) : '';
    if (prev && prev.declaration.startIndex === s.declaration.startIndex && !/\n[ \t]*\r?\n/.test(between) && !/\/\//.test(between)) groups[groups.length - 1].push(s);
    else groups.push([s]);
  }
  return groups;
}

export function goImportEdits(
  root: SyntaxNode,
  text: string,
  needs: readonly ImportNeed[],
  maybeUnused: readonly string[],
  rewritten: readonly OffsetRange[],
): TextEdit[] {
  const { specs, declarations } = specsOf(root);
  const eol = eolOf(text);
  const edits: TextEdit[] = [];
  const removed = new Set<number>();

  for (const name of maybeUnused) {
    const spec = specs.find((s) => (s.local ?? defaultName(s.path)) === name);
    if (!spec) continue;
    const live = findIdentifiers(text, root, name, new Set(['identifier', 'package_identifier'])).filter(
      (r) => !declarations.some((d) => contains(d, r)) && !rewritten.some((range) => contains(range, rangeOf(r))),
    );
    if (live.length > 0) continue;
    const alone = specs.filter((s) => s.declaration.startIndex === spec.declaration.startIndex).length === 1;
    edits.push(replace(statementRemovalRange(text, rangeOf(alone ? spec.declaration : spec.node)), ''));
    removed.add(spec.node.startIndex);
  }

  const missing = [...new Set(needs.map((n) => n.module))].filter((p) => !specs.some((s) => s.path === p && s.local !== '_' && s.local !== '.')).sort();
  if (missing.length === 0) return edits;

  const block = declarations.find((d) => named(d).some((c) => c.type === 'import_spec_list'));
  if (!block) {
    // No block: the single imports (if any) and the new ones become one block after the package clause.
    const kept = specs.filter((s) => !removed.has(s.node.startIndex));
    const all = [...kept.map((s) => ({ path: s.path, line: s.node.text })), ...missing.map((p) => ({ path: p, line: `"${p}"` }))];
    const std = all.filter((a) => isStd(a.path)).sort((a, b) => (a.path < b.path ? -1 : 1));
    const other = all.filter((a) => !isStd(a.path)).sort((a, b) => (a.path < b.path ? -1 : 1));
    const body = [std, other].filter((g) => g.length > 0).map((g) => g.map((a) => `\t${a.line}${eol}`).join('')).join(eol);
    const decl = all.length === 1 ? `import ${all[0].line}` : `import (${eol}${body})`;
    const pkg = named(root).find((c) => c.type === 'package_clause');
    if (declarations.length === 0) return [...edits, insert(pkg ? lineEndAt(text, pkg.endIndex) : 0, pkg ? `${eol}${eol}${decl}` : `${decl}${eol}${eol}`)];
    // The block takes the first declaration's line; the other declarations (and removals inside them) go.
    const out = edits.filter((e) => !declarations.some((d) => contains(e.range, rangeOf(d))));
    declarations.forEach((d, i) => {
      out.push(i === 0 ? replace({ start: lineStartAt(text, d.startIndex), end: lineEndAt(text, d.endIndex) }, decl) : replace(statementRemovalRange(text, rangeOf(d)), ''));
    });
    return out;
  }

  const blockSpecs = specs.filter((s) => s.declaration.startIndex === block.startIndex && !removed.has(s.node.startIndex));
  const groups = groupsOf(text, blockSpecs);
  const indent = blockSpecs[0] ? text.slice(lineStartAt(text, blockSpecs[0].node.startIndex), blockSpecs[0].node.startIndex) : '\t';
  const inserts = new Map<number, string[]>();
  const add = (at: number, line: string) => inserts.set(at, [...(inserts.get(at) ?? []), line]);
  for (const path of missing) {
    const std = isStd(path);
    const kin = groups.filter((g) => g.every((s) => isStd(s.path) === std));
    let group: Spec[] | undefined;
    if (kin.length > 0) {
      const score = (g: Spec[]) => Math.max(...g.map((s) => shared(s.path, path)));
      group = kin.reduce((best, g) => (score(g) > score(best) ? g : best), kin[std ? 0 : kin.length - 1]);
    }
    const line = `${indent}"${path}"`;
    if (group) {
      const sorted = group.every((g, i) => i === 0 || group[i - 1].path <= g.path);
      const next = sorted ? group.find((g) => g.path > path) : undefined;
      if (next) add(lineStartAt(text, next.node.startIndex), `${line}${eol}`);
      else add(lineEndAt(text, group[group.length - 1].node.endIndex), `${eol}${line}`);
    } else if (groups.length === 0) {
      const open = named(block).find((c) => c.type === 'import_spec_list');
      if (!open) return edits;
      add(open.startIndex + 1, `${eol}${line}`);
    } else if (std) {
      add(lineStartAt(text, groups[0][0].node.startIndex), `${line}${eol}${eol}`);
    } else {
      const lastGroup = groups[groups.length - 1];
      add(lineEndAt(text, lastGroup[lastGroup.length - 1].node.endIndex), `${eol}${eol}${line}`);
    }
  }
  for (const [at, parts] of inserts) edits.push(insert(at, parts.join('')));
  return edits;
}

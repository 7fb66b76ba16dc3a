/**
 * Import handling for Python: merge names into an existing `from m import …`, add `from m import x` /
 * `import m` after the last top-level import (or after the module docstring), drop names left unused.
 * An `ImportNeed` with an empty name means `import <module>`.
 */
import type { OffsetRange } from '../../../secrets/types';
import type { SyntaxNode, TextEdit } from '../../types';
import type { ImportNeed } from '../codeLanguage';
import { contains, findIdentifiers, named, rangeOf } from '../syntax';
import { eolOf, insert, lineEndAt, replace, statementRemovalRange } from '../textEdits';

interface FromImport {
  readonly statement: SyntaxNode;
  readonly module: string;
  readonly entries: { readonly imported: string; readonly local: string; readonly node: SyntaxNode }[];
}

function fromImports(root: SyntaxNode, text: string): { froms: FromImport[]; plain: Set<string>; last?: SyntaxNode; docstring?: SyntaxNode } {
  const froms: FromImport[] = [];
  const plain = new Set<string>();
  let last: SyntaxNode | undefined;
  const first = root.namedChildren[0] ?? undefined;
  const docstring = first?.type === 'expression_statement' && named(first)[0]?.type === 'string' ? first : undefined;
  for (const stmt of topLevelImports(root, text)) {
    if (stmt.type === 'import_from_statement' || stmt.type === 'future_import_statement') {
      last = stmt;
      const mod = stmt.childForFieldName('module_name')?.text;
      if (!mod || stmt.type === 'future_import_statement') continue;
      const entries = named(stmt)
        .filter((n) => n.startIndex > (stmt.childForFieldName('module_name')?.endIndex ?? 0) && (n.type === 'dotted_name' || n.type === 'aliased_import'))
        .map((n) => {
          if (n.type === 'aliased_import') {
            const imported = n.childForFieldName('name')?.text ?? n.text;
            return { imported, local: n.childForFieldName('alias')?.text ?? imported, node: n };
          }
          return { imported: n.text, local: n.text, node: n };
        });
      froms.push({ statement: stmt, module: mod, entries });
    } else if (stmt.type === 'import_statement') {
      last = stmt;
      for (const n of named(stmt)) if (n.type === 'dotted_name') plain.add(n.text);
    }
  }
  return { froms, plain, last, docstring };
}

/** Top-level `import` / `from` statements, found by a text search (cheaper than walking every statement). */
function topLevelImports(root: SyntaxNode, text: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const re = /^(?:from|import)\b/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let node = root.descendantForIndex(m.index, m.index);
    while (node?.parent && node.parent.type !== 'module') node = node.parent;
    if (node && node.type !== 'module' && node.startIndex === m.index) out.push(node);
  }
  return out;
}

export function pyImportEdits(
  root: SyntaxNode,
  text: string,
  needs: readonly ImportNeed[],
  maybeUnused: readonly string[],
  rewritten: readonly OffsetRange[],
): TextEdit[] {
  const { froms, plain, last, docstring } = fromImports(root, text);
  const edits: TextEdit[] = [];
  const changes = new Map<number, { site: FromImport; drop: Set<string>; add: string[] }>();
  const change = (site: FromImport) => {
    const key = site.statement.startIndex;
    if (!changes.has(key)) changes.set(key, { site, drop: new Set(), add: [] });
    return changes.get(key) as { site: FromImport; drop: Set<string>; add: string[] };
  };

  for (const name of maybeUnused) {
    for (const site of froms) {
      const entry = site.entries.find((e) => e.local === name);
      if (!entry) continue;
      const live = findIdentifiers(text, root, name, new Set(['identifier'])).filter(
        (r) => !contains(site.statement, r) && !rewritten.some((range) => contains(range, rangeOf(r))),
      );
      if (live.length === 0) change(site).drop.add(entry.local);
    }
  }

  const fresh: string[] = [];
  const freshFrom = new Map<string, string[]>();
  for (const need of needs) {
    if (need.name === '') {
      if (!plain.has(need.module) && !fresh.includes(`import ${need.module}`)) fresh.push(`import ${need.module}`);
      continue;
    }
    const have = froms.find((s) => s.module === need.module && s.entries.some((e) => e.imported === need.name && e.local === need.name));
    if (have) {
      changes.get(have.statement.startIndex)?.drop.delete(need.name);
      continue;
    }
    const target = froms.find((s) => s.module === need.module);
    if (target) change(target).add.push(need.name);
    else freshFrom.set(need.module, [...(freshFrom.get(need.module) ?? []), need.name]);
  }

  for (const { site, drop, add } of changes.values()) {
    const kept = site.entries.filter((e) => !drop.has(e.local)).map((e) => e.node.text);
    const names = [...kept, ...add.filter((a) => !kept.includes(a))];
    if (names.length === 0) {
      edits.push(replace(statementRemovalRange(text, rangeOf(site.statement)), ''));
    } else if (drop.size > 0 || add.length > 0) {
      const firstEntry = site.entries[0]?.node;
      const lastEntry = site.entries[site.entries.length - 1]?.node;
      if (!firstEntry || !lastEntry) continue;
      edits.push(replace({ start: firstEntry.startIndex, end: lastEntry.endIndex }, names.join(', ')));
    }
  }

  const lines = [...fresh, ...[...freshFrom].map(([mod, names]) => `from ${mod} import ${names.join(', ')}`)];
  if (lines.length > 0) {
    const eol = eolOf(text);
    const anchor = last ?? docstring;
    if (anchor) {
      edits.push(insert(lineEndAt(text, anchor.endIndex), `${last ? eol : eol + eol}${lines.join(eol)}`));
    } else {
      const at = text.startsWith('#!') || /^#.*coding[:=]/.test(text) ? lineEndAt(text, 0) + 1 : 0;
      edits.push(insert(at, `${lines.join(eol)}${eol}${eol}`));
    }
  }
  return edits;
}

/**
 * Import handling for JavaScript/TypeScript: merge needed names into an existing `import { … } from "m"` or
 * `const { … } = require("m")`, add a new statement in the file's module style otherwise, and drop
 * imported names a rewrite left unused.
 */
import type { OffsetRange } from '../../../secrets/types';
import type { SyntaxNode, TextEdit } from '../../types';
import type { ImportNeed } from '../codeLanguage';
import { contains, findIdentifiers, named, rangeOf } from '../syntax';
import { eolOf, insert, lineEndAt, replace, statementRemovalRange } from '../textEdits';
import { quoteOf } from './jsSyntax';

interface ImportSite {
  readonly statement: SyntaxNode;
  readonly module: string;
  /** `{ a, b as c }` / `{ a, b: c }` node whose entries can be rewritten. */
  readonly braces: SyntaxNode;
  /** Entries: imported name → local name and the entry's text. */
  readonly entries: { readonly imported: string; readonly local: string; readonly text: string }[];
  /** The statement also has a default or namespace import (so it stays when the braces empty). */
  readonly hasOther: boolean;
}

const REQUIRE_DECL = new Set(['lexical_declaration', 'variable_declaration']);

function moduleOfRequire(value: SyntaxNode | null): string | undefined {
  if (value?.type !== 'call_expression' || value.childForFieldName('function')?.text !== 'require') return undefined;
  const arg = named(value.childForFieldName('arguments'))[0];
  return arg?.type === 'string' ? arg.text.slice(1, -1) : undefined;
}

/** Top-level import statements and destructuring requires. */
export function importSites(root: SyntaxNode, text: string): { sites: ImportSite[]; last?: SyntaxNode; esm: boolean; cjs: boolean } {
  const sites: ImportSite[] = [];
  let last: SyntaxNode | undefined;
  let esm = /^[ \t]*export\b/m.test(text);
  let cjs = false;
  for (const stmt of topLevelCandidates(root, text)) {
    if (stmt.type === 'import_statement') {
      esm = true;
      last = stmt;
      if (stmt.children.some((c) => c?.type === 'type')) continue; // `import type { … }`
      const source = stmt.childForFieldName('source');
      const clause = named(stmt).find((c) => c.type === 'import_clause');
      const braces = named(clause).find((c) => c.type === 'named_imports');
      if (!source || !braces) continue;
      const entries = named(braces)
        .filter((s) => s.type === 'import_specifier')
        .map((s) => {
          const imported = s.childForFieldName('name')?.text ?? s.text;
          return { imported, local: s.childForFieldName('alias')?.text ?? imported, text: s.text };
        });
      const hasOther = named(clause).some((c) => c.type !== 'named_imports');
      sites.push({ statement: stmt, module: source.text.slice(1, -1), braces, entries, hasOther });
    } else if (stmt.type === 'export_statement') {
      esm = true;
    } else if (REQUIRE_DECL.has(stmt.type)) {
      const decls = named(stmt).filter((d) => d.type === 'variable_declarator');
      const mod = decls.length === 1 ? moduleOfRequire(decls[0].childForFieldName('value')) : undefined;
      if (mod === undefined) continue;
      cjs = true;
      last = stmt;
      const pattern = decls[0].childForFieldName('name');
      if (pattern?.type !== 'object_pattern') continue;
      const entries = named(pattern).flatMap((p) => {
        if (p.type === 'shorthand_property_identifier_pattern') return [{ imported: p.text, local: p.text, text: p.text }];
        if (p.type === 'pair_pattern') {
          const key = p.childForFieldName('key')?.text;
          const value = p.childForFieldName('value')?.text;
          return key && value ? [{ imported: key, local: value, text: p.text }] : [];
        }
        return [];
      });
      if (entries.length !== named(pattern).length) continue; // rest elements or defaults: leave alone
      sites.push({ statement: stmt, module: mod, braces: pattern, entries, hasOther: false });
    } else if (stmt.type === 'expression_statement' && /^["']use strict["']/.test(stmt.text)) {
      last ??= stmt;
    }
  }
  return { sites, last, esm, cjs };
}

/**
 * Top-level statements that may be imports, requires, exports or a directive, found by a text search (walking
 * every top-level statement of a large file costs milliseconds through the WASM bridge).
 */
function topLevelCandidates(root: SyntaxNode, text: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const re = /^[ \t]*(?:import\b|(?:const|let|var)\b[^\n;]*?\brequire\s*\(|["']use strict)/gm;
  let lastStart = -1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + (/^[ \t]*/.exec(m[0])?.[0].length ?? 0);
    let node = root.descendantForIndex(at, at);
    while (node?.parent && node.parent.type !== root.type) node = node.parent;
    if (!node || node.startIndex <= lastStart || node.type === root.type) continue;
    lastStart = node.startIndex;
    out.push(node);
  }
  return out;
}

export function jsImportEdits(
  root: SyntaxNode,
  text: string,
  needs: readonly ImportNeed[],
  maybeUnused: readonly string[],
  rewritten: readonly OffsetRange[],
  preferEsm: boolean,
): TextEdit[] {
  const { sites, last, esm, cjs } = importSites(root, text);
  const useEsm = esm || (!cjs && preferEsm);
  const edits: TextEdit[] = [];
  const changes = new Map<SyntaxNode, { site: ImportSite; drop: Set<string>; add: string[] }>();
  const change = (site: ImportSite) => {
    let c = [...changes.values()].find((v) => v.site.statement.startIndex === site.statement.startIndex);
    if (!c) {
      c = { site, drop: new Set(), add: [] };
      changes.set(site.statement, c);
    }
    return c;
  };

  for (const name of maybeUnused) {
    for (const site of sites) {
      const entry = site.entries.find((e) => e.local === name);
      if (!entry) continue;
      const refs = findIdentifiers(text, root, name, new Set(['identifier', 'type_identifier', 'shorthand_property_identifier']));
      const live = refs.filter((r) => !contains(site.statement, r) && !rewritten.some((range) => contains(range, rangeOf(r))));
      if (live.length === 0) change(site).drop.add(entry.text);
    }
  }

  const fresh = new Map<string, string[]>();
  for (const need of needs) {
    const have = sites.find((s) => s.module === need.module && s.entries.some((e) => e.imported === need.name && e.local === need.name));
    if (have) {
      const c = [...changes.values()].find((v) => v.site.statement.startIndex === have.statement.startIndex);
      c?.drop.delete(need.name); // still needed after all
      continue;
    }
    const target = sites.find((s) => s.module === need.module);
    if (target) change(target).add.push(need.name);
    else fresh.set(need.module, [...(fresh.get(need.module) ?? []), need.name]);
  }

  for (const { site, drop, add } of changes.values()) {
    const kept = site.entries.filter((e) => !drop.has(e.text)).map((e) => e.text);
    const names = [...kept, ...add.filter((a) => !kept.includes(a))];
    if (names.length === 0 && !site.hasOther) {
      edits.push(replace(statementRemovalRange(text, rangeOf(site.statement)), ''));
    } else if (names.length === 0) {
      edits.push(replace(braceRemovalRange(text, site.braces), ''));
    } else if (drop.size > 0 || add.length > 0) {
      const multiline = site.braces.text.includes('\n');
      edits.push(replace(rangeOf(site.braces), multiline ? rerenderMultiline(text, site.braces, names) : `{ ${names.join(', ')} }`));
    }
  }

  if (fresh.size > 0) {
    const quote = quoteOf(text);
    const eol = eolOf(text);
    const semi = last ? (last.text.trimEnd().endsWith(';') ? ';' : '') : ';';
    const lines = [...fresh].map(([mod, names]) =>
      useEsm ? `import { ${names.join(', ')} } from ${quote}${mod}${quote}${semi}` : `const { ${names.join(', ')} } = require(${quote}${mod}${quote})${semi}`,
    );
    if (last) {
      const at = lineEndAt(text, last.endIndex);
      edits.push(insert(at, lines.map((l) => `${eol}${l}`).join('')));
    } else {
      const at = text.startsWith('#!') ? lineEndAt(text, 0) + 1 : 0;
      edits.push(insert(at, `${lines.join(eol)}${eol}${eol}`));
    }
  }
  return edits;
}

function braceRemovalRange(text: string, braces: SyntaxNode): OffsetRange {
  // `import def, { x } from "m"` → `import def from "m"`
  const before = text.slice(0, braces.startIndex);
  const comma = /,\s*$/.exec(before);
  return { start: comma ? braces.startIndex - comma[0].length : braces.startIndex, end: braces.endIndex };
}

function rerenderMultiline(text: string, braces: SyntaxNode, names: string[]): string {
  const first = named(braces)[0];
  const indent = first ? /[ \t]*$/.exec(text.slice(0, first.startIndex))?.[0] ?? '  ' : '  ';
  const eol = eolOf(text);
  const trailingComma = /,\s*}$/.test(braces.text) ? ',' : '';
  return `{${eol}${names.map((n) => `${indent}${n}`).join(`,${eol}`)}${trailingComma}${eol}}`;
}

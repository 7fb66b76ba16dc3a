/**
 * Imports for Java: an `ImportNeed` is a class (`module` the package, `name` the class). A class the file
 * already imports (single-type, or on demand with `package.*`) is not added again; a new import goes next to
 * the imports that share the most leading package segments with it, in sorted position when they are sorted,
 * else after the last of them; with no imports, after the package declaration. Single-type imports a rewrite
 * left unused (`StorageSharedKeyCredential`) are removed.
 */
import type { OffsetRange } from '../../../secrets/types';
import type { SyntaxNode, TextEdit } from '../../types';
import type { ImportNeed } from '../codeLanguage';
import { contains, findIdentifiers, named, rangeOf } from '../syntax';
import { eolOf, insert, lineEndAt, lineStartAt, replace, statementRemovalRange } from '../textEdits';

interface JavaImport {
  readonly node: SyntaxNode;
  /** `com.azure.identity.DefaultAzureCredentialBuilder`, or `com.azure.identity` for `com.azure.identity.*`. */
  readonly path: string;
  readonly onDemand: boolean;
  readonly isStatic: boolean;
}

function imports(root: SyntaxNode): JavaImport[] {
  const out: JavaImport[] = [];
  for (const child of named(root)) {
    if (child.type !== 'import_declaration') continue;
    const m = /^import\s+(static\s+)?([\w$.]+?)(\.\*)?;$/.exec(child.text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').replace(/\s*([.;*])\s*/g, '$1').trim());
    if (m) out.push({ node: child, path: m[2], onDemand: !!m[3], isStatic: !!m[1] });
  }
  return out;
}

const shared = (a: string, b: string) => {
  const x = a.split('.');
  const y = b.split('.');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
};

/** Where the import of `path` goes among `list` (non-static imports, file order). */
function placement(text: string, list: JavaImport[], path: string): { at: number; before: boolean } {
  const best = Math.max(...list.map((i) => shared(i.path, path)));
  const group = best > 0 ? list.filter((i) => shared(i.path, path) === best) : list;
  const sorted = group.every((g, i) => i === 0 || group[i - 1].path <= g.path);
  const next = sorted ? group.find((g) => g.path > path) : undefined;
  if (next) return { at: lineStartAt(text, next.node.startIndex), before: true };
  return { at: lineEndAt(text, group[group.length - 1].node.endIndex), before: false };
}

export function javaImportEdits(
  root: SyntaxNode,
  text: string,
  needs: readonly ImportNeed[],
  maybeUnused: readonly string[],
  rewritten: readonly OffsetRange[],
): TextEdit[] {
  const all = imports(root);
  const plain = all.filter((i) => !i.isStatic);
  const eol = eolOf(text);
  const edits: TextEdit[] = [];
  const needed = new Set(needs.map((n) => n.name));
  const removed = new Set<number>();

  for (const name of maybeUnused) {
    if (needed.has(name)) continue;
    const site = plain.find((i) => !i.onDemand && i.path.endsWith(`.${name}`));
    if (!site) continue;
    const live = findIdentifiers(text, root, name, new Set(['identifier', 'type_identifier'])).filter(
      (r) => !all.some((i) => contains(i.node, r)) && !rewritten.some((range) => contains(range, rangeOf(r))),
    );
    if (live.length === 0) {
      edits.push(replace(statementRemovalRange(text, rangeOf(site.node)), ''));
      removed.add(site.node.startIndex);
    }
  }

  const missing = [...new Set(needs.map((n) => `${n.module}.${n.name}`))]
    .filter((path) => {
      const pkg = path.slice(0, path.lastIndexOf('.'));
      return !plain.some((i) => (i.onDemand ? i.path === pkg : i.path === path));
    })
    .sort();
  if (missing.length === 0) return edits;

  if (plain.length === 0) {
    const lines = missing.map((p) => `import ${p};`).join(eol);
    const anchor = all[all.length - 1]?.node ?? named(root).find((c) => c.type === 'package_declaration');
    if (anchor) {
      const at = lineEndAt(text, anchor.endIndex);
      const blankAfter = /^\r?\n[ \t]*\r?\n/.test(text.slice(at));
      return [...edits, insert(at, `${eol}${all.length > 0 ? '' : eol}${lines}${blankAfter || all.length > 0 ? '' : eol}`)];
    }
    return [...edits, insert(0, `${lines}${eol}${eol}`)];
  }
  // Next to an import that stays (an insertion inside a removed line would overlap its removal); before the
  // removed one when none stays.
  const kept = plain.filter((i) => !removed.has(i.node.startIndex));
  // Group insertions by offset: two empty edits at one point would count as overlapping.
  const groups = new Map<number, { before: boolean; lines: string[] }>();
  for (const path of missing) {
    const p = kept.length > 0 ? placement(text, kept, path) : { at: lineStartAt(text, plain[0].node.startIndex), before: true };
    const g = groups.get(p.at) ?? { before: p.before, lines: [] };
    g.lines.push(`import ${path};`);
    groups.set(p.at, g);
  }
  for (const [at, g] of groups) edits.push(insert(at, g.before ? g.lines.map((l) => l + eol).join('') : g.lines.map((l) => eol + l).join('')));
  return edits;
}

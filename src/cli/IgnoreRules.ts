import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** The ignore files read in every walked folder, lowest precedence first. */
export const ignoreFileNames = ['.gitignore', '.miscanignore'] as const;

interface Layer {
  /** Absolute folder the patterns are relative to, forward slashes, with a trailing slash. */
  readonly base: string;
  readonly test: (relative: string) => { ignored: boolean; unignored: boolean };
}

interface RuleList {
  test(path: string, checkUnignored: boolean, mode: 'regex'): { ignored: boolean; unignored: boolean };
}

/**
 * The walk never enters an ignored folder, so each path only needs testing on its own, as git does.
 * `ignore`'s public `test()` also re-tests every parent folder (through a per-path cache), which doubles
 * the walk's cost on a large tree; its rule list tests one path. Pinned `ignore` version; if the
 * internal shape ever changes this falls back to the public method (same results, slower).
 */
function singlePathTest(rules: Ignore): Layer['test'] {
  const list = (rules as unknown as { _rules?: Partial<RuleList> })._rules;
  if (list && typeof list.test === 'function') {
    const ruleList = list as RuleList;
    return (relative) => ruleList.test(relative, true, 'regex');
  }
  return (relative) => rules.test(relative);
}

/** Absolute path with forward slashes (the form the matcher works on). */
export function toPosix(path: string): string {
  return path.includes('\\') ? path.replace(/\\/g, '/') : path;
}

function readPatterns(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // A missing or unreadable ignore file is the same as none: git behaves the same way.
    return undefined;
  }
}

/**
 * The gitignore-style rules that apply in one folder: the layers from ancestor folders plus the folder's
 * own files. Immutable; `withFolder` returns a new instance sharing the parent's layers. As in git, a
 * deeper file wins over a shallower one, `.miscanignore` wins over `.gitignore` in the same folder, and
 * `.git/info/exclude` is weakest.
 */
export class IgnoreRules {
  static readonly none = new IgnoreRules([]);

  private constructor(private readonly layers: readonly Layer[]) {}

  get isEmpty(): boolean {
    return this.layers.length === 0;
  }

  /** Adds the ignore files of `folder` (absolute), given the names present in it. */
  withFolder(folder: string, names: ReadonlySet<string> | undefined, extraFiles: readonly string[] = []): IgnoreRules {
    const added: Layer[] = [];
    const base = toPosix(folder).replace(/\/?$/, '/');
    for (const file of extraFiles) {
      const text = readPatterns(file);
      if (text !== undefined) added.push({ base, test: singlePathTest(ignore({ allowRelativePaths: true }).add(text)) });
    }
    for (const name of ignoreFileNames) {
      if (names && !names.has(name)) continue;
      const text = readPatterns(join(folder, name));
      if (text !== undefined) added.push({ base, test: singlePathTest(ignore({ allowRelativePaths: true }).add(text)) });
    }
    return added.length === 0 ? this : new IgnoreRules([...this.layers, ...added]);
  }

  /** True when `absolute` (forward slashes) is ignored; `isDirectory` lets `dir/` patterns match. */
  isIgnored(absolute: string, isDirectory: boolean): boolean {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i];
      if (!absolute.startsWith(layer.base)) continue;
      const relative = absolute.slice(layer.base.length);
      if (relative === '') continue;
      const result = layer.test(isDirectory ? `${relative}/` : relative);
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  }
}

import { existsSync, lstatSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { errorMessage } from '../core/errors';
import { IgnoreRules, ignoreFileNames, toPosix } from './IgnoreRules';
import type { FileError, SkippedFile } from './ScanReport';

export interface WalkOptions {
  /** Follow symbolic links found while walking (loops and repeats are detected by device and inode). */
  readonly follow: boolean;
  /** Do not read .gitignore, .git/info/exclude or .miscanignore. */
  readonly noIgnore: boolean;
}

export type WalkItem =
  | { readonly type: 'file'; readonly path: string }
  | { readonly type: 'skip'; readonly skipped: SkippedFile }
  | { readonly type: 'error'; readonly error: FileError };

interface Folder {
  /** Path to open: the root as given, joined with the walked part. */
  readonly path: string;
  /** Absolute, forward slashes, no trailing slash (except for `/`). */
  readonly absolute: string;
  readonly rules: IgnoreRules;
}

const ignoreNames = new Set<string>(ignoreFileNames);

function ioError(path: string, error: unknown): WalkItem {
  return { type: 'error', error: { path: toPosix(path), message: errorMessage(error) } };
}

function childAbsolute(parent: string, name: string): string {
  return parent.endsWith('/') ? parent + name : `${parent}/${name}`;
}

/**
 * The ignore rules that apply above a folder named on the command line: from the enclosing git
 * repository's root (`.git/info/exclude`, then each folder's `.gitignore` / `.miscanignore`) down to the
 * folder's parent. Outside a repository nothing above the folder applies. The folder itself was named
 * explicitly, so it is walked even if those rules match it (as in ripgrep); they still apply below it.
 */
function rulesAbove(folder: string): IgnoreRules {
  let repoRoot: string | undefined;
  for (let dir = folder; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) {
      repoRoot = dir;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  if (repoRoot === undefined) return IgnoreRules.none;
  let rules = IgnoreRules.none.withFolder(repoRoot, new Set(), [join(repoRoot, '.git', 'info', 'exclude')]);
  const chain: string[] = [];
  for (let dir = folder; dir !== repoRoot; dir = dirname(dir)) chain.unshift(dir);
  // `chain` runs from just below the repository root down to `folder`; `folder` itself is read by the walk.
  const above = chain.length === 0 ? [] : [repoRoot, ...chain.slice(0, -1)];
  for (const dir of above) rules = rules.withFolder(dir, undefined);
  return rules;
}

function typeOf(entry: Dirent | Stats): 'file' | 'directory' | 'symlink' | 'special' | 'unknown' {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice()) return 'special';
  return 'unknown';
}

/**
 * Walks the given paths depth-first in name order and yields the files to scan, the files skipped and
 * the I/O errors met. Paths named explicitly are always yielded (ripgrep semantics: ignore files do not
 * apply to them); everything found by walking honours the ignore files. `.git` folders are never
 * entered. Symbolic links met while walking are skipped unless `follow` is set; FIFOs, sockets and
 * devices are always skipped, so the walk never blocks on one. Iterative, so deep trees cannot overflow
 * the stack. Synchronous on purpose: one `readdirSync` costs a fraction of a promise round trip per
 * folder; the caller interleaves it with other work by pulling items as it needs them.
 */
export function* walkFiles(roots: readonly string[], options: WalkOptions): Generator<WalkItem> {
  const visited = new Set<string>();
  const identity = (stats: Stats) => `${stats.dev}:${stats.ino}`;

  for (const root of roots) {
    let stats: Stats;
    try {
      stats = statSync(root);
    } catch (error) {
      yield ioError(root, error);
      continue;
    }
    const kind = typeOf(stats);
    if (kind === 'file') {
      yield { type: 'file', path: root };
      continue;
    }
    if (kind !== 'directory') {
      yield { type: 'skip', skipped: { path: toPosix(root), reason: 'special' } };
      continue;
    }
    if (options.follow) {
      if (visited.has(identity(stats))) continue;
      visited.add(identity(stats));
    }
    const absolute = resolve(root);
    const stack: Folder[] = [{ path: root, absolute: toPosix(absolute), rules: options.noIgnore ? IgnoreRules.none : rulesAbove(absolute) }];

    while (stack.length > 0) {
      const folder = stack.pop()!;
      let entries: Dirent[];
      try {
        entries = readdirSync(folder.path, { withFileTypes: true });
      } catch (error) {
        yield ioError(folder.path, error);
        continue;
      }
      let rules = folder.rules;
      if (!options.noIgnore) {
        const present = new Set<string>();
        for (const entry of entries) if (ignoreNames.has(entry.name)) present.add(entry.name);
        if (present.size > 0) rules = rules.withFolder(folder.absolute, present);
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subfolders: Folder[] = [];

      for (const entry of entries) {
        if (entry.name === '.git') continue;
        const path = join(folder.path, entry.name);
        const absolute = childAbsolute(folder.absolute, entry.name);
        let kind = typeOf(entry);
        let stats: Stats | undefined;
        if (kind === 'unknown') {
          try {
            stats = lstatSync(path);
            kind = typeOf(stats);
          } catch (error) {
            yield ioError(path, error);
            continue;
          }
        }
        if (kind === 'symlink') {
          if (!options.follow) {
            if (!rules.isIgnored(absolute, false)) yield { type: 'skip', skipped: { path: toPosix(path), reason: 'symlink' } };
            continue;
          }
          try {
            stats = statSync(path);
          } catch (error) {
            // Dangling links and self-referencing links (ELOOP) land here.
            if (!rules.isIgnored(absolute, false)) yield ioError(path, error);
            continue;
          }
          kind = typeOf(stats);
        }
        if (rules.isIgnored(absolute, kind === 'directory')) continue;

        if (kind === 'directory') {
          if (options.follow) {
            try {
              stats ??= statSync(path);
            } catch (error) {
              yield ioError(path, error);
              continue;
            }
            if (visited.has(identity(stats))) {
              yield { type: 'skip', skipped: { path: toPosix(path), reason: 'symlinkLoop' } };
              continue;
            }
            visited.add(identity(stats));
          }
          subfolders.push({ path, absolute, rules });
        } else if (kind === 'file') {
          yield { type: 'file', path };
        } else {
          yield { type: 'skip', skipped: { path: toPosix(path), reason: 'special' } };
        }
      }
      for (let i = subfolders.length - 1; i >= 0; i--) stack.push(subfolders[i]);
    }
  }
}

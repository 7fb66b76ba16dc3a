// One walk for the benchmark scripts: every regular file below a folder, depth first, skipping `.git` folders
// (the real-code tree's stamp, a generated repository's metadata). Symbolic links are neither followed nor visited.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Calls `visit(path)` for every regular file below `dir` outside `.git` folders. */
export function eachFile(dir, visit) {
  const stack = [dir];
  while (stack.length > 0) {
    const folder = stack.pop();
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') stack.push(path);
      } else if (entry.isFile()) {
        visit(path);
      }
    }
  }
}

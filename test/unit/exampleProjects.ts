/**
 * The example projects under examples/ and the file each is about: its first source file, else its settings
 * file. Shared by the unit test of their rewrites and the end-to-end test that applies them in VS Code.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './repoRoot';

export const examplesDir = join(repoRoot, 'examples');
const sourcePattern = /\.(js|ts|py|cs|java|go)$|^local\.settings\.json$|^appsettings\.json$/;

function mainFileOf(example: string): string | undefined {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (sourcePattern.test(entry.name)) files.push(path);
    }
  };
  walk(join(examplesDir, example));
  return files.find((f) => !f.endsWith('.json')) ?? files[0];
}

export interface ExampleProject {
  readonly name: string;
  /** Absolute path of the example's main file. */
  readonly file: string;
}

export function exampleProjects(): ExampleProject[] {
  return readdirSync(examplesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => ({ name: e.name, file: mainFileOf(e.name) }))
    .filter((e): e is ExampleProject => e.file !== undefined);
}

/** The reviewed state of an example's main file after "Use Managed Identity for All Secrets in This File". */
export function exampleAfterFile(example: ExampleProject): string {
  return join(repoRoot, 'test', 'fixtures', 'examples-after', relative(examplesDir, example.file));
}

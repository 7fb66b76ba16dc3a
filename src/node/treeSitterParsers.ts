/**
 * Loads the tree-sitter runtime and grammar WASMs (from `@vscode/tree-sitter-wasm`) and exposes them as the
 * `SyntaxParsers` the fix planner takes. The runtime is initialised once per process; each grammar is
 * loaded on first use and cached.
 *
 * Memory: trees live in the WASM heap and must be deleted. The parsers keep the last tree per language
 * (planning several findings of one document parses it once) and delete it when the next text of that
 * language is parsed, so callers must not hold nodes across `parse` calls of the same language.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SyntaxParsers, SyntaxTree } from '../core/fixes/types';

export type GrammarName = Parameters<SyntaxParsers['parse']>[0];

export interface SyntaxParsersOptions {
  /** Folder holding `tree-sitter.js`, `tree-sitter.wasm` and the `tree-sitter-<lang>.wasm` grammars. */
  readonly wasmDir?: string;
  /** Grammars to make available (default: all). Parsing another language throws. */
  readonly languages?: readonly GrammarName[];
}

const grammarFiles: Record<GrammarName, string> = {
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  python: 'tree-sitter-python.wasm',
  csharp: 'tree-sitter-c-sharp.wasm',
  java: 'tree-sitter-java.wasm',
  go: 'tree-sitter-go.wasm',
};

/** The subset of web-tree-sitter used here (its .d.ts declares an ambient module we do not import). */
interface WtsTree extends SyntaxTree {
  delete(): void;
}
interface WtsParser {
  setLanguage(language: unknown): WtsParser;
  parse(text: string): WtsTree | null;
}
interface WtsModule {
  Parser: {
    init(options: { locateFile: (file: string, folder: string) => string; wasmBinary?: Uint8Array }): Promise<void>;
    new (): WtsParser;
  };
  Language: { load(input: Uint8Array): Promise<unknown> };
}

let runtime: { dir: string; ready: Promise<WtsModule> } | undefined;

/** The package's own `wasm/` folder. */
export function defaultWasmDir(): string {
  return dirname(require.resolve('@vscode/tree-sitter-wasm'));
}

function loadRuntime(dir: string): Promise<WtsModule> {
  if (runtime) return runtime.ready;
  // The runtime is a UMD script next to the wasm files; load it from the same folder so a bundle that
  // copies `wasm/` to `dist/wasm/` works without the package being present.
  const ready = (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(dir, 'tree-sitter.js')) as WtsModule;
    await mod.Parser.init({
      locateFile: (file: string) => join(dir, file),
      wasmBinary: readFileSync(join(dir, 'tree-sitter.wasm')),
    });
    return mod;
  })();
  runtime = { dir, ready };
  ready.catch(() => {
    runtime = undefined;
  });
  return ready;
}

const grammars = new Map<string, Promise<unknown>>();

function loadGrammar(mod: WtsModule, dir: string, name: GrammarName): Promise<unknown> {
  const file = join(dir, grammarFiles[name]);
  let loaded = grammars.get(file);
  if (!loaded) {
    loaded = mod.Language.load(readFileSync(file));
    grammars.set(file, loaded);
    loaded.catch(() => grammars.delete(file));
  }
  return loaded;
}

/**
 * Creates the parsers. The runtime is initialised once per process (from the first `wasmDir` given) and
 * each grammar file is loaded once and cached across calls. Grammars are loaded when the parsers are created, not on the first `parse`:
 * `SyntaxParsers.parse` is synchronous and WebAssembly instantiation is not; all seven take about 30 ms.
 * Pass `languages` to load fewer.
 */
export async function createSyntaxParsers(options?: SyntaxParsersOptions): Promise<SyntaxParsers> {
  const dir = options?.wasmDir ?? defaultWasmDir();
  const mod = await loadRuntime(dir);
  const languages = new Map<GrammarName, unknown>();
  await Promise.all(
    (options?.languages ?? (Object.keys(grammarFiles) as GrammarName[])).map(async (name) => {
      languages.set(name, await loadGrammar(mod, dir, name));
    }),
  );
  const parsers = new Map<GrammarName, WtsParser>();
  const last = new Map<GrammarName, { text: string; tree: WtsTree }>();
  return {
    parse(language, text) {
      const cached = last.get(language);
      if (cached && cached.text === text) return cached.tree;
      let parser = parsers.get(language);
      if (!parser) {
        if (!languages.has(language)) throw new Error(`tree-sitter grammar ${language} was not loaded`);
        parser = new mod.Parser().setLanguage(languages.get(language));
        parsers.set(language, parser);
      }
      const tree = parser.parse(text);
      if (!tree) throw new Error(`tree-sitter could not parse ${language}`);
      cached?.tree.delete();
      last.set(language, { text, tree });
      return tree;
    },
  };
}

// Bundles the extension and the mi-scan CLI. Type checking is a separate step (`npm run typecheck`).
//   node esbuild.mjs               development build with source maps
//   node esbuild.mjs --production  minified, no source maps, with a size report
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  metafile: true,
  // Prefer ES module builds: jsonc-parser's UMD main loads its parts with require() calls that a
  // bundle cannot resolve ("Cannot find module './impl/format'" at activation).
  mainFields: ['module', 'main'],
};

/** Reports errors in the `file:line:col` form that VS Code's esbuild problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const targets = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    // The tree-sitter runtime is loaded from dist/wasm at run time, never from the package.
    external: ['vscode', '@vscode/tree-sitter-wasm'],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
];

/**
 * The quick fixes parse code with tree-sitter: copy its runtime and the grammars we use next to the
 * bundle (dist/wasm). The extension loads them on the first quick-fix request only.
 */
const grammars = ['javascript', 'typescript', 'tsx', 'python', 'c-sharp', 'java', 'go'];
const wasmFiles = ['tree-sitter.js', 'tree-sitter.wasm', ...grammars.map((g) => `tree-sitter-${g}.wasm`)];
function copyWasm() {
  const wasmSource = dirname(createRequire(import.meta.url).resolve('@vscode/tree-sitter-wasm'));
  mkdirSync('dist/wasm', { recursive: true });
  for (const file of wasmFiles) {
    copyFileSync(join(wasmSource, file), join('dist/wasm', file));
  }
}
copyWasm();

if (watch) {
  for (const options of targets) {
    const ctx = await esbuild.context({ ...options, plugins: [problemMatcher] });
    await ctx.watch();
  }
} else {
  const results = await Promise.all(targets.map((options) => esbuild.build(options)));
  const rows = [];
  for (const result of results) {
    for (const [file, info] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.map')) continue;
      const inputs = Object.keys(info.inputs).length;
      rows.push({ file, bytes: statSync(file).size, inputs });
    }
  }
  console.log(`${production ? 'production' : 'development'} build`);
  for (const file of wasmFiles) {
    rows.push({ file: `dist/wasm/${file}`, bytes: statSync(`dist/wasm/${file}`).size, inputs: 1 });
  }
  for (const row of rows) {
    console.log(`  ${row.file.padEnd(40)} ${(row.bytes / 1024).toFixed(1).padStart(8)} KiB  from ${row.inputs} modules`);
  }
}

// Bundles the extension and the mi-scan CLI. Type checking is a separate step (`npm run typecheck`).
//   node esbuild.mjs               development build with source maps
//   node esbuild.mjs --production  minified, no source maps, with a size report
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
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

/**
 * Parts the extension loads with `import()` on first use are bundles of their own, so activation parses
 * only what it runs: dist/azure.js (the Azure SDK clients and sign-in, for the explorer and its commands)
 * and dist/wizard.js (azext-utils' AzureWizard, for Create Identity). Code they share with
 * dist/extension.js is duplicated; errors cross the boundary through brand checks (src/core/errors.ts).
 */
const lazyParts = { createConnection: 'azure', createIdentityWizard: 'wizard' };
const lazyPartsPlugin = {
  name: 'lazy-parts',
  setup(build) {
    build.onResolve({ filter: /(?:^|\/)(?:createConnection|createIdentityWizard)(?:\.js)?$/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const name = /(createConnection|createIdentityWizard)(?:\.js)?$/.exec(args.path)[1];
      return { path: `./${lazyParts[name]}.js`, external: true };
    });
  },
};

/**
 * tas-client (pulled in by azext-utils) is a UMD file in a `"type": "module"` package, so esbuild treats
 * it as ESM and its `module.exports = factory()` replaces the exports of the bundle that contains it.
 * Loaded from a namespace of its own it is CommonJS and gets a module object of its own.
 */
const umdAsCommonJsPlugin = {
  name: 'umd-as-commonjs',
  setup(build) {
    build.onResolve({ filter: /^tas-client$/ }, (args) => ({ path: createRequire(join(args.resolveDir, 'x.js')).resolve('tas-client'), namespace: 'umd-cjs' }));
    build.onLoad({ filter: /.*/, namespace: 'umd-cjs' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'js', resolveDir: dirname(args.path) }));
  },
};

const targets = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts', azure: 'src/extension/azure/createConnection.ts', wizard: 'src/extension/identities/commands/createIdentityWizard.ts' },
    plugins: [lazyPartsPlugin, umdAsCommonJsPlugin],
    // `import()` of a lazy part becomes `require()`: the extension host hooks require('vscode') for them.
    supported: { 'dynamic-import': false },
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
    const ctx = await esbuild.context({ ...options, plugins: [...(options.plugins ?? []), problemMatcher] });
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

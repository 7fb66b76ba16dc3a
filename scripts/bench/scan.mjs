// `npm run bench:scan`: times mi-scan against secretlint (recommended preset) and ripgrep searching
// mi-scan's own prefilter keywords, in one run, on two trees:
// - generated: a deterministic synthetic repository of 200+ MB (genRepo.mjs), with planted secrets,
//   .gitignore'd folders and binaries; targets: ≥ 10× secretlint's throughput, ≤ 3× ripgrep's time;
// - real: about 100 MB of third-party code, a pinned list of this project's own npm packages copied
//   from node_modules into .bench/ (realTree.mjs, realTree.json); targets: ≥ 10× secretlint's
//   throughput, ≤ 1.5× ripgrep's time.
// For each tool and tree it prints the median and best of N wall times, MB/s, peak RSS (target for
// mi-scan: < 300 MB) and findings, then the ratios. Targets are judged on the medians.
//
//   node scripts/bench/scan.mjs [--tree generated|real|both] [--runs N] [--repo DIR] [--real-dir DIR]
//                               [--skip-secretlint]
//
// Expects a production build in dist/ (`npm run bench:scan` builds it first). Nothing here asserts on
// time: it prints figures for a person to read.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { defaultOutDir, ensureRepo } from './genRepo.mjs';
import { eachFile } from './eachFile.mjs';
import { defaultRealDir, ensureRealTree } from './realTree.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};
const runs = Math.max(1, Number(option('--runs', '3')));
const skipSecretlint = args.includes('--skip-secretlint');
const tree = option('--tree', 'both');
const cli = join(root, 'dist', 'cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'mi-scan-bench-'));
const timeBinary = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** The engine's prefilter keywords, read from the source by bundling the catalog entry point. */
async function loadKeywords() {
  const entry = existsSync(join(root, 'src/core/secrets/catalog.ts')) ? 'src/core/secrets/catalog.ts' : 'src/cli/secretEngine.ts';
  const outfile = join(scratch, 'keywords.cjs');
  await esbuild.build({ entryPoints: [join(root, entry)], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'error' });
  const keywords = createRequire(import.meta.url)(outfile).prefilterKeywords;
  if (!Array.isArray(keywords) || keywords.length === 0) throw new Error(`no prefilterKeywords exported by ${entry}`);
  return keywords;
}

/** Reads every file once so all tools start from a warm page cache. */
function warmCache(dir) {
  let bytes = 0;
  eachFile(dir, (path) => {
    bytes += readFileSync(path).length;
  });
  return bytes;
}

/**
 * Runs a command once; resolves with wall time (ms), peak RSS (KiB, from GNU time's %M or else by
 * polling /proc/<pid>/status VmHWM) and captured stdout.
 */
function measure(command, commandArgs, cwd) {
  return new Promise((resolveRun, reject) => {
    const rssFile = join(scratch, 'rss.txt');
    const [file, fileArgs] = timeBinary ? [timeBinary, ['-f', '%M', '-o', rssFile, command, ...commandArgs]] : [command, commandArgs];
    const started = process.hrtime.bigint();
    const child = spawn(file, fileArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let polledRss = 0;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const poll = timeBinary ? undefined : setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) polledRss = Math.max(polledRss, Number(match[1]));
      } catch {
        // The process has exited.
      }
    }, 5);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (poll) clearInterval(poll);
      const rssKiB = timeBinary && existsSync(rssFile) ? Number(/(\d+)\s*$/.exec(readFileSync(rssFile, 'utf8'))?.[1] ?? 0) : polledRss;
      resolveRun({ ms, rssKiB, code, stdout, stderr });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const mb = (bytes) => bytes / (1024 * 1024);
const seconds = (ms) => `${(ms / 1000).toFixed(3)} s`;

async function bench(name, command, commandArgs, cwd, count) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const result = await measure(command, commandArgs, cwd);
    if (result.code !== 0 && result.code !== 1) throw new Error(`${name} failed (exit ${result.code}): ${result.stderr.slice(0, 500)}`);
    samples.push(result);
    console.log(`  ${name} run ${i + 1}/${runs}: ${(result.ms / 1000).toFixed(2)} s`);
  }
  return {
    name,
    ms: median(samples.map((s) => s.ms)),
    bestMs: Math.min(...samples.map((s) => s.ms)),
    rssMiB: Math.max(...samples.map((s) => s.rssKiB)) / 1024,
    found: count(samples[samples.length - 1]),
  };
}

/** Runs the three tools on `dir`; returns their results, mi-scan's first. */
async function benchTree(dir, keywords) {
  const results = [];
  const reportFile = join(scratch, 'mi-scan.json');
  results.push(await bench('mi-scan', process.execPath, [cli, '--format', 'json', '--output', reportFile, '--quiet', dir], dir, () => {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    const byRule = {};
    for (const f of report.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    return {
      count: report.findings.length,
      label: 'findings',
      bytes: report.summary.bytesScanned,
      files: report.summary.filesScanned,
      skipped: report.summary.skippedByReason,
      byRule,
      paths: new Set(report.findings.map((f) => relative(dir, resolve(dir, f.path)).split(sep).join('/'))),
    };
  }));

  // ripgrep: the same keywords, case-insensitive fixed strings, the same .gitignore files (also outside
  // a git repository), binary files skipped; counts matching lines per file.
  const rgArgs = ['-i', '-F', '-c', '--no-require-git', '--no-messages', ...keywords.flatMap((k) => ['-e', k]), '.'];
  results.push(await bench('ripgrep', 'rg', rgArgs, dir, (s) => ({
    count: s.stdout.split('\n').filter(Boolean).reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(':') + 1)), 0),
    label: 'matching lines',
  })));

  if (!skipSecretlint) {
    // secretlint 13 honours .gitignore files by default; compact output, one line per finding.
    const rc = join(scratch, '.secretlintrc.json');
    writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
    const secretlint = join(root, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
    results.push(await bench('secretlint', process.execPath, [secretlint, '**/*', '--secretlintrc', rc, '--format', 'compact', '--no-color'], dir, (s) => ({
      count: s.stdout.split('\n').filter((line) => /: line \d+, col \d+/.test(line)).length,
      label: 'findings',
    })));
  }
  return results;
}

/** Prints the table and the ratios for one tree; returns the figures for the closing summary. */
function report(label, results, targets) {
  const [mi, rg, sl] = results;
  const bytes = mi.found.bytes;
  console.log(`\n[${label}] scanned: ${mi.found.files} files, ${mb(bytes).toFixed(1)} MB (mi-scan's count, used for every tool's MB/s); mi-scan skipped ${mi.found.skipped.binary} binary, ${mi.found.skipped.tooLarge} too large`);
  console.log(`${'tool'.padEnd(11)} ${'median'.padStart(9)} ${'best'.padStart(9)} ${'MB/s'.padStart(8)} ${'peak RSS'.padStart(10)}  result`);
  for (const r of results) {
    console.log(`${r.name.padEnd(11)} ${seconds(r.ms).padStart(9)} ${seconds(r.bestMs).padStart(9)} ${(mb(bytes) / (r.ms / 1000)).toFixed(1).padStart(8)} ${`${r.rssMiB.toFixed(0)} MB`.padStart(10)}  ${r.found.count} ${r.found.label}`);
  }
  const rules = Object.entries(mi.found.byRule).sort((a, b) => b[1] - a[1]);
  if (rules.length > 0) console.log(`mi-scan findings by rule: ${rules.map(([id, n]) => `${id} ${n}`).join(', ')}`);
  targets.planted?.(mi);
  console.log('');
  const rgRatio = mi.ms / rg.ms;
  console.log(`mi-scan time / ripgrep time: ${rgRatio.toFixed(2)}× (best: ${(mi.bestMs / rg.bestMs).toFixed(2)}×)  (target ≤ ${targets.ripgrep}×: ${rgRatio <= targets.ripgrep ? 'met' : 'NOT met'})`);
  let slRatio;
  if (sl) {
    slRatio = sl.ms / mi.ms;
    console.log(`mi-scan throughput / secretlint throughput: ${slRatio.toFixed(1)}× (best: ${(sl.bestMs / mi.bestMs).toFixed(1)}×)  (target ≥ 10×: ${slRatio >= 10 ? 'met' : 'NOT met'})`);
  } else {
    console.log('secretlint skipped (--skip-secretlint)');
  }
  console.log(`mi-scan peak RSS: ${mi.rssMiB.toFixed(0)} MB  (target < 300 MB: ${mi.rssMiB < 300 ? 'met' : 'NOT met'})`);
  return { label, bytes, files: mi.found.files, mi, rg, sl, rgRatio, slRatio };
}

async function generatedTree(keywords) {
  const repoDir = option('--repo', defaultOutDir());
  const started = Date.now();
  const { dir, manifest, reused } = ensureRepo(repoDir);
  console.log(`\n== generated tree: ${dir} (${reused ? 'reused' : `generated in ${((Date.now() - started) / 1000).toFixed(1)} s`})`);
  console.log(`      ${manifest.files} text files, ${mb(manifest.bytes).toFixed(1)} MB scannable; ${manifest.binaryFiles} binary; ${manifest.ignoredFiles} .gitignore'd; ${manifest.secrets.length} synthetic secrets`);
  const warmed = warmCache(dir);
  console.log(`page cache warmed (${mb(warmed).toFixed(0)} MB read); ${keywords.length} prefilter keywords; ${runs} run(s) per tool\n`);
  const results = await benchTree(dir, keywords);
  return report('generated', results, {
    ripgrep: 3,
    planted: (mi) => {
      const planted = manifest.secrets.filter((s) => !mi.found.paths.has(s.path));
      console.log(`planted secrets mi-scan reported: ${manifest.secrets.length - planted.length}/${manifest.secrets.length}`);
      for (const s of planted) console.log(`  missed: ${s.kind} in ${s.path}`);
    },
  });
}

async function realTree(keywords) {
  const started = Date.now();
  const { dir, manifest, reused, drift } = ensureRealTree(option('--real-dir', defaultRealDir()));
  console.log(`\n== real tree: ${dir} (${reused ? 'reused' : `copied in ${((Date.now() - started) / 1000).toFixed(1)} s`})`);
  console.log(`      ${Object.keys(manifest.packages).length} npm packages (scripts/bench/realTree.json v${manifest.listVersion}), ${manifest.files} files, ${mb(manifest.bytes).toFixed(1)} MB; ${manifest.textFiles} text files (${mb(manifest.textBytes).toFixed(1)} MB), ${manifest.binaryFiles} binary`);
  for (const line of drift) console.log(`      installed version differs from the pinned list (figures not comparable): ${line}`);
  const warmed = warmCache(dir);
  console.log(`page cache warmed (${mb(warmed).toFixed(0)} MB read); ${keywords.length} prefilter keywords; ${runs} run(s) per tool\n`);
  const results = await benchTree(dir, keywords);
  const summary = report('real', results, { ripgrep: 1.5 });
  // What Node itself costs before any scanning: start-up, walking, reading (one thread).
  const floor = await bench('node walk+read floor', process.execPath, [join(root, 'scripts', 'bench', 'readFloor.mjs'), dir], dir, (s) => ({ count: s.stdout.trim(), label: '' }));
  console.log(`node walk+read floor (scripts/bench/readFloor.mjs, one thread, no scanning): median ${seconds(floor.ms)}, ${(floor.ms / summary.rg.ms).toFixed(2)}× ripgrep; mi-scan is ${(summary.mi.ms / floor.ms).toFixed(2)}× the floor`);
  return summary;
}

async function main() {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build:prod` first (npm run bench:scan does)');
  if (!['generated', 'real', 'both'].includes(tree)) throw new Error(`--tree must be generated, real or both, not '${tree}'`);
  const keywords = await loadKeywords();
  console.log(`mi-scan ${cli}; node ${process.version}; ${availableParallelism()} cores; ${runs} run(s) per tool and tree`);

  const summaries = [];
  if (tree !== 'real') summaries.push(await generatedTree(keywords));
  if (tree !== 'generated') summaries.push(await realTree(keywords));

  if (summaries.length > 1) {
    console.log('\nsummary (median / best of runs):');
    for (const s of summaries) {
      const sl = s.sl ? `, secretlint ${seconds(s.sl.ms)} / ${seconds(s.sl.bestMs)}: ${s.slRatio.toFixed(1)}× / ${(s.sl.bestMs / s.mi.bestMs).toFixed(1)}× secretlint` : '';
      console.log(`  ${s.label.padEnd(9)} ${mb(s.bytes).toFixed(0)} MB, ${s.files} files: mi-scan ${seconds(s.mi.ms)} / ${seconds(s.mi.bestMs)}, ripgrep ${seconds(s.rg.ms)} / ${seconds(s.rg.bestMs)}${sl}; ${s.rgRatio.toFixed(2)}× / ${(s.mi.bestMs / s.rg.bestMs).toFixed(2)}× ripgrep; mi-scan RSS ${s.mi.rssMiB.toFixed(0)} MB`);
    }
  }

  const documentBench = join(root, 'scripts', 'bench', 'document.mjs');
  if (existsSync(documentBench)) {
    console.log('\nin-memory scan of one 5,000-line document (scripts/bench/document.mjs):');
    const result = spawnSync(process.execPath, [documentBench], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) console.log(`document.mjs exited with ${result.status}`);
  } else {
    console.log('\nscripts/bench/document.mjs not present: in-memory document timing skipped');
  }
}

try {
  await main();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

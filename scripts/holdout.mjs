// Scores mi-scan on a labelled corpus (default test/fixtures/holdout): precision and recall against labels
// written independently of the detectors, the way an outside evaluator scores SARIF output.
//
//   node scripts/holdout.mjs [--corpus holdout|realworld] [--threshold 0.97] [--min-severity info|warning|error] [--no-build]
//
// --corpus names a folder under test/fixtures holding files/ and labels.json (holdout, the default, or
// realworld); --threshold defaults to 0.98 for both.
// Builds dist/cli.js first when it is missing or older than its sources, runs
//   node dist/cli.js --format sarif --no-ignore --min-severity <level> test/fixtures/<corpus>/files
// and matches each SARIF result to the labels by file and line:
//   - a result on a labelled line is a true positive (further results on that line are listed as duplicates);
//   - a note-level result on an `"allow": "info"` label (public emulator keys) is accepted and not counted;
//     a warning or error there is a false positive;
//   - any other result is a false positive, and a label without a result is a false negative.
// labels.json may also list "negatives" (places that look like secrets but are not); a false positive on one
// of them is printed with its shape. Labels may carry a "shape", printed with their false negatives.
// Exits 1 when precision or recall is below the threshold (2 when the scan itself fails or the arguments are wrong).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Default thresholds per corpus; any other corpus defaults to 0.97. */
const DEFAULT_THRESHOLD = { holdout: 0.98, realworld: 0.98 };
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const minSeverity = option('--min-severity', 'info');
if (!['info', 'warning', 'error'].includes(minSeverity)) {
  console.error(`--min-severity must be info, warning or error, not ${minSeverity}`);
  process.exit(2);
}
const corpusName = option('--corpus', 'holdout');
if (!/^[a-z0-9][a-z0-9-]*$/.test(corpusName ?? '')) {
  console.error(`--corpus must name a folder under test/fixtures, not ${corpusName}`);
  process.exit(2);
}
const corpus = join(root, 'test', 'fixtures', corpusName);
const filesDir = join(corpus, 'files');
if (!existsSync(join(corpus, 'labels.json')) || !existsSync(filesDir)) {
  console.error(`test/fixtures/${corpusName} has no labels.json and files/: not a labelled corpus`);
  process.exit(2);
}
const thresholdArg = option('--threshold', undefined);
const THRESHOLD = thresholdArg === undefined ? (DEFAULT_THRESHOLD[corpusName] ?? 0.97) : Number(thresholdArg);
if (!(THRESHOLD >= 0 && THRESHOLD <= 1)) {
  console.error(`--threshold must be a number between 0 and 1, not ${thresholdArg}`);
  process.exit(2);
}

/** True when dist/cli.js is missing or any source its source map lists (or the build script) is newer. */
function cliIsStale() {
  if (!existsSync(cli)) return true;
  const built = statSync(cli).mtimeMs;
  const inputs = [join(root, 'esbuild.mjs'), join(root, 'package-lock.json')];
  const mapFile = `${cli}.map`;
  if (existsSync(mapFile)) {
    const map = JSON.parse(readFileSync(mapFile, 'utf8'));
    for (const source of map.sources ?? []) {
      const path = resolve(dirname(mapFile), source);
      if (!path.includes(`${sep}node_modules${sep}`)) inputs.push(path);
    }
  } else {
    return true;
  }
  return inputs.some((path) => !existsSync(path) || statSync(path).mtimeMs > built);
}

if (!args.includes('--no-build') && cliIsStale()) {
  console.log('dist/cli.js is missing or stale: npm run build');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Run the scan

const work = mkdtempSync(join(tmpdir(), 'mi-holdout-'));
const sarifPath = join(work, 'holdout.sarif');
const started = Date.now();
const scan = spawnSync(process.execPath, [cli, '--format', 'sarif', '--no-ignore', '--min-severity', minSeverity, '--quiet', '--no-progress', '--output', sarifPath, filesDir], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (scan.status !== 0 && scan.status !== 1) {
  console.error(`mi-scan exited with ${scan.status ?? scan.signal}`);
  console.error(scan.stderr);
  process.exit(2);
}
const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
rmSync(work, { recursive: true, force: true });

/** The result's path relative to the corpus folder, with forward slashes. */
function resultPath(run, location) {
  const artifact = location?.physicalLocation?.artifactLocation ?? {};
  let uri = artifact.uri ?? '';
  const base = artifact.uriBaseId ? run.originalUriBaseIds?.[artifact.uriBaseId]?.uri : undefined;
  if (base && !/^[a-z]+:/i.test(uri)) uri = base.replace(/\/?$/, '/') + uri;
  let path;
  if (uri.startsWith('file:')) path = fileURLToPath(uri);
  else path = resolve(root, decodeURIComponent(uri));
  return relative(filesDir, path).split(sep).join('/');
}

/** SARIF level resolution: the result's level, else its rule's default, else "warning". */
function resultLevel(run, result) {
  if (result.level) return result.level;
  const rules = run.tool?.driver?.rules ?? [];
  const rule = result.ruleIndex != null ? rules[result.ruleIndex] : rules.find((r) => r.id === result.ruleId);
  return rule?.defaultConfiguration?.level ?? 'warning';
}

const results = [];
for (const run of sarif.runs ?? []) {
  for (const result of run.results ?? []) {
    const location = result.locations?.[0];
    results.push({
      file: resultPath(run, location),
      line: location?.physicalLocation?.region?.startLine ?? 0,
      ruleId: result.ruleId ?? '(none)',
      level: resultLevel(run, result),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Match

const { labels, negatives = [] } = JSON.parse(readFileSync(join(corpus, 'labels.json'), 'utf8'));
const key = (file, line) => `${file}:${line}`;
const labelAt = new Map(labels.map((l) => [key(l.file, l.line), l]));
const negativeAt = new Map(negatives.map((n) => [key(n.file, n.line), n]));
const byLine = new Map();
for (const r of results) {
  const k = key(r.file, r.line);
  if (!byLine.has(k)) byLine.set(k, []);
  byLine.get(k).push(r);
}

const truePositives = [];
const falseNegatives = [];
const falsePositives = [];
const duplicates = [];
const acceptedInfo = [];
for (const label of labels) {
  const here = byLine.get(key(label.file, label.line)) ?? [];
  if (label.allow === 'info') {
    for (const r of here) {
      if (r.level === 'note' || r.level === 'none') acceptedInfo.push(r);
      else falsePositives.push({ ...r, why: `emulator key reported at ${r.level}, allowed at note only` });
    }
    continue;
  }
  if (here.length === 0) {
    falseNegatives.push(label);
  } else {
    truePositives.push({ label, result: here[0] });
    duplicates.push(...here.slice(1));
  }
}
for (const r of results) {
  if (labelAt.has(key(r.file, r.line))) continue;
  const negative = negativeAt.get(key(r.file, r.line));
  falsePositives.push(negative ? { ...r, why: `marked negative: ${negative.shape}` } : r);
}

const required = labels.filter((l) => l.allow !== 'info').length;
const tp = truePositives.length;
const precision = tp + falsePositives.length === 0 ? 0 : tp / (tp + falsePositives.length);
const recall = required === 0 ? 1 : tp / required;
const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);

// ---------------------------------------------------------------------------------------------
// Report

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const short = (s) => (s.length > 16 ? `${s.slice(0, 12)}…(${s.length})` : s);
const byPlace = (a, b) => a.file.localeCompare(b.file) || a.line - b.line;

console.log(`mi-scan on the ${corpusName} corpus (${new Set(labels.map((l) => l.file)).size} files with labels, --min-severity ${minSeverity}, ${seconds} s)`);
console.log(`  results ${results.length}, labels ${required} (+${labels.length - required} emulator keys allowed at note level)`);
console.log(`  true positives ${tp}, false positives ${falsePositives.length}, false negatives ${falseNegatives.length}, duplicates on labelled lines ${duplicates.length}, accepted note-level emulator results ${acceptedInfo.length}`);
console.log(`  precision ${pct(precision)}  recall ${pct(recall)}  F1 ${pct(f1)}  (threshold ${pct(THRESHOLD)})`);

console.log(`\nFalse positives (${falsePositives.length}):`);
for (const r of [...falsePositives].sort(byPlace)) console.log(`  ${r.file}:${r.line}  ${r.ruleId}  [${r.level}]${r.why ? `  ${r.why}` : ''}`);
console.log(`\nFalse negatives (${falseNegatives.length}):`);
for (const l of [...falseNegatives].sort(byPlace)) console.log(`  ${l.file}:${l.line}  secret ${short(l.secret)}${l.shape ? `  ${l.shape}` : ''}`);
const noteOnly = truePositives.filter((t) => t.result.level === 'note');
if (noteOnly.length) {
  console.log(`\nTrue positives reported only at note level, hidden at the default --min-severity warning (${noteOnly.length}):`);
  for (const r of noteOnly.map((t) => t.result).sort(byPlace)) console.log(`  ${r.file}:${r.line}  ${r.ruleId}`);
}
if (duplicates.length) {
  console.log(`\nDuplicate results on labelled lines (not counted) (${duplicates.length}):`);
  for (const r of [...duplicates].sort(byPlace)) console.log(`  ${r.file}:${r.line}  ${r.ruleId}  [${r.level}]`);
}

process.exit(precision < THRESHOLD || recall < THRESHOLD ? 1 : 0);

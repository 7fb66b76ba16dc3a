// Real-repository precision check: how many of mi-scan's findings on public repositories nobody on the team
// wrote are real credentials. The repositories are not vendored; docs/real-repositories/README.md says how to
// fetch and extract the pinned commits.
//
//   node scripts/realrepos.mjs --root DIR [--batch NAME] [--cli dist/cli.js] [--min-severity warning] [--jobs N]
//                              [--repo owner/name] [--write-missing FILE]
//
// Reads docs/real-repositories/repos.json ([{ repo, commit, licence, why }]) and
// docs/real-repositories/verdicts.json ([{ repo, commit, path, line, rule, severity?, verdict, note }]); with
// --batch NAME, docs/real-repositories/NAME/repos.json and .../NAME/verdicts.json instead (the "unseen" batch is a
// second set of repositories classified once and never used to tune the detectors). --repos FILE and
// --verdicts FILE override either file. The verdict field is one of
//   credential      a real-format credential value someone committed (true positive),
//   sample          a documented / public sample or emulator key (a fair report, but it belongs at info),
//   false-positive  not a secret (placeholder, prose, log line, configuration read, ...),
//   ?               not reviewed yet (counts as unclassified).
// Runs the CLI once per repository, from the repository's folder (DIR/<owner>+<name>), exactly as a user runs
//   mi-scan .
// (ignore files honoured, the CLI's defaults) plus --format json and --min-severity, and matches each finding
// (by path, line of the secret's start and rule id) to a verdict. Prints, per repository and in total, the
// findings, each verdict's count, the unclassified count and
//   precision = (credential + sample) / classified findings
// (and the strict precision, credential / classified, since samples belong at info), then the unclassified
// findings (redacted preview only) and the verdicts that no longer match a finding (verdicts recorded, in their
// optional "severity" field, for findings below --min-severity are expected not to match and only counted).
// --write-missing FILE writes the unclassified findings as verdict stubs (verdict "?", no preview) to review.
//
// Verdict files must never hold a secret value or any part of one: the note of each matched credential or
// sample verdict is checked against the secret the finding points at, and a warning is printed (without the
// secret) if they share 8 or more characters.
//
// Exits 0 whatever the precision; 2 when a repository folder is missing or a scan fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const docsDir = join(projectRoot, 'docs', 'real-repositories');
const VERDICTS = ['credential', 'sample', 'false-positive'];

// ---------------------------------------------------------------------------------------------
// Arguments

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) usage(`${name} needs a value`);
  return value;
}
function usage(message) {
  if (message) console.error(message);
  console.error('usage: node scripts/realrepos.mjs --root DIR [--batch NAME] [--cli PATH] [--min-severity info|warning|error] [--jobs N] [--repo owner/name] [--write-missing FILE] [--repos FILE] [--verdicts FILE]');
  process.exit(2);
}
const known = new Set(['--root', '--batch', '--cli', '--min-severity', '--jobs', '--repo', '--write-missing', '--repos', '--verdicts']);
for (let i = 0; i < args.length; i += 2) {
  if (args[i] === '-h' || args[i] === '--help') usage();
  if (!known.has(args[i])) usage(`unknown argument ${args[i]}`);
}

const rootOption = option('--root');
if (!rootOption) usage('--root DIR is required (the folder holding the extracted repositories as <owner>+<name>)');
const reposRoot = resolve(rootOption);
const cli = resolve(option('--cli', join(projectRoot, 'dist', 'cli.js')));
const minSeverity = option('--min-severity', 'warning');
if (!['info', 'warning', 'error'].includes(minSeverity)) usage(`--min-severity must be info, warning or error, not ${minSeverity}`);
const jobs = option('--jobs');
const onlyRepo = option('--repo');
const writeMissing = option('--write-missing');
const batch = option('--batch');
if (batch !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(batch)) usage(`--batch must name a folder under docs/real-repositories (lower-case letters, digits, -), not ${batch}`);
const batchDir = batch ? join(docsDir, batch) : docsDir;
if (batch && !existsSync(join(batchDir, 'repos.json'))) usage(`--batch ${batch}: ${join(batchDir, 'repos.json')} does not exist`);
const reposFile = resolve(option('--repos', join(batchDir, 'repos.json')));
const verdictsFile = resolve(option('--verdicts', join(batchDir, 'verdicts.json')));

if (!existsSync(cli)) {
  console.error(`${cli} does not exist: run npm run build first, or pass --cli`);
  process.exit(2);
}
if (!existsSync(reposRoot)) {
  console.error(`--root ${reposRoot} does not exist`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Inputs

function readJsonArray(file) {
  if (!existsSync(file)) return [];
  const value = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(value)) throw new Error(`${file} must hold a JSON array`);
  return value;
}

let repos = readJsonArray(reposFile);
if (repos.length === 0) {
  console.error(`${reposFile} lists no repositories`);
  process.exit(2);
}
if (onlyRepo) {
  repos = repos.filter((r) => r.repo === onlyRepo);
  if (repos.length === 0) usage(`${onlyRepo} is not in ${reposFile}`);
}
const verdicts = readJsonArray(verdictsFile);

const key = (repo, path, line, rule) => `${repo}\u0000${path}\u0000${line}\u0000${rule}`;
const verdictAt = new Map();
const problems = [];
for (const v of verdicts) {
  const k = key(v.repo, v.path, v.line, v.rule);
  if (verdictAt.has(k)) problems.push(`duplicate verdict for ${v.repo} ${v.path}:${v.line} ${v.rule}`);
  if (![...VERDICTS, '?'].includes(v.verdict)) problems.push(`unknown verdict "${v.verdict}" for ${v.repo} ${v.path}:${v.line} ${v.rule}`);
  const pinned = repos.find((r) => r.repo === v.repo)?.commit;
  if (pinned && v.commit && v.commit !== pinned) problems.push(`verdict for ${v.repo} ${v.path}:${v.line} names commit ${v.commit.slice(0, 12)}, repos.json pins ${pinned.slice(0, 12)}`);
  verdictAt.set(k, v);
}

// ---------------------------------------------------------------------------------------------
// Scan

const work = mkdtempSync(join(tmpdir(), 'mi-realrepos-'));
const folderOf = (repo) => join(reposRoot, repo.replace('/', '+'));
const results = [];
let failed = false;
const started = Date.now();

for (const entry of repos) {
  const folder = folderOf(entry.repo);
  if (!existsSync(folder)) {
    console.error(`missing: ${folder} (fetch ${entry.repo} at ${entry.commit} and extract it there)`);
    failed = true;
    continue;
  }
  const out = join(work, `${entry.repo.replace('/', '+')}.json`);
  const cliArgs = [cli, '--format', 'json', '--min-severity', minSeverity, '--quiet', '--no-progress', '--output', out];
  if (jobs) cliArgs.push('--jobs', jobs);
  cliArgs.push('.');
  const scan = spawnSync(process.execPath, cliArgs, { cwd: folder, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (scan.status !== 0 && scan.status !== 1) {
    console.error(`mi-scan failed on ${entry.repo} (exit ${scan.status ?? scan.signal})`);
    console.error(scan.stderr);
    failed = true;
    continue;
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const findings = (report.findings ?? []).map((f) => ({
    repo: entry.repo,
    path: f.path,
    line: f.secret?.startLine ?? 0,
    rule: f.ruleId,
    severity: f.severity,
    service: f.service,
    kind: f.kind,
    preview: f.preview,
    fingerprint: f.fingerprint,
    secret: f.secret,
  }));
  results.push({ entry, summary: report.summary ?? {}, findings });
}
rmSync(work, { recursive: true, force: true });
const seconds = ((Date.now() - started) / 1000).toFixed(1);

// ---------------------------------------------------------------------------------------------
// Match

/** The exact text of a finding's secret, read back from the file (for the leak check only; never printed). */
function secretText(finding) {
  const s = finding.secret;
  if (!s || s.charOffset == null || !s.charLength) return undefined;
  try {
    let text = readFileSync(join(folderOf(finding.repo), finding.path), 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text.slice(s.charOffset, s.charOffset + s.charLength);
  } catch {
    return undefined;
  }
}

/** True when any 8-character run of the secret appears in the text. */
function overlaps(secret, text) {
  if (!secret || !text || secret.length < 8) return false;
  for (let i = 0; i + 8 <= secret.length; i++) if (text.includes(secret.slice(i, i + 8))) return true;
  return false;
}

const used = new Set();
const leaks = [];
/** Distinct secret values (repository + fingerprint) per verdict: one key pasted into ten files counts once. */
const distinct = { credential: new Set(), sample: new Set(), 'false-positive': new Set(), unclassified: new Set() };
const rows = [];
const unclassified = [];
const total = { findings: 0, credential: 0, sample: 0, 'false-positive': 0, unclassified: 0, filesScanned: 0 };
for (const { entry, summary, findings } of results) {
  const row = { repo: entry.repo, findings: findings.length, credential: 0, sample: 0, 'false-positive': 0, unclassified: 0, filesScanned: summary.filesScanned ?? 0 };
  for (const f of findings) {
    const k = key(f.repo, f.path, f.line, f.rule);
    const v = verdictAt.get(k);
    if (v) used.add(k);
    if (v && VERDICTS.includes(v.verdict)) {
      row[v.verdict]++;
      distinct[v.verdict].add(`${f.repo}\u0000${f.fingerprint}`);
      // Only real or sample secrets matter here: a false positive's "secret" is ordinary text (a word, an expression).
      if (v.verdict !== 'false-positive' && overlaps(secretText(f), v.note ?? '')) leaks.push(`${f.repo} ${f.path}:${f.line} ${f.rule}`);
    } else {
      row.unclassified++;
      distinct.unclassified.add(`${f.repo}\u0000${f.fingerprint}`);
      unclassified.push({ ...f, commit: entry.commit });
    }
  }
  rows.push(row);
  for (const field of Object.keys(total)) total[field] += row[field];
}

// ---------------------------------------------------------------------------------------------
// Report

const classified = (r) => r.credential + r.sample + r['false-positive'];
const ratio = (num, den) => (den === 0 ? '-' : `${((num / den) * 100).toFixed(1)}%`);
const headers = ['repository', 'files', 'findings', 'credential', 'sample', 'false-pos', 'unclassified', 'precision', 'strict'];
const cells = (r) => [r.repo, r.filesScanned, r.findings, r.credential, r.sample, r['false-positive'], r.unclassified, ratio(r.credential + r.sample, classified(r)), ratio(r.credential, classified(r))].map(String);
const table = [...rows.map(cells), cells({ ...total, repo: 'TOTAL' })];
const widths = headers.map((h, i) => Math.max(h.length, ...table.map((c) => c[i].length)));
const line = (c) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');

console.log(`mi-scan on ${results.length} real repositories${batch ? ` (batch ${batch})` : ''} under ${reposRoot} (--min-severity ${minSeverity}, ignore files honoured, ${seconds} s)`);
console.log(`  cli ${cli}`);
console.log(`  precision = (credential + sample) / classified; strict = credential / classified\n`);
console.log(line(headers));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const c of table.slice(0, -1)) console.log(line(c));
console.log(line(widths.map((w) => '-'.repeat(w))));
console.log(line(table.at(-1)));
console.log(`\nTotal: ${total.findings} findings, ${total.credential} credential, ${total.sample} sample, ${total['false-positive']} false-positive, ${total.unclassified} unclassified; precision ${ratio(total.credential + total.sample, classified(total))} (strict ${ratio(total.credential, classified(total))})`);
const d = Object.fromEntries(Object.entries(distinct).map(([k, set]) => [k, set.size]));
console.log(`Distinct values (repository + fingerprint): ${d.credential} credential, ${d.sample} sample, ${d['false-positive']} false-positive, ${d.unclassified} unclassified; precision ${ratio(d.credential + d.sample, d.credential + d.sample + d['false-positive'])}`);

const byPlace = (a, b) => a.repo.localeCompare(b.repo) || a.path.localeCompare(b.path) || a.line - b.line || a.rule.localeCompare(b.rule);
console.log(`\nUnclassified findings (${unclassified.length}):`);
for (const f of [...unclassified].sort(byPlace)) console.log(`  ${f.repo}  ${f.path}:${f.line}  ${f.rule}  [${f.severity}]  ${f.preview ?? ''}`);

const scannedRepos = new Set(results.map((r) => r.entry.repo));
const rank = { info: 0, warning: 1, error: 2 };
const unmatched = verdicts.filter((v) => scannedRepos.has(v.repo) && !used.has(key(v.repo, v.path, v.line, v.rule)));
// A verdict recorded for an info finding is expected to match nothing at --min-severity warning.
const below = unmatched.filter((v) => v.severity in rank && rank[v.severity] < rank[minSeverity]);
const stale = unmatched.filter((v) => !below.includes(v));
if (below.length) console.log(`\n${below.length} verdicts were recorded for findings below --min-severity ${minSeverity} (not expected here).`);
if (stale.length) {
  console.log(`\nVerdicts with no matching finding at --min-severity ${minSeverity} (${stale.length}): a fixed false positive, a lower severity, or a lost detection`);
  for (const v of [...stale].sort(byPlace)) console.log(`  ${v.repo}  ${v.path}:${v.line}  ${v.rule}  ${v.verdict}${v.verdict === 'credential' ? '  <- credential no longer reported' : ''}`);
}
if (problems.length) {
  console.log(`\nProblems in ${verdictsFile} (${problems.length}):`);
  for (const p of problems) console.log(`  ${p}`);
}
if (leaks.length) {
  console.log(`\nWARNING: these verdicts' notes share 8+ characters with the secret they describe; remove them (${leaks.length}):`);
  for (const l of leaks) console.log(`  ${l}`);
}

if (writeMissing) {
  const stubs = [...unclassified].sort(byPlace).map((f) => ({
    repo: f.repo,
    commit: f.commit,
    path: f.path,
    line: f.line,
    rule: f.rule,
    severity: f.severity,
    service: f.service,
    kind: f.kind,
    verdict: '?',
    note: '',
  }));
  writeFileSync(resolve(writeMissing), `${JSON.stringify(stubs, null, 2)}\n`);
  console.log(`\nWrote ${stubs.length} verdict stubs to ${resolve(writeMissing)}`);
}

process.exit(failed ? 2 : 0);

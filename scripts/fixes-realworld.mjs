// Runs "Use Managed Identity for All Secrets in This File" over the real-world fix corpus in
// test/fixtures/fixes-realworld/<language>/<case>/ and scores it against the reviewed after-states.
//
//   node scripts/fixes-realworld.mjs [--json] [--only <language>[/<case>]] [--keep]
//
// Needs the compiled engine under out/ (`npm run compile-tests` first). For every case it does what the
// command does in VS Code: scan before.* (scanText), take the preferred plan of each finding (planFixes),
// merge them (mergePlans) and apply the merged edits (applyEdits). It then checks the result:
//   detected      every secret of the file was reported by the scan (the secrets are the key-like tokens that
//                 the before-file has and the reviewed after-state has not)
//   passwordless  every applied plan has strategy "passwordless" (and at least one applied)
//   fallback      some applied plan is not passwordless (environmentRead, keyVaultReference, ...)
//   no plan       detected, but nothing was applied (no preferred plan, or every plan collided)
//   parses        tree-sitter without error nodes (code), jsonc-parser / yaml / line grammar (config), and
//                 where a compiler is on this machine: python3 -m py_compile, gofmt -e, javac parse-only
//   type-checks   JavaScript / TypeScript only: tsc (strict) against the SDK types in node_modules
//   equal         the output is byte for byte the reviewed expected.* of the case
//   secret left   a secret of the before-file (a finding's text, or a token the reviewed state removed) is
//                 still in the output, or the output still scans with an error-severity finding
//   roles         the grantRole follow-ups name exactly the roles of case.json (informational)
// The same parse / type-check / secret checks run over the expected files themselves ("corpus check"), so
// a wrong reviewed after-state shows up as such.
//
// case.json: { source, licence, passwordless, roles, notes?, path?, languageId? }. `path` is the file name
// the document has in its project (e.g. local.settings.json, src/main/resources/application.yml, .env); it is
// resolved inside the case folder, where sibling project files (host.json, *.csproj, package.json) live.
//
// Prints a table per language and the differing files; --json prints one JSON report instead. Exit code 0
// whatever the score (fixesRealWorld.test.ts asserts the targets); 2 when the engine cannot be loaded.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(root, 'test', 'fixtures', 'fixes-realworld');
const scratch = join(root, 'out', 'fixes-realworld');
const require = createRequire(import.meta.url);

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

function load(rel) {
  const file = join(root, 'out', rel);
  if (!existsSync(file)) {
    console.error(`${relative(root, file)} is missing: run \`npm run compile-tests\` first`);
    process.exit(2);
  }
  return require(file);
}

const { scanText } = load('src/core/secrets/scanner.js');
const { planFixes } = load('src/core/fixes/planFixes.js');
const { mergePlans } = load('src/core/fixes/mergePlans.js');
const { applyEdits } = load('src/core/fixes/code/textEdits.js');
const { createSyntaxParsers } = load('src/node/treeSitterParsers.js');
const { parseTree } = require('jsonc-parser');
const { parseAllDocuments } = require('yaml');
const ts = require('typescript');

const CODE = new Set(['javascript', 'typescript', 'python', 'csharp', 'java', 'go']);
const LANGUAGES = ['javascript', 'typescript', 'python', 'csharp', 'java', 'go', 'json', 'dotenv', 'yaml', 'properties'];

/** Every case of the corpus, in language then name order. */
export function loadCases() {
  const out = [];
  if (!existsSync(corpus)) return out;
  for (const language of readdirSync(corpus).sort()) {
    const langDir = join(corpus, language);
    if (!LANGUAGES.includes(language)) continue;
    for (const name of readdirSync(langDir).sort()) {
      const dir = join(langDir, name);
      if (only && only !== language && only !== `${language}/${name}`) continue;
      const files = readdirSync(dir);
      const before = files.find((f) => f.startsWith('before.') || f === 'before');
      const expected = files.find((f) => f.startsWith('expected.') || f === 'expected');
      if (!before || !expected) continue;
      const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8'));
      out.push({ language, name, dir, before: join(dir, before), expected: join(dir, expected), spec });
    }
  }
  return out;
}

/** The path the document has in its project: case.json `path` inside the case folder, else before.*. */
const documentPath = (c) => (c.spec.path ? join(c.dir, c.spec.path) : c.before);

function grammarOf(c) {
  if (c.language === 'typescript') return /\.tsx$/.test(c.before) ? 'tsx' : 'typescript';
  return c.language;
}

/** .env / .properties: every line is blank, a comment, or `name=value` (`name: value` in properties). */
function lineErrors(text, kind) {
  const ok =
    kind === 'dotenv'
      ? /^\s*$|^\s*#|^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(("[^"]*")|('[^']*')|[^"'\s][^#]*?|)\s*(#.*)?$/
      : /^\s*$|^\s*[#!]|^\s*[^=:\s]+\s*[=:]\s*.*$/;
  return text.split(/\r?\n/).filter((l) => !ok.test(l)).map((l) => `bad line: ${l}`);
}

function extOf(file) {
  const b = basename(file);
  return b.includes('.') ? b.slice(b.indexOf('.')) : '';
}

/** Syntax errors of `text` as a file of this case: tree-sitter / config parsers, then the compilers here. */
function parseErrors(c, text, parsers, tmpFile) {
  const errors = [];
  if (CODE.has(c.language)) {
    if (parsers.parse(grammarOf(c), text).rootNode.hasError) errors.push('tree-sitter: error nodes');
  } else if (c.language === 'json') {
    const errs = [];
    parseTree(text, errs, { allowTrailingComma: false, disallowComments: false });
    errors.push(...errs.map((e) => `json error ${e.error} at ${e.offset}`));
  } else if (c.language === 'yaml') {
    errors.push(...parseAllDocuments(text).flatMap((d) => ('errors' in d ? d.errors.map((e) => `yaml: ${e.message}`) : [])));
  } else {
    errors.push(...lineErrors(text, c.language));
  }
  if (!tmpFile) return errors;
  mkdirSync(dirname(tmpFile), { recursive: true });
  writeFileSync(tmpFile, text);
  const run = (cmd, argv) => spawnSync(cmd, argv, { encoding: 'utf8', cwd: dirname(tmpFile) });
  if (c.language === 'python' && tools.python) {
    const r = run('python3', ['-m', 'py_compile', tmpFile]);
    if (r.status !== 0) errors.push(`python3 -m py_compile: ${(r.stderr || '').trim().split('\n').pop()}`);
  } else if (c.language === 'go' && tools.gofmt) {
    const r = run('gofmt', ['-e', '-l', tmpFile]);
    if (r.status !== 0) errors.push(`gofmt -e: ${(r.stderr || '').trim().split('\n')[0]}`);
  } else if (c.language === 'java' && tools.javac) {
    const r = run('javac', ['-proc:none', '-XDshould-stop.ifNoError=PARSE', '-XDshould-stop.ifError=PARSE', '-d', join(dirname(tmpFile), 'classes'), tmpFile]);
    if (r.status !== 0) errors.push(`javac (parse only): ${(r.stderr || r.stdout || '').trim().split('\n')[0]}`);
  }
  return errors;
}

const has = (cmd, argv) => spawnSync(cmd, argv, { encoding: 'utf8' }).status === 0;
const onPath = (cmd) => has('sh', ['-c', `command -v ${cmd}`]);
/** prettier is not a dependency of the project: PRETTIER=<path to bin/prettier>, else one on PATH. */
const prettierBin = process.env.PRETTIER || (onPath('prettier') ? 'prettier' : undefined);
const tools = {
  python: has('python3', ['--version']),
  gofmt: onPath('gofmt'),
  javac: has('javac', ['-version']),
  prettier: prettierBin !== undefined && has(prettierBin, ['--version']),
  black: onPath('black'),
};

/**
 * The output run through the formatter the case's before-file was laid out with (case.json `formatterArgs`),
 * or undefined when that formatter is not on this machine. Tells "differs only in layout" from the rest.
 */
function formatted(c, text, file) {
  const args = c.spec.formatterArgs;
  if (!args) return undefined;
  const [tool, ...rest] = args;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  let r;
  if (tool === 'prettier' && tools.prettier) r = spawnSync(prettierBin, [...rest, '--write', file], { encoding: 'utf8' });
  else if (tool === 'black' && tools.black) r = spawnSync('black', [...rest, file], { encoding: 'utf8' });
  else if (tool === 'gofmt' && tools.gofmt) r = spawnSync('gofmt', ['-w', file], { encoding: 'utf8' });
  else return undefined;
  return r.status === 0 ? readFileSync(file, 'utf8') : undefined;
}

/** tsc over the given JS/TS files: diagnostics per file. */
function typeCheck(files) {
  const byFile = new Map(files.map((f) => [f, []]));
  if (files.length === 0) return byFile;
  const program = ts.createProgram(files, {
    strict: true,
    noImplicitAny: false,
    noEmit: true,
    skipLibCheck: true,
    allowJs: true,
    checkJs: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    esModuleInterop: true,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    typeRoots: [join(root, 'node_modules', '@types')],
  });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    if (!d.file || !byFile.has(d.file.fileName)) continue;
    const where = d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    byFile.get(d.file.fileName).push(`${where ? `${where.line + 1}:${where.character + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  return byFile;
}

/** What the "all secrets in this file" command computes, without VS Code. */
function fixAll(c, text, parsers) {
  const path = documentPath(c);
  const options = { path, languageId: c.spec.languageId };
  const findings = scanText(text, options);
  const plans = [];
  const errors = [];
  for (const finding of findings) {
    try {
      const preferred = planFixes({ text, path, languageId: c.spec.languageId }, finding, { parsers, identity: { kind: 'default' } }).find((p) => p.preferred);
      if (preferred) plans.push(preferred);
    } catch (e) {
      errors.push(`planFixes threw: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const merged = mergePlans(plans);
  const output = applyEdits(text, merged.edits);
  return { findings, plans, merged, output, errors };
}

/**
 * The secrets of a case, independent of the detectors: the long key-like tokens (24+ characters of base64,
 * hex or key alphabet, with a digit and a letter) that the before-file has and the reviewed after-state does
 * not. Every one must be gone from the output, and every one should be covered by a finding.
 */
function removedSecrets(before, expected) {
  const tokens = (t) => new Set(t.match(/[A-Za-z0-9+/_~.-]{24,}={0,2}/g) ?? []);
  const kept = tokens(expected);
  return [...tokens(before)].filter((t) => !kept.has(t) && /[0-9]/.test(t) && /[A-Za-z]/.test(t) && !/^https?:|\.(com|net|io|cn)\b/.test(t));
}

function secretsLeft(c, before, output, findings, removed = []) {
  const left = removed.filter((t) => output.includes(t)).map((t) => `${t.slice(0, 6)}… (removed in the reviewed state)`);
  for (const f of findings) {
    const secret = before.slice(f.secretRange.start, f.secretRange.end);
    if (secret.length >= 8 && output.includes(secret)) left.push(`${f.ruleId} ${secret.slice(0, 6)}…`);
  }
  const again = scanText(output, { path: documentPath(c), languageId: c.spec.languageId }).filter((f) => f.severity === 'error');
  for (const f of again) if (!left.some((l) => l.startsWith(f.ruleId))) left.push(`${f.ruleId} rescan`);
  return left;
}

const roleIdsOf = (plans) => [...new Set(plans.flatMap((p) => p.followUps.flatMap((f) => (f.kind === 'grantRole' ? f.roles.map((r) => r.roleDefinitionId) : []))))];

/** First line where two texts differ, shown as `-expected / +actual`. */
function firstDifference(expected, actual) {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const show = (l) => (l === undefined ? '<end of file>' : `${l.trim().slice(0, 160)}${l.endsWith('\r') ? '⏎CR' : ''}`);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { line: i + 1, expected: show(a[i]), actual: show(b[i]) };
  }
  return undefined;
}

export async function run() {
  const parsers = await createSyntaxParsers();
  const cases = loadCases();
  rmSync(scratch, { recursive: true, force: true });
  const results = [];
  for (const c of cases) {
    const before = readFileSync(c.before, 'utf8');
    const expected = readFileSync(c.expected, 'utf8');
    const { findings, plans, merged, output, errors } = fixAll(c, before, parsers);
    const removed = removedSecrets(before, expected);
    const covered = (t) => {
      const at = before.indexOf(t);
      return findings.some((f) => f.secretRange.start < at + t.length && at < f.secretRange.end);
    };
    const undetected = removed.filter((t) => !covered(t)).map((t) => `${t.slice(0, 6)}…`);
    const applied = merged.applied;
    const strategies = applied.map((p) => p.strategy);
    const outFile = join(scratch, c.language, c.name, `after${extOf(c.expected)}`);
    const expFile = join(scratch, c.language, c.name, 'expected', `expected${extOf(c.expected)}`);
    const r = {
      id: `${c.language}/${c.name}`,
      language: c.language,
      passwordlessExpected: c.spec.passwordless === true,
      findings: findings.map((f) => ({ ruleId: f.ruleId, service: f.service, kind: f.kind, severity: f.severity })),
      detected: findings.length > 0 && undetected.length === 0,
      undetected,
      secrets: removed.length,
      applied: applied.map((p) => ({ title: p.title, strategy: p.strategy })),
      skipped: merged.skipped.map((p) => p.title),
      planErrors: errors,
      preferredPlans: plans.length,
      passwordless: applied.length > 0 && strategies.every((s) => s === 'passwordless'),
      fallback: strategies.some((s) => s !== 'passwordless'),
      noPlan: findings.length > 0 && applied.length === 0,
      changed: output !== before,
      parseErrors: parseErrors(c, output, parsers, outFile),
      typeErrors: [],
      equal: output === expected,
      secretsLeft: secretsLeft(c, before, output, findings, removed),
      roles: roleIdsOf(applied),
      expectedRoles: c.spec.roles ?? [],
      difference: output === expected ? undefined : firstDifference(expected, output),
      output: relative(root, outFile),
      expectedFile: relative(root, c.expected),
      expectedCheck: { parseErrors: parseErrors(c, expected, parsers, expFile), typeErrors: [], secretsLeft: secretsLeft(c, before, expected, findings) },
    };
    const fmt = r.equal ? output : formatted(c, output, join(scratch, c.language, c.name, 'formatted', `after${extOf(c.expected)}`));
    r.equalAfterFormatter = fmt === undefined ? null : fmt === expected;
    r.rolesMatch = JSON.stringify([...r.roles].sort()) === JSON.stringify([...r.expectedRoles].sort());
    r.parses = r.parseErrors.length === 0;
    results.push(r);
  }
  // Type-check the JS/TS outputs (written under out/, so node_modules resolves) and the expected files.
  const tsCases = results.filter((r) => r.language === 'javascript' || r.language === 'typescript');
  const outChecks = typeCheck(tsCases.map((r) => join(root, r.output)));
  const expChecks = typeCheck(tsCases.map((r) => join(root, r.expectedFile)));
  for (const r of tsCases) {
    r.typeErrors = outChecks.get(join(root, r.output)) ?? [];
    r.expectedCheck.typeErrors = expChecks.get(join(root, r.expectedFile)) ?? [];
  }
  for (const r of results) r.typeChecks = r.language === 'javascript' || r.language === 'typescript' ? r.typeErrors.length === 0 : null;
  return { tools, results, summary: summarize(results) };
}

function summarize(results) {
  const rows = [];
  for (const language of [...LANGUAGES, 'total']) {
    const rs = language === 'total' ? results : results.filter((r) => r.language === language);
    if (rs.length === 0) continue;
    const tsLike = rs.filter((r) => r.typeChecks !== null);
    rows.push({
      language,
      files: rs.length,
      passwordlessExpected: rs.filter((r) => r.passwordlessExpected).length,
      detected: rs.filter((r) => r.detected).length,
      passwordless: rs.filter((r) => r.passwordless).length,
      fallback: rs.filter((r) => r.fallback).length,
      noPlan: rs.filter((r) => r.noPlan).length,
      parses: rs.filter((r) => r.parses).length,
      typeChecks: tsLike.length ? `${tsLike.filter((r) => r.typeChecks).length}/${tsLike.length}` : '–',
      equal: rs.filter((r) => r.equal).length,
      equalAfterFormatter: rs.filter((r) => r.equal || r.equalAfterFormatter).length,
      secretLeft: rs.filter((r) => r.secretsLeft.length > 0).length,
      rolesMatch: rs.filter((r) => r.rolesMatch).length,
    });
  }
  const pw = results.filter((r) => r.passwordlessExpected);
  const pwOk = pw.filter((r) => r.passwordless && r.equal).length;
  return {
    rows,
    targets: {
      passwordlessRewriteAndEqual: { ok: pwOk, of: pw.length, ratio: pw.length ? pwOk / pw.length : 1, target: 0.9 },
      outputsParse: { ok: results.filter((r) => r.parses).length, of: results.length },
      noSecretLeft: { ok: results.filter((r) => r.secretsLeft.length === 0).length, of: results.length },
      expectedFilesClean: {
        ok: results.filter((r) => r.expectedCheck.parseErrors.length === 0 && r.expectedCheck.typeErrors.length === 0 && r.expectedCheck.secretsLeft.length === 0).length,
        of: results.length,
      },
    },
  };
}

function print({ tools: t, results, summary }) {
  const cols = [
    ['language', 'language'], ['files', 'files'], ['passwordlessExpected', 'pw exp'], ['detected', 'detected'], ['passwordless', 'passwordless'],
    ['fallback', 'fallback'], ['noPlan', 'no plan'], ['parses', 'parses'], ['typeChecks', 'type-checks'], ['equal', 'equal'], ['equalAfterFormatter', 'equal after fmt'],
    ['secretLeft', 'secret left'], ['rolesMatch', 'roles ok'],
  ];
  console.log(`| ${cols.map((c) => c[1]).join(' | ')} |`);
  console.log(`| ${cols.map(() => '---').join(' | ')} |`);
  for (const row of summary.rows) console.log(`| ${cols.map(([k]) => (row.language === 'total' && k === 'language' ? '**total**' : String(row[k]))).join(' | ')} |`);
  console.log(`\nSyntax checks: tree-sitter / jsonc-parser / yaml / line grammar${t.python ? ', python3 -m py_compile' : ''}${t.gofmt ? ', gofmt -e' : ''}${t.javac ? ', javac parse-only' : ''}; tsc for JS/TS. Formatters for "equal after fmt": ${['prettier', 'black', 'gofmt'].filter((f) => t[f]).join(', ') || 'none'}.`);
  const tg = summary.targets;
  console.log(`Targets: passwordless rewrite equal to the reviewed state ${tg.passwordlessRewriteAndEqual.ok}/${tg.passwordlessRewriteAndEqual.of} (target ≥ 90%), outputs parse ${tg.outputsParse.ok}/${tg.outputsParse.of}, no secret left ${tg.noSecretLeft.ok}/${tg.noSecretLeft.of}, expected files clean ${tg.expectedFilesClean.ok}/${tg.expectedFilesClean.of}`);
  const bad = results.filter((r) => !r.equal);
  if (bad.length) console.log(`\nDiffering from the reviewed after-state (${bad.length}):`);
  for (const r of bad) {
    const what = !r.findings.length ? 'not detected' : r.noPlan ? 'no plan applied' : `applied ${r.applied.map((a) => a.strategy).join('+')}${r.skipped.length ? `, skipped ${r.skipped.length}` : ''}`;
    const layout = r.equalAfterFormatter ? ' [layout only: equal after the formatter]' : '';
    console.log(`- ${r.id} (${r.passwordlessExpected ? 'passwordless expected' : 'fallback expected'}): ${what}${layout}`);
    if (r.difference) console.log(`    line ${r.difference.line}: expected \`${r.difference.expected}\`\n    ${' '.repeat(String(r.difference.line).length + 5)}   actual \`${r.difference.actual}\``);
    for (const e of [...r.planErrors, ...r.parseErrors, ...r.typeErrors.slice(0, 3)]) console.log(`    ${e}`);
    if (r.undetected.length) console.log(`    not detected: ${r.undetected.join(', ')}`);
    if (r.secretsLeft.length) console.log(`    secret left: ${r.secretsLeft.join(', ')}`);
  }
  const corpusBad = results.filter((r) => r.expectedCheck.parseErrors.length || r.expectedCheck.typeErrors.length || r.expectedCheck.secretsLeft.length);
  if (corpusBad.length) {
    console.log(`\nCorpus check: expected files that do not parse, type-check or are not clean (${corpusBad.length}):`);
    for (const r of corpusBad) console.log(`- ${r.expectedFile}: ${[...r.expectedCheck.parseErrors, ...r.expectedCheck.typeErrors, ...r.expectedCheck.secretsLeft].join('; ')}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await run();
  if (asJson) console.log(JSON.stringify(report, null, 2));
  else print(report);
}

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { ExitCode } from '../../src/cli/runCli';
import { compiledMain, runCaptured, storageConnectionString, syntheticAccountKey, tempDir } from './cliHelpers';
import { repoRoot } from './repoRoot';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  charOffset: number;
  charLength: number;
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; help: { text: string; markdown: string }; properties: { tags: string[] } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Region; contextRegion?: Region } }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

/** The text a 1-based, end-exclusive line/column region covers. */
function regionText(text: string, region: Region): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (region.startLine === region.endLine) return lines[region.startLine - 1].slice(region.startColumn - 1, region.endColumn - 1);
  const parts = [lines[region.startLine - 1].slice(region.startColumn - 1)];
  for (let l = region.startLine; l < region.endLine - 1; l++) parts.push(lines[l]);
  parts.push(lines[region.endLine - 1].slice(0, region.endColumn - 1));
  return parts.join('\n');
}

function fixture(): { root: string; keys: string[]; files: Record<string, string> } {
  const root = tempDir();
  const keys = [syntheticAccountKey(), syntheticAccountKey()];
  const files: Record<string, string> = {
    'src/app.js': `import x from 'y';\n\nconst conn = "${storageConnectionString(keys[0])}";\n`,
    'config/settings with space.json': `{\n  "ConnectionStrings": {\n    "Storage": "${storageConnectionString(keys[1], 'other')}"\n  }\n}\n`,
  };
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(join(root, relative, '..'), { recursive: true });
    writeFileSync(join(root, relative), text);
  }
  return { root, keys, files };
}

describe('mi-scan JSON output', () => {
  it('has the documented shape, positions that are exactly the secret, and no secret', async () => {
    const { root, keys, files } = fixture();
    const abs = await runCaptured(['-j', '1', '--format', 'json', root]);
    assert.equal(abs.code, ExitCode.findings, abs.stderr);
    const report = JSON.parse(abs.stdout) as {
      version: number;
      tool: { name: string; version: string };
      summary: { filesScanned: number; findings: number; bytesScanned: number };
      findings: { path: string; ruleId: string; service: string; kind: string; severity: string; confidence: string; preview: string; fingerprint: string; secret: Region; construct: Region; extracted: Record<string, string> }[];
    };
    assert.equal(report.version, 1);
    assert.equal(report.tool.name, 'mi-scan');
    assert.equal(report.summary.filesScanned, 2);
    assert.equal(report.summary.findings, 2);
    assert.deepEqual(report.findings.map((f) => f.path.slice(root.length + 1)), ['config/settings with space.json', 'src/app.js']);
    for (const f of report.findings) {
      const relative = f.path.slice(root.length + 1);
      const text = files[relative];
      assert.ok(keys.includes(regionText(text, f.secret)), `${relative}: region is not the secret`);
      assert.ok(regionText(text, f.construct).includes(regionText(text, f.secret)));
      assert.equal(text.slice(f.secret.charOffset, f.secret.charOffset + f.secret.charLength), regionText(text, f.secret));
      for (const field of ['ruleId', 'service', 'kind', 'severity', 'confidence', 'preview', 'fingerprint'] as const) assert.equal(typeof f[field], 'string', field);
    }
    for (const key of keys) assert.ok(!abs.stdout.includes(key) && !abs.stdout.includes(key.slice(20, 50)), 'secret in JSON output');
  });
});

describe('mi-scan SARIF output', () => {
  it('validates against the official SARIF 2.1.0 schema, locates exactly the secret, and holds no secret', async () => {
    const { root, keys, files } = fixture();
    const r = await runCaptured(['-j', '1', '--format', 'sarif', root], { cwd: root });
    assert.equal(r.code, ExitCode.findings, r.stderr);

    const schema = JSON.parse(readFileSync(join(repoRoot, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
    // The shipped schema is draft-04 (`id`, not `$id`); ajv 8 reads it as draft-07 once the id is renamed,
    // as draft-04 and draft-07 agree on every keyword it uses.
    delete schema.$schema;
    schema.$id = schema.id;
    delete schema.id;
    // unicodeRegExp: false because one of the schema's patterns (language tags) is not valid with the u flag.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const log = JSON.parse(r.stdout) as SarifLog;
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    // The validator is live: a 0 line number is rejected.
    const broken = JSON.parse(r.stdout) as SarifLog;
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    assert.equal(validate(broken), false);

    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'mi-scan');
    assert.match(run.tool.driver.informationUri, /^https:\/\//);
    assert.ok(run.tool.driver.rules.length >= 1);
    for (const rule of run.tool.driver.rules) {
      assert.match(rule.help.markdown + rule.help.text, /managed identit|DefaultAzureCredential|passwordless|Entra/i, `${rule.id} help names no alternative`);
    }
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${root}/`);
    assert.equal(run.results.length, 2);
    for (const result of run.results) {
      assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
      const location = result.locations[0].physicalLocation;
      assert.equal(location.artifactLocation.uriBaseId, '%SRCROOT%');
      const relative = decodeURIComponent(location.artifactLocation.uri);
      assert.ok(relative in files, relative);
      assert.ok(keys.includes(regionText(files[relative], location.region)), 'region is not exactly the secret');
      if (location.contextRegion) assert.ok(regionText(files[relative], location.contextRegion).includes(regionText(files[relative], location.region)));
      assert.match(result.partialFingerprints['secretFingerprint/v1'], /^[0-9a-f]{16,}$/i);
    }
    assert.ok(run.results.some((x) => x.locations[0].physicalLocation.artifactLocation.uri === 'config/settings%20with%20space.json'));
    for (const key of keys) assert.ok(!r.stdout.includes(key) && !r.stdout.includes(key.slice(20, 50)), 'secret in SARIF output');
  });

  it('an empty scan is still a valid log with every rule', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'a.txt'), 'nothing here\n');
    const r = await runCaptured(['-j', '1', '--format', 'sarif', root], { cwd: root });
    assert.equal(r.code, ExitCode.clean);
    const log = JSON.parse(r.stdout) as SarifLog;
    assert.deepEqual(log.runs[0].results, []);
  });
});

describe('mi-scan --output, baselines, threads', () => {
  it('--output writes the whole report atomically and leaves no temporary file; a failed write keeps the old file', async () => {
    const { root } = fixture();
    const out = tempDir();
    const file = join(out, 'report.sarif');
    writeFileSync(file, 'previous report');
    const r = await runCaptured(['-j', '1', '--format', 'sarif', '--output', file, root]);
    assert.equal(r.code, ExitCode.findings);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /mi-scan: 2 files scanned/);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as SarifLog).version, '2.1.0');
    assert.deepEqual(readdirSync(out), ['report.sarif']);

    // The target is a folder: the rename fails after the temporary file was written.
    const folderTarget = join(out, 'taken');
    mkdirSync(folderTarget);
    writeFileSync(join(folderTarget, 'keep.txt'), 'keep');
    const failed = await runCaptured(['-j', '1', '--output', folderTarget, root]);
    assert.equal(failed.code, ExitCode.error);
    assert.match(failed.stderr, /^mi-scan: cannot write .*taken: /m);
    assert.deepEqual(readdirSync(out).sort(), ['report.sarif', 'taken']);
    assert.deepEqual(readdirSync(folderTarget), ['keep.txt']);

    const missingFolder = await runCaptured(['-j', '1', '--output', join(out, 'no', 'such', 'dir.json'), root]);
    assert.equal(missingFolder.code, ExitCode.error);
    assert.ok(!existsSync(join(out, 'no')));
  });

  it('baseline round trip: --write-baseline accepts current findings; --baseline drops them and reports new ones', async () => {
    const { root } = fixture();
    const baseline = join(tempDir(), 'baseline.json');
    const written = await runCaptured(['-j', '1', '--write-baseline', baseline, root]);
    assert.equal(written.code, ExitCode.clean, written.stderr);
    assert.match(written.stderr, /wrote 2 finding\(s\) to baseline/);
    assert.ok(existsSync(baseline));

    const accepted = await runCaptured(['-j', '1', '--baseline', baseline, root]);
    assert.equal(accepted.code, ExitCode.clean, accepted.stdout);
    assert.match(accepted.stdout, /0 findings; 2 in baseline/);

    const key = syntheticAccountKey();
    writeFileSync(join(root, 'new.env'), `S=${storageConnectionString(key)}\n`);
    const again = await runCaptured(['-j', '1', '--baseline', baseline, '--format', 'json', root]);
    assert.equal(again.code, ExitCode.findings);
    const report = JSON.parse(again.stdout) as { findings: { path: string }[]; summary: { baselined: number } };
    assert.deepEqual(report.findings.map((f) => f.path.slice(root.length + 1)), ['new.env']);
    assert.equal(report.summary.baselined, 2);
    assert.ok(!readFileSync(baseline, 'utf8').includes(key));
  });

  it('scanning on worker threads gives the same report as on one thread', async () => {
    const { root } = fixture();
    for (let i = 0; i < 100; i++) writeFileSync(join(root, `filler${i}.ts`), `export const v${i} = ${i};\n`);
    const one = await runCaptured(['-j', '1', '--format', 'json', root]);
    const many = await runCaptured(['-j', '3', '--format', 'json', root], { workerScript: compiledMain });
    const strip = (s: string) => s.replace(/"durationMs": \d+/, '');
    assert.equal(many.code, ExitCode.findings, many.stderr);
    assert.equal(strip(many.stdout), strip(one.stdout));
  });
});

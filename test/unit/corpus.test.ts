import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { scanBytes, scanBytesInput, scanText } from '../../src/core/secrets/scanner';
import { repoRoot } from './repoRoot';

interface Label {
  file: string;
  line: number;
  secret: string;
  allow?: 'info';
}

const corpus = join(repoRoot, 'test/fixtures/corpus');
const filesDir = join(corpus, 'files');
const { labels } = JSON.parse(readFileSync(join(corpus, 'labels.json'), 'utf8')) as { labels: Label[] };

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('labelled corpus (test/fixtures/corpus)', () => {
  it('is exactly what generate.mjs produces, so labels and files cannot drift', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'mi-corpus-'));
    try {
      const result = spawnSync(process.execPath, [join(corpus, 'generate.mjs'), join(scratch, 'files')], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      const committed = walk(filesDir).map((f) => relative(filesDir, f)).sort();
      const generated = walk(join(scratch, 'files')).map((f) => relative(join(scratch, 'files'), f)).sort();
      assert.deepEqual(committed, generated);
      for (const file of committed) {
        assert.equal(readFileSync(join(filesDir, file), 'utf8'), readFileSync(join(scratch, 'files', file), 'utf8'), file);
      }
      assert.equal(readFileSync(join(corpus, 'labels.json'), 'utf8'), readFileSync(join(scratch, 'labels.json'), 'utf8'));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('has positives of every service and more hard-negative files than positive files per service', () => {
    const byFolder = new Map<string, number>();
    for (const label of labels) {
      const folder = label.file.split('/').slice(0, 2).join('/');
      byFolder.set(folder, (byFolder.get(folder) ?? 0) + 1);
    }
    for (const service of ['storage', 'servicebus', 'eventhubs', 'cosmos', 'sql', 'postgres', 'mysql', 'entra', 'redis', 'appconfig', 'openai', 'search', 'signalr', 'functions', 'identifiable']) {
      assert.ok((byFolder.get(`positives/${service}`) ?? 0) >= 3, `at least 3 positives for ${service}`);
    }
    assert.ok(walk(join(filesDir, 'negatives')).length >= 20, 'at least 20 hard-negative files');
  });

  it('scanning a file\'s bytes in place finds exactly what scanning its decoded text finds', () => {
    const input = scanBytesInput;
    assert.ok(input, 'the in-place scan is available in Node');
    let ascii = 0;
    for (const path of walk(filesDir)) {
      const bytes = readFileSync(path);
      const options = { path: relative(filesDir, path) };
      input.set(bytes);
      let decoded = '';
      const inPlace = scanBytes(0, bytes.length, options, (start, end) => (decoded = Buffer.from(input.subarray(start, end)).toString('latin1')));
      const expected = scanText(bytes.toString('utf8'), options);
      if (inPlace === undefined) {
        assert.ok(bytes.some((b) => b >= 0x80), `${options.path}: declined although every byte is ASCII`);
        continue;
      }
      ascii++;
      assert.deepEqual(inPlace, expected, options.path);
      if (expected.length > 0) assert.equal(decoded, bytes.toString('utf8'), `${options.path}: decoded only when there are keyword hits, and then whole`);
    }
    assert.ok(ascii > 50, `${ascii} ASCII files compared`);
  });

  it('precision and recall are at least 0.97', (t) => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const problems: string[] = [];
    for (const path of walk(filesDir)) {
      const file = relative(filesDir, path);
      const text = readFileSync(path, 'utf8');
      const expected = labels
        .filter((l) => l.file === file)
        .map((l) => ({ ...l, start: text.indexOf(l.secret), end: text.indexOf(l.secret) + l.secret.length, found: false }));
      for (const finding of scanText(text, { path: file })) {
        const label = expected.find((l) => finding.secretRange.start < l.end && l.start < finding.secretRange.end);
        if (!label) {
          falsePositives++;
          problems.push(`FP ${file}: ${finding.ruleId} ${finding.preview}`);
          continue;
        }
        label.found = true;
        if (label.allow === 'info') {
          if (finding.severity !== 'info') {
            falsePositives++;
            problems.push(`FP ${file}:${label.line}: emulator key reported as ${finding.severity}`);
          }
        } else {
          truePositives++;
        }
      }
      for (const label of expected) {
        if (!label.found && !label.allow) {
          falseNegatives++;
          problems.push(`FN ${file}:${label.line}`);
        }
      }
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    t.diagnostic(`corpus: ${truePositives} TP, ${falsePositives} FP, ${falseNegatives} FN; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    assert.ok(precision >= 0.97 && recall >= 0.97, `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}\n${problems.join('\n')}`);
  });
});

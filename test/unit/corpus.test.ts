import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { scanBuffer, scanBytes, scanBytesInput, scanText } from '../../src/core/secrets/scanner';
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

  it('scanning a file\'s bytes in place as UTF-8 finds exactly what scanning its decoded text finds', () => {
    const input = scanBytesInput;
    assert.ok(input, 'the in-place scan is available in Node');
    let found = 0;
    for (const path of walk(filesDir)) {
      // Every corpus file, behind a line of two-, three- and four-byte characters that shifts all offsets.
      const text = `// ünïcödé 中文 😀\n${readFileSync(path, 'utf8')}`;
      const bytes = Buffer.from(text, 'utf8');
      const options = { path: relative(filesDir, path) };
      input.set(bytes);
      const decode = (start: number, end: number, encoding: 'latin1' | 'utf8') => Buffer.from(input.subarray(start, end)).toString(encoding);
      const inPlace = scanBytes(0, bytes.length, options, (start, end) => decode(start, end, 'latin1'), (start, end) => decode(start, end, 'utf8'));
      const expected = scanText(text, options);
      assert.deepEqual(inPlace, expected, options.path);
      found += expected.length;
    }
    assert.ok(found > 50, `${found} findings compared`);
    // Non-ASCII files with keyword hits, scanned in place.
    const samples = ['// naïve café\nconst password = "Zq8#vLm2!pRt6wXy";\n', '# 中文 😀\nAccountKey=' + 'A'.repeat(86) + '==;\n'];
    for (const sample of samples) {
      const bytes = Buffer.from(sample, 'utf8');
      input.set(bytes);
      let decoded: string | undefined;
      const inPlace = scanBytes(0, bytes.length, { path: 'x.js' }, () => assert.fail('not ASCII'), (start, end) => (decoded = Buffer.from(input.subarray(start, end)).toString('utf8')));
      assert.equal(decoded, sample);
      assert.deepEqual(inPlace, scanText(sample, { path: 'x.js' }));
    }
    // Bytes the caller's decoder declines (not valid UTF-8): no result, so the caller scans the text itself.
    const invalid = Buffer.concat([Buffer.from('const password = "'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('Zq8#vLm2!pRt6wXy";\n')]);
    input.set(invalid);
    assert.equal(scanBytes(0, invalid.length, { path: 'x.js' }, () => assert.fail('not ASCII'), () => undefined), undefined);
    // Without keyword hits nothing is decoded at all.
    const quiet = Buffer.from('const café = "ünïcödé";\n');
    input.set(quiet);
    assert.deepEqual(scanBytes(0, quiet.length, { path: 'x.js' }, () => assert.fail('decoded'), () => assert.fail('decoded')), []);
  });

  it('scanning a large file\'s bytes chunk by chunk finds exactly what scanning its decoded text finds', () => {
    // The whole corpus behind different non-ASCII lines, before and after a megabyte of non-ASCII filler
    // (past the engine's 1 MiB chunk).
    const files = walk(filesDir).map((path) => readFileSync(path, 'utf8'));
    const corpusWith = (marks: string[]) => marks.map((mark) => files.map((file) => `// ${mark}\n${file}`).join('\n')).join('\n');
    const text = `${corpusWith(['é', '中文', '😀'])}\n${'ünïcödé fïllér\n'.repeat(60000)}${corpusWith(['ß€', '日本', '🙂🙂'])}`;
    const bytes = Buffer.from(text, 'utf8');
    assert.ok(bytes.length > 1 << 20);
    let decoded: string | undefined;
    const found = scanBuffer(bytes, { path: 'corpus.js' }, () => assert.fail('not ASCII'), () => (decoded = bytes.toString('utf8')));
    assert.equal(decoded, text);
    const expected = scanText(text, { path: 'corpus.js' });
    assert.ok(expected.length > 100, `${expected.length} findings`);
    assert.deepEqual(found, expected);
    // ASCII: decoded as such; no keyword hit: not decoded at all; declined: undefined.
    const ascii = Buffer.from(files.join('\n').replace(/[^\x00-\x7f]/g, '?'), 'latin1');
    assert.deepEqual(scanBuffer(ascii, { path: 'corpus.js' }, () => ascii.toString('latin1'), () => assert.fail('ASCII')), scanText(ascii.toString('latin1'), { path: 'corpus.js' }));
    assert.deepEqual(scanBuffer(Buffer.from('café '.repeat(300000)), { path: 'x.js' }, () => assert.fail('decoded'), () => assert.fail('decoded')), []);
    assert.equal(scanBuffer(bytes, { path: 'corpus.js' }, () => assert.fail('not ASCII'), () => undefined), undefined);
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

/**
 * The keyword pass: the WebAssembly SIMD search must report exactly what the regular expression reports
 * (every offset, in order, overlapping keywords included), across chunk borders and non-ASCII chunks; and
 * the committed kernel must be the one compiled from keywordKernel.wat.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { prefilterKeywords } from '../../src/core/secrets/catalog';
import { keywordKernelBase64 } from '../../src/core/secrets/keywordKernel.generated';
import { createKeywordSearch, type KeywordSearch } from '../../src/core/secrets/keywordSearch';
import { repoRoot } from './repoRoot';
import { prng, stringsFrom } from './syntheticRandom';

function hits(search: KeywordSearch, text: string): string[] {
  const out: string[] = [];
  search.forEach(text, (index, keyword) => out.push(`${index}:${keyword}`));
  return out;
}

/** Text made of keyword pieces in random case, near misses, ASCII noise and non-ASCII characters. */
function randomText(random: () => number, length: number, keywords: readonly string[], unicode: boolean): string {
  const from = stringsFrom(random);
  const noise = from('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 =+~-_.;:"\'\n\t{}');
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const r = random();
    let piece: string;
    if (r < 0.3) {
      const k = keywords[Math.floor(random() * keywords.length)];
      piece = [...k].map((c) => (random() < 0.5 ? c.toUpperCase() : c)).join('');
    } else if (r < 0.45) {
      const k = keywords[Math.floor(random() * keywords.length)];
      piece = k.slice(0, Math.max(1, Math.floor(random() * k.length))); // a near miss
    } else if (unicode && r < 0.5) {
      piece = from('éßÅ€中文😀\u017f\u212a\u0130')(1 + Math.floor(random() * 3));
    } else {
      piece = noise(1 + Math.floor(random() * 12));
    }
    parts.push(piece);
    size += piece.length;
  }
  return parts.join('');
}

describe('keyword search', () => {
  const regex = createKeywordSearch(prefilterKeywords, { regexOnly: true });

  it('uses the WebAssembly SIMD kernel in Node', () => {
    assert.equal(createKeywordSearch(prefilterKeywords).kind, 'wasm');
    assert.equal(regex.kind, 'regex');
  });

  it('finds exactly what the regular expression finds, across chunk borders and non-ASCII chunks', () => {
    const random = prng(20261128);
    for (const chunkSize of [5, 16, 17, 64, 1000, 1 << 20]) {
      const wasm = createKeywordSearch(prefilterKeywords, { chunkSize });
      for (let round = 0; round < 40; round++) {
        const text = randomText(random, 50 + Math.floor(random() * 3000), prefilterKeywords, round % 3 === 0);
        const expected = hits(regex, text);
        assert.deepEqual(hits(wasm, text), expected, `chunk ${chunkSize}, round ${round}`);
      }
    }
  });

  it('finds overlapping keywords, keywords at both ends, and a two-character keyword at the very end', () => {
    const wasm = createKeywordSearch(['q~', 'pwd', 'password', 'sig='].filter((k, _i, all) => !all.some((o) => o !== k && o.includes(k))));
    assert.deepEqual(hits(wasm, 'PASSWORD=x;pwD=1 sig=abcQ~'), ['0:password', '11:pwd', '17:sig=', '24:q~']);
    assert.deepEqual(hits(wasm, ''), []);
    assert.deepEqual(hits(wasm, 'q'), []);
    assert.deepEqual(hits(wasm, 'Q~'), ['0:q~']);
    // Overlap: "sig=sig=" holds two hits four apart; "pwdpwd" two hits three apart.
    assert.deepEqual(hits(wasm, 'sig=sig=pwdpwd'), ['0:sig=', '4:sig=', '8:pwd', '11:pwd']);
  });

  it('gives non-ASCII text the same offsets as the regular expression (UTF-16 offsets, not bytes)', () => {
    const wasm = createKeywordSearch(prefilterKeywords, { chunkSize: 32 });
    const text = `${'é'.repeat(40)}AccountKey=abc ${'x'.repeat(20)} 😀 password: "x" ${'中'.repeat(50)}Storage`;
    const expected = hits(regex, text);
    assert.ok(expected.length >= 3);
    assert.deepEqual(hits(wasm, text), expected);
  });

  it('searches bytes in place with the same hits as the text search, and declines non-ASCII bytes', () => {
    const wasm = createKeywordSearch(prefilterKeywords);
    const bytes = wasm.bytes;
    assert.ok(bytes, 'the wasm search offers the in-place byte search');
    const random = prng(20261129);
    for (let round = 0; round < 60; round++) {
      const text = randomText(random, 1 + Math.floor(random() * 4000), prefilterKeywords, false);
      const encoded = Buffer.from(text, 'latin1');
      // A prefix of stale bytes before `start` must not matter: search from an offset.
      const start = round % 7;
      bytes.input.fill(0x41, 0, start);
      bytes.input.set(encoded, start);
      // Stale keyword bytes after the end must not be seen either.
      bytes.input.set(Buffer.from('password'), start + encoded.length);
      const found: string[] = [];
      assert.equal(bytes.forEach(start, start + encoded.length, (index, keyword) => found.push(`${index}:${keyword}`)), true);
      assert.deepEqual(found, hits(regex, text), `round ${round}`);
    }
    const unicode = Buffer.from('AccountKey=x é password');
    bytes.input.set(unicode, 0);
    let called = false;
    assert.equal(bytes.forEach(0, unicode.length, () => (called = true)), false);
    assert.equal(called, false);
    assert.throws(() => bytes.forEach(0, bytes.input.length + 1, () => undefined), RangeError);
  });

  it('searches UTF-8 bytes in place with the UTF-16 offsets of the decoded text, and says whether they were ASCII', () => {
    const wasm = createKeywordSearch(prefilterKeywords);
    const bytes = wasm.bytes;
    assert.ok(bytes);
    const random = prng(20261204);
    for (let round = 0; round < 80; round++) {
      // Two-, three- and four-byte characters (and lone surrogates, which encode as U+FFFD) among the keywords.
      const text = randomText(random, 1 + Math.floor(random() * 5000), prefilterKeywords, round % 4 !== 0);
      const encoded = Buffer.from(text, 'utf8');
      const decoded = encoded.toString('utf8');
      const start = round % 5;
      bytes.input.fill(0xe4, 0, start);
      bytes.input.set(encoded, start);
      bytes.input.set(Buffer.from('password'), start + encoded.length);
      const found: string[] = [];
      const ascii: boolean = bytes.forEachUtf8(start, start + encoded.length, (index, keyword) => found.push(`${index}:${keyword}`));
      assert.equal(ascii, encoded.every((b) => b < 0x80), `round ${round}`);
      assert.deepEqual(found, hits(regex, decoded), `round ${round}`);
    }
    // Keywords right after multi-byte characters, at block borders, and at the very end.
    for (const text of ['😀password', 'é'.repeat(15) + 'pwd', '中'.repeat(11) + 'AccountKey' + '€'.repeat(40) + 'sig=', `${'x'.repeat(31)}ß${'y'.repeat(16)}q~`]) {
      const encoded = Buffer.from(text, 'utf8');
      bytes.input.set(encoded, 0);
      const found: string[] = [];
      assert.equal(bytes.forEachUtf8(0, encoded.length, (index, keyword) => found.push(`${index}:${keyword}`)), false);
      assert.deepEqual(found, hits(regex, text), text);
    }
  });

  it('searches UTF-8 bytes held anywhere, chunk by chunk, with the UTF-16 offsets of the whole decoded text', () => {
    const random = prng(20261205);
    for (const chunkSize of [16, 17, 64, 1000, 1 << 20]) {
      const bytes = createKeywordSearch(prefilterKeywords, { chunkSize }).bytes;
      assert.ok(bytes);
      for (let round = 0; round < 30; round++) {
        const text = randomText(random, 1 + Math.floor(random() * 4000), prefilterKeywords, round % 3 !== 0) + (round % 2 ? '😀€ß' : '');
        const encoded = Buffer.from(text, 'utf8');
        const found: string[] = [];
        const ascii: boolean = bytes.forEachUtf8In(encoded, (index, keyword) => found.push(`${index}:${keyword}`));
        assert.equal(ascii, encoded.every((b) => b < 0x80), `chunk ${chunkSize}, round ${round}`);
        assert.deepEqual(found, hits(regex, encoded.toString('utf8')), `chunk ${chunkSize}, round ${round}`);
      }
    }
  });

  it('searches text whose UTF-8 form is longer than the kernel memory with the kernel, in smaller pieces', () => {
    for (const chunkSize of [64, 1 << 20]) {
      const wasm = createKeywordSearch(prefilterKeywords, { chunkSize });
      const piece = `${'中'.repeat(Math.min(chunkSize, 4000))}AccountKey=${'😀'.repeat(7)}password é sig=`;
      const text = piece.repeat(Math.ceil((chunkSize * 1.5) / piece.length));
      assert.deepEqual(hits(wasm, text), hits(regex, text), `chunk ${chunkSize}`);
    }
  });

  it('rejects keyword sets it cannot search correctly', () => {
    assert.throws(() => createKeywordSearch(['a']), /2 to 60/);
    assert.throws(() => createKeywordSearch(['x'.repeat(61)]), /2 to 60/);
    assert.throws(() => createKeywordSearch(Array.from({ length: 129 }, (_, i) => `k${String(i).padStart(3, '0')}`)), /at most 128/);
    assert.throws(() => createKeywordSearch(['pwd', 'pwdx']), /contained in another/);
    assert.throws(() => createKeywordSearch(['pässword']), /ASCII/);
  });

  it('ships the kernel compiled from keywordKernel.wat', async () => {
    const script = pathToFileURL(join(repoRoot, 'scripts', 'build-wasm.mjs')).href;
    const { generatedKernelSource } = (await import(script)) as { generatedKernelSource: () => Promise<string> };
    const expected = await generatedKernelSource();
    const joined = [...expected.matchAll(/'([A-Za-z0-9+/=]+)'/g)].map((m) => m[1]).join('');
    assert.equal(joined, keywordKernelBase64, 'keywordKernel.generated.ts is out of date: run node scripts/build-wasm.mjs');
  });
});

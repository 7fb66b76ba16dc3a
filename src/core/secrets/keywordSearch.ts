import { keywordKernelBase64 } from './keywordKernel.generated';

/**
 * Finds every case-insensitive occurrence of a set of literal keywords in a text: the engine's first pass,
 * which touches every character of every file, so it is the part of a scan that costs the most.
 *
 * Two implementations give the same hits in the same order:
 * - `wasm`: ASCII text is copied into WebAssembly memory a chunk at a time (`TextEncoder.encodeInto`,
 *   a plain copy for ASCII), or read there directly as bytes (`bytes`), and searched by the SIMD kernel in
 *   keywordKernel.wat, which filters sixteen offsets at a time and confirms each candidate against the
 *   keywords itself. A chunk that is not pure ASCII (byte and character offsets differ) is searched with
 *   the regular expression.
 * - `regex`: one case-insensitive alternation of the keywords, where WebAssembly SIMD is not available.
 *
 * Keywords must be 2 to 60 printable ASCII characters, at most 128 of them, and none may contain another
 * (so at most one keyword starts at any offset, and "the keyword at offset i" is well defined).
 */
export interface KeywordSearch {
  readonly kind: 'wasm' | 'regex';
  /** Calls `hit` for every offset where a keyword starts, in increasing order, with the lower-case keyword. */
  forEach(text: string, hit: (index: number, keyword: string) => void): void;
  /** The same search over bytes placed in the kernel's own memory; only with the `wasm` kind. */
  readonly bytes?: ByteKeywordSearch;
}

/**
 * Searches UTF-8 bytes in place, with no decoding and no copy: a caller reads a file straight into
 * `input` and searches it there. Used where most texts have no keyword at all (a repository scan), so
 * those texts are never decoded into strings.
 */
export interface ByteKeywordSearch {
  /** Kernel memory a caller may fill with up to `input.length` bytes; it stays valid (never reallocated). */
  readonly input: Uint8Array;
  /**
   * Searches `input[start, end)`. When every byte is ASCII, calls `hit` for every keyword start (offset
   * relative to `start`, which is then also the character offset of the decoded text) in increasing
   * order and returns true. Returns false, having called nothing, when any byte is 0x80 or above: the
   * caller then decodes the text and uses `forEach`.
   */
  forEach(start: number, end: number, hit: (index: number, keyword: string) => void): boolean;
}

export interface KeywordSearchOptions {
  /** Characters handed to the kernel at a time (tests use small chunks to cross chunk borders). */
  readonly chunkSize?: number;
  /** Use the regular expression only. */
  readonly regexOnly?: boolean;
}

const defaultChunkSize = 1 << 20;
const foldTableOffset = 0;
const nibbleTablesOffset = 256;
/** Bytes of a candidate the vector filter looks at. */
const filteredPositions = 4;
const groupAddressesOffset = 512;
const keywordListsOffset = 768;
const keywordListsEnd = 4096;
const groupTableOffset = 4096;
const groupTableBytes = 1 << 16;
const inputOffset = groupTableOffset + groupTableBytes;
const inputPadding = 64;
const pageSize = 1 << 16;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function checkKeywords(keywords: readonly string[]): string[] {
  const lower = keywords.map((k) => k.toLowerCase());
  if (lower.length > maxKeywords) throw new Error(`at most ${maxKeywords} keywords`);
  for (const k of lower) {
    if (k.length < 2 || k.length > 60 || !/^[\x20-\x7e]+$/.test(k)) throw new Error(`keyword "${k}" must be 2 to 60 printable ASCII characters`);
    if (lower.some((other) => other !== k && other.includes(k))) throw new Error(`keyword "${k}" is contained in another keyword`);
  }
  return lower;
}

export function createKeywordSearch(keywords: readonly string[], options: KeywordSearchOptions = {}): KeywordSearch {
  const lower = checkKeywords(keywords);
  const alternation = lower.map(escapeRegExp).join('|');
  const global = new RegExp(alternation, 'gi');
  const regexSearch = (text: string, from: number, to: number, hit: (index: number, keyword: string) => void): void => {
    // Step by one after each hit so that overlapping keywords are all seen.
    global.lastIndex = from;
    for (let m = global.exec(text); m && m.index < to; m = global.exec(text)) {
      global.lastIndex = m.index + 1;
      hit(m.index, m[0].toLowerCase());
    }
  };
  const regex: KeywordSearch = { kind: 'regex', forEach: (text, hit) => regexSearch(text, 0, text.length, hit) };
  if (options.regexOnly || lower.length === 0) return regex;
  const kernel = loadKernel(lower, options.chunkSize ?? defaultChunkSize);
  if (!kernel) return regex;

  const maxKeyword = Math.max(...lower.map((k) => k.length));
  return {
    kind: 'wasm',
    bytes: {
      input: kernel.input,
      forEach(start, end, hit) {
        const hits = kernel.hitsInPlace(start, end);
        if (hits === undefined) return false;
        for (let i = 0; i < hits.length; i++) hit(hits[i] >>> 7, lower[hits[i] & 127]);
        return true;
      },
    },
    forEach(text, hit) {
      const chunk = kernel.chunkSize;
      for (let start = 0; start < text.length; start += chunk) {
        const stop = Math.min(text.length, start + chunk);
        // A keyword that starts before `stop` may end after it: hand the kernel the longest one's tail too.
        const part = start === 0 && text.length <= chunk + maxKeyword ? text : text.slice(start, Math.min(text.length, stop + maxKeyword));
        const hits = kernel.hits(part);
        if (hits === undefined) {
          regexSearch(part, 0, stop - start, (index, keyword) => hit(start + index, keyword));
          continue;
        }
        for (let i = 0; i < hits.length; i++) {
          const offset = hits[i] >>> 7;
          if (offset >= stop - start) break;
          hit(start + offset, lower[hits[i] & 127]);
        }
      }
    },
  };
}

/** Hits are packed as offset << 7 | keyword index. */
const maxKeywords = 128;

interface Kernel {
  readonly chunkSize: number;
  /** Packed hits in `part`, or undefined when `part` is not pure ASCII. Valid until the next call. */
  hits(part: string): Uint32Array | undefined;
  /** `chunkSize` bytes of kernel memory for in-place searches (the same memory `hits` copies into). */
  readonly input: Uint8Array;
  /** Packed hits in `input[start, end)`, or undefined when a byte is 0x80 or above. */
  hitsInPlace(start: number, end: number): Uint32Array | undefined;
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let compiled: WebAssembly.Module | null | undefined;

function compileKernel(): WebAssembly.Module | undefined {
  if (compiled === undefined) {
    compiled = null;
    try {
      const bytes = decodeBase64(keywordKernelBase64);
      // validate() is false where WebAssembly SIMD is not supported.
      if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  return compiled ?? undefined;
}

function loadKernel(keywords: readonly string[], chunkSize: number): Kernel | undefined {
  const module = compileKernel();
  if (!module) return undefined;
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(module, {});
  } catch {
    return undefined;
  }
  const memory = instance.exports.memory as WebAssembly.Memory;
  const scan = instance.exports.scan as (input: number, length: number, out: number, capacity: number) => number;
  // Input: up to chunkSize + the longest keyword characters of ASCII, then zero padding; output: one
  // int32 per input byte at most.
  const inputCapacity = chunkSize + 64;
  const outputOffset = align(inputOffset + inputCapacity + inputPadding, 16);
  const bytesNeeded = outputOffset + 4 * inputCapacity;
  const pages = Math.ceil(bytesNeeded / pageSize) - memory.buffer.byteLength / pageSize;
  if (pages > 0) memory.grow(pages);
  const heap = new Uint8Array(memory.buffer);
  fillTables(heap, keywords);
  const output = new Uint32Array(memory.buffer, outputOffset, inputCapacity);
  const input = heap.subarray(inputOffset, inputOffset + inputCapacity);
  const encoder = new TextEncoder();
  const nonAscii = instance.exports.nonAscii as WebAssembly.Global;
  return {
    chunkSize,
    input: heap.subarray(inputOffset, inputOffset + chunkSize),
    hitsInPlace(start, end) {
      if (start < 0 || end > chunkSize || start > end) throw new RangeError('range outside the kernel input');
      // The vector loads read up to 32 bytes past the end: they must see zeros, not stale bytes.
      heap.fill(0, inputOffset + end, inputOffset + end + inputPadding);
      const count = scan(inputOffset + start, end - start, outputOffset, inputCapacity);
      if (nonAscii.value !== 0) return undefined;
      return output.subarray(0, count);
    },
    hits(part) {
      if (part.length > inputCapacity) throw new Error('chunk larger than the kernel input');
      const { written } = encoder.encodeInto(part, input);
      if (written !== part.length) return undefined;
      heap.fill(0, inputOffset + written, inputOffset + written + inputPadding);
      const count = scan(inputOffset, written, outputOffset, inputCapacity);
      return output.subarray(0, count);
    },
  };
}

function align(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}

/** Folds a byte the way the kernel's nibble tables see it. */
const vectorFold = (byte: number): number => byte | 0x20;

/** The kernel's group table slot of three lower-case bytes packed as b0 << 14 | b1 << 7 | b2. */
const groupSlot = (key: number): number => Math.imul(key, 0x9e3779b1) >>> 16;

function fillTables(heap: Uint8Array, keywords: readonly string[]): void {
  for (let c = 0; c < 256; c++) heap[foldTableOffset + c] = c >= 128 ? 0 : c >= 65 && c <= 90 ? c + 32 : c;
  // Keyword groups: the keywords whose first three lower-case bytes (for a two-byte keyword: any third
  // byte) hash to a slot of the group table. Slots with the same keywords share a group.
  const keywordsBySlot = new Map<number, number[]>();
  const allBytes = Array.from({ length: 128 }, (_, i) => i);
  keywords.forEach((k, index) => {
    for (const third of k.length >= 3 ? [k.charCodeAt(2)] : allBytes) {
      const slot = groupSlot((k.charCodeAt(0) << 14) | (k.charCodeAt(1) << 7) | third);
      const members = keywordsBySlot.get(slot) ?? [];
      if (!members.includes(index)) members.push(index);
      keywordsBySlot.set(slot, members);
    }
  });
  const groups = new Map<string, number>();
  const view = new DataView(heap.buffer);
  let listAt = keywordListsOffset;
  for (const [slot, members] of keywordsBySlot) {
    const name = members.join(',');
    let group = groups.get(name);
    if (group === undefined) {
      group = groups.size + 1;
      if (group > 63) throw new Error('too many keyword groups for the kernel');
      groups.set(name, group);
      view.setUint32(groupAddressesOffset + 4 * group, listAt, true);
      for (const index of members) {
        const k = keywords[index];
        if (listAt + 2 + k.length + 1 > keywordListsEnd) throw new Error('keywords too long for the kernel');
        heap[listAt] = k.length;
        heap[listAt + 1] = index;
        for (let j = 0; j < k.length; j++) heap[listAt + 2 + j] = k.charCodeAt(j);
        listAt += 2 + k.length;
      }
      heap[listAt++] = 0;
    }
    heap[groupTableOffset + slot] = group;
  }
  const anyByte = Array.from({ length: 256 }, (_, i) => i);
  // Eight buckets (one bit each): keywords shorter than the four filtered positions together (they let
  // any byte through at the positions they lack, so they would open up a bucket of longer keywords), the
  // rest grouped by first character, smallest groups merged, so each bucket's byte sets stay small.
  const short = keywords.filter((k) => k.length < filteredPositions);
  const byFirst = new Map<string, string[]>();
  for (const k of keywords) if (k.length >= filteredPositions) byFirst.set(k[0], [...(byFirst.get(k[0]) ?? []), k]);
  const buckets = [...byFirst.values()].sort((a, b) => b.length - a.length);
  const limit = short.length > 0 ? 7 : 8;
  while (buckets.length > limit) {
    const merged = [...(buckets.pop() ?? []), ...(buckets.pop() ?? [])];
    buckets.push(merged);
    buckets.sort((a, b) => b.length - a.length);
  }
  if (short.length > 0) buckets.push(short);
  buckets.forEach((bucket, bit) => {
    for (const k of bucket) {
      for (let position = 0; position < filteredPositions; position++) {
        const bytes = position < k.length ? [vectorFold(k.charCodeAt(position))] : anyByte.map(vectorFold);
        for (const b of bytes) {
          heap[nibbleTablesOffset + position * 32 + (b & 15)] |= 1 << bit;
          heap[nibbleTablesOffset + position * 32 + 16 + (b >> 4)] |= 1 << bit;
        }
      }
    }
  });
}

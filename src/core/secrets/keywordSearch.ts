import { keywordKernelBase64 } from './keywordKernel.generated';

/**
 * Finds every case-insensitive occurrence of a set of literal keywords in a text: the engine's first pass,
 * which touches every character of every file, so it is the part of a scan that costs the most.
 *
 * Two implementations give the same hits in the same order:
 * - `wasm`: text is copied into WebAssembly memory as UTF-8 a chunk at a time (`TextEncoder.encodeInto`,
 *   a plain copy for ASCII), or read there directly as bytes (`bytes`), and searched by the SIMD kernel in
 *   keywordKernel.wat, which filters sixteen offsets at a time and confirms each candidate against the
 *   keywords itself. Keywords are ASCII, and in UTF-8 a byte below 0x80 is always that ASCII character,
 *   so the hits in the bytes are the hits in the text; where the text is not pure ASCII the kernel turns
 *   the hits' byte offsets into UTF-16 offsets. A chunk whose UTF-8 form does not fit the kernel's memory
 *   (over 64 bytes more than its characters) is searched again in pieces small enough to fit.
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
  /**
   * Searches `input[start, end)` as UTF-8: calls `hit` for every keyword start, in increasing order, with
   * its offset in the UTF-16 text the bytes decode to, and returns whether every byte was ASCII. The
   * offsets are exact when the bytes are valid UTF-8 (an ASCII text always is); for other bytes the
   * caller must not use them (it decodes the text and uses `forEach` instead). The keywords found are
   * the same either way: a decoder turns ASCII bytes, and only those, into ASCII characters.
   */
  forEachUtf8(start: number, end: number, hit: (index: number, keyword: string) => void): boolean;
  /**
   * `forEachUtf8` over bytes held anywhere else, of any length: they are copied into kernel memory (over
   * whatever `input` held) a chunk at a time, a memory copy, much cheaper than decoding them and encoding
   * the text back. Offsets are UTF-16 offsets in the whole decoded text.
   */
  forEachUtf8In(bytes: Uint8Array, hit: (index: number, keyword: string) => void): boolean;
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
  const safeChunk = Math.max(1, Math.floor(kernel.inputCapacity / 3) - maxKeyword);
  /**
   * Hits starting in text[from, to), `chunk` characters at a time. A chunk whose UTF-8 form does not fit
   * the kernel's memory is searched again in pieces whose UTF-8 form always fits (at most three bytes
   * per UTF-16 code unit), and only pieces that still do not fit go to the regular expression.
   */
  const searchText = (text: string, from: number, to: number, chunk: number, hit: (index: number, keyword: string) => void): void => {
    for (let start = from; start < to; start += chunk) {
      const stop = Math.min(to, start + chunk);
      // A keyword that starts before `stop` may end after it: hand the kernel the longest one's tail too.
      const end = Math.min(text.length, stop + maxKeyword);
      const part = start === 0 && end === text.length ? text : text.slice(start, end);
      const hits = kernel.hits(part);
      if (hits === undefined) {
        if (chunk > safeChunk) searchText(text, start, stop, safeChunk, hit);
        else regexSearch(part, 0, stop - start, (index, keyword) => hit(start + index, keyword));
        continue;
      }
      for (let i = 0; i < hits.length; i++) {
        const offset = hits[i] >>> 7;
        if (offset >= stop - start) break;
        hit(start + offset, lower[hits[i] & 127]);
      }
    }
  };

  return {
    kind: 'wasm',
    bytes: {
      input: kernel.input,
      forEach(start, end, hit) {
        const { hits, ascii } = kernel.hitsInPlace(start, end);
        if (!ascii) return false;
        for (let i = 0; i < hits.length; i++) hit(hits[i] >>> 7, lower[hits[i] & 127]);
        return true;
      },
      forEachUtf8(start, end, hit) {
        const { hits, ascii } = kernel.hitsInPlace(start, end);
        if (!ascii && hits.length > 0) kernel.toCharOffsets(start, hits);
        for (let i = 0; i < hits.length; i++) hit(hits[i] >>> 7, lower[hits[i] & 127]);
        return ascii;
      },
      forEachUtf8In(bytes, hit) {
        const chunk = kernel.chunkSize;
        let ascii = true;
        // UTF-16 offset of the chunk's first byte.
        let base = 0;
        for (let start = 0; start < bytes.length; start += chunk) {
          const stop = Math.min(bytes.length, start + chunk);
          // A keyword that starts before `stop` may end after it: copy the longest one's tail too. Keywords
          // are ASCII, so their length in bytes is their length in characters.
          const found = kernel.hitsInCopy(bytes.subarray(start, Math.min(bytes.length, stop + maxKeyword)));
          let count = 0;
          while (count < found.hits.length && found.hits[count] >>> 7 < stop - start) count++;
          const hits = found.hits.subarray(0, count);
          if (!found.ascii) {
            ascii = false;
            if (count > 0) kernel.toCharOffsets(0, hits);
          }
          for (let i = 0; i < count; i++) hit(base + (hits[i] >>> 7), lower[hits[i] & 127]);
          base += found.ascii ? stop - start : kernel.utf16Length(0, stop - start);
        }
        return ascii;
      },
    },
    forEach(text, hit) {
      searchText(text, 0, text.length, kernel.chunkSize, hit);
    },
  };
}

/** Hits are packed as offset << 7 | keyword index. */
const maxKeywords = 128;

interface Kernel {
  readonly chunkSize: number;
  /** Bytes the kernel can search at a time: `chunkSize` plus room for a keyword's tail. */
  readonly inputCapacity: number;
  /**
   * Packed hits in `part`, offsets in UTF-16 code units, or undefined when its UTF-8 form does not fit
   * the kernel's memory. Valid until the next call.
   */
  hits(part: string): Uint32Array | undefined;
  /** `chunkSize` bytes of kernel memory for in-place searches (the same memory `hits` copies into). */
  readonly input: Uint8Array;
  /**
   * Packed hits in `input[start, end)`, offsets in bytes, and whether every byte is ASCII (below 0x80).
   * Valid until the next call.
   */
  hitsInPlace(start: number, end: number): { hits: Uint32Array; ascii: boolean };
  /** Copies `bytes` (at most `inputCapacity`) into kernel memory at offset 0 and searches them there, as `hitsInPlace`. */
  hitsInCopy(bytes: Uint8Array): { hits: Uint32Array; ascii: boolean };
  /** Turns the byte offsets of `hits` from `hitsInPlace(start, …)` into UTF-16 offsets (valid UTF-8 assumed). */
  toCharOffsets(start: number, hits: Uint32Array): void;
  /** UTF-16 length of the valid UTF-8 bytes at `input[start, end)`. */
  utf16Length(start: number, end: number): number;
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
  const charOffsets = instance.exports.charOffsets as (input: number, out: number, count: number) => void;
  const utf16Length = instance.exports.utf16Length as (input: number, length: number) => number;
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
    inputCapacity,
    input: heap.subarray(inputOffset, inputOffset + chunkSize),
    hitsInPlace(start, end) {
      if (start < 0 || end > chunkSize || start > end) throw new RangeError('range outside the kernel input');
      // The vector loads read up to 32 bytes past the end: they must see zeros, not stale bytes.
      heap.fill(0, inputOffset + end, inputOffset + end + inputPadding);
      const count = scan(inputOffset + start, end - start, outputOffset, inputCapacity);
      return { hits: output.subarray(0, count), ascii: nonAscii.value === 0 };
    },
    hitsInCopy(bytes) {
      if (bytes.length > inputCapacity) throw new RangeError('more bytes than the kernel input holds');
      input.set(bytes);
      heap.fill(0, inputOffset + bytes.length, inputOffset + bytes.length + inputPadding);
      const count = scan(inputOffset, bytes.length, outputOffset, inputCapacity);
      return { hits: output.subarray(0, count), ascii: nonAscii.value === 0 };
    },
    utf16Length(start, end) {
      if (start < 0 || end > inputCapacity || start > end) throw new RangeError('range outside the kernel input');
      return utf16Length(inputOffset + start, end - start);
    },
    toCharOffsets(start, hits) {
      if (hits.buffer !== memory.buffer || hits.byteOffset !== outputOffset) throw new RangeError('not the hits of the last search');
      charOffsets(inputOffset + start, outputOffset, hits.length);
    },
    hits(part) {
      if (part.length > inputCapacity) throw new Error('chunk larger than the kernel input');
      const { read, written } = encoder.encodeInto(part, input);
      if (read !== part.length) return undefined;
      heap.fill(0, inputOffset + written, inputOffset + written + inputPadding);
      const count = scan(inputOffset, written, outputOffset, inputCapacity);
      // encodeInto writes valid UTF-8 (a lone surrogate becomes U+FFFD, one code unit, as it was).
      if (written !== read && count > 0) charOffsets(inputOffset, outputOffset, count);
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

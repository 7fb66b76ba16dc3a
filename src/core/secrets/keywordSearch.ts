import { keywordKernelBase64 } from './keywordKernel.generated';

/**
 * Finds every case-insensitive occurrence of a set of literal keywords in a text: the engine's first pass,
 * which touches every character of every file, so it is the part of a scan that costs the most.
 *
 * Two implementations give the same hits in the same order:
 * - `wasm`: ASCII text is copied into WebAssembly memory a chunk at a time (`TextEncoder.encodeInto`,
 *   a plain copy for ASCII) and filtered sixteen bytes at a time by the SIMD kernel in keywordKernel.wat;
 *   each candidate it returns is confirmed with a sticky regular expression at that offset. A chunk that
 *   is not pure ASCII (byte and character offsets differ) is searched with the regular expression.
 * - `regex`: one case-insensitive alternation of the keywords, where WebAssembly SIMD is not available.
 *
 * Keywords must be ASCII, at least two characters, and none may contain another (so at most one keyword
 * starts at any offset, and "the keyword at offset i" is well defined).
 */
export interface KeywordSearch {
  readonly kind: 'wasm' | 'regex';
  /** Calls `hit` for every offset where a keyword starts, in increasing order, with the lower-case keyword. */
  forEach(text: string, hit: (index: number, keyword: string) => void): void;
}

export interface KeywordSearchOptions {
  /** Characters handed to the kernel at a time (tests use small chunks to cross chunk borders). */
  readonly chunkSize?: number;
  /** Use the regular expression only. */
  readonly regexOnly?: boolean;
}

const defaultChunkSize = 1 << 20;
const foldTableOffset = 0;
const nibbleTablesOffset = 128;
const trigramOffset = 1024;
const trigramBytes = 1 << 18;
const inputOffset = trigramOffset + trigramBytes;
const inputPadding = 64;
const pageSize = 1 << 16;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function checkKeywords(keywords: readonly string[]): string[] {
  const lower = keywords.map((k) => k.toLowerCase());
  for (const k of lower) {
    if (k.length < 2 || !/^[\x20-\x7e]+$/.test(k)) throw new Error(`keyword "${k}" must be at least two printable ASCII characters`);
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

  const sticky = new RegExp(alternation, 'iy');
  const maxKeyword = Math.max(...lower.map((k) => k.length));
  return {
    kind: 'wasm',
    forEach(text, hit) {
      const chunk = kernel.chunkSize;
      for (let start = 0; start < text.length; start += chunk) {
        const stop = Math.min(text.length, start + chunk);
        // The kernel looks two bytes ahead of a candidate; the regular expression a whole keyword.
        const part = start === 0 && text.length <= chunk + 2 ? text : text.slice(start, Math.min(text.length, stop + maxKeyword));
        const candidates = kernel.candidates(part);
        if (candidates === undefined) {
          regexSearch(part, 0, stop - start, (index, keyword) => hit(start + index, keyword));
          continue;
        }
        for (let i = 0; i < candidates.length; i++) {
          const offset = candidates[i];
          if (offset >= stop - start) break;
          sticky.lastIndex = start + offset;
          const m = sticky.exec(text);
          if (m) hit(m.index, m[0].toLowerCase());
        }
      }
    },
  };
}

interface Kernel {
  readonly chunkSize: number;
  /** Candidate offsets in `part`, or undefined when `part` is not pure ASCII. Valid until the next call. */
  candidates(part: string): Int32Array | undefined;
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
  const output = new Int32Array(memory.buffer, outputOffset, inputCapacity);
  const input = heap.subarray(inputOffset, inputOffset + inputCapacity);
  const encoder = new TextEncoder();
  return {
    chunkSize,
    candidates(part) {
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

function fillTables(heap: Uint8Array, keywords: readonly string[]): void {
  for (let c = 0; c < 128; c++) heap[foldTableOffset + c] = c >= 65 && c <= 90 ? c + 32 : c;
  const setTrigram = (a: number, b: number, c: number): void => {
    const key = (a << 14) | (b << 7) | c;
    heap[trigramOffset + (key >> 3)] |= 1 << (key & 7);
  };
  const anyByte = Array.from({ length: 256 }, (_, i) => i);
  const anyAscii = anyByte.slice(0, 128);
  for (const k of keywords) {
    const third = k.length >= 3 ? [k.charCodeAt(2)] : anyAscii;
    for (const c of third) setTrigram(k.charCodeAt(0), k.charCodeAt(1), c);
  }
  // Eight buckets (one bit each) grouped by first character, so a bucket's byte sets stay small.
  const byFirst = new Map<string, string[]>();
  for (const k of keywords) byFirst.set(k[0], [...(byFirst.get(k[0]) ?? []), k]);
  const buckets = [...byFirst.values()].sort((a, b) => b.length - a.length);
  while (buckets.length > 8) {
    const merged = [...(buckets.pop() ?? []), ...(buckets.pop() ?? [])];
    buckets.push(merged);
    buckets.sort((a, b) => b.length - a.length);
  }
  buckets.forEach((bucket, bit) => {
    for (const k of bucket) {
      for (let position = 0; position < 3; position++) {
        const bytes = position < k.length ? [vectorFold(k.charCodeAt(position))] : anyByte.map(vectorFold);
        for (const b of bytes) {
          heap[nibbleTablesOffset + position * 32 + (b & 15)] |= 1 << bit;
          heap[nibbleTablesOffset + position * 32 + 16 + (b >> 4)] |= 1 << bit;
        }
      }
    }
  });
}

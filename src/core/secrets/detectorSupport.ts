import type { FileKind } from './fileKind';
import type { AzureService, Confidence, Extracted, OffsetRange, SecretKind } from './types';

/** A possible finding before the false-positive filters, deduplication and suppressions. */
export interface Candidate {
  ruleId: string;
  service: AzureService;
  kind: SecretKind;
  confidence: Confidence;
  secret: OffsetRange;
  /** The URL or connection string holding the secret, when the detector knows it better than a literal. */
  construct?: OffsetRange;
  extracted?: Extracted;
  /** Lower wins when two detectors report overlapping secrets: the more specific rule. */
  priority: number;
  /** Skip the entropy floor (passwords, identifiable keys with fixed signatures). */
  noEntropy?: boolean;
  /** An identifiable key whose checksum holds: issued by the service, so no placeholder filter applies. */
  verified?: boolean;
  /** The value is a public emulator key or points at an emulator: report as information only. */
  emulator?: boolean;
}

/** A bounded stretch of text around one or more keyword hits; detectors never look at more than this. */
export interface ScanWindow {
  /** The whole text: read only near the window (context lookups are bounded too). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** `text.slice(start, end)`. */
  readonly slice: string;
  readonly kind: FileKind;
  /**
   * Scans a text decoded from this one (a Kubernetes Secret's base64 `data:` values) with every detector, as an
   * `.env` file; the detector maps what it finds back to the encoded text.
   */
  readonly scanDecoded: (text: string) => readonly DecodedFinding[];
}

/** What a scan of decoded text found: enough to report it at the encoded value. */
export interface DecodedFinding {
  readonly ruleId: string;
  readonly service: AzureService;
  readonly kind: SecretKind;
  readonly confidence: Confidence;
  readonly severity: 'error' | 'warning' | 'info';
  readonly secretRange: OffsetRange;
  readonly extracted: Extracted;
}

/**
 * One detection technique. It runs only on windows around hits of its `triggers` (lower-case literals,
 * matched case-insensitively), `before` characters before and `after` characters after each hit, so a
 * text without any trigger cannot produce its findings, and the work per hit is bounded.
 */
export interface Detector {
  readonly name: string;
  readonly triggers: readonly string[];
  readonly before: number;
  readonly after: number;
  /**
   * A sticky pattern tried right after a trigger: the trigger opens a window only if it matches. Set it only
   * when every match of `find` starts with a trigger followed by this (so `password` in `getPassword()` or
   * `DB_PASSWORD ??` costs nothing).
   */
  readonly followedBy?: RegExp;
  /** Replaces `followedBy` in source code files (`isCodeKind`), where `find` accepts fewer forms. */
  readonly followedByInCode?: RegExp;
  find(window: ScanWindow, out: Candidate[]): void;
}

/**
 * Runs a global regular expression (with the `d` flag) over the window and calls `visit` with the
 * absolute range of capture `group` and the absolute start of the match.
 */
export function each(pattern: RegExp, window: ScanWindow, visit: (m: RegExpExecArray, secret: OffsetRange, matchStart: number) => void, group = 1): void {
  pattern.lastIndex = 0;
  const base = window.start;
  for (let m = pattern.exec(window.slice); m; m = pattern.exec(window.slice)) {
    if (m[0].length === 0) pattern.lastIndex++;
    const indices = m.indices?.[group];
    if (indices) visit(m, { start: base + indices[0], end: base + indices[1] }, base + m.index);
  }
}

/**
 * The capture of `pattern` (global) nearest to `at`, looking `before` characters back and `after`
 * forward. Bounded, so calling it per candidate keeps the scan linear.
 */
export function nearest(text: string, at: number, before: number, after: number, pattern: RegExp, group = 1): string | undefined {
  const from = Math.max(0, at - before);
  const slice = text.slice(from, Math.min(text.length, at + after));
  pattern.lastIndex = 0;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (let m = pattern.exec(slice); m; m = pattern.exec(slice)) {
    if (m[0].length === 0) pattern.lastIndex++;
    const value = m[group];
    if (value === undefined) continue;
    const distance = Math.abs(from + m.index - at);
    if (distance < bestDistance) {
      best = value;
      bestDistance = distance;
    }
  }
  return best;
}

/** Distance from `at` to the nearest match of `pattern` (global) within the bounds, or Infinity. */
export function distanceTo(text: string, at: number, before: number, after: number, pattern: RegExp): number {
  const from = Math.max(0, at - before);
  const slice = text.slice(from, Math.min(text.length, at + after));
  pattern.lastIndex = 0;
  let best = Infinity;
  for (let m = pattern.exec(slice); m; m = pattern.exec(slice)) {
    if (m[0].length === 0) pattern.lastIndex++;
    best = Math.min(best, Math.abs(from + m.index - at));
  }
  return best;
}

/** The last index of any of `chars` in `text` (native searches, no per-character loop). */
function lastIndexOfAny(text: string, chars: readonly string[]): number {
  let best = -1;
  for (const c of chars) best = Math.max(best, text.lastIndexOf(c));
  return best;
}

const literalStops = ['"', "'", '`', '\n', '\r'];

/**
 * The string literal around `range` on its line (including the quotes), found by the nearest quote on
 * each side; undefined when the value is not quoted. Looks at most `limit` characters each way.
 */
export function enclosingLiteral(text: string, range: OffsetRange, limit = 2000): OffsetRange | undefined {
  const from = Math.max(0, range.start - limit);
  const before = text.slice(from, range.start);
  const at = lastIndexOfAny(before, literalStops);
  if (at === -1) return undefined;
  const quote = before[at];
  if (quote === '\n' || quote === '\r') return undefined;
  const after = text.slice(range.end, Math.min(text.length, range.end + limit));
  const close = after.indexOf(quote);
  if (close === -1) return undefined;
  const newline = after.search(/[\r\n]/);
  if (newline !== -1 && newline < close) return undefined;
  return { start: from + at, end: range.end + close + 1 };
}

/** Start and end (exclusive) of the line around `offset`, looking at most `limit` characters each way. */
export function lineAround(text: string, offset: number, limit = 2000): OffsetRange {
  const from = Math.max(0, offset - limit);
  const before = text.slice(from, offset);
  const start = from + Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  const after = text.slice(offset, Math.min(text.length, offset + limit));
  const newline = after.search(/[\r\n]/);
  return { start: start === from && from > 0 ? from : start, end: newline === -1 ? offset + after.length : offset + newline };
}

/**
 * The enclosing construct: the string literal when quoted, else the setting value (after `NAME=` or
 * `name:` at the start of the line), else the run of non-blank characters around the secret.
 */
export function enclosingConstruct(text: string, range: OffsetRange): OffsetRange {
  const literal = enclosingLiteral(text, range);
  if (literal) return literal;
  const line = lineAround(text, range.start);
  const lineEnd = Math.max(range.end, lineAround(text, range.end).end);
  const prefix = text.slice(line.start, range.start);
  const setting = /^\s*(?:export\s+|set\s+|-\s+)?["']?[\w.\-[\]]{1,200}["']?\s*(?:=|:)\s*/.exec(prefix);
  if (setting) {
    const value = text.slice(range.end, lineEnd);
    const trimmed = value.replace(/[\s,;]+$/, '');
    return { start: line.start + setting[0].length, end: range.end + trimmed.length };
  }
  const blankBefore = Math.max(prefix.lastIndexOf(' '), prefix.lastIndexOf('\t'));
  const rest = text.slice(range.end, lineEnd);
  const blankAfter = rest.search(/\s/);
  return { start: line.start + blankBefore + 1, end: blankAfter === -1 ? lineEnd : range.end + blankAfter };
}

/**
 * The literal around `range` plus the literals joined to it in the same statement: `"a" + "b"`,
 * Python's implicit `"a" "b"`, `"a" &` and line continuations. Used for context (an account name in
 * the previous literal), never as the reported construct. Bounded to `limit` characters each way.
 */
export function joinedLiterals(text: string, range: OffsetRange, limit = 1500): OffsetRange {
  const first = enclosingLiteral(text, range) ?? range;
  let start = first.start;
  let end = first.end;
  for (let i = 0; i < 8 && range.start - start < limit; i++) {
    const m = /["'`]([ \t\r\n+&.\\@$]{0,30})$/.exec(text.slice(Math.max(0, start - 32), start));
    if (!m || !isJoiner(m[1] ?? '')) break;
    const closing = start - m[0].length;
    const previous = enclosingLiteral(text, { start: closing, end: closing });
    if (!previous || previous.end !== closing + 1) break;
    start = previous.start;
  }
  for (let i = 0; i < 8 && end - range.end < limit; i++) {
    const m = /^([ \t\r\n+&.\\@$]{0,30})["'`]/.exec(text.slice(end, end + 32));
    if (!m || !isJoiner(m[1] ?? '')) break;
    const opening = end + m[0].length - 1;
    const next = enclosingLiteral(text, { start: opening + 1, end: opening + 1 });
    if (!next || next.start !== opening) break;
    end = next.end;
  }
  return { start, end };
}

/** Between two literals of one expression: blanks and at most one operator (`+`, `&`, `.`, `\`). */
function isJoiner(between: string): boolean {
  const operators = between.replace(/[\s@$]/g, '');
  return operators.length <= 1;
}

/** A line ending that leaves the statement open: the next line continues it. */
const openEnding = /(?:[(,=:+[{|&?]|=>|\|\||\?\?|\bor|\band)\s*$/;
/** A line holding a name and a value: `"name": "value",`, `name = value,`. */
const completeSetting = /^\s*["']?[\w.$@-]+["']?\s*(?::|=)(?!=)\s*[^\s([{]/;
/** A line start that continues the statement before it. */
const continuingStart = /^\s*(?:[=.)|&?:+]|\?\?)/;

/**
 * The text before `offset` as one logical line, the way a reader sees a statement that a formatter broke over
 * several lines: while the previous line leaves the statement open (ends with `(`, `,`, `=`, `:`, `||`, `??`,
 * `+`, `{`, `[`) or the current line continues it (starts with `=`, `.`, `)`, `||`), the previous line is
 * prepended; line breaks and indentation become one space. At most `limit` characters and four lines back.
 * `new StorageSharedKeyCredential(\n  "acct",\n  "` reads `new StorageSharedKeyCredential( "acct", "`.
 */
export function logicalPrefix(text: string, offset: number, limit = 200): string {
  let line = lineAround(text, offset, limit);
  let prefix = text.slice(line.start, offset);
  for (let i = 0; i < 4 && line.start > 0 && prefix.length < limit; i++) {
    const previous = lineAround(text, line.start - 1, limit);
    const previousText = text.slice(previous.start, line.start - 1).replace(/\r$/, '');
    if (!openEnding.test(previousText) && !continuingStart.test(prefix)) break;
    // `"name": "value",` or `name="value",` is a whole setting of its own (JSON, YAML, keyword arguments).
    if (/,\s*$/.test(previousText) && completeSetting.test(previousText) && !continuingStart.test(prefix)) break;
    prefix = `${previousText.trimEnd()} ${prefix.trimStart()}`;
    line = previous;
  }
  return prefix.length > limit ? prefix.slice(prefix.length - limit) : prefix;
}

/**
 * The names a structured configuration gives the value starting at `offset`, outermost first, each followed
 * by `: `: the keys of the enclosing JSON objects or YAML mappings (`"Search": { "ApiKey": "` reads
 * `Search: ApiKey: `), and for a name/value pair (a Kubernetes `env` entry, a Bicep app setting) the pair's
 * `name` (`- name: AZURE_OPENAI_API_KEY` then `value: "` reads `AZURE_OPENAI_API_KEY: value: `). Looks at
 * most `limit` characters back.
 */
export function configPath(text: string, offset: number, limit = 1500): string {
  const from = Math.max(0, offset - limit);
  const before = text.slice(from, offset);
  const line = lineAround(text, offset, limit);
  const own = /["']?([\w.$@-]{1,80})["']?\s*[:=]\s*["']?$/.exec(text.slice(line.start, offset))?.[1];
  if (own === undefined) return '';
  const names: string[] = [own];
  if (own === 'value') {
    // `{ name: 'COSMOS_KEY'\n  value: '…' }` (Bicep app settings, ARM name/value pairs, Kubernetes env entries).
    const sibling = /["']?name["']?[ \t]*[:=][ \t]*["']?([\w.$@-]{1,80})["']?[ \t]*,?[ \t]*(?:#[^\n]*)?\r?\n[ \t-]*$/.exec(before.slice(0, before.length - (offset - line.start)));
    if (sibling?.[1] !== undefined) names.unshift(sibling[1]);
  }
  if (names.length > 1) {
    // the entry's name says it all
  } else if (before.includes('{')) {
    // JSON: the keys before each `{` still open at the value.
    let depth = 0;
    for (let i = before.length - (offset - line.start) - 1; i >= 0 && names.length < 4; i--) {
      const c = before[i];
      if (c === '}') depth++;
      else if (c === '{') {
        if (depth > 0) depth--;
        else {
          const key = /["']?([\w.$@ -]{1,80})["']?\s*:\s*$/.exec(before.slice(Math.max(0, i - 100), i))?.[1];
          if (key !== undefined) names.unshift(key.trim());
        }
      }
    }
  } else {
    // YAML: the keys of the lines above with less indentation.
    let indent = /^[ \t-]*/.exec(text.slice(line.start, offset))?.[0].length ?? 0;
    let end = line.start;
    for (let n = 0; n < 40 && end > from && names.length < 4; n++) {
      const previous = lineAround(text, end - 1, limit);
      const content = text.slice(previous.start, end - 1);
      end = previous.start;
      if (content.trim() === '' || /^\s*#/.test(content)) continue;
      const m = /^([ \t]*)(-[ \t]+)?["']?([\w.$@-]{1,80})["']?[ \t]*:[ \t]*(.*)$/.exec(content);
      if (!m) continue;
      const level = (m[1] ?? '').length + (m[2] ?? '').length;
      if (level < indent && (m[4] ?? '').trim() === '') {
        names.unshift(m[3] ?? '');
        indent = level;
      }
    }
  }
  return `${names.join(': ')}: `;
}

/**
 * True when `offset` is inside a string literal that spans lines: a Python / Java / C# 11 triple-quoted
 * string, a JavaScript / Go backtick string, or a C# verbatim `@"…"` string. Counts the delimiters in at most
 * `limit` characters before the offset: an odd count of `"""` (or `'''`, or backticks) means one is open;
 * for `@"`, no single quote closes it between the last `@"` and the offset (`""` is an escaped quote).
 */
export function insideMultilineLiteral(text: string, offset: number, limit = 3000): boolean {
  const before = text.slice(Math.max(0, offset - limit), offset);
  if (!before.includes('\n')) return false;
  for (const delimiter of ['"""', "'''", '`']) {
    let count = 0;
    for (let i = before.indexOf(delimiter); i !== -1; i = before.indexOf(delimiter, i + delimiter.length)) count++;
    if (count % 2 === 1) return true;
  }
  const verbatim = before.lastIndexOf('@"');
  if (verbatim !== -1) {
    const inside = before.slice(verbatim + 2).replace(/""/g, '');
    if (!inside.includes('"') && inside.includes('\n')) return true;
  }
  return false;
}

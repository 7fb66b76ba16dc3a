import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { errorMessage } from '../core/errors';
import { LineIndex } from '../core/text/lineIndex';
import type { Extracted, Finding } from '../core/secrets/types';
import { toPosix } from './IgnoreRules';
import { scanBuffer, scanBytes, scanBytesInput, scanText } from './secretEngine';
import type { FileError, FileFinding, LineColumnRange, SkippedFile } from './ScanReport';

/** What a scanning thread needs to know; plain data so it can cross to a worker. */
export interface ScanSettings {
  readonly maxFileSize: number;
  readonly disabledRules: readonly string[];
}

/** The outcome of scanning some files; plain data so it can cross back from a worker. */
export interface BatchResult {
  filesScanned: number;
  bytesScanned: number;
  findings: FileFinding[];
  skipped: SkippedFile[];
  errors: FileError[];
}

export function emptyBatchResult(): BatchResult {
  return { filesScanned: 0, bytesScanned: 0, findings: [], skipped: [], errors: [] };
}

/** Bytes looked at for a NUL to call a file binary (the same window as git and ripgrep). */
export const binaryProbeBytes = 8192;

const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const extractedKeys: readonly (keyof Extracted)[] = [
  'accountName', 'namespace', 'endpoint', 'server', 'database', 'user', 'entityPath', 'endpointSuffix', 'clientId', 'tenantId',
];

/** Converts a half-open offset range to a 1-based SARIF region (exclusive end column). */
export function toLineColumnRange(lines: LineIndex, start: number, end: number): LineColumnRange {
  const from = lines.positionAt(start);
  const to = lines.positionAt(Math.max(start, end));
  return {
    startLine: from.line,
    startColumn: from.column,
    endLine: to.line,
    endColumn: to.column,
    charOffset: start,
    charLength: Math.max(0, end - start),
  };
}

const hasUtf16Bom = (bytes: Buffer): boolean => bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
const hasUtf8Bom = (bytes: Buffer): boolean => bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/** Decodes file bytes: UTF-16 with a byte-order mark, otherwise UTF-8 with U+FFFD for invalid bytes. */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return bytes.toString('utf8', hasUtf8Bom(bytes) ? 3 : 0);
}

/** True for a NUL byte in the first 8 KiB, unless the file starts with a UTF-16 byte-order mark. */
export function looksBinary(bytes: Buffer): boolean {
  if (hasUtf16Bom(bytes)) return false;
  return bytes.subarray(0, binaryProbeBytes).includes(0);
}

/** Keeps only the known, non-secret `extracted` fields, and drops any that happen to contain the secret. */
function safeExtracted(extracted: Extracted, secret: string): Extracted {
  const result: Record<string, string> = {};
  for (const key of extractedKeys) {
    const value = extracted[key];
    if (typeof value !== 'string' || value === '') continue;
    if (secret.length >= 4 && value.includes(secret)) continue;
    result[key] = value;
  }
  return result;
}

/** The engine's preview is already redacted; this is a second guard so no output can ever hold a secret. */
function safePreview(preview: string, secret: string): string {
  if (secret.length >= 6 && preview.includes(secret)) return `${secret.slice(0, 2)}…(${secret.length} chars)`;
  return preview;
}

/**
 * Reads, classifies and scans files one at a time; one per scanning thread. Reuses one read buffer, so
 * memory stays at about the largest file scanned, and never holds a file's text after scanning it.
 */
export class FileScanner {
  private buffer = Buffer.allocUnsafe(1 << 20);
  /**
   * The engine's in-place scan memory, where files that fit are read directly: the keyword pass runs on
   * the bytes there, and a file without keyword hits (most files) is never decoded into a string.
   */
  private readonly inPlace = scanBytesInput && Buffer.from(scanBytesInput.buffer, scanBytesInput.byteOffset, scanBytesInput.length);
  private readonly disabledRules: ReadonlySet<string>;

  constructor(private readonly settings: ScanSettings) {
    this.disabledRules = new Set(settings.disabledRules);
  }

  /** Scans `path` and adds the outcome to `into`. Never throws: I/O problems become `errors`. */
  scanFile(path: string, into: BatchResult): void {
    const shown = toPosix(path);
    let bytes: Buffer;
    let fd: number | undefined;
    try {
      fd = openSync(path, openFlags);
      const stats = fstatSync(fd);
      if (!stats.isFile()) {
        into.skipped.push({ path: shown, reason: 'special' });
        return;
      }
      if (stats.size > this.settings.maxFileSize) {
        into.skipped.push({ path: shown, reason: 'tooLarge', size: stats.size });
        return;
      }
      const read = this.inPlace !== undefined && stats.size > 0 && stats.size <= this.inPlace.length ? this.readInPlace(fd, stats.size, this.inPlace) : this.readAll(fd, stats.size);
      if (read === undefined) {
        into.skipped.push({ path: shown, reason: 'tooLarge' });
        return;
      }
      bytes = read;
    } catch (error) {
      into.errors.push({ path: shown, message: errorMessage(error) });
      return;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }

    if (looksBinary(bytes)) {
      into.skipped.push({ path: shown, reason: 'binary' });
      return;
    }
    into.filesScanned++;
    into.bytesScanned += bytes.length;
    if (this.buffer.length > 64 << 20) this.buffer = Buffer.allocUnsafe(1 << 20);

    let text = '';
    let findings: Finding[];
    try {
      const options = { path: shown, disabledRules: this.disabledRules };
      // UTF-8 (or ASCII) text is searched as bytes and decoded only when it has keyword hits. Invalid UTF-8
      // is declined: decodeText (U+FFFD for each bad sequence) and scanText take it, as they take UTF-16.
      let found: Finding[] | undefined;
      if (!hasUtf16Bom(bytes)) {
        const start = hasUtf8Bom(bytes) ? 3 : 0;
        const inPlace = bytes.buffer === this.inPlace?.buffer ? this.inPlace : undefined;
        if (inPlace) {
          found = scanBytes(
            start,
            bytes.length,
            options,
            (from, to) => (text = inPlace.toString('latin1', from, to)),
            (from, to) => (isUtf8(inPlace.subarray(from, to)) ? (text = inPlace.toString('utf8', from, to)) : undefined),
          );
        } else {
          const body = bytes.subarray(start);
          found = scanBuffer(
            body,
            options,
            () => (text = body.toString('latin1')),
            () => (isUtf8(body) ? (text = body.toString('utf8')) : undefined),
          );
        }
      }
      if (found !== undefined) {
        findings = found;
      } else {
        text = decodeText(bytes);
        findings = scanText(text, options);
      }
    } catch (error) {
      into.errors.push({ path: shown, message: `scanner failed: ${errorMessage(error)}` });
      return;
    }
    if (findings.length === 0) return;
    const lines = new LineIndex(text);
    for (const finding of findings) {
      const secret = text.slice(finding.secretRange.start, finding.secretRange.end);
      into.findings.push({
        path: shown,
        ruleId: finding.ruleId,
        service: finding.service,
        kind: finding.kind,
        severity: finding.severity,
        confidence: finding.confidence,
        message: finding.message,
        preview: safePreview(finding.preview, secret),
        fingerprint: finding.fingerprint,
        secret: toLineColumnRange(lines, finding.secretRange.start, finding.secretRange.end),
        construct: toLineColumnRange(lines, finding.constructRange.start, finding.constructRange.end),
        extracted: safeExtracted(finding.extracted, secret),
      });
    }
  }

  /** Reads the first `size` bytes of the file into `target` (which has room for them). */
  private readInPlace(fd: number, size: number, target: Buffer): Buffer {
    let length = 0;
    while (length < size) {
      const n = readSync(fd, target, length, size - length, null);
      if (n === 0) break;
      length += n;
    }
    return target.subarray(0, length);
  }

  /** Reads the whole file into the shared buffer; undefined if it grew past the size limit meanwhile. */
  private readAll(fd: number, size: number): Buffer | undefined {
    const limit = this.settings.maxFileSize;
    if (this.buffer.length < size + 1) this.buffer = Buffer.allocUnsafe(Math.min(Math.max(size + 1, this.buffer.length * 2), limit + 1));
    let length = 0;
    for (;;) {
      if (length === this.buffer.length) {
        if (length > limit) return undefined;
        const bigger = Buffer.allocUnsafe(Math.min(length * 2, limit + 1));
        this.buffer.copy(bigger, 0, 0, length);
        this.buffer = bigger;
      }
      const n = readSync(fd, this.buffer, length, this.buffer.length - length, null);
      if (n === 0) break;
      length += n;
      // The size fstat gave has been read: skip the extra read() that would only confirm EOF. A file
      // still growing is scanned as it was; files that report size 0 (procfs) read on to EOF.
      if (size > 0 && length >= size) break;
    }
    return length > limit ? undefined : this.buffer.subarray(0, length);
  }
}

/** A 1-based line and 1-based column in UTF-16 code units, as editors and SARIF count them. */
export interface LinePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Converts between offsets into a text and 1-based line/column positions. CR, LF and CRLF each end a
 * line. Building the index is one pass over the text; every lookup is a binary search, O(log lines).
 */
export class LineIndex {
  private readonly starts: number[];
  private readonly length: number;

  constructor(text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'), cr = text.indexOf('\r'); i !== -1 || cr !== -1; ) {
      // Visit line breaks in order without a per-character loop: indexOf runs natively.
      if (cr !== -1 && (i === -1 || cr < i)) {
        if (cr + 1 === i) {
          starts.push(i + 1);
          i = text.indexOf('\n', i + 1);
        } else {
          starts.push(cr + 1);
        }
        cr = text.indexOf('\r', cr + 1);
      } else {
        starts.push(i + 1);
        i = text.indexOf('\n', i + 1);
      }
    }
    this.starts = starts;
    this.length = text.length;
  }

  /** Number of lines (a text without a line break has one). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** The 1-based line and column of `offset`, clamped to the text. */
  positionAt(offset: number): LinePosition {
    const clamped = Math.max(0, Math.min(this.length, Math.floor(offset)));
    const index = this.lineIndexOf(clamped);
    return { line: index + 1, column: clamped - this.starts[index] + 1 };
  }

  /** The offset of a 1-based line and column, clamped to the text and to the line's start. */
  offsetAt(line: number, column: number): number {
    if (line < 1) return 0;
    if (line > this.starts.length) return this.length;
    const start = this.starts[line - 1];
    const nextStart = line < this.starts.length ? this.starts[line] : this.length;
    return Math.min(nextStart, start + Math.max(0, Math.floor(column) - 1), this.length);
  }

  /** The offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(this.starts.length - 1, line - 1))];
  }

  private lineIndexOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

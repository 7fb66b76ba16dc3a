/** Line-level text helpers shared by the code planners (indentation, whole-line removal, insertion points). */
import type { OffsetRange } from '../../secrets/types';
import type { TextEdit } from '../types';

export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEndAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/** The whitespace that starts the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

/** The newline style of the document. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * The range that removes a statement together with its line when the statement is alone on its lines
 * (leading indentation, trailing spaces/comment-free remainder and the newline), else just the statement.
 */
export function statementRemovalRange(text: string, range: OffsetRange): OffsetRange {
  const ls = lineStartAt(text, range.start);
  const le = lineEndAt(text, range.end);
  const before = text.slice(ls, range.start);
  const after = text.slice(range.end, le);
  if (/^[ \t]*$/.test(before) && /^[ \t;]*\r?$/.test(after)) {
    let end = le < text.length ? le + 1 : le;
    // Between two blank lines (or at the top of the file), take one of them too, so no double gap remains.
    const prevBlank = ls === 0 || /(^|\n)[ \t]*\r?\n$/.test(text.slice(Math.max(0, ls - 200), ls));
    const next = /^[ \t]*\r?\n/.exec(text.slice(end));
    if (prevBlank && next) end += next[0].length;
    return { start: ls, end };
  }
  return range;
}

/**
 * `statementRemovalRange` for a member or statement that may open its block: when the line before is the
 * block's `{`, the blank line after the removed one goes too, so no gap is left at the top of a class or
 * function body.
 */
export function blockMemberRemovalRange(text: string, range: OffsetRange): OffsetRange {
  const removal = statementRemovalRange(text, range);
  if (removal.start === range.start || !/[{(][ \t]*\r?\n$/.test(text.slice(Math.max(0, removal.start - 200), removal.start))) return removal;
  const blank = /^[ \t]*\r?\n/.exec(text.slice(removal.end));
  return blank ? { start: removal.start, end: removal.end + blank[0].length } : removal;
}

export function replace(range: OffsetRange, newText: string): TextEdit {
  return { range: { start: range.start, end: range.end }, newText };
}

export function insert(offset: number, newText: string): TextEdit {
  return { range: { start: offset, end: offset }, newText };
}

/** Applies non-overlapping edits (any order) to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/** True when no two edits overlap (empty insertions at the same point count as overlapping). */
export function editsAreDisjoint(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1].range;
    const cur = sorted[i].range;
    if (cur.start < prev.end || (cur.start === prev.start && (prev.start === prev.end || cur.start === cur.end))) return false;
  }
  return true;
}

/**
 * Edits as the document's line endings need them: in a CRLF document every line break an edit writes is
 * CRLF, and no edit starts or ends between a CR and its LF (an insertion "at the end of the line" lands
 * before the CR, a removal that stopped before the LF takes the CR with it or leaves both). The planners
 * write `\n`; this keeps them from leaving bare LFs or doubled CRs in Windows files.
 */
export function withLineEndings(text: string, edits: readonly TextEdit[]): TextEdit[] {
  if (!text.includes('\r\n')) return [...edits];
  const inside = (offset: number): boolean => offset > 0 && text.charCodeAt(offset - 1) === 13 && text.charCodeAt(offset) === 10;
  return edits.map((e) => {
    const start = inside(e.range.start) ? e.range.start - 1 : e.range.start;
    const end = e.range.end === e.range.start ? start : inside(e.range.end) ? e.range.end - 1 : e.range.end;
    return { range: { start, end: Math.max(start, end) }, newText: e.newText.replace(/\r?\n/g, '\r\n') };
  });
}

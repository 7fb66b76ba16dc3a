import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../src/core/text/lineIndex';

describe('LineIndex', () => {
  it('maps offsets to 1-based lines and UTF-16 columns with LF, CRLF and CR line ends', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 4);
    const expect = (offset: number, line: number, column: number) => assert.deepEqual(index.positionAt(offset), { line, column }, `offset ${offset}`);
    expect(0, 1, 1);
    expect(2, 1, 3); // the line break itself belongs to its line
    expect(3, 2, 1);
    expect(5, 2, 3);
    expect(6, 2, 4); // the LF of a CRLF
    expect(7, 3, 1);
    expect(10, 4, 1);
    expect(12, 4, 3); // end of text
  });

  it('round-trips every offset and clamps out-of-range input', () => {
    const text = 'line one\r\n\r\nthird 𝒜 line\nlast';
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const { line, column } = index.positionAt(offset);
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue; // inside CRLF: not addressable
      assert.equal(index.offsetAt(line, column), offset, `offset ${offset}`);
    }
    assert.deepEqual(index.positionAt(-5), { line: 1, column: 1 });
    assert.deepEqual(index.positionAt(10_000), index.positionAt(text.length));
    assert.equal(index.offsetAt(0, 1), 0);
    assert.equal(index.offsetAt(99, 1), text.length);
    assert.equal(index.offsetAt(1, 500), index.lineStart(2));
  });

  it('counts columns in UTF-16 code units (astral characters take two)', () => {
    const index = new LineIndex('𝒜x');
    assert.deepEqual(index.positionAt(2), { line: 1, column: 3 });
  });

  it('handles an empty text and a text of only line breaks', () => {
    assert.deepEqual(new LineIndex('').positionAt(0), { line: 1, column: 1 });
    const index = new LineIndex('\n\n\n');
    assert.equal(index.lineCount, 4);
    assert.deepEqual(index.positionAt(3), { line: 4, column: 1 });
  });

  it('indexes a large text and answers lookups quickly (binary search)', () => {
    const text = 'x'.repeat(40).concat('\n').repeat(200_000);
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 200_001);
    assert.deepEqual(index.positionAt(41 * 123_456 + 7), { line: 123_457, column: 8 });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergePlans } from '../../src/core/fixes/mergePlans';
import type { FixPlan, TextEdit } from '../../src/core/fixes/types';

const edit = (start: number, end: number, newText: string): TextEdit => ({ range: { start, end }, newText });
const plan = (title: string, ...edits: TextEdit[]): FixPlan => ({ title, strategy: 'passwordless', preferred: true, edits, followUps: [], packages: [] });

describe('mergePlans', () => {
  it('keeps an identical edit once (two fixes adding the same import)', () => {
    const importEdit = edit(0, 0, 'import { DefaultAzureCredential } from "@azure/identity";\n');
    const merged = mergePlans([plan('a', importEdit, edit(10, 20, 'x')), plan('b', importEdit, edit(30, 40, 'y'))]);
    assert.deepEqual(merged.edits, [importEdit, edit(10, 20, 'x'), edit(30, 40, 'y')]);
    assert.deepEqual(merged.applied.map((p) => p.title), ['a', 'b']);
    assert.deepEqual(merged.skipped, []);
  });

  it('skips a whole plan when any of its edits overlaps a taken edit', () => {
    const merged = mergePlans([plan('a', edit(10, 20, 'x')), plan('b', edit(50, 60, 'z'), edit(15, 25, 'y')), plan('c', edit(20, 30, 'w'))]);
    assert.deepEqual(merged.applied.map((p) => p.title), ['a', 'c']);
    assert.deepEqual(merged.skipped.map((p) => p.title), ['b']);
    assert.deepEqual(merged.edits, [edit(10, 20, 'x'), edit(20, 30, 'w')], 'touching ranges do not collide');
  });

  it('treats two different insertions at one position as a collision (their order would matter)', () => {
    const merged = mergePlans([plan('a', edit(5, 5, 'one')), plan('b', edit(5, 5, 'two')), plan('c', edit(5, 9, 'three'))]);
    assert.deepEqual(merged.applied.map((p) => p.title), ['a']);
    assert.deepEqual(merged.skipped.map((p) => p.title), ['b', 'c']);
  });
});

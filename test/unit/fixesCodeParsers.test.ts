/** The tree-sitter loader behind the fix planner: wasm folder, grammars, error detection, tree reuse. */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSyntaxParsers, defaultWasmDir } from '../../src/node/treeSitterParsers';

describe('createSyntaxParsers', () => {
  it('parses every supported language and flags syntax errors', async () => {
    const parsers = await createSyntaxParsers();
    const ok: [Parameters<typeof parsers.parse>[0], string][] = [
      ['javascript', 'const a = require("x");\n'],
      ['typescript', 'const a: string = "x";\n'],
      ['tsx', 'const a = <p>{"x"}</p>;\n'],
      ['python', 'a = "x"\n'],
      ['csharp', 'var a = "x";\n'],
      ['java', 'class A { String a = "x"; }\n'],
      ['go', 'package main\nvar a = "x"\n'],
    ];
    for (const [lang, text] of ok) assert.equal(parsers.parse(lang, text).rootNode.hasError, false, lang);
    assert.equal(parsers.parse('javascript', 'const a = f("x";\n').rootNode.hasError, true);
    assert.equal(parsers.parse('python', 'a = f("x"\n').rootNode.hasError, true);
  });

  it('reuses the tree for the same text and reports offsets in UTF-16 code units', async () => {
    const parsers = await createSyntaxParsers({ languages: ['javascript'] });
    const text = 'const é = "😀"; const k = "abc";';
    const tree = parsers.parse('javascript', text);
    assert.equal(parsers.parse('javascript', text), tree);
    const at = text.indexOf('"abc"');
    const node = tree.rootNode.descendantForIndex(at, at + 5);
    assert.equal(node?.type, 'string');
    assert.equal(node?.startIndex, at);
    assert.throws(() => parsers.parse('go', 'package main'), /not loaded/);
  });

  it('loads the runtime and grammars from a wasmDir (the bundle copies them to dist/wasm)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mi-wasm-'));
    try {
      for (const f of readdirSync(defaultWasmDir())) if (/^(tree-sitter\.(js|wasm)|tree-sitter-python\.wasm)$/.test(f)) copyFileSync(join(defaultWasmDir(), f), join(dir, f));
      const parsers = await createSyntaxParsers({ wasmDir: dir, languages: ['python'] });
      assert.equal(parsers.parse('python', 'x = 1\n').rootNode.hasError, false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

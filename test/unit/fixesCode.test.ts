/**
 * The code fix planner over the before/after table in test/fixtures/fixes/code/<language>/<case>/: the
 * preferred plan applied to `before.*` must give `after.*` exactly, the after-file must parse without
 * error nodes, and the JavaScript/TypeScript after-files must type-check against the real SDK types.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { applyEdits, editsAreDisjoint } from '../../src/core/fixes/code/textEdits';
import { fixLanguageOf, planFixes } from '../../src/core/fixes/planFixes';
import type { FixPlan, IdentityChoice, SyntaxParsers } from '../../src/core/fixes/types';
import type { AzureService, Finding, SecretKind } from '../../src/core/secrets/types';
import { createSyntaxParsers } from '../../src/node/treeSitterParsers';
import { repoRoot } from './repoRoot';
import { sdkTypeErrors } from './sdkTypeCheck';

const casesRoot = join(repoRoot, 'test', 'fixtures', 'fixes', 'code');

interface CaseSpec {
  /** Hand-built finding: `secret` is a regex whose first group (or whole match) is the secret. */
  readonly finding?: { ruleId: string; service: AzureService; kind: SecretKind; secret: string; extracted?: Finding['extracted'] };
  readonly identity?: IdentityChoice;
  readonly languageId?: string;
  /** Expected role definition ids of the grantRole follow-ups, in order. */
  readonly roles?: string[];
  readonly strategy?: FixPlan['strategy'];
  /** Titles (substrings) of manual steps expected in the follow-ups. */
  readonly manualSteps?: string[];
  /** Packages expected (names). */
  readonly packages?: string[];
}

export interface FixCase {
  readonly language: string;
  readonly name: string;
  readonly dir: string;
  readonly beforeFile: string;
  readonly afterFile: string;
  readonly spec: CaseSpec;
}

export function loadCases(): FixCase[] {
  const out: FixCase[] = [];
  if (!existsSync(casesRoot)) return out;
  for (const language of readdirSync(casesRoot).sort()) {
    for (const name of readdirSync(join(casesRoot, language)).sort()) {
      const dir = join(casesRoot, language, name);
      const files = readdirSync(dir);
      const beforeFile = files.find((f) => f.startsWith('before.'));
      const afterFile = files.find((f) => f.startsWith('after.'));
      if (!beforeFile || !afterFile) continue;
      const specPath = join(dir, 'case.json');
      const spec = existsSync(specPath) ? (JSON.parse(readFileSync(specPath, 'utf8')) as CaseSpec) : {};
      out.push({ language, name, dir, beforeFile: join(dir, beforeFile), afterFile: join(dir, afterFile), spec });
    }
  }
  return out;
}

type ScanText = (text: string, options: { path?: string; languageId?: string }) => Finding[];

/** The detection engine, once it exists in src/core/secrets; the planner tests do not depend on it. */
function loadScanner(): ScanText | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('../../src/core/secrets/scanner') as { scanText?: ScanText };
    return typeof mod.scanText === 'function' ? mod.scanText : undefined;
  } catch {
    return undefined;
  }
}

export function handBuiltFinding(text: string, spec: NonNullable<CaseSpec['finding']>): Finding {
  const m = new RegExp(spec.secret).exec(text);
  if (!m) throw new Error(`secret pattern ${spec.secret} not found`);
  const value = m[1] ?? m[0];
  const start = m.index + m[0].indexOf(value);
  return {
    ruleId: spec.ruleId,
    service: spec.service,
    kind: spec.kind,
    severity: 'error',
    confidence: 'high',
    secretRange: { start, end: start + value.length },
    constructRange: { start, end: start + value.length },
    extracted: spec.extracted ?? {},
    preview: `${value.slice(0, 3)}…`,
    fingerprint: '0'.repeat(32),
    message: 'test finding',
  };
}

/** The finding for a case: from the engine when it reports the same secret, else the hand-built one. */
export function findingFor(c: FixCase, text: string, scan: ScanText | undefined): { finding: Finding; source: 'scanText' | 'handBuilt' } {
  const hand = c.spec.finding ? handBuiltFinding(text, c.spec.finding) : undefined;
  if (scan) {
    const found = scan(text, { path: c.beforeFile, languageId: c.spec.languageId }).filter(
      (f) => !hand || (f.secretRange.start < hand.secretRange.end && hand.secretRange.start < f.secretRange.end),
    );
    if (found[0]) return { finding: found[0], source: 'scanText' };
  }
  if (!hand) throw new Error(`${c.language}/${c.name}: no finding (no case.json finding and the engine found none)`);
  return { finding: hand, source: 'handBuilt' };
}

const grammarOf = (file: string, languageId?: string): Parameters<SyntaxParsers['parse']>[0] => {
  const lang = fixLanguageOf({ text: '', path: file, languageId });
  if (lang === 'python' || lang === 'csharp' || lang === 'java' || lang === 'go') return lang;
  if (/\.tsx$/.test(file)) return 'tsx';
  if (lang === 'typescript' || lang === 'typescriptreact') return 'typescript';
  return 'javascript';
};

describe('code fix planner: before/after table', () => {
  let parsers: SyntaxParsers;
  const scan = loadScanner();
  before(async () => {
    parsers = await createSyntaxParsers();
  });

  for (const c of loadCases()) {
    it(`${c.language}/${c.name}`, () => {
      const text = readFileSync(c.beforeFile, 'utf8');
      const expected = readFileSync(c.afterFile, 'utf8');
      const { finding } = findingFor(c, text, scan);
      const identity = c.spec.identity ?? { kind: 'default' };
      const doc = { text, path: c.beforeFile, languageId: c.spec.languageId };
      const plans = planFixes(doc, finding, { parsers, identity });
      assert.ok(plans.length > 0, 'no plan');
      assert.ok(plans.filter((p) => p.preferred).length === 1, 'exactly one preferred plan');
      const plan = plans[0];
      assert.equal(plan.preferred, true);
      assert.equal(plan.strategy, c.spec.strategy ?? 'passwordless');
      assert.ok(editsAreDisjoint(plan.edits), 'edits overlap');
      const actual = applyEdits(text, plan.edits);
      assert.equal(actual, expected);
      assert.ok(!actual.includes(text.slice(finding.secretRange.start, finding.secretRange.end)), 'secret still present');

      const tree = parsers.parse(grammarOf(c.afterFile, c.spec.languageId), actual);
      assert.equal(tree.rootNode.hasError, false, 'after-file has syntax errors');

      if (c.spec.roles) {
        const roles = plan.followUps.flatMap((f) => (f.kind === 'grantRole' ? f.roles.map((r) => r.roleDefinitionId) : []));
        assert.deepEqual(roles, c.spec.roles);
      }
      for (const step of c.spec.manualSteps ?? []) {
        assert.ok(plan.followUps.some((f) => f.kind === 'manualStep' && (f.title.includes(step) || f.detail.includes(step))), `manual step ${step}`);
      }
      if (c.spec.packages) assert.deepEqual(plan.packages.map((p) => p.name), c.spec.packages);

      // Idempotence: the secret is gone, so planning on the after-file finds nothing to do.
      const again = scan?.(actual, { path: c.afterFile, languageId: c.spec.languageId }) ?? [];
      assert.deepEqual(again.filter((f) => f.ruleId === finding.ruleId), []);
    });
  }
});

describe('code fix planner: CRLF files keep their line endings', () => {
  let parsers: SyntaxParsers;
  const scan = loadScanner();
  before(async () => {
    parsers = await createSyntaxParsers();
  });

  // Every case again with Windows line endings: the after-state must be the same file with CRLF, with no
  // bare LF and no doubled CR where an import, a using or a credential line is inserted.
  for (const c of loadCases()) {
    it(`${c.language}/${c.name} (CRLF)`, () => {
      const crlf = (t: string) => t.replace(/\r?\n/g, '\r\n');
      const text = crlf(readFileSync(c.beforeFile, 'utf8'));
      const expected = crlf(readFileSync(c.afterFile, 'utf8'));
      const { finding } = findingFor(c, text, scan);
      const plan = planFixes({ text, path: c.beforeFile, languageId: c.spec.languageId }, finding, { parsers, identity: c.spec.identity ?? { kind: 'default' } })[0];
      assert.ok(plan, 'no plan');
      assert.equal(applyEdits(text, plan.edits), expected);
    });
  }
});

describe('code fix planner: JS/TS after-files type-check against the SDK types', () => {
  it('tsc reports no diagnostics', () => {
    const files = loadCases()
      .filter((c) => /\.(c|m)?[jt]sx?$/.test(c.afterFile))
      .map((c) => c.afterFile);
    assert.deepEqual(sdkTypeErrors(files), []);
  });
});

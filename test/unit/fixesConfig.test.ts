/**
 * The config fix planner over the before/after table in test/fixtures/fixes/config/<kind>/<case>/: the
 * preferred plan applied to `before.*` must give `after.*` exactly, and the result must still parse (JSON
 * without errors, YAML without errors, .env / .properties lines all well formed).
 *
 * case.json (all optional): `path` (the document's path, e.g. `local.settings.json`, which picks the
 * layout), `languageId`, `finding` (hand-built: `secret` is a regex whose first group is the secret),
 * `identity`, `strategy` of the preferred plan, `roles` (role definition ids of the grant follow-ups, in
 * order), `manualSteps` (substrings of manual-step titles or details), `packages`, `plans` (count).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type ParseError, parseTree } from 'jsonc-parser';
import { parseAllDocuments } from 'yaml';
import { planConfigFixes } from '../../src/core/fixes/config/planConfigFixes';
import { planFixes } from '../../src/core/fixes/planFixes';
import type { FixPlan, IdentityChoice, PlanContext, TextEdit } from '../../src/core/fixes/types';
import { exposesKeys, isBroadRole } from '../../src/core/roles/roleCatalog';
import { scanText } from '../../src/core/secrets/scanner';
import type { AzureService, Finding, SecretKind } from '../../src/core/secrets/types';
import { repoRoot } from './repoRoot';

const casesRoot = join(repoRoot, 'test', 'fixtures', 'fixes', 'config');

interface CaseSpec {
  readonly path?: string;
  readonly languageId?: string;
  readonly finding?: { ruleId: string; service: AzureService; kind: SecretKind; secret: string; extracted?: Finding['extracted'] };
  readonly identity?: IdentityChoice;
  readonly strategy?: FixPlan['strategy'];
  readonly roles?: string[];
  readonly manualSteps?: string[];
  readonly packages?: string[];
  readonly plans?: number;
}

interface ConfigCase {
  readonly kind: string;
  readonly name: string;
  readonly before: string;
  readonly after: string;
  readonly afterFile: string;
  readonly spec: CaseSpec;
}

function loadCases(): ConfigCase[] {
  const out: ConfigCase[] = [];
  if (!existsSync(casesRoot)) return out;
  for (const kind of readdirSync(casesRoot).sort()) {
    for (const name of readdirSync(join(casesRoot, kind)).sort()) {
      const dir = join(casesRoot, kind, name);
      const files = readdirSync(dir);
      const before = files.find((f) => f.startsWith('before'));
      const after = files.find((f) => f.startsWith('after'));
      if (!before || !after) continue;
      const specPath = join(dir, 'case.json');
      const spec = existsSync(specPath) ? (JSON.parse(readFileSync(specPath, 'utf8')) as CaseSpec) : {};
      out.push({ kind, name, before: join(dir, before), after: join(dir, after), afterFile: after, spec });
    }
  }
  return out;
}

function handBuilt(text: string, spec: NonNullable<CaseSpec['finding']>): Finding {
  const m = new RegExp(spec.secret).exec(text);
  if (!m) throw new Error(`secret pattern ${spec.secret} not found`);
  const value = m[1] ?? m[0];
  const start = m.index + m[0].indexOf(value);
  return {
    ruleId: spec.ruleId, service: spec.service, kind: spec.kind, severity: 'error', confidence: 'high',
    secretRange: { start, end: start + value.length }, constructRange: { start, end: start + value.length },
    extracted: spec.extracted ?? {}, preview: `${value.slice(0, 3)}…`, fingerprint: '0'.repeat(32), message: 'test finding',
  };
}

/** The engine's finding for the case's secret, else the hand-built one. */
function findingFor(c: ConfigCase, text: string, path: string): { finding: Finding; source: string } {
  const hand = c.spec.finding ? handBuilt(text, c.spec.finding) : undefined;
  const found = scanText(text, { path, languageId: c.spec.languageId }).filter(
    (f) => !hand || (f.secretRange.start < hand.secretRange.end && hand.secretRange.start < f.secretRange.end),
  );
  if (found[0]) return { finding: found[0], source: 'scanText' };
  if (!hand) throw new Error(`${c.kind}/${c.name}: no finding (no case.json finding and the engine found none)`);
  return { finding: hand, source: 'handBuilt' };
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/** .env / .properties: every line is blank, a comment, or `name=value` (`name: value` in properties). */
function lineErrors(text: string, kind: 'dotenv' | 'properties'): string[] {
  const ok = kind === 'dotenv'
    ? /^\s*$|^\s*#|^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(("[^"]*")|('[^']*')|[^"'\s][^#]*?|)\s*(#.*)?$/
    : /^\s*$|^\s*[#!]|^\s*[^=:\s]+\s*[=:]\s*.*$/;
  return text.split(/\r?\n/).filter((l) => !ok.test(l));
}

function parseErrors(kind: string, text: string): string[] {
  if (kind === 'json') {
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
    return errors.map((e) => `json error ${e.error} at ${e.offset}`);
  }
  if (kind === 'yaml') return parseAllDocuments(text).flatMap((d) => ('errors' in d ? d.errors.map((e) => e.message) : []));
  if (kind === 'dotenv' || kind === 'properties') return lineErrors(text, kind);
  return [`unknown kind ${kind}`];
}

const noParsers: PlanContext['parsers'] = { parse: () => { throw new Error('config planning needs no parser'); } };

describe('config fix planner: CRLF files keep their line endings', () => {
  for (const c of loadCases()) {
    it(`${c.kind}/${c.name} (CRLF)`, () => {
      const crlf = (t: string) => t.replace(/\r?\n/g, '\r\n');
      const text = crlf(readFileSync(c.before, 'utf8'));
      const path = c.spec.path ?? c.afterFile.replace(/^after/, 'before');
      const { finding } = findingFor(c, text, path);
      const plan = planFixes({ text, path, languageId: c.spec.languageId }, finding, { parsers: noParsers, identity: c.spec.identity ?? { kind: 'default' } })[0];
      assert.ok(plan, 'no plan');
      assert.equal(applyEdits(text, plan.edits), crlf(readFileSync(c.after, 'utf8')));
    });
  }
});

describe('config fix planner: before/after table', () => {
  const cases = loadCases();
  it('has cases for every config kind', () => {
    assert.deepEqual([...new Set(cases.map((c) => c.kind))].sort(), ['dotenv', 'json', 'properties', 'yaml']);
  });

  for (const c of cases) {
    it(`${c.kind}/${c.name}`, () => {
      const text = readFileSync(c.before, 'utf8');
      const expected = readFileSync(c.after, 'utf8');
      const path = c.spec.path ?? c.afterFile.replace(/^after/, 'before');
      const { finding } = findingFor(c, text, path);
      const identity = c.spec.identity ?? { kind: 'default' };
      const plans = planConfigFixes({ text, path, languageId: c.spec.languageId }, finding, { parsers: noParsers, identity });
      assert.ok(plans.length > 0, 'no plan');
      assert.equal(plans.filter((p) => p.preferred).length, 1, 'exactly one preferred plan');
      if (c.spec.plans !== undefined) assert.equal(plans.length, c.spec.plans, plans.map((p) => p.title).join(' | '));
      const plan = plans[0];
      assert.equal(plan.preferred, true);
      assert.equal(plan.strategy, c.spec.strategy ?? 'passwordless');
      const actual = applyEdits(text, plan.edits);
      assert.equal(actual, expected);
      assert.ok(!actual.includes(text.slice(finding.secretRange.start, finding.secretRange.end)), 'secret still present');
      assert.deepEqual(parseErrors(c.kind, actual), [], 'after-file does not parse');

      const roleIds = plan.followUps.flatMap((f) => (f.kind === 'grantRole' ? f.roles.map((r) => r.roleDefinitionId) : []));
      if (c.spec.roles) assert.deepEqual(roleIds, c.spec.roles);
      for (const id of roleIds) assert.ok(!isBroadRole(id) && !exposesKeys(id), `role ${id} must not be recommended`);
      for (const step of c.spec.manualSteps ?? []) {
        assert.ok(plan.followUps.some((f) => f.kind === 'manualStep' && (f.title.includes(step) || f.detail.includes(step))), `manual step ${step}`);
      }
      if (c.spec.packages) assert.deepEqual(plan.packages.map((p) => p.name), c.spec.packages);
      for (const p of plans) {
        assert.ok(!applyEdits(text, p.edits).includes(text.slice(finding.secretRange.start, finding.secretRange.end)), `${p.title}: secret still present`);
        assert.deepEqual(parseErrors(c.kind, applyEdits(text, p.edits)), [], `${p.title}: does not parse`);
      }
      // The rewritten file holds no secret of the same rule any more.
      assert.deepEqual(scanText(actual, { path, languageId: c.spec.languageId }).filter((f) => f.ruleId === finding.ruleId), []);
    });
  }
});

describe('config fix planner: odd input', () => {
  const finding = (start: number, end: number): Finding => ({
    ruleId: 'MI001', service: 'storage', kind: 'connectionString', severity: 'error', confidence: 'high',
    secretRange: { start, end }, constructRange: { start, end }, extracted: {}, preview: 'x', fingerprint: '0', message: '',
  });
  const ctx: PlanContext = { parsers: noParsers, identity: { kind: 'default' } };
  it('returns [] for ranges outside the text, broken JSON, non-config files and secrets outside values', () => {
    assert.deepEqual(planConfigFixes({ text: '{}', path: 'a.json' }, finding(5, 9), ctx), []);
    assert.deepEqual(planConfigFixes({ text: '{"a": "AccountKey=abc', path: 'a.json' }, finding(7, 12), ctx), []);
    assert.deepEqual(planConfigFixes({ text: 'const a = "x";', path: 'a.ts' }, finding(11, 12), ctx), []);
    assert.deepEqual(planConfigFixes({ text: '# AccountKey=abc\n', path: '.env' }, finding(13, 16), ctx), []);
    assert.deepEqual(planConfigFixes({ text: ': : :\n', path: 'a.yaml' }, finding(0, 1), ctx), []);
  });
});

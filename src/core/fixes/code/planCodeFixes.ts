/**
 * The driver shared by every code language: find the secret, rewrite each use to its passwordless form,
 * remove the variable that held it, merge imports, and add the environment-variable fallback.
 */
import type { Finding } from '../../secrets/types';
import { roleById } from '../../roles/roleCatalog';
import type { FixDocument, FixPlan, FollowUp, GrantRoleFollowUp, PlanContext, SyntaxNode, TextEdit } from '../types';
import type { CodeLanguage, Rewrite, RewriteContext } from './codeLanguage';
import { connectionInfo } from './connectionInfo';
import { environmentName } from './environmentName';
import { rewriteSignalRLiteral } from './literalRewrites';
import { contains, guardRemoval, rangeOf } from './syntax';
import { editsAreDisjoint, replace } from './textEdits';

export function planCodeFixes(lang: CodeLanguage, doc: FixDocument, finding: Finding, context: PlanContext): FixPlan[] {
  const text = doc.text;
  const { start, end } = finding.secretRange;
  if (!(start >= 0 && end > start && end <= text.length)) return [];
  const tree = context.parsers.parse(lang.grammar(doc), text);
  const root = tree.rootNode;
  const site = lang.findSite(root, text, finding);
  if (!site) return [];
  const ctx: RewriteContext = { text, root, doc, finding, identity: context.identity, site, info: connectionInfo(finding, site.valueText) };

  const plans: FixPlan[] = [];
  const passwordless = planPasswordless(lang, ctx);
  if (passwordless) plans.push(passwordless);
  const fallback = planEnvironmentRead(lang, ctx, !passwordless);
  if (fallback) plans.push(fallback);
  return plans;
}

function planPasswordless(lang: CodeLanguage, ctx: RewriteContext): FixPlan | undefined {
  const { site } = ctx;
  const literal = rewriteSignalRLiteral(ctx);
  if (literal) {
    return { title: `Use managed identity (${literal.title})`, strategy: 'passwordless', preferred: true, edits: [...literal.edits], followUps: literal.followUps, packages: [] };
  }
  let uses: readonly SyntaxNode[];
  if (site.binding) {
    if (site.binding.escapes || site.binding.references.length === 0) return undefined;
    uses = site.binding.references;
  } else {
    uses = [site.value];
  }
  const rewrites: Rewrite[] = [];
  for (const use of uses) {
    // `if (!conn) throw …` guarded the removed secret: the guard goes with it (an endpoint's guard stays).
    const guard = site.binding ? guardRemoval(use, ctx.text) : undefined;
    const r = guard ? { title: '', edits: [guard], imports: [], followUps: [], packages: [] } : lang.rewrite(use, ctx);
    if (!r) return undefined;
    rewrites.push(r);
  }
  if (rewrites.every((r) => r.title === '')) return undefined;
  // Two uses may make the same edit (each reference of a variable rewrites the literal it holds): once is enough.
  const edits: TextEdit[] = unique(rewrites.flatMap((r) => r.edits), (e) => `${e.range.start}\0${e.range.end}\0${e.newText}`);
  // Every use must be inside an edit, or the secret would still be read somewhere.
  const keepsBinding = rewrites.some((r) => r.keepsBinding);
  if (!keepsBinding && !uses.every((u) => edits.some((e) => contains(e.range, rangeOf(u))))) return undefined;
  if (site.binding && !keepsBinding) edits.push(replace(site.binding.removal, ''));
  else if (!edits.some((e) => contains(e.range, rangeOf(site.literal)))) return undefined;

  const needs = unique(rewrites.flatMap((r) => r.imports), (n) => `${n.module}\0${n.name}`);
  const maybeUnused = [...new Set(rewrites.flatMap((r) => r.maybeUnused ?? []))];
  edits.push(...lang.importEdits(ctx.root, ctx.text, needs, maybeUnused, edits.map((e) => e.range)));
  const merged = coalesceRemovals(ctx.text, foldInsertions(edits));
  if (!editsAreDisjoint(merged)) return undefined;
  merged.sort((a, b) => a.range.start - b.range.start);

  const titles = [...new Set(rewrites.map((r) => r.title).filter((t) => t !== ''))];
  return {
    title: `Use managed identity (${titles.join('; ')})`,
    strategy: 'passwordless',
    preferred: true,
    edits: merged,
    followUps: uniqueFollowUps(rewrites.flatMap((r) => r.followUps)).map((f) => (f.kind === 'grantRole' ? fitToCodeAccess(f, ctx.text) : f)),
    packages: unique(rewrites.flatMap((r) => r.packages), (p) => `${p.ecosystem}\0${p.name}`),
  };
}

function planEnvironmentRead(lang: CodeLanguage, ctx: RewriteContext, preferred: boolean): FixPlan | undefined {
  const { site, finding } = ctx;
  const hint = site.binding?.name ?? keyHint(site.value);
  const name = environmentName(finding, hint);
  const read = lang.environmentRead(name, ctx);
  const edits: TextEdit[] = [replace(rangeOf(site.value), read.expression), ...(read.edits ?? [])];
  edits.push(...lang.importEdits(ctx.root, ctx.text, read.imports, [], edits.map((e) => e.range)));
  const merged = foldInsertions(edits);
  if (!editsAreDisjoint(merged)) return undefined;
  merged.sort((a, b) => a.range.start - b.range.start);
  const followUps: FollowUp[] = [
    {
      kind: 'manualStep',
      title: `Set ${name} outside the code`,
      detail: `Set the environment variable ${name} locally (not in a committed file) and in the app's settings, preferably as a Key Vault reference: @Microsoft.KeyVault(VaultName=<vault>;SecretName=<secret-name>). Rotate the secret: it has been in source.`,
    },
  ];
  return { title: `Read the secret from the environment variable ${name}`, strategy: 'environmentRead', preferred, edits: merged, followUps, packages: [] };
}

/**
 * Calls that change data (upload, send, create, delete…): the identity needs a role that can write, so
 * a read-only role (Storage Blob Data Reader, Service Bus Data Receiver…) is not offered first.
 */
const writesData = new RegExp(
  '\\b(?:upload\\w*|stage_?block\\w*|commit_?block\\w*|append_?block\\w*' +
    '|create_?(?:if_?not_?exists|container|queue|table|entity|item|blob|directory|file|share|subdirectory)\\w*' +
    '|delete_?(?:if_?exists|blob|container|queue|table|entity|item|message|file|directory|share)\\w*' +
    '|set_?(?:metadata|properties|http_?headers|tags|access_?policy)\\w*' +
    '|send_?(?:messages?|batch|events?)\\w*|schedule_?messages?\\w*|enqueue\\w*' +
    '|(?:insert|replace|update)_?(?:entity|item)\\w*|upsert\\w*|submit_?transaction\\w*|(?:start|begin|sync)_?copy_?from_?ur[il]\\w*)\\s*\\(',
  'i',
);

function fitToCodeAccess(followUp: GrantRoleFollowUp, text: string): GrantRoleFollowUp {
  if (!writesData.test(text)) return followUp;
  const writers = followUp.roles.filter((r) => roleById(r.roleDefinitionId)?.access.includes('write'));
  return writers.length > 0 && writers.length < followUp.roles.length ? { ...followUp, roles: writers } : followUp;
}

/** The property or keyword name the value is assigned to (`password: "…"`, `api_key="…"`). */
function keyHint(value: SyntaxNode): string | undefined {
  for (let n: SyntaxNode | null = value, depth = 0; n && depth < 3; n = n.parent, depth++) {
    if (n.type === 'pair' || n.type === 'keyword_argument') {
      const key = n.childForFieldName('key') ?? n.childForFieldName('name');
      return key?.text.replace(/^["']|["']$/g, '');
    }
    if (n.type === 'assignment' || n.type === 'variable_declarator' || n.type === 'property_declaration') return n.childForFieldName('left')?.text ?? n.childForFieldName('name')?.text;
  }
  return undefined;
}

/**
 * An insertion at the very offset where a replacement starts (an import added at the top of a file whose first
 * statement is the removed variable) becomes part of that replacement, so the edits stay disjoint.
 */
function foldInsertions(edits: readonly TextEdit[]): TextEdit[] {
  const out = edits.filter((e) => e.range.start !== e.range.end);
  for (const ins of edits.filter((e) => e.range.start === e.range.end)) {
    const i = out.findIndex((e) => e.range.start === ins.range.start && e.range.start !== e.range.end);
    if (i >= 0) out[i] = { range: out[i].range, newText: ins.newText + out[i].newText };
    else out.push(ins);
  }
  return out;
}

/**
 * Two removals with only blank space between them (the secret's variable and the guard after it) become one,
 * so the blank line that separated them does not stay behind on its own.
 */
function coalesceRemovals(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && last.newText === '' && e.newText === '' && e.range.start >= last.range.end && /^\s*$/.test(text.slice(last.range.end, e.range.start))) {
      let end = e.range.end;
      // Whole lines between a blank line (or the file's start) and another blank line: one of the blanks goes too.
      const before = text.slice(Math.max(0, last.range.start - 200), last.range.start);
      const blankAfter = /^[ \t]*\r?\n/.exec(text.slice(end));
      if (blankAfter && /(?:^|\n)[ \t]*\r?\n$/.test(before) && (end === 0 || text[end - 1] === '\n')) end += blankAfter[0].length;
      out[out.length - 1] = { range: { start: last.range.start, end }, newText: '' };
    } else {
      out.push(e);
    }
  }
  return out;
}

function unique<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const i of items) if (!seen.has(key(i))) seen.set(key(i), i);
  return [...seen.values()];
}

function uniqueFollowUps(items: readonly FollowUp[]): FollowUp[] {
  return unique(items, (f) => (f.kind === 'grantRole' ? `g\0${f.resourceType}\0${f.resourceName ?? ''}\0${f.roles[0]?.roleDefinitionId ?? ''}` : `m\0${f.title}`));
}

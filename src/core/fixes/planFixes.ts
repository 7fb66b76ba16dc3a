/**
 * The fix planner's entry point: from a finding and its document, the plans that remove the secret,
 * preferred first. Pure (parsers are injected) and total: odd input yields `[]`, never an exception, so
 * the editor can simply show "no automatic fix".
 *
 * Extension points
 * - Code languages: implement `CodeLanguage` (src/core/fixes/code/codeLanguage.ts) in one module per
 *   language under `code/<language>/`, and map its language ids/extensions in `codeLanguages` below.
 *   A module supplies: the grammar to parse with, `findSite` (the string literal holding the secret and the
 *   variable it initialises), `rewrite` (one recipe per SDK construct: the use → edits, imports, follow-ups,
 *   packages), `importEdits` (merge/add/drop imports) and `environmentRead`. The shared driver
 *   (`code/planCodeFixes.ts`) rewrites every use of the secret, removes the variable when nothing else
 *   reads it, merges imports, checks the edits are disjoint and adds the environment-read fallback.
 * - Shared helpers: `code/syntax.ts` (closest ancestor, value parent, identifier references by name),
 *   `code/textEdits.ts` (whole-line removal, indentation, insertion), `code/connectionInfo.ts` (account,
 *   namespace, endpoint from the finding or the connection string), `code/followUps.ts` (roles and steps
 *   outside ARM), `code/environmentName.ts` (the variable an environment read uses).
 * - Config files (JSON, .env, YAML, .properties) are planned by `config/planConfigFixes.ts`.
 */
import { planConfigFixes } from './config/planConfigFixes';
import type { Finding } from '../secrets/types';
import type { CodeLanguage } from './code/codeLanguage';
import { cSharpLanguage } from './code/csharp/planCSharp';
import { goLanguage } from './code/go/planGo';
import { javaLanguage } from './code/java/planJava';
import { javaScriptLanguage, typeScriptLanguage } from './code/javascript/planJavaScript';
import { withLineEndings } from './code/textEdits';
import { planCodeFixes } from './code/planCodeFixes';
import { pythonLanguage } from './code/python/planPython';
import type { FixDocument, FixLanguage, FixPlan, PlanContext } from './types';

const extensionLanguages: [RegExp, FixLanguage][] = [
  [/\.(c|m)?tsx?$/i, 'typescript'],
  [/\.(c|m)?jsx?$/i, 'javascript'],
  [/\.pyw?$/i, 'python'],
  [/\.cs$/i, 'csharp'],
  [/\.java$/i, 'java'],
  [/\.go$/i, 'go'],
  [/(^|\/)\.env(\.[^/]*)?$|\.env$/i, 'dotenv'],
  [/\.jsonc$/i, 'jsonc'],
  [/\.json$/i, 'json'],
  [/\.ya?ml$/i, 'yaml'],
  [/\.properties$/i, 'properties'],
];

const knownIds = new Set<string>([
  'javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'python', 'csharp', 'java', 'go',
  'json', 'jsonc', 'dotenv', 'yaml', 'properties',
]);

/** The planner language of a document: its language id when we know it, else its file extension. */
export function fixLanguageOf(doc: FixDocument): FixLanguage | undefined {
  if (doc.languageId && knownIds.has(doc.languageId)) return doc.languageId as FixLanguage;
  const path = (doc.path ?? '').replace(/\\/g, '/');
  if (doc.languageId === 'ini' && /\.env/i.test(path)) return 'dotenv';
  return extensionLanguages.find(([re]) => re.test(path))?.[1];
}

function codeLanguage(language: FixLanguage, doc: FixDocument): CodeLanguage | undefined {
  switch (language) {
    case 'typescript':
    case 'typescriptreact':
      return typeScriptLanguage;
    case 'javascript':
    case 'javascriptreact':
      // ES modules by extension prefer `import`; plain .js files follow what the file already uses.
      return /\.mjs$/i.test(doc.path ?? '') ? typeScriptLanguage : javaScriptLanguage;
    case 'python':
      return pythonLanguage;
    case 'csharp':
      return cSharpLanguage;
    case 'java':
      return javaLanguage;
    case 'go':
      return goLanguage;
    default:
      return undefined;
  }
}

/**
 * Plans the fixes for one finding, preferred first (at most one plan has `preferred: true`). Returns `[]`
 * when the language is not supported or the secret's construct is not recognised and cannot be replaced.
 */
export function planFixes(doc: FixDocument, finding: Finding, context: PlanContext): FixPlan[] {
  try {
    const language = fixLanguageOf(doc);
    if (!language) return [];
    const code = codeLanguage(language, doc);
    const plans = code
      ? planCodeFixes(code, doc, finding, context)
      : language === 'json' || language === 'jsonc' || language === 'dotenv' || language === 'yaml' || language === 'properties'
        ? planConfigFixes(doc, finding, context)
        : [];
    return plans.map((plan) => ({ ...plan, edits: withLineEndings(doc.text, plan.edits) }));
  } catch {
    // A planner bug must not break the editor: no plan is better than a thrown quick-fix provider.
    return [];
  }
}


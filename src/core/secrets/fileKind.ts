import type { ScanOptions } from './types';

/** The file types the engine treats differently. */
export type FileKind =
  | 'javascript'
  | 'python'
  | 'csharp'
  | 'java'
  | 'go'
  | 'json'
  | 'notebook'
  | 'env'
  | 'yaml'
  | 'properties'
  | 'bicep'
  | 'terraform'
  | 'markdown'
  | 'text';

const byLanguageId: Record<string, FileKind> = {
  javascript: 'javascript', javascriptreact: 'javascript', typescript: 'javascript', typescriptreact: 'javascript', vue: 'javascript',
  python: 'python', csharp: 'csharp', java: 'java', kotlin: 'java', scala: 'java', go: 'go',
  json: 'json', jsonc: 'json', jupyter: 'notebook', dotenv: 'env', shellscript: 'env', powershell: 'env',
  yaml: 'yaml', 'github-actions-workflow': 'yaml', dockercompose: 'yaml', properties: 'properties', ini: 'properties', toml: 'properties',
  bicep: 'bicep', terraform: 'terraform', markdown: 'markdown', plaintext: 'text',
};

const byExtension: Record<string, FileKind> = {
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript', ts: 'javascript', mts: 'javascript', cts: 'javascript', tsx: 'javascript', vue: 'javascript',
  py: 'python', pyw: 'python', cs: 'csharp', csx: 'csharp', vb: 'csharp', java: 'java', kt: 'java', kts: 'java', scala: 'java', groovy: 'java', go: 'go',
  json: 'json', jsonc: 'json', ipynb: 'notebook', env: 'env', sh: 'env', bash: 'env', ps1: 'env', cmd: 'env', bat: 'env',
  yaml: 'yaml', yml: 'yaml', properties: 'properties', ini: 'properties', cfg: 'properties', conf: 'properties', toml: 'properties', config: 'text', xml: 'text',
  bicep: 'bicep', bicepparam: 'bicep', tf: 'terraform', tfvars: 'terraform', hcl: 'terraform', md: 'markdown', markdown: 'markdown',
};

/** Picks the file type from the language id (which wins) or the path; `text` when unknown. */
export function fileKindOf(options: Pick<ScanOptions, 'path' | 'languageId'>): FileKind {
  const fromLanguage = options.languageId ? byLanguageId[options.languageId.toLowerCase()] : undefined;
  if (fromLanguage) return fromLanguage;
  const path = options.path ?? '';
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'env';
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? byExtension[name.slice(dot + 1)] : undefined) ?? 'text';
}

/** Code files, where a bare identifier after `password =` is a variable, not a value. */
export function isCodeKind(kind: FileKind): boolean {
  return kind === 'javascript' || kind === 'python' || kind === 'csharp' || kind === 'java' || kind === 'go' || kind === 'bicep' || kind === 'terraform';
}

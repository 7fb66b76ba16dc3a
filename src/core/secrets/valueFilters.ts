/**
 * Checks on a candidate secret value that reject what cannot be a live credential: placeholders and
 * templating, environment and configuration reads, Key Vault references, obvious fakes and low entropy.
 * All are linear in the value's length (values are bounded by the detectors, at most a few hundred chars).
 */

const templating =
  /\$\{|\$\(|\{\{|\}\}|#\{|%[A-Za-z_][A-Za-z0-9_.-]*%|^\$[A-Za-z_]|^@[A-Za-z_]+@$|\{env:|\{\d+\}|\{[A-Za-z_][\w.]*\}|<[A-Za-z_ .-]*>|^[<[]|[>\]]$/;
const references =
  /^(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|Environment\.|System\.getenv|env\.|ENV\[|secrets\.|vars\.|config\.|settings\.|\$env:)|@Microsoft\.KeyVault|^@?Microsoft\.KeyVault|getenv\(|GetEnvironmentVariable|keyvault\(|secretRef/i;
const fakes = /x{4,}|\*{3,}|\.{3}|…|#{4,}|_{4,}|-{4,}/i;
const fakeWords =
  /your[_-]?(?:password|pass|pwd|key|secret|account|storage|token|api|client)|replace[_-]?(?:me|with|this)|change[_-]?me|changeit|insert[_-]?|fill[_-]?in|placeholder|redacted|dummy|fake[_-]?|example|sample[_-]?(?:key|password|secret)|not[_-]?a[_-]?(?:real|secret)|do[_-]?not[_-]?use|lorem|foobar/i;
const fakeValues =
  /^(?:changeme|password\d*|passw0rd|p@ssw0rd|p@ssword|secret|test|testing|tests|pass|pwd|admin|root|sa|user|username|guest|demo|none|null|nil|undefined|true|false|string|value|key|token|todo|tbd|empty|default|local|dev|mypassword|mysecret|letmein|qwerty\d*|123456\d*|\*+|-+)$/i;

/** A name standing in for a credential: letters only, naming what belongs there (`SASKey`, `AccountKey`, `dbPassword`). */
const credentialName = /^[A-Za-z_-]{2,40}$/;
const credentialWord = /key|pass|pwd|secret|token|sas|cred/i;

/** Values that are not secrets: placeholders, templates, references, obvious fakes. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (templating.test(v) || references.test(v)) return true;
  if (fakes.test(v) || fakeWords.test(v) || fakeValues.test(v)) return true;
  if (credentialName.test(v) && credentialWord.test(v)) return true;
  return isRepetitive(v);
}

/** Repeated or sequential characters: `aaaaaa`, `abcdefgh`, `12345678`, `abcabcabc`. */
export function isRepetitive(value: string): boolean {
  let repeat = 1;
  let ascending = 1;
  let descending = 1;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    repeat = d === 0 ? repeat + 1 : 1;
    ascending = d === 1 ? ascending + 1 : 1;
    descending = d === -1 ? descending + 1 : 1;
    if (repeat >= 6 || ascending >= 6 || descending >= 6) return true;
  }
  if (value.length >= 8) {
    const distinct = new Set(value).size;
    if (distinct <= 2 || (value.length >= 16 && distinct <= 4)) return true;
  }
  return false;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** A URL (`https://login.microsoftonline.com/…`): an address, not a secret, whatever its setting is called. */
export function isUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]{1,15}:\/\//i.test(value);
}

/**
 * Code that reads a value (`ConfigurationManager.AppSettings[`, `config.get(`, `Settings.Default.ClientSecret`):
 * a dotted path of identifiers, optionally opening an index or a call. `next` is the character after the value.
 */
export function isCodeReference(value: string, next = ''): boolean {
  if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+[[(]?$/.test(value)) return false;
  return /[[(]$/.test(value) || next === '[' || next === '(' || !/\d/.test(value);
}

/**
 * A long key with a keyboard run or a word spliced into it (`…qwerty…`, `…SampleKey…`): what documentation
 * writes in place of a key. A random base64 key holds such a run by chance about once in millions.
 */
export function isDocumentationSample(value: string): boolean {
  return value.length >= 32 && /qwerty|asdfgh|zxcvbn|lorem|ipsum|helloworld|secret|password|mykey|yourkey|testkey|fakekey|samplekey/i.test(value);
}

/** A GUID (application or tenant id): never a secret by itself. */
export function isGuid(value: string): boolean {
  return /^[{(]?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[)}]?$/i.test(value);
}

/** A password worth reporting when the host is not a known Azure host: long enough and not a word. */
export function looksLikeRealPassword(value: string): boolean {
  if (value.length < 8 || isPlaceholder(value)) return false;
  let classes = 0;
  if (/[a-z]/.test(value)) classes++;
  if (/[A-Z]/.test(value)) classes++;
  if (/[0-9]/.test(value)) classes++;
  if (/[^A-Za-z0-9]/.test(value)) classes++;
  return classes >= 2 && shannonEntropy(value) >= 2.5;
}

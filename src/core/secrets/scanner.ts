import { prefilterKeywords, ruleCatalog } from './catalog';
import type { Candidate, Detector, ScanWindow } from './detectorSupport';
import { enclosingConstruct, lineAround } from './detectorSupport';
import { detectors, isEmulator, passesValueFilters } from './detectors';
import { isDocumentationSample } from './valueFilters';
import { type FileKind, fileKindOf, isCodeKind } from './fileKind';
import { fingerprint } from './fingerprint';
import { createKeywordSearch } from './keywordSearch';
import { redact } from './redact';
import type { AzureService, Finding, RuleMetadata, ScanOptions, Severity } from './types';

export { fingerprint } from './fingerprint';
export { redact } from './redact';
export { isPlaceholder } from './valueFilters';

/**
 * The detection engine. Pure: text in, findings out.
 *
 * 1. One case-insensitive pass finds every hit of `prefilterKeywords` (keywordSearch.ts).
 * 2. Each detector runs only on bounded windows around hits of its own triggers (merged when they
 *    overlap), so a text without keywords costs one pass, and a 50 MB minified line costs one pass plus
 *    work proportional to the keyword hits, never a regular expression over the whole line.
 * 3. Candidates go through the value filters (placeholders, templating, references, entropy), then
 *    overlapping candidates are resolved in favour of the most specific rule, then disabled rules,
 *    inline suppressions and the baseline are applied.
 */

const rules = new Map(ruleCatalog.map((r) => [r.id, r]));
const ruleIdsByName = new Map(ruleCatalog.map((r) => [r.name, r.id]));

/** The single keyword pass (WebAssembly SIMD where available, else one regular expression). */
const keywordSearch = createKeywordSearch(prefilterKeywords);

/** For each prefilter keyword: the detectors whose triggers contain it, and where. */
interface TriggerUse {
  readonly detector: number;
  readonly trigger: string;
  readonly offset: number;
}
const usesByKeyword = new Map<string, TriggerUse[]>();
detectors.forEach((detector, index) => {
  for (const trigger of detector.triggers) {
    const keyword = prefilterKeywords.find((k) => trigger.includes(k));
    if (keyword === undefined) throw new Error(`trigger "${trigger}" has no prefilter keyword`);
    const uses = usesByKeyword.get(keyword) ?? [];
    uses.push({ detector: index, trigger, offset: trigger.indexOf(keyword) });
    usesByKeyword.set(keyword, uses);
  }
});

/** Calls `hit` for every keyword hit in a text, in increasing offset order. */
type KeywordHits = (hit: (index: number, keyword: string) => void) => void;

/** True when `text` has `lower` (lower-case ASCII) at `start`, ignoring ASCII case; allocates nothing. */
function hasAt(text: string, start: number, lower: string): boolean {
  if (start < 0 || start + lower.length > text.length) return false;
  for (let i = 0; i < lower.length; i++) {
    const c = text.charCodeAt(start + i);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** Half-open [start, end) windows per detector, merged and sorted. */
function windowsFor(text: string, hits: KeywordHits, code: boolean): Map<number, number[]> {
  const raw = new Map<number, number[]>();
  hits((index, keyword) => {
    const uses = usesByKeyword.get(keyword);
    if (!uses) return;
    for (const use of uses) {
      const start = index - use.offset;
      if (use.trigger.length !== keyword.length && !hasAt(text, start, use.trigger)) continue;
      const detector = detectors[use.detector];
      const followedBy = code ? (detector.followedByInCode ?? detector.followedBy) : detector.followedBy;
      if (followedBy !== undefined) {
        followedBy.lastIndex = start + use.trigger.length;
        if (!followedBy.test(text)) continue;
      }
      let list = raw.get(use.detector);
      if (list === undefined) raw.set(use.detector, (list = []));
      list.push(Math.max(0, start - detector.before), Math.min(text.length, start + use.trigger.length + detector.after));
    }
  });
  for (const [index, list] of raw) raw.set(index, mergeWindows(list));
  return raw;
}

/** Merges overlapping [start, end) pairs of a flat list, which is almost always sorted already. */
function mergeWindows(flat: number[]): number[] {
  let sorted = true;
  for (let i = 2; i < flat.length && sorted; i += 2) sorted = flat[i - 2] <= flat[i];
  if (!sorted) {
    const pairs: [number, number][] = [];
    for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
    pairs.sort((a, b) => a[0] - b[0]);
    flat = pairs.flat();
  }
  const merged: number[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const last = merged.length - 1;
    if (last > 0 && flat[i] <= merged[last]) merged[last] = Math.max(merged[last], flat[i + 1]);
    else merged.push(flat[i], flat[i + 1]);
  }
  return merged;
}

/** Decoded values are scanned as a `.env` file of `NAME=value` lines (never as YAML: no second decoding). */
const scanDecoded = (text: string): Finding[] => scanText(text, { path: 'decoded.env' });

function runDetector(detector: Detector, text: string, bounds: number[], kind: FileKind, out: Candidate[]): void {
  for (let i = 0; i < bounds.length; i += 2) {
    const window: ScanWindow = { text, start: bounds[i], end: bounds[i + 1], slice: text.slice(bounds[i], bounds[i + 1]), kind, scanDecoded };
    detector.find(window, out);
  }
}

/**
 * Resolves overlapping candidates: within each cluster of overlapping secret ranges the candidate
 * with the lowest priority (most specific rule) is taken first, then any that do not overlap it.
 */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => a.secret.start - b.secret.start || a.priority - b.priority);
  const kept: Candidate[] = [];
  let cluster: Candidate[] = [];
  let clusterEnd = -1;
  const flush = () => {
    if (cluster.length === 1) kept.push(cluster[0]);
    else if (cluster.length > 1) {
      const chosen: Candidate[] = [];
      for (const c of [...cluster].sort((a, b) => a.priority - b.priority || a.secret.start - b.secret.start)) {
        if (!chosen.some((k) => c.secret.start < k.secret.end && k.secret.start < c.secret.end)) chosen.push(c);
      }
      kept.push(...chosen.sort((a, b) => a.secret.start - b.secret.start));
    }
    cluster = [];
  };
  for (const c of candidates) {
    if (c.secret.start >= clusterEnd) {
      flush();
      clusterEnd = c.secret.end;
    } else {
      clusterEnd = Math.max(clusterEnd, c.secret.end);
    }
    cluster.push(c);
  }
  flush();
  return kept;
}

const suppressSameLine = /mi-scan:ignore|gitleaks:allow|pragma:\s*allowlist\s+secret/i;
const suppressFromLineBefore = /mi-scan:ignore|pragma:\s*allowlist\s+nextline\s+secret/i;
const lineLimit = 4000;

/** Inline suppressions on the secret's line, or (for the next-line forms) on the line before. */
function suppressed(text: string, offset: number, cache: Map<number, boolean>): boolean {
  const line = lineAround(text, offset, lineLimit);
  const known = cache.get(line.start);
  if (known !== undefined) return known;
  let result = suppressSameLine.test(text.slice(line.start, line.end));
  if (!result && line.start > 0 && (text[line.start - 1] === '\n' || text[line.start - 1] === '\r')) {
    const previous = lineAround(text, line.start - 1, lineLimit);
    result = suppressFromLineBefore.test(text.slice(previous.start, previous.end));
  }
  cache.set(line.start, result);
  return result;
}

const alternatives: Record<AzureService, string> = {
  storage: 'use the account endpoint with DefaultAzureCredential and a managed identity that has a Storage data role',
  serviceBus: 'use the namespace with DefaultAzureCredential and a managed identity that has Azure Service Bus Data Sender/Receiver',
  eventHubs: 'use the namespace with DefaultAzureCredential and a managed identity that has Azure Event Hubs Data Sender/Receiver',
  relay: 'use Microsoft Entra authentication with a managed identity that has Azure Relay Sender/Listener',
  cosmosDb: 'use DefaultAzureCredential (aadCredentials) and a managed identity with a Cosmos DB data-plane role',
  sql: 'use Authentication=Active Directory Default with a managed identity created as a database user',
  postgresql: 'use an Entra token for a managed identity as the password',
  mysql: 'use an Entra token for a managed identity as the password',
  entraId: 'use a managed identity, or a federated credential from CI, instead of a client secret',
  redis: 'enable Entra authentication on the cache and connect with a managed identity',
  appConfiguration: 'use the endpoint with DefaultAzureCredential and a managed identity that has App Configuration Data Reader',
  openAi: 'use DefaultAzureCredential with a bearer token provider and a managed identity that has Cognitive Services OpenAI User',
  aiServices: 'use DefaultAzureCredential and a managed identity that has Cognitive Services User',
  search: 'use DefaultAzureCredential and a managed identity that has Search Index Data Reader/Contributor',
  containerRegistry: 'pull with a managed identity that has AcrPull and disable the admin user',
  functions: 'protect the function with App Service authentication and call it with a managed identity token',
  signalR: 'use AuthType=azure.msi with a managed identity that has SignalR App Server',
  webPubSub: 'use DefaultAzureCredential and a managed identity that has Web PubSub Service Owner',
  eventGrid: 'use DefaultAzureCredential and a managed identity that has EventGrid Data Sender',
  apiManagement: 'protect the API with Microsoft Entra (validate-jwt) and call it with a managed identity token',
  iotHub: 'call the IoT Hub service APIs with DefaultAzureCredential and a managed identity that has an IoT Hub data role; devices authenticate with X.509 certificates through DPS',
  batch: 'authenticate to Batch with DefaultAzureCredential and a managed identity that has a Batch role',
  machineLearning: 'call the endpoint with a Microsoft Entra token for a managed identity (aad_token authentication)',
  communicationServices: 'use the endpoint with DefaultAzureCredential and a managed identity that has a Communication Services role',
  other: 'use a managed identity, or read the secret from Key Vault at run time',
};

/** A value everyone can know: a public emulator key (or signed with one), or a documentation sample. */
type PublicValue = 'emulator' | 'sample' | undefined;

function messageFor(rule: RuleMetadata, service: AzureService, publicValue: PublicValue): string {
  if (publicValue === 'emulator') return `${rule.shortDescription}: this is a public emulator key, harmless locally; against Azure, use a managed identity.`;
  if (publicValue === 'sample') return `${rule.shortDescription}: this looks like a documentation sample (a word or keyboard run inside the key); if it is real, ${alternatives[service]}.`;
  return `Hardcoded ${rule.shortDescription}: ${alternatives[service]}.`;
}

/** A whole-line comment: `# previous key1: …`, `// old: …`, ` * …`, `-- …`, `<!-- …`, `REM …`. */
const commentLine = /^\s*(?:#|\/\/|\/\*|\*|--|<!--|;|REM\s)/i;

/**
 * True when the secret sits on a commented-out line of a file that has comments (not Markdown or plain text):
 * an old key kept "for reference" is still valid until rotated, so it is reported, as a warning.
 */
function inComment(text: string, offset: number, kind: FileKind): boolean {
  if (kind === 'markdown' || kind === 'text' || kind === 'json' || kind === 'notebook') return false;
  const line = lineAround(text, offset, lineLimit);
  return commentLine.test(text.slice(line.start, offset));
}

function severityFor(rule: RuleMetadata, candidate: Candidate, publicValue: PublicValue, commented: boolean): Severity {
  if (publicValue) return 'info';
  if (commented && rule.defaultSeverity === 'error') return 'warning';
  if (candidate.confidence === 'high') return rule.defaultSeverity;
  return rule.defaultSeverity === 'info' ? 'info' : 'warning';
}

/**
 * Finds hardcoded Azure secrets in `text`. Findings are sorted by position, one per secret value
 * occurrence (the most specific rule wins). `options.path` / `options.languageId` pick the file type.
 */
export function scanText(text: string, options: ScanOptions = {}): Finding[] {
  if (text.length === 0) return [];
  return scanWithHits(text, options, (hit) => keywordSearch.forEach(text, hit));
}

const byteSearch = keywordSearch.bytes;

/**
 * Memory a caller may read a file's bytes into, to scan them there with `scanBytes`; undefined where
 * WebAssembly SIMD is not available (then decode and use `scanText`).
 */
export const scanBytesInput: Uint8Array | undefined = byteSearch?.input;

/**
 * Scans UTF-8 text held in `scanBytesInput[start, end)` without decoding it first: the keyword pass
 * runs on the bytes in place and only a text with keyword hits is decoded. ASCII bytes are decoded by
 * `decodeAscii` (the caller has the fastest way to turn ASCII bytes into a string); other bytes by
 * `decodeUtf8`, which returns undefined, to decline them, unless they are valid UTF-8. Without
 * `decodeUtf8`, or when it declines, returns undefined, and the caller decodes the text itself and
 * calls `scanText`. Same findings as `scanText` on the decoded text.
 */
export function scanBytes(
  start: number,
  end: number,
  options: ScanOptions,
  decodeAscii: (start: number, end: number) => string,
  decodeUtf8?: (start: number, end: number) => string | undefined,
): Finding[] | undefined {
  if (byteSearch === undefined) return undefined;
  if (decodeUtf8 === undefined) {
    // Non-ASCII bytes are declined before any hit is collected.
    return scanCollectedHits((hit) => byteSearch.forEach(start, end, hit) || undefined, options, () => decodeAscii(start, end), () => undefined);
  }
  return scanCollectedHits((hit) => byteSearch.forEachUtf8(start, end, hit), options, () => decodeAscii(start, end), () => decodeUtf8(start, end));
}

/**
 * `scanBytes` for UTF-8 text held anywhere else, of any length (a file too large for `scanBytesInput`,
 * which this overwrites): the keyword pass copies the bytes into the engine's memory a chunk at a time,
 * and only a text with keyword hits is decoded, by `decodeAscii` or `decodeUtf8` as in `scanBytes`.
 * Undefined where WebAssembly SIMD is not available, or when `decodeUtf8` declines.
 */
export function scanBuffer(bytes: Uint8Array, options: ScanOptions, decodeAscii: () => string, decodeUtf8: () => string | undefined): Finding[] | undefined {
  if (byteSearch === undefined) return undefined;
  return scanCollectedHits((hit) => byteSearch.forEachUtf8In(bytes, hit), options, decodeAscii, decodeUtf8);
}

/**
 * Collects the keyword hits `search` reports (it returns whether the text is ASCII, or undefined to
 * decline it), then decodes the text and scans it, unless there is no hit.
 */
function scanCollectedHits(
  search: (hit: (index: number, keyword: string) => void) => boolean | undefined,
  options: ScanOptions,
  decodeAscii: () => string,
  decodeUtf8: () => string | undefined,
): Finding[] | undefined {
  const offsets: number[] = [];
  const keywords: string[] = [];
  const ascii = search((index, keyword) => {
    offsets.push(index);
    keywords.push(keyword);
  });
  if (ascii === undefined) return undefined;
  if (offsets.length === 0) return [];
  const text = ascii ? decodeAscii() : decodeUtf8();
  if (text === undefined) return undefined;
  return scanWithHits(text, options, (hit) => {
    for (let i = 0; i < offsets.length; i++) hit(offsets[i], keywords[i]);
  });
}

function scanWithHits(text: string, options: ScanOptions, hits: KeywordHits): Finding[] {
  const kind = fileKindOf(options);
  const windows = windowsFor(text, hits, isCodeKind(kind));
  if (windows.size === 0) return [];
  const candidates: Candidate[] = [];
  for (const [index, bounds] of windows) runDetector(detectors[index], text, bounds, kind, candidates);
  const plausible = candidates.filter((c) => passesValueFilters(c, text.slice(c.secret.start, c.secret.end)));
  const disabled = options.disabledRules;
  const findings: Finding[] = [];
  const suppressions = new Map<number, boolean>();
  for (const candidate of resolveOverlaps(plausible)) {
    const rule = rules.get(candidate.ruleId);
    if (!rule) continue;
    if (disabled && (disabled.has(rule.id) || disabled.has(rule.name) || disabled.has(ruleIdsByName.get(rule.name) ?? ''))) continue;
    if (suppressed(text, candidate.secret.start, suppressions)) continue;
    const secret = text.slice(candidate.secret.start, candidate.secret.end);
    const print = fingerprint(rule.id, secret);
    if (options.baseline?.has(print)) continue;
    const publicValue: PublicValue =
      (candidate.emulator ?? isEmulator(text, candidate.secret)) ? 'emulator' : !candidate.verified && isDocumentationSample(secret) ? 'sample' : undefined;
    findings.push({
      ruleId: rule.id,
      service: candidate.service,
      kind: candidate.kind,
      severity: severityFor(rule, candidate, publicValue, inComment(text, candidate.secret.start, kind)),
      confidence: publicValue ? 'low' : candidate.confidence,
      secretRange: candidate.secret,
      constructRange: candidate.construct ?? enclosingConstruct(text, candidate.secret),
      extracted: candidate.extracted ?? {},
      preview: redact(secret),
      fingerprint: print,
      message: messageFor(rule, candidate.service, publicValue),
    });
  }
  return findings;
}

import { createHash } from 'node:crypto';
import { prefilterKeywords, ruleCatalog } from './catalog';
import type { AzureService, Confidence, Extracted, Finding, OffsetRange, RuleMetadata, ScanOptions, SecretKind, Severity } from './types';

/**
 * The detection engine. Pure: text in, findings out.
 *
 * Each detector is a regular expression with bounded repetition (no nested quantifiers over overlapping
 * classes, so matching stays linear) that requires one of `prefilterKeywords` literally; detectors whose
 * keyword is absent from the text are not run at all. Candidate values then pass the false-positive
 * filters: placeholders and templating, low entropy, inline suppressions, public emulator keys (reported
 * as information only), the baseline and disabled rules.
 */

interface Candidate {
  ruleId: string;
  service: AzureService;
  kind: SecretKind;
  confidence: Confidence;
  secret: OffsetRange;
  construct?: OffsetRange;
  extracted?: Extracted;
  /** Lower runs first and wins when two detectors report the same secret. */
  priority: number;
  /** Skip the entropy floor (passwords, identifiable keys with fixed signatures). */
  noEntropy?: boolean;
}

interface Detector {
  keywords: readonly string[];
  find(text: string, out: Candidate[]): void;
}

const rules = new Map(ruleCatalog.map((r) => [r.id, r]));
const keywordPatterns = new Map(prefilterKeywords.map((k) => [k, new RegExp(k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i')]));

/** The Azurite development account key and the Cosmos DB emulator key: public, documented, harmless. */
const publicEmulatorKeys = new Set([
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
]);

const b64 = 'A-Za-z0-9+/';
/** Boundary for base64 values: not preceded/followed by another base64 character. */
const nb = `(?<![${b64}])`;
const na = `(?![${b64}=])`;

function re(source: string, flags = 'g'): RegExp {
  return new RegExp(source, flags);
}

/** Runs `pattern` over the text; `group` is the secret's capture group (needs the `d` flag). */
function each(pattern: RegExp, text: string, visit: (m: RegExpExecArray, secret: OffsetRange) => void, group = 1): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const indices = m.indices?.[group];
    if (indices) visit(m, { start: indices[0], end: indices[1] });
    if (m[0].length === 0) pattern.lastIndex++;
  }
}

/** Looks for `pattern` within `radius` characters around `at`; returns the first capture. */
function near(text: string, at: number, radius: number, pattern: RegExp): string | undefined {
  const window = text.slice(Math.max(0, at - radius), Math.min(text.length, at + radius));
  return pattern.exec(window)?.[1];
}

/** The enclosing string / setting value: widened to the nearest quote or line break on both sides. */
function enclosing(text: string, range: OffsetRange): OffsetRange {
  const limit = 2000;
  let start = range.start;
  const stopAt = (ch: string) => ch === '"' || ch === "'" || ch === '`' || ch === '\n';
  while (start > 0 && range.start - start < limit && !stopAt(text[start - 1] ?? '\n')) start--;
  let end = range.end;
  while (end < text.length && end - range.end < limit && !stopAt(text[end] ?? '\n')) end++;
  // Include the quotes of a string literal.
  const open = text[start - 1];
  if ((open === '"' || open === "'" || open === '`') && text[end] === open) return { start: start - 1, end: end + 1 };
  return { start, end };
}

const base64Char = /[A-Za-z0-9+/]/;

/**
 * 88-character base64 keys (`[A-Za-z0-9+/]{86}==`), found by jumping between `==` occurrences rather than
 * trying a long character class at every position: several times faster on ordinary code.
 */
function* base64Keys88(text: string): Generator<OffsetRange> {
  for (let end = text.indexOf('==', 86); end !== -1; end = text.indexOf('==', end + 2)) {
    const start = end - 86;
    if (start < 0) continue;
    const after = text[end + 2];
    if (after !== undefined && (after === '=' || base64Char.test(after))) continue;
    if (start > 0 && base64Char.test(text[start - 1] ?? '')) continue;
    let ok = true;
    for (let i = end - 1; i >= start; i--) {
      const c = text.charCodeAt(i);
      const isB64 = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
      if (!isB64) {
        ok = false;
        break;
      }
    }
    if (ok) yield { start, end: end + 2 };
  }
}

/** The text on the same line before `offset`, at most `max` characters. */
function lineBefore(text: string, offset: number, max: number): string {
  const from = Math.max(0, offset - max);
  const newline = text.lastIndexOf('\n', offset - 1);
  return text.slice(Math.max(from, newline + 1), offset);
}

const identifiable: { sig: string; pattern: string; ruleId: string; service: AzureService; kind: SecretKind }[] = [
  { sig: '+ast', pattern: `${nb}([${b64}]{76}\\+ASt[${b64}]{5}[AQgw]==)${na}`, ruleId: 'MI002', service: 'storage', kind: 'accountKey' },
  { sig: 'acdb', pattern: `${nb}([${b64}]{76}ACDb[${b64}]{5}[AQgw]==)${na}`, ruleId: 'MI005', service: 'cosmosDb', kind: 'accountKey' },
  { sig: '+asb', pattern: `${nb}([${b64}]{33}\\+ASb[A-P][${b64}]{5}=)${na}`, ruleId: 'MI004', service: 'serviceBus', kind: 'sharedAccessKey' },
  { sig: '+aeh', pattern: `${nb}([${b64}]{33}\\+AEh[A-P][${b64}]{5}=)${na}`, ruleId: 'MI004', service: 'eventHubs', kind: 'sharedAccessKey' },
  { sig: '+arm', pattern: `${nb}([${b64}]{33}\\+ARm[A-P][${b64}]{5}=)${na}`, ruleId: 'MI004', service: 'relay', kind: 'sharedAccessKey' },
  { sig: 'azca', pattern: `${nb}([${b64}]{33}AzCa[A-P][${b64}]{5}=)${na}`, ruleId: 'MI008', service: 'redis', kind: 'accessKey' },
  { sig: 'azeg', pattern: `${nb}([${b64}]{33}AZEG[A-P][${b64}]{5}=)${na}`, ruleId: 'MI014', service: 'eventGrid', kind: 'accessKey' },
  { sig: '+acr', pattern: `${nb}([${b64}]{42}\\+ACR[A-D][${b64}]{5})${na}`, ruleId: 'MI011', service: 'containerRegistry', kind: 'registryPassword' },
  { sig: 'azfu', pattern: '(?<![A-Za-z0-9_\\-])([A-Za-z0-9_\\-]{44}AzFu[A-Za-z0-9_\\-]{5}[AQgw]==)(?![A-Za-z0-9_\\-=])', ruleId: 'MI012', service: 'functions', kind: 'functionKey' },
  { sig: 'azse', pattern: '(?<![A-Za-z0-9])([A-Za-z0-9]{42}AzSe[A-D][A-Za-z0-9]{5})(?![A-Za-z0-9])', ruleId: 'MI010', service: 'search', kind: 'apiKey' },
];

const detectors: Detector[] = [
  ...identifiable.map(
    (d): Detector => ({
      keywords: [d.sig],
      find(text, out) {
        each(re(d.pattern, 'gd'), text, (_m, secret) => {
          out.push({ ruleId: d.ruleId, service: d.service, kind: d.kind, confidence: 'high', secret, priority: 0, noEntropy: true, extracted: contextFor(text, secret.start) });
        });
      },
    }),
  ),
  {
    // 88-character account keys: in connection strings (AccountKey=...) or next to a key name.
    keywords: ['key'],
    find(text, out) {
      for (const secret of base64Keys88(text)) {
        const before = lineBefore(text, secret.start, 120);
        if (/(?:Account|Storage|Shared)Key\s*=\s*$/i.test(before)) {
          connectionStringKey(text, secret, out);
        } else if (/(?:account[_.-]?key|storage[_.-]?key|access[_.-]?key|primary[_.-]?key|master[_.-]?key|cosmos[_.-]?key|StorageSharedKeyCredential|AzureNamedKeyCredential|\bkey)[^\n]{0,80}$/i.test(before)) {
          bareAccountKey(text, secret, out);
        }
      }
    },
  },
  {
    // SAS tokens: sig=<signature> in a query that also carries sv= and se= / sp=.
    keywords: ['sig='],
    find(text, out) {
      each(re('[?&;]sig=([A-Za-z0-9%+/]{40,129}(?:=|%3D){0,2})', 'gdi'), text, (m, secret) => {
        const query = text.slice(Math.max(0, m.index - 600), Math.min(text.length, secret.end + 300));
        if (!/[?&;]sv=\d{4}-\d{2}-\d{2}/i.test(query) || !/[?&;](?:se|sp|srt|ss)=/i.test(query)) return;
        const accountName = near(text, secret.start, 600, /([a-z0-9]{3,24})\.(?:blob|queue|table|file|dfs)\.core\./i);
        out.push({ ruleId: 'MI003', service: 'storage', kind: 'sasToken', confidence: 'high', secret, priority: 3, noEntropy: true, extracted: accountName ? { accountName } : {} });
      });
    },
  },
  {
    // Service Bus / Event Hubs / Relay: SharedAccessKey=<44 base64>.
    keywords: ['key'],
    find(text, out) {
      each(re(`SharedAccessKey\\s*=\\s*([${b64}]{42,43}=)${na}`, 'gdi'), text, (_m, secret) => {
        const namespace = near(text, secret.start, 400, /sb:\/\/([a-z0-9][a-z0-9-]{4,48}\.servicebus\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net|cloudapi\.de))/i);
        const entityPath = near(text, secret.start, 300, /EntityPath\s*=\s*([A-Za-z0-9._\/-]{1,260})/i);
        const around = text.slice(Math.max(0, secret.start - 600), secret.start + 300).toLowerCase();
        const eventHubs = entityPath !== undefined && /event[_-]?hub|eventhub|eh[_-]/.test(around);
        out.push({
          ruleId: 'MI004', service: eventHubs ? 'eventHubs' : 'serviceBus', kind: 'sharedAccessKey', confidence: namespace ? 'high' : 'medium', secret, priority: 1,
          extracted: { ...(namespace ? { namespace } : {}), ...(entityPath ? { entityPath } : {}) },
        });
      });
    },
  },
  {
    // Passwords in ADO.NET / ODBC / JDBC connection strings.
    keywords: ['password', 'pwd'],
    find(text, out) {
      each(re('(?<![A-Za-z])(?:Password|Pwd)\\s*=\\s*(?:\\{([^}\\n]{1,128})\\}|([^;"\'\\n&]{1,128}))', 'gdi'), text, (m, _unused) => {
        const group = m.indices?.[1] ? 1 : 2;
        const indices = m.indices?.[group];
        if (!indices) return;
        const secret = { start: indices[0], end: indices[1] };
        const construct = enclosing(text, secret);
        const context = text.slice(construct.start, construct.end);
        if (!/(?:Server|Data Source|Host|Address|Addr|jdbc:)\s*[=:]/i.test(context)) return;
        if (/Redis|\.redis\.cache/i.test(context)) return; // handled by the Redis detector
        const db = databaseContext(context);
        out.push({ ruleId: 'MI006', service: db.service, kind: 'password', confidence: db.server ? 'high' : 'medium', secret, priority: 2, noEntropy: true, extracted: db.extracted });
      }, 0);
    },
  },
  {
    // Database URIs: postgres://user:pass@host, mysql://, sqlserver://, mssql://.
    keywords: ['://'],
    find(text, out) {
      each(re('\\b(?:postgres(?:ql)?|mysql|sqlserver|mssql)://([^:/@\\s"\']{1,64}):([^@\\s"\'/]{1,128})@([a-z0-9.-]{1,200})', 'gdi'), text, (m, secret) => {
        const db = databaseContext(m[0]);
        out.push({ ruleId: 'MI006', service: db.service, kind: 'password', confidence: 'high', secret, priority: 2, noEntropy: true, extracted: { ...db.extracted, user: m[1] } });
      }, 2);
    },
  },
  {
    // Config objects: password: "..." near an Azure database host.
    keywords: ['password', 'pwd'],
    find(text, out) {
      each(re('["\']?\\b(?:password|pwd|db_password|dbPassword)["\']?\\s*(?::|=|=>)\\s*["\']([^"\'\\n]{4,128})["\']', 'gdi'), text, (m, secret) => {
        const context = text.slice(Math.max(0, m.index - 500), Math.min(text.length, secret.end + 500));
        const db = databaseContext(context);
        if (!db.server) return;
        out.push({ ruleId: 'MI006', service: db.service, kind: 'password', confidence: 'medium', secret, priority: 3, noEntropy: true, extracted: db.extracted });
      });
    },
  },
  {
    // Entra client secrets, current format: three characters, a digit (7 or 8), Q~, then 31-34.
    keywords: ['q~'],
    find(text, out) {
      each(re('(?<![A-Za-z0-9_~.\\-])([A-Za-z0-9_~.\\-]{3}[78]Q~[A-Za-z0-9_~.\\-]{31,34})(?![A-Za-z0-9_~.\\-])', 'gd'), text, (_m, secret) => {
        out.push({ ruleId: 'MI007', service: 'entraId', kind: 'clientSecret', confidence: 'high', secret, priority: 1, extracted: entraContext(text, secret.start) });
      });
    },
  },
  {
    // Legacy Entra client secrets: only next to a client-secret name.
    keywords: ['secret'],
    find(text, out) {
      each(
        re('(?:client[_.-]?secret|AZURE_CLIENT_SECRET|ClientSecretCredential\\([^)]{0,200}?,)["\']?\\s*[:=,]?\\s*["\']?([A-Za-z0-9_~.\\-+/]{32,44})["\']?(?![A-Za-z0-9_~.\\-+/])', 'gdi'),
        text,
        (_m, secret) => {
          out.push({ ruleId: 'MI007', service: 'entraId', kind: 'clientSecret', confidence: 'medium', secret, priority: 4, extracted: entraContext(text, secret.start) });
        },
      );
    },
  },
  {
    // Redis: host:6380,password=<key>  and  rediss://:<key>@host
    keywords: ['password', '://'],
    find(text, out) {
      if (!/\.redis\.cache\./i.test(text)) return;
      each(re(`([a-z0-9-]{1,63})\\.redis\\.cache\\.(?:windows\\.net|chinacloudapi\\.cn|usgovcloudapi\\.net)(?::\\d+)?,[^"'\\n]{0,200}?password=([${b64}]{43}=)`, 'gdi'), text, (m, secret) => {
        out.push({ ruleId: 'MI008', service: 'redis', kind: 'accessKey', confidence: 'high', secret, priority: 1, extracted: { server: `${m[1]}.redis.cache.windows.net` } });
      }, 2);
      each(re(`rediss?://[^:/@\\s"']{0,64}:([${b64}]{43}=)@([a-z0-9-]{1,63})\\.redis\\.cache\\.`, 'gdi'), text, (m, secret) => {
        out.push({ ruleId: 'MI008', service: 'redis', kind: 'accessKey', confidence: 'high', secret, priority: 1, extracted: { server: `${m[2]}.redis.cache.windows.net` } });
      });
    },
  },
  {
    // App Configuration: Endpoint=https://x.azconfig.io;Id=...;Secret=...
    keywords: ['secret'],
    find(text, out) {
      each(re('Endpoint=(https://[a-z0-9-]{1,50}\\.azconfig\\.io);Id=[^;"\'\\s]{1,100};Secret=([A-Za-z0-9+/=]{20,100})', 'gdi'), text, (m, secret) => {
        out.push({ ruleId: 'MI009', service: 'appConfiguration', kind: 'connectionString', confidence: 'high', secret, priority: 1, extracted: { endpoint: m[1] } });
      }, 2);
    },
  },
  {
    // Azure OpenAI / AI services / Search keys: 32 hex (or 84-char JQQJ keys) next to a key name and an endpoint.
    keywords: ['key'],
    find(text, out) {
      // A finding needs an Azure endpoint or one of these words nearby: skip texts with none of them.
      if (!/azure|openai|cognitive|search/i.test(text)) return;
      each(
        re('(?:api[_.-]?key|openai[_.-]?key|search[_.-]?key|admin[_.-]?key|query[_.-]?key|cognitive[_.-]?key|subscription[_.-]?key|AzureKeyCredential|Ocp-Apim-Subscription-Key)["\']?[^\\n]{0,40}?(?<![A-Za-z0-9])([a-f0-9]{32}|[A-Za-z0-9]{52}JQQJ[A-Za-z0-9]{28}|[A-Za-z0-9]{52})(?![A-Za-z0-9])', 'gdi'),
        text,
        (_m, secret) => {
          const endpoint = near(text, secret.start, 800, /(https:\/\/[a-z0-9-]{2,64}\.(?:openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com|search\.windows\.net|api\.cognitive\.microsoft\.com)\/?)/i);
          const window = text.slice(Math.max(0, secret.start - 300), secret.start).toLowerCase();
          if (!endpoint && !/azure|openai|cognitive|search/.test(window)) return;
          const service: AzureService = endpoint?.includes('search.windows.net') || /search/.test(window) ? 'search' : endpoint?.includes('openai') || /openai/.test(window) ? 'openAi' : 'aiServices';
          out.push({ ruleId: 'MI010', service, kind: 'apiKey', confidence: endpoint ? 'high' : 'medium', secret, priority: 3, extracted: endpoint ? { endpoint } : {} });
        },
      );
    },
  },
  {
    // Function keys in URLs and headers.
    keywords: ['code=', 'key'],
    find(text, out) {
      each(re('https://([a-z0-9-]{1,60})\\.azurewebsites\\.net/api/[^\\s"\'?]{0,200}\\?(?:[^\\s"\'#]{0,300}&)?code=([A-Za-z0-9_\\-/+]{20,100}={0,2})', 'gdi'), text, (m, secret) => {
        out.push({ ruleId: 'MI012', service: 'functions', kind: 'functionKey', confidence: 'high', secret, priority: 2, extracted: { endpoint: `https://${m[1]}.azurewebsites.net` } });
      }, 2);
      each(re('x-functions-key["\']?\\s*[:=,]\\s*["\']([A-Za-z0-9_\\-/+]{20,100}={0,2})["\']', 'gdi'), text, (_m, secret) => {
        out.push({ ruleId: 'MI012', service: 'functions', kind: 'functionKey', confidence: 'medium', secret, priority: 2 });
      });
    },
  },
  {
    // SignalR / Web PubSub connection strings.
    keywords: ['key'],
    find(text, out) {
      each(re(`Endpoint=(https?://[a-z0-9-]{1,63}\\.(service\\.signalr\\.net|webpubsub\\.azure\\.com))[^"'\\n]{0,100}?;AccessKey=([${b64}]{43}=)`, 'gdi'), text, (m, secret) => {
        out.push({ ruleId: 'MI013', service: m[2]?.toLowerCase().startsWith('webpubsub') ? 'webPubSub' : 'signalR', kind: 'accessKey', confidence: 'high', secret, priority: 1, extracted: { endpoint: m[1] } });
      }, 3);
    },
  },
  {
    // Event Grid topic keys in the aeg-sas-key header.
    keywords: ['key'],
    find(text, out) {
      each(re(`aeg-sas-key["']?\\s*[:=,]\\s*["']([${b64}]{43}=)["']`, 'gdi'), text, (_m, secret) => {
        out.push({ ruleId: 'MI014', service: 'eventGrid', kind: 'accessKey', confidence: 'high', secret, priority: 2 });
      });
    },
  },
  {
    // https://user:password@<azure host>
    keywords: ['://'],
    find(text, out) {
      each(re('https?://[^:@/\\s"\']{1,64}:([^@/\\s"\']{3,128})@[a-z0-9.-]{1,200}\\.(?:azurewebsites\\.net|azurecr\\.io|windows\\.net|azure\\.com|azure-api\\.net|visualstudio\\.com)', 'gdi'), text, (_m, secret) => {
        const registry = /azurecr\.io/i.test(text.slice(secret.end, secret.end + 200));
        out.push({ ruleId: registry ? 'MI011' : 'MI015', service: registry ? 'containerRegistry' : 'other', kind: registry ? 'registryPassword' : 'urlCredentials', confidence: 'medium', secret, priority: 4, noEntropy: true });
      });
    },
  },
];

function connectionStringKey(text: string, secret: OffsetRange, out: Candidate[]): void {
  const endpoint = near(text, secret.start, 400, /AccountEndpoint\s*=\s*(https:\/\/[a-z0-9-]{3,44}\.(?:documents|table\.cosmos)\.azure\.com(?::\d+)?\/?)/i);
  if (endpoint) {
    out.push({ ruleId: 'MI005', service: 'cosmosDb', kind: 'connectionString', confidence: 'high', secret, priority: 1, extracted: { endpoint, accountName: /https:\/\/([a-z0-9-]+)\./i.exec(endpoint)?.[1] } });
    return;
  }
  const accountName = near(text, secret.start, 400, /AccountName\s*=\s*([a-z0-9]{3,24})(?![a-z0-9])/i);
  const endpointSuffix = near(text, secret.start, 400, /EndpointSuffix\s*=\s*([a-z0-9.-]+)/i);
  out.push({
    ruleId: 'MI001', service: 'storage', kind: 'connectionString', confidence: accountName ? 'high' : 'medium', secret, priority: 1,
    extracted: { ...(accountName ? { accountName } : {}), ...(endpointSuffix ? { endpointSuffix } : {}) },
  });
}

function bareAccountKey(text: string, secret: OffsetRange, out: Candidate[]): void {
  const cosmos = near(text, secret.start, 600, /(https:\/\/[a-z0-9-]{3,44}\.documents\.azure\.com(?::\d+)?\/?)/i);
  if (cosmos) {
    out.push({ ruleId: 'MI005', service: 'cosmosDb', kind: 'accountKey', confidence: 'high', secret, priority: 2, extracted: { endpoint: cosmos, accountName: /https:\/\/([a-z0-9-]+)\./i.exec(cosmos)?.[1] } });
    return;
  }
  const accountName =
    near(text, secret.start, 600, /([a-z0-9]{3,24})\.(?:blob|queue|table|file|dfs)\.core\./i) ??
    near(text, secret.start, 300, /(?:account[_.-]?name|StorageSharedKeyCredential\(\s*)["'\s:=]*["']([a-z0-9]{3,24})["']/i);
  out.push({ ruleId: 'MI002', service: 'storage', kind: 'accountKey', confidence: accountName ? 'high' : 'medium', secret, priority: 2, extracted: accountName ? { accountName } : {} });
}

function databaseContext(context: string): { service: AzureService; server?: string; extracted: Extracted } {
  const sql = /([a-z0-9-]{1,63}\.database\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net))/i.exec(context)?.[1];
  const pg = /([a-z0-9-]{1,63}\.postgres\.database\.azure\.com)/i.exec(context)?.[1];
  const my = /([a-z0-9-]{1,63}\.mysql\.database\.azure\.com)/i.exec(context)?.[1];
  const server = sql ?? pg ?? my;
  const database = /(?:Initial Catalog|Database)\s*=\s*([^;"'\n]{1,128})/i.exec(context)?.[1] ?? /\.(?:net|com)(?::\d+)?\/([A-Za-z0-9_-]{1,64})/i.exec(context)?.[1];
  const user = /(?:User ID|UID|User|Username)\s*=\s*([^;"'\n]{1,128})/i.exec(context)?.[1];
  const service: AzureService = sql ? 'sql' : pg ? 'postgresql' : my ? 'mysql' : /postgres/i.test(context) ? 'postgresql' : /mysql/i.test(context) ? 'mysql' : 'sql';
  return { service, server, extracted: { ...(server ? { server } : {}), ...(database ? { database } : {}), ...(user ? { user } : {}) } };
}

const guid = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';

function entraContext(text: string, at: number): Extracted {
  const clientId = near(text, at, 400, re(`(?:client[_.-]?id|app[_.-]?id|AZURE_CLIENT_ID)["'\\s:=,]{1,6}["']?${guid}`, 'i'));
  const tenantId = near(text, at, 400, re(`(?:tenant[_.-]?id|AZURE_TENANT_ID|login\\.microsoftonline\\.com/)["'\\s:=,]{0,6}["']?${guid}`, 'i'));
  return { ...(clientId ? { clientId } : {}), ...(tenantId ? { tenantId } : {}) };
}

function contextFor(text: string, at: number): Extracted {
  const accountName = near(text, at, 400, /AccountName\s*=\s*([a-z0-9]{3,24})(?![a-z0-9])/i) ?? near(text, at, 600, /([a-z0-9]{3,24})\.(?:blob|queue|table|file|dfs)\.core\./i);
  const namespace = near(text, at, 400, /sb:\/\/([a-z0-9][a-z0-9-]{4,48}\.servicebus\.windows\.net)/i);
  const endpoint = near(text, at, 400, /(https:\/\/[a-z0-9-]{2,64}\.(?:documents\.azure\.com|search\.windows\.net|azurecr\.io)(?::\d+)?\/?)/i);
  return { ...(accountName ? { accountName } : {}), ...(namespace ? { namespace } : {}), ...(endpoint ? { endpoint } : {}) };
}

/** Values that are not secrets: placeholders, templates, references, obvious fakes. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/^[<[{(]|[>\]})]$/.test(v)) return true;
  if (/\$\{|\$\(|\{\{|%[A-Za-z_][A-Za-z0-9_]*%|^\$[A-Za-z_]|^@Microsoft\.KeyVault|^@[A-Za-z_]+@$|#\{/.test(v)) return true;
  if (/x{4,}|\*{3,}|\.{3}|…/i.test(v)) return true;
  if (/^(?:changeme|password|passw0rd|secret|your[_-]?\w*|example\w*|sample\w*|placeholder|dummy|test|testing|redacted|replace[_-]?\w*|todo|none|null|undefined|true|false|string|pass|pwd|\*+)$/i.test(v)) return true;
  if (/your[_-]?(?:password|key|secret|account|storage)|replace[_-]?(?:me|with)|change[_-]?me|insert[_-]?|fake|dummy|placeholder/i.test(v)) return true;
  if (/^(.)\1{5,}$/.test(v)) return true;
  if (/^(?:0123456789|abcdef|123456)/i.test(v) && new Set(v).size < 12) return true;
  if (/^(?:process\.env|os\.environ|os\.getenv|Environment\.|System\.getenv|env\.|ENV\[|secrets\.)/.test(v)) return true;
  return false;
}

function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const suppressSameLine = /mi-scan:ignore(?!-next-line)|gitleaks:allow|pragma:\s*allowlist\s+secret/i;
const suppressNextLine = /mi-scan:ignore-next-line|pragma:\s*allowlist\s+nextline\s+secret/i;

function lineAround(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  return { start, end: newline === -1 ? text.length : newline };
}

function suppressed(text: string, offset: number): boolean {
  const line = lineAround(text, offset);
  if (suppressSameLine.test(text.slice(line.start, Math.min(line.end, line.start + 4000)))) return true;
  if (line.start === 0) return false;
  const previous = lineAround(text, line.start - 1);
  return suppressNextLine.test(text.slice(previous.start, Math.min(previous.end, previous.start + 4000)));
}

/** Masks all but the first four characters (none of a short value); safe to print and log. */
export function redact(secret: string): string {
  if (secret.length < 16) return `${'*'.repeat(Math.min(secret.length, 8))} (${secret.length} chars)`;
  return `${secret.slice(0, 4)}${'*'.repeat(8)} (${secret.length} chars)`;
}

/** Stable, one-way fingerprint of a rule and a secret value. */
export function fingerprint(ruleId: string, secret: string): string {
  return createHash('sha256').update(`${ruleId}\0${secret}`).digest('hex').slice(0, 32);
}

function messageFor(rule: RuleMetadata, candidate: Candidate, emulator: boolean): string {
  if (emulator) return `${rule.shortDescription}: this is the public emulator key, harmless locally. Against Azure, use a managed identity.`;
  const alternatives: Partial<Record<AzureService, string>> = {
    storage: 'use the account endpoint with DefaultAzureCredential and a managed identity',
    serviceBus: 'use the namespace with DefaultAzureCredential and a managed identity',
    eventHubs: 'use the namespace with DefaultAzureCredential and a managed identity',
    relay: 'use Microsoft Entra authentication with a managed identity',
    cosmosDb: 'use aadCredentials with DefaultAzureCredential and a Cosmos DB data-plane role',
    sql: 'use Authentication=Active Directory Default with a managed identity',
    postgresql: 'use an Entra token for a managed identity as the password',
    mysql: 'use an Entra token for a managed identity as the password',
    entraId: 'use a managed identity, or a federated credential from CI',
    redis: 'enable Entra authentication and connect with a managed identity',
    appConfiguration: 'use the endpoint with DefaultAzureCredential and a managed identity',
    openAi: 'use DefaultAzureCredential with a bearer token provider and a managed identity',
    aiServices: 'use DefaultAzureCredential and a managed identity',
    search: 'use DefaultAzureCredential and a managed identity with a Search data role',
    containerRegistry: 'pull with a managed identity that has AcrPull',
    functions: 'use App Service authentication and a managed identity token',
    signalR: 'use AuthType=azure.msi with a managed identity',
    webPubSub: 'use DefaultAzureCredential and a managed identity',
    eventGrid: 'use DefaultAzureCredential and a managed identity with EventGrid Data Sender',
  };
  const instead = alternatives[candidate.service] ?? 'use a managed identity, or read the secret from Key Vault at run time';
  return `Hardcoded ${rule.shortDescription.replace(/^Azure /, 'Azure ')}: ${instead}.`;
}

/**
 * Finds hardcoded Azure secrets in `text`. Findings are sorted by position, one per secret value
 * occurrence (the most specific rule wins).
 */
export function scanText(text: string, options: ScanOptions = {}): Finding[] {
  if (text.length === 0) return [];
  // Case-insensitive search per keyword, stopping at the first hit; no lower-cased copy of the text.
  const present = new Set(prefilterKeywords.filter((k) => keywordPatterns.get(k)?.test(text)));
  if (present.size === 0) return [];
  const candidates: Candidate[] = [];
  for (const detector of detectors) {
    if (detector.keywords.some((k) => present.has(k))) detector.find(text, candidates);
  }
  candidates.sort((a, b) => a.secret.start - b.secret.start || a.priority - b.priority);
  const findings: Finding[] = [];
  let lastEnd = -1;
  for (const candidate of candidates) {
    if (candidate.secret.start < lastEnd) continue; // overlaps a secret already reported
    const rule = rules.get(candidate.ruleId);
    if (!rule) continue;
    const secret = text.slice(candidate.secret.start, candidate.secret.end);
    if (isPlaceholder(secret)) continue;
    const entropyFloor = /^[0-9a-f]+$/i.test(secret) ? 3 : 3.5;
    if (!candidate.noEntropy && secret.length >= 20 && shannonEntropy(secret) < entropyFloor) continue;
    // The best candidate for this value is decided; a disabled rule hides the value, not to a weaker rule.
    lastEnd = candidate.secret.end;
    if (options.disabledRules?.has(rule.id) || options.disabledRules?.has(rule.name)) continue;
    if (suppressed(text, candidate.secret.start)) continue;
    const print = fingerprint(rule.id, secret);
    if (options.baseline?.has(print)) continue;
    const construct = candidate.construct ?? enclosing(text, candidate.secret);
    const emulator = publicEmulatorKeys.has(secret) || /devstoreaccount1|localhost:8081|127\.0\.0\.1:8081/i.test(text.slice(construct.start, construct.end));
    const severity: Severity = emulator ? 'info' : candidate.confidence === 'low' ? 'warning' : rule.defaultSeverity === 'error' && candidate.confidence === 'medium' ? 'warning' : rule.defaultSeverity;
    findings.push({
      ruleId: rule.id,
      service: candidate.service,
      kind: candidate.kind,
      severity,
      confidence: candidate.confidence,
      secretRange: candidate.secret,
      constructRange: construct,
      extracted: candidate.extracted ?? {},
      preview: redact(secret),
      fingerprint: print,
      message: messageFor(rule, candidate, emulator),
    });
  }
  return findings;
}

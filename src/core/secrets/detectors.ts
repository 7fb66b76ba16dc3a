import { type Candidate, type Detector, type ScanWindow, distanceTo, configPath, each, enclosingLiteral, insideMultilineLiteral, joinedLiterals, lineAround, logicalPrefix, nearest } from './detectorSupport';
import { isCodeKind } from './fileKind';
import { type ChecksumSeed, decodeBase64, hasValidChecksum } from './identifiableChecksum';
import { emulatorAccount, emulatorKey, isSasSignedWith } from './sasSignature';
import { isCodeReference, isGuid, isPlaceholder, isUrl, looksLikeRealPassword, shannonEntropy } from './valueFilters';
import type { AzureService, Extracted, OffsetRange, SecretKind } from './types';

/*
 * The detectors. Every regular expression here is linear-time on any input: repetition is bounded
 * ({m,n} with small n) or over classes that cannot overlap with what follows, there are no nested
 * quantifiers, and they only ever run on bounded windows around keyword hits (see Detector).
 *
 * The identifiable-key shapes (fixed signature at a fixed offset) and the legacy key shapes follow the
 * public patterns of microsoft/security-utilities (MIT); see NOTICE.
 */

const b64 = 'A-Za-z0-9+/';
const nb = `(?<![${b64}])`;
const na = `(?![${b64}=])`;

/**
 * Builds a detector pattern. Patterns are module constants, built once: detectors run once per keyword
 * window, and building them per window was a measurable share of a scan. Every user resets `lastIndex`
 * first (`each`, `nearest`), and no visitor reuses the pattern it is being called from.
 */
function re(source: string, flags = 'gd'): RegExp {
  return new RegExp(source, flags);
}

const guid = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';
const storageHost = /(?<![a-z0-9])([a-z0-9]{3,24})\.(?:blob|queue|table|file|dfs)\.core\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net|cloudapi\.de)/gi;
const storageSuffix = /\.(?:blob|queue|table|file|dfs)\.(core\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net|cloudapi\.de))/gi;
// Storage account names have no hyphen, but Cosmos DB for Table accounts in the same connection-string form do.
const accountNameSetting = /AccountName\s*=\s*([A-Za-z0-9][A-Za-z0-9-]{2,49})(?![A-Za-z0-9-])/gi;
const accountNameVariable = /(?:account[_.-]?name|storage[_.-]?account(?:[_.-]?name)?|StorageSharedKeyCredential\(\s*|AzureNamedKeyCredential\(\s*)["'`]?\s*[:=,]?\s*["'`]([a-z0-9]{3,24})["'`]/gi;
const cosmosEndpoint = /(https?:\/\/(?:[a-z0-9-]{3,44}\.(?:documents|table\.cosmos|mongo\.cosmos)\.azure\.(?:com|cn|us)|localhost|127\.0\.0\.1)(?::\d{2,5})?\/?)/gi;
const cosmosEndpointSetting = /AccountEndpoint\s*=\s*(https?:\/\/[^;"'`\s\\]{3,200})/gi;
const sbNamespace = /(?:sb|amqps?|https):\/\/([a-z0-9][a-z0-9-]{1,48}\.servicebus\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net|cloudapi\.de))/gi;
const entityPathSetting = /EntityPath\s*=\s*([A-Za-z0-9._/-]{1,260})/gi;

/** `account-name: contosodata` in YAML / properties (Spring `checkpoint-store`, Helm values): unquoted, alone on its line. */
const accountNameUnquotedSetting = /account[_.-]?name[ \t]*[:=][ \t]*([a-z0-9]{3,24})[ \t]*\r?$/gim;

function storageContext(text: string, at: number): Extracted {
  const accountName =
    nearest(text, at, 800, 300, accountNameSetting) ?? nearest(text, at, 800, 800, storageHost) ?? nearest(text, at, 400, 100, accountNameVariable) ?? nearest(text, at, 400, 200, accountNameUnquotedSetting);
  const endpointSuffix = nearest(text, at, 800, 300, /EndpointSuffix\s*=\s*([a-z0-9.-]{3,64}[a-z])/gi) ?? nearest(text, at, 800, 800, storageSuffix);
  return { ...(accountName ? { accountName } : {}), ...(endpointSuffix ? { endpointSuffix } : {}) };
}

function cosmosContext(text: string, at: number): Extracted {
  const endpoint = nearest(text, at, 800, 300, cosmosEndpointSetting) ?? nearest(text, at, 800, 800, cosmosEndpoint);
  const accountName = endpoint ? /^https?:\/\/([a-z0-9-]{3,44})\.(?:documents|table|mongo)/i.exec(endpoint)?.[1] : undefined;
  return { ...(endpoint ? { endpoint } : {}), ...(accountName ? { accountName } : {}) };
}

function messagingContext(text: string, at: number): Extracted {
  const namespace = nearest(text, at, 800, 300, sbNamespace);
  const entityPath = nearest(text, at, 400, 400, entityPathSetting);
  return { ...(namespace ? { namespace } : {}), ...(entityPath ? { entityPath } : {}) };
}

const clientIdNearPattern = re(`(?:client[_.-]?id|app(?:lication)?[_.-]?id|AZURE_CLIENT_ID)["'\\s:=,>]{1,8}${guid}`, 'gi');
const tenantIdNearPattern = re(`(?:tenant(?:[_.-]?id)?|directory[_.-]?id|AZURE_TENANT_ID)["'\\s:=,>]{1,8}${guid}`, 'gi');
const authorityTenantPattern = re(`login\\.microsoftonline\\.(?:com|us)/${guid}`, 'gi');

function entraContext(text: string, at: number): Extracted {
  const clientId = nearest(text, at, 600, 600, clientIdNearPattern);
  const tenantId =
    nearest(text, at, 600, 600, tenantIdNearPattern) ??
    nearest(text, at, 800, 800, authorityTenantPattern);
  return { ...(clientId ? { clientId } : {}), ...(tenantId ? { tenantId } : {}) };
}

const emulatorKeys = new Set([
  // Azurite / storage emulator account key for devstoreaccount1 (public, documented).
  emulatorKey,
  // Cosmos DB emulator key (public, documented).
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
]);

/** True when the secret is a public emulator key or its context points at a local emulator. */
export function isEmulator(text: string, secret: OffsetRange): boolean {
  if (emulatorKeys.has(text.slice(secret.start, secret.end))) return true;
  // The secret's own line decides: `UseDevelopmentStorage=true` in one setting says nothing about the next one.
  // Bounded first, so a long single line costs no more than a short one.
  const from = Math.max(0, secret.start - 600);
  const around = text.slice(from, Math.min(text.length, secret.end + 300));
  const lineEnd = around.indexOf('\n', secret.end - from);
  const slice = around.slice(around.lastIndexOf('\n', secret.start - from - 1) + 1, lineEnd === -1 ? around.length : lineEnd);
  return /devstoreaccount1|UseDevelopmentStorage=true|localhost:8081|127\.0\.0\.1:8081|localhost:1000[0-2]|127\.0\.0\.1:1000[0-2]/i.test(slice);
}

// ---------------------------------------------------------------------------------------------------
// Identifiable keys: a fixed signature at a fixed offset; exact, so no context is needed.

interface Identifiable {
  readonly trigger: string;
  readonly pattern: string;
  readonly ruleId: string;
  readonly service: AzureService;
  readonly kind: SecretKind;
  readonly context: (text: string, at: number) => Extracted;
  /**
   * The Marvin32 checksum seeds of the key kinds with this signature. A key whose checksum holds was issued
   * by the service: it is reported at high confidence even when it looks repetitive. One that fails is
   * still reported, at medium confidence (a hand-made key in a sample or test).
   */
  readonly seeds?: readonly ChecksumSeed[];
}

const messagingSeeds = ['System00', 'Unknown0', 'Send0000', 'Manage00', 'Listen00'];
const identifiable: readonly Identifiable[] = [
  { trigger: '+ast', pattern: `${nb}([${b64}]{76}\\+ASt[${b64}]{5}[AQgw]==)${na}`, ruleId: 'MI002', service: 'storage', kind: 'accountKey', context: storageContext, seeds: ['Default0'] },
  {
    trigger: 'acdb', pattern: `${nb}([${b64}]{76}ACDb[${b64}]{5}[AQgw]==)${na}`, ruleId: 'MI005', service: 'cosmosDb', kind: 'accountKey', context: cosmosContext,
    seeds: ['SysAll00', 'Resour00', 'MastRO00', 'SystRO00', 'Encryp00', 'MastRW00', 'SystRW00'],
  },
  { trigger: '+asb', pattern: `${nb}([${b64}]{33}\\+ASb[A-P][${b64}]{5}=)${na}`, ruleId: 'MI004', service: 'serviceBus', kind: 'sharedAccessKey', context: messagingContext, seeds: messagingSeeds },
  { trigger: '+aeh', pattern: `${nb}([${b64}]{33}\\+AEh[A-P][${b64}]{5}=)${na}`, ruleId: 'MI004', service: 'eventHubs', kind: 'sharedAccessKey', context: messagingContext, seeds: messagingSeeds },
  { trigger: '+arm', pattern: `${nb}([${b64}]{33}\\+ARm[A-P][${b64}]{5}=)${na}`, ruleId: 'MI004', service: 'relay', kind: 'sharedAccessKey', context: messagingContext, seeds: messagingSeeds },
  { trigger: 'azca', pattern: `${nb}([${b64}]{33}AzCa[A-P][${b64}]{5}=)${na}`, ruleId: 'MI008', service: 'redis', kind: 'accessKey', context: redisContext, seeds: ['Access00'] },
  { trigger: 'azeg', pattern: `${nb}([${b64}]{33}AZEG[A-P][${b64}]{5}=)${na}`, ruleId: 'MI014', service: 'eventGrid', kind: 'accessKey', context: eventGridContext },
  { trigger: '+acr', pattern: `${nb}([${b64}]{42}\\+ACR[A-D][${b64}]{5})${na}`, ruleId: 'MI011', service: 'containerRegistry', kind: 'registryPassword', context: registryContext, seeds: ['ACRDflt0'] },
  {
    trigger: 'azfu',
    pattern: '(?<![A-Za-z0-9_\\-])([A-Za-z0-9_\\-]{44}AzFu[A-Za-z0-9_\\-]{5}[AQgw]==)(?![A-Za-z0-9_\\-=])',
    ruleId: 'MI012', service: 'functions', kind: 'functionKey', context: functionsContext, seeds: ['Master00', 'System00', 'Functi00'],
  },
  { trigger: 'azse', pattern: '(?<![A-Za-z0-9])([A-Za-z0-9]{42}AzSe[A-D][A-Za-z0-9]{5})(?![A-Za-z0-9])', ruleId: 'MI010', service: 'search', kind: 'apiKey', context: aiContext },
  // IoT Hub, Device Provisioning Service and device keys share the signature; the seed says which.
  { trigger: 'aiot', pattern: `${nb}([${b64}]{33}AIoT[A-P][${b64}]{5}=)${na}`, ruleId: 'MI018', service: 'iotHub', kind: 'accessKey', context: iotContext, seeds: ['IoTHub00', 'DpsKey00', 'Device00'] },
  { trigger: '+aba', pattern: `${nb}([${b64}]{76}\\+ABa[${b64}]{5}[AQgw]==)${na}`, ruleId: 'MI019', service: 'batch', kind: 'accountKey', context: batchContext, seeds: ['AbAcct00'] },
  { trigger: '+amc', pattern: `${nb}([${b64}]{76}\\+AMC[${b64}]{5}[AQgw]==)${na}`, ruleId: 'MI020', service: 'machineLearning', kind: 'apiKey', context: () => ({}), seeds: ['Classic0'] },
  // API Management direct management, subscription, gateway and repository keys.
  { trigger: 'apim', pattern: `${nb}([${b64}]{76}APIM[${b64}]{5}[AQgw]==)${na}`, ruleId: 'MI016', service: 'apiManagement', kind: 'apiKey', context: aiContext, seeds: ['Tenant00', 'IoTHub00', 'Gatewy00', 'GitKey00'] },
];

function iotContext(text: string, at: number): Extracted {
  const endpoint = nearest(text, at, 800, 300, /HostName=([a-z0-9][a-z0-9-]{1,49}\.azure-devices\.(?:net|cn|us)|[a-z0-9][a-z0-9-]{1,49}\.azure-devices-provisioning\.net)/gi) ?? nearest(text, at, 800, 800, /(?<![a-z0-9-])([a-z0-9][a-z0-9-]{1,49}\.azure-devices(?:-provisioning)?\.(?:net|cn|us))/gi);
  return endpoint ? { endpoint: `https://${endpoint}` } : {};
}

function batchContext(text: string, at: number): Extracted {
  const endpoint = nearest(text, at, 800, 800, /(https:\/\/[a-z0-9]{3,24}\.[a-z0-9-]{2,40}\.batch\.azure\.(?:com|cn|us))/gi);
  return endpoint ? { endpoint } : {};
}

function redisContext(text: string, at: number): Extracted {
  const server = nearest(text, at, 600, 600, /(?<![a-z0-9-])([a-z0-9-]{1,63}\.redis(?:enterprise)?\.cache\.(?:windows\.net|azure\.net|chinacloudapi\.cn|usgovcloudapi\.net)|[a-z0-9-]{1,63}\.[a-z0-9-]{1,30}\.redis\.azure\.net)/gi);
  return server ? { server } : {};
}

function eventGridContext(text: string, at: number): Extracted {
  const endpoint = nearest(text, at, 800, 800, /(https:\/\/[a-z0-9.-]{1,120}\.eventgrid\.azure\.net(?:\/api\/events)?)/gi);
  return endpoint ? { endpoint } : {};
}

function registryContext(text: string, at: number): Extracted {
  const server = nearest(text, at, 600, 600, /(?<![a-z0-9-])([a-z0-9][a-z0-9-]{1,49}\.azurecr\.(?:io|cn|us))/gi);
  const user = nearest(text, at, 200, 200, /(?:-u|--username|username|user)["'\s:=]{1,6}["']?([A-Za-z0-9][A-Za-z0-9-]{1,49})/gi);
  return { ...(server ? { server } : {}), ...(user ? { user } : {}) };
}

function functionsContext(text: string, at: number): Extracted {
  const endpoint = nearest(text, at, 600, 600, /(https:\/\/[a-z0-9-]{1,60}\.azurewebsites\.(?:net|us|cn)(?:\/api\/[A-Za-z0-9_\-/]{1,100})?)/gi);
  return endpoint ? { endpoint } : {};
}

const aiEndpoint = /(https:\/\/api\.cognitive\.microsofttranslator\.com\/?|https:\/\/(?:[a-z0-9-]{2,64}|\{[\w.]{0,40}\}|\$\{[\w.]{1,40}\}|%s)\.(?:openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com|search\.windows\.net|search\.azure\.(?:us|cn)|openai\.azure\.us|api\.cognitive\.microsoft\.com|azure-api\.net)\/?|https:\/\/[a-z0-9-]{2,30}\.api\.cognitive\.microsoft\.com\/?)/gi;

function aiContext(text: string, at: number): Extracted {
  const endpoint = nearest(text, at, 1200, 1200, aiEndpoint);
  return endpoint ? { endpoint } : {};
}

/** Common annotated security keys (CASK, `JQQJ` signature): the service tag says which service. */
const caskTags: readonly { tag: string; ruleId: string; service: AzureService; kind: SecretKind }[] = [
  { tag: 'AAABACOG', ruleId: 'MI010', service: 'openAi', kind: 'apiKey' },
  { tag: 'ACOG', ruleId: 'MI010', service: 'aiServices', kind: 'apiKey' },
  { tag: 'AZAC', ruleId: 'MI009', service: 'appConfiguration', kind: 'accessKey' },
  { tag: 'AZEG', ruleId: 'MI014', service: 'eventGrid', kind: 'accessKey' },
  { tag: 'AZSE', ruleId: 'MI010', service: 'search', kind: 'apiKey' },
  { tag: 'msql', ruleId: 'MI006', service: 'sql', kind: 'password' },
  { tag: 'APIM', ruleId: 'MI016', service: 'apiManagement', kind: 'apiKey' },
  { tag: 'AZCS', ruleId: 'MI021', service: 'communicationServices', kind: 'accessKey' },
];

const caskKeyPattern = re('(?<![A-Za-z0-9])([A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9][A-L][A-Za-z0-9]{16}[A-Za-z][A-Za-z0-9]{7}(?:[A-Za-z0-9]{2}==)?)(?![A-Za-z0-9+/=])');

const identifiableDetectors: Detector[] = [
  ...identifiable.map((d): Detector => {
    const pattern = re(d.pattern);
    return {
      name: `identifiable ${d.trigger}`,
      triggers: [d.trigger],
      before: 90,
      after: 90,
      find(w, out) {
        each(pattern, w, (_m, secret) => {
          const verified = d.seeds !== undefined && hasValidChecksum(w.text.slice(secret.start, secret.end), d.seeds);
          const confidence = d.seeds === undefined || verified ? 'high' : 'medium';
          out.push({ ruleId: d.ruleId, service: d.service, kind: d.kind, confidence, secret, priority: 0, noEntropy: true, ...(verified ? { verified } : {}), extracted: d.context(w.text, secret.start) });
        });
      },
    };
  }),
  {
    name: 'identifiable CASK',
    triggers: ['jqqj'],
    before: 90,
    after: 90,
    find(w, out) {
      each(caskKeyPattern, w, (_m, secret) => {
        const key = w.text.slice(secret.start, secret.end);
        const tagArea = key.slice(60, 84);
        const tag = caskTags.find((t) => tagArea.includes(t.tag));
        const ruleId = tag?.ruleId ?? 'MI017';
        const service = tag?.service ?? 'other';
        const extracted = service === 'appConfiguration' ? appConfigContext(w.text, secret.start) : service === 'eventGrid' ? eventGridContext(w.text, secret.start) : aiContext(w.text, secret.start);
        out.push({ ruleId, service, kind: tag?.kind ?? 'accessKey', confidence: 'high', secret, priority: 0, noEntropy: true, extracted });
      });
    },
  },
];

function appConfigContext(text: string, at: number): Extracted {
  const endpoint = nearest(text, at, 600, 300, /(https:\/\/[a-z0-9-]{1,50}\.azconfig\.(?:io|azure\.us|azure\.cn))/gi);
  return endpoint ? { endpoint } : {};
}

// ---------------------------------------------------------------------------------------------------
// Storage and Cosmos DB keys (88 characters of base64 ending in ==).

// A key-like name on the same line, an ARM parameter (`"storageAccountKey": { "value": "`), or an argument of
// a client or credential constructor (`CosmosClient("https://…", "`).
const keyLabelBefore = /(?:key|credential|secret|token|password|pwd)[^\n]{0,40}$|keys?\w*["']?\s*[:=]\s*\[(?:\s*["'][A-Za-z0-9+/=]{20,100}["']\s*,){1,8}\s*["']$|(?:key|secret|password)\w*\\?"\s*:\s*\{\s*\\?"value\\?"\s*:\s*\\?"$|(?:KeyCredential|Client)\(\s*[^\n]{0,160}$/i;
const notAKeyBefore = /(?:sha\d{3}-|integrity|hash|digest|checksum|thumbprint|signature|public[_-]?key|cert(?:ificate)?|nonce|iv|salt)["'\s:=]{0,8}$/i;
const cosmosIndicator = /documents\.azure\.|cosmos|docdb|documentdb|AccountEndpoint|:8081|(?:primary|secondary)(?:Readonly)?MasterKey/gi;
const storageIndicator = /core\.(?:windows\.net|chinacloudapi|usgovcloudapi)|account[_.-]?name|storage|blob|queue|table/gi;

function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/**
 * Every maximal run of base64 characters with its `=` padding in the window whose length is one of `lengths`:
 * one pass with character tests, no regular expression tried at every position (these detectors' windows
 * cover whole SDK files, where most runs are short words). A `=` followed by more base64 is a separator
 * (`KEY=<value>`), not padding: the run before it is skipped and the value after it starts a run.
 */
function eachKeyRun(w: ScanWindow, lengths: readonly number[], visit: (secret: OffsetRange, run: string) => void): void {
  const slice = w.slice;
  const n = slice.length;
  let i = 0;
  while (i < n) {
    if (!isBase64Char(slice.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isBase64Char(slice.charCodeAt(j))) j++;
    let k = j;
    while (k < n && slice.charCodeAt(k) === 61) k++;
    if (k > j && k < n && isBase64Char(slice.charCodeAt(k))) {
      i = k; // `name=value`: the `=` separates
      continue;
    }
    if (lengths.includes(k - i)) visit({ start: w.start + i, end: w.start + k }, slice.slice(i, k));
    i = k;
  }
}

/** A 44-character namespace (SAS) key: 43 base64 characters and one `=`. */
function isSharedAccessKeyShape(run: string): boolean {
  return run.length === 44 && run.charCodeAt(43) === 61 && run.indexOf('=') === 43;
}

/**
 * Every 88-character base64 value ending in `==` in the window, found from the `==` (a native search)
 * rather than by a regular expression tried at every position: the editor rescans on each change.
 */
function eachAccountKeyShape(w: ScanWindow, visit: (secret: OffsetRange) => void): void {
  const slice = w.slice;
  for (let i = slice.indexOf('==', 86); i !== -1; i = slice.indexOf('==', i + 1)) {
    const after = slice.charCodeAt(i + 2);
    if (isBase64Char(after) || after === 61 || slice.charCodeAt(i - 1) === 61) continue;
    let ok = true;
    for (let j = i - 86; j < i && ok; j++) ok = isBase64Char(slice.charCodeAt(j));
    if (!ok || (i - 87 >= 0 && isBase64Char(slice.charCodeAt(i - 87)))) continue;
    visit({ start: w.start + i - 86, end: w.start + i + 2 });
  }
}

const splitAccountKeyPattern = re(`(["'])([${b64}]{8,86})\\1\\s*\\+\\s*(["'])([${b64}]{2,80}==)\\3`, 'gd');
const accountKeyPattern = re(`AccountKey\\s*=\\s*([${b64}]{86}==)${na}`, 'gdi');

const storageAndCosmos: Detector[] = [
  {
    // Connection strings: AccountKey=<88 base64>, storage or Cosmos DB depending on the other settings.
    name: 'AccountKey setting',
    triggers: ['accountkey'],
    before: 10,
    after: 110,
    find(w, out) {
      each(accountKeyPattern, w, (m, secret, start) => {
        const context = joinedLiterals(w.text, secret);
        // Cosmos DB for Table has the storage form with its own endpoint: `…;TableEndpoint=https://x.table.cosmos.azure.com:443/;`
        const cosmosTable = /TableEndpoint\s*=\s*https?:\/\/[^;"'`\s]{1,80}\.table\.cosmos\.azure\./i.test(w.text.slice(context.start, Math.min(w.text.length, Math.max(context.end, secret.end + 300))));
        const cosmos = cosmosTable ? 0 : distanceTo(w.text, start, Math.min(800, start - context.start + 200), 400, /AccountEndpoint\s*=/gi);
        const storage = distanceTo(w.text, start, Math.min(800, start - context.start + 200), 400, /AccountName\s*=|DefaultEndpointsProtocol|BlobEndpoint\s*=|EndpointSuffix\s*=/gi);
        if (cosmos < storage) {
          out.push({ ruleId: 'MI005', service: 'cosmosDb', kind: 'connectionString', confidence: 'high', secret, priority: 1, extracted: cosmosContext(w.text, secret.start) });
        } else {
          const extracted = storageContext(w.text, secret.start);
          out.push({ ruleId: 'MI001', service: 'storage', kind: 'connectionString', confidence: storage < Infinity ? 'high' : 'medium', secret, priority: 1, extracted });
        }
        void m;
      });
    },
  },
  {
    // A bare account key next to a key-like name and a storage / Cosmos DB hint:
    // `new StorageSharedKeyCredential("acct", "<key>")`, `COSMOS_KEY=<key>`, `key: "<key>"` near an endpoint.
    name: 'bare account key',
    triggers: ['account_key', 'access_key', 'accountkey', 'cosmos', 'storage', 'windows.net', 'azure', '"keyname"', 'masterkey'],
    before: 500,
    after: 500,
    find(w, out) {
      const report = (secret: OffsetRange, construct?: OffsetRange): void => {
        // The statement as one line: formatters put a long key on a line of its own.
        const before = logicalPrefix(w.text, secret.start, 200);
        // `az storage account keys list`: { "keyName": "key1", "permissions": "FULL", "value": "<key>" }
        const keysList = /"value"\s*:\s*"$/.test(before) && /"keyName"\s*:\s*"key[12]"/i.test(w.text.slice(Math.max(0, secret.start - 300), secret.start));
        // An old key kept in a comment may have its label a line or two above: `# previous key1 (rotated …):`.
        const commented = !keysList && /^\s*(?:#|\/\/|\*)\s*$/.test(w.text.slice(lineAround(w.text, secret.start).start, secret.start)) && /(?:key|secret|password)[^\n]{0,100}$/i.test(before);
        // In structured configuration the name may be a section or a name/value pair's `name` (`name: 'COSMOS_KEY'`).
        const labelled = keyLabelBefore.test(before) || keyLabelBefore.test(configPath(w.text, secret.start));
        if (!keysList && !commented && (!labelled || notAKeyBefore.test(before))) return;
        const cosmos = keysList ? Infinity : distanceTo(w.text, secret.start, 800, 800, cosmosIndicator);
        const storage = keysList ? 0 : distanceTo(w.text, secret.start, 800, 800, storageIndicator);
        if (cosmos === Infinity && storage === Infinity) return;
        const range = construct ? { construct } : {};
        if (cosmos < storage) {
          out.push({ ruleId: 'MI005', service: 'cosmosDb', kind: 'accountKey', confidence: 'high', secret, ...range, priority: 2, extracted: cosmosContext(w.text, secret.start) });
        } else {
          const extracted = storageContext(w.text, secret.start);
          out.push({ ruleId: 'MI002', service: 'storage', kind: 'accountKey', confidence: extracted.accountName ? 'high' : 'medium', secret, ...range, priority: 2, extracted });
        }
      };
      eachAccountKeyShape(w, (secret) => report(secret));
      // A key split over two literals joined with + in one expression ("…" + "…=="): the first part is
      // reported (its line is where the key starts), the whole concatenation is the construct.
      if (isCodeKind(w.kind) && w.slice.includes('==') && w.slice.includes('+')) {
        each(
          splitAccountKeyPattern,
          w,
          (m, first) => {
            const second = m.indices?.[4];
            if (!second || (m[2] ?? '').length + (m[4] ?? '').length !== 88) return;
            report(first, { start: first.start - 1, end: w.start + second[1] + 1 });
          },
          2,
        );
      }
    },
  },
];

// ---------------------------------------------------------------------------------------------------
// SAS tokens and Service Bus / Event Hubs / Relay keys.

const sasSignaturePattern = re('[?&;\\s]sig=([A-Za-z0-9%+/]{40,129}(?:=|%3D){0,2})', 'gdi');
const sharedAccessKeyPattern = re(`(?<![A-Za-z])SharedAccessKey\\s*=\\s*([${b64}]{42,43}=)${na}`, 'gdi');

/** `KEY = '`, `sas_key: "` at the end of the logical line before a value. */
const labelledSharedAccessKeyBefore = /(?:^|[\s;{,(])[A-Za-z_]*(?:key|sas|password|pwd)[A-Za-z_]*["']?\s*[:=]\s*["']?$/i;

/**
 * True when the SAS in `token` (a URL with a query, a bare query, or a connection string's
 * `SharedAccessSignature=` value) was signed with the public storage emulator key.
 */
function isEmulatorSas(token: string): boolean {
  const marker = /SharedAccessSignature=/i.exec(token);
  const question = token.indexOf('?');
  const query = marker ? token.slice(marker.index + marker[0].length) : question >= 0 ? token.slice(question + 1) : token;
  // The resource path of a URL: /container/blob, after the account segment of a path-style (emulator) URL.
  let path = question >= 0 ? /[a-z][a-z0-9+.-]*:\/\/[^/?#\s;]+(\/[^?#\s;]*)?\?/i.exec(token)?.[1] : undefined;
  if (path?.toLowerCase().startsWith(`/${emulatorAccount}/`)) path = path.slice(emulatorAccount.length + 1);
  return isSasSignedWith(query, emulatorKey, emulatorAccount, path);
}

const messaging: Detector[] = [
  {
    // A namespace key in a variable of its own (`KEY='…'` next to `RootManageSharedAccessKey` and
    // `https://x.servicebus.windows.net`), as scripts that sign SAS tokens themselves hold it.
    name: 'labelled namespace key',
    triggers: ['accesskey', 'windows.net', 'keyname'],
    before: 400,
    after: 400,
    find(w, out) {
      if (!/servicebus|eventhub|SharedAccessKeyName|RootManageSharedAccessKey|"keyName"/i.test(w.slice)) return;
      const push = (secret: OffsetRange, context: string): void => {
        const service: AzureService = /eventhub/i.test(context) ? 'eventHubs' : /relay|hybridconnection/i.test(context) ? 'relay' : 'serviceBus';
        out.push({ ruleId: 'MI004', service, kind: 'sharedAccessKey', confidence: 'medium', secret, priority: 4, extracted: messagingContext(w.text, secret.start) });
      };
      eachKeyRun(w, [44], (secret, run) => {
        if (!isSharedAccessKeyShape(run)) return;
        const context = w.text.slice(Math.max(0, secret.start - 600), Math.min(w.text.length, secret.end + 600));
        const line = logicalPrefix(w.text, secret.start, 240);
        // `az servicebus|eventhubs|relay … keys list`: { "keyName": "…", "primaryKey": "<key>", "secondaryKey": "<key>" }
        if (/"(?:primary|secondary)Key"\s*:\s*"$/.test(line) && /"keyName"\s*:/.test(context)) return push(secret, context);
        if (!/\.servicebus\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)|SharedAccessKeyName|RootManageSharedAccessKey/i.test(context)) return;
        // `new AzureNamedKeyCredential(\n  "RootManageSharedAccessKey",\n  "<key>"\n)`, `KEY='<key>'`
        if (/NamedKeyCredential\s*\([^()]{0,160}$/.test(line) || labelledSharedAccessKeyBefore.test(line)) push(secret, context);
      });
    },
  },
  {
    name: 'SAS signature',
    triggers: ['sig='],
    before: 1500,
    after: 200,
    find(w, out) {
      each(sasSignaturePattern, w, (_m, secret) => {
        // The query (or SharedAccessSignature value) the signature belongs to.
        const back = w.text.slice(Math.max(0, secret.start - 1500), secret.start);
        const cut = Math.max(back.lastIndexOf('"'), back.lastIndexOf("'"), back.lastIndexOf('`'), back.lastIndexOf('\n'), back.lastIndexOf(' '), back.lastIndexOf('='.repeat(2)));
        const token = back.slice(cut + 1);
        const query = token + w.text.slice(secret.end, Math.min(w.text.length, secret.end + 300)).split(/["'`\s]/, 1)[0];
        // `?sv=…` in a URL, `sv=…` alone, or `SharedAccessSignature=sv=…` in a storage connection string.
        if (/[?&;\s=]sv=\d{4}-\d{2}-\d{2}/i.test(`&${query}`) && /[?&;\s](?:se|sp|srt|ss|sr|st)=/i.test(`&${query}`)) {
          const accountName = nearest(w.text, secret.start, token.length, 0, storageHost);
          const emulator = isEmulatorSas(token + w.text.slice(secret.start, secret.end) + query.slice(token.length));
          out.push({ ruleId: 'MI003', service: 'storage', kind: 'sasToken', confidence: 'high', secret, priority: 3, noEntropy: true, ...(emulator ? { emulator } : {}), extracted: accountName ? { accountName } : {} });
          return;
        }
        // Service Bus / Event Hubs SAS: SharedAccessSignature sr=<uri>&sig=<sig>&se=<epoch>&skn=<rule>
        const around = w.text.slice(Math.max(0, secret.start - 600), Math.min(w.text.length, secret.end + 200));
        if (/skn=/i.test(around) && /se=\d{9,}/i.test(around) && /servicebus|eventhub|SharedAccessSignature/i.test(around)) {
          out.push({ ruleId: 'MI004', service: /eventhub/i.test(around) ? 'eventHubs' : 'serviceBus', kind: 'sasToken', confidence: 'high', secret, priority: 3, noEntropy: true, extracted: messagingContext(w.text, secret.start) });
        }
      });
    },
  },
  {
    name: 'SharedAccessKey setting',
    triggers: ['sharedaccesskey'],
    before: 10,
    after: 70,
    find(w, out) {
      each(sharedAccessKeyPattern, w, (_m, secret) => {
        const around = w.text.slice(Math.max(0, secret.start - 800), Math.min(w.text.length, secret.end + 300));
        if (/azure-devices(?:-provisioning)?\.net|HostName=/i.test(around) && !/servicebus/i.test(around)) {
          // IoT Hub / DPS / device connection string: HostName=<hub>.azure-devices.net;…;SharedAccessKey=<key>
          out.push({ ruleId: 'MI018', service: 'iotHub', kind: 'accessKey', confidence: /azure-devices/i.test(around) ? 'high' : 'medium', secret, priority: 1, extracted: iotContext(w.text, secret.start) });
          return;
        }
        const extracted = messagingContext(w.text, secret.start);
        const eventHubs = /event[_-]?hubs?|eventhub|\bEH_|_EH\b/i.test(around) && (extracted.entityPath !== undefined || /eventhub/i.test(around));
        const relay = /relay|hybrid[_-]?connection/i.test(around);
        const service: AzureService = relay ? 'relay' : eventHubs ? 'eventHubs' : 'serviceBus';
        out.push({ ruleId: 'MI004', service, kind: 'sharedAccessKey', confidence: extracted.namespace ? 'high' : 'medium', secret, priority: 1, extracted });
      });
    },
  },
];

// ---------------------------------------------------------------------------------------------------
// Database passwords: connection strings, URIs and configuration objects.

/** The DNS suffixes of Azure SQL, PostgreSQL, MySQL/MariaDB and Synapse SQL servers. */
const azureDbSuffix = /\.(?:database\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net|cloudapi\.de)|(?:postgres|mysql|mariadb)\.database\.(?:azure\.com|chinacloudapi\.cn|usgovcloudapi\.net)|sql\.azuresynapse\.net)/gi;

function isHostLabelChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45;
}

/**
 * The first Azure database host name in `text` (`srv.database.windows.net`): a whole DNS label of 1-63
 * letters, digits and hyphens, starting with a letter or digit, before a known suffix. Searches for the
 * literal suffix and walks back over the label; a regular expression starting at the label would try
 * every position of the text.
 */
function findAzureDbHost(text: string): string | undefined {
  azureDbSuffix.lastIndex = 0;
  for (let m = azureDbSuffix.exec(text); m; m = azureDbSuffix.exec(text)) {
    let start = m.index;
    while (start > 0 && m.index - start <= 63 && isHostLabelChar(text.charCodeAt(start - 1))) start--;
    const length = m.index - start;
    if (length >= 1 && length <= 63 && text.charCodeAt(start) !== 45) return text.slice(start, m.index + m[0].length);
  }
  return undefined;
}
const localHost = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|0\.0\.0\.0|::1|\[::1\]|\(local\)|\.|\(localdb\).*|host\.docker\.internal|[a-z][a-z0-9_-]{0,30})$/i;

interface DbContext {
  service: AzureService;
  azure: boolean;
  host?: string;
  extracted: Extracted;
}

function serviceOfHost(host: string): AzureService | undefined {
  if (/\.postgres\.database\./i.test(host)) return 'postgresql';
  if (/\.(?:mysql|mariadb)\.database\./i.test(host)) return 'mysql';
  if (/\.database\.|azuresynapse/i.test(host)) return 'sql';
  return undefined;
}

/** Server, database and user from a connection string / URI / config object around a password. */
function databaseContext(context: string, schemeHint?: string, knownAzureHost?: string): DbContext {
  const azureHost = knownAzureHost ?? findAzureDbHost(context);
  const explicitHost =
    /(?:Server|Data Source|Host|Hostname|Address|Addr|Network Address)\s*=\s*(?:tcp:)?([^;,"'`\s\\]{1,200})/i.exec(context)?.[1] ??
    /jdbc:[a-z]{3,12}:\/\/([^;:/"'`\s\\?]{1,200})/i.exec(context)?.[1] ??
    /["']?(?:server|host|hostname)["']?\s*[:=]\s*["']([^"'\s]{1,200})["']/i.exec(context)?.[1];
  const host = azureHost ?? explicitHost?.replace(/,\d+$/, '');
  const database =
    /(?:Initial Catalog|Database|dbname)\s*=\s*([^;"'`\n\\]{1,128})/i.exec(context)?.[1] ??
    /["']?(?:database|dbname|db)["']?\s*[:=]\s*["']([^"'\n]{1,128})["']/i.exec(context)?.[1] ??
    /:\/\/[^/\s"'`]{1,300}\/([A-Za-z0-9_-]{1,64})(?=[?"'`\s;]|$)/.exec(context)?.[1];
  const user =
    // `&` ends a JDBC / URL query parameter (`?user=admin&password=...`): the value must stop there.
    /(?:User ID|UserID|UID|User|Username|User Name)\s*=\s*([^;&"'`\n\\]{1,128})/i.exec(context)?.[1] ??
    /["']?(?:user|username|uid)["']?\s*[:=]\s*["']([^"'\n]{1,128})["']/i.exec(context)?.[1];
  const hinted = schemeHint ?? context;
  const service: AzureService =
    (host ? serviceOfHost(host) : undefined) ??
    (/postgres|Npgsql|sslmode|:5432/i.test(hinted) ? 'postgresql' : /mysql|mariadb|:3306/i.test(hinted) ? 'mysql' : 'sql');
  const extracted: Extracted = { ...(host ? { server: host } : {}), ...(database ? { database: database.trim() } : {}), ...(user ? { user: user.trim() } : {}) };
  return { service, azure: azureHost !== undefined, host, extracted };
}

/** The start of a call or member access: `get_token(`, `process.env.X`, `os.environ.get(`. */
const codeReference = '[A-Za-z_$][\\w$]*(?:\\.[\\w$]+)*\\(|[A-Za-z_$][\\w$]*\\.[A-Za-z_$]';
const codeReferenceStart = new RegExp(`^(?:${codeReference})`);

const passwordValueInString = `(?:\\{([^}\\n]{1,128})\\}|'([^'\\n]{1,128})'|([^;"'\`\\s\\\\&]{1,128}))`;

const connectionStringPasswordPattern = re(`(?:Password|Pwd)\\s*=\\s*${passwordValueInString}`, 'gdi');
const databaseUriPattern = re('(?<![A-Za-z0-9+.-])(postgres(?:ql)?|mysql|mariadb|sqlserver|mssql)(?:\\+[a-z0-9]{1,20})?://([^:/@\\s"\'`\\\\]{1,64}):([^@\\s"\'`\\\\/]{1,128})@([A-Za-z0-9.-]{1,200})', 'gdi');
// An unquoted value ends where a URL query's next parameter starts (`password=x&useSSL=true`).
const configuredPasswordPattern = re(`(password|passwd|pwd)\\\\?["'\`]?\\s*(?::=|=>|:|=)\\s*(?:\\\\?(["'\`])([^"'\`\\n\\\\]{1,128})\\\\?["'\`]|((?:[^\\s"'\`,;{}()\\[\\]#&]|&(?![A-Za-z_]\\w*=)){1,128}))`, 'gdi');

const templateParameterPasswordPattern = re(`"(\\w*password\\w*)"\\s*:\\s*\\{[^{}]{0,200}?"(?:value|defaultValue)"\\s*:\\s*"([^"\\n]{1,128})"`, 'gdi');
const bicepParameterPasswordPattern = re(`\\bparam\\s+(\\w*password\\w*)\\s+string\\s*=\\s*'([^'\\n]{1,128})'`, 'gdi');
const secureStringPattern = re(`ConvertTo-SecureString\\s+(?:-String\\s+)?(["'])([^"'\\n]{4,128})\\1[^\\n]{0,60}?-AsPlainText`, 'gdi');

/** The database service a template or script provisions, from its resource types and commands. */
function provisionedDatabase(context: string): AzureService {
  return /DBforPostgreSQL|postgres|New-AzPostgreSql/i.test(context) ? 'postgresql' : /DBforMySQL|mysql|New-AzMySql/i.test(context) ? 'mysql' : 'sql';
}

const databases: Detector[] = [
  {
    // Code whose Azure database host is in another statement: `cfg.setPassword("…")` on a Hikari / JDBC data
    // source whose URL is a constant elsewhere in the file, `connect(password=pw)` with `pw = "…"` above it.
    name: 'database password in another statement',
    triggers: ['setpassword', 'withpassword', 'password'],
    followedBy: /\s*\(\s*["']|\s*=\s*[A-Za-z_]\w{0,40}\s*[,)\r\n]|["']\s*,\s*["']/y,
    before: 20,
    after: 200,
    find(w, out) {
      if (!isCodeKind(w.kind)) return;
      const service = azureDatabaseInText(w.text);
      if (service === undefined) return;
      const report = (secret: OffsetRange): void => {
        const value = w.text.slice(secret.start, secret.end);
        if (isPlaceholder(value) || isCodeReference(value)) return;
        // A Redis client's password next to a Redis host is the cache's access key (the configured detector says so).
        if (redisIsNearer(w.text, secret.start) || redisIsNearer(w.text, w.start)) return;
        out.push({ ruleId: 'MI006', service, kind: 'password', confidence: 'high', secret, priority: 3, noEntropy: true, extracted: {} });
      };
      each(passwordSetterPattern, w, (_m, secret) => report(secret), 2);
      each(passwordPropertyPattern, w, (_m, secret) => report(secret));
      each(passwordArgumentVariablePattern, w, (m, _name, start) => {
        const assigned = literalAssignedTo(w.text, m[1] ?? '', start);
        if (assigned) report(assigned);
      });
    },
  },
  {
    // ARM parameter files and templates (`"administratorLoginPassword": { "value": "…" }`) and Bicep
    // parameters (`param administratorLoginPassword string = '…'`): the administrator password of a server.
    name: 'template administrator password',
    triggers: ['password'],
    followedBy: /\\?["']?\s*:\s*\{|\s+string\s*=/y,
    before: 80,
    after: 260,
    find(w, out) {
      const visit = (m: RegExpExecArray, secret: OffsetRange, matchStart: number): void => {
        const label = m[1] ?? '';
        if (!/administrator_?(?:login_?)?password|adminpassword|admin_password/i.test(label) && databaseAdminLabel(label, label.length, '') === undefined) return;
        const value = m[2] ?? '';
        if (value.length < 4 || value.startsWith('[')) return; // `[parameters('…')]` is an ARM expression
        const context = w.text.slice(Math.max(0, matchStart - 2000), Math.min(w.text.length, secret.end + 2000));
        out.push({ ruleId: 'MI006', service: provisionedDatabase(context), kind: 'password', confidence: 'high', secret, priority: 3, noEntropy: true, extracted: {} });
      };
      each(templateParameterPasswordPattern, w, visit, 2);
      each(bicepParameterPasswordPattern, w, visit, 2);
    },
  },
  {
    // PowerShell: `ConvertTo-SecureString '<value>' -AsPlainText` for a service principal sign-in or a
    // database server's administrator credential.
    name: 'PowerShell secure string',
    triggers: ['convertto-securestring'],
    before: 10,
    after: 200,
    find(w, out) {
      each(secureStringPattern, w, (_m, secret, matchStart) => {
        const context = w.text.slice(Math.max(0, matchStart - 1500), Math.min(w.text.length, secret.end + 1500));
        // A service principal sign-in, or a PSCredential built from an application id and this secret.
        if (/-ServicePrincipal|Connect-AzAccount|ClientSecret|az\s+login\s+--service-principal/i.test(context) || (/PSCredential/i.test(context) && entraContext(w.text, secret.start).clientId !== undefined)) {
          out.push({ ruleId: 'MI007', service: 'entraId', kind: 'clientSecret', confidence: 'medium', secret, priority: 4, extracted: entraContext(w.text, secret.start) });
        } else if (/New-Az(?:Sql|PostgreSql|MySql)|SqlAdministratorCredentials|AdministratorCredential|-AdministratorLoginPassword/i.test(context)) {
          out.push({ ruleId: 'MI006', service: provisionedDatabase(context), kind: 'password', confidence: 'high', secret, priority: 3, noEntropy: true, extracted: {} });
        }
      }, 2);
    },
  },
  {
    // ADO.NET / ODBC / JDBC connection strings: ...;Password=<value>;...
    name: 'connection string password',
    triggers: ['password', 'pwd'],
    // `find` drops a call or member access written as a statement (`password = process.env.X`, spaces
    // around `=`): no window for it. `password=My9.x` in a connection string or URL is a value.
    followedBy: new RegExp(`(?!\\s+=\\s*(?:${codeReference})|\\s*=\\s+(?:${codeReference}))\\s*=`, 'y'),
    before: 20,
    after: 160,
    find(w, out) {
      each(connectionStringPasswordPattern, w, (m, _unused, matchStart) => {
        if (/[A-Za-z_]/.test(w.text[matchStart - 1] ?? '')) return;
        const group = m.indices?.[1] ? 1 : m.indices?.[2] ? 2 : 3;
        const indices = m.indices?.[group];
        if (!indices) return;
        const secret = { start: w.start + indices[0], end: w.start + indices[1] };
        const value = m[group] ?? '';
        // Braces around an identifier are templating ({password}); around anything else, ODBC quoting.
        if (group === 1 && /^(?:[A-Za-z_][\w.]*|\d+)$/.test(value)) return;
        // A call or member access written as a statement is code (`password = get_token(...)`), not a value.
        if (group === 3 && /\s/.test(m[0].slice(0, indices[0] - m.index)) && codeReferenceStart.test(value)) return;
        // Placeholders are dropped by the value filters anyway: skip the context work for them.
        if (isPlaceholder(value)) return;
        // In source code a connection string lives in a string literal; elsewhere `key=value` is the setting.
        if (isCodeKind(w.kind) && !enclosingLiteral(w.text, { start: matchStart, end: matchStart }) && !insideMultilineLiteral(w.text, matchStart)) return;
        const joined = joinedLiterals(w.text, secret);
        const literal = joined.end > joined.start + 1 && joined.start !== secret.start;
        const from = literal ? joined.start : Math.max(0, matchStart - 600);
        const to = literal ? joined.end : Math.min(w.text.length, secret.end + 400);
        const context = w.text.slice(Math.max(from, matchStart - 1500), Math.min(to, secret.end + 1500));
        if (!/(?:Server|Data Source|Host|Address|Addr|Network Address)\s*=|jdbc:/i.test(context)) return;
        if (/\.redis\.cache\.|redis/i.test(context)) return; // the Redis detector reports these
        if (/Authentication\s*=\s*["']?Active Directory (?:Default|Managed Identity|MSI|Integrated|Interactive|Workload Identity)/i.test(context) && value.length < 4) return;
        const db = databaseContext(context);
        if (db.host && localHost.test(db.host)) return;
        if (!db.azure && !looksLikeRealPassword(value)) return;
        out.push({ ruleId: 'MI006', service: db.service, kind: 'password', confidence: db.azure ? 'high' : 'medium', secret, priority: 2, noEntropy: true, extracted: db.extracted });
      }, 0);
    },
  },
  {
    // postgres://user:pass@host/db, mysql://, sqlserver://, mssql://, mariadb://
    name: 'database URI',
    triggers: ['postgres', 'mysql', 'windows.net'],
    before: 400,
    after: 400,
    find(w, out) {
      each(databaseUriPattern, w, (m, secret) => {
        const host = m[4] ?? '';
        const value = m[3] ?? '';
        if (localHost.test(host) || !host.includes('.')) return;
        const db = databaseContext(m[0], m[1]);
        const azure = serviceOfHost(host) !== undefined;
        if (!azure && !looksLikeRealPassword(value)) return;
        const database = /^[^?#\s"'`]*\/([A-Za-z0-9_-]{1,64})/.exec(w.text.slice(secret.end + host.length + 1, secret.end + host.length + 300))?.[1];
        out.push({
          ruleId: 'MI006', service: db.service, kind: 'password', confidence: azure ? 'high' : 'medium', secret, priority: 2, noEntropy: true,
          extracted: { server: host.replace(/:\d+$/, ''), user: decodeURIComponentSafe(m[2] ?? ''), ...(database ? { database } : {}) },
        });
      }, 3);
    },
  },
  {
    // Configuration objects and settings: password: "..." / DB_PASSWORD=... near an Azure database host,
    // and Azure SQL / PostgreSQL / MySQL administrator passwords in Bicep, ARM and Terraform.
    name: 'configured database password',
    triggers: ['password', 'passwd', 'pwd'],
    followedBy: /\\?["'`]?\s*[:=]/y,
    // In code only a quoted value is reported (`password = process.env.X` is not).
    followedByInCode: /\\?["'`]?\s*(?::=|=>|:|=)\s*\\?["'`]/y,
    before: 40,
    after: 200,
    find(w, out) {
      const quotedOnly = isCodeKind(w.kind);
      each(
        configuredPasswordPattern,
        w,
        (m, _unused, matchStart) => {
          const quoted = m[3] !== undefined;
          const group = quoted ? 3 : 4;
          const indices = m.indices?.[group];
          if (!indices || (!quoted && quotedOnly)) return;
          const secret = { start: w.start + indices[0], end: w.start + indices[1] };
          const value = m[group] ?? '';
          // `settings.db_password` is a reference; a dotted value with digits (`My9.UHPII1nl`) is a password.
          if (!quoted && /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value) && !/\d/.test(value)) return;
          if (isPlaceholder(value)) return; // dropped by the value filters anyway; skip the context work
          // Unquoted, the value must be a whole setting (`password: <value>` as a line's key and value, nothing but a
          // comment after it): `random_password.password: Refreshing state...` in Terraform output and a log line's
          // `DEBUG password: accepted for …` are text, not settings.
          if (!quoted && !isWholeSetting(w.text, matchStart, secret.end)) return;
          const context = w.text.slice(Math.max(0, matchStart - 800), Math.min(w.text.length, secret.end + 800));
          // The Azure database host decides almost every case: look for it once, and before the costlier checks.
          const azureHost = findAzureDbHost(context);
          if ((azureHost === undefined && /\.redis(?:enterprise)?\.cache\.|\.redis\.azure\.net/i.test(context)) || redisIsNearer(w.text, secret.start)) {
            out.push({ ruleId: 'MI008', service: 'redis', kind: 'accessKey', confidence: 'high', secret, priority: 3, noEntropy: true, extracted: redisContext(w.text, secret.start) });
            return;
          }
          if (azureHost === undefined && /\.azurecr\.(?:io|cn|us)/i.test(context)) return; // the registry detector reports these
          const resource =
            azureHost === undefined && isAdminPasswordLabel(w.text, matchStart, m[1] ?? '')
              ? (/Microsoft\.(?:Sql|DBforPostgreSQL|DBforMySQL)\/|azurerm_(?:mssql|sql|postgresql|mysql)|sqlAdministratorLoginPassword/i.exec(context)?.[0] ?? databaseAdminLabel(w.text, matchStart, m[1] ?? ''))
              : undefined;
          if (azureHost === undefined && resource === undefined) return;
          if (value.length < 4) return;
          const db = databaseContext(context, undefined, azureHost);
          const service: AzureService = db.azure ? db.service : /postgres/i.test(resource ?? '') ? 'postgresql' : /mysql/i.test(resource ?? '') ? 'mysql' : 'sql';
          out.push({ ruleId: 'MI006', service, kind: 'password', confidence: 'high', secret, priority: 3, noEntropy: true, extracted: db.extracted });
        },
        0,
      );
    },
  },
];

const settingKeyPrefix = /^\s*(?:export\s+|set\s+|-\s+)?["']?[\w.\-[\]]*$/;
const settingValueSuffix = /^\s*[,;]?\s*(?:(?:#|\/\/)[^\n]*)?$/;

/**
 * True when the setting whose key ends at `keyStart` (the rest of its name before it) and whose unquoted value
 * ends at `valueEnd` fills its line: only the key's name before it, only blanks, a separator or a comment after.
 */
function isWholeSetting(text: string, keyStart: number, valueEnd: number): boolean {
  const line = lineAround(text, keyStart, 400);
  if (!settingKeyPrefix.test(text.slice(line.start, keyStart))) return false;
  const end = lineAround(text, valueEnd, 400).end;
  return settingValueSuffix.test(text.slice(valueEnd, end));
}

const redisHost = /\.redis(?:enterprise)?\.cache\.|\.redis\.azure\.net/gi;

/** True when a Redis host is nearer to `at` than any Azure database host (both within 800 characters). */
function redisIsNearer(text: string, at: number): boolean {
  const redis = distanceTo(text, at, 800, 800, redisHost);
  return redis !== Infinity && redis < distanceTo(text, at, 800, 800, azureDbSuffix);
}

let hostMemoText: string | undefined;
let hostMemo: AzureService | undefined;

/**
 * The Azure database service whose host name appears anywhere in `text` (`….mysql.database.azure.com`, also as
 * the tail of an f-string or a template: `{server}.postgres.database.azure.com`). Computed once per text.
 */
function azureDatabaseInText(text: string): AzureService | undefined {
  if (text === hostMemoText) return hostMemo;
  azureDbSuffix.lastIndex = 0;
  const m = azureDbSuffix.exec(text);
  hostMemoText = text;
  hostMemo = m ? serviceOfHost(`x${m[0]}`) : undefined;
  return hostMemo;
}

const passwordSetterPattern = re(`(?:set|with)Password\\s*\\(\\s*(["'])([^"'\\n\\\\]{4,128})\\1\\s*\\)`, 'gdi');
const passwordPropertyPattern = re(`(?:put|setProperty|add)\\s*\\(\\s*["']password["']\\s*,\\s*["']([^"'\\n\\\\]{4,128})["']`, 'gdi');
const passwordArgumentVariablePattern = re('(?<![\\w.])password\\s*=\\s*([A-Za-z_]\\w{0,40})\\s*[,)\\r\\n]', 'gdi');

/** The string literal last assigned to `name` in the `limit` characters before `offset` (`pw = "…"`). */
function literalAssignedTo(text: string, name: string, offset: number, limit = 4000): OffsetRange | undefined {
  const from = Math.max(0, offset - limit);
  const pattern = new RegExp(`(?<![\\w.$])${name}\\s*(?::\\s*[\\w.]{1,30}\\s*)?=\\s*(["'])([^"'\\n\\\\]{4,128})\\1`, 'gd');
  let found: OffsetRange | undefined;
  const slice = text.slice(from, offset);
  for (let m = pattern.exec(slice); m; m = pattern.exec(slice)) {
    const at = m.indices?.[2];
    if (at) found = { start: from + at[0], end: from + at[1] };
  }
  return found;
}

/** `administratorLoginPassword`, `admin_password`…: the setting name that ends at `at` with `keyword`. */
function isAdminPasswordLabel(text: string, at: number, keyword: string): boolean {
  const label = (/[A-Za-z_.-]{0,40}$/.exec(text.slice(Math.max(0, at - 40), at))?.[0] ?? '') + keyword;
  return /administrator_?(?:login_?)?password|adminpassword|admin_password|sqladminpassword/i.test(label);
}

/** `sql_admin_password`, `pgAdminPassword`: a name that says which database it is the administrator of. */
function databaseAdminLabel(text: string, at: number, keyword: string): string | undefined {
  const label = (/[A-Za-z_.-]{0,40}$/.exec(text.slice(Math.max(0, at - 40), at))?.[0] ?? '') + keyword;
  return /(?:sql|postgres(?:ql)?|pg|psql|mysql|mariadb)_?(?:server_?)?admin(?:istrator)?_?(?:login_?)?password/i.exec(label)?.[0];
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// ---------------------------------------------------------------------------------------------------
// Entra client secrets.

const entraChars = 'A-Za-z0-9_~.\\-';
const entraSecretPattern = re(`(?<![${entraChars}+/])([${entraChars}]{3}\\dQ~[${entraChars}]{31,34})(?![${entraChars}+/])`);
// A value on the next line only when quoted (`secret =\n  "…"`): an empty `CLIENT_SECRET=` does not take the next line.
const clientSecretSettingPattern = re(`(?:client[_.-]?secret|client_credential)(?:[A-Za-z_]{0,12})\\\\?["'\`]?\\s*(?::=|=>|:|=|,|\\s+value\\s*=)(?:[ \\t]*|\\s*(?=\\\\?["'\`]))\\\\?["'\`]?([A-Za-z0-9_~.\\-+/=*:@?\\[\\]]{24,64})(?![A-Za-z0-9_~.\\-+/=*:@?\\[\\]])`, 'gdi');
/** A quoted value in the alphabet of older client secrets (32-44 characters). */
const legacySecretLiteral = re('(["\'`])([A-Za-z0-9_~.\\-+/=*:@?\\[\\]]{32,44})\\1', 'gd');
/** Named as a secret or password: `secret = "`, `"…APPID-SECRET": "`, `"password": "`. */
const legacySecretLabel = /(?:secret|password|passwd|pwd)[\w-]{0,20}\\?["'`]?\s*(?::=|=>|:|=)\s*\\?["'`]$/i;

/** Random enough to be an older client secret: not a GUID, mixed letters with digits or symbols. */
function looksLikeLegacySecret(value: string): boolean {
  return !isGuid(value) && shannonEntropy(value) >= 3.5 && /[A-Za-z]/.test(value) && /[0-9~.\-_+/=]/.test(value);
}

const createFromSecretPattern = re('createFromSecret\\s*\\(\\s*["\']([A-Za-z0-9_~.\\-+/=*:@?\\[\\]]{24,64})["\']', 'gd');
const clientSecretCredentialCallPattern = re('ClientSecretCredential\\s*\\(', 'gdi');

const entra: Detector[] = [
  {
    // Current format: three characters, a version digit, Q~, then 31-34 characters.
    name: 'Entra client secret',
    triggers: ['q~'],
    before: 10,
    after: 40,
    find(w, out) {
      each(entraSecretPattern, w, (_m, secret) => {
        out.push({ ruleId: 'MI007', service: 'entraId', kind: 'clientSecret', confidence: 'high', secret, priority: 1, extracted: entraContext(w.text, secret.start) });
      });
    },
  },
  {
    // Older formats under other names, recognised by the application and tenant ids around them: `secret = "…"`
    // next to `clientID` / `tenantID`, `"…APPID-SECRET": "…"`, `az ad sp create-for-rbac` output
    // `{ "appId", "password", "tenant" }`.
    name: 'legacy Entra client secret (next to its ids)',
    triggers: ['tenant', 'appid'],
    followedBy: /[\w-]{0,20}\\?["'`]?\s*(?::=|=>|:|=)/y,
    before: 500,
    after: 500,
    find(w, out) {
      each(legacySecretLiteral, w, (_m, secret) => {
        const value = w.text.slice(secret.start, secret.end);
        if (!legacySecretLabel.test(logicalPrefix(w.text, secret.start, 200))) return;
        if (!looksLikeLegacySecret(value)) return;
        const extracted = entraContext(w.text, secret.start);
        if (extracted.clientId === undefined && extracted.tenantId === undefined) return;
        out.push({ ruleId: 'MI007', service: 'entraId', kind: 'clientSecret', confidence: extracted.clientId !== undefined && extracted.tenantId !== undefined ? 'high' : 'medium', secret, priority: 4, extracted });
      }, 2);
    },
  },
  {
    // Older formats only next to a client-secret name or as ClientSecretCredential's third argument.
    name: 'legacy Entra client secret',
    triggers: ['client_secret', 'clientsecret', 'client-secret', 'client_credential', 'createfromsecret'],
    before: 10,
    after: 320,
    find(w, out) {
      const push = (secret: OffsetRange) => {
        const value = w.text.slice(secret.start, secret.end);
        if (isUrl(value) || isCodeReference(value, w.text[secret.end])) return;
        if (!looksLikeLegacySecret(value)) return;
        out.push({ ruleId: 'MI007', service: 'entraId', kind: 'clientSecret', confidence: 'medium', secret, priority: 4, extracted: entraContext(w.text, secret.start) });
      };
      each(
        clientSecretSettingPattern,
        w,
        (_m, secret) => push(secret),
      );
      // MSAL for Java: ClientCredentialFactory.createFromSecret("…"), the argument often on a line of its own.
      each(createFromSecretPattern, w, (_m, secret) => push(secret));
      each(clientSecretCredentialCallPattern, w, (m) => {
        const argsStart = w.start + m.index + m[0].length;
        const args = w.text.slice(argsStart, Math.min(w.text.length, argsStart + 300));
        const found: OffsetRange[] = [];
        const literal = /(["'`])([^"'`\n]{0,200})\1|\)/g;
        for (let x = literal.exec(args); x && x[0] !== ')' && found.length < 3; x = literal.exec(args)) {
          const start = argsStart + x.index + 1;
          found.push({ start, end: start + (x[2]?.length ?? 0) });
        }
        const third = found[2];
        if (third && third.end > third.start) push(third);
      }, 0);
    },
  },
];

// ---------------------------------------------------------------------------------------------------
// Redis, App Configuration, SignalR / Web PubSub, Event Grid, Functions, Container Registry.

const redisConnectionStringPattern = re(`(?<![a-z0-9-])([a-z0-9-]{1,63}\\.redis(?:enterprise)?\\.cache\\.(?:windows\\.net|azure\\.net|chinacloudapi\\.cn|usgovcloudapi\\.net)|[a-z0-9-]{1,63}\\.[a-z0-9-]{1,30}\\.redis\\.azure\\.net)(?::\\d{2,5})?,[^"'\`\\n]{0,200}?password=([^,"'\`\\s\\\\]{8,128})`, 'gdi');
const redisUriPattern = re('rediss?://[^:/@\\s"\'`]{0,64}:([^@\\s"\'`/\\\\]{8,128})@([A-Za-z0-9.-]{1,200})', 'gdi');
const redisCliPattern = re(`redis-cli\\b[^\\n|;&]{0,300}?\\s(?:-a|--pass)\\s+["']?([^\\s"']{16,128})`, 'gdi');
const redisKeySettingPattern = re(`redis[A-Za-z_.-]{0,30}(?:key|password|pwd)\\\\?["'\`]?\\s*(?::=|=>|:|=)\\s*\\\\?["'\`]?([${b64}]{43}=)${na}`, 'gdi');
const appConfigConnectionStringPattern = re('Endpoint=(https://[a-z0-9-]{1,50}\\.azconfig\\.(?:io|azure\\.us|azure\\.cn))/?;\\s*Id=[^;"\'`\\s]{1,100};\\s*Secret=([A-Za-z0-9+/=]{20,100})', 'gdi');
const signalRConnectionStringPattern = re(`Endpoint=(https?://[a-z0-9-]{1,63}\\.(service\\.signalr\\.net|webpubsub\\.azure\\.com|signalr\\.azure\\.(?:us|cn)|webpubsub\\.azure\\.(?:us|cn)))[^"'\`\\n]{0,100}?;\\s*AccessKey=([${b64}]{43}=)${na}`, 'gdi');
const communicationConnectionStringPattern = re(`endpoint=(https://[a-z0-9][a-z0-9-]{0,62}\\.(?:[a-z]{2,20}\\.)?communication\\.azure\\.(?:com|us|cn))/?;\\s*accesskey=([${b64}]{86}==)${na}`, 'gdi');
const topicCredentialsPattern = re(`TopicCredentials\\s*\\(\\s*["']([${b64}]{43}=)["']`, 'gd');
const eventGridKeyPattern = re(`(?:aeg-sas-key|event_?grid[A-Za-z_.-]{0,30}key|topic_?(?:access_?)?key)\\\\?["'\`]?\\s*(?::=|=>|:|=|,)\\s*\\\\?["'\`]?([${b64}]{43}=)${na}`, 'gdi');
const functionUrlCodePattern = re('(https://[a-z0-9-]{1,60}\\.azurewebsites\\.(?:net|us|cn))/api/[^\\s"\'`?]{0,200}\\?(?:[^\\s"\'`#]{0,300}?&(?:amp;)?)?code=([A-Za-z0-9_\\-/+%]{20,110}(?:={0,2}))', 'gdi');
const functionKeyQueryParameterPattern = re('"key"\\s*:\\s*"code"\\s*,\\s*"value"\\s*:\\s*"([A-Za-z0-9_\\-/+%]{20,110}={0,2})"', 'gd');
const functionsKeyHeaderPattern = re('x-functions-key\\\\?["\'`]?\\s*(?::|=|,)\\s*\\\\?["\'`]?([A-Za-z0-9_\\-/+]{20,100}={0,2})', 'gdi');
const registryCredentialOutputPattern = re('"name"\\s*:\\s*"password2?"\\s*,\\s*"value"\\s*:\\s*"([A-Za-z0-9+/=]{20,64})"', 'gd');
const registryPasswordByNamePattern = re('(?:acr|registry)[\\w-]{0,20}password\\\\?["\'`]?\\s*(?::=|=>|:|=)[ \\t]*\\\\?["\'`]?([A-Za-z0-9+/=]{20,64})(?![A-Za-z0-9+/=])', 'gdi');
const passwordStdinPattern = re(`(?:echo|printf)\\s+(?:-n\\s+)?["']?([A-Za-z0-9+/=]{20,64})["']?\\s*\\|\\s*(?:sudo\\s+)?(?:docker|podman|helm\\s+registry|oras)\\s+login\\b[^\\n]{0,200}--password-stdin`, 'gdi');
const passwordArgumentPattern = re('(?:\\s(?:-p|--password)(?:\\s+|=)|password\\\\?["\'`]?\\s*(?::=|=>|:|=)\\s*)\\\\?["\'`]?([A-Za-z0-9+/=]{20,64})(?![A-Za-z0-9+/=])', 'gdi');

const services: Detector[] = [
  {
    name: 'Redis',
    triggers: ['redis'],
    before: 300,
    after: 500,
    find(w, out) {
      // StackExchange.Redis: host:6380,password=<key>,ssl=True (only where a Redis host is: the pattern backtracks)
      if (/\.redis(?:enterprise)?\.cache\.|\.redis\.azure\.net/i.test(w.slice)) {each(redisConnectionStringPattern, w, (m, secret) => {
        out.push({ ruleId: 'MI008', service: 'redis', kind: 'accessKey', confidence: 'high', secret, priority: 1, extracted: { server: m[1] ?? '' } });
      }, 2);}
      // rediss://:<key>@host:6380
      each(redisUriPattern, w, (m, secret) => {
        const host = m[2] ?? '';
        if (!/\.redis(?:enterprise)?\.cache\.|\.redis\.azure\.net/i.test(host)) return;
        out.push({ ruleId: 'MI008', service: 'redis', kind: 'accessKey', confidence: 'high', secret, priority: 1, extracted: { server: host.replace(/:\d+$/, '') } });
      });
      // redis-cli -h x.redis.cache.windows.net -p 6380 --tls -a <key>
      if (w.slice.includes('redis-cli')) {
        each(redisCliPattern, w, (m, secret) => {
          const host = /(?:^|\s)(?:-h|--host)\s+([A-Za-z0-9.-]+)/.exec(m[0])?.[1] ?? '';
          if (!/\.redis(?:enterprise)?\.cache\.|\.redis\.azure\.net/i.test(host)) return;
          out.push({ ruleId: 'MI008', service: 'redis', kind: 'accessKey', confidence: 'high', secret, priority: 1, extracted: { server: host } });
        });
      }
      // REDIS_KEY=<44 base64>, redis_access_key: "..."
      each(redisKeySettingPattern, w, (_m, secret) => {
        out.push({ ruleId: 'MI008', service: 'redis', kind: 'accessKey', confidence: 'high', secret, priority: 2, extracted: redisContext(w.text, secret.start) });
      });
    },
  },
  {
    name: 'App Configuration',
    triggers: ['azconfig'],
    before: 60,
    after: 400,
    find(w, out) {
      each(appConfigConnectionStringPattern, w, (m, secret) => {
        out.push({ ruleId: 'MI009', service: 'appConfiguration', kind: 'connectionString', confidence: 'high', secret, priority: 1, extracted: { endpoint: m[1] ?? '' } });
      }, 2);
    },
  },
  {
    // Endpoint=https://<name>.service.signalr.net;AccessKey=<44>;… and, for Communication Services,
    // endpoint=https://<resource>.communication.azure.com/;accesskey=<88 base64>
    name: 'SignalR / Web PubSub / Communication Services',
    triggers: ['accesskey'],
    before: 300,
    after: 100,
    find(w, out) {
      each(signalRConnectionStringPattern, w, (m, secret) => {
        const webPubSub = /webpubsub/i.test(m[2] ?? '');
        out.push({ ruleId: 'MI013', service: webPubSub ? 'webPubSub' : 'signalR', kind: 'accessKey', confidence: 'high', secret, priority: 1, extracted: { endpoint: m[1] ?? '' } });
      }, 3);
      each(communicationConnectionStringPattern, w, (m, secret) => {
        out.push({ ruleId: 'MI021', service: 'communicationServices', kind: 'connectionString', confidence: 'high', secret, priority: 1, extracted: { endpoint: m[1] ?? '' } });
      }, 2);
    },
  },
  {
    name: 'Event Grid',
    triggers: ['aeg-sas-key', 'eventgrid'],
    // `"TopicKey": "…"` may come before `"TopicEndpoint": "https://….eventgrid.azure.net/…"`, and
    // `new TopicCredentials(key)` before `new EventGridClient(credentials)`.
    before: 400,
    after: 120,
    find(w, out) {
      each(eventGridKeyPattern, w, (_m, secret) => {
        out.push({ ruleId: 'MI014', service: 'eventGrid', kind: 'accessKey', confidence: 'high', secret, priority: 2, extracted: eventGridContext(w.text, secret.start) });
      });
      if (w.slice.includes('TopicCredentials')) {
        each(topicCredentialsPattern, w, (_m, secret) => {
          out.push({ ruleId: 'MI014', service: 'eventGrid', kind: 'accessKey', confidence: 'high', secret, priority: 2, extracted: eventGridContext(w.text, secret.start) });
        });
      }
    },
  },
  {
    name: 'Functions key',
    triggers: ['azurewebsites', 'x-functions-key'],
    before: 200,
    after: 500,
    find(w, out) {
      each(functionUrlCodePattern, w, (m, secret) => {
        out.push({ ruleId: 'MI012', service: 'functions', kind: 'functionKey', confidence: 'high', secret, priority: 2, extracted: { endpoint: m[1] ?? '' } });
      }, 2);
      // A Postman collection's query parameter: { "key": "code", "value": "<key>" } under an azurewebsites host.
      each(functionKeyQueryParameterPattern, w, (_m, secret) => {
        out.push({ ruleId: 'MI012', service: 'functions', kind: 'functionKey', confidence: 'high', secret, priority: 2, extracted: functionsContext(w.text, secret.start) });
      });
      each(functionsKeyHeaderPattern, w, (_m, secret) => {
        out.push({ ruleId: 'MI012', service: 'functions', kind: 'functionKey', confidence: 'medium', secret, priority: 2, extracted: functionsContext(w.text, secret.start) });
      });
    },
  },
  {
    // A registry admin password named as one, with no login server in sight: Terraform variables
    // (`acr_admin_password = "…"`), Bicep / ARM parameters, pipeline variables.
    name: 'Container Registry password (by name)',
    triggers: ['"passwords"', 'acr_admin_password', 'acradminpassword', 'acr_password', 'acrpassword', 'acr-password', 'registry_password', 'registrypassword', 'registry-password', 'registry_admin_password', 'registryadminpassword'],
    before: 40,
    after: 400,
    find(w, out) {
      each(registryPasswordByNamePattern, w, (_m, secret) => {
        out.push({ ruleId: 'MI011', service: 'containerRegistry', kind: 'registryPassword', confidence: 'medium', secret, priority: 3, extracted: registryContext(w.text, secret.start) });
      });
      // `az acr credential show`: { "passwords": [ { "name": "password", "value": "…" }, … ], "username": "…" }
      each(registryCredentialOutputPattern, w, (_m, secret) => {
        out.push({ ruleId: 'MI011', service: 'containerRegistry', kind: 'registryPassword', confidence: 'high', secret, priority: 3, extracted: registryContext(w.text, secret.start) });
      });
    },
  },
  {
    // Admin user password next to a registry: docker login x.azurecr.io -u x -p <pw>, password: "..."
    name: 'Container Registry password',
    triggers: ['azurecr'],
    before: 400,
    after: 400,
    find(w, out) {
      if (/password|\s-p[\s=]/i.test(w.slice)) {each(passwordArgumentPattern, w, (_m, secret) => {
        out.push({ ruleId: 'MI011', service: 'containerRegistry', kind: 'registryPassword', confidence: 'medium', secret, priority: 3, extracted: registryContext(w.text, secret.start) });
      });}
      // echo '<pw>' | docker login x.azurecr.io --password-stdin
      if (w.slice.includes('--password-stdin')) {
        each(passwordStdinPattern, w, (_m, secret) => {
          out.push({ ruleId: 'MI011', service: 'containerRegistry', kind: 'registryPassword', confidence: 'medium', secret, priority: 3, extracted: registryContext(w.text, secret.start) });
        });
      }
    },
  },
];

// ---------------------------------------------------------------------------------------------------
// Azure OpenAI / AI services / AI Search keys, Event Grid keys in AzureKeyCredential, APIM keys.

const keyLabel =
  '(?:(?:api|openai|search|admin|query|cognitive|services|subscription|speech|vision|language|translator|account|ai|primary|secondary|endpoint|resource)[_.-]?key|AzureKeyCredential\\s*\\(|KeyCredential\\s*\\(|SpeechConfig\\s*\\(\\s*(?:subscription\\s*=\\s*)?|Ocp-Apim-Subscription-Key|api-key)';

const aiKeys: Detector[] = [
  {
    name: 'AI services key',
    triggers: ['openai', 'search.windows.net', 'cognitive', 'ai.azure.com', 'ocp-apim', 'eventgrid.azure.net'],
    before: 800,
    after: 800,
    find: findAiKeys,
  },
  {
    // `AZURE_SPEECH_KEY=...`, `new AzureKeyCredential("...")`: the Azure hint is in the label itself.
    name: 'AI services key (Azure label)',
    triggers: ['azure', 'speech'],
    // The trigger is part of the label: AZURE_OPENAI_KEY, AzureKeyCredential(, SPEECH_KEY, SpeechConfig(.
    followedBy: /[\w.-]{0,30}?key|\w{0,10}config\s*\(/iy,
    before: 40,
    after: 140,
    find: findAiKeys,
  },
  {
    // Keys named by their place in configuration, with no endpoint in sight: `"Search": { "ApiKey": "…" }`,
    // `"Translator": { "Key": "…" }`, a Kubernetes `search-admin-key`. The names must say which service.
    name: 'AI services key (configuration name)',
    triggers: ['search', 'translator'],
    // `"Search": {`, `search-admin-key:`, `SEARCH_API_KEY=`, `"Translator": {`: a section or a key name.
    followedBy: /[\w.-]{0,30}?key|\\?["']?\s*:\s*(?:\{|$)/iy,
    before: 40,
    after: 400,
    find: findAiKeys,
  },
];

/** A key label shortly before the value (same logical line). */
const labelledBefore = new RegExp(`${keyLabel}[^\\n]{0,40}$`, 'i');
/** The value is one of a list of keys: `ADMIN_KEYS = ["…", "`. */
const labelledListBefore = new RegExp(`${keyLabel}\\w*\\\\?["'\`]?\\s*[:=]\\s*\\[(?:\\s*["'][A-Za-z0-9+/=]{32,88}["']\\s*,){0,8}\\s*["']$`, 'i');
/** A variable or setting called just `key` (or `subscription_key`): a key only with an AI endpoint nearby. */
const plainKeyBefore = /(?:^|[^\w.-])(?:key|subscription_?key|subscriptionKey)\\?["'`]?\s*(?::=|=>|:|=)\s*\\?["'`]$/i;
/** A configuration path ending in a key's name: `Translator: Key: `, `Search: ApiKey: `, `search-admin-key: `. */
const pathKeyLabel = /(?:^|: )[\w.-]*?(?:api|admin|query|subscription|access)?[_.-]?key\d?: $/i;
/** The services whose names, in a configuration path or a variable, say what the key is for. */
const aiServiceWords = /openai|search|cognitive|translator|speech|vision|language|textanalytics|formrecognizer|documentintelligence|contentsafety|face|anomaly|personalizer|luis|qna|customvision|aiservices|ai[_.-]?services|azure[_.-]?ai/i;

function findAiKeys(w: ScanWindow, out: Candidate[]): void {
  // Every label has "key" in it, or is SpeechConfig(: most windows around "azure" have neither.
  if (!/key|speechconfig/i.test(w.slice)) return;
  eachKeyRun(w, [32, 44, 52], (secret, value) => {
    if (value.length === 32 ? !/^[a-fA-F0-9]{32}$/.test(value) : value.length === 52 ? !/^[A-Za-z0-9]{52}$/.test(value) : !isSharedAccessKeyShape(value)) return;
    // The names the value has: the logical line before it (a formatter may have broken the call or the
    // assignment over lines) and, in structured configuration, the keys of its enclosing sections.
    const line = logicalPrefix(w.text, secret.start, 240);
    const path = configPath(w.text, secret.start);
    const label = `${path}${line}`;
    const extracted = aiContext(w.text, secret.start);
    const endpoint = extracted.endpoint?.toLowerCase() ?? '';
    const labelled = labelledBefore.test(line) || labelledBefore.test(path) || labelledListBefore.test(line) || (pathKeyLabel.test(path) && aiServiceWords.test(path));
    const plain = !labelled && endpoint !== '' && plainKeyBefore.test(line);
    if (!labelled && !plain) return;
    const before = w.text.slice(Math.max(0, secret.start - 300), secret.start).toLowerCase();
    // A Key Vault object version (`…/secrets/openai-key/<32 hex>`) names a secret; it is not one.
    if (/\/(?:secrets|keys|certificates)\/[a-z0-9-]{1,127}\/$/.test(before)) return;
    const names = label.toLowerCase();
    if (value.length === 44) {
      // 44-character base64: Event Grid topic keys in AzureKeyCredential / settings.
      if (distanceTo(w.text, secret.start, 800, 800, /eventgrid/gi) === Infinity) return;
      out.push({ ruleId: 'MI014', service: 'eventGrid', kind: 'accessKey', confidence: 'high', secret, priority: 3, extracted: eventGridContext(w.text, secret.start) });
      return;
    }
    const hint = `${endpoint} ${names} ${before}`;
    if (value.length === 52 && !/search/.test(hint)) return;
    if (/azure-api\.net/.test(endpoint) || (/ocp-apim/i.test(label) && !/openai|cognitive|search|speech|vision|translator|language/.test(hint))) {
      out.push({ ruleId: 'MI016', service: 'apiManagement', kind: 'apiKey', confidence: /azure-api\.net/.test(hint) ? 'high' : 'medium', secret, priority: 4, extracted });
      return;
    }
    if (!endpoint && !/azure/.test(`${names} ${before}`) && !aiServiceWords.test(names) && !/openai|cognitive|search|speech/.test(before)) return;
    const which = endpoint || names || before;
    const service: AzureService = /search/.test(which) ? 'search' : /openai/.test(which) ? 'openAi' : /search/.test(before) ? 'search' : /openai/.test(before) ? 'openAi' : 'aiServices';
    out.push({ ruleId: 'MI010', service, kind: 'apiKey', confidence: endpoint ? 'high' : 'medium', secret, priority: 3, extracted });
  });
}

// ---------------------------------------------------------------------------------------------------
// Credentials in URLs to Azure hosts: https://user:password@host

const urlCredentialsPattern = re('(?<![A-Za-z0-9+.-])(https?|ftps?|amqps?|wss?|mongodb(?:\\+srv)?|git\\+https)://([^:@/\\s"\'`\\\\]{0,64}):([^@/\\s"\'`\\\\]{3,128})@([A-Za-z0-9.-]{1,200})', 'gdi');

const urls: Detector[] = [
  {
    name: 'URL credentials',
    triggers: ['azure', 'windows.net'],
    before: 500,
    after: 100,
    find(w, out) {
      if (!w.slice.includes('@') || !w.slice.includes('://')) return;
      each(urlCredentialsPattern, w, (m, secret) => {
        const host = (m[4] ?? '').toLowerCase();
        if (!/(?:\.windows\.net|\.azure\.com|\.azure\.net|\.azurecr\.io|\.azurewebsites\.net|\.azure-api\.net|\.azure-devices\.net|\.azurestaticapps\.net|\.azurefd\.net|\.visualstudio\.com|dev\.azure\.com|\.chinacloudapi\.cn|\.usgovcloudapi\.net)$/.test(host)) return;
        const user = decodeURIComponentSafe(m[2] ?? '');
        const construct = { start: secret.start - (m[0].length - (m[4] ?? '').length - 1 - (m[3] ?? '').length), end: secret.end + 1 + (m[4] ?? '').length };
        if (host.endsWith('.azurecr.io')) {
          out.push({ ruleId: 'MI011', service: 'containerRegistry', kind: 'registryPassword', confidence: 'high', secret, construct, priority: 3, noEntropy: true, extracted: { server: host, ...(user ? { user } : {}) } });
          return;
        }
        if (/\.documents\.azure\.com$|\.mongo\.cosmos\.azure\.com$/.test(host)) {
          out.push({ ruleId: 'MI005', service: 'cosmosDb', kind: 'accountKey', confidence: 'high', secret, construct, priority: 2, extracted: { endpoint: `https://${host.replace('.mongo.cosmos.', '.documents.')}:443/`, accountName: host.split('.')[0] ?? '' } });
          return;
        }
        if (/\.redis\.cache\.windows\.net$|\.redis\.azure\.net$/.test(host)) {
          out.push({ ruleId: 'MI008', service: 'redis', kind: 'accessKey', confidence: 'high', secret, construct, priority: 2, extracted: { server: host } });
          return;
        }
        if (/\.servicebus\.windows\.net$/.test(host)) {
          out.push({ ruleId: 'MI004', service: 'serviceBus', kind: 'sharedAccessKey', confidence: 'high', secret, construct, priority: 2, extracted: { namespace: host } });
          return;
        }
        const dbService = serviceOfHost(host);
        if (dbService) {
          out.push({ ruleId: 'MI006', service: dbService, kind: 'password', confidence: 'high', secret, construct, priority: 2, noEntropy: true, extracted: { server: host, ...(user ? { user } : {}) } });
          return;
        }
        out.push({ ruleId: 'MI015', service: 'other', kind: 'urlCredentials', confidence: 'medium', secret, construct, priority: 4, noEntropy: true, extracted: { endpoint: `https://${host}`, ...(user ? { user } : {}) } });
      }, 3);
    },
  },
];

// ---------------------------------------------------------------------------------------------------
// Kubernetes Secrets: `data:` values are base64; decode them and scan what they hold.

const secretDataEntry = /^([ \t]+)["']?([\w.-]{1,253})["']?[ \t]*:[ \t]*["']?([A-Za-z0-9+/]{8,}={0,2})["']?[ \t]*$/;

/** Printable ASCII text (tabs and line breaks allowed): what a credential decodes to, unlike a certificate or a key file. */
function printableText(bytes: Uint8Array): string | undefined {
  let out = '';
  for (const b of bytes) {
    if (b !== 9 && b !== 10 && b !== 13 && (b < 32 || b > 126)) return undefined;
    out += String.fromCharCode(b);
  }
  return out;
}

const kubernetes: Detector[] = [
  {
    name: 'Kubernetes Secret data',
    triggers: ['kind: secret'],
    before: 4000,
    after: 16000,
    find(w, out) {
      if (w.kind !== 'yaml') return;
      // The manifest holding the trigger: between the `---` separators around it.
      const slice = w.slice;
      const entries: { encoded: OffsetRange; decodedAt: number; decodedEnd: number }[] = [];
      let decoded = '';
      const lines = slice.split('\n');
      let offset = w.start;
      let inData = false;
      let dataIndent = -1;
      for (const line of lines) {
        const lineStart = offset;
        offset += line.length + 1;
        if (/^---/.test(line)) {
          inData = false;
          continue;
        }
        if (/^data:\s*$/.test(line)) {
          inData = true;
          dataIndent = -1;
          continue;
        }
        if (!inData) continue;
        const m = secretDataEntry.exec(line.replace(/\r$/, ''));
        const indent = m?.[1]?.length ?? 0;
        if (!m || (dataIndent !== -1 && indent !== dataIndent)) {
          if (/^\S/.test(line)) inData = false;
          continue;
        }
        dataIndent = indent;
        const bytes = decodeBase64(m[3] ?? '');
        const text = bytes ? printableText(bytes) : undefined;
        if (text === undefined || text.length < 8) continue;
        const valueStart = lineStart + line.indexOf(m[3] ?? '', indent + (m[2] ?? '').length);
        decoded += `${m[2]}=`;
        entries.push({ encoded: { start: valueStart, end: valueStart + (m[3] ?? '').length }, decodedAt: decoded.length, decodedEnd: decoded.length + text.length });
        decoded += `${text.replace(/\r?\n/g, ' ')}\n`;
      }
      if (entries.length === 0) return;
      for (const f of w.scanDecoded(decoded)) {
        const entry = entries.find((e) => f.secretRange.start >= e.decodedAt && f.secretRange.start < e.decodedEnd);
        if (!entry) continue;
        const publicValue = f.severity === 'info' && f.confidence === 'low';
        out.push({ ruleId: f.ruleId, service: f.service, kind: f.kind, confidence: f.confidence, secret: entry.encoded, priority: 0, noEntropy: true, ...(publicValue ? { emulator: true } : {}), extracted: f.extracted });
      }
    },
  },
];

/** Every detector, most specific first (ties in `priority` keep this order). */
export const detectors: readonly Detector[] = [...identifiableDetectors, ...storageAndCosmos, ...messaging, ...databases, ...entra, ...services, ...aiKeys, ...urls, ...kubernetes];

/** The value-level false-positive filters: placeholders always, the entropy floor unless waived. */
export function passesValueFilters(candidate: Candidate, value: string): boolean {
  if (candidate.verified) return true;
  if (isPlaceholder(value)) return false;
  if (candidate.noEntropy) return true;
  if (value.length < 20) return true;
  const floor = /^[0-9a-f]+$/i.test(value) ? 3 : value.length >= 60 ? 4 : 3.5;
  return shannonEntropy(value) >= floor;
}

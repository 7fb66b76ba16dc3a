/**
 * The shapes real code has and the clean single-line cases in secretsRules.test.ts do not: values laid out by
 * formatters (arguments on their own lines, a value on the line after its name), keys named by their place in
 * structured configuration, encoded and split values, context in another statement, old keys kept in
 * comments, tool output (`az … keys list`, `az ad sp create-for-rbac`), and Microsoft's identifiable keys with
 * their checksums. Each positive names the rule and the exact secret; each near miss must stay quiet.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeBase64, hasValidChecksum, marvin64 } from '../../src/core/secrets/identifiableChecksum';
import { scanText } from '../../src/core/secrets/scanner';
import type { Finding } from '../../src/core/secrets/types';
import { prng, stringsFrom } from './syntheticRandom';

const random = prng(20261204);
const from = stringsFrom(random);
const b64 = from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const alnum = from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
const hex = from('0123456789abcdef');
const legacyEntra = from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_+/=[]:@?*');

function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/**
 * A key in an identifiable format whose checksum holds, made the way a service makes one: random bytes
 * whose encoding carries the signature at its fixed offset, then the Marvin32 checksum in the last four bytes.
 */
function issuedKey(length: 32 | 64, signature: string, seed: string, prefix = ''): string {
  const sigAt = length === 64 ? 76 : 33;
  for (;;) {
    let text = prefix + b64((length === 64 ? 86 : 43) - prefix.length);
    text = `${text.slice(0, sigAt)}${signature}${length === 32 ? 'A' : ''}${text.slice(sigAt + signature.length + (length === 32 ? 1 : 0))}${length === 64 ? '==' : '='}`;
    const bytes = decodeBase64(text);
    if (!bytes || bytes.length !== length) continue;
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 4; i++) hi = ((hi << 8) | seed.charCodeAt(i)) >>> 0;
    for (let i = 4; i < 8; i++) lo = ((lo << 8) | seed.charCodeAt(i)) >>> 0;
    const [h, l] = marvin64(bytes, hi, lo, 0, length - 4);
    const checksum = (h ^ l) >>> 0;
    for (let i = 0; i < 4; i++) bytes[length - 4 + i] = (checksum >>> (8 * i)) & 0xff;
    const key = encodeBase64(bytes);
    if (key.slice(sigAt, sigAt + signature.length) === signature) return key;
  }
}

interface Shape {
  readonly name: string;
  readonly path: string;
  readonly text: string;
  readonly secret: string;
  readonly ruleId: string;
  readonly service?: string;
  readonly severity?: string;
  readonly extracted?: Record<string, string>;
}

function expectOne(shape: Shape): Finding {
  const findings = scanText(shape.text, { path: shape.path });
  const start = shape.text.indexOf(shape.secret);
  assert.ok(start >= 0, 'the secret is in the text');
  const hits = findings.filter((f) => f.secretRange.start < start + shape.secret.length && start < f.secretRange.end);
  assert.equal(hits.length, 1, `one finding for the secret; got ${findings.map((f) => `${f.ruleId}@${f.secretRange.start}`).join(', ') || 'none'}`);
  const f = hits[0];
  assert.equal(f.ruleId, shape.ruleId);
  assert.deepEqual(f.secretRange, { start, end: start + shape.secret.length }, 'the range is exactly the secret');
  if (shape.service) assert.equal(f.service, shape.service);
  if (shape.severity) assert.equal(f.severity, shape.severity);
  for (const [key, value] of Object.entries(shape.extracted ?? {})) assert.equal(f.extracted[key as keyof Finding['extracted']], value, `extracted.${key}`);
  return f;
}

function expectQuiet(name: string, path: string, text: string, minSeverity: 'info' | 'warning' = 'info'): void {
  const order = { info: 0, warning: 1, error: 2 };
  const findings = scanText(text, { path }).filter((f) => order[f.severity] >= order[minSeverity]);
  assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.severity} ${f.preview}`), [], name);
}

describe('identifiable keys and their checksums', () => {
  it('Marvin32 gives SymCrypt’s published results', () => {
    const hex64 = ([h, l]: [number, number]) => h.toString(16).padStart(8, '0') + l.toString(16).padStart(8, '0');
    assert.equal(hex64(marvin64(new TextEncoder().encode('abc'), 0xd53cd9ce, 0xcd0893b7)), '22c74339492769bf');
    assert.equal(hex64(marvin64(new TextEncoder().encode('abcdefghijklmnopqrstuvwxyz'), 0x0ddddeee, 0xeffff000)), 'a128eb7e7260aca2');
  });

  it('a checksum holds only under the seed it was made with, and not after one character changes', () => {
    const key = issuedKey(64, '+ASt', 'Default0');
    assert.ok(hasValidChecksum(key, ['Default0']));
    assert.ok(!hasValidChecksum(key, ['Classic0']));
    const flipped = `${key.slice(0, 10)}${key[10] === 'A' ? 'B' : 'A'}${key.slice(11)}`;
    assert.ok(!hasValidChecksum(flipped, ['Default0']));
  });

  const iot = issuedKey(32, 'AIoT', 'IoTHub00');
  const iotDevice = issuedKey(32, 'AIoT', 'Device00');
  const batch = issuedKey(64, '+ABa', 'AbAcct00');
  const apim = issuedKey(64, 'APIM', 'Tenant00');
  const ml = issuedKey(64, '+AMC', 'Classic0');
  const storage = issuedKey(64, '+ASt', 'Default0', 'AAAAAAAAAAAA');
  const acsKey = `${b64(86)}==`;
  const shapes: Shape[] = [
    { name: 'IoT Hub key in Terraform plan output', path: 'plan.txt', text: `      + primary_key = "${iot}"\n      + hostname    = "contoso-hub.azure-devices.net"\n`, secret: iot, ruleId: 'MI018', service: 'iotHub', severity: 'error' },
    { name: 'IoT device connection string', path: 'device.py', text: `CONN = "HostName=contoso-hub.azure-devices.net;DeviceId=thermostat-7;SharedAccessKey=${iotDevice}"\n`, secret: iotDevice, ruleId: 'MI018', extracted: { endpoint: 'https://contoso-hub.azure-devices.net' } },
    { name: 'Batch key, not a Storage key', path: 'batch.py', text: `credentials = SharedKeyCredentials("contosobatch", "${batch}")\nclient = BatchServiceClient(credentials, batch_url="https://contosobatch.westeurope.batch.azure.com")\n`, secret: batch, ruleId: 'MI019', service: 'batch', extracted: { endpoint: 'https://contosobatch.westeurope.batch.azure.com' } },
    { name: 'API Management key', path: 'apim.sh', text: `curl -H "Authorization: SharedAccessSignature uid=1&ex=2026-01-01&sn=${apim}" https://contoso.management.azure-api.net\n`, secret: apim, ruleId: 'MI016', service: 'apiManagement', severity: 'warning' },
    { name: 'Machine Learning classic web service key', path: 'score.py', text: `api_key = '${ml}'\n`, secret: ml, ruleId: 'MI020', severity: 'error' },
    { name: 'Communication Services connection string', path: 'sms.ts', text: `const client = new SmsClient("endpoint=https://contoso-acs.communication.azure.com/;accesskey=${acsKey}");\n`, secret: acsKey, ruleId: 'MI021', service: 'communicationServices', extracted: { endpoint: 'https://contoso-acs.communication.azure.com' } },
    { name: 'an issued storage key that looks repetitive is still reported', path: 'a.env', text: `KEY=${storage}\n`, secret: storage, ruleId: 'MI002', severity: 'error' },
  ];
  for (const shape of shapes) it(`${shape.ruleId}: ${shape.name}`, () => void expectOne(shape));

  it('a key with a signature but no valid checksum is reported at warning, not error', () => {
    const handMade = `${b64(33)}AIoTB${b64(5)}=`;
    const f = expectOne({ name: 'hand-made', path: 'x.env', text: `IOTHUB_KEY=${handMade}\n`, secret: handMade, ruleId: 'MI018' });
    assert.equal(f.severity, 'warning');
  });

  it('the same repetitive-looking key without a valid checksum is dropped as a placeholder', () => {
    const fake = `AAAAAAAAAAAA${storage.slice(12, 80)}${storage[80] === 'A' ? 'B' : 'A'}${storage.slice(81)}`;
    expectQuiet('repetitive key, checksum fails', 'a.env', `KEY=${fake}\n`);
  });

  it('a DPS key in az output is reported at high confidence', () => {
    const key = issuedKey(32, 'AIoT', 'DpsKey00');
    const f = expectOne({ name: 'dps', path: 'dps.json', text: `{ "primaryKey": "${key}", "idScope": "0ne00ABC123" }\n`, secret: key, ruleId: 'MI018' });
    assert.equal(f.confidence, 'high');
  });
});

describe('false positives seen on real repositories stay quiet', () => {
  const cases: [string, string, string][] = [
    [
      'Terraform plan output: "password:" followed by a state message, an Azure MySQL host nearby',
      'deploy.log',
      'random_password.password: Refreshing state... [id=none]\nazurerm_mysql_flexible_server.db: Refreshing state... [id=/subscriptions/x/resourceGroups/rg/providers/Microsoft.DBforMySQL/flexibleServers/contoso-mysql]\n\nOutputs:\n\nfqdn = "contoso-mysql.mysql.database.azure.com"\n',
    ],
    [
      'a log line with "password:" in the middle, an Azure PostgreSQL host above',
      'app.log',
      '2024-05-01T10:00:00Z INFO connecting to contoso.postgres.database.azure.com:5432\n2024-05-01T10:00:01Z DEBUG password: accepted for user app\n',
    ],
    [
      'prose in a README: "password:" then words',
      'README.md',
      'Connect to `contoso.database.windows.net` with the admin user.\n\nPassword: the one you chose when you created the server.\n',
    ],
    ['an empty client secret in a .env file does not take the next line', '.env', 'AZURE_CLIENT_ID=6f1c2b3a-1d2e-4f50-8a9b-0c1d2e3f4a5b\nAZURE_CLIENT_SECRET=\nAZURE_TENANT_ID_AND_MORE_SETTINGS_HERE=abcdefghijklmnopqrstuvwx12345\n'],
    ['a configuration read of the client secret (C#)', 'Startup.cs', 'var app = ConfidentialClientApplicationBuilder.Create(clientId)\n    .WithClientSecret(ConfigurationManager.AppSettings["ida:ClientSecret"])\n    .Build();\nstring clientSecret = ConfigurationManager.AppSettings["ClientSecret"];\n'],
    ['a URL constant named like a client credential', 'settings.py', 'AZURE_CLIENT_CREDENTIAL_URI = "https://login.microsoftonline.com/common/oauth2/v2.0/token"\nOAUTH_CLIENT_SECRET_URL = "http://localhost:8080/oauth/secret-callback"\n'],
    ['an AMQP URL with placeholder credentials', 'README.md', 'Use `amqps://SASKeyName:SASKey@YourNamespace.servicebus.windows.net` as the broker URL.\n'],
    ['a Spring placeholder with a default for a Redis password', 'application.yml', 'spring:\n  redis:\n    host: contoso.redis.cache.windows.net\n    port: 6380\n    password: ${REDIS_PASSWORD:changeme}\n    ssl: true\n'],
    ['an obvious dummy Redis password in a ConfigMap', 'configmap.yaml', 'data:\n  REDIS_HOST: contoso.redis.cache.windows.net\n  REDIS_PASSWORD: dummy-password\n'],
    ['empty exports in a README shell block do not take the next line', 'README.md', '```sh\nKEY_VAULT_SSL_BUNDLES_CLIENT_SECRET=\nKEY_VAULT_SSL_BUNDLES_KEYVAULT_URI_01=\n```\n'],
  ];
  for (const [name, path, text] of cases) it(name, () => expectQuiet(name, path, text));
});

describe('passwords that are assigned still count', () => {
  const pw = `Qx7${alnum(9)}!`;
  const shapes: Shape[] = [
    { name: 'YAML key with an unquoted password near an Azure PostgreSQL host', path: 'values.yaml', text: `db:\n  host: contoso.postgres.database.azure.com\n  user: app\n  password: ${pw}\n`, secret: pw, ruleId: 'MI006', service: 'postgresql' },
    { name: '.env password near an Azure SQL host', path: '.env', text: `SQL_SERVER=contoso.database.windows.net\nSQL_PASSWORD=${pw}\n`, secret: pw, ruleId: 'MI006', service: 'sql' },
    { name: 'properties password with a trailing comment', path: 'app.properties', text: `spring.datasource.url=jdbc:mysql://contoso.mysql.database.azure.com:3306/shop\nspring.datasource.password=${pw}   # rotate me\n`, secret: pw, ruleId: 'MI006', service: 'mysql' },
  ];
  for (const shape of shapes) it(`${shape.ruleId}: ${shape.name}`, () => void expectOne(shape));
});

describe('public values are information, not errors', () => {
  const azuriteKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  /** An account SAS for devstoreaccount1 signed with `key`, as Storage Explorer makes one against Azurite. */
  function accountSas(key: string): { query: string; sig: string } {
    const fields = { sp: 'rwdlacup', ss: 'bfqt', srt: 'sco', st: '2024-03-20T14:29:57Z', se: '2031-03-21T14:29:57Z', spr: 'https,http', sv: '2022-11-02' };
    const toSign = ['devstoreaccount1', fields.sp, fields.ss, fields.srt, fields.st, fields.se, '', fields.spr, fields.sv, ''].join('\n') + '\n';
    const sig = encodeURIComponent(createHmac('sha256', Buffer.from(key, 'base64')).update(toSign).digest('base64'));
    const enc = (v: string) => encodeURIComponent(v);
    return { query: `sv=${fields.sv}&ss=${fields.ss}&srt=${fields.srt}&sp=${fields.sp}&se=${enc(fields.se)}&st=${enc(fields.st)}&spr=${enc(fields.spr)}&sig=${sig}`, sig };
  }

  it('a SAS signed with the Azurite key, with no emulator URL near it, is information', () => {
    const { query, sig } = accountSas(azuriteKey);
    const f = expectOne({ name: 'azurite sas', path: 'test/config.ts', text: `export const sasToken = "?${query}";\n`, secret: sig, ruleId: 'MI003' });
    assert.equal(f.severity, 'info');
    assert.match(f.message, /emulator/);
  });

  it('the same SAS signed with another key is an error', () => {
    const { query, sig } = accountSas(`${b64(86)}==`);
    const f = expectOne({ name: 'real sas', path: 'test/config.ts', text: `export const sasToken = "?${query}";\n`, secret: sig, ruleId: 'MI003' });
    assert.equal(f.severity, 'error');
  });

  it('a SAS inside a storage connection string is found (and an Azurite one is information)', () => {
    const real = accountSas(`${b64(86)}==`);
    expectOne({ name: 'conn sas', path: 'appsettings.json', text: `{ "Storage": "BlobEndpoint=https://contosodocs.blob.core.windows.net/;SharedAccessSignature=${real.query}" }\n`, secret: real.sig, ruleId: 'MI003', severity: 'error' });
    const azurite = accountSas(azuriteKey);
    expectOne({ name: 'conn sas azurite', path: 'appsettings.json', text: `{ "Storage": "BlobEndpoint=https://contosodocs.blob.core.windows.net/;SharedAccessSignature=${azurite.query}" }\n`, secret: azurite.sig, ruleId: 'MI003', severity: 'info' });
  });

  it('a documentation key with a keyboard run or a word spliced in is information', () => {
    const key = `${b64(30)}qwerty${b64(50)}==`;
    const f = expectOne({ name: 'doc key', path: 'docs/setup.md', text: `DefaultEndpointsProtocol=https;AccountName=contosodocs;AccountKey=${key};EndpointSuffix=core.windows.net\n`, secret: key, ruleId: 'MI001', severity: 'info' });
    assert.match(f.message, /documentation sample/);
  });
});

describe('formatter shapes: a value on its own line', () => {
  const storageKey = `${b64(86)}==`;
  const sbKey = `${b64(43)}=`;
  const aiKey = hex(32);
  const egKey = `${b64(43)}=`;
  const shapes: Shape[] = [
    {
      name: 'StorageSharedKeyCredential with each argument on its own line (Prettier)', path: 'src/storage.ts', ruleId: 'MI002', service: 'storage', secret: storageKey, extracted: { accountName: 'contosoreports' },
      text: `const credential = new StorageSharedKeyCredential(\n  "contosoreports",\n  "${storageKey}"\n);\nconst client = new BlobServiceClient(\n  "https://contosoreports.blob.core.windows.net",\n  credential\n);\n`,
    },
    {
      name: 'AzureNamedKeyCredential for Service Bus over lines', path: 'src/bus.ts', ruleId: 'MI004', service: 'serviceBus', secret: sbKey,
      text: `const credential = new AzureNamedKeyCredential(\n  "RootManageSharedAccessKey",\n  "${sbKey}"\n);\nconst client = new ServiceBusClient("contoso-orders.servicebus.windows.net", credential);\n`,
    },
    {
      name: 'AzureKeyCredential with the key on its own line, endpoint in another statement', path: 'src/chat.ts', ruleId: 'MI010', service: 'openAi', secret: aiKey,
      text: `const endpoint = "https://contoso-ai.openai.azure.com/";\nconst client = new OpenAIClient(\n  endpoint,\n  new AzureKeyCredential(\n    "${aiKey}"\n  )\n);\n`,
    },
    {
      name: 'Python SearchClient formatted by Black', path: 'search.py', ruleId: 'MI010', service: 'search', secret: aiKey,
      text: `client = SearchClient(\n    endpoint="https://contoso-search.search.windows.net",\n    index_name="hotels",\n    credential=AzureKeyCredential(\n        "${aiKey}"\n    ),\n)\n`,
    },
    {
      name: 'C# AzureKeyCredential on the next line', path: 'Program.cs', ruleId: 'MI010', service: 'search', secret: aiKey,
      text: `var client = new SearchClient(new Uri("https://contoso-search.search.windows.net"), "hotels",\n    new AzureKeyCredential(\n        "${aiKey}"));\n`,
    },
    {
      name: 'Event Grid TopicCredentials over lines', path: 'Publisher.cs', ruleId: 'MI014', service: 'eventGrid', secret: egKey,
      text: `var credentials = new TopicCredentials(\n    "${egKey}");\nvar client = new EventGridClient(credentials);\nvar host = new Uri("https://contoso-orders.westeurope-1.eventgrid.azure.net/api/events").Host;\n`,
    },
    {
      name: 'a C# constant whose value is on the next line', path: 'Storage.cs', ruleId: 'MI002', service: 'storage', secret: storageKey,
      text: `private const string ACCOUNT_NAME = "contosoreports";\nprivate const string ACCOUNT_KEY\n    = "${storageKey}";\nvar credential = new StorageSharedKeyCredential(ACCOUNT_NAME, ACCOUNT_KEY);\n`,
    },
    {
      name: 'an environment fallback on the next line', path: 'src/upload.js', ruleId: 'MI002', service: 'storage', secret: storageKey,
      text: `const accountName = "contosoreports";\nconst accountKey =\n  process.env.AZURE_STORAGE_ACCOUNT_KEY ||\n  "${storageKey}";\nconst cred = new StorageSharedKeyCredential(accountName, accountKey);\n`,
    },
    {
      name: 'C++ brace initialisation over lines', path: 'upload.cpp', ruleId: 'MI002', service: 'storage', secret: storageKey,
      text: `const std::string account_name{"contosoreports"};\nconst std::string account_key{\n    "${storageKey}"};\nauto credential = std::make_shared<StorageSharedKeyCredential>(account_name, account_key);\n`,
    },
  ];
  for (const shape of shapes) it(`${shape.ruleId}: ${shape.name}`, () => void expectOne(shape));

  it('an empty value does not take the next line (.env, YAML)', () => {
    expectQuiet('.env', '.env', `AZURE_STORAGE_KEY=\nAZURE_STORAGE_ACCOUNT=contosoreports\nNOTE=see ${storageKey.slice(0, 20)}\n`);
  });
});

describe('keys named by their place in structured configuration', () => {
  const aiKey = hex(32);
  const shapes: Shape[] = [
    { name: 'appsettings.json section Search with ApiKey, no endpoint', path: 'appsettings.json', ruleId: 'MI010', service: 'search', secret: aiKey, text: `{\n  "Search": {\n    "IndexName": "hotels",\n    "ApiKey": "${aiKey}"\n  }\n}\n` },
    { name: 'a Translator section with a Key', path: 'appsettings.Development.json', ruleId: 'MI010', service: 'aiServices', secret: aiKey, text: `{\n  "Translator": {\n    "Key": "${aiKey}",\n    "Region": "westeurope"\n  }\n}\n` },
    { name: 'a Translator section with its global endpoint and a Key', path: 'appsettings.json', ruleId: 'MI010', service: 'aiServices', secret: aiKey, text: `{\n  "TextTranslation": {\n    "Endpoint": "https://api.cognitive.microsofttranslator.com/",\n    "Key": "${aiKey}",\n    "Region": "westeurope"\n  }\n}\n` },
    { name: 'Kubernetes env entry named AZURE_OPENAI_API_KEY', path: 'k8s/deployment.yaml', ruleId: 'MI010', service: 'openAi', secret: aiKey, text: `      containers:\n        - name: api\n          env:\n            - name: AZURE_OPENAI_API_KEY\n              value: "${aiKey}"\n            - name: LOG_LEVEL\n              value: info\n` },
    { name: 'Kubernetes env entry named *_SEARCH_*KEY', path: 'k8s/deployment.yaml', ruleId: 'MI010', service: 'search', secret: aiKey, text: `          env:\n            - name: AZURE_SEARCH_ADMIN_KEY\n              value: ${aiKey}\n` },
    { name: 'Kubernetes Secret stringData search-admin-key', path: 'k8s/secret.yaml', ruleId: 'MI010', service: 'search', secret: aiKey, text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: search\ntype: Opaque\nstringData:\n  search-admin-key: ${aiKey}\n` },
  ];
  for (const shape of shapes) it(`${shape.ruleId}: ${shape.name}`, () => void expectOne(shape));

  it('a Spring checkpoint store account key next to its unquoted account name', () => {
    const key = `${b64(86)}==`;
    const text = `spring:\n  cloud:\n    azure:\n      eventhubs:\n        processor:\n          checkpoint-store:\n            container-name: checkpoints\n            account-name: contosocheckpts\n            account-key: ${key}\n`;
    expectOne({ name: 'spring', path: 'application.yaml', ruleId: 'MI002', severity: 'error', secret: key, text, extracted: { accountName: 'contosocheckpts' } });
  });

  it('a registry admin password in tfvars', () => {
    const pw = alnum(32);
    expectOne({ name: 'tfvars', path: 'env/prod.tfvars', ruleId: 'MI011', service: 'containerRegistry', secret: pw, text: `acr_name           = "contosoregistry"\nacr_admin_username = "contosoregistry"\nacr_admin_password = "${pw}"\n` });
  });

  it('stays quiet on names and values that are not keys', () => {
    expectQuiet('a section with a key id, not a key', 'appsettings.json', `{\n  "Search": {\n    "KeyVaultSecretName": "search-admin-key",\n    "IndexName": "${hex(32)}"\n  }\n}\n`);
    expectQuiet('an env entry read from a secret', 'k8s/deployment.yaml', `          env:\n            - name: AZURE_OPENAI_API_KEY\n              valueFrom:\n                secretKeyRef:\n                  name: openai\n                  key: api-key\n`);
  });
});

describe('encoded and split values', () => {
  const storageKey = `${b64(86)}==`;
  const aiKey = hex(32);
  it('a Kubernetes Secret data value is decoded and scanned, and the encoded value is reported', () => {
    const conn = `DefaultEndpointsProtocol=https;AccountName=contosoreports;AccountKey=${storageKey};EndpointSuffix=core.windows.net`;
    const encoded = Buffer.from(conn).toString('base64');
    const f = expectOne({ name: 'k8s data', path: 'k8s/secret.yaml', ruleId: 'MI001', service: 'storage', secret: encoded, text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: storage\ntype: Opaque\ndata:\n  connection-string: ${encoded}\n` });
    assert.ok(!f.preview.includes(storageKey.slice(0, 8)));
    const encodedKey = Buffer.from(aiKey).toString('base64');
    expectOne({ name: 'k8s data key', path: 'k8s/secret.yaml', ruleId: 'MI010', service: 'openAi', secret: encodedKey, text: `kind: Secret\napiVersion: v1\ndata:\n  AZURE_OPENAI_API_KEY: ${encodedKey}\n  AZURE_OPENAI_ENDPOINT: ${Buffer.from('https://contoso-ai.openai.azure.com/').toString('base64')}\n` });
  });

  it('a password on a continuation line of a triple-quoted connection string', () => {
    const pw = `Xq7-${alnum(10)}!`;
    expectOne({ name: 'py triple', path: 'db.py', ruleId: 'MI006', service: 'sql', secret: pw, text: `CONNECTION = """\nDriver={ODBC Driver 18 for SQL Server};\nServer=tcp:contoso-sql.database.windows.net,1433;\nDatabase=orders;Uid=app;\nPwd=${pw};Encrypt=yes;\n"""\n` });
    expectOne({ name: 'cs verbatim', path: 'Db.cs', ruleId: 'MI006', service: 'sql', secret: pw, text: `var cs = @"Server=tcp:contoso-sql.database.windows.net,1433;\n    Initial Catalog=orders;User ID=app;\n    Password=${pw};";\n` });
    expectOne({ name: 'js template', path: 'db.js', ruleId: 'MI006', service: 'postgresql', secret: pw, text: `const conn = \`\n  host=contoso-pg.postgres.database.azure.com\n  user=app\n  password=${pw}\n\`;\n` });
  });

  it('every key in a list of keys', () => {
    const a = hex(32);
    const b = hex(32);
    const text = `SEARCH_ENDPOINT = "https://contoso-search.search.windows.net"\nADMIN_KEYS = ["${a}", "${b}"]\n`;
    expectOne({ name: 'first', path: 'keys.py', ruleId: 'MI010', secret: a, text });
    expectOne({ name: 'second', path: 'keys.py', ruleId: 'MI010', secret: b, text });
  });
});

describe('context in another statement', () => {
  it('a Hikari setPassword with the Azure SQL URL in a constant elsewhere in the file', () => {
    const pw = `Hk4-${alnum(12)}`;
    const filler = Array.from({ length: 40 }, (_, i) => `    // line ${i} of configuration notes`).join('\n');
    const text = `public final class Db {\n    private static final String URL = "jdbc:sqlserver://contoso-sql.database.windows.net:1433;database=orders;encrypt=true";\n${filler}\n    static HikariDataSource create() {\n        HikariConfig cfg = new HikariConfig();\n        cfg.setJdbcUrl(URL);\n        cfg.setUsername("app");\n        cfg.setPassword("${pw}");\n        return new HikariDataSource(cfg);\n    }\n}\n`;
    expectOne({ name: 'hikari', path: 'Db.java', ruleId: 'MI006', service: 'sql', secret: pw, text });
  });

  it('a Python password variable passed to connect(), the host an f-string', () => {
    const pw = `My9-${alnum(12)}`;
    const text = `server = "contoso-mysql"\npw = "${pw}"\n\ncnx = mysql.connector.connect(\n    user="app",\n    password=pw,\n    host=f"{server}.mysql.database.azure.com",\n    port=3306,\n)\n`;
    expectOne({ name: 'py var', path: 'db.py', ruleId: 'MI006', service: 'mysql', secret: pw, text });
  });

  it('an endpoint and a key separated by a comment line', () => {
    const key = hex(32);
    const text = `endpoint = "https://contoso-lang.cognitiveservices.azure.com/"\n# the key from Keys and Endpoint in the portal\nkey = "${key}"\nclient = TextAnalyticsClient(endpoint, AzureKeyCredential(key))\n`;
    expectOne({ name: 'comment', path: 'lang.py', ruleId: 'MI010', service: 'aiServices', secret: key, text });
  });
});

describe('old keys kept in comments', () => {
  it('an account key in a comment next to storage code is reported at warning', () => {
    const old = `${b64(86)}==`;
    const text = `from azure.storage.blob import BlobServiceClient\n\n# previous key1: ${old}\nclient = BlobServiceClient(account_url="https://contosoreports.blob.core.windows.net", credential=DefaultAzureCredential())\n`;
    expectOne({ name: 'comment key', path: 'upload.py', ruleId: 'MI002', severity: 'warning', secret: old, text });
  });
});

describe('Entra client secrets under other names, and tool output', () => {
  const clientId = '6f1c2b3a-1d2e-4f50-8a9b-0c1d2e3f4a5b';
  const tenantId = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
  const legacy = `${legacyEntra(20)}7${legacyEntra(13)}`;
  const shapes: Shape[] = [
    { name: 'secret next to clientID and tenantID', path: 'auth.go', ruleId: 'MI007', service: 'entraId', secret: legacy, text: `var (\n\tclientID = "${clientId}"\n\ttenantID = "${tenantId}"\n\tsecret   = "${legacy}"\n)\n` },
    { name: 'a JSON setting named *APPID-SECRET', path: 'settings.json', ruleId: 'MI007', service: 'entraId', secret: legacy, text: `{\n  "ContosoApi-APPID": "${clientId}",\n  "ContosoApi-APPID-SECRET": "${legacy}"\n}\n` },
    { name: 'az ad sp create-for-rbac output', path: 'notes/sp.json', ruleId: 'MI007', service: 'entraId', secret: legacy, text: `{\n  "appId": "${clientId}",\n  "displayName": "github-deploy",\n  "password": "${legacy}",\n  "tenant": "${tenantId}"\n}\n` },
    { name: 'ConvertTo-SecureString feeding a PSCredential with an application id', path: 'deploy.ps1', ruleId: 'MI007', service: 'entraId', secret: legacy, text: `$appId = "${clientId}"\n$secret = ConvertTo-SecureString -String "${legacy}" -AsPlainText -Force\n$cred = New-Object System.Management.Automation.PSCredential($appId, $secret)\n` },
  ];
  for (const shape of shapes) it(`${shape.ruleId}: ${shape.name}`, () => void expectOne(shape));

  it('az storage account keys list output', () => {
    const k1 = `${b64(86)}==`;
    const k2 = `${b64(86)}==`;
    const text = `[\n  {\n    "creationTime": "2024-01-10T09:00:00+00:00",\n    "keyName": "key1",\n    "permissions": "FULL",\n    "value": "${k1}"\n  },\n  {\n    "keyName": "key2",\n    "permissions": "FULL",\n    "value": "${k2}"\n  }\n]\n`;
    expectOne({ name: 'k1', path: 'keys.json', ruleId: 'MI002', service: 'storage', secret: k1, text });
    expectOne({ name: 'k2', path: 'keys.json', ruleId: 'MI002', service: 'storage', secret: k2, text });
  });

  it('az servicebus … keys list output: primaryKey and secondaryKey next to keyName', () => {
    const p1 = `${b64(43)}=`;
    const p2 = `${b64(43)}=`;
    const text = `{\n  "keyName": "RootManageSharedAccessKey",\n  "primaryKey": "${p1}",\n  "secondaryKey": "${p2}"\n}\n`;
    expectOne({ name: 'p1', path: 'sb-keys.json', ruleId: 'MI004', secret: p1, text });
    expectOne({ name: 'p2', path: 'sb-keys.json', ruleId: 'MI004', secret: p2, text });
  });
});

describe('the right rule when two services are in one file', () => {
  it('a Redis key next to a Redis host is Redis even with an Azure SQL host further away', () => {
    const key = `${b64(43)}=`;
    const text = `import redis\nhost = "contoso.redis.cache.windows.net"\nmyPassword = "${key}"\nr = redis.StrictRedis(host=host, port=6380, password=myPassword, ssl=True)\n\n\nconn = pyodbc.connect("Server=tcp:contoso-sql.database.windows.net,1433;Database=quakes;Authentication=ActiveDirectoryMsi")\n`;
    expectOne({ name: 'redis', path: 'app.py', ruleId: 'MI008', service: 'redis', secret: key, text });
  });

  it('a key named DocDb (Cosmos DB’s old name) is a Cosmos DB key', () => {
    const key = `${b64(86)}==`;
    expectOne({ name: 'docdb', path: 'settings.csv', ruleId: 'MI005', service: 'cosmosDb', secret: key, text: `Name|Value\nDocDbEndpointUri|https://contoso-rides.documents.azure.com:443/\nDocDbApiKey|${key}\n` });
  });

  it('a Functions key in a Postman collection’s query parameters', () => {
    const key = `${b64(54)}==`.replace(/[+/]/g, 'x');
    const text = `{\n  "url": {\n    "host": ["contoso-rides", "azurewebsites", "net"],\n    "path": ["api", "drivers"],\n    "query": [\n      {\n        "key": "code",\n        "value": "${key}"\n      }\n    ]\n  }\n}\n`;
    expectOne({ name: 'postman', path: 'collection.json', ruleId: 'MI012', secret: key, text });
  });

  it('a resource_key next to a Cognitive Services endpoint', () => {
    const key = hex(32);
    expectOne({ name: 'resource_key', path: 'personalizer.py', ruleId: 'MI010', secret: key, text: `personalization_base_url = "https://contoso-personalizer.cognitiveservices.azure.com/"\nresource_key = "${key}"\n` });
  });
});

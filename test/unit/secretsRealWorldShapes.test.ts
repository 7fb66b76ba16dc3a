/**
 * The shapes real code has and the clean single-line cases in secretsRules.test.ts do not: values laid out by
 * formatters (arguments on their own lines, a value on the line after its name), keys named by their place in
 * structured configuration, encoded and split values, context in another statement, old keys kept in
 * comments, tool output (`az … keys list`, `az ad sp create-for-rbac`), and Microsoft's identifiable keys with
 * their checksums. Each positive names the rule and the exact secret; each near miss must stay quiet.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBase64, hasValidChecksum, marvin64 } from '../../src/core/secrets/identifiableChecksum';
import { scanText } from '../../src/core/secrets/scanner';
import type { Finding } from '../../src/core/secrets/types';
import { prng, stringsFrom } from './syntheticRandom';

const random = prng(20261204);
const from = stringsFrom(random);
const b64 = from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const alnum = from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');

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

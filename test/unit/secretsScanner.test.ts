import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prng, stringsFrom } from './syntheticRandom';
import { parseBaseline, serializeBaseline } from '../../src/core/secrets/baseline';
import { prefilterKeywords, ruleCatalog } from '../../src/core/secrets/catalog';
import { scanCustomPatterns } from '../../src/core/secrets/customPatterns';
import { isPlaceholder, scanText } from '../../src/core/secrets/scanner';
import { ToolError } from '../../src/core/errors';

const random = prng(20261128);
const alphabet = stringsFrom(random);
const b64 = alphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const alnum = alphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
const hex = alphabet('0123456789abcdef');
const entra = alphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-');

const accountKey = `${b64(86)}==`;
const sbKey = `${b64(43)}=`;
const identifiableStorage = `${b64(76)}+ASt${b64(5)}A==`;
const clientSecret = `${entra(3)}8Q~${entra(34)}`;
const openAiKey = hex(32);
const redisKey = `${b64(43)}=`;

interface Case {
  name: string;
  path: string;
  text: string;
  secret: string;
  ruleId: string;
  service: string;
  extracted?: Record<string, string>;
}

const positives: Case[] = [
  {
    name: 'storage connection string in JS',
    path: 'src/upload.js',
    text: `const conn = "DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=${accountKey};EndpointSuffix=core.windows.net";\n`,
    secret: accountKey,
    ruleId: 'MI001',
    service: 'storage',
    extracted: { accountName: 'contosodata', endpointSuffix: 'core.windows.net' },
  },
  {
    name: 'storage connection string in local.settings.json, sovereign cloud',
    path: 'local.settings.json',
    text: `{\n  "Values": {\n    "AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=chinadata;AccountKey=${accountKey};EndpointSuffix=core.chinacloudapi.cn"\n  }\n}\n`,
    secret: accountKey,
    ruleId: 'MI001',
    service: 'storage',
    extracted: { accountName: 'chinadata', endpointSuffix: 'core.chinacloudapi.cn' },
  },
  {
    name: 'identifiable storage key in Python',
    path: 'app.py',
    text: `STORAGE_KEY = "${identifiableStorage}"\n`,
    secret: identifiableStorage,
    ruleId: 'MI002',
    service: 'storage',
  },
  {
    name: 'shared key credential in TypeScript',
    path: 'blob.ts',
    text: `const cred = new StorageSharedKeyCredential("contosodata", "${accountKey}");\n`,
    secret: accountKey,
    ruleId: 'MI002',
    service: 'storage',
    extracted: { accountName: 'contosodata' },
  },
  {
    name: 'Service Bus connection string in C#',
    path: 'Program.cs',
    text: `var client = new ServiceBusClient("Endpoint=sb://contoso-bus.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${sbKey}");\n`,
    secret: sbKey,
    ruleId: 'MI004',
    service: 'serviceBus',
    extracted: { namespace: 'contoso-bus.servicebus.windows.net' },
  },
  {
    name: 'Cosmos DB connection string in appsettings.json',
    path: 'appsettings.json',
    text: `{ "ConnectionStrings": { "Cosmos": "AccountEndpoint=https://contoso-db.documents.azure.com:443/;AccountKey=${accountKey};" } }\n`,
    secret: accountKey,
    ruleId: 'MI005',
    service: 'cosmosDb',
    extracted: { endpoint: 'https://contoso-db.documents.azure.com:443/', accountName: 'contoso-db' },
  },
  {
    name: 'Cosmos DB key in a client config',
    path: 'db.js',
    text: `const client = new CosmosClient({\n  endpoint: "https://contoso-db.documents.azure.com:443/",\n  key: "${accountKey}",\n});\n`,
    secret: accountKey,
    ruleId: 'MI005',
    service: 'cosmosDb',
  },
  {
    name: 'Azure SQL password in an ADO.NET connection string',
    path: 'appsettings.json',
    text: `{"ConnectionStrings":{"Db":"Server=tcp:contoso.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=Tr1cky-P4ss!;Encrypt=True"}}\n`,
    secret: 'Tr1cky-P4ss!',
    ruleId: 'MI006',
    service: 'sql',
    extracted: { server: 'contoso.database.windows.net', database: 'orders', user: 'app' },
  },
  {
    name: 'PostgreSQL URI',
    path: '.env',
    text: `DATABASE_URL=postgres://admin:Pa55-word-9@contoso.postgres.database.azure.com:5432/app\n`,
    secret: 'Pa55-word-9',
    ruleId: 'MI006',
    service: 'postgresql',
    extracted: { server: 'contoso.postgres.database.azure.com', user: 'admin' },
  },
  {
    name: 'Entra client secret in YAML',
    path: '.github/workflows/deploy.yml',
    text: `env:\n  AZURE_CLIENT_SECRET: ${clientSecret}\n`,
    secret: clientSecret,
    ruleId: 'MI007',
    service: 'entraId',
  },
  {
    name: 'Redis StackExchange connection string',
    path: 'appsettings.json',
    text: `{"Redis":"contoso.redis.cache.windows.net:6380,password=${redisKey},ssl=True,abortConnect=False"}\n`,
    secret: redisKey,
    ruleId: 'MI008',
    service: 'redis',
  },
  {
    name: 'App Configuration connection string',
    path: 'config.py',
    text: `CONN = "Endpoint=https://contoso-config.azconfig.io;Id=AbCd-l0-s0:xyz;Secret=${b64(43)}="\n`,
    secret: '',
    ruleId: 'MI009',
    service: 'appConfiguration',
    extracted: { endpoint: 'https://contoso-config.azconfig.io' },
  },
  {
    name: 'Azure OpenAI key with its endpoint',
    path: 'chat.ts',
    text: `const client = new AzureOpenAI({\n  endpoint: "https://contoso-ai.openai.azure.com/",\n  apiKey: "${openAiKey}",\n  apiVersion: "2024-10-21",\n});\n`,
    secret: openAiKey,
    ruleId: 'MI010',
    service: 'openAi',
  },
  {
    name: 'SignalR connection string',
    path: 'appsettings.json',
    text: `{"Azure":{"SignalR":{"ConnectionString":"Endpoint=https://contoso-rt.service.signalr.net;AccessKey=${sbKey};Version=1.0;"}}}\n`,
    secret: sbKey,
    ruleId: 'MI013',
    service: 'signalR',
  },
  {
    name: 'Function key in a URL',
    path: 'client.go',
    text: `url := "https://contoso-fn.azurewebsites.net/api/orders?code=${alnum(52)}=="\n`,
    secret: '',
    ruleId: 'MI012',
    service: 'functions',
  },
  {
    name: 'SAS URL',
    path: 'download.py',
    text: `URL = "https://contosodata.blob.core.windows.net/reports/q1.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-01-01T00:00:00Z&sig=${b64(43)}%3D"\n`,
    secret: '',
    ruleId: 'MI003',
    service: 'storage',
  },
];

describe('secret detection engine', () => {
  for (const c of positives) {
    it(`finds ${c.name}`, () => {
      const findings = scanText(c.text, { path: c.path });
      assert.equal(findings.length, 1, findings.map((f) => f.ruleId).join(','));
      const [finding] = findings;
      assert.ok(finding);
      assert.equal(finding.ruleId, c.ruleId);
      assert.equal(finding.service, c.service);
      const value = c.text.slice(finding.secretRange.start, finding.secretRange.end);
      if (c.secret) assert.equal(value, c.secret, 'the secret range is exactly the secret');
      assert.ok(finding.constructRange.start <= finding.secretRange.start && finding.constructRange.end >= finding.secretRange.end);
      for (const [key, expected] of Object.entries(c.extracted ?? {})) {
        assert.equal((finding.extracted as Record<string, string>)[key], expected, `extracted.${key}`);
      }
      assert.ok(!finding.preview.includes(value.slice(4)), 'the preview hides the secret');
      assert.match(finding.fingerprint, /^[0-9a-f]{32}$/);
      assert.match(finding.message, /managed identity|DefaultAzureCredential|Entra|AuthType/);
      assert.ok(prefilterKeywords.some((k) => c.text.toLowerCase().includes(k)), 'every positive contains a prefilter keyword');
    });
  }

  const negatives: [string, string, string][] = [
    ['a placeholder key', 'a.js', 'const c = "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=<your-account-key>";'],
    ['a template variable', 'a.yml', 'conn: "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${STORAGE_KEY}"'],
    ['an environment read', 'a.js', 'const key = process.env.AZURE_STORAGE_KEY;'],
    ['a Key Vault reference', 'settings.json', '{"Db": "Server=tcp:x.database.windows.net;Password=@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db)"}'],
    ['a passwordless SQL connection string', 'appsettings.json', '{"Db":"Server=tcp:x.database.windows.net;Initial Catalog=o;Authentication=Active Directory Default;"}'],
    ['an endpoint only', 'a.py', 'URL = "https://contosodata.blob.core.windows.net"'],
    ['a sha512 integrity hash', 'package-lock.json', `"integrity": "sha512-${b64(86)}=="`],
    ['a GUID client id', 'a.ts', 'const clientId = "6f1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8";'],
    ['a low-entropy fake key', 'a.js', `AccountName=x;AccountKey=${'A'.repeat(86)}==`],
    ['a suppressed secret', 'a.js', `const k = "AccountName=x;AccountKey=${accountKey}"; // mi-scan:ignore`],
    ['a secret suppressed on the line before', 'a.py', `# pragma: allowlist nextline secret\nK = "AccountName=x;AccountKey=${accountKey}"`],
    ['a SAS-like URL without a signature', 'a.js', 'const u = "https://x.blob.core.windows.net/c?sv=2022-11-02&sp=r";'],
    ['an empty password', 'a.cs', 'var cs = "Server=tcp:x.database.windows.net;User ID=app;Password=;";'],
  ];
  for (const [name, path, text] of negatives) {
    it(`does not report ${name}`, () => {
      assert.deepEqual(scanText(text, { path }).map((f) => f.ruleId), []);
    });
  }

  it('reports the public emulator keys as information only', () => {
    const text = 'const c = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;";';
    assert.deepEqual(scanText(text).map((f) => f.severity), ['info']);
  });

  it('drops baselined fingerprints and disabled rules', () => {
    const text = positives[0]?.text ?? '';
    const [finding] = scanText(text);
    assert.ok(finding);
    assert.deepEqual(scanText(text, { baseline: new Set([finding.fingerprint]) }), []);
    assert.deepEqual(scanText(text, { disabledRules: new Set(['MI001']) }), []);
  });

  it('finds nothing in text without any prefilter keyword (the prefilter is sound)', () => {
    const noise = alphabet('BCDEFGHLMNOPQRTUVXZbcdfghlmnopqrtuvxz0123456789 +/=;\n"\'')(200_000);
    assert.ok(!prefilterKeywords.some((k) => noise.toLowerCase().includes(k)));
    assert.deepEqual(scanText(noise), []);
  });

  it('has a unique id, aliases and help naming the managed-identity alternative for every rule', () => {
    assert.equal(new Set(ruleCatalog.map((r) => r.id)).size, ruleCatalog.length);
    for (const rule of ruleCatalog) {
      assert.match(rule.id, /^MI\d{3}$/);
      assert.match(rule.help, /managed identit|DefaultAzureCredential|Entra/i, rule.id);
      assert.match(rule.helpUri, /^https:\/\/learn\.microsoft\.com\//);
    }
  });

  it('treats templating and obvious fakes as placeholders', () => {
    for (const value of ['<key>', '${KEY}', '$(Key)', '%KEY%', '{{ .Values.key }}', 'xxxxxxxx', 'changeme', 'YOUR_PASSWORD', '********']) {
      assert.equal(isPlaceholder(value), true, value);
    }
    assert.equal(isPlaceholder(accountKey), false);
  });

  it('scans near-miss input for every rule in linear time', () => {
    const nearMisses = [
      `AccountKey=${b64(85)}=;`, `SharedAccessKey=${b64(41)};`, `sig=${b64(39)}&`, `password=`, 'postgres://u:@', `${b64(75)}+ASt`, `Q~${entra(20)} `,
      `apiKey: "${hex(31)}" `, `Endpoint=https://x.azconfig.io;Id=a;Secret=`, `.redis.cache.windows.net:6380,password=${b64(20)}`, `https://a:b@`, `code=`,
    ];
    const build = (size: number) => {
      let text = '';
      for (let i = 0; text.length < size; i++) text += `${nearMisses[i % nearMisses.length]}${b64(40)} `;
      return text;
    };
    const time = (text: string) => {
      const started = process.hrtime.bigint();
      scanText(text, { path: 'fuzz.txt' });
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const small = build(256 * 1024);
    const large = build(1024 * 1024);
    time(small);
    const ratio = time(large) / Math.max(1, time(small));
    assert.ok(ratio < 8, `1 MB took ${ratio.toFixed(1)}x as long as 256 KB (linear would be about 4x)`);
  });
});

describe('baseline', () => {
  it('round-trips fingerprints and never stores a secret', () => {
    const text = positives[0]?.text ?? '';
    const findings = scanText(text).map((f) => ({ path: 'src/upload.js', ruleId: f.ruleId, fingerprint: f.fingerprint }));
    const json = serializeBaseline(findings);
    assert.ok(!json.includes(accountKey));
    assert.deepEqual([...parseBaseline(json)], findings.map((f) => f.fingerprint));
  });

  it('rejects malformed baselines with a clear invalid-input error', () => {
    for (const bad of ['not json', '[]', '{"findings":[{"fingerprint":"zz"}]}']) {
      assert.throws(() => parseBaseline(bad), (e: unknown) => ToolError.is(e, 'invalidInput'));
    }
  });
});

describe('custom patterns', () => {
  it('reports the first capture group as the secret and ignores invalid patterns', () => {
    const text = 'token = "acme_0123456789abcdef0123456789abcdef"';
    const findings = scanCustomPatterns(text, [
      { id: 'acme', pattern: '(acme_[a-f0-9]{32})' },
      { id: 'broken', pattern: '(unclosed' },
    ]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.ruleId, 'custom:acme');
    assert.equal(text.slice(findings[0]?.secretRange.start, findings[0]?.secretRange.end), 'acme_0123456789abcdef0123456789abcdef');
  });
});

/** Edge cases of the code fix planner: imports, variable removal, module styles, unfixable input, fix-all. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyEdits, editsAreDisjoint } from '../../src/core/fixes/code/textEdits';
import { mergePlans } from '../../src/core/fixes/mergePlans';
import { fixLanguageOf, planFixes } from '../../src/core/fixes/planFixes';
import type { FixPlan, IdentityChoice, SyntaxParsers } from '../../src/core/fixes/types';
import type { AzureService, Finding, SecretKind } from '../../src/core/secrets/types';
import { createSyntaxParsers } from '../../src/node/treeSitterParsers';

// Synthetic, shaped like the real thing (88 base64 characters).
const KEY = Buffer.from('synthetic-test-key:not-a-real-azure-secret;edge-cases-only-0123456').subarray(0, 64).toString('base64');
const SAS = Buffer.from('synthetic-sas-key-edge-cases-only-0123456').subarray(0, 32).toString('base64');
const STORAGE = `DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=${KEY};EndpointSuffix=core.windows.net`;
const SERVICE_BUS = `Endpoint=sb://contoso-orders.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${SAS}`;

function finding(text: string, secret: string, service: AzureService = 'storage', kind: SecretKind = 'accountKey', nth = 0): Finding {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(secret, start + 1);
  assert.ok(start >= 0, 'secret not in text');
  return {
    ruleId: 'MI001', service, kind, severity: 'error', confidence: 'high',
    secretRange: { start, end: start + secret.length }, constructRange: { start, end: start + secret.length },
    extracted: {}, preview: 'syn…', fingerprint: '0'.repeat(32), message: 'test',
  };
}

describe('code fix planner: edge cases', () => {
  let parsers: SyntaxParsers;
  before(async () => {
    parsers = await createSyntaxParsers();
  });
  const plan = (text: string, path: string, f: Finding, identity: IdentityChoice = { kind: 'default' }): FixPlan[] =>
    planFixes({ text, path }, f, { parsers, identity });
  const preferredAfter = (text: string, path: string, f: Finding, identity?: IdentityChoice): string => {
    const plans = plan(text, path, f, identity);
    assert.ok(plans[0]?.preferred, 'a preferred plan');
    for (const p of plans) assert.ok(editsAreDisjoint(p.edits), `overlapping edits in ${p.title}`);
    return applyEdits(text, plans[0].edits);
  };

  it('merges DefaultAzureCredential into an existing @azure/identity import (ESM)', () => {
    const text = `import { BlobServiceClient } from "@azure/storage-blob";\nimport { AzureCliCredential } from "@azure/identity";\n\nexport const b = BlobServiceClient.fromConnectionString("${STORAGE}");\nexport const c = new AzureCliCredential();\n`;
    const after = preferredAfter(text, 'a.ts', finding(text, KEY));
    assert.match(after, /^import \{ AzureCliCredential, DefaultAzureCredential \} from "@azure\/identity";$/m);
    assert.equal(after.match(/@azure\/identity/g)?.length, 1);
  });

  it('does not duplicate an import that is already there', () => {
    const text = `import { BlobServiceClient } from "@azure/storage-blob";\nimport { DefaultAzureCredential } from "@azure/identity";\n\nexport const b = BlobServiceClient.fromConnectionString("${STORAGE}");\nexport const fallback = new DefaultAzureCredential();\n`;
    const after = preferredAfter(text, 'a.ts', finding(text, KEY));
    assert.equal(after.match(/import \{ DefaultAzureCredential \} from "@azure\/identity";/g)?.length, 1);
  });

  it('merges into a destructuring require (CommonJS) and keeps single quotes', () => {
    const text = `const { BlobServiceClient } = require('@azure/storage-blob');\nconst { AzureCliCredential } = require('@azure/identity');\n\nconst b = BlobServiceClient.fromConnectionString('${STORAGE}');\nmodule.exports = { b, c: new AzureCliCredential() };\n`;
    const after = preferredAfter(text, 'a.js', finding(text, KEY));
    assert.match(after, /^const \{ AzureCliCredential, DefaultAzureCredential \} = require\('@azure\/identity'\);$/m);
    assert.match(after, /new BlobServiceClient\('https:\/\/contosodata\.blob\.core\.windows\.net', new DefaultAzureCredential\(\)\)/);
  });

  it('uses require() in a CommonJS file and import in an ES module file', () => {
    const cjs = `const { ServiceBusClient } = require("@azure/service-bus");\nconst sb = new ServiceBusClient("${SERVICE_BUS}");\nmodule.exports = { sb };\n`;
    assert.match(preferredAfter(cjs, 'a.js', finding(cjs, SAS, 'serviceBus', 'sharedAccessKey')), /const \{ DefaultAzureCredential \} = require\("@azure\/identity"\);/);
    const esm = `import { ServiceBusClient } from "@azure/service-bus";\nexport const sb = new ServiceBusClient("${SERVICE_BUS}");\n`;
    assert.match(preferredAfter(esm, 'a.mjs', finding(esm, SAS, 'serviceBus', 'sharedAccessKey')), /import \{ DefaultAzureCredential \} from "@azure\/identity";/);
    const bare = `export const sb = new ServiceBusClient("${SERVICE_BUS}");\n`;
    assert.match(preferredAfter(bare, 'a.mts', finding(bare, SAS, 'serviceBus', 'sharedAccessKey')), /^import \{ DefaultAzureCredential \} from "@azure\/identity";\n\nexport const sb/);
  });

  it('removes the variable only when every reference was rewritten', () => {
    const both = `const conn = "${STORAGE}";\nconst blobs = BlobServiceClient.fromConnectionString(conn);\nconst queues = QueueServiceClient.fromConnectionString(conn);\nexport { blobs, queues };\n`;
    const after = preferredAfter(both, 'a.ts', finding(both, KEY));
    assert.doesNotMatch(after, /const conn/);
    assert.match(after, /new QueueServiceClient\("https:\/\/contosodata\.queue\.core\.windows\.net", new DefaultAzureCredential\(\)\)/);

    const other = `const conn = "${STORAGE}";\nconst blobs = BlobServiceClient.fromConnectionString(conn);\nconsole.log(conn.length);\nexport { blobs };\n`;
    const plans = plan(other, 'a.ts', finding(other, KEY));
    assert.deepEqual(plans.map((p) => [p.strategy, p.preferred]), [['environmentRead', true]]);
    assert.match(applyEdits(other, plans[0].edits), /^const conn = process\.env\.AZURE_STORAGE_CONNECTION_STRING!;$/m);
  });

  it('never removes an exported constant', () => {
    const text = `export const STORAGE = "${STORAGE}";\nexport const blobs = BlobServiceClient.fromConnectionString(STORAGE);\n`;
    const plans = plan(text, 'a.js', finding(text, KEY));
    assert.deepEqual(plans.map((p) => p.strategy), ['environmentRead']);
    assert.match(applyEdits(text, plans[0].edits), /^export const STORAGE = process\.env\.STORAGE;$/m);
  });

  it('user-assigned identity: ManagedIdentityCredential with the client id (JS and Python)', () => {
    const identity: IdentityChoice = { kind: 'userAssigned', clientId: '00000000-1111-2222-3333-444444444444' };
    const js = `const b = BlobServiceClient.fromConnectionString("${STORAGE}");\n`;
    const jsAfter = preferredAfter(js, 'a.js', finding(js, KEY), identity);
    assert.match(jsAfter, /new ManagedIdentityCredential\(\{ clientId: "00000000-1111-2222-3333-444444444444" \}\)/);
    assert.match(jsAfter, /const \{ ManagedIdentityCredential \} = require\("@azure\/identity"\);/);
    const py = `from azure.storage.blob import BlobServiceClient\n\nb = BlobServiceClient.from_connection_string("${STORAGE}")\n`;
    const pyAfter = preferredAfter(py, 'a.py', finding(py, KEY), identity);
    assert.match(pyAfter, /credential=ManagedIdentityCredential\(client_id="00000000-1111-2222-3333-444444444444"\)/);
    assert.match(pyAfter, /^from azure\.identity import ManagedIdentityCredential$/m);
  });

  it('Python: merges into `from azure.identity import …` and places a new import after the docstring', () => {
    const merged = `from azure.identity import AzureCliCredential\nfrom azure.storage.blob import BlobServiceClient\n\nb = BlobServiceClient.from_connection_string("${STORAGE}")\n`;
    assert.match(preferredAfter(merged, 'a.py', finding(merged, KEY)), /^from azure\.identity import AzureCliCredential, DefaultAzureCredential$/m);
    const doc = `"""Storage helpers."""\n\nb = BlobServiceClient.from_connection_string("${STORAGE}")\n`;
    assert.equal(
      preferredAfter(doc, 'a.py', finding(doc, KEY)),
      `"""Storage helpers."""\n\nfrom azure.identity import DefaultAzureCredential\n\nb = BlobServiceClient(\n    account_url="https://contosodata.blob.core.windows.net",\n    credential=DefaultAzureCredential(),\n)\n`,
    );
  });

  it('drops a key credential import that the rewrite left unused, keeps one still used', () => {
    const text = `import { AzureKeyCredential, SearchClient } from "@azure/search-documents";\nexport const s = new SearchClient("https://contoso-search.search.windows.net", "hotels", new AzureKeyCredential("SyntheticSearchKey0123456789"));\n`;
    const f = finding(text, 'SyntheticSearchKey0123456789', 'search', 'apiKey');
    assert.match(preferredAfter(text, 'a.ts', f), /^import \{ SearchClient \} from "@azure\/search-documents";$/m);
    const kept = `${text}export const other = new AzureKeyCredential("placeholder");\n`;
    assert.match(preferredAfter(kept, 'a.ts', finding(kept, 'SyntheticSearchKey0123456789', 'search', 'apiKey')), /^import \{ AzureKeyCredential, SearchClient \}/m);
  });

  it('returns [] for what it cannot fix, and never throws', () => {
    const comment = `// old key: ${KEY}\nexport const x = 1;\n`;
    assert.deepEqual(plan(comment, 'a.ts', finding(comment, KEY)), []);
    const md = `key ${KEY}`;
    assert.deepEqual(plan(md, 'notes.md', finding(md, KEY)), []);
    const text = `const b = BlobServiceClient.fromConnectionString("${STORAGE}");\n`;
    const outOfRange: Finding = { ...finding(text, KEY), secretRange: { start: text.length + 5, end: text.length + 10 } };
    assert.deepEqual(plan(text, 'a.js', outOfRange), []);
    const throwing: SyntaxParsers = {
      parse() {
        throw new Error('grammar missing');
      },
    };
    assert.deepEqual(planFixes({ text, path: 'a.js' }, finding(text, KEY), { parsers: throwing, identity: { kind: 'default' } }), []);
    const broken = `const b = BlobServiceClient.fromConnectionString("${STORAGE}"\n`;
    assert.doesNotThrow(() => plan(broken, 'a.js', finding(broken, KEY)));
  });

  it('falls back to an environment read for a string no client consumes', () => {
    const text = `const settings = { storage: "${STORAGE}" };\nexport default settings;\n`;
    const plans = plan(text, 'a.ts', finding(text, KEY));
    assert.deepEqual(plans.map((p) => [p.strategy, p.preferred]), [['environmentRead', true]]);
    assert.match(applyEdits(text, plans[0].edits), /storage: process\.env\.STORAGE!/);
  });

  it('fix all in file: two findings merge without conflicts and share one import', () => {
    const text = `import { BlobServiceClient } from "@azure/storage-blob";\nimport { ServiceBusClient } from "@azure/service-bus";\n\nexport const b = BlobServiceClient.fromConnectionString("${STORAGE}");\nexport const sb = new ServiceBusClient("${SERVICE_BUS}");\n`;
    const plans = [finding(text, KEY), finding(text, SAS, 'serviceBus', 'sharedAccessKey')].map((f) => plan(text, 'a.ts', f)[0]);
    const merged = mergePlans(plans);
    assert.equal(merged.skipped.length, 0);
    const after = applyEdits(text, merged.edits);
    assert.equal(after.match(/import \{ DefaultAzureCredential \} from "@azure\/identity";/g)?.length, 1);
    assert.equal(parsers.parse('typescript', after).rootNode.hasError, false);
  });

  it('is idempotent: the rewritten file has no secret left to plan for', () => {
    const text = `const b = BlobServiceClient.fromConnectionString("${STORAGE}");\n`;
    const after = preferredAfter(text, 'a.js', finding(text, KEY));
    assert.equal(after.indexOf(KEY), -1);
  });

  it('offers a role that can write first when the code writes data, the least privileged one otherwise', () => {
    const roles = (text: string): string[] =>
      plan(text, 'a.js', finding(text, KEY)).flatMap((p) => p.followUps.flatMap((f) => (f.kind === 'grantRole' ? f.roles.map((r) => r.roleName) : []))).filter((r, i, all) => all.indexOf(r) === i);
    const reads = `const { BlobServiceClient } = require("@azure/storage-blob");\nconst service = BlobServiceClient.fromConnectionString("DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=${KEY};EndpointSuffix=core.windows.net");\nasync function get(n) { return service.getContainerClient("r").getBlobClient(n).downloadToBuffer(); }\napp.get("/", (req, res) => res.send("ok"));\n`;
    assert.deepEqual(roles(reads), ['Storage Blob Data Reader', 'Storage Blob Data Contributor', 'Storage Blob Data Owner']);
    const writes = reads.replace('getBlobClient(n).downloadToBuffer()', 'getBlockBlobClient(n).upload("x", 1)');
    assert.deepEqual(roles(writes), ['Storage Blob Data Contributor', 'Storage Blob Data Owner']);
  });

  it('maps documents to planner languages', () => {
    assert.equal(fixLanguageOf({ text: '', path: 'src/appsettings.json' }), 'json');
    assert.equal(fixLanguageOf({ text: '', path: 'local.settings.json' }), 'json');
    assert.equal(fixLanguageOf({ text: '', path: '.env.local' }), 'dotenv');
    assert.equal(fixLanguageOf({ text: '', path: 'deploy/app.yml' }), 'yaml');
    assert.equal(fixLanguageOf({ text: '', path: 'application.properties' }), 'properties');
    assert.equal(fixLanguageOf({ text: '', path: 'web/App.tsx' }), 'typescript');
    assert.equal(fixLanguageOf({ text: '', path: 'x', languageId: 'typescriptreact' }), 'typescriptreact');
    assert.equal(fixLanguageOf({ text: '', path: 'notes.md' }), undefined);
  });

  it('C#: adds `using Azure.Identity;` in sorted position, never twice, inside a block namespace or at the top', () => {
    const sorted = `using System;\nusing Azure.Storage.Blobs;\nusing Contoso.Shared;\n\nvar blobs = new BlobServiceClient("${STORAGE}");\n`;
    assert.match(preferredAfter(sorted, 'Program.cs', finding(sorted, KEY)), /^using System;\nusing Azure\.Identity;\nusing Azure\.Storage\.Blobs;\nusing Contoso\.Shared;\n\nvar blobs = new BlobServiceClient\(new Uri\("https:\/\/contosodata\.blob\.core\.windows\.net"\), new DefaultAzureCredential\(\)\);\n$/);
    const unsorted = `using Contoso.Shared;\nusing Azure.Storage.Blobs;\n\nvar blobs = new BlobServiceClient("${STORAGE}");\nConsole.WriteLine(blobs.AccountName);\n`;
    assert.match(preferredAfter(unsorted, 'Program.cs', finding(unsorted, KEY)), /^using Contoso\.Shared;\nusing Azure\.Storage\.Blobs;\nusing Azure\.Identity;\n\n/);
    for (const existing of ['using Azure.Identity;', 'global using Azure.Identity;']) {
      const text = `${existing}\nusing Azure.Storage.Blobs;\n\nvar blobs = new BlobServiceClient("${STORAGE}");\nConsole.WriteLine(blobs.AccountName);\n`;
      const after = preferredAfter(text, 'Program.cs', finding(text, KEY));
      assert.equal(after.match(/using Azure\.Identity;/g)?.length, 1);
      assert.doesNotMatch(after, /using System;/, 'System comes from implicit usings: Console is used unqualified');
    }
    const nested = `namespace Contoso\n{\n    using Azure.Storage.Blobs;\n\n    public class Store\n    {\n        private readonly BlobServiceClient _blobs = new BlobServiceClient("${STORAGE}");\n    }\n}\n`;
    assert.match(preferredAfter(nested, 'Store.cs', finding(nested, KEY)), /^namespace Contoso\n\{\n    using System;\n    using Azure\.Identity;\n    using Azure\.Storage\.Blobs;\n\n/);
    const bare = `// Copyright (c) Contoso.\n\nnamespace Contoso;\n\npublic class Store\n{\n    private readonly Azure.Storage.Blobs.BlobServiceClient _blobs = new("${STORAGE}");\n}\n`;
    const bareAfter = preferredAfter(bare, 'Store.cs', finding(bare, KEY));
    assert.match(bareAfter, /^\/\/ Copyright \(c\) Contoso\.\n\nusing System;\nusing Azure\.Identity;\n\nnamespace Contoso;\n/);
    assert.match(bareAfter, /_blobs = new\(new Uri\("https:\/\/contosodata\.blob\.core\.windows\.net"\), new DefaultAzureCredential\(\)\);/);
    assert.equal(parsers.parse('csharp', bareAfter).rootNode.hasError, false);
  });

  it('C#: removes the variable only when every reference was rewritten; one declarator of several', () => {
    const both = `class Clients\n{\n    void Build()\n    {\n        var conn = "${STORAGE}";\n        var blobs = new BlobServiceClient(conn);\n        var queues = new QueueServiceClient(conn);\n    }\n}\n`;
    const after = preferredAfter(both, 'Clients.cs', finding(both, KEY));
    assert.doesNotMatch(after, /var conn/);
    assert.match(after, /new QueueServiceClient\(new Uri\("https:\/\/contosodata\.queue\.core\.windows\.net"\), new DefaultAzureCredential\(\)\)/);

    const other = `var conn = "${STORAGE}";\nvar blobs = new BlobServiceClient(conn);\nConsole.WriteLine(conn.Length);\n`;
    const plans = plan(other, 'Program.cs', finding(other, KEY));
    assert.deepEqual(plans.map((p) => [p.strategy, p.preferred]), [['environmentRead', true]]);
    assert.match(applyEdits(other, plans[0].edits), /^var conn = Environment\.GetEnvironmentVariable\("AZURE_STORAGE_CONNECTION_STRING"\) \?\? throw new InvalidOperationException\("AZURE_STORAGE_CONNECTION_STRING is not set\."\);$/m);

    const several = `string container = "reports", conn = "${STORAGE}";\nvar blobs = new BlobServiceClient(conn);\nvar reports = blobs.GetBlobContainerClient(container);\n`;
    assert.match(preferredAfter(several, 'Program.cs', finding(several, KEY)), /^string container = "reports";\n/m);
  });

  it('C#: never removes a field other files can read (non-private, or in a partial type)', () => {
    for (const text of [
      `public class Settings\n{\n    internal static readonly string Storage = "${STORAGE}";\n    public BlobServiceClient Blobs() => new BlobServiceClient(Storage);\n}\n`,
      `public partial class Settings\n{\n    private const string Storage = "${STORAGE}";\n    public BlobServiceClient Blobs() => new BlobServiceClient(Storage);\n}\n`,
    ]) {
      const plans = plan(text, 'Settings.cs', finding(text, KEY));
      assert.deepEqual(plans.map((p) => p.strategy), ['environmentRead']);
      assert.match(applyEdits(text, plans[0].edits), /(static readonly string|static readonly string) Storage = Environment\.GetEnvironmentVariable\("STORAGE"\)/);
    }
    const local = `const string Storage = "${STORAGE}";\nvar settings = new Dictionary<string, string> { ["storage"] = Storage };\n`;
    assert.match(preferredAfter(local, 'Program.cs', finding(local, KEY)), /^string Storage = Environment\.GetEnvironmentVariable\("STORAGE"\) \?\?/m);
  });

  it('C#: leaves alone what it cannot rewrite correctly (environment read instead)', () => {
    const sql = 'Server=tcp:contoso-sql.database.windows.net,1433;Initial Catalog=orders;User ID=orders_app;Password=Synthetic-Edge-Pa55word!;Encrypt=True;';
    const cases: [string, string, Finding][] = [];
    const add = (text: string, f: (t: string) => Finding) => cases.push([text, 'Edge.cs', f(text)]);
    // System.Data.SqlClient has no Active Directory Default.
    add(`using System.Data.SqlClient;\n\nvar connection = new SqlConnection("${sql}");\n`, (t) => finding(t, 'Synthetic-Edge-Pa55word!', 'sql', 'password'));
    // A blocking Connect outside an async method: no await possible.
    add(`using StackExchange.Redis;\n\nclass Cache\n{\n    public IDatabase Open() => ConnectionMultiplexer.Connect("contoso-cache.redis.cache.windows.net:6380,password=SyntheticEdgeRedisKey0123456789=,ssl=True").GetDatabase();\n}\n`, (t) =>
      finding(t, 'SyntheticEdgeRedisKey0123456789=', 'redis', 'accessKey'));
    // Named arguments, a BlobClient (blob names would need escaping), a hub name nowhere to be found.
    add(`var blobs = new BlobServiceClient(connectionString: "${STORAGE}");\n`, (t) => finding(t, KEY));
    add(`var blob = new BlobClient("${STORAGE}", "reports", "2024/summary.pdf");\n`, (t) => finding(t, KEY));
    add(`var producer = new EventHubProducerClient("${SERVICE_BUS}");\n`, (t) => finding(t, SAS, 'eventHubs', 'sharedAccessKey'));
    // A key credential given to a client we do not know to take a TokenCredential, or used for something else.
    add(`var maps = new MapsSearchClient(new AzureKeyCredential("SyntheticEdgeMapsKey0123456789"));\n`, (t) => finding(t, 'SyntheticEdgeMapsKey0123456789', 'aiServices', 'apiKey'));
    add(`var key = new AzureKeyCredential("SyntheticEdgeSearchKey0123456789");\nvar search = new SearchClient(new Uri("https://contoso-search.search.windows.net"), "hotels", key);\nkey.Update("rotated");\n`, (t) =>
      finding(t, 'SyntheticEdgeSearchKey0123456789', 'search', 'apiKey'));
    for (const [text, path, f] of cases) {
      const plans = plan(text, path, f);
      assert.deepEqual(plans.map((p) => p.strategy), ['environmentRead'], text);
      const after = applyEdits(text, plans[0].edits);
      assert.match(after, /Environment\.GetEnvironmentVariable\("[A-Z_]+"\) \?\? throw new InvalidOperationException/);
      assert.equal(parsers.parse('csharp', after).rootNode.hasError, false, after);
    }
  });

  it('C#: user-assigned identity uses ManagedIdentityCredential with ManagedIdentityId; a typed credential variable changes type', () => {
    const identity: IdentityChoice = { kind: 'userAssigned', clientId: '00000000-1111-2222-3333-444444444444' };
    const text = `using Azure.Messaging.ServiceBus;\n\nawait using var client = new ServiceBusClient("${SERVICE_BUS}");\n`;
    const after = preferredAfter(text, 'Program.cs', finding(text, SAS, 'serviceBus', 'sharedAccessKey'), identity);
    assert.match(after, /new ServiceBusClient\("contoso-orders\.servicebus\.windows\.net", new ManagedIdentityCredential\(ManagedIdentityId\.FromUserAssignedClientId\("00000000-1111-2222-3333-444444444444"\)\)\)/);
    assert.match(after, /^using Azure\.Identity;\nusing Azure\.Messaging\.ServiceBus;$/m);

    const typed = `class Search\n{\n    private readonly AzureKeyCredential _key = new("SyntheticEdgeSearchKey0123456789");\n    public SearchClient Client() => new SearchClient(new Uri("https://contoso-search.search.windows.net"), "hotels", _key);\n}\n`;
    const typedAfter = preferredAfter(typed, 'Search.cs', finding(typed, 'SyntheticEdgeSearchKey0123456789', 'search', 'apiKey'), identity);
    assert.match(typedAfter, /private readonly ManagedIdentityCredential _key = new ManagedIdentityCredential\(ManagedIdentityId\.FromUserAssignedClientId\("00000000-1111-2222-3333-444444444444"\)\);/);
  });

  it('C#: a Redis connection string in a variable keeps the variable without the password; Connect becomes awaited', () => {
    const text = `using StackExchange.Redis;\n\nclass Cache\n{\n    private const string Redis = "contoso-cache.redis.cache.windows.net:6380,password=SyntheticEdgeRedisKey0123456789=,ssl=True,abortConnect=False";\n\n    public async Task<string?> GetAsync(string key) => await ConnectionMultiplexer.Connect(Redis).GetDatabase().StringGetAsync(key);\n}\n`;
    const after = preferredAfter(text, 'Cache.cs', finding(text, 'SyntheticEdgeRedisKey0123456789=', 'redis', 'accessKey'));
    assert.match(after, /private const string Redis = "contoso-cache\.redis\.cache\.windows\.net:6380,ssl=True,abortConnect=False";/);
    assert.match(after, /=> await \(await ConnectionMultiplexer\.ConnectAsync\(await ConfigurationOptions\.Parse\(Redis\)\.ConfigureForAzureWithTokenCredentialAsync\(new DefaultAzureCredential\(\)\)\)\)\.GetDatabase\(\)/);
    assert.equal(parsers.parse('csharp', after).rootNode.hasError, false);
  });

  it('C#: fix all in file merges a storage and a Service Bus rewrite with one using', () => {
    const text = `using Azure.Messaging.ServiceBus;\nusing Azure.Storage.Blobs;\n\nvar blobs = new BlobServiceClient("${STORAGE}");\nvar bus = new ServiceBusClient("${SERVICE_BUS}");\nConsole.WriteLine(blobs.AccountName);\n`;
    const plans = [finding(text, KEY), finding(text, SAS, 'serviceBus', 'sharedAccessKey')].map((f) => plan(text, 'Program.cs', f)[0]);
    const merged = mergePlans(plans);
    assert.equal(merged.skipped.length, 0);
    const after = applyEdits(text, merged.edits);
    assert.equal(after.match(/using Azure\.Identity;/g)?.length, 1);
    assert.match(after, /new ServiceBusClient\("contoso-orders\.servicebus\.windows\.net", new DefaultAzureCredential\(\)\)/);
    assert.equal(parsers.parse('csharp', after).rootNode.hasError, false);
  });

  it('Java: adds the identity import in sorted position next to its package group, never twice (a wildcard counts)', () => {
    const builder = (conn: string) => `        return new BlobServiceClientBuilder()\n                .connectionString(${conn})\n                .buildClient();`;
    const body = `\npublic class Store {\n    public BlobServiceClient blobs() {\n${builder(`"${STORAGE}"`)}\n    }\n}\n`;
    const sorted = `package com.contoso;\n\nimport com.azure.core.util.Context;\nimport com.azure.storage.blob.BlobServiceClient;\nimport com.azure.storage.blob.BlobServiceClientBuilder;\n\nimport java.util.List;\nimport static java.util.Objects.requireNonNull;\n${body}`;
    const after = preferredAfter(sorted, 'Store.java', finding(sorted, KEY));
    assert.match(after, /^import com\.azure\.core\.util\.Context;\nimport com\.azure\.identity\.DefaultAzureCredentialBuilder;\nimport com\.azure\.storage\.blob\.BlobServiceClient;\n/m);
    assert.match(after, /\n {16}\.endpoint\("https:\/\/contosodata\.blob\.core\.windows\.net"\)\n {16}\.credential\(new DefaultAzureCredentialBuilder\(\)\.build\(\)\)\n {16}\.buildClient\(\);/);
    for (const existing of ['import com.azure.identity.*;', 'import com.azure.identity.DefaultAzureCredentialBuilder;']) {
      const text = `package com.contoso;\n\n${existing}\nimport com.azure.storage.blob.*;\n${body}`;
      assert.equal(preferredAfter(text, 'Store.java', finding(text, KEY)).match(/^import com\.azure\.identity\./gm)?.length, 1);
    }
    const unsorted = `package com.contoso;\n\nimport com.azure.storage.blob.BlobServiceClientBuilder;\nimport com.azure.storage.blob.BlobServiceClient;\n${body}`;
    assert.match(preferredAfter(unsorted, 'Store.java', finding(unsorted, KEY)), /import com\.azure\.storage\.blob\.BlobServiceClient;\nimport com\.azure\.identity\.DefaultAzureCredentialBuilder;\n\npublic class/);
    const bare = `package com.contoso;\n${body}`;
    const bareAfter = preferredAfter(bare, 'Store.java', finding(bare, KEY));
    assert.match(bareAfter, /^package com\.contoso;\n\nimport com\.azure\.identity\.DefaultAzureCredentialBuilder;\n\npublic class Store/);
    assert.equal(parsers.parse('java', bareAfter).rootNode.hasError, false);
  });

  it('Java: removes the variable only when every reference was rewritten; one declarator of several', () => {
    const both = `class Clients {\n    void build() {\n        String conn = "${STORAGE}";\n        var blobs = new BlobServiceClientBuilder().connectionString(conn).buildClient();\n        var queues = new QueueServiceClientBuilder().connectionString(conn).buildClient();\n    }\n}\n`;
    const after = preferredAfter(both, 'Clients.java', finding(both, KEY));
    assert.doesNotMatch(after, /String conn/);
    assert.match(after, /new QueueServiceClientBuilder\(\)\.endpoint\("https:\/\/contosodata\.queue\.core\.windows\.net"\)\.credential\(new DefaultAzureCredentialBuilder\(\)\.build\(\)\)\.buildClient\(\)/);

    const other = `class Clients {\n    void build() {\n        String conn = "${STORAGE}";\n        var blobs = new BlobServiceClientBuilder().connectionString(conn).buildClient();\n        System.out.println(conn.length());\n    }\n}\n`;
    const plans = plan(other, 'Clients.java', finding(other, KEY));
    assert.deepEqual(plans.map((p) => [p.strategy, p.preferred]), [['environmentRead', true]]);
    assert.match(applyEdits(other, plans[0].edits), /^ {8}String conn = System\.getenv\("AZURE_STORAGE_CONNECTION_STRING"\);$/m);

    const several = `class Clients {\n    void build() {\n        String container = "reports", conn = "${STORAGE}";\n        var blobs = new BlobServiceClientBuilder().connectionString(conn).buildClient();\n        blobs.getBlobContainerClient(container);\n    }\n}\n`;
    assert.match(preferredAfter(several, 'Clients.java', finding(several, KEY)), /^ {8}String container = "reports";\n/m);
  });

  it('Java: never removes a field other files can read (public, protected, package-private, interface constants)', () => {
    for (const field of ['public static final String STORAGE', 'static final String STORAGE', 'protected String STORAGE']) {
      const text = `public class Settings {\n    ${field} = "${STORAGE}";\n    BlobServiceClient blobs() { return new BlobServiceClientBuilder().connectionString(STORAGE).buildClient(); }\n}\n`;
      const plans = plan(text, 'Settings.java', finding(text, KEY));
      assert.deepEqual(plans.map((p) => p.strategy), ['environmentRead'], field);
      assert.match(applyEdits(text, plans[0].edits), /STORAGE = System\.getenv\("STORAGE"\);/);
    }
    const constant = `public interface Settings {\n    String STORAGE = "${STORAGE}";\n    default BlobServiceClient blobs() { return new BlobServiceClientBuilder().connectionString(STORAGE).buildClient(); }\n}\n`;
    assert.deepEqual(plan(constant, 'Settings.java', finding(constant, KEY)).map((p) => p.strategy), ['environmentRead']);
    const nested = `public class Outer {\n    private static final String STORAGE = "${STORAGE}";\n\n    static class Inner {\n        BlobServiceClient blobs() { return new BlobServiceClientBuilder().connectionString(Outer.STORAGE).buildClient(); }\n    }\n}\n`;
    const nestedAfter = preferredAfter(nested, 'Outer.java', finding(nested, KEY));
    assert.doesNotMatch(nestedAfter, /STORAGE/);
    assert.match(nestedAfter, /^public class Outer \{\n    static class Inner \{/m);
  });

  it('Java: leaves alone what it cannot rewrite correctly (environment read instead)', () => {
    const cases: [string, Finding][] = [];
    const add = (text: string, f: (t: string) => Finding) => cases.push([text, f(text)]);
    // An entity in the connection string and no queue or topic named on the builder.
    add(`class A {\n    Object c = new ServiceBusClientBuilder().connectionString("${SERVICE_BUS};EntityPath=orders").sender().buildClient();\n}\n`, (t) => finding(t, SAS, 'serviceBus', 'sharedAccessKey'));
    // Event Hubs without a hub name anywhere.
    add(`class A {\n    Object c = new EventHubClientBuilder().connectionString("${SERVICE_BUS}").buildProducerClient();\n}\n`, (t) => finding(t, SAS, 'eventHubs', 'sharedAccessKey'));
    // File shares need a share token intent with a TokenCredential; a builder we do not know.
    add(`class A {\n    Object c = new ShareServiceClientBuilder().connectionString("${STORAGE}").buildClient();\n}\n`, (t) => finding(t, KEY));
    // A builder that already has an endpoint; a connection string outside any builder.
    add(`class A {\n    Object c = new BlobServiceClientBuilder().endpoint("https://contosodata.blob.core.windows.net").connectionString("${STORAGE}").buildClient();\n}\n`, (t) => finding(t, KEY));
    // A key credential also used for something else, or given to a client we do not know to take a TokenCredential.
    add(`class A {\n    void f() {\n        AzureKeyCredential key = new AzureKeyCredential("SyntheticEdgeSearchKey0123456789");\n        var search = new SearchClientBuilder().endpoint("https://contoso-search.search.windows.net").indexName("hotels").credential(key).buildClient();\n        key.update("rotated");\n    }\n}\n`, (t) =>
      finding(t, 'SyntheticEdgeSearchKey0123456789', 'search', 'apiKey'));
    add(`class A {\n    Object c = new MapsSearchClientBuilder().credential(new AzureKeyCredential("SyntheticEdgeMapsKey0123456789")).buildClient();\n}\n`, (t) => finding(t, 'SyntheticEdgeMapsKey0123456789', 'aiServices', 'apiKey'));
    // A JDBC URL for a server that is not Azure SQL, and a password passed separately.
    add(`class A {\n    private String url = "jdbc:sqlserver://sql.contoso.internal:1433;database=orders;user=app;password=Synthetic-Edge-Pa55word!";\n    Connection open() throws SQLException { return DriverManager.getConnection(url); }\n}\n`, (t) => finding(t, 'Synthetic-Edge-Pa55word!', 'sql', 'password'));
    add(`class A {\n    Connection c() throws Exception { return DriverManager.getConnection("jdbc:sqlserver://contoso-sql.database.windows.net:1433;database=orders", "app", "Synthetic-Edge-Pa55word!"); }\n}\n`, (t) =>
      finding(t, 'Synthetic-Edge-Pa55word!', 'sql', 'password'));
    for (const [text, f] of cases) {
      const plans = plan(text, 'A.java', f);
      assert.deepEqual(plans.map((p) => p.strategy), ['environmentRead'], text);
      const after = applyEdits(text, plans[0].edits);
      assert.match(after, /System\.getenv\("[A-Z_]+"\)/);
      assert.equal(parsers.parse('java', after).rootNode.hasError, false, after);
    }
  });

  it('Java: drops an import the rewrite left unused, keeps one still used; a typed credential variable changes type', () => {
    const text = `import com.azure.storage.blob.BlobServiceClientBuilder;\nimport com.azure.storage.common.StorageSharedKeyCredential;\n\nclass A {\n    Object blobs() {\n        StorageSharedKeyCredential key = new StorageSharedKeyCredential("contosodata", "${KEY}");\n        return new BlobServiceClientBuilder().endpoint("https://contosodata.blob.core.windows.net").credential(key).buildClient();\n    }\n}\n`;
    const after = preferredAfter(text, 'A.java', finding(text, KEY));
    assert.match(after, /^import com\.azure\.identity\.DefaultAzureCredential;\nimport com\.azure\.identity\.DefaultAzureCredentialBuilder;\nimport com\.azure\.storage\.blob\.BlobServiceClientBuilder;\n\nclass A/);
    assert.match(after, /DefaultAzureCredential key = new DefaultAzureCredentialBuilder\(\)\.build\(\);/);
    const used = text.replace('class A {\n', 'class A {\n    StorageSharedKeyCredential other;\n');
    assert.match(preferredAfter(used, 'A.java', finding(used, KEY)), /^import com\.azure\.storage\.common\.StorageSharedKeyCredential;$/m);
    const tokenTyped = text.replace('StorageSharedKeyCredential key', 'TokenCredential key');
    assert.match(preferredAfter(tokenTyped, 'A.java', finding(tokenTyped, KEY)), /TokenCredential key = new DefaultAzureCredentialBuilder\(\)\.build\(\);/);
  });

  it('Java: user-assigned identity: managedIdentityClientId, ActiveDirectoryManagedIdentity for SQL, azure.clientId for MySQL', () => {
    const identity: IdentityChoice = { kind: 'userAssigned', clientId: '00000000-1111-2222-3333-444444444444' };
    const text = `class A {\n    Object bus = new ServiceBusClientBuilder().connectionString("${SERVICE_BUS}").processor().queueName("orders").processMessage(m -> {}).processError(e -> {}).buildProcessorClient();\n}\n`;
    const plans = plan(text, 'A.java', finding(text, SAS, 'serviceBus', 'sharedAccessKey'), identity);
    assert.match(applyEdits(text, plans[0].edits), /\.fullyQualifiedNamespace\("contoso-orders\.servicebus\.windows\.net"\)\.credential\(new DefaultAzureCredentialBuilder\(\)\.managedIdentityClientId\("00000000-1111-2222-3333-444444444444"\)\.build\(\)\)\.processor\(\)/);
    assert.deepEqual(plans[0].followUps.flatMap((f) => (f.kind === 'grantRole' ? f.roles.map((r) => r.roleName) : [])), ['Azure Service Bus Data Receiver', 'Azure Service Bus Data Owner']);

    const sql = `class A {\n    private String url = "jdbc:sqlserver://contoso-sql.database.windows.net:1433;databaseName=orders;user=app;password=Synthetic-Edge-Pa55word!;encrypt=true";\n    Connection open() throws SQLException { return DriverManager.getConnection(url); }\n}\n`;
    assert.match(preferredAfter(sql, 'A.java', finding(sql, 'Synthetic-Edge-Pa55word!', 'sql', 'password'), identity), /"jdbc:sqlserver:\/\/contoso-sql\.database\.windows\.net:1433;databaseName=orders;encrypt=true;authentication=ActiveDirectoryManagedIdentity;user=00000000-1111-2222-3333-444444444444"/);
    const mysql = `class A {\n    private String url = "jdbc:mysql://contoso-mysql.mysql.database.azure.com:3306/orders?user=app&password=Synthetic-Edge-Pa55word!&sslMode=REQUIRED";\n    Connection open() throws SQLException { return DriverManager.getConnection(url); }\n}\n`;
    assert.match(
      preferredAfter(mysql, 'A.java', finding(mysql, 'Synthetic-Edge-Pa55word!', 'mysql', 'password'), identity),
      /"jdbc:mysql:\/\/contoso-mysql\.mysql\.database\.azure\.com:3306\/orders\?user=app&sslMode=REQUIRED&defaultAuthenticationPlugin=com\.azure\.identity\.extensions\.jdbc\.mysql\.AzureMysqlAuthenticationPlugin&authenticationPlugins=com\.azure\.identity\.extensions\.jdbc\.mysql\.AzureMysqlAuthenticationPlugin&azure\.clientId=00000000-1111-2222-3333-444444444444"/,
    );
  });

  it('Java: fix all in file merges a storage and an Event Hubs rewrite with one import', () => {
    const text = `package com.contoso;\n\nimport com.azure.messaging.eventhubs.EventHubClientBuilder;\nimport com.azure.storage.blob.BlobServiceClientBuilder;\n\nclass A {\n    Object blobs = new BlobServiceClientBuilder().connectionString("${STORAGE}").buildClient();\n    Object events = new EventHubClientBuilder().connectionString("${SERVICE_BUS};EntityPath=telemetry").buildConsumerClient();\n}\n`;
    const plans = [finding(text, KEY), finding(text, SAS, 'eventHubs', 'sharedAccessKey')].map((f) => plan(text, 'A.java', f)[0]);
    const merged = mergePlans(plans);
    assert.equal(merged.skipped.length, 0);
    const after = applyEdits(text, merged.edits);
    assert.equal(after.match(/^import com\.azure\.identity\.DefaultAzureCredentialBuilder;$/gm)?.length, 1);
    assert.match(after, /new EventHubClientBuilder\(\)\.credential\("contoso-orders\.servicebus\.windows\.net", "telemetry", new DefaultAzureCredentialBuilder\(\)\.build\(\)\)\.buildConsumerClient\(\)/);
    assert.equal(parsers.parse('java', after).rootNode.hasError, false);
  });

  it('Go: adds azidentity to the SDK import group in sorted position, never twice; a single import becomes a block', () => {
    const body = `\nfunc blobs() (*azblob.Client, error) {\n\treturn azblob.NewClientFromConnectionString("${STORAGE}", nil)\n}\n`;
    const grouped = `package store\n\nimport (\n\t"fmt"\n\n\t"github.com/Azure/azure-sdk-for-go/sdk/azcore"\n\t"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"\n)\n${body}`;
    const after = preferredAfter(grouped, 'store.go', finding(grouped, KEY));
    assert.match(after, /^import \(\n\t"fmt"\n\n\t"github\.com\/Azure\/azure-sdk-for-go\/sdk\/azcore"\n\t"github\.com\/Azure\/azure-sdk-for-go\/sdk\/azidentity"\n\t"github\.com\/Azure\/azure-sdk-for-go\/sdk\/storage\/azblob"\n\)$/m);
    assert.match(after, /\tcred, err := azidentity\.NewDefaultAzureCredential\(nil\)\n\tif err != nil \{\n\t\treturn nil, err\n\t\}\n\treturn azblob\.NewClient\("https:\/\/contosodata\.blob\.core\.windows\.net\/", cred, nil\)\n/);
    const existing = `package store\n\nimport (\n\tid "github.com/Azure/azure-sdk-for-go/sdk/azidentity"\n\t"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"\n)\n\nvar cli, _ = id.NewAzureCLICredential(nil)\n${body}`;
    const existingAfter = preferredAfter(existing, 'store.go', finding(existing, KEY));
    assert.equal(existingAfter.match(/azure-sdk-for-go\/sdk\/azidentity"/g)?.length, 1);
    assert.match(existingAfter, /cred, err := id\.NewDefaultAzureCredential\(nil\)/, 'the alias the file uses');
    const single = `package store\n\nimport "github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"\n${body}`;
    const singleAfter = preferredAfter(single, 'store.go', finding(single, KEY));
    assert.match(singleAfter, /^package store\n\nimport \(\n\t"github\.com\/Azure\/azure-sdk-for-go\/sdk\/azidentity"\n\t"github\.com\/Azure\/azure-sdk-for-go\/sdk\/storage\/azblob"\n\)\n\nfunc blobs/);
    assert.equal(parsers.parse('go', singleAfter).rootNode.hasError, false);
    const stdOnly = `package store\n\nimport (\n\t"os"\n)\n\nvar conn = map[string]string{"storage": "${STORAGE}"}\n\nfunc init() { _ = os.Args }\n`;
    assert.match(preferredAfter(stdOnly, 'store.go', finding(stdOnly, KEY)), /^import \(\n\t"os"\n\)\n\nvar conn = map\[string\]string\{"storage": os\.Getenv\("AZURE_STORAGE_CONNECTION_STRING"\)\}/m);
  });

  it('Go: mirrors the error handling of the statement it precedes, and shares one credential between two clients', () => {
    const handler = `package main\n\nfunc main() {\n\tconn := "${STORAGE}"\n\tblobs, err := azblob.NewClientFromConnectionString(conn, nil)\n\tcheck(err)\n\tqueues, err := azqueue.NewServiceClientFromConnectionString(conn, nil)\n\tcheck(err)\n\tuse(blobs, queues)\n}\n`;
    const imports = `import (\n\t"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"\n\t"github.com/Azure/azure-sdk-for-go/sdk/storage/azqueue"\n)\n\n`;
    const text = handler.replace('func main', `${imports}func main`);
    const after = preferredAfter(text, 'main.go', finding(text, KEY));
    assert.match(after, /\tcred, err := azidentity\.NewDefaultAzureCredential\(nil\)\n\tcheck\(err\)\n\tblobs, err := azblob\.NewClient\("https:\/\/contosodata\.blob\.core\.windows\.net\/", cred, nil\)\n\tcheck\(err\)\n\tqueues, err := azqueue\.NewServiceClient\("https:\/\/contosodata\.queue\.core\.windows\.net\/", cred, nil\)\n/);
    assert.equal(after.match(/NewDefaultAzureCredential/g)?.length, 1);
    assert.doesNotMatch(after, /conn :=/);
    const ignored = text.replace('blobs, err := azblob.NewClientFromConnectionString(conn, nil)\n\tcheck(err)', 'blobs, _ := azblob.NewClientFromConnectionString(conn, nil)').replace('queues, err := azqueue.NewServiceClientFromConnectionString(conn, nil)\n\tcheck(err)\n\tuse(blobs, queues)', 'use(blobs)');
    assert.match(preferredAfter(ignored, 'main.go', finding(ignored, KEY)), /\tcred, _ := azidentity\.NewDefaultAzureCredential\(nil\)\n\tblobs, _ := azblob\.NewClient\(/);
  });

  it('Go: never removes a package-level variable or constant (any file of the package may read it); a const read becomes var', () => {
    for (const decl of [`const storage = "${STORAGE}"`, `var Storage = "${STORAGE}"`]) {
      const name = decl.split(' ')[1];
      const text = `package store\n\nimport "github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"\n\n${decl}\n\nfunc blobs() (*azblob.Client, error) {\n\treturn azblob.NewClientFromConnectionString(${name}, nil)\n}\n`;
      const plans = plan(text, 'store.go', finding(text, KEY));
      assert.deepEqual(plans.map((p) => p.strategy), ['environmentRead'], decl);
      const after = applyEdits(text, plans[0].edits);
      assert.match(after, new RegExp(`^var ${name} = os\\.Getenv\\("[A-Z_]+"\\)$`, 'm'));
      assert.match(after, /^import \(\n\t"os"\n\n\t"github\.com\/Azure\/azure-sdk-for-go\/sdk\/storage\/azblob"\n\)$/m);
      assert.equal(parsers.parse('go', after).rootNode.hasError, false);
    }
    const iota = `package store\n\nconst (\n\tfirst = iota\n\tstorage = "${STORAGE}"\n)\n`;
    assert.deepEqual(plan(iota, 'store.go', finding(iota, KEY)), [], 'a const group with iota cannot become var');
  });

  it('Go: leaves alone what it cannot rewrite correctly (environment read instead)', () => {
    const cases: [string, Finding][] = [];
    const sdk = (pkg: string) => `package p\n\nimport "github.com/Azure/azure-sdk-for-go/sdk/${pkg}"\n\n`;
    const add = (text: string, f: (t: string) => Finding) => cases.push([text, f(text)]);
    // No error check after the client to mirror; the client built inside a larger expression.
    add(`${sdk('storage/azblob')}func f() {\n\tclient, err := azblob.NewClientFromConnectionString("${STORAGE}", nil)\n\tuse(client, err)\n}\n`, (t) => finding(t, KEY));
    add(`${sdk('storage/azblob')}func f() *azblob.Client {\n\treturn must(azblob.NewClientFromConnectionString("${STORAGE}", nil))\n}\n`, (t) => finding(t, KEY));
    // A function whose results have no zero value we can write.
    add(`${sdk('storage/azblob')}func f() (Store, error) {\n\treturn azblob.NewClientFromConnectionString("${STORAGE}", nil)\n}\n`, (t) => finding(t, KEY));
    // Event Hubs with an empty hub name and no EntityPath; the same function name from a package that is not the SDK.
    add(`${sdk('messaging/azeventhubs')}func f() {\n\tp, err := azeventhubs.NewProducerClientFromConnectionString("${SERVICE_BUS}", "", nil)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\t_ = p\n}\n`, (t) => finding(t, SAS, 'eventHubs', 'sharedAccessKey'));
    add(`package p\n\nimport "example.com/azblob"\n\nfunc f() {\n\tc, err := azblob.NewClientFromConnectionString("${STORAGE}", nil)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\t_ = c\n}\n`, (t) => finding(t, KEY));
    // A shared key credential also used for something else; a client secret credential handed to the app's own code.
    add(`${sdk('storage/azblob')}func f() {\n\tcred, err := azblob.NewSharedKeyCredential("contosodata", "${KEY}")\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tsign(cred)\n}\n`, (t) => finding(t, KEY));
    add(`${sdk('azidentity')}func f() {\n\tcred, err := azidentity.NewClientSecretCredential("t", "c", "abc8Q~SyntheticEdgeSecret0123456789", nil)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tnewStore(cred)\n}\n`, (t) =>
      finding(t, 'abc8Q~SyntheticEdgeSecret0123456789', 'entraId', 'clientSecret'));
    // A SQL Server that is not Azure SQL.
    add(`package p\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/microsoft/go-mssqldb"\n)\n\nfunc f() (*sql.DB, error) {\n\treturn sql.Open("sqlserver", "sqlserver://app:Synthetic-Edge-Pa55word!@sql.contoso.internal?database=orders")\n}\n`, (t) =>
      finding(t, 'Synthetic-Edge-Pa55word!', 'sql', 'password'));
    for (const [text, f] of cases) {
      const plans = plan(text, 'p.go', f);
      assert.deepEqual(plans.map((p) => p.strategy), ['environmentRead'], text);
      const after = applyEdits(text, plans[0].edits);
      assert.match(after, /os\.Getenv\("[A-Z_]+"\)/);
      assert.equal(parsers.parse('go', after).rootNode.hasError, false, after);
    }
  });

  it('Go: fix all in file gives each client its own credential variable', () => {
    const text = `package main\n\nimport (\n\t"log"\n\n\t"github.com/Azure/azure-sdk-for-go/sdk/messaging/azservicebus"\n\t"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"\n)\n\nfunc main() {\n\tblobs, err := azblob.NewClientFromConnectionString("${STORAGE}", nil)\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tbus, err := azservicebus.NewClientFromConnectionString("${SERVICE_BUS}", nil)\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\t_, _ = blobs, bus\n}\n`;
    const identity: IdentityChoice = { kind: 'userAssigned', clientId: '00000000-1111-2222-3333-444444444444' };
    const plans = [finding(text, KEY), finding(text, SAS, 'serviceBus', 'sharedAccessKey')].map((f) => plan(text, 'main.go', f, identity)[0]);
    const merged = mergePlans(plans);
    assert.equal(merged.skipped.length, 0);
    const after = applyEdits(text, merged.edits);
    assert.equal(after.match(/azure-sdk-for-go\/sdk\/azidentity"/g)?.length, 1);
    assert.match(after, /\tblobCred, err := azidentity\.NewManagedIdentityCredential\(&azidentity\.ManagedIdentityCredentialOptions\{ID: azidentity\.ClientID\("00000000-1111-2222-3333-444444444444"\)\}\)\n/);
    assert.match(after, /bus, err := azservicebus\.NewClient\("contoso-orders\.servicebus\.windows\.net", serviceBusCred, nil\)/);
    assert.equal(parsers.parse('go', after).rootNode.hasError, false);
  });

  it('plans quickly in a large file once the parsers are warm (reported, not asserted)', () => {
    const filler = Array.from({ length: 5000 }, (_, i) => `export function f${i}(x: number): number { return x + ${i}; }`).join('\n');
    const text = `import { BlobServiceClient } from "@azure/storage-blob";\n${filler}\nconst conn = "${STORAGE}";\nexport const b = BlobServiceClient.fromConnectionString(conn);\n`;
    const f = finding(text, KEY);
    plan(text, 'big.ts', f); // parse once (the parsers keep the last tree per language)
    const t0 = performance.now();
    const runs = 20;
    for (let i = 0; i < runs; i++) assert.equal(plan(text, 'big.ts', f)[0]?.strategy, 'passwordless');
    console.log(`  planning in a 5,002-line file: ${((performance.now() - t0) / runs).toFixed(2)} ms per finding (tree cached)`);
    const t1 = performance.now();
    plan(`${text}\n`, 'big.ts', f);
    console.log(`  including a fresh parse: ${(performance.now() - t1).toFixed(1)} ms`);
  });
});

/**
 * The C# rewrites (Azure SDK for .NET clients, Microsoft.Data.SqlClient connection strings, StackExchange.Redis),
 * one per construct in the catalog. Each takes one use of the secret (the literal, or a reference to the
 * variable holding it) and returns edits, or undefined when it does not recognise the construct. Arguments are
 * edited in place, so `new T(…)`, target-typed `new(…)`, qualified type names and object initializers keep
 * their shape. Calls with named arguments are left alone.
 */
import type { FollowUp, PackageRequirement, SyntaxNode, TextEdit } from '../../types';
import type { ImportNeed, Rewrite, RewriteContext } from '../codeLanguage';
import { cleanEndpoint, parseConnectionString, resourceNameOf, storageUrl, type StorageService } from '../connectionInfo';
import { appRegistrationStep, cosmosDataPlaneStep, grantRole, redisAccessPolicyStep, sqlUserStep, storageFollowUps, type RoleTarget } from '../followUps';
import { closest, findIdentifiers, named, rangeOf, valueParent } from '../syntax';
import { replace } from '../textEdits';
import { argumentOf, credentialExpression, CS_WRAPPERS, csCall, csReferences, lastName, str, stringValue, type CsArgument, type CsCall } from './csSyntax';

const IDENTITY_PACKAGE: PackageRequirement = { ecosystem: 'nuget', name: 'Azure.Identity' };
const SYSTEM: ImportNeed = { module: 'System', name: '' };

/** Storage clients built from a connection string: the endpoint, and how many entity names follow it. */
const storageClients: Record<string, { service: StorageService; role: RoleTarget; entity: boolean; separateName?: boolean }> = {
  BlobServiceClient: { service: 'blob', role: 'blob', entity: false },
  BlobContainerClient: { service: 'blob', role: 'blob', entity: true },
  QueueServiceClient: { service: 'queue', role: 'queue', entity: false },
  QueueClient: { service: 'queue', role: 'queue', entity: true },
  DataLakeServiceClient: { service: 'dfs', role: 'dataLake', entity: false },
  TableServiceClient: { service: 'table', role: 'table', entity: false },
  // new TableClient(conn, table[, options]) → new TableClient(uri, table, credential[, options])
  TableClient: { service: 'table', role: 'table', entity: true, separateName: true },
};

/** Clients that take a key credential and have a `TokenCredential` overload in the same position. */
const keyCredentials: Record<string, { keyIndex: number; clients: Record<string, RoleTarget> }> = {
  AzureKeyCredential: {
    keyIndex: 0,
    clients: {
      SearchClient: 'search',
      SearchIndexClient: 'search',
      SearchIndexerClient: 'search',
      EventGridPublisherClient: 'eventGrid',
      EventGridSenderClient: 'eventGrid',
      AzureOpenAIClient: 'openAi',
      OpenAIClient: 'openAi',
      TextAnalyticsClient: 'aiServices',
      DocumentAnalysisClient: 'aiServices',
      DocumentIntelligenceClient: 'aiServices',
      FormRecognizerClient: 'aiServices',
      ImageAnalysisClient: 'aiServices',
      ContentSafetyClient: 'aiServices',
      WebPubSubServiceClient: 'webPubSub',
    },
  },
  // System.ClientModel's key credential, as the Azure.AI.OpenAI 2.x samples use it.
  ApiKeyCredential: { keyIndex: 0, clients: { AzureOpenAIClient: 'openAi' } },
  StorageSharedKeyCredential: {
    keyIndex: 1,
    clients: {
      BlobServiceClient: 'blob',
      BlobContainerClient: 'blob',
      BlobClient: 'blob',
      QueueServiceClient: 'queue',
      QueueClient: 'queue',
      DataLakeServiceClient: 'dataLake',
      DataLakeFileSystemClient: 'dataLake',
    },
  },
  TableSharedKeyCredential: { keyIndex: 1, clients: { TableServiceClient: 'table', TableClient: 'table' } },
};

interface Env {
  readonly ctx: RewriteContext;
  readonly cred: ReturnType<typeof credentialExpression>;
}

export function rewriteCSharp(use: SyntaxNode, ctx: RewriteContext): Rewrite | undefined {
  const env: Env = { ctx, cred: credentialExpression(ctx) };
  const arg = argumentOf(use);
  if (!arg || arg.call.args.some((a) => a.name)) return undefined;
  if (ctx.finding.service === 'sql') return rewriteSqlConnectionString(arg.call, env);
  if (ctx.finding.service === 'redis') return rewriteRedis(use, arg.call, arg.index, env);
  return rewriteArgument(arg.call, arg.index, env);
}

function result(env: Env, title: string, edits: TextEdit[], followUps: FollowUp[], extra?: { imports?: ImportNeed[]; packages?: PackageRequirement[] }): Rewrite {
  const usesUri = edits.some((e) => e.newText.includes('new Uri('));
  return {
    title: `${title} + ${env.cred.label}`,
    edits,
    imports: [...env.cred.imports, ...(usesUri ? [SYSTEM] : []), ...(extra?.imports ?? [])],
    followUps,
    packages: [IDENTITY_PACKAGE, ...(extra?.packages ?? [])],
  };
}

const uri = (url: string) => `new Uri(${str(url)})`;
const span = (from: CsArgument, to: CsArgument) => ({ start: from.node.startIndex, end: to.node.endIndex });

/** An options argument (`new BlobClientOptions()`, `options`, `clientOptions`) rather than a name. */
function isOptions(arg: CsArgument | undefined): boolean {
  if (!arg) return false;
  const v = arg.value;
  if (v.type === 'object_creation_expression') return /Options$/.test(lastName(v.childForFieldName('type')) ?? '');
  return /options$/i.test(lastName(v) ?? '');
}

/** `https://<account>.blob.core.windows.net/<name>` as a literal, or interpolated when the name is an expression. */
function entityUri(base: string, nameArg: CsArgument): string {
  const literal = stringValue(nameArg.value);
  if (literal !== undefined && /^[a-z0-9-]+$/i.test(literal)) return uri(`${base}/${literal}`);
  const v = nameArg.value;
  const simple = v.type === 'identifier' || v.type === 'member_access_expression' || v.type === 'invocation_expression';
  return `new Uri($"${base}/{${simple ? v.text : `(${v.text})`}}")`;
}

function rewriteArgument(c: CsCall, index: number, env: Env): Rewrite | undefined {
  const { ctx, cred } = env;
  const { info } = ctx;
  const args = c.args;

  if (c.isNew && storageClients[c.name] && index === 0) {
    const f = storageClients[c.name];
    const base = storageUrl(info, f.service);
    if (!base) return undefined;
    const followUps = storageFollowUps(f.role, base, info.accountName);
    if (!f.entity) {
      if (args.length > 2) return undefined;
      return result(env, c.name, [replace(rangeOf(args[0].node), `${uri(base)}, ${cred.text}`)], followUps);
    }
    if (args.length < 2 || args.length > 3 || isOptions(args[1])) return undefined;
    const text = f.separateName ? `${uri(base)}, ${args[1].value.text}, ${cred.text}` : `${entityUri(base, args[1])}, ${cred.text}`;
    return result(env, c.name, [replace(span(args[0], args[1]), text)], followUps);
  }

  if (!c.isNew) {
    if (index === 0 && args.length === 1 && (c.name === 'Connect' || c.name === 'AddAzureAppConfiguration')) return rewriteAppConfigurationProvider(c, env);
    return undefined;
  }

  switch (c.name) {
    case 'ServiceBusClient':
    case 'ServiceBusAdministrationClient': {
      if (index !== 0 || !info.namespace || args.length > 2) return undefined;
      return result(env, c.name, [replace(rangeOf(args[0].node), `${str(info.namespace)}, ${cred.text}`)], [grantRole('serviceBus', resourceNameOf(info.namespace))]);
    }
    case 'EventHubProducerClient':
    case 'EventHubConsumerClient':
    case 'EventProcessorClient': {
      // Producer (conn[, hub][, options]); consumer (group, conn[, hub][, options]); processor (store, group, conn[, hub][, options]).
      const connIndex = c.name === 'EventHubProducerClient' ? 0 : c.name === 'EventHubConsumerClient' ? 1 : 2;
      if (index !== connIndex || !info.namespace) return undefined;
      const next = args[connIndex + 1];
      const explicitHub = next && !isOptions(next) ? next : undefined;
      const hub = explicitHub ? explicitHub.value.text : info.entityPath ? str(info.entityPath) : undefined;
      if (!hub) return undefined;
      const last = explicitHub ?? args[connIndex];
      if (args.length - args.indexOf(last) > 2) return undefined;
      const role: RoleTarget = c.name === 'EventHubProducerClient' ? 'eventHubsProducer' : 'eventHubsConsumer';
      return result(env, c.name, [replace(span(args[connIndex], last), `${str(info.namespace)}, ${hub}, ${cred.text}`)], [grantRole(role, resourceNameOf(info.namespace))]);
    }
    case 'CosmosClient':
    case 'CosmosClientBuilder': {
      if (index === 0 && info.endpoint && (args.length === 1 || (args.length === 2 && isOptions(args[1])))) {
        // new CosmosClient(connectionString[, options]) → new CosmosClient(endpoint, credential[, options])
        const account = resourceNameOf(info.endpoint);
        return result(env, c.name, [replace(rangeOf(args[0].node), `${str(info.endpoint)}, ${cred.text}`)], [grantRole('cosmosDb', account), cosmosDataPlaneStep(account)]);
      }
      if (index === 1 && args.length <= 3) {
        // new CosmosClient(endpoint, key[, options]) → new CosmosClient(endpoint, credential[, options])
        const account = resourceNameOf(endpointText(args[0].value, ctx) ?? info.endpoint);
        return result(env, c.name, [replace(rangeOf(args[1].node), cred.text)], [grantRole('cosmosDb', account), cosmosDataPlaneStep(account)]);
      }
      return undefined;
    }
    case 'ConfigurationClient': {
      if (index !== 0 || !info.endpoint || args.length > 2) return undefined;
      return result(env, c.name, [replace(rangeOf(args[0].node), `${uri(cleanEndpoint(info.endpoint))}, ${cred.text}`)], [
        grantRole('appConfiguration', resourceNameOf(info.endpoint)),
      ]);
    }
    case 'WebPubSubServiceClient': {
      // new WebPubSubServiceClient(conn, hub[, options]) → (new Uri(endpoint), hub, credential[, options])
      if (index !== 0 || !info.endpoint || args.length < 2 || args.length > 3) return undefined;
      return result(env, c.name, [replace(span(args[0], args[1]), `${uri(cleanEndpoint(info.endpoint))}, ${args[1].value.text}, ${cred.text}`)], [
        grantRole('webPubSub', resourceNameOf(info.endpoint)),
      ]);
    }
    case 'ClientSecretCredential':
      return index === 2 ? rewriteClientSecretCredential(c, env) : undefined;
    default:
      return keyCredentials[c.name] && index === keyCredentials[c.name].keyIndex ? rewriteKeyCredential(c, env) : undefined;
  }
}

/**
 * App Configuration provider: `builder.Configuration.AddAzureAppConfiguration(conn)` →
 * `AddAzureAppConfiguration(options => options.Connect(new Uri(endpoint), credential))`, and
 * `options.Connect(conn)` → `options.Connect(new Uri(endpoint), credential)`.
 */
function rewriteAppConfigurationProvider(c: CsCall, env: Env): Rewrite | undefined {
  const { ctx, cred } = env;
  const endpoint = ctx.info.endpoint;
  if (!endpoint || !/\.azconfig\.io/i.test(endpoint) || !/AddAzureAppConfiguration/.test(ctx.text)) return undefined;
  const target = uri(cleanEndpoint(endpoint));
  const followUps = [grantRole('appConfiguration', resourceNameOf(endpoint))];
  if (c.name === 'Connect') return result(env, 'AzureAppConfigurationOptions.Connect', [replace(rangeOf(c.args[0].node), `${target}, ${cred.text}`)], followUps);
  const param = ['options', 'appConfig', 'appConfiguration'].find((n) => !new RegExp(`(?<![\\w@])${n}(?![\\w])`).test(ctx.text));
  if (!param) return undefined;
  return result(env, 'AddAzureAppConfiguration', [replace(rangeOf(c.args[0].node), `${param} => ${param}.Connect(${target}, ${cred.text})`)], followUps);
}

/** The calls a credential expression is passed to: directly, or through the variable it initialises. */
function clientsReceiving(expr: SyntaxNode, ctx: RewriteContext): { calls: CsCall[]; allUses: boolean; declaredType?: SyntaxNode } | undefined {
  const direct = argumentOf(expr)?.call;
  if (direct) return { calls: [direct], allUses: true };
  const { parent: declarator, child } = valueParent(expr, CS_WRAPPERS);
  if (declarator?.type !== 'variable_declarator' || named(declarator).pop()?.startIndex !== child.startIndex) return undefined;
  const name = declarator.childForFieldName('name');
  const declaration = declarator.parent;
  if (!name || declaration?.type !== 'variable_declaration' || named(declaration).filter((d) => d.type === 'variable_declarator').length !== 1) return undefined;
  const statement = declaration.parent;
  const type = closest(statement ?? null, new Set(['class_declaration', 'struct_declaration', 'record_declaration']));
  const scope = statement?.type === 'field_declaration' ? type : closest(statement ?? null, new Set(['block', 'compilation_unit']));
  if (!scope) return undefined;
  const calls: CsCall[] = [];
  let allUses = true;
  for (const ref of csReferences(ctx.text, scope, name.text, name, type?.childForFieldName('name')?.text)) {
    const call = argumentOf(ref)?.call;
    if (call) calls.push(call);
    else allUses = false;
  }
  const declaredType = declaration.childForFieldName('type');
  return { calls, allUses, declaredType: declaredType && declaredType.type !== 'implicit_type' ? declaredType : undefined };
}

/** `new AzureKeyCredential(key)` (and the shared-key credentials) given to a client with a TokenCredential overload. */
function rewriteKeyCredential(c: CsCall, env: Env): Rewrite | undefined {
  const { ctx, cred } = env;
  const spec = keyCredentials[c.name];
  const receiving = clientsReceiving(c.node, ctx);
  // Every use of the credential must go to a client that also takes a TokenCredential there.
  if (!receiving || !receiving.allUses || receiving.calls.length === 0) return undefined;
  const targets = receiving.calls.map((call) => (call.isNew ? spec.clients[call.name] : undefined));
  if (targets.some((t) => !t)) return undefined;
  const client = receiving.calls[0];
  const edits: TextEdit[] = [replace(rangeOf(c.node), cred.text)];
  const typeEdit = declaredTypeEdit(receiving.declaredType, c.name, cred.type);
  if (typeEdit === null) return undefined;
  if (typeEdit) edits.push(typeEdit);
  const accountArg = spec.keyIndex === 1 ? stringValue(c.args[0]?.value) : undefined;
  const clientUrl = endpointText(client.args[0]?.value, ctx);
  const resource = accountArg ?? resourceNameOf(clientUrl) ?? ctx.info.accountName ?? resourceNameOf(ctx.info.endpoint);
  const followUps = [...new Set(targets)].map((t) => grantRole(t as RoleTarget, resource));
  return result(env, client.name, edits, followUps);
}

/** `new ClientSecretCredential(tenant, clientId, secret)` → the managed identity credential, for any client. */
function rewriteClientSecretCredential(c: CsCall, env: Env): Rewrite | undefined {
  const { ctx, cred } = env;
  const receiving = clientsReceiving(c.node, ctx);
  const edits: TextEdit[] = [replace(rangeOf(c.node), cred.text)];
  const typeEdit = declaredTypeEdit(receiving?.declaredType, 'ClientSecretCredential', cred.type);
  if (typeEdit === null) return undefined;
  if (typeEdit) edits.push(typeEdit);
  const followUps: FollowUp[] = [appRegistrationStep()];
  const vault = receiving?.calls.find((call) => call.isNew && call.name === 'SecretClient');
  if (vault) followUps.unshift(grantRole('keyVault', resourceNameOf(endpointText(vault.args[0]?.value, ctx))));
  return result(env, vault?.name ?? receiving?.calls.find((call) => call.isNew)?.name ?? 'ClientSecretCredential', edits, followUps);
}

/**
 * A variable declared with the replaced credential's type gets the new credential's type; one declared as
 * `TokenCredential` (or `var`) stays. Null when the declared type is something else we cannot reason about.
 */
function declaredTypeEdit(type: SyntaxNode | undefined, replacedType: string, newType: string): TextEdit | undefined | null {
  if (!type) return undefined;
  const name = lastName(type);
  if (name === replacedType) return replace(rangeOf(type), newType);
  return name === 'TokenCredential' ? undefined : null;
}

/**
 * The string an endpoint argument holds: a literal, `new Uri("…")`, or a variable or field initialised with
 * one of those in the same file.
 */
function endpointText(node: SyntaxNode | undefined, ctx: RewriteContext, depth = 0): string | undefined {
  if (!node || depth > 3) return undefined;
  const literal = stringValue(node);
  if (literal !== undefined) return literal;
  const call = csCall(node);
  if (call?.isNew && call.name === 'Uri' && call.args.length === 1) return endpointText(call.args[0].value, ctx, depth + 1);
  if (node.type !== 'identifier') return undefined;
  for (const id of findIdentifiers(ctx.text, ctx.root, node.text, new Set(['identifier']))) {
    const declarator = id.parent;
    if (declarator?.type !== 'variable_declarator' || declarator.childForFieldName('name')?.startIndex !== id.startIndex) continue;
    const init = named(declarator).pop();
    if (init && init.startIndex !== id.startIndex) return endpointText(init, ctx, depth + 1);
  }
  return undefined;
}

/** ADO.NET consumers of a SQL connection string that use Microsoft.Data.SqlClient. */
const SQL_CONSUMERS = new Set(['SqlConnection', 'SqlConnectionStringBuilder', 'UseSqlServer', 'UseAzureSql']);
const SQL_CREDENTIAL_KEYS = /^\s*(user id|userid|uid|user|username|password|pwd|authentication|integrated security|trusted_connection)\s*=/i;

/**
 * `Server=…;User ID=…;Password=…` → `Server=…;Authentication=Active Directory Default` (or Managed Identity with
 * the client id). The literal changes, the variable and the calls stay. System.Data.SqlClient has no such mode.
 */
function rewriteSqlConnectionString(c: CsCall, env: Env): Rewrite | undefined {
  const { ctx } = env;
  const { literal, value } = ctx.site;
  if (!SQL_CONSUMERS.has(c.name) || /^\s*using\s+System\.Data\.SqlClient\s*;/m.test(ctx.text)) return undefined;
  if (literal.startIndex !== value.startIndex || literal.endIndex !== value.endIndex) return undefined;
  const content = stringValue(literal);
  if (content === undefined || content.includes('"')) return undefined;
  const cs = parseConnectionString(content);
  const server = (cs.get('server') ?? cs.get('data source') ?? '').replace(/^tcp:/i, '').replace(/,\d+$/, '');
  if (!/\.database\.(windows\.net|azure\.com|usgovcloudapi\.net|chinacloudapi\.cn)$/i.test(server) && !/\.database\./i.test(ctx.info.server ?? '')) return undefined;
  const auth = ctx.identity.kind === 'userAssigned'
    ? ['Authentication=Active Directory Managed Identity', `User Id=${ctx.identity.clientId}`]
    : ['Authentication=Active Directory Default'];
  const kept = content.split(';').filter((part) => part.trim() !== '' && !SQL_CREDENTIAL_KEYS.test(part));
  const rewritten = `${[...kept, ...auth].join(';')}${content.trimEnd().endsWith(';') ? ';' : ''}`;
  const newLiteral = literal.type === 'verbatim_string_literal' ? `@"${rewritten}"` : str(rewritten);
  const database = cs.get('initial catalog') ?? cs.get('database') ?? ctx.info.database;
  return {
    title: `Microsoft.Data.SqlClient + ${ctx.identity.kind === 'userAssigned' ? 'Active Directory Managed Identity' : 'Active Directory Default'}`,
    edits: [replace(rangeOf(literal), newLiteral)],
    imports: [],
    followUps: [sqlUserStep(ctx.identity, server || ctx.info.server, database)],
    packages: [{ ecosystem: 'nuget', name: 'Microsoft.Data.SqlClient' }],
    keepsBinding: true,
  };
}

/** Where `await` is allowed: an async method, local function or lambda, or top-level statements. */
function inAsyncContext(node: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
    switch (n.type) {
      case 'global_statement':
        return true;
      case 'method_declaration':
      case 'local_function_statement':
        return named(n).some((m) => m.type === 'modifier' && m.text === 'async');
      case 'lambda_expression':
      case 'anonymous_method_expression':
        return /^async\b/.test(n.text);
      case 'constructor_declaration':
      case 'accessor_declaration':
      case 'field_declaration':
      case 'property_declaration':
      case 'class_declaration':
        return false;
      default:
        break;
    }
  }
  return false;
}

/**
 * StackExchange.Redis with an access key → Microsoft.Azure.StackExchangeRedis:
 * `ConnectionMultiplexer.Connect("host:6380,password=…,ssl=True")` →
 * `await ConnectionMultiplexer.ConnectAsync(await ConfigurationOptions.Parse("host:6380,ssl=True").ConfigureForAzureWithTokenCredentialAsync(credential))`.
 * Only where `await` is allowed: a blocking wait on the token would be worse than the key.
 */
function rewriteRedis(use: SyntaxNode, c: CsCall, index: number, env: Env): Rewrite | undefined {
  const { ctx, cred } = env;
  const { literal, value } = ctx.site;
  if (c.isNew || index !== 0 || c.args.length !== 1 || (c.name !== 'Connect' && c.name !== 'ConnectAsync') || c.objectText !== 'ConnectionMultiplexer') return undefined;
  if (!inAsyncContext(c.node) || literal.startIndex !== value.startIndex || literal.endIndex !== value.endIndex) return undefined;
  const content = stringValue(literal);
  if (content === undefined || content.includes('"')) return undefined;
  const parts = content.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (!parts.some((p) => /^password\s*=/i.test(p))) return undefined;
  const host = parts[0]?.includes('=') ? undefined : parts[0];
  const kept = parts.filter((p) => !/^(password|user)\s*=/i.test(p));
  const newLiteral = literal.type === 'verbatim_string_literal' ? `@"${kept.join(',')}"` : str(kept.join(','));
  const direct = use.startIndex === literal.startIndex && use.endIndex === literal.endIndex;
  const options = `await ConfigurationOptions.Parse(${direct ? newLiteral : use.text}).ConfigureForAzureWithTokenCredentialAsync(${cred.text})`;
  const edits: TextEdit[] = [];
  if (!direct) edits.push(replace(rangeOf(literal), newLiteral));
  if (c.name === 'ConnectAsync') {
    edits.push(replace(rangeOf(c.args[0].node), options));
  } else {
    const call = `await ${c.objectText}.ConnectAsync(${options})`;
    const { parent } = valueParent(c.node, CS_WRAPPERS);
    const needsParens = parent?.type === 'member_access_expression' || parent?.type === 'conditional_access_expression';
    edits.push(replace(rangeOf(c.node), needsParens ? `(${call})` : call));
  }
  return {
    title: 'StackExchange.Redis + Microsoft.Azure.StackExchangeRedis',
    edits,
    imports: [...cred.imports, { module: 'StackExchange.Redis', name: '' }],
    followUps: [redisAccessPolicyStep(ctx.identity, resourceNameOf(host?.replace(/:\d+$/, '')))],
    packages: [IDENTITY_PACKAGE, { ecosystem: 'nuget', name: 'Microsoft.Azure.StackExchangeRedis' }],
    keepsBinding: !direct,
  };
}

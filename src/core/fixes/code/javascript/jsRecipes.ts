/**
 * The JavaScript/TypeScript rewrites, one per SDK construct (catalog Part 2). Each recipe receives one use
 * of the secret (the literal, or a reference to the variable holding it) and returns the edits that make
 * the construct passwordless, or undefined when it does not recognise the construct.
 */
import type { FollowUp, PackageRequirement, SyntaxNode, TextEdit } from '../../types';
import type { ImportNeed, Rewrite, RewriteContext } from '../codeLanguage';
import { cleanEndpoint, resourceNameOf, storageUrl, type StorageService } from '../connectionInfo';
import {
  appRegistrationStep,
  cosmosDataPlaneStep,
  grantRole,
  postgresUserStep,
  redisAccessPolicyStep,
  sqlUserStep,
  storageFollowUps,
  type RoleTarget,
} from '../followUps';
import { argumentListLike, findIdentifiers, rangeOf, valueParent } from '../syntax';
import { eolOf, indentAt, insert, replace } from '../textEdits';
import {
  argumentOf,
  credentialExpression,
  objectProperties,
  propertyRemovalRange,
  quoteOf,
  str,
  stringValue,
  WRAPPERS,
  type CallShape,
} from './jsSyntax';

const IDENTITY_PACKAGE: PackageRequirement = { ecosystem: 'npm', name: '@azure/identity' };
const COGNITIVE_SCOPE = 'https://cognitiveservices.azure.com/.default';
const OSSRDBMS_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

/** Static `fromConnectionString` factories of the storage SDKs → the endpoint they talk to. */
const storageFactories: Record<string, { service: StorageService; role: RoleTarget; extraArgs: number }> = {
  BlobServiceClient: { service: 'blob', role: 'blob', extraArgs: 0 },
  QueueServiceClient: { service: 'queue', role: 'queue', extraArgs: 0 },
  DataLakeServiceClient: { service: 'dfs', role: 'dataLake', extraArgs: 0 },
  TableServiceClient: { service: 'table', role: 'table', extraArgs: 0 },
  // TableClient.fromConnectionString(conn, tableName, options?) → new TableClient(url, tableName, cred, options?)
  TableClient: { service: 'table', role: 'table', extraArgs: 1 },
};

/** Storage clients built from `(connectionString, name)` → URL with the name appended. */
const storageEntityClients: Record<string, { service: StorageService; role: RoleTarget }> = {
  QueueClient: { service: 'queue', role: 'queue' },
  ContainerClient: { service: 'blob', role: 'blob' },
};

/** Which client a key credential is passed to decides the roles. */
const keyCredentialClients: Record<string, RoleTarget> = {
  SearchClient: 'search',
  SearchIndexClient: 'search',
  SearchIndexerClient: 'search',
  EventGridPublisherClient: 'eventGrid',
  WebPubSubServiceClient: 'webPubSub',
  OpenAIClient: 'openAi',
  BlobServiceClient: 'blob',
  ContainerClient: 'blob',
  BlobClient: 'blob',
  QueueServiceClient: 'queue',
  QueueClient: 'queue',
  DataLakeServiceClient: 'dataLake',
  TableClient: 'table',
  TableServiceClient: 'table',
};

interface Env {
  readonly ctx: RewriteContext;
  readonly quote: string;
  readonly cred: { text: string; imports: ImportNeed[]; label: string };
}

export function rewriteJavaScript(use: SyntaxNode, ctx: RewriteContext): Rewrite | undefined {
  const quote = quoteOf(ctx.text, ctx.site.literal);
  const env: Env = { ctx, quote, cred: credentialExpression(ctx, quote) };
  const arg = argumentOf(use);
  if (arg) return rewriteArgument(arg.call, arg.index, env);
  const { parent, child } = valueParent(use, WRAPPERS);
  if (parent?.type === 'pair' && parent.childForFieldName('value')?.startIndex === child.startIndex) {
    return rewriteProperty(parent, env);
  }
  if (use.type === 'shorthand_property_identifier') return rewriteProperty(use, env);
  return undefined;
}

function result(env: Env, title: string, edits: TextEdit[], followUps: FollowUp[], extra?: { imports?: ImportNeed[]; maybeUnused?: string[]; packages?: PackageRequirement[] }): Rewrite {
  return {
    title: `${title} + ${env.cred.label}`,
    edits,
    imports: [...env.cred.imports, ...(extra?.imports ?? [])],
    maybeUnused: extra?.maybeUnused ?? [],
    followUps,
    packages: [IDENTITY_PACKAGE, ...(extra?.packages ?? [])],
  };
}

const texts = (nodes: readonly SyntaxNode[]) => nodes.map((n) => n.text);
/** `new Ctor(args)`, its argument list laid out like the call it replaces (one line, or one argument per line). */
function call(ctor: string, args: readonly string[], like: CallShape, text: string): string {
  return `new ${ctor}${argumentListLike(text, like.node.childForFieldName('arguments'), like.args, args, { alwaysOnePerLine: true })}`;
}

function rewriteArgument(c: CallShape, index: number, env: Env): Rewrite | undefined {
  const { ctx, quote, cred } = env;
  const { info } = ctx;
  const q = (s: string) => str(s, quote);

  // BlobServiceClient.fromConnectionString(conn, options?) → new BlobServiceClient(url, cred, options?)
  if (!c.isNew && c.name === 'fromConnectionString' && index === 0 && c.objectName && c.objectText && storageFactories[c.objectName]) {
    const f = storageFactories[c.objectName];
    const url = storageUrl(info, f.service);
    if (!url || c.args.length < 1 + f.extraArgs) return undefined;
    const extra = texts(c.args.slice(1, 1 + f.extraArgs));
    const rest = texts(c.args.slice(1 + f.extraArgs));
    return result(env, c.objectName, [replace(rangeOf(c.node), call(c.objectText, [q(url), ...extra, cred.text, ...rest], c, ctx.text))], storageFollowUps(f.role, url, info.accountName));
  }
  if (!c.isNew) return undefined;

  if (index === 0 && storageEntityClients[c.name] && c.args.length >= 2) {
    const f = storageEntityClients[c.name];
    const base = storageUrl(info, f.service);
    if (!base) return undefined;
    const nameArg = c.args[1];
    const literalName = stringValue(nameArg);
    const url = literalName !== undefined ? q(`${base}/${literalName}`) : `\`${base}/\${${nameArg.text}}\``;
    return result(env, c.name, [replace(rangeOf(c.node), call(c.calleeText, [url, cred.text, ...texts(c.args.slice(2))], c, ctx.text))], storageFollowUps(f.role, base, info.accountName));
  }

  switch (c.name) {
    case 'ServiceBusClient': {
      if (index !== 0 || !info.namespace) return undefined;
      return result(env, 'ServiceBusClient', [replace(rangeOf(c.node), call(c.calleeText, [q(info.namespace), cred.text, ...texts(c.args.slice(1))], c, ctx.text))], [
        grantRole('serviceBus', resourceNameOf(info.namespace)),
      ]);
    }
    case 'EventHubProducerClient':
    case 'EventHubConsumerClient': {
      const consumer = c.name === 'EventHubConsumerClient';
      const connIndex = consumer ? 1 : 0;
      if (index !== connIndex || !info.namespace) return undefined;
      const before = texts(c.args.slice(0, connIndex));
      let after = c.args.slice(connIndex + 1);
      let hub: string;
      if (info.entityPath) {
        hub = q(info.entityPath);
      } else if (after[0] && after[0].type !== 'object') {
        hub = after[0].text;
        after = after.slice(1);
      } else {
        return undefined;
      }
      const args = [...before, q(info.namespace), hub, cred.text, ...texts(after)];
      return result(env, c.name, [replace(rangeOf(c.node), call(c.calleeText, args, c, ctx.text))], [
        grantRole(consumer ? 'eventHubsConsumer' : 'eventHubsProducer', resourceNameOf(info.namespace)),
      ]);
    }
    case 'AppConfigurationClient': {
      if (index !== 0 || !info.endpoint) return undefined;
      return result(env, 'AppConfigurationClient', [replace(rangeOf(c.node), call(c.calleeText, [q(cleanEndpoint(info.endpoint)), cred.text, ...texts(c.args.slice(1))], c, ctx.text))], [
        grantRole('appConfiguration', resourceNameOf(info.endpoint)),
      ]);
    }
    case 'WebPubSubServiceClient': {
      if (index !== 0 || !info.endpoint || c.args.length < 2) return undefined;
      return result(env, 'WebPubSubServiceClient', [replace(rangeOf(c.node), call(c.calleeText, [q(cleanEndpoint(info.endpoint)), cred.text, ...texts(c.args.slice(1))], c, ctx.text))], [
        grantRole('webPubSub', resourceNameOf(info.endpoint)),
      ]);
    }
    case 'CosmosClient': {
      if (index !== 0 || c.args.length !== 1 || !info.endpoint) return undefined;
      const account = resourceNameOf(info.endpoint);
      return result(env, 'CosmosClient', [replace(rangeOf(c.node), `new ${c.calleeText}({ endpoint: ${q(info.endpoint)}, aadCredentials: ${cred.text} })`)], [
        grantRole('cosmosDb', account),
        cosmosDataPlaneStep(account),
      ]);
    }
    case 'StorageSharedKeyCredential':
    case 'AzureNamedKeyCredential':
    case 'AzureKeyCredential': {
      const keyIndex = c.name === 'AzureKeyCredential' ? 0 : 1;
      if (index !== keyIndex) return undefined;
      const client = clientReceiving(c.node, ctx);
      const fallbackTarget: RoleTarget | undefined =
        c.name === 'StorageSharedKeyCredential' ? 'blob' : c.name === 'AzureNamedKeyCredential' ? 'table' : keyTargetOfService(ctx.finding.service);
      const target = (client && keyCredentialClients[client.name]) ?? fallbackTarget;
      if (!target) return undefined;
      const clientUrl = client ? stringValue(client.args[0]) : undefined;
      const accountArg = c.name === 'AzureKeyCredential' ? undefined : stringValue(c.args[0]);
      const resource = accountArg ?? resourceNameOf(clientUrl) ?? info.accountName ?? resourceNameOf(info.endpoint);
      return result(env, client?.name ?? c.name, [replace(rangeOf(c.node), cred.text)], [grantRole(target, resource)], { maybeUnused: [c.name] });
    }
    case 'ClientSecretCredential': {
      if (index !== 2) return undefined;
      const client = clientReceiving(c.node, ctx);
      const followUps: FollowUp[] = [appRegistrationStep()];
      if (client?.name === 'SecretClient') followUps.unshift(grantRole('keyVault', resourceNameOf(stringValue(client.args[0]))));
      return result(env, client?.name ?? 'ClientSecretCredential', [replace(rangeOf(c.node), cred.text)], followUps, { maybeUnused: ['ClientSecretCredential'] });
    }
    default:
      return undefined;
  }
}

/**
 * The client a credential expression is given to: directly (`new SearchClient(ep, idx, new AzureKeyCredential(k))`)
 * or through a variable (`const cred = new AzureKeyCredential(k); new SearchClient(ep, idx, cred)`).
 */
function clientReceiving(expr: SyntaxNode, ctx: RewriteContext): CallShape | undefined {
  const direct = argumentOf(expr)?.call;
  if (direct) return direct;
  const { parent } = valueParent(expr, WRAPPERS);
  const name = parent?.type === 'variable_declarator' ? parent.childForFieldName('name') : null;
  if (name?.type !== 'identifier') return undefined;
  for (const ref of findIdentifiers(ctx.text, ctx.root, name.text, new Set(['identifier']))) {
    const call = argumentOf(ref)?.call;
    if (call && call.isNew) return call;
  }
  return undefined;
}

function keyTargetOfService(service: string): RoleTarget | undefined {
  switch (service) {
    case 'openAi':
      return 'openAi';
    case 'aiServices':
      return 'aiServices';
    case 'search':
      return 'search';
    case 'eventGrid':
      return 'eventGrid';
    default:
      return undefined;
  }
}

/** `{ key: secret }` in an options object: Cosmos DB, Azure OpenAI, mssql, pg, redis. */
function rewriteProperty(prop: SyntaxNode, env: Env): Rewrite | undefined {
  const { ctx, quote, cred } = env;
  const q = (s: string) => str(s, quote);
  const obj = prop.parent;
  if (obj?.type !== 'object') return undefined;
  const key = prop.type === 'pair' ? (prop.childForFieldName('key')?.text.replace(/^["']|["']$/g, '') ?? '') : prop.text;
  const props = objectProperties(obj);
  const owner = argumentOf(obj)?.call;
  const ownerName = owner?.name;
  const service = ctx.finding.service;

  if (key === 'key' && (ownerName === 'CosmosClient' || (service === 'cosmosDb' && props.has('endpoint')))) {
    const account = resourceNameOf(stringValue(props.get('endpoint')?.childForFieldName('value')) ?? ctx.info.endpoint);
    return result(env, 'CosmosClient', [replace(rangeOf(prop), `aadCredentials: ${cred.text}`)], [grantRole('cosmosDb', account), cosmosDataPlaneStep(account)]);
  }

  if (key === 'apiKey' && (ownerName === 'AzureOpenAI' || (service === 'openAi' && props.has('endpoint')))) {
    const endpoint = stringValue(props.get('endpoint')?.childForFieldName('value')) ?? ctx.info.endpoint;
    return result(env, 'AzureOpenAI', [replace(rangeOf(prop), `azureADTokenProvider: getBearerTokenProvider(${cred.text}, ${q(COGNITIVE_SCOPE)})`)], [grantRole('openAi', resourceNameOf(endpoint))], {
      imports: [{ module: '@azure/identity', name: 'getBearerTokenProvider' }],
    });
  }

  if (key === 'password' && (service === 'sql' || /\.database\.windows\.net/i.test(props.get('server')?.text ?? '')) && props.has('server') && !props.has('authentication')) {
    // mssql / tedious: user + password → Entra authentication with the default credential chain.
    const options = ctx.identity.kind === 'userAssigned' ? `{ clientId: ${q(ctx.identity.clientId)} }` : '{}';
    const edits: TextEdit[] = [replace(rangeOf(prop), `authentication: { type: ${q('azure-active-directory-default')}, options: ${options} }`)];
    const user = props.get('user') ?? props.get('userName');
    if (user) edits.push(replace(propertyRemovalRange(ctx.text, user), ''));
    const server = stringValue(props.get('server')?.childForFieldName('value')) ?? ctx.info.server;
    const database = stringValue(props.get('database')?.childForFieldName('value')) ?? ctx.info.database;
    return { title: 'mssql + Microsoft Entra authentication', edits, imports: [], maybeUnused: [], followUps: [sqlUserStep(ctx.identity, server, database)], packages: [] };
  }

  if (key === 'password' && (service === 'postgresql' || /\.postgres\.database\.azure\.com/i.test(props.get('host')?.text ?? ''))) {
    // pg accepts `password` as a function called per connection: a fresh token each time.
    const hoisted = hoistCredential(obj, env);
    if (!hoisted) return undefined;
    const edits: TextEdit[] = [hoisted.edit, replace(rangeOf(prop), `password: async () => (await ${hoisted.name}.getToken(${q(OSSRDBMS_SCOPE)})).token`)];
    const host = stringValue(props.get('host')?.childForFieldName('value')) ?? ctx.info.server;
    return result(env, 'pg', edits, [postgresUserStep(ctx.identity, host)]);
  }

  if ((key === 'password' || key === 'url') && (service === 'redis' || ownerName === 'createClient') && ownerName === 'createClient') {
    return rewriteRedis(prop, key, props, env);
  }
  return undefined;
}

/** `createClient({ url: "rediss://:<key>@host:6380" })` or `{ password }` → `@redis/entraid` credentials provider. */
function rewriteRedis(prop: SyntaxNode, key: string, props: Map<string, SyntaxNode>, env: Env): Rewrite | undefined {
  const { ctx, quote, cred } = env;
  const q = (s: string) => str(s, quote);
  const edits: TextEdit[] = [];
  let host: string | undefined;
  const provider =
    `credentialsProvider: EntraIdCredentialsProviderFactory.createForDefaultAzureCredential({ credential: ${cred.text}, ` +
    `scopes: REDIS_SCOPE_DEFAULT, tokenManagerConfig: { expirationRefreshRatio: 0.8 } })`;
  if (key === 'url') {
    const url = stringValue(prop.childForFieldName('value'));
    const m = url ? /^(rediss?:\/\/)(?:[^:@/]*):[^@/]+@(.+)$/.exec(url) : null;
    if (!m) return undefined;
    host = m[2].replace(/[:/].*$/, '');
    edits.push(replace(rangeOf(prop), `url: ${q(`${m[1]}${m[2]}`)}, ${provider}`));
  } else {
    if (props.has('username')) edits.push(replace(propertyRemovalRange(ctx.text, props.get('username') as SyntaxNode), ''));
    edits.push(replace(rangeOf(prop), provider));
  }
  return result(env, 'redis + @redis/entraid', edits, [redisAccessPolicyStep(ctx.identity, resourceNameOf(host ?? ctx.info.server))], {
    imports: [
      { module: '@redis/entraid', name: 'EntraIdCredentialsProviderFactory' },
      { module: '@redis/entraid', name: 'REDIS_SCOPE_DEFAULT' },
    ],
    packages: [{ ecosystem: 'npm', name: '@redis/entraid' }],
  });
}

/**
 * Declares `const credential = new DefaultAzureCredential();` before the top-level statement holding `node`
 * (one credential instance caches its tokens; a new one per connection would fetch a token each time).
 */
function hoistCredential(node: SyntaxNode, env: Env): { edit: TextEdit; name: string } | undefined {
  const { ctx, cred } = env;
  let stmt: SyntaxNode | null = node;
  while (stmt?.parent && stmt.parent.type !== 'program') stmt = stmt.parent;
  if (!stmt?.parent) return undefined;
  const name = ['credential', 'azureCredential', 'entraCredential'].find((n) => !new RegExp(`(?<![\\w$])${n}(?![\\w$])`).test(ctx.text));
  if (!name) return undefined;
  const indent = indentAt(ctx.text, stmt.startIndex);
  const semi = stmt.text.trimEnd().endsWith(';') ? ';' : '';
  return { edit: insert(stmt.startIndex, `const ${name} = ${cred.text}${semi}${eolOf(ctx.text)}${indent}`), name };
}

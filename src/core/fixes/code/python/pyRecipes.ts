/**
 * The Python rewrites (azure-* SDKs, openai, psycopg/psycopg2, mysql-connector/PyMySQL, pyodbc, redis),
 * one per construct in the catalog. Each takes one use of the secret and returns edits, or undefined.
 */
import type { FollowUp, PackageRequirement, SyntaxNode, TextEdit } from '../../types';
import type { ImportNeed, Rewrite, RewriteContext } from '../codeLanguage';
import { cleanEndpoint, parseConnectionString, resourceNameOf, storageUrl, type StorageService } from '../connectionInfo';
import {
  appRegistrationStep,
  cosmosDataPlaneStep,
  grantRole,
  mysqlUserStep,
  postgresUserStep,
  redisAccessPolicyStep,
  sqlUserStep,
  storageFollowUps,
  type RoleTarget,
} from '../followUps';
import { argumentListLike, named, rangeOf, valueParent } from '../syntax';
import { eolOf, indentAt, insert, replace } from '../textEdits';
import { pyReferences, PY_WRAPPERS } from './pySyntax';

const IDENTITY: PackageRequirement = { ecosystem: 'pypi', name: 'azure-identity' };
const IDENTITY_MODULE = 'azure.identity';
const COGNITIVE_SCOPE = 'https://cognitiveservices.azure.com/.default';
const OSSRDBMS_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';
const SQL_SCOPE = 'https://database.windows.net/.default';

interface PyCall {
  readonly node: SyntaxNode;
  readonly name: string;
  readonly objectText?: string;
  readonly objectName?: string;
  readonly calleeText: string;
  readonly positional: SyntaxNode[];
  readonly keywords: Map<string, SyntaxNode>;
  /** Every argument node in order (positional, keyword, splats). */
  readonly args: SyntaxNode[];
}

function pyCall(node: SyntaxNode | null): PyCall | undefined {
  if (node?.type !== 'call') return undefined;
  const fn = node.childForFieldName('function');
  const argList = node.childForFieldName('arguments');
  if (!fn || argList?.type !== 'argument_list') return undefined;
  const args = named(argList);
  const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat' && a.type !== 'list_splat');
  const keywords = new Map<string, SyntaxNode>();
  for (const a of args) if (a.type === 'keyword_argument') keywords.set(a.childForFieldName('name')?.text ?? '', a);
  if (fn.type === 'attribute') {
    const obj = fn.childForFieldName('object');
    const objectName = obj?.type === 'attribute' ? obj.childForFieldName('attribute')?.text : obj?.text;
    return { node, name: fn.childForFieldName('attribute')?.text ?? '', objectText: obj?.text, objectName, calleeText: fn.text, positional, keywords, args };
  }
  return { node, name: fn.text, calleeText: fn.text, positional, keywords, args };
}

/** The call that receives `node` as an argument: positional index or keyword name. */
function argumentOf(node: SyntaxNode): { call: PyCall; index: number; keyword?: string } | undefined {
  const { parent, child } = valueParent(node, PY_WRAPPERS);
  if (parent?.type === 'argument_list') {
    const call = pyCall(parent.parent);
    const index = call?.positional.findIndex((p) => p.startIndex === child.startIndex) ?? -1;
    return call && index >= 0 ? { call, index } : undefined;
  }
  if (parent?.type === 'keyword_argument' && parent.childForFieldName('value')?.startIndex === child.startIndex) {
    const call = pyCall(parent.parent?.parent ?? null);
    const keyword = parent.childForFieldName('name')?.text;
    return call && keyword ? { call, index: -1, keyword } : undefined;
  }
  return undefined;
}

const str = (s: string, quote: string) => `${quote}${s.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`)}${quote}`;

/** `from_connection_string` factories: the constructor's endpoint keyword and the names of extra positionals. */
const factories: Record<string, { endpointKw: string; kind: 'storage' | 'namespace' | 'endpoint'; storage?: StorageService; role: RoleTarget; positional: string[] }> = {
  BlobServiceClient: { endpointKw: 'account_url', kind: 'storage', storage: 'blob', role: 'blob', positional: [] },
  ContainerClient: { endpointKw: 'account_url', kind: 'storage', storage: 'blob', role: 'blob', positional: ['container_name'] },
  BlobClient: { endpointKw: 'account_url', kind: 'storage', storage: 'blob', role: 'blob', positional: ['container_name', 'blob_name'] },
  QueueServiceClient: { endpointKw: 'account_url', kind: 'storage', storage: 'queue', role: 'queue', positional: [] },
  QueueClient: { endpointKw: 'account_url', kind: 'storage', storage: 'queue', role: 'queue', positional: ['queue_name'] },
  DataLakeServiceClient: { endpointKw: 'account_url', kind: 'storage', storage: 'dfs', role: 'dataLake', positional: [] },
  TableServiceClient: { endpointKw: 'endpoint', kind: 'storage', storage: 'table', role: 'table', positional: [] },
  TableClient: { endpointKw: 'endpoint', kind: 'storage', storage: 'table', role: 'table', positional: ['table_name'] },
  ServiceBusClient: { endpointKw: 'fully_qualified_namespace', kind: 'namespace', role: 'serviceBus', positional: [] },
  EventHubProducerClient: { endpointKw: 'fully_qualified_namespace', kind: 'namespace', role: 'eventHubsProducer', positional: [] },
  EventHubConsumerClient: { endpointKw: 'fully_qualified_namespace', kind: 'namespace', role: 'eventHubsConsumer', positional: [] },
  CosmosClient: { endpointKw: 'url', kind: 'endpoint', role: 'cosmosDb', positional: [] },
  AzureAppConfigurationClient: { endpointKw: 'base_url', kind: 'endpoint', role: 'appConfiguration', positional: [] },
  WebPubSubServiceClient: { endpointKw: 'endpoint', kind: 'endpoint', role: 'webPubSub', positional: ['hub'] },
};

const keyCredentialClients: Record<string, RoleTarget> = {
  SearchClient: 'search',
  SearchIndexClient: 'search',
  SearchIndexerClient: 'search',
  EventGridPublisherClient: 'eventGrid',
  TextAnalyticsClient: 'aiServices',
  DocumentAnalysisClient: 'aiServices',
  DocumentIntelligenceClient: 'aiServices',
  ImageAnalysisClient: 'aiServices',
  ChatCompletionsClient: 'aiServices',
  WebPubSubServiceClient: 'webPubSub',
};

interface Env {
  readonly ctx: RewriteContext;
  readonly quote: string;
  readonly cred: { text: string; imports: ImportNeed[]; label: string };
}

function credentialExpression(ctx: RewriteContext, quote: string, module = IDENTITY_MODULE): Env['cred'] {
  if (ctx.identity.kind === 'userAssigned') {
    return {
      text: `ManagedIdentityCredential(client_id=${str(ctx.identity.clientId, quote)})`,
      imports: [{ module, name: 'ManagedIdentityCredential' }],
      label: 'ManagedIdentityCredential',
    };
  }
  return { text: 'DefaultAzureCredential()', imports: [{ module, name: 'DefaultAzureCredential' }], label: 'DefaultAzureCredential' };
}

/** True when the client class is imported from an async (`….aio`) module: it needs `azure.identity.aio`. */
function isAsyncClient(text: string, className: string | undefined): boolean {
  if (!className) return false;
  return new RegExp(`^\\s*from\\s+[\\w.]+\\.aio\\s+import\\s+(?:\\([^)]*|[^\\n]*)\\b${className}\\b`, 'm').test(text);
}

/** The `async with` item whose context expression is `call` (`async with X.from_connection_string(…) as c:`). */
function asyncWithItem(call: SyntaxNode): SyntaxNode | undefined {
  // `X(…) as name` is an as_pattern inside the with_item in tree-sitter-python.
  const item = call.parent?.type === 'as_pattern' ? call.parent.parent : call.parent;
  if (item?.type !== 'with_item' || item.startIndex !== call.startIndex) return undefined;
  const statement = item.parent?.type === 'with_clause' ? item.parent.parent : item.parent;
  return statement?.type === 'with_statement' && /^async\b/.test(statement.text) ? item : undefined;
}

/**
 * For `name = <call>` as a statement: that statement and the later `async with name:` item in the same block
 * that closes the client, if there is one.
 */
function assignedThenEntered(call: SyntaxNode): { statement: SyntaxNode; withItem: SyntaxNode } | undefined {
  const assignment = call.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.startIndex !== call.startIndex) return undefined;
  const left = assignment.childForFieldName('left');
  const statement = assignment.parent;
  const block = statement?.parent;
  if (left?.type !== 'identifier' || statement?.type !== 'expression_statement' || !block) return undefined;
  for (const sibling of named(block)) {
    if (sibling.startIndex <= statement.startIndex || sibling.type !== 'with_statement' || !/^async\b/.test(sibling.text)) continue;
    const clause = named(sibling).find((c) => c.type === 'with_clause');
    const withItem = clause && named(clause).find((i) => i.type === 'with_item' && i.text === left.text);
    if (withItem) return { statement, withItem };
  }
  return undefined;
}

/** A name for the credential that nothing in the file uses yet. */
function freeName(text: string, name: string): string {
  return new RegExp(`\\b${name}\\b`).test(text) ? `azure_${name}` : name;
}

function result(env: Env, title: string, edits: TextEdit[], followUps: FollowUp[], extra?: { imports?: ImportNeed[]; maybeUnused?: string[]; packages?: PackageRequirement[]; noCredential?: boolean }): Rewrite {
  return {
    title: `${title} + ${env.cred.label}`,
    edits,
    imports: [...(extra?.noCredential ? [] : env.cred.imports), ...(extra?.imports ?? [])],
    maybeUnused: extra?.maybeUnused ?? [],
    followUps,
    packages: [IDENTITY, ...(extra?.packages ?? [])],
  };
}

const stringValue = (node: SyntaxNode | null | undefined): string | undefined =>
  node?.type === 'string' && !named(node).some((c) => c.type === 'interpolation')
    ? named(node).filter((c) => c.type === 'string_content').map((c) => c.text).join('')
    : undefined;

export function rewritePython(use: SyntaxNode, ctx: RewriteContext): Rewrite | undefined {
  const quote = ctx.site.literal.text.replace(/^[rbuf]+/i, '')[0] === "'" ? "'" : '"';
  const arg = argumentOf(use);
  if (!arg) return undefined;
  const client = arg.call.objectName ?? arg.call.name;
  if (!isAsyncClient(ctx.text, client)) return rewriteArgument(arg.call, arg.index, arg.keyword, { ctx, quote, cred: credentialExpression(ctx, quote) });

  // An async client (`azure.servicebus.aio`) needs the async credential, and the credential must be closed:
  // in `async with Client(…) as c:` it joins the same statement (`async with DefaultAzureCredential() as
  // credential, Client(…, credential=credential) as c:`), which closes both.
  const credential = credentialExpression(ctx, quote, `${IDENTITY_MODULE}.aio`);
  const item = asyncWithItem(arg.call.node);
  const name = freeName(ctx.text, 'credential');
  if (!item) {
    // `client = Client.from_connection_string(…)` then `async with client:` — the credential gets a statement of
    // its own before the client and joins that `async with`, which closes it with the client.
    const later = assignedThenEntered(arg.call.node);
    if (later) {
      const rewrite = rewriteArgument(arg.call, arg.index, arg.keyword, { ctx, quote, cred: { ...credential, text: name } });
      const eol = eolOf(ctx.text);
      const indent = indentAt(ctx.text, later.statement.startIndex);
      return rewrite && {
        ...rewrite,
        edits: [...rewrite.edits, insert(later.statement.startIndex, `${name} = ${credential.text}${eol}${indent}`), insert(later.withItem.endIndex, `, ${name}`)],
      };
    }
    const rewrite = rewriteArgument(arg.call, arg.index, arg.keyword, { ctx, quote, cred: credential });
    return rewrite && { ...rewrite, followUps: [...rewrite.followUps, closeAsyncCredentialStep(credential.label)] };
  }
  const rewrite = rewriteArgument(arg.call, arg.index, arg.keyword, { ctx, quote, cred: { ...credential, text: name } });
  return rewrite && { ...rewrite, edits: [...rewrite.edits, insert(item.startIndex, `${credential.text} as ${name}, `)] };
}

function closeAsyncCredentialStep(label: string): FollowUp {
  return {
    kind: 'manualStep',
    title: `Close the async ${label}`,
    detail: `The async credential from azure.identity.aio holds an HTTP session: create it once, pass it to the client, and close it when done (\`await credential.close()\`, or \`async with ${label}() as credential:\`).`,
  };
}

function rewriteArgument(c: PyCall, index: number, keyword: string | undefined, env: Env): Rewrite | undefined {
  const { ctx, quote, cred } = env;
  const { info } = ctx;
  const q = (s: string) => str(s, quote);
  const service = ctx.finding.service;

  // X.from_connection_string(conn, …) → X(<endpoint kw>=…, …, credential=cred)
  if (c.name === 'from_connection_string' && c.objectName && c.objectText && factories[c.objectName] && (index === 0 || keyword === 'conn_str')) {
    const f = factories[c.objectName];
    let endpoint: string | undefined;
    if (f.kind === 'storage' && f.storage) endpoint = storageUrl(info, f.storage);
    else if (f.kind === 'namespace') endpoint = info.namespace;
    else endpoint = info.endpoint ? (c.objectName === 'CosmosClient' ? info.endpoint : cleanEndpoint(info.endpoint)) : undefined;
    if (!endpoint) return undefined;
    const args: string[] = [`${f.endpointKw}=${q(endpoint)}`];
    const extras = c.positional.slice(1);
    if (extras.length > f.positional.length) return undefined;
    extras.forEach((e, i) => args.push(`${f.positional[i]}=${e.text}`));
    if (f.kind === 'namespace' && info.entityPath && !c.keywords.has('eventhub_name') && c.objectName.startsWith('EventHub')) {
      args.push(`eventhub_name=${q(info.entityPath)}`);
    }
    for (const a of c.args) {
      if (a.type === 'keyword_argument' && a.childForFieldName('name')?.text !== 'conn_str') args.push(a.text);
      else if (a.type === 'dictionary_splat') args.push(a.text);
    }
    args.push(`credential=${cred.text}`);
    const resource = f.kind === 'storage' ? info.accountName : resourceNameOf(endpoint);
    const followUps: FollowUp[] = f.kind === 'storage' ? storageFollowUps(f.role, endpoint, resource) : [grantRole(f.role, resource)];
    if (f.role === 'cosmosDb') followUps.push(cosmosDataPlaneStep(resource));
    return result(env, c.objectName, [replace(rangeOf(c.node), `${c.objectText}${argumentListLike(ctx.text, c.node.childForFieldName('arguments'), c.args, args, { maxWidth: 88, callee: c.node.childForFieldName('function') ?? undefined })}`)], followUps);
  }

  switch (c.name) {
    case 'CosmosClient': {
      // CosmosClient(url, credential="<key>") / CosmosClient(url, "<key>")
      if (!(index === 1 || keyword === 'credential')) return undefined;
      const target = keyword ? c.keywords.get(keyword)?.childForFieldName('value') : c.positional[1];
      if (!target) return undefined;
      const account = resourceNameOf(stringValue(c.positional[0]) ?? info.endpoint);
      return result(env, 'CosmosClient', [replace(rangeOf(target), cred.text)], [grantRole('cosmosDb', account), cosmosDataPlaneStep(account)]);
    }
    case 'AzureKeyCredential':
    case 'AzureNamedKeyCredential': {
      const keyIndex = c.name === 'AzureKeyCredential' ? 0 : 1;
      if (!(index === keyIndex || keyword === 'key')) return undefined;
      const client = clientReceiving(c.node, ctx);
      const target: RoleTarget | undefined =
        (client && keyCredentialClients[client.name]) ?? (c.name === 'AzureNamedKeyCredential' ? 'table' : keyTargetOfService(service));
      if (!target) return undefined;
      const url = client ? (stringValue(client.positional[0]) ?? stringValue(client.keywords.get('endpoint')?.childForFieldName('value'))) : undefined;
      return result(env, client?.name ?? c.name, [replace(rangeOf(c.node), cred.text)], [grantRole(target, resourceNameOf(url ?? info.endpoint))], {
        maybeUnused: [c.name],
      });
    }
    case 'ClientSecretCredential': {
      if (!(index === 2 || keyword === 'client_secret')) return undefined;
      const client = clientReceiving(c.node, ctx);
      const followUps: FollowUp[] = [appRegistrationStep()];
      if (client?.name === 'SecretClient') {
        const url = stringValue(client.positional[0]) ?? stringValue(client.keywords.get('vault_url')?.childForFieldName('value'));
        followUps.unshift(grantRole('keyVault', resourceNameOf(url)));
      }
      return result(env, client?.name ?? 'ClientSecretCredential', [replace(rangeOf(c.node), cred.text)], followUps, { maybeUnused: ['ClientSecretCredential'] });
    }
    case 'AzureOpenAI': {
      if (keyword !== 'api_key') return undefined;
      const kw = c.keywords.get('api_key');
      if (!kw) return undefined;
      const endpoint = stringValue(c.keywords.get('azure_endpoint')?.childForFieldName('value')) ?? info.endpoint;
      return result(env, 'AzureOpenAI', [replace(rangeOf(kw), `azure_ad_token_provider=get_bearer_token_provider(${cred.text}, ${q(COGNITIVE_SCOPE)})`)], [grantRole('openAi', resourceNameOf(endpoint))], {
        imports: [{ module: IDENTITY_MODULE, name: 'get_bearer_token_provider' }],
      });
    }
    case 'connect':
    case 'Connection':
    case 'Redis':
    case 'StrictRedis':
      return rewriteConnect(c, index, keyword, env);
    default:
      return undefined;
  }
}

function keyTargetOfService(service: string): RoleTarget | undefined {
  return ({ openAi: 'openAi', aiServices: 'aiServices', search: 'search', eventGrid: 'eventGrid' } as Record<string, RoleTarget>)[service];
}

/** The client a credential call is passed to, directly or through a variable. */
function clientReceiving(expr: SyntaxNode, ctx: RewriteContext): PyCall | undefined {
  const direct = argumentOf(expr)?.call;
  if (direct) return direct;
  const { parent } = valueParent(expr, PY_WRAPPERS);
  const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : null;
  if (left?.type !== 'identifier') return undefined;
  for (const ref of pyReferences(ctx.text, ctx.root, left.text)) {
    const call = argumentOf(ref)?.call;
    if (call) return call;
  }
  return undefined;
}

/** Database and cache drivers: `password=` becomes an Entra token (or a credential provider). */
function rewriteConnect(c: PyCall, index: number, keyword: string | undefined, env: Env): Rewrite | undefined {
  const { ctx, quote, cred } = env;
  const q = (s: string) => str(s, quote);
  const module = c.objectName ?? '';
  const service = ctx.finding.service;
  const host = stringValue(c.keywords.get('host')?.childForFieldName('value')) ?? ctx.info.server;

  if ((c.name === 'Redis' || c.name === 'StrictRedis') && keyword === 'password') {
    const kw = c.keywords.get('password');
    if (!kw) return undefined;
    const args = ctx.identity.kind === 'userAssigned' ? `, app_kwargs={${q('managed_identity_client_id')}: ${q(ctx.identity.clientId)}}` : '';
    const edits: TextEdit[] = [replace(rangeOf(kw), `credential_provider=create_from_default_azure_credential((${q('https://redis.azure.com/.default')},)${args})`)];
    const user = c.keywords.get('username');
    if (user) edits.push(replace(argumentRemovalRange(ctx.text, user), ''));
    return {
      title: 'redis + redis-entraid',
      edits,
      imports: [{ module: 'redis_entraid.cred_provider', name: 'create_from_default_azure_credential' }],
      maybeUnused: [],
      followUps: [redisAccessPolicyStep(ctx.identity, resourceNameOf(host))],
      packages: [IDENTITY, { ecosystem: 'pypi', name: 'redis-entraid' }],
    };
  }

  const isPostgres = service === 'postgresql' || /^psycopg/.test(module) || /\.postgres\.database\.azure\.com/.test(host ?? '');
  const isMySql = service === 'mysql' || /^(mysql|pymysql|MySQLdb)/.test(module) || /\.mysql\.database\.azure\.com/.test(host ?? '');
  if ((isPostgres || isMySql) && (keyword === 'password' || keyword === 'passwd')) {
    const kw = c.keywords.get(keyword);
    if (!kw) return undefined;
    const edits: TextEdit[] = [replace(rangeOf(kw), `${keyword}=${cred.text}.get_token(${q(OSSRDBMS_SCOPE)}).token`)];
    return result(env, c.objectText ?? (isPostgres ? 'psycopg' : 'mysql'), edits, [isPostgres ? postgresUserStep(ctx.identity, host) : mysqlUserStep(ctx.identity, host)]);
  }

  // pyodbc.connect("…;UID=…;PWD=…") → access token in attrs_before (SQL_COPT_SS_ACCESS_TOKEN = 1256).
  if (module === 'pyodbc' && c.name === 'connect' && index === 0) {
    return rewritePyodbc(c, env);
  }
  return undefined;
}

function rewritePyodbc(c: PyCall, env: Env): Rewrite | undefined {
  const { ctx, quote, cred } = env;
  const q = (s: string) => str(s, quote);
  const literal = ctx.site.literal;
  if (literal.type !== 'string' || ctx.site.value.startIndex !== literal.startIndex || ctx.site.value.endIndex !== literal.endIndex) return undefined;
  const content = stringValue(literal);
  if (content === undefined || /\\/.test(content)) return undefined;
  const kept = content.split(';').filter((part) => part.trim() && !/^\s*(uid|user id|pwd|password)\s*=/i.test(part));
  const cs = parseConnectionString(content);
  const server = (cs.get('server') ?? '').replace(/^tcp:/i, '').replace(/,\d+$/, '');
  const database = cs.get('database') ?? cs.get('initial catalog');
  const statement = enclosingStatement(c.node);
  if (!statement) return undefined;
  const used = (n: string) => new RegExp(`(?<![\\w])${n}(?![\\w])`).test(ctx.text);
  if (used('token_bytes') || used('token_struct')) return undefined;
  const indent = indentAt(ctx.text, statement.startIndex);
  const eol = eolOf(ctx.text);
  const setup = [
    `token_bytes = ${cred.text}.get_token(${q(SQL_SCOPE)}).token.encode(${q('UTF-16-LE')})`,
    `token_struct = struct.pack(f${q('<I{len(token_bytes)}s')}, len(token_bytes), token_bytes)`,
  ].map((l) => `${l}${eol}${indent}`).join('');
  const edits: TextEdit[] = [insert(statement.startIndex, setup)];
  // The literal may sit in a variable declared elsewhere; rewrite it where it is, add attrs_before at the call.
  edits.push(replace(rangeOf(literal), q(`${kept.join(';')};`)));
  const lastArg = c.args[c.args.length - 1];
  if (!lastArg || c.keywords.has('attrs_before')) return undefined;
  edits.push(insert(lastArg.endIndex, `, attrs_before={1256: token_struct}`));
  return {
    ...result(env, 'pyodbc + access token', edits, [sqlUserStep(ctx.identity, server || ctx.info.server, database ?? ctx.info.database)], {
      imports: [{ module: 'struct', name: '' }],
    }),
    keepsBinding: true,
  };
}

function enclosingStatement(node: SyntaxNode): SyntaxNode | null {
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.parent?.type === 'block' || n.parent?.type === 'module') return n;
  }
  return null;
}

/** Removes one keyword argument with its separating comma. */
function argumentRemovalRange(text: string, arg: SyntaxNode): { start: number; end: number } {
  const after = /^\s*,\s*/.exec(text.slice(arg.endIndex));
  if (after) return { start: arg.startIndex, end: arg.endIndex + after[0].length };
  const before = /,\s*$/.exec(text.slice(0, arg.startIndex));
  return before ? { start: arg.startIndex - before[0].length, end: arg.endIndex } : rangeOf(arg);
}

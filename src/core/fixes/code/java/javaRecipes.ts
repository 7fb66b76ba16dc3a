/**
 * The Java rewrites (Azure SDK for Java client builders, JDBC URLs for SQL Server, PostgreSQL and MySQL), one per
 * construct in the catalog. Each takes one use of the secret (the literal, or a reference to the variable holding
 * it) and returns edits, or undefined when it does not recognise the construct. Builder calls are edited in place,
 * so a chain keeps its layout: `.connectionString(conn)` on its own line becomes `.endpoint(url)` and
 * `.credential(cred)` on two lines indented the same way.
 */
import type { FollowUp, PackageRequirement, SyntaxNode, TextEdit } from '../../types';
import type { ImportNeed, Rewrite, RewriteContext } from '../codeLanguage';
import { cleanEndpoint, resourceNameOf, storageUrl, type StorageService } from '../connectionInfo';
import { appRegistrationStep, cosmosDataPlaneStep, grantRole, mysqlUserStep, postgresUserStep, sqlUserStep, storageFollowUps, type RoleTarget } from '../followUps';
import { findIdentifiers, rangeOf } from '../syntax';
import { replace } from '../textEdits';
import {
  argumentOf,
  builderChain,
  credentialExpression,
  declarationOf,
  declarationScope,
  IDENTITY_PACKAGE,
  javaReferences,
  str,
  stringValue,
  typeName,
  type BuilderChain,
  type JavaCall,
} from './javaSyntax';

const IDENTITY: PackageRequirement = { ecosystem: 'maven', name: 'com.azure:azure-identity' };
const IDENTITY_EXTENSIONS: PackageRequirement = { ecosystem: 'maven', name: 'com.azure:azure-identity-extensions' };
const POSTGRES_PLUGIN = 'com.azure.identity.extensions.jdbc.postgresql.AzurePostgresqlAuthenticationPlugin';
const MYSQL_PLUGIN = 'com.azure.identity.extensions.jdbc.mysql.AzureMysqlAuthenticationPlugin';

/** Storage builders that take a connection string, and the endpoint that replaces it. */
const storageBuilders: Record<string, { service: StorageService; role: RoleTarget }> = {
  BlobServiceClientBuilder: { service: 'blob', role: 'blob' },
  BlobContainerClientBuilder: { service: 'blob', role: 'blob' },
  BlobClientBuilder: { service: 'blob', role: 'blob' },
  SpecializedBlobClientBuilder: { service: 'blob', role: 'blob' },
  QueueServiceClientBuilder: { service: 'queue', role: 'queue' },
  QueueClientBuilder: { service: 'queue', role: 'queue' },
  DataLakeServiceClientBuilder: { service: 'dfs', role: 'dataLake' },
  DataLakeFileSystemClientBuilder: { service: 'dfs', role: 'dataLake' },
  DataLakePathClientBuilder: { service: 'dfs', role: 'dataLake' },
  TableServiceClientBuilder: { service: 'table', role: 'table' },
  TableClientBuilder: { service: 'table', role: 'table' },
};

/** Key credentials, and the builders whose `.credential(…)` also takes a `TokenCredential`. */
const keyCredentials: Record<string, { keyIndex: number; builders: Record<string, RoleTarget> }> = {
  AzureKeyCredential: {
    keyIndex: 0,
    builders: {
      SearchClientBuilder: 'search',
      SearchIndexClientBuilder: 'search',
      SearchIndexerClientBuilder: 'search',
      EventGridPublisherClientBuilder: 'eventGrid',
      OpenAIClientBuilder: 'openAi',
      TextAnalyticsClientBuilder: 'aiServices',
      DocumentAnalysisClientBuilder: 'aiServices',
      DocumentIntelligenceClientBuilder: 'aiServices',
      FormRecognizerClientBuilder: 'aiServices',
      ContentSafetyClientBuilder: 'aiServices',
      ImageAnalysisClientBuilder: 'aiServices',
      ChatCompletionsClientBuilder: 'aiServices',
      WebPubSubServiceClientBuilder: 'webPubSub',
    },
  },
  StorageSharedKeyCredential: {
    keyIndex: 1,
    builders: {
      BlobServiceClientBuilder: 'blob',
      BlobContainerClientBuilder: 'blob',
      BlobClientBuilder: 'blob',
      SpecializedBlobClientBuilder: 'blob',
      QueueServiceClientBuilder: 'queue',
      QueueClientBuilder: 'queue',
      DataLakeServiceClientBuilder: 'dataLake',
      DataLakeFileSystemClientBuilder: 'dataLake',
      DataLakePathClientBuilder: 'dataLake',
    },
  },
  AzureNamedKeyCredential: { keyIndex: 1, builders: { TableServiceClientBuilder: 'table', TableClientBuilder: 'table' } },
};

interface Env {
  readonly ctx: RewriteContext;
  readonly cred: ReturnType<typeof credentialExpression>;
}

export function rewriteJava(use: SyntaxNode, ctx: RewriteContext): Rewrite | undefined {
  const env: Env = { ctx, cred: credentialExpression(ctx) };
  const service = ctx.finding.service;
  if (service === 'sql' || service === 'postgresql' || service === 'mysql') return rewriteJdbcUrl(env);
  const arg = argumentOf(use);
  if (!arg) return undefined;
  const { call, index } = arg;
  if (call.isNew) {
    if (keyCredentials[call.name] && index === keyCredentials[call.name].keyIndex) return rewriteKeyCredential(call, env);
    if (call.name === 'ServiceBusJmsConnectionFactory' && index === 0) return rewriteJmsConnectionFactory(call, env);
    return undefined;
  }
  const chain = builderChain(call, ctx);
  return chain ? rewriteBuilderCall(call, index, chain, env) : undefined;
}

function result(env: Env, title: string, edits: TextEdit[], followUps: FollowUp[], extra?: { imports?: ImportNeed[]; maybeUnused?: string[]; packages?: PackageRequirement[] }): Rewrite {
  return {
    title: `${title} + ${env.cred.label}`,
    edits,
    imports: [...env.cred.imports, ...(extra?.imports ?? [])],
    maybeUnused: extra?.maybeUnused ?? [],
    followUps,
    packages: [IDENTITY, ...(extra?.packages ?? [])],
  };
}

/**
 * Replaces one call of a chain (`connectionString(conn)`, from its name to its closing parenthesis) with one or
 * more calls, separated the way the chain separates this call from the one before (`.` or a new line and `.`).
 */
function replaceCall(call: JavaCall, ctx: RewriteContext, calls: string[]): TextEdit | undefined {
  if (!call.nameNode || !call.object) return undefined;
  const sep = ctx.text.slice(call.object.endIndex, call.nameNode.startIndex);
  if (!/^\s*\.\s*$/.test(sep)) return undefined;
  return replace({ start: call.nameNode.startIndex, end: call.node.endIndex }, calls.join(sep));
}

const has = (chain: BuilderChain, ...names: string[]) => chain.calls.some((c) => names.includes(c.name));

function rewriteBuilderCall(call: JavaCall, index: number, chain: BuilderChain, env: Env): Rewrite | undefined {
  const { ctx, cred } = env;
  const { info } = ctx;
  if (call.name === 'clientSecret') return index === 0 && chain.builder === 'ClientSecretCredentialBuilder' ? rewriteClientSecret(chain, env) : undefined;
  if (call.name === 'key') {
    // CosmosClientBuilder().endpoint(…).key(key) → .credential(cred)
    if (chain.builder !== 'CosmosClientBuilder' || index !== 0 || call.args.length !== 1 || has(chain, 'credential')) return undefined;
    const endpointCall = chain.calls.find((c) => c.name === 'endpoint');
    const account = resourceNameOf(endpointText(endpointCall?.args[0], ctx) ?? info.endpoint);
    const edit = replaceCall(call, ctx, [`credential(${cred.text})`]);
    return edit && result(env, chain.builder, [edit], [grantRole('cosmosDb', account), cosmosDataPlaneStep(account)]);
  }
  if (call.name !== 'connectionString' || index !== 0 || has(chain, 'credential', 'endpoint', 'fullyQualifiedNamespace', 'sasToken')) return undefined;

  const storage = storageBuilders[chain.builder];
  if (storage) {
    const url = storageUrl(info, storage.service);
    if (!url || call.args.length !== 1) return undefined;
    const edit = replaceCall(call, ctx, [`endpoint(${str(url)})`, `credential(${cred.text})`]);
    return edit && result(env, chain.builder, [edit], storageFollowUps(storage.role, url, info.accountName));
  }
  switch (chain.builder) {
    case 'ServiceBusClientBuilder': {
      // An entity in the connection string must be named again on the sender/receiver builder.
      if (!info.namespace || call.args.length !== 1 || (info.entityPath && !has(chain, 'queueName', 'topicName'))) return undefined;
      const role: RoleTarget = has(chain, 'sender') ? 'serviceBusSender' : has(chain, 'receiver', 'processor', 'sessionReceiver', 'sessionProcessor') ? 'serviceBusReceiver' : 'serviceBus';
      const edit = replaceCall(call, ctx, [`fullyQualifiedNamespace(${str(info.namespace)})`, `credential(${cred.text})`]);
      return edit && result(env, chain.builder, [edit], [grantRole(role, resourceNameOf(info.namespace))]);
    }
    case 'ServiceBusAdministrationClientBuilder': {
      if (!info.namespace || call.args.length !== 1) return undefined;
      const edit = replaceCall(call, ctx, [`credential(${str(info.namespace)}, ${cred.text})`]);
      return edit && result(env, chain.builder, [edit], [grantRole('serviceBus', resourceNameOf(info.namespace))]);
    }
    case 'EventHubClientBuilder':
    case 'EventProcessorClientBuilder': {
      // .connectionString(conn[, hub]) → .credential(namespace, hub, cred)
      if (!info.namespace || call.args.length > 2) return undefined;
      const named = chain.calls.find((c) => c.name === 'eventHubName')?.args[0];
      const hubNode = call.args[1] ?? named;
      if (hubNode && !['string_literal', 'identifier', 'field_access'].includes(hubNode.type)) return undefined;
      const hub = hubNode?.text ?? (info.entityPath ? str(info.entityPath) : undefined);
      if (!hub) return undefined;
      const producer = has(chain, 'buildProducerClient', 'buildAsyncProducerClient');
      const consumer = chain.builder === 'EventProcessorClientBuilder' || has(chain, 'buildConsumerClient', 'buildAsyncConsumerClient');
      const role: RoleTarget = producer && !consumer ? 'eventHubsProducer' : consumer && !producer ? 'eventHubsConsumer' : 'eventHubs';
      const edit = replaceCall(call, ctx, [`credential(${str(info.namespace)}, ${hub}, ${cred.text})`]);
      return edit && result(env, chain.builder, [edit], [grantRole(role, resourceNameOf(info.namespace))]);
    }
    case 'ConfigurationClientBuilder':
    case 'WebPubSubServiceClientBuilder': {
      if (!info.endpoint || call.args.length !== 1) return undefined;
      const role: RoleTarget = chain.builder === 'ConfigurationClientBuilder' ? 'appConfiguration' : 'webPubSub';
      const edit = replaceCall(call, ctx, [`endpoint(${str(cleanEndpoint(info.endpoint))})`, `credential(${cred.text})`]);
      return edit && result(env, chain.builder, [edit], [grantRole(role, resourceNameOf(info.endpoint))]);
    }
    default:
      return undefined;
  }
}

interface Receivers {
  /** The `.credential(x)` (or other) calls the expression is passed to. */
  readonly calls: JavaCall[];
  /** Every read of the variable is an argument of a call. */
  readonly allUses: boolean;
  /** The declared type of the variable the expression initialises (not `var`). */
  readonly declaredType?: SyntaxNode;
}

/** The calls a credential expression is passed to: directly, or through the variable it initialises. */
function receivers(expr: SyntaxNode, ctx: RewriteContext): Receivers | undefined {
  const direct = argumentOf(expr)?.call;
  if (direct) return { calls: [direct], allUses: true };
  const decl = declarationOf(expr);
  if (!decl || decl.declarators.length !== 1) return undefined;
  const where = declarationScope(decl.statement);
  if (!where || where.escapes) return undefined;
  const calls: JavaCall[] = [];
  let allUses = true;
  for (const ref of javaReferences(ctx.text, where.scope, decl.name.text, decl.name, where.ownerType)) {
    const call = argumentOf(ref)?.call;
    if (call) calls.push(call);
    else allUses = false;
  }
  const type = decl.statement.childForFieldName('type');
  return { calls, allUses, declaredType: type && type.text !== 'var' ? type : undefined };
}

/**
 * A variable declared with the replaced credential's type becomes `DefaultAzureCredential`; one declared as
 * `TokenCredential` stays. Null when the declared type is something else we cannot reason about.
 */
function declaredTypeEdit(type: SyntaxNode | undefined, replacedType: string): { edit?: TextEdit; imports: ImportNeed[] } | null {
  if (!type) return { imports: [] };
  const name = typeName(type);
  if (name === replacedType) return { edit: replace(rangeOf(type), 'DefaultAzureCredential'), imports: [{ module: IDENTITY_PACKAGE, name: 'DefaultAzureCredential' }] };
  return name === 'TokenCredential' ? { imports: [] } : null;
}

/** `new AzureKeyCredential(key)` (and the shared-key credentials) given to builders that also take a TokenCredential. */
function rewriteKeyCredential(c: JavaCall, env: Env): Rewrite | undefined {
  const { ctx, cred } = env;
  const spec = keyCredentials[c.name];
  const found = receivers(c.node, ctx);
  if (!found || !found.allUses || found.calls.length === 0) return undefined;
  const chains: BuilderChain[] = [];
  for (const call of found.calls) {
    const chain = call.name === 'credential' && call.args.length === 1 ? builderChain(call, ctx) : undefined;
    if (!chain || !spec.builders[chain.builder]) return undefined;
    chains.push(chain);
  }
  const typed = declaredTypeEdit(found.declaredType, c.name);
  if (!typed) return undefined;
  const edits: TextEdit[] = [replace(rangeOf(c.node), cred.text), ...(typed.edit ? [typed.edit] : [])];
  const accountArg = spec.keyIndex === 1 ? stringValue(c.args[0]) : undefined;
  const endpoint = endpointText(chains[0].calls.find((call) => call.name === 'endpoint')?.args[0], ctx);
  const resource = accountArg ?? resourceNameOf(endpoint) ?? ctx.info.accountName ?? resourceNameOf(ctx.info.endpoint);
  const followUps = [...new Set(chains.map((ch) => spec.builders[ch.builder]))].map((t) => grantRole(t, resource));
  return result(env, chains[0].builder, edits, followUps, { imports: typed.imports, maybeUnused: [c.name] });
}

/** `new ClientSecretCredentialBuilder()….clientSecret(secret)….build()` → the managed identity credential, for any client. */
function rewriteClientSecret(chain: BuilderChain, env: Env): Rewrite | undefined {
  const { ctx, cred } = env;
  const last = chain.calls[chain.calls.length - 1];
  if (last?.name !== 'build' || chain.root.type !== 'object_creation_expression') return undefined;
  const found = receivers(chain.outer, ctx);
  const typed = declaredTypeEdit(found?.declaredType, 'ClientSecretCredential');
  if (!typed) return undefined;
  const edits: TextEdit[] = [replace(rangeOf(chain.outer), cred.text), ...(typed.edit ? [typed.edit] : [])];
  const followUps: FollowUp[] = [appRegistrationStep()];
  const clients = (found?.calls ?? []).map((call) => (call.name === 'credential' ? builderChain(call, ctx) : undefined));
  const vault = clients.find((ch) => ch?.builder === 'SecretClientBuilder' || ch?.builder === 'KeyClientBuilder' || ch?.builder === 'CertificateClientBuilder');
  if (vault) followUps.unshift(grantRole('keyVault', resourceNameOf(endpointText(vault.calls.find((call) => call.name === 'vaultUrl')?.args[0], ctx))));
  const title = vault?.builder ?? clients.find((ch) => ch)?.builder ?? 'ClientSecretCredential';
  return result(env, title, edits, followUps, { imports: typed.imports, maybeUnused: ['ClientSecretCredentialBuilder', 'ClientSecretCredential'] });
}

/** `new ServiceBusJmsConnectionFactory(conn, settings)` → `new ServiceBusJmsConnectionFactory(cred, namespace, settings)`. */
function rewriteJmsConnectionFactory(c: JavaCall, env: Env): Rewrite | undefined {
  const { ctx, cred } = env;
  if (!ctx.info.namespace || c.args.length !== 2) return undefined;
  return result(env, c.name, [replace(rangeOf(c.args[0]), `${cred.text}, ${str(ctx.info.namespace)}`)], [grantRole('serviceBus', resourceNameOf(ctx.info.namespace))], {
    packages: [{ ecosystem: 'maven', name: 'com.azure:azure-servicebus-jms' }],
  });
}

/** The string an endpoint argument holds: a literal, or a variable or field initialised with one in the same file. */
function endpointText(node: SyntaxNode | undefined, ctx: RewriteContext, depth = 0): string | undefined {
  if (!node || depth > 3) return undefined;
  const literal = stringValue(node);
  if (literal !== undefined) return literal;
  const name = node.type === 'identifier' ? node : node.type === 'field_access' ? node.childForFieldName('field') : null;
  if (!name) return undefined;
  for (const id of findIdentifiers(ctx.text, ctx.root, name.text, new Set(['identifier']))) {
    const declarator = id.parent;
    if (declarator?.type !== 'variable_declarator' || declarator.childForFieldName('name')?.startIndex !== id.startIndex) continue;
    const init = declarator.childForFieldName('value');
    if (init) return endpointText(init, ctx, depth + 1);
  }
  return undefined;
}

const AZURE_SQL_HOST = /\.database\.(windows\.net|azure\.com|usgovcloudapi\.net|chinacloudapi\.cn)$/i;

/**
 * A JDBC URL with a password becomes a passwordless one; the literal changes, the variable and its uses stay.
 * - SQL Server (mssql-jdbc ≥ 12.2): `user=`/`password=` dropped, `authentication=ActiveDirectoryDefault` (or
 *   `ActiveDirectoryManagedIdentity` with the client id as `user`).
 * - PostgreSQL / MySQL: `password=` dropped, the azure-identity-extensions authentication plugin added (the token
 *   is the password; `azure.clientId` picks a user-assigned identity). The user must become the identity's name.
 */
function rewriteJdbcUrl(env: Env): Rewrite | undefined {
  const { ctx } = env;
  const { literal, value } = ctx.site;
  if (literal.startIndex !== value.startIndex || literal.endIndex !== value.endIndex) return undefined;
  const content = stringValue(literal);
  if (content === undefined) return undefined;
  const userAssigned = ctx.identity.kind === 'userAssigned' ? ctx.identity.clientId : undefined;

  const sqlServer = /^jdbc:sqlserver:\/\/([^;:/\\]+)/i.exec(content);
  if (sqlServer) {
    const host = sqlServer[1];
    if (!AZURE_SQL_HOST.test(host)) return undefined;
    const [head, ...props] = content.split(';');
    if (!props.some((p) => /^\s*password\s*=/i.test(p))) return undefined;
    const kept = props.filter((p) => p.trim() !== '' && !/^\s*(user|username|password|authentication|integratedSecurity|msiClientId)\s*=/i.test(p));
    const auth = userAssigned ? ['authentication=ActiveDirectoryManagedIdentity', `user=${userAssigned}`] : ['authentication=ActiveDirectoryDefault'];
    const rewritten = `${[head, ...kept, ...auth].join(';')}${content.endsWith(';') ? ';' : ''}`;
    const database = props.map((p) => /^\s*(?:databaseName|database)\s*=\s*(.*)$/i.exec(p)?.[1]).find((d) => d) ?? ctx.info.database;
    return {
      title: `mssql-jdbc + ${userAssigned ? 'ActiveDirectoryManagedIdentity' : 'ActiveDirectoryDefault'}`,
      edits: [replace(rangeOf(literal), str(rewritten))],
      imports: [],
      followUps: [sqlUserStep(ctx.identity, host, database)],
      packages: [IDENTITY, { ecosystem: 'maven', name: 'com.microsoft.sqlserver:mssql-jdbc' }],
      keepsBinding: true,
    };
  }

  const openSource = /^jdbc:(postgresql|mysql):\/\/([^:/?]+)(?::\d+)?(?:\/([^?]*))?\?(.*)$/i.exec(content);
  if (!openSource) return undefined;
  const [, kind, host, database, query] = openSource;
  const postgres = kind.toLowerCase() === 'postgresql';
  if (!(postgres ? /\.postgres\.database\.azure\.com$/i : /\.mysql\.database\.azure\.com$/i).test(host)) return undefined;
  const params = query.split('&');
  if (!params.some((p) => /^password=/i.test(p))) return undefined;
  const kept = params.filter((p) => p !== '' && !/^(password|authenticationPluginClassName|defaultAuthenticationPlugin|authenticationPlugins|azure\.clientId)=/i.test(p));
  const plugin = postgres ? [`authenticationPluginClassName=${POSTGRES_PLUGIN}`] : [`defaultAuthenticationPlugin=${MYSQL_PLUGIN}`, `authenticationPlugins=${MYSQL_PLUGIN}`];
  const rewritten = `${content.slice(0, content.length - query.length)}${[...kept, ...plugin, ...(userAssigned ? [`azure.clientId=${userAssigned}`] : [])].join('&')}`;
  return {
    title: `${postgres ? 'PostgreSQL' : 'MySQL'} JDBC + azure-identity-extensions`,
    edits: [replace(rangeOf(literal), str(rewritten))],
    imports: [],
    followUps: [postgres ? postgresUserStep(ctx.identity, host) : mysqlUserStep(ctx.identity, host, database || ctx.info.database)],
    packages: [IDENTITY_EXTENSIONS],
    keepsBinding: true,
  };
}

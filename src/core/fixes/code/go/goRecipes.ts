/**
 * The Go rewrites (Azure SDK for Go `…FromConnectionString` constructors, shared-key and key credentials, client
 * secret credentials, go-mssqldb connection strings), one per construct in the catalog. A Go credential
 * constructor returns an error, so the credential is its own statement, inserted before the statement that builds
 * the client and checked the way that statement's error is checked (the `if err != nil { … }` after it, a
 * `handleError(err)` call, or `return …, err` in a function that returns the client).
 */
import type { FollowUp, PackageRequirement, SyntaxNode, TextEdit } from '../../types';
import type { Rewrite, RewriteContext } from '../codeLanguage';
import { cleanEndpoint, parseConnectionString, resourceNameOf, storageUrl, type StorageService } from '../connectionInfo';
import { appRegistrationStep, cosmosDataPlaneStep, grantRole, sqlUserStep, storageFollowUps, type RoleTarget } from '../followUps';
import { closest, findIdentifiers, named, rangeOf, valueParent } from '../syntax';
import { eolOf, indentAt, insert, lineStartAt, replace } from '../textEdits';
import {
  argumentOf,
  credentialCall,
  GO_WRAPPERS,
  goCall,
  goReferences,
  IDENTITY_PATH,
  importNames,
  str,
  stringValue,
  type GoCall,
} from './goSyntax';

const SDK = 'github.com/Azure/azure-sdk-for-go/sdk/';
const IDENTITY: PackageRequirement = { ecosystem: 'go', name: IDENTITY_PATH };

/** The package path under sdk/ without a major-version suffix (`messaging/azeventhubs/v2` → `messaging/azeventhubs`). */
const sdkPackage = (path: string | undefined) => (path?.startsWith(SDK) ? path.slice(SDK.length).replace(/\/v\d+$/, '') : undefined);

interface ConnectionConstructor {
  readonly replacement: string;
  /** What the connection string becomes: the service URL, the namespace, or the https endpoint. */
  readonly endpoint: 'storage' | 'namespace' | 'endpoint';
  readonly storage?: StorageService;
  /** Arguments after the connection string and before the options: joined to the URL, or kept in place. */
  readonly entities: number;
  readonly entityInUrl?: boolean;
  readonly role: RoleTarget;
}

const connectionConstructors: Record<string, Record<string, ConnectionConstructor>> = {
  'storage/azblob': { NewClientFromConnectionString: { replacement: 'NewClient', endpoint: 'storage', storage: 'blob', entities: 0, role: 'blob' } },
  'storage/azblob/service': { NewClientFromConnectionString: { replacement: 'NewClient', endpoint: 'storage', storage: 'blob', entities: 0, role: 'blob' } },
  'storage/azblob/container': { NewClientFromConnectionString: { replacement: 'NewClient', endpoint: 'storage', storage: 'blob', entities: 1, entityInUrl: true, role: 'blob' } },
  'storage/azqueue': {
    NewServiceClientFromConnectionString: { replacement: 'NewServiceClient', endpoint: 'storage', storage: 'queue', entities: 0, role: 'queue' },
    NewQueueClientFromConnectionString: { replacement: 'NewQueueClient', endpoint: 'storage', storage: 'queue', entities: 1, entityInUrl: true, role: 'queue' },
  },
  'storage/azdatalake/service': { NewClientFromConnectionString: { replacement: 'NewClient', endpoint: 'storage', storage: 'dfs', entities: 0, role: 'dataLake' } },
  'data/aztables': {
    NewServiceClientFromConnectionString: { replacement: 'NewServiceClient', endpoint: 'storage', storage: 'table', entities: 0, role: 'table' },
    NewClientFromConnectionString: { replacement: 'NewClient', endpoint: 'storage', storage: 'table', entities: 1, entityInUrl: true, role: 'table' },
  },
  'messaging/azservicebus': { NewClientFromConnectionString: { replacement: 'NewClient', endpoint: 'namespace', entities: 0, role: 'serviceBus' } },
  'messaging/azservicebus/admin': { NewClientFromConnectionString: { replacement: 'NewClient', endpoint: 'namespace', entities: 0, role: 'serviceBus' } },
  'messaging/azeventhubs': {
    NewProducerClientFromConnectionString: { replacement: 'NewProducerClient', endpoint: 'namespace', entities: 1, role: 'eventHubsProducer' },
    NewConsumerClientFromConnectionString: { replacement: 'NewConsumerClient', endpoint: 'namespace', entities: 2, role: 'eventHubsConsumer' },
  },
  'data/azcosmos': { NewClientFromConnectionString: { replacement: 'NewClient', endpoint: 'endpoint', entities: 0, role: 'cosmosDb' } },
  'data/azappconfig': { NewClientFromConnectionString: { replacement: 'NewClient', endpoint: 'endpoint', entities: 0, role: 'appConfiguration' } },
};

/** Credential factories holding a key, the argument that is the key, and the clients that take them. */
const keyFactories: Record<string, { keyIndex: number; consumer: RegExp }> = {
  'storage/azblob:NewSharedKeyCredential': { keyIndex: 1, consumer: /^New(\w*)ClientWithSharedKeyCredential$/ },
  'storage/azblob/service:NewSharedKeyCredential': { keyIndex: 1, consumer: /^New(\w*)ClientWithSharedKeyCredential$/ },
  'storage/azqueue:NewSharedKeyCredential': { keyIndex: 1, consumer: /^New(\w*)ClientWithSharedKeyCredential$/ },
  'data/aztables:NewSharedKeyCredential': { keyIndex: 1, consumer: /^New(\w*)ClientWithSharedKey$/ },
  'data/azcosmos:NewKeyCredential': { keyIndex: 0, consumer: /^New(\w*)ClientWithKey$/ },
};

/** The role each client package needs, for a credential swapped under it. */
const packageRoles: Record<string, RoleTarget> = {
  'storage/azblob': 'blob',
  'storage/azblob/service': 'blob',
  'storage/azblob/container': 'blob',
  'storage/azblob/blob': 'blob',
  'storage/azblob/blockblob': 'blob',
  'storage/azqueue': 'queue',
  'data/aztables': 'table',
  'data/azcosmos': 'cosmosDb',
  'security/keyvault/azsecrets': 'keyVault',
  'security/keyvault/azkeys': 'keyVault',
  'security/keyvault/azcertificates': 'keyVault',
  'messaging/azservicebus': 'serviceBus',
  'data/azappconfig': 'appConfiguration',
};

interface Env {
  readonly ctx: RewriteContext;
  readonly imports: Map<string, string>;
  readonly azidentity: string;
  readonly cred: ReturnType<typeof credentialCall>;
}

export function rewriteGo(use: SyntaxNode, ctx: RewriteContext): Rewrite | undefined {
  const imports = importNames(ctx.root);
  const azidentity = imports.get(IDENTITY_PATH) ?? 'azidentity';
  const env: Env = { ctx, imports, azidentity, cred: credentialCall(ctx, azidentity) };
  if (ctx.finding.service === 'sql') return rewriteMssql(use, env);
  const arg = argumentOf(use, imports);
  const pkg = sdkPackage(arg?.call.path);
  if (!arg || !pkg) return undefined;
  const ctor = connectionConstructors[pkg]?.[arg.call.name];
  if (ctor && arg.index === 0) return rewriteConnectionConstructor(arg.call, ctor, use, env);
  const factory = keyFactories[`${pkg}:${arg.call.name}`];
  if (factory && arg.index === factory.keyIndex) return rewriteKeyFactory(arg.call, factory.consumer, env);
  if (pkg === 'azidentity' && arg.call.name === 'NewClientSecretCredential' && arg.index === 2) return rewriteClientSecret(arg.call, env);
  return undefined;
}

function result(env: Env, title: string, edits: TextEdit[], followUps: FollowUp[]): Rewrite {
  return {
    title: `${title} + ${env.cred.label}`,
    edits,
    imports: [{ module: IDENTITY_PATH, name: '' }],
    maybeUnused: [],
    followUps,
    packages: [IDENTITY],
  };
}

/** The statement a call's value is assigned or returned by: `a, err := call`, `a, err = call`, `return call`. */
function statementOf(call: SyntaxNode): SyntaxNode | undefined {
  const { parent: list, child } = valueParent(call, GO_WRAPPERS);
  if (list?.type !== 'expression_list' || named(list).length !== 1 || named(list)[0].startIndex !== child.startIndex) return undefined;
  const statement = list.parent;
  if (!statement || statement.parent?.type !== 'statement_list') return undefined;
  if (statement.type === 'return_statement') return statement;
  if ((statement.type === 'short_var_declaration' || statement.type === 'assignment_statement') && statement.childForFieldName('right')?.startIndex === list.startIndex) return statement;
  return undefined;
}

const nextStatement = (statement: SyntaxNode): SyntaxNode | undefined => {
  const siblings = named(statement.parent);
  const i = siblings.findIndex((s) => s.startIndex === statement.startIndex);
  return i >= 0 ? siblings[i + 1] : undefined;
};

/** Zero values of a function's results (all but the trailing `error`), when every one is known. */
function zeroResults(fn: SyntaxNode): string[] | undefined {
  const result = fn.childForFieldName('result');
  if (!result) return undefined;
  const types = result.type === 'parameter_list' ? named(result).flatMap((p) => {
    const names = named(p).filter((c) => c.type === 'identifier').length;
    return Array.from({ length: Math.max(1, names) }, () => p.childForFieldName('type'));
  }) : [result];
  if (types.length === 0 || types[types.length - 1]?.text !== 'error') return undefined;
  const zeros: string[] = [];
  for (const t of types.slice(0, -1)) {
    if (!t) return undefined;
    if (['pointer_type', 'slice_type', 'map_type', 'channel_type', 'function_type', 'interface_type'].includes(t.type) || t.text === 'error' || t.text === 'any') zeros.push('nil');
    else if (t.text === 'string') zeros.push('""');
    else if (t.text === 'bool') zeros.push('false');
    else if (/^(u?int(8|16|32|64)?|float(32|64)|byte|rune|uintptr)$/.test(t.text)) zeros.push('0');
    else return undefined;
  }
  return zeros;
}

/**
 * The credential statement to insert before `statement`, checked like the statement's own error, with the
 * variable name to use; undefined when the statement's error handling is not one we can mirror.
 */
function credentialStatement(statement: SyntaxNode, name: string, env: Env): { edit: TextEdit } | undefined {
  const { text } = env.ctx;
  const indent = indentAt(text, statement.startIndex);
  const eol = eolOf(text);
  const at = lineStartAt(text, statement.startIndex);
  if (text.slice(at, statement.startIndex).trim() !== '') return undefined;
  const lines: string[] = [];
  if (statement.type === 'return_statement') {
    const fn = closest(statement, new Set(['function_declaration', 'method_declaration', 'func_literal']));
    const zeros = fn && zeroResults(fn);
    if (!zeros) return undefined;
    lines.push(`${name}, err := ${env.cred.text}`, `if err != nil {`, `\treturn ${[...zeros, 'err'].join(', ')}`, '}');
    return { edit: insert(at, lines.map((l, i) => `${indent}${i > 0 && i < lines.length - 1 && /^\t/.test(l) ? indentUnit(text) + l.slice(1) : l}${eol}`).join('')) };
  }
  const left = named(statement.childForFieldName('left'));
  const errName = left.length === 2 && left[1].type === 'identifier' ? left[1].text : undefined;
  if (!errName) return undefined;
  if (errName === '_') return { edit: insert(at, `${indent}${name}, _ := ${env.cred.text}${eol}`) };
  const next = nextStatement(statement);
  if (!next) return undefined;
  const isCheck =
    next.type === 'if_statement' &&
    !next.childForFieldName('initializer') &&
    !next.childForFieldName('alternative') &&
    new RegExp(`^${errName}\\s*!=\\s*nil$`).test(next.childForFieldName('condition')?.text ?? '');
  const call = next.type === 'expression_statement' ? goCall(named(next)[0], env.imports) : undefined;
  const isHandler = !!call && call.args.length === 1 && call.args[0].text === errName;
  if (!isCheck && !isHandler) return undefined;
  return { edit: insert(at, `${indent}${name}, ${errName} := ${env.cred.text}${eol}${indent}${next.text}${eol}`) };
}

/** The file's indentation unit inside a block (a tab, as gofmt writes it, unless the file uses spaces). */
function indentUnit(text: string): string {
  const m = /\n( +)\S/.exec(text);
  return m && !/\n\t/.test(text) ? m[1] : '\t';
}

/**
 * The variable the credential goes in: `cred`, unless the function already has a `cred` or builds clients from
 * other secrets too (fixing them all must not declare `cred` twice), then a name per service. `own` is how many
 * secret-bearing calls of the function this rewrite covers.
 */
function credentialName(statement: SyntaxNode, role: RoleTarget, own: number, env: Env): string {
  const fn = closest(statement, new Set(['function_declaration', 'method_declaration', 'func_literal'])) ?? env.ctx.root;
  const body = fn.text;
  const secretCalls = body.match(/\.(New\w*FromConnectionString|NewSharedKeyCredential|NewKeyCredential|NewClientSecretCredential)\(/g)?.length ?? 0;
  const taken = (n: string) => new RegExp(`(?<![\\w.])${n}(?![\\w])`).test(body);
  const specific = `${role.replace(/(Producer|Consumer|Sender|Receiver)$/, '')}Cred`;
  const candidates = secretCalls > own ? [specific, `${specific}2`] : ['cred', 'credential', specific];
  return candidates.find((n) => !taken(n)) ?? `${specific}${secretCalls + 1}`;
}

/**
 * The uses of the secret whose clients are built in the same statement list as this one, in document order:
 * the first inserts the credential, the others reuse it.
 */
function usesSharingCredential(use: SyntaxNode, statement: SyntaxNode, env: Env): { use: SyntaxNode; call: GoCall; statement: SyntaxNode }[] {
  const uses = env.ctx.site.binding?.references ?? [use];
  const out: { use: SyntaxNode; call: GoCall; statement: SyntaxNode }[] = [];
  for (const u of uses) {
    const arg = argumentOf(u, env.imports);
    const other = arg && statementOf(arg.call.node);
    const ctor = arg && connectionConstructors[sdkPackage(arg.call.path) ?? '']?.[arg.call.name];
    if (arg && other && ctor && arg.index === 0 && other.parent?.startIndex === statement.parent?.startIndex) out.push({ use: u, call: arg.call, statement: other });
  }
  return out.sort((a, b) => a.use.startIndex - b.use.startIndex);
}

/** `azblob.NewClientFromConnectionString(conn, nil)` → credential statement + `azblob.NewClient(url, cred, nil)`. */
function rewriteConnectionConstructor(call: GoCall, ctor: ConnectionConstructor, use: SyntaxNode, env: Env): Rewrite | undefined {
  const { info } = env.ctx;
  if (call.args.length !== ctor.entities + 2) return undefined;
  let endpoint: string | undefined;
  let resource: string | undefined;
  if (ctor.endpoint === 'storage' && ctor.storage) {
    endpoint = storageUrl(info, ctor.storage);
    resource = info.accountName;
  } else if (ctor.endpoint === 'namespace') {
    endpoint = info.namespace;
    resource = resourceNameOf(info.namespace);
  } else if (info.endpoint) {
    endpoint = ctor.role === 'cosmosDb' ? info.endpoint : cleanEndpoint(info.endpoint);
    resource = resourceNameOf(info.endpoint);
  }
  if (!endpoint) return undefined;
  const statement = statementOf(call.node);
  if (!statement) return undefined;
  const sharing = usesSharingCredential(use, statement, env);
  const first = sharing[0] ?? { use, call, statement };
  const firstCtor = connectionConstructors[sdkPackage(first.call.path) ?? '']?.[first.call.name] ?? ctor;
  const name = credentialName(first.statement, firstCtor.role, Math.max(1, sharing.length), env);
  const edits: TextEdit[] = [];
  if (first.use.startIndex === use.startIndex) {
    const setup = credentialStatement(statement, name, env);
    if (!setup) return undefined;
    edits.push(setup.edit);
  }
  const entities = call.args.slice(1, 1 + ctor.entities);
  const args: string[] = [];
  if (ctor.entityInUrl) {
    const entity = entities[0];
    const literal = stringValue(entity);
    // gofmt writes a binary expression among several arguments without spaces.
    const simple = ['identifier', 'selector_expression', 'call_expression'].includes(entity.type);
    args.push(literal !== undefined && /^[a-z0-9-]+$/i.test(literal) ? str(`${endpoint}/${literal}`) : `${str(`${endpoint}/`)}+${simple ? entity.text : `(${entity.text})`}`);
  } else {
    args.push(str(ctor.endpoint === 'storage' ? `${endpoint}/` : endpoint));
    for (const [i, e] of entities.entries()) {
      // An Event Hubs connection string with EntityPath is passed with an empty hub name.
      if (i === 0 && ctor.endpoint === 'namespace' && stringValue(e) === '') {
        if (!info.entityPath) return undefined;
        args.push(str(info.entityPath));
      } else {
        args.push(e.text);
      }
    }
  }
  args.push(name);
  const last = entities[entities.length - 1] ?? call.args[0];
  edits.push(replace({ start: call.nameNode.startIndex, end: last.endIndex }, `${ctor.replacement}(${args.join(', ')}`));
  const followUps: FollowUp[] = ctor.endpoint === 'storage' ? storageFollowUps(ctor.role, endpoint, resource) : [grantRole(ctor.role, resource)];
  if (ctor.role === 'cosmosDb') followUps.push(cosmosDataPlaneStep(resource));
  return result(env, `${call.pkg}.${ctor.replacement}`, edits, followUps);
}

/** The variable a credential call's value goes into (`cred, err := f(…)`), with its reads. */
function credentialVariable(call: GoCall, env: Env): { statement: SyntaxNode; reads: SyntaxNode[] } | undefined {
  const statement = statementOf(call.node);
  if (statement?.type !== 'short_var_declaration') return undefined;
  const left = named(statement.childForFieldName('left'));
  if (left.length !== 2 || left[0].type !== 'identifier' || left[0].text === '_') return undefined;
  const block = closest(statement, new Set(['block']));
  if (!block) return undefined;
  return { statement, reads: goReferences(env.ctx.text, block, left[0].text, left[0]).filter((r) => r.startIndex > statement.endIndex) };
}

/**
 * `cred, err := azblob.NewSharedKeyCredential(account, key)` → the token credential, and every
 * `azblob.NewClientWithSharedKeyCredential(url, cred, opts)` it feeds → `azblob.NewClient(url, cred, opts)`.
 */
function rewriteKeyFactory(call: GoCall, consumer: RegExp, env: Env): Rewrite | undefined {
  const variable = credentialVariable(call, env);
  if (!variable || variable.reads.length === 0) return undefined;
  const edits: TextEdit[] = [replace(rangeOf(call.node), env.cred.text)];
  const roles = new Map<RoleTarget, string | undefined>();
  let title = '';
  for (const read of variable.reads) {
    const arg = argumentOf(read, env.imports);
    const m = arg && consumer.exec(arg.call.name);
    const pkg = sdkPackage(arg?.call.path);
    if (!arg || !m || arg.index !== 1 || !pkg || !packageRoles[pkg]) return undefined;
    const replacement = `New${m[1]}Client`;
    edits.push(replace(rangeOf(arg.call.nameNode), replacement));
    title ||= `${arg.call.pkg}.${replacement}`;
    const account = consumer.source.includes('SharedKey') ? stringValue(call.args[0]) : undefined;
    const url = stringOf(arg.call.args[0], env);
    roles.set(packageRoles[pkg], account ?? resourceNameOf(url) ?? env.ctx.info.accountName ?? resourceNameOf(env.ctx.info.endpoint));
  }
  const followUps: FollowUp[] = [...roles].map(([role, resource]) => grantRole(role, resource));
  if (roles.has('cosmosDb')) followUps.push(cosmosDataPlaneStep(roles.get('cosmosDb')));
  return result(env, title, edits, followUps);
}

/** `cred, err := azidentity.NewClientSecretCredential(tenant, client, secret, opts)` → the managed identity credential. */
function rewriteClientSecret(call: GoCall, env: Env): Rewrite | undefined {
  const variable = credentialVariable(call, env);
  if (!variable) return undefined;
  const followUps: FollowUp[] = [appRegistrationStep()];
  let title = 'ClientSecretCredential';
  for (const read of variable.reads) {
    // Only Azure SDK constructors, which take any azcore.TokenCredential; a function of the app may want the type.
    const arg = argumentOf(read, env.imports);
    const pkg = sdkPackage(arg?.call.path);
    if (!arg || !pkg) return undefined;
    if (packageRoles[pkg] === 'keyVault' && !followUps.some((f) => f.kind === 'grantRole')) {
      followUps.unshift(grantRole('keyVault', resourceNameOf(stringOf(arg.call.args[0], env))));
      title = `${arg.call.pkg}.${arg.call.name}`;
    }
  }
  return result(env, title, [replace(rangeOf(call.node), env.cred.text)], followUps);
}

/** The string an argument holds: a literal, or a constant or variable initialised with one in the same file. */
function stringOf(node: SyntaxNode | undefined, env: Env, depth = 0): string | undefined {
  if (!node || depth > 3) return undefined;
  const literal = stringValue(node);
  if (literal !== undefined || node.type !== 'identifier') return literal;
  for (const id of findIdentifiers(env.ctx.text, env.ctx.root, node.text, new Set(['identifier']))) {
    const spec = id.parent;
    if (spec?.type !== 'const_spec' && spec?.type !== 'var_spec') continue;
    const values = named(spec.childForFieldName('value'));
    if (values.length === 1 && named(spec).filter((c) => c.type === 'identifier').length === 1) return stringOf(values[0], env, depth + 1);
  }
  return undefined;
}

const AZUREAD = 'github.com/microsoft/go-mssqldb/azuread';
const AZURE_SQL_HOST = /\.database\.(windows\.net|azure\.com|usgovcloudapi\.net|chinacloudapi\.cn)$/i;

/**
 * go-mssqldb: `sql.Open("sqlserver", "sqlserver://user:pass@host?database=db")` →
 * `sql.Open(azuread.DriverName, "sqlserver://host?database=db&fedauth=ActiveDirectoryDefault")` (the ADO form
 * `server=…;user id=…;password=…` likewise). The literal changes; every `sql.Open` of it switches driver.
 */
function rewriteMssql(use: SyntaxNode, env: Env): Rewrite | undefined {
  const { ctx } = env;
  const { literal, value } = ctx.site;
  if (literal.startIndex !== value.startIndex || literal.endIndex !== value.endIndex) return undefined;
  const content = stringValue(literal);
  if (content === undefined || !/"github\.com\/(microsoft|denisenkom)\/go-mssqldb(\/[\w/]*)?"/.test(ctx.text)) return undefined;
  const arg = argumentOf(use, env.imports);
  if (!arg || arg.call.path !== 'database/sql' || arg.call.name !== 'Open' || arg.index !== 1 || stringValue(arg.call.args[0]) !== 'sqlserver') return undefined;
  const userAssigned = ctx.identity.kind === 'userAssigned' ? ctx.identity.clientId : undefined;
  let rewritten: string;
  let host: string;
  let database: string | undefined;
  const url = /^sqlserver:\/\/(?:([^@/?]*)@)?([^:/?]+)(:\d+)?([^?]*)(?:\?(.*))?$/i.exec(content);
  if (url) {
    const [, userinfo, h, port, path, query] = url;
    host = h;
    const params = (query ?? '').split('&').filter((p) => p !== '');
    if (!userinfo?.includes(':') && !params.some((p) => /^password=/i.test(p))) return undefined;
    const kept = params.filter((p) => !/^(user(\+|%20| )id|password|fedauth)=/i.test(p));
    database = kept.map((p) => /^database=(.*)$/i.exec(p)?.[1]).find((d) => d);
    kept.push(...(userAssigned ? ['fedauth=ActiveDirectoryManagedIdentity', `user+id=${userAssigned}`] : ['fedauth=ActiveDirectoryDefault']));
    rewritten = `sqlserver://${host}${port ?? ''}${path}?${kept.join('&')}`;
  } else {
    const cs = parseConnectionString(content);
    host = (cs.get('server') ?? '').replace(/^tcp:/i, '').replace(/,\d+$/, '');
    database = cs.get('database') ?? cs.get('initial catalog');
    if (!cs.has('password')) return undefined;
    const kept = content.split(';').filter((p) => p.trim() !== '' && !/^\s*(user id|password|fedauth)\s*=/i.test(p));
    rewritten = [...kept, ...(userAssigned ? ['fedauth=ActiveDirectoryManagedIdentity', `user id=${userAssigned}`] : ['fedauth=ActiveDirectoryDefault'])].join(';');
  }
  if (!AZURE_SQL_HOST.test(host)) return undefined;
  const azuread = env.imports.get(AZUREAD) ?? 'azuread';
  return {
    title: `go-mssqldb azuread + ${userAssigned ? 'ActiveDirectoryManagedIdentity' : 'ActiveDirectoryDefault'}`,
    edits: [
      replace(rangeOf(arg.call.args[0]), `${azuread}.DriverName`),
      replace(rangeOf(literal), literal.type === 'raw_string_literal' ? `\`${rewritten}\`` : str(rewritten)),
    ],
    imports: [{ module: AZUREAD, name: '' }],
    maybeUnused: [],
    followUps: [sqlUserStep(ctx.identity, host, database ?? ctx.info.database)],
    packages: [{ ecosystem: 'go', name: AZUREAD }],
    keepsBinding: true,
  };
}

/**
 * What a config setting holding a secret becomes without it, independent of the file format: the endpoint
 * parts of a connection string, the passwordless value that can replace it in place, and the suffixes of
 * the Azure Functions identity-based settings (`X__accountName`, `X__fullyQualifiedNamespace`…).
 */
import type { Finding } from '../../secrets/types';
import type { IdentityChoice, TextEdit } from '../types';

/** `Key=Value;Key=Value` pairs, keys lower-cased (first occurrence wins). */
export function parseConnectionString(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    if (!/^[a-z][a-z0-9 _-]*$/.test(key) || out.has(key)) continue;
    out.set(key, part.slice(eq + 1).trim());
  }
  return out;
}

export interface EndpointParts {
  readonly accountName?: string;
  readonly endpointSuffix: string;
  /** Service Bus / Event Hubs / Relay namespace FQDN. */
  readonly namespace?: string;
  readonly entityPath?: string;
  /** https endpoint (Cosmos DB, App Configuration, SignalR, Web PubSub, OpenAI, Search, Event Grid). */
  readonly endpoint?: string;
}

const hostOf = (url: string): string => url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[/?#].*$/, '');

export function endpointParts(finding: Finding, value: string): EndpointParts {
  const cs = parseConnectionString(value);
  const x = finding.extracted;
  const endpointSuffix = x.endpointSuffix ?? cs.get('endpointsuffix') ?? 'core.windows.net';
  let accountName = x.accountName ?? cs.get('accountname');
  const storageUrl = /https?:\/\/([a-z0-9]{3,24})\.(?:blob|queue|table|dfs|file)\.([a-z0-9.-]+)/i.exec(value);
  if (!accountName && storageUrl) accountName = storageUrl[1];
  const suffix = x.endpointSuffix ?? cs.get('endpointsuffix') ?? storageUrl?.[2] ?? endpointSuffix;
  const sb = cs.get('endpoint');
  let namespace = x.namespace ? hostOf(x.namespace) : undefined;
  if (!namespace && sb && /^sb:\/\//i.test(sb)) namespace = hostOf(sb);
  let endpoint = x.endpoint ?? cs.get('accountendpoint') ?? (sb && /^https?:\/\//i.test(sb) ? sb : undefined);
  if (!endpoint) endpoint = /https:\/\/[a-z0-9.-]+(?::\d+)?\/?/i.exec(value)?.[0];
  if (finding.service === 'storage' && endpoint && /\.(blob|queue|table|dfs|file)\./i.test(endpoint)) endpoint = undefined;
  return { accountName, endpointSuffix: suffix, namespace, entityPath: x.entityPath ?? cs.get('entitypath'), endpoint };
}

export type StorageService = 'blob' | 'queue' | 'table';

export function storageUri(parts: EndpointParts, service: StorageService): string | undefined {
  return parts.accountName ? `https://${parts.accountName}.${service}.${parts.endpointSuffix}` : undefined;
}

/** Whether a storage account can be named by `__accountName` (public cloud, standard DNS). */
export function isPublicCloudStorage(parts: EndpointParts): boolean {
  return parts.endpointSuffix.toLowerCase() === 'core.windows.net';
}

/** An identity-based setting to add in place of the connection string: `<name>__<suffix> = value`. */
export interface IdentitySetting {
  readonly suffix: string;
  readonly value: string;
}

/**
 * The Azure Functions / Microsoft.Extensions.Azure identity-based settings replacing a connection string
 * setting named `name`; undefined when the service has no such form. The host storage (`AzureWebJobsStorage`)
 * takes `__accountName` in the public cloud; any other storage connection (and sovereign clouds) gets the
 * blob, queue and table service URIs, which every storage binding accepts (a blob trigger needs both blob and
 * queue). A user-assigned identity adds `__credential = managedidentity` and `__clientId`.
 */
export function identitySettings(name: string, finding: Finding, value: string, identity: IdentityChoice): IdentitySetting[] | undefined {
  const parts = endpointParts(finding, value);
  let settings: IdentitySetting[] | undefined;
  switch (finding.service) {
    case 'storage': {
      if (!parts.accountName) return undefined;
      if (name.toLowerCase() === 'azurewebjobsstorage' && isPublicCloudStorage(parts)) {
        settings = [{ suffix: 'accountName', value: parts.accountName }];
      } else {
        settings = (['blob', 'queue', 'table'] as const).map((s) => ({ suffix: `${s}ServiceUri`, value: storageUri(parts, s) ?? '' }));
      }
      break;
    }
    case 'serviceBus':
    case 'eventHubs':
      if (!parts.namespace) return undefined;
      settings = [{ suffix: 'fullyQualifiedNamespace', value: parts.namespace }];
      break;
    case 'cosmosDb':
      if (!parts.endpoint) return undefined;
      settings = [{ suffix: 'accountEndpoint', value: parts.endpoint }];
      break;
    default:
      return undefined;
  }
  if (identity.kind === 'userAssigned') {
    settings.push({ suffix: 'credential', value: 'managedidentity' }, { suffix: 'clientId', value: identity.clientId });
  }
  return settings;
}

/** What replaces a secret-bearing value in place, when the service has a passwordless value of the same shape. */
export interface InPlaceValue {
  readonly value: string;
  /**
   * `endpoint`: the value is now an endpoint (URL or FQDN) rather than a connection string, so a name that
   * says "connection string" should be renamed (`nameFor`); `connectionString`: still a connection string.
   */
  readonly shape: 'endpoint' | 'connectionString';
  /** Words for the new name: `ACCOUNT_URL`, `FULLY_QUALIFIED_NAMESPACE`, `ENDPOINT`. */
  readonly nameWords?: readonly string[];
  /** True when the app still has to do something in code (Redis token, Npgsql password provider). */
  readonly needsCode?: boolean;
}

/**
 * The passwordless value of the same setting, or undefined when the secret has no passwordless value
 * (API keys, client secrets, function keys: the setting is removed instead).
 */
export function inPlaceValue(finding: Finding, value: string, identity: IdentityChoice): InPlaceValue | undefined {
  const parts = endpointParts(finding, value);
  const userAssigned = identity.kind === 'userAssigned' ? identity.clientId : undefined;
  switch (finding.service) {
    case 'storage': {
      // A SAS URL keeps its path without the query; a connection string or key becomes the blob endpoint.
      const sasUrl = /^(https:\/\/[^?\s]+)\?/i.exec(value.trim());
      if (sasUrl && finding.kind === 'sasToken') return { value: sasUrl[1], shape: 'endpoint', nameWords: ['URL'] };
      const uri = storageUri(parts, 'blob');
      return uri ? { value: uri, shape: 'endpoint', nameWords: ['ACCOUNT', 'URL'] } : undefined;
    }
    case 'serviceBus':
    case 'eventHubs':
    case 'relay':
      return parts.namespace ? { value: parts.namespace, shape: 'endpoint', nameWords: ['FULLY', 'QUALIFIED', 'NAMESPACE'] } : undefined;
    case 'cosmosDb':
    case 'appConfiguration':
    case 'webPubSub':
      return parts.endpoint ? { value: parts.endpoint, shape: 'endpoint', nameWords: ['ENDPOINT'] } : undefined;
    case 'signalR':
      return signalRValue(value, userAssigned);
    case 'sql':
      return sqlValue(value, userAssigned);
    case 'postgresql':
    case 'mysql':
    case 'other':
      return passwordRemoved(value);
    case 'redis':
      return redisValue(value);
    default:
      return undefined;
  }
}

/** `Endpoint=…;AccessKey=…;Version=1.0;` → `Endpoint=…;AuthType=azure.msi;[ClientId=…;]Version=1.0;`. */
function signalRValue(value: string, clientId: string | undefined): InPlaceValue | undefined {
  const cs = parseConnectionString(value);
  const endpoint = cs.get('endpoint');
  if (!endpoint) return undefined;
  const port = cs.get('port');
  const parts = [`Endpoint=${endpoint}`, 'AuthType=azure.msi'];
  if (clientId) parts.push(`ClientId=${clientId}`);
  if (port) parts.push(`Port=${port}`);
  parts.push(`Version=${cs.get('version') ?? '1.0'}`);
  return { value: `${parts.join(';')};`, shape: 'connectionString' };
}

const sqlCredentialKeys = /^(user ?id|uid|user|username|password|pwd|authentication|integrated security|trusted_connection|persist security info)$/i;

/**
 * An ADO.NET SQL connection string without `User ID`/`Password`, with `Authentication=Active Directory
 * Default` (or `Active Directory Managed Identity;User Id=<clientId>` for a user-assigned identity). JDBC
 * URLs get `authentication=ActiveDirectoryDefault` / `ActiveDirectoryMSI;msiClientId=…`.
 */
function sqlValue(value: string, clientId: string | undefined): InPlaceValue | undefined {
  if (/^jdbc:sqlserver:/i.test(value)) {
    const kept = value.split(';').filter((p) => !/^\s*(user|password|authentication|msiClientId)\s*=/i.test(p));
    const base = kept.join(';').replace(/;+$/, '');
    const auth = clientId ? `authentication=ActiveDirectoryMSI;msiClientId=${clientId}` : 'authentication=ActiveDirectoryDefault';
    return { value: `${base};${auth}`, shape: 'connectionString' };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return passwordRemoved(value);
  const pieces = value.split(';');
  if (!pieces.some((p) => /^\s*(password|pwd)\s*=/i.test(p))) return undefined;
  const kept = pieces.filter((p) => p.trim() !== '' && !sqlCredentialKeys.test(p.slice(0, Math.max(0, p.indexOf('='))).trim()));
  kept.push(clientId ? 'Authentication=Active Directory Managed Identity' : 'Authentication=Active Directory Default');
  if (clientId) kept.push(`User Id=${clientId}`);
  return { value: `${kept.join(';')}${value.trimEnd().endsWith(';') ? ';' : ''}`, shape: 'connectionString' };
}

/** `scheme://user:password@host` → `scheme://user@host`; `Password=…;` pairs dropped from key-value strings. */
function passwordRemoved(value: string): InPlaceValue | undefined {
  const url = /^([a-z][a-z0-9+.-]*:\/\/)([^:@/\s]*):([^@/\s]*)@/i.exec(value);
  if (url) return { value: `${url[1]}${url[2]}@${value.slice(url[0].length)}`, shape: 'connectionString', needsCode: true };
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) && /[?&]password=/i.test(value)) {
    const out = value.replace(/([?&])password=[^&]*(&|$)/i, (_m, lead: string, tail: string) => (tail ? lead : '')).replace(/\?$/, '');
    return { value: out, shape: 'connectionString', needsCode: true };
  }
  const pieces = value.split(';');
  if (pieces.length < 2 && !/^\s*(password|pwd)\s*=/i.test(value)) return undefined;
  const kept = pieces.filter((p) => !/^\s*(password|pwd)\s*=/i.test(p));
  if (kept.length === pieces.length) return undefined;
  return { value: kept.join(';'), shape: 'connectionString', needsCode: true };
}

/** StackExchange.Redis `host:6380,password=…,ssl=True` → without the password; `rediss://:key@host` → `rediss://host`. */
function redisValue(value: string): InPlaceValue | undefined {
  const url = /^(rediss?:\/\/)([^@/\s]*)@/i.exec(value);
  if (url) return { value: `${url[1]}${value.slice(url[0].length)}`, shape: 'connectionString', needsCode: true };
  const pieces = value.split(',');
  const kept = pieces.filter((p) => !/^\s*password\s*=/i.test(p));
  if (kept.length === pieces.length) return undefined;
  return { value: kept.join(','), shape: 'connectionString', needsCode: true };
}

/** Key Vault secret names allow letters, digits and dashes only. */
export function keyVaultSecretName(settingName: string): string {
  const name = settingName.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').replace(/-{2,}/g, '-');
  return (name || 'secret').slice(0, 127);
}

export function keyVaultReference(secretName: string, vaultName = '<key-vault-name>'): string {
  return `@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretName})`;
}

/**
 * A name for the setting once it holds an endpoint instead of a connection string:
 * `AZURE_STORAGE_CONNECTION_STRING` → `AZURE_STORAGE_ACCOUNT_URL`, `SERVICEBUS_CONNECTION_STRING` →
 * `SERVICEBUS_FULLY_QUALIFIED_NAMESPACE`, `COSMOS_CONNSTR` → `COSMOS_ENDPOINT`. Names that do not say
 * "connection string" or "key" are kept. The word case follows the original (`upper`, `lower`, `camel`).
 */
export function renamedForEndpoint(name: string, words: readonly string[]): string {
  const m = /^(.*?)([-_.]?)(connection[-_.]?string|conn[-_.]?str(?:ing)?|connstr|connection|account[-_.]?key|access[-_.]?key|key|sas[-_.]?token|sas)$/i.exec(name);
  if (!m || !m[1]) return name;
  const sep = m[2] || (/[a-z][A-Z]/.test(name) ? '' : '_');
  const upper = m[3] === m[3].toUpperCase();
  const lower = m[3] === m[3].toLowerCase();
  const join = upper
    ? words.map((w) => w.toUpperCase()).join(sep || '_')
    : lower
      ? words.map((w) => w.toLowerCase()).join(sep || '_')
      : words.map((w) => w[0] + w.slice(1).toLowerCase()).join('');
  return `${m[1]}${sep}${join}`;
}

/** Single edit turning `original` into `updated` (common prefix and suffix left alone); [] when equal. */
export function diffEdits(original: string, updated: string): TextEdit[] {
  if (original === updated) return [];
  let start = 0;
  const max = Math.min(original.length, updated.length);
  while (start < max && original.charCodeAt(start) === updated.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && original.charCodeAt(original.length - 1 - end) === updated.charCodeAt(updated.length - 1 - end)) end++;
  return [{ range: { start, end: original.length - end }, newText: updated.slice(start, updated.length - end) }];
}

/** Line boundaries around an offset: [lineStart, lineEnd (before EOL), nextLineStart]. */
export function lineAround(text: string, offset: number): [number, number, number] {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
  return [start, end, nl < 0 ? text.length : nl + 1];
}

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function secretText(text: string, finding: Finding): string {
  return text.slice(finding.secretRange.start, finding.secretRange.end);
}

/**
 * What the rewritten code needs to reach the service without the secret: account name, namespace,
 * endpoint. Taken from the finding's `extracted` fields first, then from the connection string itself
 * (the literal's text), so the planner does not depend on how much the detector extracted.
 */
import type { Finding } from '../../secrets/types';

export interface ConnectionInfo {
  readonly accountName?: string;
  readonly endpointSuffix: string;
  /** Service Bus / Event Hubs namespace FQDN. */
  readonly namespace?: string;
  readonly entityPath?: string;
  /** https endpoint (Cosmos DB, App Configuration, Web PubSub, SignalR, AI services…). */
  readonly endpoint?: string;
  readonly server?: string;
  readonly database?: string;
  readonly user?: string;
  /**
   * Explicit service endpoints of a storage-style connection string (`TableEndpoint=https://x.table.cosmos.azure.com:443/`):
   * they win over the host derived from AccountName, which is wrong for Cosmos DB for Table and custom domains.
   */
  readonly serviceEndpoints: Partial<Record<StorageService, string>>;
}

/** `Key=Value;Key=Value` pairs, keys lower-cased; empty when the text is not a connection string. */
export function parseConnectionString(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    if (!/^[a-z][a-z0-9 ]*$/.test(key)) continue;
    out.set(key, part.slice(eq + 1).trim());
  }
  return out;
}

export function connectionInfo(finding: Finding, literalText: string): ConnectionInfo {
  const cs = parseConnectionString(literalText);
  const x = finding.extracted;
  const endpointSuffix = x.endpointSuffix ?? cs.get('endpointsuffix') ?? 'core.windows.net';
  let accountName = x.accountName ?? cs.get('accountname');
  if (!accountName) {
    const m = /https?:\/\/([a-z0-9]{3,24})\.(?:blob|queue|table|dfs|file)\./i.exec(literalText);
    if (m) accountName = m[1];
  }
  let namespace = x.namespace;
  const sb = cs.get('endpoint');
  if (!namespace && sb && /^sb:\/\//i.test(sb)) namespace = sb.replace(/^sb:\/\//i, '').replace(/\/.*$/, '');
  const entityPath = x.entityPath ?? cs.get('entitypath');
  let endpoint = x.endpoint ?? cs.get('accountendpoint') ?? (sb && /^https:\/\//i.test(sb) ? sb : undefined);
  if (endpoint && !/^https:\/\//i.test(endpoint)) endpoint = undefined;
  const serviceEndpoints: Partial<Record<StorageService, string>> = {};
  for (const [service, key] of [['blob', 'blobendpoint'], ['queue', 'queueendpoint'], ['table', 'tableendpoint'], ['dfs', 'dfsendpoint']] as const) {
    const value = cs.get(key);
    if (value && /^https:\/\//i.test(value)) serviceEndpoints[service] = cleanEndpoint(value);
  }
  // The account of an explicit endpoint when AccountName is missing (a SAS-only connection string).
  if (!accountName) accountName = Object.values(serviceEndpoints).map((e) => resourceNameOf(e)).find(Boolean);
  return {
    accountName,
    endpointSuffix,
    namespace,
    entityPath,
    endpoint,
    server: x.server,
    database: x.database,
    user: x.user,
    serviceEndpoints,
  };
}

export type StorageService = 'blob' | 'queue' | 'table' | 'dfs';

/**
 * The service's endpoint: the connection string's explicit `<Service>Endpoint=` when it has one, else
 * `https://<account>.<service>.<suffix>`, honouring a sovereign-cloud endpoint suffix.
 */
export function storageUrl(info: ConnectionInfo, service: StorageService): string | undefined {
  const explicit = info.serviceEndpoints[service];
  if (explicit) return explicit;
  return info.accountName ? `https://${info.accountName}.${service}.${info.endpointSuffix}` : undefined;
}

/** True when the endpoint is Cosmos DB for Table (`https://<account>.table.cosmos.azure.com`), not Storage. */
export function isCosmosTableEndpoint(url: string | undefined): boolean {
  return url !== undefined && /^https:\/\/[^/]+\.table\.cosmos\.azure\.(?:com|us|cn)/i.test(url);
}

/** Endpoint without the trailing slash some connection strings carry (and without `:443`). */
export function cleanEndpoint(endpoint: string): string {
  return endpoint.replace(/:443(?=\/|$)/, '').replace(/\/+$/, '');
}

/** The resource name in an endpoint host (`https://contoso.documents.azure.com` → `contoso`). */
export function resourceNameOf(hostOrUrl: string | undefined): string | undefined {
  if (!hostOrUrl) return undefined;
  const host = hostOrUrl.replace(/^[a-z]+:\/\//i, '').replace(/[:/].*$/, '');
  const first = host.split('.')[0];
  return first || undefined;
}

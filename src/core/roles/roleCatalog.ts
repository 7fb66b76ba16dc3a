/**
 * The built-in roles a managed identity needs once a secret is gone, least privilege first, plus the steps
 * outside ARM RBAC (database users, Cosmos DB data-plane roles, Redis access policies).
 *
 * Names and GUIDs are the Azure built-in role definitions (articles/role-based-access-control/built-in-roles).
 * Two ARM roles are listed only to be recognised and never recommended: Storage Account Contributor and
 * Reader and Data Access (and the Key Operator role) can list the account keys, which defeats the purpose of
 * removing them. Owner / Contributor / User Access Administrator / Reader are listed as broad: they work, but
 * grant far more than one app needs.
 */
import type { AzureService, Finding } from '../secrets/types';
import type { FollowUp, GrantRoleFollowUp, IdentityChoice, ManualStepFollowUp, RoleRecommendation } from '../fixes/types';

/** What a role lets the identity do on the data: read, write (send, upload, delete) or manage (ACLs, entities). */
export type RoleAccess = 'read' | 'write' | 'owner';

/**
 * What a rewritten client talks to; finer than `AzureService` (one storage key covers blob, queue and table,
 * a Service Bus key covers senders and receivers).
 */
export type RoleTarget =
  | 'blob'
  | 'dataLake'
  | 'queue'
  | 'table'
  | 'serviceBus'
  | 'serviceBusSender'
  | 'serviceBusReceiver'
  | 'eventHubs'
  | 'eventHubsProducer'
  | 'eventHubsConsumer'
  | 'relay'
  | 'cosmosDb'
  | 'keyVault'
  | 'appConfiguration'
  | 'openAi'
  | 'aiServices'
  | 'search'
  | 'eventGrid'
  | 'signalR'
  | 'webPubSub'
  | 'containerRegistry';

export interface BuiltInRole {
  readonly name: string;
  /** Role definition GUID (lower case). */
  readonly id: string;
  readonly plane: 'arm' | 'cosmosDataPlane';
  /** Why one would pick it, in a few words. */
  readonly reason: string;
  /** What it allows on the data; empty for the broad and key-exposing roles. */
  readonly access: readonly RoleAccess[];
  /** 1 = narrowest; used to order recommendations (least privilege first). */
  readonly rank: number;
  /** Owner, Contributor, User Access Administrator, Reader: not scoped to one kind of data. */
  readonly broad?: boolean;
  /** Can list or regenerate account keys: never recommended after removing a key. */
  readonly exposesKeys?: boolean;
}

const role = (name: string, id: string, reason: string, access: RoleAccess[], rank: number): BuiltInRole => ({
  name, id, plane: 'arm', reason, access, rank,
});

/** Every role the catalog knows, recommended or not. */
export const builtInRoles: readonly BuiltInRole[] = [
  // Storage: blob / Data Lake
  role('Storage Blob Data Reader', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', 'read blobs', ['read'], 1),
  role('Storage Blob Data Contributor', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe', 'read, write and delete blobs', ['read', 'write'], 2),
  role('Storage Blob Data Owner', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', 'full blob access including POSIX ACLs', ['read', 'write', 'owner'], 3),
  // Storage: queue
  role('Storage Queue Data Message Sender', 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a', 'add messages', ['write'], 1),
  role('Storage Queue Data Message Processor', '8a0f0c08-91a1-4084-bc3d-661d67233fed', 'peek, receive and delete messages', ['read', 'write'], 2),
  role('Storage Queue Data Reader', '19e7f393-937e-4f77-808e-94535e297925', 'read queues and peek messages', ['read'], 2),
  role('Storage Queue Data Contributor', '974c5e8b-45b9-4653-ba55-5f855dd0fb88', 'read, write and delete queues and messages', ['read', 'write', 'owner'], 3),
  // Storage: table
  role('Storage Table Data Reader', '76199698-9eea-4c19-bc75-cec21354c6b6', 'read tables and entities', ['read'], 1),
  role('Storage Table Data Contributor', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', 'read, write and delete tables and entities', ['read', 'write', 'owner'], 2),
  // Service Bus
  role('Azure Service Bus Data Sender', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39', 'send messages', ['write'], 1),
  role('Azure Service Bus Data Receiver', '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0', 'receive messages', ['read'], 1),
  role('Azure Service Bus Data Owner', '090c5cfd-751d-490a-894a-3ce6f1109419', 'send, receive and manage entities', ['read', 'write', 'owner'], 3),
  // Event Hubs
  role('Azure Event Hubs Data Sender', '2b629674-e913-4c01-ae53-ef4638d8f975', 'send events', ['write'], 1),
  role('Azure Event Hubs Data Receiver', 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde', 'receive events', ['read'], 1),
  role('Azure Event Hubs Data Owner', 'f526a384-b230-433a-b45c-95f59c4a2dec', 'send, receive and manage event hubs', ['read', 'write', 'owner'], 3),
  // Relay
  role('Azure Relay Sender', '26baccc8-eea7-41f1-98f4-1762cc7f685d', 'send on hybrid connections', ['write'], 1),
  role('Azure Relay Listener', '26e0b698-aa6d-4085-9386-aadae190014d', 'listen on hybrid connections', ['read'], 1),
  role('Azure Relay Owner', '2787bf04-f1f5-4bfe-8383-c8a24483ee38', 'send, listen and manage relays', ['read', 'write', 'owner'], 3),
  // Key Vault (RBAC permission model)
  role('Key Vault Secrets User', '4633458b-17de-408a-b874-0445c86b69e6', 'read secret values', ['read'], 1),
  // App Configuration
  role('App Configuration Data Reader', '516239f1-63e1-4d78-a4de-a74fb236a071', 'read key-values', ['read'], 1),
  role('App Configuration Data Owner', '5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b', 'read, write and delete key-values', ['read', 'write', 'owner'], 2),
  // AI
  role('Cognitive Services OpenAI User', '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd', 'call model deployments', ['read', 'write'], 1),
  role('Cognitive Services User', 'a97b65f3-24c7-4388-baec-2e87135dc908', 'call the service APIs', ['read', 'write'], 2),
  // AI Search
  role('Search Index Data Reader', '1407120a-92aa-4202-b7e9-c0e197c71c8f', 'query indexes', ['read'], 1),
  role('Search Index Data Contributor', '8ebe5a00-799e-43f5-93ac-243d3dce84a7', 'load and delete documents', ['read', 'write'], 2),
  // Event Grid, SignalR, Web PubSub
  role('EventGrid Data Sender', 'd5a91429-5739-47e2-a06b-3470a27159e7', 'publish events', ['write'], 1),
  role('SignalR App Server', '420fcaa2-552c-430f-98ca-3264be4806c7', 'connect as the app server', ['read', 'write'], 1),
  role('Web PubSub Service Owner', '12cf5a90-567b-43ae-8102-96cf46c7d9b4', 'send messages and manage connections', ['read', 'write', 'owner'], 1),
  // Container Registry (replaces the admin user)
  role('AcrPull', '7f951dda-4ed3-4680-a7ca-43fe172d538d', 'pull images', ['read'], 1),
  role('AcrPush', '8311e382-0749-4cb8-b61a-304f252e45ec', 'pull and push images', ['read', 'write'], 2),
  // Cosmos DB NoSQL data plane (not ARM RBAC: `az cosmosdb sql role assignment create`)
  { name: 'Cosmos DB Built-in Data Reader', id: '00000000-0000-0000-0000-000000000001', plane: 'cosmosDataPlane', reason: 'read items and run queries', access: ['read'], rank: 1 },
  { name: 'Cosmos DB Built-in Data Contributor', id: '00000000-0000-0000-0000-000000000002', plane: 'cosmosDataPlane', reason: 'read, write and delete items', access: ['read', 'write'], rank: 2 },
  // Broad roles: they work, but grant far more than one app needs.
  { ...role('Reader', 'acdd72a7-3385-48ef-bd42-f606fba81ae7', 'view every resource (control plane)', [], 9), broad: true },
  { ...role('Contributor', 'b24988ac-6180-42a0-ab88-20f7382dd24c', 'manage every resource (and list their keys)', [], 9), broad: true, exposesKeys: true },
  { ...role('User Access Administrator', '18d7d88d-d35e-4fb5-a5c3-7773b4dd8eb9', 'grant any role to anyone', [], 9), broad: true },
  { ...role('Owner', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'manage everything and grant any role', [], 9), broad: true, exposesKeys: true },
  // Never recommend: these can read the account keys the fix just removed.
  { ...role('Storage Account Contributor', '17d1049b-9a84-46fb-8f53-869881c3d3ab', 'manage the account and list its keys', [], 9), exposesKeys: true },
  { ...role('Reader and Data Access', 'c12c1c16-33a1-487b-954d-41c89c60f349', 'view the account and list its keys', [], 9), exposesKeys: true },
  { ...role('Storage Account Key Operator Service Role', '81a9662b-bebf-436f-a333-f67b29880f12', 'list and regenerate account keys', [], 9), exposesKeys: true },
];

const byId = new Map(builtInRoles.map((r) => [r.id, r]));
const byName = new Map(builtInRoles.map((r) => [r.name.toLowerCase(), r]));

/** A role by its definition GUID, or by a full role definition resource ID ending in the GUID. */
export function roleById(id: string): BuiltInRole | undefined {
  const guid = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*$/i.exec(id)?.[1];
  return guid ? byId.get(guid.toLowerCase()) : undefined;
}

export function roleByName(name: string): BuiltInRole | undefined {
  return byName.get(name.trim().toLowerCase());
}

function lookup(idOrName: string): BuiltInRole | undefined {
  return roleById(idOrName) ?? roleByName(idOrName);
}

/** Owner, Contributor, User Access Administrator, Reader (by GUID, role definition ID or name). */
export function isBroadRole(idOrName: string): boolean {
  return lookup(idOrName)?.broad === true;
}

/** Roles that can list or regenerate account keys (Storage Account Contributor, Reader and Data Access…). */
export function exposesKeys(idOrName: string): boolean {
  return lookup(idOrName)?.exposesKeys === true;
}

export function toRecommendation(r: BuiltInRole): RoleRecommendation {
  return { roleName: r.name, roleDefinitionId: r.id, reason: r.reason, plane: r.plane };
}

const named = (...names: string[]): BuiltInRole[] => names.map((n) => {
  const r = byName.get(n.toLowerCase());
  if (!r) throw new Error(`role catalog: unknown role ${n}`);
  return r;
});

const blob = named('Storage Blob Data Reader', 'Storage Blob Data Contributor', 'Storage Blob Data Owner');
const queue = named('Storage Queue Data Message Sender', 'Storage Queue Data Message Processor', 'Storage Queue Data Reader', 'Storage Queue Data Contributor');
const table = named('Storage Table Data Reader', 'Storage Table Data Contributor');
const serviceBus = named('Azure Service Bus Data Sender', 'Azure Service Bus Data Receiver', 'Azure Service Bus Data Owner');
const eventHubs = named('Azure Event Hubs Data Sender', 'Azure Event Hubs Data Receiver', 'Azure Event Hubs Data Owner');
const relay = named('Azure Relay Sender', 'Azure Relay Listener', 'Azure Relay Owner');
const cosmos = named('Cosmos DB Built-in Data Reader', 'Cosmos DB Built-in Data Contributor');

/** Roles per target, least privilege first. */
const targetRoles: Record<RoleTarget, readonly BuiltInRole[]> = {
  blob,
  dataLake: blob,
  queue,
  table,
  serviceBus,
  serviceBusSender: named('Azure Service Bus Data Sender', 'Azure Service Bus Data Owner'),
  serviceBusReceiver: named('Azure Service Bus Data Receiver', 'Azure Service Bus Data Owner'),
  eventHubs,
  eventHubsProducer: named('Azure Event Hubs Data Sender', 'Azure Event Hubs Data Owner'),
  eventHubsConsumer: named('Azure Event Hubs Data Receiver', 'Azure Event Hubs Data Owner'),
  relay,
  cosmosDb: cosmos,
  keyVault: named('Key Vault Secrets User'),
  appConfiguration: named('App Configuration Data Reader', 'App Configuration Data Owner'),
  openAi: named('Cognitive Services OpenAI User'),
  aiServices: named('Cognitive Services User'),
  search: named('Search Index Data Reader', 'Search Index Data Contributor'),
  eventGrid: named('EventGrid Data Sender'),
  signalR: named('SignalR App Server'),
  webPubSub: named('Web PubSub Service Owner'),
  containerRegistry: named('AcrPull', 'AcrPush'),
};

/** ARM resource type per target. */
const targetResourceType: Record<RoleTarget, string> = {
  blob: 'Microsoft.Storage/storageAccounts',
  dataLake: 'Microsoft.Storage/storageAccounts',
  queue: 'Microsoft.Storage/storageAccounts',
  table: 'Microsoft.Storage/storageAccounts',
  serviceBus: 'Microsoft.ServiceBus/namespaces',
  serviceBusSender: 'Microsoft.ServiceBus/namespaces',
  serviceBusReceiver: 'Microsoft.ServiceBus/namespaces',
  eventHubs: 'Microsoft.EventHub/namespaces',
  eventHubsProducer: 'Microsoft.EventHub/namespaces',
  eventHubsConsumer: 'Microsoft.EventHub/namespaces',
  relay: 'Microsoft.Relay/namespaces',
  cosmosDb: 'Microsoft.DocumentDB/databaseAccounts',
  keyVault: 'Microsoft.KeyVault/vaults',
  appConfiguration: 'Microsoft.AppConfiguration/configurationStores',
  openAi: 'Microsoft.CognitiveServices/accounts',
  aiServices: 'Microsoft.CognitiveServices/accounts',
  search: 'Microsoft.Search/searchServices',
  eventGrid: 'Microsoft.EventGrid/topics',
  signalR: 'Microsoft.SignalRService/signalR',
  webPubSub: 'Microsoft.SignalRService/webPubSub',
  containerRegistry: 'Microsoft.ContainerRegistry/registries',
};

/** The service a target belongs to (Key Vault secrets replace Entra client secrets: `entraId`). */
const targetService: Record<RoleTarget, AzureService> = {
  blob: 'storage', dataLake: 'storage', queue: 'storage', table: 'storage',
  serviceBus: 'serviceBus', serviceBusSender: 'serviceBus', serviceBusReceiver: 'serviceBus',
  eventHubs: 'eventHubs', eventHubsProducer: 'eventHubs', eventHubsConsumer: 'eventHubs',
  relay: 'relay', cosmosDb: 'cosmosDb', keyVault: 'entraId', appConfiguration: 'appConfiguration',
  openAi: 'openAi', aiServices: 'aiServices', search: 'search', eventGrid: 'eventGrid', signalR: 'signalR',
  webPubSub: 'webPubSub', containerRegistry: 'containerRegistry',
};

/** Targets whose roles a service-level recommendation combines. */
const serviceTargets: Partial<Record<AzureService, readonly RoleTarget[]>> = {
  storage: ['blob', 'queue', 'table'],
  serviceBus: ['serviceBus'],
  eventHubs: ['eventHubs'],
  relay: ['relay'],
  cosmosDb: ['cosmosDb'],
  appConfiguration: ['appConfiguration'],
  openAi: ['openAi'],
  aiServices: ['aiServices'],
  search: ['search'],
  eventGrid: ['eventGrid'],
  signalR: ['signalR'],
  webPubSub: ['webPubSub'],
  containerRegistry: ['containerRegistry'],
};

/** ARM resource type of the resource a service's secret belongs to (databases and caches included). */
const serviceResourceType: Partial<Record<AzureService, string>> = {
  storage: 'Microsoft.Storage/storageAccounts',
  serviceBus: 'Microsoft.ServiceBus/namespaces',
  eventHubs: 'Microsoft.EventHub/namespaces',
  relay: 'Microsoft.Relay/namespaces',
  cosmosDb: 'Microsoft.DocumentDB/databaseAccounts',
  sql: 'Microsoft.Sql/servers',
  postgresql: 'Microsoft.DBforPostgreSQL/flexibleServers',
  mysql: 'Microsoft.DBforMySQL/flexibleServers',
  redis: 'Microsoft.Cache/redis',
  appConfiguration: 'Microsoft.AppConfiguration/configurationStores',
  openAi: 'Microsoft.CognitiveServices/accounts',
  aiServices: 'Microsoft.CognitiveServices/accounts',
  search: 'Microsoft.Search/searchServices',
  containerRegistry: 'Microsoft.ContainerRegistry/registries',
  functions: 'Microsoft.Web/sites',
  signalR: 'Microsoft.SignalRService/signalR',
  webPubSub: 'Microsoft.SignalRService/webPubSub',
  eventGrid: 'Microsoft.EventGrid/topics',
  apiManagement: 'Microsoft.ApiManagement/service',
};

/** The ARM resource type a service's secret belongs to; undefined for Entra secrets and unknown services. */
export function resourceTypeForService(service: AzureService): string | undefined {
  return serviceResourceType[service];
}

/** Services whose data access is granted with a built-in role (ARM or Cosmos DB data plane). */
export function servicesWithRoles(): AzureService[] {
  return Object.keys(serviceTargets) as AzureService[];
}

function ordered(roles: readonly BuiltInRole[], access: RoleAccess | undefined): BuiltInRole[] {
  const unique = [...new Map(roles.map((r) => [r.id, r])).values()];
  const matching = access ? unique.filter((r) => r.access.includes(access)) : unique;
  // When no role grants exactly that access (reading from Event Grid), offer what exists.
  const pick = matching.length > 0 ? matching : unique;
  return pick
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.rank - b.r.rank || a.i - b.i)
    .map(({ r }) => r);
}

/**
 * The built-in roles that give an identity data access to a service, least privilege first. With `access`,
 * only roles that allow it (`read`: readers, receivers; `write`: senders, contributors; `owner`: owners).
 * Empty for services with no role (SQL, PostgreSQL, MySQL and Redis use steps inside the database or cache:
 * see `manualStepsFor`). Never returns a broad or key-exposing role.
 */
export function recommendRoles(service: AzureService, access?: RoleAccess): RoleRecommendation[] {
  const targets = serviceTargets[service] ?? [];
  return ordered(targets.flatMap((t) => targetRoles[t]), access).map(toRecommendation);
}

/** The roles for one target (blob, queue, Service Bus sender…), least privilege first. */
export function recommendRolesForTarget(target: RoleTarget, access?: RoleAccess): RoleRecommendation[] {
  return ordered(targetRoles[target], access).map(toRecommendation);
}

/** ARM resource type per target (e.g. `queue` → `Microsoft.Storage/storageAccounts`). */
export function resourceTypeForTarget(target: RoleTarget): string {
  return targetResourceType[target];
}

const resourceTypeTargets: [RegExp, (kind: string | undefined) => RoleTarget[]][] = [
  [/^microsoft\.storage\/storageaccounts\/blobservices(\/containers)?$/, () => ['blob']],
  [/^microsoft\.storage\/storageaccounts\/queueservices(\/queues)?$/, () => ['queue']],
  [/^microsoft\.storage\/storageaccounts\/tableservices(\/tables)?$/, () => ['table']],
  [/^microsoft\.storage\/storageaccounts$/, () => ['blob', 'queue', 'table']],
  [/^microsoft\.servicebus\/namespaces(\/(queues|topics)(\/subscriptions)?)?$/, () => ['serviceBus']],
  [/^microsoft\.eventhub\/namespaces(\/eventhubs(\/consumergroups)?)?$/, () => ['eventHubs']],
  [/^microsoft\.relay\/namespaces(\/(hybridconnections|wcfrelays))?$/, () => ['relay']],
  [/^microsoft\.keyvault\/vaults(\/secrets)?$/, () => ['keyVault']],
  [/^microsoft\.appconfiguration\/configurationstores$/, () => ['appConfiguration']],
  [/^microsoft\.cognitiveservices\/accounts$/, (kind) => {
    if (kind === undefined || kind === '') return ['openAi', 'aiServices'];
    // Azure OpenAI accounts and the multi-service AIServices kind both serve OpenAI deployments.
    return /^(openai|aiservices)$/i.test(kind) ? ['openAi', 'aiServices'] : ['aiServices'];
  }],
  [/^microsoft\.search\/searchservices$/, () => ['search']],
  [/^microsoft\.eventgrid\/(topics|domains|domains\/topics|namespaces|namespaces\/topics)$/, () => ['eventGrid']],
  [/^microsoft\.signalrservice\/signalr$/, () => ['signalR']],
  [/^microsoft\.signalrservice\/webpubsub$/, () => ['webPubSub']],
  [/^microsoft\.containerregistry\/registries(\/repositories)?$/, () => ['containerRegistry']],
  [/^microsoft\.documentdb\/databaseaccounts$/, () => ['cosmosDb']],
];

/**
 * The roles worth granting on a resource of this ARM type (used by "Grant Role"): data roles only, least
 * privilege first within each data kind (blob, then queue, then table for a storage account). For
 * `Microsoft.CognitiveServices/accounts`, pass the account `kind` (`OpenAI`, `AIServices`, `TextAnalytics`…)
 * to choose between Cognitive Services OpenAI User and Cognitive Services User.
 */
export function recommendRolesForResourceType(armType: string, kind?: string): RoleRecommendation[] {
  const type = armType.trim().toLowerCase();
  const entry = resourceTypeTargets.find(([re]) => re.test(type));
  if (!entry) return [];
  const out: RoleRecommendation[] = [];
  const seen = new Set<string>();
  for (const target of entry[1](kind)) {
    for (const r of ordered(targetRoles[target], undefined)) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(toRecommendation(r));
    }
  }
  return out;
}

/** The target a finding's service maps to by default (storage → blob: the common case). */
function defaultTarget(service: AzureService): RoleTarget | undefined {
  switch (service) {
    case 'storage': return 'blob';
    case 'entraId': return undefined;
    default: return serviceTargets[service]?.[0];
  }
}

/** First DNS label of a host or URL (`https://contoso.documents.azure.com:443/` → `contoso`). */
export function resourceNameOfHost(hostOrUrl: string | undefined): string | undefined {
  if (!hostOrUrl) return undefined;
  const host = hostOrUrl.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]*@/, '').replace(/[:/,;?].*$/, '');
  const first = host.split('.')[0];
  return first && /^[A-Za-z0-9][A-Za-z0-9-_]*$/.test(first) ? first : undefined;
}

/** The resource name a finding reveals: storage account, namespace, Cosmos/App Config account, server, cache. */
export function resourceNameOf(finding: Finding): string | undefined {
  const x = finding.extracted;
  switch (finding.service) {
    case 'storage':
      return x.accountName ?? resourceNameOfHost(x.endpoint);
    case 'serviceBus':
    case 'eventHubs':
    case 'relay':
      return resourceNameOfHost(x.namespace ?? x.endpoint);
    case 'sql':
    case 'postgresql':
    case 'mysql':
    case 'redis':
    case 'containerRegistry':
      return resourceNameOfHost(x.server ?? x.endpoint);
    default:
      return x.accountName ?? resourceNameOfHost(x.endpoint ?? x.server);
  }
}

export interface GrantRoleOptions {
  readonly access?: RoleAccess;
  /** Narrow the roles to one data kind (a queue trigger needs queue roles, not blob roles). */
  readonly target?: RoleTarget;
  /** Override the resource name taken from the finding. */
  readonly resourceName?: string;
}

/**
 * What to grant after a finding's secret is gone: the roles (least privilege first) on the resource the
 * secret belonged to. Undefined when the service has no built-in data role (SQL, PostgreSQL, MySQL, Redis,
 * Entra secrets: see `manualStepsFor`). A storage key defaults to the blob roles; pass `target` for queue/table.
 */
export function grantRoleFollowUp(finding: Finding, options: GrantRoleOptions = {}): GrantRoleFollowUp | undefined {
  const target = options.target ?? defaultTarget(finding.service);
  if (!target) return undefined;
  const roles = recommendRolesForTarget(target, options.access);
  if (roles.length === 0) return undefined;
  const resourceName = options.resourceName ?? resourceNameOf(finding);
  return {
    kind: 'grantRole',
    service: targetService[target],
    resourceType: targetResourceType[target],
    ...(resourceName ? { resourceName } : {}),
    roles,
  };
}

/** Key Vault Secrets User on a vault: what a Key Vault reference or a secret read from Key Vault needs. */
export function keyVaultSecretsUserFollowUp(vaultName: string | undefined): GrantRoleFollowUp {
  return {
    kind: 'grantRole',
    service: 'entraId',
    resourceType: 'Microsoft.KeyVault/vaults',
    ...(vaultName ? { resourceName: vaultName } : {}),
    roles: recommendRolesForTarget('keyVault'),
  };
}

/** How the identity is called in database statements: its name for a user-assigned one, else the app's name. */
export function identityDisplayName(identity: IdentityChoice): string {
  return identity.kind === 'userAssigned' ? (identity.name ?? identity.clientId) : '<app-or-identity-name>';
}

export function sqlUserStep(identity: IdentityChoice, server?: string, database?: string): ManualStepFollowUp {
  const who = identityDisplayName(identity);
  return {
    kind: 'manualStep',
    title: `Create a database user for the identity${database ? ` in ${database}` : ''}${server ? ` on ${server}` : ''}`,
    detail: [
      'Connect to the application database as the server\'s Microsoft Entra admin and run:',
      `CREATE USER [${who}] FROM EXTERNAL PROVIDER;`,
      `ALTER ROLE db_datareader ADD MEMBER [${who}];`,
      `ALTER ROLE db_datawriter ADD MEMBER [${who}];`,
    ].join('\n'),
  };
}

export function postgresUserStep(identity: IdentityChoice, server?: string): ManualStepFollowUp {
  const who = identityDisplayName(identity);
  return {
    kind: 'manualStep',
    title: `Create a PostgreSQL role for the identity${server ? ` on ${server}` : ''}`,
    detail: [
      'Enable Microsoft Entra authentication on the server, connect to the postgres database as an Entra admin and run:',
      `select * from pgaadauth_create_principal_with_oid('${who}', '<object-id-of-the-identity>', 'service', false, false);`,
      `Then connect as user "${who}" with an Entra token (scope https://ossrdbms-aad.database.windows.net/.default) as the password.`,
    ].join('\n'),
  };
}

export function mysqlUserStep(identity: IdentityChoice, server?: string, database?: string): ManualStepFollowUp {
  const who = identityDisplayName(identity);
  const clientId = identity.kind === 'userAssigned' ? identity.clientId : '<client-id-of-the-identity>';
  return {
    kind: 'manualStep',
    title: `Create a MySQL user for the identity${server ? ` on ${server}` : ''}`,
    detail: [
      'Set a Microsoft Entra admin on the server, connect as that admin and run:',
      'SET aad_auth_validate_oids_in_tenant = OFF;',
      `CREATE AADUSER '${who}' IDENTIFIED BY '${clientId}';`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ${database ?? '<database>'}.* TO '${who}'@'%';`,
      `Then connect as user "${who}" with an Entra token (scope https://ossrdbms-aad.database.windows.net/.default) as the password.`,
    ].join('\n'),
  };
}

export function cosmosDataPlaneStep(account?: string, access: 'read' | 'write' = 'write'): ManualStepFollowUp {
  const roleId = access === 'read' ? '00000000-0000-0000-0000-000000000001' : '00000000-0000-0000-0000-000000000002';
  return {
    kind: 'manualStep',
    title: 'Grant the Cosmos DB data-plane role (not an ARM role assignment)',
    detail: [
      `az cosmosdb sql role assignment create --account-name ${account ?? '<account-name>'} --resource-group <resource-group> \\`,
      `  --role-definition-id ${roleId} --principal-id <principal-id-of-the-identity> --scope "/"`,
      'Data-plane roles cannot create databases or containers; create them with ARM/Bicep or the portal.',
    ].join('\n'),
  };
}

export function redisAccessPolicyStep(identity: IdentityChoice, cache?: string): ManualStepFollowUp {
  return {
    kind: 'manualStep',
    title: 'Enable Microsoft Entra authentication on the cache and add the identity to a data access policy',
    detail: [
      'Enable Microsoft Entra authentication on the cache (portal: Authentication > Microsoft Entra Authentication), then run:',
      `az redis access-policy-assignment create --name <assignment-name> --policy-name "Data Contributor" \\`,
      `  --object-id <principal-id-of-the-identity> --object-id-alias ${identityDisplayName(identity)} --resource-group <resource-group> --cache-name ${cache ?? '<cache-name>'}`,
      'The client must refresh the token and re-authenticate before it expires (Microsoft.Azure.StackExchangeRedis, @redis/entraid, redis-entraid).',
    ].join('\n'),
  };
}

export function appRegistrationStep(): ManualStepFollowUp {
  return {
    kind: 'manualStep',
    title: 'Grant the managed identity the roles the app registration had, then delete the client secret',
    detail: 'List the app registration\'s role assignments (az role assignment list --assignee <client-id> --all), assign the same roles to the managed identity, and remove the client secret from the app registration.',
  };
}

export function containerRegistryAdminStep(registry?: string): ManualStepFollowUp {
  return {
    kind: 'manualStep',
    title: 'Disable the registry admin user once pulls use the identity',
    detail: `az acr update --name ${registry ?? '<registry-name>'} --admin-enabled false`,
  };
}

/**
 * The steps outside ARM RBAC a finding's fix needs: database users (SQL, PostgreSQL, MySQL), the Cosmos DB
 * data-plane role, Redis Entra auth and access policy, moving an app registration's roles to the identity,
 * disabling the registry admin user. Empty when a role assignment is all it takes.
 */
export function manualStepsFor(finding: Finding, identity: IdentityChoice): ManualStepFollowUp[] {
  const x = finding.extracted;
  switch (finding.service) {
    case 'sql':
      return [sqlUserStep(identity, x.server, x.database)];
    case 'postgresql':
      return [postgresUserStep(identity, x.server)];
    case 'mysql':
      return [mysqlUserStep(identity, x.server, x.database)];
    case 'cosmosDb':
      return [cosmosDataPlaneStep(resourceNameOf(finding))];
    case 'redis':
      return [redisAccessPolicyStep(identity, resourceNameOf(finding))];
    case 'entraId':
      return [appRegistrationStep()];
    case 'containerRegistry':
      return [containerRegistryAdminStep(resourceNameOf(finding))];
    default:
      return [];
  }
}

/** Role grant (if any) then the steps outside ARM: the usual `followUps` of a passwordless fix. */
export function followUpsFor(finding: Finding, identity: IdentityChoice, options: GrantRoleOptions = {}): FollowUp[] {
  const grant = grantRoleFollowUp(finding, options);
  return [...(grant ? [grant] : []), ...manualStepsFor(finding, identity)];
}

/**
 * Follow-ups of a code fix: the built-in roles the identity needs on the target resource (least privilege
 * first) and the steps outside ARM (database users, Cosmos DB data-plane roles, Redis access policies).
 */
import type { AzureService } from '../../secrets/types';
import type { FollowUp, GrantRoleFollowUp, IdentityChoice, RoleRecommendation } from '../types';

/** What a rewritten client talks to; finer than `AzureService` (a storage key covers blob, queue, table). */
export type RoleTarget =
  | 'blob'
  | 'queue'
  | 'table'
  | 'dataLake'
  | 'serviceBusSender'
  | 'serviceBusReceiver'
  | 'serviceBus'
  | 'eventHubsProducer'
  | 'eventHubsConsumer'
  | 'cosmosDb'
  | 'keyVault'
  | 'appConfiguration'
  | 'openAi'
  | 'aiServices'
  | 'search'
  | 'eventGrid'
  | 'signalR'
  | 'webPubSub';

const arm = (roleName: string, roleDefinitionId: string, reason: string): RoleRecommendation => ({ roleName, roleDefinitionId, reason, plane: 'arm' });

const blobRoles = [
  arm('Storage Blob Data Reader', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', 'read blobs'),
  arm('Storage Blob Data Contributor', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe', 'read and write blobs'),
  arm('Storage Blob Data Owner', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', 'manage blob ACLs'),
];
const sbSender = arm('Azure Service Bus Data Sender', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39', 'send messages');
const sbReceiver = arm('Azure Service Bus Data Receiver', '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0', 'receive messages');
const sbOwner = arm('Azure Service Bus Data Owner', '090c5cfd-751d-490a-894a-3ce6f1109419', 'send, receive and manage entities');
const ehSender = arm('Azure Event Hubs Data Sender', '2b629674-e913-4c01-ae53-ef4638d8f975', 'send events');
const ehReceiver = arm('Azure Event Hubs Data Receiver', 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde', 'receive events');
const ehOwner = arm('Azure Event Hubs Data Owner', 'f526a384-b230-433a-b45c-95f59c4a2dec', 'send, receive and manage');

const table: Record<RoleTarget, { service: AzureService; resourceType: string; roles: RoleRecommendation[] }> = {
  blob: { service: 'storage', resourceType: 'Microsoft.Storage/storageAccounts', roles: blobRoles },
  dataLake: { service: 'storage', resourceType: 'Microsoft.Storage/storageAccounts', roles: blobRoles },
  queue: {
    service: 'storage',
    resourceType: 'Microsoft.Storage/storageAccounts',
    roles: [
      arm('Storage Queue Data Message Sender', 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a', 'add messages'),
      arm('Storage Queue Data Message Processor', '8a0f0c08-91a1-4084-bc3d-661d67233fed', 'peek, receive and delete messages'),
      arm('Storage Queue Data Reader', '19e7f393-937e-4f77-808e-94535e297925', 'read queues and messages'),
      arm('Storage Queue Data Contributor', '974c5e8b-45b9-4653-ba55-5f855dd0fb88', 'read, write and delete queues and messages'),
    ],
  },
  table: {
    service: 'storage',
    resourceType: 'Microsoft.Storage/storageAccounts',
    roles: [
      arm('Storage Table Data Reader', '76199698-9eea-4c19-bc75-cec21354c6b6', 'read entities'),
      arm('Storage Table Data Contributor', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', 'read and write entities'),
    ],
  },
  serviceBus: { service: 'serviceBus', resourceType: 'Microsoft.ServiceBus/namespaces', roles: [sbSender, sbReceiver, sbOwner] },
  serviceBusSender: { service: 'serviceBus', resourceType: 'Microsoft.ServiceBus/namespaces', roles: [sbSender, sbOwner] },
  serviceBusReceiver: { service: 'serviceBus', resourceType: 'Microsoft.ServiceBus/namespaces', roles: [sbReceiver, sbOwner] },
  eventHubsProducer: { service: 'eventHubs', resourceType: 'Microsoft.EventHub/namespaces', roles: [ehSender, ehOwner] },
  eventHubsConsumer: { service: 'eventHubs', resourceType: 'Microsoft.EventHub/namespaces', roles: [ehReceiver, ehOwner] },
  cosmosDb: {
    service: 'cosmosDb',
    resourceType: 'Microsoft.DocumentDB/databaseAccounts',
    roles: [
      { roleName: 'Cosmos DB Built-in Data Reader', roleDefinitionId: '00000000-0000-0000-0000-000000000001', reason: 'read items', plane: 'cosmosDataPlane' },
      { roleName: 'Cosmos DB Built-in Data Contributor', roleDefinitionId: '00000000-0000-0000-0000-000000000002', reason: 'read and write items', plane: 'cosmosDataPlane' },
    ],
  },
  keyVault: {
    service: 'entraId',
    resourceType: 'Microsoft.KeyVault/vaults',
    roles: [arm('Key Vault Secrets User', '4633458b-17de-408a-b874-0445c86b69e6', 'read secrets')],
  },
  appConfiguration: {
    service: 'appConfiguration',
    resourceType: 'Microsoft.AppConfiguration/configurationStores',
    roles: [
      arm('App Configuration Data Reader', '516239f1-63e1-4d78-a4de-a74fb236a071', 'read settings'),
      arm('App Configuration Data Owner', '5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b', 'read and write settings'),
    ],
  },
  openAi: {
    service: 'openAi',
    resourceType: 'Microsoft.CognitiveServices/accounts',
    roles: [arm('Cognitive Services OpenAI User', '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd', 'call deployments')],
  },
  aiServices: {
    service: 'aiServices',
    resourceType: 'Microsoft.CognitiveServices/accounts',
    roles: [arm('Cognitive Services User', 'a97b65f3-24c7-4388-baec-2e87135dc908', 'call the service')],
  },
  search: {
    service: 'search',
    resourceType: 'Microsoft.Search/searchServices',
    roles: [
      arm('Search Index Data Reader', '1407120a-92aa-4202-b7e9-c0e197c71c8f', 'query indexes'),
      arm('Search Index Data Contributor', '8ebe5a00-799e-43f5-93ac-243d3dce84a7', 'load documents'),
    ],
  },
  eventGrid: {
    service: 'eventGrid',
    resourceType: 'Microsoft.EventGrid/topics',
    roles: [arm('EventGrid Data Sender', 'd5a91429-5739-47e2-a06b-3470a27159e7', 'publish events')],
  },
  signalR: {
    service: 'signalR',
    resourceType: 'Microsoft.SignalRService/signalR',
    roles: [arm('SignalR App Server', '420fcaa2-552c-430f-98ca-3264be4806c7', 'connect as app server')],
  },
  webPubSub: {
    service: 'webPubSub',
    resourceType: 'Microsoft.SignalRService/webPubSub',
    roles: [arm('Web PubSub Service Owner', '12cf5a90-567b-43ae-8102-96cf46c7d9b4', 'send messages and manage connections')],
  },
};

export function grantRole(target: RoleTarget, resourceName: string | undefined): GrantRoleFollowUp {
  const t = table[target];
  return { kind: 'grantRole', service: t.service, resourceType: t.resourceType, roles: t.roles, ...(resourceName ? { resourceName } : {}) };
}

function identityLabel(identity: IdentityChoice): string {
  return identity.kind === 'userAssigned' ? (identity.name ?? identity.clientId) : '<app-or-identity-name>';
}

export function sqlUserStep(identity: IdentityChoice, server: string | undefined, database: string | undefined): FollowUp {
  const who = identityLabel(identity);
  return {
    kind: 'manualStep',
    title: `Create a database user for the identity${database ? ` in ${database}` : ''}${server ? ` on ${server}` : ''}`,
    detail: [
      'Connect as the server\'s Microsoft Entra admin and run in the application database:',
      `CREATE USER [${who}] FROM EXTERNAL PROVIDER;`,
      `ALTER ROLE db_datareader ADD MEMBER [${who}];`,
      `ALTER ROLE db_datawriter ADD MEMBER [${who}];`,
    ].join('\n'),
  };
}

export function postgresUserStep(identity: IdentityChoice, server: string | undefined): FollowUp {
  const who = identityLabel(identity);
  return {
    kind: 'manualStep',
    title: `Create a PostgreSQL role for the identity${server ? ` on ${server}` : ''}`,
    detail: [
      'Enable Microsoft Entra authentication on the server, connect as an Entra admin to the postgres database and run:',
      `select * from pgaadauth_create_principal_with_oid('${who}', '<object-id-of-the-identity>', 'service', false, false);`,
      `Then connect with user "${who}" (the token is the password).`,
    ].join('\n'),
  };
}

export function mysqlUserStep(identity: IdentityChoice, server: string | undefined): FollowUp {
  const who = identityLabel(identity);
  return {
    kind: 'manualStep',
    title: `Create a MySQL user for the identity${server ? ` on ${server}` : ''}`,
    detail: [
      'Set a Microsoft Entra admin on the server, connect as that admin and run:',
      "SET aad_auth_validate_oids_in_tenant = OFF;",
      `CREATE AADUSER '${who}' IDENTIFIED BY '<client-id-of-the-identity>';`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON <database>.* TO '${who}'@'%';`,
    ].join('\n'),
  };
}

export function cosmosDataPlaneStep(account: string | undefined): FollowUp {
  return {
    kind: 'manualStep',
    title: 'Grant the Cosmos DB data-plane role (not an ARM role)',
    detail: [
      `az cosmosdb sql role assignment create --account-name ${account ?? '<account-name>'} --resource-group <resource-group> \\`,
      '  --role-definition-id 00000000-0000-0000-0000-000000000002 --principal-id <principal-id-of-the-identity> --scope "/"',
      'Data-plane roles cannot create databases or containers; create them with ARM/Bicep or the portal.',
    ].join('\n'),
  };
}

export function redisAccessPolicyStep(cache: string | undefined): FollowUp {
  return {
    kind: 'manualStep',
    title: 'Enable Microsoft Entra authentication on the cache and add the identity to a data access policy',
    detail: [
      `az redis access-policy-assignment create --name <assignment-name> --policy-name "Data Contributor" \\`,
      `  --object-id <principal-id-of-the-identity> --object-id-alias <identity-name> --resource-group <resource-group> --cache-name ${cache ?? '<cache-name>'}`,
    ].join('\n'),
  };
}

export function appRegistrationStep(): FollowUp {
  return {
    kind: 'manualStep',
    title: 'Grant the managed identity the roles the app registration had, then delete the client secret',
    detail: 'List the app registration\'s role assignments (az role assignment list --assignee <client-id> --all), assign the same roles to the managed identity, and remove the client secret from the app registration.',
  };
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IdentityChoice } from '../../src/core/fixes/types';
import {
  builtInRoles,
  exposesKeys,
  followUpsFor,
  grantRoleFollowUp,
  isBroadRole,
  manualStepsFor,
  recommendRoles,
  recommendRolesForResourceType,
  recommendRolesForTarget,
  resourceTypeForService,
  roleById,
  roleByName,
  servicesWithRoles,
} from '../../src/core/roles/roleCatalog';
import type { AzureService, Extracted, Finding } from '../../src/core/secrets/types';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const forbidden = ['17d1049b-9a84-46fb-8f53-869881c3d3ab', 'c12c1c16-33a1-487b-954d-41c89c60f349'];
const broad = ['8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'b24988ac-6180-42a0-ab88-20f7382dd24c', '18d7d88d-d35e-4fb5-a5c3-7773b4dd8eb9', 'acdd72a7-3385-48ef-bd42-f606fba81ae7'];
const allServices: AzureService[] = [
  'storage', 'serviceBus', 'eventHubs', 'relay', 'cosmosDb', 'sql', 'postgresql', 'mysql', 'entraId', 'redis', 'appConfiguration',
  'openAi', 'aiServices', 'search', 'containerRegistry', 'functions', 'signalR', 'webPubSub', 'eventGrid', 'apiManagement', 'other',
];

function finding(service: AzureService, extracted: Extracted = {}): Finding {
  return {
    ruleId: 'MI000', service, kind: 'connectionString', severity: 'error', confidence: 'high',
    secretRange: { start: 0, end: 1 }, constructRange: { start: 0, end: 1 }, extracted, preview: 'x***', fingerprint: '00', message: '',
  };
}

const rank = (id: string) => roleById(id)?.rank ?? Number.NaN;
const ids = (roles: readonly { roleDefinitionId: string }[]) => roles.map((r) => r.roleDefinitionId);

describe('role catalog', () => {
  it('has well-formed, unique GUIDs and unique names', () => {
    for (const r of builtInRoles) assert.match(r.id, guid, r.name);
    assert.equal(new Set(builtInRoles.map((r) => r.id)).size, builtInRoles.length);
    assert.equal(new Set(builtInRoles.map((r) => r.name.toLowerCase())).size, builtInRoles.length);
  });

  it('knows the exact built-in names and ids of the catalog', () => {
    const expected: [string, string][] = [
      ['Storage Blob Data Reader', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'],
      ['Storage Blob Data Contributor', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'],
      ['Storage Blob Data Owner', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'],
      ['Storage Queue Data Message Sender', 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'],
      ['Storage Queue Data Message Processor', '8a0f0c08-91a1-4084-bc3d-661d67233fed'],
      ['Storage Queue Data Reader', '19e7f393-937e-4f77-808e-94535e297925'],
      ['Storage Queue Data Contributor', '974c5e8b-45b9-4653-ba55-5f855dd0fb88'],
      ['Storage Table Data Reader', '76199698-9eea-4c19-bc75-cec21354c6b6'],
      ['Storage Table Data Contributor', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'],
      ['Azure Service Bus Data Sender', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'],
      ['Azure Service Bus Data Receiver', '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'],
      ['Azure Service Bus Data Owner', '090c5cfd-751d-490a-894a-3ce6f1109419'],
      ['Azure Event Hubs Data Sender', '2b629674-e913-4c01-ae53-ef4638d8f975'],
      ['Azure Event Hubs Data Receiver', 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'],
      ['Azure Event Hubs Data Owner', 'f526a384-b230-433a-b45c-95f59c4a2dec'],
      ['Key Vault Secrets User', '4633458b-17de-408a-b874-0445c86b69e6'],
      ['App Configuration Data Reader', '516239f1-63e1-4d78-a4de-a74fb236a071'],
      ['App Configuration Data Owner', '5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b'],
      ['Cognitive Services OpenAI User', '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'],
      ['Cognitive Services User', 'a97b65f3-24c7-4388-baec-2e87135dc908'],
      ['Search Index Data Reader', '1407120a-92aa-4202-b7e9-c0e197c71c8f'],
      ['Search Index Data Contributor', '8ebe5a00-799e-43f5-93ac-243d3dce84a7'],
      ['EventGrid Data Sender', 'd5a91429-5739-47e2-a06b-3470a27159e7'],
      ['SignalR App Server', '420fcaa2-552c-430f-98ca-3264be4806c7'],
      ['Web PubSub Service Owner', '12cf5a90-567b-43ae-8102-96cf46c7d9b4'],
      ['AcrPull', '7f951dda-4ed3-4680-a7ca-43fe172d538d'],
      ['AcrPush', '8311e382-0749-4cb8-b61a-304f252e45ec'],
      ['Cosmos DB Built-in Data Reader', '00000000-0000-0000-0000-000000000001'],
      ['Cosmos DB Built-in Data Contributor', '00000000-0000-0000-0000-000000000002'],
      ['Owner', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635'],
      ['Contributor', 'b24988ac-6180-42a0-ab88-20f7382dd24c'],
      ['User Access Administrator', '18d7d88d-d35e-4fb5-a5c3-7773b4dd8eb9'],
      ['Reader', 'acdd72a7-3385-48ef-bd42-f606fba81ae7'],
      ['Storage Account Contributor', '17d1049b-9a84-46fb-8f53-869881c3d3ab'],
      ['Reader and Data Access', 'c12c1c16-33a1-487b-954d-41c89c60f349'],
    ];
    for (const [name, id] of expected) {
      assert.equal(roleById(id)?.name, name);
      assert.equal(roleByName(name)?.id, id);
    }
    assert.equal(roleById(`/subscriptions/0000/providers/Microsoft.Authorization/roleDefinitions/${'B24988AC-6180-42A0-AB88-20F7382DD24C'}`)?.name, 'Contributor');
    assert.equal(roleById('not-a-guid'), undefined);
  });

  it('flags the broad roles and the key-exposing roles by id, definition id or name', () => {
    for (const id of broad) assert.ok(isBroadRole(id), id);
    assert.ok(isBroadRole('owner'));
    assert.ok(isBroadRole(`/providers/Microsoft.Authorization/roleDefinitions/${broad[3]}`));
    for (const id of forbidden) assert.ok(exposesKeys(id), id);
    assert.ok(exposesKeys('Storage Account Contributor'));
    assert.ok(exposesKeys('Reader and Data Access'));
    assert.ok(!isBroadRole('Storage Blob Data Reader'));
    assert.ok(!exposesKeys('Storage Blob Data Reader'));
    assert.ok(!isBroadRole('Unknown Role'));
  });

  it('never recommends a broad or key-exposing role, for any service, access, target or resource type', () => {
    const all: string[] = [];
    for (const s of allServices) {
      for (const a of [undefined, 'read', 'write', 'owner'] as const) all.push(...ids(recommendRoles(s, a)));
    }
    for (const t of ['Microsoft.Storage/storageAccounts', 'Microsoft.Storage/storageAccounts/blobServices/containers', 'Microsoft.KeyVault/vaults', 'Microsoft.CognitiveServices/accounts']) {
      all.push(...ids(recommendRolesForResourceType(t)));
    }
    assert.ok(all.length > 0);
    for (const id of all) {
      assert.ok(!forbidden.includes(id), id);
      assert.ok(!isBroadRole(id) && !exposesKeys(id), id);
    }
  });

  it('orders recommendations least privilege first', () => {
    for (const s of allServices) {
      for (const a of [undefined, 'read', 'write', 'owner'] as const) {
        const ranks = recommendRoles(s, a).map((r) => rank(r.roleDefinitionId));
        assert.deepEqual(ranks, [...ranks].sort((x, y) => x - y), `${s} ${a ?? ''}`);
      }
    }
    assert.deepEqual(recommendRoles('storage', 'read').map((r) => r.roleName).slice(0, 2), ['Storage Blob Data Reader', 'Storage Table Data Reader']);
    assert.deepEqual(recommendRolesForTarget('blob').map((r) => r.roleName), ['Storage Blob Data Reader', 'Storage Blob Data Contributor', 'Storage Blob Data Owner']);
    assert.deepEqual(recommendRoles('serviceBus', 'write').map((r) => r.roleName), ['Azure Service Bus Data Sender', 'Azure Service Bus Data Owner']);
    assert.deepEqual(recommendRoles('eventHubs', 'read').map((r) => r.roleName), ['Azure Event Hubs Data Receiver', 'Azure Event Hubs Data Owner']);
    assert.deepEqual(recommendRoles('serviceBus', 'owner').map((r) => r.roleName), ['Azure Service Bus Data Owner']);
    assert.deepEqual(recommendRoles('cosmosDb').map((r) => r.plane), ['cosmosDataPlane', 'cosmosDataPlane']);
    // No role reads from an Event Grid topic: what exists is offered rather than nothing.
    assert.deepEqual(recommendRoles('eventGrid', 'read').map((r) => r.roleName), ['EventGrid Data Sender']);
    assert.deepEqual(recommendRoles('sql'), []);
    assert.deepEqual(recommendRoles('redis'), []);
  });

  it('maps every service that has a role to a resource type, and resource types back to roles', () => {
    for (const s of servicesWithRoles()) {
      const type = resourceTypeForService(s);
      assert.ok(type, s);
      assert.ok(recommendRoles(s).length > 0, s);
      const back = ids(recommendRolesForResourceType(type));
      for (const id of ids(recommendRoles(s))) assert.ok(back.includes(id), `${s}: ${id} on ${type}`);
    }
    for (const s of allServices) {
      if (recommendRoles(s).length > 0) assert.ok(resourceTypeForService(s), s);
    }
    assert.equal(resourceTypeForService('sql'), 'Microsoft.Sql/servers');
    assert.equal(resourceTypeForService('entraId'), undefined);
  });

  it('recommends per ARM resource type (case-insensitive, OpenAI vs other Cognitive Services kinds)', () => {
    const names = (t: string, kind?: string) => recommendRolesForResourceType(t, kind).map((r) => r.roleName);
    assert.deepEqual(names('microsoft.storage/storageaccounts'), [
      'Storage Blob Data Reader', 'Storage Blob Data Contributor', 'Storage Blob Data Owner',
      'Storage Queue Data Message Sender', 'Storage Queue Data Message Processor', 'Storage Queue Data Reader', 'Storage Queue Data Contributor',
      'Storage Table Data Reader', 'Storage Table Data Contributor',
    ]);
    assert.deepEqual(names('Microsoft.Storage/storageAccounts/queueServices/queues'), [
      'Storage Queue Data Message Sender', 'Storage Queue Data Message Processor', 'Storage Queue Data Reader', 'Storage Queue Data Contributor',
    ]);
    assert.deepEqual(names('Microsoft.ServiceBus/namespaces'), ['Azure Service Bus Data Sender', 'Azure Service Bus Data Receiver', 'Azure Service Bus Data Owner']);
    assert.deepEqual(names('Microsoft.EventHub/namespaces'), ['Azure Event Hubs Data Sender', 'Azure Event Hubs Data Receiver', 'Azure Event Hubs Data Owner']);
    assert.deepEqual(names('Microsoft.KeyVault/vaults'), ['Key Vault Secrets User']);
    assert.deepEqual(names('Microsoft.AppConfiguration/configurationStores'), ['App Configuration Data Reader', 'App Configuration Data Owner']);
    assert.deepEqual(names('Microsoft.CognitiveServices/accounts', 'OpenAI'), ['Cognitive Services OpenAI User', 'Cognitive Services User']);
    assert.deepEqual(names('Microsoft.CognitiveServices/accounts', 'TextAnalytics'), ['Cognitive Services User']);
    assert.deepEqual(names('Microsoft.Search/searchServices'), ['Search Index Data Reader', 'Search Index Data Contributor']);
    assert.deepEqual(names('Microsoft.EventGrid/topics'), ['EventGrid Data Sender']);
    assert.deepEqual(names('Microsoft.SignalRService/signalR'), ['SignalR App Server']);
    assert.deepEqual(names('Microsoft.SignalRService/webPubSub'), ['Web PubSub Service Owner']);
    assert.deepEqual(names('Microsoft.ContainerRegistry/registries'), ['AcrPull', 'AcrPush']);
    assert.deepEqual(names('Microsoft.DocumentDB/databaseAccounts'), ['Cosmos DB Built-in Data Reader', 'Cosmos DB Built-in Data Contributor']);
    assert.deepEqual(names('Microsoft.Compute/virtualMachines'), []);
  });

  it('builds a grant-role follow-up with the resource name the secret revealed', () => {
    const storage = grantRoleFollowUp(finding('storage', { accountName: 'contosodata' }));
    assert.equal(storage?.resourceName, 'contosodata');
    assert.equal(storage?.resourceType, 'Microsoft.Storage/storageAccounts');
    assert.equal(storage?.roles[0]?.roleName, 'Storage Blob Data Reader');
    assert.equal(grantRoleFollowUp(finding('storage', { accountName: 'a1' }), { target: 'queue' })?.roles[0]?.roleName, 'Storage Queue Data Message Sender');
    assert.equal(grantRoleFollowUp(finding('serviceBus', { namespace: 'contoso-bus.servicebus.windows.net' }))?.resourceName, 'contoso-bus');
    assert.equal(grantRoleFollowUp(finding('cosmosDb', { endpoint: 'https://contoso-db.documents.azure.com:443/' }))?.resourceName, 'contoso-db');
    assert.equal(grantRoleFollowUp(finding('openAi', { endpoint: 'https://contoso-ai.openai.azure.com/' }))?.resourceType, 'Microsoft.CognitiveServices/accounts');
    assert.equal(grantRoleFollowUp(finding('sql', { server: 'contoso.database.windows.net' })), undefined);
    const noName = grantRoleFollowUp(finding('search'));
    assert.ok(noName && !('resourceName' in noName));
  });

  it('lists the steps outside ARM RBAC', () => {
    const system: IdentityChoice = { kind: 'default' };
    const uami: IdentityChoice = { kind: 'userAssigned', clientId: '11111111-2222-3333-4444-555555555555', name: 'id-orders' };
    const sql = manualStepsFor(finding('sql', { server: 'contoso.database.windows.net', database: 'orders' }), uami);
    assert.equal(sql.length, 1);
    assert.match(sql[0].detail, /CREATE USER \[id-orders\] FROM EXTERNAL PROVIDER;/);
    assert.match(sql[0].detail, /ALTER ROLE db_datareader ADD MEMBER \[id-orders\];/);
    assert.match(sql[0].detail, /ALTER ROLE db_datawriter ADD MEMBER \[id-orders\];/);
    assert.match(manualStepsFor(finding('postgresql'), system)[0].detail, /select \* from pgaadauth_create_principal_with_oid\('<app-or-identity-name>'/);
    assert.match(manualStepsFor(finding('mysql'), uami)[0].detail, /CREATE AADUSER 'id-orders' IDENTIFIED BY '11111111-2222-3333-4444-555555555555';/);
    const cosmos = manualStepsFor(finding('cosmosDb', { endpoint: 'https://contoso-db.documents.azure.com:443/' }), system)[0].detail;
    assert.match(cosmos, /az cosmosdb sql role assignment create --account-name contoso-db --resource-group <resource-group>/);
    assert.match(cosmos, /--role-definition-id 00000000-0000-0000-0000-000000000002 --principal-id <principal-id-of-the-identity> --scope "\/"/);
    assert.match(manualStepsFor(finding('redis', { server: 'cache1.redis.cache.windows.net' }), system)[0].detail, /access-policy-assignment create .*--cache-name cache1/s);
    assert.deepEqual(manualStepsFor(finding('storage'), system), []);
    const cosmosFollowUps = followUpsFor(finding('cosmosDb', { endpoint: 'https://contoso-db.documents.azure.com/' }), system);
    assert.deepEqual(cosmosFollowUps.map((f) => f.kind), ['grantRole', 'manualStep']);
  });
});

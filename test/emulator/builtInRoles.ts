/**
 * The built-in Azure RBAC role definitions the emulator serves: names, GUIDs, descriptions and permissions
 * as published in the Azure built-in roles reference (permissions abridged to their main actions).
 * Independent of src/core's catalog on purpose: the emulator is the "real Azure" the product is tested
 * against, so it must not share the product's data.
 */
export interface BuiltInRoleDefinition {
  readonly id: string;
  readonly roleName: string;
  readonly description: string;
  readonly actions: readonly string[];
  readonly notActions?: readonly string[];
  readonly dataActions?: readonly string[];
  readonly notDataActions?: readonly string[];
}

const r = (id: string, roleName: string, description: string, actions: string[], dataActions: string[] = [], notActions: string[] = []): BuiltInRoleDefinition => ({
  id,
  roleName,
  description,
  actions,
  notActions,
  dataActions,
  notDataActions: [],
});

const blob = 'Microsoft.Storage/storageAccounts/blobServices/containers';
const queue = 'Microsoft.Storage/storageAccounts/queueServices/queues';
const table = 'Microsoft.Storage/storageAccounts/tableServices/tables';

export const builtInRoles: readonly BuiltInRoleDefinition[] = [
  r('8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'Owner', 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.', ['*']),
  r('b24988ac-6180-42a0-ab88-20f7382dd24c', 'Contributor', 'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.', ['*'], [], [
    'Microsoft.Authorization/*/Delete',
    'Microsoft.Authorization/*/Write',
    'Microsoft.Authorization/elevateAccess/Action',
    'Microsoft.Blueprint/blueprintAssignments/write',
    'Microsoft.Blueprint/blueprintAssignments/delete',
    'Microsoft.Compute/galleries/share/action',
    'Microsoft.Purview/consents/write',
    'Microsoft.Purview/consents/delete',
  ]),
  r('acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader', 'View all resources, but does not allow you to make any changes.', ['*/read']),
  r('18d7d88d-d35e-4fb5-a5c3-7773b4dd8eb9', 'User Access Administrator', 'Lets you manage user access to Azure resources.', ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*']),
  r('f1a07417-d97a-45cb-824c-7a7467783830', 'Managed Identity Operator', 'Read and Assign User Assigned Identity', ['Microsoft.ManagedIdentity/userAssignedIdentities/*/read', 'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action', 'Microsoft.Authorization/*/read', 'Microsoft.Insights/alertRules/*', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Resources/deployments/*', 'Microsoft.Support/*']),
  r('e40ec5ca-96e0-45a2-b4ff-59039f2c2b59', 'Managed Identity Contributor', 'Create, Read, Update, and Delete User Assigned Identity', ['Microsoft.ManagedIdentity/userAssignedIdentities/read', 'Microsoft.ManagedIdentity/userAssignedIdentities/write', 'Microsoft.ManagedIdentity/userAssignedIdentities/delete', 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read', 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write', 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete', 'Microsoft.Authorization/*/read', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Resources/deployments/*', 'Microsoft.Support/*']),
  r('2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', 'Storage Blob Data Reader', 'Allows for read access to Azure Storage blob containers and data', [`${blob}/read`, 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'], [`${blob}/blobs/read`]),
  r('ba92f5b4-2d11-453d-a403-e96b0029c9fe', 'Storage Blob Data Contributor', 'Allows for read, write and delete access to Azure Storage blob containers and data', [`${blob}/delete`, `${blob}/read`, `${blob}/write`, 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'], [`${blob}/blobs/delete`, `${blob}/blobs/read`, `${blob}/blobs/write`, `${blob}/blobs/move/action`, `${blob}/blobs/add/action`]),
  r('b7e6dc6d-f1e8-4753-8033-0f276bb0955b', 'Storage Blob Data Owner', 'Allows for full access to Azure Storage blob containers and data, including assigning POSIX access control.', [`${blob}/*`, 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'], [`${blob}/blobs/*`]),
  r('c6a89b2d-59bc-44d0-9896-0f6e12d7b80a', 'Storage Queue Data Message Sender', 'Allows for sending of Azure Storage queue messages.', [], [`${queue}/messages/add/action`]),
  r('8a0f0c08-91a1-4084-bc3d-661d67233fed', 'Storage Queue Data Message Processor', 'Allows for peek, receive, and delete access to Azure Storage queue messages.', [], [`${queue}/messages/read`, `${queue}/messages/process/action`]),
  r('19e7f393-937e-4f77-808e-94535e297925', 'Storage Queue Data Reader', 'Allows for read access to Azure Storage queues and queue messages', [`${queue}/read`], [`${queue}/messages/read`]),
  r('974c5e8b-45b9-4653-ba55-5f855dd0fb88', 'Storage Queue Data Contributor', 'Allows for read, write, and delete access to Azure Storage queues and queue messages', [`${queue}/delete`, `${queue}/read`, `${queue}/write`], [`${queue}/messages/delete`, `${queue}/messages/read`, `${queue}/messages/write`, `${queue}/messages/add/action`, `${queue}/messages/process/action`]),
  r('76199698-9eea-4c19-bc75-cec21354c6b6', 'Storage Table Data Reader', 'Allows for read access to Azure Storage tables and entities', [`${table}/read`], [`${table}/entities/read`]),
  r('0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', 'Storage Table Data Contributor', 'Allows for read, write and delete access to Azure Storage tables and entities', [`${table}/read`, `${table}/write`, `${table}/delete`], [`${table}/entities/read`, `${table}/entities/write`, `${table}/entities/delete`, `${table}/entities/add/action`, `${table}/entities/update/action`]),
  r('17d1049b-9a84-46fb-8f53-869881c3d3ab', 'Storage Account Contributor', 'Permits management of storage accounts. Provides access to the account key, which can be used to access data via Shared Key authorization.', ['Microsoft.Authorization/*/read', 'Microsoft.Insights/alertRules/*', 'Microsoft.Insights/diagnosticSettings/*', 'Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action', 'Microsoft.ResourceHealth/availabilityStatuses/read', 'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Storage/storageAccounts/*', 'Microsoft.Support/*']),
  r('c12c1c16-33a1-487b-954d-41c89c60f349', 'Reader and Data Access', 'Lets you view everything but will not let you delete or create a storage account or contained resource. It will also allow read/write access to all data contained in a storage account via access to storage account keys.', ['Microsoft.Storage/storageAccounts/listKeys/action', 'Microsoft.Storage/storageAccounts/ListAccountSas/action', 'Microsoft.Storage/storageAccounts/read']),
  r('81a9662b-bebf-436f-a333-f67b29880f12', 'Storage Account Key Operator Service Role', 'Storage Account Key Operators are allowed to list and regenerate keys on Storage Accounts', ['Microsoft.Storage/storageAccounts/listkeys/action', 'Microsoft.Storage/storageAccounts/regeneratekey/action']),
  r('69a216fc-b8fb-44d8-bc22-1f3c2cd27a39', 'Azure Service Bus Data Sender', 'Allows for send access to Azure Service Bus resources.', ['Microsoft.ServiceBus/*/queues/read', 'Microsoft.ServiceBus/*/topics/read', 'Microsoft.ServiceBus/*/topics/subscriptions/read'], ['Microsoft.ServiceBus/*/send/action']),
  r('4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0', 'Azure Service Bus Data Receiver', 'Allows for receive access to Azure Service Bus resources.', ['Microsoft.ServiceBus/*/queues/read', 'Microsoft.ServiceBus/*/topics/read', 'Microsoft.ServiceBus/*/topics/subscriptions/read'], ['Microsoft.ServiceBus/*/receive/action']),
  r('090c5cfd-751d-490a-894a-3ce6f1109419', 'Azure Service Bus Data Owner', 'Allows for full access to Azure Service Bus resources.', ['Microsoft.ServiceBus/*'], ['Microsoft.ServiceBus/*']),
  r('2b629674-e913-4c01-ae53-ef4638d8f975', 'Azure Event Hubs Data Sender', 'Allows send access to Azure Event Hubs resources.', ['Microsoft.EventHub/*/eventhubs/read'], ['Microsoft.EventHub/*/send/action']),
  r('a638d3c7-ab3a-418d-83e6-5f17a39d4fde', 'Azure Event Hubs Data Receiver', 'Allows receive access to Azure Event Hubs resources.', ['Microsoft.EventHub/*/eventhubs/consumergroups/read'], ['Microsoft.EventHub/*/receive/action']),
  r('f526a384-b230-433a-b45c-95f59c4a2dec', 'Azure Event Hubs Data Owner', 'Allows for full access to Azure Event Hubs resources.', ['Microsoft.EventHub/*'], ['Microsoft.EventHub/*']),
  r('26baccc8-eea7-41f1-98f4-1762cc7f685d', 'Azure Relay Sender', 'Allows for send access to Azure Relay resources.', ['Microsoft.Relay/*/wcfRelays/read', 'Microsoft.Relay/*/hybridConnections/read'], ['Microsoft.Relay/*/send/action']),
  r('26e0b698-aa6d-4085-9386-aadae190014d', 'Azure Relay Listener', 'Allows for listen access to Azure Relay resources.', ['Microsoft.Relay/*/wcfRelays/read', 'Microsoft.Relay/*/hybridConnections/read'], ['Microsoft.Relay/*/listen/action']),
  r('2787bf04-f1f5-4bfe-8383-c8a24483ee38', 'Azure Relay Owner', 'Allows for full access to Azure Relay resources.', ['Microsoft.Relay/*'], ['Microsoft.Relay/*']),
  r('4633458b-17de-408a-b874-0445c86b69e6', 'Key Vault Secrets User', "Read secret contents. Only works for key vaults that use the 'Azure role-based access control' permission model.", [], ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action']),
  r('516239f1-63e1-4d78-a4de-a74fb236a071', 'App Configuration Data Reader', 'Allows read access to App Configuration data.', [], ['Microsoft.AppConfiguration/configurationStores/*/read']),
  r('5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b', 'App Configuration Data Owner', 'Allows full access to App Configuration data.', [], ['Microsoft.AppConfiguration/configurationStores/*/read', 'Microsoft.AppConfiguration/configurationStores/*/write', 'Microsoft.AppConfiguration/configurationStores/*/delete', 'Microsoft.AppConfiguration/configurationStores/*/action']),
  r('5e0bd9bd-7b93-4f28-af87-19fc36ad61bd', 'Cognitive Services OpenAI User', 'Read access to view files, models, deployments. The ability to create completion and embedding calls.', ['Microsoft.CognitiveServices/*/read', 'Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/roleDefinitions/read'], ['Microsoft.CognitiveServices/accounts/OpenAI/*/read', 'Microsoft.CognitiveServices/accounts/OpenAI/engines/completions/action', 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action', 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action']),
  r('a97b65f3-24c7-4388-baec-2e87135dc908', 'Cognitive Services User', 'Lets you read and list keys of Cognitive Services.', ['Microsoft.CognitiveServices/*/read', 'Microsoft.CognitiveServices/accounts/listkeys/action', 'Microsoft.Insights/alertRules/read', 'Microsoft.Resources/deployments/operations/read', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*'], ['Microsoft.CognitiveServices/*']),
  r('1407120a-92aa-4202-b7e9-c0e197c71c8f', 'Search Index Data Reader', 'Grants read access to Azure Cognitive Search index data.', [], ['Microsoft.Search/searchServices/indexes/documents/read']),
  r('8ebe5a00-799e-43f5-93ac-243d3dce84a7', 'Search Index Data Contributor', 'Grants full access to Azure Cognitive Search index data.', [], ['Microsoft.Search/searchServices/indexes/documents/*']),
  r('d5a91429-5739-47e2-a06b-3470a27159e7', 'EventGrid Data Sender', 'Allows send access to event grid events.', ['Microsoft.EventGrid/topics/read', 'Microsoft.EventGrid/domains/read', 'Microsoft.EventGrid/partnerNamespaces/read', 'Microsoft.EventGrid/namespaces/read'], ['Microsoft.EventGrid/events/send/action']),
  r('420fcaa2-552c-430f-98ca-3264be4806c7', 'SignalR App Server', 'Lets your app server access SignalR Service with AAD auth options.', [], ['Microsoft.SignalRService/SignalR/auth/accessKey/action', 'Microsoft.SignalRService/SignalR/serverConnection/write', 'Microsoft.SignalRService/SignalR/clientConnection/write']),
  r('12cf5a90-567b-43ae-8102-96cf46c7d9b4', 'Web PubSub Service Owner', 'Full access to Azure Web PubSub Service REST APIs', [], ['Microsoft.SignalRService/WebPubSub/*']),
  r('7f951dda-4ed3-4680-a7ca-43fe172d538d', 'AcrPull', 'acr pull', ['Microsoft.ContainerRegistry/registries/pull/read']),
  r('8311e382-0749-4cb8-b61a-304f252e45ec', 'AcrPush', 'acr push', ['Microsoft.ContainerRegistry/registries/pull/read', 'Microsoft.ContainerRegistry/registries/push/write']),
];

import { detectors } from './detectors';
import type { RuleMetadata } from './types';

const learn = 'https://learn.microsoft.com';

/**
 * The rules, by stable id. Ids are never reused for another meaning. Aliases name the same secret in
 * GitHub secret scanning and in Microsoft's SEC101 catalogue, so results line up across tools.
 */
export const ruleCatalog: readonly RuleMetadata[] = [
  {
    id: 'MI001',
    name: 'StorageConnectionString',
    service: 'storage',
    kind: 'connectionString',
    defaultSeverity: 'error',
    shortDescription: 'Azure Storage connection string with an account key',
    help:
      'The account key gives full control of every blob, queue, table and file share in the account. Build the client from the endpoint ' +
      '(`https://<account>.blob.core.windows.net`) with `DefaultAzureCredential`, and grant the app\'s managed identity **Storage Blob Data ' +
      'Contributor** (or Reader / Queue / Table data roles) on the account. In Functions settings use `<name>__accountName`.',
    helpUri: `${learn}/azure/storage/common/migrate-azure-credentials`,
    aliases: ['azure_storage_account_key', 'SEC101/106'],
  },
  {
    id: 'MI002',
    name: 'StorageAccountKey',
    service: 'storage',
    kind: 'accountKey',
    defaultSeverity: 'error',
    shortDescription: 'Azure Storage account key',
    help:
      'Replace the shared key credential with `DefaultAzureCredential` (a managed identity in Azure, your sign-in locally) and grant ' +
      '**Storage Blob Data Contributor** or the matching queue/table data role. Then disable shared key access on the account.',
    helpUri: `${learn}/azure/storage/common/migrate-azure-credentials`,
    aliases: ['azure_storage_account_key', 'SEC101/152', 'SEC101/106'],
  },
  {
    id: 'MI003',
    name: 'StorageSasToken',
    service: 'storage',
    kind: 'sasToken',
    defaultSeverity: 'error',
    shortDescription: 'Azure Storage shared access signature (SAS)',
    help:
      'A SAS signed with the account key grants access to anyone holding the URL until it expires. Use the endpoint with ' +
      '`DefaultAzureCredential` and a managed identity with a Storage data role; if a URL must be shared, issue a short-lived user delegation SAS at run time.',
    helpUri: `${learn}/azure/storage/common/storage-sas-overview`,
    aliases: ['azure_sas_token', 'SEC101/060'],
  },
  {
    id: 'MI004',
    name: 'ServiceBusSharedAccessKey',
    service: 'serviceBus',
    kind: 'sharedAccessKey',
    defaultSeverity: 'error',
    shortDescription: 'Service Bus / Event Hubs / Relay shared access key',
    help:
      'Connect with the fully qualified namespace (`<ns>.servicebus.windows.net`) and `DefaultAzureCredential`, and grant ' +
      '**Azure Service Bus Data Sender/Receiver** (or **Azure Event Hubs Data Sender/Receiver**). In Functions settings use `<name>__fullyQualifiedNamespace`.',
    helpUri: `${learn}/azure/service-bus-messaging/service-bus-migrate-azure-credentials`,
    aliases: ['azure_service_bus_identifiable', 'azure_event_hub_key_identifiable', 'azure_relay_key_identifiable', 'SEC101/105', 'SEC101/171', 'SEC101/172', 'SEC101/173'],
  },
  {
    id: 'MI005',
    name: 'CosmosDbKey',
    service: 'cosmosDb',
    kind: 'accountKey',
    defaultSeverity: 'error',
    shortDescription: 'Azure Cosmos DB account key',
    help:
      'Use `new CosmosClient({ endpoint, aadCredentials: new DefaultAzureCredential() })` (or the SDK equivalent) and assign the ' +
      'identity the **Cosmos DB Built-in Data Contributor** data-plane role (`az cosmosdb sql role assignment create`).',
    helpUri: `${learn}/azure/cosmos-db/nosql/security/how-to-grant-data-plane-role-based-access`,
    aliases: ['azure_cosmosdb_key_identifiable', 'SEC101/104', 'SEC101/160'],
  },
  {
    id: 'MI006',
    name: 'DatabasePassword',
    service: 'sql',
    kind: 'password',
    defaultSeverity: 'error',
    shortDescription: 'Database password in a connection string (Azure SQL, PostgreSQL, MySQL)',
    help:
      'Azure SQL: drop `User ID`/`Password` and add `Authentication=Active Directory Default`; then `CREATE USER [<identity>] FROM EXTERNAL PROVIDER`. ' +
      'PostgreSQL / MySQL flexible server: use an Entra token from `https://ossrdbms-aad.database.windows.net/.default` as the password.',
    helpUri: `${learn}/azure/azure-sql/database/azure-sql-passwordless-migration`,
    aliases: ['azure_sql_connection_string', 'azure_sql_password', 'SEC101/177'],
  },
  {
    id: 'MI007',
    name: 'EntraClientSecret',
    service: 'entraId',
    kind: 'clientSecret',
    defaultSeverity: 'error',
    shortDescription: 'Microsoft Entra application client secret',
    help:
      'A client secret is a password for an app registration. In Azure use a managed identity (`DefaultAzureCredential`); from CI use a ' +
      'federated credential (GitHub Actions OIDC, Kubernetes workload identity) instead of a secret.',
    helpUri: `${learn}/entra/workload-id/workload-identity-federation`,
    aliases: ['azure_active_directory_application_secret', 'SEC101/156', 'SEC101/101'],
  },
  {
    id: 'MI008',
    name: 'RedisAccessKey',
    service: 'redis',
    kind: 'accessKey',
    defaultSeverity: 'error',
    shortDescription: 'Azure Cache for Redis access key',
    help:
      'Enable Microsoft Entra authentication on the cache, give the identity a data access policy, and connect with ' +
      '`@redis/entraid`, `redis-entraid` or `Microsoft.Azure.StackExchangeRedis` and `DefaultAzureCredential`.',
    helpUri: `${learn}/azure/azure-cache-for-redis/cache-azure-active-directory-for-authentication`,
    aliases: ['azure_cache_for_redis_access_key', 'SEC101/154'],
  },
  {
    id: 'MI009',
    name: 'AppConfigurationConnectionString',
    service: 'appConfiguration',
    kind: 'connectionString',
    defaultSeverity: 'error',
    shortDescription: 'Azure App Configuration connection string',
    help: 'Connect with the endpoint (`https://<store>.azconfig.io`) and `DefaultAzureCredential`, and grant **App Configuration Data Reader**.',
    helpUri: `${learn}/azure/azure-app-configuration/howto-integrate-azure-managed-service-identity`,
    aliases: ['azure_app_configuration_connection_string', 'SEC101/197'],
  },
  {
    id: 'MI010',
    name: 'AiServicesKey',
    service: 'openAi',
    kind: 'apiKey',
    defaultSeverity: 'error',
    shortDescription: 'Azure OpenAI / AI services / AI Search key',
    help:
      'Use `DefaultAzureCredential` (for OpenAI via `getBearerTokenProvider(credential, "https://cognitiveservices.azure.com/.default")`) and grant ' +
      '**Cognitive Services OpenAI User**, **Cognitive Services User** or **Search Index Data Reader**.',
    helpUri: `${learn}/azure/ai-services/openai/how-to/managed-identity`,
    aliases: ['azure_openai_key', 'azure_ai_services_key', 'azure_search_admin_key', 'azure_search_query_key', 'SEC101/166', 'SEC101/167', 'SEC101/205', 'SEC101/206'],
  },
  {
    id: 'MI011',
    name: 'ContainerRegistryPassword',
    service: 'containerRegistry',
    kind: 'registryPassword',
    defaultSeverity: 'error',
    shortDescription: 'Azure Container Registry password',
    help: 'Pull with the managed identity of the App Service, Container App or AKS cluster and grant **AcrPull**; disable the admin user.',
    helpUri: `${learn}/azure/container-registry/container-registry-authentication-managed-identity`,
    aliases: ['azure_container_registry_key_identifiable', 'SEC101/176'],
  },
  {
    id: 'MI012',
    name: 'FunctionKey',
    service: 'functions',
    kind: 'functionKey',
    defaultSeverity: 'warning',
    shortDescription: 'Azure Functions access key',
    help: 'Protect the function with App Service authentication (Easy Auth) and call it with a token for the caller\'s managed identity instead of a shared key.',
    helpUri: `${learn}/azure/azure-functions/security-concepts`,
    aliases: ['azure_function_key', 'SEC101/158'],
  },
  {
    id: 'MI013',
    name: 'SignalRAccessKey',
    service: 'signalR',
    kind: 'accessKey',
    defaultSeverity: 'error',
    shortDescription: 'Azure SignalR / Web PubSub access key',
    help: 'Authenticate with the app\'s managed identity: `Endpoint=https://<name>.service.signalr.net;AuthType=azure.msi;Version=1.0;` and grant **SignalR App Server** (Web PubSub: `DefaultAzureCredential` and **Web PubSub Service Owner**).',
    helpUri: `${learn}/azure/azure-signalr/signalr-howto-authorize-managed-identity`,
    aliases: ['azure_signalr_connection_string', 'azure_web_pub_sub_connection_string'],
  },
  {
    id: 'MI014',
    name: 'EventGridKey',
    service: 'eventGrid',
    kind: 'accessKey',
    defaultSeverity: 'error',
    shortDescription: 'Azure Event Grid topic key',
    help: 'Publish with `DefaultAzureCredential` and grant **EventGrid Data Sender** on the topic.',
    helpUri: `${learn}/azure/event-grid/authenticate-with-microsoft-entra-id`,
    aliases: ['SEC101/199'],
  },
  {
    id: 'MI015',
    name: 'UrlCredentials',
    service: 'other',
    kind: 'urlCredentials',
    defaultSeverity: 'warning',
    shortDescription: 'Password in a URL to an Azure host',
    help: 'Remove the user and password from the URL; authenticate with a managed identity, or read the secret from Key Vault at run time.',
    helpUri: `${learn}/entra/identity/managed-identities-azure-resources/overview`,
    aliases: ['SEC101/127'],
  },
  {
    id: 'MI016',
    name: 'ApiManagementSubscriptionKey',
    service: 'apiManagement',
    kind: 'apiKey',
    defaultSeverity: 'warning',
    shortDescription: 'Azure API Management subscription key',
    help:
      'A subscription key is a shared secret for every caller. Protect the API with the `validate-jwt` / `validate-azure-ad-token` policy ' +
      'and have callers send a Microsoft Entra token for their managed identity; keep keys, when needed, in Key Vault.',
    helpUri: `${learn}/azure/api-management/api-management-authenticate-authorize-azure-openai`,
    aliases: ['azure_apim_subscription_key'],
  },
  {
    id: 'MI017',
    name: 'AzureIdentifiableKey',
    service: 'other',
    kind: 'accessKey',
    defaultSeverity: 'error',
    shortDescription: 'Azure identifiable access key (common annotated security key)',
    help:
      'This key carries Microsoft\'s `JQQJ` signature, so it is a live Azure key. Replace it with `DefaultAzureCredential` and a managed identity ' +
      'that has the service\'s data role, then rotate the key.',
    helpUri: `${learn}/entra/identity/managed-identities-azure-resources/overview`,
    aliases: ['SEC101/200'],
  },
  {
    id: 'MI018',
    name: 'IotHubKey',
    service: 'iotHub',
    kind: 'accessKey',
    defaultSeverity: 'error',
    shortDescription: 'Azure IoT Hub / Device Provisioning Service shared access key',
    help:
      'An IoT Hub or DPS shared access policy key lets anyone holding it act as the service (or as the device, for a device key). Back-end code ' +
      'should use `DefaultAzureCredential` with a managed identity that has **IoT Hub Data Contributor** (or a narrower IoT Hub data role); devices ' +
      'should use X.509 certificates provisioned through DPS. Rotate the key.',
    helpUri: `${learn}/azure/iot-hub/authenticate-authorize-azure-ad`,
    aliases: ['azure_iot_hub_key_identifiable', 'azure_iot_device_key_identifiable', 'azure_iot_dps_key_identifiable', 'SEC101/178', 'SEC101/179', 'SEC101/180'],
  },
  {
    id: 'MI019',
    name: 'BatchAccountKey',
    service: 'batch',
    kind: 'accountKey',
    defaultSeverity: 'error',
    shortDescription: 'Azure Batch account key',
    help:
      'Authenticate to Batch with Microsoft Entra ID: `DefaultAzureCredential` and a managed identity with a Batch role on the account, ' +
      'then rotate the shared key.',
    helpUri: `${learn}/azure/batch/batch-aad-auth`,
    aliases: ['azure_batch_key_identifiable', 'SEC101/163'],
  },
  {
    id: 'MI020',
    name: 'MachineLearningKey',
    service: 'machineLearning',
    kind: 'apiKey',
    defaultSeverity: 'error',
    shortDescription: 'Azure Machine Learning web service key',
    help:
      'Call the endpoint with a Microsoft Entra token (`aad_token` authentication) for a managed identity instead of the key, and rotate the key.',
    helpUri: `${learn}/azure/machine-learning/how-to-authenticate-online-endpoint`,
    aliases: ['azure_ml_web_service_classic_identifiable_key', 'SEC101/170'],
  },
  {
    id: 'MI021',
    name: 'CommunicationServicesKey',
    service: 'communicationServices',
    kind: 'accessKey',
    defaultSeverity: 'error',
    shortDescription: 'Azure Communication Services access key',
    help:
      'Build the client from the endpoint (`https://<resource>.communication.azure.com`) with `DefaultAzureCredential`, and grant the managed ' +
      'identity a Communication Services role on the resource; then rotate the key.',
    helpUri: `${learn}/azure/communication-services/concepts/authentication`,
    aliases: ['SEC101/204'],
  },
];

/** Drops keywords that contain a shorter keyword: the shorter one already finds every such text. */
function minimalKeywords(triggers: readonly string[]): string[] {
  const unique = [...new Set(triggers)].sort((a, b) => a.length - b.length || a.localeCompare(b));
  const kept: string[] = [];
  for (const t of unique) if (!kept.some((k) => t.includes(k))) kept.push(t);
  return kept;
}

/**
 * Lower-case substrings at least one of which occurs (case-insensitively) in any text that can produce a
 * finding. By construction: every detector runs only on windows around hits of its triggers, and this
 * list is the minimal set of substrings of all triggers. Tools that want a cheap first pass (mi-scan's
 * walker, ripgrep in the benchmark) search for exactly these.
 */
export const prefilterKeywords: readonly string[] = minimalKeywords(detectors.flatMap((d) => d.triggers));

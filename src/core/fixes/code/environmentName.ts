/** The environment variable name an `environmentRead` fallback reads, derived from the code around the secret. */
import type { Finding } from '../../secrets/types';

const defaults: Partial<Record<Finding['service'], string>> = {
  storage: 'AZURE_STORAGE_CONNECTION_STRING',
  serviceBus: 'AZURE_SERVICEBUS_CONNECTION_STRING',
  eventHubs: 'AZURE_EVENTHUBS_CONNECTION_STRING',
  cosmosDb: 'AZURE_COSMOS_KEY',
  sql: 'AZURE_SQL_PASSWORD',
  postgresql: 'PGPASSWORD',
  mysql: 'MYSQL_PASSWORD',
  entraId: 'AZURE_CLIENT_SECRET',
  redis: 'REDIS_PASSWORD',
  appConfiguration: 'AZURE_APPCONFIG_CONNECTION_STRING',
  openAi: 'AZURE_OPENAI_API_KEY',
  aiServices: 'AZURE_AI_KEY',
  search: 'AZURE_SEARCH_KEY',
  signalR: 'AZURE_SIGNALR_CONNECTION_STRING',
  webPubSub: 'AZURE_WEBPUBSUB_CONNECTION_STRING',
  eventGrid: 'AZURE_EVENTGRID_KEY',
  containerRegistry: 'AZURE_CONTAINER_REGISTRY_PASSWORD',
};

/** `storageConnectionString` / `storage_conn` → `STORAGE_CONNECTION_STRING` / `STORAGE_CONN`. */
export function screamingSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/**
 * A variable name (`blobConn`) or property key (`password`) near the secret gives the name; a generic one
 * (`key`, `password`, `conn`) is prefixed or replaced by the service's conventional variable.
 */
export function environmentName(finding: Finding, hint: string | undefined): string {
  const fallback = defaults[finding.service] ?? 'AZURE_SECRET';
  if (!hint) return fallback;
  const snake = screamingSnake(hint);
  if (!/^[A-Z][A-Z0-9_]*$/.test(snake)) return fallback;
  if (/^(KEY|PASSWORD|PWD|SECRET|CONN|CONN_STR|CONNECTION|CONNECTION_STRING|CS|API_KEY|ACCESS_KEY|VALUE|S|X)$/.test(snake)) return fallback;
  // A generic word (`url`, `host`) gets the service's prefix: `REDIS_URL`, not `URL`.
  if (/^(URL|URI|HOST|ENDPOINT|CONFIG|OPTIONS|CREDENTIAL|CRED|AUTH|TOKEN|CLIENT)$/.test(snake)) return `${prefixOf(fallback)}_${snake}`;
  return snake;
}

function prefixOf(name: string): string {
  const m = /^(.*?)_(CONNECTION_STRING|KEY|API_KEY|PASSWORD|SECRET|CLIENT_SECRET)$/.exec(name);
  return m ? m[1] : name.replace(/PASSWORD$/, '') || 'AZURE';
}

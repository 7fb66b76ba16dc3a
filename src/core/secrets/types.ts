/**
 * The secret-detection engine's public types. The engine (src/core/secrets) is pure: it takes text and
 * options and returns findings; reading files, walking folders and printing are the callers' job
 * (src/cli, src/extension).
 */

/** Half-open range of UTF-16 offsets into the scanned text: `text.slice(start, end)`. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

export type Severity = 'error' | 'warning' | 'info';
export type Confidence = 'high' | 'medium' | 'low';

/** What kind of credential was found. */
export type SecretKind =
  | 'accountKey'
  | 'connectionString'
  | 'sasToken'
  | 'sharedAccessKey'
  | 'clientSecret'
  | 'password'
  | 'apiKey'
  | 'accessKey'
  | 'functionKey'
  | 'registryPassword'
  | 'urlCredentials';

/** The Azure service a secret belongs to; also used to choose the passwordless replacement. */
export type AzureService =
  | 'storage'
  | 'serviceBus'
  | 'eventHubs'
  | 'relay'
  | 'cosmosDb'
  | 'sql'
  | 'postgresql'
  | 'mysql'
  | 'entraId'
  | 'redis'
  | 'appConfiguration'
  | 'openAi'
  | 'aiServices'
  | 'search'
  | 'containerRegistry'
  | 'functions'
  | 'signalR'
  | 'webPubSub'
  | 'eventGrid'
  | 'apiManagement'
  | 'iotHub'
  | 'batch'
  | 'machineLearning'
  | 'communicationServices'
  | 'other';

/** What the finding's context reveals that a fix can use to build the passwordless form. */
export interface Extracted {
  accountName?: string;
  /** Service Bus / Event Hubs / Relay namespace FQDN, e.g. `contoso.servicebus.windows.net`. */
  namespace?: string;
  /** Service endpoint URL, e.g. `https://contoso.documents.azure.com:443/`. */
  endpoint?: string;
  /** Database server host, e.g. `contoso.database.windows.net`. */
  server?: string;
  database?: string;
  user?: string;
  /** Event Hub / queue / entity name when the connection string names one. */
  entityPath?: string;
  /** Storage endpoint suffix for sovereign clouds, e.g. `core.chinacloudapi.cn`. */
  endpointSuffix?: string;
  /** Application (client) ID near an Entra client secret. */
  clientId?: string;
  tenantId?: string;
}

export interface Finding {
  /** Stable rule id, e.g. `MI001`; never reused for another meaning. */
  readonly ruleId: string;
  readonly service: AzureService;
  readonly kind: SecretKind;
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** The exact secret value (the part that must not be in source). */
  readonly secretRange: OffsetRange;
  /** The enclosing construct: the string literal, setting value, argument or URL that holds the secret. */
  readonly constructRange: OffsetRange;
  readonly extracted: Extracted;
  /** The secret with all but a few characters masked; safe to print and log. */
  readonly preview: string;
  /** Stable hex fingerprint of rule + secret value; the secret cannot be recovered from it. */
  readonly fingerprint: string;
  /** One sentence for the user, naming the managed-identity alternative. */
  readonly message: string;
}

/** Static description of a rule, for SARIF `tool.driver.rules`, settings and "Why?" links. */
export interface RuleMetadata {
  readonly id: string;
  /** PascalCase name, e.g. `StorageAccountKey`. */
  readonly name: string;
  readonly service: AzureService;
  readonly kind: SecretKind;
  readonly defaultSeverity: Severity;
  readonly shortDescription: string;
  /** Markdown help naming the managed-identity / passwordless alternative. */
  readonly help: string;
  readonly helpUri: string;
  /** GitHub secret-scanning token names and Microsoft SEC101/NNN ids describing the same secret. */
  readonly aliases: readonly string[];
}

export interface ScanOptions {
  /** Path (forward slashes) used to pick the file type; may be relative. */
  readonly path?: string;
  /** VS Code language id, when known; wins over the path's extension. */
  readonly languageId?: string;
  /** Rule ids to skip. */
  readonly disabledRules?: ReadonlySet<string>;
  /** Findings whose fingerprint is in this set are dropped (a baseline of accepted findings). */
  readonly baseline?: ReadonlySet<string>;
}

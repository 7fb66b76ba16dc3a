/**
 * JSON settings: `local.settings.json` (`Values`), App Service app settings as exported by
 * `az webapp config appsettings list` (`[{ "name", "value", "slotSetting" }]`), and .NET `appsettings*.json`.
 *
 * Conventions
 * - Functions / App Service settings: a connection string setting `X` becomes the identity-based settings
 *   the Functions host and Microsoft.Extensions.Azure read (`X__accountName`, `X__blobServiceUri`…,
 *   `X__fullyQualifiedNamespace`, `X__accountEndpoint`, plus `X__credential`/`X__clientId` for a
 *   user-assigned identity), in the place of `X`. The Key Vault reference is offered as an alternative.
 * - appsettings.json: the value is replaced in place by its endpoint-only form, the convention of the .NET
 *   Aspire client integrations (`ConnectionStrings:X` holds either a connection string or the service URI /
 *   namespace): storage → `https://<acct>.blob.<suffix>` (`new BlobServiceClient(new Uri(value), cred)`,
 *   `AddBlobServiceClient(new Uri(value))`), Service Bus / Event Hubs → `<ns>.servicebus.windows.net`,
 *   Cosmos DB / App Configuration → the account endpoint. SQL and SignalR keep a connection string without
 *   the secret. A property literally named `ConnectionString` is renamed (`ServiceUri`,
 *   `FullyQualifiedNamespace`, `Endpoint`).
 * Edits keep every other byte: keys are renamed and values replaced where they are, new settings are
 * inserted right after with the indentation of their neighbour.
 */
import { type Node, type ParseError, findNodeAtOffset, getNodePath, modify, applyEdits as jsonApply, parseTree } from 'jsonc-parser';
import type { IdentityChoice, ManualStepFollowUp } from '../types';
import type { Candidate, ConfigInput } from './candidates';
import { clientIdNote, codeChangeNote, note } from './candidates';
import { endpointParts, eolOf, identitySettings, inPlaceValue, keyVaultReference, keyVaultSecretName, renamedForEndpoint } from './configValues';

interface Located {
  /** The string node holding the secret. */
  readonly value: Node;
  /** Setting name (property key, or the `name` of an app-settings array item). */
  readonly name: string;
  readonly layout: 'functionsValues' | 'appServiceArray' | 'dotnet';
  /** For object properties: the property node; for app settings: the item object. */
  readonly holder: Node;
  readonly nameNode?: Node;
  readonly path: (string | number)[];
}

function locate(text: string, offset: number, path: string): Located | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  // A file that does not parse is not rewritten: the edit could land anywhere.
  if (!root || errors.length > 0) return undefined;
  const value = findNodeAtOffset(root, offset);
  if (value?.type !== 'string' || !value.parent) return undefined;
  const prop = value.parent;
  if (prop.type !== 'property' || prop.children?.[1] !== value) return undefined;
  const key = prop.children[0];
  const keyName = String(key.value);
  const nodePath = getNodePath(value);
  const obj = prop.parent;
  if (keyName.toLowerCase() === 'value' && obj?.type === 'object' && obj.parent?.type === 'array') {
    const nameProp = obj.children?.find((c) => c.children?.[0]?.value === 'name');
    const nameNode = nameProp?.children?.[1];
    if (nameNode?.type === 'string') {
      return { value, name: String(nameNode.value), layout: 'appServiceArray', holder: obj, nameNode, path: nodePath.slice(0, -1) };
    }
  }
  const isFunctions = nodePath.length === 2 && nodePath[0] === 'Values';
  const isLocalSettings = /(^|[/\\])local\.settings\.json$/i.test(path);
  return { value, name: keyName, layout: isFunctions || (isLocalSettings && nodePath.length === 1) ? 'functionsValues' : 'dotnet', holder: prop, nameNode: key, path: nodePath };
}

const str = (s: string): string => JSON.stringify(s);

interface Replace { start: number; end: number; text: string }

function applyReplaces(text: string, edits: Replace[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function lineIndent(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** Renames the setting to the first new name and adds the rest right after it, same layout. */
function rewriteSettings(input: ConfigInput, at: Located, settings: { name: string; value: string }[]): string {
  const { text } = input;
  const eol = eolOf(text);
  const [first, ...rest] = settings;
  const edits: Replace[] = [];
  if (at.layout === 'appServiceArray') {
    const obj = at.holder;
    const objText = text.slice(obj.offset, obj.offset + obj.length);
    const rel = (n: Node) => n.offset - obj.offset;
    const clone = (name: string, value: string) =>
      applyReplaces(objText, [
        { start: rel(at.nameNode!), end: rel(at.nameNode!) + at.nameNode!.length, text: str(name) },
        { start: rel(at.value), end: rel(at.value) + at.value.length, text: str(value) },
      ]);
    const indent = lineIndent(text, obj.offset);
    const sep = indent !== undefined ? `,${eol}${indent}` : ', ';
    edits.push({ start: obj.offset, end: obj.offset + obj.length, text: [first, ...rest].map((s) => clone(s.name, s.value)).join(sep) });
  } else {
    const prop = at.holder;
    const key = at.nameNode!;
    edits.push({ start: key.offset, end: key.offset + key.length, text: str(first.name) });
    const indent = lineIndent(text, prop.offset);
    const sep = indent !== undefined ? `,${eol}${indent}` : ', ';
    const added = rest.map((s) => `${sep}${str(s.name)}: ${str(s.value)}`).join('');
    edits.push({ start: at.value.offset, end: at.value.offset + at.value.length, text: str(first.value) + added });
  }
  return applyReplaces(text, edits);
}

function replaceValue(text: string, at: Located, value: string, newName?: string): string {
  const edits: Replace[] = [{ start: at.value.offset, end: at.value.offset + at.value.length, text: str(value) }];
  if (newName && newName !== at.name && at.nameNode) edits.push({ start: at.nameNode.offset, end: at.nameNode.offset + at.nameNode.length, text: str(newName) });
  return applyReplaces(text, edits);
}

function removeSetting(text: string, at: Located): string {
  const indentMatch = /\n([ \t]+)\S/.exec(text);
  const indent = indentMatch?.[1] ?? '  ';
  const edits = modify(text, at.path, undefined, {
    formattingOptions: { insertSpaces: !indent.includes('\t'), tabSize: indent.includes('\t') ? 1 : indent.length, eol: eolOf(text) },
  });
  return jsonApply(text, edits);
}

const endpointKeyFor: Partial<Record<string, string>> = {
  storage: 'ServiceUri',
  serviceBus: 'FullyQualifiedNamespace',
  eventHubs: 'FullyQualifiedNamespace',
  relay: 'FullyQualifiedNamespace',
  cosmosDb: 'AccountEndpoint',
  appConfiguration: 'Endpoint',
  webPubSub: 'Endpoint',
};

/** What the code must do with the setting after it holds an endpoint (for the note). */
function endpointCodeNote(service: string, setting: string): string {
  switch (service) {
    case 'storage':
      return `Build the client from the URL: new BlobServiceClient(new Uri(configuration["${setting}"]), new DefaultAzureCredential()) (or AddBlobServiceClient(new Uri(...)) with Microsoft.Extensions.Azure).`;
    case 'serviceBus':
      return `Build the client from the namespace: new ServiceBusClient(configuration["${setting}"], new DefaultAzureCredential()).`;
    case 'eventHubs':
      return `Build the client from the namespace and hub name: new EventHubProducerClient(configuration["${setting}"], "<event-hub>", new DefaultAzureCredential()).`;
    case 'cosmosDb':
      return `Build the client from the endpoint: new CosmosClient(configuration["${setting}"], new DefaultAzureCredential()).`;
    case 'appConfiguration':
      return `Connect with the endpoint: options.Connect(new Uri(configuration["${setting}"]), new DefaultAzureCredential()).`;
    default:
      return `Build the client from the endpoint in ${setting} with DefaultAzureCredential.`;
  }
}

/** Fix candidates for a JSON settings file, preferred first. */
export function jsonCandidates(input: ConfigInput): Candidate[] {
  const { text, finding, identity } = input;
  const at = locate(text, finding.secretRange.start, input.path);
  if (!at) return [];
  const value = String(at.value.value);
  const out: Candidate[] = [];
  const settingsFile = at.layout !== 'dotnet';

  if (settingsFile) {
    const ids = identitySettings(at.name, finding, value, identity);
    if (ids) {
      const host = at.name.toLowerCase() === 'azurewebjobsstorage';
      const names = ids.map((s) => `${at.name}__${s.suffix}`);
      out.push({
        title: `Use managed identity: replace ${at.name} by ${names.filter((n) => !/__(credential|clientId)$/.test(n)).join(', ')}`,
        strategy: 'passwordless',
        text: rewriteSettings(input, at, ids.map((s) => ({ name: `${at.name}__${s.suffix}`, value: s.value }))),
        storageTargets: finding.service === 'storage' ? ['blob', 'queue', 'table'] : undefined,
        hostStorage: host && finding.service === 'storage',
        notes: entityNote(endpointParts(finding, value).entityPath),
      });
    }
  }
  // A bare key next to the setting that names its resource (`"endpoint"` / `"AccountName"` beside `"authKey"` /
  // `"AccountKey"`): the client needs only that setting and a credential, so the key goes.
  if (out.length === 0 && !settingsFile && value === text.slice(finding.secretRange.start, finding.secretRange.end) && namesResourceBeside(at)) {
    out.push({
      title: `Use managed identity: remove ${at.name} (the client authenticates with DefaultAzureCredential)`,
      strategy: 'passwordless',
      text: removeSetting(text, at),
      notes: [...clientIdNote(identity), codeChangeNote(removalCodeNote(finding.service))],
    });
  }
  if (out.length === 0) {
    const inPlace = inPlaceValue(finding, value, identity);
    if (inPlace) {
      let newName: string | undefined;
      if (inPlace.shape === 'endpoint') {
        if (!settingsFile && /^connectionstring$/i.test(at.name)) newName = endpointKeyFor[finding.service] ?? 'Endpoint';
        else if (settingsFile || !at.path.includes('ConnectionStrings')) newName = renamedForEndpoint(at.name, inPlace.nameWords ?? ['ENDPOINT']);
      }
      const shown = newName ?? at.name;
      const notes = [
        ...(inPlace.shape === 'endpoint' ? [codeChangeNote(endpointCodeNote(finding.service, shown))] : []),
        ...(inPlace.shape === 'endpoint' || (finding.service !== 'sql' && finding.service !== 'signalR') ? clientIdNote(identity) : []),
        ...(finding.service === 'redis'
          ? [codeChangeNote('Authenticate with a Microsoft Entra token: ConfigurationOptions.Parse(value).ConfigureForAzureWithTokenCredentialAsync(new DefaultAzureCredential()) (Microsoft.Azure.StackExchangeRedis).')]
          : []),
        ...(finding.service === 'postgresql' || finding.service === 'mysql'
          ? [codeChangeNote('Use a Microsoft Entra token (scope https://ossrdbms-aad.database.windows.net/.default) as the password, refreshed before it expires (Npgsql: UsePeriodicPasswordProvider).')]
          : []),
      ];
      out.push({
        title: titleFor(finding.service, shown, inPlace.shape),
        strategy: 'passwordless',
        text: replaceValue(text, at, inPlace.value, newName),
        notes,
        packages: finding.service === 'redis' ? [{ ecosystem: 'nuget', name: 'Microsoft.Azure.StackExchangeRedis' }] : [],
      });
    } else if (removable(finding.service)) {
      out.push({
        title: `Use managed identity: remove ${at.name} (the client authenticates with DefaultAzureCredential)`,
        strategy: 'passwordless',
        text: removeSetting(text, at),
        notes: [...clientIdNote(identity), codeChangeNote(removalCodeNote(finding.service))],
      });
    }
  }
  if (settingsFile) {
    const secretName = keyVaultSecretName(at.name);
    out.push({
      title: `Use a Key Vault reference for ${at.name}`,
      strategy: 'keyVaultReference',
      text: replaceValue(text, at, keyVaultReference(secretName)),
      notes: keyVaultNotes(secretName, identity),
    });
  } else if (out.length === 0) {
    out.push({
      title: `Read ${at.name} from the environment instead of the file`,
      strategy: 'environmentRead',
      text: replaceValue(text, at, ''),
      notes: [note(
        'Supply the value outside the repository',
        `Locally: dotnet user-secrets set "${at.path.filter((p) => typeof p === 'string').join(':')}" "<value>". In Azure: an app setting ${at.path.filter((p) => typeof p === 'string').join('__')} holding a Key Vault reference (@Microsoft.KeyVault(VaultName=<key-vault-name>;SecretName=<name>)).`,
      )],
    });
  }
  return out;
}

function entityNote(entity: string | undefined) {
  return entity ? [note('Name the event hub in the binding', `The connection string named the entity ${entity}; set eventHubName (or queueName / topicName) in the trigger or binding.`)] : [];
}

function titleFor(service: string, name: string, shape: 'endpoint' | 'connectionString'): string {
  if (service === 'sql') return `Use managed identity: ${name} with Authentication=Active Directory (no password)`;
  if (service === 'signalR') return `Use managed identity: ${name} with AuthType=azure.msi`;
  return shape === 'endpoint' ? `Use managed identity: ${name} holds the endpoint only` : `Use managed identity: remove the password from ${name}`;
}

/** True when another property of the setting's object names the resource (an endpoint, URI, account name). */
function namesResourceBeside(at: Located): boolean {
  const object = at.holder.parent;
  if (object?.type !== 'object') return false;
  return (object.children ?? []).some(
    (p) => p !== at.holder && p.type === 'property' && /endpoint|ur[il]$|account_?name|namespace|host/i.test(String(p.children?.[0]?.value ?? '')) && p.children?.[1]?.type === 'string',
  );
}

/** Secrets whose passwordless form is "no secret at all" (the client takes the endpoint and a credential). */
function removable(service: string): boolean {
  return ['openAi', 'aiServices', 'search', 'eventGrid', 'entraId'].includes(service);
}

function removalCodeNote(service: string): string {
  if (service === 'storage') return 'Build the client from the account name or URL with DefaultAzureCredential: new BlobServiceClient(new Uri($"https://{accountName}.blob.core.windows.net"), new DefaultAzureCredential()).';
  if (service === 'cosmosDb') return 'Build the client from the endpoint with DefaultAzureCredential: new CosmosClient(endpoint, new DefaultAzureCredential()).';
  if (service === 'entraId') return 'Replace ClientSecretCredential by DefaultAzureCredential (or ManagedIdentityCredential); the managed identity needs the roles the app registration had.';
  if (service === 'openAi') return 'Authenticate with a bearer token provider for https://cognitiveservices.azure.com/.default from DefaultAzureCredential instead of the API key.';
  return 'Pass DefaultAzureCredential instead of AzureKeyCredential to the client.';
}

export function keyVaultNotes(secretName: string, identity: IdentityChoice): ManualStepFollowUp[] {
  return [
    note(
      'Store the secret in Key Vault',
      `az keyvault secret set --vault-name <key-vault-name> --name ${secretName} --value "<the value removed from this file>"\nThen rotate the old key or password: it was committed. Key Vault references resolve in App Service, Functions and Container Apps, not in local tools.`,
    ),
    ...(identity.kind === 'userAssigned'
      ? [note('Resolve references with the user-assigned identity', `az webapp update --name <app-name> --resource-group <resource-group> --set keyVaultReferenceIdentity=<resource-id-of-the-identity> (client ID ${identity.clientId})`)]
      : []),
  ];
}

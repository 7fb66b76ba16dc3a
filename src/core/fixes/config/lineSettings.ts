/**
 * Line-oriented settings: `.env` (`[export ]NAME=value`, optional quotes) and Java/Spring `.properties`
 * (`key=value`, `key: value`). Comments, order and untouched lines are kept byte for byte.
 *
 * .env naming convention: a connection-string variable is replaced by an endpoint variable whose name is
 * derived from it (`AZURE_STORAGE_CONNECTION_STRING` → `AZURE_STORAGE_ACCOUNT_URL`,
 * `SERVICEBUS_CONNECTION_STRING` → `SERVICEBUS_FULLY_QUALIFIED_NAMESPACE`, `*_KEY` of OpenAI/Search → the
 * line is removed and a `*_ENDPOINT` line is kept or added), on the same line.
 */
import type { Candidate, ConfigInput } from './candidates';
import { clientIdNote, codeChangeNote, note } from './candidates';
import { endpointParts, eolOf, inPlaceValue, lineAround, renamedForEndpoint } from './configValues';
import { springIdentityNotes, springRewrite } from './springSettings';

interface Line {
  readonly start: number;
  readonly end: number;
  readonly next: number;
  readonly prefix: string;
  readonly name: string;
  /** Text between name and value: `=`, `: `, ` = `. */
  readonly sep: string;
  readonly quote: string;
  readonly value: string;
  readonly valueStart: number;
  readonly valueEnd: number;
}

function parseLine(text: string, offset: number, kind: 'dotenv' | 'properties'): Line | undefined {
  const [start, end, next] = lineAround(text, offset);
  const line = text.slice(start, end);
  const re = kind === 'dotenv'
    ? /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)(["'`]?)(.*?)\4(\s*(?:#.*)?)$/
    : /^(\s*)([^=:\s#!][^=:\s]*)(\s*[=:]\s*|\s+)()(.*?)(\s*)$/;
  const m = re.exec(line);
  if (!m) return undefined;
  const valueStart = start + m[1].length + m[2].length + m[3].length + m[4].length;
  return {
    start, end, next, prefix: m[1], name: m[2], sep: m[3], quote: m[4], value: m[5], valueStart, valueEnd: valueStart + m[5].length,
  };
}

const replaceRange = (text: string, start: number, end: number, s: string): string => text.slice(0, start) + s + text.slice(end);

function setLine(text: string, line: Line, name: string, value: string): string {
  return replaceRange(text, line.start, line.end, `${line.prefix}${name}${line.sep}${line.quote}${value}${line.quote}${text.slice(line.valueEnd + line.quote.length, line.end)}`);
}

function removeLine(text: string, line: Line): string {
  return text.slice(0, line.start) + text.slice(line.next);
}

/** A line with this name (any case of `export`), or undefined. */
function findNamed(text: string, name: string, kind: 'dotenv' | 'properties'): Line | undefined {
  const re = kind === 'dotenv'
    ? new RegExp(`^[ \\t]*(?:export[ \\t]+)?${escape(name)}[ \\t]*=`, 'm')
    : new RegExp(`^[ \\t]*${escape(name)}[ \\t]*[=:\\s]`, 'm');
  const m = re.exec(text);
  return m ? parseLine(text, m.index, kind) : undefined;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------------------------------------------- .env

/** `AZURE_OPENAI_API_KEY` → `AZURE_OPENAI_ENDPOINT`; `SEARCH_ADMIN_KEY` → `SEARCH_ENDPOINT`. */
function endpointNameForKey(name: string): string {
  const m = /^(.*?)[-_]?(?:api[-_]?key|admin[-_]?key|query[-_]?key|access[-_]?key|key|secret)$/i.exec(name);
  const base = m?.[1] || name;
  return `${base}${base === base.toLowerCase() ? '_endpoint' : '_ENDPOINT'}`;
}

export function dotenvCandidates(input: ConfigInput): Candidate[] {
  const { text, finding, identity } = input;
  const line = parseLine(text, finding.secretRange.start, 'dotenv');
  if (!line || finding.secretRange.start < line.valueStart) return [];
  const inPlace = inPlaceValue(finding, line.value, identity);
  const out: Candidate[] = [];
  if (inPlace) {
    const newName = inPlace.shape === 'endpoint' ? renamedForEndpoint(line.name, inPlace.nameWords ?? ['ENDPOINT']) : line.name;
    out.push({
      title: inPlace.shape === 'endpoint' ? `Use managed identity: ${line.name} → ${newName} (endpoint only)` : `Use managed identity: remove the password from ${line.name}`,
      strategy: 'passwordless',
      text: setLine(text, line, newName, inPlace.value),
      notes: [
        ...(finding.service === 'sql' || finding.service === 'signalR' ? [] : clientIdNote(identity)),
        ...(newName !== line.name ? [codeChangeNote(`Read ${newName} and build the client from it with DefaultAzureCredential.`)] : []),
        ...(inPlace.needsCode ? [codeChangeNote('Connect with a Microsoft Entra token instead of the password (the code fix for this client does it).')] : []),
      ],
    });
  } else if (finding.service === 'entraId') {
    const eol = eolOf(text);
    const hasClientId = /^[ \t]*(?:export[ \t]+)?AZURE_CLIENT_ID[ \t]*=/m.test(text);
    const replacement = identity.kind === 'userAssigned' && !hasClientId ? `${line.prefix}AZURE_CLIENT_ID=${identity.clientId}${eol}` : '';
    out.push({
      title: `Use managed identity: remove ${line.name}`,
      strategy: 'passwordless',
      text: text.slice(0, line.start) + replacement + text.slice(line.next),
      notes: identity.kind === 'userAssigned' && hasClientId
        ? [note('Point AZURE_CLIENT_ID at the managed identity', `Set AZURE_CLIENT_ID=${identity.clientId} (the user-assigned identity's client ID), not the app registration's.`)]
        : [],
    });
  } else if (['openAi', 'aiServices', 'search', 'eventGrid'].includes(finding.service)) {
    const endpointName = endpointNameForKey(line.name);
    const existing = findNamed(text, endpointName, 'dotenv');
    const endpoint = endpointParts(finding, line.value).endpoint ?? finding.extracted.endpoint;
    let updated: string;
    if (existing || !endpoint) {
      updated = removeLine(text, line);
    } else {
      updated = setLine(text, line, endpointName, endpoint);
    }
    out.push({
      title: `Use managed identity: remove ${line.name}${existing ? '' : endpoint ? ` (keep ${endpointName})` : ''}`,
      strategy: 'passwordless',
      text: updated,
      notes: [
        ...clientIdNote(identity),
        ...(!existing && !endpoint ? [note(`Add ${endpointName}`, `Add ${endpointName}=https://<resource-name>.<service-domain>/ so the client can be built from the endpoint.`)] : []),
      ],
    });
  }
  if (out.length === 0) {
    out.push({
      title: `Leave ${line.name} empty here and set it from a secret store`,
      strategy: 'environmentRead',
      text: setLine(text, line, line.name, ''),
      notes: [note('Supply the value outside the repository', `Set ${line.name} from Key Vault or your CI secret store at run time, keep .env out of source control, and rotate the committed value.`)],
    });
  }
  return out;
}

// ----------------------------------------------------------------------------------------------- .properties

const springStorageKey = /^spring\.cloud\.azure\.storage\.(blob|queue|fileshare)\.(account-key|connection-string|sas-token)$/i;

export function propertiesCandidates(input: ConfigInput): Candidate[] {
  const { text, finding, identity } = input;
  const line = parseLine(text, finding.secretRange.start, 'properties');
  if (!line || finding.secretRange.start < line.valueStart) return [];
  const key = line.name;
  const out: Candidate[] = [];

  const datasource = /^(spring\.datasource)\.password$/i.exec(key);
  if (datasource) {
    const flag = `${datasource[1]}.azure.passwordless-enabled`;
    // Replace the password line by the flag (same separator), or drop it when the flag is already there.
    const updated = findNamed(text, flag, 'properties') ? removeLine(text, line) : setLine(text, line, flag, 'true');
    const db = finding.service === 'mysql' || /mysql/i.test(text) ? 'mysql' : finding.service === 'sql' || /sqlserver/i.test(text) ? 'sqlserver' : 'postgresql';
    out.push({
      title: 'Use managed identity: spring.datasource.azure.passwordless-enabled=true instead of the password',
      strategy: 'passwordless',
      text: updated,
      packages: db === 'sqlserver' ? [] : [{ ecosystem: 'maven', name: `com.azure.spring:spring-cloud-azure-starter-jdbc-${db}` }],
      notes: [
        note('Connect as the identity', 'Set spring.datasource.username to the identity\'s database user name (the name used in the database step).'),
        ...springIdentityNotes(identity),
      ],
    });
  }

  const spring = springRewrite(key, finding, line.value, (name) => findNamed(text, name, 'properties') !== undefined);
  if (!datasource && spring) {
    const base = key.slice(0, key.lastIndexOf('.') + 1);
    const eol = eolOf(text);
    const added = (spring.add ?? []).map((a) => `${line.prefix}${base}${a.name}${line.sep}${a.value}${eol}`).join('');
    const replaced = spring.name !== undefined ? `${line.prefix}${base}${spring.name}${line.sep}${spring.value ?? ''}${text.slice(line.end, line.next) || eol}` : '';
    out.push({
      title: spring.title,
      strategy: 'passwordless',
      text: text.slice(0, line.start) + replaced + added + text.slice(line.next),
      notes: springIdentityNotes(identity),
    });
  }

  const storage = springStorageKey.exec(key);
  if (!datasource && !spring && storage) {
    const base = `spring.cloud.azure.storage.${storage[1].toLowerCase()}`;
    const endpointKey = `${base}.endpoint`;
    const parts = endpointParts(finding, line.value);
    const accountLine = findNamed(text, `${base}.account-name`, 'properties');
    const account = parts.accountName ?? accountLine?.value;
    const endpointLine = findNamed(text, endpointKey, 'properties');
    const service = storage[1].toLowerCase() === 'fileshare' ? 'file' : storage[1].toLowerCase();
    const endpoint = account ? `https://${account}.${service}.${parts.endpointSuffix}` : undefined;
    let updated: string | undefined;
    if (endpointLine) updated = removeLine(text, line);
    else if (endpoint) updated = setLine(text, line, endpointKey, endpoint);
    if (updated !== undefined) {
      out.push({
        title: `Use managed identity: remove ${key}${endpointLine ? '' : ` (use ${endpointKey})`}`,
        strategy: 'passwordless',
        text: updated,
        storageTargets: [service === 'queue' ? 'queue' : 'blob'],
        notes: springIdentityNotes(identity),
      });
    }
  }


  if (out.length === 0) {
    const inPlace = inPlaceValue(finding, line.value, identity);
    if (inPlace && inPlace.shape === 'connectionString') {
      out.push({
        title: `Use managed identity: remove the password from ${key}`,
        strategy: 'passwordless',
        text: setLine(text, line, key, inPlace.value),
        notes: clientIdNote(identity),
      });
    }
  }
  if (out.length === 0) {
    const envName = key.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
    out.push({
      title: `Read ${key} from the environment variable ${envName}`,
      strategy: 'environmentRead',
      text: setLine(text, line, key, `\${${envName}}`),
      notes: [note('Supply the value outside the repository', `Set ${envName} from Key Vault (Spring Cloud Azure Key Vault property source) or the platform's secret store, and rotate the committed value.`)],
    });
  }
  return out;
}


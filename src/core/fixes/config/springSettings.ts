/**
 * Spring Cloud Azure's passwordless settings, whatever file holds them (application.properties or
 * application.yml): which setting replaces a secret-bearing one. Spring Cloud Azure uses DefaultAzureCredential
 * when a client has no key or connection string, so most rewrites name the resource and drop the secret:
 *
 * - `spring.jms.servicebus.connection-string` → `spring.jms.servicebus.namespace` (the namespace's name) plus
 *   `spring.jms.servicebus.passwordless-enabled=true`;
 * - `spring.cloud.azure.servicebus|eventhubs[.producer|.consumer|.processor].connection-string` → `…namespace`;
 * - `spring.cloud.azure.appconfiguration.stores[N].connection-string` → `stores[N].endpoint`;
 * - `spring.cloud.azure.cosmos.key` → dropped when `spring.cloud.azure.cosmos.endpoint` is set, else the endpoint;
 * - the Event Hubs checkpoint store's `account-key` next to its `account-name` → dropped.
 * (Storage `account-key` / `connection-string` and `spring.datasource.password` have rules of their own in the
 * properties planner.)
 */
import type { Finding } from '../../secrets/types';
import type { FollowUp, IdentityChoice } from '../types';
import { note } from './candidates';
import { endpointParts } from './configValues';

export interface SpringRewrite {
  /** The setting's new last segment (`namespace`, `endpoint`), or undefined to drop the setting. */
  readonly name?: string;
  readonly value?: string;
  /** Sibling settings to add after it (`passwordless-enabled=true`). */
  readonly add?: readonly { readonly name: string; readonly value: string }[];
  readonly title: string;
}

/** `host.servicebus.windows.net` → `host`: Spring Cloud Azure's `namespace` is the namespace's name. */
const namespaceName = (fqdn: string): string => fqdn.split('.')[0] ?? fqdn;

/**
 * The passwordless form of the Spring setting at `path` (dotted, lower-case segments as written, sequence
 * indices as `[N]`), or undefined when `path` is not such a setting. `has(path)` says whether another setting
 * exists in the same file.
 */
export function springRewrite(path: string, finding: Finding, value: string, has: (path: string) => boolean): SpringRewrite | undefined {
  const p = path.toLowerCase();
  const parts = endpointParts(finding, value);
  if (p === 'spring.jms.servicebus.connection-string') {
    if (!parts.namespace) return undefined;
    return {
      name: 'namespace',
      value: namespaceName(parts.namespace),
      add: has('spring.jms.servicebus.passwordless-enabled') ? [] : [{ name: 'passwordless-enabled', value: 'true' }],
      title: 'Use managed identity: spring.jms.servicebus.namespace with passwordless-enabled',
    };
  }
  const messaging = /^spring\.cloud\.azure\.(servicebus|eventhubs)(\.(?:producer|consumer|processor))?\.connection-string$/.exec(p);
  if (messaging) {
    if (!parts.namespace) return undefined;
    const base = `spring.cloud.azure.${messaging[1]}${messaging[2] ?? ''}`;
    return has(`${base}.namespace`) ? { title: `Use managed identity: remove ${path}` } : { name: 'namespace', value: namespaceName(parts.namespace), title: `Use managed identity: ${path} → ${base}.namespace` };
  }
  if (/^spring\.cloud\.azure\.appconfiguration\.stores\[\d+\]\.connection-string$/.test(p)) {
    if (!parts.endpoint) return undefined;
    return { name: 'endpoint', value: parts.endpoint.replace(/\/+$/, ''), title: `Use managed identity: ${path.replace(/connection-string$/, 'endpoint')}` };
  }
  if (p === 'spring.cloud.azure.cosmos.key') {
    if (has('spring.cloud.azure.cosmos.endpoint')) return { title: 'Use managed identity: remove spring.cloud.azure.cosmos.key (the endpoint is set)' };
    return parts.endpoint ? { name: 'endpoint', value: parts.endpoint, title: 'Use managed identity: spring.cloud.azure.cosmos.endpoint instead of the key' } : undefined;
  }
  if (p === 'spring.cloud.azure.eventhubs.processor.checkpoint-store.account-key' && has('spring.cloud.azure.eventhubs.processor.checkpoint-store.account-name')) {
    return { title: `Use managed identity: remove ${path} (the account name is set)` };
  }
  return undefined;
}

/** For a user-assigned identity, Spring Cloud Azure's credential settings name it. */
export function springIdentityNotes(identity: IdentityChoice): FollowUp[] {
  return identity.kind === 'userAssigned'
    ? [note('Use the user-assigned identity', `Add spring.cloud.azure.credential.managed-identity-enabled=true and spring.cloud.azure.credential.client-id=${identity.clientId}.`)]
    : [];
}

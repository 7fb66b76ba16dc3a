/**
 * Builds and caches the SDK clients per subscription for one credential and environment.
 */
import { AuthorizationManagementClient, getContinuationToken as authorizationToken } from '@azure/arm-authorization';
import { ManagedServiceIdentityClient, getContinuationToken as msiToken } from '@azure/arm-msi';
import { ResourceManagementClient, getContinuationToken as resourcesToken } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { TokenCredential } from '@azure/identity';
import { ToolError } from '../core/errors';
import type { PageResume } from './armModel';
import type { AzureEnvironment } from './AzureEnvironment';

/** Set on a PATCH/PUT to send the combined identity type as `SystemAssigned,UserAssigned` (see {@link identitySpellingPolicy}). */
export const identitySpellingHeader = 'x-mi-tools-identity-type-spelling';

export interface ArmClientSet {
  readonly msi: ManagedServiceIdentityClient;
  readonly authorization: AuthorizationManagementClient;
  readonly resources: ResourceManagementClient;
}

export class ArmClients {
  private readonly cache = new Map<string, ArmClientSet>();
  private subscriptionClient: SubscriptionClient | undefined;

  constructor(
    private readonly credential: TokenCredential,
    readonly environment: AzureEnvironment,
  ) {
    let url: URL;
    try {
      url = new URL(environment.resourceManagerEndpoint);
    } catch {
      throw new ToolError('invalidInput', `"${environment.resourceManagerEndpoint}" is not a valid Resource Manager endpoint URL.`);
    }
    // The SDK's bearer policy refuses to send tokens over http; say so before the first call does.
    if (url.protocol !== 'https:') throw new ToolError('invalidInput', `The Resource Manager endpoint must use https: ${environment.resourceManagerEndpoint}`);
  }

  /** Clients bound to `subscriptionId` (lower-cased key; created on first use). */
  forSubscription(subscriptionId: string): ArmClientSet {
    const key = subscriptionId.toLowerCase();
    let set = this.cache.get(key);
    if (set === undefined) {
      set = this.create(key);
      this.cache.set(key, set);
    }
    return set;
  }

  /**
   * How a list of `client`'s package goes on after a page fails beyond the SDK's retries: from that page,
   * twice more, first after the environment's retry delay.
   */
  pageResume(client: keyof ArmClientSet): PageResume {
    const continuationTokenOf = client === 'msi' ? msiToken : client === 'authorization' ? authorizationToken : resourcesToken;
    return { continuationTokenOf, retries: 2, delayMs: this.environment.retryOptions?.retryDelayInMs ?? 1000 };
  }

  /** The tenant-level client (subscriptions, their locations), created on first use. */
  get subscriptions(): SubscriptionClient {
    this.subscriptionClient ??= new SubscriptionClient(this.credential, this.clientOptions());
    return this.subscriptionClient;
  }

  private clientOptions() {
    const env = this.environment;
    return {
      endpoint: env.resourceManagerEndpoint.replace(/\/+$/, ''),
      ...(env.credentialScopes !== undefined ? { credentialScopes: env.credentialScopes } : {}),
      ...(env.tlsCa !== undefined ? { tlsOptions: { ca: env.tlsCa } } : {}),
      ...(env.retryOptions !== undefined ? { retryOptions: { ...env.retryOptions } } : {}),
      userAgentOptions: { userAgentPrefix: 'managed-identity-tools' },
    };
  }

  private create(subscriptionId: string): ArmClientSet {
    const options = this.clientOptions();
    const resources = new ResourceManagementClient(this.credential, subscriptionId, options);
    resources.pipeline.addPolicy(identitySpellingPolicy, { afterPhase: 'Serialize' });
    return {
      msi: new ManagedServiceIdentityClient(this.credential, subscriptionId, options),
      authorization: new AuthorizationManagementClient(this.credential, subscriptionId, options),
      resources,
    };
  }
}

/**
 * The generic resources client validates `identity.type` against the old enum, which spells the combined
 * type `SystemAssigned, UserAssigned`. Providers on common-types v4+ (Container Apps, …) expect
 * `SystemAssigned,UserAssigned`. Requests marked with {@link identitySpellingHeader} get the body's type
 * respelled after serialization; the marker never leaves the process.
 */
const identitySpellingPolicy: Parameters<ResourceManagementClient['pipeline']['addPolicy']>[0] = {
  name: 'managedIdentityTypeSpelling',
  sendRequest(request, next) {
    if (request.headers.has(identitySpellingHeader)) {
      const spelling = request.headers.get(identitySpellingHeader);
      request.headers.delete(identitySpellingHeader);
      if (spelling === 'comma' && typeof request.body === 'string') {
        const body = JSON.parse(request.body) as { identity?: { type?: string } };
        if (body.identity?.type === 'SystemAssigned, UserAssigned') {
          body.identity.type = 'SystemAssigned,UserAssigned';
          request.body = JSON.stringify(body);
        }
      }
    }
    return next(request);
  },
};

/**
 * Where Azure Resource Manager is and how to talk to it: public cloud, a sovereign cloud, Azure Stack Hub
 * or the local emulator all go through the same services with a different environment.
 */

export interface AzureRetryOptions {
  /** Retries after the first attempt (SDK default 3). */
  readonly maxRetries?: number;
  readonly retryDelayInMs?: number;
  readonly maxRetryDelayInMs?: number;
}

export interface AzureEnvironment {
  /** e.g. `https://management.azure.com`. Must be https: the SDK refuses bearer tokens over http. */
  readonly resourceManagerEndpoint: string;
  /** Token scopes; default `${resourceManagerEndpoint}/.default`. Set it when the endpoint is not the audience (an emulator, a proxy). */
  readonly credentialScopes?: string[];
  /** Extra CA certificate (PEM) to trust, for a self-signed endpoint. */
  readonly tlsCa?: string;
  readonly retryOptions?: AzureRetryOptions;
}

export const publicAzureEnvironment: AzureEnvironment = { resourceManagerEndpoint: 'https://management.azure.com' };

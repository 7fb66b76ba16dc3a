import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { AzureEnvironment } from '../../azure/AzureEnvironment';
import { createAzureServices, type AzureServices } from '../../azure/AzureServices';
import { principalOfToken, type TokenPrincipal } from '../../core/arm/tokenClaims';
import { ToolError } from '../../core/errors';
import type { AzureConnection, SubscriptionRef } from './AzureConnection';
import type { AzureConnectionSettings } from './azureSettings';

/**
 * A Resource Manager endpoint from the settings (Azure Stack Hub, a proxy, the local ARM emulator) with
 * DefaultAzureCredential: environment variables, workload identity, managed identity (IDENTITY_ENDPOINT,
 * which is how the sandbox signs in to the emulator), then the Azure CLI, Azure Developer CLI and Azure
 * PowerShell sign-ins.
 */
export class CustomEndpointConnection implements AzureConnection {
  readonly kind = 'customEndpoint';
  readonly description: string;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeSignIn = this.changed.event;
  private services: Promise<AzureServices> | undefined;
  private readonly scope: string;

  constructor(
    private readonly settings: AzureConnectionSettings,
    private readonly credential: TokenCredential = new DefaultAzureCredential(),
  ) {
    this.description = settings.resourceManagerEndpoint;
    this.scope = `${(settings.resourceManagerAudience || settings.resourceManagerEndpoint).replace(/\/+$/, '')}/.default`;
  }

  /** Signed in when the credential gives a token; no prompt (DefaultAzureCredential has none). */
  async isSignedIn(): Promise<boolean> {
    try {
      return (await this.credential.getToken(this.scope)) !== null;
    } catch {
      return false;
    }
  }

  async signIn(): Promise<boolean> {
    const signedIn = await this.isSignedIn();
    if (!signedIn) {
      void vscode.window.showWarningMessage(
        `No credential for ${this.settings.resourceManagerEndpoint}: sign in with the Azure CLI (az login), or set AZURE_CLIENT_ID/AZURE_TENANT_ID and a secret or certificate in the environment, or clear the setting managedIdentity.azure.resourceManagerEndpoint to use your Microsoft account.`,
      );
    }
    this.changed.fire();
    return signedIn;
  }

  async listSubscriptions(signal?: AbortSignal): Promise<SubscriptionRef[]> {
    const services = await this.load();
    const subscriptions = await services.subscriptions.listSubscriptions(signal);
    return subscriptions.map((s) => ({ subscriptionId: s.subscriptionId, name: s.name, ...(s.tenantId !== undefined ? { tenantId: s.tenantId } : {}) }));
  }

  servicesFor(): AzureServices {
    if (this.loaded === undefined) throw new Error('List the subscriptions before using the services.');
    return this.loaded;
  }

  async currentPrincipal(_subscription: SubscriptionRef, signal?: AbortSignal): Promise<TokenPrincipal | undefined> {
    const token = await this.credential.getToken(this.scope, { abortSignal: signal });
    return token ? principalOfToken(token.token) : undefined;
  }

  portalUrl(resourceId: string, tenantId?: string): string {
    return `${this.settings.portalUrl.replace(/\/+$/, '')}/${tenantId ? `#@${tenantId}` : '#'}/resource${resourceId}`;
  }

  private loaded: AzureServices | undefined;

  private load(): Promise<AzureServices> {
    this.services ??= (async () => {
      const environment: AzureEnvironment = {
        resourceManagerEndpoint: this.settings.resourceManagerEndpoint,
        credentialScopes: [this.scope],
        ...(this.settings.caCertificateFile ? { tlsCa: await readCa(this.settings.caCertificateFile) } : {}),
      };
      this.loaded = createAzureServices(this.credential, environment);
      return this.loaded;
    })();
    this.services.catch(() => (this.services = undefined));
    return this.services;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

async function readCa(file: string): Promise<string> {
  try {
    const pem = await readFile(file, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in it');
    return pem;
  } catch (error) {
    throw new ToolError('invalidInput', `managedIdentity.azure.caCertificateFile: cannot use ${file} (${(error as Error).message})`);
  }
}

import { VSCodeAzureSubscriptionProvider, getConfiguredAzureEnv, type AzureSubscription } from '@microsoft/vscode-azext-azureauth';
import * as vscode from 'vscode';
import { createAzureServices, type AzureServices } from '../../azure/AzureServices';
import { principalOfToken, type TokenPrincipal } from '../../core/arm/tokenClaims';
import { throwIfAborted } from '../../core/cancellation';
import type { AzureConnection, SubscriptionRef } from './AzureConnection';

/**
 * VS Code's Microsoft account through the Azure extensions' sign-in toolkit: the tenant and subscription
 * filters the Azure extensions share ("Azure: Select Subscriptions"), and sovereign clouds.
 */
export class MicrosoftAccountConnection implements AzureConnection {
  readonly kind = 'microsoftAccount';
  readonly description = 'Microsoft account';
  private readonly provider: VSCodeAzureSubscriptionProvider;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeSignIn = this.changed.event;
  private readonly subscriptions = new Map<string, AzureSubscription>();
  private readonly services = new Map<string, AzureServices>();
  private readonly listeners: vscode.Disposable[];

  constructor(logger?: vscode.LogOutputChannel) {
    this.provider = new VSCodeAzureSubscriptionProvider(logger);
    this.listeners = [
      this.provider.onDidSignIn(() => this.changed.fire()),
      this.provider.onDidSignOut(() => {
        this.services.clear();
        this.changed.fire();
      }),
    ];
  }

  isSignedIn(): Promise<boolean> {
    return this.provider.isSignedIn();
  }

  async signIn(): Promise<boolean> {
    const signedIn = await this.provider.signIn();
    if (signedIn) this.changed.fire();
    return signedIn;
  }

  async listSubscriptions(signal?: AbortSignal): Promise<SubscriptionRef[]> {
    const subscriptions = await this.provider.getSubscriptions(true);
    throwIfAborted(signal);
    this.subscriptions.clear();
    for (const s of subscriptions) this.subscriptions.set(s.subscriptionId.toLowerCase(), s);
    return subscriptions.map((s) => ({ subscriptionId: s.subscriptionId, name: s.name, tenantId: s.tenantId })).sort((a, b) => a.name.localeCompare(b.name));
  }

  servicesFor(subscription: SubscriptionRef): AzureServices {
    const sub = this.subscription(subscription);
    const key = `${sub.tenantId}/${sub.account.id}`;
    let services = this.services.get(key);
    if (services === undefined) {
      services = createAzureServices(sub.credential, { resourceManagerEndpoint: sub.environment.resourceManagerEndpointUrl });
      this.services.set(key, services);
    }
    return services;
  }

  async currentPrincipal(subscription: SubscriptionRef, signal?: AbortSignal): Promise<TokenPrincipal | undefined> {
    const sub = this.subscription(subscription);
    const audience = sub.environment.activeDirectoryResourceId || sub.environment.resourceManagerEndpointUrl;
    const token = await sub.credential.getToken(`${audience.replace(/\/+$/, '')}/.default`, { abortSignal: signal });
    return token ? principalOfToken(token.token) : undefined;
  }

  portalUrl(resourceId: string, tenantId?: string): string {
    const portal = getConfiguredAzureEnv().portalUrl.replace(/\/+$/, '');
    return `${portal}/${tenantId ? `#@${tenantId}` : '#'}/resource${resourceId}`;
  }

  private subscription(ref: SubscriptionRef): AzureSubscription {
    const sub = this.subscriptions.get(ref.subscriptionId.toLowerCase());
    if (sub === undefined) throw new Error(`Subscription ${ref.name} is no longer available; refresh the explorer.`);
    return sub;
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
    this.changed.dispose();
    this.provider.dispose();
  }
}

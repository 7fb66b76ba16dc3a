import type * as vscode from 'vscode';
import type { AzureServices } from '../../azure/AzureServices';
import type { TokenPrincipal } from '../../core/arm/tokenClaims';

/** A subscription the explorer lists. */
export interface SubscriptionRef {
  readonly subscriptionId: string;
  readonly name: string;
  readonly tenantId?: string;
}

/**
 * Where Azure is and who the user is. Two implementations: VS Code's Microsoft account (with the
 * Azure extensions' tenant and subscription filters and sovereign clouds) and a custom Resource Manager
 * endpoint with DefaultAzureCredential (Azure Stack Hub, the local emulator). Everything above this
 * interface runs the same code paths against either.
 */
export interface AzureConnection extends vscode.Disposable {
  readonly kind: 'microsoftAccount' | 'customEndpoint';
  /** For tooltips and the log: "Microsoft account", "https://127.0.0.1:4443". */
  readonly description: string;
  /** Fires when the user signs in or out. */
  readonly onDidChangeSignIn: vscode.Event<void>;
  isSignedIn(): Promise<boolean>;
  /** Asks the user to sign in; resolves true when signed in. */
  signIn(): Promise<boolean>;
  /** The subscriptions to show (after the user's filters). */
  listSubscriptions(signal?: AbortSignal): Promise<SubscriptionRef[]>;
  /** The Azure-layer services for a subscription (shared per tenant). */
  servicesFor(subscription: SubscriptionRef): AzureServices;
  /** The signed-in principal, read from an access token for `subscription`'s tenant. */
  currentPrincipal(subscription: SubscriptionRef, signal?: AbortSignal): Promise<TokenPrincipal | undefined>;
  /** The portal link of a resource. */
  portalUrl(resourceId: string, tenantId?: string): string;
}

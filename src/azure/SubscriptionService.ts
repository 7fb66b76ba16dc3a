/**
 * Subscriptions, resource groups and locations: what the pickers and the explorer's top level need, over
 * @azure/arm-resources-subscriptions and @azure/arm-resources.
 */
import { parseArmId, validateResourceGroupName } from '../core/arm/armId';
import { assertGuid } from '../core/arm/uuidv5';
import type { ArmClients } from './ArmClients';
import { collectPages } from './armModel';
import { mapAzureError } from './mapAzureError';

export interface SubscriptionInfo {
  readonly subscriptionId: string;
  readonly name: string;
  readonly tenantId?: string;
  readonly state?: string;
}

export interface ResourceGroupInfo {
  readonly id: string;
  readonly name: string;
  readonly location: string;
}

export interface LocationInfo {
  /** `westeurope` */
  readonly name: string;
  /** `West Europe` */
  readonly displayName: string;
  readonly geographyGroup?: string;
}

export class SubscriptionService {
  constructor(private readonly clients: ArmClients) {}

  /** Subscriptions the credential can see, enabled ones only, sorted by name. */
  async listSubscriptions(signal?: AbortSignal): Promise<SubscriptionInfo[]> {
    try {
      const { items } = await collectPages(this.clients.subscriptions.subscriptions.list({ abortSignal: signal }), signal);
      return items
        .filter((s) => s.subscriptionId !== undefined && (s.state === undefined || s.state === 'Enabled' || s.state === 'PastDue' || s.state === 'Warned'))
        .map((s) => ({ subscriptionId: s.subscriptionId ?? '', name: s.displayName ?? s.subscriptionId ?? '', ...(s.tenantId !== undefined ? { tenantId: s.tenantId } : {}), ...(s.state !== undefined ? { state: s.state } : {}) }))
        .sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      throw mapAzureError(error, 'Listing subscriptions');
    }
  }

  async listResourceGroups(subscriptionId: string, signal?: AbortSignal): Promise<ResourceGroupInfo[]> {
    const sub = assertGuid(subscriptionId, 'The subscription id');
    try {
      const { items } = await collectPages(this.clients.forSubscription(sub).resources.resourceGroups.list({ abortSignal: signal }), signal, this.clients.pageResume('resources'));
      return items
        .map((g) => ({ id: g.id ?? '', name: g.name ?? parseArmId(g.id ?? '').resourceGroup ?? '', location: g.location }))
        .sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      throw mapAzureError(error, `Listing resource groups in subscription ${sub}`);
    }
  }

  /** Creates the resource group if it does not exist (PUT is idempotent); returns it. */
  async ensureResourceGroup(subscriptionId: string, name: string, location: string, signal?: AbortSignal): Promise<ResourceGroupInfo> {
    const sub = assertGuid(subscriptionId, 'The subscription id');
    validateResourceGroupName(name);
    try {
      const group = await this.clients.forSubscription(sub).resources.resourceGroups.createOrUpdate(name, { location }, { abortSignal: signal });
      return { id: group.id ?? '', name: group.name ?? name, location: group.location };
    } catch (error) {
      throw mapAzureError(error, `Creating resource group ${name}`);
    }
  }

  /** Physical regions of the subscription, sorted by display name. */
  async listLocations(subscriptionId: string, signal?: AbortSignal): Promise<LocationInfo[]> {
    const sub = assertGuid(subscriptionId, 'The subscription id');
    try {
      const { items } = await collectPages(this.clients.subscriptions.subscriptions.listLocations(sub, { abortSignal: signal }), signal);
      return items
        .filter((l) => l.name !== undefined && (l.metadata?.regionType === undefined || l.metadata.regionType === 'Physical'))
        .map((l) => ({ name: l.name ?? '', displayName: l.displayName ?? l.name ?? '', ...(l.metadata?.geographyGroup !== undefined ? { geographyGroup: l.metadata.geographyGroup } : {}) }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName));
    } catch (error) {
      throw mapAzureError(error, `Listing locations of subscription ${sub}`);
    }
  }
}

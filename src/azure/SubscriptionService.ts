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

/** A resource as the generic resources list gives it: what a scope picker needs. */
export interface ResourceInfo {
  readonly id: string;
  readonly name: string;
  /** `Microsoft.Storage/storageAccounts` */
  readonly type: string;
  readonly kind?: string;
  readonly resourceGroup: string;
  readonly location?: string;
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

  /**
   * Every resource in the subscription (one generic list, paged), sorted by type then name; for pickers such
   * as the scope of a role grant. Pass `resourceType` to keep one type (compared case-insensitively).
   */
  async listResources(subscriptionId: string, options: { resourceType?: string; signal?: AbortSignal } = {}): Promise<ResourceInfo[]> {
    const sub = assertGuid(subscriptionId, 'The subscription id');
    const { signal } = options;
    const wanted = options.resourceType?.toLowerCase();
    try {
      const { items } = await collectPages(this.clients.forSubscription(sub).resources.resources.list({ abortSignal: signal }), signal, this.clients.pageResume('resources'));
      const out: ResourceInfo[] = [];
      for (const r of items) {
        if (r.id === undefined || r.type === undefined) continue;
        if (wanted !== undefined && r.type.toLowerCase() !== wanted) continue;
        const parsed = parseArmId(r.id);
        out.push({
          id: parsed.id,
          name: r.name ?? parsed.name ?? '',
          type: r.type,
          ...(r.kind !== undefined ? { kind: r.kind } : {}),
          resourceGroup: parsed.resourceGroup ?? '',
          ...(r.location !== undefined ? { location: r.location } : {}),
        });
      }
      return out.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    } catch (error) {
      throw mapAzureError(error, `Listing resources in subscription ${sub}`);
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

/**
 * User-assigned identities, the resources that use managed identities, and federated credentials, over
 * @azure/arm-msi and the generic resources API of @azure/arm-resources.
 */
import type { FederatedIdentityCredential } from '@azure/arm-msi';
import type { TokenCredential } from '@azure/identity';
import { parseResourceIdOfType, validateResourceGroupName } from '../core/arm/armId';
import { type FederatedCredentialSpec, validateFederatedCredentialSpec } from '../core/arm/federatedCredentials';
import { userAssignedIdentityType } from '../core/arm/identityTransition';
import type { ResourceWithIdentity, UserAssignedIdentityInfo } from '../core/arm/model';
import { assertGuid } from '../core/arm/uuidv5';
import { validateFederatedCredentialName, validateIdentityName, validateLocation, validateTags } from '../core/arm/validation';
import { ToolError } from '../core/errors';
import { ArmClients } from './ArmClients';
import { collectPages, toIdentityInfo, toResourceWithIdentity } from './armModel';
import type { AzureEnvironment } from './AzureEnvironment';
import { azureStatusCode, mapAzureError } from './mapAzureError';
import { requireEnvironment } from './RoleService';

export interface CreateIdentityRequest {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  readonly tags?: Record<string, string>;
  /** What to do when an identity of that name exists: fail with `conflict` (default) or return it unchanged. */
  readonly ifExists?: 'fail' | 'return';
}

export interface FederatedCredentialInfo {
  readonly id: string;
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: readonly string[];
}

export interface Listed<T> {
  readonly items: T[];
  /** Requests made (one per page). */
  readonly pages: number;
}

export class IdentityService {
  readonly clients: ArmClients;

  constructor(credential: TokenCredential | ArmClients, environment?: AzureEnvironment) {
    this.clients = credential instanceof ArmClients ? credential : new ArmClients(credential, requireEnvironment(environment));
  }

  /** Every user-assigned identity in the subscription (one request per page, a failed page tried again). */
  async listUserAssignedIdentities(subscriptionId: string, signal?: AbortSignal): Promise<Listed<UserAssignedIdentityInfo>> {
    const sub = assertGuid(subscriptionId, 'The subscription id');
    try {
      const { items, pages } = await collectPages(this.clients.forSubscription(sub).msi.userAssignedIdentities.listBySubscription({ abortSignal: signal }), signal, this.clients.pageResume('msi'));
      return { items: items.map(toIdentityInfo), pages };
    } catch (error) {
      throw mapAzureError(error, `Listing managed identities in subscription ${sub}`);
    }
  }

  /**
   * Resources in the subscription that have a system-assigned or user-assigned identity (web and function
   * apps, VMs, container apps, AKS, anything with an identity block), from ONE generic resources list:
   * ARM returns each resource's identity block in that list, so no per-type or per-resource call is needed.
   */
  async listResourcesWithIdentity(subscriptionId: string, signal?: AbortSignal): Promise<Listed<ResourceWithIdentity>> {
    const sub = assertGuid(subscriptionId, 'The subscription id');
    try {
      const { items, pages } = await collectPages(this.clients.forSubscription(sub).resources.resources.list({ abortSignal: signal }), signal, this.clients.pageResume('resources'));
      const resources: ResourceWithIdentity[] = [];
      for (const resource of items) {
        // User-assigned identities themselves are listed separately.
        if (resource.type?.toLowerCase() === userAssignedIdentityType.toLowerCase()) continue;
        const withIdentity = toResourceWithIdentity(resource);
        if (withIdentity !== undefined) resources.push(withIdentity);
      }
      return { items: resources, pages };
    } catch (error) {
      throw mapAzureError(error, `Listing resources with managed identities in subscription ${sub}`);
    }
  }

  async getIdentity(identityId: string, signal?: AbortSignal): Promise<UserAssignedIdentityInfo> {
    const id = parseIdentityId(identityId);
    try {
      return toIdentityInfo(await this.clients.forSubscription(id.subscriptionId).msi.userAssignedIdentities.get(id.resourceGroup, id.name, { abortSignal: signal }));
    } catch (error) {
      throw mapAzureError(error, `Reading managed identity ${id.name}`);
    }
  }

  /** Creates a user-assigned identity after validating every input. */
  async createIdentity(request: CreateIdentityRequest, signal?: AbortSignal): Promise<UserAssignedIdentityInfo> {
    const sub = assertGuid(request.subscriptionId, 'The subscription id');
    const resourceGroup = validateResourceGroupName(request.resourceGroup);
    const name = validateIdentityName(request.name);
    const location = validateLocation(request.location);
    const tags = validateTags(request.tags);
    const msi = this.clients.forSubscription(sub).msi;
    // PUT would silently overwrite an existing identity's tags: look first.
    try {
      const existing = await msi.userAssignedIdentities.get(resourceGroup, name, { abortSignal: signal });
      if (request.ifExists === 'return') return toIdentityInfo(existing);
      throw new ToolError('conflict', `A managed identity named ${name} already exists in resource group ${resourceGroup}.`);
    } catch (error) {
      if (ToolError.is(error)) throw error;
      if (azureStatusCode(error) !== 404) throw mapAzureError(error, `Checking for managed identity ${name}`);
    }
    try {
      const created = await msi.userAssignedIdentities.createOrUpdate(resourceGroup, name, { location, ...(tags !== undefined ? { tags } : {}) }, { abortSignal: signal });
      return toIdentityInfo(created);
    } catch (error) {
      throw mapAzureError(error, `Creating managed identity ${name}`);
    }
  }

  /** Replaces the identity's tags. */
  async updateIdentityTags(identityId: string, tags: Record<string, string>, signal?: AbortSignal): Promise<UserAssignedIdentityInfo> {
    const id = parseIdentityId(identityId);
    const valid = validateTags(tags) ?? {};
    try {
      return toIdentityInfo(await this.clients.forSubscription(id.subscriptionId).msi.userAssignedIdentities.update(id.resourceGroup, id.name, { tags: valid }, { abortSignal: signal }));
    } catch (error) {
      throw mapAzureError(error, `Updating the tags of managed identity ${id.name}`);
    }
  }

  /**
   * Deletes the identity resource only. Use {@link IdentityDeletion} (deleteIdentityWithCleanup) to remove
   * its role assignments and detach it from resources first, so nothing is left orphaned.
   * @returns false when it did not exist (ARM answers such a DELETE with 204 No Content, some proxies 404).
   */
  async deleteIdentity(identityId: string, signal?: AbortSignal): Promise<boolean> {
    const id = parseIdentityId(identityId);
    try {
      let status = 0;
      await this.clients
        .forSubscription(id.subscriptionId)
        .msi.userAssignedIdentities.delete(id.resourceGroup, id.name, { abortSignal: signal, onResponse: (response) => (status = response.status) });
      return status !== 204;
    } catch (error) {
      if (azureStatusCode(error) === 404) return false;
      throw mapAzureError(error, `Deleting managed identity ${id.name}`);
    }
  }

  async listFederatedCredentials(identityId: string, signal?: AbortSignal): Promise<FederatedCredentialInfo[]> {
    const id = parseIdentityId(identityId);
    try {
      const { items } = await collectPages(this.clients.forSubscription(id.subscriptionId).msi.federatedIdentityCredentials.list(id.resourceGroup, id.name, { abortSignal: signal }), signal, this.clients.pageResume('msi'));
      return items.map(toFederatedCredentialInfo);
    } catch (error) {
      throw mapAzureError(error, `Listing federated credentials of ${id.name}`);
    }
  }

  /** Creates (or replaces, same name) a federated credential; build `spec` with the GitHub or Kubernetes builders. */
  async createFederatedCredential(identityId: string, name: string, spec: FederatedCredentialSpec, signal?: AbortSignal): Promise<FederatedCredentialInfo> {
    const id = parseIdentityId(identityId);
    const credentialName = validateFederatedCredentialName(name);
    const valid = validateFederatedCredentialSpec(spec);
    try {
      const created = await this.clients
        .forSubscription(id.subscriptionId)
        .msi.federatedIdentityCredentials.createOrUpdate(id.resourceGroup, id.name, credentialName, { issuer: valid.issuer, subject: valid.subject, audiences: valid.audiences }, { abortSignal: signal });
      return toFederatedCredentialInfo(created);
    } catch (error) {
      throw mapAzureError(error, `Creating federated credential ${credentialName} on ${id.name}`);
    }
  }

  /** @returns false when it did not exist (204 No Content, or 404). */
  async deleteFederatedCredential(identityId: string, name: string, signal?: AbortSignal): Promise<boolean> {
    const id = parseIdentityId(identityId);
    const credentialName = validateFederatedCredentialName(name);
    try {
      let status = 0;
      await this.clients
        .forSubscription(id.subscriptionId)
        .msi.federatedIdentityCredentials.delete(id.resourceGroup, id.name, credentialName, { abortSignal: signal, onResponse: (response) => (status = response.status) });
      return status !== 204;
    } catch (error) {
      if (azureStatusCode(error) === 404) return false;
      throw mapAzureError(error, `Deleting federated credential ${credentialName} of ${id.name}`);
    }
  }
}

function toFederatedCredentialInfo(fic: FederatedIdentityCredential): FederatedCredentialInfo {
  return { id: fic.id ?? '', name: fic.name ?? '', issuer: fic.issuer ?? '', subject: fic.subject ?? '', audiences: [...(fic.audiences ?? [])] };
}

/** Validates a user-assigned identity id and returns its parts. */
export function parseIdentityId(identityId: string): { subscriptionId: string; resourceGroup: string; name: string; id: string } {
  const parsed = parseResourceIdOfType(identityId, userAssignedIdentityType);
  if (parsed.subscriptionId === undefined || parsed.resourceGroup === undefined || parsed.name === undefined) {
    throw new ToolError('invalidInput', `"${identityId}" is not a user-assigned identity id.`);
  }
  return { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup, name: validateIdentityName(parsed.name), id: parsed.id };
}

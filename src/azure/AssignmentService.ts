/**
 * Managed identities ON a resource: enable/disable its system-assigned identity, attach/detach
 * user-assigned identities. GETs the resource, computes the transition with the pure
 * `computeIdentityTransition`, and PATCHes only the `identity` block with the resource type's api-version.
 */
import type { GenericResource } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/identity';
import { parseArmId, toSdkScope } from '../core/arm/armId';
import {
  type IdentityOperation,
  type IdentityState,
  type IdentityTransition,
  computeIdentityTransition,
  detectSpelling,
  readIdentityState,
} from '../core/arm/identityTransition';
import type { ResourceWithIdentity } from '../core/arm/model';
import { identityResourceProfile } from '../core/arm/resourceTypes';
import { ToolError } from '../core/errors';
import { ArmClients, identitySpellingHeader } from './ArmClients';
import { toResourceWithIdentity } from './armModel';
import type { AzureEnvironment } from './AzureEnvironment';
import { mapAzureError } from './mapAzureError';
import { requireEnvironment } from './RoleService';

export interface ResourceIdentitySnapshot {
  readonly resourceId: string;
  readonly resourceType: string;
  readonly apiVersion: string;
  readonly state: IdentityState;
  /** Principal of the system-assigned identity, when enabled. */
  readonly systemAssignedPrincipalId?: string;
  /** The model view of the resource, undefined when it has no identity. */
  readonly resource?: ResourceWithIdentity;
}

export interface IdentityChangeResult {
  readonly transition: IdentityTransition;
  /** The resource after the change (or as it was, when nothing changed). */
  readonly after: ResourceIdentitySnapshot;
}

export interface ResourceCallOptions {
  /** Overrides the api-version for resource types we have no profile for. */
  readonly apiVersion?: string;
}

export class AssignmentService {
  readonly clients: ArmClients;

  constructor(credential: TokenCredential | ArmClients, environment?: AzureEnvironment) {
    this.clients = credential instanceof ArmClients ? credential : new ArmClients(credential, requireEnvironment(environment));
  }

  /** Reads the resource's identity block. */
  async getResourceIdentity(resourceId: string, signal?: AbortSignal, options: ResourceCallOptions = {}): Promise<ResourceIdentitySnapshot> {
    const target = this.target(resourceId, options);
    const resource = await this.get(target, signal);
    return snapshot(target, resource);
  }

  enableSystemAssigned(resourceId: string, signal?: AbortSignal, options?: ResourceCallOptions): Promise<IdentityChangeResult> {
    return this.apply(resourceId, { kind: 'enableSystemAssigned' }, signal, options);
  }

  disableSystemAssigned(resourceId: string, signal?: AbortSignal, options?: ResourceCallOptions): Promise<IdentityChangeResult> {
    return this.apply(resourceId, { kind: 'disableSystemAssigned' }, signal, options);
  }

  attachUserAssigned(resourceId: string, identityIds: readonly string[], signal?: AbortSignal, options?: ResourceCallOptions): Promise<IdentityChangeResult> {
    return this.apply(resourceId, { kind: 'attachUserAssigned', identityIds }, signal, options);
  }

  detachUserAssigned(resourceId: string, identityIds: readonly string[], signal?: AbortSignal, options?: ResourceCallOptions): Promise<IdentityChangeResult> {
    return this.apply(resourceId, { kind: 'detachUserAssigned', identityIds }, signal, options);
  }

  /**
   * GET, compute, PATCH `{ identity }` only. When the resource already is in the requested state nothing
   * is sent and `transition.changed` is false.
   */
  async apply(resourceId: string, operation: IdentityOperation, signal?: AbortSignal, options: ResourceCallOptions = {}): Promise<IdentityChangeResult> {
    const target = this.target(resourceId, options);
    const before = await this.get(target, signal);
    const profile = identityResourceProfile(target.resourceType);
    const spelling = detectSpelling(before.identity?.type, profile?.spelling ?? 'commaSpace');
    const transition = computeIdentityTransition(readIdentityState(before.identity), operation, {
      spelling,
      ...(profile !== undefined ? { supportsSystemAndUser: profile.supportsSystemAndUser } : {}),
      ...(profile?.maxUserAssigned !== undefined ? { maxUserAssigned: profile.maxUserAssigned } : {}),
    });
    if (!transition.changed || transition.patch === undefined) return { transition, after: snapshot(target, before) };

    // The SDK's enum check only knows "SystemAssigned, UserAssigned"; the pipeline respells it when asked.
    const combined = transition.patch.type === 'SystemAssigned,UserAssigned';
    const identity = { ...transition.patch, type: combined ? 'SystemAssigned, UserAssigned' : transition.patch.type } as GenericResource['identity'];
    try {
      const updated = await this.clients.forSubscription(target.subscriptionId).resources.resources.beginUpdateByIdAndWait(
        target.sdkId,
        target.apiVersion,
        { identity },
        {
          abortSignal: signal,
          updateIntervalInMs: 1000,
          ...(combined ? { requestOptions: { customHeaders: { [identitySpellingHeader]: 'comma' } } } : {}),
        },
      );
      // A provider that answers 202 without a body: read the result back.
      const after = updated?.id !== undefined ? updated : await this.get(target, signal);
      return { transition, after: snapshot(target, after) };
    } catch (error) {
      throw mapAzureError(error, `Updating the managed identities of ${target.name}`);
    }
  }

  private target(resourceId: string, options: ResourceCallOptions): Target {
    const parsed = parseArmId(resourceId);
    if (parsed.kind !== 'resource' || parsed.subscriptionId === undefined || parsed.resourceType === undefined) {
      throw new ToolError('invalidInput', `"${resourceId}" is not the id of a resource that can have a managed identity.`);
    }
    const apiVersion = options.apiVersion ?? identityResourceProfile(parsed.resourceType)?.apiVersion;
    if (apiVersion === undefined) {
      throw new ToolError('invalidInput', `Managing the identities of ${parsed.resourceType} resources is not supported yet.`);
    }
    if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(apiVersion)) throw new ToolError('invalidInput', `"${apiVersion}" is not an api-version.`);
    return { id: parsed.id, sdkId: toSdkScope(parsed.id), subscriptionId: parsed.subscriptionId, resourceType: parsed.resourceType, name: parsed.name ?? parsed.id, apiVersion };
  }

  private async get(target: Target, signal?: AbortSignal): Promise<GenericResource> {
    try {
      return await this.clients.forSubscription(target.subscriptionId).resources.resources.getById(target.sdkId, target.apiVersion, { abortSignal: signal });
    } catch (error) {
      throw mapAzureError(error, `Reading ${target.name}`);
    }
  }
}

interface Target {
  readonly id: string;
  readonly sdkId: string;
  readonly subscriptionId: string;
  readonly resourceType: string;
  readonly name: string;
  readonly apiVersion: string;
}

function snapshot(target: Target, resource: GenericResource): ResourceIdentitySnapshot {
  const state = readIdentityState(resource.identity);
  const model = toResourceWithIdentity({ ...resource, id: resource.id ?? target.id });
  return {
    resourceId: resource.id ?? target.id,
    resourceType: resource.type ?? target.resourceType,
    apiVersion: target.apiVersion,
    state,
    ...(state.systemAssigned && resource.identity?.principalId !== undefined ? { systemAssignedPrincipalId: resource.identity.principalId } : {}),
    ...(model !== undefined ? { resource: model } : {}),
  };
}

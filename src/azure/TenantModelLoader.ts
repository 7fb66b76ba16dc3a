/**
 * Loads what the identity explorer shows for many subscriptions: user-assigned identities, resources with
 * identities, and role assignments with role names.
 *
 * Per subscription that is one request per page of three lists (identities, resources, role assignments),
 * run side by side, plus at most two role definition lists (built-in roles once for the whole load, custom
 * roles once per subscription that references an unknown role). Subscriptions load with bounded
 * concurrency; each one succeeds or fails on its own, so one broken subscription never sinks the others.
 */
import type { SubscriptionModel, TenantModel } from '../core/arm/model';
import type { RoleAssignmentInfo } from '../core/arm/roleAssignments';
import { assertGuid } from '../core/arm/uuidv5';
import { CancellationError, isCancellationError, throwIfAborted } from '../core/cancellation';
import { ToolError } from '../core/errors';
import { linkedAbortController, mapBounded } from './async';
import type { IdentityService } from './IdentityService';
import { mapAzureError } from './mapAzureError';
import type { RoleService } from './RoleService';

export interface LoadProgress {
  readonly subscriptionId: string;
  /** Subscriptions finished so far, including this one. */
  readonly completed: number;
  readonly total: number;
  /** The finished subscription, so a tree can render it before the rest arrive. */
  readonly result: SubscriptionModel;
}

export interface LoadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: LoadProgress) => void;
  /** Resolve role names (default true). */
  readonly resolveRoleNames?: boolean;
}

export interface TenantModelLoaderOptions {
  /** Subscriptions loaded at once; default 4. */
  readonly concurrency?: number;
}

export class TenantModelLoader {
  private readonly concurrency: number;

  constructor(
    private readonly identities: IdentityService,
    private readonly roles: RoleService,
    options: TenantModelLoaderOptions = {},
  ) {
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  }

  /**
   * Loads every subscription. Resolves with partial results (a failing subscription becomes
   * `{ status: 'error', error }`); rejects only with a CancellationError when `signal` fires.
   */
  async load(subscriptionIds: readonly string[], options: LoadOptions = {}): Promise<TenantModel> {
    const unique = [...new Set(subscriptionIds.map((s) => s.toLowerCase()))];
    throwIfAborted(options.signal);
    let completed = 0;
    const subscriptions = await mapBounded(
      unique,
      this.concurrency,
      async (subscriptionId) => {
        const result = await this.loadSubscription(subscriptionId, options);
        completed++;
        options.onProgress?.({ subscriptionId, completed, total: unique.length, result });
        return result;
      },
      options.signal,
    );
    return { subscriptions };
  }

  /** One subscription (also what a per-subscription refresh calls). Never rejects except on cancellation. */
  async loadSubscription(subscriptionId: string, options: Omit<LoadOptions, 'onProgress'> = {}): Promise<SubscriptionModel> {
    let sub: string;
    try {
      sub = assertGuid(subscriptionId, 'The subscription id');
    } catch (error) {
      return { subscriptionId, status: 'error', error: error as ToolError };
    }
    throwIfAborted(options.signal);
    // A failure in one list stops the other two: their results would be thrown away.
    const local = linkedAbortController(options.signal);
    try {
      const [identities, resources, assignments] = await Promise.all([
        this.identities.listUserAssignedIdentities(sub, local.signal),
        this.identities.listResourcesWithIdentity(sub, local.signal),
        this.roles.listAssignmentsByPrincipal(sub, { signal: local.signal }),
      ]).catch((error: unknown) => {
        local.abort();
        throw error;
      });
      let byPrincipal: Map<string, RoleAssignmentInfo[]> = assignments.byPrincipal;
      if (options.resolveRoleNames !== false) byPrincipal = await this.withRoleNames(byPrincipal, options.signal);
      return { subscriptionId: sub, status: 'ok', identities: identities.items, resources: resources.items, roleAssignmentsByPrincipal: byPrincipal };
    } catch (error) {
      if (options.signal?.aborted || (isCancellationError(error) && !local.signal.aborted)) throw new CancellationError();
      const mapped = mapAzureError(error, undefined);
      if (!ToolError.is(mapped)) throw mapped;
      return { subscriptionId: sub, status: 'error', error: mapped };
    } finally {
      local.dispose();
    }
  }

  /**
   * Role names are a nicety: when the role definitions cannot be read the assignments are still shown (by
   * role id). The built-in list is shared by every subscription, so it runs under the load's signal, not
   * one subscription's.
   */
  private async withRoleNames(byPrincipal: Map<string, RoleAssignmentInfo[]>, signal: AbortSignal | undefined): Promise<Map<string, RoleAssignmentInfo[]>> {
    const all = [...byPrincipal.values()].flat();
    let names: Map<string, string>;
    try {
      names = await this.roles.roleNamesFor(all, signal);
    } catch (error) {
      if (signal?.aborted || isCancellationError(error)) throw error;
      return byPrincipal;
    }
    const out = new Map<string, RoleAssignmentInfo[]>();
    for (const [principal, list] of byPrincipal) {
      out.set(
        principal,
        list.map((a) => {
          const guid = /([0-9a-f-]{36})\/?$/i.exec(a.roleDefinitionId)?.[1]?.toLowerCase();
          const name = guid !== undefined ? names.get(guid) : undefined;
          return name !== undefined ? { ...a, roleName: name } : a;
        }),
      );
    }
    return out;
  }
}

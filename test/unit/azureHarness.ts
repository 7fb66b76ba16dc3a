// The Azure layer's services (src/azure) wired to the ARM emulator through the real @azure/arm-* clients,
// shared by the azure*.test.ts suites and scripts/bench/tree.mjs.
import type { AzureEnvironment } from '../../src/azure/AzureEnvironment';
import { type AzureServices, createAzureServices } from '../../src/azure/AzureServices';
import type { RoleServiceOptions } from '../../src/azure/RoleService';
import type { SubscriptionModelOk, TenantModel } from '../../src/core/arm/model';
import { type ArmEmulator, type ArmEmulatorOptions, emulatorCredential, sdkClientOptions, startArmEmulator } from '../emulator/ArmEmulator';
import { demoTenant } from '../emulator/seeds/demoTenant';

export type { AzureServices };

export interface ServiceOptions {
  /** SDK retries after the first attempt (default 3), with short delays so tests stay fast. */
  readonly maxRetries?: number;
  readonly principalNotFoundBackoff?: RoleServiceOptions['principalNotFoundBackoff'];
  /** Subscriptions the loader loads at once (default 4). */
  readonly concurrency?: number;
}


/** The environment that points the Azure layer at `emulator` (its CA trusted, its audience). */
export function environmentFor(emulator: Pick<ArmEmulator, 'endpoint' | 'caPem'>, maxRetries = 3): AzureEnvironment {
  const options = sdkClientOptions(emulator);
  return {
    resourceManagerEndpoint: options.endpoint,
    credentialScopes: options.credentialScopes,
    tlsCa: options.tlsOptions.ca,
    retryOptions: { maxRetries, retryDelayInMs: 10, maxRetryDelayInMs: 100 },
  };
}

/** Fresh services (no warm caches) over one client set, built the way the extension builds them. */
export function servicesFor(emulator: Pick<ArmEmulator, 'endpoint' | 'caPem'>, options: ServiceOptions = {}): AzureServices {
  return createAzureServices(emulatorCredential(), environmentFor(emulator, options.maxRetries ?? 3), {
    roles: { principalNotFoundBackoff: options.principalNotFoundBackoff ?? { initialDelayMs: 5, maxDelayMs: 20, maxRetries: 5 } },
    concurrency: options.concurrency ?? 4,
  });
}

/** An emulator seeded with the demo tenant (Contoso: Production, Dev, Sandbox) unless `seed` says otherwise. */
export function startDemoEmulator(options: ArmEmulatorOptions = {}): Promise<ArmEmulator> {
  return startArmEmulator({ seed: demoTenant(), tokenEndpoint: false, ...options });
}

export function okSubscriptions(model: TenantModel): SubscriptionModelOk[] {
  return model.subscriptions.filter((s): s is SubscriptionModelOk => s.status === 'ok');
}

/**
 * A comparable digest of a model: per subscription its identities, resources with their identities, and
 * role assignments with role names (or the error's reason), sorted.
 */
export function digest(model: TenantModel): unknown {
  return model.subscriptions.map((s) =>
    s.status !== 'ok'
      ? { id: s.subscriptionId, error: s.error.reason }
      : {
          id: s.subscriptionId,
          identities: s.identities.map((i) => `${i.id.toLowerCase()}|${i.principalId}`).sort(),
          resources: s.resources
            .map((r) => `${r.id.toLowerCase()}|${r.systemAssignedPrincipalId ?? ''}|${r.userAssigned.map((u) => u.identityId.toLowerCase()).sort().join(',')}`)
            .sort(),
          assignments: [...s.roleAssignmentsByPrincipal.values()].flat().map((a) => `${a.id.toLowerCase()}|${a.roleName ?? '?'}`).sort(),
        },
  );
}

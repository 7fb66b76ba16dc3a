// The Azure layer's services (src/azure) wired to the ARM emulator through the real @azure/arm-* clients,
// shared by the azure*.test.ts suites and scripts/bench/tree.mjs.
import { ArmClients } from '../../src/azure/ArmClients';
import { AssignmentService } from '../../src/azure/AssignmentService';
import type { AzureEnvironment } from '../../src/azure/AzureEnvironment';
import { IdentityDeletion } from '../../src/azure/IdentityDeletion';
import { IdentityService } from '../../src/azure/IdentityService';
import { RoleService, type RoleServiceOptions } from '../../src/azure/RoleService';
import { TenantModelLoader } from '../../src/azure/TenantModelLoader';
import type { SubscriptionModelOk, TenantModel } from '../../src/core/arm/model';
import { type ArmEmulator, type ArmEmulatorOptions, emulatorCredential, sdkClientOptions, startArmEmulator } from '../emulator/ArmEmulator';
import { demoTenant } from '../emulator/seeds/demoTenant';

export interface ServiceOptions {
  /** SDK retries after the first attempt (default 3), with short delays so tests stay fast. */
  readonly maxRetries?: number;
  readonly principalNotFoundBackoff?: RoleServiceOptions['principalNotFoundBackoff'];
  /** Subscriptions the loader loads at once (default 4). */
  readonly concurrency?: number;
}

export interface AzureServices {
  readonly clients: ArmClients;
  readonly identities: IdentityService;
  readonly roles: RoleService;
  readonly assignments: AssignmentService;
  readonly deletion: IdentityDeletion;
  readonly loader: TenantModelLoader;
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

/** Fresh services (no warm caches) over one client set. */
export function servicesFor(emulator: Pick<ArmEmulator, 'endpoint' | 'caPem'>, options: ServiceOptions = {}): AzureServices {
  const clients = new ArmClients(emulatorCredential(), environmentFor(emulator, options.maxRetries ?? 3));
  const identities = new IdentityService(clients);
  const roles = new RoleService(clients, undefined, { principalNotFoundBackoff: options.principalNotFoundBackoff ?? { initialDelayMs: 5, maxDelayMs: 20, maxRetries: 5 } });
  const assignments = new AssignmentService(clients);
  return {
    clients,
    identities,
    roles,
    assignments,
    deletion: new IdentityDeletion(identities, roles, assignments),
    loader: new TenantModelLoader(identities, roles, { concurrency: options.concurrency ?? 4 }),
  };
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

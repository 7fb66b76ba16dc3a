/**
 * Every Azure-layer service for one credential and environment, over one shared set of SDK clients (so
 * caches such as role definition names are shared too).
 */
import type { TokenCredential } from '@azure/identity';
import { ArmClients } from './ArmClients';
import { AssignmentService } from './AssignmentService';
import type { AzureEnvironment } from './AzureEnvironment';
import { IdentityDeletion } from './IdentityDeletion';
import { IdentityService } from './IdentityService';
import { RoleService, type RoleServiceOptions } from './RoleService';
import { SubscriptionService } from './SubscriptionService';
import { TenantModelLoader } from './TenantModelLoader';

export interface AzureServices {
  readonly environment: AzureEnvironment;
  readonly clients: ArmClients;
  readonly subscriptions: SubscriptionService;
  readonly identities: IdentityService;
  readonly roles: RoleService;
  readonly assignments: AssignmentService;
  readonly deletion: IdentityDeletion;
  readonly loader: TenantModelLoader;
}

export interface AzureServicesOptions {
  readonly roles?: RoleServiceOptions;
  /** Subscriptions loaded at once by the model loader (default 4). */
  readonly concurrency?: number;
}

export function createAzureServices(credential: TokenCredential, environment: AzureEnvironment, options: AzureServicesOptions = {}): AzureServices {
  const clients = new ArmClients(credential, environment);
  const identities = new IdentityService(clients);
  const roles = new RoleService(clients, undefined, options.roles);
  const assignments = new AssignmentService(clients);
  return {
    environment,
    clients,
    subscriptions: new SubscriptionService(clients),
    identities,
    roles,
    assignments,
    deletion: new IdentityDeletion(identities, roles, assignments),
    loader: new TenantModelLoader(identities, roles, { concurrency: options.concurrency ?? 4 }),
  };
}

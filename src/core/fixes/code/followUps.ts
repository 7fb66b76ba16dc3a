/**
 * Follow-ups of a code fix: the built-in roles the identity needs on the target resource (least privilege
 * first) and the steps outside ARM. Both come from the role catalog; this module only names the target
 * each rewritten client talks to.
 */
import { recommendRolesForTarget, resourceTypeForTarget, type RoleTarget } from '../../roles/roleCatalog';
import type { AzureService } from '../../secrets/types';
import type { FollowUp, GrantRoleFollowUp } from '../types';
import { cosmosDataPlaneStep } from '../../roles/roleCatalog';
import { isCosmosTableEndpoint, resourceNameOf } from './connectionInfo';

export type { RoleTarget } from '../../roles/roleCatalog';
export { appRegistrationStep, cosmosDataPlaneStep, mysqlUserStep, postgresUserStep, redisAccessPolicyStep, sqlUserStep } from '../../roles/roleCatalog';

const serviceOfTarget: Record<RoleTarget, AzureService> = {
  blob: 'storage',
  dataLake: 'storage',
  queue: 'storage',
  table: 'storage',
  serviceBus: 'serviceBus',
  serviceBusSender: 'serviceBus',
  serviceBusReceiver: 'serviceBus',
  eventHubs: 'eventHubs',
  eventHubsProducer: 'eventHubs',
  eventHubsConsumer: 'eventHubs',
  relay: 'relay',
  cosmosDb: 'cosmosDb',
  keyVault: 'entraId',
  appConfiguration: 'appConfiguration',
  openAi: 'openAi',
  aiServices: 'aiServices',
  search: 'search',
  eventGrid: 'eventGrid',
  signalR: 'signalR',
  webPubSub: 'webPubSub',
  containerRegistry: 'containerRegistry',
};

export function grantRole(target: RoleTarget, resourceName: string | undefined): GrantRoleFollowUp {
  return {
    kind: 'grantRole',
    service: serviceOfTarget[target],
    resourceType: resourceTypeForTarget(target),
    roles: recommendRolesForTarget(target),
    ...(resourceName ? { resourceName } : {}),
  };
}

/**
 * The roles a rewritten storage client needs: the Storage data role on the account, or, when the endpoint is
 * Cosmos DB for Table, the Cosmos DB data-plane role on that account.
 */
export function storageFollowUps(target: RoleTarget, url: string | undefined, accountName: string | undefined): FollowUp[] {
  if (isCosmosTableEndpoint(url)) {
    const account = resourceNameOf(url);
    return [grantRole('cosmosDb', account), cosmosDataPlaneStep(account)];
  }
  return [grantRole(target, accountName)];
}

/**
 * Follow-ups of a code fix: the built-in roles the identity needs on the target resource (least privilege
 * first) and the steps outside ARM. Both come from the role catalog; this module only names the target
 * each rewritten client talks to.
 */
import { recommendRolesForTarget, resourceTypeForTarget, type RoleTarget } from '../../roles/roleCatalog';
import type { AzureService } from '../../secrets/types';
import type { GrantRoleFollowUp } from '../types';

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

import { ManagedServiceIdentityClient } from '@azure/arm-msi';
export const x = ManagedServiceIdentityClient;

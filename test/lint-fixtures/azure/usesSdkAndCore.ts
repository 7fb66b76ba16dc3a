import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { parse } from '../core/parse';
export const x = [ManagedServiceIdentityClient, parse];

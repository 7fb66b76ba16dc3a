import { activate } from '../extension/extension';
export const x = activate;
